//! Hand-written, chat-specific helpers on top of the generated models: the accumulator that
//! adds streamed chunks up to a completion, typed stream events, and shortcuts for building
//! messages, tools and options. Nothing here is regenerated.

mod accumulator;
mod conveniences;
mod events;
mod structured;

pub use accumulator::ChatCompletionAccumulator;
pub use events::{ChatCompletionEvents, ChatStreamEvent};
pub use structured::{strict_json_schema, ParseError};
