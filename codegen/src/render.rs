//! Layout of formatted output beyond what prettyplease does: a blank line between items, as
//! rustfmt would leave them, so a generated file reads like a hand-written one in review.

/// Whether a trimmed line begins an item (or its docs and attributes).
fn starts_item(trimmed: &str, indent: usize) -> bool {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "impl", "fn ", "async fn", "const ", "type ", "struct ", "enum ", "mod ", "use ",
    ];
    STARTS.iter().any(|s| trimmed.starts_with(s)) || (indent == 0 && trimmed.starts_with("crate::"))
}

/// Whether a line ends an item at this indentation.
fn ends_item(trimmed: &str, indent: usize) -> bool {
    !trimmed.starts_with("//") && (matches!(trimmed, "}" | "};") || (indent == 0 && trimmed.ends_with(';')))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Inserts a blank line between consecutive items at the top level and inside `impl` blocks,
/// and after the module's inner docs and attributes.
pub fn space_items(text: &str) -> String {
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
    use super::space_items;

    #[test]
    fn items_get_a_blank_line_and_bodies_do_not() {
        let text = "//! Docs.\n#![allow(missing_docs)]\n/// Ends;\npub struct A {\n    pub x: i32,\n}\nimpl A {\n    pub fn f() {\n        let y = 1;\n    }\n    /// G.\n    pub fn g() {}\n}\ncrate::m!(A);\npub type B = A;\n/// C.\npub type C = A;\n";
        let expected = "//! Docs.\n#![allow(missing_docs)]\n\n/// Ends;\npub struct A {\n    pub x: i32,\n}\n\nimpl A {\n    pub fn f() {\n        let y = 1;\n    }\n\n    /// G.\n    pub fn g() {}\n}\n\ncrate::m!(A);\n\npub type B = A;\n\n/// C.\npub type C = A;\n";
        assert_eq!(space_items(text), expected);
        assert_eq!(space_items(expected), expected, "idempotent");
    }
}
