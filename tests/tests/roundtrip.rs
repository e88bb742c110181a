//! The page's examples survive a trip through the generated types.

use anyfast::{
    ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, ContentPart, FinishReason, ImageUrl,
    ImageUrlContentPart, Model, Role, TextContentPart, VideoUrl, VideoUrlContentPart,
};
use anyfast_tests::{json_eq, spec_json};
use serde_json::json;

fn request_example() -> serde_json::Value {
    spec_json()["paths"]["/v1/chat/completions"]["post"]["requestBody"]["content"]["application/json"]["examples"]
        ["reference_page"]["value"]
        .clone()
}

fn response_example() -> serde_json::Value {
    spec_json()["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]["application/json"]["examples"]
        ["reference_page"]["value"]
        .clone()
}

#[test]
fn the_page_request_example_round_trips() {
    let example = request_example();
    let request: ChatCompletionRequest = serde_json::from_value(example.clone()).expect("decodes");
    let back = serde_json::to_value(&request).expect("encodes");
    assert!(json_eq(&back, &example), "{back:#}\n!=\n{example:#}");
    assert!(request.extra.is_empty(), "every field of the example is declared");
}

#[test]
fn the_builder_writes_the_page_request_example() {
    let url = "https://ark-project.tos-cn-beijing.volces.com/doc_image/ark_demo_img_1.png";
    let content: Vec<ContentPart> = vec![
        ImageUrlContentPart::new(ImageUrl::new(url)).into(),
        TextContentPart::new("图片里有什么?").into(),
    ];
    let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user(content)])
        .with_max_tokens(1024)
        .with_temperature(1.0)
        .with_top_p(0.5)
        .with_stream(false)
        .with_stop(vec!["<string>".to_owned()]);
    let built = serde_json::to_value(&request).expect("encodes");
    assert!(json_eq(&built, &request_example()), "{built:#}");
}

#[test]
fn the_page_response_example_round_trips_exactly() {
    let example = response_example();
    let completion: ChatCompletion = serde_json::from_value(example.clone()).expect("decodes");
    assert_eq!(completion.choices[0].finish_reason, Some(FinishReason::Stop));
    assert_eq!(
        completion
            .usage
            .as_ref()
            .and_then(|u| u.completion_tokens_details.as_ref()?.reasoning_tokens),
        Some(53)
    );
    assert_eq!(serde_json::to_value(&completion).expect("encodes"), example);
}

#[test]
fn unknown_fields_and_values_survive_a_round_trip() {
    let mut doc = response_example();
    doc["system_fingerprint"] = json!("fp_1");
    doc["choices"][0]["finish_reason"] = json!("safety_cutoff");
    doc["choices"][0]["logprobs"] = json!({"content": [{"token": "图", "logprob": -0.1}]});
    doc["choices"][0]["message"]["role"] = json!("critic");
    doc["choices"][0]["message"]["audio"] = json!(null);
    doc["usage"]["prompt_tokens_details"] = json!({"cached_tokens": 1024});
    doc["object"] = json!("chat.completion.v2");
    let completion: ChatCompletion = serde_json::from_value(doc.clone()).expect("decodes");
    assert_eq!(
        completion.choices[0].finish_reason,
        Some(FinishReason::Other("safety_cutoff".into()))
    );
    assert_eq!(completion.choices[0].message.role, Role::Other("critic".into()));
    assert_eq!(completion.extra["system_fingerprint"], json!("fp_1"));
    assert_eq!(serde_json::to_value(&completion).expect("encodes"), doc);
}

#[test]
fn chunks_round_trip_including_usage_only_ones() {
    let chunks = [
        json!({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning_content":"想"}}]}),
        json!({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"好"},"finish_reason":"stop"}]}),
        json!({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}),
    ];
    for chunk in chunks {
        let typed: ChatCompletionChunk = serde_json::from_value(chunk.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&typed).expect("encodes"), chunk);
    }
}

