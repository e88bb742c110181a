//! Auto-pagination: a list operation's pages as a `Stream`, and its items as another. The
//! generated method says how to fetch a page at a cursor; a [`PageRule`] (decided from the spec)
//! says where a page keeps its items and the way to the next one. Every next request keeps the
//! caller's arguments and changes only the cursor, offset, page number or URL.
//!
//! It stops at the documented end (no next cursor or URL, `has_more: false`, an empty page, the
//! total reached). A server that repeats a cursor, or a page that does not advance (the same
//! items again), ends the stream with [`Error::Pagination`] instead of looping, and so does a
//! page past [`Pages::max_pages`] (1,000 unless raised): a mock that answers the same page
//! forever cannot hang a caller.

use std::collections::{BTreeSet, VecDeque};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{Error, ResponseMeta};

/// How many pages a stream reads at most unless told otherwise.
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// Which page to fetch: the first, or what the previous page said of the next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PageCursor {
    /// The first page, as the caller asked for it.
    First,
    /// An opaque cursor or token.
    Token(String),
    /// A cursor that is not text (a number, or an object such as Qdrant's point ids), as the
    /// JSON the server gave; it goes back as that JSON.
    Json(String),
    /// An offset into the list.
    Offset(u64),
    /// A page number.
    Number(u64),
    /// The next page's URL, as the server gave it.
    Url(String),
}

/// How a list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// A cursor the response gives (`next_cursor`, `last_id`, `nextPageToken`) goes back in a
    /// parameter (`after`, `cursor`, `pageToken`).
    Cursor,
    /// The offset moves on by the items read.
    Offset,
    /// The page number goes up by one, from the first page's (1 unless the caller set it).
    Number,
    /// The response gives the next page's URL.
    Url,
    /// The response's `Link` header gives the next page's URL (`rel="next"`, RFC 8288).
    Link,
}

impl PageCursor {
    /// The cursor as the JSON value it goes back as: a string, a number, or what the server
    /// gave; `None` for the first page and a URL.
    pub fn to_json(&self) -> Option<Value> {
        match self {
            PageCursor::Token(t) => Some(Value::String(t.clone())),
            PageCursor::Json(text) => serde_json::from_str(text).ok(),
            PageCursor::Offset(n) | PageCursor::Number(n) => Some(Value::from(*n)),
            PageCursor::First | PageCursor::Url(_) => None,
        }
    }

    /// The cursor as text, for a parameter that takes text: a token as it is, any other value
    /// as its JSON.
    pub fn as_text(&self) -> Option<String> {
        match self {
            PageCursor::Token(t) | PageCursor::Json(t) => Some(t.clone()),
            PageCursor::Offset(n) | PageCursor::Number(n) => Some(n.to_string()),
            PageCursor::First | PageCursor::Url(_) => None,
        }
    }
}

/// A request body with its cursor property set to the cursor's JSON value (Qdrant's scroll
/// `offset`), whatever the property's type: through JSON, so every presence and type reads it
/// as the server wrote it. The first page's body is left as the caller gave it.
pub fn with_body_cursor<B: Serialize + DeserializeOwned>(body: B, wire: &str, cursor: &PageCursor) -> Result<B, Error> {
    let Some(value) = cursor.to_json() else {
        return Ok(body);
    };
    let json = serde_json::to_value(&body).map_err(|e| Error::Pagination(format!("the request body: {e}")))?;
    set_cursor(json, wire, value)
}

/// [`with_body_cursor`] for an optional body: a caller who sent none gets, from the second
/// page on, a body holding only the cursor.
pub fn with_optional_body_cursor<B: Serialize + DeserializeOwned>(
    body: Option<B>,
    wire: &str,
    cursor: &PageCursor,
) -> Result<Option<B>, Error> {
    match (body, cursor.to_json()) {
        (Some(body), _) => with_body_cursor(body, wire, cursor).map(Some),
        (None, None) => Ok(None),
        (None, Some(value)) => set_cursor(Value::Object(serde_json::Map::new()), wire, value).map(Some),
    }
}

