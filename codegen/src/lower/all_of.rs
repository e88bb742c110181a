//! `allOf`: the members (followed through references) merge into one object schema.

use std::collections::BTreeMap;

use super::{component_pointer, Lowerer};
use crate::error::{escape_pointer, Error};
use crate::spec::{AdditionalProperties, Schema};

/// How deep `allOf` members may nest, through references, before it is taken for a cycle.
const MAX_DEPTH: usize = 32;

impl Lowerer<'_> {
    /// Merges the members of an `allOf` (and the schema's own properties) into one object schema.
    pub(super) fn merge_all_of(&self, schema: &Schema, pointer: &str) -> Result<Schema, Error> {
        let mut merged = Schema {
            description: schema.description.clone(),
            title: schema.title.clone(),
            ..Schema::default()
        };
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        let mut parts: Vec<(String, Schema)> = Vec::new();
        self.flatten_all_of(schema, pointer, &mut parts, 0)?;
        for (part_pointer, part) in parts {
            if !part.one_of.is_empty() || !part.any_of.is_empty() {
                return Err(self.unsupported(&part_pointer, "oneOf/anyOf inside allOf"));
            }
            for (key, prop) in &part.properties {
                if let Some(existing) = merged.properties.get(key) {
                    if shape_of(existing) == shape_of(prop) {
                        // Members that agree on the shape may document it differently; allOf
                        // refines, so the later member's words win.
                        merged.properties.insert(key.clone(), prop.clone());
                        continue;
                    }
                    if existing != prop {
                        return Err(self.invalid(
                            &format!("{part_pointer}/properties/{}", escape_pointer(key)),
                            format!(
                                "allOf members disagree on property `{key}` (also declared at #{})",
                                origin[key]
                            ),
                        ));
                    }
                    continue;
                }
                origin.insert(
                    key.clone(),
                    format!("{part_pointer}/properties/{}", escape_pointer(key)),
                );
                merged.properties.insert(key.clone(), prop.clone());
            }
            for r in &part.required {
                if !merged.required.contains(r) {
                    merged.required.push(r.clone());
                }
            }
            if let Some(AdditionalProperties::Bool(false)) = part.additional_properties {
                merged.additional_properties = Some(AdditionalProperties::Bool(false));
            }
        }
        Ok(merged)
    }

    fn flatten_all_of(
        &self,
        schema: &Schema,
        pointer: &str,
        out: &mut Vec<(String, Schema)>,
        depth: usize,
    ) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.invalid(pointer, "allOf nests too deeply (a cycle of references?)"));
        }
        if let Some(reference) = &schema.reference {
            let key = self.schema_ref_key(reference, &format!("{pointer}/$ref"))?;
            let target = &self.doc.components.schemas[&key];
            return self.flatten_all_of(target, &component_pointer(&key), out, depth + 1);
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            self.flatten_all_of(part, &format!("{pointer}/allOf/{i}"), out, depth + 1)?;
        }
        let mut own = schema.clone();
        own.all_of.clear();
        out.push((pointer.to_owned(), own));
        Ok(())
    }
}

/// A schema without what only documents it, for comparing shapes.
fn shape_of(schema: &Schema) -> Schema {
    let mut shape = schema.clone();
    shape.description = None;
    shape.title = None;
    shape.example = None;
    shape.examples = None;
    shape.deprecated = false;
    shape
}
