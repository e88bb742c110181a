//! Sample values for the generated operation tests: what a test sends for each required
//! parameter and for the body, and a success response for a mock that cannot make one. They
//! are derived from the IR (the types, their unions' tags, and the [`ValueFacts`] lowering
//! read beside them), never from the schemas: one reading of JSON Schema. The spec's own
//! example is taken when it fits the type (many do not: a string for an integer, a required
//! property missing); otherwise the smallest value the type allows is built: an enum's first
//! value, a bound, the minimum length, the required fields only, one branch of a union.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::Lowerer;
use crate::ir::*;

mod fits;
mod scalars;
#[cfg(test)]
mod tests;

use scalars::{number_sample, string_sample};

/// How deep a sample nests before giving up: a type whose required fields recurse without end
/// has no finite value.
const MAX_DEPTH: usize = 24;

/// The facts of a place the spec says nothing more of.
static NO_FACTS: LazyLock<ValueFacts> = LazyLock::new(ValueFacts::default);

/// Builds and checks samples against the types lowered so far.
pub(super) struct Sampler<'a> {
    types: &'a [TypeDef],
    index: &'a BTreeMap<TypeId, usize>,
    /// Each component's type name, by key, and each type name's id: where a place of any JSON
    /// value is a `$ref`, the named type it refers to.
    components: &'a indexmap::IndexMap<String, String>,
    type_ids: &'a BTreeMap<String, TypeId>,
    /// Whether the value is sent (a request leaves out what only the server sends) rather
    /// than received.
    request: bool,
}

impl Lowerer<'_> {
    /// The sampler of request values.
    pub(super) fn requests(&self) -> Sampler<'_> {
        Sampler {
            types: &self.types,
            index: &self.type_index,
            components: &self.components,
            type_ids: &self.type_ids,
            request: true,
        }
    }

    /// The sampler of response values.
    pub(super) fn responses(&self) -> Sampler<'_> {
        Sampler {
            request: false,
            ..self.requests()
        }
    }

    /// The example values of a media type or parameter: `example`, then each of `examples`
    /// (Example objects, read through `#/components/examples` references).
    pub(super) fn examples_of(
        &self,
        example: Option<&Value>,
        examples: &indexmap::IndexMap<String, Value>,
    ) -> Vec<Value> {
        let named = examples.values().filter_map(|e| {
            let e = match e.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let key = reference.strip_prefix("#/components/examples/")?;
                    self.doc.components.examples.get(&crate::error::unescape_pointer(key))?
                }
                None => e,
            };
            e.get("value").cloned()
        });
        example.cloned().into_iter().chain(named).collect()
    }
}

