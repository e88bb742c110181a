//! Typed, streaming Rust client for anyfast.ai, an OpenAI-compatible gateway to ByteDance Doubao
//! and GLM models: chat completions, the models list, Seedream images, Seedance and Kling video
//! tasks and the asset API. Each family is a cargo feature (`chat`, `models`, `images`, `video`,
//! `kling`, `assets`), all on by default.
//!
//! Add `anyfast` and `tokio` (features `macros`, `rt-multi-thread`) to your `Cargo.toml`, set
//! `ANYFAST_API_KEY` (and `ANYFAST_BASE_URL` for another OpenAI-compatible server), and:
//!
//! ```no_run
//! use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model};
//!
//! # async fn run() -> Result<(), Error> {
//! let client = Client::from_env()?;
//! let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("你好")]);
//! let done = client.create_chat_completion(&request).await?;
//! println!("{}", done.choices[0].message.content.as_deref().unwrap_or_default());
//! # Ok(())
//! # }
//! ```
//!
//! # Streaming
//!
//! A stream yields [`ChatCompletionChunk`]s; reasoning and answer arrive apart, and
//! [`EventStream::collect_completion`] (or a [`ChatCompletionAccumulator`]) adds them up to the
//! [`ChatCompletion`] a JSON call would have returned.
//!
//! ```no_run
//! # use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model};
//! # async fn run(client: Client, request: ChatCompletionRequest) -> Result<(), Error> {
//! let mut stream = client.create_chat_completion_stream(&request).await?;
//! while let Some(chunk) = stream.next().await {
//!     for choice in chunk?.choices {
//!         if let Some(text) = choice.delta.reasoning_content { eprint!("{text}"); }
//!         if let Some(text) = choice.delta.content { print!("{text}"); }
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Tools
//!
//! ```
//! use anyfast::{ChatCompletionRequest, ChatMessage, Model, Tool, ToolChoiceMode};
//! use serde_json::json;
//!
//! let weather = Tool::function(
//!     "get_weather",
//!     "The weather in a city",
//!     json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
//! );
//! let request = ChatCompletionRequest::new(Model::DoubaoSeed2_0Code, [ChatMessage::user("Weather in Paris?")])
//!     .with_tools(vec![weather])
//!     .with_tool_choice(ToolChoiceMode::Auto);
//! assert_eq!(serde_json::to_value(&request).unwrap()["tools"][0]["function"]["name"], "get_weather");
//! ```
//!
//! The reply's [`ToolCall`]s (merged from their streamed fragments by the accumulator) are
//! answered with [`ToolCall::answer`], and the assistant turn goes back into the history with
//! `ChatMessage::from(&message)`.
//!
//! # Errors
//!
//! Every call returns [`Error`]. Its `Display` is one line meant for people; match on it to
//! act. A request that breaks a limit of the spec is refused before anything is sent:
//!
//! ```
//! use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let client = Client::new("sk-...");
//! let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("hi")])
//!     .with_temperature(3.0);
//! match client.create_chat_completion(&request).await {
//!     Err(Error::InvalidRequest { field, reason }) => assert_eq!((field.as_str(), reason.as_str()), ("temperature", "must be at most 2, got 3")),
//!     Err(Error::Api(e)) => eprintln!("{} {:?} (request id {:?})", e.status, e.message, e.request_id),
//!     Err(e) => eprintln!("error: {e}"),
//!     Ok(_) => unreachable!("a temperature of 3 is never sent"),
//! }
//! # }
//! ```
//!
//! # Generation tasks
//!
//! A video is a task: `create_video_generation_task` starts it and returns a
//! [`Task`](runtime::Task) handle that reads it until its status is final, honouring
//! `Retry-After` and the documented interval, and ends in the result or in
//! [`Error::TaskFailed`] with the server's reason.
//!
//! ```no_run
//! # #[cfg(feature = "video")]
//! # async fn run(client: anyfast::Client) -> Result<(), anyfast::Error> {
//! use anyfast::{VideoContent, VideoGenerationRequest, VideoModel};
//!
//! let request = VideoGenerationRequest::new(VideoModel::Seedance)
//!     .with_content(vec![VideoContent::new("text").with_text("a cat playing piano")]);
//! let done = client.create_video_generation_task(&request).await?.wait().await?;
//! println!("{}", done.result_url().unwrap_or_default());
//! # Ok(())
//! # }
//! ```
//!
//! # Configuration
//!
//! ```
//! use std::time::Duration;
//!
//! let client = anyfast::Client::builder()
//!     .api_key("sk-...")
//!     .base_url("http://127.0.0.1:4000/v1") // the API's root: requests go to `…/v1/chat/completions`
//!     .timeout(Duration::from_secs(60))
//!     .max_retries(2)
//!     .build()?;
//! assert_eq!(client.base_url(), "http://127.0.0.1:4000/v1");
//!
//! // A blank key, or a base URL that cannot work, is a configuration error.
//! assert!(anyfast::Client::builder().api_key(" ").build().is_err());
//! assert!(anyfast::Client::builder().api_key("k").base_url("localhost:4000").build().is_err());
//! # Ok::<(), anyfast::Error>(())
//! ```
//!
//! Per call, [`RequestOptions`] add headers, extra body fields, a timeout or a retry count
//! (`create_chat_completion_with`), and the `_with_response` methods return the
//! [`ResponseMeta`] (status, headers, request id) beside the value.
//!
//! # The main types
//!
//! - [`Client`] and [`ClientBuilder`]: the calls, and their configuration.
//! - [`ChatCompletionRequest`], built from a [`Model`] and [`ChatMessage`]s; [`Tool`],
//!   [`ResponseFormat`] and [`Thinking`] among its options.
//! - [`ChatCompletion`], or a stream of [`ChatCompletionChunk`]s in an [`EventStream`], added up
//!   by [`ChatCompletionAccumulator`]; [`Usage`] counts the tokens.
//! - [`Error`], with [`ApiError`] for what the server said.
//! - [`runtime`]: what every generated client shares (retries, timeouts, SSE, limits).

#![warn(missing_docs)]

// The layout says what is generated: `src/generated/` is written by `cargo xtask codegen` from
// `spec/openapi.yaml` and never edited by hand; everything else under `src/` is hand-written.
// Generated modules keep prettyplease's layout, so that `cargo fmt` and `cargo xtask codegen
// --check` agree on every byte.
#[cfg(feature = "chat")]
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

#[cfg(feature = "chat")]
pub use chat::{strict_json_schema, ChatCompletionAccumulator, ChatCompletionEvents, ChatStreamEvent, ParseError};
pub use client::*;
// Inlined, so that the front page lists every type.
#[doc(inline)]
pub use models::*;
pub use runtime::{ApiError, Error, ErrorKind, EventStream, RequestOptions, ResponseMeta};
