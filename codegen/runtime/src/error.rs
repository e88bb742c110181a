//! The one error type of the client.

use std::fmt;
use std::time::Duration;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status, or sent an error object inside a stream.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request or the stream took longer than allowed.
    #[error("timed out: {what} took longer than {limit:?}")]
    Timeout {
        /// What timed out: the whole request, the connection, or the wait for the next event.
        what: &'static str,
        /// The limit that was exceeded.
        limit: Duration,
    },
    /// No connection could be made, or it broke before a response arrived. The message names
    /// the cause (refused, DNS, TLS, timeout) from the transport error's chain.
    #[error("connection failed after {attempts} attempt(s): {}", causes(source))]
    Connect {
        /// How many attempts were made.
        attempts: u32,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The event stream broke: malformed, dropped, or closed before its end marker.
    #[error("stream failed: {0}")]
    Stream(#[from] StreamError),
    /// A response body did not match the expected type.
    #[error("cannot decode the response at `{path}`: {message}")]
    Decode {
        /// The JSON path of the failure, such as `choices[0].index`.
        path: String,
        /// What serde said.
        message: String,
        /// The raw body, kept so nothing is lost.
        body: String,
    },
    /// The request breaks a constraint of the spec; nothing was sent.
    #[error("invalid request: `{field}` {reason}")]
    InvalidRequest {
        /// The path of the offending field, such as `messages` or `temperature`.
        field: String,
        /// What is wrong, such as `must be at most 2`.
        reason: String,
    },
    /// A response body was larger than the client accepts (`ClientBuilder::max_response_body`);
    /// reading stopped there.
    #[error("the response body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit that was reached.
        limit: usize,
    },
    /// The client is not configured in a way it can work with.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A list did not advance (a repeated cursor, the same page again) or ran past the most
    /// pages allowed: the stream stopped rather than loop.
    #[error("pagination stopped: {0}")]
    Pagination(String),
    /// A long-running task ended in failure (its status is one the spec calls failed).
    #[error("task {id} failed with status {status}: {}", reason.as_deref().unwrap_or("the server gave no reason"))]
    TaskFailed {
        /// The task's id.
        id: String,
        /// The status it ended with, as the server spelled it.
        status: String,
        /// Why, as the server said.
        reason: Option<String>,
    },
    /// Any other transport failure.
    #[error("http error: {}", causes(.0))]
    Http(#[source] reqwest::Error),
}

/// An error and every cause behind it, `outer: inner: innermost`, skipping a cause whose text
/// its outer error already shows. reqwest's own message (`error sending request for url …`)
/// leaves out why; the chain has it (`tcp connect error: Connection refused (os error 111)`).
pub(crate) fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// What kind of failure an [`Error`] is, as [`Error::kind`] classifies it: one `match` where
/// other SDKs have an exception class each (`AuthenticationError`, `RateLimitError`,
/// `APIConnectionError`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: the server refused the request as malformed.
    BadRequest,
    /// 401: the key is missing, wrong or expired.
    Authentication,
    /// 403: the key may not do this.
    PermissionDenied,
    /// 404: no such resource (or endpoint: check the base URL).
    NotFound,
    /// 409: the request conflicts with the resource's state.
    Conflict,
    /// 422: the request was understood but its content refused.
    Unprocessable,
    /// 429: too many requests, or out of quota.
    RateLimit,
    /// 5xx: the server failed.
    Server,
    /// Another error status (or an error event inside a stream).
    OtherStatus,
    /// The request, the connection or the wait for an event took too long.
    Timeout,
    /// No connection could be made, or it broke before a response arrived.
    Connection,
    /// A response (or a stream event) did not decode as its type, or was larger than allowed.
    Decode,
    /// The event stream broke: cut short, malformed or unreadable.
    Stream,
    /// The request breaks a constraint of the spec; nothing was sent.
    InvalidRequest,
    /// The client is not configured in a way it can work with.
    Config,
    /// A long-running task ended in failure.
    TaskFailed,
    /// A list did not advance, or ran past the most pages allowed.
    Pagination,
}

