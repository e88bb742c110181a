//! `oneOf` and `anyOf`: open string enums, nullable wrappers, tagged and untagged unions.

use std::collections::BTreeSet;

use serde_json::Value;

use super::names::{self, Namespace};
use super::schema::{is_null_schema, Lowered};
use super::Lowerer;
use crate::error::{unescape_pointer, Error, WarningKind};
use crate::ident::type_name;
use crate::ir::*;
use crate::spec::Schema;

impl Lowerer<'_> {
    /// Lowers a schema with `oneOf` or `anyOf`.
    pub(super) fn lower_alternatives(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
        named: bool,
        mut nullable: bool,
    ) -> Result<Lowered, Error> {
        let (alts, keyword) = if schema.one_of.is_empty() {
            (&schema.any_of, "anyOf")
        } else {
            (&schema.one_of, "oneOf")
        };
        if !schema.one_of.is_empty() && !schema.any_of.is_empty() {
            self.warn(WarningKind::Lenient, pointer, "both oneOf and anyOf: anyOf ignored");
        }
        let branches: Vec<(usize, &Schema)> = alts.iter().enumerate().filter(|(_, s)| !is_null_schema(s)).collect();
        if branches.len() < alts.len() {
            nullable = true;
        }
        if branches.is_empty() {
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable: true,
            });
        }
        if branches.len() == 1 && schema.properties.is_empty() {
            let (i, branch) = branches[0];
            let inner = self.lower_in_place(branch, &format!("{pointer}/{keyword}/{i}"), hint, named)?;
            return Ok(Lowered {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
            });
        }
        let name = self.name_for(hint, named);
        if let Some(values) = open_enum_values(&branches) {
            self.define_enum(&name, schema.description.clone(), pointer, &values, true);
        } else {
            self.define_union(&name, schema, &branches, pointer, keyword)?;
        }
        Ok(Lowered {
            ty: TypeRef::Named(self.type_id(&name)),
            nullable,
        })
    }

    fn define_union(
        &mut self,
        name: &str,
        schema: &Schema,
        branches: &[(usize, &Schema)],
        pointer: &str,
        keyword: &str,
    ) -> Result<(), Error> {
        self.defined.insert(name.to_owned());
        let components: Vec<Option<String>> = branches
            .iter()
            .map(|(_, b)| b.reference.as_deref().and_then(|r| self.component_key(r)))
            .collect();
        let tags = self.tagging(schema, branches, &components, pointer, keyword);
        let tag = tags.as_ref().map(|(prop, _)| prop.clone());
        let mut variants = Vec::new();
        let mut ns = Namespace::default();
        for (n, &(i, branch)) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{keyword}/{i}");
            let tag_value = tags.as_ref().map(|(_, values)| values[n].clone());
            // A title the spec wrote on the branch itself names it best, even beside a `$ref`;
            // an inline object is named after a property only it has.
            let base = match (&tag_value, &branch.title, &components[n]) {
                (Some(v), _, _) => names::variant_candidates(v).remove(0),
                (None, Some(title), _) => type_name(title),
                (None, None, Some(key)) => type_name(key),
                (None, None, None) => distinct_property(branches, n)
                    .map(type_name)
                    .or_else(|| kind_name(branch))
                    .unwrap_or_else(|| format!("Variant{i}")),
            };
            let rust_name = ns.claim(&base);
            let lowered = self.lower(branch, &branch_pointer, &format!("{name}{rust_name}"))?;
            if let (Some(prop), TypeRef::Named(target)) = (&tag, &lowered.ty) {
                self.strip_tags.insert(*target, prop.clone());
            }
            // An inline branch's own constraints (`maxItems` on an array form) are checked on
            // the variant; a referenced branch checks its own.
            let branch_constraints = if branch.reference.is_none() {
                super::constraints::fit(super::constraints::constraints(branch), &lowered.ty)
            } else {
                Constraints::default()
            };
            variants.push(UnionVariant {
                rust_name,
                tag_value,
                ty: lowered.wrapped(),
                from_payload: false,
                constraints: branch_constraints,
                facts: self.branch_facts(schema, branch),
                docs: branch.description.clone(),
            });
        }
        if tag.is_none() {
            let objects = branches.iter().filter(|(_, b)| self.is_object(b)).count();
            if objects > 1 {
                self.warn(
                    WarningKind::UnionFallback,
                    pointer,
                    "untagged union of several object schemas: the first variant that fits is chosen",
                );
            }
        }
        let docs = schema.description.clone().or_else(|| schema.title.clone());
        let kind = TypeKind::Union(Union {
            tag,
            variants,
            other: None,
            default_variant: None,
        });
        self.push_type(name, docs, pointer, kind);
        Ok(())
    }

    /// The tag property and each branch's tag value, when the union is tagged and every
    /// branch's value can be told; otherwise `None`, and the union is read untagged (with a
    /// warning when the spec asked for a tag).
    fn tagging(
        &mut self,
        schema: &Schema,
        branches: &[(usize, &Schema)],
        components: &[Option<String>],
        pointer: &str,
        keyword: &str,
    ) -> Option<(String, Vec<String>)> {
        let declared = schema
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone())
            .filter(|p| !p.is_empty());
        let prop = declared.clone().or_else(|| self.common_const_property(branches))?;
        let mut values = Vec::new();
        let mut why = None;
        for (n, &(i, branch)) in branches.iter().enumerate() {
            let value = self.tag_value(schema, &prop, branch, components[n].as_deref());
            match value {
                _ if !self.is_object(branch) => why = Some((i, "is not an object schema".to_owned())),
                Some(v) if values.contains(&v) => why = Some((i, format!("repeats the tag value `{v}`"))),
                Some(v) => values.push(v),
                None => why = Some((i, format!("has no `{prop}` value that can be told"))),
            }
            if why.is_some() {
                break;
            }
        }
        match why {
            None => Some((prop, values)),
            Some((i, why)) => {
                if declared.is_some() {
                    self.warn(
                        WarningKind::UnionFallback,
                        &format!("{pointer}/{keyword}/{i}"),
                        format!("tagged union branch {why}: the union is read untagged"),
                    );
                }
                None
            }
        }
    }

    /// Whether every non-null branch of a schema's `oneOf`/`anyOf` is an object, so the forms
    /// can sit beside the schema's own properties.
    pub(super) fn forms_are_objects(&self, schema: &Schema) -> bool {
        schema
            .one_of
            .iter()
            .chain(&schema.any_of)
            .filter(|b| !is_null_schema(b))
            .all(|b| self.is_object(b))
    }

    fn is_object(&self, schema: &Schema) -> bool {
        let s = self.target(schema);
        !s.properties.is_empty() || !s.all_of.is_empty() || s.ty.as_ref().is_some_and(|t| t.names().contains(&"object"))
    }

    /// The property on which every branch has a distinct constant value, if there is one.
    fn common_const_property(&self, branches: &[(usize, &Schema)]) -> Option<String> {
        let first = self.target(branches.first()?.1);
        'props: for (prop, _) in &first.properties {
            let mut values = BTreeSet::new();
            for (_, branch) in branches {
                let b = self.target(branch);
                match b.properties.get(prop).and_then(single_value) {
                    Some(v) if b.required.contains(prop) && values.insert(v.clone()) => {}
                    _ => continue 'props,
                }
            }
            return Some(prop.clone());
        }
        None
    }

    /// A branch's tag value: from the discriminator's mapping, a `const` (or one-value enum)
    /// on the tag property, or the component's name as OpenAPI defines by default.
    pub(super) fn tag_value(
        &self,
        union: &Schema,
        prop: &str,
        branch: &Schema,
        component: Option<&str>,
    ) -> Option<String> {
        if let (Some(d), Some(key)) = (&union.discriminator, component) {
            for (value, target) in &d.mapping {
                let target_key = target.strip_prefix("#/components/schemas/").map(unescape_pointer);
                if target_key.as_deref() == Some(key) || target == key {
                    return Some(value.clone());
                }
            }
        }
        if let Some(v) = self.target(branch).properties.get(prop).and_then(single_value) {
            return Some(v);
        }
        component.map(str::to_owned)
    }
}

