//! Turning a stream of chunks into the completion it adds up to, losing nothing a chunk held.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::models::{
    ChatCompletion, ChatCompletionChunk, ChatCompletionObject, FinishReason, FunctionCall, Role, ToolCall,
    ToolCallType, Usage,
};
use crate::runtime::merge::{keep_latest_fields, merge_fields};
use crate::runtime::Accumulate;

/// The fields of each level that the accumulator reads by name; every other field, declared
/// by the spec or not, is accumulated by the runtime's one rule, so a field the spec adds
/// needs no code here.
const CHUNK_FIELDS: &[&str] = &["id", "object", "created", "model", "choices", "usage"];
const CHOICE_FIELDS: &[&str] = &["index", "delta", "finish_reason"];
const DELTA_FIELDS: &[&str] = &["role", "content", "reasoning_content", "tool_calls"];
const TOOL_CALL_FIELDS: &[&str] = &["index", "id", "type", "function"];
const FUNCTION_FIELDS: &[&str] = &["name", "arguments"];

/// Collects [`ChatCompletionChunk`]s into the [`ChatCompletion`] they add up to, keeping
/// everything the chunks carried:
///
/// - per choice, `content` and `reasoning_content` concatenated, the role and the last
///   `finish_reason`;
/// - tool calls merged by their `index` (any index, in order): the id, type and name from the
///   fragments that carry them (a resent id replaces, never appends), the arguments
///   concatenated;
/// - every other field, declared by the spec or not (a delta's `refusal`, `reasoning` or
///   `reasoning_details`, a choice's `logprobs`, a tool call's own), merged by the runtime's
///   one rule ([`runtime::merge`](crate::runtime::merge)): strings concatenate, lists of
///   objects with an `index` merge by index, other lists grow, objects merge key by key,
///   anything else takes the last value that is not `null`. Each lands where the completion
///   declares it (the message, the choice, the tool call), else in that level's `extra`; so a
///   field the spec adds to the delta and the message is accumulated with no change here;
/// - the chunk's other top-level fields (`system_fingerprint`, `service_tier`, a provider
///   object): the last value sent, in the completion's field or `extra`;
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
    /// The chunks' other top-level fields, the latest of each.
    rest: Map<String, Value>,
    chunks: usize,
}

#[derive(Debug, Clone, Default)]
struct ChoiceState {
    role: Option<Role>,
    content: Option<String>,
    reasoning: Option<String>,
    finish_reason: Option<FinishReason>,
    tool_calls: BTreeMap<i64, ToolCallState>,
    /// The deltas' other fields, merged: the message's.
    message: Map<String, Value>,
    /// The choices' other fields (`logprobs`), merged: the choice's.
    rest: Map<String, Value>,
}

