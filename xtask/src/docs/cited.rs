//! The facts the spec takes from the wider pages, each with the words of its page that say it,
//! and the citations: every page is cited by an `x-source` or set aside with a reason, and
//! every `x-source` names a page.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{show, Report};

/// (page, what the page says, where the spec holds the fact, the value there)
pub const FACTS: &[(&str, &str, &str, &str)] = &[
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
pub const SET_ASIDE: &[(&str, &str)] = &[
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

/// Checks each cited fact (the page still says it, the spec still holds it) and the citations.
pub(super) fn check(pages: &[(String, String)], spec: &Value, report: &mut Report) {
    for (name, evidence, pointer, expected) in FACTS {
        let Some((_, text)) = pages.iter().find(|(n, _)| n == name) else {
            report.unreadable(name, *evidence, "the page is not among the pages");
            continue;
        };
        let says = if text.contains(evidence) {
            "says it"
        } else {
            "no longer says it"
        };
        report.compare(
            name,
            format!("`{evidence}`"),
            says.to_owned(),
            "says it".to_owned(),
            pointer,
        );
        let expected: Value = serde_json::from_str(expected).unwrap_or(Value::Null);
        // A value listed in an enum is there wherever it sits: a new value before it moves it.
        let (parent, last) = pointer.rsplit_once('/').unwrap_or((pointer, ""));
        if parent.ends_with("/enum") && last.parse::<usize>().is_ok() {
            let listed = spec
                .pointer(parent)
                .and_then(Value::as_array)
                .is_some_and(|values| values.contains(&expected));
            let spec_value = if listed {
                show(Some(&expected))
            } else {
                "not listed".to_owned()
            };
            report.compare(
                name,
                format!("the value `{evidence}` gives"),
                show(Some(&expected)),
                spec_value,
                parent,
            );
            continue;
        }
        let found = spec.pointer(pointer);
        let same = match (found, &expected) {
            (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
            (Some(found), expected) => found == expected,
            (None, _) => false,
        };
        let spec_value = if same { show(Some(&expected)) } else { show(found) };
        report.compare(
            name,
            format!("the value `{evidence}` gives"),
            show(Some(&expected)),
            spec_value,
            pointer,
        );
    }
    let mut cited = BTreeSet::new();
    citations(spec, &mut cited);
    for (name, _) in pages {
        if name == "INDEX.md" {
            continue;
        }
        let aside = SET_ASIDE.iter().any(|(n, _)| n == name);
        let state = match (cited.contains(name), aside) {
            (true, false) => "cited",
            (false, true) => "set aside",
            (true, true) => "both cited and set aside",
            (false, false) => "neither cited nor set aside",
        };
        let want = if aside { "set aside" } else { "cited" };
        report.compare(
            name,
            "the page is cited or set aside",
            state.to_owned(),
            want.to_owned(),
            "x-source",
        );
    }
    for citation in &cited {
        let known = pages.iter().any(|(n, _)| n == citation)
            || citation == "chat-completions.zh.txt"
            || citation == "Ark-compatible";
        if !known {
            report.unreadable(citation, "an `x-source` of the spec", "names no page");
        }
    }
}
