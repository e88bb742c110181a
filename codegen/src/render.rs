//! Layout of emitted tokens as a file: prettyplease formats the items, a blank line goes
//! between items as rustfmt would leave them, and the runtime's table macros (a struct's field
//! rows, an enum's values, setters) get one entry a line, so a generated file reads like a
//! hand-written one in review and a new field or value is a short diff.
//!
//! Render knows no macro by name. Emit marks each table entry as an invisible group
//! (`emit::row`); an item macro holding such entries is laid out here, from its tokens, and
//! every other item is prettyplease's.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// Formats one file's items: prettyplease for the items, the table layout for marked macros,
/// then the blank lines between items.
pub fn file(parsed: syn::File) -> String {
    let mut out = String::new();
    let mut run: Vec<syn::Item> = Vec::new();
    let mut attrs = parsed.attrs;
    let flush = |run: &mut Vec<syn::Item>, attrs: &mut Vec<syn::Attribute>, out: &mut String| {
        if run.is_empty() && attrs.is_empty() {
            return;
        }
        let file = syn::File {
            shebang: None,
            attrs: std::mem::take(attrs),
            items: std::mem::take(run),
        };
        out.push_str(&prettyplease::unparse(&file));
    };
    for item in parsed.items {
        match item {
            syn::Item::Macro(table) if is_table(&table.mac.tokens) => {
                flush(&mut run, &mut attrs, &mut out);
                out.push_str(&table_macro(&table));
            }
            other => run.push(other),
        }
    }
    flush(&mut run, &mut attrs, &mut out);
    space_items(&out)
}

/// Whether a macro's tokens hold entries emit marked, directly or in a brace group.
fn is_table(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Group(g) if g.delimiter() == Delimiter::None => true,
        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
            g.stream()
                .into_iter()
                .any(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::None))
                || g.stream().is_empty()
        }
        _ => false,
    })
}

/// A table macro invocation: its attributes, `path!(head {`, an entry a line, `} …);`.
fn table_macro(item: &syn::ItemMacro) -> String {
    let mut out = String::new();
    for attr in &item.attrs {
        out.push_str(&inline(attr.to_token_stream()));
        out.push('\n');
    }
    out.push_str(&inline(item.mac.path.to_token_stream()));
    out.push_str("!(");
    let mut pending: Vec<TokenTree> = Vec::new();
    let mut groups = 0;
    for token in item.mac.tokens.clone() {
        match token {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                let head = inline(pending.drain(..).collect());
                out.push_str(&head);
                if !out.ends_with('(') {
                    out.push(' ');
                }
                groups += 1;
                let entries: Vec<String> = g
                    .stream()
                    .into_iter()
                    .filter_map(|t| match t {
                        TokenTree::Group(row) if row.delimiter() == Delimiter::None => Some(inline(row.stream())),
                        _ => None,
                    })
                    .collect();
                if entries.is_empty() {
                    out.push_str("{}");
                } else if groups > 1 && entries.len() == 1 {
                    // A later table of one entry (a struct's map of unknown properties) stays
                    // on the closing line.
                    out.push_str(&format!("{{ {} }}", entries[0]));
                } else {
                    out.push_str("{\n");
                    for entry in entries {
                        out.push_str(&format!("    {entry},\n"));
                    }
                    out.push('}');
                }
            }
            other => pending.push(other),
        }
    }
    let tail = inline(pending.into_iter().collect());
    if !tail.is_empty() {
        if !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(&tail);
    }
    out.push_str(");\n");
    out
}

/// Tokens on one line, spaced as a person writes them: `stop: Vec<String>`, not
/// `stop : Vec < String >`. Decided from the tokens themselves (a joint punctuation, a
/// group's delimiter), never by reading text.
fn inline(tokens: TokenStream) -> String {
    let mut out = String::new();
    let mut prev: Option<TokenTree> = None;
    // Whether `prev` ends a `::` (its first half is a joint `:`).
    let mut ends_path_sep = false;
    for token in tokens {
        if let Some(p) = &prev {
            if !ends_path_sep && spaced(p, &token) {
                out.push(' ');
            }
        }
        let joint_colon =
            matches!(&prev, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
        ends_path_sep = joint_colon && matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
        match &token {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let inner = inline(g.stream());
                if inner.is_empty() && g.delimiter() == Delimiter::Brace {
                    out.push_str("{}");
                } else {
                    out.push_str(open);
                    out.push_str(&inner);
                    out.push_str(close);
                }
            }
            other => out.push_str(&other.to_string()),
        }
        prev = Some(token);
    }
    out
}

/// Whether a space goes between two neighbouring tokens.
fn spaced(prev: &TokenTree, next: &TokenTree) -> bool {
    let punct = |t: &TokenTree| match t {
        TokenTree::Punct(p) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    let group = |t: &TokenTree| match t {
        TokenTree::Group(g) => Some(g.delimiter()),
        _ => None,
    };
    // Glued after: the first half of `::` or `->`, an opening `<`, a reference, an attribute's `#`.
    if let Some((c, spacing)) = punct(prev) {
        if spacing == Spacing::Joint || matches!(c, '<' | '&' | '#' | '!') {
            return false;
        }
    }
    match (punct(next), group(next)) {
        // Glued before: separators, closing and opening angles, a single `:`.
        (Some((',' | ';' | '>' | '<' | '.', _)), _) => false,
        (Some((':', Spacing::Alone)), _) => false,
        // `::` continues a path unless it starts one after a `:`, `,` or `=`.
        (Some((':', Spacing::Joint)), _) => matches!(punct(prev), Some((':' | ',' | '=', _))),
        // A call's or a variant's parentheses and an index's brackets follow their name.
        (_, Some(Delimiter::Parenthesis | Delimiter::Bracket)) => {
            !matches!(prev, TokenTree::Ident(_)) && !matches!(punct(prev), Some(('>', _)))
        }
        _ => true,
    }
}

/// Whether a trimmed line begins an item (or its docs and attributes).
fn starts_item(trimmed: &str, indent: usize) -> bool {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "impl", "fn ", "async fn", "const ", "type ", "struct ", "enum ", "mod ", "use ",
    ];
    STARTS.iter().any(|s| trimmed.starts_with(s)) || (indent == 0 && trimmed.starts_with("crate::"))
}

