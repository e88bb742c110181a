//! When to try again, and how long to wait first.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// The longest wait a server's `Retry-After` can ask for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Whether a failed attempt is tried again, and how long to wait first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// The failure is final.
    No,
    /// Try again after the wait the server asked for.
    After(Duration),
    /// Try again after the client's own backoff.
    Backoff,
}

/// The decision for an error response: the server's `x-should-retry` wins when it is there;
/// otherwise 408, 409, 429 and 5xx are retried, after the wait `Retry-After` asks for, if any.
pub(crate) fn decide(status: u16, headers: &HeaderMap, now: SystemTime) -> Retry {
    let should = headers
        .get("x-should-retry")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    let retryable = match should {
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        _ => super::error::is_retryable_status(status),
    };
    match (retryable, retry_after(headers, now)) {
        (false, _) => Retry::No,
        (true, Some(wait)) => Retry::After(wait),
        (true, None) => Retry::Backoff,
    }
}

/// The wait before retry number `attempt` (0 for the first retry): exponential from 0.5 s,
/// at most 8 s, less up to a quarter at random so that clients do not retry in step.
pub fn backoff_delay(attempt: u32) -> Duration {
    let base = INITIAL_BACKOFF.saturating_mul(1u32 << attempt.min(16)).min(MAX_BACKOFF);
    // A fresh `RandomState` is randomly keyed, which is all the randomness jitter needs.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    base.mul_f64(1.0 - 0.25 * unit)
}

/// The wait a response asks for: `retry-after-ms`, or `Retry-After` in seconds or as an HTTP
/// date, capped at 60 s. `None` when there is no usable header.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0).min(MAX_RETRY_AFTER));
        }
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64())));
        }
        return None;
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        type Case<'a> = (Vec<(&'static str, &'a str)>, Option<Duration>);
        let cases: Vec<Case> = vec![
            (vec![("retry-after", "3")], Some(Duration::from_secs(3))),
            (vec![("retry-after", "1.5")], Some(Duration::from_millis(1500))),
            (vec![("retry-after-ms", "250")], Some(Duration::from_millis(250))),
            (
                vec![("retry-after-ms", "250"), ("retry-after", "9")],
                Some(Duration::from_millis(250)),
            ),
            (vec![("retry-after", "3600")], Some(MAX_RETRY_AFTER)),
            (vec![("retry-after", date.as_str())], Some(Duration::from_secs(7))),
            (
                vec![("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
                Some(Duration::ZERO),
            ),
            (vec![("retry-after", "soon")], None),
            (vec![("retry-after", "-1")], None),
            (vec![], None),
        ];
        for (pairs, expected) in cases {
            assert_eq!(retry_after(&headers(&pairs), now), expected, "{pairs:?}");
        }
    }

    #[test]
    fn the_server_can_ask_for_a_retry_or_forbid_one() {
        let now = SystemTime::UNIX_EPOCH;
        type Case = (u16, Vec<(&'static str, &'static str)>, Retry);
        let cases: Vec<Case> = vec![
            (500, vec![], Retry::Backoff),
            (429, vec![("retry-after", "2")], Retry::After(Duration::from_secs(2))),
            (400, vec![], Retry::No),
            (400, vec![("x-should-retry", "true")], Retry::Backoff),
            (503, vec![("x-should-retry", "false"), ("retry-after", "1")], Retry::No),
            (503, vec![("x-should-retry", "maybe")], Retry::Backoff),
        ];
        for (status, pairs, expected) in cases {
            assert_eq!(decide(status, &headers(&pairs), now), expected, "{status} {pairs:?}");
        }
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        for attempt in 0..20 {
            let d = backoff_delay(attempt);
            let base = INITIAL_BACKOFF.saturating_mul(1 << attempt.min(16)).min(MAX_BACKOFF);
            assert!(d <= base && d >= base.mul_f64(0.75), "{attempt}: {d:?}");
        }
    }
}
