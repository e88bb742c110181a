//! What a generated crate's operation tests (`cargo xtask codegen --tests`) call: they run
//! each operation against a mock server of the spec, such as `prism mock --errors SPEC`, and
//! must never reach the real API.
//!
//! A failing test panics with its cause first, in brackets (`[status 422]`, `[decode]`,
//! `[sample]`), so that a runner can count failures by cause.

use serde::de::DeserializeOwned;

use super::Error;

/// The client a test calls: `builder` (the generated `Client::builder()`) pointed at
/// `<env_prefix>_BASE_URL`, with `<env_prefix>_API_KEY` if set, and without retries, so that a
/// failure shows at once. Panics unless the base URL is set: without it the client would call
/// the real API, which a test must never do.
pub fn mock_client<C: From<super::Client>>(builder: super::ClientBuilder<C>, env_prefix: &str) -> C {
    let var = format!("{env_prefix}_BASE_URL");
    let url = std::env::var(&var).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| {
        panic!("[setup] set {var} to the URL of a mock of the spec (such as `prism mock --errors SPEC`)")
    });
    let mut builder = builder.base_url(url).max_retries(0);
    if let Ok(key) = std::env::var(format!("{env_prefix}_API_KEY")) {
        // A mock checks that each credential is there, not what it holds: every credential
        // the API may send beside the key gets the key's value.
        for credential in builder.api().credentials {
            builder = builder.credential(credential.name, key.clone());
        }
        builder = builder.api_key(key);
    }
    check(builder.build())
}

/// The value a test sends, decoded from the JSON the generator chose for it.
pub fn sample<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("[sample] the sample does not decode as the type: {e}: {json}"))
}

/// The value of a call, or a panic whose message starts with the cause of the failure.
/// An API error's message has its body after it, which says what the mock found wrong.
pub fn check<T>(result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| match &e {
        Error::Api(api) => panic!("[{}] {e}; body: {}", cause(&e), api.body),
        _ => panic!("[{}] {e}", cause(&e)),
    })
}

/// A second page read from a mock: a page, or the end of the list, or the paginator stopping
/// because a static mock answered the same page again (which it always does) all pass. Where
/// the list follows the server's next-page links (`follows_links`), the mock's link is its
/// example, which may name another route or none: what that answers is the mock's, not ours.
pub fn check_page<T>(result: Option<Result<T, Error>>, follows_links: bool) {
    match result {
        None | Some(Ok(_)) | Some(Err(Error::Pagination(_))) => {}
        Some(Err(Error::Api(_) | Error::Decode { .. })) if follows_links => {}
        Some(Err(e)) => {
            check::<()>(Err(e));
        }
    }
}

/// A short name for what went wrong, by which failures are counted.
pub fn cause(error: &Error) -> String {
    match error {
        Error::Api(e) if e.in_stream => "stream error event".to_owned(),
        Error::Api(e) => format!("status {}", e.status),
        Error::Timeout { .. } => "timeout".to_owned(),
        Error::Connect { .. } => "connect".to_owned(),
        Error::Stream(_) => "stream".to_owned(),
        Error::Decode { .. } => "decode".to_owned(),
        Error::InvalidRequest { .. } => "invalid request".to_owned(),
        Error::BodyTooLarge { .. } => "body too large".to_owned(),
        Error::Config(_) => "config".to_owned(),
        Error::Http(_) => "http".to_owned(),
        Error::TaskFailed { .. } => "task failed".to_owned(),
        Error::Pagination(_) => "pagination".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_their_cause_first() {
        let decode = Error::Decode {
            path: "a".to_owned(),
            message: "m".to_owned(),
            body: String::new(),
        };
        assert_eq!(cause(&decode), "decode");
        assert_eq!(cause(&Error::Config("x".to_owned())), "config");
        let caught = std::panic::catch_unwind(|| check::<()>(Err(Error::Config("no key".to_owned()))));
        let message = caught.expect_err("panics");
        let text = message.downcast_ref::<String>().expect("a message");
        assert!(text.starts_with("[config] invalid configuration: no key"), "{text}");
    }

    #[test]
    fn a_sample_that_does_not_fit_its_type_says_so() {
        assert_eq!(sample::<Vec<u8>>("[1, 2]"), vec![1, 2]);
        let caught = std::panic::catch_unwind(|| sample::<u8>("\"x\""));
        let message = caught.expect_err("panics");
        let text = message.downcast_ref::<String>().expect("a message");
        assert!(text.starts_with("[sample]"), "{text}");
    }
}
