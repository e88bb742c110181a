//! Emission: the IR becomes Rust tokens, reading the IR only. A file per concern: `models`
//! (structs, enums, unions, constructors), `validate` (checks before sending) and `client`
//! (the operations).

mod client;
mod models;
mod validate;

pub use client::client;
pub use models::{models_chunk, models_chunk_count};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::*;

/// Parses a Rust identifier that may be raw (`r#type`).
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes for a text, one per line, so prettyplease renders `///` comments.
pub(super) fn docs(text: Option<&str>) -> TokenStream {
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

pub(super) fn doc_line(text: &str) -> TokenStream {
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
