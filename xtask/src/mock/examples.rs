//! Where Prism can make no response either way (its generator gives up on a deep schema, as on
//! Argo's Kubernetes types, or crashes), the operation's test runs once more against a copy of
//! the spec whose success response carries an example: the one lowering built from the schema
//! (`Samples::response`). Prism checks that example against the schema before answering
//! (`--errors`), so the test still learns whether a response the spec allows decodes. Such
//! passes are counted apart in the tables.

use std::path::{Path, PathBuf};

use anyfast_codegen::ir::{Api, OperationTest};
use serde_yaml::Value;

/// Writes Prism's copy of `spec` into `dir` with the success response of each operation whose
/// test is named in `names` given its built example. Returns the copy and the names given one
/// (none when no operation has an example to give).
pub(super) fn spec_with_examples(
    spec: &Path,
    dir: &Path,
    api: &Api,
    names: &[String],
) -> Result<Option<(PathBuf, Vec<String>)>, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let Ok(mut doc) = serde_yaml::from_str::<Value>(&text) else {
        return Ok(None);
    };
    let base = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = doc.clone();
    let mut repaired = 0;
    super::prism::repair_refs(&mut doc, &root, &base, &mut repaired);
    let swagger2 = doc.get("swagger").is_some();
    let mut given = Vec::new();
    for op in &api.operations {
        let name = op
            .call
            .as_ref()
            .map(|c| c.plain.trim_start_matches("r#").to_owned())
            .unwrap_or_default();
        let OperationTest::Call(samples) = &op.test else {
            continue;
        };
        let (true, Some(example)) = (names.contains(&name), &samples.response) else {
            continue;
        };
        let Ok(example) = serde_yaml::to_value(example) else {
            continue;
        };
        let method = op.http_method.as_str().to_ascii_lowercase();
        let Some(response) = success_response(&mut doc, &op.path, &method) else {
            continue;
        };
        let placed = if swagger2 {
            // Swagger 2.0 keeps examples on the response, by media type.
            let mut by_media = serde_yaml::Mapping::new();
            by_media.insert("application/json".into(), example);
            response.insert("examples".into(), Value::Mapping(by_media));
            true
        } else {
            match response.get_mut("content").and_then(Value::as_mapping_mut) {
                Some(content) => match content
                    .iter_mut()
                    .find(|(media, _)| media.as_str().is_some_and(|m| m.contains("json")))
                    .and_then(|(_, m)| m.as_mapping_mut())
                {
                    Some(media) => {
                        media.remove("examples");
                        media.insert("example".into(), example);
                        true
                    }
                    None => false,
                },
                None => false,
            }
        };
        if placed {
            given.push(name);
        }
    }
    if given.is_empty() {
        return Ok(None);
    }
    let copy = dir.join("prism-spec-examples.yaml");
    let text = serde_yaml::to_string(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&copy, text).map_err(|e| format!("{}: {e}", copy.display()))?;
    Ok(Some((copy, given)))
}

/// The first 2xx response of an operation, followed through one local `$ref`.
fn success_response<'d>(doc: &'d mut Value, path: &str, method: &str) -> Option<&'d mut serde_yaml::Mapping> {
    let responses = doc
        .get("paths")?
        .get(path)?
        .get(method)?
        .get("responses")?
        .as_mapping()?;
    // YAML reads an unquoted `200:` as a number.
    let key_text = |k: &Value| {
        k.as_str()
            .map(str::to_owned)
            .or_else(|| k.as_u64().map(|n| n.to_string()))
    };
    let (key, reference) = responses
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), key_text(k)?, v)))
        .filter(|(_, text, _)| text.starts_with('2'))
        .min_by(|a, b| a.1.cmp(&b.1))
        .map(|(k, _, v)| (k, v.get("$ref").and_then(Value::as_str).map(str::to_owned)))?;
    match reference {
        Some(reference) => {
            let pointer = reference.strip_prefix('#')?;
            pointer
                .split('/')
                .skip(1)
                .try_fold(doc, |at, token| {
                    let token = token.replace("~1", "/").replace("~0", "~");
                    at.get_mut(token.as_str())
                })?
                .as_mapping_mut()
        }
        None => doc
            .get_mut("paths")?
            .get_mut(path)?
            .get_mut(method)?
            .get_mut("responses")?
            .get_mut(&key)?
            .as_mapping_mut(),
    }
}
