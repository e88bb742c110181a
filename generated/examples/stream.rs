//! A streamed chat completion, printed as it arrives: reasoning dimmed (for models that send
//! it), then the answer. It sends only OpenAI fields, so it works against any OpenAI-compatible
//! server with `ANYFAST_BASE_URL`; the vendor-only `thinking` switch is in `--example thinking`.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example stream
//! ```

use std::io::Write;

use anyfast::{
    ChatCompletionAccumulator, ChatCompletionRequest, ChatMessage, Client, ContentPart, Error, ImageUrl,
    ImageUrlContentPart, Model, TextContentPart, VideoUrl, VideoUrlContentPart,
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
                .with_fps(2.0),
        )
        .into(),
        TextContentPart::new("先思考，再回答：图片和视频里有什么?").into(),
    ];
    let request = ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user(content)]);
    let mut stream = client.create_chat_completion_stream(&request).await?;
    let mut acc = ChatCompletionAccumulator::new();
    let mut answering = false;
    let mut out = std::io::stdout();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        for choice in &chunk.choices {
            if let Some(text) = choice.delta.reasoning_content.as_deref().filter(|t| !t.is_empty()) {
                let _ = write!(out, "\x1b[2m{text}\x1b[0m");
            }
            if let Some(text) = choice.delta.content.as_deref().filter(|t| !t.is_empty()) {
                if !answering {
                    answering = true;
                    let _ = write!(out, "\n\n");
                }
                let _ = write!(out, "{text}");
            }
        }
        let _ = out.flush();
        acc.push(&chunk);
    }
    let done = acc.finish();
    println!();
    if let Some(usage) = done.usage {
        println!("{} tokens in all", usage.total_tokens);
    }
    Ok(())
}
