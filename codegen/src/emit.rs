//! Emission: the IR becomes Rust tokens. No naming decisions are made here.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ident::unraw;
use crate::ir::*;

/// Parses a Rust identifier that may be raw (`r#type`).
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes for a text, one per line, so prettyplease renders `///` comments.
fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn doc_line(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

/// The tokens of a type, with named types under `prefix` (empty inside `models`).
pub fn type_tokens(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Json => {
            quote!(::serde_json::Map<String, ::serde_json::Value>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Option<#inner>)
        }
    }
}

/// How many types go into one chunk of `models.rs`. Chunks are emitted and formatted
/// independently (in parallel by `generate`) and concatenated in order, so the output does not
/// depend on the number of threads.
pub const MODELS_CHUNK: usize = 32;

/// The number of chunks `models.rs` is emitted in.
pub fn models_chunk_count(api: &Api) -> usize {
    api.types.len().div_ceil(MODELS_CHUNK).max(1)
}

/// Chunk `index` of the `models` module; the first carries the module's docs.
pub fn models_chunk(api: &Api, index: usize) -> TokenStream {
    let start = (index * MODELS_CHUNK).min(api.types.len());
    let end = (start + MODELS_CHUNK).min(api.types.len());
    let validated = Validated(&api.types);
    let items = api.types[start..end].iter().map(|def| match &def.kind {
        TypeKind::Struct(s) => emit_struct(def, s, &validated),
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::Union(u) => emit_union(def, u, &validated),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let doc = type_docs(def);
            let ty = type_tokens(ty, &TokenStream::new());
            quote! { #doc pub type #name = #ty; }
        }
    });
    let header = (index == 0).then(|| {
        let title = format!(
            " Models of {} {}, generated from the spec's schemas.",
            api.title, api.version
        );
        // Where the spec leaves something undescribed, the item has no docs rather than
        // filler; only then is the lint switched off.
        let allow = (!fully_documented(api)).then(|| quote!(#![allow(missing_docs)]));
        quote!(#![doc = #title] #allow)
    });
    quote! {
        #header
        #(#items)*
    }
}

/// Whether every public item of `models` has docs: types always do (their pointer at least),
/// fields and union variants only where the spec describes them or states a fact.
fn fully_documented(api: &Api) -> bool {
    api.types.iter().all(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| !field_doc_lines(f).is_empty()),
        TypeKind::Union(u) => u.variants.iter().all(|v| v.docs.is_some() || v.tag_value.is_some()),
        TypeKind::Enum(_) | TypeKind::Alias(_) => true,
    })
}

/// Which types implement `Validate`, read from the IR.
struct Validated<'a>(&'a [TypeDef]);

impl Validated<'_> {
    fn has(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(n) => self.0.iter().any(|t| &t.name == n && t.validates),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => self.has(inner),
            _ => false,
        }
    }
}

fn field_type(f: &Field) -> TokenStream {
    let mut ty = type_tokens(&f.ty, &TokenStream::new());
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    match f.presence {
        Presence::Required => ty,
        Presence::Optional | Presence::Nullable => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    }
}

