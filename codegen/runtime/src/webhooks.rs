//! Verifying webhooks signed by the Standard Webhooks scheme (OpenAI, Svix, Resend, Clerk and
//! others): `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256>`
//! over `{id}.{timestamp}.{body}`, keyed by a `whsec_`-prefixed base64 secret. No spec says how
//! its webhooks are signed, so this is a function any user can call (cargo feature `webhooks`),
//! and [`WebhookVerifier::unwrap`] verifies and decodes in one step, as the OpenAI SDKs'
//! `webhooks.unwrap` does.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use hmac::{Hmac, Mac};
/// The headers a webhook arrived with (the `http` crate's map, as axum, actix-web 4's `http`
/// feature and hyper hand them over).
pub use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use sha2::Sha256;

/// How far a webhook's timestamp may be from now, either way, unless set otherwise.
pub const DEFAULT_WEBHOOK_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a webhook was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme requires is missing (or not text).
    #[error("the webhook has no `{0}` header")]
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds.
    #[error("the webhook's timestamp `{0}` is not a number of seconds")]
    BadTimestamp(String),
    /// The webhook was sent longer ago than the tolerance (a replay, or a clock far off).
    #[error("the webhook was sent {age:?} ago, more than the {tolerance:?} allowed")]
    Stale {
        /// How long ago.
        age: Duration,
        /// The tolerance.
        tolerance: Duration,
    },
    /// The webhook's timestamp is further in the future than the tolerance.
    #[error("the webhook's timestamp is {ahead:?} ahead, more than the {tolerance:?} allowed")]
    Future {
        /// How far ahead.
        ahead: Duration,
        /// The tolerance.
        tolerance: Duration,
    },
    /// No `v1` signature in `webhook-signature` matches the body and the secret.
    #[error("no signature of the webhook matches its body and the secret")]
    NoMatchingSignature,
    /// The secret is not base64 (after its `whsec_` prefix), or is empty.
    #[error("the webhook secret is not usable: {0}")]
    BadSecret(String),
    /// The verified body is not the event type asked for.
    #[error("the webhook's body is not the event expected: {0}")]
    Decode(String),
}

/// Base64 that reads secrets and signatures with or without their padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Verifies webhooks signed with one secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: Vec<u8>,
    tolerance: Duration,
}

impl std::fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: never printed.
        f.debug_struct("WebhookVerifier")
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl WebhookVerifier {
    /// A verifier for the secret the webhook's sender gave (`whsec_…`; the prefix is optional).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim().strip_prefix("whsec_").unwrap_or(secret.trim());
        let key = BASE64
            .decode(encoded)
            .map_err(|e| WebhookError::BadSecret(format!("not base64: {e}")))?;
        if key.is_empty() {
            return Err(WebhookError::BadSecret("it is empty".to_owned()));
        }
        Ok(WebhookVerifier {
            key,
            tolerance: DEFAULT_WEBHOOK_TOLERANCE,
        })
    }

    /// How far a timestamp may be from now, either way (five minutes unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks that the webhook is genuine and recent.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as of `now`.
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let header = |name: &'static str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .ok_or(WebhookError::MissingHeader(name))
        };
        let (id, timestamp, signatures) = (
            header("webhook-id")?,
            header("webhook-timestamp")?,
            header("webhook-signature")?,
        );
        let seconds: u64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::BadTimestamp(timestamp.to_owned()))?;
        let sent = UNIX_EPOCH + Duration::from_secs(seconds);
        match now.duration_since(sent) {
            Ok(age) if age > self.tolerance => {
                return Err(WebhookError::Stale {
                    age,
                    tolerance: self.tolerance,
                })
            }
            Err(ahead) if ahead.duration() > self.tolerance => {
                return Err(WebhookError::Future {
                    ahead: ahead.duration(),
                    tolerance: self.tolerance,
                })
            }
            _ => {}
        }
        // Every `v1,` signature is tried, each compared in constant time by the MAC itself.
        let matches = signatures
            .split(' ')
            .filter_map(|s| s.strip_prefix("v1,"))
            .filter_map(|s| BASE64.decode(s).ok())
            .any(|candidate| self.mac(id, seconds, body).verify_slice(&candidate).is_ok());
        if matches {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// Verifies the webhook, then decodes its body as `T` (a generated event type).
    pub fn unwrap<T: DeserializeOwned>(&self, headers: &HeaderMap, body: &[u8]) -> Result<T, WebhookError> {
        self.verify(headers, body)?;
        serde_json::from_slice(body).map_err(|e| WebhookError::Decode(e.to_string()))
    }

    /// The `webhook-signature` value for a message, as a sender writes it (for tests).
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        format!(
            "v1,{}",
            BASE64.encode(self.mac(id, timestamp, body).finalize().into_bytes())
        )
    }

    fn mac(&self, id: &str, timestamp: u64, body: &[u8]) -> Hmac<Sha256> {
        // HMAC takes a key of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}
