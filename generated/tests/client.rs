//! The generated client against scripted servers on 127.0.0.1.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyfast::runtime::StreamError;
use anyfast::{
    ChatCompletionAccumulator, ChatCompletionRequest, ChatMessage, Client, Error, FinishReason, Model, RequestOptions,
};
use common::{chunk, client, completion, reasoning_stream, request, streamed, End, Reply, Server};
use serde_json::json;

#[tokio::test]
async fn a_json_call_sends_the_request_and_decodes_the_answer() {
    let server = Server::start(vec![Reply::raw(
        200,
        &[("content-type", "application/json"), ("x-request-id", "req-1")],
        completion().to_string().as_bytes(),
    )])
    .await;
    let (client, _) = client(&server, 0);
    let done = client
        .create_chat_completion(&request().with_stream(true))
        .await
        .expect("a completion");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("你好！"));
    assert_eq!(done.choices[0].message.reasoning_content.as_deref(), Some("打招呼"));
    let seen = &server.seen()[0];
    assert_eq!(seen.line, "POST /v1/chat/completions HTTP/1.1");
    assert_eq!(seen.header("authorization"), Some("Bearer sk-test-secret"));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    let body = seen.json();
    assert_eq!(body["model"], "doubao-seed-1-6-251015");
    assert!(
        body.get("stream").is_none(),
        "the JSON call never asks for a stream: {body}"
    );
}

#[tokio::test]
async fn a_stream_yields_reasoning_then_answer_then_usage() {
    for piece in [1024, 7, 1] {
        let server = Server::start(vec![Reply::sse(&reasoning_stream(), piece, End::Complete)]).await;
        let (client, _) = client(&server, 0);
        let mut stream = client
            .create_chat_completion_stream(&request())
            .await
            .expect("a stream");
        let mut acc = ChatCompletionAccumulator::new();
        let mut chunks = 0;
        while let Some(chunk) = stream.next().await {
            acc.push(&chunk.expect("a chunk"));
            chunks += 1;
        }
        assert_eq!(chunks, 5, "piece {piece}");
        let done = acc.finish();
        assert_eq!(done.choices[0].message.content.as_deref(), Some("你好"));
        assert_eq!(done.choices[0].message.reasoning_content.as_deref(), Some("先想想"));
        assert_eq!(done.choices[0].finish_reason, Some(FinishReason::Stop));
        assert_eq!(done.usage.as_ref().map(|u| u.total_tokens), Some(7));
        let seen = &server.seen()[0];
        assert_eq!(seen.json()["stream"], json!(true));
        assert_eq!(seen.header("accept"), Some("text/event-stream"));
    }
}

