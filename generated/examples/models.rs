//! The models your API key can use, one id a line.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example models
//! ```

use anyfast::{Client, Error};

// The tests include this file as a module and call `run`, so there `main` is unused.
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
        Ok(ids) => {
            for id in ids {
                println!("{id}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The id of every model the key can use, in the server's order.
pub async fn run(client: &Client) -> Result<Vec<String>, Error> {
    let models = client.list_models().await?;
    Ok(models.data.into_iter().map(|m| m.id).collect())
}
