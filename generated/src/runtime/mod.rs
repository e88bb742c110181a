//! The hand-written runtime the generated client stands on: configuration, transport with
//! retries, SSE decoding, typed errors and request validation. It knows nothing of any one API:
//! what it needs from the spec arrives as an [`ApiInfo`] from the generated `client` module.

mod client;
#[macro_use]
mod enums;
mod error;
mod params;
mod retry;
pub mod sse;
mod stream;
mod validate;

pub use client::{ApiInfo, AuthScheme, Client, ClientBuilder, RequestOptions, RequestParts};
#[allow(unused_imports)]
pub(crate) use enums::{closed_enum, open_enum};
pub use enums::{deserialize_tagged, serialize_tagged};
pub use error::{ApiError, Error, ErrorCode, StreamError};
pub use params::{deserialize_open_enum, deserialize_present, path_segment, push_param};
pub use retry::{backoff_delay, retry_after};
pub use stream::EventStream;
pub use validate::{check_items, check_length, check_range, Validate, ValidationError};
