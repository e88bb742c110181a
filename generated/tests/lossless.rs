//! Nothing lost in a stream: what recorded streams of many providers carry ends up in the final
//! completion, streams of compatible servers that never send `[DONE]` complete, malformed events
//! say what is wrong, and typed events follow the answer as it grows. Where the OpenAI Python
//! SDK's accumulation is wrong (a repeated `role` concatenated, a resent tool-call id
//! concatenated, tool-call indexes from 1 refused, usage erased), the behaviour kept is tested.

mod common;

use anyfast::runtime::StreamError;
use anyfast::{
    ChatCompletion, ChatCompletionAccumulator, ChatCompletionChunk, ChatCompletionEvents, ChatStreamEvent, Error, Role,
};
use common::{client, request, End, Reply, Server};
use serde_json::{json, Value};

/// A chunk with these choices and extra top-level members.
fn chunk_with(choices: Value, top: Value) -> Value {
    let mut c = json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices});
    for (k, v) in top.as_object().cloned().unwrap_or_default() {
        c[k] = v;
    }
    c
}

fn accumulate(chunks: &[Value]) -> ChatCompletion {
    let mut acc = ChatCompletionAccumulator::new();
    for c in chunks {
        acc.push(&serde_json::from_value::<ChatCompletionChunk>(c.clone()).expect("a chunk"));
    }
    acc.finish()
}

fn sse(chunks: &[Value], done: bool) -> String {
    let mut body: String = chunks.iter().map(|c| format!("data: {c}\n\n")).collect();
    if done {
        body += "data: [DONE]\n\n";
    }
    body
}

#[test]
fn a_refusal_and_undeclared_reasoning_reach_the_final_message() {
    let done = accumulate(&[
        chunk_with(
            json!([{"index": 0, "delta": {"role": "assistant", "refusal": "I'm sorry, "}}]),
            json!({"system_fingerprint": "fp_1"}),
        ),
        chunk_with(
            json!([{"index": 0, "delta": {"refusal": "I cannot assist with that request.", "reasoning": "The user ",
                "reasoning_details": [{"type": "reasoning.text", "text": "The user ", "index": 0, "format": "unknown"}]}}]),
            json!({"system_fingerprint": "fp_1", "provider": "OpenAI"}),
        ),
        chunk_with(
            json!([{"index": 0, "delta": {"reasoning": "asks", "reasoning_details": [{"type": "reasoning.text", "text": "asks", "index": 0}]},
                "finish_reason": "stop", "logprobs": {"content": [{"token": "I", "logprob": -0.1}]}}]),
            json!({"service_tier": "default"}),
        ),
    ]);
    let message = &done.choices[0].message;
    assert_eq!(
        message.extra["refusal"],
        json!("I'm sorry, I cannot assist with that request.")
    );
    assert_eq!(message.extra["reasoning"], json!("The user asks"));
    assert_eq!(
        message.extra["reasoning_details"],
        json!([{"type": "reasoning.text", "text": "The user asks", "index": 0, "format": "unknown"}])
    );
    assert_eq!(
        done.choices[0].extra["logprobs"],
        json!({"content": [{"token": "I", "logprob": -0.1}]})
    );
    assert_eq!(done.extra["system_fingerprint"], json!("fp_1"));
    assert_eq!(done.extra["provider"], json!("OpenAI"));
    assert_eq!(done.extra["service_tier"], json!("default"));
}

