//! The generated client against scripted servers on 127.0.0.1: connections that reset or
//! break, streams retried before their first event and never after, configuration from the
//! environment and the headers every request carries.

mod common;

use std::time::{Duration, Instant};

use anyfast::runtime::StreamError;
use anyfast::{Client, Error};
use common::{chunk, client, completion, reasoning_stream, request, streamed, End, Reply, Server};
use serde_json::json;

#[tokio::test]
async fn a_connection_reset_before_headers_is_retried_then_reported() {
    let server = Server::start(vec![Reply::Close]).await;
    let (client, sleeps) = client(&server, 2);
    let started = Instant::now();
    let err = client.create_chat_completion(&request()).await.expect_err("no answer");
    assert!(err.is_retryable(), "{err:?}");
    assert!(matches!(err, Error::Http(_) | Error::Connect { .. }), "{err:?}");
    assert_eq!(server.seen().len(), 3, "the first attempt and two retries");
    assert_eq!(sleeps.lock().expect("lock").len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_reset_before_headers_then_success_recovers() {
    let server = Server::start(vec![Reply::Close, Reply::json(200, &completion())]).await;
    let (client, _) = client(&server, 2);
    client
        .create_chat_completion(&request())
        .await
        .expect("the retry succeeds");
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn an_oversized_error_body_is_read_only_up_to_the_limit() {
    let huge = vec![b'x'; 8 * 1024 * 1024];
    let server = Server::start(vec![Reply::raw(500, &[("content-type", "text/plain")], &huge)]).await;
    let (client, _) = client(&server, 0);
    let Err(Error::Api(e)) = client.create_chat_completion(&request()).await else {
        panic!("an api error")
    };
    assert_eq!(e.status, 500);
    assert_eq!(e.body.len(), 64 * 1024, "the read stops at 64 KiB");
}

#[tokio::test]
async fn a_stream_is_not_retried_once_it_has_started() {
    let first = chunk(json!([{"index": 0, "delta": {"content": "a"}}]));
    let server = Server::start(vec![
        Reply::sse(&first, 1024, End::Drop),
        Reply::sse(&reasoning_stream(), 1024, End::Complete),
    ])
    .await;
    let (client, sleeps) = client(&server, 2);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    assert!(stream.next().await.expect("first").is_ok());
    assert!(stream.next().await.expect("an error").is_err());
    assert_eq!(server.seen().len(), 1, "no second request");
    assert!(sleeps.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn a_stream_is_retried_before_it_starts() {
    let server = Server::start(vec![
        Reply::raw(503, &[("retry-after", "1")], b"busy"),
        Reply::sse(&reasoning_stream(), 1024, End::Complete),
    ])
    .await;
    let (client, sleeps) = client(&server, 2);
    let done = streamed(&client).await;
    assert_eq!(
        done.expect("complete").choices[0].message.content.as_deref(),
        Some("你好")
    );
    assert_eq!(*sleeps.lock().expect("lock"), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn from_env_reads_the_key_and_the_base_url() {
    // The only test in this binary that touches these variables, so nothing races with it.
    std::env::remove_var("ANYFAST_API_KEY");
    assert!(matches!(Client::from_env(), Err(Error::Config(m)) if m.contains("ANYFAST_API_KEY")));
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    std::env::set_var("ANYFAST_API_KEY", "sk-from-env");
    std::env::set_var("ANYFAST_BASE_URL", server.url());
    let client = Client::from_env().expect("configured from the environment");
    std::env::remove_var("ANYFAST_API_KEY");
    std::env::remove_var("ANYFAST_BASE_URL");
    assert_eq!(client.base_url(), server.url());
    client.create_chat_completion(&request()).await.expect("a completion");
    assert_eq!(server.seen()[0].header("authorization"), Some("Bearer sk-from-env"));
}

#[tokio::test]
async fn client_headers_and_the_user_agent_are_sent() {
    let server = Server::start(vec![Reply::json(200, &completion())]).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .header("x-tenant", "blue")
        .expect("a valid header")
        .build()
        .expect("client");
    client.create_chat_completion(&request()).await.expect("a completion");
    let seen = &server.seen()[0];
    assert_eq!(seen.header("x-tenant"), Some("blue"));
    assert!(
        seen.header("user-agent")
            .is_some_and(|ua| ua.starts_with("anyfast-rust/")),
        "{:?}",
        seen.header("user-agent")
    );
    assert!(Client::builder().header("bad header", "v").is_err());
    assert_eq!(
        Client::new("k").base_url(),
        "https://www.anyfast.ai",
        "the spec's server by default"
    );
}

#[tokio::test]
async fn a_stream_that_breaks_before_its_first_event_is_retried() {
    for end in [End::Drop, End::Complete] {
        let server = Server::start(vec![
            Reply::sse("", 1024, end),
            Reply::sse(&reasoning_stream(), 1024, End::Complete),
        ])
        .await;
        let (client, sleeps) = client(&server, 2);
        let done = streamed(&client).await;
        assert_eq!(
            done.expect("complete").choices[0].message.content.as_deref(),
            Some("你好"),
            "{end:?}"
        );
        assert_eq!(server.seen().len(), 2, "{end:?}");
        assert_eq!(sleeps.lock().expect("lock").len(), 1, "{end:?}");
    }
}

#[tokio::test]
async fn a_stream_that_keeps_breaking_reports_the_break() {
    let server = Server::start(vec![Reply::sse("", 1024, End::Drop)]).await;
    let (client, sleeps) = client(&server, 1);
    let mut stream = client
        .create_chat_completion_stream(&request())
        .await
        .expect("a stream");
    let err = stream.next().await.expect("an item").expect_err("broken");
    assert!(matches!(err, Error::Stream(StreamError::Read(_))), "{err:?}");
    assert!(stream.next().await.is_none());
    assert_eq!(server.seen().len(), 2);
    assert_eq!(sleeps.lock().expect("lock").len(), 1);
}
