//! The runtime on its own, as a generated crate drives it: JSON calls with retries, typed API
//! errors, and event streams collected through an `Accumulate` impl of the caller's.

mod common;

use anyfast_runtime::{Accumulate, Error, Method, RequestOptions, RequestParts};
use common::{End, Reply, Server};
use serde_json::json;

#[tokio::test]
async fn a_json_call_is_retried_then_decoded() {
    let server = Server::start(vec![
        Reply::json(503, &json!({"error": {"message": "busy"}})),
        Reply::json(200, &json!({"id": "x", "n": 2})),
    ])
    .await;
    let client = common::client(&server, 2);
    let mut parts = RequestParts::new(Method::POST, "/things");
    parts.query.push(("limit", "3".into()));
    let value: serde_json::Value = client
        .execute_json(parts, Some(&json!({"a": 1})), &RequestOptions::new())
        .await
        .expect("the retry succeeds");
    assert_eq!(value, json!({"id": "x", "n": 2}));
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "one retry");
    assert_eq!(seen[1].line, "POST /things?limit=3 HTTP/1.1");
    assert_eq!(seen[1].header("authorization"), Some("Bearer k"));
    assert_eq!(seen[1].header("user-agent"), Some("anyfast-runtime-tests"));
    assert_eq!(seen[1].json(), json!({"a": 1}));
}

#[tokio::test]
async fn an_error_status_is_a_typed_api_error() {
    let server = Server::start(vec![Reply::json(
        400,
        &json!({"error": {"message": "bad thing", "type": "invalid_request_error"}}),
    )])
    .await;
    let client = common::client(&server, 2);
    let err = client
        .execute_unit(
            RequestParts::new(Method::GET, "/things"),
            None::<&()>,
            &RequestOptions::new(),
        )
        .await
        .expect_err("a 400");
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(
        (api.status, api.message.as_deref(), api.attempts),
        (400, Some("bad thing"), 1)
    );
}

/// A made-up event whose stream adds up to the sum of its numbers.
#[derive(serde::Deserialize)]
struct Tick {
    n: i64,
}

impl Accumulate for Tick {
    type Output = i64;
    type Accumulator = i64;

    fn push(sum: &mut i64, tick: &Self) {
        *sum += tick.n;
    }

    fn finish(sum: i64) -> i64 {
        sum
    }
}

#[tokio::test]
async fn a_stream_adds_up_through_the_callers_accumulator() {
    let body = "data: {\"n\":1}\n\ndata: {\"n\":2}\n\n: keep-alive\n\ndata: {\"n\":39}\n\ndata: [DONE]\n\n";
    let server = Server::start(vec![Reply::sse(body, 7, End::Complete)]).await;
    let client = common::client(&server, 0);
    let stream = client
        .execute_stream::<_, Tick>(
            RequestParts::new(Method::POST, "/ticks"),
            Some(&json!({})),
            &RequestOptions::new(),
            Some("[DONE]"),
        )
        .await
        .expect("a stream");
    assert_eq!(stream.collect_completion().await.expect("complete"), 42);
    assert_eq!(server.seen()[0].header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn a_stream_cut_before_its_end_marker_is_a_stream_error_when_collected() {
    let server = Server::start(vec![Reply::sse("data: {\"n\":1}\n\n", 64, End::Drop)]).await;
    let client = common::client(&server, 0);
    let stream = client
        .execute_stream::<_, Tick>(
            RequestParts::new(Method::POST, "/ticks"),
            Some(&json!({})),
            &RequestOptions::new(),
            Some("[DONE]"),
        )
        .await
        .expect("a stream");
    let err = stream.collect_completion().await.expect_err("cut short");
    assert!(matches!(err, Error::Stream(_)), "{err:?}");
}
