//! Models: structs with their constructors and setters, string enums, unions.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::validate::{emit_struct_validate, validate_value};
use super::{doc_line, docs, gated_items, ident, Spell};
use crate::ir::*;

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
    let validated = Spell::models(&api.types);
    let items = api.types[start..end].iter().map(|def| {
        gated_items(
            &def.features,
            match &def.kind {
                TypeKind::Struct(s) => emit_struct(def, s, &validated),
                TypeKind::Enum(e) => emit_enum(def, e),
                TypeKind::Union(u) => emit_union(def, u, &validated),
                TypeKind::Newtype(ty) => emit_newtype(def, ty, &validated),
                TypeKind::Alias(ty) => {
                    let name = ident(&def.name);
                    let doc = type_docs(def);
                    let ty = validated.ty(ty);
                    quote! { #doc pub type #name = #ty; }
                }
            },
        )
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
pub(super) fn fully_documented(api: &Api) -> bool {
    api.types.iter().all(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| !field_doc_lines(f).is_empty()),
        TypeKind::Union(u) => u.variants.iter().all(|v| v.docs.is_some() || v.tag_value.is_some()),
        TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => true,
    })
}

pub(super) fn field_type(spell: &Spell, f: &Field) -> TokenStream {
    let mut ty = spell.ty(&f.ty);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    match f.presence {
        Presence::Required => ty,
        Presence::Optional | Presence::Nullable => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    }
}

pub(super) fn field_docs(f: &Field) -> TokenStream {
    let lines = field_doc_lines(f);
    quote!(#(#lines)*)
}

/// The field's description, then what the spec states about it; empty when it says nothing.
pub(super) fn field_doc_lines(f: &Field) -> Vec<TokenStream> {
    let mut lines = Vec::new();
    if f.facts.docs.is_some() {
        lines.push(docs(f.facts.docs.as_deref()));
    }
    let mut facts = Vec::new();
    if let Some(value) = &f.facts.value.const_value {
        facts.push(format!("Always `{value}`."));
    }
    // Integer formats already show in the Rust type; the others (`date-time`, `uuid`, `float`,
    // ...) are documented since the type does not carry them.
    if let Some(format) = f
        .facts
        .value
        .format
        .as_deref()
        .filter(|f| !matches!(*f, "int32" | "int64" | "uint32" | "uint64" | "double"))
    {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(default) = &f.facts.value.default {
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

pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The type's description, or where in the spec it comes from when it has none.
pub(super) fn type_docs(def: &TypeDef) -> TokenStream {
    match &def.docs {
        Some(text) => docs(Some(text)),
        None => doc_line(&format!("Generated from `#{}`.", def.pointer)),
    }
}

pub(super) fn emit_struct(def: &TypeDef, s: &Struct, spell: &Spell) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let fields = s.fields.iter().map(|f| {
        let rust = ident(&f.rust_name);
        let ty = field_type(spell, f);
        let fdoc = field_docs(f);
        quote! { #fdoc pub #rust: #ty, }
    });
    let extra = s.extra.as_ref().map(|e| {
        let rust = ident(&e.rust_name);
        let ty = extra_type(spell, e);
        let doc = if e.declared {
            quote!(#[doc = " Further properties, as the spec's `additionalProperties` allows."])
        } else {
            quote!(#[doc = " Properties the spec does not declare, kept so that nothing sent or received is lost."])
        };
        quote! { #doc pub #rust: #ty, }
    });
    let default = s.derive_default.then(|| quote!(Default,));
    let constructor = emit_members(spell, def, s);
    let validate = def.validates.then(|| emit_struct_validate(def, s, spell));
    let received_field = s.received.as_ref().map(|r| {
        let field = ident(r);
        quote! {
            /// Which fields the decoding policy filled in, so they are written back as they came.
            #[doc(hidden)]
            pub #field: crate::runtime::Received,
        }
    });
    let codec = emit_table(spell, s, &name);
    // `Debug` comes with the codec (the runtime's table macro), which leaves the hidden
    // `Received` field out.
    quote! {
        #doc
        #[derive(Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
            #received_field
        }
        #codec
        #constructor
        #validate
    }
}

/// The type of the map a struct keeps undeclared properties in.
fn extra_type(spell: &Spell, e: &Extra) -> TokenStream {
    spell.ty(&TypeRef::Map(Box::new(e.value.clone())))
}

/// The type's JSON as the runtime's table macro, in the IR's field vocabulary
/// ([`FieldKind::word`]): a row per field with a wire name (its kind, type and wire name), then
/// a second table for the fields without one: the flattened unions and the map that keeps
/// undeclared properties (`rest`).
fn emit_table(spell: &Spell, s: &Struct, name: &Ident) -> TokenStream {
    let rows = s.fields.iter().filter_map(|f| {
        let wire = f.wire_name()?;
        let rust = ident(&f.rust_name);
        let ty = field_type(spell, f);
        let kind = Ident::new(f.kind.word(), Span::call_site());
        Some(super::row(quote!(#kind #rust: #ty = #wire)))
    });
    let received = s.received.as_ref().map(|r| {
        let field = ident(r);
        quote!(, #field)
    });
    let flattened = s.fields.iter().filter(|f| f.kind == FieldKind::Flatten).map(|f| {
        let rust = ident(&f.rust_name);
        let ty = field_type(spell, f);
        let kind = Ident::new(f.kind.word(), Span::call_site());
        super::row(quote!(#kind #rust: #ty))
    });
    let rest = s.extra.as_ref().map(|e| {
        let rust = ident(&e.rust_name);
        let ty = extra_type(spell, e);
        super::row(quote!(rest #rust: #ty))
    });
    let tail: Vec<TokenStream> = flattened.chain(rest).collect();
    let tail = (!tail.is_empty()).then(|| quote!({ #(#tail,)* }));
    quote! {
        crate::runtime::json_struct!(#name #received { #(#rows,)* } #tail);
    }
}

/// The constructor (for a type users build) and the setters (for every field that has one).
pub(super) fn emit_members(spell: &Spell, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let setters = emit_setters(spell, s);
    let setters = (!setters.is_empty()).then(|| quote!(crate::runtime::setters!(#name { #(#setters),* });));
    let constructor = s.constructor.as_ref().map(|new| emit_constructor(spell, def, s, new));
    quote! {
        #constructor
        #setters
    }
}

/// A setter row per field with a setter: an optional field's wraps the value in `Some`, a
/// required one's stores it as it is.
fn emit_setters(spell: &Spell, s: &Struct) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    for f in &s.fields {
        let Some(setter) = &f.builder.setter else { continue };
        let rust = ident(&f.rust_name);
        let ty = spell.ty(&f.ty);
        let setter = ident(setter);
        let present = f.presence == Presence::OptionalNullable;
        let kind = match (f.presence == Presence::Required, f.boxed, f.builder.into, present) {
            (true, true, _, _) => "required_boxed",
            (true, false, true, _) => "required_into",
            (true, false, false, _) => "required_set",
            (false, true, _, false) => "boxed",
            (false, true, _, true) => "boxed_present",
            (false, false, true, false) => "into",
            (false, false, true, true) => "into_present",
            (false, false, false, false) => "set",
            (false, false, false, true) => "set_present",
        };
        let kind = Ident::new(kind, Span::call_site());
        setters.push(super::row(quote!(#kind #setter(#rust: #ty))));
        if let Some(null_setter) = &f.builder.null_setter {
            let null_setter = ident(null_setter);
            setters.push(super::row(quote!(null #null_setter(#rust: #ty))));
        }
    }
    setters
}

fn emit_constructor(spell: &Spell, def: &TypeDef, s: &Struct, new: &Constructor) -> TokenStream {
    let name = ident(&def.name);
    let new_name = ident(&new.name);
    // The parameters in the constructor's order (lowering's: that of `required`), the
    // fields in the struct's.
    let params = new.params.iter().filter_map(|name| {
        let f = s.fields.iter().find(|f| &f.rust_name == name)?;
        let rust = ident(&f.rust_name);
        let ty = spell.ty(&f.ty);
        let arg_ty = if f.builder.into { quote!(impl Into<#ty>) } else { ty };
        Some(quote!(#rust: #arg_ty))
    });
    let mut inits = Vec::new();
    for f in &s.fields {
        let rust = ident(&f.rust_name);
        if f.presence == Presence::Required && !new.params.contains(&f.rust_name) {
            // Required but not asked for: a tag with one possible value, which the
            // constructor writes.
            inits.push(quote!(#rust: Default::default()));
            continue;
        }
        if f.presence == Presence::Required {
            // A value stored as given is written in shorthand (`filter`, not `filter: filter`).
            inits.push(match (f.builder.into, f.boxed) {
                (false, false) => quote!(#rust),
                (true, false) => quote!(#rust: #rust.into()),
                (false, true) => quote!(#rust: Box::new(#rust)),
                (true, true) => quote!(#rust: Box::new(#rust.into())),
            });
            continue;
        }
        inits.push(quote!(#rust: None));
    }
    if let Some(e) = &s.extra {
        let rust = ident(&e.rust_name);
        inits.push(quote!(#rust: Default::default()));
    }
    if let Some(t) = &s.received {
        let rust = ident(t);
        inits.push(quote!(#rust: Default::default()));
    }
    quote! {
        impl #name {
            /// Creates a value from its required fields (a tag with one value is filled in); every
            /// optional field starts unset.
            pub fn #new_name(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

pub(super) fn emit_enum(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_line(&format!("`{w}`")));
    let derive_default = e.default_variant.is_some().then(|| quote!(Default,));
    let default_attr: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            if e.default_variant.as_ref() == Some(&v.rust_name) {
                quote!(#[default])
            } else {
                TokenStream::new()
            }
        })
        .collect();
    // The wire value of each variant, listed once, one line each; the runtime's macro writes
    // `as_str`, the conversions, `Display` and serde from the list.
    let table: Vec<TokenStream> = variant_idents
        .iter()
        .zip(&wires)
        .map(|(v, w)| super::row(quote!(#v = #w)))
        .collect();
    // Which value `Default` gives, where the type has one.
    let default_doc = e.default_variant.as_ref().and_then(|d| {
        let v = e.variants.iter().find(|v| &v.rust_name == d)?;
        Some(doc_line(&format!(
            "`Default` is `{}` (`{}`), the first value the spec lists.",
            v.rust_name, v.wire
        )))
    });
    let default_doc = default_doc.map(|line| quote!(#[doc = ""] #line));
    let Some(other) = &e.other else {
        return quote! {
            #doc
            #default_doc
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
        #default_doc
        #[derive(Debug, Clone, #derive_default)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #default_attr #variant_idents, )*
            /// A value this version of the crate does not know, kept as it was sent.
            #other(String),
        }
        crate::runtime::open_enum!(#name, #other { #(#table),* });
    }
}

pub(super) fn emit_union(def: &TypeDef, u: &Union, validated: &Spell) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = validated.ty(&v.ty);
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
            let ty = validated.ty(&v.ty);
            super::row(quote!(#vname(#ty)))
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
    // `Default`: the chosen variant holding its payload's default, said in the type's docs.
    let default_impl = u.default_variant.as_ref().map(|v| {
        let vname = ident(v);
        let line = doc_line(&format!("`Default` is `{v}` holding its value's default."));
        (
            quote!(#[doc = ""] #line),
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self::#vname(::std::default::Default::default())
                    }
                }
            },
        )
    });
    let (default_doc, default_impl) = default_impl.unzip();
    let froms = quote!(#froms #default_impl);
    let validate = def.validates.then(|| {
        let arms = u
            .variants
            .iter()
            .filter(|v| validated.validates(&v.ty) || !v.constraints.is_empty())
            .map(|v| {
                let vname = ident(&v.rust_name);
                // A nullable branch (`Option<T>`) is checked only when it holds a value.
                let own = match &v.ty {
                    TypeRef::Option(inner) if !v.constraints.is_empty() => {
                        let check = validate_value(inner, &v.constraints, quote!(value), quote!(""));
                        quote! { if let Some(value) = value { #check } }
                    }
                    _ => validate_value(&v.ty, &v.constraints, quote!(value), quote!("")),
                };
                let nested = validated
                    .validates(&v.ty)
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
            let ty = validated.ty(&v.ty);
            let vdoc = variant_docs(u, v);
            quote! { #vdoc #vname(#ty), }
        });
        let open_doc = doc_line(&format!(
            "Open: a variant this version does not know arrives as `{other}` with its JSON, and is"
        ));
        // Every variant of a tagged union has its tag value (a lowering invariant); the names
        // and values are read together, so they cannot fall out of step.
        let (names, values): (Vec<Ident>, Vec<&str>) = u
            .variants
            .iter()
            .filter_map(|v| Some((ident(&v.rust_name), v.tag_value.as_deref()?)))
            .unzip();
        return quote! {
            #doc
            ///
            #open_doc
            /// sent back unchanged.
            #default_doc
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#open_variants)*
                /// A variant this version of the crate does not know, kept as it was sent.
                #other(::serde_json::Value),
            }
            impl ::serde::Serialize for #name {
                fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    match self {
                        #( Self::#names(value) => crate::runtime::serialize_tagged(serializer, #tag, #values, value), )*
                        Self::#other(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
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
        #default_doc
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
pub(super) fn variant_docs(u: &Union, v: &UnionVariant) -> TokenStream {
    match (&v.docs, &u.tag, &v.tag_value) {
        (Some(text), _, _) => docs(Some(text)),
        (None, Some(tag), Some(value)) => doc_line(&format!("`{tag}` is `{value}`.")),
        _ => TokenStream::new(),
    }
}

/// A struct wrapping one value, read and written as the value itself.
pub(super) fn emit_newtype(def: &TypeDef, ty: &TypeRef, spell: &Spell) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let inner = spell.ty(ty);
    let default = matches!(ty, TypeRef::Vec(_) | TypeRef::Map(_)).then(|| quote!(Default,));
    let validate = def.validates.then(|| {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate(&self) -> Result<(), crate::runtime::ValidationError> {
                    crate::runtime::Validate::validate(&self.0)
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);
        #validate
    }
}
