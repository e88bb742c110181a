//! One Seedream image from a prompt; prints each image's URL (valid for 24 hours).
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example image -- "a lighthouse at dawn"
//! ```

use anyfast::{Client, Error, ImageGenerationRequest, ImageModel};

// The tests include this file as a module and call `run`, so there `main` is unused.
#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "a lighthouse at dawn, watercolor".to_owned());
    let result = match Client::from_env() {
        Ok(client) => run(&client, &prompt).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(urls) => {
            for url in urls {
                println!("{url}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Generates images for `prompt` and returns their URLs.
pub async fn run(client: &Client, prompt: &str) -> Result<Vec<String>, Error> {
    let request = ImageGenerationRequest::new(ImageModel::DoubaoSeedream5_0_260128, prompt)
        .with_size("2048x2048")
        .with_watermark(false);
    let images = client.create_image(&request).await?;
    Ok(images.data.into_iter().filter_map(|image| image.url).collect())
}
