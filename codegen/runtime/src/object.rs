//! JSON objects for generated structs, from one table per type (see `json_struct!`): the one
//! codec of every generated struct, flattened unions included.
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
//! filled in go back as they came (see [`Received`]). A flattened field (a union whose
//! properties sit beside the struct's own) reads the properties the struct does not declare,
//! and the map of unknown properties keeps those that no flattened field took, so nothing is
//! written twice (the derive gave the map every one of them).

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
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

/// A field's name as `Debug` shows it: a raw identifier without its `r#`.
#[doc(hidden)]
pub fn bare(name: &'static str) -> &'static str {
    name.strip_prefix("r#").unwrap_or(name)
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

/// Where a struct puts the properties it does not declare: any JSON or values of the type its
/// `additionalProperties` gives (its map), nowhere ([`Skip`]), or, for a struct with flattened
/// fields, a buffer they read from ([`Flattened`]).
#[doc(hidden)]
pub trait Unknown<'de> {
    /// Reads the value of undeclared property `name`.
    fn insert_next<A: MapAccess<'de>>(&mut self, name: Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// The unknown properties of a struct that keeps none (`additionalProperties: false`): skipped.
#[doc(hidden)]
#[derive(Default)]
pub struct Skip;

impl<'de> Unknown<'de> for Skip {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, _: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

impl<'de> Unknown<'de> for serde_json::Map<String, serde_json::Value> {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, name: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.insert(name.into_string(), map.next_value()?);
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> Unknown<'de> for BTreeMap<String, T> {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, name: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.insert(name.into_string(), map.next_value()?);
        Ok(())
    }
}

/// The undeclared properties of a struct with flattened fields: each flattened field reads
/// them all, as serde's derive lets it, and notes the ones its value holds; the struct's map
/// of unknown properties then keeps only those no flattened field took.
#[doc(hidden)]
#[derive(Default)]
pub struct Flattened {
    properties: serde_json::Map<String, serde_json::Value>,
    taken: Vec<String>,
}

impl<'de> Unknown<'de> for Flattened {
    #[inline]
    fn insert_next<A: MapAccess<'de>>(&mut self, name: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.properties.insert(name.into_string(), map.next_value()?);
        Ok(())
    }
}

impl Flattened {
    /// A flattened field's value, read from the undeclared properties.
    pub fn read<T: DeserializeOwned + Serialize, E: de::Error>(&mut self) -> Result<T, E> {
        let object = serde_json::Value::Object(std::mem::take(&mut self.properties));
        let read = T::deserialize(&object).map_err(E::custom);
        let serde_json::Value::Object(properties) = object else {
            unreachable!("built as an object above")
        };
        self.properties = properties;
        let value = read?;
        // The properties the value writes back are the ones it took.
        if let Ok(serde_json::Value::Object(written)) = serde_json::to_value(&value) {
            self.taken.extend(written.into_iter().map(|(name, _)| name));
        }
        Ok(value)
    }

    /// The properties no flattened field took, as the struct's map of unknown properties.
    pub fn rest<M: DeserializeOwned, E: de::Error>(mut self) -> Result<M, E> {
        for name in &self.taken {
            self.properties.remove(name);
        }
        M::deserialize(serde_json::Value::Object(self.properties)).map_err(E::custom)
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
                self.fail(error);
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

    /// Writes a flattened field: its properties beside the struct's own. A value that is not
    /// an object (or `null`, which writes nothing) is an error, as with serde's derive.
    pub fn flatten<T: Serialize>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(properties)) => {
                for (name, value) in &properties {
                    self.required(name, value);
                }
            }
            Ok(serde_json::Value::Null) => {}
            Ok(_) => self.fail(ser::Error::custom("can only flatten structs and maps")),
            Err(error) => self.fail(ser::Error::custom(error)),
        }
    }

    fn fail(&mut self, error: M::Error) {
        if self.error.is_none() {
            self.error = Some(error);
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
/// name, type and wire name; then, in a second table, the fields that have no wire name of
/// their own: flattened unions and the map that keeps undeclared properties.
///
/// `json_struct!(Chunk, received { lenient id: String = "id", optional usage: Option<Usage> = "usage" } { flatten content: Content, rest extra: Map<String, Value> })`
///
/// Kinds with a wire name: `required` (as declared), `nullable` (required, `null` allowed;
/// absent reads as `None`, as serde reads an `Option`), `optional` (left out when `None`),
/// `present` (three-state: absent, `null`, a value), `lenient` (required, filled in when absent
/// or `null`, and noted in the struct's hidden field, which the second name gives, so it is
/// written back as it came). Kinds without: `flatten` (a union whose properties sit beside
/// the struct's own), then `rest` (the map of properties the struct does not declare).
///
/// The impls have one exit each but for a required field missing (and a flattened field that
/// does not read): per-field `?`s would give each early return the drops of every field read
/// so far, which for wide structs is most of what the compiler checks.
#[doc(hidden)]
#[macro_export]
#[allow(clippy::crate_in_macro_def)]
macro_rules! __runtime_json_struct {
    ($name:ident $(, $received:ident)? { $($rows:tt)* } {
        $(flatten $flat:ident: $flat_ty:ty),+ $(, rest $rest:ident: $rest_ty:ty)? $(,)?
    }) => {
        crate::runtime::json_struct!(@impl $name [$($received)?] [$($received)?] flattened [$($flat: $flat_ty),+] [$($rest: $rest_ty)?] $($rows)*);
    };
    ($name:ident $(, $received:ident)? { $($rows:tt)* } $({ rest $rest:ident: $rest_ty:ty $(,)? })?) => {
        crate::runtime::json_struct!(@impl $name [$($received)?] [$($received)?] plain [] [$($rest: $rest_ty)?] $($rows)*);
    };
    (@impl $name:ident [$($received:ident)?] $received_list:tt $mode:ident [$($flat:ident: $flat_ty:ty),*] [$($rest:ident: $rest_ty:ty)?]
        $($kind:ident $field:ident: $ty:ty = $wire:literal),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                // A struct with no properties at all writes none.
                #[allow(unused_mut)]
                let mut writer = crate::runtime::object::Writer::new(::serde::Serializer::serialize_map(serializer, None)?);
                $(let received = &self.$received;)?
                $(crate::runtime::json_struct!(@write $kind writer, received, self.$field, $field, $wire);)*
                $(writer.flatten(&self.$flat);)*
                $(writer.extra(&self.$rest);)?
                writer.end()
            }
        }
        // `Debug` as derived, less the hidden record of what decoding filled in, which would
        // print at every level of every response.
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #[allow(unused_mut)]
                let mut out = f.debug_struct(stringify!($name));
                $(out.field(crate::runtime::object::bare(stringify!($field)), &self.$field);)*
                $(out.field(crate::runtime::object::bare(stringify!($flat)), &self.$flat);)*
                $(out.field(stringify!($rest), &self.$rest);)?
                out.finish()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Object;
                impl<'de> ::serde::de::Visitor<'de> for __Object {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> Result<$name, __A::Error> {
                        $(let mut $field: crate::runtime::json_struct!(@slot $kind $ty) = None;)*
                        #[allow(unused_mut)]
                        let mut __unknown = crate::runtime::json_struct!(@unknown $mode [$($rest_ty)?]);
                        while let Some(key) = map.next_key::<crate::runtime::object::Key<'de>>()? {
                            (match key.as_str() {
                                $($wire => crate::runtime::object::set(&mut $field, &mut map, $wire),)*
                                _ => crate::runtime::object::Unknown::insert_next(&mut __unknown, key, &mut map),
                            })?;
                        }
                        $(let $flat: $flat_ty = __unknown.read::<$flat_ty, __A::Error>()?;)*
                        $(let $rest: $rest_ty = crate::runtime::json_struct!(@rest $mode __unknown, $rest_ty);)?
                        $(let mut $received = crate::runtime::Received::default();)?
                        Ok($name {
                            $($field: crate::runtime::json_struct!(@finish $kind $field, map, $received_list, $wire),)*
                            $($flat,)*
                            $($rest,)?
                            $($received,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Object)
            }
        }
    };
    (@unknown plain []) => { crate::runtime::object::Skip };
    (@unknown plain [$rest_ty:ty]) => { <$rest_ty as ::std::default::Default>::default() };
    (@unknown flattened [$($rest_ty:ty)?]) => { crate::runtime::object::Flattened::default() };
    (@rest plain $unknown:ident, $rest_ty:ty) => { $unknown };
    (@rest flattened $unknown:ident, $rest_ty:ty) => {
        $unknown.rest::<$rest_ty, __A::Error>()?
    };
    (@slot lenient $ty:ty) => { Option<Option<$ty>> };
    (@slot present $ty:ty) => { $ty };
    (@slot $kind:ident $ty:ty) => { Option<$ty> };
    (@finish required $field:ident, $map:ident, [$($received:ident)?], $wire:literal) => {
        crate::runtime::object::required(&$map, $field, $wire)?
    };
    (@finish nullable $field:ident, $map:ident, [$($received:ident)?], $wire:literal) => { $field.flatten() };
    (@finish optional $field:ident, $map:ident, [$($received:ident)?], $wire:literal) => { $field.flatten() };
    (@finish present $field:ident, $map:ident, [$($received:ident)?], $wire:literal) => { $field };
    (@finish lenient $field:ident, $map:ident, [$received:ident], $wire:literal) => {
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
