//! Helpers for generated code: parameters on the wire and open enums.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Serialize;

use super::Error;

/// The values a parameter sends: one per array item, and the text of a scalar.
fn param_values<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, Error> {
    let json = serde_json::to_value(value).map_err(|e| Error::Config(format!("cannot encode a parameter: {e}")))?;
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(match &json {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.iter().map(scalar).collect(),
        other => vec![scalar(other)],
    })
}

/// A path parameter, percent-encoded so it stays one segment.
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = param_values(value)?.join(",");
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

/// Adds a query or header parameter: arrays as repeated pairs when `explode`, else one
/// comma-separated value.
pub fn push_param<T: Serialize + ?Sized>(
    target: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<(), Error> {
    let values = param_values(value)?;
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
}
