//! The fault matrix of real and hostile servers: what compatible servers really send (chunks
//! without `object`, errors inside ordinary chunks), what a hostile one could send to exhaust
//! memory (bytes with no line end, endless bodies), and what a server says about retries.

mod common;

use anyfast::runtime::StreamError;
use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model};
use common::{End, Reply, Server};
use serde_json::json;

fn request() -> ChatCompletionRequest {
    ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("你好")])
}

fn builder(server: &Server, retries: u32) -> anyfast::ClientBuilder {
    Client::builder()
        .api_key("sk-test-secret")
        .base_url(server.url())
        .max_retries(retries)
        .retry_sleep(|_| std::future::ready(()))
}

fn data(value: serde_json::Value) -> String {
    format!("data: {value}\n\n")
}

#[tokio::test]
async fn a_chunk_without_object_id_or_created_still_decodes() {
    // As one provider sends them: `object` left out; another leaves out more, or sends `null`.
    let body = data(
        json!({"id": "c1", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "你"}}]}),
    ) + &data(
        json!({"model": "m", "choices": [{"index": 0, "delta": {"content": "好"}, "finish_reason": "stop"}]}),
    ) + "data: [DONE]\n\n";
    let server = Server::start(vec![Reply::sse(&body, 7, End::Complete)]).await;
    let client = builder(&server, 0).build().expect("client");
    let done = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream")
        .collect_completion()
        .await
        .expect("a well-formed stream is not lost over a missing tag");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("你好"));
    assert_eq!(done.id, "c1");
}

#[tokio::test]
async fn an_error_inside_an_ordinary_chunk_ends_the_stream_with_an_api_error() {
    let error_chunk = json!({"id": "c1", "error": {"code": 400, "message": "Token limit reached"},
        "choices": [{"index": 0, "delta": {"content": ""}}], "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1}});
    let body = data(
        json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": "a"}}]}),
    ) + &data(error_chunk.clone())
        + "data: [DONE]\n\n";
    let server = Server::start(vec![Reply::Chunked {
        headers: vec![
            ("content-type".into(), "text/event-stream".into()),
            ("x-request-id".into(), "req-7".into()),
        ],
        body: body.into_bytes(),
        piece: 64,
        end: End::Complete,
    }])
    .await;
    let client = builder(&server, 0).build().expect("client");
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    let Some(Err(Error::Api(e))) = stream.next().await else {
        panic!("the error is not handed out as a chunk")
    };
    assert_eq!(e.status, 400, "the error's code is an HTTP status");
    assert_eq!(e.message.as_deref(), Some("Token limit reached"));
    assert_eq!(e.request_id.as_deref(), Some("req-7"));
    assert!(e.in_stream);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&e.body).ok(),
        Some(error_chunk),
        "the raw event"
    );
    assert!(stream.next().await.is_none(), "the stream has ended");
}

/// Streams `body` to a client whose events may be at most `limit` bytes, and returns the end.
async fn stream_with_limit(body: Vec<u8>, limit: usize) -> Option<Result<anyfast::ChatCompletionChunk, Error>> {
    let server = Server::start(vec![Reply::Chunked {
        headers: vec![("content-type".into(), "text/event-stream".into())],
        body,
        piece: 16 * 1024,
        end: End::Complete,
    }])
    .await;
    let client = builder(&server, 0).max_event_size(limit).build().expect("client");
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    stream.next().await
}

#[tokio::test]
async fn bytes_with_no_line_end_stop_at_the_event_limit() {
    let end = stream_with_limit(vec![b'x'; 4 * 1024 * 1024], 64 * 1024).await;
    let Some(Err(Error::Stream(StreamError::TooLarge { limit }))) = end else {
        panic!("a typed error, not a buffer that grows: {end:?}")
    };
    assert_eq!(limit, 64 * 1024);
}

#[tokio::test]
async fn an_event_of_endless_data_lines_stops_at_the_event_limit() {
    let end = stream_with_limit("data: x\n".repeat(100_000).into_bytes(), 64 * 1024).await;
    assert!(
        matches!(end, Some(Err(Error::Stream(StreamError::TooLarge { .. })))),
        "{end:?}"
    );
}

#[tokio::test]
async fn events_under_the_limit_pass_whatever_the_network_reads() {
    // Many small events arrive in reads far larger than the limit: only an unfinished event
    // counts against it.
    let chunk = data(json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}));
    let body = chunk.repeat(2_000) + "data: [DONE]\n\n";
    let end = stream_with_limit(body.into_bytes(), 1024).await;
    assert!(matches!(end, Some(Ok(_))), "{end:?}");
}

