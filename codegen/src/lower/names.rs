//! Namespaces: every name the generated code declares is claimed here, once, in the
//! namespace Rust puts it in. A clash is resolved by the same rule everywhere: the first
//! claimant keeps the plain name, a later one gets the smallest free number (`Pet`, `Pet2`),
//! after any readable alternative the caller offers (a parameter's location, a symbol spelt
//! out) has been tried.

use std::collections::BTreeSet;

use crate::ident::{type_name, unraw, KEYWORDS, NOT_RAW};

/// Names that would shadow the prelude or the runtime's exports at the crate root, so a
/// schema called `String` or `Client` becomes `StringModel` or `ClientModel`.
pub const RESERVED_TYPES: &[&str] = &[
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
    "ResponseMeta",
    "Multipart",
    "StreamError",
    "ErrorCode",
    "Unpin",
    "Self_",
];

/// The generated `Client`'s own methods (written by `emit/client.rs`) and the trait methods
/// a caller reaches on it, which an operation's method must not reuse. The runtime's methods
/// do not matter: the generated `Client` holds the runtime's client in a field, so nothing
/// the runtime defines can clash with an operation.
pub const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "from_env", "base_url", "runtime", "clone", "fmt", "from", "into",
];

/// One namespace: the names taken so far.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `names` are already taken.
    pub fn with_taken<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: names.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Whether `name` (compared without any `r#`) is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    /// Marks `name` taken without checking.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(unraw(name).to_owned());
    }

    /// Claims the first free name among `candidates` (identifiers as Rust text, possibly raw);
    /// when all are taken, the first followed by the smallest free number from 2.
    pub fn claim_first(&mut self, candidates: &[String]) -> String {
        let chosen = candidates
            .iter()
            .find(|c| !self.is_taken(c))
            .cloned()
            .unwrap_or_else(|| {
                let base = unraw(&candidates[0]).to_owned();
                let numbered = (2..)
                    .map(|n| numbered(&base, n))
                    .find(|c| !self.is_taken(c))
                    .unwrap_or(base);
                reword(&numbered)
            });
        self.take(&chosen);
        chosen
    }

    /// Claims `candidate`, numbered if it is taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        self.claim_first(&[candidate.to_owned()])
    }

    /// Claims a group of names derived from one base (such as `x`, `x_with`, `x_stream`): the
    /// first base, plain or numbered, for which every derived name is free.
    pub fn claim_group(&mut self, base: &str, derive: impl Fn(&str) -> Vec<String>) -> Vec<String> {
        let base = unraw(base).to_owned();
        let group = std::iter::once(base.clone())
            .chain((2..).map(|n| numbered(&base, n)))
            .map(|b| derive(&reword(&b)))
            .find(|names| names.iter().all(|n| !self.is_taken(n)))
            .unwrap_or_default();
        for n in &group {
            self.take(n);
        }
        group
    }
}

/// `base` with a number after it, an underscore between two digits so `v1` and 2 stay apart.
fn numbered(base: &str, n: usize) -> String {
    if base.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{base}_{n}")
    } else {
        format!("{base}{n}")
    }
}

/// Re-applies the keyword rules to a snake_case identifier built from another.
fn reword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The namespace of the crate root, where every named type lives.
pub fn type_namespace() -> Namespace {
    Namespace::with_taken(RESERVED_TYPES.iter().copied())
}

/// Claims a type name built from a spec name.
pub fn claim_type(ns: &mut Namespace, raw: &str) -> String {
    let base = type_name(raw);
    let base = if RESERVED_TYPES.contains(&base.as_str()) {
        format!("{base}Model")
    } else {
        base
    };
    ns.claim(&base)
}

/// The catch-all variant of an open enum or union, claimed after its `variants`: `Other`,
/// else `Unknown`, else numbered.
pub fn catch_all<'a>(variants: impl IntoIterator<Item = &'a str>) -> String {
    Namespace::with_taken(variants).claim_first(&["Other".to_owned(), "Unknown".to_owned()])
}

