//! A crate generated from a spec whose webhooks are signed by Standard Webhooks: its
//! `WebhookEvent` verifies and decodes in one step, picks the variant by the `type` a payload
//! fixes (or by the payload that reads it), and refuses a forged or stale event with its error.

use anyfast_tests::root;

const TEST: &str = r##"
use batches::webhooks::WebhookEvent;
use batches::runtime::webhooks::{HeaderMap, WebhookError, WebhookVerifier};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn signed(body: &[u8], sent: u64) -> HeaderMap {
    let verifier = WebhookVerifier::new(SECRET).expect("secret");
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", "msg_1".parse().expect("id"));
    headers.insert("webhook-timestamp", sent.to_string().parse().expect("time"));
    headers.insert("webhook-signature", verifier.sign("msg_1", sent, body).parse().expect("signature"));
    headers
}

#[test]
fn events_are_verified_then_typed() {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    let completed = br#"{"type":"batch.completed","data":{"id":"batch_1"}}"#;
    match WebhookEvent::unwrap(completed, &signed(completed, now), SECRET).expect("genuine") {
        WebhookEvent::BatchCompleted(event) => assert_eq!(event.data.id, "batch_1"),
        other => panic!("{other:?}"),
    }
    let beat = br#"{"beat":3}"#;
    assert!(matches!(WebhookEvent::unwrap(beat, &signed(beat, now), SECRET), Ok(WebhookEvent::Heartbeat(h)) if h.beat == 3));
    let unknown = br#"{"type":"batch.expired"}"#;
    assert!(matches!(WebhookEvent::from_json(unknown), Ok(WebhookEvent::Other(_))));
    let forged = br#"{"type":"batch.completed","data":{"id":"batch_2"}}"#;
    assert!(matches!(WebhookEvent::unwrap(forged, &signed(completed, now), SECRET), Err(WebhookError::NoMatchingSignature)));
    assert!(matches!(WebhookEvent::unwrap(completed, &signed(completed, now - 3600), SECRET), Err(WebhookError::Stale { .. })));
    assert!(matches!(WebhookEvent::unwrap(completed, &HeaderMap::new(), SECRET), Err(WebhookError::MissingHeader("webhook-id"))));
    let not_json = b"not json";
    assert!(matches!(WebhookEvent::unwrap(not_json, &signed(not_json, now), SECRET), Err(WebhookError::Decode(_))));
}
"##;

#[test]
fn a_crate_with_signed_webhooks_verifies_and_types_its_events() {
    let dir = root().join("target/webhooks-crate");
    let manifest =
        anyfast_tests::write_standalone_crate(&dir, "codegen/tests/fixtures/specs/webhooks.yaml", "batches", "");
    assert!(
        manifest.contains("default = [\"untagged\", \"webhooks\"]"),
        "verification is on by default: {manifest}"
    );
    anyfast_tests::run_crate_test(&dir, "events", TEST);
}
