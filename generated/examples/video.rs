//! A text-to-video task with Seedance: started, waited on with its progress on stderr, and the
//! video's URL printed. A task that fails exits non-zero with the server's reason.
//!
//! ```sh
//! ANYFAST_API_KEY=sk-... cargo run -p anyfast --example video -- "a cat playing piano"
//! ```

use std::time::Duration;

use anyfast::{Client, Error, VideoContent, VideoGenerationRequest, VideoModel, VideoRatio};

// The tests include this file as a module and call `run`, so there `main` is unused.
#[allow(dead_code)]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let prompt = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "a cat playing piano in a sunlit room".to_owned());
    let result = match Client::from_env() {
        Ok(client) => run(&client, &prompt, |line| eprintln!("{line}")).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(url) => {
            println!("{url}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            // A failed task says why: `task … failed with status FAILURE: <the server's reason>`.
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Starts a five-second 720p video of `prompt`, reports each state it reads through `progress`,
/// and returns the video's URL.
pub async fn run(
    client: &Client,
    prompt: &str,
    mut progress: impl FnMut(&str) + Send + 'static,
) -> Result<String, Error> {
    let request = VideoGenerationRequest::new(VideoModel::Seedance)
        .with_content(vec![VideoContent::new("text").with_text(prompt)])
        .with_resolution("720p")
        .with_ratio(VideoRatio::V16_9)
        .with_duration(5);
    let task = client.create_video_generation_task(&request).await?;
    progress(&format!("task {} started", task.id()));
    let done = task
        .timeout(Duration::from_secs(15 * 60))
        .on_progress(move |state| {
            let status = if state.status.is_empty() {
                "pending"
            } else {
                &state.status
            };
            let line = format!("{status} {}", state.progress.as_deref().unwrap_or(""));
            progress(line.trim_end());
        })
        .wait()
        .await?;
    done.result_url().map(str::to_owned).ok_or_else(|| Error::Decode {
        path: "data.result_url".to_owned(),
        message: "the task succeeded without a result URL".to_owned(),
        body: serde_json::to_string(&done.value).unwrap_or_default(),
    })
}
