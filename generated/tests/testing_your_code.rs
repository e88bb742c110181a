//! Testing your own code with anyfast, written as a user's test would be: values built in one
//! expression, a chunk stream from values, and the typed mock server (`anyfast::testing`,
//! cargo feature `testing`) answering JSON, streams, tool calls, errors and retries.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyfast::testing::MockServer;
use anyfast::{
    ChatCompletion, ChatCompletionChoice, ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionDelta,
    ChatCompletionMessage, ChatCompletionRequest, ChatMessage, Client, Error, ErrorKind, EventStream, FinishReason,
    FunctionCall, Model, ToolCall,
};
use serde_json::json;

/// The code under test: asks a question and returns the answer's text.
async fn ask(client: &Client, question: &str) -> Result<String, Error> {
    let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user(question)]);
    let done = client.create_chat_completion(&request).await?;
    Ok(done.choices[0].message.content.clone().unwrap_or_default())
}

/// The code under test, streaming: the answer added up from its chunks.
async fn ask_streaming(client: &Client, question: &str) -> Result<String, Error> {
    let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user(question)]);
    let done = client
        .create_chat_completion_stream(&request)
        .await?
        .collect_completion()
        .await?;
    Ok(done.choices[0].message.content.clone().unwrap_or_default())
}

fn completion(text: &str) -> ChatCompletion {
    ChatCompletion::default()
        .with_id("chatcmpl-test")
        .with_model("doubao-seed-1-6-251015")
        .with_choices(vec![ChatCompletionChoice::default()
            .with_message(ChatCompletionMessage::default().with_content(text))
            .with_finish_reason(FinishReason::Stop)])
}

fn chunk(text: &str) -> ChatCompletionChunk {
    ChatCompletionChunk::default()
        .with_id("chatcmpl-test")
        .with_choices(vec![
            ChatCompletionChunkChoice::default().with_delta(ChatCompletionDelta::default().with_content(text))
        ])
}

#[test]
fn any_value_is_one_expression() {
    let done = completion("hi");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("hi"));
    let call = ToolCall::default().with_id("call_1").with_function(
        FunctionCall::default()
            .with_name("get_weather")
            .with_arguments("{\"city\":\"Paris\"}"),
    );
    assert_eq!(call.function.name, "get_weather");
    // Defaults are the empty values, and the first value an enum lists.
    let empty = ChatCompletion::default();
    assert!(empty.choices.is_empty() && empty.id.is_empty());
    assert_eq!(ChatCompletionChoice::default().index, 0);
    // `Debug` shows what the server sent, not the decoder's bookkeeping.
    let decoded: ChatCompletion =
        serde_json::from_value(json!({"choices": [{"message": {"role": "assistant", "content": "hi"}}]}))
            .expect("decodes");
    let shown = format!("{decoded:?}");
    assert!(
        shown.contains("content: Some(\"hi\")") && !shown.contains("eceived"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_chunk_stream_is_built_from_values() {
    let stream: EventStream<ChatCompletionChunk> = EventStream::from_values([chunk("Hel"), chunk("lo")]);
    let done = stream.collect_completion().await.expect("adds up");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("Hello"));
}

#[tokio::test]
async fn the_mock_answers_a_typed_value_and_records_the_request() {
    let mock = MockServer::start().await;
    mock.create_chat_completion().respond(completion("你好！")).await;
    let client = mock.client();
    assert_eq!(ask(&client, "你好").await.expect("answered"), "你好！");
    assert_eq!(mock.create_chat_completion().calls().await, 1);
    let sent: Vec<ChatCompletionRequest> = mock.create_chat_completion().received().await;
    assert_eq!(sent[0].messages.len(), 1);
    assert_eq!(sent[0].model, Model::DoubaoSeed1_6_251015);
}

#[tokio::test]
async fn the_mock_streams_with_and_without_done() {
    for done in [true, false] {
        let mock = MockServer::start().await;
        mock.create_chat_completion()
            .respond_stream([chunk("Hel"), chunk("lo")], done)
            .await;
        let result = ask_streaming(&mock.client(), "hi").await;
        if done {
            assert_eq!(result.expect("streamed"), "Hello");
        } else {
            // A stream that ends without its end marker is reported, never taken as whole.
            assert_eq!(result.expect_err("truncated").kind(), ErrorKind::Stream);
        }
    }
}

#[tokio::test]
async fn the_mock_matches_on_typed_request_fields() {
    let mock = MockServer::start().await;
    mock.create_chat_completion()
        .matching(|r: &ChatCompletionRequest| r.temperature == Some(0.0))
        .respond(completion("cold"))
        .await;
    mock.create_chat_completion().respond(completion("warm")).await;
    let client = mock.client();
    let cold = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("?")]).with_temperature(0.0);
    let answer = client.create_chat_completion(&cold).await.expect("answered");
    assert_eq!(answer.choices[0].message.content.as_deref(), Some("cold"));
    assert_eq!(ask(&client, "?").await.expect("answered"), "warm");
}

#[tokio::test]
async fn the_mock_answers_tool_calls() {
    let mock = MockServer::start().await;
    let call = ToolCall::default().with_id("call_7").with_function(
        FunctionCall::default()
            .with_name("get_weather")
            .with_arguments("{\"city\": \"Paris\"}"),
    );
    let wants_tool = ChatCompletion::default().with_choices(vec![ChatCompletionChoice::default()
        .with_message(ChatCompletionMessage::default().with_tool_calls(vec![call]))
        .with_finish_reason(FinishReason::ToolCalls)]);
    mock.create_chat_completion().respond(wants_tool).await;
    let request = ChatCompletionRequest::new(Model::DoubaoSeed2_0Code, [ChatMessage::user("Weather in Paris?")]);
    let done = mock.client().create_chat_completion(&request).await.expect("answered");
    let calls = done.choices[0].message.tool_calls.as_deref().expect("calls");
    assert_eq!(
        (calls[0].id.as_str(), calls[0].function.name.as_str()),
        ("call_7", "get_weather")
    );
}

#[tokio::test]
async fn the_mock_answers_errors_and_a_retry_gets_the_next_answer() {
    let mock = MockServer::start().await;
    mock.create_chat_completion()
        .times(1)
        .respond_error(500, json!({"error": {"message": "overloaded"}}))
        .await;
    mock.create_chat_completion().respond(completion("after a retry")).await;
    let waits = Arc::new(Mutex::new(Vec::new()));
    let record = waits.clone();
    let client = mock
        .client_builder()
        .max_retries(2)
        .retry_sleep(move |d| {
            record.lock().expect("lock").push(d);
            std::future::ready(())
        })
        .build()
        .expect("client");
    assert_eq!(ask(&client, "hi").await.expect("retried"), "after a retry");
    assert_eq!(mock.create_chat_completion().calls().await, 2);
    assert_eq!(waits.lock().expect("lock").len(), 1);

    // Without retries the error is typed, with the server's message.
    let strict = MockServer::start().await;
    strict
        .create_chat_completion()
        .respond_error(401, json!({"error": {"message": "bad key"}}))
        .await;
    let err = ask(&strict.client(), "hi").await.expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert!(err.to_string().contains("bad key"), "{err}");
}

#[tokio::test]
async fn the_mock_can_answer_late() {
    let mock = MockServer::start().await;
    mock.create_chat_completion()
        .delay(Duration::from_millis(500))
        .respond(completion("late"))
        .await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .expect("client");
    assert_eq!(
        ask(&client, "hi").await.expect_err("too late").kind(),
        ErrorKind::Timeout
    );
}
