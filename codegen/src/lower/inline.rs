//! References where the ecosystem puts them but the typed document does not follow them: a
//! path item or an operation given as a `$ref` (to a pointer, or to another file, as large
//! vendor specs split one operation a file), and the parameters, request bodies and responses
//! such files reference in further files. They are read into the document before lowering,
//! so every operation is lowered whole; a reference that cannot be read is a warning.

use std::collections::BTreeMap;

use super::refs::{relative_ref, rewrite_refs, yaml_pointer};
use crate::error::{escape_pointer, Warning, WarningKind};
use crate::spec::OpenApi;

/// The methods of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s in a row are followed before a chain is taken for a cycle.
const MAX_CHAIN: usize = 32;

/// Whether the document has anything [`inline`] would read in.
pub(super) fn needed(doc: &OpenApi) -> bool {
    let foreign = |r: &Option<String>| r.as_deref().is_some_and(|r| !r.starts_with("#/components/"));
    doc.paths.values().any(|item| {
        item.reference.is_some()
            || item.parameters.iter().any(|p| foreign(&p.reference))
            || item.operations().any(|(_, op)| {
                op.reference.is_some()
                    || op.parameters.iter().any(|p| foreign(&p.reference))
                    || op.request_body.as_ref().is_some_and(|b| foreign(&b.reference))
                    || op.responses.values().any(|r| foreign(&r.reference))
            })
    })
}

/// The document with those references read in, or `None` when it cannot be re-read (then
/// lowering goes on with the document as it is, and warns where it meets them).
pub(super) fn inline(
    doc: &OpenApi,
    resolver: Option<&crate::Resolver>,
    warnings: &mut Vec<Warning>,
) -> Option<OpenApi> {
    let source = doc.source.as_deref()?;
    let original: serde_yaml::Value = crate::load::read_value(source)?;
    let mut value = original.clone();
    let mut reader = Reader {
        original: &original,
        resolver,
        files: BTreeMap::new(),
        warnings,
    };
    if let Some(serde_yaml::Value::Mapping(paths)) = value.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let pointer = format!("/paths/{}", escape_pointer(path.as_str().unwrap_or_default()));
            let as_written = item.clone();
            reader.follow(item, &pointer);
            reader.parameters(item, &pointer);
            for method in METHODS {
                let Some(op) = item.get_mut(*method) else { continue };
                let op_pointer = format!("{pointer}/{method}");
                reader.follow(op, &op_pointer);
                reader.parameters(op, &op_pointer);
                if let Some(body) = op.get_mut("requestBody") {
                    reader.follow_foreign(body, &format!("{op_pointer}/requestBody"));
                }
                if let Some(serde_yaml::Value::Mapping(responses)) = op.get_mut("responses") {
                    for (code, response) in responses.iter_mut() {
                        let code = match code {
                            serde_yaml::Value::Number(n) => n.to_string(),
                            other => other.as_str().unwrap_or_default().to_owned(),
                        };
                        reader.follow_foreign(response, &format!("{op_pointer}/responses/{}", escape_pointer(&code)));
                    }
                }
            }
            // What was read in for one path cannot cost the others theirs: a path whose
            // result does not read as a path item stays as written, and says why.
            if let Err(e) = serde_yaml::from_value::<crate::spec::PathItem>(item.clone()) {
                let message =
                    format!("what its `$ref`s name does not read as a path item ({e}): the path is lowered as written");
                reader.warn(WarningKind::DanglingRef, &pointer, message);
                *item = as_written;
            }
        }
    }
    let mut inlined: OpenApi = match serde_yaml::from_value(value) {
        Ok(doc) => doc,
        Err(e) => {
            let message =
                format!("the document with its `$ref`s read in does not read ({e}): it is lowered as written");
            reader.warn(WarningKind::DanglingRef, "", message);
            return None;
        }
    };
    inlined.source = doc.source.clone();
    inlined.load_notes = doc.load_notes.clone();
    inlined.conversions = doc.conversions.clone();
    Some(inlined)
}

struct Reader<'r> {
    original: &'r serde_yaml::Value,
    resolver: Option<&'r crate::Resolver>,
    /// Files read so far, their references rewritten to name them, or why one cannot be read.
    files: BTreeMap<String, Result<serde_yaml::Value, String>>,
    warnings: &'r mut Vec<Warning>,
}

impl Reader<'_> {
    fn warn(&mut self, kind: WarningKind, pointer: &str, message: String) {
        self.warnings.push(Warning {
            kind,
            pointer: pointer.to_owned(),
            message,
        });
    }

    /// Replaces `value` by what its `$ref` names, as long as it is one.
    fn follow(&mut self, value: &mut serde_yaml::Value, pointer: &str) {
        for _ in 0..MAX_CHAIN {
            let Some(reference) = value.get("$ref").and_then(|r| r.as_str()).map(str::to_owned) else {
                return;
            };
            match self.read(&reference) {
                Ok(target) => *value = target,
                Err(why) => {
                    let message = format!("`$ref: {reference}` cannot be read ({why}): what it names is skipped");
                    self.warn(WarningKind::DanglingRef, &format!("{pointer}/$ref"), message);
                    return;
                }
            }
        }
        let message = "`$ref`s form a cycle: what they name is skipped".to_owned();
        self.warn(WarningKind::DanglingRef, pointer, message);
    }

    /// Like `follow`, for a reference that does not name a component (those the lowering's
    /// own resolver reads).
    fn follow_foreign(&mut self, value: &mut serde_yaml::Value, pointer: &str) {
        let foreign = value
            .get("$ref")
            .and_then(|r| r.as_str())
            .is_some_and(|r| !r.starts_with("#/components/"));
        if foreign {
            self.follow(value, pointer);
        }
    }

    fn parameters(&mut self, owner: &mut serde_yaml::Value, pointer: &str) {
        if let Some(serde_yaml::Value::Sequence(params)) = owner.get_mut("parameters") {
            for (i, param) in params.iter_mut().enumerate() {
                self.follow_foreign(param, &format!("{pointer}/parameters/{i}"));
            }
        }
    }

    /// What a reference names: a place in the spec (`#/…`) or in a file beside it (`a.yaml`,
    /// `a.yaml#/…`), read through the resolver; or why it cannot be read.
    fn read(&mut self, reference: &str) -> Result<serde_yaml::Value, String> {
        if let Some(fragment) = reference.strip_prefix('#') {
            return yaml_pointer(self.original, fragment)
                .cloned()
                .ok_or_else(|| "the document has nothing there".to_owned());
        }
        let reference = relative_ref("", reference);
        let (file, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        if file.contains("://") {
            return Err("a URL is not fetched".to_owned());
        }
        if !self.files.contains_key(file) {
            let parsed = match self.resolver.and_then(|read| read(file)) {
                None => Err(format!("no file `{file}` beside the spec")),
                Some(text) => crate::load::read::<serde_yaml::Value>(&text)
                    .map(|(mut doc, _)| {
                        rewrite_refs(&mut doc, file);
                        doc
                    })
                    .map_err(|e| match e.line_column {
                        Some((line, column)) => format!("`{file}` line {line} column {column}: {}", e.message),
                        None => format!("`{file}`: {}", e.message),
                    }),
            };
            self.files.insert(file.to_owned(), parsed);
        }
        let doc = self.files[file].as_ref().map_err(Clone::clone)?;
        yaml_pointer(doc, fragment)
            .cloned()
            .ok_or_else(|| format!("`{file}` has nothing at `#{fragment}`"))
    }
}
