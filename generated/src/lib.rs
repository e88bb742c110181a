//! Typed, streaming Rust client for the anyfast.ai chat completions API.
//!
//! ```no_run
//! # async fn run() -> Result<(), anyfast::Error> {
//! use anyfast::{ChatCompletionRequest, ChatMessage, Client, Model, Role};
//!
//! let client = Client::from_env()?;
//! let request = ChatCompletionRequest::new(
//!     Model::DoubaoSeed1_6_251015,
//!     [ChatMessage::user("你好")],
//! );
//! let done = client.create_chat_completion(&request).await?;
//! println!("{:?}", done.choices[0].message.content);
//! # Ok(())
//! # }
//! ```
//!
//! `models` and `client` are generated from `spec/openapi.yaml`; `runtime` and `accumulator`
//! are written by hand.

#![warn(missing_docs)]

mod accumulator;
mod conveniences;
// Generated modules keep prettyplease's layout, so that `cargo fmt` and
// `cargo xtask codegen --check` agree on every byte.
#[rustfmt::skip]
mod client;
#[rustfmt::skip]
pub mod models;
pub mod runtime;

pub use accumulator::ChatCompletionAccumulator;
pub use models::*;
pub use runtime::{Client, ClientBuilder, Error, EventStream, RequestOptions, ResponseMeta};
