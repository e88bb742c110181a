//! Edits to the top level of an encoded JSON object body: a streaming call sets its `stream`
//! flag and `RequestOptions::extra_body` adds fields, on the bytes serde wrote, so that neither
//! copies the request value nor round-trips it through `serde_json::Value`.

use super::error::Error;

/// Sets (`Some`) or removes (`None`) top-level members of the JSON object in `json`. A member
/// that is there keeps its place; a new one goes at the end. Keys are compared as serde_json
/// writes them, which is how `json` was written.
pub(super) fn edit_members<'a>(
    json: &[u8],
    edits: impl IntoIterator<Item = (&'a str, Option<&'a serde_json::Value>)>,
) -> Result<Vec<u8>, Error> {
    let not_object = || Error::Config("body fields can only be set on a JSON object body".to_owned());
    let members = members(json).ok_or_else(not_object)?;
    let encode = |e: serde_json::Error| Error::Config(format!("cannot encode a body field: {e}"));
    // Each edit as (quoted key, encoded value or removal); a later edit of a key wins.
    let mut wanted: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for (key, value) in edits {
        let key = serde_json::to_vec(key).map_err(encode)?;
        let value = value.map(serde_json::to_vec).transpose().map_err(encode)?;
        wanted.retain(|(k, _)| *k != key);
        wanted.push((key, value));
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    out.push(b'{');
    for m in &members {
        let key = &json[m.key.clone()];
        match wanted.iter().position(|(k, _)| k.as_slice() == key) {
            // Replaced in place, or removed.
            Some(i) => {
                if let (_, Some(value)) = wanted.remove(i) {
                    push_member(&mut out, key, &value);
                }
            }
            None => push_member(&mut out, key, &json[m.value.clone()]),
        }
    }
    for (key, value) in wanted {
        if let Some(value) = value {
            push_member(&mut out, &key, &value);
        }
    }
    out.push(b'}');
    Ok(out)
}

/// Appends `key:value` to an object being written after its `{`, with a comma when needed.
fn push_member(out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    if out.len() > 1 {
        out.push(b',');
    }
    out.extend_from_slice(key);
    out.push(b':');
    out.extend_from_slice(value);
}

/// Where one top-level member's quoted key and its value are.
struct Member {
    key: std::ops::Range<usize>,
    value: std::ops::Range<usize>,
}

/// The top-level members of a JSON object, or `None` when `json` is not one. The input is
/// what serde_json wrote, so this only has to find boundaries, not validate.
fn members(json: &[u8]) -> Option<Vec<Member>> {
    let mut at = skip_ws(json, 0);
    if json.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_ws(json, at + 1);
    let mut out = Vec::new();
    if json.get(at) == Some(&b'}') {
        return Some(out);
    }
    loop {
        let key_end = skip_string(json, at)?;
        let key = at..key_end;
        at = skip_ws(json, key_end);
        if json.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_ws(json, at + 1);
        let value_end = skip_value(json, value_start)?;
        out.push(Member {
            key,
            value: value_start..value_end,
        });
        at = skip_ws(json, value_end);
        match json.get(at) {
            Some(b',') => at = skip_ws(json, at + 1),
            Some(b'}') => return Some(out),
            _ => return None,
        }
    }
}

fn skip_ws(json: &[u8], mut at: usize) -> usize {
    while json.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// The end (one past the closing quote) of the string that starts at `at`.
fn skip_string(json: &[u8], at: usize) -> Option<usize> {
    if json.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        // A SIMD search for the next quote or backslash: strings are most of a chat body.
        i += memchr::memchr2(b'"', b'\\', &json[i..])?;
        match json[i] {
            b'\\' => i += 2,
            _ => return Some(i + 1),
        }
    }
}

/// The end of the value that starts at `at`: a string, an array or object (nested to any
/// depth), or a scalar.
fn skip_value(json: &[u8], at: usize) -> Option<usize> {
    match json.get(at)? {
        b'"' => skip_string(json, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while i < json.len() {
                match json[i] {
                    b'"' => {
                        i = skip_string(json, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let len = json[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .unwrap_or(json.len() - at);
            Some(at + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn edit(body: serde_json::Value, edits: &[(&str, Option<serde_json::Value>)]) -> String {
        let bytes = serde_json::to_vec(&body).unwrap();
        let out = edit_members(&bytes, edits.iter().map(|(k, v)| (*k, v.as_ref()))).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn members_are_set_in_place_added_at_the_end_or_removed() {
        let body = json!({"model": "m", "stream": false, "messages": [{"content": "a \"}\" b\\"}]});
        assert_eq!(
            edit(body.clone(), &[("stream", Some(json!(true)))]),
            r#"{"messages":[{"content":"a \"}\" b\\"}],"model":"m","stream":true}"#
        );
        assert_eq!(
            edit(body.clone(), &[("stream", None)]),
            r#"{"messages":[{"content":"a \"}\" b\\"}],"model":"m"}"#
        );
        assert_eq!(
            edit(
                json!({"a": 1}),
                &[("b", Some(json!({"x": [1, 2]}))), ("a", None), ("c", Some(json!(null)))]
            ),
            r#"{"b":{"x":[1,2]},"c":null}"#
        );
        assert_eq!(edit(json!({}), &[("stream", Some(json!(true)))]), r#"{"stream":true}"#);
        assert_eq!(edit(json!({"q\"k": 1}), &[("q\"k", Some(json!(2)))]), r#"{"q\"k":2}"#);
        // The later of two edits of one key wins.
        assert_eq!(
            edit(json!({}), &[("a", Some(json!(1))), ("a", Some(json!(2)))]),
            r#"{"a":2}"#
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_cannot_take_fields() {
        for body in [json!([1, 2]), json!("text"), json!(3)] {
            let bytes = serde_json::to_vec(&body).unwrap();
            let v = json!(true);
            let err = edit_members(&bytes, [("stream", Some(&v))]).unwrap_err();
            assert!(err.to_string().contains("JSON object"), "{err}");
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[ -~\\\\\"{}\\[\\],:\u{e9}\u{4f60}]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map("[a-z\"]{1,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn edits_agree_with_editing_the_value(
            body in proptest::collection::btree_map("[a-z\"]{1,4}", json_value(), 0..6),
            key in "[a-z\"]{1,4}",
            value in proptest::option::of(json_value()),
        ) {
            let body: serde_json::Map<String, serde_json::Value> = body.into_iter().collect();
            let bytes = serde_json::to_vec(&body).unwrap();
            let out = edit_members(&bytes, [(key.as_str(), value.as_ref())]).unwrap();
            let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let mut want = body.clone();
            match &value {
                Some(v) => { want.insert(key.clone(), v.clone()); }
                None => { want.remove(&key); }
            }
            proptest::prop_assert_eq!(got, serde_json::Value::Object(want));
        }
    }
}
