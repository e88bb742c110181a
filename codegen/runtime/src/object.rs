//! JSON objects for generated structs, from one table per type (see `json_struct!`).
//!
//! serde's derive writes some 200 lines per struct (a field enum with its own visitor, a
//! sequence visitor no JSON needs, and for a struct keeping unknown properties a buffering
//! path through serde's private `Content`), and a type the decoding policy fills in needed a
//! second, derived twin besides. For a spec of 1,400 types that was most of what `cargo
//! check` of the crate did. Here each struct gets a short `Serialize` and `Deserialize`
//! whose work is done by the generic functions below, which the compiler checks once rather
//! than once per type.
//!
//! What they read and write is what the derive did: fields under their wire names, unknown
//! properties kept in the struct's map (or skipped when it keeps none), `missing field` and
//! `duplicate field` errors, `Option` fields absent as `None`; and fields the decoding policy
//! filled in go back as they came (see [`Received`]).

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize};

use super::received::Received;

/// A property name as a struct reads it: borrowed from the input where the deserializer
/// allows (serde_json does for names without escapes), so known names cost no allocation;
/// an unknown name a struct keeps is then copied once.
#[doc(hidden)]
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    /// The name.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(std::borrow::Cow::Borrowed(name)))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key(std::borrow::Cow::Owned(name.to_owned())))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key(std::borrow::Cow::Owned(name)))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(std::borrow::Cow::Owned(String::from_utf8_lossy(name).into_owned())))
    }
}

/// Reads the value of field `wire` into its slot; a second occurrence is an error, as with
/// serde's derive. A three-state field's slot is its own `Option<Option<T>>`, so reading
/// `Option<T>` into it makes a present `null` `Some(None)`.
#[doc(hidden)]
#[inline]
pub fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a property the struct does not keep.
#[doc(hidden)]
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A required field's value, or, when the object lacks it, what serde's derive gives: `None`
/// for an `Option`, else a `missing field` error.
#[doc(hidden)]
#[inline]
pub fn required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    _map: &A,
    slot: Option<T>,
    wire: &'static str,
) -> Result<T, A::Error> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(wire, PhantomData)),
    }
}

/// The deserializer of an absent field: `None` to an `Option`, `missing field` to the rest.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// Where a struct keeps the properties it does not declare: any JSON, or values of the type
/// its `additionalProperties` gives.
#[doc(hidden)]
pub trait ExtraMap<'de> {
    /// Reads the value of undeclared property `name` into the map.
    fn insert_next<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error>;
}

impl<'de> ExtraMap<'de> for serde_json::Map<String, serde_json::Value> {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(name, map.next_value()?);
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> ExtraMap<'de> for BTreeMap<String, T> {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(name, map.next_value()?);
        Ok(())
    }
}