/// The body's JSON with `wire` set to `value`, read back as the body's type.
fn set_cursor<B: DeserializeOwned>(mut json: Value, wire: &str, value: Value) -> Result<B, Error> {
    let Some(object) = json.as_object_mut() else {
        return Err(Error::Pagination("the request body is not an object".to_owned()));
    };
    object.insert(wire.to_owned(), value);
    serde_json::from_value(json)
        .map_err(|e| Error::Pagination(format!("the next cursor does not fit the body's `{wire}`: {e}")))
}

/// The `rel="next"` target of a `Link` header (RFC 8288): `<url>; rel="next", <url>; rel="last"`.
/// A `rel` may list several relations (`rel="next last"`) and go unquoted.
pub fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>')?;
        let target = &after[..close];
        let params_end = after[close..].find('<').map_or(after.len(), |i| close + i);
        let params = &after[close + 1..params_end];
        let is_next = params.split(';').any(|param| {
            let Some((key, value)) = param.split_once('=') else {
                return false;
            };
            key.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_owned());
        }
        rest = &after[params_end..];
    }
    None
}

/// Where a page keeps its items and the way on (JSON pointers into the page; empty when the
/// page has no such thing), from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRule {
    /// How the list pages.
    pub style: PageStyle,
    /// The items (empty: the page is the array of items).
    pub items: &'static str,
    /// The next cursor or URL; `last:` and a pointer into the last item (`last:/id`) for a list
    /// whose next cursor is its last item's id, as OpenAI's `after` is.
    pub next: &'static str,
    /// Whether there is more (`has_more`).
    pub has_more: &'static str,
    /// The total: of items (offset style) or of pages (page numbers).
    pub total: &'static str,
    /// The offset or page number the first page is at, when the caller did not say.
    pub start: u64,
}

/// The future of one page.
pub type PageFuture<P> = Pin<Box<dyn Future<Output = Result<P, Error>> + Send>>;

/// The future of one page with its response's status and headers, for lists whose way on is
/// a header.
pub type PageWithMetaFuture<P> = Pin<Box<dyn Future<Output = Result<(P, ResponseMeta), Error>> + Send>>;

/// A page and the `Link` header's next URL, when the list pages by it.
type Fetched<P> = Pin<Box<dyn Future<Output = Result<(P, Option<String>), Error>> + Send>>;

/// Fetches the page at a cursor (a generated method with the caller's arguments).
type Fetch<P> = Box<dyn FnMut(PageCursor) -> Fetched<P> + Send>;

/// A list operation's pages, fetched one at a time as the stream is read.
pub struct Pages<P> {
    fetch: Fetch<P>,
    rule: &'static PageRule,
    next: Option<PageCursor>,
    current: PageCursor,
    in_flight: Option<Fetched<P>>,
    link: Option<String>,
    seen: BTreeSet<PageCursor>,
    last_items: Option<u64>,
    start: u64,
    read: usize,
    max_pages: usize,
    failed: Option<Error>,
}

impl<P> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("rule", self.rule)
            .field("next", &self.next)
            .field("read", &self.read)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

// Nothing is pinned in place: the page future is boxed.
impl<P> Unpin for Pages<P> {}

