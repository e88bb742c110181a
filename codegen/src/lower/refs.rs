//! Reference resolution: one resolver for every kind of component (parameters, request
//! bodies, responses), and schema references to any JSON pointer in the document. A
//! reference that leads nowhere, or into another file, is a warning, never a refusal.

use std::borrow::Cow;

use indexmap::IndexMap;

use super::Lowerer;
use crate::error::{escape_pointer, unescape_pointer, WarningKind};
use crate::spec::{OpenApi, Parameter, RequestBody, Response, Schema};

/// How many `$ref`s in a row are followed before a chain is taken for a cycle.
const MAX_CHAIN: usize = 32;

/// A spec object that may be a `$ref` to a component of its own kind.
pub(super) trait Referable: Sized + 'static {
    /// The `components` section it lives in, such as `parameters`.
    const SECTION: &'static str;
    /// What it is called in messages.
    const WHAT: &'static str;
    /// Its `$ref`, if it is one.
    fn reference(&self) -> Option<&str>;
    /// The components of its kind.
    fn components(doc: &OpenApi) -> &IndexMap<String, Self>;
}

impl Referable for Parameter {
    const SECTION: &'static str = "parameters";
    const WHAT: &'static str = "parameter";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.parameters
    }
}

impl Referable for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const WHAT: &'static str = "request body";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.request_bodies
    }
}

impl Referable for Response {
    const SECTION: &'static str = "responses";
    const WHAT: &'static str = "response";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.responses
    }
}

impl<'a> Lowerer<'a> {
    /// Follows `item`'s `$ref`s to the component they name, returning it and its pointer;
    /// `None`, with a warning, when they lead nowhere.
    pub(super) fn resolve<T: Referable>(&mut self, item: &'a T, pointer: &str) -> Option<(&'a T, String)> {
        let doc: &'a OpenApi = self.doc;
        let mut current = (item, pointer.to_owned());
        for _ in 0..MAX_CHAIN {
            let Some(reference) = current.0.reference() else {
                return Some(current);
            };
            let prefix = format!("#/components/{}/", T::SECTION);
            let target = reference
                .strip_prefix(&prefix)
                .map(unescape_pointer)
                .and_then(|key| T::components(doc).get_key_value(&key));
            match target {
                Some((key, next)) => {
                    current = (next, format!("/components/{}/{}", T::SECTION, escape_pointer(key)));
                }
                None => {
                    let message = format!("`$ref: {reference}` points to no {}: skipped", T::WHAT);
                    self.warn(WarningKind::DanglingRef, &format!("{}/$ref", current.1), message);
                    return None;
                }
            }
        }
        let message = format!("`$ref`s to a {} form a cycle: skipped", T::WHAT);
        self.warn(WarningKind::DanglingRef, &current.1, message);
        None
    }

    /// The component key of `#/components/schemas/Name`, when that component exists.
    pub(super) fn component_key(&self, reference: &str) -> Option<String> {
        let key = unescape_pointer(&percent_decode(reference.strip_prefix("#/components/schemas/")?));
        self.doc.components.schemas.contains_key(&key).then_some(key)
    }

    /// The schema a `$ref` points to, anywhere in the document, with its pointer. A reference
    /// to another file, or to nothing, is `None` with a warning (the caller falls back to
    /// `serde_json::Value`).
    pub(super) fn schema_at(&mut self, reference: &str, at: &str) -> Option<(Schema, String)> {
        if let Some(key) = self.component_key(reference) {
            let pointer = super::component_pointer(&key);
            return Some((self.doc.components.schemas[&key].clone(), pointer));
        }
        let Some(fragment) = reference.strip_prefix('#') else {
            return self.external_schema_at(reference, at);
        };
        let pointer = percent_decode(fragment);
        match schema_in(self.raw(), &pointer) {
            Some(schema) => Some((schema, pointer)),
            _ => {
                self.warn(
                    WarningKind::DanglingRef,
                    at,
                    format!("`$ref: {reference}` points to no schema in the document: lowered to serde_json::Value"),
                );
                None
            }
        }
    }

    /// A schema in another file, read through the resolver. Its own references are rewritten
    /// to name their file, so they resolve there and not in the spec.
    fn external_schema_at(&mut self, written: &str, at: &str) -> Option<(Schema, String)> {
        // `./a.yaml` and `a.yaml` are one file, so one type.
        let reference = &relative_ref("", written);
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let remote = file.contains("://");
        if remote || self.resolver.is_none() {
            let why = if remote {
                "a URL, which is not fetched"
            } else {
                "in another file, which is not read"
            };
            self.warn(
                WarningKind::ExternalRef,
                at,
                format!("`$ref: {reference}` is {why}: lowered to serde_json::Value"),
            );
            return None;
        }
        if !self.externals.contains_key(file) {
            let read = self.resolver.as_ref().and_then(|r| r(file));
            let parsed = read
                .and_then(|text| crate::load::read_value::<serde_yaml::Value>(&text))
                .map(|mut doc| {
                    rewrite_refs(&mut doc, file);
                    doc
                });
            self.externals.insert(file.to_owned(), parsed);
        }
        let pointer = percent_decode(fragment);
        match schema_in(self.externals[file].as_ref(), &pointer) {
            Some(schema) => Some((schema, format!("{file}#{pointer}"))),
            None => {
                self.warn(
                    WarningKind::DanglingRef,
                    at,
                    format!("`$ref: {reference}` names a file or a place in it that cannot be read: lowered to serde_json::Value"),
                );
                None
            }
        }
    }