#[tokio::test]
async fn the_error_body_limit_is_configurable_and_says_it_cut() {
    let huge = vec![b'x'; 4 * 1024 * 1024];
    let server = Server::start(vec![Reply::raw(500, &[("content-type", "text/plain")], &huge)]).await;
    let client = builder(&server, 0).max_error_body(1000).build().expect("client");
    let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
        panic!("an api error")
    };
    assert_eq!((e.body.len(), e.truncated), (1000, true));
    let small = Server::start(vec![Reply::json(400, &json!({"error": {"message": "bad"}}))]).await;
    let client = builder(&small, 0).build().expect("client");
    let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
        panic!("an api error")
    };
    assert!(!e.truncated);
}

#[tokio::test]
async fn an_oversized_success_body_is_refused() {
    let body = json!({"id": "x".repeat(10_000)}).to_string();
    // Announced by its length, or only found out while reading a chunked body.
    let announced = Reply::raw(200, &[("content-type", "application/json")], body.as_bytes());
    let chunked = Reply::Chunked {
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.clone().into_bytes(),
        piece: 1000,
        end: End::Complete,
    };
    for reply in [announced, chunked] {
        let server = Server::start(vec![reply]).await;
        let client = builder(&server, 0).max_response_body(4096).build().expect("client");
        let result = client.create_chat_completion(&request()).await;
        assert!(matches!(result, Err(Error::BodyTooLarge { limit: 4096 })), "{result:?}");
    }
}

#[tokio::test]
async fn a_stream_read_from_any_source_keeps_its_event_limit() {
    // `EventStream::from_bytes` streams bytes the caller fetched; its limit is set on it.
    struct Flood(usize);
    impl futures_core::Stream for Flood {
        type Item = reqwest::Result<bytes::Bytes>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            self.0 += 1;
            std::task::Poll::Ready((self.0 < 1000).then(|| Ok(bytes::Bytes::from_static(&[b'x'; 1024]))))
        }
    }
    let mut stream: anyfast::EventStream<serde_json::Value> =
        anyfast::EventStream::from_bytes(Flood(0), None, std::time::Duration::from_secs(5)).with_max_event_size(8192);
    let end = stream.next().await;
    assert!(
        matches!(end, Some(Err(Error::Stream(StreamError::TooLarge { limit: 8192 })))),
        "{end:?}"
    );
}

#[tokio::test]
async fn the_server_can_forbid_a_retry_or_ask_for_one() {
    let forbid = Server::start(vec![
        Reply::raw(503, &[("x-should-retry", "false")], b"busy"),
        Reply::json(200, &json!({})),
    ])
    .await;
    let client = builder(&forbid, 2).build().expect("client");
    let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
        panic!("an api error")
    };
    assert_eq!((e.status, e.attempts), (503, 1));

    let ask = Server::start(vec![
        Reply::raw(400, &[("x-should-retry", "true")], b"try again"),
        Reply::raw(
            200,
            &[("content-type", "application/json")],
            json!({"id": "1", "object": "chat.completion", "created": 1, "model": "m", "choices": []})
                .to_string()
                .as_bytes(),
        ),
    ])
    .await;
    let client = builder(&ask, 2).build().expect("client");
    client
        .create_chat_completion(&request())
        .await
        .expect("retried, then succeeded");
    assert_eq!(ask.seen().len(), 2);
}

#[tokio::test]
async fn the_request_id_and_headers_of_a_successful_call_can_be_read() {
    let completion = json!({"id": "1", "object": "chat.completion", "created": 1, "model": "m", "choices": []});
    let server = Server::start(vec![Reply::raw(
        200,
        &[
            ("content-type", "application/json"),
            ("x-request-id", "req-42"),
            ("x-ratelimit-remaining-requests", "99"),
        ],
        completion.to_string().as_bytes(),
    )])
    .await;
    let client = builder(&server, 0).build().expect("client");
    let (done, meta) = client
        .create_chat_completion_with_response(&request(), &anyfast::RequestOptions::new())
        .await
        .expect("a completion");
    assert_eq!(done.id, "1");
    assert_eq!((meta.status, meta.request_id.as_deref()), (200, Some("req-42")));
    assert_eq!(meta.header("x-ratelimit-remaining-requests"), Some("99"));

    let stream_server = Server::start(vec![Reply::Chunked {
        headers: vec![
            ("content-type".into(), "text/event-stream".into()),
            ("x-request-id".into(), "req-43".into()),
        ],
        body: b"data: [DONE]\n\n".to_vec(),
        piece: 4,
        end: End::Complete,
    }])
    .await;
    let client = builder(&stream_server, 0).build().expect("client");
    let stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert_eq!((stream.meta().status, stream.request_id()), (200, Some("req-43")));
    assert_eq!(stream.meta().header("content-type"), Some("text/event-stream"));
}
