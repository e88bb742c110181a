//! Structured outputs and tools from Rust types: a JSON Schema from a type (with the
//! `schemars` feature), and the model's answer or a tool call's arguments parsed back into
//! it, with an error that says which case occurred.

use serde::de::DeserializeOwned;

use crate::models::{ChatCompletion, ChatCompletionChoice, FinishReason, ToolCall};

/// Why an answer could not be read as the type asked for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The model refused: its `refusal`, word for word.
    #[error("the model refused: {0}")]
    Refused(String),
    /// The answer was cut short (`finish_reason` `length` or `content_filter`), so its JSON
    /// is incomplete.
    #[error("the answer was cut short (finish reason `{0}`), so its JSON is incomplete")]
    CutShort(FinishReason),
    /// There is no answer to parse: no choice, or a choice without content.
    #[error("there is no answer to parse")]
    Empty,
    /// The text is not JSON of the expected type.
    #[error("the answer does not match the expected type at `{path}`: {message}")]
    Mismatch {
        /// The JSON path of the fault, such as `steps[0].output`.
        path: String,
        /// What serde said.
        message: String,
        /// The text that was parsed.
        text: String,
    },
}

/// Parses `text` as `T`, naming the JSON path of a fault.
fn parse_text<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| ParseError::Mismatch {
        path: e.path().to_string(),
        message: e.inner().to_string(),
        text: text.to_owned(),
    })?;
    de.end().map_err(|e| ParseError::Mismatch {
        path: String::new(),
        message: e.to_string(),
        text: text.to_owned(),
    })?;
    Ok(value)
}

impl ChatCompletionChoice {
    /// The answer read as `T` (the type a `ResponseFormat::json_schema_for::<T>` asked for):
    /// [`ParseError::Refused`] when the model refused, [`ParseError::CutShort`] when the
    /// answer was cut by `length` or `content_filter`, [`ParseError::Mismatch`] when its JSON
    /// does not fit `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        if let Some(refusal) = self.message.extra.get("refusal").and_then(|r| r.as_str()) {
            return Err(ParseError::Refused(refusal.to_owned()));
        }
        if let Some(reason @ (FinishReason::Length | FinishReason::ContentFilter)) = &self.finish_reason {
            return Err(ParseError::CutShort(reason.clone()));
        }
        parse_text(self.message.content.as_deref().ok_or(ParseError::Empty)?)
    }
}

impl ChatCompletion {
    /// The first choice's answer read as `T`; see [`ChatCompletionChoice::parse`].
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        self.choices.first().ok_or(ParseError::Empty)?.parse()
    }
}

impl ToolCall {
    /// The call's arguments read as `T` (the type a `Tool::function_for::<T>` described),
    /// naming the JSON path of a fault.
    pub fn parse_arguments<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        parse_text(&self.function.arguments)
    }
}

/// Makes a JSON Schema strict, as OpenAI-compatible servers require in strict mode (after
/// openai-python's `to_strict_json_schema`): every object lists all its properties in
/// `required`, an optional one made nullable instead; no object allows other properties; and
/// `format`, which strict mode refuses (`double`, `int64`, `uint`), is dropped, as is a `null`
/// `default`. Objects inside properties, items, unions and definitions are made strict too.
pub fn strict_json_schema(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(object) = schema else { return };
    object.remove("format");
    if object.get("default").is_some_and(Value::is_null) {
        object.remove("default");
    }
    let required: Vec<String> = match object.get("required") {
        Some(Value::Array(names)) => names.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        // The required names in their order, then the others.
        let mut names: Vec<String> = required
            .iter()
            .filter(|n| properties.contains_key(*n))
            .cloned()
            .collect();
        names.extend(properties.keys().filter(|k| !required.contains(k)).cloned());
        for (name, property) in properties.iter_mut() {
            strict_json_schema(property);
            if !required.contains(name) {
                nullable(property);
            }
        }
        object.insert("required".to_owned(), Value::from(names));
        object.insert("additionalProperties".to_owned(), Value::Bool(false));
    } else if object.get("type") == Some(&Value::from("object")) {
        object.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    for key in ["items", "additionalItems"] {
        if let Some(child) = object.get_mut(key) {
            strict_json_schema(child);
        }
    }
    for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            children.iter_mut().for_each(strict_json_schema);
        }
    }
    for key in ["$defs", "definitions"] {
        if let Some(Value::Object(children)) = object.get_mut(key) {
            children.values_mut().for_each(strict_json_schema);
        }
    }
}

/// A schema that also allows `null`: `null` added to its `type`, or the schema offered beside
/// `{"type": "null"}`.
fn nullable(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let null = Value::from("null");
    match schema.get_mut("type") {
        Some(Value::String(t)) if t == "null" => {}
        Some(Value::String(t)) => {
            let t = Value::from(t.as_str());
            schema["type"] = Value::Array(vec![t, null]);
        }
        Some(Value::Array(types)) if types.contains(&null) => {}
        Some(Value::Array(types)) => types.push(null),
        _ => {
            let inner = std::mem::take(schema);
            *schema = serde_json::json!({"anyOf": [inner, {"type": "null"}]});
        }
    }
}

#[cfg(feature = "schemars")]
mod schemas {
    use crate::models::{FunctionDefinition, ResponseFormat, Tool};

    /// The JSON Schema of `T`, as a model API takes it: without the `$schema` dialect line.
    fn schema_of<T: schemars::JsonSchema>() -> serde_json::Map<String, serde_json::Value> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        let mut object = match serde_json::to_value(schema) {
            Ok(serde_json::Value::Object(object)) => object,
            _ => serde_json::Map::new(),
        };
        object.remove("$schema");
        object
    }

    impl ResponseFormat {
        /// JSON that follows the schema of `T`, named `name`, in strict mode (available with
        /// the `schemars` feature): the schema made strict as OpenAI-compatible servers require
        /// ([`strict_json_schema`]) and `strict: true` sent. Read the answer back with
        /// `ChatCompletion::parse::<T>()`.
        pub fn json_schema_for<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
            let mut schema = serde_json::Value::Object(schema_of::<T>());
            super::strict_json_schema(&mut schema);
            match ResponseFormat::json_schema(name, schema) {
                ResponseFormat::JsonSchema(mut format) => {
                    format.json_schema.strict = Some(true);
                    ResponseFormat::JsonSchema(format)
                }
                other => other,
            }
        }

        /// Like [`json_schema_for`](Self::json_schema_for), with the schema as schemars writes
        /// it and no `strict` flag, for a server that refuses strict mode.
        pub fn json_schema_for_non_strict<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
            ResponseFormat::json_schema(name, serde_json::Value::Object(schema_of::<T>()))
        }
    }

    impl Tool {
        /// A function tool whose arguments follow the schema of `Args` (available with the
        /// `schemars` feature); read a call back with `ToolCall::parse_arguments::<Args>()`.
        pub fn function_for<Args: schemars::JsonSchema>(
            name: impl Into<String>,
            description: impl Into<String>,
        ) -> Self {
            let function = FunctionDefinition::new(name)
                .with_description(description)
                .with_parameters(schema_of::<Args>());
            Tool::new(function)
        }
    }
}