    /// The document as JSON, parsed from its text the first time a reference needs it.
    fn raw(&mut self) -> Option<&serde_yaml::Value> {
        if self.raw.is_none() {
            let text = self.doc.source.as_deref()?;
            self.raw = Some(crate::load::read_value(text).unwrap_or(serde_yaml::Value::Null));
        }
        self.raw.as_ref()
    }

    /// The schema a chain of `$ref`s ends at (the schema itself when it is no reference), for
    /// looking at its shape; a reference that leads nowhere ends the chain where it stands.
    pub(super) fn target<'s>(&'s self, schema: &'s Schema) -> Cow<'s, Schema> {
        let mut current = schema;
        for _ in 0..MAX_CHAIN {
            let Some(reference) = current.reference.as_deref() else {
                return Cow::Borrowed(current);
            };
            match self.component_key(reference) {
                Some(key) => current = &self.doc.components.schemas[&key],
                None => {
                    let pointer = reference.strip_prefix('#').map(percent_decode);
                    let found = pointer.and_then(|p| schema_in(self.raw.as_ref(), &p));
                    return match found {
                        Some(schema) if schema.reference.is_none() => Cow::Owned(schema),
                        _ => Cow::Borrowed(current),
                    };
                }
            }
        }
        Cow::Borrowed(current)
    }
}

/// Rewrites the `$ref`s of a document read from `file` so they name their file: `#/x` becomes
/// `file#/x`, and `other.yaml#/x` becomes that path relative to the spec.
pub(super) fn rewrite_refs(value: &mut serde_yaml::Value, file: &str) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    (Some("$ref"), serde_yaml::Value::String(r)) => *r = relative_ref(file, r),
                    (_, v) => rewrite_refs(v, file),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(|v| rewrite_refs(v, file)),
        _ => {}
    }
}

/// The schema at `pointer` in a document read as YAML, if there is one.
fn schema_in(doc: Option<&serde_yaml::Value>, pointer: &str) -> Option<Schema> {
    let value = yaml_pointer(doc?, pointer)?;
    serde_yaml::from_value(value.clone()).ok()
}

/// Follows a JSON pointer through a YAML value, whose mappings keep the document's order
/// (so properties keep theirs). Keys written as numbers (`200:`) match their text.
pub(super) fn yaml_pointer<'v>(value: &'v serde_yaml::Value, pointer: &str) -> Option<&'v serde_yaml::Value> {
    let mut current = value;
    for segment in pointer.split('/').skip(1) {
        let segment = unescape_pointer(segment);
        current = match current {
            serde_yaml::Value::Mapping(map) => map.iter().find_map(|(k, v)| {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    _ => return None,
                };
                (key == segment).then_some(v)
            })?,
            serde_yaml::Value::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// A reference written in `file`, as the spec's directory sees it.
pub(super) fn relative_ref(file: &str, reference: &str) -> String {
    if let Some(local) = reference.strip_prefix('#') {
        return format!("{file}#{local}");
    }
    if reference.contains("://") {
        return reference.to_owned();
    }
    let (path, fragment) = reference
        .split_once('#')
        .map_or((reference, None), |(p, f)| (p, Some(f)));
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match fragment {
        Some(f) => format!("{joined}#{f}"),
        None => joined,
    }
}

/// Decodes `%XX` escapes, which a JSON pointer in a URI fragment may carry.
pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, relative_ref, yaml_pointer};

    #[test]
    fn pointers_escapes_and_relative_files() {
        let doc: serde_yaml::Value =
            serde_yaml::from_str("paths:\n  /a~b:\n    responses:\n      200: {x: [1, 2]}\n").unwrap();
        let found = yaml_pointer(&doc, "/paths/~1a~0b/responses/200/x/1");
        assert_eq!(
            found,
            Some(&serde_yaml::Value::from(2)),
            "escapes, a numeric key, an index"
        );
        assert_eq!(yaml_pointer(&doc, "/paths/nowhere"), None);
        assert_eq!(percent_decode("/schemas/A%20B%7B"), "/schemas/A B{");
        assert_eq!(percent_decode("%zz%4"), "%zz%4", "a broken escape stays as written");
        assert_eq!(relative_ref("shared/pets.yaml", "#/Tag"), "shared/pets.yaml#/Tag");
        assert_eq!(relative_ref("shared/pets.yaml", "../toys.yaml#/T"), "toys.yaml#/T");
        assert_eq!(relative_ref("", "./a/./b.yaml"), "a/b.yaml");
        assert_eq!(relative_ref("a.yaml", "https://x.test/y.yaml"), "https://x.test/y.yaml");
    }
}
