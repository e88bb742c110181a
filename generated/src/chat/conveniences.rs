//! Hand-written, chat-specific shortcuts over the generated models: a constructor per message
//! role, tool definitions from a JSON Schema, answering a tool call, sending an assistant turn
//! back, and the thinking and response-format settings by name.

use crate::models::{
    ChatCompletionMessage, ChatMessage, FunctionDefinition, JsonSchemaFormat, MessageContent, ResponseFormat,
    ResponseFormatJsonObject, ResponseFormatJsonSchema, Role, Thinking, ThinkingType, Tool, ToolCall,
};

impl ChatMessage {
    /// A system prompt.
    pub fn system(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new(Role::System).with_content(content)
    }

    /// A user turn: text, or content parts (images, videos).
    pub fn user(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new(Role::User).with_content(content)
    }

    /// An assistant turn with text.
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        ChatMessage::new(Role::Assistant).with_content(content)
    }

    /// A tool's result, answering the call with this id.
    pub fn tool(tool_call_id: impl Into<String>, content: impl Into<MessageContent>) -> Self {
        ChatMessage::new(Role::Tool)
            .with_tool_call_id(tool_call_id)
            .with_content(content)
    }
}

/// An assistant turn the model produced, to send back with the history: its content, its
/// reasoning and its tool calls.
impl From<&ChatCompletionMessage> for ChatMessage {
    fn from(message: &ChatCompletionMessage) -> Self {
        let mut turn = ChatMessage::new(message.role.clone());
        turn.content = message.content.clone().map(MessageContent::from);
        turn.reasoning_content = message.reasoning_content.clone();
        turn.tool_calls = message.tool_calls.clone();
        turn
    }
}

impl From<ChatCompletionMessage> for ChatMessage {
    fn from(message: ChatCompletionMessage) -> Self {
        ChatMessage::from(&message)
    }
}

impl Tool {
    /// A function the model may call, from its name, what it does, and its parameters as a
    /// JSON Schema object (`serde_json::json!({"type": "object", ...})`; anything that is not
    /// an object means no parameters).
    pub fn function(name: impl Into<String>, description: impl Into<String>, parameters: serde_json::Value) -> Self {
        let mut function = FunctionDefinition::new(name).with_description(description);
        if let serde_json::Value::Object(schema) = parameters {
            function = function.with_parameters(schema);
        }
        Tool::new(function)
    }
}

impl ToolCall {
    /// The arguments the model chose, decoded as `T`.
    pub fn arguments<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.function.arguments)
    }

    /// The tool message that answers this call with `content`.
    pub fn answer(&self, content: impl Into<MessageContent>) -> ChatMessage {
        ChatMessage::tool(self.id.clone(), content)
    }
}

impl Thinking {
    /// Deep thinking on.
    pub fn enabled() -> Self {
        Thinking::new(ThinkingType::Enabled)
    }

    /// Deep thinking off.
    pub fn disabled() -> Self {
        Thinking::new(ThinkingType::Disabled)
    }

    /// The model decides whether to think.
    pub fn auto() -> Self {
        Thinking::new(ThinkingType::Auto)
    }
}

impl ResponseFormat {
    /// Any JSON object.
    pub fn json_object() -> Self {
        ResponseFormat::JsonObject(ResponseFormatJsonObject::new())
    }

    /// JSON that follows `schema`, a JSON Schema object named `name`.
    pub fn json_schema(name: impl Into<String>, schema: serde_json::Value) -> Self {
        let mut format = JsonSchemaFormat::new(name);
        if let serde_json::Value::Object(schema) = schema {
            format = format.with_schema(schema);
        }
        ResponseFormat::JsonSchema(ResponseFormatJsonSchema::new(format))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_role_writes_what_the_api_expects() {
        let cases = [
            (
                ChatMessage::system("be brief"),
                json!({"role": "system", "content": "be brief"}),
            ),
            (ChatMessage::user("hi"), json!({"role": "user", "content": "hi"})),
            (
                ChatMessage::assistant("hello"),
                json!({"role": "assistant", "content": "hello"}),
            ),
            (
                ChatMessage::tool("call_1", "22°C"),
                json!({"role": "tool", "content": "22°C", "tool_call_id": "call_1"}),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(serde_json::to_value(&message).unwrap(), expected);
        }
    }

    #[test]
    fn a_tool_call_is_answered_and_sent_back() {
        let tool = Tool::function("get_weather", "The weather in a city", json!({"type": "object"}));
        assert_eq!(
            serde_json::to_value(&tool).unwrap(),
            json!({"type": "function", "function": {"name": "get_weather", "description": "The weather in a city", "parameters": {"type": "object"}}})
        );
        let message: ChatCompletionMessage = serde_json::from_value(json!({
            "role": "assistant", "content": null,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]
        }))
        .unwrap();
        let call = &message.tool_calls.as_ref().unwrap()[0];
        let args: serde_json::Value = call.arguments().unwrap();
        assert_eq!(args["city"], "Paris");
        let back = serde_json::to_value(ChatMessage::from(&message)).unwrap();
        assert_eq!(
            back["content"],
            serde_json::Value::Null,
            "a tool-only turn sends null content"
        );
        assert_eq!(back["tool_calls"][0]["id"], "call_1");
        assert_eq!(
            serde_json::to_value(call.answer("sunny")).unwrap()["tool_call_id"],
            "call_1"
        );
    }

    #[test]
    fn per_model_limits_are_checked_before_sending() {
        use crate::models::{ChatCompletionRequest, Model};
        use crate::runtime::Validate;
        let vision = |n| {
            ChatCompletionRequest::new(Model::DoubaoSeed1_6Vision250815, [ChatMessage::user("hi")]).with_max_tokens(n)
        };
        let err = vision(9000).validate().unwrap_err();
        assert_eq!(err.field, "max_tokens");
        assert_eq!(
            err.reason,
            "must be at most 8192 when `model` is `doubao-seed-1-6-vision-250815`, got 9000"
        );
        assert!(vision(8192).validate().is_ok());
        let other =
            ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("hi")]).with_max_tokens(9000);
        assert!(other.validate().is_ok(), "no limit for another model");
        let pro = ChatCompletionRequest::new("doubao-seed-2.1-pro", [ChatMessage::user("hi")]).with_max_tokens(300_000);
        assert!(pro.validate().is_err(), "the model given as text is the same model");
        let stop = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("hi")])
            .with_stop(vec!["a".to_owned(); 5]);
        assert_eq!(stop.validate().unwrap_err().field, "stop", "at most 4 stop sequences");
        let one = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("hi")]).with_stop("END");
        assert!(one.validate().is_ok());
    }

    #[test]
    fn settings_by_name() {
        assert_eq!(
            serde_json::to_value(Thinking::disabled()).unwrap(),
            json!({"type": "disabled"})
        );
        assert_eq!(
            serde_json::to_value(ResponseFormat::json_schema("answer", json!({"type": "object"}))).unwrap(),
            json!({"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}})
        );
        assert_eq!(
            serde_json::to_value(ResponseFormat::json_object()).unwrap(),
            json!({"type": "json_object"})
        );
    }
}
