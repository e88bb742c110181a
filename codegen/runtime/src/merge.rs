//! Adding streamed fragments of JSON up: a delta's fields that an accumulator does not handle
//! by name, declared by the spec or not (OpenRouter's `reasoning`, `reasoning_details`, a
//! `refusal`), must survive the accumulation like the ones it does. [`fields_except`] reads a
//! typed value's fields as JSON without knowing its type, so a field the spec adds is
//! accumulated by the same rule with no code written for it.
//!
//! The rule, one for every such field of a delta:
//! - strings concatenate (text arrives in pieces), except the keys that name rather than
//!   carry text (`id`, `index`, `type`), which take the last value sent;
//! - lists whose items are objects with an `index` merge item by item, by that index (as
//!   tool calls do), and any other list grows by the items that arrive;
//! - objects merge key by key, by the same rule;
//! - anything else, and any value whose kind changed, takes the last value that is not `null`.

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};
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

/// Calls `each` with every property a value writes as a JSON object, as JSON, except those
/// named in `skip`, which are not even encoded (a delta's text stays where the caller reads it
/// typed). Returns an error for a value that does not write an object, or whose property
/// does not encode.
pub fn fields_except<T: Serialize + ?Sized>(
    value: &T,
    skip: &[&str],
    each: &mut dyn FnMut(&str, Value),
) -> Result<(), serde_json::Error> {
    value.serialize(Fields { skip, each })
}

/// A serializer that takes a value's properties one by one.
struct Fields<'a, 'f> {
    skip: &'a [&'a str],
    each: &'a mut (dyn FnMut(&str, Value) + 'f),
}

/// The same, with the name of the property whose value comes next.
struct Entries<'a, 'f> {
    fields: Fields<'a, 'f>,
    key: Option<String>,
}

impl Entries<'_, '_> {
    fn entry<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) -> Result<(), serde_json::Error> {
        if !self.fields.skip.contains(&key) {
            let value = serde_json::to_value(value)?;
            (self.fields.each)(key, value);
        }
        Ok(())
    }
}

fn not_an_object() -> serde_json::Error {
    ser::Error::custom("not an object")
}

impl<'a, 'f> Serializer for Fields<'a, 'f> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Entries<'a, 'f>;
    type SerializeStruct = Entries<'a, 'f>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Ok(Entries {
            fields: self,
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Self::Error> {
        Ok(Entries {
            fields: self,
            key: None,
        })
    }

    fn serialize_bool(self, _: bool) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_i16(self, _: i16) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_i32(self, _: i32) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_i64(self, _: i64) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_u8(self, _: u8) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_u16(self, _: u16) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_u32(self, _: u32) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_u64(self, _: u64) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_char(self, _: char) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_str(self, _: &str) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_none(self) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(self, _: &'static str, value: &V) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<(), Self::Error> {
        Err(not_an_object())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(not_an_object())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(not_an_object())
    }
}

impl SerializeMap for Entries<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), Self::Error> {
        match serde_json::to_value(key)? {
            Value::String(key) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(ser::Error::custom("a property name is not a string")),
        }
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), Self::Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ser::Error::custom("a value without a name"))?;
        self.entry(&key, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl SerializeStruct for Entries<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<V: Serialize + ?Sized>(&mut self, key: &'static str, value: &V) -> Result<(), Self::Error> {
        self.entry(key, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Adds every field of a typed delta but those in `skip` to what the earlier ones built, by
/// the rule above (declared and undeclared alike).
pub fn merge_fields<T: Serialize + ?Sized>(acc: &mut Map<String, Value>, delta: &T, skip: &[&str]) {
    // A delta is a generated struct, which always writes an object whose properties encode.
    let _ = fields_except(delta, skip, &mut |key, value| merge_member(acc, key, &value));
}

/// Keeps every field of a typed chunk's top level but those in `skip`: each takes the last
/// value that is not `null` (see [`keep_latest`]).
pub fn keep_latest_fields<T: Serialize + ?Sized>(acc: &mut Map<String, Value>, chunk: &T, skip: &[&str]) {
    let _ = fields_except(chunk, skip, &mut |key, value| {
        if !value.is_null() || !acc.contains_key(key) {
            acc.insert(key.to_owned(), value);
        }
    });
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

    #[test]
    fn a_typed_value_gives_its_fields_but_the_skipped_ones_as_json() {
        #[derive(serde::Serialize)]
        struct Delta {
            content: Option<String>,
            refusal: Option<String>,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        let mut acc = Map::new();
        for (content, refusal, extra) in [
            ("a", Some("I can"), json!({"reasoning": "r"})),
            ("b", None, json!({"reasoning": "s"})),
        ] {
            let delta = Delta {
                content: Some(content.to_owned()),
                refusal: refusal.map(str::to_owned),
                extra: extra.as_object().cloned().unwrap_or_default(),
            };
            merge_fields(&mut acc, &delta, &["content"]);
        }
        // `refusal: None` writes `null`, which keeps what came before.
        assert_eq!(Value::Object(acc), json!({"refusal": "I can", "reasoning": "rs"}));
        let err = fields_except(&3, &[], &mut |_, _| {}).unwrap_err();
        assert!(err.to_string().contains("not an object"), "{err}");
        let mut top = Map::new();
        keep_latest_fields(&mut top, &json!({"id": "c", "fp": "x", "tier": null}), &["id"]);
        keep_latest_fields(&mut top, &json!({"id": "c", "fp": null}), &["id"]);
        assert_eq!(Value::Object(top), json!({"fp": "x", "tier": null}));
    }
}
