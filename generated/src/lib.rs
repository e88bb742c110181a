//! Typed, streaming Rust client for the anyfast.ai chat completions API.
//!
//! ```no_run
//! # async fn run() -> Result<(), anyfast::Error> {
//! use anyfast::{ChatCompletionRequest, ChatMessage, Client, Model};
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

#![warn(missing_docs)]

// The layout says what is generated: `src/generated/` is written by `cargo xtask codegen` from
// `spec/openapi.yaml` and never edited by hand; everything else under `src/` is hand-written.
// Generated modules keep prettyplease's layout, so that `cargo fmt` and `cargo xtask codegen
// --check` agree on every byte.
mod chat;
#[rustfmt::skip]
#[path = "generated/client.rs"]
mod client;
#[rustfmt::skip]
#[path = "generated/models.rs"]
pub mod models;

/// The API-agnostic runtime the client stands on (the `anyfast-runtime` crate): errors,
/// streams, request options, retries.
pub use anyfast_runtime as runtime;

pub use chat::ChatCompletionAccumulator;
pub use client::*;
pub use models::*;
pub use runtime::{Error, EventStream, RequestOptions, ResponseMeta};
