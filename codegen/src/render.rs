//! Layout of formatted output beyond what prettyplease does: a blank line between items, as
//! rustfmt would leave them, and the runtime's table-like macros (`setters!`, `union_from!`)
//! one entry a line, so a generated file reads like a hand-written one in review.

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

/// The runtime macros whose bodies are lists of entries, laid out one entry a line.
const TABLE_MACROS: &[&str] = &[
    "crate::runtime::setters!(",
    "crate::runtime::union_from!(",
    "crate::runtime::open_enum!(",
    "crate::runtime::closed_enum!(",
    "crate::runtime::received_twin!(",
    "crate::runtime::json_struct!(",
];

/// Joins the tokens prettyplease printed with spaces between them as a person writes them:
/// `stop: Vec<String>`, not `stop : Vec < String >`.
fn tidy_tokens(text: &str) -> String {
    let tokens = tokens_outside_strings(text);
    let mut out = String::with_capacity(text.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let prev = tokens[i - 1];
            let glued_after = prev.ends_with(['(', '[', '<', '&']) || prev.ends_with("::");
            let glued_before = t.starts_with([',', ')', ']', '>', ';', '<', '('])
                || (t.starts_with("::") && prev != ":" && !prev.ends_with(','))
                || *t == ":";
            if !glued_after && !glued_before {
                out.push(' ');
            }
        }
        out.push_str(t);
    }
    out
}

/// Which bytes of `text` lie inside a string literal (`"…"`, with its escapes), quotes included:
/// a wire name may hold spaces, commas and brackets (`"application/json, text/event-stream"`).
fn in_string(text: &str) -> Vec<bool> {
    let mut inside = vec![false; text.len()];
    let (mut open, mut escaped) = (false, false);
    for (i, b) in text.bytes().enumerate() {
        if open {
            inside[i] = true;
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => open = false,
                _ => {}
            }
        } else if b == b'"' {
            inside[i] = true;
            open = true;
        }
    }
    inside
}

/// Splits at whitespace outside string literals.
fn tokens_outside_strings(text: &str) -> Vec<&str> {
    let inside = in_string(text);
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let split = c.is_whitespace() && !inside[i];
        match (split, start) {
            (true, Some(s)) => {
                tokens.push(&text[s..i]);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

/// Splits at the commas that are not nested in brackets or inside string literals.
fn top_level_entries(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    let inside = in_string(text);
    for (i, c) in text.char_indices() {
        if inside[i] {
            continue;
        }
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(text[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    entries.push(text[start..].trim().to_owned());
    entries.retain(|e| !e.is_empty());
    entries
}

/// Lays out one table macro invocation, given its whole text.
fn table_macro(call: &str, text: &str) -> String {
    let body = text
        .trim()
        .strip_prefix(call)
        .and_then(|b| b.strip_suffix(");"))
        .unwrap_or(text)
        .trim();
    let body = tidy_tokens(body);
    let Some((name, rest)) = body.split_once('{') else {
        return format!("{call}{body});\n");
    };
    // The entries end at the brace that closes the first; what follows it (`json_struct!`'s
    // map of undeclared properties) stays on the closing line.
    let (inner, tail) = match closing_brace(rest) {
        Some(end) => (&rest[..end], rest[end + 1..].trim()),
        None => (rest, ""),
    };
    let mut out = format!("{call}{} {{\n", name.trim());
    for entry in top_level_entries(inner) {
        out.push_str(&format!("    {entry},\n"));
    }
    match tail {
        "" => out.push_str("});\n"),
        tail => out.push_str(&format!("}} {tail});\n")),
    }
    out
}

/// Where the brace closing an opened one is in `text` (which follows the opening brace),
/// braces inside string literals aside.
fn closing_brace(text: &str) -> Option<usize> {
    let inside = in_string(text);
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            _ if inside[i] => {}
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Rewrites every table macro invocation of a file.
fn lay_out_tables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(call) = TABLE_MACROS.iter().find(|c| line.starts_with(**c)) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut whole = line.to_owned();
        while !whole.trim_end().ends_with(");") {
            match lines.next() {
                Some(next) => {
                    whole.push(' ');
                    whole.push_str(next);
                }
                None => break,
            }
        }
        out.push_str(&table_macro(call, &whole));
    }
    out
}

/// Inserts a blank line between consecutive items at the top level and inside `impl` blocks,
/// and after the module's inner docs and attributes; lays out the runtime's table macros.
pub fn space_items(text: &str) -> String {
    let text = &lay_out_tables(text);
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
    use super::{lay_out_tables, space_items, tidy_tokens};

    #[test]
    fn table_macros_get_one_entry_a_line() {
        let text = "crate::runtime::setters!(\n    Request { set with_n(n : u64), into\n    with_stop(stop : Vec < String >), boxed with_next(next : :: std :: collections :: BTreeMap < String, Option < Node >>) }\n);\ncrate::runtime::union_from!(Content, str Text);\n";
        let expected = "crate::runtime::setters!(Request {\n    set with_n(n: u64),\n    into with_stop(stop: Vec<String>),\n    boxed with_next(next: ::std::collections::BTreeMap<String, Option<Node>>),\n});\n\ncrate::runtime::union_from!(Content, str Text);\n";
        assert_eq!(space_items(text), expected);
        assert_eq!(tidy_tokens("Parts(Vec < ContentPart >)"), "Parts(Vec<ContentPart>)");
    }

    #[test]
    fn a_table_keeps_what_follows_its_entries_on_the_closing_line() {
        let text = "crate::runtime::json_struct!(\n    A, received { lenient id : String = \"}\", optional n : Option < u64 > = \"n\" } extra : :: serde_json :: Map < String, :: serde_json :: Value >\n);\n";
        let expected = "crate::runtime::json_struct!(A, received {\n    lenient id: String = \"}\",\n    optional n: Option<u64> = \"n\",\n} extra: ::serde_json::Map<String, ::serde_json::Value>);\n";
        assert_eq!(lay_out_tables(text), expected);
    }

    #[test]
    fn wire_names_in_tables_keep_their_spaces_commas_and_brackets() {
        let text = "crate::runtime::closed_enum!(Accept { Both = \"application/json, text/event-stream\", Tag = \"<string>  (a, \\\"b\\\")\" });\n";
        let expected = "crate::runtime::closed_enum!(Accept {\n    Both = \"application/json, text/event-stream\",\n    Tag = \"<string>  (a, \\\"b\\\")\",\n});\n";
        assert_eq!(space_items(text), expected);
    }

    #[test]
    fn items_get_a_blank_line_and_bodies_do_not() {
        let text = "//! Docs.\n#![allow(missing_docs)]\n/// Ends;\npub struct A {\n    pub x: i32,\n}\nimpl A {\n    pub fn f() {\n        let y = 1;\n    }\n    /// G.\n    pub fn g() {}\n}\ncrate::m!(A);\npub type B = A;\n/// C.\npub type C = A;\n";
        let expected = "//! Docs.\n#![allow(missing_docs)]\n\n/// Ends;\npub struct A {\n    pub x: i32,\n}\n\nimpl A {\n    pub fn f() {\n        let y = 1;\n    }\n\n    /// G.\n    pub fn g() {}\n}\n\ncrate::m!(A);\n\npub type B = A;\n\n/// C.\npub type C = A;\n";
        assert_eq!(space_items(text), expected);
        assert_eq!(space_items(expected), expected, "idempotent");
    }
}