/// The values of an open enum written the OpenAI way: `anyOf: [{type: string}, {enum: [...]}]`.
fn open_enum_values(branches: &[(usize, &Schema)]) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut plain = false;
    for (_, b) in branches {
        if b.reference.is_some() || b.ty.as_ref().map(|t| t.names()) != Some(vec!["string"]) {
            return None;
        }
        match (&b.enum_values, &b.const_value) {
            (Some(vs), _) => {
                for v in vs {
                    values.push(v.as_str()?.to_owned());
                }
            }
            (None, Some(Value::String(s))) => values.push(s.clone()),
            (None, Some(_)) => return None,
            (None, None) => {
                if b.format.is_some() || b.min_length.is_some() || b.max_length.is_some() {
                    return None;
                }
                plain = true;
            }
        }
    }
    (plain && !values.is_empty()).then_some(values)
}

/// The one value a property can take (`const` or a one-element `enum`).
fn single_value(schema: &Schema) -> Option<String> {
    if let Some(Value::String(s)) = &schema.const_value {
        return Some(s.clone());
    }
    match schema.enum_values.as_deref() {
        Some([Value::String(s)]) => Some(s.clone()),
        _ => None,
    }
}

/// The first property of branch `n` (an inline object) that no other branch declares, which
/// names the branch better than `Object2`: `{radius}` and `{side}` become `Radius` and `Side`.
fn distinct_property<'s>(branches: &[(usize, &'s Schema)], n: usize) -> Option<&'s str> {
    let own = branches[n].1;
    if own.reference.is_some() {
        return None;
    }
    own.properties
        .keys()
        .find(|key| {
            branches
                .iter()
                .enumerate()
                .all(|(m, (_, other))| m == n || !other.properties.contains_key(key.as_str()))
        })
        .map(String::as_str)
}

/// A variant name from the kind of an unnamed branch.
fn kind_name(schema: &Schema) -> Option<String> {
    let names = schema.ty.as_ref()?.names();
    let first = names.iter().find(|n| **n != "null")?;
    Some(
        match *first {
            "string" => "String",
            "integer" => "Integer",
            "number" => "Number",
            "boolean" => "Bool",
            "array" => "Array",
            "object" => "Object",
            _ => return None,
        }
        .to_owned(),
    )
}