impl Error {
    /// What kind of failure this is: an error status by its meaning, or how the call failed
    /// before one arrived; match on it as on other SDKs' exception classes
    /// (`ErrorKind::Authentication => …, ErrorKind::RateLimit | ErrorKind::Server => …`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(e) if e.in_stream => ErrorKind::OtherStatus,
            Error::Api(e) => match e.status {
                400 => ErrorKind::BadRequest,
                401 => ErrorKind::Authentication,
                403 => ErrorKind::PermissionDenied,
                404 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                422 => ErrorKind::Unprocessable,
                429 => ErrorKind::RateLimit,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::OtherStatus,
            },
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Connect { .. } => ErrorKind::Connection,
            Error::Http(e) if e.is_timeout() => ErrorKind::Timeout,
            Error::Http(e) if e.is_decode() => ErrorKind::Decode,
            Error::Http(_) => ErrorKind::Connection,
            Error::Stream(StreamError::Malformed { .. } | StreamError::TooLarge { .. }) => ErrorKind::Decode,
            Error::Stream(_) => ErrorKind::Stream,
            Error::Decode { .. } | Error::BodyTooLarge { .. } => ErrorKind::Decode,
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Config(_) => ErrorKind::Config,
            Error::TaskFailed { .. } => ErrorKind::TaskFailed,
            Error::Pagination(_) => ErrorKind::Pagination,
        }
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether trying the same request again may succeed: connection failures, timeouts,
    /// and the statuses 408, 409, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => is_retryable_status(e.status) && !e.in_stream,
            Error::Connect { .. } | Error::Timeout { .. } => true,
            Error::Http(e) => e.is_timeout() || e.is_connect() || e.is_request(),
            _ => false,
        }
    }

    /// The request id the server gave, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || (500..600).contains(&status)
}

/// Why a stream failed after it started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection closed before the end marker arrived, so the answer may be incomplete.
    #[error("the stream closed before its end marker `{terminator}`")]
    ClosedEarly {
        /// The end marker that never came.
        terminator: &'static str,
    },
    /// An event's data was not the expected JSON.
    #[error("malformed event at `{path}`: {message}; data: {data}")]
    Malformed {
        /// The JSON path of the failure.
        path: String,
        /// What serde said.
        message: String,
        /// The event's data, as received.
        data: String,
    },
    /// Reading the body failed, for example because the connection was reset.
    #[error("reading the stream failed: {}", causes(.0))]
    Read(#[source] reqwest::Error),
    /// A line or an event grew past the limit (`ClientBuilder::max_event_size`) before it
    /// ended; the rest of the stream is not read.
    #[error("an event or line is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit that was reached.
        limit: usize,
    },
}

/// An error response from the API.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The error message, when the body is an error object.
    pub message: Option<String>,
    /// The error's `type`.
    pub kind: Option<String>,
    /// The error's `code`, a string or a number.
    pub code: Option<ErrorCode>,
    /// The request parameter involved.
    pub param: Option<String>,
    /// The request id from the response headers.
    pub request_id: Option<String>,
    /// The body as received (possibly cut at the read limit), kept whether or not it parsed.
    pub body: String,
    /// How many attempts were made before giving up.
    pub attempts: u32,
    /// Whether the error arrived inside an event stream rather than as the response status.
    pub in_stream: bool,
    /// Whether `body` was cut at the client's error-body limit (`ClientBuilder::max_error_body`).
    pub truncated: bool,
    /// The method and URL requested (`GET http://host/v1/models`), for an error status.
    pub request: Option<String>,
    /// What to check when the usual cause is the client's own setup: for a 401 the key and the
    /// base URL in use, for a 404 the base URL.
    pub hint: Option<String>,
    /// Whether the body was an OpenAI-style error (`{"error": …}`); other bodies (a proxy's or
    /// a framework's) get the request named in the message, since they seldom say what failed.
    error_object: bool,
}

/// An error code, which APIs send as a string or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A string code, such as `rate_limit_exceeded`.
    String(String),
    /// A numeric code.
    Number(i64),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::String(s) => f.write_str(s),
            ErrorCode::Number(n) => write!(f, "{n}"),
        }
    }
}

