//! `json_struct!`, the one codec of generated structs, reads and writes what serde's derive
//! did: each type is declared twice, once through the table and once with serde's derive (with
//! a hand-written twin for the fields the decoding policy fills in, as the generator once
//! emitted), and every input must give the same value or the same error, and write back the
//! same JSON. Flattened unions are held to the derive too, and to what it got wrong.

use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

// Generated code names the runtime `crate::runtime`, as a generated crate does.
mod runtime {
    pub use anyfast_runtime::*;
}

/// A received type: every kind of field, remembered fill-ins and kept unknown properties.
#[derive(Clone, PartialEq)]
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
} { rest extra: Map<String, Value> });

/// The same type as serde's derive reads it, through a twin that notes the fields filled in.
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
    /// Each filled-in field and whether it came as `null`.
    pub filled: Vec<(&'static str, bool)>,
}

/// A field as the wire had it: left out, `null`, or a value.
#[derive(Debug, Clone, PartialEq, Default)]
enum Lenient<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<T> Lenient<T> {
    fn is_absent(&self) -> bool {
        matches!(self, Lenient::Absent)
    }

    fn take(self, name: &'static str, filled: &mut Vec<(&'static str, bool)>) -> T
    where
        T: Default,
    {
        match self {
            Lenient::Value(value) => value,
            Lenient::Absent => {
                filled.push((name, false));
                T::default()
            }
            Lenient::Null => {
                filled.push((name, true));
                T::default()
            }
        }
    }

    fn give(value: T, name: &str, filled: &[(&'static str, bool)]) -> Self
    where
        T: Default + PartialEq,
    {
        match filled.iter().find(|(n, _)| *n == name) {
            Some((_, true)) if value == T::default() => Lenient::Null,
            Some((_, false)) if value == T::default() => Lenient::Absent,
            _ => Lenient::Value(value),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Lenient::Value(value),
            None => Lenient::Null,
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for Lenient<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Value(value) => value.serialize(serializer),
            Lenient::Absent | Lenient::Null => serializer.serialize_none(),
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ChunkWire {
    #[serde(default, skip_serializing_if = "Lenient::is_absent")]
    id: Lenient<String>,
    #[serde(default, skip_serializing_if = "Lenient::is_absent")]
    created: Lenient<i64>,
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    usage: Option<Vec<u32>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "runtime::deserialize_present"
    )]
    seed: Option<Option<String>>,
    #[serde(rename = "type")]
    kind: Box<Option<u8>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl From<ChunkWire> for DerivedChunk {
    fn from(wire: ChunkWire) -> Self {
        let mut filled = Vec::new();
        DerivedChunk {
            id: wire.id.take("id", &mut filled),
            created: wire.created.take("created", &mut filled),
            model: wire.model,
            usage: wire.usage,
            seed: wire.seed,
            kind: wire.kind,
            extra: wire.extra,
            filled,
        }
    }
}

impl From<DerivedChunk> for ChunkWire {
    fn from(value: DerivedChunk) -> Self {
        ChunkWire {
            id: Lenient::give(value.id, "id", &value.filled),
            created: Lenient::give(value.created, "created", &value.filled),
            model: value.model,
            usage: value.usage,
            seed: value.seed,
            kind: value.kind,
            extra: value.extra,
        }
    }
}

/// A request type with required fields and typed further properties.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub model: String,
    pub n: Option<u64>,
    pub extra: BTreeMap<String, u32>,
}

runtime::json_struct!(Request {
    required model: String = "model",
    optional n: Option<u64> = "n",
} { rest extra: BTreeMap<String, u32> });

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DerivedRequest {
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, u32>,
}

/// A type that keeps no unknown properties (`additionalProperties: false`), and none at all.
#[derive(Clone, PartialEq)]
pub struct Closed {
    pub r#type: String,
}

runtime::json_struct!(Closed { required r#type: String = "type" });

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DerivedClosed {
    pub r#type: String,
}

#[derive(Clone, PartialEq, Default)]
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

/// The branches of a union that structs flatten: properties beside the struct's own.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Circle {
    pub radius: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Square {
    pub side: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Shape {
    Circle(Circle),
    Square(Square),
}

/// A struct with a flattened union and no map of its own.
#[derive(Clone, PartialEq)]
pub struct Placed {
    pub at: String,
    pub shape: Shape,
}

runtime::json_struct!(Placed {
    required at: String = "at",
} { flatten shape: Shape });

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DerivedPlaced {
    pub at: String,
    #[serde(flatten)]
    pub shape: Shape,
}

/// A flattened union beside a filled-in field and the map of unknown properties.
#[derive(Clone, PartialEq)]
pub struct Labelled {
    pub label: String,
    pub shape: Shape,
    pub extra: Map<String, Value>,
    pub received: runtime::Received,
}

runtime::json_struct!(Labelled, received {
    lenient label: String = "label",
} {
    flatten shape: Shape,
    rest extra: Map<String, Value>,
});

#[test]
fn a_flattened_union_reads_and_writes_as_the_derive_did() {
    for text in [
        r#"{"at":"x","radius":1.5}"#,
        r#"{"at":"x","side":2.0}"#,
        r#"{"radius":1.5,"at":"x","ignored":[1]}"#,
        r#"{"at":"x"}"#,
        r#"{"radius":1.5}"#,
        r#"{"at":"x","radius":"wide"}"#,
        r#"{"at":"x","at":"y","radius":1.5}"#,
    ] {
        same::<Placed, DerivedPlaced>(text, "Placed", "DerivedPlaced", false);
    }
    let placed: Placed = serde_json::from_str(r#"{"side":2.0,"at":"x"}"#).unwrap();
    assert_eq!(placed.shape, Shape::Square(Square { side: 2.0 }));
}

#[test]
fn a_flattened_union_leaves_the_map_only_what_it_did_not_take() {
    let text = r#"{"radius":1.5,"other":true}"#;
    let labelled: Labelled = serde_json::from_str(text).unwrap();
    assert_eq!(labelled.shape, Shape::Circle(Circle { radius: 1.5 }));
    assert_eq!(labelled.label, "", "filled in");
    let extra: Map<String, Value> = serde_json::from_str(r#"{"other":true}"#).unwrap();
    assert_eq!(labelled.extra, extra, "the union's property is the union's alone");
    // Written back as it came: the label left out, `radius` once.
    assert_eq!(
        serde_json::to_string(&labelled).unwrap(),
        r#"{"radius":1.5,"other":true}"#
    );
    // A flattened value that is not an object cannot be written, as with the derive.
    pub struct Bad {
        pub n: u8,
    }
    runtime::json_struct!(Bad {} { flatten n: u8 });
    let err = serde_json::to_string(&Bad { n: 1 }).unwrap_err();
    assert!(err.to_string().contains("can only flatten structs and maps"), "{err}");
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
