//! Building a client: settings, limits, headers, your own `reqwest::Client`.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;

use super::client::{insert_header, ApiInfo, Client, Config, DEFAULT_MAX_ERROR_BODY, DEFAULT_MAX_RESPONSE_BODY};
use super::error::Error;
use super::stream::DEFAULT_MAX_EVENT;

/// Builds a client with non-default settings.
///
/// `C` is the client it builds: a generated crate's `Client`, which holds the runtime's
/// [`Client`] and converts from it, or the runtime's own.
pub struct ClientBuilder<C = Client> {
    config: Config,
    http: Option<reqwest::Client>,
    _client: PhantomData<fn() -> C>,
}

// By hand rather than derived, so that cloning does not ask `C: Clone`.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            config: self.config.clone(),
            http: self.http.clone(),
            _client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<C> ClientBuilder<C> {
    /// What the generated `Client::builder` calls: a builder with this API's defaults.
    #[doc(hidden)]
    pub fn for_api(api: &'static ApiInfo) -> Self {
        ClientBuilder {
            config: Config {
                api,
                api_key: None,
                credentials: Vec::new(),
                base_url: api.base_url.to_owned(),
                base_url_is_default: true,
                drop_prefix: false,
                timeout: Duration::from_secs(600),
                connect_timeout: Duration::from_secs(10),
                idle_timeout: Duration::from_secs(300),
                max_retries: 2,
                max_event_size: DEFAULT_MAX_EVENT,
                max_error_body: DEFAULT_MAX_ERROR_BODY,
                max_response_body: DEFAULT_MAX_RESPONSE_BODY,
                headers: HeaderMap::new(),
                sleep: None,
            },
            http: None,
            _client: PhantomData,
        }
    }
}

impl<C> ClientBuilder<C> {
    /// The facts of the API this builder builds a client of.
    #[doc(hidden)]
    pub fn api(&self) -> &'static ApiInfo {
        self.config.api
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// The API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.config.api_key = Some(key.into());
        self
    }

    /// A credential beside the API key, for the security scheme of this name in the spec: an
    /// API whose operations need two at once (an API-key header and a bearer token) sends
    /// each as its scheme says. The generated client's docs list the names.
    pub fn credential(mut self, scheme: impl Into<String>, value: impl Into<String>) -> Self {
        let scheme = scheme.into();
        self.config.credentials.retain(|(name, _)| *name != scheme);
        self.config.credentials.push((scheme, value.into()));
        self
    }

    /// The base URL, such as `http://127.0.0.1:8080`; defaults to the spec's server. When
    /// every path of the API starts with one segment (`/v1`), a base URL that ends with it
    /// (`http://127.0.0.1:8080/v1`, as OpenAI SDKs take it) works too: the segment is not sent
    /// twice. `build` fails with `Error::Config` on a URL that cannot work: one that does not
    /// parse, is not `http` or `https`, or carries a query or a fragment.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into().trim().trim_end_matches('/').to_owned();
        self
    }

    /// The limit on a whole request, retries and a stream's reading included (default 10 min).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The limit on making a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// The longest a stream may stay silent between reads (default 5 min).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.config.idle_timeout = timeout;
        self
    }

    /// How many times a failed request is retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.max_retries = retries;
        self
    }

    /// The longest line or event a stream accepts (default 16 MiB); past it the stream ends
    /// with [`StreamError::TooLarge`](super::StreamError::TooLarge).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.config.max_event_size = bytes;
        self
    }

    /// How much of an error body is kept (default 64 KiB); the rest is not read, and the
    /// error says it was cut.
    pub fn max_error_body(mut self, bytes: usize) -> Self {
        self.config.max_error_body = bytes;
        self
    }

    /// The largest success body read into memory (default 64 MiB); past it the call fails
    /// with [`Error::BodyTooLarge`].
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.config.max_response_body = bytes;
        self
    }

    /// A header sent with every request (a default header).
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        insert_header(&mut self.config.headers, name, value)?;
        Ok(self)
    }

    /// Uses this `reqwest::Client` (for proxies or custom TLS); its own timeouts then apply too.
    /// It must be a client of reqwest 0.13, the major version the runtime is built on.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Replaces the wait between retries, for example to check backoff in tests without
    /// waiting; the function gets the delay the client chose.
    pub fn retry_sleep<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.config.sleep = Some(Arc::new(move |d| Box::pin(sleep(d))));
        self
    }

    /// Builds the client, checking the key and the base URL first.
    pub fn build(mut self) -> Result<C, Error> {
        if self.config.api_key.as_deref().is_some_and(|k| k.trim().is_empty()) {
            return Err(Error::Config("the API key is empty".to_owned()));
        }
        let is_default = self.config.base_url == self.config.api.base_url.trim_end_matches('/');
        self.config.base_url_is_default = is_default;
        match checked_base_url(&self.config.base_url) {
            Ok(url) => {
                // A base URL of the user's with a path (`…/v1`, `…/v1beta/openai`, a proxy's
                // `…/gateway/v1`) says where the API's root is, version included, as OpenAI SDK
                // users write it: the segment every path of the spec starts with is not added.
                // The spec's own server, or one without a path (a mock), gets it.
                let has_path = reqwest::Url::parse(&url).is_ok_and(|u| !u.path().trim_matches('/').is_empty());
                self.config.drop_prefix = !is_default && has_path && !self.config.api.path_prefix.is_empty();
                self.config.base_url = url;
            }
            // The spec's own server may be missing or relative (`/api/v3`): the client is still
            // built (`Client::new` cannot fail), and each request says what to set instead.
            Err(_) if is_default => {}
            Err(e) => return Err(e),
        }
        let (http, no_redirect) = match self.http {
            Some(http) => (http, None),
            None => (
                http_client(&self.config, true).map_err(Error::Http)?,
                Some(Arc::default()),
            ),
        };
        Ok(C::from(Client {
            http,
            no_redirect,
            config: Arc::new(self.config),
        }))
    }
}

/// The HTTP client the runtime builds for `config`, following redirects or not (for an
/// operation whose answer is the redirect).
pub(super) fn http_client(config: &Config, follow_redirects: bool) -> Result<reqwest::Client, reqwest::Error> {
    let builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .user_agent(config.api.user_agent);
    let builder = if follow_redirects {
        builder
    } else {
        builder.redirect(reqwest::redirect::Policy::none())
    };
    builder.build()
}

/// The base URL as requests use it: a URL that can work, without a trailing `/`.
fn checked_base_url(url: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::Config(format!("base url `{url}` {why}"));
    if !url.contains("://") {
        return Err(bad("must start with http:// or https://"));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("must start with http:// or https://"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("must not carry a query or a fragment"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::checked_base_url;

    #[test]
    fn base_urls_are_checked() {
        for (url, want) in [
            ("http://127.0.0.1:4011", "http://127.0.0.1:4011"),
            ("http://127.0.0.1:4011/v1/", "http://127.0.0.1:4011/v1"),
            (
                "https://gw.example.com/v1beta/openai",
                "https://gw.example.com/v1beta/openai",
            ),
        ] {
            assert_eq!(checked_base_url(url).expect(url), want, "{url}");
        }
        for (url, why) in [
            ("127.0.0.1:4011", "http:// or https://"),
            ("localhost", "http:// or https://"),
            ("http://", "is not a URL"),
            ("ftp://example.com", "http:// or https://"),
            ("http://example.com?key=1", "query or a fragment"),
            ("http://example.com#top", "query or a fragment"),
        ] {
            let err = checked_base_url(url).expect_err(url).to_string();
            assert!(err.contains(url) && err.contains(why), "{url}: {err}");
        }
    }
}
