//! Standard Webhooks verification against vectors signed and judged by the official
//! `standardwebhooks` package (`tests/fixtures/webhooks/make_vectors.py`): every case the
//! reference accepts is accepted, and every case it refuses is refused with the matching error.

use std::time::{Duration, UNIX_EPOCH};

use anyfast_runtime::webhooks::{WebhookError, WebhookVerifier};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/webhooks/vectors.json"
    ))
    .expect("the committed vectors");
    let all: Value = serde_json::from_str(&text).expect("JSON");
    all["cases"].as_array().expect("cases").clone()
}

fn outcome(result: &Result<(), WebhookError>) -> &'static str {
    match result {
        Ok(()) => "ok",
        Err(WebhookError::MissingHeader(_)) => "missing_header",
        Err(WebhookError::BadTimestamp(_)) => "bad_timestamp",
        Err(WebhookError::Stale { .. }) => "stale",
        Err(WebhookError::Future { .. }) => "future",
        Err(WebhookError::NoMatchingSignature) => "no_matching_signature",
        Err(other) => panic!("an error no vector expects: {other}"),
    }
}

#[test]
fn every_vector_gets_the_reference_verdict() {
    let cases = vectors();
    assert!(cases.len() >= 12, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let verifier = WebhookVerifier::new(case["secret"].as_str().expect("secret")).expect("a usable secret");
        let mut headers = HeaderMap::new();
        for (k, v) in case["headers"].as_object().expect("headers") {
            headers.insert(
                HeaderName::from_bytes(k.as_bytes()).expect("a header name"),
                HeaderValue::from_str(v.as_str().expect("text")).expect("a header value"),
            );
        }
        let now = UNIX_EPOCH + Duration::from_secs(case["now"].as_u64().expect("now"));
        let body = case["body"].as_str().expect("body").as_bytes();
        let result = verifier.verify_at(&headers, body, now);
        assert_eq!(outcome(&result), case["expected"], "{name}: {result:?}");
    }
}

#[test]
fn unwrap_verifies_then_decodes_and_says_what_failed() {
    let verifier = WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("secret");
    let body = br#"{"type":"batch.completed","data":{"id":"batch_1"}}"#;
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", HeaderValue::from_static("msg_1"));
    headers.insert(
        "webhook-timestamp",
        HeaderValue::from_str(&now.to_string()).expect("digits"),
    );
    headers.insert(
        "webhook-signature",
        HeaderValue::from_str(&verifier.sign("msg_1", now, body)).expect("base64"),
    );
    #[derive(serde::Deserialize)]
    struct Event {
        r#type: String,
    }
    let event: Event = verifier.unwrap(&headers, body).expect("genuine");
    assert_eq!(event.r#type, "batch.completed");
    let Err(WebhookError::Decode(_)) = verifier.unwrap::<Vec<u8>>(&headers, body) else {
        panic!("a body of another shape is a decode error")
    };
    let tampered = br#"{"type":"batch.failed","data":{"id":"batch_1"}}"#;
    let err = verifier
        .unwrap::<Event>(&headers, tampered)
        .map(|_| ())
        .expect_err("tampered");
    assert_eq!(
        err.to_string(),
        "no signature of the webhook matches its body and the secret"
    );
    // A tolerance of zero refuses anything not sent this very second.
    let strict = verifier.clone().tolerance(Duration::ZERO);
    let later = UNIX_EPOCH + Duration::from_secs(now + 2);
    assert!(matches!(
        strict.verify_at(&headers, body, later),
        Err(WebhookError::Stale { .. })
    ));
    for bad in ["whsec_", "whsec_not base64!"] {
        assert!(
            matches!(WebhookVerifier::new(bad), Err(WebhookError::BadSecret(_))),
            "{bad}"
        );
    }
}
