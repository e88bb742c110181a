//! Absent stays absent: the decoding policy reads a required field the server left out (or
//! sent as `null`) as its type's empty value, and this remembers that it did, so encoding the
//! value again writes the field as it came (left out, or `null`) rather than inventing it.
//!
//! A generated type with such fields decodes through a private twin whose lenient fields are
//! [`Lenient`], and converts with [`Received::take`] and [`Received::give`].

/// A field as the wire had it: left out, `null`, or a value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Lenient<T> {
    /// Not in the JSON at all.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent with a value.
    Value(T),
}

impl<T> Lenient<T> {
    /// Whether the field was left out (its serde `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Lenient::Absent)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only a present field reaches here; `#[serde(default)]` makes an absent one `Absent`.
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

/// Which fields of a value the decoding policy filled in, and how they came (left out or
/// `null`). Empty, and allocation-free, for a value the server sent whole.
///
/// It takes no part in equality: two values with the same fields are equal however they
/// were read.
#[derive(Debug, Clone, Default)]
pub struct Received {
    filled: Vec<(&'static str, bool)>,
}

impl PartialEq for Received {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Received {
    /// The value of field `name` as decoded, its empty value when the wire had none; notes
    /// which.
    #[inline]
    pub fn take<T: Default>(&mut self, name: &'static str, field: Lenient<T>) -> T {
        match field {
            Lenient::Value(value) => value,
            Lenient::Absent => {
                self.filled.push((name, false));
                T::default()
            }
            Lenient::Null => {
                self.filled.push((name, true));
                T::default()
            }
        }
    }

    /// The value of field `name` from its slot as a generated `Deserialize` read it (`None`
    /// when absent, `Some(None)` when `null`), its empty value when the wire had none; notes
    /// which.
    #[inline]
    pub fn take_slot<T: Default>(&mut self, name: &'static str, slot: Option<Option<T>>) -> T {
        self.take(
            name,
            match slot {
                None => Lenient::Absent,
                Some(None) => Lenient::Null,
                Some(Some(value)) => Lenient::Value(value),
            },
        )
    }

    /// How field `name` goes back on the wire when the policy filled it in and it still holds
    /// the empty value: `Some(true)` as `null`, `Some(false)` left out; `None` as its value.
    #[inline]
    pub fn came_as<T: Default + PartialEq>(&self, name: &'static str, value: &T) -> Option<bool> {
        if self.filled.is_empty() {
            return None;
        }
        let (_, null) = self.filled.iter().find(|(n, _)| *n == name)?;
        (*value == T::default()).then_some(*null)
    }

