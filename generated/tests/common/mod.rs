//! Helpers shared by the anyfast crate's integration tests: paths, the runtime's scripted
//! server (its source, included from the runtime's tests) and the chat requests and responses
//! the client tests share.

#![allow(dead_code)]

#[path = "../../../codegen/runtime/tests/common/server.rs"]
mod server;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use server::*;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generated/ is in the workspace")
        .to_path_buf()
}

/// Reads a file under the workspace root.
pub fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

// What the client tests share: the request they send, a client whose retry waits are
// recorded, and the responses of a scripted server.

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model};
use serde_json::json;

pub fn request() -> ChatCompletionRequest {
    ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("你好")])
}

/// A client for `server` whose retry waits are recorded instead of slept.
pub fn client(server: &Server, retries: u32) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let sleeps = Arc::new(Mutex::new(Vec::new()));
    let record = sleeps.clone();
    let client = Client::builder()
        .api_key("sk-test-secret")
        .base_url(server.url())
        .max_retries(retries)
        .retry_sleep(move |d| {
            record.lock().expect("lock").push(d);
            std::future::ready(())
        })
        .build()
        .expect("client");
    (client, sleeps)
}

/// Streams the default request and adds its chunks up.
pub async fn streamed(client: &Client) -> Result<anyfast::ChatCompletion, Error> {
    client
        .create_chat_completion_stream(&request())
        .await?
        .collect_completion()
        .await
}

pub fn completion() -> serde_json::Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1774236644, "model": "doubao-seed-1-6-251015",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "你好！", "reasoning_content": "打招呼"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    })
}

pub fn chunk(choices: serde_json::Value) -> String {
    let c = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "doubao-seed-1-6-251015", "choices": choices});
    format!("data: {c}\n\n")
}

pub fn reasoning_stream() -> String {
    let mut body = String::from(": keep-alive\n\n");
    body += &chunk(
        json!([{"index": 0, "delta": {"role": "assistant", "content": "", "reasoning_content": "先"}, "finish_reason": null}]),
    );
    body += &chunk(json!([{"index": 0, "delta": {"content": "", "reasoning_content": "想想"}}]));
    body += &chunk(json!([{"index": 0, "delta": {"content": "你"}}]));
    body += &chunk(json!([{"index": 0, "delta": {"content": "好"}, "finish_reason": "stop"}]));
    let usage = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "doubao-seed-1-6-251015", "choices": [],
        "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7, "completion_tokens_details": {"reasoning_tokens": 2}}});
    body += &format!("data: {usage}\n\ndata: [DONE]\n\n");
    body
}
