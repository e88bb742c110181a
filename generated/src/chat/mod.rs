//! Hand-written, chat-specific helpers on top of the generated models: the accumulator that
//! adds streamed chunks up to a completion, and shortcuts for building messages, tools and
//! options. Nothing here is regenerated.

mod accumulator;
mod conveniences;

pub use accumulator::ChatCompletionAccumulator;
