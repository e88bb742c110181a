//! The spec says what the vendor's reference page says: every field, type, required flag,
//! default, constraint, enum value, content part type and example on the page is in
//! `spec/openapi.yaml` with the same value.

use serde_json::{json, Value};

/// One field as the page documents it.
#[derive(Debug, Default)]
struct PageField {
    name: String,
    ty: String,
    required: bool,
    default: Option<Value>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    options: Vec<String>,
    part_types: Vec<String>,
    example: Option<Value>,
}

const TYPES: &[&str] = &[
    "enum<string>",
    "object[]",
    "integer",
    "number",
    "boolean",
    "string[]",
    "string",
    "object",
];

fn parse_fields(lines: &[&str]) -> Vec<PageField> {
    let starts: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| {
            let name = lines[i];
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && TYPES.contains(&lines[i + 1])
        })
        .collect();
    let mut fields = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let block = &lines[start..end];
        let mut f = PageField {
            name: block[0].to_owned(),
            ty: block[1].to_owned(),
            ..PageField::default()
        };
        let mut i = 2;
        while i < block.len() {
            let line = block[i];
            if line == "必填" {
                f.required = true;
            } else if let Some(v) = line.strip_prefix("默认值:") {
                f.default = Some(serde_json::from_str(v).unwrap_or(Value::String(v.to_owned())));
            } else if let Some(range) = line.strip_prefix("必填范围:") {
                let parts: Vec<&str> = range.split_whitespace().collect();
                match parts.as_slice() {
                    ["x", ">=", lo] => f.minimum = lo.parse().ok(),
                    [lo, "<=", "x", "<=", hi] => {
                        f.minimum = lo.parse().ok();
                        f.maximum = hi.parse().ok();
                    }
                    other => panic!("unknown range {other:?}"),
                }
            } else if let Some(n) = line.strip_prefix("Minimum array length: ") {
                f.min_items = n.trim().parse().ok();
            } else if let Some(rest) = line.strip_prefix("最多 ") {
                f.max_items = rest.split_whitespace().next().and_then(|n| n.parse().ok());
            } else if line == "可用选项:" {
                i += 1;
                while i < block.len() && block[i] != "示例:" {
                    f.options.push(block[i].trim_end_matches(',').to_owned());
                    i += 1;
                }
                continue;
            } else if let Some(part) = line.trim().strip_prefix("• ").or_else(|| line.trim().strip_prefix("•")) {
                f.part_types
                    .push(part.split('{').next().unwrap_or_default().trim().to_owned());
            } else if line == "示例:" {
                let next = block[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty())
                    .copied()
                    .unwrap_or_default();
                f.example = serde_json::from_str(next.trim()).ok();
            }
            i += 1;
        }
        fields.push(f);
    }
    fields
}

fn page() -> (Vec<PageField>, Vec<PageField>) {
    let text = anyfast_tests::read("tests/fixtures/reference-page/chat-completions.zh.txt");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let body = lines.iter().position(|l| *l == "请求体").expect("a request section");
    let response = lines.iter().position(|l| *l == "响应").expect("a response section");
    (parse_fields(&lines[body..response]), parse_fields(&lines[response..]))
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

fn resolve<'a>(spec: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str() {
        Some(r) => schema(spec, r.rsplit('/').next().unwrap_or_default()),
        None => s,
    }
}

fn examples(s: &Value) -> Vec<Value> {
    s["examples"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_page_parses_into_every_field_it_documents() {
    let (request, response) = page();
    let names: Vec<&str> = request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "model",
            "messages",
            "max_tokens",
            "temperature",
            "top_p",
            "stream",
            "stop"
        ]
    );
    let names: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "object", "created", "model", "choices", "usage"]);
}

