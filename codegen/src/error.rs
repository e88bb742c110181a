//! Errors and warnings of the generator, each naming the spec file and where in it.

use std::fmt;

/// A place in the spec: the file and a JSON pointer, with a line and column where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec file as the user named it.
    pub file: String,
    /// A JSON pointer into the document, such as `/components/schemas/Pet`.
    pub pointer: String,
    /// The 1-based line and column, where the YAML parser reported them.
    pub line_column: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at #{}", self.pointer)?;
        }
        Ok(())
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not valid YAML or does not have the shape of an OpenAPI document.
    #[error("{location}: cannot read the spec: {message}")]
    Parse {
        /// Where the parser stopped.
        location: Location,
        /// What the parser said.
        message: String,
    },
    /// The document is valid YAML but not something the generator can accept.
    #[error("{location}: {message}")]
    Invalid {
        /// The offending place.
        location: Location,
        /// What is wrong, in lower case.
        message: String,
    },
    /// `--strict` (or `Config::with_strict`) is on and the spec has constructs the generator
    /// could only approximate.
    #[error("{file}: {} warning(s) in strict mode; the first at #{}: {}", warnings.len(), warnings[0].pointer, warnings[0].message)]
    Strict {
        /// The spec file.
        file: String,
        /// Every warning, in the order they arose.
        warnings: Vec<Warning>,
    },
    /// The emitted tokens did not parse as Rust, which is a bug in the generator.
    #[error("internal error: generated {file} is not valid Rust: {message}")]
    Render {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// A stage of the generator failed in a way no input should cause (a panic caught in
    /// lowering, a formatting thread that died), which is a bug in the generator.
    #[error("internal error in the generator on {file}: {message}")]
    Internal {
        /// The spec file being generated.
        file: String,
        /// What failed.
        message: String,
    },
}

impl Error {
    /// The location in the spec, if the error has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. } | Error::Invalid { location, .. } => Some(location),
            Error::Render { .. } | Error::Strict { .. } | Error::Internal { .. } => None,
        }
    }
}

/// Something the generator did not translate exactly, with where and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What kind of approximation it is, for the summary.
    pub kind: WarningKind,
    /// The JSON pointer of the construct.
    pub pointer: String,
    /// What was done instead, in lower case.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// The kinds of approximation, each with a plural label for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// A union read untagged: no tag could be told, or several branches are objects.
    UnionFallback,
    /// `allOf` members that disagree on a property: the narrower was kept.
    AllOfConflict,
    /// A `oneOf`/`anyOf` inside `allOf`, kept as a flattened union field.
    FlattenedUnion,
    /// A `$ref` that points nowhere in the document.
    DanglingRef,
    /// A `$ref` into another file.
    ExternalRef,
    /// A construct with no Rust counterpart (`not`, several types, tuples, mixed enums),
    /// lowered to `serde_json::Value`.
    ValueFallback,
    /// An `operationId` used twice: the later operation is named from its path.
    DuplicateOperationId,
    /// A `{name}` in a path that no parameter declares: declared as a string.
    UndeclaredPathParam,
    /// A part of an operation the client cannot carry as written (a parameter in an unknown
    /// place, a path parameter the template never names, an operation that cannot be read).
    Skipped,
    /// Something written in a form OpenAPI does not define, read the way its author meant.
    Lenient,
    /// A stream end marker inferred from prose.
    Inferred,
    /// A Swagger 2.0 construct read as its OpenAPI 3.0 form.
    Converted,
    /// A list that looks paginated but fits no rule: it keeps its plain method only.
    Unpaginated,
}

impl WarningKind {
    /// The plural label, as in `3 union fallbacks`.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::UnionFallback => "union fallbacks",
            WarningKind::AllOfConflict => "allOf conflicts",
            WarningKind::FlattenedUnion => "flattened unions",
            WarningKind::DanglingRef => "dangling references",
            WarningKind::ExternalRef => "external references",
            WarningKind::ValueFallback => "serde_json::Value fallbacks",
            WarningKind::DuplicateOperationId => "duplicate operationIds",
            WarningKind::UndeclaredPathParam => "undeclared path parameters",
            WarningKind::Skipped => "skipped parts",
            WarningKind::Lenient => "lenient readings",
            WarningKind::Inferred => "inferences from prose",
            WarningKind::Converted => "Swagger 2.0 conversions",
            WarningKind::Unpaginated => "lists left unpaginated",
        }
    }
}

/// One line that counts warnings by kind: `12 warnings: 7 union fallbacks, 3 allOf conflicts`.
pub fn summarize(warnings: &[Warning]) -> String {
    let mut counts: std::collections::BTreeMap<WarningKind, usize> = Default::default();
    for w in warnings {
        *counts.entry(w.kind).or_default() += 1;
    }
    let mut by_kind: Vec<(WarningKind, usize)> = counts.into_iter().collect();
    by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let parts: Vec<String> = by_kind.iter().map(|(k, n)| format!("{n} {}", k.label())).collect();
    let noun = if warnings.len() == 1 { "warning" } else { "warnings" };
    if parts.is_empty() {
        "no warnings".to_owned()
    } else {
        format!("{} {noun}: {}", warnings.len(), parts.join(", "))
    }
}

/// Escapes one JSON pointer segment (`~` and `/`).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment.
pub fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
