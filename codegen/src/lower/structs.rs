//! Object schemas become structs: a field per property (with what lowering knows of it
//! then: presence from `required`, `readOnly`/`writeOnly`, docs, constraints), a field of any
//! JSON value for a required name no property declares, flattened union fields, and the map
//! that keeps undeclared properties.

use super::constraints::{constraints, fit};
use super::names::Namespace;
use super::Lowerer;
use crate::error::{escape_pointer, Error, WarningKind};
use crate::ir::*;
use crate::spec::{AdditionalProperties, Schema};

impl Lowerer<'_> {
    pub(super) fn define_struct(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<(), Error> {
        let conditions: Vec<(String, Schema, Schema)> = match (&schema.if_schema, &schema.then) {
            (Some(when), Some(then)) => vec![(pointer.to_owned(), (**when).clone(), (**then).clone())],
            _ => Vec::new(),
        };
        self.define_struct_with(name, schema, &[], &conditions, pointer)
    }

    /// Defines a struct; `unions` are `oneOf`/`anyOf` members of an `allOf`, each kept as a
    /// flattened field.
    pub(super) fn define_struct_with(
        &mut self,
        name: &str,
        schema: &Schema,
        unions: &[(String, Schema)],
        conditions: &[(String, Schema, Schema)],
        pointer: &str,
    ) -> Result<(), Error> {
        // Claim the name before the fields, so a recursive reference finds it.
        self.defined.insert(name.to_owned());
        let mut fields = Vec::new();
        let mut ns = Namespace::default();
        for (wire, prop) in &schema.properties {
            let prop_pointer = format!("{pointer}/properties/{}", escape_pointer(wire));
            let hint = format!("{name}{}", crate::ident::type_name(wire));
            let lowered = self.lower(prop, &prop_pointer, &hint)?;
            if prop.required.flag {
                self.warn(
                    WarningKind::Lenient,
                    &format!("{prop_pointer}/required"),
                    "`required: true` on a property: read as listing it in its object's `required`",
                );
            }
            let required = schema.required.contains(wire) || prop.required.flag;
            // `readOnly` and `writeOnly` may sit beside a `$ref` or on its target.
            let (read_only, write_only) = {
                let target = self.target(prop);
                (prop.read_only || target.read_only, prop.write_only || target.write_only)
            };
            let constraints = fit(constraints(prop), &lowered.ty);
            let facts = FieldFacts {
                required,
                nullable: lowered.nullable,
                only: match (read_only, write_only) {
                    (true, false) => Some(Direction::Received),
                    (false, true) => Some(Direction::Sent),
                    _ => None,
                },
                docs: prop.description.clone().or_else(|| prop.title.clone()),
                value: self.facts_of(prop),
            };
            fields.push(Field {
                constraints,
                ..Field::new(
                    Wire::Name(wire.clone()),
                    ns.claim(&crate::ident::field_name(wire)),
                    lowered.ty,
                    facts,
                )
            });
        }
        // A required name no property declares (OpenAI's `LocalShellToolCallOutput` requires
        // `call_id`, Mistral's chat response `data`): a field of any JSON value, so users see
        // it, but optional. Some are slips (no Mistral response carries `data`), and a
        // required field would make every request carry a made-up value. With unions beside
        // the properties, the name may be a branch's, which keeps it.
        if unions.is_empty() {
            for wire in schema
                .required
                .names
                .iter()
                .filter(|r| !schema.properties.contains_key(*r))
            {
                self.warn(
                    WarningKind::ValueFallback,
                    &format!("{pointer}/required"),
                    format!("`{wire}` is required but no property declares it: an optional field of any JSON value"),
                );
                let facts = FieldFacts {
                    docs: Some(
                        "The spec requires it but declares no property for it, so it is optional here.".to_owned(),
                    ),
                    ..FieldFacts::default()
                };
                fields.push(Field::new(
                    Wire::Name(wire.clone()),
                    ns.claim(&crate::ident::field_name(wire)),
                    TypeRef::Json,
                    facts,
                ));
            }
        }
        for (i, (union_pointer, union)) in unions.iter().enumerate() {
            let suffix = if unions.len() > 1 {
                format!("Variant{}", i + 1)
            } else {
                "Variant".to_owned()
            };
            let lowered = self.lower(union, union_pointer, &format!("{name}{suffix}"))?;
            self.warn(
                WarningKind::FlattenedUnion,
                union_pointer,
                "oneOf/anyOf beside properties or inside allOf: kept as a union field the struct flattens",
            );
            let facts = FieldFacts {
                required: true,
                docs: union.description.clone(),
                value: self.facts_of(union),
                ..FieldFacts::default()
            };
            fields.push(Field::new(
                Wire::Flatten,
                ns.claim(&crate::ident::field_name(&suffix)),
                lowered.ty,
                facts,
            ));
        }
        // The catch-all map is named after every declared property, so a property called
        // `extra` keeps its name and the map moves aside.
        let extra = match &schema.additional_properties {
            Some(AdditionalProperties::Bool(false)) => None,
            Some(AdditionalProperties::Schema(value)) => {
                let p = format!("{pointer}/additionalProperties");
                let value = self.lower(value, &p, &format!("{name}Value"))?.wrapped();
                Some(Extra {
                    rust_name: ns.claim("extra"),
                    value,
                    declared: true,
                })
            }
            _ => Some(Extra {
                rust_name: ns.claim("extra"),
                value: TypeRef::Json,
                declared: false,
            }),
        };
        let conditions = self.conditions(&fields, conditions);
        let docs = schema.description.clone().or_else(|| schema.title.clone());
        let kind = TypeKind::Struct(Struct {
            fields,
            required: schema.required.names.clone(),
            constructor: None,
            derive_default: false,
            received: None,
            conditions,
            extra,
        });
        self.push_type(name, docs, pointer, kind);
        Ok(())
    }
}
