//! The facts the spec takes from the wider pages, each with the words of its page that say it,
//! and the citations: every page is cited by an `x-source` or set aside with a reason, and
//! every `x-source` names a page.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{show, Report};

/// A fact the spec takes from one of the wider pages.
#[derive(Debug, Clone, Copy)]
pub struct Fact {
    /// The page (its file name in the stored docs).
    pub page: &'static str,
    /// The words of the page that say it.
    pub says: &'static str,
    /// The JSON pointer in the spec that holds the fact.
    pub at: &'static str,
    /// The value there, as JSON.
    pub value: &'static str,
}

/// The facts the spec takes from the wider pages.
pub const FACTS: &[Fact] = &[
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "Required range: 1 <= x <= 8192",
        at: "/components/schemas/ChatCompletionRequest/allOf/0/then/properties/max_tokens/maximum",
        value: "8192",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "\"model\": \"doubao-seed-1-6-vision-250815\"",
        at: "/components/schemas/ChatCompletionRequest/allOf/0/if/properties/model/const",
        value: "\"doubao-seed-1-6-vision-250815\"",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "Required range: -2 <= x <= 2",
        at: "/components/schemas/ChatCompletionRequest/properties/frequency_penalty/minimum",
        value: "-2",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "frequency_penalty",
        at: "/components/schemas/ChatCompletionRequest/properties/frequency_penalty/maximum",
        value: "2",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "presence_penalty",
        at: "/components/schemas/ChatCompletionRequest/properties/presence_penalty/default",
        value: "0",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-1-6-vision-250815.en.txt",
        says: "\"stop\": \"<string>\"",
        at: "/components/schemas/ChatCompletionRequest/properties/stop/anyOf/0/type",
        value: "\"string\"",
    },
    Fact {
        page: "guides--model-api--bytedance--doubao-seed-1-6-vision.en.txt",
        says: "stop | string / array",
        at: "/components/schemas/ChatCompletionRequest/properties/stop/anyOf/1/maxItems",
        value: "4",
    },
    Fact {
        page: "api-reference--endpoints--openai.en.txt",
        says: "\"user\": \"<string>\"",
        at: "/components/schemas/ChatCompletionRequest/properties/user/type",
        value: "\"string\"",
    },
    Fact {
        page: "api-reference--endpoints--openai.en.txt",
        says: "\"response_format\"",
        at: "/components/schemas/ResponseFormat/discriminator/mapping/text",
        value: "\"#/components/schemas/ResponseFormatText\"",
    },
    Fact {
        page: "api-reference--endpoints--openai.en.txt",
        says: "\"tool_choice\"",
        at: "/components/schemas/ToolChoiceMode/enum",
        value: "[\"none\", \"auto\", \"required\"]",
    },
    Fact {
        page: "api-reference--endpoints--openai.en.txt",
        says: "\"n\": 1",
        at: "/components/schemas/ChatCompletionRequest/properties/n/type",
        value: "\"integer\"",
    },
    Fact {
        page: "guides--endpoints--doubao.en.txt",
        says: "tool_choice",
        at: "/components/schemas/Tool/properties/type/enum",
        value: "[\"function\"]",
    },
    Fact {
        page: "guides--endpoints--doubao.en.txt",
        says: "Base64 data URI",
        at: "/components/schemas/ImageUrl/properties/url/type",
        value: "\"string\"",
    },
    Fact {
        page: "guides--endpoints--doubao.en.txt",
        says: "glm-4.7",
        at: "/components/schemas/Model/anyOf/0/enum/10",
        value: "\"glm-4.7\"",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "Required range: 1 <= x <= 262144",
        at: "/components/schemas/ChatCompletionRequest/allOf/1/then/properties/max_tokens/maximum",
        value: "262144",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "minimal,",
        at: "/components/schemas/ReasoningEffort/enum",
        value: "[\"minimal\", \"low\", \"medium\", \"high\"]",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "default:high",
        at: "/components/schemas/ChatCompletionRequest/properties/reasoning_effort/default",
        value: "\"high\"",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "\"cached_tokens\": 123",
        at: "/components/schemas/PromptTokensDetails/properties/cached_tokens/type",
        value: "\"integer\"",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "doubao-seed-2.1-pro",
        at: "/components/schemas/Model/anyOf/0/enum/11",
        value: "\"doubao-seed-2.1-pro\"",
    },
    Fact {
        page: "guides--model-api--bytedance--doubao-seed-2.1-pro.en.txt",
        says: "{ \"type\": \"enabled\" | \"disabled\" }",
        at: "/components/schemas/ThinkingType/enum",
        value: "[\"enabled\", \"disabled\", \"auto\"]",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-turbo.en.txt",
        says: "{ \"type\": \"json_object\" }",
        at: "/components/schemas/ResponseFormat/discriminator/mapping/json_object",
        value: "\"#/components/schemas/ResponseFormatJsonObject\"",
    },
    Fact {
        page: "api-reference--model-api--bytedance--doubao-seed-2.1-turbo.en.txt",
        says: "doubao-seed-2.1-turbo",
        at: "/components/schemas/Model/anyOf/0/enum/12",
        value: "\"doubao-seed-2.1-turbo\"",
    },
    Fact {
        page: "zh--api-reference--model-api--bytedance--doubao-seed-evolving.zh.txt",
        says: "doubao-seed-evolving",
        at: "/components/schemas/Model/anyOf/0/enum/13",
        value: "\"doubao-seed-evolving\"",
    },
    Fact {
        page: "api-reference--introduction.en.txt",
        says: "\"code\": \"invalid_api_key\"",
        at: "/components/schemas/ErrorObject/properties/code/description",
        value: "\"错误码，字符串或数字。 An error code, a string or a number.\"",
    },
    Fact {
        page: "api-reference--endpoints--doubao.en.txt",
        says: "glm-4.7",
        at: "/components/schemas/Model/anyOf/0/enum/10",
        value: "\"glm-4.7\"",
    },
];

