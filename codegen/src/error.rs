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
    /// The document uses a construct the generator does not support.
    #[error("{location}: unsupported: {message}")]
    Unsupported {
        /// The offending place.
        location: Location,
        /// What is not supported.
        message: String,
    },
    /// The emitted tokens did not parse as Rust, which is a bug in the generator.
    #[error("internal error: generated {file} is not valid Rust: {message}")]
    Render {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

impl Error {
    /// The location in the spec, if the error has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. } | Error::Invalid { location, .. } | Error::Unsupported { location, .. } => {
                Some(location)
            }
            Error::Render { .. } => None,
        }
    }
}

/// Something the generator did not translate exactly, with where and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
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

/// Escapes one JSON pointer segment (`~` and `/`).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment.
pub fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
