//! Properties that must hold for any input, not just the examples.

mod common;

use anyfast::{ChatCompletion, ChatCompletionAccumulator, ChatCompletionChunk, ChatCompletionRequest};
use proptest::prelude::*;
use serde_json::{json, Value};

/// The value with every `null` member removed: `null` and absent both decode to `None`, which
/// is written as absent (see `roundtrip.rs`), so the round trip is exact up to that.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Text with the characters that stress JSON and SSE: quotes, escapes, CJK, CR and LF.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("é"),
            Just("思"),
            Just("\""),
            Just("\\"),
            Just("\n"),
            Just("\r"),
            Just(" "),
            Just("{")
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn finish_reason() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("stop")),
        Just(json!("length")),
        Just(json!("brand_new_reason"))
    ]
}

/// `text` cut into pieces whose lengths (in characters) cycle through `cuts`.
fn split_at_cuts(text: &str, cuts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for cut in cuts.iter().cycle() {
        if at >= chars.len() {
            break;
        }
        let end = (at + cut).min(chars.len());
        out.push(chars[at..end].iter().collect());
        at = end;
    }
    out
}

fn chunk() -> impl Strategy<Value = Value> {
    (text(), text(), finish_reason(), any::<bool>(), 0u32..3, any::<i64>()).prop_map(|(content, reasoning, reason, usage, index, created)| {
        let mut c = json!({
            "id": "chatcmpl-x", "object": "chat.completion.chunk", "created": created, "model": "m",
            "choices": [{"index": index, "delta": {"content": content, "reasoning_content": reasoning}, "finish_reason": reason}],
        });
        c["usage"] = if usage { json!({"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3, "unknown": [1, 2]}) } else { Value::Null };
        c
    })
}

proptest! {
    // Failures are reported with their minimal input; no files are written from CI.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn chunks_round_trip(value in chunk()) {
        let typed: ChatCompletionChunk = serde_json::from_value(value.clone()).expect("decodes");
        prop_assert_eq!(serde_json::to_value(&typed).expect("encodes"), without_nulls(&value));
    }

    #[test]
    fn completions_round_trip(content in text(), reasoning in proptest::option::of(text()), reason in finish_reason(), role in prop_oneof![Just("assistant"), Just("tool")]) {
        let value = json!({
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "message": {"role": role, "content": content, "reasoning_content": reasoning}, "finish_reason": reason}],
            "service_tier": "default",
        });
        let typed: ChatCompletion = serde_json::from_value(value.clone()).expect("decodes");
        prop_assert_eq!(serde_json::to_value(&typed).expect("encodes"), without_nulls(&value));
    }

    #[test]
    fn requests_round_trip(model in prop_oneof![Just("glm-4-7-251222"), Just("some-new-model")], content in text(), parts in any::<bool>(), temperature in proptest::option::of(0u8..=20), stop in proptest::option::of(proptest::collection::vec(text(), 0..4))) {
        let content = if parts { json!([{"type": "text", "text": content}, {"type": "video_url", "video_url": {"url": "u", "fps": 2}}]) } else { json!(content) };
        let mut value = json!({"model": model, "messages": [{"role": "user", "content": content}]});
        if let Some(t) = temperature { value["temperature"] = json!(f64::from(t) / 10.0); }
        if let Some(s) = stop { value["stop"] = json!(s); }
        let typed: ChatCompletionRequest = serde_json::from_value(value.clone()).expect("decodes");
        // Numbers compare as JSON numbers: an `f64` field writes `2` back as `2.0`.
        let back = serde_json::to_value(&typed).expect("encodes");
        prop_assert!(common::json_eq(&back, &value), "{} != {}", back, value);
    }

    #[test]
    fn the_accumulator_does_not_depend_on_chunk_boundaries(reasoning in text(), answer in text(), cuts in proptest::collection::vec(1usize..5, 1..20)) {
        let pieces = |s: &str| split_at_cuts(s, &cuts);
        let mut acc = ChatCompletionAccumulator::new();
        let chunk = |delta: Value, reason: Value| -> ChatCompletionChunk {
            serde_json::from_value(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": delta, "finish_reason": reason}]})).expect("chunk")
        };
        acc.push(&chunk(json!({"role": "assistant", "content": ""}), Value::Null));
        for p in pieces(&reasoning) { acc.push(&chunk(json!({"reasoning_content": p}), Value::Null)); }
        for p in pieces(&answer) { acc.push(&chunk(json!({"content": p}), Value::Null)); }
        acc.push(&chunk(json!({}), json!("stop")));
        let done = acc.finish();
        let message = &done.choices[0].message;
        prop_assert_eq!(message.content.as_deref(), Some(answer.as_str()));
        let expected_reasoning = (!reasoning.is_empty()).then_some(reasoning.as_str());
        prop_assert_eq!(message.reasoning_content.as_deref(), expected_reasoning);
    }

    #[test]
    fn tool_calls_merge_by_index_whatever_the_fragments(
        calls in proptest::collection::vec(("[a-z_]{1,12}", "[ -~]{0,40}"), 1..4),
        cuts in proptest::collection::vec(1usize..7, 1..20),
        interleave in any::<bool>(),
    ) {
        // Each call's arguments arrive in pieces; the first fragment carries its id, type and
        // name, later ones only `index` and a piece. Calls may interleave.
        let pieces = |s: &str| split_at_cuts(s, &cuts);
        let mut fragments: Vec<Vec<Value>> = Vec::new();
        for (i, (name, args)) in calls.iter().enumerate() {
            let mut own = vec![json!({"index": i, "id": format!("call_{i}"), "type": "function", "function": {"name": name, "arguments": ""}})];
            own.extend(pieces(args).into_iter().map(|p| json!({"index": i, "function": {"arguments": p}})));
            fragments.push(own);
        }
        let order: Vec<Value> = if interleave {
            let longest = fragments.iter().map(Vec::len).max().unwrap_or(0);
            (0..longest).flat_map(|k| fragments.iter().filter_map(move |f| f.get(k).cloned())).collect()
        } else {
            fragments.into_iter().flatten().collect()
        };
        let mut acc = ChatCompletionAccumulator::new();
        for fragment in order {
            let chunk: ChatCompletionChunk = serde_json::from_value(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": {"tool_calls": [fragment]}}]})).expect("chunk");
            acc.push(&chunk);
        }
        let done = acc.finish();
        let got = done.choices[0].message.tool_calls.clone().unwrap_or_default();
        prop_assert_eq!(got.len(), calls.len());
        for (i, (call, (name, args))) in got.iter().zip(&calls).enumerate() {
            prop_assert_eq!(&call.id, &format!("call_{i}"));
            prop_assert_eq!(call.r#type.as_str(), "function");
            prop_assert_eq!(&call.function.name, name);
            prop_assert_eq!(&call.function.arguments, args);
        }
    }
}
