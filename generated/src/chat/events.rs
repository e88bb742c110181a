//! Typed events over a chat stream, as the Stainless SDKs offer them: what changed, with the
//! text so far, and when each part of the answer is done, so a chat UI or an agent loop need
//! not write the accumulation.

use std::collections::VecDeque;

use crate::chat::ChatCompletionAccumulator;
use crate::models::{ChatCompletion, ChatCompletionChunk};
use crate::runtime::{Error, EventStream, ResponseMeta, StreamError};

/// One thing that happened in a chat stream. Every chunk gives a [`ChatStreamEvent::Chunk`]
/// first, then an event per part it changed; the `*Done` events of a choice come when it
/// gets its `finish_reason` (a tool call's also when the next call starts).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChatStreamEvent {
    /// A chunk, as it arrived (boxed, so the small events stay small).
    Chunk(Box<ChatCompletionChunk>),
    /// More of the answer.
    ContentDelta {
        /// The choice.
        choice: i64,
        /// What this chunk added.
        delta: String,
        /// The answer so far.
        snapshot: String,
    },
    /// The whole answer of a choice.
    ContentDone {
        /// The choice.
        choice: i64,
        /// The answer.
        content: String,
    },
    /// More of the reasoning (`reasoning_content`).
    ReasoningDelta {
        /// The choice.
        choice: i64,
        /// What this chunk added.
        delta: String,
        /// The reasoning so far.
        snapshot: String,
    },
    /// The whole reasoning of a choice.
    ReasoningDone {
        /// The choice.
        choice: i64,
        /// The reasoning.
        reasoning: String,
    },
    /// More of a refusal (a delta's `refusal`, which OpenAI's models send).
    RefusalDelta {
        /// The choice.
        choice: i64,
        /// What this chunk added.
        delta: String,
        /// The refusal so far.
        snapshot: String,
    },
    /// The whole refusal of a choice.
    RefusalDone {
        /// The choice.
        choice: i64,
        /// The refusal.
        refusal: String,
    },
    /// More of a tool call's arguments.
    ToolCallArgumentsDelta {
        /// The choice.
        choice: i64,
        /// The tool call's `index`.
        index: i64,
        /// The function's name, once known.
        name: String,
        /// What this chunk added to the arguments.
        delta: String,
        /// The arguments so far.
        arguments: String,
    },
    /// A tool call whose arguments are complete.
    ToolCallArgumentsDone {
        /// The choice.
        choice: i64,
        /// The tool call's `index`.
        index: i64,
        /// The function's name.
        name: String,
        /// The complete arguments, a JSON text.
        arguments: String,
    },
}

/// A chat stream read as [`ChatStreamEvent`]s, with the completion so far at any point
/// ([`ChatCompletionEvents::snapshot`]) and the final one at the end
/// ([`ChatCompletionEvents::into_completion`]).
///
/// ```no_run
/// # use anyfast::{ChatCompletionEvents, ChatCompletionRequest, ChatStreamEvent, Client, Error};
/// # async fn run(client: Client, request: ChatCompletionRequest) -> Result<(), Error> {
/// let mut events = ChatCompletionEvents::new(client.create_chat_completion_stream(&request).await?);
/// while let Some(event) = events.next().await {
///     match event? {
///         ChatStreamEvent::ContentDelta { delta, .. } => print!("{delta}"),
///         ChatStreamEvent::ToolCallArgumentsDone { name, arguments, .. } => println!("call {name}({arguments})"),
///         _ => {}
///     }
/// }
/// let done = events.into_completion();
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ChatCompletionEvents {
    stream: EventStream<ChatCompletionChunk>,
    accumulator: ChatCompletionAccumulator,
    pending: VecDeque<ChatStreamEvent>,
    /// Per choice, the tool call whose arguments are still arriving, and the choices done.
    open_call: std::collections::BTreeMap<i64, i64>,
    finished: std::collections::BTreeSet<i64>,
    ended: bool,
}

impl ChatCompletionEvents {
    /// Events over a chat stream.
    pub fn new(stream: EventStream<ChatCompletionChunk>) -> Self {
        ChatCompletionEvents {
            stream,
            accumulator: ChatCompletionAccumulator::new(),
            pending: VecDeque::new(),
            open_call: Default::default(),
            finished: Default::default(),
            ended: false,
        }
    }

