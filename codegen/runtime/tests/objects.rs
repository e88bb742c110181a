//! `json_struct!` reads and writes what serde's derive did: each type is declared twice, once
//! through the table and once as the generator wrote it before (serde's derive, with a twin
//! for fields the decoding policy fills in), and every input must give the same value or the
//! same error, and write back the same JSON.

use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

// Generated code names the runtime `crate::runtime`, as a generated crate does.
mod runtime {
    pub use anyfast_runtime::*;
}

/// A received type: every kind of field, remembered fill-ins and kept unknown properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    pub id: String,
    pub created: i64,
    pub model: Option<String>,
    pub usage: Option<Vec<u32>>,
    pub seed: Option<Option<String>>,
    pub kind: Box<Option<u8>>,
    pub extra: Map<String, Value>,
    pub received: runtime::Received,
}

runtime::json_struct!(Chunk, received {
    lenient id: String = "id",
    lenient created: i64 = "created",
    nullable model: Option<String> = "model",
    optional usage: Option<Vec<u32>> = "usage",
    present seed: Option<Option<String>> = "seed",
    required kind: Box<Option<u8>> = "type",
} extra: Map<String, Value>);

/// The same type as serde's derive and the twin read it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "ChunkWire", into = "ChunkWire")]
pub struct DerivedChunk {
    pub id: String,
    pub created: i64,
    pub model: Option<String>,
    pub usage: Option<Vec<u32>>,
    pub seed: Option<Option<String>>,
    pub kind: Box<Option<u8>>,
    pub extra: Map<String, Value>,
    pub received: runtime::Received,
}

runtime::received_twin!(DerivedChunk, ChunkWire, received {
    lenient id: String = "id",
    lenient created: i64 = "created",
    required model: Option<String> = "model",
    optional usage: Option<Vec<u32>> = "usage",
    present seed: Option<Option<String>> = "seed",
    required kind: Box<Option<u8>> = "type",
    flatten extra: Map<String, Value> = "",
});

/// A request type with required fields and typed further properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub model: String,
    pub n: Option<u64>,
    pub extra: BTreeMap<String, u32>,
}

runtime::json_struct!(Request {
    required model: String = "model",
    optional n: Option<u64> = "n",
} extra: BTreeMap<String, u32>);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DerivedRequest {
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, u32>,
}

/// A type that keeps no unknown properties (`additionalProperties: false`), and none at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    pub r#type: String,
}

runtime::json_struct!(Closed { required r#type: String = "type" });

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DerivedClosed {
    pub r#type: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Empty {}

runtime::json_struct!(Empty {});

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct DerivedEmpty {}

/// Decodes `text` as both types: the same outcome, the same JSON written back; the message
/// of an error is the same once the type's name is the same. Except for typed further
/// properties (`exact` false): the derive buffers them and reads them after the object ends,
/// so of two faults it reports another first, and at the object's end; the table reads each
/// where it stands.
fn same<T, D>(text: &str, name: &str, derived_name: &str, exact: bool)
where
    T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug,
    D: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let ours = serde_json::from_str::<T>(text);
    let theirs = serde_json::from_str::<D>(text);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            let (ours, theirs) = (
                serde_json::to_value(&ours).unwrap(),
                serde_json::to_value(&theirs).unwrap(),
            );
            assert_eq!(ours, theirs, "{text}");
        }
        (Err(_), Err(_)) if !exact => {}
        (Err(ours), Err(theirs)) => {
            let theirs = theirs.to_string().replace(derived_name, name);
            assert_eq!(ours.to_string(), theirs, "{text}");
        }
        (ours, theirs) => panic!("{text}: ours {ours:?}, derived {theirs:?}"),
    }
}

const CHUNKS: &[&str] = &[
    r#"{}"#,
    r#"{"id":"a","created":1,"model":"m","usage":[1,2],"seed":"s","type":3}"#,
    r#"{"id":null,"created":null,"model":null,"usage":null,"seed":null,"type":null}"#,
    r#"{"id":"","created":0}"#,
    r#"{"\u0069d":"escaped key","created":2}"#,
    r#"{"unknown":{"nested":[1,null]},"other":"x","id":"a"}"#,
    r#"{"id":"a","id":"b"}"#,
    r#"{"seed":null,"seed":"again"}"#,
    r#"{"usage":[1,2,"three"]}"#,
    r#"{"created":"soon"}"#,
    r#"{"type":300}"#,
    r#"[]"#,
    r#""a string""#,
    r#"null"#,
    r#"{"id":"a""#,
];

#[test]
fn a_received_type_reads_and_writes_as_the_derive_did() {
    for text in CHUNKS {
        same::<Chunk, DerivedChunk>(text, "Chunk", "ChunkWire", true);
    }
}

#[test]
fn required_fields_typed_extras_and_closed_types_read_as_the_derive_did() {
    for text in [
        r#"{"model":"m"}"#,
        r#"{"model":"m","n":2,"a":1,"b":2}"#,
        r#"{"n":2}"#,
        r#"{"model":"m","a":"not a number"}"#,
        r#"{"model":5}"#,
    ] {
        same::<Request, DerivedRequest>(text, "Request", "DerivedRequest", false);
    }
    for text in [
        r#"{"type":"t"}"#,
        r#"{"type":"t","ignored":1}"#,
        r#"{}"#,
        r#"{"type":"t","type":"u"}"#,
    ] {
        same::<Closed, DerivedClosed>(text, "Closed", "DerivedClosed", true);
    }
    for text in [r#"{}"#, r#"{"ignored":[1]}"#] {
        same::<Empty, DerivedEmpty>(text, "Empty", "DerivedEmpty", true);
    }
}

#[test]
fn a_filled_in_field_is_written_as_it_came_until_it_changes() {
    let mut chunk: Chunk = serde_json::from_str(r#"{"id":null,"type":1}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&chunk).unwrap(),
        r#"{"id":null,"model":null,"type":1}"#
    );
    chunk.id = "set".into();
    chunk.created = 7;
    assert_eq!(
        serde_json::to_string(&chunk).unwrap(),
        r#"{"id":"set","created":7,"model":null,"type":1}"#
    );
    // Through `serde_json::Value` (as tagged unions read their variants), the same.
    let value = serde_json::json!({"created": 3, "type": 1, "x": true});
    let chunk: Chunk = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&chunk).unwrap(),
        serde_json::json!({"created": 3, "model": null, "type": 1, "x": true})
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0u32..400).prop_map(Value::from),
        "[a-z]{0,3}".prop_map(Value::from),
        proptest::collection::vec(0u32..5, 0..3).prop_map(Value::from),
    ]
}

proptest! {
    #[test]
    fn any_object_reads_and_writes_as_the_derive_did(
        entries in proptest::collection::vec(
            (prop_oneof![Just("id"), Just("created"), Just("model"), Just("usage"), Just("seed"), Just("type"), Just("other"), Just("n")], json_value()),
            0..8,
        ),
    ) {
        let body = entries
            .iter()
            .map(|(key, value)| format!("{}:{value}", Value::from(*key)))
            .collect::<Vec<_>>()
            .join(",");
        same::<Chunk, DerivedChunk>(&format!("{{{body}}}"), "Chunk", "ChunkWire", true);
        same::<Request, DerivedRequest>(&format!("{{{body}}}"), "Request", "DerivedRequest", false);
    }
}