impl ApiError {
    /// Builds an error from a status and a body, reading the common error shapes:
    /// `{"error": {"message", "type", "code", "param"}}`, `{"error": "..."}`, `{"message": ...}`
    /// and FastAPI's `{"detail": "..."}` (or a list of `{"msg": ...}`). A plain-text body is the
    /// message itself. The body is always kept as it came.
    pub fn from_body(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let mut err = ApiError {
            status,
            message: None,
            kind: None,
            code: None,
            param: None,
            request_id,
            body: String::from_utf8_lossy(body).into_owned(),
            attempts: 1,
            in_stream: false,
            truncated: false,
            request: None,
            hint: None,
            error_object: false,
        };
        let parsed = serde_json::from_slice::<serde_json::Value>(body);
        if let Ok(serde_json::Value::Object(root)) = &parsed {
            err.error_object = root.contains_key("error");
            let object = match root.get("error") {
                Some(serde_json::Value::Object(inner)) => Some(inner),
                Some(serde_json::Value::String(message)) => {
                    err.message = Some(message.clone());
                    None
                }
                _ => Some(root),
            };
            if let Some(o) = object {
                let text = |key: &str| o.get(key).and_then(|v| v.as_str()).map(str::to_owned);
                err.message = err.message.or_else(|| text("message"));
                err.kind = text("type");
                err.param = text("param");
                err.code = match o.get("code") {
                    Some(serde_json::Value::String(s)) => Some(ErrorCode::String(s.clone())),
                    Some(serde_json::Value::Number(n)) => n.as_i64().map(ErrorCode::Number),
                    _ => None,
                };
            }
            if err.message.is_none() {
                err.message = detail(root.get("detail"));
            }
        } else if parsed.is_err() {
            // Text that is not JSON, such as `Bad Gateway` or `upstream connect error`, is the
            // message; an HTML page is not, and stays in the body.
            let text = err.body.trim();
            if !text.is_empty() && !text.starts_with('<') {
                err.message = Some(text.chars().take(500).collect());
            }
        }
        err
    }

    /// Reads an error sent as the data of a stream event: any JSON object with a top-level
    /// `error` (an object or a message), whatever else it holds. `None` when the data is not
    /// one. The status is the error's `code` when that is an HTTP status, else the response's.
    pub(crate) fn from_stream_event(status: u16, data: &[u8], request_id: Option<String>) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(data).ok()?;
        if !matches!(
            value.get("error"),
            Some(serde_json::Value::Object(_) | serde_json::Value::String(_))
        ) {
            return None;
        }
        let mut err = ApiError::from_body(status, data, request_id);
        err.in_stream = true;
        let http_status = match &err.code {
            Some(ErrorCode::Number(n)) => u16::try_from(*n).ok(),
            Some(ErrorCode::String(s)) => s.parse::<u16>().ok(),
            None => None,
        };
        if let Some(code) = http_status.filter(|c| (400..600).contains(c)) {
            err.status = code;
        }
        Some(err)
    }

    /// The parsed body as JSON, when it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// FastAPI's `detail`: a message, or a list of validation errors each with a `msg`.
