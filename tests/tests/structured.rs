//! Structured outputs and tools from Rust types (the `schemars` feature): the schema a type
//! gives, the example run against a loopback server, and each way an answer can fail to be
//! the type asked for.

#[path = "../../codegen/runtime/tests/common/server.rs"]
mod server;
#[path = "../../generated/examples/structured.rs"]
mod structured;

use anyfast::{ChatCompletion, Client, ParseError, ResponseFormat, Tool};
use serde_json::{json, Value};
use server::{Reply, Server};

fn completion(message: Value, finish_reason: &str) -> Value {
    json!({"id": "c", "object": "chat.completion", "created": 1, "model": "m",
           "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}]})
}

fn client(server: &Server) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.url())
        .max_retries(0)
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_example_asks_with_the_types_schema_and_reads_the_answer_back() {
    let answer = json!({"city": "Paris", "celsius": 21.5, "conditions": ["sunny"]}).to_string();
    let server = Server::start(vec![Reply::json(
        200,
        &completion(json!({"role": "assistant", "content": answer}), "stop"),
    )])
    .await;
    let weather = structured::run(&client(&server)).await.expect("a Weather");
    assert_eq!(
        weather,
        structured::Weather {
            city: "Paris".into(),
            celsius: 21.5,
            conditions: vec!["sunny".into()]
        }
    );
    let sent = server.seen()[0].json();
    let format = &sent["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["name"], "weather");
    let schema = &format["json_schema"]["schema"];
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["properties"]["celsius"]["type"], "number");
    assert!(schema.get("$schema").is_none(), "no dialect line: {schema}");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(required, ["city", "celsius", "conditions"]);
}

#[test]
fn each_failure_says_which_case_occurred() {
    let parse = |message: Value, reason: &str| {
        serde_json::from_value::<ChatCompletion>(completion(message, reason))
            .expect("a completion")
            .parse::<structured::Weather>()
    };
    let refused = parse(
        json!({"role": "assistant", "content": null, "refusal": "I can't help with that."}),
        "stop",
    );
    assert!(
        matches!(&refused, Err(ParseError::Refused(why)) if why == "I can't help with that."),
        "{refused:?}"
    );
    let cut = parse(json!({"role": "assistant", "content": "{\"city\": \"Par"}), "length");
    assert!(matches!(cut, Err(ParseError::CutShort(_))), "{cut:?}");
    let filtered = parse(json!({"role": "assistant", "content": "{}"}), "content_filter");
    assert!(matches!(filtered, Err(ParseError::CutShort(_))), "{filtered:?}");
    let wrong = parse(
        json!({"role": "assistant", "content": "{\"city\": \"Paris\", \"celsius\": \"warm\", \"conditions\": []}"}),
        "stop",
    );
    let Err(ParseError::Mismatch { path, .. }) = &wrong else {
        panic!("{wrong:?}")
    };
    assert_eq!(path, "celsius");
    let empty = parse(json!({"role": "assistant", "content": null}), "stop");
    assert!(matches!(empty, Err(ParseError::Empty)), "{empty:?}");
    assert!(wrong.unwrap_err().to_string().contains("at `celsius`"));
}

#[derive(serde::Deserialize, schemars::JsonSchema, Debug, PartialEq)]
struct GetWeather {
    /// The city, e.g. Paris.
    city: String,
}

#[test]
fn a_tool_from_a_type_and_its_calls_read_back() {
    let tool = Tool::function_for::<GetWeather>("get_weather", "The weather in a city");
    let sent = serde_json::to_value(&tool).expect("encodes");
    assert_eq!(sent["function"]["name"], "get_weather");
    assert_eq!(
        sent["function"]["parameters"]["properties"]["city"]["description"],
        "The city, e.g. Paris."
    );
    let call: anyfast::ToolCall = serde_json::from_value(json!({"id": "a", "type": "function",
        "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}))
    .expect("a call");
    assert_eq!(
        call.parse_arguments::<GetWeather>().expect("arguments"),
        GetWeather { city: "Paris".into() }
    );
    let format = ResponseFormat::json_schema_for::<GetWeather>("w");
    assert_eq!(
        serde_json::to_value(&format).expect("encodes")["json_schema"]["schema"]["required"],
        json!(["city"])
    );
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[allow(dead_code)]
struct Reading {
    celsius: f64,
    station: Option<String>,
    samples: Vec<Sample>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[allow(dead_code)]
struct Sample {
    at: u64,
    note: Option<String>,
}

#[test]
fn structured_outputs_are_strict_by_default() {
    let sent = serde_json::to_value(ResponseFormat::json_schema_for::<Reading>("reading")).expect("encodes");
    assert_eq!(sent["json_schema"]["strict"], true);
    let schema = &sent["json_schema"]["schema"];
    // Every property required, the optional one nullable; no other properties; no `format`.
    assert_eq!(schema["required"], json!(["celsius", "samples", "station"]));
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["properties"]["station"]["type"], json!(["string", "null"]));
    assert!(schema["properties"]["celsius"].get("format").is_none(), "{schema}");
    let sample = &schema["$defs"]["Sample"];
    assert_eq!(sample["required"], json!(["at", "note"]));
    assert_eq!(sample["additionalProperties"], false);
    assert!(sample["properties"]["at"].get("format").is_none(), "{sample}");
    // The schema as schemars writes it, for a server that refuses strict mode.
    let loose =
        serde_json::to_value(ResponseFormat::json_schema_for_non_strict::<Reading>("reading")).expect("encodes");
    assert!(loose["json_schema"].get("strict").is_none());
    assert_eq!(
        loose["json_schema"]["schema"]["required"],
        json!(["celsius", "samples"])
    );
}
