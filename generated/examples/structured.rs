//! Structured output from a Rust type: the schema comes from the type (`schemars`), and the
//! answer is read back into it, with a typed error when the model refused, the answer was cut
//! short, or its JSON does not fit.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --features schemars --example structured
//! ```

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Model, ParseError, ResponseFormat};
use serde::Deserialize;

/// What the model is asked to fill in.
#[derive(Debug, Deserialize, schemars::JsonSchema, PartialEq)]
pub struct Weather {
    /// The city.
    pub city: String,
    /// The temperature, in degrees Celsius.
    pub celsius: f64,
    /// A few words each.
    pub conditions: Vec<String>,
}

/// Asks for the weather as a `Weather`; the error says why it is not one.
pub async fn run(client: &Client) -> Result<Weather, Box<dyn std::error::Error>> {
    let request = ChatCompletionRequest::new(
        Model::DoubaoSeed1_6_251015,
        [ChatMessage::user("The weather in Paris, as JSON.")],
    )
    .with_response_format(ResponseFormat::json_schema_for::<Weather>("weather"));
    let done = client.create_chat_completion(&request).await?;
    match done.parse::<Weather>() {
        Ok(weather) => Ok(weather),
        Err(ParseError::Refused(why)) => Err(format!("refused: {why}").into()),
        Err(e) => Err(e.into()),
    }
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match run(&client).await {
        Ok(weather) => {
            println!("{weather:?}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
