//! One chat completion with an image and a video.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example chat
//! # Or any OpenAI-compatible server:
//! ANYFAST_API_KEY=... ANYFAST_BASE_URL=http://127.0.0.1:8080 cargo run -p anyfast --example chat
//! ```

use anyfast::{
    ChatCompletionRequest, ChatMessage, Client, ContentPart, Error, ImageUrl, ImageUrlContentPart, Model,
    TextContentPart, VideoUrl, VideoUrlContentPart,
};

/// Errors are printed through `Display`: one readable line, such as `invalid configuration:
/// ANYFAST_API_KEY is not set`, rather than a `Debug` dump.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Error> {
    let client = Client::from_env()?;
    let content: Vec<ContentPart> = vec![
        ImageUrlContentPart::new(ImageUrl::new(
            "https://ark-project.tos-cn-beijing.volces.com/doc_image/ark_demo_img_1.png",
        ))
        .into(),
        VideoUrlContentPart::new(
            VideoUrl::new("https://ark-project.tos-cn-beijing.volces.com/doc_video/ark_vlm_video_input.mp4")
                .with_fps(1.0),
        )
        .into(),
        TextContentPart::new("图片和视频里分别有什么?").into(),
    ];
    let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6Vision250815, [ChatMessage::user(content)])
        .with_max_tokens(1024);

    // On failure the error's `Display` names the status, message and request id.
    let done = client.create_chat_completion(&request).await?;
    for choice in &done.choices {
        if let Some(reasoning) = &choice.message.reasoning_content {
            println!("[reasoning]\n{reasoning}\n");
        }
        println!("[answer]\n{}", choice.message.content.as_deref().unwrap_or_default());
    }
    if let Some(usage) = &done.usage {
        println!(
            "\n{} prompt + {} completion tokens",
            usage.prompt_tokens, usage.completion_tokens
        );
    }
    Ok(())
}
