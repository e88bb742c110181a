//! `allOf`: the members (followed through references) merge into one object schema. Members
//! that disagree on a property keep the narrower one; a `oneOf`/`anyOf` member becomes a
//! union that the struct flattens.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::error::{escape_pointer, Error, WarningKind};
use crate::spec::{AdditionalProperties, Schema};

/// How deep `allOf` members may nest, through references, before it is taken for a cycle.
const MAX_DEPTH: usize = 32;

/// An `allOf` merged: the object schema, and the unions its members bring, each with the
/// pointer it came from.
pub(super) struct Merged {
    pub schema: Schema,
    pub unions: Vec<(String, Schema)>,
    /// `if`/`then` pairs of the members, with their pointers.
    pub conditions: Vec<(String, Schema, Schema)>,
}

impl Lowerer<'_> {
    /// Merges the members of an `allOf` (and the schema's own properties) into one object schema.
    pub(super) fn merge_all_of(&mut self, schema: &Schema, pointer: &str) -> Result<Merged, Error> {
        let mut merged = Schema {
            description: schema.description.clone(),
            title: schema.title.clone(),
            ..Schema::default()
        };
        let mut unions = Vec::new();
        let mut conditions = Vec::new();
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        let mut parts: Vec<(String, Schema)> = Vec::new();
        self.flatten_all_of(schema, pointer, &mut parts, 0);
        for (part_pointer, mut part) in parts {
            if let (Some(when), Some(then)) = (part.if_schema.take(), part.then.take()) {
                conditions.push((part_pointer.clone(), *when, *then));
            }
            if !part.one_of.is_empty() || !part.any_of.is_empty() {
                // A base object plus a union of its forms: the union is kept whole and the
                // struct flattens it, so each form's properties sit beside the base's.
                let union = Schema {
                    one_of: std::mem::take(&mut part.one_of),
                    any_of: std::mem::take(&mut part.any_of),
                    discriminator: part.discriminator.take(),
                    description: part.description.clone(),
                    ..Schema::default()
                };
                unions.push((part_pointer.clone(), union));
            }
            for (key, prop) in &part.properties {
                let prop_pointer = format!("{part_pointer}/properties/{}", escape_pointer(key));
                let Some(existing) = merged.properties.get(key) else {
                    origin.insert(key.clone(), prop_pointer);
                    merged.properties.insert(key.clone(), prop.clone());
                    continue;
                };
                if shape_of(existing) == shape_of(prop) {
                    // Members that agree on the shape may document it differently; allOf
                    // refines, so the later member's words win.
                    merged.properties.insert(key.clone(), prop.clone());
                    continue;
                }
                // Both members must hold, so the value satisfies the narrower of the two; on a
                // tie the later member, which refines the earlier, wins.
                let keep_new = narrowness(prop) >= narrowness(existing);
                let kept = if keep_new { &prop_pointer } else { &origin[key] };
                let message = format!(
                    "allOf members disagree on property `{key}` (also declared at #{}): kept the narrower, #{kept}",
                    origin[key]
                );
                self.warn(WarningKind::AllOfConflict, &prop_pointer, message);
                if keep_new {
                    origin.insert(key.clone(), prop_pointer);
                    merged.properties.insert(key.clone(), prop.clone());
                }
            }
            for r in &part.required.names {
                if !merged.required.contains(r) {
                    merged.required.names.push(r.clone());
                }
            }
            if let Some(AdditionalProperties::Bool(false)) = part.additional_properties {
                merged.additional_properties = Some(AdditionalProperties::Bool(false));
            }
        }
        Ok(Merged {
            schema: merged,
            unions,
            conditions,
        })
    }

    fn flatten_all_of(&mut self, schema: &Schema, pointer: &str, out: &mut Vec<(String, Schema)>, depth: usize) {
        if depth > MAX_DEPTH {
            self.warn(
                WarningKind::DanglingRef,
                pointer,
                "allOf nests too deeply (a cycle of references?): the rest is ignored",
            );
            return;
        }
        if let Some(reference) = &schema.reference {
            if let Some((target, target_pointer)) = self.schema_at(reference, &format!("{pointer}/$ref")) {
                self.flatten_all_of(&target, &target_pointer, out, depth + 1);
            }
            return;
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            self.flatten_all_of(part, &format!("{pointer}/allOf/{i}"), out, depth + 1);
        }
        let mut own = schema.clone();
        own.all_of.clear();
        out.push((pointer.to_owned(), own));
    }
}

/// How narrow a schema is, to choose between disagreeing `allOf` members: one value, then a
/// list of values, then a reference or an object, then any constraint, then nothing.
fn narrowness(s: &Schema) -> u8 {
    if s.const_value.is_some() {
        5
    } else if s.enum_values.is_some() {
        4
    } else if s.reference.is_some() || !s.properties.is_empty() || !s.all_of.is_empty() {
        3
    } else if s.format.is_some()
        || s.minimum.is_some()
        || s.maximum.is_some()
        || s.min_length.is_some()
        || s.max_length.is_some()
        || s.min_items.is_some()
        || s.max_items.is_some()
    {
        2
    } else if s.ty.is_some() {
        1
    } else {
        0
    }
}

/// A schema without what only documents it, for comparing shapes.
fn shape_of(schema: &Schema) -> Schema {
    let mut shape = schema.clone();
    shape.description = None;
    shape.title = None;
    shape.example = None;
    shape.examples = None;
    shape.default = None;
    shape.deprecated = false;
    shape
}
