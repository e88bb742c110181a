//! Emission: the IR becomes Rust tokens, reading the IR only. A file per concern: `models`
//! (structs, enums, unions, constructors), `validate` (checks before sending) and `client`
//! (the operations), `operation_tests` (a test per operation, against a mock).

mod calls;
mod client;
mod models;
mod modules;
mod operation_tests;
mod validate;

pub use client::client;
pub use models::{models_chunk, models_chunk_count};
pub use operation_tests::operation_tests;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::ir::*;

/// One entry of a runtime table macro (a struct's field row, an enum's value, a setter),
/// marked for layout: its tokens in an invisible group, which render prints one a line. The
/// mark changes nothing else: an invisible group prints as its contents.
pub(super) fn row(tokens: TokenStream) -> TokenStream {
    TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
}

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
    let lines = rustdoc_lines(text).into_iter().map(|line| {
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// A spec's Markdown as rustdoc that never becomes a doctest: a code fence without a language
/// (or marked Rust, which would not compile here) is marked `text`, and indentation that
/// Markdown would read as a code block is cut to three spaces. Otherwise `cargo test` on a
/// generated crate would try to compile the vendor's examples.
fn rustdoc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for line in text.trim().lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                let info = trimmed.trim_start_matches(m).trim();
                let runs = info.is_empty() || matches!(info.split(',').next(), Some("rust" | "rs"));
                out.push(if runs { format!("{m}text") } else { trimmed.to_owned() });
            }
            (Some(open), Some(m)) if m == open && trimmed.trim_start_matches(m).trim().is_empty() => {
                fence = None;
                out.push(trimmed.to_owned());
            }
            (Some(_), _) => out.push(line.to_owned()),
            (None, None) => {
                let indent = line.len() - trimmed.len();
                let indent = if line[..indent].contains('\t') {
                    3
                } else {
                    indent.min(3)
                };
                out.push(format!("{}{}", " ".repeat(indent), escape_tags(trimmed)));
            }
        }
    }
    if let Some(open) = fence {
        // An unclosed fence would swallow the facts written after the description.
        out.push(open.to_owned());
    }
    out
}

/// Elements a description may use as HTML on purpose; any other `<name>` (`Bearer <token>`,
/// `asset://<ID>`) is text, which rustdoc would read as an unclosed tag.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "details",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// A line with every `<name…>` that is not an HTML element escaped (`\<token>`), outside
/// inline code.
fn escape_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if c == '<' && !in_code && bytes.get(i.wrapping_sub(1)) != Some(&b'\\') {
            let rest = &line[i + 1..];
            let name: String = rest
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let closes = rest.find('>').is_some_and(|end| !rest[..end].contains('<'));
            if !name.is_empty() && closes && !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
                out.push('\\');
            }
        }
        out.push(c);
    }
    out
}

pub(super) fn doc_line(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

/// How emitted code spells the IR's types: a named type by its name (looked up by id), behind
/// `prefix` (`crate::models::` in the client, nothing in the models module).
pub(super) struct Spell<'a> {
    pub(super) types: &'a Types,
    pub(super) prefix: TokenStream,
}

impl<'a> Spell<'a> {
    /// Types as the models module spells them, without a prefix.
    pub(super) fn models(types: &'a Types) -> Self {
        Spell {
            types,
            prefix: TokenStream::new(),
        }
    }

    /// The Rust type of a type reference.
    pub(super) fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::U32 => quote!(u32),
            TypeRef::U64 => quote!(u64),
            TypeRef::F64 => quote!(f64),
            TypeRef::String => quote!(String),
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::Named(id) => {
                let prefix = &self.prefix;
                let name = ident(self.types.name(*id));
                quote!(#prefix #name)
            }
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) if **inner == TypeRef::Json => {
                quote!(::serde_json::Map<String, ::serde_json::Value>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Option(inner) => {
                let inner = self.ty(inner);
                quote!(Option<#inner>)
            }
        }
    }

    /// Whether values of a type are checked before sending (it or what it holds implements
    /// `Validate`).
    pub(super) fn validates(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => self.types.get(*id).is_some_and(|t| t.validates),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => self.validates(inner),
            _ => false,
        }
    }
}

fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `items` (top-level items) each under the features' `cfg`, or as they are without features.
pub(super) fn gated_items(features: &[String], items: TokenStream) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            attrs.splice(0..0, cfg_attrs(features));
        }
    }
    quote!(#file)
}

/// Methods of an `impl` block, each under the features' `cfg`.
pub(super) fn gated_methods(features: &[String], methods: TokenStream) -> TokenStream {
    if features.is_empty() {
        return methods;
    }
    let Ok(mut block) = syn::parse2::<syn::ItemImpl>(quote!(impl Client { #methods })) else {
        return methods;
    };
    for item in &mut block.items {
        if let syn::ImplItem::Fn(f) = item {
            f.attrs.splice(0..0, cfg_attrs(features));
        }
    }
    let items = block.items;
    quote!(#(#items)*)
}

/// The features' `cfg` as a parsed attribute (syn's attributes are not `Clone` here, so one
/// is parsed per item).
fn cfg_attrs(features: &[String]) -> Vec<syn::Attribute> {
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg_attr(features)).unwrap_or_default()
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// The `lib.rs` of a standalone crate, with the runtime as a module copied in (`vendored`) or
/// as the `anyfast-runtime` crate.
pub fn standalone_lib(api: &Api, vendored: bool, tests: bool) -> TokenStream {
    let title = format!(
        " Client for {} {}, generated from its OpenAPI spec.",
        api.title, api.version
    );
    let runtime = if vendored {
        quote!(
            pub mod runtime;
        )
    } else {
        quote! {
            /// The runtime the client stands on.
            pub use anyfast_runtime as runtime;
        }
    };
    // A glob of an empty module would be an unused import (a spec may have no schema at all).
    let models_glob = match (api.types.is_empty(), api.features.is_empty()) {
        (true, _) => TokenStream::new(),
        (false, true) => quote!(
            pub use models::*;
        ),
        // A choice of features may leave every model out.
        (false, false) => quote!(
            #[allow(unused_imports)]
            pub use models::*;
        ),
    };
    let tests = tests.then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod operation_tests;
        }
    });
    quote! {
        #![doc = #title]

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #runtime
        #tests

        pub use client::*;
        #models_glob
        pub use runtime::{Error, ErrorKind, EventStream, RequestOptions, ResponseMeta};
    }
}

#[cfg(test)]
mod tests {
    use super::rustdoc_lines;

    #[test]
    fn vendor_code_never_becomes_a_doctest() {
        let text = "Example:\n\n    client.call()\n\n```\nlet x = 1;\n```\n```json\n{\"a\": 1}\n```\n```rust,no_run\nfoo()\n```\n\tTabbed\n```\nunclosed";
        assert_eq!(
            rustdoc_lines(text),
            [
                "Example:",
                "",
                "   client.call()",
                "",
                "```text",
                "let x = 1;",
                "```",
                "```json",
                "{\"a\": 1}",
                "```",
                "```text",
                "foo()",
                "```",
                "   Tabbed",
                "```text",
                "unclosed",
                "```"
            ]
        );
    }
}

#[cfg(test)]
mod doc_tests {
    use super::escape_tags;

    #[test]
    fn text_that_looks_like_a_tag_is_escaped_and_html_is_kept() {
        for (line, escaped) in [
            ("Bearer <token>", "Bearer \\<token>"),
            ("as asset://<ID>.", "as asset://\\<ID>."),
            ("a <b>bold</b> word<br>", "a <b>bold</b> word<br>"),
            ("in code `<ID>` stays", "in code `<ID>` stays"),
            ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
            ("already \\<x>", "already \\<x>"),
        ] {
            assert_eq!(escape_tags(line), escaped, "{line}");
        }
    }
}
