//! What a schema says a value must look like beyond its Rust type ([`ValueFacts`]), read once
//! here, at the place each type appears: the vocabulary the samples of operation tests are
//! built from (`sample`), which reads no schema itself.

use serde_json::Value;

use super::Lowerer;
use crate::ir::*;
use crate::spec::{AdditionalProperties, Items, Schema};

/// How deep inline items, map values and `allOf` members are read: a schema nests further only
/// through references, which name a type with facts of its own.
const MAX_DEPTH: usize = 64;

impl Lowerer<'_> {
    /// The facts of a schema where it appears. A reference to a component says only what is
    /// written beside it (the component's type has the rest); a reference to any other place
    /// (a parameter's schema, a property) says what its target does, since that target may be
    /// lowered to a plain Rust type with nowhere else to keep them.
    pub(super) fn facts_of(&self, schema: &Schema) -> ValueFacts {
        let points_elsewhere = schema
            .reference
            .as_deref()
            .is_some_and(|r| self.component_key(r).is_none());
        if points_elsewhere {
            let target = self.target(schema);
            if target.reference.is_none() {
                return facts(&target, 0);
            }
        }
        facts(schema, 0)
    }
}

fn facts(schema: &Schema, depth: usize) -> ValueFacts {
    if depth > MAX_DEPTH {
        return ValueFacts::default();
    }
    let mut examples: Vec<Value> = schema.example.iter().cloned().collect();
    examples.extend(
        schema
            .examples
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .cloned(),
    );
    let mut out = ValueFacts {
        types: schema
            .ty
            .as_ref()
            .map(|t| t.names())
            .unwrap_or_default()
            .into_iter()
            .filter(|t| *t != "null")
            .map(str::to_owned)
            .collect(),
        format: schema.format.clone(),
        pattern: schema.pattern.clone(),
        limits: super::constraints::constraints(schema),
        multiple_of: schema.multiple_of,
        min_properties: schema.min_properties,
        values: schema.enum_values.clone().unwrap_or_default(),
        const_value: schema.const_value.clone(),
        default: schema.default.clone(),
        examples,
        read_only: schema.read_only,
        inner: None,
        tuple: Vec::new(),
        required: schema.required.names.clone(),
        reference: schema.reference.clone(),
        properties: schema
            .properties
            .iter()
            .filter(|(name, _)| schema.required.names.contains(name))
            .map(|(name, prop)| (name.clone(), facts(prop, depth + 1)))
            .collect(),
    };
    match (&schema.items, &schema.additional_properties) {
        (Some(Items::One(item)), _) => out.inner = Some(Box::new(facts(item, depth + 1))),
        (Some(Items::Many(items)), _) => out.tuple = items.iter().map(|i| facts(i, depth + 1)).collect(),
        (None, Some(AdditionalProperties::Schema(values))) => out.inner = Some(Box::new(facts(values, depth + 1))),
        _ => {}
    }
    // An inline `allOf` member's facts hold for the whole (`allOf: [{$ref: Text}, {maxLength:
    // 9}]`): each fills in what the schema itself leaves unsaid.
    for member in schema.all_of.iter().filter(|m| m.reference.is_none()) {
        out.fill(facts(member, depth + 1));
    }
    // Alternatives that name no type themselves say through their first branch what a value
    // looks like (`anyOf: [{type: string, format: uuid}, {type: null}]`, which lowers to the
    // branch's type); the types are every branch's, when every branch is written inline.
    let alternatives = if schema.one_of.is_empty() {
        &schema.any_of
    } else {
        &schema.one_of
    };
    if out.types.is_empty() && !alternatives.is_empty() {
        let branches: Vec<&Schema> = alternatives
            .iter()
            .filter(|b| !super::schema::is_null_schema(b))
            .collect();
        let inline = branches.iter().all(|b| b.reference.is_none());
        let read: Vec<ValueFacts> = branches
            .iter()
            .filter(|b| b.reference.is_none())
            .map(|b| facts(b, depth + 1))
            .collect();
        let mut types: Vec<String> = Vec::new();
        for t in read.iter().flat_map(|f| &f.types) {
            if !types.contains(t) {
                types.push(t.clone());
            }
        }
        if let Some(first) = read.into_iter().next().filter(|_| branches[0].reference.is_none()) {
            out.fill(first);
        }
        out.types = if inline { types } else { Vec::new() };
    }
    out
}

impl ValueFacts {
    /// Takes from `other` each fact this one leaves unsaid.
    fn fill(&mut self, other: ValueFacts) {
        fn or<T>(mine: &mut Option<T>, theirs: Option<T>) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        if self.types.is_empty() {
            self.types = other.types;
        }
        or(&mut self.format, other.format);
        or(&mut self.pattern, other.pattern);
        let (limits, theirs) = (&mut self.limits, other.limits);
        or(&mut limits.minimum, theirs.minimum);
        or(&mut limits.maximum, theirs.maximum);
        or(&mut limits.min_items, theirs.min_items);
        or(&mut limits.max_items, theirs.max_items);
        or(&mut limits.min_length, theirs.min_length);
        or(&mut limits.max_length, theirs.max_length);
        or(&mut self.multiple_of, other.multiple_of);
        or(&mut self.min_properties, other.min_properties);
        if self.values.is_empty() {
            self.values = other.values;
        }
        or(&mut self.const_value, other.const_value);
        or(&mut self.default, other.default);
        self.examples.extend(other.examples);
        self.read_only |= other.read_only;
        or(&mut self.inner, other.inner);
        or(&mut self.reference, other.reference);
        if self.tuple.is_empty() {
            self.tuple = other.tuple;
        }
        for name in other.required {
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        for (name, facts) in other.properties {
            if !self.properties.iter().any(|(n, _)| *n == name) {
                self.properties.push((name, facts));
            }
        }
    }
}

impl Lowerer<'_> {
    /// The facts of a union's branch, which takes what the schema beside the union says of
    /// the properties it requires (`oneOf: [{required: [status]}, …]` beside `properties`).
    pub(super) fn branch_facts(&self, union: &Schema, branch: &Schema) -> ValueFacts {
        let mut out = self.facts_of(branch);
        if branch.reference.is_some() {
            return out;
        }
        for name in &branch.required.names {
            if out.properties.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(prop) = union.properties.get(name) {
                out.properties.push((name.clone(), self.facts_of(prop)));
            }
            if !out.required.contains(name) {
                out.required.push(name.clone());
            }
        }
        out
    }
}
