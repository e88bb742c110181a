//! The client: configuration, authentication, the request loop with retries and timeouts.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;
use tracing::Instrument;

use super::auth::{base64, AuthScheme, Credential};
use super::error::{ApiError, Error, StreamError};
use super::response::{request_id, ResponseMeta};
use super::retry::{backoff_delay, decide, Retry};
use super::stream::EventStream;

/// Facts about the API that the generated code gives the runtime.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The default base URL, from the spec's first server.
    pub base_url: &'static str,
    /// The prefix of the environment variables `Client::from_env` reads.
    pub env_prefix: &'static str,
    /// How the API key is sent.
    pub auth: AuthScheme,
    /// The `User-Agent` header.
    pub user_agent: &'static str,
    /// The leading path segment every operation's path starts with (`/v1`), or `""`. A base
    /// URL the user gives with a path of its own (`http://host/v1`, `http://host/v1beta/openai`,
    /// as OpenAI SDK users write them) is the API's root: requests go to `…/v1/chat/completions`
    /// and `…/v1beta/openai/chat/completions`, never `…/v1/v1/…`.
    pub path_prefix: &'static str,
    /// The credentials the API's security requirement names beside the key's scheme, sent
    /// with every request whose operation has no requirement of its own.
    pub also: &'static [Credential],
    /// Every credential any operation may send beside the key: what `from_env` reads.
    pub credentials: &'static [Credential],
}

