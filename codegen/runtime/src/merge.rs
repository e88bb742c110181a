//! Adding streamed fragments of JSON up, for the fields a spec does not declare: what a
//! server sends beside the declared ones (OpenRouter's `reasoning`, `reasoning_details`, a
//! `refusal`) must survive the accumulation like the declared ones do.
//!
//! The rule, one for every undeclared field of a delta:
//! - strings concatenate (text arrives in pieces), except the keys that name rather than
//!   carry text (`id`, `index`, `type`), which take the last value sent;
//! - lists whose items are objects with an `index` merge item by item, by that index (as
//!   tool calls do), and any other list grows by the items that arrive;
//! - objects merge key by key, by the same rule;
//! - anything else, and any value whose kind changed, takes the last value that is not `null`.

use serde_json::{Map, Value};

/// Keys whose string values name something, so a repeat replaces rather than appends.
const NAMING_KEYS: &[&str] = &["id", "index", "type"];

/// Adds the undeclared fields of one delta (`delta`) to what the earlier ones built (`acc`).
pub fn merge_extra(acc: &mut Map<String, Value>, delta: &Map<String, Value>) {
    for (key, value) in delta {
        merge_member(acc, key, value);
    }
}

/// Keeps the fields of a chunk's top level (`system_fingerprint`, `service_tier`, a provider
/// object): each takes the last value that is not `null`, since every chunk repeats it.
pub fn keep_latest(acc: &mut Map<String, Value>, chunk: &Map<String, Value>) {
    for (key, value) in chunk {
        if !value.is_null() || !acc.contains_key(key) {
            acc.insert(key.clone(), value.clone());
        }
    }
}

fn merge_member(acc: &mut Map<String, Value>, key: &str, value: &Value) {
    match acc.get_mut(key) {
        None => {
            acc.insert(key.to_owned(), value.clone());
        }
        Some(slot) if NAMING_KEYS.contains(&key) => {
            if !value.is_null() {
                *slot = value.clone();
            }
        }
        Some(slot) => merge_value(slot, value),
    }
}

/// Merges one fragment into the value built so far, by the rule above.
pub fn merge_value(acc: &mut Value, delta: &Value) {
    match (acc, delta) {
        (_, Value::Null) => {}
        (Value::String(a), Value::String(d)) => a.push_str(d),
        (Value::Object(a), Value::Object(d)) => merge_extra(a, d),
        (Value::Array(a), Value::Array(d)) if indexed(d) => {
            for item in d {
                let index = item.get("index");
                match a.iter_mut().find(|x| x.get("index") == index) {
                    Some(existing) => merge_value(existing, item),
                    None => a.push(item.clone()),
                }
            }
        }
        (Value::Array(a), Value::Array(d)) => a.extend(d.iter().cloned()),
        (slot, d) => *slot = d.clone(),
    }
}

/// Whether every item of a list is an object carrying an `index`.
fn indexed(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.get("index").is_some_and(|x| !x.is_null()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(deltas: &[Value]) -> Value {
        let mut acc = Map::new();
        for d in deltas {
            merge_extra(&mut acc, d.as_object().expect("an object"));
        }
        Value::Object(acc)
    }

    #[test]
    fn fragments_add_up_by_the_rule() {
        let got = merged(&[
            json!({"reasoning": "Let me ", "refusal": null, "reasoning_details": [{"type": "reasoning.text", "text": "Let", "index": 0}]}),
            json!({"reasoning": "think", "reasoning_details": [{"type": "reasoning.text", "text": " me", "index": 0}, {"type": "reasoning.summary", "summary": "s", "index": 1}]}),
            json!({"refusal": "I can't", "logprobs": {"content": [{"token": "a"}]}, "score": 1}),
            json!({"refusal": " help.", "logprobs": {"content": [{"token": "b"}]}, "score": 2, "id": "x1"}),
            json!({"id": "x1", "score": null}),
        ]);
        assert_eq!(
            got,
            json!({
                "reasoning": "Let me think",
                "refusal": "I can't help.",
                "reasoning_details": [
                    {"type": "reasoning.text", "text": "Let me", "index": 0},
                    {"type": "reasoning.summary", "summary": "s", "index": 1}
                ],
                "logprobs": {"content": [{"token": "a"}, {"token": "b"}]},
                "score": 2,
                "id": "x1"
            })
        );
    }

    #[test]
    fn top_level_fields_keep_the_latest_value() {
        let mut acc = Map::new();
        for chunk in [
            json!({"system_fingerprint": "fp_1", "provider": "A"}),
            json!({"system_fingerprint": "fp_1", "service_tier": "default", "provider": null}),
        ] {
            keep_latest(&mut acc, chunk.as_object().expect("an object"));
        }
        assert_eq!(
            Value::Object(acc),
            json!({"system_fingerprint": "fp_1", "service_tier": "default", "provider": "A"})
        );
    }
}
