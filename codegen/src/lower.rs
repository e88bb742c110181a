//! Lowering: the typed spec becomes the IR. Every name is decided here, once.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value;

use crate::error::{escape_pointer, unescape_pointer, Error, Location, Warning};
use crate::ident::{field_name, type_name, unique};
use crate::ir::*;
use crate::spec::{self, AdditionalProperties, Items, OpenApi, Schema};

/// Names that would shadow the prelude or the runtime's exports at the crate root.
const RESERVED: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "ToString",
    "ToOwned",
    "Client",
    "ClientBuilder",
    "Error",
    "RequestOptions",
    "EventStream",
    "Validate",
    "ValidationError",
    "ApiError",
    "Unpin",
];

/// Lowers a loaded document; `file` names the spec in error messages.
pub fn lower(doc: &OpenApi, file: &str) -> Result<Api, Error> {
    let mut l = Lowerer {
        doc,
        file,
        types: Vec::new(),
        taken: BTreeSet::new(),
        components: IndexMap::new(),
        defined: BTreeSet::new(),
        in_progress: BTreeSet::new(),
        strip_tags: BTreeMap::new(),
        warnings: Vec::new(),
    };
    l.check_version()?;
    for key in doc.components.schemas.keys() {
        let name = l.claim(&type_name(key));
        l.components.insert(key.clone(), name);
    }
    for key in doc.components.schemas.keys() {
        l.define_component(key)?;
    }
    let operations = l.operations()?;
    if !doc.webhooks.is_empty() {
        l.warn(
            "/webhooks",
            "webhooks skipped: the client only calls the API, it does not receive calls",
        );
    }
    let auth = l.auth();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        docs: doc.info.description.clone().or_else(|| doc.info.summary.clone()),
        server_url: doc.servers.first().map(|s| s.url.trim_end_matches('/').to_owned()),
        auth,
        types: l.types,
        operations,
        warnings: l.warnings,
    };
    order_types(&mut api.types, &doc.components.schemas);
    strip_tag_fields(&mut api, &l.strip_tags);
    mark_usage(&mut api);
    mark_boxes(&mut api);
    mark_validation(&mut api);
    Ok(api)
}

struct Lowerer<'a> {
    doc: &'a OpenApi,
    file: &'a str,
    types: Vec<TypeDef>,
    taken: BTreeSet<String>,
    /// Component schema key to Rust name, claimed before anything else is lowered.
    components: IndexMap<String, String>,
    defined: BTreeSet<String>,
    in_progress: BTreeSet<String>,
    /// Struct name to the discriminator property a tagged union carries for it.
    strip_tags: BTreeMap<String, String>,
    warnings: Vec<Warning>,
}

