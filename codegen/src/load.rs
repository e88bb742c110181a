//! Reading spec text: the one place a document's text becomes a value, for the spec itself and
//! for every document or fragment lowering reads again (`$ref`s into the document or other
//! files).
//!
//! A document that starts with `{` is JSON and is read as JSON: YAML's escapes are not JSON's
//! (a surrogate pair such as `"\ud83d\udc4d"` is valid JSON and an error in YAML). Everything
//! else is YAML, read after integers too wide for 64 bits are written as the floats they
//! stand for: OpenAI writes `seed` bounds as `-9223372036854776000`, which the YAML reader
//! cannot hold as a number. That rewrite is decided from the text, before parsing.

use serde::de::DeserializeOwned;

use crate::{spec, Config, Error, Location};

/// Why a text could not be read: the reader's message, and the line and column it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What the reader said, without its own location suffix.
    pub message: String,
    /// One-based line and column, when the reader gave them.
    pub line_column: Option<(usize, usize)>,
}

/// Whether a document's text is JSON rather than YAML: its first character, past a byte-order
/// mark and whitespace, opens an object.
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with('{')
}

/// Reads a document's text as `T`: JSON when [`is_json`], else YAML with wide integers read as
/// floats. Returns the notes of what was rewritten, by line, for warnings.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<(usize, String)>), ReadError> {
    if is_json(text) {
        let body = text.trim_start_matches('\u{feff}');
        return serde_json::from_str(body).map(|v| (v, Vec::new())).map_err(|e| {
            let message = e.to_string();
            // serde_json appends " at line X column Y"; the location already says it.
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            ReadError {
                message,
                line_column: Some((e.line(), e.column())),
            }
        });
    }
    let (widened, notes) = widen_big_integers(text);
    let source = widened.as_deref().unwrap_or(text);
    serde_yaml::from_str(source).map(|v| (v, notes)).map_err(|e| {
        let line_column = e.location().map(|l| (l.line(), l.column()));
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) if line_column.is_some() => message[..i].to_owned(),
            _ => message,
        };
        ReadError { message, line_column }
    })
}

/// Reads a document's text as `T`, or `None` when it cannot be read: for the documents
/// lowering reads again, whose problems it reports at the reference that needed them.
pub fn read_value<T: DeserializeOwned>(text: &str) -> Option<T> {
    read(text).ok().map(|(value, _)| value)
}

/// Parses the YAML (or JSON) text of a spec into the typed document. A Swagger 2.0 document is
/// read as the OpenAPI 3.0 one it converts to (see [`crate::swagger2`]), each conversion noted
/// for a warning at its pointer.
pub fn load(text: &str, config: &Config) -> Result<spec::OpenApi, Error> {
    let parse_error = |e: ReadError| Error::Parse {
        location: Location {
            file: config.spec_label.clone(),
            pointer: String::new(),
            line_column: e.line_column,
        },
        message: e.message,
    };
    // Only a document that mentions `swagger` can be 2.0; the others are read once.
    if text.contains("swagger") {
        let (value, notes): (serde_yaml::Value, _) = read(text).map_err(parse_error)?;
        let value = serde_json::to_value(value).unwrap_or_default();
        if crate::swagger2::is_swagger2(&value) {
            let (converted, conversions) = crate::swagger2::convert(&value);
            let mut doc: spec::OpenApi = serde_json::from_value(converted.clone()).map_err(|e| Error::Parse {
                location: Location {
                    file: config.spec_label.clone(),
                    pointer: String::new(),
                    line_column: None,
                },
                message: format!("the Swagger 2.0 document does not read as OpenAPI 3.0: {e}"),
            })?;
            // Lowering reads references by pointer in this text: the converted document's.
            doc.source = Some(serde_json::to_string(&converted).unwrap_or_default());
            doc.load_notes = notes;
            doc.conversions = conversions;
            return Ok(doc);
        }
    }
    let (mut doc, notes): (spec::OpenApi, _) = read(text).map_err(parse_error)?;
    doc.source = Some(text.to_owned());
    doc.load_notes = notes;
    Ok(doc)
}

