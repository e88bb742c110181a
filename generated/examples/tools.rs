//! A tool-calling round trip: the model asks for a tool (its call streamed in fragments and
//! put back together by the accumulator), the tool's result goes back with the history, and
//! the final answer arrives. Only OpenAI fields are sent, so any OpenAI-compatible server with
//! tool calling will do (`ANYFAST_BASE_URL`).
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example tools
//! ```

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model, Tool, ToolChoiceMode};
use serde_json::json;

/// The tool: what the model may call, and the local function that answers.
fn weather_tool() -> Tool {
    Tool::function(
        "get_weather",
        "The current weather in a city",
        json!({
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city, e.g. Paris"}},
            "required": ["city"]
        }),
    )
}

fn get_weather(city: &str) -> String {
    format!("{city}: 22°C, sunny")
}

/// Runs the round trip and returns the final answer.
pub async fn run(client: &Client) -> Result<String, Error> {
    let mut history = vec![ChatMessage::user("What's the weather in Paris?")];
    let request = ChatCompletionRequest::new(Model::DoubaoSeed2_0Code, history.clone())
        .with_tools(vec![weather_tool()])
        .with_tool_choice(ToolChoiceMode::Auto);

    // 1. The model answers with a tool call, streamed; the accumulator merges its fragments.
    let first = client
        .create_chat_completion_stream(&request)
        .await?
        .collect_completion()
        .await?;
    let asked = &first.choices[0].message;
    let calls = asked.tool_calls.clone().unwrap_or_default();
    println!("the model asks for {} tool call(s)", calls.len());

    // 2. Each call is answered, and the assistant turn goes back with the answers.
    history.push(ChatMessage::from(asked));
    for call in &calls {
        #[derive(serde::Deserialize)]
        struct Args {
            city: String,
        }
        let result = match call.arguments::<Args>() {
            Ok(args) => get_weather(&args.city),
            Err(e) => format!("bad arguments: {e}"),
        };
        println!("{}({}) -> {result}", call.function.name, call.function.arguments);
        history.push(call.answer(result));
    }

    // 3. The final answer.
    let request = ChatCompletionRequest::new(Model::DoubaoSeed2_0Code, history).with_tools(vec![weather_tool()]);
    let done = client.create_chat_completion(&request).await?;
    let answer = done.choices[0].message.content.clone().unwrap_or_default();
    println!("{answer}");
    Ok(answer)
}

/// Errors are printed through `Display`: one readable line.
#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let result = match Client::from_env() {
        Ok(client) => run(&client).await.map(drop),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
