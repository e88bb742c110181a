//! Helpers for generated code: parameters on the wire and open enums.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Serialize;

use super::Error;

/// The values a parameter sends: one per array item, and the text of a scalar.
fn param_values<T: Serialize + ?Sized>(value: &T, explode: bool) -> Result<Vec<String>, Error> {
    let json = serde_json::to_value(value).map_err(|e| Error::Config(format!("cannot encode a parameter: {e}")))?;
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(match &json {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.iter().map(scalar).collect(),
        serde_json::Value::Object(map) if explode => {
            vec![map
                .iter()
                .map(|(k, v)| format!("{k}={}", scalar(v)))
                .collect::<Vec<_>>()
                .join(",")]
        }
        serde_json::Value::Object(map) => {
            vec![map
                .iter()
                .flat_map(|(k, v)| [k.clone(), scalar(v)])
                .collect::<Vec<_>>()
                .join(",")]
        }
        other => vec![scalar(other)],
    })
}

/// A path parameter, percent-encoded so it stays one segment.
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = param_values(value, false)?.join(",");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// How a query parameter is written: OpenAPI's `style` (with `explode` for `form`), or JSON
/// text for a parameter the spec gives by `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: an array as repeated pairs (`explode`) or one comma list; an object as a pair
    /// per property (`explode`) or `name=k,v,k2,v2`.
    Form {
        /// Whether arrays and objects spread over several pairs.
        explode: bool,
    },
    /// An array joined with spaces.
    SpaceDelimited,
    /// An array joined with `|`.
    PipeDelimited,
    /// An object as `name[key]=value` pairs, nested objects deeper (`name[a][b]`).
    DeepObject,
    /// The value's JSON text.
    Json,
}

/// Adds a query parameter in OpenAPI's default style (`form`, exploded); a `null` (an unset
/// option) adds nothing.
pub fn push_query<T: Serialize + ?Sized>(
    target: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    value: &T,
) -> Result<(), Error> {
    push_query_styled(target, name, value, QueryStyle::Form { explode: true })
}

/// Adds a query parameter written as `style` says; a `null` (an unset option) adds nothing.
pub fn push_query_styled<T: Serialize + ?Sized>(
    target: &mut Vec<(Cow<'static, str>, String)>,
    name: &'static str,
    value: &T,
    style: QueryStyle,
) -> Result<(), Error> {
    let json = serde_json::to_value(value).map_err(|e| Error::Config(format!("cannot encode a parameter: {e}")))?;
    push_styled(target, Cow::Borrowed(name), &json, style);
    Ok(())
}

/// The pairs of an `application/x-www-form-urlencoded` body: each top-level property written
/// as a query parameter of the style the spec's `encoding` gives it (`styles`), else `form`
/// exploded, OpenAPI's default (an array as repeated pairs, an object as a pair per property).
/// A `null` property is sent empty, which is how form APIs are told to clear a value.
pub fn form_pairs<B: Serialize + ?Sized>(
    body: &B,
    styles: &[(&str, QueryStyle)],
) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
    let json = serde_json::to_value(body).map_err(|e| Error::Config(format!("cannot encode the form body: {e}")))?;
    // An object, or a list of name and value pairs (`&[("grant_type", "…")]`) as
    // serde_urlencoded takes them.
    let properties: Vec<(String, serde_json::Value)> = match json {
        serde_json::Value::Object(map) => map.into_iter().collect(),
        other => serde_json::from_value(other.clone())
            .map_err(|_| Error::Config(format!("a form body must be an object, not `{other}`")))?,
    };
    let mut pairs = Vec::new();
    for (name, value) in properties {
        let style = styles
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(QueryStyle::Form { explode: true }, |(_, s)| *s);
        if value.is_null() {
            pairs.push((Cow::Owned(name), String::new()));
        } else {
            push_styled(&mut pairs, Cow::Owned(name), &value, style);
        }
    }
    Ok(pairs)
}