impl<P: Serialize + Send + 'static> Pages<P> {
    /// The pages of a list; generated methods make these.
    #[doc(hidden)]
    pub fn new(rule: &'static PageRule, mut fetch: impl FnMut(PageCursor) -> PageFuture<P> + Send + 'static) -> Self {
        Self::fetching(
            rule,
            Box::new(move |cursor| {
                let page = fetch(cursor);
                Box::pin(async move { page.await.map(|p| (p, None)) })
            }),
        )
    }

    /// The pages of a list whose way on may be the `Link` header; generated methods make
    /// these.
    #[doc(hidden)]
    pub fn with_meta(
        rule: &'static PageRule,
        mut fetch: impl FnMut(PageCursor) -> PageWithMetaFuture<P> + Send + 'static,
    ) -> Self {
        Self::fetching(
            rule,
            Box::new(move |cursor| {
                let page = fetch(cursor);
                Box::pin(async move {
                    page.await.map(|(p, meta)| {
                        let link = meta
                            .headers
                            .get_all("link")
                            .iter()
                            .find_map(|v| next_link(v.to_str().ok()?));
                        (p, link)
                    })
                })
            }),
        )
    }

    fn fetching(rule: &'static PageRule, fetch: Fetch<P>) -> Self {
        Pages {
            fetch,
            rule,
            next: Some(PageCursor::First),
            current: PageCursor::First,
            in_flight: None,
            link: None,
            seen: BTreeSet::new(),
            last_items: None,
            start: rule.start,
            read: 0,
            max_pages: DEFAULT_MAX_PAGES,
            failed: None,
        }
    }

    /// Reads at most this many pages; one more is [`Error::Pagination`].
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = n;
        self
    }

    /// The offset or page number the caller's first request is at, when they set one.
    #[doc(hidden)]
    pub fn starting_at(mut self, at: Option<u64>) -> Self {
        if let Some(at) = at {
            self.start = at;
        }
        self
    }

    /// The next page, or `None` after the last.
    pub async fn next(&mut self) -> Option<Result<P, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, one at a time.
    pub fn items<T: DeserializeOwned>(self) -> Items<P, T> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }

    /// Where the page after `page` is, or `None` at the end; an error when the list does not
    /// advance.
    fn advance(&mut self, page: &Value) -> Result<Option<PageCursor>, Error> {
        let rule = self.rule;
        let at = |pointer: &str| (!pointer.is_empty()).then(|| page.pointer(pointer)).flatten();
        // An empty pointer is the page itself: a list answered as a bare array.
        let items = page.pointer(rule.items).and_then(Value::as_array);
        let count = items.map_or(0, Vec::len) as u64;
        if at(rule.has_more).and_then(Value::as_bool) == Some(false) {
            return Ok(None);
        }
        let next = match rule.style {
            PageStyle::Link => match self.link.take() {
                Some(url) => PageCursor::Url(url),
                None => return Ok(None),
            },
            PageStyle::Cursor | PageStyle::Url => {
                let found = match rule.next.strip_prefix("last:") {
                    Some(inner) => items.and_then(|i| i.last()).and_then(|last| last.pointer(inner)),
                    None => at(rule.next),
                };
                // Text is a token; another value (a number, Qdrant's point id) goes back as
                // the JSON it came as. An empty string or `null` is the end.
                let next = found.and_then(|v| match v {
                    Value::String(s) if !s.is_empty() => Some(PageCursor::Token(s.clone())),
                    Value::String(_) | Value::Null => None,
                    other => Some(PageCursor::Json(other.to_string())),
                });
                match (next, rule.style) {
                    (None, _) => return Ok(None),
                    (Some(PageCursor::Token(url)), PageStyle::Url) if url.contains("://") || url.starts_with('/') => {
                        PageCursor::Url(url)
                    }
                    // A link that is neither a URL nor a path cannot be followed.
                    (Some(other), PageStyle::Url) => {
                        let shown = other.as_text().unwrap_or_default();
                        return Err(Error::Pagination(format!(
                            "the next-page link `{shown}` after page {} is neither a URL nor a path",
                            self.read
                        )));
                    }
                    (Some(cursor), _) => cursor,
                }
            }
            PageStyle::Offset | PageStyle::Number => {
                if count == 0 {
                    return Ok(None);
                }
                // The same items as the page before: the list does not advance.
                let signature = signature(items);
                if self.last_items == Some(signature) {
                    return Err(Error::Pagination(format!(
                        "page {} has the same items as the page before it; stopping rather than reading it again",
                        self.read
                    )));
                }
                self.last_items = Some(signature);
                let total = at(rule.total).and_then(Value::as_u64);
                match (rule.style, &self.current) {
                    (PageStyle::Offset, cursor) => {
                        let offset = match cursor {
                            PageCursor::Offset(n) => *n,
                            _ => self.start,
                        } + count;
                        if total.is_some_and(|t| offset >= t) {
                            return Ok(None);
                        }
                        PageCursor::Offset(offset)
                    }
                    (_, cursor) => {
                        let number = match cursor {
                            PageCursor::Number(n) => *n,
                            _ => self.start,
                        };
                        if total.is_some_and(|t| number >= t) {
                            return Ok(None);
                        }
                        PageCursor::Number(number + 1)
                    }
                }
            }
        };
        if !self.seen.insert(next.clone()) {
            return Err(Error::Pagination(format!(
                "the server gave {next:?} again after page {}; stopping rather than looping",
                self.read
            )));
        }
        Ok(Some(next))
    }
}

