//! Schemas become types: components get their claimed names, inline objects, enums and
//! unions get names built from where they appear.

use serde_json::Value;

use super::names;
use super::{component_pointer, Lowerer};
use crate::error::{escape_pointer, Error, WarningKind};
use crate::ir::*;
use crate::spec::{AdditionalProperties, Items, Schema};

/// How deep schemas may nest, through properties and references, before lowering stops.
const MAX_DEPTH: usize = 4096;

/// A lowered schema: its type and whether `null` is allowed.
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    /// The type in a container position (an item, a map value, a branch): `Option` inside
    /// when `null` is allowed.
    pub fn wrapped(self) -> TypeRef {
        if self.nullable && !matches!(self.ty, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

impl Lowerer<'_> {
    /// A `$recursiveRef` or `$dynamicRef` as the `$ref` it stands for here: the component
    /// schema it sits in (found from its pointer, else the innermost being defined), which is
    /// what `#` names when every component is its own schema resource (OpenAI writes a compound
    /// filter as `oneOf: [{$ref: Comparison}, {$recursiveRef: '#'}]`). `None` for any other
    /// schema.
    pub(super) fn recursive_target(&self, schema: &Schema, pointer: &str) -> Option<Schema> {
        if schema.reference.is_some() || (schema.recursive_ref.is_none() && schema.dynamic_ref.is_none()) {
            return None;
        }
        let from_pointer = pointer
            .strip_prefix("/components/schemas/")
            .map(|rest| crate::error::unescape_pointer(rest.split('/').next().unwrap_or_default()))
            .filter(|key| self.doc.components.schemas.contains_key(key));
        let key = from_pointer.or_else(|| self.component_stack.last().cloned())?;
        Some(Schema {
            reference: Some(format!("#/components/schemas/{}", crate::error::escape_pointer(&key))),
            recursive_ref: None,
            dynamic_ref: None,
            ..schema.clone()
        })
    }

    pub(super) fn define_component(&mut self, key: &str) -> Result<(), Error> {
        let name = self.components[key].clone();
        if self.defined.contains(&name) || !self.in_progress.insert(name.clone()) {
            return Ok(());
        }
        let schema = &self.doc.components.schemas[key];
        self.component_stack.push(key.to_owned());
        let result = self.define_named(&name, schema, &component_pointer(key));
        self.component_stack.pop();
        self.in_progress.remove(&name);
        result
    }

    /// Defines a named type for `schema` under the already claimed `name`.
    fn define_named(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<(), Error> {
        let docs = schema.description.clone().or_else(|| schema.title.clone());
        let lowered = self.lower_shape(schema, pointer, name, true)?;
        let own = self.type_id(name);
        if !matches!(&lowered.ty, TypeRef::Named(id) if *id == own) {
            // The schema is not a struct, enum or union of its own (a string, an array, or a
            // reference to another component): a named alias keeps the component's name.
            self.push_type(name, docs, pointer, TypeKind::Alias(lowered.wrapped()));
        }
        // What the schema says beyond its type, which every `$ref` to it shares.
        let facts = self.facts_of(schema);
        if let Some(&i) = self.type_index.get(&own) {
            self.types[i].facts = facts;
        }
        Ok(())
    }

    /// The type of this id lowered so far, found through the index `push_type` keeps.
    pub(super) fn lowered(&self, id: TypeId) -> Option<&TypeDef> {
        self.type_index.get(&id).map(|&i| &self.types[i])
    }

    /// The id of the type claimed as `name` (names are unique in the crate's namespace), handed
    /// out the first time it is asked for.
    pub(super) fn type_id(&mut self, name: &str) -> TypeId {
        let next = TypeId(u32::try_from(self.type_ids.len()).unwrap_or(u32::MAX));
        *self.type_ids.entry(name.to_owned()).or_insert(next)
    }

    /// A named type as lowering first makes it (usage and validation are marked by later
    /// passes), under its id.
    pub(super) fn push_type(&mut self, name: &str, docs: Option<String>, pointer: &str, kind: TypeKind) {
        self.defined.insert(name.to_owned());
        let def = TypeDef {
            id: self.type_id(name),
            name: name.to_owned(),
            docs,
            pointer: pointer.to_owned(),
            in_request: false,
            in_response: false,
            validates: false,
            features: Vec::new(),
            facts: ValueFacts::default(),
            kind,
        };
        self.type_index.insert(def.id, self.types.len());
        self.types.push(def);
    }

    /// Lowers a schema in a field, item or branch position, at most `MAX_DEPTH` schemas deep
    /// (through nesting and references), past which it is `serde_json::Value`.
    pub(super) fn lower(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered, Error> {
        if self.depth >= MAX_DEPTH {
            self.warn(
                WarningKind::ValueFallback,
                pointer,
                format!("schemas nest more than {MAX_DEPTH} deep here: lowered to serde_json::Value"),
            );
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable: true,
            });
        }
        self.depth += 1;
        let lowered = self.lower_nested(schema, pointer, hint);
        self.depth -= 1;
        lowered
    }

    fn lower_nested(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered, Error> {
        if let Some(recursive) = self.recursive_target(schema, pointer) {
            return self.lower_nested(&recursive, pointer, hint);
        }
        let Some(reference) = &schema.reference else {
            // An inline schema a `$ref` elsewhere may point to: lowered once, shared by both.
            if let Some((ty, nullable)) = self.pointer_types.get(pointer) {
                return Ok(Lowered {
                    ty: ty.clone(),
                    nullable: *nullable,
                });
            }
            let lowered = self.lower_shape(schema, pointer, hint, false)?;
            // A type made here is described by this schema's facts, wherever it is used.
            if let TypeRef::Named(id) = &lowered.ty {
                if let Some(&i) = self.type_index.get(id) {
                    if self.types[i].pointer == pointer && self.types[i].facts == ValueFacts::default() {
                        self.types[i].facts = self.facts_of(schema);
                    }
                }
            }
            if matches!(lowered.ty, TypeRef::Named(_)) {
                self.pointer_types
                    .insert(pointer.to_owned(), (lowered.ty.clone(), lowered.nullable));
            }
            return Ok(lowered);
        };
        let ref_pointer = format!("{pointer}/$ref");
        let Some(key) = self.component_key(reference) else {
            return self.lower_pointer(reference, &ref_pointer, schema.nullable);
        };
        let name = self.components[&key].clone();
        let target = &self.doc.components.schemas[&key];
        if self.in_progress.contains(&name) {
            // A reference back into a type being defined is recursion, which a struct field
            // can hold; a chain of bare `$ref`s back to itself has no shape at all.
            if target.reference.is_some() && schema_is_bare_ref(target) {
                self.warn(
                    WarningKind::ValueFallback,
                    &component_pointer(&key),
                    "schema is only a chain of `$ref`s back to itself: lowered to serde_json::Value",
                );
                return Ok(Lowered {
                    ty: TypeRef::Json,
                    nullable: true,
                });
            }
        } else {
            self.define_component(&key)?;
        }
        let target_nullable = is_nullable_schema(&self.doc.components.schemas[&key]);
        Ok(Lowered {
            ty: TypeRef::Named(self.type_id(&name)),
            nullable: schema.nullable || target_nullable,
        })
    }

    /// Lowers a `$ref` to a JSON pointer other than a component (a property of a schema, a
    /// schema under `$defs`, a parameter's schema): once per pointer, named from where it
    /// points. One that leads nowhere is `serde_json::Value`.
    fn lower_pointer(&mut self, reference: &str, at: &str, nullable: bool) -> Result<Lowered, Error> {
        let Some((target, pointer)) = self.schema_at(reference, at) else {
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        };
        if let Some((ty, target_nullable)) = self.pointer_types.get(&pointer) {
            return Ok(Lowered {
                ty: ty.clone(),
                nullable: nullable || *target_nullable,
            });
        }
        if !self.pointers_in_progress.insert(pointer.clone()) {
            self.warn(
                WarningKind::ValueFallback,
                at,
                "a `$ref` into a schema that contains it: lowered to serde_json::Value",
            );
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }
        // A place in another file is named from its place in that file.
        let hint = match pointer.split_once('#') {
            Some((file, "")) => crate::ident::type_name(
                file.rsplit('/')
                    .next()
                    .unwrap_or(file)
                    .split('.')
                    .next()
                    .unwrap_or(file),
            ),
            Some((_, inner)) => hint_from_pointer(inner),
            None => hint_from_pointer(&pointer),
        };
        let lowered = self.lower(&target, &pointer, &hint);
        self.pointers_in_progress.remove(&pointer);
        let lowered = lowered?;
        self.pointer_types
            .insert(pointer, (lowered.ty.clone(), lowered.nullable));
        Ok(Lowered {
            ty: lowered.ty,
            nullable: nullable || lowered.nullable,
        })
    }

    /// Lowers a schema that is not a bare `$ref`. `named` says that `hint` is already claimed
    /// for this schema (a component); otherwise a new type claims a name built from `hint`.
    pub(super) fn lower_shape(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &str,
        named: bool,
    ) -> Result<Lowered, Error> {
        if schema.reference.is_some() {
            // A component that is another name for a component; `lower` handles every other
            // reference before it gets here.
            return self.lower(schema, pointer, hint);
        }
        let mut nullable = schema.nullable;
        let mut types: Vec<&str> = schema.ty.as_ref().map(|t| t.names()).unwrap_or_default();
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }
        if let Some(unknown) = types
            .iter()
            .find(|t| !matches!(**t, "string" | "integer" | "number" | "boolean" | "array" | "object"))
        {
            self.warn(
                WarningKind::ValueFallback,
                &format!("{pointer}/type"),
                format!("unknown type `{unknown}`: lowered to serde_json::Value"),
            );
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }
        if schema.not.is_some() {
            self.warn(
                WarningKind::ValueFallback,
                pointer,
                "`not` is not supported: lowered to serde_json::Value",
            );
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }
        let alternatives = !schema.one_of.is_empty() || !schema.any_of.is_empty();
        // Properties beside a `oneOf` are a base object and its forms, as in an `allOf`.
        let based = alternatives && !schema.properties.is_empty() && self.forms_are_objects(schema);
        if alternatives && !based {
            return self.lower_alternatives(schema, pointer, hint, named, nullable);
        }
        if !schema.all_of.is_empty() || based {
            // Members that only annotate (`allOf: [{$ref: Lang}, {description: …}]`, a common
            // way to document a reference in 3.0) add nothing to the type, except nullability.
            let substantive: Vec<usize> = (0..schema.all_of.len())
                .filter(|&i| !annotation_only(&schema.all_of[i]))
                .collect();
            let annotated_null = schema.all_of.iter().any(|m| annotation_only(m) && m.nullable);
            if let ([only], true, false) = (substantive.as_slice(), schema.properties.is_empty(), based) {
                let at = format!("{pointer}/allOf/{only}");
                let inner = self.lower_in_place(&schema.all_of[*only], &at, hint, named)?;
                return Ok(Lowered {
                    ty: inner.ty,
                    nullable: nullable || annotated_null || inner.nullable,
                });
            }
            let merged = self.merge_all_of(schema, pointer)?;
            let name = self.name_for(hint, named);
            self.define_struct_with(&name, &merged.schema, &merged.unions, &merged.conditions, pointer)?;
            return Ok(Lowered {
                ty: TypeRef::Named(self.type_id(&name)),
                nullable,
            });
        }
        if let Some(values) = &schema.enum_values {
            return Ok(self.lower_enum(schema, values, pointer, hint, named, nullable));
        }

        let kind = match types.as_slice() {
            [] if !schema.properties.is_empty() || schema.additional_properties.is_some() => "object",
            // A list of `items` schemas with no `type` (Slack's `ids`: `items: {items: [A, B]}`)
            // constrains only a value that happens to be a list: any JSON value is valid.
            [] if matches!(&schema.items, Some(Items::Many(list)) if list.len() > 1) => {
                self.warn(
                    WarningKind::ValueFallback,
                    pointer,
                    "tuple `items` without `type: array` constrains only a value that is a list: lowered to serde_json::Value",
                );
                ""
            }
            [] if schema.items.is_some() => "array",
            [] => match &schema.const_value {
                Some(Value::String(_)) => "string",
                Some(Value::Bool(_)) => "boolean",
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "integer",
                Some(Value::Number(_)) => "number",
                _ => "",
            },
            [one] => one,
            _ => {
                self.warn(
                    WarningKind::ValueFallback,
                    pointer,
                    format!("several types {types:?}: lowered to serde_json::Value"),
                );
                return Ok(Lowered {
                    ty: TypeRef::Json,
                    nullable,
                });
            }
        };
        let ty = match kind {
            "string" => TypeRef::String,
            "integer" => integer_type(schema),
            "number" => TypeRef::F64,
            "boolean" => TypeRef::Bool,
            "array" => TypeRef::Vec(Box::new(self.lower_items(schema, pointer, hint)?)),
            "object" => self.lower_object(schema, pointer, hint, named)?,
            _ => TypeRef::Json,
        };
        Ok(Lowered { ty, nullable })
    }

    fn lower_enum(
        &mut self,
        schema: &Schema,
        values: &[Value],
        pointer: &str,
        hint: &str,
        named: bool,
        mut nullable: bool,
    ) -> Lowered {
        if values.iter().any(Value::is_null) {
            nullable = true;
        }
        let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let declared_string = schema.ty.as_ref().is_some_and(|t| t.names().contains(&"string"));
        // A string enum whose YAML wrote `yes`, `on` or `1` unquoted, which a YAML 1.1 reader
        // (or a JSON author) made a boolean or a number: the values are what they spell.
        let scalar_text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(_) | Value::Number(_) if declared_string => Some(v.to_string()),
            _ => None,
        };
        let strings: Vec<String> = present.iter().filter_map(|v| scalar_text(v)).collect();
        if declared_string && strings.len() == present.len() && present.iter().any(|v| !v.is_string()) {
            self.warn(
                WarningKind::Lenient,
                pointer,
                "a string enum lists values that are not strings: read as the text they spell",
            );
        }
        let ty = if present.is_empty() {
            TypeRef::Json
        } else if strings.len() == present.len() {
            let name = self.name_for(hint, named);
            self.define_enum(&name, schema.description.clone(), pointer, &strings, false);
            TypeRef::Named(self.type_id(&name))
        } else if present.iter().all(|v| v.is_i64() || v.is_u64()) {
            // Integer and boolean enums keep their plain type; the values are documented.
            integer_type(schema)
        } else if present.iter().all(|v| v.is_number()) {
            // A number enum (`[1.1, -1.2]`) is a number, as an integer enum is an integer.
            TypeRef::F64
        } else if present.iter().all(|v| v.is_boolean()) {
            TypeRef::Bool
        } else {
            self.warn(
                WarningKind::ValueFallback,
                pointer,
                "enum of mixed or non-string values: lowered to serde_json::Value",
            );
            TypeRef::Json
        };
        Lowered { ty, nullable }
    }

    fn lower_items(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<TypeRef, Error> {
        let item_hint = format!("{hint}Item");
        Ok(match &schema.items {
            Some(Items::One(items)) => self.lower(items, &format!("{pointer}/items"), &item_hint)?.wrapped(),
            Some(Items::Many(list)) if list.len() == 1 => {
                self.warn(
                    WarningKind::Lenient,
                    pointer,
                    "`items` is a one-element list: read as that one schema",
                );
                self.lower(&list[0], &format!("{pointer}/items/0"), &item_hint)?
                    .wrapped()
            }
            Some(Items::Many(_)) => {
                self.warn(
                    WarningKind::ValueFallback,
                    pointer,
                    "tuple `items` lists are not supported: items lowered to serde_json::Value",
                );
                TypeRef::Json
            }
            None => TypeRef::Json,
        })
    }

    fn lower_object(&mut self, schema: &Schema, pointer: &str, hint: &str, named: bool) -> Result<TypeRef, Error> {
        if !schema.properties.is_empty() {
            let name = self.name_for(hint, named);
            self.define_struct(&name, schema, pointer)?;
            return Ok(TypeRef::Named(self.type_id(&name)));
        }
        let value_hint = format!("{hint}Value");
        let has_patterns = !schema.pattern_properties.is_empty();
        Ok(match &schema.additional_properties {
            Some(AdditionalProperties::Schema(value)) => {
                let p = format!("{pointer}/additionalProperties");
                TypeRef::Map(Box::new(self.lower(value, &p, &value_hint)?.wrapped()))
            }
            Some(AdditionalProperties::Bool(false)) if !has_patterns => {
                let name = self.name_for(hint, named);
                self.define_struct(&name, schema, pointer)?;
                TypeRef::Named(self.type_id(&name))
            }
            _ if schema.pattern_properties.len() == 1 => {
                let (pattern, value) = schema.pattern_properties.first().expect("one pattern");
                let p = format!("{pointer}/patternProperties/{}", escape_pointer(pattern));
                TypeRef::Map(Box::new(self.lower(value, &p, &value_hint)?.wrapped()))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        })
    }

    /// Lowers a sole branch (of a one-branch `allOf` or a nullable `anyOf`) in the place of its
    /// parent, so the parent's name goes to the branch when the branch needs one.
    pub(super) fn lower_in_place(
        &mut self,
        branch: &Schema,
        pointer: &str,
        hint: &str,
        named: bool,
    ) -> Result<Lowered, Error> {
        if branch.reference.is_some() {
            return self.lower(branch, pointer, hint);
        }
        self.lower_shape(branch, pointer, hint, named)
    }

    pub(super) fn name_for(&mut self, hint: &str, named: bool) -> String {
        if named {
            hint.to_owned()
        } else {
            self.claim_type(hint)
        }
    }

    /// Defines an enum of string values, each variant claimed in the enum's own namespace.
    /// Whether it is open, and so the name of its catch-all, is decided once usage is known.
    pub(super) fn define_enum(
        &mut self,
        name: &str,
        docs: Option<String>,
        pointer: &str,
        values: &[String],
        open: bool,
    ) {
        let mut unique: Vec<String> = Vec::new();
        for value in values {
            if !unique.contains(value) {
                unique.push(value.clone());
            }
        }
        let variants = unique
            .iter()
            .zip(names::variants(&unique))
            .map(|(wire, rust_name)| EnumVariant {
                wire: wire.clone(),
                rust_name,
            })
            .collect();
        if open {
            let id = self.type_id(name);
            self.declared_open.insert(id);
        }
        let kind = TypeKind::Enum(StringEnum {
            variants,
            other: None,
            default_variant: None,
        });
        self.push_type(name, docs, pointer, kind);
    }
}

/// A type name for what a pointer points to, from its last segments that are names
/// (`/components/schemas/Event/properties/kind` gives `EventKind`).
fn hint_from_pointer(pointer: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "schemas",
        "components",
        "$defs",
        "definitions",
        "additionalProperties",
        "content",
        "schema",
        "parameters",
        "responses",
        "requestBody",
        "paths",
    ];
    let names: Vec<String> = pointer
        .split('/')
        .filter(|s| !s.is_empty() && !KEYWORDS.contains(s) && !s.chars().all(|c| c.is_ascii_digit()))
        .map(crate::error::unescape_pointer)
        .collect();
    let tail = &names[names.len().saturating_sub(2)..];
    let hint: String = tail.iter().map(|n| crate::ident::type_name(n)).collect();
    if hint.is_empty() {
        "Schema".to_owned()
    } else {
        hint
    }
}

fn schema_is_bare_ref(schema: &Schema) -> bool {
    let mut bare = schema.clone();
    bare.reference = None;
    bare.description = None;
    bare.title = None;
    bare == Schema::default()
}

/// Whether a schema allows only `null`.
pub(super) fn is_null_schema(schema: &Schema) -> bool {
    match &schema.ty {
        Some(t) => t.names() == ["null"],
        None => {
            schema.const_value == Some(Value::Null)
                || schema
                    .enum_values
                    .as_ref()
                    .is_some_and(|v| v.len() == 1 && v[0].is_null())
        }
    }
}

/// Whether a component schema allows `null` besides its type: `nullable`, a `null` among its
/// types or enum values, or a `null` branch of its union (`anyOf: [{type: string}, {type:
/// null}]`), so that every place that refers to it takes an `Option`.
fn is_nullable_schema(schema: &Schema) -> bool {
    schema.nullable
        || schema
            .ty
            .as_ref()
            .is_some_and(|t| t.names().contains(&"null") && t.names().len() > 1)
        || schema
            .enum_values
            .as_ref()
            .is_some_and(|v| v.len() > 1 && v.iter().any(serde_json::Value::is_null))
        || schema.one_of.iter().chain(&schema.any_of).any(is_null_schema)
}

fn integer_type(schema: &Schema) -> TypeRef {
    let unsigned = schema.minimum.is_some_and(|m| m >= 0.0);
    match (schema.format.as_deref(), unsigned) {
        (Some("int32"), false) => TypeRef::I32,
        (Some("int32"), true) => TypeRef::U32,
        (Some("uint32"), _) => TypeRef::U32,
        (Some("uint64"), _) => TypeRef::U64,
        (_, true) => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// Whether a schema only annotates (docs, examples, a default, flags) and constrains nothing.
fn annotation_only(schema: &Schema) -> bool {
    let bare = Schema {
        title: None,
        description: None,
        example: None,
        examples: None,
        default: None,
        deprecated: false,
        read_only: false,
        write_only: false,
        nullable: false,
        xml: None,
        ..schema.clone()
    };
    bare == Schema::default()
}