impl Sampler<'_> {
    fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.index.get(&id).map(|&i| &self.types[i])
    }

    /// The named type of the component a place's `$ref` names, when it names one.
    fn referred(&self, facts: &ValueFacts) -> Option<TypeRef> {
        let key = facts.reference.as_deref()?.strip_prefix("#/components/schemas/")?;
        let key = crate::error::unescape_pointer(&super::refs::percent_decode(key));
        let id = self.type_ids.get(self.components.get(&key)?)?;
        Some(TypeRef::Named(*id))
    }

    /// The value for a place of type `ty`: the first of `examples` (the spec's, written beside
    /// the schema) that fits it, else one built; `None` when no finite value exists.
    pub(super) fn sample(&self, ty: &TypeRef, facts: &ValueFacts, examples: &[Value]) -> Option<Value> {
        let mut value = examples
            .iter()
            .find(|e| !e.is_null() && self.fits(e, ty, facts, 0))
            .cloned()
            .or_else(|| self.build(ty, facts, 0))?;
        if self.request {
            self.strip_read_only(&mut value, ty, 0);
        }
        Some(value)
    }

    /// A parameter's sample: as [`Sampler::sample`], but a list holds one item at least, since
    /// an empty list in a query or header is no value at all.
    pub(super) fn param_sample(&self, ty: &TypeRef, facts: &ValueFacts, examples: &[Value]) -> Option<Value> {
        match self.sample(ty, facts, examples)? {
            Value::Array(items) if items.is_empty() => self.build(ty, &at_least_one(facts), 0),
            other => Some(other),
        }
    }

    /// A form body's sample with each empty list field given one item, since an empty list in
    /// a form sends no pair at all (a required one would then be missing).
    pub(super) fn with_form_lists(&self, mut value: Value, ty: &TypeRef) -> Value {
        let Some(TypeKind::Struct(s)) = self.named(ty).map(|d| &d.kind) else {
            return value;
        };
        if let Value::Object(fields) = &mut value {
            for f in &s.fields {
                let Some(field) = f.wire_name().and_then(|w| fields.get_mut(w)) else {
                    continue;
                };
                if matches!(field, Value::Array(items) if items.is_empty()) {
                    if let Some(one) = self.param_sample(&f.ty, &f.facts.value, &[]) {
                        *field = one;
                    }
                }
            }
        }
        value
    }

    /// A multipart form's sample: the first example that is an object holding every required
    /// field, else the required fields, each built from what its schema says.
    pub(super) fn multipart_sample(&self, fields: &[FormField], examples: &[Value]) -> Value {
        let complete = |e: &&Value| {
            e.as_object()
                .is_some_and(|o| fields.iter().filter(|f| f.required).all(|f| o.contains_key(&f.name)))
        };
        if let Some(example) = examples.iter().find(complete) {
            return example.clone();
        }
        let built = fields
            .iter()
            .filter(|f| f.required)
            .filter_map(|f| Some((f.name.clone(), self.build(&TypeRef::Json, &f.facts, 1)?)))
            .collect();
        Value::Object(built)
    }

    /// The named type `ty` refers to, through `Option`s.
    fn named(&self, ty: &TypeRef) -> Option<&TypeDef> {
        match ty {
            TypeRef::Named(id) => self.def(*id),
            TypeRef::Option(inner) => self.named(inner),
            _ => None,
        }
    }

    /// A value the place's own facts give: its `const`, an example or default that fits, or
    /// the first value its `enum` allows.
    fn stated(&self, ty: &TypeRef, facts: &ValueFacts) -> Option<Value> {
        if let Some(value) = &facts.const_value {
            return Some(value.clone());
        }
        // A place's example is often the only value that matches its pattern.
        let own = facts.examples.iter().chain(facts.default.iter());
        for value in own {
            if !value.is_null() && self.fits(value, ty, facts, 0) {
                return Some(value.clone());
            }
        }
        facts.values.iter().find(|v| !v.is_null()).cloned()
    }

    fn build(&self, ty: &TypeRef, facts: &ValueFacts, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(value) = self.stated(ty, facts) {
            return Some(value);
        }
        let inner = || facts.inner.as_deref().unwrap_or(&NO_FACTS);
        match ty {
            TypeRef::Option(t) => self.build(t, facts, depth),
            // `true` rather than `false`: a form or multipart field arrives as text, and a
            // validating server may read `false` (like `0`) as `null` as well.
            TypeRef::Bool => Some(Value::Bool(true)),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => {
                Some(Value::from(number_sample(facts).round() as i64))
            }
            TypeRef::F64 => Some(float(number_sample(facts))),
            TypeRef::String => Some(Value::String(string_sample(facts))),
            TypeRef::Json => self.untyped(facts, depth),
            TypeRef::Vec(item) => {
                let count = facts.limits.min_items.unwrap_or(0).min(64) as usize;
                let items = (0..count).map(|_| self.build(item, inner(), depth + 1));
                Some(Value::Array(items.collect::<Option<_>>()?))
            }
            TypeRef::Map(value) => {
                let count = facts.min_properties.unwrap_or(0).min(64) as usize;
                let entries = (0..count).map(|i| Some((format!("key{i}"), self.build(value, inner(), depth + 1)?)));
                Some(Value::Object(entries.collect::<Option<_>>()?))
            }
            TypeRef::Named(id) => {
                let def = self.def(*id)?;
                if let Some(value) = self.stated(ty, &def.facts) {
                    return Some(value);
                }
                match &def.kind {
                    TypeKind::Struct(s) => self.object(s, &def.facts, depth),
                    TypeKind::Enum(e) => e.variants.first().map(|v| Value::String(v.wire.clone())),
                    TypeKind::Union(u) => self.branch(u, depth),
                    TypeKind::Alias(t) | TypeKind::Newtype(t) => self.build(t, &def.facts, depth + 1),
                }
            }
        }
    }

    /// A value of any JSON type, from the types its schema names.
    fn untyped(&self, facts: &ValueFacts, depth: usize) -> Option<Value> {
        if let Some(named) = self.referred(facts) {
            return self.build(&named, facts, depth + 1);
        }
        let inner = facts.inner.as_deref().unwrap_or(&NO_FACTS);
        match facts.types.first().map(String::as_str) {
            Some("string") => Some(Value::String(string_sample(facts))),
            Some("integer") => Some(Value::from(number_sample(facts).round() as i64)),
            Some("number") => Some(float(number_sample(facts))),
            Some("boolean") => Some(Value::Bool(true)),
            Some("array") | None if !facts.tuple.is_empty() => {
                let count = (facts.limits.min_items.unwrap_or(0) as usize).max(facts.tuple.len());
                let items = facts.tuple.iter().take(count);
                Some(Value::Array(
                    items
                        .map(|f| self.build(&TypeRef::Json, f, depth + 1))
                        .collect::<Option<_>>()?,
                ))
            }
            Some("array") => {
                let count = facts.limits.min_items.unwrap_or(0).min(64) as usize;
                let items = (0..count).map(|_| self.build(&TypeRef::Json, inner, depth + 1));
                Some(Value::Array(items.collect::<Option<_>>()?))
            }
            _ => {
                // The required properties, from what the schema says of each.
                let mut fields = Map::new();
                for name in &facts.required {
                    let own = facts.properties.iter().find(|(n, _)| n == name).map(|(_, f)| f);
                    let own = own.unwrap_or(&NO_FACTS);
                    if self.request && own.read_only {
                        continue;
                    }
                    fields.insert(name.clone(), self.build(&TypeRef::Json, own, depth + 1)?);
                }
                let count = facts.min_properties.unwrap_or(0).min(64) as usize;
                for i in fields.len()..count {
                    fields.insert(format!("key{i}"), self.build(&TypeRef::Json, inner, depth + 1)?);
                }
                Some(Value::Object(fields))
            }
        }
    }

    /// Whether a field is sent by this sampler's side when its object is: a request leaves
    /// out what only the server sends, a response what only users send.
    fn travels(&self, f: &Field) -> bool {
        match f.facts.only {
            Some(Direction::Received) => !self.request,
            Some(Direction::Sent) => self.request,
            None => true,
        }
    }

    /// Whether the spec lists a field as required of its object (`Struct::required` keeps the
    /// list as written, which names some no property declares).
    fn required(s: &Struct, f: &Field) -> bool {
        f.facts.required || f.wire_name().is_some_and(|w| s.required.iter().any(|r| r == w))
    }

    /// The required fields (and more, up to `minProperties`), with each flattened union's
    /// fields beside them.
    fn object(&self, s: &Struct, facts: &ValueFacts, depth: usize) -> Option<Value> {
        let mut fields = Map::new();
        for f in &s.fields {
            match &f.wire {
                Wire::Flatten => {
                    if let Value::Object(more) = self.build(&f.ty, &f.facts.value, depth + 1)? {
                        for (k, v) in more {
                            fields.entry(k).or_insert(v);
                        }
                    }
                }
                // A required name no property declares allows any value; a string is the likeliest.
                Wire::Name(wire) if !f.facts.required && s.required.contains(wire) => {
                    fields.insert(wire.clone(), Value::String("a".to_owned()));
                }
                Wire::Name(wire) if f.facts.required && self.travels(f) => {
                    fields.insert(wire.clone(), self.build(&f.ty, &f.facts.value, depth + 1)?);
                }
                Wire::Name(_) => {}
            }
        }
        let wanted = facts.min_properties.unwrap_or(0).min(64) as usize;
        for f in &s.fields {
            if fields.len() >= wanted {
                break;
            }
            let Some(wire) = f.wire_name() else { continue };
            if !fields.contains_key(wire) && self.travels(f) {
                if let Some(value) = self.build(&f.ty, &f.facts.value, depth + 1) {
                    fields.insert(wire.to_owned(), value);
                }
            }
        }
        if let Some(extra) = s.extra.as_ref().filter(|e| e.declared) {
            let inner = facts.inner.as_deref().unwrap_or(&NO_FACTS);
            for i in fields.len()..wanted {
                fields.insert(format!("key{i}"), self.build(&extra.value, inner, depth + 1)?);
            }
        }
        Some(Value::Object(fields))
    }

    /// One branch of a union, carrying the tag that names it (as the union's type reads and
    /// writes it): the first whose sample fits no other branch (a `oneOf` wants exactly one to
    /// match), else the first with a sample.
    fn branch(&self, u: &Union, depth: usize) -> Option<Value> {
        let variants = &u.variants;
        let tagged = |v: &UnionVariant, mut value: Value| {
            if let (Value::Object(fields), Some(tag), Some(name)) = (&mut value, &u.tag, &v.tag_value) {
                fields.insert(tag.clone(), Value::String(name.clone()));
            }
            value
        };
        let candidates: Vec<(usize, Value)> = variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, tagged(v, self.build(&v.ty, &v.facts, depth + 1)?))))
            .collect();
        let alone = |i: usize, value: &Value| {
            variants
                .iter()
                .enumerate()
                .all(|(j, other)| j == i || !self.fits(value, &other.ty, &other.facts, 0))
        };
        if let Some((_, value)) = candidates.iter().find(|(i, v)| alone(*i, v)) {
            return Some(value.clone());
        }
        // An empty list fits every list branch: try each list branch again with one item.
        for (i, v) in variants.iter().enumerate() {
            if let Some(value) = self.list_of_one(&v.ty, &v.facts, depth + 1) {
                if alone(i, &value) {
                    return Some(value);
                }
            }
        }
        // An object that fits other branches too (each needs only what it shares, as Ory's
        // registration methods need only `method` and `traits`) is told apart by a field only
        // such a branch declares, given a value of another type: free in its own branch, which
        // allows fields it does not name, it rules the other out, as a validator that ignores
        // the tag needs.
        for (i, value) in &candidates {
            let Some(own) = self.object_type(&variants[*i].ty).filter(|s| s.extra.is_some()) else {
                continue;
            };
            let mut value = value.clone();
            for (j, other) in variants.iter().enumerate() {
                if j == *i || !self.fits(&value, &other.ty, &other.facts, 0) {
                    continue;
                }
                let (Value::Object(fields), Some(theirs)) = (&mut value, self.object_type(&other.ty)) else {
                    continue;
                };
                let rule_out = theirs.fields.iter().find_map(|f| {
                    let wire = f.wire_name()?;
                    let free = !own.fields.iter().any(|o| o.wire_name() == Some(wire)) && !fields.contains_key(wire);
                    free.then(|| Some((wire.to_owned(), self.other_type(&f.ty)?)))?
                });
                if let Some((name, wrong)) = rule_out {
                    fields.insert(name, wrong);
                }
            }
            if alone(*i, &value) {
                return Some(value);
            }
        }
        Some(candidates.into_iter().next()?.1)
    }

    /// A list of one item at least, for a place whose type is a list (through aliases).
    fn list_of_one(&self, ty: &TypeRef, facts: &ValueFacts, depth: usize) -> Option<Value> {
        match ty {
            TypeRef::Option(inner) => self.list_of_one(inner, facts, depth),
            TypeRef::Vec(_) if facts.limits.max_items != Some(0) => self.build(ty, &at_least_one(facts), depth),
            TypeRef::Named(id) => match &self.def(*id)?.kind {
                TypeKind::Alias(t) | TypeKind::Newtype(t) => self.list_of_one(t, &self.def(*id)?.facts, depth),
                _ => None,
            },
            _ => None,
        }
    }

    /// The struct a place's type is, through `Option`s and aliases.
    fn object_type(&self, ty: &TypeRef) -> Option<&Struct> {
        match &self.named(ty)?.kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(t) => self.object_type(t),
            _ => None,
        }
    }

    /// The JSON types a place's type allows, when it says (a union or any JSON value does not).
    fn json_types(&self, ty: &TypeRef) -> Option<&'static [&'static str]> {
        Some(match ty {
            TypeRef::Option(inner) => return self.json_types(inner),
            TypeRef::Bool => &["boolean"],
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => &["integer", "number"],
            TypeRef::F64 => &["number"],
            TypeRef::String => &["string"],
            TypeRef::Vec(_) => &["array"],
            TypeRef::Map(_) => &["object"],
            TypeRef::Json => return None,
            TypeRef::Named(id) => match &self.def(*id)?.kind {
                TypeKind::Struct(_) => &["object"],
                TypeKind::Enum(_) => &["string"],
                TypeKind::Alias(t) | TypeKind::Newtype(t) => return self.json_types(t),
                TypeKind::Union(_) => return None,
            },
        })
    }

    /// A value of a JSON type the place's type does not allow, when it says which it allows.
    fn other_type(&self, ty: &TypeRef) -> Option<Value> {
        let allowed = self.json_types(ty)?;
        [
            ("boolean", Value::Bool(true)),
            ("string", Value::String("a".to_owned())),
            ("number", Value::from(0)),
            ("array", Value::Array(Vec::new())),
            ("object", Value::Object(Map::new())),
        ]
        .into_iter()
        .find(|(name, _)| !allowed.contains(name))
        .map(|(_, value)| value)
    }

    /// Takes out of a request's value what only the server sends (a spec's example is often a
    /// response's): a validating mock drops those fields from the schema it checks a request
    /// against, so one sent breaks `additionalProperties: false`.
    fn strip_read_only(&self, value: &mut Value, ty: &TypeRef, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match (ty, value) {
            (TypeRef::Option(inner), value) => self.strip_read_only(value, inner, depth),
            (TypeRef::Vec(item), Value::Array(items)) => {
                for v in items {
                    self.strip_read_only(v, item, depth + 1);
                }
            }
            (TypeRef::Map(item), Value::Object(entries)) => {
                for v in entries.values_mut() {
                    self.strip_read_only(v, item, depth + 1);
                }
            }
            (TypeRef::Named(id), value) => match self.def(*id).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    let Value::Object(fields) = value else { return };
                    for f in &s.fields {
                        let Some(wire) = f.wire_name() else { continue };
                        if !self.travels(f) {
                            fields.remove(wire);
                        } else if let Some(v) = fields.get_mut(wire) {
                            self.strip_read_only(v, &f.ty, depth + 1);
                        }
                    }
                }
                Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => self.strip_read_only(value, t, depth + 1),
                _ => {}
            },
            _ => {}
        }
    }
}

/// The facts with a list of one item at least.
fn at_least_one(facts: &ValueFacts) -> ValueFacts {
    let mut one = facts.clone();
    one.limits.min_items = Some(one.limits.min_items.unwrap_or(0).max(1));
    one
}

/// A JSON number for a float (zero for one JSON cannot hold).
fn float(n: f64) -> Value {
    serde_json::Number::from_f64(n).map_or(Value::from(0), Value::Number)
}