/// A hash of a page's items, to tell whether a page repeats the one before.
fn signature(items: Option<&Vec<Value>>) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    items
        .map(|i| serde_json::to_string(i).unwrap_or_default())
        .hash(&mut hasher);
    hasher.finish()
}

impl<P: Serialize + Send + 'static> Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(error) = this.failed.take() {
            this.next = None;
            return Poll::Ready(Some(Err(error)));
        }
        if this.in_flight.is_none() {
            let Some(cursor) = this.next.take() else {
                return Poll::Ready(None);
            };
            if this.read >= this.max_pages {
                return Poll::Ready(Some(Err(Error::Pagination(format!(
                    "more than {} pages; raise `max_pages` to read further",
                    this.max_pages
                )))));
            }
            this.current = cursor.clone();
            this.in_flight = Some((this.fetch)(cursor));
        }
        let Some(future) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        match future.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => {
                this.in_flight = None;
                this.next = None;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(Ok((page, link))) => {
                this.in_flight = None;
                this.read += 1;
                this.link = link;
                let json = serde_json::to_value(&page).unwrap_or(Value::Null);
                match this.advance(&json) {
                    Ok(next) => this.next = next,
                    // The page is handed out; the error comes next.
                    Err(e) => this.failed = Some(e),
                }
                Poll::Ready(Some(Ok(page)))
            }
        }
    }
}

/// The items of a list's pages, one at a time.
pub struct Items<P, T> {
    pages: Pages<P>,
    buffered: VecDeque<T>,
}

impl<P, T> std::fmt::Debug for Items<P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<P, T> Unpin for Items<P, T> {}

