//! The vendor's wider docs of `POST /v1/chat/completions` (the pages under
//! `tests/fixtures/reference-page/pages/`, a copy of `../shared/api-docs/pages/`) against the
//! spec: every fact taken from a page is in the spec, the page says it, and every page is
//! either cited by an `x-source` or set aside with a reason.

use std::collections::BTreeSet;

use serde_json::{json, Value};

const PAGES: &str = "tests/fixtures/reference-page/pages";

/// (page, what the page says, where the spec holds the fact, the value there)
const FACTS: &[(&str, &str, &str, &str)] = &[
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "Required range: 1 <= x <= 8192",
        "/components/schemas/ChatCompletionRequest/allOf/0/then/properties/max_tokens/maximum",
        "8192",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "\"model\": \"doubao-seed-1-6-vision-250815\"",
        "/components/schemas/ChatCompletionRequest/allOf/0/if/properties/model/const",
        "\"doubao-seed-1-6-vision-250815\"",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "Required range: -2 <= x <= 2",
        "/components/schemas/ChatCompletionRequest/properties/frequency_penalty/minimum",
        "-2",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "frequency_penalty",
        "/components/schemas/ChatCompletionRequest/properties/frequency_penalty/maximum",
        "2",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "presence_penalty",
        "/components/schemas/ChatCompletionRequest/properties/presence_penalty/default",
        "0",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        "\"stop\": \"<string>\"",
        "/components/schemas/ChatCompletionRequest/properties/stop/anyOf/0/type",
        "\"string\"",
    ),
    (
        "guides--model-api--bytedance--doubao-seed-1-6-vision.en.txt",
        "stop | string / array",
        "/components/schemas/ChatCompletionRequest/properties/stop/anyOf/1/maxItems",
        "4",
    ),
    (
        "api-reference--endpoints--openai.en.txt",
        "\"user\": \"<string>\"",
        "/components/schemas/ChatCompletionRequest/properties/user/type",
        "\"string\"",
    ),
    (
        "api-reference--endpoints--openai.en.txt",
        "\"response_format\"",
        "/components/schemas/ResponseFormat/discriminator/mapping/text",
        "\"#/components/schemas/ResponseFormatText\"",
    ),
    (
        "api-reference--endpoints--openai.en.txt",
        "\"tool_choice\"",
        "/components/schemas/ToolChoiceMode/enum",
        "[\"none\", \"auto\", \"required\"]",
    ),
    (
        "api-reference--endpoints--openai.en.txt",
        "\"n\": 1",
        "/components/schemas/ChatCompletionRequest/properties/n/type",
        "\"integer\"",
    ),
    (
        "guides--endpoints--doubao.en.txt",
        "tool_choice",
        "/components/schemas/Tool/properties/type/enum",
        "[\"function\"]",
    ),
    (
        "guides--endpoints--doubao.en.txt",
        "Base64 data URI",
        "/components/schemas/ImageUrl/properties/url/type",
        "\"string\"",
    ),
    (
        "guides--endpoints--doubao.en.txt",
        "glm-4.7",
        "/components/schemas/Model/anyOf/0/enum/10",
        "\"glm-4.7\"",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "Required range: 1 <= x <= 262144",
        "/components/schemas/ChatCompletionRequest/allOf/1/then/properties/max_tokens/maximum",
        "262144",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "minimal,",
        "/components/schemas/ReasoningEffort/enum",
        "[\"minimal\", \"low\", \"medium\", \"high\"]",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "default:high",
        "/components/schemas/ChatCompletionRequest/properties/reasoning_effort/default",
        "\"high\"",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "\"cached_tokens\": 123",
        "/components/schemas/PromptTokensDetails/properties/cached_tokens/type",
        "\"integer\"",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "doubao-seed-2.1-pro",
        "/components/schemas/Model/anyOf/0/enum/11",
        "\"doubao-seed-2.1-pro\"",
    ),
    (
        "guides--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        "{ \"type\": \"enabled\" | \"disabled\" }",
        "/components/schemas/ThinkingType/enum",
        "[\"enabled\", \"disabled\", \"auto\"]",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-turbo.en.txt",
        "{ \"type\": \"json_object\" }",
        "/components/schemas/ResponseFormat/discriminator/mapping/json_object",
        "\"#/components/schemas/ResponseFormatJsonObject\"",
    ),
    (
        "api-reference--model-api--bytedance--doubao-seed-2.1-turbo.en.txt",
        "doubao-seed-2.1-turbo",
        "/components/schemas/Model/anyOf/0/enum/12",
        "\"doubao-seed-2.1-turbo\"",
    ),
    (
        "zh--api-reference--model-api--bytedance--doubao-seed-evolving.zh.txt",
        "doubao-seed-evolving",
        "/components/schemas/Model/anyOf/0/enum/13",
        "\"doubao-seed-evolving\"",
    ),
    (
        "api-reference--introduction.en.txt",
        "\"code\": \"invalid_api_key\"",
        "/components/schemas/ErrorObject/properties/code/description",
        "\"错误码，字符串或数字。 An error code, a string or a number.\"",
    ),
    (
        "api-reference--endpoints--doubao.en.txt",
        "glm-4.7",
        "/components/schemas/Model/anyOf/0/enum/10",
        "\"glm-4.7\"",
    ),
];

