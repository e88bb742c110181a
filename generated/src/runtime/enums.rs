//! The impls every generated string enum shares, written once here rather than in each enum.
//! Generated code writes what differs per enum (`as_str`, and `From<&str>` for open enums) with
//! one line per value, so that a new value shows as a two-line diff.

/// Implements `From<String>`, `Display`, `Serialize` and `Deserialize` for an open enum from
/// its `as_str` and `From<&str>`; `$other` is its catch-all variant (usually `Other(String)`).
#[allow(unused_macros)]
macro_rules! open_enum {
    ($name:ident, $other:ident) => {
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$other(_) => Self::$other(value),
                    known => known,
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_open_enum(deserializer, |value: &str| Self::from(value), Self::from)
            }
        }
    };
}

/// Implements `Display` for a closed enum from its `as_str` (serde comes from its derives).
#[allow(unused_macros)]
macro_rules! closed_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Writes a variant of an open tagged union: the payload's fields with the tag beside them.
pub fn serialize_tagged<S, T>(serializer: S, tag: &str, value: &str, payload: &T) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::Error as _;
    let mut object = match serde_json::to_value(payload).map_err(S::Error::custom)? {
        serde_json::Value::Object(object) => object,
        other => {
            return Err(S::Error::custom(format!(
                "a tagged union variant must be an object, not {other}"
            )))
        }
    };
    object.insert(tag.to_owned(), serde_json::Value::String(value.to_owned()));
    serde::Serialize::serialize(&object, serializer)
}

/// Reads a variant of an open tagged union from its JSON, without the tag (the union holds it).
pub fn deserialize_tagged<T, E>(mut value: serde_json::Value, tag: &str) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    if let serde_json::Value::Object(object) = &mut value {
        object.remove(tag);
    }
    serde_json::from_value(value).map_err(E::custom)
}

// Generated code names them by path, `crate::runtime::open_enum!`; an API may use only one.
#[allow(unused_imports)]
pub(crate) use {closed_enum, open_enum};

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Cat {
        lives: u8,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn tagged_variants_write_and_read_their_tag() {
        let cat = Cat {
            lives: 9,
            extra: Default::default(),
        };
        let text = serialize_tagged(serde_json::value::Serializer, "kind", "cat", &cat).unwrap();
        assert_eq!(text, serde_json::json!({"kind": "cat", "lives": 9}));
        let back: Cat = deserialize_tagged::<_, serde_json::Error>(text, "kind").unwrap();
        assert_eq!(back, cat, "the tag does not land in extra");
        let err = serialize_tagged(serde_json::value::Serializer, "kind", "n", &3).unwrap_err();
        assert!(err.to_string().contains("must be an object"), "{err}");
    }
}
