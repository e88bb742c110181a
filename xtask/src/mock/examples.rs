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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `spec` into a folder of its own and returns the copy's text with the example
    /// given to `getThing`'s test, or `None` when none was written.
    fn copy_of(name: &str, spec: &str) -> Option<Value> {
        let dir = std::env::temp_dir().join(format!("anyfast-examples-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("spec.yaml");
        std::fs::write(&path, spec).expect("the spec");
        let api = anyfast_codegen::load_api(spec, &anyfast_codegen::Config::default()).expect("it lowers");
        let names = ["get_thing".to_owned()];
        let written = spec_with_examples(&path, &dir, &api, &names).expect("the copy is written");
        let copy = written.map(|(copy, given)| {
            assert_eq!(given, names);
            serde_yaml::from_str(&std::fs::read_to_string(copy).expect("the copy")).expect("YAML")
        });
        let _ = std::fs::remove_dir_all(&dir);
        copy
    }

    const THING: &str = "{type: object, required: [id], properties: {id: {type: string}, note: {type: string}}}";

    #[test]
    fn the_success_response_gets_the_example_built_from_its_schema() {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things/{{id}}:\n    get:\n      operationId: getThing\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{$ref: '#/components/responses/Thing'}}\ncomponents:\n  responses:\n    Thing:\n      description: A thing.\n      content:\n        application/json:\n          schema: {THING}\n          examples: {{broken: {{value: 1}}}}\n"
        );
        let copy = copy_of("openapi", &spec).expect("an example is given");
        // Through the reference, with the named examples replaced.
        let media = &copy["components"]["responses"]["Thing"]["content"]["application/json"];
        assert_eq!(
            media["example"],
            serde_yaml::from_str::<Value>("{id: a}").expect("YAML")
        );
        assert!(media.get("examples").is_none());
    }

    #[test]
    fn a_swagger_2_response_gets_it_by_media_type() {
        let spec = format!(
            "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\nproduces: [application/json]\npaths:\n  /things:\n    get:\n      operationId: getThing\n      responses:\n        200:\n          description: A thing.\n          schema: {THING}\n"
        );
        let copy = copy_of("swagger", &spec).expect("an example is given");
        let examples = &copy["paths"]["/things"]["get"]["responses"][200]["examples"];
        assert_eq!(
            examples["application/json"],
            serde_yaml::from_str::<Value>("{id: a}").expect("YAML")
        );
    }

    #[test]
    fn an_operation_not_named_gets_none() {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /other:\n    get:\n      operationId: getOther\n      responses:\n        '200':\n          description: A thing.\n          content: {{application/json: {{schema: {THING}}}}}\n"
        );
        assert!(copy_of("none", &spec).is_none());
    }
}