/// A function that waits; the client waits with it between retries.
pub(super) type SleepFn = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// How long an error body may grow before the rest is dropped.
pub(super) const DEFAULT_MAX_ERROR_BODY: usize = 64 * 1024;
/// The largest success body read into memory.
pub(super) const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub(super) struct Config {
    pub(super) api: &'static ApiInfo,
    pub(super) api_key: Option<String>,
    /// Credentials beside the key, by scheme name.
    pub(super) credentials: Vec<(String, String)>,
    pub(super) base_url: String,
    /// Whether `base_url` is the API's default, so an operation's own server applies.
    pub(super) base_url_is_default: bool,
    /// Whether request paths lose the API's leading segment (`path_prefix`): the user's base
    /// URL has a path of its own, which stands for it.
    pub(super) drop_prefix: bool,
    pub(super) timeout: Duration,
    pub(super) connect_timeout: Duration,
    pub(super) idle_timeout: Duration,
    pub(super) max_retries: u32,
    pub(super) max_event_size: usize,
    pub(super) max_error_body: usize,
    pub(super) max_response_body: usize,
    pub(super) headers: HeaderMap,
    pub(super) sleep: Option<SleepFn>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The API key is never printed, only whether there is one.
        f.debug_struct("Config")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field(
                "credentials",
                &self.credentials.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_event_size", &self.max_event_size)
            .field("max_error_body", &self.max_error_body)
            .field("max_response_body", &self.max_response_body)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The runtime's client: configuration and the request loop that every generated method
/// sends through. A generated crate's `Client` holds one, and its `runtime()` returns it, so
/// the `execute_*` methods here reach endpoints the spec does not describe yet with the same
/// key, base URL, retries and timeouts. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    pub(super) http: reqwest::Client,
    /// The same settings without following redirects, for an operation whose documented
    /// success is the redirect itself (`None` when the caller supplied the `reqwest::Client`,
    /// whose own policy then applies). Built on first use.
    pub(super) no_redirect: Option<Arc<std::sync::OnceLock<reqwest::Client>>>,
    pub(super) config: Arc<Config>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// What the generated `Client::new` calls: a client of this API with this key.
    #[doc(hidden)]
    pub fn new_for_api(api: &'static ApiInfo, api_key: impl Into<String>) -> Self {
        match ClientBuilder::for_api(api).api_key(api_key).build() {
            Ok(client) => client,
            Err(e) => panic!("cannot create the HTTP client: {e}"),
        }
    }

    /// What the generated `Client::from_env` calls: a client of this API configured from
    /// `<PREFIX>_API_KEY` and, if set, `<PREFIX>_BASE_URL`. A key that is missing, empty or
    /// only whitespace is `Error::Config` (unless the API takes no key), and so is a base URL
    /// that cannot work; see [`ClientBuilder::base_url`].
    #[doc(hidden)]
    pub fn from_env_for_api(api: &'static ApiInfo) -> Result<Self, Error> {
        let prefix = api.env_prefix;
        let key_var = format!("{prefix}_API_KEY");
        let mut builder = ClientBuilder::for_api(api);
        match std::env::var(&key_var) {
            Ok(key) if !key.trim().is_empty() => builder = builder.api_key(key),
            _ if api.auth == AuthScheme::None => {}
            Ok(_) => return Err(Error::Config(format!("{key_var} is empty"))),
            Err(_) => return Err(Error::Config(format!("{key_var} is not set"))),
        }
        for credential in api.credentials {
            if let Ok(value) = std::env::var(format!("{prefix}_{}", credential.env)) {
                if !value.trim().is_empty() {
                    builder = builder.credential(credential.name, value);
                }
            }
        }
        if let Ok(url) = std::env::var(format!("{prefix}_BASE_URL")) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// The path and query to request for a next-page URL a server gave: its path and query
    /// only (a next URL names the vendor's host, which a mock or a proxy replaces), without the
    /// path the API's server URL, or the configured base URL, already contributes.
    #[doc(hidden)]
    pub fn page_path(&self, next: &str) -> String {
        let (path, query) = match reqwest::Url::parse(next) {
            Ok(url) => (url.path().to_owned(), url.query().map(str::to_owned)),
            Err(_) => match next.split_once('?') {
                Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
                None => (next.to_owned(), None),
            },
        };
        let base_path = |base: &str| {
            reqwest::Url::parse(base)
                .map(|u| u.path().trim_end_matches('/').to_owned())
                .unwrap_or_default()
        };
        let mut rest = path.as_str();
        for base in [base_path(self.config.api.base_url), base_path(&self.config.base_url)] {
            if !base.is_empty() {
                if let Some(stripped) = rest
                    .strip_prefix(base.as_str())
                    .filter(|r| r.is_empty() || r.starts_with('/'))
                {
                    rest = stripped;
                    break;
                }
            }
        }
        match query {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_owned(),
        }
    }

    /// Sends a request and decodes its JSON response, with validation left to the caller.
    /// Generated methods call it, and so can you, for an endpoint the spec does not describe
    /// yet: `client.runtime().execute_json(RequestParts::new(Method::GET, "/v1/models"), None::<&()>, &RequestOptions::new())`.
    pub async fn execute_json<B, R>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<R, Error>
    where
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        self.execute_json_with_meta(parts, body, options)
            .await
            .map(|(value, _)| value)
    }

    /// [`Client::execute_json`] with the response's status, headers and request id.
    pub async fn execute_json_with_meta<B, R>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<(R, ResponseMeta), Error>
    where
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let (bytes, meta) = self.execute_bytes_with_meta(parts, body, options).await?;
        Ok((decode(&bytes)?, meta))
    }

    /// Sends a request and returns the success response's body as it came, for bodies that
    /// are not JSON (files, audio). Public for the same reason as [`Client::execute_json`].
    pub async fn execute_bytes<B>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<Bytes, Error>
    where
        B: Serialize + ?Sized,
    {
        self.execute_bytes_with_meta(parts, body, options)
            .await
            .map(|(bytes, _)| bytes)
    }

    /// [`Client::execute_bytes`] with the response's status, headers and request id.
    pub async fn execute_bytes_with_meta<B>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<(Bytes, ResponseMeta), Error>
    where
        B: Serialize + ?Sized,
    {
        let limit = options.timeout.unwrap_or(self.config.timeout);
        let deadline = Instant::now() + limit;
        let body = encode_body(&parts, body, options)?;
        let response = self.send(&parts, body, options, deadline, false).await?;
        let meta = ResponseMeta::of(&response);
        match tokio::time::timeout_at(deadline, read_limited(response, self.config.max_response_body)).await {
            Err(_) => Err(Error::Timeout {
                what: "the request",
                limit,
            }),
            Ok(result) => result.map(|bytes| (bytes, meta)),
        }
    }

    /// Sends a request whose success response has no body to decode. Generated methods call
    /// it; it is public as an escape hatch for endpoints the spec does not describe yet.
    pub async fn execute_unit<B>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<(), Error>
    where
        B: Serialize + ?Sized,
    {
        self.execute_unit_with_meta(parts, body, options)
            .await
            .map(|(unit, _)| unit)
    }

    /// [`Client::execute_unit`] with the response's status, headers and request id.
    pub async fn execute_unit_with_meta<B>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<((), ResponseMeta), Error>
    where
        B: Serialize + ?Sized,
    {
        let deadline = Instant::now() + options.timeout.unwrap_or(self.config.timeout);
        let body = encode_body(&parts, body, options)?;
        let response = self.send(&parts, body, options, deadline, false).await?;
        Ok(((), ResponseMeta::of(&response)))
    }

    /// Sends a request and returns its event stream, each event's data decoded as `T`; the
    /// stream ends at `terminator` when the API sends one. Public for the same reason as
    /// [`Client::execute_json`].
    pub async fn execute_stream<B, T>(
        &self,
        parts: RequestParts,
        body: Option<&B>,
        options: &RequestOptions,
        terminator: Option<&'static str>,
    ) -> Result<EventStream<T>, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let limit = options.timeout.unwrap_or(self.config.timeout);
        let deadline = Instant::now() + limit;
        let body = encode_body(&parts, body, options)?;
        let max_retries = options.max_retries.unwrap_or(self.config.max_retries);
        let mut broken = 0u32;
        loop {
            let response = self.send(&parts, body.clone(), options, deadline, true).await?;
            let meta = ResponseMeta::of(&response);
            let is_json = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            if is_json {
                // Some servers answer a streaming request with a JSON error and a 200 status.
                let (bytes, truncated) = read_bounded(response, self.config.max_error_body).await?;
                let mut error = ApiError::from_body(meta.status, &bytes, meta.request_id);
                error.in_stream = true;
                error.truncated = truncated;
                return Err(Error::Api(Box::new(error)));
            }
            let mut stream = EventStream::new(
                Box::pin(response.bytes_stream()),
                terminator,
                meta,
                self.config.idle_timeout,
                Some((deadline, limit)),
                self.config.max_event_size,
            );
            // Until the first event arrives the caller has seen nothing, so a connection that
            // breaks now is retried like a failed request; after it, never.
            let broke = matches!(
                stream.prime().await,
                Some(Err(Error::Stream(
                    StreamError::Read(_) | StreamError::ClosedEarly { .. }
                )))
            );
            if !broke || broken >= max_retries {
                return Ok(stream);
            }
            broken += 1;
            let delay = backoff_delay(broken - 1);
            if Instant::now() + delay >= deadline {
                return Ok(stream);
            }
            tracing::warn!(
                attempt = broken,
                max_retries,
                delay_ms = delay.as_millis() as u64,
                "retrying a stream that broke before its first event"
            );
            self.pause(delay).await;
        }
    }

    /// Waits between retries and between reads of a task, with the configured sleep if there
    /// is one.
    pub(super) async fn pause(&self, delay: Duration) {
        match &self.config.sleep {
            Some(sleep) => sleep(delay).await,
            None => tokio::time::sleep(delay).await,
        }
    }

    /// Sends a request, retrying what can be retried, and returns the first success response.
    async fn send(
        &self,
        parts: &RequestParts,
        body: Option<Bytes>,
        options: &RequestOptions,
        deadline: Instant,
        streaming: bool,
    ) -> Result<reqwest::Response, Error> {
        let url = self.url(parts)?;
        let headers = self.headers(parts, options, streaming)?;
        let max_retries = options.max_retries.unwrap_or(self.config.max_retries);
        let limit = options.timeout.unwrap_or(self.config.timeout);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut request = self
                .http_for(parts)
                .request(parts.method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            // One span per attempt, with what an operator needs and never a header (so never
            // the key): method, path, attempt, and once known the status and latency.
            let span = tracing::info_span!(
                "http_request",
                method = %parts.method,
                path = %parts.path,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let sent = tokio::time::timeout_at(deadline, request.send())
                .instrument(span.clone())
                .await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let outcome = match sent {
                Err(_) => {
                    return Err(Error::Timeout {
                        what: "the request",
                        limit,
                    })
                }
                Ok(outcome) => outcome,
            };
            if let Ok(response) = &outcome {
                span.record("status", response.status().as_u16());
            }
            let (error, retry) = match outcome {
                Ok(response)
                    if response.status().is_success()
                        || (parts.redirect_is_success && response.status().is_redirection()) =>
                {
                    return Ok(response)
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry = decide(status, response.headers(), SystemTime::now());
                    let id = request_id(response.headers());
                    let requested = format!("{} {}", parts.method, response.url());
                    let read = read_bounded(response, self.config.max_error_body);
                    let (bytes, truncated) = match tokio::time::timeout_at(deadline, read).await {
                        Err(_) => {
                            return Err(Error::Timeout {
                                what: "the request",
                                limit,
                            })
                        }
                        Ok(read) => read.unwrap_or_default(),
                    };
                    let mut api = ApiError::from_body(status, &bytes, id);
                    api.attempts = attempt;
                    api.truncated = truncated;
                    api.request = Some(requested);
                    api.hint = self.hint(status);
                    (Error::Api(Box::new(api)), retry)
                }
                Err(e) if e.is_connect() => (
                    Error::Connect {
                        attempts: attempt,
                        source: e,
                    },
                    Retry::Backoff,
                ),
                Err(e) if e.is_timeout() => (
                    Error::Timeout {
                        what: "connecting",
                        limit: self.config.connect_timeout,
                    },
                    Retry::Backoff,
                ),
                // The connection broke while the request was being sent, before any response
                // (a reset, a closed socket): a connection failure, as `Error::Connect` says.
                Err(e) if e.is_request() => (
                    Error::Connect {
                        attempts: attempt,
                        source: e,
                    },
                    Retry::Backoff,
                ),
                Err(e) if e.is_body() => (Error::Http(e), Retry::Backoff),
                Err(e) => (Error::Http(e), Retry::No),
            };
            if attempt > max_retries {
                return Err(error);
            }
            let delay = match retry {
                Retry::No => return Err(error),
                Retry::After(wait) => wait,
                Retry::Backoff => backoff_delay(attempt - 1),
            };
            if Instant::now() + delay >= deadline {
                return Err(error);
            }
            tracing::warn!(parent: &span, attempt, max_retries, delay_ms = delay.as_millis() as u64, reason = %error, "retrying request");
            self.pause(delay).await;
        }
    }

    fn url(&self, parts: &RequestParts) -> Result<reqwest::Url, Error> {
        let base = match parts.server {
            Some(server) if self.config.base_url_is_default => server.trim_end_matches('/'),
            _ => self.config.base_url.as_str(),
        };
        // With a base URL that is the API's root, a path under the API's prefix goes below it
        // without the prefix; a path outside it (another family of the API, `/kling/…` beside
        // `/v1/…`) goes to the base URL's origin, where the spec puts it.
        let prefix = self.config.api.path_prefix;
        let (base, path) = match parts.path.strip_prefix(prefix) {
            _ if !self.config.drop_prefix => (base, parts.path.as_ref()),
            Some(rest) if rest.is_empty() || rest.starts_with('/') => (base, rest),
            _ => (origin(base), parts.path.as_ref()),
        };
        let text = format!("{base}{path}");
        let mut url = reqwest::Url::parse(&text).map_err(|e| {
            if base == self.config.base_url && self.config.base_url_is_default {
                Error::Config(format!(
                    "no base url to send `{}` to: the spec's server is `{base}`; set one with the builder's base_url or {}_BASE_URL",
                    parts.path, self.config.api.env_prefix
                ))
            } else {
                Error::Config(format!("bad url `{text}`: {e}"))
            }
        })?;
        let key_param = match (self.auth(parts), &self.config.api_key) {
            (AuthScheme::Query(name), Some(key)) => Some((name, key.as_str())),
            _ => None,
        };
        let also = self.also(parts).filter_map(|(scheme, value)| match scheme {
            AuthScheme::Query(name) => Some((name, value)),
            _ => None,
        });
        let credentials: Vec<(&str, &str)> = key_param.into_iter().chain(also).collect();
        if !parts.query.is_empty() || !credentials.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in parts
                .query
                .iter()
                .map(|(k, v)| (k.as_ref(), v.as_str()))
                .chain(credentials)
            {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// The HTTP client for a request: one that does not follow redirects when the redirect is
    /// the operation's answer.
    fn http_for(&self, parts: &RequestParts) -> &reqwest::Client {
        match (&self.no_redirect, parts.redirect_is_success) {
            (Some(cell), true) => cell
                .get_or_init(|| super::builder::http_client(&self.config, false).unwrap_or_else(|_| self.http.clone())),
            _ => &self.http,
        }
    }

    /// What to check for an error status whose usual cause is the client's setup.
    fn hint(&self, status: u16) -> Option<String> {
        let prefix = self.config.api.env_prefix;
        let base = &self.config.base_url;
        match status {
            401 => Some(match &self.config.api_key {
                Some(_) => format!("check the API key (`{prefix}_API_KEY` for from_env) and the base URL `{base}`"),
                None => {
                    format!("no API key was given: set `{prefix}_API_KEY` or the builder's api_key (base URL `{base}`)")
                }
            }),
            404 => Some(format!("check the base URL `{base}`")),
            _ => None,
        }
    }

    /// How this request sends the key: its operation's scheme, else the API's.
    fn auth(&self, parts: &RequestParts) -> AuthScheme {
        parts.auth.unwrap_or(self.config.api.auth)
    }

    /// The credentials this request sends beside the key (its operation's, else the API's),
    /// each that the client was given, with its value.
    fn also<'a>(&'a self, parts: &RequestParts) -> impl Iterator<Item = (AuthScheme, &'a str)> + 'a {
        let wanted: &'static [Credential] = parts.also.unwrap_or(self.config.api.also);
        wanted.iter().filter_map(move |c| {
            let (_, value) = self.config.credentials.iter().find(|(name, _)| name == c.name)?;
            Some((c.scheme, value.as_str()))
        })
    }

    fn headers(&self, parts: &RequestParts, options: &RequestOptions, streaming: bool) -> Result<HeaderMap, Error> {
        let mut headers = self.config.headers.clone();
        let accept = if streaming {
            "text/event-stream"
        } else {
            parts.accept.unwrap_or("application/json")
        };
        let accept = HeaderValue::from_str(accept).map_err(|_| Error::Config(format!("bad media type `{accept}`")))?;
        headers.insert(reqwest::header::ACCEPT, accept);
        let content_type = match &parts.payload {
            Some((kind, _)) => {
                HeaderValue::from_str(kind).map_err(|_| Error::Config(format!("bad content type `{kind}`")))?
            }
            None => HeaderValue::from_static("application/json"),
        };
        headers.insert(reqwest::header::CONTENT_TYPE, content_type);
        let auth = self.auth(parts);
        // The key by its scheme, then each credential beside it by its own.
        let sent: Vec<(AuthScheme, &str)> = self
            .config
            .api_key
            .as_deref()
            .map(|key| (auth, key))
            .into_iter()
            .chain(self.also(parts))
            .collect();
        let credential_cookies = sent.iter().filter_map(|(scheme, value)| match scheme {
            AuthScheme::Cookie(name) => Some((*name, *value)),
            _ => None,
        });
        let cookie: Vec<String> = parts
            .cookies
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain(credential_cookies)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !cookie.is_empty() {
            insert_header(&mut headers, "cookie", &cookie.join("; "))?;
        }
        for (scheme, key) in sent {
            let (name, value) = match scheme {
                AuthScheme::None | AuthScheme::Query(_) | AuthScheme::Cookie(_) => continue,
                AuthScheme::Bearer => (reqwest::header::AUTHORIZATION, format!("Bearer {key}")),
                AuthScheme::Basic => (
                    reqwest::header::AUTHORIZATION,
                    format!("Basic {}", base64(key.as_bytes())),
                ),
                AuthScheme::Header(h) => (HeaderName::from_static_lowercase(h)?, key.to_owned()),
            };
            let mut value = HeaderValue::from_str(&value)
                .map_err(|_| Error::Config("the API key contains characters a header cannot carry".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        for (k, v) in &parts.headers {
            insert_header(&mut headers, k, v)?;
        }
        for (k, v) in &options.headers {
            insert_header(&mut headers, k, v)?;
        }
        Ok(headers)
    }
}

pub(super) trait FromStaticLowercase: Sized {
    fn from_static_lowercase(name: &str) -> Result<Self, Error>;
}

impl FromStaticLowercase for HeaderName {
    fn from_static_lowercase(name: &str) -> Result<Self, Error> {
        HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
            .map_err(|_| Error::Config(format!("bad header name `{name}`")))
    }
}

pub(super) fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_static_lowercase(name)?;
    let value = HeaderValue::from_str(value).map_err(|_| Error::Config(format!("bad value for header `{name}`")))?;
    headers.insert(name, value);
    Ok(())
}

fn read_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout {
            what: "reading the response",
            limit: Duration::ZERO,
        }
    } else {
        Error::Http(e)
    }
}

/// Reads at most `limit` bytes of a body, so a huge error page cannot exhaust memory; says
/// whether the body went on past it.
async fn read_bounded(mut response: reqwest::Response, limit: usize) -> Result<(Vec<u8>, bool), Error> {
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(read_error)? {
        let room = limit - out.len();
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room || out.len() >= limit {
            return Ok((
                out,
                chunk.len() > room || response.chunk().await.ok().flatten().is_some(),
            ));
        }
    }
    Ok((out, false))
}

/// Reads a whole success body, failing once it passes `limit`.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Bytes, Error> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(Error::BodyTooLarge { limit });
    }
    let mut out = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(read_error)? {
        if out.len() + chunk.len() > limit {
            return Err(Error::BodyTooLarge { limit });
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out.freeze())
}

fn encode_body<B: Serialize + ?Sized>(
    parts: &RequestParts,
    body: Option<&B>,
    options: &RequestOptions,
) -> Result<Option<Bytes>, Error> {
    if let Some((_, payload)) = &parts.payload {
        return Ok(Some(payload.clone()));
    }
    let Some(body) = body else { return Ok(None) };
    let encode = |e: serde_json::Error| Error::Config(format!("cannot encode the request body: {e}"));
    let bytes = serde_json::to_vec(body).map_err(encode)?;
    if parts.body_fields.is_empty() && options.extra_body.is_empty() {
        return Ok(Some(Bytes::from(bytes)));
    }
    // The generated method's own edits (the stream flag), then the caller's extra fields.
    let edits = parts
        .body_fields
        .iter()
        .map(|(k, v)| (*k, v.as_ref()))
        .chain(options.extra_body.iter().map(|(k, v)| (k.as_str(), Some(v))));
    super::body::edit_members(&bytes, edits).map(|v| Some(Bytes::from(v)))
}

fn decode<R: DeserializeOwned>(bytes: &[u8]) -> Result<R, Error> {
    serde_json::from_slice(bytes).or_else(|_| {
        // An empty body where JSON was documented (servers send one for "nothing to say")
        // reads as `null`, which an open value or an `Option` takes; any other type still
        // fails below with the body's own error.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            if let Ok(value) = serde_json::from_slice(b"null") {
                return Ok(value);
            }
        }
        // Decode again only on failure, to learn the JSON path of the fault.
        let mut de = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize::<_, R>(&mut de) {
            Ok(value) => Ok(value),
            Err(e) => Err(Error::Decode {
                path: e.path().to_string(),
                message: e.inner().to_string(),
                body: String::from_utf8_lossy(bytes).into_owned(),
            }),
        }
    })
}

pub use super::builder::ClientBuilder;
pub use super::request::{RequestOptions, RequestParts};

/// The scheme, host and port of a URL (`http://host:8080` of `http://host:8080/v1`).
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}
