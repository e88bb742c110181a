//! Each request attempt is a `tracing` span with its method, path, attempt, status and
//! latency, and each retry is logged with the attempt and the reason; the key never appears.

mod common;

use std::sync::{Arc, Mutex};

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Model};
use common::{Reply, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every event's fields, and every span's, as `name=value` text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>, Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0 += &format!("{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut spans = self.1.lock().expect("lock");
        let mut fields = Fields(format!("{} ", attributes.metadata().name()));
        attributes.record(&mut fields);
        spans.push(fields.0);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut spans = self.1.lock().expect("lock");
        let index = id.into_u64() as usize - 1;
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        spans[index] += &fields.0;
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(format!("{} ", event.metadata().level()));
        event.record(&mut fields);
        self.0.lock().expect("lock").push(fields.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn every_retry_is_logged_with_its_attempt_and_reason() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = Server::start(vec![
        Reply::raw(
            503,
            &[("retry-after-ms", "1")],
            br#"{"error":{"message":"overloaded"}}"#,
        ),
        Reply::raw(429, &[("retry-after-ms", "1")], br#"{"error":{"message":"slow down"}}"#),
        Reply::raw(500, &[], b"gave up"),
    ])
    .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(2)
        .build()
        .expect("client");
    let request = ChatCompletionRequest::new(Model::Glm4_7_251222, [ChatMessage::user("hi")]);
    let err = client
        .create_chat_completion(&request)
        .await
        .expect_err("fails after two retries");
    assert_eq!(err.status(), Some(500));
    let lines: Vec<String> = recorder
        .0
        .lock()
        .expect("lock")
        .iter()
        .filter(|l| l.contains("retrying"))
        .cloned()
        .collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with("WARN") && lines[0].contains("attempt=1") && lines[0].contains("overloaded"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("attempt=2") && lines[1].contains("slow down") && lines[1].contains("delay_ms=1"),
        "{}",
        lines[1]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn every_attempt_is_a_span_with_status_and_latency_and_no_key() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = Server::start(vec![
        Reply::raw(503, &[("retry-after-ms", "1")], b"busy"),
        Reply::raw(
            200,
            &[("content-type", "application/json")],
            br#"{"id":"1","object":"chat.completion","created":1,"model":"m","choices":[]}"#,
        ),
    ])
    .await;
    let client = Client::builder()
        .api_key("sk-very-secret")
        .base_url(server.url())
        .max_retries(1)
        .build()
        .expect("client");
    let request = ChatCompletionRequest::new(Model::Glm4_7_251222, [ChatMessage::user("hi")]);
    client
        .create_chat_completion(&request)
        .await
        .expect("succeeds on the retry");
    let spans: Vec<String> = recorder
        .1
        .lock()
        .expect("lock")
        .iter()
        .filter(|s| s.starts_with("http_request"))
        .cloned()
        .collect();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    for (span, (attempt, status)) in spans.iter().zip([(1, 503), (2, 200)]) {
        for expected in [
            "method=POST".to_owned(),
            "path=/v1/chat/completions".to_owned(),
            format!("attempt={attempt}"),
            format!("status={status}"),
            "latency_ms=".to_owned(),
        ] {
            assert!(span.contains(&expected), "{expected} in {span}");
        }
        assert!(!span.contains("secret"), "{span}");
    }
}