#[test]
fn a_null_optional_field_is_none_and_is_written_as_absent() {
    // `Option` cannot tell `null` from absent; both decode to `None`, written back as absent.
    // Unknown fields keep their `null`s exactly, since `extra` holds them as JSON.
    let with_nulls = json!({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","usage":null,
        "choices":[{"index":0,"delta":{"content":"x","reasoning_content":null},"finish_reason":null,"logprobs":null}]});
    let typed: ChatCompletionChunk = serde_json::from_value(with_nulls).expect("decodes");
    assert_eq!(
        (typed.choices[0].finish_reason.as_ref(), typed.usage.as_ref()),
        (None, None)
    );
    assert_eq!(
        serde_json::to_value(&typed).expect("encodes"),
        json!({"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"content":"x"},"logprobs":null}]})
    );
}

#[test]
fn floats_survive_a_round_trip_to_the_last_digit() {
    // Found by the chunk_decode fuzz target: without serde_json's float_roundtrip the last
    // digit of this number changed between decoding and encoding.
    let text = r#"{"id":"c","object":"x","created":1,"model":"m","choices":[],"score":1.2222222222222223e69,"fps":0.30000000000000004}"#;
    let chunk: ChatCompletionChunk = serde_json::from_str(text).expect("decodes");
    let again: ChatCompletionChunk =
        serde_json::from_str(&serde_json::to_string(&chunk).expect("encodes")).expect("decodes");
    assert_eq!(chunk, again);
    assert_eq!(chunk.extra["score"].as_f64(), Some(1.2222222222222223e69));
}

#[test]
fn model_ids_outside_the_page_are_accepted_and_kept() {
    let model: Model = serde_json::from_value(json!("doubao-seed-3.0-ultra")).expect("decodes");
    assert_eq!(model, Model::Other("doubao-seed-3.0-ultra".into()));
    assert_eq!(
        serde_json::to_value(&model).expect("encodes"),
        json!("doubao-seed-3.0-ultra")
    );
    assert_eq!(Model::from("glm-4-7-251222"), Model::Glm4_7_251222);
    assert_eq!(Model::Glm4_7_251222.to_string(), "glm-4-7-251222");
}

#[test]
fn open_enum_values_compare_hash_and_sort_as_derived() {
    use std::collections::{BTreeSet, HashSet};
    // As the derives compared them: by variant, then an unknown value by its text.
    assert_eq!(Role::from("user"), Role::User);
    assert_ne!(Role::Other("user".into()), Role::User);
    assert_eq!(Role::Other("critic".into()), Role::Other("critic".into()));
    let set: HashSet<Role> = [Role::User, Role::User, Role::Other("a".into()), Role::Other("a".into())].into();
    assert_eq!(set.len(), 2);
    // Declaration order (system, user, assistant, tool), unknown values last.
    let sorted: Vec<String> = [
        Role::Other("b".into()),
        Role::User,
        Role::Other("a".into()),
        Role::Tool,
        Role::System,
        Role::Assistant,
    ]
    .into_iter()
    .collect::<BTreeSet<_>>()
    .iter()
    .map(Role::to_string)
    .collect();
    assert_eq!(sorted, ["system", "user", "assistant", "tool", "a", "b"]);
}

#[test]
fn content_is_a_string_or_parts_and_video_parts_carry_fps() {
    let message = ChatMessage::user(vec![ContentPart::from(VideoUrlContentPart::new(
        VideoUrl::new("https://v.example/a.mp4").with_fps(2.0),
    ))]);
    assert!(json_eq(
        &serde_json::to_value(&message).expect("encodes"),
        &json!({"role":"user","content":[{"type":"video_url","video_url":{"url":"https://v.example/a.mp4","fps":2}}]})
    ));
    let plain: ChatMessage = serde_json::from_value(json!({"role":"system","content":"be brief"})).expect("decodes");
    assert_eq!(plain, ChatMessage::system("be brief"));
}
