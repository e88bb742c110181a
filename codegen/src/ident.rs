//! Rust identifiers from spec names: every naming decision of the generator lives here.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords of every edition up to 2024.
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore instead.
pub(crate) const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern"];

/// Splits a name into words at every character that is not alphanumeric, after heck's own
/// case-boundary rules, and joins them in UpperCamelCase. Two words that meet digit to digit
/// keep an underscore between them (`seed-1-6` becomes `Seed1_6`, not the ambiguous `Seed16`).
pub fn type_name(raw: &str) -> String {
    let mut out = String::new();
    for word in raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let camel = word.to_upper_camel_case();
        if out.ends_with(|c: char| c.is_ascii_digit()) && camel.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&camel);
    }
    let out: String = out.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    if out.is_empty() {
        return "Empty".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{out}");
    }
    if !out.is_ascii() {
        // Identifiers may be Unicode, but ASCII keeps the API typeable everywhere.
        let ascii: String = out.chars().filter(char::is_ascii).collect();
        return if ascii.is_empty() {
            "Value".to_owned()
        } else {
            type_name(&ascii)
        };
    }
    match out.as_str() {
        "Self" => "Self_".to_owned(),
        _ => out,
    }
}

/// A snake_case identifier for a field, method or parameter, as Rust source text: keywords
/// become raw identifiers (`r#type`), or take a trailing underscore where Rust forbids a raw
/// identifier (`self_`).
pub fn field_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut snake = cleaned.to_snake_case();
    if snake.is_empty() {
        snake = "field".to_owned();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("n{snake}");
    }
    if NOT_RAW.contains(&snake.as_str()) {
        return format!("{snake}_");
    }
    if KEYWORDS.contains(&snake.as_str()) {
        return format!("r#{snake}");
    }
    snake
}

/// The identifier as it appears to serde (without the `r#` prefix), used to decide whether a
/// field needs `#[serde(rename)]`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The part of an identifier that names built from it start with: without `r#`, and without
/// the trailing `_` a keyword gets (`self_`), so `with_self_null` is snake case where
/// `with_self__null` would fail the `non_snake_case` lint.
pub fn stem(ident: &str) -> &str {
    let bare = unraw(ident);
    match bare.trim_end_matches('_') {
        "" => bare,
        trimmed => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_built_from_an_identifier_start_from_its_stem() {
        for (ident, stem_of) in [
            ("self_", "self"),
            ("r#type", "type"),
            ("max_tokens", "max_tokens"),
            ("_", "_"),
            ("a__", "a"),
        ] {
            assert_eq!(stem(ident), stem_of);
        }
    }

    #[test]
    fn every_keyword_becomes_a_usable_identifier() {
        for kw in KEYWORDS {
            let ident = field_name(kw);
            let expected = if NOT_RAW.contains(kw) || kw.chars().next().is_some_and(char::is_uppercase) {
                format!("{}_", kw.to_snake_case())
            } else {
                format!("r#{kw}")
            };
            assert_eq!(ident, expected, "keyword {kw}");
            assert!(
                syn::parse_str::<syn::Ident>(&ident).is_ok() || ident.starts_with("r#"),
                "{ident}"
            );
        }
    }

    #[test]
    fn type_names_keep_digit_groups_apart() {
        let cases = [
            ("doubao-seed-1-6-251015", "DoubaoSeed1_6_251015"),
            ("doubao-seed-2.0-pro", "DoubaoSeed2_0Pro"),
            ("glm-4-7-251222", "Glm4_7_251222"),
            ("chat.completion.chunk", "ChatCompletionChunk"),
            ("image_url", "ImageUrl"),
            ("", "Empty"),
            ("1024x1024", "V1024x1024"),
            ("Self", "Self_"),
            ("+1", "V1"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw), expected, "{raw}");
        }
    }

    #[test]
    fn field_names_are_snake_case_and_valid() {
        let cases = [
            ("max_tokens", "max_tokens"),
            ("topP", "top_p"),
            ("type", "r#type"),
            ("self", "self_"),
            ("$ref", "r#ref"),
            ("2fa", "n2fa"),
            ("x-request-id", "x_request_id"),
            ("", "field"),
        ];
        for (raw, expected) in cases {
            let got = field_name(raw);
            assert_eq!(got, expected, "{raw}");
        }
    }
}
