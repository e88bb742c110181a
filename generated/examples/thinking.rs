//! Deep thinking switched on and off: the same question twice, streamed, with the reasoning
//! shown apart from the answer.
//!
//! `thinking` and `reasoning_effort` are the vendor's own fields (Doubao's deep thinking), not
//! OpenAI's: a strict OpenAI-compatible proxy may refuse them (LiteLLM answers
//! `UnsupportedParamsError`). Run this one against anyfast.ai itself.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example thinking
//! ```

use anyfast::{ChatCompletionRequest, ChatMessage, Client, Error, Model, ReasoningEffort, Thinking};

/// Asks once with thinking on and once with it off; returns `(reasoning, answer)` of each.
pub async fn run(client: &Client) -> Result<Vec<(String, String)>, Error> {
    let mut results = Vec::new();
    for (label, thinking) in [
        ("thinking on", Thinking::enabled()),
        ("thinking off", Thinking::disabled()),
    ] {
        let mut request = ChatCompletionRequest::new(Model::DoubaoSeed2_1Pro, [ChatMessage::user("Is 1,001 prime?")])
            .with_thinking(thinking.clone());
        if thinking == Thinking::enabled() {
            // Effective only when thinking is enabled.
            request = request.with_reasoning_effort(ReasoningEffort::Low);
        }
        println!("== {label}");
        let mut stream = client.create_chat_completion_stream(&request).await?;
        let (mut reasoning, mut answer) = (String::new(), String::new());
        while let Some(chunk) = stream.next().await {
            for choice in chunk?.choices {
                if let Some(piece) = choice.delta.reasoning_content {
                    reasoning.push_str(&piece);
                }
                if let Some(piece) = choice.delta.content {
                    answer.push_str(&piece);
                }
            }
        }
        if !reasoning.is_empty() {
            println!("[reasoning]\n{reasoning}\n");
        }
        println!("[answer]\n{answer}\n");
        results.push((reasoning, answer));
    }
    Ok(results)
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
