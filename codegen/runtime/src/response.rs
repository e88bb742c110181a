//! What a response said besides its body.

use reqwest::header::HeaderMap;

/// Response headers that carry a request id, in order of preference: the common ones, then
/// those of gateways and clouds (LiteLLM's call id, ByteDance's log id, AWS, a correlation id,
/// Cloudflare's ray id). The first one present is `request_id`.
pub const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-litellm-call-id",
    "x-tt-logid",
    "x-trace-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
    "cf-ray",
];

/// The status, headers and request id of a response, for a successful call as for a failed
/// one: the `_with_response` methods return it beside the body, and an `EventStream` holds it.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: u16,
    /// The response headers (rate-limit counters, processing time, and so on).
    pub headers: HeaderMap,
    /// The request id the server gave, for support requests.
    pub request_id: Option<String>,
}

impl ResponseMeta {
    /// The metadata of a response.
    pub(crate) fn of(response: &reqwest::Response) -> Self {
        ResponseMeta {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            request_id: request_id(response.headers()),
        }
    }

    /// A header's value, when it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The request id among the headers, under any of the names servers use for it.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()).map(str::to_owned))
}