    /// Field `name` as it goes back on the wire: as it came when the policy filled it in and
    /// nobody changed it since, else its value.
    pub fn give<T: Default + PartialEq>(&self, name: &'static str, value: T) -> Lenient<T> {
        match self.filled.iter().find(|(n, _)| *n == name) {
            Some((_, null)) if value == T::default() => {
                if *null {
                    Lenient::Null
                } else {
                    Lenient::Absent
                }
            }
            _ => Lenient::Value(value),
        }
    }
}

/// The twin of a type whose fields the decoding policy may fill in, and the conversions that
/// note and restore them, from one line per field:
///
/// `received_twin!(Chunk, ChunkWire, received { lenient id: String = "id", optional usage: Option<Usage> = "usage", flatten extra: Map<String, Value> = "" })`
///
/// Kinds: `lenient` (required, filled in when absent or `null`), `required` (as declared,
/// `null` included), `optional` (left out when `None`), `present` (three-state: absent,
/// `null`, a value), `flatten` (properties beside the struct's own).
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_received_twin {
    ($name:ident, $twin:ident, $received:ident { $($kind:ident $field:ident: $ty:ty = $wire:literal),* $(,)? }) => {
        crate::runtime::received_twin!(@fields $twin [] $($kind $field: $ty = $wire,)*);
        impl ::std::convert::From<$twin> for $name {
            fn from(twin: $twin) -> Self {
                #[allow(unused_mut)]
                let mut $received = crate::runtime::Received::default();
                Self {
                    $($field: crate::runtime::received_twin!(@take $kind $received, twin.$field, stringify!($field)),)*
                    $received,
                }
            }
        }
        impl ::std::convert::From<$name> for $twin {
            fn from(value: $name) -> Self {
                Self {
                    $($field: crate::runtime::received_twin!(@give $kind value.$received, value.$field, stringify!($field)),)*
                }
            }
        }
    };
    // The twin struct, each field with the serde attributes its kind asks for.
    (@fields $twin:ident [$($done:tt)*]) => {
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        struct $twin { $($done)* }
    };
    (@fields $twin:ident [$($done:tt)*] lenient $field:ident: $ty:ty = $wire:literal, $($rest:tt)*) => {
        crate::runtime::received_twin!(@fields $twin [$($done)*
            #[serde(rename = $wire, default, skip_serializing_if = "crate::runtime::Lenient::is_absent")]
            $field: crate::runtime::Lenient<$ty>,
        ] $($rest)*);
    };
    (@fields $twin:ident [$($done:tt)*] required $field:ident: $ty:ty = $wire:literal, $($rest:tt)*) => {
        crate::runtime::received_twin!(@fields $twin [$($done)* #[serde(rename = $wire)] $field: $ty,] $($rest)*);
    };
    (@fields $twin:ident [$($done:tt)*] optional $field:ident: $ty:ty = $wire:literal, $($rest:tt)*) => {
        crate::runtime::received_twin!(@fields $twin [$($done)*
            #[serde(rename = $wire, default, skip_serializing_if = "Option::is_none")]
            $field: $ty,
        ] $($rest)*);
    };
    (@fields $twin:ident [$($done:tt)*] present $field:ident: $ty:ty = $wire:literal, $($rest:tt)*) => {
        crate::runtime::received_twin!(@fields $twin [$($done)*
            #[serde(rename = $wire, default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::deserialize_present")]
            $field: $ty,
        ] $($rest)*);
    };
    (@fields $twin:ident [$($done:tt)*] flatten $field:ident: $ty:ty = $wire:literal, $($rest:tt)*) => {
        crate::runtime::received_twin!(@fields $twin [$($done)* #[serde(flatten)] $field: $ty,] $($rest)*);
    };
    (@take lenient $received:ident, $value:expr, $key:expr) => { $received.take($key, $value) };
    (@take $kind:ident $received:ident, $value:expr, $key:expr) => { $value };
    (@give lenient $received:expr, $value:expr, $key:expr) => { $received.give($key, $value) };
    (@give $kind:ident $received:expr, $value:expr, $key:expr) => { $value };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Twin {
        #[serde(default, skip_serializing_if = "Lenient::is_absent")]
        id: Lenient<String>,
        #[serde(default, skip_serializing_if = "Lenient::is_absent")]
        n: Lenient<i64>,
    }

    fn round_trip(text: &str, change: impl FnOnce(&mut String)) -> String {
        let twin: Twin = serde_json::from_str(text).unwrap();
        let mut received = Received::default();
        let (mut id, n) = (received.take("id", twin.id), received.take("n", twin.n));
        change(&mut id);
        let back = Twin {
            id: received.give("id", id),
            n: received.give("n", n),
        };
        serde_json::to_string(&back).unwrap()
    }

    #[test]
    fn fields_come_back_as_they_came() {
        for text in [
            r#"{}"#,
            r#"{"id":null}"#,
            r#"{"id":"","n":0}"#,
            r#"{"n":null}"#,
            r#"{"id":"x","n":3}"#,
        ] {
            assert_eq!(round_trip(text, |_| {}), text);
        }
        // A field the caller set after decoding is written, whatever the wire had.
        assert_eq!(round_trip("{}", |id| id.push('x')), r#"{"id":"x"}"#);
        assert_eq!(Received::default(), {
            let mut r = Received::default();
            r.take::<i64>("n", Lenient::Absent);
            r
        });
    }
}