#[tokio::test]
async fn collect_completion_adds_the_stream_up() {
    let server = Server::start(vec![Reply::sse(&reasoning_stream(), 64, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let done = streamed(&client).await.expect("complete");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("你好"));
    assert_eq!(done.id, "chatcmpl-1");
}

#[tokio::test]
async fn unknown_fields_and_finish_reasons_reach_the_user() {
    let mut body = chunk(
        json!([{"index": 0, "delta": {"content": "x", "audio": {"id": "a"}}, "finish_reason": "safety_cutoff", "logprobs": null}]),
    );
    body = body.replace("\"choices\"", "\"service_tier\":\"flex\",\"choices\"");
    body += "data: [DONE]\n\n";
    let server = Server::start(vec![Reply::sse(&body, 1024, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    let chunk = stream.next().await.expect("one chunk").expect("decodes");
    assert_eq!(chunk.extra["service_tier"], json!("flex"));
    assert_eq!(
        chunk.choices[0].finish_reason,
        Some(FinishReason::Other("safety_cutoff".into()))
    );
    assert_eq!(chunk.choices[0].delta.extra["audio"], json!({"id": "a"}));
    assert_eq!(chunk.choices[0].extra["logprobs"], json!(null));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn every_error_status_becomes_a_typed_api_error() {
    for status in [400u16, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503] {
        let json_body = json!({"error": {"message": format!("failed {status}"), "type": "invalid_request_error", "code": 1301, "param": "model"}});
        let server = Server::start(vec![
            Reply::raw(
                status,
                &[("content-type", "application/json"), ("x-request-id", "req-9")],
                json_body.to_string().as_bytes(),
            ),
            Reply::raw(status, &[("content-type", "text/html")], b"<html>bad gateway</html>"),
        ])
        .await;
        let (client, _) = client(&server, 0);
        let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
            panic!("{status}: an api error")
        };
        assert_eq!(
            (e.status, e.message.as_deref()),
            (status, Some(format!("failed {status}").as_str()))
        );
        assert_eq!(e.kind.as_deref(), Some("invalid_request_error"));
        assert_eq!(e.code.as_ref().map(ToString::to_string).as_deref(), Some("1301"));
        assert_eq!(e.param.as_deref(), Some("model"));
        assert_eq!(e.request_id.as_deref(), Some("req-9"));
        let err = client.create_chat_completion(&request()).await.expect_err("an error");
        assert_eq!(err.status(), Some(status));
        assert_eq!(
            err.is_retryable(),
            matches!(status, 408 | 409 | 429) || status >= 500,
            "{status}"
        );
        let Error::Api(e) = err else {
            panic!("{status}: an api error")
        };
        assert_eq!((e.message, e.body.as_str()), (None, "<html>bad gateway</html>"));
    }
}

#[tokio::test]
async fn retry_after_is_honoured_then_the_call_succeeds() {
    let cases: [(&[(&str, &str)], Duration); 3] = [
        (&[("retry-after", "3")], Duration::from_secs(3)),
        (&[("retry-after-ms", "1500")], Duration::from_millis(1500)),
        (&[("retry-after", "600")], Duration::from_secs(60)),
    ];
    for (headers, wait) in cases {
        let server = Server::start(vec![
            Reply::raw(429, headers, br#"{"error":{"message":"slow down"}}"#),
            Reply::json(200, &completion()),
        ])
        .await;
        let (client, sleeps) = client(&server, 2);
        let started = Instant::now();
        client
            .create_chat_completion(&request())
            .await
            .expect("succeeds on the second attempt");
        assert_eq!(*sleeps.lock().expect("lock"), vec![wait]);
        assert_eq!(server.seen().len(), 2);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "virtual time: nothing really slept"
        );
    }
}

#[tokio::test]
async fn a_5xx_storm_exhausts_retries_and_reports_the_attempts() {
    let server = Server::start(vec![Reply::raw(503, &[], b"overloaded")]).await;
    let (client, sleeps) = client(&server, 2);
    let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
        panic!("an api error")
    };
    assert_eq!((e.status, e.attempts), (503, 3));
    assert!(e.to_string().contains("after 3 attempts"), "{e}");
    let sleeps = sleeps.lock().expect("lock").clone();
    assert_eq!(sleeps.len(), 2);
    assert!(
        sleeps[0] <= Duration::from_millis(500) && sleeps[1] <= Duration::from_secs(1),
        "{sleeps:?}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let sleeps = Arc::new(Mutex::new(0));
    let count = sleeps.clone();
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://{addr}"))
        .max_retries(1)
        .retry_sleep(move |_| {
            *count.lock().expect("lock") += 1;
            std::future::ready(())
        })
        .build()
        .expect("client");
    let err = client.create_chat_completion(&request()).await.expect_err("no server");
    assert!(matches!(err, Error::Connect { attempts: 2, .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(*sleeps.lock().expect("lock"), 1);
}

#[tokio::test]
async fn a_request_that_outlives_its_timeout_fails_with_timeout() {
    let server = Server::start(vec![Reply::Stall]).await;
    let (client, _) = client(&server, 0);
    let options = RequestOptions::new().timeout(Duration::from_millis(300));
    let started = Instant::now();
    let err = client
        .create_chat_completion_with(&request(), &options)
        .await
        .expect_err("times out");
    assert!(
        matches!(
            err,
            Error::Timeout {
                what: "the request",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_silent_stream_hits_the_idle_timeout() {
    let first = chunk(json!([{"index": 0, "delta": {"content": "a"}}]));
    let server = Server::start(vec![Reply::sse(&first, 1024, End::Stall)]).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .idle_timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    let err = stream.next().await.expect("an error").expect_err("idle");
    assert!(
        matches!(
            err,
            Error::Timeout {
                what: "waiting for the next event",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(stream.next().await.is_none(), "a failed stream ends");
}

#[tokio::test]
async fn a_connection_dropped_mid_stream_is_an_error() {
    let first = chunk(json!([{"index": 0, "delta": {"content": "a"}}]));
    let server = Server::start(vec![Reply::sse(&first, 1024, End::Drop)]).await;
    let (client, _) = client(&server, 0);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    let err = stream.next().await.expect("an error").expect_err("dropped");
    assert!(matches!(err, Error::Stream(StreamError::Read(_))), "{err:?}");
}

#[tokio::test]
async fn a_stream_that_ends_without_done_is_an_error() {
    let body = chunk(json!([{"index": 0, "delta": {"content": "a"}}]));
    let server = Server::start(vec![Reply::sse(&body, 1024, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    let err = stream.next().await.expect("an error").expect_err("truncated");
    assert!(
        matches!(err, Error::Stream(StreamError::ClosedEarly { terminator: "[DONE]" })),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_end_marker_without_its_blank_line_still_ends_cleanly() {
    let body = chunk(json!([{"index": 0, "delta": {"content": "a"}}])) + "data: [DONE]";
    let server = Server::start(vec![Reply::sse(&body, 1024, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let done = streamed(&client).await;
    assert_eq!(
        done.expect("ends cleanly").choices[0].message.content.as_deref(),
        Some("a")
    );
}

#[tokio::test]
async fn a_malformed_chunk_names_the_path_of_the_fault() {
    let body = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":\"zero\",\"delta\":{}}]}\n\ndata: [DONE]\n\n";
    let server = Server::start(vec![Reply::sse(body, 1024, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    match stream.next().await.expect("an item") {
        Err(Error::Stream(StreamError::Malformed { path, data, .. })) => {
            assert_eq!(path, "choices[0].index");
            assert!(data.contains("\"zero\""));
        }
        other => panic!("{other:?}"),
    }
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_error_sent_inside_the_stream_is_an_api_error() {
    let mut body = chunk(json!([{"index": 0, "delta": {"content": "a"}}]));
    body +=
        "data: {\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n";
    let server = Server::start(vec![Reply::sse(&body, 1024, End::Complete)]).await;
    let (client, _) = client(&server, 0);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    let Some(Err(Error::Api(e))) = stream.next().await else {
        panic!("an api error")
    };
    assert_eq!(e.message.as_deref(), Some("upstream overloaded"));
    assert!(e.in_stream);
}

#[tokio::test]
async fn a_malformed_json_body_is_a_decode_error_keeping_the_body() {
    let server = Server::start(vec![Reply::raw(
        200,
        &[("content-type", "application/json")],
        br#"{"id":"x","choices":7}"#,
    )])
    .await;
    let (client, _) = client(&server, 0);
    match client.create_chat_completion(&request()).await {
        Err(Error::Decode { body, .. }) => assert_eq!(body, r#"{"id":"x","choices":7}"#),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn constraint_violations_are_caught_before_sending() {
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    let (client, _) = client(&server, 0);
    let cases = [
        (
            request().with_temperature(2.5),
            "temperature",
            "must be at most 2, got 2.5",
        ),
        (
            request().with_temperature(-0.5),
            "temperature",
            "must be at least 0, got -0.5",
        ),
        (request().with_top_p(1.5), "top_p", "must be at most 1, got 1.5"),
        (request().with_max_tokens(0), "max_tokens", "must be at least 1, got 0"),
        (
            request().with_stop(vec!["a".into(), "b".into(), "c".into(), "d".into(), "e".into()]),
            "stop",
            "must have at most 4 item(s), got 5",
        ),
        (
            ChatCompletionRequest::new(Model::Glm4_7_251222, Vec::<ChatMessage>::new()),
            "messages",
            "must have at least 1 item(s), got 0",
        ),
    ];
    for (req, field, reason) in cases {
        match client.create_chat_completion(&req).await {
            Err(Error::InvalidRequest { field: f, reason: r }) => assert_eq!((f.as_str(), r.as_str()), (field, reason)),
            other => panic!("{field}: {other:?}"),
        }
        match client.create_chat_completion_stream(&req).await {
            Err(Error::InvalidRequest { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(server.seen().is_empty(), "nothing was sent");
    let edge = request()
        .with_temperature(2.0)
        .with_top_p(0.0)
        .with_max_tokens(1)
        .with_stop(vec!["a".into(); 4]);
    client
        .create_chat_completion(&edge)
        .await
        .expect("the bounds themselves are allowed");
}

#[tokio::test]
async fn options_add_headers_and_body_fields() {
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    let (client, _) = client(&server, 0);
    let options = RequestOptions::new()
        .header("x-trace", "t-1")
        .extra_body("thinking", json!({"type": "disabled"}));
    client
        .create_chat_completion_with(&request(), &options)
        .await
        .expect("succeeds");
    let seen = &server.seen()[0];
    assert_eq!(seen.header("x-trace"), Some("t-1"));
    assert_eq!(seen.json()["thinking"], json!({"type": "disabled"}));
}

#[tokio::test]
async fn the_api_key_is_never_printed() {
    let client = Client::builder()
        .api_key("sk-very-secret")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client");
    let shown = format!("{client:?} {:?}", Client::builder().api_key("sk-very-secret"));
    assert!(!shown.contains("sk-very-secret"), "{shown}");
    assert!(shown.contains("<redacted>"));
}

#[tokio::test]
async fn bad_configuration_is_an_error_not_a_panic() {
    assert!(matches!(
        Client::builder().base_url("not a url").build(),
        Err(Error::Config(_))
    ));
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    let client = Client::builder()
        .api_key("bad\nkey")
        .base_url(server.url())
        .build()
        .expect("builds");
    assert!(matches!(
        client.create_chat_completion(&request()).await,
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn the_stream_flag_is_set_on_the_wire_without_touching_the_request() {
    // A JSON call with `stream: true` in the request sends no flag; a streaming call sends
    // `true` whatever the request says. Extra body fields join in, in the order given.
    let mut asked_to_stream = request();
    asked_to_stream.stream = Some(true);
    let mut said_no = request();
    said_no.stream = Some(false);
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    let (json_client, _) = client(&server, 0);
    let options = RequestOptions::new().extra_body("vendor", json!({"x": 1}));
    json_client
        .create_chat_completion_with(&asked_to_stream, &options)
        .await
        .expect("a completion");
    let sent = server.seen()[0].json();
    assert!(sent.get("stream").is_none(), "{sent}");
    assert_eq!(sent["vendor"], json!({"x": 1}));
    assert_eq!(
        asked_to_stream.stream,
        Some(true),
        "the caller's request is not changed"
    );
    for (req, label) in [(&said_no, "false"), (&request(), "absent")] {
        let server = Server::start(vec![Reply::sse(&reasoning_stream(), 64, End::Complete)]).await;
        let (streaming, _) = client(&server, 0);
        let stream = streaming.create_chat_completion_stream(req).await.expect("a stream");
        stream.collect_completion().await.expect("complete");
        let sent = server.seen()[0].json();
        assert_eq!(sent["stream"], json!(true), "{label}: {sent}");
        assert_eq!(
            sent["messages"],
            serde_json::to_value(&req.messages).unwrap(),
            "{label}"
        );
    }
}