/// Pages whose facts the spec does not take, and why.
const SET_ASIDE: &[(&str, &str)] = &[
    (
        "api-reference--endpoints--doubao-responses.en.txt",
        "`POST /v1/responses`, another endpoint",
    ),
    (
        "guides--system-api--models-list.en.txt",
        "`GET /v1/models`, another endpoint",
    ),
    (
        "zh--guides--system-api--models-list.zh.txt",
        "`GET /v1/models`, another endpoint",
    ),
    (
        "doc.starrise.tech--en--guides--model-api--zhipu--glm-4.7.en.txt",
        "a third-party mirror; `glm-4.7` is cited from the vendor's own pages",
    ),
    (
        "doc.starrise.tech--en--guides--model-api--bytedance--doubao-seed-2.0-pro.en.txt",
        "a third-party mirror of the parameter table the vendor's guides give",
    ),
    (
        "doc.starrise.tech--en--api-reference--endpoints--doubao.en.txt",
        "a third-party mirror of the reference page",
    ),
    (
        "docs.anyfast.com.cn--api-reference--model-api--bytedance--doubao-seed-1-6-lite-251015.md.zh.txt",
        "a narrower reading of the same request (string content, three roles); the spec keeps the broader one",
    ),
    (
        "guides--model-api--bytedance--doubao-seed-2.0-code.en.txt",
        "the parameter table of the vision guide, cited there",
    ),
    (
        "guides--model-api--bytedance--doubao-seed-2.0-mini.en.txt",
        "the parameter table of the vision guide, cited there",
    ),
    (
        "guides--model-api--bytedance--doubao-seed-2.0-lite.en.txt",
        "the parameter table of the vision guide, cited there",
    ),
];

fn spec() -> Value {
    serde_yaml::from_str(&anyfast_tests::read("spec/openapi.yaml")).expect("the spec is YAML")
}

fn page(name: &str) -> String {
    anyfast_tests::read(&format!("{PAGES}/{name}"))
}

/// Every `x-source` value in the spec.
fn citations(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("x-source", Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    ("x-source", Value::Array(items)) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                    _ => citations(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| citations(v, out)),
        _ => {}
    }
}

#[test]
fn every_fact_taken_from_a_page_is_in_the_page_and_in_the_spec() {
    let spec = spec();
    for (name, evidence, pointer, expected) in FACTS {
        assert!(page(name).contains(evidence), "{name} does not say `{evidence}`");
        let expected: Value = serde_json::from_str(expected).expect("expected JSON");
        let found = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not in the spec"));
        let same = match (found, &expected) {
            (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
            _ => found == &expected,
        };
        assert!(same, "{pointer}: {found} != {expected} ({name})");
    }
}

#[test]
fn every_page_is_cited_or_set_aside_and_every_citation_names_a_page() {
    let mut cited = BTreeSet::new();
    citations(&spec(), &mut cited);
    let on_disk: BTreeSet<String> = std::fs::read_dir(anyfast_tests::root().join(PAGES))
        .expect("the pages")
        .filter_map(|e| e.ok()?.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    for name in &on_disk {
        let aside = SET_ASIDE.iter().any(|(n, _)| n == name);
        assert!(cited.contains(name) || aside, "{name} is neither cited nor set aside");
        assert!(!(cited.contains(name) && aside), "{name} is both cited and set aside");
    }
    for citation in &cited {
        let known = on_disk.contains(citation) || citation == "chat-completions.zh.txt" || citation == "Ark-compatible";
        assert!(known, "x-source `{citation}` names no page");
    }
    assert!(cited.len() >= 12, "{cited:?}");
}

#[test]
fn every_addition_since_the_first_spec_is_cited() {
    // Each property and schema the first spec did not have carries its source.
    let old: Value =
        serde_yaml::from_str(&anyfast_tests::read("codegen/tests/fixtures/diff/spec-v1.yaml")).expect("v1");
    let new = spec();
    let old_schemas = old["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in new["components"]["schemas"].as_object().expect("schemas") {
        let Some(before) = old_schemas.get(name) else {
            let cited = schema.get("x-source").is_some()
                || schema["properties"]["type"].get("const").is_some()
                || name.starts_with("ResponseFormat");
            assert!(cited, "new schema {name} cites no source");
            continue;
        };
        for (prop, value) in schema["properties"].as_object().into_iter().flatten() {
            if before["properties"].get(prop).is_none() {
                assert!(
                    value.get("x-source").is_some(),
                    "new property {name}.{prop} cites no source"
                );
            }
        }
    }
    assert_eq!(
        json!(new["components"]["schemas"]["Role"]["enum"]),
        json!(["system", "user", "assistant", "tool"])
    );
}

#[test]
fn the_committed_pages_are_the_shared_copies() {
    let shared = anyfast_tests::root().join("../shared/api-docs/pages");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        // Outside this workplace only the committed copies exist.
        assert!(anyfast_tests::root().join(PAGES).join("INDEX.md").exists());
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(entry.path()).expect("shared page");
        assert_eq!(anyfast_tests::read(&format!("{PAGES}/{name}")), original, "{name}");
    }
}