fn field_docs(f: &Field) -> TokenStream {
    let lines = field_doc_lines(f);
    quote!(#(#lines)*)
}

/// The field's description, then what the spec states about it; empty when it says nothing.
fn field_doc_lines(f: &Field) -> Vec<TokenStream> {
    let mut lines = Vec::new();
    if f.docs.is_some() {
        lines.push(docs(f.docs.as_deref()));
    }
    let mut facts = Vec::new();
    if let Some(value) = &f.const_value {
        facts.push(format!("Always `{value}`."));
    }
    // Integer formats already show in the Rust type; the others (`date-time`, `uuid`, `float`,
    // ...) are documented since the type does not carry them.
    if let Some(format) = f
        .format
        .as_deref()
        .filter(|f| !matches!(*f, "int32" | "int64" | "uint32" | "uint64" | "double"))
    {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(default) = &f.default {
        facts.push(format!("Default: `{default}`."));
    }
    let c = &f.constraints;
    let op = |b: Bound, below: &'static str, at: &'static str| if b.exclusive { below } else { at };
    match (c.minimum, c.maximum) {
        (Some(lo), Some(hi)) => facts.push(format!(
            "Range: {} {} x {} {}.",
            num(lo.value),
            op(lo, "<", "<="),
            op(hi, "<", "<="),
            num(hi.value)
        )),
        (Some(lo), None) => facts.push(format!("Range: x {} {}.", op(lo, ">", ">="), num(lo.value))),
        (None, Some(hi)) => facts.push(format!("Range: x {} {}.", op(hi, "<", "<="), num(hi.value))),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(lo), Some(hi)) => facts.push(format!("Items: {lo} to {hi}.")),
        (Some(lo), None) => facts.push(format!("Items: at least {lo}.")),
        (None, Some(hi)) => facts.push(format!("Items: at most {hi}.")),
        (None, None) => {}
    }
    match (c.min_length, c.max_length) {
        (Some(lo), Some(hi)) => facts.push(format!("Length: {lo} to {hi} characters.")),
        (Some(lo), None) => facts.push(format!("Length: at least {lo} characters.")),
        (None, Some(hi)) => facts.push(format!("Length: at most {hi} characters.")),
        (None, None) => {}
    }
    if !facts.is_empty() {
        if !lines.is_empty() {
            lines.push(quote!(#[doc = ""]));
        }
        lines.extend(facts.iter().map(|fact| doc_line(fact)));
    }
    lines
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The type's description, or where in the spec it comes from when it has none.
fn type_docs(def: &TypeDef) -> TokenStream {
    match &def.docs {
        Some(text) => docs(Some(text)),
        None => doc_line(&format!("Generated from `#{}`.", def.pointer)),
    }
}

fn emit_struct(def: &TypeDef, s: &Struct, validated: &Validated) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let fields = s.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        let ty = field_type(f);
        let fdoc = field_docs(f);
        if f.flatten {
            return quote! { #fdoc #[serde(flatten)] pub #rust: #ty, };
        }
        let rename = (unraw(&f.rust_name) != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let optional = match f.presence {
            // The decoding policy: an omitted field reads as its type's empty value.
            Presence::Required if f.default_when_absent => Some(quote!(#[serde(default)])),
            Presence::Required | Presence::Nullable => None,
            // `None` leaves the field out, `Some(None)` sends `null`.
            Presence::OptionalNullable => Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::deserialize_present")])),
            Presence::Optional => Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
        };
        quote! { #fdoc #rename #optional pub #rust: #ty, }
    });
    let extra = s.extra.as_ref().map(|e| {
        let rust = ident(&e.rust_name);
        let ty = type_tokens(&TypeRef::Map(Box::new(e.value.clone())), &TokenStream::new());
        let doc = if e.declared {
            quote!(#[doc = " Further properties, as the spec's `additionalProperties` allows."])
        } else {
            quote!(#[doc = " Properties the spec does not declare, kept so that nothing sent or received is lost."])
        };
        quote! { #doc #[serde(flatten)] pub #rust: #ty, }
    });
    let all_optional = s.fields.iter().all(|f| f.presence.is_option());
    let default = all_optional.then(|| quote!(Default,));
    let constructor = s.constructor.as_ref().map(|new| emit_constructor(def, s, new));
    let validate = def.validates.then(|| emit_struct_validate(def, s, validated));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #constructor
        #validate
    }
}

/// Whether a setter or constructor can take `impl Into<T>` without breaking literal inference.
fn takes_into(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Json
    )
}

fn emit_constructor(def: &TypeDef, s: &Struct, new: &str) -> TokenStream {
    let name = ident(&def.name);
    let new = ident(new);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in &s.fields {
        let rust = ident(&f.rust_name);
        let ty = type_tokens(&f.ty, &TokenStream::new());
        if f.fixed {
            // A tag with one possible value: the constructor writes it.
            inits.push(quote!(#rust: Default::default()));
            continue;
        }
        if f.presence == Presence::Required {
            let (arg_ty, conv) = if takes_into(&f.ty) {
                (quote!(impl Into<#ty>), quote!(#rust.into()))
            } else {
                (ty.clone(), quote!(#rust))
            };
            let stored = if f.boxed { quote!(Box::new(#conv)) } else { conv };
            params.push(quote!(#rust: #arg_ty));
            inits.push(quote!(#rust: #stored));
            continue;
        }
        inits.push(quote!(#rust: None));
        let Some(setter) = &f.setter else { continue };
        let setter = ident(setter);
        let present = f.presence == Presence::OptionalNullable;
        let kind = match (f.boxed, takes_into(&f.ty), present) {
            (true, _, false) => "boxed",
            (true, _, true) => "boxed_present",
            (false, true, false) => "into",
            (false, true, true) => "into_present",
            (false, false, false) => "set",
            (false, false, true) => "set_present",
        };
        let kind = Ident::new(kind, Span::call_site());
        setters.push(quote!(#kind #setter(#rust: #ty)));
        if let Some(null_setter) = &f.null_setter {
            let null_setter = ident(null_setter);
            setters.push(quote!(null #null_setter(#rust: #ty)));
        }
    }
    if let Some(e) = &s.extra {
        let rust = ident(&e.rust_name);
        inits.push(quote!(#rust: Default::default()));
    }
    let setters = (!setters.is_empty()).then(|| quote!(crate::runtime::setters!(#name { #(#setters),* });));
    quote! {
        impl #name {
            /// Creates a value from its required fields (a tag with one value is filled in); every
            /// optional field starts unset.
            pub fn #new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
        #setters
    }
}

/// Checks of one value against its constraints and those of its type.
fn validate_value(
    ty: &TypeRef,
    c: &Constraints,
    value: TokenStream,
    path: TokenStream,
    validated: &Validated,
) -> TokenStream {
    validate_value_or(ty, c, value, path, validated, quote!(?))
}

/// Checks of one value, each ending in `or` (`?`, or a `map_err` before it).
fn validate_value_or(
    ty: &TypeRef,
    c: &Constraints,
    value: TokenStream,
    path: TokenStream,
    validated: &Validated,
    or: TokenStream,
) -> TokenStream {
    let mut checks = Vec::new();
    let opt = |v: Option<Bound>| match v {
        Some(Bound { value, exclusive }) => quote!(Some((#value, #exclusive))),
        None => quote!(None),
    };
    let opt_u = |v: Option<u64>| match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    if c.minimum.is_some() || c.maximum.is_some() {
        let (lo, hi) = (opt(c.minimum), opt(c.maximum));
        let number = if matches!(ty, TypeRef::F64) {
            quote!(*#value)
        } else {
            quote!(*#value as f64)
        };
        checks.push(quote!(crate::runtime::check_range(#path, #number, #lo, #hi) #or;));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (lo, hi) = (opt_u(c.min_items), opt_u(c.max_items));
        checks.push(quote!(crate::runtime::check_items(#path, #value.len(), #lo, #hi) #or;));
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        let (lo, hi) = (opt_u(c.min_length), opt_u(c.max_length));
        checks.push(quote!(crate::runtime::check_length(#path, #value, #lo, #hi) #or;));
    }
    let _ = validated;
    quote!(#(#checks)*)
}

fn emit_struct_validate(def: &TypeDef, s: &Struct, validated: &Validated) -> TokenStream {
    let name = ident(&def.name);
    let checks = s.fields.iter().filter_map(|f| {
        let nested = validated.has(&f.ty);
        if f.constraints.is_empty() && !nested {
            return None;
        }
        let rust = ident(&f.rust_name);
        let wire = &f.wire_name;
        // The field's own constraints, on its value when it has one.
        let own = (!f.constraints.is_empty()).then(|| {
            let body = validate_value(&f.ty, &f.constraints, quote!(value), quote!(#wire), validated);
            match f.presence {
                Presence::OptionalNullable => quote! { if let Some(Some(value)) = &self.#rust { #body } },
                Presence::Optional | Presence::Nullable => quote! { if let Some(value) = &self.#rust { #body } },
                Presence::Required => quote! { { let value = &self.#rust; #body } },
            }
        });
        // What its type holds: the runtime's impls for `Option`, `Vec`, maps and `Box` reach
        // every validated value inside, naming the path as they go.
        let inner = nested.then(|| {
            quote! { crate::runtime::Validate::validate(&self.#rust).map_err(|e| e.within(#wire))?; }
        });
        Some(quote! { #own #inner })
    });
    // Constraints that hold only when another field has one value (a per-model limit).
    let conditions = s.conditions.iter().filter_map(|c| {
        let when = s.fields.iter().find(|f| f.rust_name == c.when_field)?;
        let field = s.fields.iter().find(|f| f.rust_name == c.field)?;
        let (when_ident, value) = (ident(&when.rust_name), &c.when_value);
        // A string and a string enum both read as `&str`.
        let as_text = quote!(.as_str());
        let matches = match when.presence {
            Presence::Required => quote!(self.#when_ident #as_text == #value),
            Presence::OptionalNullable => {
                quote!(matches!(&self.#when_ident, Some(Some(v)) if v #as_text == #value))
            }
            Presence::Optional | Presence::Nullable => {
                quote!(matches!(&self.#when_ident, Some(v) if v #as_text == #value))
            }
        };
        let (rust, wire) = (ident(&field.rust_name), &field.wire_name);
        let when_wire = &when.wire_name;
        let or = quote!(.map_err(|e| e.when(#when_wire, #value))?);
        let body = validate_value_or(&field.ty, &c.constraints, quote!(value), quote!(#wire), validated, or);
        let checked = match field.presence {
            Presence::OptionalNullable => quote!(if let Some(Some(value)) = &self.#rust { #body }),
            Presence::Optional | Presence::Nullable => quote!(if let Some(value) = &self.#rust { #body }),
            Presence::Required => quote!({ let value = &self.#rust; #body }),
        };
        Some(quote! {
            if #matches {
                #checked
            }
        })
    });
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate(&self) -> Result<(), crate::runtime::ValidationError> {
                #(#checks)*
                #(#conditions)*
                Ok(())
            }
        }
    }
}

fn emit_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_line(&format!("`{w}`")));
    // A one-value enum is a tag; its value is its default, which an absent tag reads as.
    let tag = e.variants.len() == 1;
    let derive_default = tag.then(|| quote!(Default,));
    let default_attr: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|_| if tag { quote!(#[default]) } else { TokenStream::new() })
        .collect();
    // The wire value of each variant, listed once, one line each; the runtime's macro writes
    // `as_str`, the conversions, `Display` and serde from the list.
    let table: Vec<TokenStream> = variant_idents
        .iter()
        .zip(&wires)
        .map(|(v, w)| quote!(#v = #w))
        .collect();
    let Some(other) = &e.other else {
        return quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #default_attr #variant_idents, )*
            }
            crate::runtime::closed_enum!(#name { #(#table),* });
        };
    };
    let other = ident(other);
    let open_doc = doc_line(&format!(
        "Open: a value this version does not know arrives as `{other}` and is sent back unchanged;"
    ));
    quote! {
        #doc
        ///
        #open_doc
        /// build values with `From<&str>` so known ones get their variant.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #default_attr #variant_idents, )*
            /// A value this version of the crate does not know, kept as it was sent.
            #other(String),
        }
        crate::runtime::open_enum!(#name, #other { #(#table),* });
    }
}

fn emit_union(def: &TypeDef, u: &Union, validated: &Validated) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let empty = TokenStream::new();
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = type_tokens(&v.ty, &empty);
        let vdoc = variant_docs(u, v);
        let rename = v.tag_value.as_ref().map(|t| quote!(#[serde(rename = #t)]));
        quote! { #vdoc #rename #vname(#ty), }
    });
    let serde_attr = match &u.tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    // `From` for every payload type that only one variant carries.
    let froms: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(|v| v.from_payload)
        .map(|v| {
            let vname = ident(&v.rust_name);
            let ty = type_tokens(&v.ty, &empty);
            quote!(#vname(#ty))
        })
        .collect();
    let from_str = u
        .variants
        .iter()
        .find(|v| v.from_payload && v.ty == TypeRef::String)
        .map(|v| {
            let vname = ident(&v.rust_name);
            quote!(crate::runtime::union_from!(#name, str #vname);)
        });
    let froms = (!froms.is_empty()).then(|| quote!(crate::runtime::union_from!(#name { #(#froms),* }); #from_str));
    let validate = def.validates.then(|| {
        let arms = u
            .variants
            .iter()
            .filter(|v| validated.has(&v.ty) || !v.constraints.is_empty())
            .map(|v| {
                let vname = ident(&v.rust_name);
                let own = validate_value(&v.ty, &v.constraints, quote!(value), quote!(""), validated);
                let nested = validated
                    .has(&v.ty)
                    .then(|| quote!(crate::runtime::Validate::validate(value)?;));
                (quote!(Self::#vname(value)), quote!(#own #nested))
            })
            .collect::<Vec<_>>();
        // One checked variant reads best as `if let`; several as a `match`.
        let body = match arms.as_slice() {
            [(pattern, check)] => quote! { if let #pattern = self { #check } },
            _ => {
                let arms = arms.iter().map(|(pattern, check)| quote! { #pattern => { #check } });
                let rest = (arms.len() < u.variants.len() || u.other.is_some()).then(|| quote!(_ => {}));
                quote! { match self { #(#arms)* #rest } }
            }
        };
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate(&self) -> Result<(), crate::runtime::ValidationError> {
                    #body
                    Ok(())
                }
            }
        }
    });
    // A tagged union the server sends (or nothing uses) keeps a variant it does not know in
    // `Other`, as open enums do, instead of failing the whole response.
    if let (Some(tag), Some(other)) = (&u.tag, &u.other) {
        let other = ident(other);
        let open_variants = u.variants.iter().map(|v| {
            let vname = ident(&v.rust_name);
            let ty = type_tokens(&v.ty, &empty);
            let vdoc = variant_docs(u, v);
            quote! { #vdoc #vname(#ty), }
        });
        let open_doc = doc_line(&format!(
            "Open: a variant this version does not know arrives as `{other}` with its JSON, and is"
        ));
        let names: Vec<Ident> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
        let values: Vec<&str> = u
            .variants
            .iter()
            .map(|v| v.tag_value.as_deref().unwrap_or(v.rust_name.as_str()))
            .collect();
        return quote! {
            #doc
            ///
            #open_doc
            /// sent back unchanged.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#open_variants)*
                /// A variant this version of the crate does not know, kept as it was sent.
                #other(::serde_json::Value),
            }
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #( Self::#names(value) => crate::runtime::serialize_tagged(serializer, #tag, #values, value), )*
                        Self::#other(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#tag).and_then(::serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #( Some(#values) => crate::runtime::deserialize_tagged(value, #tag).map(Self::#names), )*
                        _ => Ok(Self::#other(value)),
                    }
                }
            }
            #froms
            #validate
        };
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #serde_attr
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #froms
        #validate
    }
}

/// A union variant's docs: its description, or the tag value that selects it; nothing when
/// the spec says neither.
fn variant_docs(u: &Union, v: &UnionVariant) -> TokenStream {
    match (&v.docs, &u.tag, &v.tag_value) {
        (Some(text), _, _) => docs(Some(text)),
        (None, Some(tag), Some(value)) => doc_line(&format!("`{tag}` is `{value}`.")),
        _ => TokenStream::new(),
    }
}

/// The `client` module: the API facts the runtime needs, the constructors that hand them over,
/// and one method per operation.
pub fn client(api: &Api, env_prefix: &str) -> TokenStream {
    let base_url = api.server_url.clone().unwrap_or_default();
    let auth = match &api.auth {
        Auth::None => quote!(crate::runtime::AuthScheme::None),
        Auth::Bearer => quote!(crate::runtime::AuthScheme::Bearer),
        Auth::Header(h) => quote!(crate::runtime::AuthScheme::Header(#h)),
    };
    let models = quote!(crate::models::);
    let methods = api.operations.iter().map(|op| emit_operation(op, &models));
    let from_env_doc = doc_line(&format!(
        "A client configured from `{env_prefix}_API_KEY` and, if set, `{env_prefix}_BASE_URL`."
    ));
    quote! {
        //! The client's operations, one method each, generated from the spec's paths.

        /// What the runtime needs to know about this API.
        const API: crate::runtime::ApiInfo = crate::runtime::ApiInfo {
            base_url: #base_url,
            env_prefix: #env_prefix,
            auth: #auth,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "-rust/", ::std::env!("CARGO_PKG_VERSION")),
        };

        impl crate::runtime::Client {
            /// A client with this API key and the default settings.
            ///
            /// # Panics
            ///
            /// Only if the TLS backend cannot start, as `reqwest::Client::new` does; use
            /// [`Client::builder`](crate::runtime::Client::builder) to get that as an error instead.
            pub fn new(api_key: impl Into<String>) -> Self {
                Self::new_for_api(&API, api_key)
            }

            #from_env_doc
            pub fn from_env() -> Result<Self, crate::runtime::Error> {
                Self::from_env_for_api(&API)
            }

            /// A builder for a client with non-default settings.
            pub fn builder() -> crate::runtime::ClientBuilder {
                crate::runtime::ClientBuilder::for_api(&API)
            }

            #(#methods)*
        }
    }
}

fn param_arg_type(p: &Param, models: &TokenStream) -> TokenStream {
    let inner = match &p.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = type_tokens(item, models);
            quote!(&[#item])
        }
        other @ (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F64) => {
            type_tokens(other, models)
        }
        other => {
            let t = type_tokens(other, models);
            quote!(&#t)
        }
    };
    if p.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The request path: a literal, or `format!` with each path parameter percent-encoded in place.
fn path_tokens(op: &Operation) -> TokenStream {
    // The path as pieces: literal text, and each path parameter percent-encoded. Joined with
    // `concat` rather than `format!`, so the generated code reads plainly.
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        // Lowering declares every `{name}` as a path parameter; anything else (an unclosed
        // brace) is kept as literal text rather than trusted.
        let Some(end) = rest[start..].find('}').map(|e| start + e) else {
            break;
        };
        let pname = &rest[start + 1..end];
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == pname)
        {
            Some(p) => {
                literal.push_str(&rest[..start]);
                if !literal.is_empty() {
                    pieces.push(quote!(#literal));
                    literal.clear();
                }
                let n = ident(&p.rust_name);
                pieces.push(quote!(&crate::runtime::path_segment(&#n)?));
            }
            None => literal.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    literal.push_str(rest);
    if pieces.is_empty() {
        return quote!(#literal);
    }
    if !literal.is_empty() {
        pieces.push(quote!(#literal));
    }
    // The first piece fixes the array's element type as `&str`.
    if pieces.len() == 1 || !pieces[0].to_string().starts_with('"') {
        pieces.insert(0, quote!(""));
    }
    quote!([#(#pieces),*].concat())
}

/// The fields of a multipart body, listed in the method's docs since the method takes a
/// `Multipart` the caller fills.
fn form_fields_doc(op: &Operation) -> String {
    let Some(Body {
        encoding: BodyEncoding::Multipart(fields),
        ..
    }) = &op.body
    else {
        return String::new();
    };
    let mut text = String::from("\n\nThe body is a `multipart/form-data` form");
    if fields.is_empty() {
        return text + ".";
    }
    text += " with these fields:\n";
    for f in fields {
        let kind = match (f.file, f.required) {
            (true, true) => "file, required",
            (true, false) => "file",
            (false, true) => "required",
            (false, false) => "optional",
        };
        let about = f
            .docs
            .as_deref()
            .map(|d| format!(": {}", d.lines().next().unwrap_or_default()))
            .unwrap_or_default();
        text += &format!("\n- `{}` ({kind}){about}", f.name);
    }
    text
}

fn emit_operation(op: &Operation, models: &TokenStream) -> TokenStream {
    let route = format!("`{} {}`", op.http_method, op.path);
    let fields = form_fields_doc(op);
    let doc = match &op.docs {
        Some(text) => docs(Some(&format!("{text}{fields}\n\n{route}"))),
        None => docs(Some(&format!("{route}{fields}"))),
    };
    let method = &op.http_method;
    let locals = &op.locals;
    let (parts, options, body_arg) = (ident(&locals.parts), ident(&locals.options), ident(&locals.body));

    // Arguments in order: path parameters, the body, then query and header parameters.
    let path_params = op.params.iter().filter(|p| p.location == ParamLocation::Path);
    let other_params: Vec<&Param> = op.params.iter().filter(|p| p.location != ParamLocation::Path).collect();
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    let param_arg = |p: &Param| {
        let n = ident(&p.rust_name);
        let t = param_arg_type(p, models);
        (quote!(#n: #t), quote!(#n))
    };
    let body_arg_tokens = op.body.as_ref().map(|body| {
        let t = match &body.encoding {
            BodyEncoding::Json | BodyEncoding::Form => {
                let t = type_tokens(&body.ty, models);
                quote!(&#t)
            }
            BodyEncoding::Multipart(_) => quote!(&crate::runtime::Multipart),
            BodyEncoding::Raw(_) => quote!(::bytes::Bytes),
        };
        let t = if body.required { t } else { quote!(Option<#t>) };
        (quote!(#body_arg: #t), quote!(#body_arg))
    });
    for (arg, name) in path_params
        .map(param_arg)
        .chain(body_arg_tokens)
        .chain(other_params.iter().map(|p| param_arg(p)))
    {
        args.push(arg);
        arg_names.push(name);
    }

    let pushes = other_params.iter().map(|p| {
        let n = ident(&p.rust_name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let target = match p.location {
            ParamLocation::Query => quote!(#parts.query),
            ParamLocation::Cookie => quote!(#parts.cookies),
            ParamLocation::Header | ParamLocation::Path => quote!(#parts.headers),
        };
        if p.required {
            quote!(crate::runtime::push_param(&mut #target, #wire, &#n, #explode)?;)
        } else {
            quote! {
                if let Some(#n) = #n {
                    crate::runtime::push_param(&mut #target, #wire, &#n, #explode)?;
                }
            }
        }
    });
    let path = path_tokens(op);
    // A body that is not JSON is encoded into the request here; the runtime sends it as is.
    let encode = op.body.as_ref().and_then(|body| {
        let call = match &body.encoding {
            BodyEncoding::Json => return None,
            BodyEncoding::Form => quote!(#parts.form(#body_arg)?;),
            BodyEncoding::Multipart(_) => quote!(#parts.multipart(#body_arg);),
            BodyEncoding::Raw(media) => quote!(#parts.raw(#media, #body_arg);),
        };
        Some(if body.required {
            call
        } else {
            quote!(if let Some(#body_arg) = #body_arg { #call })
        })
    });
    let parts_mut = (!other_params.is_empty() || encode.is_some()).then(|| quote!(mut));
    let build_parts = quote! {
        let #parts_mut #parts = crate::runtime::RequestParts::new(#method, #path);
        #(#pushes)*
        #encode
    };

    let validate = op.body.as_ref().filter(|b| b.validate).map(|b| {
        if b.required {
            quote!(crate::runtime::Validate::validate(#body_arg)?;)
        } else {
            quote!(if let Some(#body_arg) = #body_arg {
                crate::runtime::Validate::validate(#body_arg)?;
            })
        }
    });

    // The body as sent, with the stream flag forced where the operation can stream; the body
    // is copied only when its flag says otherwise.
    let body_for = |streaming: bool| -> TokenStream {
        let Some(flag) = op.body.as_ref().and_then(|b| b.stream_flag.as_ref()) else {
            return TokenStream::new();
        };
        let field = ident(&flag.rust_name);
        let flagged = ident(&locals.flagged_body);
        let on = match flag.presence {
            Presence::Required => quote!(true),
            Presence::OptionalNullable => quote!(Some(Some(true))),
            Presence::Optional | Presence::Nullable => quote!(Some(true)),
        };
        let (wanted, set) = match (flag.presence == Presence::Required, streaming) {
            (true, s) => (quote!(#body_arg.#field == #s), quote!(#s)),
            (false, true) => (quote!(#body_arg.#field == #on), on.clone()),
            (false, false) => (quote!(#body_arg.#field != #on), quote!(None)),
        };
        let copy = quote! {
            if #wanted {
                #body_arg
            } else {
                #flagged = #body_arg.clone();
                #flagged.#field = #set;
                &#flagged
            }
        };
        if op.body.as_ref().is_some_and(|b| b.required) {
            quote! {
                let mut #flagged;
                let #body_arg = #copy;
            }
        } else {
            quote! {
                let mut #flagged;
                let #body_arg = match #body_arg {
                    Some(#body_arg) => Some(#copy),
                    None => None,
                };
            }
        }
    };
    // What the runtime is handed as the JSON body: `Option<&T>`.
    let body_value = match &op.body {
        Some(b) if b.encoding != BodyEncoding::Json => quote!(None::<&()>),
        Some(b) if b.required => quote!(Some(#body_arg)),
        Some(_) => quote!(#body_arg),
        None => quote!(None::<&()>),
    };

    let mut out = Vec::new();
    if let Some(call) = &op.call {
        let (name, name_with) = (ident(&call.plain), ident(&call.with_options));
        let name_response = ident(call.with_response.as_deref().unwrap_or("with_response"));
        let (ret, execute) = match &op.response {
            Some(ty) => (type_tokens(ty, models), quote!(execute_json_with_meta)),
            None if op.raw_response => (quote!(::bytes::Bytes), quote!(execute_bytes_with_meta)),
            None => (quote!(()), quote!(execute_unit_with_meta)),
        };
        let body_tokens = body_for(false);
        let with_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), with per-request options.",
            call.plain,
            unraw(&call.plain)
        ));
        let response_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), also returning the response's status, headers and request id.",
            call.with_options,
            unraw(&call.with_options)
        ));
        out.push(quote! {
            #doc
            pub async fn #name(&self, #(#args),*) -> Result<#ret, crate::runtime::Error> {
                self.#name_with(#(#arg_names,)* &crate::runtime::RequestOptions::default()).await
            }

            #with_doc
            pub async fn #name_with(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<#ret, crate::runtime::Error> {
                self.#name_response(#(#arg_names,)* #options).await.map(|(value, _)| value)
            }

            #response_doc
            pub async fn #name_response(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<(#ret, crate::runtime::ResponseMeta), crate::runtime::Error> {
                #validate
                #build_parts
                #body_tokens
                self.#execute(#parts, #body_value, #options).await
            }
        });
    }
    if let Some(stream) = &op.stream {
        let (sname, sname_with) = (ident(&stream.methods.plain), ident(&stream.methods.with_options));
        let event = type_tokens(&stream.event, models);
        let terminator = match &stream.terminator {
            Some(t) => quote!(Some(#t)),
            None => quote!(None),
        };
        let body_tokens = body_for(true);
        let sdoc = if op.call.is_some() {
            quote! {
                #doc
                ///
                /// Streaming: sends the request with streaming on and yields each event as it arrives.
            }
        } else {
            doc.clone()
        };
        let with_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), with per-request options.",
            stream.methods.plain,
            unraw(&stream.methods.plain)
        ));
        out.push(quote! {
            #sdoc
            pub async fn #sname(&self, #(#args),*) -> Result<crate::runtime::EventStream<#event>, crate::runtime::Error> {
                self.#sname_with(#(#arg_names,)* &crate::runtime::RequestOptions::default()).await
            }

            #with_doc
            pub async fn #sname_with(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<crate::runtime::EventStream<#event>, crate::runtime::Error> {
                #validate
                #build_parts
                #body_tokens
                self.execute_stream(#parts, #body_value, #options, #terminator).await
            }
        });
    }
    quote!(#(#out)*)
}

/// The `lib.rs` of a standalone crate.
pub fn standalone_lib(api: &Api) -> TokenStream {
    let title = format!(
        " Client for {} {}, generated from its OpenAPI spec.",
        api.title, api.version
    );
    quote! {
        #![doc = #title]

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        pub mod runtime;

        pub use models::*;
        pub use runtime::{Client, ClientBuilder, Error, EventStream, RequestOptions, ResponseMeta};
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_with_path(path: &str) -> Api {
        Api {
            title: "T".into(),
            version: "1".into(),
            docs: None,
            server_url: None,
            auth: Auth::None,
            types: Vec::new(),
            operations: vec![Operation {
                id: "op".into(),
                call: Some(MethodNames {
                    plain: "op".into(),
                    with_options: "op_with".into(),
                    with_response: Some("op_with_response".into()),
                }),
                locals: Locals {
                    body: "body".into(),
                    options: "options".into(),
                    parts: "parts".into(),
                    flagged_body: "flagged_body".into(),
                },
                http_method: "GET".into(),
                path: path.into(),
                docs: None,
                params: Vec::new(),
                body: None,
                response: None,
                raw_response: false,
                stream: None,
            }],
            webhooks: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn braces_that_name_no_parameter_stay_literal() {
        // Lowering rejects these specs; emission still must not slice out of bounds or drop text.
        for (path, literal) in [
            ("/a{", "\"/a{\""),
            ("/x/{unknown}/y", "\"/x/{unknown}/y\""),
            ("/}", "\"/}\""),
        ] {
            let tokens = client(&api_with_path(path), "T").to_string();
            assert!(tokens.contains(literal), "{path}: {tokens}");
        }
    }
}