/// The namespace of the `Client`'s methods.
pub fn client_namespace() -> Namespace {
    Namespace::with_taken(CLIENT_METHODS.iter().copied())
}

/// The generated mock server's own methods, which no operation's mock method may take.
pub const MOCK_METHODS: &[&str] = &["start", "uri", "client", "client_builder", "runtime"];

/// The namespace of the mock server's methods: its own, then one per operation.
pub fn mock_namespace() -> Namespace {
    Namespace::with_taken(MOCK_METHODS.iter().copied())
}

/// The namespace of one generated method's arguments and locals. `self` needs no guard:
/// no spec name becomes it (`self` turns into `self_`).
pub fn method_namespace() -> Namespace {
    Namespace::default()
}

/// Words for the symbols an enum value may be made of, so `-created` beside `created`, or a
/// value that is only `*` or `!=`, still gets a name that says what it is.
fn spell(c: char) -> Option<&'static str> {
    Some(match c {
        '-' => "Minus",
        '+' => "Plus",
        '*' => "Star",
        '=' => "Eq",
        '!' => "Not",
        '<' => "Lt",
        '>' => "Gt",
        '.' => "Dot",
        '/' => "Slash",
        '@' => "At",
        '#' => "Hash",
        '&' => "And",
        '|' => "Or",
        '%' => "Percent",
        '$' => "Dollar",
        '~' => "Tilde",
        '^' => "Caret",
        ':' => "Colon",
        '?' => "Question",
        ',' => "Comma",
        _ => return None,
    })
}

/// Variant names for all of an enum's values, in order, claimed in one namespace. A value
/// whose plain name another value shares (`-created` beside `created`) is spelt out when it
/// has symbols to spell, so the plain value keeps the plain name.
pub fn variants(values: &[String]) -> Vec<String> {
    let plain: Vec<String> = values.iter().map(|v| type_name(v)).collect();
    let mut ns = Namespace::default();
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let mut candidates = variant_candidates(value);
            let shared = plain.iter().enumerate().any(|(j, p)| j != i && *p == plain[i]);
            if shared && value.chars().any(|c| spell(c).is_some()) {
                candidates.reverse();
            }
            ns.claim_first(&candidates)
        })
        .collect()
}

/// Candidate variant names for an enum value: the plain UpperCamel name, then one that spells
/// out its symbols. A value with no letters or digits starts with the spelt form.
pub fn variant_candidates(value: &str) -> Vec<String> {
    let plain = type_name(value);
    let spelt: String = value
        .chars()
        .map(|c| match spell(c) {
            Some(word) => format!(" {word} "),
            None => c.to_string(),
        })
        .collect();
    let spelt = type_name(&spelt);
    let has_word = value.chars().any(char::is_alphanumeric);
    let mut out = if has_word || value.is_empty() {
        vec![plain, spelt]
    } else {
        vec![spelt, plain]
    };
    out.dedup();
    out.retain(|n| n != "Self_" || value == "Self");
    if out.is_empty() {
        out.push("Value".to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clash_is_numbered_from_two_and_keywords_stay_valid() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("type"), "type2");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
    }

    #[test]
    fn symbols_are_spelt_out_when_they_are_all_a_value_has() {
        assert_eq!(variant_candidates("*")[0], "Star");
        assert_eq!(variant_candidates("!=")[0], "NotEq");
        assert_eq!(variant_candidates("-created"), ["Created", "MinusCreated"]);
        assert_eq!(variant_candidates("")[0], "Empty");
        let values = ["-created", "created", "Created"].map(String::from);
        assert_eq!(variants(&values), ["MinusCreated", "Created", "Created2"]);
    }

    #[test]
    fn a_group_moves_together_to_the_first_free_base() {
        let mut ns = client_namespace();
        ns.take("get_pet_with");
        let names = ns.claim_group("get_pet", |b| vec![b.to_owned(), format!("{b}_with")]);
        assert_eq!(names, ["get_pet2", "get_pet2_with"]);
        let names = ns.claim_group("new", |b| vec![b.to_owned()]);
        assert_eq!(names, ["new2"]);
    }
}
