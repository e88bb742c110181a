//! A typed stream of SSE events over a response body.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use serde::de::DeserializeOwned;
use tokio::time::{Instant, Sleep};

use super::error::{ApiError, Error, StreamError};
use super::response::ResponseMeta;
use super::sse::SseDecoder;

/// The longest line or event a stream accepts unless the client says otherwise: far above any
/// real chunk, far below what would hurt.
pub(crate) const DEFAULT_MAX_EVENT: usize = 16 * 1024 * 1024;

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// The events of a streaming call, each decoded as `T`.
///
/// Implements [`futures_core::Stream`]; [`EventStream::next`] reads it without extra crates.
/// The stream ends after the API's end marker (such as `data: [DONE]`); a connection that
/// closes before it ends the stream with [`StreamError::ClosedEarly`], never in silence. An
/// event whose JSON has a top-level `error` ends it with [`Error::Api`], and a line or event
/// longer than the limit with [`StreamError::TooLarge`].
pub struct EventStream<T> {
    body: Body,
    decoder: SseDecoder,
    terminator: Option<&'static str>,
    meta: ResponseMeta,
    max_event: usize,
    /// Finds `"error"` in an event's data: only then is the event looked at as an error.
    error_key: memchr::memmem::Finder<'static>,
    idle_timeout: Duration,
    idle: Pin<Box<Sleep>>,
    /// When bytes last arrived; the idle timer is re-armed from it only when it fires, which
    /// keeps timer work off the path of every read.
    last_read: Instant,
    deadline: Option<(Pin<Box<Sleep>>, Duration)>,
    done: bool,
    /// An item read ahead by `prime`, handed out first.
    buffered: Option<Result<T, Error>>,
    _event: PhantomData<fn() -> T>,
}