/// Writes a struct's properties, one call per field and none of them fallible: the first
/// error is kept and returned by [`Writer::end`], so a struct's `Serialize` has one exit.
#[doc(hidden)]
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Writes into `map`.
    #[inline]
    pub fn new(map: M) -> Self {
        Writer { map, error: None }
    }

    /// Writes field `wire`, `null` included.
    #[inline]
    pub fn required<T: Serialize + ?Sized>(&mut self, wire: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(wire, value) {
                self.error = Some(error);
            }
        }
    }

    /// Writes field `wire` when it holds a value (an absent optional field stays out).
    #[inline]
    pub fn some<T: Serialize>(&mut self, wire: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(wire, value);
        }
    }

    /// Writes a field the decoding policy may have filled in as it came: left out or `null`
    /// when the policy filled it and it still holds the empty value, else the value.
    #[inline]
    pub fn lenient<T: Serialize + Default + PartialEq>(
        &mut self,
        received: &Received,
        name: &'static str,
        wire: &'static str,
        value: &T,
    ) {
        match received.came_as(name, value) {
            Some(true) => self.required(wire, &None::<()>),
            Some(false) => {}
            None => self.required(wire, value),
        }
    }

    /// Writes the properties a struct kept beside its own.
    #[inline]
    pub fn extra<'a, V: Serialize + 'a>(&mut self, extra: impl IntoIterator<Item = (&'a String, V)>) {
        for (name, value) in extra {
            self.required(name, &value);
        }
    }

    /// Ends the object, or returns the first error.
    #[inline]
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// `Serialize` and `Deserialize` for a generated struct, from one line per field: its kind,
/// name, type and wire name, then the map that keeps undeclared properties, if any.
///
/// `json_struct!(Chunk, received { lenient id: String = "id", optional usage: Option<Usage> = "usage" } extra: Map<String, Value>)`
///
/// Kinds: `required` (as declared), `nullable` (required, `null` allowed; absent reads as
/// `None`, as serde reads an `Option`), `optional` (left out when `None`), `present`
/// (three-state: absent, `null`, a value), `lenient` (required, filled in when absent or
/// `null`, and noted in the struct's `received` field, which the second name gives, so it is
/// written back as it came).
///
/// The impls have one exit each but for a required field missing: per-field `?`s would give
/// each early return the drops of every field read so far, which for wide structs is most of
/// what the compiler checks.
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_json_struct {
    ($name:ident, $received:ident { $($rows:tt)* } $($extra:ident: $extra_ty:ty)?) => {
        crate::runtime::json_struct!(@impl $name [$received] [$($extra: $extra_ty)?] $($rows)*);
    };
    ($name:ident { $($rows:tt)* } $($extra:ident: $extra_ty:ty)?) => {
        crate::runtime::json_struct!(@impl $name [] [$($extra: $extra_ty)?] $($rows)*);
    };
    (@impl $name:ident [$($received:ident)?] [$($extra:ident: $extra_ty:ty)?]
        $($kind:ident $field:ident: $ty:ty = $wire:literal),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                // A struct with no properties at all writes none.
                #[allow(unused_mut)]
                let mut writer = crate::runtime::object::Writer::new(::serde::Serializer::serialize_map(serializer, None)?);
                $(let received = &self.$received;)?
                $(crate::runtime::json_struct!(@write $kind writer, received, self.$field, $field, $wire);)*
                $(writer.extra(&self.$extra);)?
                writer.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct __Object;
                impl<'de> ::serde::de::Visitor<'de> for __Object {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $(let mut $field: crate::runtime::json_struct!(@slot $kind $ty) = None;)*
                        $(let mut $extra: $extra_ty = Default::default();)?
                        while let Some(key) = map.next_key::<crate::runtime::object::Key<'de>>()? {
                            (match key.as_str() {
                                $($wire => crate::runtime::object::set(&mut $field, &mut map, $wire),)*
                                _ => crate::runtime::json_struct!(@other key, map, $($extra)?),
                            })?;
                        }
                        // Declared only for a struct with a `received` field (the repetition
                        // needs the metavariable; `stringify!` uses it without effect).
                        $(let mut received = crate::runtime::Received::default(); let _ = stringify!($received);)?
                        Ok($name {
                            $($field: crate::runtime::json_struct!(@finish $kind $field, map, received, $wire),)*
                            $($extra,)?
                            $($received: received,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Object)
            }
        }
    };
    (@slot lenient $ty:ty) => { Option<Option<$ty>> };
    (@slot present $ty:ty) => { $ty };
    (@slot $kind:ident $ty:ty) => { Option<$ty> };
    (@other $key:ident, $map:ident,) => { crate::runtime::object::skip(&mut $map) };
    (@other $key:ident, $map:ident, $extra:ident) => {
        crate::runtime::object::ExtraMap::insert_next(&mut $extra, $key.into_string(), &mut $map)
    };
    (@finish required $field:ident, $map:ident, $received:ident, $wire:literal) => {
        crate::runtime::object::required(&$map, $field, $wire)?
    };
    (@finish nullable $field:ident, $map:ident, $received:ident, $wire:literal) => { $field.flatten() };
    (@finish optional $field:ident, $map:ident, $received:ident, $wire:literal) => { $field.flatten() };
    (@finish present $field:ident, $map:ident, $received:ident, $wire:literal) => { $field };
    (@finish lenient $field:ident, $map:ident, $received:ident, $wire:literal) => {
        $received.take_slot(stringify!($field), $field)
    };
    (@write required $writer:ident, $received:ident, $value:expr, $field:ident, $wire:literal) => {
        $writer.required($wire, &$value)
    };
    (@write nullable $writer:ident, $received:ident, $value:expr, $field:ident, $wire:literal) => {
        $writer.required($wire, &$value)
    };
    (@write lenient $writer:ident, $received:ident, $value:expr, $field:ident, $wire:literal) => {
        $writer.lenient($received, stringify!($field), $wire, &$value)
    };
    (@write $kind:ident $writer:ident, $received:ident, $value:expr, $field:ident, $wire:literal) => {
        $writer.some($wire, &$value)
    };
}