/// Whether a line ends an item at this indentation.
fn ends_item(trimmed: &str, indent: usize) -> bool {
    !trimmed.starts_with("//") && (matches!(trimmed, "}" | "};" | "});") || (indent == 0 && trimmed.ends_with(';')))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Inserts a blank line between consecutive items at the top level and inside `impl` blocks,
/// and after the module's inner docs and attributes.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        if let Some(p) = prev {
            let (pi, ci) = (indent_of(p), indent_of(line));
            let (pt, ct) = (p.trim(), line.trim());
            let inner = |t: &str| t.starts_with("//!") || t.starts_with("#![");
            let after_item = pi == ci && ci <= 4 && ends_item(pt, pi) && starts_item(ct, ci);
            let after_module_docs = pi == 0 && ci == 0 && inner(pt) && !inner(ct) && !ct.is_empty();
            if (after_item || after_module_docs) && !pt.is_empty() {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn row(tokens: TokenStream) -> TokenStream {
        TokenTree::Group(proc_macro2::Group::new(Delimiter::None, tokens)).into()
    }

    fn render(tokens: TokenStream) -> String {
        file(syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn marked_entries_get_a_line_each() {
        let (a, b, c) = (
            row(quote!(set with_n(n: u64))),
            row(quote!(into with_stop(stop: Vec<String>))),
            row(quote!(boxed with_next(next: ::std::collections::BTreeMap<String, Option<Node>>))),
        );
        let text = render(quote! {
            crate::runtime::setters!(Request { #a, #b, #c });
            crate::runtime::union_from!(Content, str Text);
        });
        let expected = "crate::runtime::setters!(Request {\n    set with_n(n: u64),\n    into with_stop(stop: Vec<String>),\n    boxed with_next(next: ::std::collections::BTreeMap<String, Option<Node>>),\n});\n\ncrate::runtime::union_from!(Content, str Text);\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_second_table_and_attributes_keep_their_place() {
        let (id, n, rest) = (
            row(quote!(lenient id: String = "}")),
            row(quote!(optional n: Option<u64> = "n")),
            row(quote!(rest extra: ::serde_json::Map<String, ::serde_json::Value>)),
        );
        let text = render(quote! {
            #[cfg(feature = "chat")]
            crate::runtime::json_struct!(A, received { #id, #n, } { #rest, });
            crate::runtime::json_struct!(Empty {});
        });
        let expected = "#[cfg(feature = \"chat\")]\ncrate::runtime::json_struct!(A, received {\n    lenient id: String = \"}\",\n    optional n: Option<u64> = \"n\",\n} { rest extra: ::serde_json::Map<String, ::serde_json::Value> });\n\ncrate::runtime::json_struct!(Empty {});\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn wire_names_keep_their_spaces_commas_and_brackets() {
        let (both, tag) = (
            row(quote!(Both = "application/json, text/event-stream")),
            row(quote!(Tag = "<string>  (a, \"b\")")),
        );
        let text = render(quote!(crate::runtime::closed_enum!(Accept { #both, #tag });));
        let expected = "crate::runtime::closed_enum!(Accept {\n    Both = \"application/json, text/event-stream\",\n    Tag = \"<string>  (a, \\\"b\\\")\",\n});\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn unmarked_macros_and_items_are_prettypleases_with_a_blank_line_between() {
        let text = render(quote! {
            #![allow(missing_docs)]
            /// Ends;
            pub struct A { pub x: i32 }
            impl A {
                pub fn f() { let y = 1; }
                /// G.
                pub fn g() {}
            }
            crate::m!(A);
            pub type B = A;
        });
        let expected = "#![allow(missing_docs)]\n\n/// Ends;\npub struct A {\n    pub x: i32,\n}\n\nimpl A {\n    pub fn f() {\n        let y = 1;\n    }\n\n    /// G.\n    pub fn g() {}\n}\n\ncrate::m!(A);\n\npub type B = A;\n";
        assert_eq!(text, expected);
        assert_eq!(space_items(expected), expected, "idempotent");
    }

    #[test]
    fn tokens_are_spaced_as_written_by_hand() {
        let cases = [
            (quote!(Parts(Vec<ContentPart>)), "Parts(Vec<ContentPart>)"),
            (
                quote!(present with_x(x: Option<Option<&str>>)),
                "present with_x(x: Option<Option<&str>>)",
            ),
            (
                quote!(a: ::std::string::String = "a"),
                "a: ::std::string::String = \"a\"",
            ),
            (quote!(r#type: [u8; 4]), "r#type: [u8; 4]"),
        ];
        for (tokens, expected) in cases {
            assert_eq!(inline(tokens), expected);
        }
    }
}
