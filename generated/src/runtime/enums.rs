//! The impls every generated string enum shares, written once here rather than in each enum.
//! Generated code writes what differs per enum (`as_str`, and `From<&str>` for open enums) with
//! one line per value, so that a new value shows as a two-line diff.

/// Implements `From<String>`, `Display`, `Serialize` and `Deserialize` for an open enum (one
/// with an `Other(String)` variant) from its `as_str` and `From<&str>`.
#[allow(unused_macros)]
macro_rules! open_enum {
    ($name:ident) => {
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Other(_) => Self::Other(value),
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

// Generated code names them by path, `crate::runtime::open_enum!`; an API may use only one.
#[allow(unused_imports)]
pub(crate) use {closed_enum, open_enum};
