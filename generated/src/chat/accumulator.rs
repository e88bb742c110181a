//! Turning a stream of chunks into the completion it adds up to, losing nothing a chunk held.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::models::{
    ChatCompletion, ChatCompletionChoice, ChatCompletionChunk, ChatCompletionMessage, ChatCompletionObject,
    FinishReason, FunctionCall, Role, ToolCall, ToolCallType, Usage,
};
use crate::runtime::merge::{keep_latest, merge_extra};
use crate::runtime::Accumulate;

/// Collects [`ChatCompletionChunk`]s into the [`ChatCompletion`] they add up to, keeping
/// everything the chunks carried:
///
/// - per choice, `content` and `reasoning_content` concatenated, the role and the last
///   `finish_reason`;
/// - tool calls merged by their `index` (any index, in order): the id, type and name from the
///   fragments that carry them (a resent id replaces, never appends), the arguments
///   concatenated;
/// - the fields the spec does not declare (a delta's `refusal`, `reasoning` or
///   `reasoning_details`, a choice's `logprobs`, a tool call's own) merged by the runtime's one
///   rule ([`runtime::merge`](crate::runtime::merge)): strings concatenate, lists of objects
///   with an `index` merge by index, other lists grow, objects merge key by key, anything else
///   takes the last value that is not `null`; they land in the `extra` of the message, the
///   choice or the tool call;
/// - the chunk's top-level fields (`system_fingerprint`, `service_tier`, a provider object):
///   the last value sent, in the completion's `extra`;
/// - `usage` from whichever chunk carries it; a later chunk without one does not erase it.
///
/// The result does not depend on how the text was split.
///
/// ```
/// # use anyfast::{ChatCompletionAccumulator, ChatCompletionChunk};
/// let mut acc = ChatCompletionAccumulator::new();
/// for line in [
///     r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"think"}}]}"#,
///     r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi","refusal":null},"finish_reason":"stop"}]}"#,
/// ] {
///     acc.push(&serde_json::from_str::<ChatCompletionChunk>(line).unwrap());
/// }
/// assert!(acc.is_complete());
/// let done = acc.finish();
/// assert_eq!(done.choices[0].message.content.as_deref(), Some("hi"));
/// assert_eq!(done.choices[0].message.reasoning_content.as_deref(), Some("think"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ChatCompletionAccumulator {
    id: String,
    created: i64,
    model: String,
    choices: BTreeMap<i64, ChoiceState>,
    usage: Option<Usage>,
    extra: Map<String, Value>,
    chunks: usize,
}

#[derive(Debug, Clone, Default)]
struct ChoiceState {
    role: Option<Role>,
    content: Option<String>,
    reasoning: Option<String>,
    finish_reason: Option<FinishReason>,
    tool_calls: BTreeMap<i64, ToolCallState>,
    /// What the deltas carried beyond the spec: the message's `extra`.
    message_extra: Map<String, Value>,
    /// What the choices carried beyond the spec (`logprobs`): the choice's `extra`.
    extra: Map<String, Value>,
}

/// A tool call as its fragments have built it so far.
#[derive(Debug, Clone, Default)]
struct ToolCallState {
    id: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    arguments: String,
    extra: Map<String, Value>,
    function_extra: Map<String, Value>,
}

