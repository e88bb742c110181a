//! The impls generated types share, written once here rather than in each type: enums'
//! `Display` and serde, unions' `From` impls, request types' setters. Generated code names
//! what differs per type, one line per value, variant or field, so a spec change shows as a
//! diff of that many lines and users compile less.
//!
//! The same source serves as a crate of its own and as a module copied into a generated crate,
//! so two rules hold. Each macro is exported under a prefixed name (`__runtime_open_enum`) and
//! re-exported by the runtime's root as `open_enum`, which is a path in both cases:
//! generated code calls `crate::runtime::open_enum!`. And the expansions name the runtime as
//! `crate::runtime`, the path every generated crate gives it, since `$crate` would be the
//! runtime crate in one case and the generated crate in the other (hence the allowed
//! `clippy::crate_in_macro_def`).

/// Implements an open enum from its table of wire values: `as_str`, `From<&str>` and
/// `From<String>` (unknown values land in `$other`), `Display`, `Serialize`, `Deserialize`,
/// and `PartialEq`, `Eq`, `Hash`, `PartialOrd`, `Ord` as the derives would (variants in
/// declaration order, `$other` last and by its text), in a line or two each: the derives'
/// expansions, for the thousand-odd enums of a large spec, were a tenth of what the compiler
/// checked. (`Ord` finds a variant's place by its wire value, a scan of the table.)
///
/// `open_enum!(Role, Other { User = "user", Assistant = "assistant" })`
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_open_enum {
    ($name:ident, $other:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    value => Self::$other(value.to_owned()),
                }
            }
        }
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
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                (::std::mem::discriminant(self), self.as_str()) == (::std::mem::discriminant(other), other.as_str())
            }
        }
        impl Eq for $name {}
        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&(::std::mem::discriminant(self), self.as_str()), state)
            }
        }
        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                crate::runtime::open_enum_cmp(
                    &[$($wire),*],
                    (self.as_str(), matches!(self, Self::$other(_))),
                    (other.as_str(), matches!(other, Self::$other(_))),
                )
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                crate::runtime::deserialize_open_enum(deserializer, |value: &str| Self::from(value), Self::from)
            }
        }
    };
}

/// Two open enum values in the derived order, each given as its wire value and whether it is
/// the catch-all: known variants in declaration order (their place in `known`), then unknown
/// values by their text.
#[doc(hidden)]
pub fn open_enum_cmp(known: &[&str], a: (&str, bool), b: (&str, bool)) -> std::cmp::Ordering {
    let rank = |(wire, unknown): (&str, bool)| match known.iter().position(|w| *w == wire) {
        Some(index) if !unknown => index,
        _ => known.len(),
    };
    rank(a).cmp(&rank(b)).then_with(|| {
        if a.1 && b.1 {
            a.0.cmp(b.0)
        } else {
            std::cmp::Ordering::Equal
        }
    })
}

/// Implements a closed enum (one only users write) from its table of wire values: `as_str`,
/// `Display`, `Serialize`, and a `Deserialize` that refuses values it does not know.
///
/// `closed_enum!(Mode { Fast = "fast", Careful = "careful" })`
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_closed_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.as_ref() {
                    $($wire => Ok(Self::$variant),)*
                    other => Err(<__D::Error as ::serde::de::Error>::unknown_variant(other, &[$($wire),*])),
                }
            }
        }
    };
}

/// `From` each payload for a union: `union_from!(Content { Text(String), Parts(Vec<Part>) })`,
/// and `union_from!(Content, str Text)` for `From<&str>` into its string variant.
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_union_from {
    ($name:ident { $($variant:ident($ty:ty)),* $(,)? }) => {
        $(
            impl From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )*
    };
    ($name:ident, str $variant:ident) => {
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::$variant(value.to_owned())
            }
        }
    };
}

/// The `with_*` setters of a type users build, one line each: `set` takes the value, `into`
/// anything that converts into it, `boxed` boxes it (a recursive field); a `_present` kind
/// sets a three-state field to a value, and `null` sends it as `null`; a `required_` kind sets
/// a required field (of a value the server sends, built in a test) as it is.
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_setters {
    ($name:ident { $($kind:ident $setter:ident($field:ident: $ty:ty)),* $(,)? }) => {
        impl $name {
            $( crate::runtime::setters!(@one $kind $setter $field $ty); )*
        }
    };
    (@one set $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (@one into $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    (@one boxed $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(Box::new(value.into()));
            self
        }
    };
    (@one set_present $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to a value.")]
        #[must_use]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = Some(Some(value));
            self
        }
    };
    (@one into_present $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to a value.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(Some(value.into()));
            self
        }
    };
    (@one boxed_present $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to a value.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(Some(Box::new(value.into())));
            self
        }
    };
    (@one required_set $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        }
    };
    (@one required_into $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = value.into();
            self
        }
    };
    (@one required_boxed $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        #[must_use]
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Box::new(value.into());
            self
        }
    };
    (@one null $setter:ident $field:ident $ty:ty) => {
        #[doc = concat!(
            "Sends `", stringify!($field), "` as `null`, which the server may read differently from leaving it out."
        )]
        #[must_use]
        pub fn $setter(mut self) -> Self {
            self.$field = Some(None);
            self
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