#[test]
fn every_request_field_of_the_page_is_in_the_spec_with_the_same_facts() {
    let spec = anyfast_tests::spec_json();
    let request = schema(&spec, "ChatCompletionRequest");
    let required: Vec<&str> = request["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let (fields, _) = page();
    for f in &fields {
        let prop = &request["properties"][&f.name];
        assert!(!prop.is_null(), "{} is missing from the spec", f.name);
        assert_eq!(required.contains(&f.name.as_str()), f.required, "{}: required", f.name);
        let target = resolve(&spec, prop);
        match f.ty.as_str() {
            "enum<string>" => {
                let ids: Vec<String> = target["anyOf"]
                    .as_array()
                    .expect("an open enum")
                    .iter()
                    .flat_map(|b| b["enum"].as_array().cloned().unwrap_or_default())
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                // The page's ten ids come first, in its order; later pages add more.
                assert_eq!(
                    ids[..f.options.len()],
                    f.options,
                    "{}: the model ids, in the page's order",
                    f.name
                );
                assert_eq!(f.options.len(), 10);
            }
            "object[]" => assert_eq!(target["type"], "array", "{}", f.name),
            "string[]" => {
                // The page's list of strings, or (the broader reading of the model pages) one
                // string as well.
                let list = target["anyOf"]
                    .as_array()
                    .and_then(|branches| branches.iter().find(|b| b["type"] == "array"))
                    .unwrap_or(target);
                assert_eq!(list["type"], "array", "{}", f.name);
                assert_eq!(list["items"]["type"], "string", "{}", f.name);
            }
            other => assert_eq!(target["type"], other, "{}", f.name),
        }
        assert_eq!(prop.get("default"), f.default.as_ref(), "{}: default", f.name);
        assert_eq!(prop["minimum"].as_f64(), f.minimum, "{}: minimum", f.name);
        assert_eq!(prop["maximum"].as_f64(), f.maximum, "{}: maximum", f.name);
        assert_eq!(prop["minItems"].as_u64(), f.min_items, "{}: minItems", f.name);
        let list = prop["anyOf"]
            .as_array()
            .and_then(|branches| branches.iter().find(|b| b["type"] == "array"))
            .unwrap_or(prop);
        assert_eq!(list["maxItems"].as_u64(), f.max_items, "{}: maxItems", f.name);
        if let Some(example) = &f.example {
            if example.is_string() || example.is_number() {
                let all = [examples(prop), examples(target)].concat();
                assert!(all.contains(example), "{}: example {example} not in the spec", f.name);
            }
        }
        if !f.part_types.is_empty() {
            let mapping = &schema(&spec, "ContentPart")["discriminator"]["mapping"];
            let mut types: Vec<&str> = mapping
                .as_object()
                .expect("a mapping")
                .keys()
                .map(String::as_str)
                .collect();
            let mut page_types: Vec<&str> = f.part_types.iter().map(String::as_str).collect();
            types.sort_unstable();
            page_types.sort_unstable();
            assert_eq!(types, page_types, "content part types");
            assert_eq!(
                schema(&spec, "VideoUrl")["properties"]["fps"]["type"],
                "number",
                "video parts carry fps"
            );
        }
    }
}

#[test]
fn every_response_field_of_the_page_is_in_the_spec_with_its_example() {
    let spec = anyfast_tests::spec_json();
    let completion = schema(&spec, "ChatCompletion");
    let (_, fields) = page();
    for f in &fields {
        let prop = &completion["properties"][&f.name];
        assert!(!prop.is_null(), "{} is missing from the spec", f.name);
        let target = resolve(&spec, prop);
        let expected_type = match f.ty.as_str() {
            "object[]" => "array",
            other => other,
        };
        assert_eq!(target["type"], expected_type, "{}", f.name);
        if let Some(example) = &f.example {
            assert!(
                examples(prop).contains(example),
                "{}: example {example} not in the spec",
                f.name
            );
        }
    }
    // The nested fields the page's example shows.
    let example = &spec["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["reference_page"]["value"];
    assert_eq!(example["choices"][0]["message"]["reasoning_content"], json!("<string>"));
    for (schema_name, field) in [
        ("ChatCompletionChoice", "index"),
        ("ChatCompletionChoice", "message"),
        ("ChatCompletionChoice", "finish_reason"),
        ("ChatCompletionMessage", "role"),
        ("ChatCompletionMessage", "content"),
        ("ChatCompletionMessage", "reasoning_content"),
        ("Usage", "prompt_tokens"),
        ("Usage", "completion_tokens"),
        ("Usage", "total_tokens"),
        ("Usage", "completion_tokens_details"),
        ("CompletionTokensDetails", "reasoning_tokens"),
    ] {
        assert!(
            !schema(&spec, schema_name)["properties"][field].is_null(),
            "{schema_name}.{field}"
        );
    }
}

#[test]
fn the_page_examples_are_the_spec_examples() {
    // The page's curl body and response are JSON documents; the spec carries them verbatim.
    let text = anyfast_tests::read("tests/fixtures/reference-page/chat-completions.zh.txt");
    let start = text.find("--data '").expect("a curl body") + "--data '".len();
    let end = start + text[start..].find("\n'").expect("its end");
    let request: Value = serde_json::from_str(&text[start..end]).expect("the page's request is JSON");
    let rest = &text[end + 2..];
    let open = rest.find('{').expect("a response");
    let close = rest.find("\n}").expect("its end") + 2;
    let response: Value = serde_json::from_str(&rest[open..close]).expect("the page's response is JSON");
    let spec = anyfast_tests::spec_json();
    let op = &spec["paths"]["/v1/chat/completions"]["post"];
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["examples"]["reference_page"]["value"],
        request
    );
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["examples"]["reference_page"]["value"],
        response
    );
    assert_eq!(spec["servers"][0]["url"], "https://www.anyfast.ai");
    assert_eq!(op["operationId"], "createChatCompletion");
    assert_eq!(spec["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
}

#[test]
fn the_committed_page_is_the_shared_copy() {
    let shared = anyfast_tests::root().join("../shared/api-docs/chat-completions.zh.txt");
    match std::fs::read_to_string(&shared) {
        Ok(original) => assert_eq!(
            anyfast_tests::read("tests/fixtures/reference-page/chat-completions.zh.txt"),
            original
        ),
        Err(_) => assert!(anyfast_tests::root()
            .join("tests/fixtures/reference-page/README.md")
            .exists()),
    }
}
