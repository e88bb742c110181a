//! A typed mock of an API for users' tests (cargo feature `testing`): a loopback server on
//! 127.0.0.1 that answers each operation with a typed value, a stream of typed events, an
//! error status, or after a delay, matches on typed request fields, counts calls and returns
//! the typed requests it received. Generated crates wrap it in a `MockServer` with a method per
//! operation (`mock.create_chat_completion().respond(completion).await`).
//!
//! It stands on wiremock: an async, tokio-native server, isolated per test, with request
//! recording, response delays, priorities and custom matchers built in, and a small dependency
//! tree next to httpmock's (which brings its own HTTP client and, for its remote mode, more).

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wiremock::{Match, Mock, ResponseTemplate};

/// A loopback server that plays an API in tests. Each test starts its own, so tests never see
/// one another's answers.
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        MockServer {
            server: wiremock::MockServer::start().await,
        }
    }

    /// The base URL to give a client (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The mock of one operation: its HTTP method and path template (`/v1/things/{id}`, a
    /// parameter matching any one segment). Generated methods call this with the spec's.
    #[doc(hidden)]
    pub fn operation<Req, Resp>(&self, method: &'static str, path: &'static str) -> OperationMock<'_, Req, Resp> {
        OperationMock {
            server: &self.server,
            method,
            path: Route::new(path),
            matcher: None,
            delay: None,
            times: None,
            _types: PhantomData,
        }
    }
}

/// A path template read as segments: literal text, or a parameter that matches any one segment.
#[derive(Debug, Clone)]
struct Route(Vec<Option<String>>);

impl Route {
    fn new(template: &str) -> Self {
        let segments = template
            .trim_start_matches('/')
            .split('/')
            .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
            .collect();
        Route(segments)
    }

    fn matches(&self, path: &str) -> bool {
        let got: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        got.len() == self.0.len()
            && self
                .0
                .iter()
                .zip(&got)
                .all(|(want, got)| want.as_deref().is_none_or(|w| w == *got) && !got.is_empty())
    }
}

/// A test of the typed request body.
type RequestTest<Req> = Arc<dyn Fn(&Req) -> bool + Send + Sync>;

/// What one operation answers, built up before it is mounted with one of the `respond` methods.
pub struct OperationMock<'a, Req, Resp> {
    server: &'a wiremock::MockServer,
    method: &'static str,
    path: Route,
    matcher: Option<RequestTest<Req>>,
    delay: Option<Duration>,
    times: Option<u64>,
    _types: PhantomData<fn(Req) -> Resp>,
}

impl<Req, Resp> std::fmt::Debug for OperationMock<'_, Req, Resp> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationMock")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("delay", &self.delay)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

/// Matches the operation's method and path, and the typed body when a test is set.
struct Matcher<Req> {
    method: &'static str,
    path: Route,
    test: Option<RequestTest<Req>>,
}

impl<Req: DeserializeOwned + Send + Sync + 'static> Match for Matcher<Req> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if !request.method.as_str().eq_ignore_ascii_case(self.method) || !self.path.matches(request.url.path()) {
            return false;
        }
        match &self.test {
            None => true,
            Some(test) => serde_json::from_slice::<Req>(&request.body).is_ok_and(|req| test(&req)),
        }
    }
}

impl<'a, Req, Resp> OperationMock<'a, Req, Resp>
where
    Req: DeserializeOwned + Send + Sync + 'static,
{
    /// Answers only requests whose typed body passes `test` (`|r| r.stream == Some(true)`).
    pub fn matching(mut self, test: impl Fn(&Req) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(test));
        self
    }

    /// Waits this long before answering (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers this many matching requests, before any answer mounted without a count (a 500
    /// once, then the success a retry gets).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with the value as JSON, status 200.
    pub async fn respond(self, value: Resp)
    where
        Resp: Serialize,
    {
        let body = serde_json::to_vec(&value).unwrap_or_else(|e| error_body(&e.to_string()));
        self.mount(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .await;
    }

    /// Answers with a stream: each event as one Server-Sent Event's JSON, then `data: [DONE]`
    /// when `done` is true (some servers end without it).
    pub async fn respond_stream<E: Serialize>(self, events: impl IntoIterator<Item = E>, done: bool) {
        let mut body = String::new();
        for event in events {
            let data = serde_json::to_string(&event)
                .unwrap_or_else(|e| String::from_utf8_lossy(&error_body(&e.to_string())).into_owned());
            body.push_str("data: ");
            body.push_str(&data);
            body.push_str("\n\n");
        }
        if done {
            body.push_str("data: [DONE]\n\n");
        }
        self.mount(ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream"))
            .await;
    }

    /// Answers with an error status and a JSON body (`{"error": {"message": …}}`, as the API
    /// sends them).
    pub async fn respond_error(self, status: u16, body: serde_json::Value) {
        let body = serde_json::to_vec(&body).unwrap_or_default();
        self.mount(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .await;
    }

    /// How many requests reached this operation (whatever was answered).
    pub async fn calls(&self) -> usize {
        self.requests().await.len()
    }

    /// The bodies of the requests this operation received, typed, in order; a body that is not
    /// a `Req` is left out (see [`calls`](Self::calls) for all).
    pub async fn received(&self) -> Vec<Req> {
        self.requests()
            .await
            .iter()
            .filter_map(|r| serde_json::from_slice(&r.body).ok())
            .collect()
    }

    async fn requests(&self) -> Vec<wiremock::Request> {
        let all = self.server.received_requests().await.unwrap_or_default();
        all.into_iter()
            .filter(|r| r.method.as_str().eq_ignore_ascii_case(self.method) && self.path.matches(r.url.path()))
            .collect()
    }

    async fn mount(self, mut template: ResponseTemplate) {
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        let matcher = Matcher::<Req> {
            method: self.method,
            path: self.path,
            test: self.matcher,
        };
        let mut mock = Mock::given(matcher).respond_with(template);
        if let Some(n) = self.times {
            // Counted answers come first (wiremock's priority 1 beats the default 5).
            mock = mock.up_to_n_times(n).with_priority(1);
        }
        self.server.register(mock).await;
    }
}

/// A JSON error body saying what went wrong, for a value that cannot be written as JSON.
fn error_body(message: &str) -> Vec<u8> {
    serde_json::to_vec(
        &serde_json::json!({"error": {"message": format!("the mock cannot write its answer: {message}")}}),
    )
    .unwrap_or_default()
}