/// A tool call as its fragments have built it so far.
#[derive(Debug, Clone, Default)]
struct ToolCallState {
    id: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    arguments: String,
    rest: Map<String, Value>,
    function_rest: Map<String, Value>,
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
        keep_latest_fields(&mut self.rest, chunk, CHUNK_FIELDS);
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
            merge_fields(&mut state.message, delta, DELTA_FIELDS);
            merge_fields(&mut state.rest, choice, CHOICE_FIELDS);
            for fragment in delta.tool_calls.iter().flatten() {
                let call = state.tool_calls.entry(fragment.index).or_default();
                if let Some(id) = fragment.id.as_ref().filter(|id| !id.is_empty()) {
                    call.id = Some(id.clone());
                }
                if let Some(kind) = &fragment.r#type {
                    call.kind = Some(kind.as_str().to_owned());
                }
                merge_fields(&mut call.rest, fragment, TOOL_CALL_FIELDS);
                if let Some(function) = &fragment.function {
                    if let Some(name) = function.name.as_ref().filter(|n| !n.is_empty()) {
                        call.name = Some(name.clone());
                    }
                    if let Some(arguments) = &function.arguments {
                        call.arguments.push_str(arguments);
                    }
                    merge_fields(&mut call.function_rest, function, FUNCTION_FIELDS);
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

    /// The refusal of choice `index` so far: the deltas' `refusal`, whether the spec declares
    /// it or not (OpenAI's models send it).
    pub fn refusal(&self, index: i64) -> Option<&str> {
        self.choices.get(&index)?.message.get("refusal")?.as_str()
    }

    /// Any other field of choice `index`'s message so far, as merged JSON: a field the spec
    /// declares on the delta (read by name) or one a server sends beside them.
    pub fn message_field(&self, index: i64, name: &str) -> Option<&Value> {
        self.choices.get(&index)?.message.get(name)
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

    /// The completion the chunks add up to. It is read from the JSON they add up to, so each
    /// field lands where `ChatCompletion` declares it; should a field merged by the rule not
    /// read as the type declared for it, every such field is kept in its level's `extra`.
    pub fn finish(self) -> ChatCompletion {
        if let Ok(done) = serde_json::from_value(self.json(true)) {
            return done;
        }
        // The fields read by name come from the spec's own types, so they read back; the
        // others then go where any JSON fits.
        let mut done: ChatCompletion = serde_json::from_value(self.json(false))
            .expect("a completion of values that came from the spec's own types reads back");
        done.extra.extend(self.rest);
        for (choice, (_, state)) in done.choices.iter_mut().zip(self.choices) {
            choice.extra.extend(state.rest);
            let message = &mut choice.message;
            message
                .extra
                .extend(state.message.into_iter().filter(|(_, v)| !v.is_null()));
            for (call, (_, fragments)) in message.tool_calls.iter_mut().flatten().zip(state.tool_calls) {
                call.extra.extend(fragments.rest);
                call.function.extra.extend(fragments.function_rest);
            }
        }
        done
    }

    /// The completion as JSON: the fields read by name, and with `placed` the others beside
    /// them, where the completion's types declare them or keep them in `extra`.
    fn json(&self, placed: bool) -> Value {
        let rest = |fields: &Map<String, Value>, into: &mut Map<String, Value>| {
            if placed {
                into.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        };
        let choices = self
            .choices
            .iter()
            .map(|(index, state)| {
                let mut message = Map::new();
                let mut fields = state.message.clone();
                // A `null` that no fragment ever filled is dropped, as the JSON form would be.
                fields.retain(|_, v| !v.is_null());
                rest(&fields, &mut message);
                message.insert("role".to_owned(), json(state.role.as_ref().unwrap_or(&Role::Assistant)));
                if let Some(text) = &state.content {
                    message.insert("content".to_owned(), text.as_str().into());
                }
                if let Some(text) = &state.reasoning {
                    message.insert("reasoning_content".to_owned(), text.as_str().into());
                }
                if !state.tool_calls.is_empty() {
                    let calls = state.tool_calls.values().map(|call| call.json(placed)).collect();
                    message.insert("tool_calls".to_owned(), Value::Array(calls));
                }
                let mut choice = Map::new();
                rest(&state.rest, &mut choice);
                choice.insert("index".to_owned(), (*index).into());
                choice.insert("message".to_owned(), Value::Object(message));
                if let Some(reason) = &state.finish_reason {
                    choice.insert("finish_reason".to_owned(), json(reason));
                }
                Value::Object(choice)
            })
            .collect();
        let mut completion = Map::new();
        rest(&self.rest, &mut completion);
        completion.insert("id".to_owned(), self.id.as_str().into());
        completion.insert("object".to_owned(), json(&ChatCompletionObject::ChatCompletion));
        completion.insert("created".to_owned(), self.created.into());
        completion.insert("model".to_owned(), self.model.as_str().into());
        completion.insert("choices".to_owned(), Value::Array(choices));
        if let Some(usage) = &self.usage {
            completion.insert("usage".to_owned(), json(usage));
        }
        Value::Object(completion)
    }
}

/// A typed value as JSON; the generated types always encode.
fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl ToolCallState {
    fn to_call(&self) -> ToolCall {
        if let Ok(call) = serde_json::from_value(self.json(true)) {
            return call;
        }
        let mut function = FunctionCall::new(self.name.clone().unwrap_or_default(), self.arguments.clone());
        function.extra.extend(self.function_rest.clone());
        let mut call = ToolCall::new(self.id.clone().unwrap_or_default(), function);
        call.r#type = self.kind.as_deref().map_or(ToolCallType::Function, ToolCallType::from);
        call.extra.extend(self.rest.clone());
        call
    }

    /// The call as JSON: the fields read by name, and with `placed` the others beside them.
    fn json(&self, placed: bool) -> Value {
        let rest = |fields: &Map<String, Value>| {
            let mut out = Map::new();
            if placed {
                out.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            out
        };
        let mut function = rest(&self.function_rest);
        function.insert("name".to_owned(), self.name.as_deref().unwrap_or_default().into());
        function.insert("arguments".to_owned(), self.arguments.as_str().into());
        let mut call = rest(&self.rest);
        call.insert("id".to_owned(), self.id.as_deref().unwrap_or_default().into());
        // A type the server named that this version does not know is kept as sent.
        call.insert("type".to_owned(), self.kind.as_deref().unwrap_or("function").into());
        call.insert("function".to_owned(), Value::Object(function));
        Value::Object(call)
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
