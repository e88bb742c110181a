//! The examples, run against a scripted server on 127.0.0.1: the tool-calling round trip and
//! thinking switched on and off.

mod common;

#[path = "../examples/tools.rs"]
mod tools;

#[path = "../examples/thinking.rs"]
mod thinking;

use anyfast::Client;
use common::{End, Reply, Server};
use serde_json::json;

fn chunk(delta: serde_json::Value, finish: serde_json::Value) -> String {
    let c = json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
    format!("data: {c}\n\n")
}

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_tool_example_calls_the_tool_and_sends_the_result_back() {
    // The call arrives in fragments: id, type and name first, the arguments in three pieces.
    let mut stream = chunk(json!({"role": "assistant", "content": null}), json!(null));
    stream += &chunk(
        json!({"tool_calls": [{"index": 0, "id": "call_7", "type": "function", "function": {"name": "get_weather", "arguments": ""}}]}),
        json!(null),
    );
    for piece in ["{\"ci", "ty\": \"Par", "is\"}"] {
        stream += &chunk(
            json!({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}),
            json!(null),
        );
    }
    stream += &chunk(json!({}), json!("tool_calls"));
    stream += "data: [DONE]\n\n";
    let final_answer = json!({"id": "c2", "object": "chat.completion", "created": 2, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "It is 22°C and sunny in Paris."}, "finish_reason": "stop"}]});
    let server = Server::start(vec![
        Reply::sse(&stream, 17, End::Complete),
        Reply::json(200, &final_answer),
    ])
    .await;

    let answer = tools::run(&client(&server)).await.expect("the round trip");
    assert_eq!(answer, "It is 22°C and sunny in Paris.");

    let seen = server.seen();
    let first = seen[0].json();
    assert_eq!(first["tools"][0]["function"]["name"], "get_weather");
    assert_eq!(first["tool_choice"], "auto");
    assert_eq!(first["stream"], true);
    let second = seen[1].json();
    let messages = second["messages"].as_array().expect("messages");
    assert_eq!(
        messages.len(),
        3,
        "the question, the assistant's call, the tool's answer"
    );
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(messages[1]["tool_calls"][0]["id"], "call_7");
    assert_eq!(
        messages[1]["tool_calls"][0]["function"]["arguments"],
        "{\"city\": \"Paris\"}"
    );
    assert_eq!(
        messages[2],
        json!({"role": "tool", "tool_call_id": "call_7", "content": "Paris: 22°C, sunny"})
    );
}

#[tokio::test]
async fn the_thinking_example_shows_reasoning_apart_from_the_answer() {
    let mut on = chunk(
        json!({"role": "assistant", "reasoning_content": "1001 = 7 × 11 × 13"}),
        json!(null),
    );
    on += &chunk(json!({"content": "No."}), json!("stop"));
    on += "data: [DONE]\n\n";
    let mut off = chunk(json!({"role": "assistant", "content": "No, "}), json!(null));
    off += &chunk(json!({"content": "it is 7 × 11 × 13."}), json!("stop"));
    off += "data: [DONE]\n\n";
    let server = Server::start(vec![
        Reply::sse(&on, 9, End::Complete),
        Reply::sse(&off, 9, End::Complete),
    ])
    .await;

    let results = thinking::run(&client(&server)).await.expect("both calls");
    assert_eq!(
        results,
        [
            ("1001 = 7 × 11 × 13".to_owned(), "No.".to_owned()),
            (String::new(), "No, it is 7 × 11 × 13.".to_owned())
        ]
    );
    let seen = server.seen();
    assert_eq!(seen[0].json()["thinking"], json!({"type": "enabled"}));
    assert_eq!(seen[0].json()["reasoning_effort"], "low");
    assert_eq!(seen[1].json()["thinking"], json!({"type": "disabled"}));
    assert!(seen[1].json().get("reasoning_effort").is_none());
}
