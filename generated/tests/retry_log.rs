//! Each retry is logged through `tracing` with the attempt and the reason.

mod common;

use std::sync::{Arc, Mutex};

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Model, Role};
use common::{Reply, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every event's fields as `name=value` text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

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
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
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
    let request = ChatCompletionRequest::new(Model::Glm4_7_251222, [ChatMessage::new(Role::User, "hi")]);
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
