//! What one request carries besides the body: per-request options, and the method, path,
//! query, headers, cookies and encoded body that generated code builds.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

use super::error::Error;

/// Options for one request.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(super) headers: Vec<(String, String)>,
    pub(super) extra_body: serde_json::Map<String, serde_json::Value>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends this header too.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a top-level field to the JSON body, for parameters the spec does not have yet
    /// (such as a gateway's `thinking`).
    pub fn extra_body(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.extra_body.insert(name.into(), value);
        self
    }

    /// The limit on this request instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The number of retries for this request instead of the client's.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
}

/// The method, path, query and headers of a request: what generated code builds for each
/// call, and what the client's `execute_*` methods take for an endpoint the spec lacks.
#[derive(Debug, Clone)]
pub struct RequestParts {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The path with parameters filled in.
    pub path: Cow<'static, str>,
    /// Query pairs; a name may be built at run time (a `deepObject` parameter's `p[key]`).
    pub query: Vec<(Cow<'static, str>, String)>,
    /// Header pairs.
    pub headers: Vec<(&'static str, String)>,
    /// Cookie pairs, sent in one `Cookie` header.
    pub cookies: Vec<(&'static str, String)>,
    /// A body that is not JSON, already encoded, with its content type.
    pub(super) payload: Option<(String, Bytes)>,
    /// Top-level members of the JSON body to set (`Some`) or leave out (`None`) as it is sent.
    pub(super) body_fields: Vec<(&'static str, Option<serde_json::Value>)>,
    /// How this request sends the API key, when the operation's security differs from the
    /// API's (`AuthScheme::None` for an operation that takes no credentials).
    pub auth: Option<super::AuthScheme>,
    /// The credentials this request sends beside the key, when the operation's security
    /// differs from the API's.
    pub also: Option<&'static [super::Credential]>,
    /// The `Accept` header of a call that returns the whole response, when the operation
    /// answers with another media type than `application/json` (a file, `application/problem+json`).
    pub accept: Option<&'static str>,
    /// Whether a redirect (3xx) is the answer rather than an error: for an operation whose
    /// spec documents only a redirect (a logout that sends the browser on).
    pub redirect_is_success: bool,
    /// The operation's own server (an upload host, an OAuth host), used instead of the API's
    /// default base URL. A base URL the client was given (a proxy, a mock) wins over it.
    pub server: Option<&'static str>,
}

impl RequestParts {
    /// A request with this method and path, such as
    /// `RequestParts::new(Method::POST, "/v1/chat/completions")`.
    pub fn new(method: reqwest::Method, path: impl Into<Cow<'static, str>>) -> Self {
        RequestParts {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            payload: None,
            body_fields: Vec::new(),
            auth: None,
            also: None,
            accept: None,
            redirect_is_success: false,
            server: None,
        }
    }

    /// Sends the request to the operation's own server while the client keeps the API's
    /// default base URL.
    #[must_use]
    pub fn with_server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Takes a redirect (3xx) the server answers with as the operation's success.
    #[must_use]
    pub fn with_redirect_as_success(mut self) -> Self {
        self.redirect_is_success = true;
        self
    }

    /// Asks for this media type instead of `application/json` (not for a stream, which asks
    /// for `text/event-stream`).
    #[must_use]
    pub fn with_accept(mut self, media_type: &'static str) -> Self {
        self.accept = Some(media_type);
        self
    }

    /// Sends the API key as `scheme` says rather than as the API's default, for an operation
    /// whose security requirement differs.
    #[must_use]
    pub fn with_auth(mut self, scheme: super::AuthScheme) -> Self {
        self.auth = Some(scheme);
        self
    }

    /// Sends these credentials beside the key rather than the API's, for an operation whose
    /// security requirement names other schemes together.
    #[must_use]
    pub fn with_also_auth(mut self, credentials: &'static [super::Credential]) -> Self {
        self.also = Some(credentials);
        self
    }

    /// Sends the JSON body with its top-level member `name` set to `value`, whatever the body
    /// holds there: how a streaming call turns its `stream` flag on without copying the body.
    pub fn set_body_field(&mut self, name: &'static str, value: serde_json::Value) {
        self.body_fields.push((name, Some(value)));
    }

    /// Sends the JSON body without its top-level member `name`.
    pub fn remove_body_field(&mut self, name: &'static str) {
        self.body_fields.push((name, None));
    }

    /// Sends `body` as `application/x-www-form-urlencoded` instead of JSON, each property in
    /// OpenAPI's default `form` style (arrays as repeated pairs).
    pub fn form<B: Serialize + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        self.form_styled(body, &[])
    }

    /// Like [`form`](Self::form), with the properties the spec's `encoding` names written in
    /// their style (`metadata[key]=value` for `deepObject`).
    pub fn form_styled<B: Serialize + ?Sized>(
        &mut self,
        body: &B,
        styles: &[(&str, super::params::QueryStyle)],
    ) -> Result<(), Error> {
        let pairs = super::params::form_pairs(body, styles)?;
        let text = serde_urlencoded::to_string(&pairs)
            .map_err(|e| Error::Config(format!("cannot encode the form body: {e}")))?;
        self.payload = Some(("application/x-www-form-urlencoded".to_owned(), Bytes::from(text)));
        Ok(())
    }

    /// Sends a `multipart/form-data` body instead of JSON.
    pub fn multipart(&mut self, form: &super::multipart::Multipart) {
        self.multipart_as("multipart/form-data", form);
    }

    /// Sends a multipart body of another media type (`multipart/related`, `multipart/mixed`,
    /// with any parameters the spec gives), framed as `multipart` frames a form.
    pub fn multipart_as(&mut self, media_type: &str, form: &super::multipart::Multipart) {
        self.payload = Some(form.encode(media_type));
    }

    /// Sends these bytes as the body, with this content type.
    pub fn raw(&mut self, content_type: &str, body: Bytes) {
        self.payload = Some((content_type.to_owned(), body));
    }
}