impl<P: Serialize + Send + 'static, T: DeserializeOwned> Items<P, T> {
    /// Reads at most this many pages; one more is [`Error::Pagination`].
    pub fn max_pages(mut self, n: usize) -> Self {
        self.pages.max_pages = n;
        self
    }

    /// The next item, or `None` after the last page's last.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P: Serialize + Send + 'static, T: DeserializeOwned> Stream for Items<P, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    let json = serde_json::to_value(&page).unwrap_or(Value::Null);
                    let items = json
                        .pointer(this.pages.rule.items)
                        .cloned()
                        .unwrap_or(Value::Array(Vec::new()));
                    match serde_json::from_value::<Vec<T>>(items) {
                        Ok(items) => this.buffered.extend(items),
                        Err(e) => {
                            return Poll::Ready(Some(Err(Error::Decode {
                                path: this.pages.rule.items.trim_start_matches('/').replace('/', "."),
                                message: e.to_string(),
                                body: json.to_string(),
                            })))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::{Arc, Mutex};

    fn pages(rule: &'static PageRule, answers: Vec<Value>) -> (Pages<Value>, Arc<Mutex<Vec<PageCursor>>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let mut answers = answers.into_iter();
        let pages = Pages::new(rule, move |cursor| {
            record.lock().expect("lock").push(cursor);
            let answer = answers.next().unwrap_or(Value::Null);
            Box::pin(async move { Ok(answer) })
        });
        (pages, asked)
    }

    async fn read_all<P: Serialize + Send + 'static>(mut pages: Pages<P>) -> (usize, Option<Error>) {
        let mut read = 0;
        while let Some(page) = pages.next().await {
            match page {
                Ok(_) => read += 1,
                Err(e) => return (read, Some(e)),
            }
        }
        (read, None)
    }

    const CURSOR: PageRule = PageRule {
        style: PageStyle::Cursor,
        items: "/data",
        next: "/last_id",
        has_more: "/has_more",
        total: "",
        start: 0,
    };
    const OFFSET: PageRule = PageRule {
        style: PageStyle::Offset,
        items: "/items",
        next: "",
        has_more: "",
        total: "/total",
        start: 0,
    };

    #[tokio::test]
    async fn a_cursor_list_ends_where_it_says_and_never_loops() {
        let (p, asked) = pages(
            &CURSOR,
            vec![
                json!({"data": [1, 2], "last_id": "b", "has_more": true}),
                json!({"data": [3], "last_id": "c", "has_more": false}),
            ],
        );
        assert_eq!(read_all(p).await.0, 2);
        assert_eq!(
            *asked.lock().expect("lock"),
            [PageCursor::First, PageCursor::Token("b".into())]
        );
        // A server that gives the same cursor again (a mock repeating its page).
        let same = json!({"data": [1], "last_id": "b", "has_more": true});
        let (p, _) = pages(&CURSOR, vec![same.clone(), same.clone(), same]);
        let (read, error) = read_all(p).await;
        assert_eq!(read, 2, "both pages are handed out before the error");
        assert!(matches!(error, Some(Error::Pagination(_))), "{error:?}");
    }

    #[tokio::test]
    async fn an_offset_list_moves_by_the_items_and_stops_at_the_total_or_a_repeat() {
        let (p, asked) = pages(
            &OFFSET,
            vec![json!({"items": [1, 2], "total": 3}), json!({"items": [3], "total": 3})],
        );
        let (read, error) = read_all(p).await;
        assert!(read == 2 && error.is_none(), "{read} {error:?}");
        assert_eq!(*asked.lock().expect("lock"), [PageCursor::First, PageCursor::Offset(2)]);
        let same = json!({"items": [1, 2]});
        let (p, _) = pages(&OFFSET, vec![same.clone(), same.clone(), same]);
        let (read, error) = read_all(p).await;
        assert_eq!(read, 2);
        assert!(matches!(error, Some(Error::Pagination(_))), "{error:?}");
        // An empty page ends the list; a bound on pages ends an endless one.
        let (p, _) = pages(&OFFSET, vec![json!({"items": []})]);
        assert_eq!(read_all(p).await.0, 1);
        let endless: Vec<Value> = (0..10).map(|i| json!({"items": [i]})).collect();
        let (p, _) = pages(&OFFSET, endless);
        let (read, error) = read_all(p.max_pages(3)).await;
        assert_eq!(read, 3);
        assert!(error.is_some_and(|e| e.to_string().contains("more than 3 pages")));
    }

    #[tokio::test]
    async fn a_cursor_may_be_the_last_items_id() {
        const LAST: PageRule = PageRule {
            next: "last:/id",
            ..CURSOR
        };
        let (p, asked) = pages(
            &LAST,
            vec![
                json!({"data": [{"id": "a"}, {"id": "b"}], "has_more": true}),
                json!({"data": [{"id": "c"}], "has_more": false}),
            ],
        );
        assert_eq!(read_all(p).await.0, 2);
        assert_eq!(
            *asked.lock().expect("lock"),
            [PageCursor::First, PageCursor::Token("b".into())]
        );
    }

    #[tokio::test]
    async fn a_next_link_that_is_neither_url_nor_path_ends_the_list_with_an_error() {
        const URL: PageRule = PageRule {
            style: PageStyle::Url,
            next: "/next",
            has_more: "",
            ..CURSOR
        };
        let (p, _) = pages(&URL, vec![json!({"data": [1], "next": "ea fugiat non"})]);
        let (read, error) = read_all(p).await;
        assert_eq!(read, 1);
        assert!(error.is_some_and(|e| e.to_string().contains("neither a URL nor a path")));
    }

    #[test]
    fn the_next_link_is_read_from_any_link_header_form() {
        let cases = [
            (
                r#"<https://api.github.com/repos?page=2>; rel="next", <https://api.github.com/repos?page=5>; rel="last""#,
                Some("https://api.github.com/repos?page=2"),
            ),
            (
                r#"<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=3>; rel="next""#,
                Some("https://x.test/a?page=3"),
            ),
            (
                r#"</admin/clients?page_size=2&page_token=abc>; rel="next""#,
                Some("/admin/clients?page_size=2&page_token=abc"),
            ),
            ("</items?p=2>; rel=next", Some("/items?p=2")),
            (r#"</items?p=2>; title="a, b"; rel="last next""#, Some("/items?p=2")),
            (
                r#"<https://x.test/a?page=1>; rel="first", <https://x.test/a?page=1>; rel="prev""#,
                None,
            ),
            ("", None),
            ("<unterminated; rel=next", None),
        ];
        for (header, want) in cases {
            assert_eq!(next_link(header).as_deref(), want, "{header}");
        }
    }

    #[tokio::test]
    async fn a_link_header_list_follows_rel_next_and_ends_without_one() {
        const LINK: PageRule = PageRule {
            style: PageStyle::Link,
            items: "",
            next: "",
            has_more: "",
            total: "",
            start: 0,
        };
        let meta = |link: Option<&str>| {
            let mut headers = reqwest::header::HeaderMap::new();
            if let Some(link) = link {
                headers.insert("link", link.parse().expect("a header value"));
            }
            ResponseMeta {
                status: 200,
                headers,
                request_id: None,
            }
        };
        let answers = vec![
            (json!([1, 2]), meta(Some(r#"</things?page_token=b>; rel="next""#))),
            (json!([3]), meta(None)),
        ];
        let asked = Arc::new(Mutex::new(Vec::new()));
        let record = asked.clone();
        let mut answers = answers.into_iter();
        let pages: Pages<Value> = Pages::with_meta(&LINK, move |cursor| {
            record.lock().expect("lock").push(cursor);
            let answer = answers.next().expect("no more pages asked for");
            Box::pin(async move { Ok(answer) })
        });
        assert_eq!(read_all(pages).await.0, 2);
        assert_eq!(
            *asked.lock().expect("lock"),
            [PageCursor::First, PageCursor::Url("/things?page_token=b".into())]
        );
    }

    #[tokio::test]
    async fn a_cursor_that_is_not_text_goes_back_as_the_json_it_came_as() {
        const SCROLL: PageRule = PageRule {
            items: "/result/points",
            next: "/result/next_page_offset",
            has_more: "",
            ..CURSOR
        };
        let (p, asked) = pages(
            &SCROLL,
            vec![
                json!({"result": {"points": [1], "next_page_offset": 42}}),
                json!({"result": {"points": [2], "next_page_offset": {"uuid": "a"}}}),
                json!({"result": {"points": [3], "next_page_offset": null}}),
            ],
        );
        assert_eq!(read_all(p).await.0, 3);
        let asked = asked.lock().expect("lock").clone();
        assert_eq!(asked[1], PageCursor::Json("42".into()));
        assert_eq!(asked[2].to_json(), Some(json!({"uuid": "a"})));
        // Set into a body, the value keeps its type; a body that is not an object is refused.
        let body = with_body_cursor(json!({"limit": 2}), "offset", &asked[1]).expect("a body");
        assert_eq!(body, json!({"limit": 2, "offset": 42}));
        let first = with_body_cursor(json!({"limit": 2}), "offset", &PageCursor::First).expect("a body");
        assert_eq!(first, json!({"limit": 2}));
        assert!(with_body_cursor(json!([1]), "offset", &asked[1]).is_err());
        // A caller who sent no body gets one holding the cursor from the second page on.
        assert_eq!(
            with_optional_body_cursor::<Value>(None, "offset", &asked[1]).expect("a body"),
            Some(json!({"offset": 42}))
        );
        assert_eq!(
            with_optional_body_cursor::<Value>(None, "offset", &PageCursor::First).expect("no body"),
            None
        );
    }

    #[tokio::test]
    async fn items_come_one_at_a_time_across_pages() {
        let (p, _) = pages(
            &CURSOR,
            vec![
                json!({"data": [1, 2], "last_id": "b", "has_more": true}),
                json!({"data": [3], "has_more": false}),
            ],
        );
        let mut items = p.items::<u32>();
        let mut got = Vec::new();
        while let Some(item) = items.next().await {
            got.push(item.expect("an item"));
        }
        assert_eq!(got, [1, 2, 3]);
    }
}