fn detail(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(items) => {
            let msgs: Vec<&str> = items
                .iter()
                .filter_map(|i| i.get("msg").or_else(|| i.get("message"))?.as_str())
                .collect();
            (!msgs.is_empty()).then(|| msgs.join("; "))
        }
        serde_json::Value::Object(o) => o.get("message").or_else(|| o.get("msg"))?.as_str().map(str::to_owned),
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "api error {}", self.status)?;
        if let Some(request) = self.request.as_deref().filter(|_| !self.error_object) {
            write!(f, " from {request}")?;
        }
        match &self.message {
            Some(m) => write!(f, ": {m}")?,
            None if !self.body.is_empty() => {
                let cut: String = self.body.chars().take(200).collect();
                write!(f, ": {cut}")?
            }
            None => {}
        }
        let mut details = Vec::new();
        if let Some(k) = &self.kind {
            details.push(format!("type {k}"));
        }
        if let Some(c) = &self.code {
            details.push(format!("code {c}"));
        }
        if let Some(p) = &self.param {
            details.push(format!("param {p}"));
        }
        if let Some(r) = &self.request_id {
            details.push(format!("request id {r}"));
        }
        if self.attempts > 1 {
            details.push(format!("after {} attempts", self.attempts));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_kind() {
        let api = |status: u16| Error::Api(Box::new(ApiError::from_body(status, b"{}", None)));
        let cases = [
            (api(400), ErrorKind::BadRequest),
            (api(401), ErrorKind::Authentication),
            (api(403), ErrorKind::PermissionDenied),
            (api(404), ErrorKind::NotFound),
            (api(409), ErrorKind::Conflict),
            (api(422), ErrorKind::Unprocessable),
            (api(429), ErrorKind::RateLimit),
            (api(503), ErrorKind::Server),
            (api(418), ErrorKind::OtherStatus),
            (
                Error::Timeout {
                    what: "the request",
                    limit: Duration::from_secs(1),
                },
                ErrorKind::Timeout,
            ),
            (
                Error::Stream(StreamError::ClosedEarly { terminator: "[DONE]" }),
                ErrorKind::Stream,
            ),
            (
                Error::Decode {
                    path: "a".into(),
                    message: "m".into(),
                    body: String::new(),
                },
                ErrorKind::Decode,
            ),
            (Error::BodyTooLarge { limit: 1 }, ErrorKind::Decode),
            (
                Error::InvalidRequest {
                    field: "n".into(),
                    reason: "must be at most 2".into(),
                },
                ErrorKind::InvalidRequest,
            ),
            (Error::Config("x".into()), ErrorKind::Config),
        ];
        for (error, kind) in cases {
            assert_eq!(error.kind(), kind, "{error}");
        }
        let mut unauthorized = ApiError::from_body(401, br#"{"error":{"message":"bad key"}}"#, None);
        unauthorized.hint = Some("check the API key".into());
        assert!(
            unauthorized.to_string().ends_with("; check the API key"),
            "{unauthorized}"
        );
    }

    #[test]
    fn error_bodies_of_every_shape_parse() {
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<ErrorCode>);
        let cases: &[Case] = &[
            (
                r#"{"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded","param":null}}"#,
                Some("slow down"),
                Some("rate_limit_error"),
                Some(ErrorCode::String("rate_limit_exceeded".into())),
            ),
            (
                r#"{"error":{"message":"bad","code":1301}}"#,
                Some("bad"),
                None,
                Some(ErrorCode::Number(1301)),
            ),
            (r#"{"error":"plain"}"#, Some("plain"), None, None),
            (
                r#"{"message":"top level","type":"x"}"#,
                Some("top level"),
                Some("x"),
                None,
            ),
            ("<html>502 Bad Gateway</html>", None, None, None),
            ("", None, None, None),
        ];
        for (body, message, kind, code) in cases {
            let e = ApiError::from_body(500, body.as_bytes(), Some("req-1".into()));
            assert_eq!(e.message.as_deref(), *message, "{body}");
            assert_eq!(e.kind.as_deref(), *kind, "{body}");
            assert_eq!(&e.code, code, "{body}");
            assert_eq!(e.body, *body);
        }
    }

    #[test]
    fn display_names_status_message_and_request_id() {
        let e = ApiError::from_body(
            429,
            br#"{"error":{"message":"slow down","code":"rate"}}"#,
            Some("abc".into()),
        );
        assert_eq!(e.to_string(), "api error 429: slow down (code rate, request id abc)");
        let raw = ApiError::from_body(502, b"bad gateway", None);
        assert_eq!(raw.to_string(), "api error 502: bad gateway");
    }

    #[test]
    fn an_error_inside_an_ordinary_chunk_is_an_api_error() {
        let chunk = br#"{"id":"c1","error":{"code":400,"message":"Token limit reached"},"choices":[],"usage":{"total_tokens":3}}"#;
        let e = ApiError::from_stream_event(200, chunk, Some("r1".into())).expect("an error");
        assert_eq!((e.status, e.message.as_deref()), (400, Some("Token limit reached")));
        assert_eq!((e.in_stream, e.request_id.as_deref()), (true, Some("r1")));
        assert_eq!(e.body.as_bytes(), chunk, "the raw event is kept");
        let not_http = br#"{"error":{"code":"context_length","message":"m"}}"#;
        assert_eq!(
            ApiError::from_stream_event(200, not_http, None).map(|e| e.status),
            Some(200)
        );
        for not_an_error in [
            &br#"{"error":null}"#[..],
            br#"{"choices":[{"error":{}}]}"#,
            b"[1]",
            b"nope",
        ] {
            assert!(ApiError::from_stream_event(200, not_an_error, None).is_none());
        }
    }

    #[test]
    fn retryable_statuses() {
        for (status, retry) in [
            (400, false),
            (401, false),
            (408, true),
            (409, true),
            (429, true),
            (500, true),
            (503, true),
            (404, false),
        ] {
            let e = Error::Api(Box::new(ApiError::from_body(status, b"", None)));
            assert_eq!(e.is_retryable(), retry, "{status}");
            assert_eq!(e.status(), Some(status));
        }
    }
}
