//! Turning a stream of chunks into the completion it adds up to.

use std::collections::BTreeMap;

use crate::models::{
    ChatCompletion, ChatCompletionChoice, ChatCompletionChunk, ChatCompletionMessage, ChatCompletionObject,
    FinishReason, FunctionCall, Role, ToolCall, ToolCallType, Usage,
};
use crate::runtime::Accumulate;

/// Collects [`ChatCompletionChunk`]s into the [`ChatCompletion`] they add up to: per choice,
/// `content` and `reasoning_content` concatenated, tool calls merged by their `index` (id,
/// type and name from the fragments that carry them, arguments concatenated in order), the
/// last `finish_reason`, and `usage` from whichever chunk carries it. The result does not
/// depend on how the text was split.
///
/// ```
/// # use anyfast::{ChatCompletionAccumulator, ChatCompletionChunk};
/// let mut acc = ChatCompletionAccumulator::new();
/// for line in [
///     r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"think"}}]}"#,
///     r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}"#,
/// ] {
///     acc.push(&serde_json::from_str::<ChatCompletionChunk>(line).unwrap());
/// }
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
}

#[derive(Debug, Clone, Default)]
struct ChoiceState {
    role: Option<Role>,
    content: Option<String>,
    reasoning: Option<String>,
    finish_reason: Option<FinishReason>,
    tool_calls: BTreeMap<i64, ToolCallState>,
}

/// A tool call as its fragments have built it so far.
#[derive(Debug, Clone, Default)]
struct ToolCallState {
    id: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    arguments: String,
}

impl ChatCompletionAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one chunk.
    pub fn push(&mut self, chunk: &ChatCompletionChunk) {
        if self.id.is_empty() {
            self.id.clone_from(&chunk.id);
            self.created = chunk.created;
            self.model.clone_from(&chunk.model);
        }
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
            for fragment in delta.tool_calls.iter().flatten() {
                let call = state.tool_calls.entry(fragment.index).or_default();
                if let Some(id) = fragment.id.as_ref().filter(|id| !id.is_empty()) {
                    call.id = Some(id.clone());
                }
                if let Some(kind) = &fragment.r#type {
                    call.kind = Some(kind.as_str().to_owned());
                }
                if let Some(function) = &fragment.function {
                    if let Some(name) = function.name.as_ref().filter(|n| !n.is_empty()) {
                        call.name = Some(name.clone());
                    }
                    if let Some(arguments) = &function.arguments {
                        call.arguments.push_str(arguments);
                    }
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

    /// The tool calls of choice `index` as far as they have arrived, in `index` order.
    pub fn tool_calls(&self, index: i64) -> Vec<ToolCall> {
        self.choices
            .get(&index)
            .map(|state| state.tool_calls.values().map(ToolCallState::to_call).collect())
            .unwrap_or_default()
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
                .map(|(index, state)| ChatCompletionChoice {
                    index,
                    message: ChatCompletionMessage {
                        role: state.role.unwrap_or(Role::Assistant),
                        content: state.content,
                        reasoning_content: state.reasoning,
                        tool_calls: (!state.tool_calls.is_empty())
                            .then(|| state.tool_calls.values().map(ToolCallState::to_call).collect()),
                        extra: Default::default(),
                    },
                    finish_reason: state.finish_reason,
                    extra: Default::default(),
                })
                .collect(),
            usage: self.usage,
            extra: Default::default(),
        }
    }
}

impl ToolCallState {
    fn to_call(&self) -> ToolCall {
        let kind = self.kind.as_deref().map_or(ToolCallType::Function, ToolCallType::from);
        let mut call = ToolCall::new(
            self.id.clone().unwrap_or_default(),
            FunctionCall::new(self.name.clone().unwrap_or_default(), self.arguments.clone()),
        );
        // A type the server named that this version does not know is kept as sent.
        call.r#type = kind;
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

    fn finish(accumulator: ChatCompletionAccumulator) -> ChatCompletion {
        accumulator.finish()
    }
}