// No field is pinned structurally: items are moved out, never polled in place, so the stream
// can move whatever `T` is.
impl<T> Unpin for EventStream<T> {}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.meta.status)
            .field("request_id", &self.meta.request_id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    /// A stream over any source of body bytes, for callers that fetch the bytes themselves.
    pub fn from_bytes<S>(body: S, terminator: Option<&'static str>, idle_timeout: Duration) -> Self
    where
        S: Stream<Item = reqwest::Result<Bytes>> + Send + 'static,
    {
        let meta = ResponseMeta {
            status: 200,
            ..ResponseMeta::default()
        };
        Self::new(Box::pin(body), terminator, meta, idle_timeout, None, DEFAULT_MAX_EVENT)
    }

    /// A stream that yields these values with no server, as one would send them (each value
    /// one event's JSON, then `[DONE]`), for tests of code that consumes streams. A value that
    /// cannot be written as JSON arrives as an error in its place.
    pub fn from_values(values: impl IntoIterator<Item = T>) -> Self
    where
        T: serde::Serialize,
    {
        let mut body = String::new();
        for value in values {
            let data = serde_json::to_string(&value).unwrap_or_else(|e| {
                serde_json::json!({"error": {"message": format!("the value cannot be written as JSON: {e}")}})
                    .to_string()
            });
            body.push_str("data: ");
            body.push_str(&data);
            body.push_str("\n\n");
        }
        body.push_str("data: [DONE]\n\n");
        Self::from_bytes(Once(Some(Bytes::from(body))), Some("[DONE]"), Duration::from_secs(3600))
    }

    pub(crate) fn new(
        body: Body,
        terminator: Option<&'static str>,
        meta: ResponseMeta,
        idle_timeout: Duration,
        deadline: Option<(Instant, Duration)>,
        max_event: usize,
    ) -> Self {
        EventStream {
            body,
            decoder: SseDecoder::new(),
            terminator,
            meta,
            max_event,
            error_key: memchr::memmem::Finder::new(b"\"error\""),
            idle_timeout,
            idle: Box::pin(tokio::time::sleep(idle_timeout)),
            last_read: Instant::now(),
            deadline: deadline.map(|(at, limit)| (Box::pin(tokio::time::sleep_until(at)), limit)),
            done: false,
            buffered: None,
            _event: PhantomData,
        }
    }

    /// The request id the server gave in the response headers.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }

    /// The response's status, headers and request id.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// Sets the longest line or event accepted (the client passes its `max_event_size`).
    #[must_use]
    pub fn with_max_event_size(mut self, limit: usize) -> Self {
        self.max_event = limit;
        self
    }

    /// The next event, or `None` after the end marker.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the first item ahead, so the client can tell a stream that broke before its
    /// first event (which it may retry) from one that started; the item is still handed out.
    pub(crate) async fn prime(&mut self) -> Option<&Result<T, Error>> {
        let item = self.next().await?;
        self.buffered = Some(item);
        self.buffered.as_ref()
    }

    fn fail(&mut self, e: Error) -> Poll<Option<Result<T, Error>>> {
        self.done = true;
        Poll::Ready(Some(Err(e)))
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(item) = this.buffered.take() {
            return Poll::Ready(Some(item));
        }
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(event) = this.decoder.next_event() {
                if this.terminator.is_some_and(|t| event.data == t.as_bytes()) {
                    this.done = true;
                    return Poll::Ready(None);
                }
                if event.data.is_empty() {
                    // An empty `data:` keeps the connection alive and carries nothing.
                    continue;
                }
                let is_error_event = event.event == "error";
                // An error may come inside an ordinary chunk, beside `choices` and `usage`:
                // whatever else the event holds, a top-level `error` ends the stream. Only
                // data that mentions `"error"` is parsed a second time to find out.
                let mentions_error = is_error_event || this.error_key.find(event.data).is_some();
                if mentions_error {
                    let meta = &this.meta;
                    if let Some(api) = ApiError::from_stream_event(meta.status, event.data, meta.request_id.clone()) {
                        return this.fail(Error::Api(Box::new(api)));
                    }
                }
                if !is_error_event {
                    if let Ok(value) = serde_json::from_slice::<T>(event.data) {
                        return Poll::Ready(Some(Ok(value)));
                    }
                }
                // The slow path, only for data that is not a `T`: a malformed event, reported
                // with the JSON path of the fault.
                let data = event.data.to_vec();
                let (path, message) = malformed(&data, is_error_event, |de| {
                    serde_path_to_error::deserialize::<_, T>(de).map(drop)
                });
                let data = String::from_utf8_lossy(&data).into_owned();
                return this.fail(StreamError::Malformed { path, message, data }.into());
            }
            // Every complete event has been handed out; what the decoder holds now is one
            // unfinished line or event. Past the limit reading stops, so memory stays flat
            // (the limit plus one network read) however much a server sends without a line end.
            if this.decoder.buffered() > this.max_event {
                let limit = this.max_event;
                return this.fail(StreamError::TooLarge { limit }.into());
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(bytes))) => {
                    this.decoder.feed(&bytes);
                    this.last_read = Instant::now();
                }
                Poll::Ready(Some(Err(e))) => {
                    let error = if e.is_timeout() {
                        Error::Timeout {
                            what: "reading the stream",
                            limit: this.idle_timeout,
                        }
                    } else {
                        StreamError::Read(e).into()
                    };
                    return this.fail(error);
                }
                Poll::Ready(None) => {
                    this.done = true;
                    let Some(terminator) = this.terminator else {
                        return Poll::Ready(None);
                    };
                    // An end marker whose final blank line never came still ends the stream
                    // cleanly: the server said it was done.
                    if this.decoder.finish().is_some_and(|e| e.data == terminator.as_bytes()) {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Err(StreamError::ClosedEarly { terminator }.into())));
                }
                Poll::Pending => {
                    while this.idle.as_mut().poll(cx).is_ready() {
                        let due = this.last_read + this.idle_timeout;
                        if due <= Instant::now() {
                            let limit = this.idle_timeout;
                            return this.fail(Error::Timeout {
                                what: "waiting for the next event",
                                limit,
                            });
                        }
                        this.idle.as_mut().reset(due);
                    }
                    if let Some((deadline, limit)) = &mut this.deadline {
                        if deadline.as_mut().poll(cx).is_ready() {
                            let limit = *limit;
                            return this.fail(Error::Timeout {
                                what: "the request",
                                limit,
                            });
                        }
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

/// An event type whose stream adds up to one value, such as a chat completion from its
/// chunks. The crate that defines the event implements it; the runtime then offers
/// [`EventStream::collect_completion`] on its streams.
pub trait Accumulate: Sized {
    /// What the events add up to.
    type Output;
    /// The state that adds them up, empty to begin with.
    type Accumulator: Default;

    /// Adds one event.
    fn push(accumulator: &mut Self::Accumulator, event: &Self);

    /// Whether the events so far are a whole answer, so that a stream closing without its
    /// end marker now is complete rather than cut short (some servers never send `[DONE]`).
    /// By default no answer is whole before the end marker.
    fn is_complete(accumulator: &Self::Accumulator) -> bool {
        let _ = accumulator;
        false
    }

    /// The value the events pushed so far add up to.
    fn finish(accumulator: Self::Accumulator) -> Self::Output;
}

impl<T: DeserializeOwned + Accumulate> EventStream<T> {
    /// Reads the stream to its end and returns what its events add up to (for a chat stream,
    /// the completion). A stream that fails gives that error, and so does one that closes
    /// before its end marker, unless what arrived is whole ([`Accumulate::is_complete`]).
    pub async fn collect_completion(mut self) -> Result<T::Output, Error> {
        let mut accumulator = T::Accumulator::default();
        while let Some(event) = self.next().await {
            match event {
                Ok(event) => T::push(&mut accumulator, &event),
                Err(Error::Stream(StreamError::ClosedEarly { .. })) if T::is_complete(&accumulator) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(T::finish(accumulator))
    }
}

/// What is wrong with an event's data that did not decode: the JSON path and serde's words,
/// trailing data after a whole value included (`{"a":1}{"b":2}` is two values, not one).
fn malformed(
    data: &[u8],
    is_error_event: bool,
    decode: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>,
    ) -> Result<(), serde_path_to_error::Error<serde_json::Error>>,
) -> (String, String) {
    let mut de = serde_json::Deserializer::from_slice(data);
    match decode(&mut de) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        Ok(()) => match de.end() {
            Err(e) => (String::new(), e.to_string()),
            Ok(()) if is_error_event => (String::new(), "an `error` event without an error object".to_owned()),
            Ok(()) => (
                String::new(),
                "the event is not a value of the expected type".to_owned(),
            ),
        },
    }
}

/// A body of one piece.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}