/// A lowered schema: its type and whether `null` is allowed.
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl<'a> Lowerer<'a> {
    fn location(&self, pointer: &str) -> Location {
        Location {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            line_column: None,
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            location: self.location(pointer),
            message: message.into(),
        }
    }

    fn unsupported(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Unsupported {
            location: self.location(pointer),
            message: message.into(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn claim(&mut self, base: &str) -> String {
        let base = if RESERVED.contains(&base) {
            format!("{base}Model")
        } else {
            base.to_owned()
        };
        let name = unique(&base, |n| self.taken.contains(n));
        self.taken.insert(name.clone());
        name
    }

    fn check_version(&self) -> Result<(), Error> {
        match self.doc.openapi.as_deref() {
            Some(v) if v.starts_with("3.0.") || v.starts_with("3.1.") || v == "3.0" || v == "3.1" => Ok(()),
            Some(v) => Err(self.invalid(
                "/openapi",
                format!("openapi version `{v}` is not supported; expected 3.0.x or 3.1.x"),
            )),
            None => Err(self.invalid("", "missing `openapi` version; expected 3.0.x or 3.1.x")),
        }
    }

    fn auth(&self) -> Auth {
        for scheme in self.doc.components.security_schemes.values() {
            match (
                scheme.kind.as_str(),
                scheme.scheme.as_deref(),
                scheme.location.as_deref(),
            ) {
                ("http", Some(s), _) if s.eq_ignore_ascii_case("bearer") => return Auth::Bearer,
                ("oauth2" | "openIdConnect", _, _) => return Auth::Bearer,
                ("apiKey", _, Some("header")) => {
                    let name = scheme.name.clone().unwrap_or_default();
                    if name.eq_ignore_ascii_case("authorization") {
                        return Auth::Bearer;
                    }
                    return Auth::Header(name);
                }
                _ => {}
            }
        }
        Auth::None
    }

    // ----- schemas -----

    /// Resolves `#/components/schemas/Name` to the component key.
    fn schema_ref_key(&self, reference: &str, pointer: &str) -> Result<String, Error> {
        let Some(rest) = reference.strip_prefix("#/components/schemas/") else {
            return Err(self.unsupported(
                pointer,
                format!("`$ref: {reference}`: only references to #/components/schemas/... are supported"),
            ));
        };
        let key = unescape_pointer(rest);
        if !self.doc.components.schemas.contains_key(&key) {
            return Err(self.invalid(pointer, format!("`$ref: {reference}` points to no schema")));
        }
        Ok(key)
    }

    fn define_component(&mut self, key: &str) -> Result<(), Error> {
        let name = self.components[key].clone();
        if self.defined.contains(&name) {
            return Ok(());
        }
        if !self.in_progress.insert(name.clone()) {
            // A component that only refers, through aliases, back to itself has no shape.
            let pointer = format!("/components/schemas/{}", escape_pointer(key));
            return Err(self.invalid(
                &pointer,
                "schema is only a chain of `$ref`s back to itself, so it has no shape",
            ));
        }
        let schema = &self.doc.components.schemas[key];
        let pointer = format!("/components/schemas/{}", escape_pointer(key));
        let result = self.define_named(&name, schema, &pointer);
        self.in_progress.remove(&name);
        result?;
        Ok(())
    }

    /// Defines a named type for `schema` under the already claimed `name`.
    fn define_named(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<bool, Error> {
        let docs = schema.description.clone().or_else(|| schema.title.clone());
        let lowered = self.lower_shape(schema, pointer, name, true)?;
        let nullable = lowered.nullable;
        match lowered.ty {
            TypeRef::Named(ref n) if n == name => {}
            other => {
                // The schema is not a struct, enum or union of its own (a string, an array, or a
                // reference to another component): a named alias keeps the component's name.
                let ty = if nullable {
                    TypeRef::Option(Box::new(other))
                } else {
                    other
                };
                self.push_type(TypeDef {
                    name: name.to_owned(),
                    docs,
                    pointer: pointer.to_owned(),
                    in_request: false,
                    in_response: false,
                    kind: TypeKind::Alias(ty),
                });
            }
        }
        Ok(nullable)
    }

    fn push_type(&mut self, def: TypeDef) {
        self.defined.insert(def.name.clone());
        self.types.push(def);
    }

    /// Lowers a schema in a field, item or branch position.
    fn lower(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered, Error> {
        if let Some(reference) = &schema.reference {
            let key = self.schema_ref_key(reference, &format!("{pointer}/$ref"))?;
            let name = self.components[&key].clone();
            if self.in_progress.contains(&name) {
                // A reference back into a type being defined: only a pure alias chain is an
                // error (caught in `define_component`); a field of a struct is recursion.
                let target = &self.doc.components.schemas[&key];
                if target.reference.is_some() && schema_is_bare_ref(target) {
                    let target_pointer = format!("/components/schemas/{}", escape_pointer(&key));
                    return Err(self.invalid(
                        &target_pointer,
                        "schema is only a chain of `$ref`s back to itself, so it has no shape",
                    ));
                }
            } else {
                self.define_component(&key)?;
            }
            let target_nullable = is_nullable_schema(&self.doc.components.schemas[&key]);
            return Ok(Lowered {
                ty: TypeRef::Named(name),
                nullable: schema.nullable || target_nullable,
            });
        }
        self.lower_shape(schema, pointer, hint, false)
    }

    /// Lowers a schema that is not a bare `$ref`. `named` says that `hint` is already claimed
    /// for this schema (a component); otherwise a new type claims a name built from `hint`.
    fn lower_shape(&mut self, schema: &Schema, pointer: &str, hint: &str, named: bool) -> Result<Lowered, Error> {
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
        for t in &types {
            if !matches!(*t, "string" | "integer" | "number" | "boolean" | "array" | "object") {
                return Err(self.invalid(&format!("{pointer}/type"), format!("unknown type `{t}`")));
            }
        }
        if schema.not.is_some() {
            self.warn(pointer, "`not` is not supported: lowered to serde_json::Value");
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }

        let (alts, keyword) = match (schema.one_of.is_empty(), schema.any_of.is_empty()) {
            (false, _) => (&schema.one_of, "oneOf"),
            (true, false) => (&schema.any_of, "anyOf"),
            (true, true) => (&schema.any_of, ""),
        };
        if !alts.is_empty() {
            if !schema.one_of.is_empty() && !schema.any_of.is_empty() {
                self.warn(pointer, "both oneOf and anyOf: anyOf ignored");
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
            if let Some(values) = open_enum_values(&branches) {
                let name = self.name_for(hint, named);
                let docs = schema.description.clone();
                self.define_enum(&name, docs, pointer, &values, true);
                return Ok(Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                });
            }
            let name = self.name_for(hint, named);
            self.define_union(&name, schema, &branches, pointer, keyword)?;
            return Ok(Lowered {
                ty: TypeRef::Named(name),
                nullable,
            });
        }

        if !schema.all_of.is_empty() {
            if schema.all_of.len() == 1 && schema.properties.is_empty() {
                let inner = self.lower_in_place(&schema.all_of[0], &format!("{pointer}/allOf/0"), hint, named)?;
                return Ok(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                });
            }
            let merged = self.merge_all_of(schema, pointer)?;
            let name = self.name_for(hint, named);
            self.define_struct(&name, &merged, pointer)?;
            return Ok(Lowered {
                ty: TypeRef::Named(name),
                nullable,
            });
        }

        if let Some(values) = &schema.enum_values {
            let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
            if values.iter().any(Value::is_null) {
                nullable = true;
            }
            let non_null = values.iter().filter(|v| !v.is_null()).count();
            if strings.len() == non_null && non_null > 0 {
                let name = self.name_for(hint, named);
                self.define_enum(&name, schema.description.clone(), pointer, &strings, false);
                return Ok(Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                });
            }
            if values.iter().filter(|v| !v.is_null()).all(Value::is_i64) && non_null > 0 {
                return Ok(Lowered {
                    ty: integer_type(schema),
                    nullable,
                });
            }
            self.warn(
                pointer,
                "enum of mixed or non-string values: lowered to serde_json::Value",
            );
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }

        let kind = match types.as_slice() {
            [] if !schema.properties.is_empty() || schema.additional_properties.is_some() => "object",
            [] if schema.items.is_some() => "array",
            [] => {
                if let Some(c) = &schema.const_value {
                    match c {
                        Value::String(_) => "string",
                        Value::Bool(_) => "boolean",
                        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                        Value::Number(_) => "number",
                        _ => "",
                    }
                } else {
                    ""
                }
            }
            [one] => one,
            _ => {
                self.warn(
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
            "array" => {
                let item = match &schema.items {
                    Some(Items::One(items)) => {
                        let lowered = self.lower(items, &format!("{pointer}/items"), &format!("{hint}Item"))?;
                        wrap_nullable(lowered)
                    }
                    Some(Items::Many(list)) if list.len() == 1 => {
                        self.warn(pointer, "`items` is a one-element list: read as that one schema");
                        let lowered = self.lower(&list[0], &format!("{pointer}/items/0"), &format!("{hint}Item"))?;
                        wrap_nullable(lowered)
                    }
                    Some(Items::Many(_)) => {
                        self.warn(
                            pointer,
                            "tuple `items` lists are not supported: items lowered to serde_json::Value",
                        );
                        TypeRef::Json
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            "object" => {
                if schema.properties.is_empty() {
                    let has_patterns = !schema.pattern_properties.is_empty();
                    match &schema.additional_properties {
                        Some(AdditionalProperties::Schema(value)) => {
                            let lowered = self.lower(
                                value,
                                &format!("{pointer}/additionalProperties"),
                                &format!("{hint}Value"),
                            )?;
                            TypeRef::Map(Box::new(wrap_nullable(lowered)))
                        }
                        Some(AdditionalProperties::Bool(false)) if !has_patterns => {
                            let name = self.name_for(hint, named);
                            self.define_struct(&name, schema, pointer)?;
                            TypeRef::Named(name)
                        }
                        _ if has_patterns && schema.pattern_properties.len() == 1 => {
                            let (pattern, value) = schema.pattern_properties.first().expect("one pattern");
                            let p = format!("{pointer}/patternProperties/{}", escape_pointer(pattern));
                            let lowered = self.lower(value, &p, &format!("{hint}Value"))?;
                            TypeRef::Map(Box::new(wrap_nullable(lowered)))
                        }
                        _ => TypeRef::Map(Box::new(TypeRef::Json)),
                    }
                } else {
                    let name = self.name_for(hint, named);
                    self.define_struct(&name, schema, pointer)?;
                    TypeRef::Named(name)
                }
            }
            _ => TypeRef::Json,
        };
        Ok(Lowered { ty, nullable })
    }

    /// Lowers a sole branch (of a one-branch `allOf` or a nullable `anyOf`) in the place of its
    /// parent, so the parent's name goes to the branch when the branch needs one.
    fn lower_in_place(&mut self, branch: &Schema, pointer: &str, hint: &str, named: bool) -> Result<Lowered, Error> {
        if branch.reference.is_some() {
            return self.lower(branch, pointer, hint);
        }
        self.lower_shape(branch, pointer, hint, named)
    }

    fn name_for(&mut self, hint: &str, named: bool) -> String {
        if named {
            hint.to_owned()
        } else {
            self.claim(&type_name(hint))
        }
    }

    fn define_enum(&mut self, name: &str, docs: Option<String>, pointer: &str, values: &[String], open: bool) {
        let mut used = BTreeSet::new();
        if open {
            used.insert("Other".to_owned());
        }
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for value in values {
            if !seen.insert(value.clone()) {
                continue;
            }
            let rust_name = unique(&type_name(value), |n| used.contains(n));
            used.insert(rust_name.clone());
            variants.push(EnumVariant {
                wire: value.clone(),
                rust_name,
            });
        }
        self.push_type(TypeDef {
            name: name.to_owned(),
            docs,
            pointer: pointer.to_owned(),
            in_request: false,
            in_response: false,
            kind: TypeKind::Enum(StringEnum { variants, open }),
        });
    }

    fn define_struct(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<(), Error> {
        // Claim the name before the fields, so a recursive reference finds it.
        self.defined.insert(name.to_owned());
        let mut fields = Vec::new();
        let mut used = BTreeSet::new();
        for (wire, prop) in &schema.properties {
            let prop_pointer = format!("{pointer}/properties/{}", escape_pointer(wire));
            let hint = format!("{name}{}", type_name(wire));
            let lowered = self.lower(prop, &prop_pointer, &hint)?;
            let rust_name = unique(&field_name(wire), |n| used.contains(n));
            used.insert(rust_name.clone());
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                ty: lowered.ty,
                required: schema.required.contains(wire),
                nullable: lowered.nullable,
                boxed: false,
                docs: prop.description.clone().or_else(|| prop.title.clone()),
                default: prop.default.clone(),
                format: prop.format.clone(),
                const_value: prop.const_value.clone(),
                constraints: constraints(prop),
            });
        }
        let extra = match &schema.additional_properties {
            Some(AdditionalProperties::Bool(false)) => None,
            Some(AdditionalProperties::Schema(value)) => {
                let p = format!("{pointer}/additionalProperties");
                let lowered = self.lower(value, &p, &format!("{name}Value"))?;
                Some(Extra {
                    rust_name: unique("extra", |n| used.contains(n)),
                    value: wrap_nullable(lowered),
                    declared: true,
                })
            }
            _ => Some(Extra {
                rust_name: unique("extra", |n| used.contains(n)),
                value: TypeRef::Json,
                declared: false,
            }),
        };
        self.push_type(TypeDef {
            name: name.to_owned(),
            docs: schema.description.clone().or_else(|| schema.title.clone()),
            pointer: pointer.to_owned(),
            in_request: false,
            in_response: false,
            kind: TypeKind::Struct(Struct { fields, extra }),
        });
        Ok(())
    }

    /// Merges the members of an `allOf` (and the schema's own properties) into one object schema.
    fn merge_all_of(&self, schema: &Schema, pointer: &str) -> Result<Schema, Error> {
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
        if depth > 32 {
            return Err(self.invalid(pointer, "allOf nests too deeply (a cycle of references?)"));
        }
        if let Some(reference) = &schema.reference {
            let key = self.schema_ref_key(reference, &format!("{pointer}/$ref"))?;
            let target = &self.doc.components.schemas[&key];
            return self.flatten_all_of(
                target,
                &format!("/components/schemas/{}", escape_pointer(&key)),
                out,
                depth + 1,
            );
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            self.flatten_all_of(part, &format!("{pointer}/allOf/{i}"), out, depth + 1)?;
        }
        let mut own = schema.clone();
        own.all_of.clear();
        out.push((pointer.to_owned(), own));
        Ok(())
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
        let tag = match &schema.discriminator {
            Some(d) => Some(d.property_name.clone()),
            None => self.common_const_property(branches),
        };
        let mut variants = Vec::new();
        let mut used = BTreeSet::new();
        for &(i, branch) in branches {
            let branch_pointer = format!("{pointer}/{keyword}/{i}");
            let component = match &branch.reference {
                Some(r) => Some(self.schema_ref_key(r, &format!("{branch_pointer}/$ref"))?),
                None => None,
            };
            let tag_value = match &tag {
                Some(prop) => Some(self.tag_value(schema, prop, branch, component.as_deref(), &branch_pointer)?),
                None => None,
            };
            let base = match (&tag_value, &component, &branch.title) {
                (Some(v), _, _) => type_name(v),
                (None, Some(key), _) => type_name(key),
                (None, None, Some(title)) => type_name(title),
                (None, None, None) => kind_name(branch).unwrap_or_else(|| format!("Variant{i}")),
            };
            let rust_name = unique(&base, |n| used.contains(n));
            used.insert(rust_name.clone());
            let lowered = self.lower(branch, &branch_pointer, &format!("{name}{rust_name}"))?;
            if let (Some(prop), TypeRef::Named(target)) = (&tag, &lowered.ty) {
                self.strip_tags.insert(target.clone(), prop.clone());
            }
            if tag.is_some() && (!matches!(lowered.ty, TypeRef::Named(_)) || !self.is_object(branch)) {
                return Err(self.unsupported(&branch_pointer, "a tagged union branch must be an object schema"));
            }
            variants.push(UnionVariant {
                rust_name,
                tag_value,
                ty: wrap_nullable(lowered),
                docs: branch.description.clone(),
            });
        }
        if tag.is_none() {
            let objects = branches.iter().filter(|(_, b)| self.is_object(b)).count();
            if objects > 1 {
                self.warn(
                    pointer,
                    "untagged union of several object schemas: the first variant that fits is chosen",
                );
            }
        }
        self.push_type(TypeDef {
            name: name.to_owned(),
            docs: schema.description.clone().or_else(|| schema.title.clone()),
            pointer: pointer.to_owned(),
            in_request: false,
            in_response: false,
            kind: TypeKind::Union(Union { tag, variants }),
        });
        Ok(())
    }

    fn resolve<'s>(&'s self, schema: &'s Schema) -> &'s Schema {
        let mut current = schema;
        for _ in 0..32 {
            match current
                .reference
                .as_deref()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                Some(key) => match self.doc.components.schemas.get(&unescape_pointer(key)) {
                    Some(next) => current = next,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    fn is_object(&self, schema: &Schema) -> bool {
        let s = self.resolve(schema);
        !s.properties.is_empty() || !s.all_of.is_empty() || s.ty.as_ref().is_some_and(|t| t.names().contains(&"object"))
    }

    /// The property on which every branch has a distinct constant value, if there is one.
    fn common_const_property(&self, branches: &[(usize, &Schema)]) -> Option<String> {
        let first = self.resolve(branches.first()?.1);
        'props: for (prop, _) in &first.properties {
            let mut values = BTreeSet::new();
            for (_, branch) in branches {
                let b = self.resolve(branch);
                match b.properties.get(prop).and_then(single_value) {
                    Some(v) if b.required.contains(prop) && values.insert(v.clone()) => {}
                    _ => continue 'props,
                }
            }
            return Some(prop.clone());
        }
        None
    }

    fn tag_value(
        &self,
        union: &Schema,
        prop: &str,
        branch: &Schema,
        component: Option<&str>,
        pointer: &str,
    ) -> Result<String, Error> {
        if let (Some(d), Some(key)) = (&union.discriminator, component) {
            for (value, target) in &d.mapping {
                let target_key = target.strip_prefix("#/components/schemas/").map(unescape_pointer);
                if target_key.as_deref() == Some(key) || target == key {
                    return Ok(value.clone());
                }
            }
        }
        if let Some(v) = self.resolve(branch).properties.get(prop).and_then(single_value) {
            return Ok(v);
        }
        match component {
            Some(key) => Ok(key.to_owned()),
            None => Err(self.invalid(
                pointer,
                format!("cannot tell this branch's `{prop}` value: add a discriminator mapping or a const"),
            )),
        }
    }

    // ----- operations -----

    fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut ops = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut method_names = BTreeSet::new();
        let doc: &'a OpenApi = self.doc;
        for (path, item) in &doc.paths {
            let item_pointer = format!("/paths/{}", escape_pointer(path));
            if item.reference.is_some() {
                return Err(self.unsupported(&format!("{item_pointer}/$ref"), "path item references"));
            }
            for (method, op) in item.operations() {
                let op_pointer = format!("{item_pointer}/{method}");
                let id = match &op.operation_id {
                    Some(id) => id.clone(),
                    None => format!("{method}_{path}"),
                };
                if let Some(first) = ids.get(&id) {
                    return Err(self.invalid(
                        &format!("{op_pointer}/operationId"),
                        format!("duplicate operationId `{id}` (first used at #{first})"),
                    ));
                }
                ids.insert(id.clone(), op_pointer.clone());
                let method_name = unique(&field_name(&id), |n| {
                    method_names.contains(n)
                        || n.ends_with("_stream") && method_names.contains(n.trim_end_matches("_stream"))
                });
                method_names.insert(method_name.clone());
                if let Some(op) = self.operation(path, method, item, op, &op_pointer, id, method_name)? {
                    ops.push(op);
                }
            }
        }
        Ok(ops)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a spec::PathItem,
        op: &'a spec::Operation,
        pointer: &str,
        id: String,
        method_name: String,
    ) -> Result<Option<Operation>, Error> {
        let type_base = type_name(&id);
        // Parameters: the operation's own override the path's, by name and location.
        let mut params: Vec<Param> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut used_names = BTreeSet::from(["body".to_owned(), "options".to_owned()]);
        let own = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        let shared = item.parameters.iter().enumerate().map(|(i, p)| {
            (
                p,
                format!(
                    "{}/parameters/{i}",
                    pointer.rsplit_once('/').map(|(a, _)| a).unwrap_or(pointer)
                ),
            )
        });
        for (param, param_pointer) in own.chain(shared) {
            let (param, param_pointer) = self.resolve_param(param, &param_pointer)?;
            if !seen.insert((param.name.clone(), param.location.clone())) {
                continue;
            }
            let location = match param.location.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                other => {
                    self.warn(&param_pointer, format!("`{other}` parameter `{}` skipped", param.name));
                    continue;
                }
            };
            let ty = match &param.schema {
                Some(s) => {
                    let hint = format!("{type_base}{}", type_name(&param.name));
                    wrap_nullable(self.lower(s, &format!("{param_pointer}/schema"), &hint)?)
                }
                None => TypeRef::String,
            };
            let rust_name = unique(&field_name(&param.name), |n| used_names.contains(n));
            used_names.insert(rust_name.clone());
            params.push(Param {
                wire_name: param.name.clone(),
                rust_name,
                location,
                ty,
                required: param.required || location == ParamLocation::Path,
                explode: param.explode.unwrap_or(true),
                docs: param.description.clone(),
            });
        }
        for segment in path.split('{').skip(1) {
            let name = segment.split('}').next().unwrap_or_default();
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                return Err(self.invalid(pointer, format!("path parameter `{name}` of `{path}` is not declared")));
            }
        }

        let mut body = None;
        if let Some(request_body) = &op.request_body {
            let (request_body, body_pointer) =
                self.resolve_request_body(request_body, &format!("{pointer}/requestBody"))?;
            match request_body.content.iter().find(|(media, _)| is_json(media)) {
                Some((media, content)) => {
                    let schema_pointer = format!("{body_pointer}/content/{}/schema", escape_pointer(media));
                    let ty = match &content.schema {
                        Some(s) => wrap_nullable(self.lower(s, &schema_pointer, &format!("{type_base}Request"))?),
                        None => TypeRef::Json,
                    };
                    body = Some(Body {
                        ty,
                        required: request_body.required,
                        stream_flag: None,
                        validate: false,
                    });
                }
                None if request_body.content.is_empty() => {}
                None => {
                    let media: Vec<&str> = request_body.content.keys().map(String::as_str).collect();
                    self.warn(
                        &format!("{body_pointer}/content"),
                        format!("operation `{id}` skipped: request body media types {media:?} are not supported (JSON only)"),
                    );
                    return Ok(None);
                }
            }
        }

        let mut response = None;
        let mut raw_response = false;
        let mut stream = None;
        let success = op
            .responses
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .min_by_key(|(code, _)| code.to_owned().clone());
        if let Some((code, resp)) = success {
            let (resp, resp_pointer) =
                self.resolve_response(resp, &format!("{pointer}/responses/{}", escape_pointer(code)))?;
            for (media, content) in &resp.content {
                let schema_pointer = format!("{resp_pointer}/content/{}/schema", escape_pointer(media));
                if is_json(media) && response.is_none() {
                    response = Some(match &content.schema {
                        Some(s) => wrap_nullable(self.lower(s, &schema_pointer, &format!("{type_base}Response"))?),
                        None => TypeRef::Json,
                    });
                } else if media.starts_with("text/event-stream") && stream.is_none() {
                    let event = match &content.schema {
                        Some(s) => match self.sse_envelope_data(s) {
                            // The schema describes the whole event (`data`, `event`, `id`,
                            // `retry`), as Speakeasy-style specs do: the payload is `data`.
                            Some((data, key)) => {
                                let p = format!("/components/schemas/{}/properties/data", escape_pointer(&key));
                                wrap_nullable(self.lower(&data, &p, &format!("{type_base}Event"))?)
                            }
                            None => wrap_nullable(self.lower(s, &schema_pointer, &format!("{type_base}Event"))?),
                        },
                        None => TypeRef::Json,
                    };
                    let terminator = content
                        .stream_terminator
                        .clone()
                        .or_else(|| content.sse_sentinel.clone());
                    stream = Some(Stream { event, terminator });
                }
            }
            if response.is_none() && stream.is_none() && !resp.content.is_empty() {
                raw_response = true;
            }
        }

        if let (Some(body), Some(stream)) = (&mut body, &mut stream) {
            body.stream_flag = self.stream_flag(&body.ty);
            if stream.terminator.is_none() && self.flag_mentions_done(&body.ty) {
                // The spec says so only in prose ("terminated by a data: [DONE] message").
                stream.terminator = Some("[DONE]".to_owned());
                self.warn(
                    pointer,
                    "stream end marker `[DONE]` inferred from the `stream` field's description",
                );
            }
        }

        let docs = match (&op.summary, &op.description) {
            (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
            (Some(s), None) => Some(s.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        };
        Ok(Some(Operation {
            id,
            method_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs,
            params,
            body,
            response,
            raw_response,
            stream,
        }))
    }

    /// For an event-stream schema that is an event envelope (properties among `data`, `event`,
    /// `id`, `retry`, with `data`), the `data` schema and the component it sits in.
    fn sse_envelope_data(&self, schema: &Schema) -> Option<(Schema, String)> {
        let key = schema
            .reference
            .as_deref()?
            .strip_prefix("#/components/schemas/")
            .map(unescape_pointer)?;
        let target = self.doc.components.schemas.get(&key)?;
        let envelope = target.properties.contains_key("data")
            && target
                .properties
                .keys()
                .all(|k| matches!(k.as_str(), "data" | "event" | "id" | "retry"));
        envelope.then(|| (target.properties["data"].clone(), key))
    }

    /// Whether the request's `stream` field says the stream ends with `data: [DONE]`.
    fn flag_mentions_done(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(name) = ty else { return false };
        let Some(TypeKind::Struct(s)) = self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) else {
            return false;
        };
        s.fields
            .iter()
            .any(|f| f.wire_name == "stream" && f.docs.as_deref().is_some_and(|d| d.contains("[DONE]")))
    }

    /// The boolean `stream` property of a request body, which the streaming call sets.
    fn stream_flag(&self, ty: &TypeRef) -> Option<StreamFlag> {
        let TypeRef::Named(name) = ty else { return None };
        let def = self.types.iter().find(|t| &t.name == name)?;
        let TypeKind::Struct(s) = &def.kind else { return None };
        let field = s
            .fields
            .iter()
            .find(|f| f.wire_name == "stream" && f.ty == TypeRef::Bool)?;
        Some(StreamFlag {
            rust_name: field.rust_name.clone(),
            required: field.required && !field.nullable,
            three_state: !field.required && field.nullable,
        })
    }

    fn resolve_param(&self, param: &'a spec::Parameter, pointer: &str) -> Result<(&'a spec::Parameter, String), Error> {
        let doc: &'a OpenApi = self.doc;
        match &param.reference {
            None => Ok((param, pointer.to_owned())),
            Some(r) => {
                let key = r.strip_prefix("#/components/parameters/").map(unescape_pointer);
                match key
                    .as_ref()
                    .and_then(|k| doc.components.parameters.get(k).map(|p| (k, p)))
                {
                    Some((k, p)) if p.reference.is_none() => {
                        Ok((p, format!("/components/parameters/{}", escape_pointer(k))))
                    }
                    _ => Err(self.invalid(
                        &format!("{pointer}/$ref"),
                        format!("`$ref: {r}` points to no parameter"),
                    )),
                }
            }
        }
    }

    fn resolve_request_body(
        &self,
        body: &'a spec::RequestBody,
        pointer: &str,
    ) -> Result<(&'a spec::RequestBody, String), Error> {
        let doc: &'a OpenApi = self.doc;
        match &body.reference {
            None => Ok((body, pointer.to_owned())),
            Some(r) => {
                let key = r.strip_prefix("#/components/requestBodies/").map(unescape_pointer);
                match key
                    .as_ref()
                    .and_then(|k| doc.components.request_bodies.get(k).map(|b| (k, b)))
                {
                    Some((k, b)) if b.reference.is_none() => {
                        Ok((b, format!("/components/requestBodies/{}", escape_pointer(k))))
                    }
                    _ => Err(self.invalid(
                        &format!("{pointer}/$ref"),
                        format!("`$ref: {r}` points to no request body"),
                    )),
                }
            }
        }
    }

    fn resolve_response(&self, resp: &'a spec::Response, pointer: &str) -> Result<(&'a spec::Response, String), Error> {
        let doc: &'a OpenApi = self.doc;
        match &resp.reference {
            None => Ok((resp, pointer.to_owned())),
            Some(r) => {
                let key = r.strip_prefix("#/components/responses/").map(unescape_pointer);
                match key
                    .as_ref()
                    .and_then(|k| doc.components.responses.get(k).map(|b| (k, b)))
                {
                    Some((k, b)) if b.reference.is_none() => {
                        Ok((b, format!("/components/responses/{}", escape_pointer(k))))
                    }
                    _ => Err(self.invalid(&format!("{pointer}/$ref"), format!("`$ref: {r}` points to no response"))),
                }
            }
        }
    }
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

fn wrap_nullable(lowered: Lowered) -> TypeRef {
    if lowered.nullable && !matches!(lowered.ty, TypeRef::Option(_)) {
        TypeRef::Option(Box::new(lowered.ty))
    } else {
        lowered.ty
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

fn schema_is_bare_ref(schema: &Schema) -> bool {
    let mut bare = schema.clone();
    bare.reference = None;
    bare.description = None;
    bare.title = None;
    bare == Schema::default()
}

/// Whether a schema allows only `null`.
fn is_null_schema(schema: &Schema) -> bool {
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

/// Whether a component schema allows `null` besides its type.
fn is_nullable_schema(schema: &Schema) -> bool {
    schema.nullable
        || schema
            .ty
            .as_ref()
            .is_some_and(|t| t.names().contains(&"null") && t.names().len() > 1)
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
                if b.format.is_some() || b.pattern_like() {
                    return None;
                }
                plain = true;
            }
        }
    }
    (plain && !values.is_empty()).then_some(values)
}

impl Schema {
    fn pattern_like(&self) -> bool {
        self.min_length.is_some() || self.max_length.is_some()
    }
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

fn constraints(schema: &Schema) -> Constraints {
    let bound = |plain: Option<f64>, exclusive: &Option<Value>| match exclusive {
        Some(Value::Number(n)) => n.as_f64().map(|v| (v, true)),
        Some(Value::Bool(true)) => plain.map(|v| (v, true)),
        _ => plain.map(|v| (v, false)),
    };
    Constraints {
        minimum: bound(schema.minimum, &schema.exclusive_minimum),
        maximum: bound(schema.maximum, &schema.exclusive_maximum),
        min_items: schema.min_items.filter(|n| *n > 0),
        max_items: schema.max_items,
        min_length: schema.min_length.filter(|n| *n > 0),
        max_length: schema.max_length,
    }
}

/// Puts types in the spec's order: each component where the spec declares it, followed by the
/// inline types lowered from inside it; inline types from operations come last.
fn order_types(types: &mut [TypeDef], schemas: &IndexMap<String, Schema>) {
    let component_of = |pointer: &str| {
        let rest = pointer.strip_prefix("/components/schemas/")?;
        let key = unescape_pointer(rest.split('/').next().unwrap_or(rest));
        schemas.get_index_of(&key)
    };
    // A stable sort keeps the lowering order inside each group, so inline types follow in the
    // order their properties appear.
    types.sort_by_key(|t| {
        let is_inline = t.pointer.matches('/').count() > 3;
        (component_of(&t.pointer).unwrap_or(usize::MAX), is_inline)
    });
}

/// Removes from each struct the property its tagged union already writes as the tag.
fn strip_tag_fields(api: &mut Api, strip: &BTreeMap<String, String>) {
    for def in &mut api.types {
        if let (Some(prop), TypeKind::Struct(s)) = (strip.get(&def.name), &mut def.kind) {
            s.fields.retain(|f| &f.wire_name != prop);
        }
    }
}

/// The named types a type refers to directly (`direct`) or through any container.
fn named_refs(ty: &TypeRef, direct_only: bool, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Option(inner) => named_refs(inner, direct_only, out),
        TypeRef::Vec(inner) | TypeRef::Map(inner) if !direct_only => named_refs(inner, direct_only, out),
        _ => {}
    }
}

fn children(def: &TypeDef, direct_only: bool) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named_refs(&f.ty, direct_only, &mut out);
            }
            if let Some(extra) = &s.extra {
                if !direct_only {
                    named_refs(&extra.value, direct_only, &mut out);
                }
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                named_refs(&v.ty, direct_only, &mut out);
            }
        }
        TypeKind::Alias(t) => named_refs(t, direct_only, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

fn mark_usage(api: &mut Api) {
    let index: BTreeMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let reach = |roots: Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if let Some(&i) = index.get(&name) {
                if seen.insert(name) {
                    stack.extend(children(&api.types[i], false));
                }
            }
        }
        seen
    };
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in &api.operations {
        if let Some(body) = &op.body {
            named_refs(&body.ty, false, &mut request_roots);
        }
        for p in &op.params {
            named_refs(&p.ty, false, &mut request_roots);
        }
        if let Some(r) = &op.response {
            named_refs(r, false, &mut response_roots);
        }
        if let Some(s) = &op.stream {
            named_refs(&s.event, false, &mut response_roots);
        }
    }
    let requests = reach(request_roots);
    let responses = reach(response_roots);
    for def in &mut api.types {
        def.in_request = requests.contains(&def.name);
        def.in_response = responses.contains(&def.name);
        if let TypeKind::Enum(e) = &mut def.kind {
            // An enum stays closed only where the user alone writes it: in requests. What the
            // server sends, or what no operation uses, keeps unknown values.
            e.open = e.open || def.in_response || !def.in_request;
        }
    }
}

/// Boxes every struct field whose type contains the struct without indirection: the field's
/// type and the struct lie on one cycle of direct edges (not through `Vec` or a map), that is,
/// in one strongly connected component of that graph. Tarjan's algorithm finds them all in
/// linear time.
fn mark_boxes(api: &mut Api) {
    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            children(t, true)
                .iter()
                .filter_map(|c| index.get(c.as_str()).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut boxes = Vec::new();
    for (ti, def) in api.types.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            for (fi, f) in s.fields.iter().enumerate() {
                let mut refs = Vec::new();
                named_refs(&f.ty, true, &mut refs);
                let cyclic = refs
                    .iter()
                    .filter_map(|r| index.get(r.as_str()))
                    .any(|&t| component[t] == component[ti]);
                if cyclic {
                    boxes.push((ti, fi));
                }
            }
        }
    }
    for (ti, fi) in boxes {
        if let TypeKind::Struct(s) = &mut api.types[ti].kind {
            s.fields[fi].boxed = true;
        }
    }
}

/// The strongly connected component of every node (Tarjan, iterative so deep graphs cannot
/// overflow the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next_order, mut next_component) = (Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame is a node and the index of the next edge to follow from it.
        let mut frames = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Whether checking a value of this type before sending can fail, for every type.
pub(crate) fn validated_types(api: &Api) -> BTreeSet<String> {
    let mut result = BTreeSet::new();
    loop {
        let before = result.len();
        for def in &api.types {
            let needs = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| !f.constraints.is_empty() || type_validates(&f.ty, &result)),
                TypeKind::Union(u) => u.variants.iter().any(|v| type_validates(&v.ty, &result)),
                TypeKind::Alias(t) => type_validates(t, &result),
                TypeKind::Enum(_) => false,
            };
            if needs {
                result.insert(def.name.clone());
            }
        }
        if result.len() == before {
            return result;
        }
    }
}

pub(crate) fn type_validates(ty: &TypeRef, validated: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(n) => validated.contains(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => type_validates(inner, validated),
        _ => false,
    }
}

fn mark_validation(api: &mut Api) {
    let validated = validated_types(api);
    for op in &mut api.operations {
        if let Some(body) = &mut op.body {
            body.validate = type_validates(&body.ty, &validated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_exactly_the_cycles() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 3 points into it, 4 loops on itself, 5 stands alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4], vec![]];
        let c = strongly_connected(&edges);
        assert_eq!((c[0], c[1]), (c[2], c[2]));
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[5], c[4]);
        let deep: Vec<Vec<usize>> = (0..100_000)
            .map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![0] })
            .collect();
        let c = strongly_connected(&deep);
        assert!(c.iter().all(|&x| x == c[0]), "one long cycle, no stack overflow");
    }
}