/// Whether the text has a run of 19 or more digits, the shortest integer that may not fit in
/// 64 bits; most specs have none, and are then parsed as they are.
fn has_long_digit_run(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= 19 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Rewrites integer literals of more digits than 64 bits hold (19 and more) as floats
/// (`…000.0`), where they stand as a plain value: after `:`, `-`, `[` or `,`, and before the
/// line's end, a comment, `,`, `]` or `}`. Text in quotes is left alone. Returns the new text
/// (`None` when nothing changed) and the notes.
fn widen_big_integers(text: &str) -> (Option<String>, Vec<(usize, String)>) {
    if !has_long_digit_run(text) {
        return (None, Vec::new());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut notes = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut quote: Option<u8> = None;
        let mut last = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q && (i == 0 || bytes[i - 1] != b'\\') => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'#' && (i == 0 || bytes[i - 1] == b' ') => break,
                None if b.is_ascii_digit() || (b == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) => {
                    let start = i;
                    let mut end = i + 1;
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                    let digits = end - start - usize::from(b == b'-');
                    let before = line[..start].trim_end().chars().last();
                    let after = line[end..].trim_start().chars().next();
                    let stands_alone = matches!(before, Some(':' | '-' | '[' | ',')) || before.is_none();
                    let ends = matches!(after, None | Some('#' | ',' | ']' | '}'));
                    let literal = &line[start..end];
                    let fits = literal.parse::<i64>().is_ok() || literal.parse::<u64>().is_ok();
                    if digits >= 19 && !fits && stands_alone && ends {
                        out.push_str(&line[last..end]);
                        out.push_str(".0");
                        last = end;
                        notes.push((n + 1, format!("integer `{literal}` is beyond 64 bits: read as a float")));
                    }
                    i = end;
                    continue;
                }
                None => {}
            }
            i += 1;
        }
        out.push_str(&line[last..]);
    }
    if notes.is_empty() {
        return (None, notes);
    }
    (Some(out), notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats_where_they_stand_as_values() {
        let text =
            "minimum: -9223372036854776000\nmaximum: 18446744073709552000 # u64\nenum: [1, 99999999999999999999]\n\
                    fits: 4944116822809979520\nid: \"12345678901234567890\"\nsmall: 42\nname: a12345678901234567890\n";
        let (out, notes) = widen_big_integers(text);
        assert_eq!(
            out.as_deref(),
            Some(
                "minimum: -9223372036854776000.0\nmaximum: 18446744073709552000.0 # u64\nenum: [1, 99999999999999999999.0]\n\
             fits: 4944116822809979520\nid: \"12345678901234567890\"\nsmall: 42\nname: a12345678901234567890\n"
            )
        );
        assert_eq!(notes.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            widen_big_integers("a: 1\nb: \"12345678901234567890\"\n"),
            (None, Vec::new())
        );
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      type: integer\n      minimum: -9223372036854776000\n";
        let api = crate::load_api(spec, &crate::Config::default()).expect("loads");
        assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    }

    #[test]
    fn json_is_read_as_json_with_its_own_escapes() {
        // A surrogate pair is valid JSON and an invalid escape in YAML.
        let text = "\u{feff} {\"openapi\": \"3.1.0\", \"info\": {\"title\": \"Hello! \\ud83d\\udc4d\", \"version\": \"1\"},\n \"paths\": {}}";
        assert!(is_json(text));
        let doc = load(text, &Config::default()).expect("JSON loads");
        assert_eq!(doc.info.title, "Hello! 👍");
        let err = load("{\"openapi\": \"3.1.0\",\n \"info\": [}", &Config::default()).unwrap_err();
        match err {
            Error::Parse { location, message } => {
                assert_eq!(location.line_column.map(|(line, _)| line), Some(2), "{message}");
                assert!(!message.contains(" at line "), "{message}");
            }
            other => panic!("a parse error, not {other:?}"),
        }
        assert!(!is_json("openapi: 3.1.0\n"));
        assert_eq!(read_value::<serde_yaml::Value>("a: [1"), None);
    }
}