impl ChatCompletionAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one chunk.
    pub fn push(&mut self, chunk: &ChatCompletionChunk) {
        self.chunks += 1;
        // A server may leave an id, a time or a model out of some chunks: the first sent wins.
        if self.id.is_empty() {
            self.id.clone_from(&chunk.id);
        }
        if self.created == 0 {
            self.created = chunk.created;
        }
        if self.model.is_empty() {
            self.model.clone_from(&chunk.model);
        }
        keep_latest(&mut self.extra, &chunk.extra);
        for choice in &chunk.choices {
            let state = self.choices.entry(choice.index).or_default();
            let delta = &choice.delta;
            if let Some(role) = &delta.role {
                state.role = Some(role.clone());
            }
            if let Some(text) = &delta.content {
                state.content.get_or_insert_with(String::new).push_str(text);
            }
            if let Some(text) = &delta.reasoning_content {
                state.reasoning.get_or_insert_with(String::new).push_str(text);
            }
            merge_extra(&mut state.message_extra, &delta.extra);
            merge_extra(&mut state.extra, &choice.extra);
            for fragment in delta.tool_calls.iter().flatten() {
                let call = state.tool_calls.entry(fragment.index).or_default();
                if let Some(id) = fragment.id.as_ref().filter(|id| !id.is_empty()) {
                    call.id = Some(id.clone());
                }
                if let Some(kind) = &fragment.r#type {
                    call.kind = Some(kind.as_str().to_owned());
                }
                merge_extra(&mut call.extra, &fragment.extra);
                if let Some(function) = &fragment.function {
                    if let Some(name) = function.name.as_ref().filter(|n| !n.is_empty()) {
                        call.name = Some(name.clone());
                    }
                    if let Some(arguments) = &function.arguments {
                        call.arguments.push_str(arguments);
                    }
                    merge_extra(&mut call.function_extra, &function.extra);
                }
            }
            if let Some(reason) = &choice.finish_reason {
                state.finish_reason = Some(reason.clone());
            }
        }
        if let Some(usage) = &chunk.usage {
            self.usage = Some(usage.clone());
        }
    }

    /// The answer text of choice `index` so far.
    pub fn content(&self, index: i64) -> Option<&str> {
        self.choices.get(&index)?.content.as_deref()
    }

    /// The reasoning text of choice `index` so far.
    pub fn reasoning_content(&self, index: i64) -> Option<&str> {
        self.choices.get(&index)?.reasoning.as_deref()
    }

    /// The refusal of choice `index` so far: a delta's `refusal`, which this spec does not
    /// declare but OpenAI's models send.
    pub fn refusal(&self, index: i64) -> Option<&str> {
        self.choices.get(&index)?.message_extra.get("refusal")?.as_str()
    }

    /// The tool calls of choice `index` as far as they have arrived, in `index` order.
    pub fn tool_calls(&self, index: i64) -> Vec<ToolCall> {
        self.choices
            .get(&index)
            .map(|state| state.tool_calls.values().map(ToolCallState::to_call).collect())
            .unwrap_or_default()
    }

    /// The function name and arguments so far of the tool call `call` (its `index`) of choice
    /// `index`, without building the call.
    pub fn tool_call_arguments(&self, index: i64, call: i64) -> Option<(&str, &str)> {
        let state = self.choices.get(&index)?.tool_calls.get(&call)?;
        Some((state.name.as_deref().unwrap_or_default(), &state.arguments))
    }

    /// The `finish_reason` of choice `index`, once it has one.
    pub fn finish_reason(&self, index: i64) -> Option<&FinishReason> {
        self.choices.get(&index)?.finish_reason.as_ref()
    }

    /// Whether what arrived is a whole answer: at least one choice, and every choice has its
    /// `finish_reason`. A stream that closes without `[DONE]` after that is complete, since some
    /// compatible servers end that way; one that closes before it is cut short.
    pub fn is_complete(&self) -> bool {
        !self.choices.is_empty() && self.choices.values().all(|c| c.finish_reason.is_some())
    }

    /// How many chunks were pushed.
    pub fn chunks(&self) -> usize {
        self.chunks
    }

    /// The completion the chunks so far add up to, leaving the accumulator as it is.
    pub fn snapshot(&self) -> ChatCompletion {
        self.clone().finish()
    }

    /// The completion the chunks add up to.
    pub fn finish(self) -> ChatCompletion {
        ChatCompletion {
            id: self.id,
            object: ChatCompletionObject::ChatCompletion,
            created: self.created,
            model: self.model,
            choices: self
                .choices
                .into_iter()
                .map(|(index, state)| {
                    let tool_calls = (!state.tool_calls.is_empty())
                        .then(|| state.tool_calls.into_values().map(ToolCallState::into_call).collect());
                    let mut message = ChatCompletionMessage {
                        role: state.role.unwrap_or(Role::Assistant),
                        content: state.content,
                        reasoning_content: state.reasoning,
                        tool_calls,
                        extra: state.message_extra,
                    };
                    // A `null` that no fragment ever filled is dropped, as the JSON form would be.
                    message.extra.retain(|_, v| !v.is_null());
                    ChatCompletionChoice {
                        index,
                        message,
                        finish_reason: state.finish_reason,
                        extra: state.extra,
                        received: Default::default(),
                    }
                })
                .collect(),
            usage: self.usage,
            extra: self.extra,
            received: Default::default(),
        }
    }
}

impl ToolCallState {
    fn to_call(&self) -> ToolCall {
        self.clone().into_call()
    }

    fn into_call(self) -> ToolCall {
        let kind = self.kind.as_deref().map_or(ToolCallType::Function, ToolCallType::from);
        let mut function = FunctionCall::new(self.name.unwrap_or_default(), self.arguments);
        function.extra = self.function_extra;
        let mut call = ToolCall::new(self.id.unwrap_or_default(), function);
        // A type the server named that this version does not know is kept as sent.
        call.r#type = kind;
        call.extra = self.extra;
        call
    }
}

// What `EventStream::collect_completion` adds a chat stream up with.
impl Accumulate for ChatCompletionChunk {
    type Output = ChatCompletion;
    type Accumulator = ChatCompletionAccumulator;

    fn push(accumulator: &mut ChatCompletionAccumulator, chunk: &Self) {
        accumulator.push(chunk);
    }

    fn is_complete(accumulator: &ChatCompletionAccumulator) -> bool {
        accumulator.is_complete()
    }

    fn finish(accumulator: ChatCompletionAccumulator) -> ChatCompletion {
        accumulator.finish()
    }
}