    /// The next event, or `None` at the end of the stream. A stream that closes without its
    /// end marker after every choice finished ends cleanly; one cut short before that gives
    /// the error.
    pub async fn next(&mut self) -> Option<Result<ChatStreamEvent, Error>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(Ok(event));
            }
            if self.ended {
                return None;
            }
            match self.stream.next().await {
                None => self.ended = true,
                Some(Ok(chunk)) => self.absorb(chunk),
                Some(Err(Error::Stream(StreamError::ClosedEarly { .. }))) if self.accumulator.is_complete() => {
                    self.ended = true;
                }
                Some(Err(e)) => {
                    self.ended = true;
                    return Some(Err(e));
                }
            }
        }
    }

    /// The completion as far as it has arrived.
    pub fn snapshot(&self) -> ChatCompletion {
        self.accumulator.snapshot()
    }

    /// The accumulator behind the events, for the text of a choice so far.
    pub fn accumulator(&self) -> &ChatCompletionAccumulator {
        &self.accumulator
    }

    /// The response's status, headers and request id.
    pub fn meta(&self) -> &ResponseMeta {
        self.stream.meta()
    }

    /// The completion the events added up to.
    pub fn into_completion(self) -> ChatCompletion {
        self.accumulator.finish()
    }

    /// Reads the rest of the stream and returns the final completion.
    pub async fn finish(mut self) -> Result<ChatCompletion, Error> {
        while let Some(event) = self.next().await {
            event?;
        }
        Ok(self.into_completion())
    }

    fn absorb(&mut self, chunk: ChatCompletionChunk) {
        self.accumulator.push(&chunk);
        let acc = &self.accumulator;
        let mut events = Vec::new();
        for choice in &chunk.choices {
            let i = choice.index;
            let delta = &choice.delta;
            if let Some(text) = delta.reasoning_content.as_ref().filter(|t| !t.is_empty()) {
                events.push(ChatStreamEvent::ReasoningDelta {
                    choice: i,
                    delta: text.clone(),
                    snapshot: acc.reasoning_content(i).unwrap_or_default().to_owned(),
                });
            }
            if let Some(text) = delta.content.as_ref().filter(|t| !t.is_empty()) {
                events.push(ChatStreamEvent::ContentDelta {
                    choice: i,
                    delta: text.clone(),
                    snapshot: acc.content(i).unwrap_or_default().to_owned(),
                });
            }
            if let Some(text) = delta
                .extra
                .get("refusal")
                .and_then(|v| v.as_str())
                .filter(|t| !t.is_empty())
            {
                events.push(ChatStreamEvent::RefusalDelta {
                    choice: i,
                    delta: text.to_owned(),
                    snapshot: acc.refusal(i).unwrap_or_default().to_owned(),
                });
            }
            for fragment in delta.tool_calls.iter().flatten() {
                // A new call means the one before it is complete.
                if let Some(previous) = self
                    .open_call
                    .insert(i, fragment.index)
                    .filter(|p| *p != fragment.index)
                {
                    events.extend(call_done(acc, i, previous));
                }
                let piece = fragment
                    .function
                    .as_ref()
                    .and_then(|f| f.arguments.clone())
                    .unwrap_or_default();
                let arguments = acc.tool_call_arguments(i, fragment.index).filter(|_| !piece.is_empty());
                if let Some((name, arguments)) = arguments {
                    events.push(ChatStreamEvent::ToolCallArgumentsDelta {
                        choice: i,
                        index: fragment.index,
                        name: name.to_owned(),
                        delta: piece,
                        arguments: arguments.to_owned(),
                    });
                }
            }
            if choice.finish_reason.is_some() && self.finished.insert(i) {
                if let Some(open) = self.open_call.remove(&i) {
                    events.extend(call_done(acc, i, open));
                }
                if let Some(content) = acc.content(i) {
                    events.push(ChatStreamEvent::ContentDone {
                        choice: i,
                        content: content.to_owned(),
                    });
                }
                if let Some(reasoning) = acc.reasoning_content(i) {
                    events.push(ChatStreamEvent::ReasoningDone {
                        choice: i,
                        reasoning: reasoning.to_owned(),
                    });
                }
                if let Some(refusal) = acc.refusal(i) {
                    events.push(ChatStreamEvent::RefusalDone {
                        choice: i,
                        refusal: refusal.to_owned(),
                    });
                }
            }
        }
        self.pending.push_back(ChatStreamEvent::Chunk(Box::new(chunk)));
        self.pending.extend(events);
    }
}

fn call_done(acc: &ChatCompletionAccumulator, choice: i64, index: i64) -> Option<ChatStreamEvent> {
    let (name, arguments) = acc.tool_call_arguments(choice, index)?;
    Some(ChatStreamEvent::ToolCallArgumentsDone {
        choice,
        index,
        name: name.to_owned(),
        arguments: arguments.to_owned(),
    })
}