/// Pages whose facts the spec does not take, and why.
pub const SET_ASIDE: &[(&str, &str)] = &[
    (
        "13108701256.mintlify.app--guides--model-api--bytedance--doubao-seedream-5-0-i2i.en.txt",
        "a staging host's copy of the Seedream 5.0 guide; its one addition is advice (fast CDNs for reference images), not a fact of the API",
    ),
    (
        "doc.starrise.tech--en--api-reference--introduction.en.txt",
        "a third-party mirror of the API introduction; it adds no status code",
    ),
    (
        "doc.starrise.tech--en--api-reference--model-api--bytedance--doubao-seedance-1-0-lite-i2v-250428.en.txt",
        "a third-party mirror of the Seedance 1.0 lite page the vendor's China host gives whole",
    ),
    (
        "doc.starrise.tech--en--guides--model-api--bytedance--doubao-seedream-5-0-i2i.en.txt",
        "a third-party mirror of the Seedream 5.0 guide",
    ),
    (
        "doc.starrise.tech--en--guides--model-api--bytedance--seedance-task-query.en.txt",
        "a third-party mirror of the task-query guide; its one more row describes the upstream `data.data`, which the spec keeps as it comes",
    ),
    (
        "doc.starrise.tech--zh--api-reference--model-api--bytedance--doubao-seedream-4-0-250828-t2i.zh.txt",
        "a third-party mirror; its compact copy runs the Seedream 4.0 sizes together, so no subset is taken from it",
    ),
    (
        "doc.starrise.tech--zh--api-reference--model-api--bytedance--doubao-seedream-5-0-260128-i2i.zh.txt",
        "a third-party mirror of the Seedream 5.0 sizes the vendor's China host gives",
    ),
    (
        "api-reference--endpoints--doubao-responses.en.txt",
        "`POST /v1/responses`, another endpoint",
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
pub(super) fn check(pages: &[(String, String)], gateway: &[(String, String)], spec: &Value, report: &mut Report) {
    for &Fact {
        page: name,
        says: evidence,
        at: pointer,
        value: expected,
    } in FACTS
    {
        let Some((_, text)) = pages.iter().find(|(n, _)| n == name) else {
            report.unreadable(name, evidence, "the page is not among the pages");
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
    for (name, _) in pages.iter().chain(gateway) {
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
        let known = pages.iter().chain(gateway).any(|(n, _)| n == citation)
            || citation == "chat-completions.zh.txt"
            || citation == "Ark-compatible";
        if !known {
            report.unreadable(citation, "an `x-source` of the spec", "names no page");
        }
    }
}