#[test]
fn where_the_reference_sdk_is_wrong_the_accumulator_is_not() {
    let done = accumulate(&[
        // The role is sent again in every chunk: it stays `assistant`.
        chunk_with(
            json!([{"index": 0, "delta": {"role": "assistant", "tool_calls": [
            {"index": 1, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"ci"}}]}}]),
            json!({}),
        ),
        // The id is sent again: it is not concatenated. Indexes start at 1: that is fine.
        chunk_with(
            json!([{"index": 0, "delta": {"role": "assistant", "tool_calls": [
            {"index": 1, "id": "call_1", "function": {"arguments": "ty\":\"Paris\"}"}}]}}]),
            json!({}),
        ),
        chunk_with(
            json!([]),
            json!({"usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}}),
        ),
        // A chunk after the usage, without one, does not erase it.
        chunk_with(
            json!([{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]),
            json!({}),
        ),
    ]);
    let message = &done.choices[0].message;
    assert_eq!(message.role, Role::Assistant);
    let calls = message.tool_calls.as_ref().expect("a tool call");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, "call_1");
    assert_eq!(calls[0].function.name, "get_weather");
    assert_eq!(calls[0].function.arguments, r#"{"city":"Paris"}"#);
    assert_eq!(done.usage.as_ref().map(|u| u.total_tokens), Some(3));
}

#[tokio::test]
async fn a_stream_without_done_is_complete_once_every_choice_finished() {
    let finished = [
        chunk_with(
            json!([{"index": 0, "delta": {"role": "assistant", "content": "hi"}}]),
            json!({}),
        ),
        chunk_with(json!([{"index": 0, "delta": {}, "finish_reason": "stop"}]), json!({})),
    ];
    let server = Server::start(vec![Reply::sse(&sse(&finished, false), 9, End::Complete)]).await;
    let (c, _) = client(&server, 0);
    let done = c
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream")
        .collect_completion()
        .await;
    assert_eq!(
        done.expect("complete").choices[0].message.content.as_deref(),
        Some("hi")
    );

    // Cut before the finish reason: the answer may be incomplete, and the error says so.
    let server = Server::start(vec![Reply::sse(&sse(&finished[..1], false), 9, End::Complete)]).await;
    let (c, _) = client(&server, 0);
    let err = c
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream")
        .collect_completion()
        .await
        .expect_err("cut short");
    assert!(matches!(err, Error::Stream(StreamError::ClosedEarly { .. })), "{err:?}");
}

#[tokio::test]
async fn a_malformed_event_says_what_is_wrong_with_it() {
    let one = chunk_with(json!([{"index": 0, "delta": {"content": "a"}}]), json!({}));
    for (data, says) in [
        (format!("{one}{one}"), "trailing characters"),
        (
            "{\"id\": \"c\", \"choices\": [{\"index\": \"zero\"}]}".to_owned(),
            "invalid type",
        ),
        ("{\"id\": ".to_owned(), "EOF"),
    ] {
        let server = Server::start(vec![Reply::sse(&format!("data: {data}\n\n"), 64, End::Complete)]).await;
        let (c, _) = client(&server, 0);
        let mut stream = c.create_chat_completion_stream(&request()).await.expect("a stream");
        let err = stream.next().await.expect("an item").expect_err("malformed");
        let Error::Stream(StreamError::Malformed {
            message, data: kept, ..
        }) = &err
        else {
            panic!("{err:?}")
        };
        assert!(message.contains(says), "{data}: {message}");
        assert_eq!(kept, &data);
    }
}

#[tokio::test]
async fn typed_events_follow_the_answer() {
    let chunks = [
        chunk_with(
            json!([{"index": 0, "delta": {"role": "assistant", "reasoning_content": "think"}}]),
            json!({}),
        ),
        chunk_with(json!([{"index": 0, "delta": {"content": "He"}}]), json!({})),
        chunk_with(
            json!([{"index": 0, "delta": {"content": "llo", "tool_calls": [
            {"index": 0, "id": "a", "type": "function", "function": {"name": "f", "arguments": "{\"x\""}}]}}]),
            json!({}),
        ),
        chunk_with(
            json!([{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": ":1}"}}]}}]),
            json!({}),
        ),
        chunk_with(
            json!([{"index": 0, "delta": {"tool_calls": [
            {"index": 1, "id": "b", "type": "function", "function": {"name": "g", "arguments": "{}"}}]}}]),
            json!({}),
        ),
        chunk_with(
            json!([{"index": 0, "delta": {"refusal": "no"}, "finish_reason": "tool_calls"}]),
            json!({}),
        ),
    ];
    let server = Server::start(vec![Reply::sse(&sse(&chunks, true), 13, End::Complete)]).await;
    let (c, _) = client(&server, 0);
    let mut events = ChatCompletionEvents::new(c.create_chat_completion_stream(&request()).await.expect("a stream"));
    let mut seen = Vec::new();
    let mut chunk_events = 0;
    while let Some(event) = events.next().await {
        match event.expect("an event") {
            ChatStreamEvent::Chunk(_) => chunk_events += 1,
            ChatStreamEvent::ContentDelta { delta, snapshot, .. } => seen.push(format!("content+{delta}={snapshot}")),
            ChatStreamEvent::ContentDone { content, .. } => seen.push(format!("content.done={content}")),
            ChatStreamEvent::ReasoningDelta { delta, .. } => seen.push(format!("reasoning+{delta}")),
            ChatStreamEvent::ReasoningDone { reasoning, .. } => seen.push(format!("reasoning.done={reasoning}")),
            ChatStreamEvent::RefusalDelta { delta, .. } => seen.push(format!("refusal+{delta}")),
            ChatStreamEvent::RefusalDone { refusal, .. } => seen.push(format!("refusal.done={refusal}")),
            ChatStreamEvent::ToolCallArgumentsDelta { index, name, delta, .. } => {
                seen.push(format!("args[{index}]{name}+{delta}"))
            }
            ChatStreamEvent::ToolCallArgumentsDone {
                index, name, arguments, ..
            } => seen.push(format!("args.done[{index}]{name}={arguments}")),
            other => seen.push(format!("{other:?}")),
        }
        if chunk_events == 2 {
            assert_eq!(
                events.snapshot().choices[0].message.content.as_deref(),
                Some("He"),
                "a snapshot mid-stream"
            );
        }
    }
    assert_eq!(chunk_events, 6);
    assert_eq!(
        seen,
        [
            "reasoning+think",
            "content+He=He",
            "content+llo=Hello",
            "args[0]f+{\"x\"",
            "args[0]f+:1}",
            "args.done[0]f={\"x\":1}",
            "args[1]g+{}",
            "refusal+no",
            "args.done[1]g={}",
            "content.done=Hello",
            "reasoning.done=think",
            "refusal.done=no",
        ]
    );
    let done = events.into_completion();
    assert_eq!(done.choices[0].message.tool_calls.as_ref().map(Vec::len), Some(2));
}

proptest::proptest! {
    #[test]
    fn undeclared_text_adds_up_whatever_the_cuts(
        text in "[a-z \u{4f60}\u{597d}]{0,40}",
        cuts in proptest::collection::vec(0usize..40, 0..6),
    ) {
        // The same reasoning text, cut at arbitrary character positions into chunks.
        let chars: Vec<char> = text.chars().collect();
        let mut points: Vec<usize> = cuts.into_iter().map(|c| c.min(chars.len())).collect();
        points.extend([0, chars.len()]);
        points.sort();
        points.dedup();
        let chunks: Vec<Value> = points
            .windows(2)
            .map(|w| {
                let piece: String = chars[w[0]..w[1]].iter().collect();
                chunk_with(json!([{"index": 0, "delta": {"reasoning": piece, "reasoning_details": [{"index": 0, "text": piece}]}}]), json!({}))
            })
            .collect();
        let done = accumulate(&chunks);
        let extra = &done.choices.first().map(|c| c.message.extra.clone()).unwrap_or_default();
        if !chunks.is_empty() {
            proptest::prop_assert_eq!(&extra["reasoning"], &json!(text));
            proptest::prop_assert_eq!(&extra["reasoning_details"], &json!([{"index": 0, "text": text}]));
        }
    }
}

#[test]
fn absent_stays_absent_when_encoded_again() {
    // What compatible servers send: an `object` left out, an id as `null`, no `created`; an empty
    // model sent as such. Each comes back exactly as it came, while reading leniently.
    for text in [
        r#"{"id":"c","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"}}]}"#,
        r#"{"id":null,"object":"chat.completion.chunk","model":"","choices":[{"delta":{}}]}"#,
        r#"{"choices":[]}"#,
        r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"system_fingerprint":"fp"}"#,
    ] {
        let chunk: ChatCompletionChunk = serde_json::from_str(text).expect(text);
        let back = serde_json::to_value(&chunk).expect("encodes");
        let sent: Value = serde_json::from_str(text).expect("json");
        assert_eq!(back, sent, "{text}");
    }
    let chunk: ChatCompletionChunk = serde_json::from_str(r#"{"choices":[]}"#).expect("lenient");
    assert_eq!((chunk.id.as_str(), chunk.created), ("", 0), "read as empty values");
    // A field set after decoding is written, whatever the wire had.
    let mut chunk = chunk;
    chunk.id = "set".to_owned();
    assert_eq!(
        serde_json::to_value(&chunk).expect("encodes"),
        json!({"id": "set", "choices": []})
    );
    // A whole completion, through the same twin types.
    let text =
        r#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}"#;
    let done: ChatCompletion = serde_json::from_str(text).expect("a completion");
    assert_eq!(
        serde_json::to_value(&done).expect("encodes"),
        serde_json::from_str::<Value>(text).expect("json")
    );
}

proptest::proptest! {
    #[test]
    fn decoding_then_encoding_gives_back_the_json(
        omit in proptest::collection::vec(proptest::prelude::any::<u8>(), 5),
    ) {
        // Each lenient member of a chunk and of its choice is there, `null`, or left out.
        let mut chunk = json!({"id": "c", "object": "chat.completion.chunk", "created": 7, "model": "m",
                               "choices": [{"index": 2, "delta": {"content": "x"}, "finish_reason": "stop"}]});
        for (key, how) in ["id", "object", "created", "model"].iter().zip(&omit) {
            match how % 3 {
                0 => {}
                1 => { chunk[*key] = Value::Null; }
                _ => { chunk.as_object_mut().expect("object").remove(*key); }
            }
        }
        if omit[4] % 2 == 1 {
            chunk["choices"][0].as_object_mut().expect("object").remove("index");
        }
        let decoded: ChatCompletionChunk = serde_json::from_value(chunk.clone()).expect("lenient");
        proptest::prop_assert_eq!(serde_json::to_value(&decoded).expect("encodes"), chunk);
    }
}
