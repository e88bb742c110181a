//! The hand-written runtime that generated clients stand on: configuration, transport with
//! retries, SSE decoding, typed errors and request validation. It knows nothing of any one API:
//! what it needs from the spec arrives as an `ApiInfo` from the generated `client` module, and
//! the generated `Client` holds the runtime's [`Client`].
//!
//! It is a crate of its own (`anyfast-runtime`) and, unchanged, the `runtime` module that
//! `anyfast-codegen` copies into a standalone crate; so its files name one another through
//! `super::`, never `crate::`.

mod auth;
mod body;
mod builder;
mod client;
mod enums;
mod error;
pub mod merge;
#[cfg(feature = "testing")]
pub mod mock;
mod multipart;
#[doc(hidden)]
pub mod object;
mod paginate;
mod params;
mod received;
mod request;
mod response;
mod retry;
pub mod sse;
mod stream;
mod task;
#[doc(hidden)]
pub mod testing;
mod validate;
#[cfg(feature = "webhooks")]
pub mod webhooks;

pub use client::{Client, ClientBuilder, RequestOptions, RequestParts};
pub use error::{ApiError, Error, ErrorCode, ErrorKind, StreamError};
pub use multipart::Multipart;
#[doc(hidden)]
pub use paginate::{next_link, with_body_cursor, with_optional_body_cursor, PageFuture, PageWithMetaFuture};
pub use paginate::{Items, PageCursor, PageRule, PageStyle, Pages, DEFAULT_MAX_PAGES};
/// The HTTP method of a request, as [`RequestParts::new`] takes it.
pub use reqwest::Method;
pub use response::{ResponseMeta, REQUEST_ID_HEADERS};
pub use stream::{Accumulate, EventStream};
pub use task::{Task, TaskRule, TaskState, DEFAULT_TASK_INTERVAL, DEFAULT_TASK_TIMEOUT};
pub use validate::{Validate, ValidationError};

// What generated code calls and users need not: hidden from the docs, kept public only so
// that the generated modules (and a standalone crate's) can reach it by path.
#[doc(hidden)]
pub use crate::{
    __runtime_closed_enum as closed_enum, __runtime_json_struct as json_struct, __runtime_open_enum as open_enum,
    __runtime_setters as setters, __runtime_union_from as union_from,
};
#[doc(hidden)]
pub use auth::{AuthScheme, Credential};
pub use client::ApiInfo;
#[doc(hidden)]
pub use enums::{deserialize_tagged, open_enum_cmp, serialize_tagged};
#[doc(hidden)]
pub use params::{
    deserialize_open_enum, deserialize_present, null_as_default, path_segment, push_param, push_query,
    push_query_styled, QueryStyle,
};
#[doc(hidden)]
pub use received::Received;
#[doc(hidden)]
pub use retry::{backoff_delay, retry_after};
#[doc(hidden)]
pub use task::{task_id, PollFn, PollFuture};
#[doc(hidden)]
pub use validate::{check_items, check_length, check_one_of, check_range};