/// Writes one value as `style` says, under `name`; a `null` writes nothing.
fn push_styled(
    target: &mut Vec<(Cow<'static, str>, String)>,
    name: Cow<'static, str>,
    json: &serde_json::Value,
    style: QueryStyle,
) {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let joined = |items: &[serde_json::Value], by: &str| items.iter().map(text).collect::<Vec<_>>().join(by);
    let flat = |map: &serde_json::Map<String, serde_json::Value>| {
        map.iter()
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<Vec<_>>()
            .join(",")
    };
    match (json, style) {
        (serde_json::Value::Null, _) => {}
        (_, QueryStyle::Json) if json.is_object() || json.is_array() => target.push((name, json.to_string())),
        // OpenAPI leaves an array under `deepObject` undefined; it is written with indices
        // (`expand[0]=a`, `items[0][price]=p`), as form APIs that take nested values and
        // Prism read it.
        (serde_json::Value::Array(items), QueryStyle::DeepObject) => deep_array(target, &name, items),
        (serde_json::Value::Array(items), QueryStyle::Form { explode: true }) => {
            target.extend(items.iter().map(|v| (name.clone(), text(v))));
        }
        (serde_json::Value::Array(items), QueryStyle::SpaceDelimited) => target.push((name, joined(items, " "))),
        (serde_json::Value::Array(items), QueryStyle::PipeDelimited) => target.push((name, joined(items, "|"))),
        (serde_json::Value::Array(items), _) => target.push((name, joined(items, ","))),
        (serde_json::Value::Object(map), QueryStyle::Form { explode: true }) => {
            target.extend(map.iter().map(|(k, v)| (Cow::Owned(k.clone()), text(v))));
        }
        (serde_json::Value::Object(map), QueryStyle::DeepObject) => deep_object(target, name.into_owned(), map),
        (serde_json::Value::Object(map), _) => target.push((name, flat(map))),
        (scalar, _) => target.push((name, text(scalar))),
    }
}

/// The pairs of a `deepObject` parameter: `prefix[key]=value`, deeper for nested objects.
fn deep_object(
    target: &mut Vec<(Cow<'static, str>, String)>,
    prefix: String,
    map: &serde_json::Map<String, serde_json::Value>,
) {
    for (key, value) in map {
        let name = format!("{prefix}[{key}]");
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(inner) => deep_object(target, name, inner),
            serde_json::Value::Array(items) => deep_array(target, &name, items),
            serde_json::Value::String(s) => target.push((Cow::Owned(name), s.clone())),
            other => target.push((Cow::Owned(name), other.to_string())),
        }
    }
}

/// The items of an array in a `deepObject`, by index: `prefix[0]=value`, deeper for objects
/// and arrays (`prefix[0][key]=value`).
fn deep_array(target: &mut Vec<(Cow<'static, str>, String)>, prefix: &str, items: &[serde_json::Value]) {
    for (i, item) in items.iter().enumerate() {
        let name = format!("{prefix}[{i}]");
        match item {
            serde_json::Value::Null => {}
            serde_json::Value::Object(inner) => deep_object(target, name, inner),
            serde_json::Value::Array(inner) => deep_array(target, &name, inner),
            serde_json::Value::String(s) => target.push((Cow::Owned(name), s.clone())),
            other => target.push((Cow::Owned(name), other.to_string())),
        }
    }
}

/// Adds a header or cookie parameter (OpenAPI's `simple` style): arrays as repeated pairs when
/// `explode`, else one comma-separated value; an object as `k=v,k2=v2` when `explode`, else
/// `k,v,k2,v2`.
pub fn push_param<T: Serialize + ?Sized>(
    target: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<(), Error> {
    let values = param_values(value, explode)?;
    if explode {
        target.extend(values.into_iter().map(|v| (name, v)));
    } else if !values.is_empty() {
        target.push((name, values.join(",")));
    }
    Ok(())
}

/// Deserializes a field that is present, `null` included, as `Some`: with `#[serde(default)]`,
/// an absent field stays `None`, so `Option<Option<T>>` tells absent, `null` and a value apart.
pub fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Deserializes a field whose `null` means the same as its absence: the type's empty value. The
/// decoding policy gives it to required fields of received types that have one, since servers
/// send `"created": null` as readily as they leave it out.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserializes an open enum from a string without copying known values.
pub fn deserialize_open_enum<'de, D, T>(
    deserializer: D,
    from_str: fn(&str) -> T,
    from_string: fn(String) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct OpenEnum<T> {
        from_str: fn(&str) -> T,
        from_string: fn(String) -> T,
    }
    impl<T> Visitor<'_> for OpenEnum<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.from_str)(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok((self.from_string)(v))
        }
    }
    deserializer.deserialize_str(OpenEnum { from_str, from_string })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_null_and_a_value_stay_apart() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Request {
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "deserialize_present"
            )]
            seed: Option<Option<u32>>,
        }
        for (text, value) in [
            ("{}", None),
            (r#"{"seed":null}"#, Some(None)),
            (r#"{"seed":7}"#, Some(Some(7))),
        ] {
            let decoded: Request = serde_json::from_str(text).unwrap();
            assert_eq!(decoded, Request { seed: value }, "{text}");
            assert_eq!(serde_json::to_string(&decoded).unwrap(), text);
        }
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("a b/c").unwrap(), "a%20b%2Fc");
        assert_eq!(path_segment(&42).unwrap(), "42");
        assert_eq!(path_segment("日").unwrap(), "%E6%97%A5");
    }

    #[test]
    fn params_explode_or_join() {
        let mut q = Vec::new();
        push_param(&mut q, "tag", &["a", "b"], true).unwrap();
        push_param(&mut q, "ids", &[1, 2], false).unwrap();
        push_param(&mut q, "flag", &true, true).unwrap();
        push_param(&mut q, "none", &Option::<u8>::None, true).unwrap();
        assert_eq!(
            q,
            [
                ("tag", "a".to_owned()),
                ("tag", "b".to_owned()),
                ("ids", "1,2".to_owned()),
                ("flag", "true".to_owned())
            ]
        );
    }

    #[test]
    fn query_parameters_take_their_style() {
        let object = serde_json::json!({"uri": "u", "n": 2});
        let list = serde_json::json!(["a", "b"]);
        let nested = serde_json::json!({"created": {"gte": 1}, "expand": ["x", "y"]});
        type Pairs = &'static [(&'static str, &'static str)];
        let cases: [(&serde_json::Value, QueryStyle, Pairs); 9] = [
            (&object, QueryStyle::Form { explode: true }, &[("n", "2"), ("uri", "u")]),
            (&object, QueryStyle::Form { explode: false }, &[("p", "n,2,uri,u")]),
            (&object, QueryStyle::Json, &[("p", r#"{"n":2,"uri":"u"}"#)]),
            (&object, QueryStyle::DeepObject, &[("p[n]", "2"), ("p[uri]", "u")]),
            (
                &nested,
                QueryStyle::DeepObject,
                &[("p[created][gte]", "1"), ("p[expand][0]", "x"), ("p[expand][1]", "y")],
            ),
            (&list, QueryStyle::Form { explode: true }, &[("p", "a"), ("p", "b")]),
            (&list, QueryStyle::Form { explode: false }, &[("p", "a,b")]),
            (&list, QueryStyle::SpaceDelimited, &[("p", "a b")]),
            (&list, QueryStyle::PipeDelimited, &[("p", "a|b")]),
        ];
        for (value, style, want) in cases {
            let mut q = Vec::new();
            push_query_styled(&mut q, "p", value, style).unwrap();
            let got: Vec<(&str, &str)> = q.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
            assert_eq!(got, want, "{style:?} {value}");
        }
        let mut q = Vec::new();
        push_query_styled(&mut q, "p", &Option::<u8>::None, QueryStyle::Json).unwrap();
        push_query(&mut q, "p", &Option::<u8>::None).unwrap();
        assert!(q.is_empty());
        push_query(&mut q, "p", &list).unwrap();
        assert_eq!(q.len(), 2, "the default style is form, exploded");
    }

    #[test]
    fn form_bodies_write_each_property_in_its_style() {
        let body = serde_json::json!({
            "name": "n",
            "tags": ["a", "b"],
            "cleared": null,
            "metadata": {"k": "v", "deep": {"x": 1}},
            "items": [{"price": "p1", "quantity": 2}, {"price": "p2"}],
            "expand": ["customer"],
            "colour": {"r": 1, "g": 2},
        });
        let styles = [
            ("metadata", QueryStyle::DeepObject),
            ("items", QueryStyle::DeepObject),
            ("expand", QueryStyle::DeepObject),
        ];
        let pairs = form_pairs(&body, &styles).unwrap();
        let mut got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
        // Properties come in the map's order, sorted or as inserted by serde_json's features.
        got.sort();
        let want = [
            ("cleared", ""),
            ("expand[0]", "customer"),
            ("g", "2"),
            ("items[0][price]", "p1"),
            ("items[0][quantity]", "2"),
            ("items[1][price]", "p2"),
            ("metadata[deep][x]", "1"),
            ("metadata[k]", "v"),
            ("name", "n"),
            ("r", "1"),
            ("tags", "a"),
            ("tags", "b"),
        ];
        assert_eq!(got, want);
        let listed = form_pairs(&[("b", "1"), ("a", "2")], &[]).unwrap();
        assert_eq!(
            listed,
            [("b".into(), "1".to_owned()), ("a".into(), "2".to_owned())],
            "in order"
        );
        let err = form_pairs(&serde_json::json!([1]), &[]).unwrap_err();
        assert!(err.to_string().contains("must be an object"), "{err}");
    }
}
