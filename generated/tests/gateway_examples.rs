//! The gateway examples (`models`, `image`, `video`), run against a scripted loopback gateway
//! that plays the documented lifecycles: NOT_START, QUEUED, IN_PROGRESS, then SUCCESS; a
//! FAILURE with its reason; the older `processing`/`completed` spelling.

mod common;

#[path = "../examples/models.rs"]
mod models;

#[path = "../examples/image.rs"]
mod image;

#[path = "../examples/video.rs"]
mod video;

use std::sync::{Arc, Mutex};

use common::{Reply, Server};
use serde_json::json;

#[tokio::test]
async fn the_models_example_lists_each_id() {
    let server = Server::start(vec![Reply::json(
        200,
        &json!({"data": [{"id": "doubao-seed-2.0-pro", "object": "model", "owned_by": "volcengine", "supported_endpoint_types": ["openai"]}, {"id": "seedance", "object": "model", "supported_endpoint_types": ["video"]}]}),
    )])
    .await;
    let (client, _) = common::client(&server, 0);
    assert_eq!(
        models::run(&client).await.expect("models"),
        ["doubao-seed-2.0-pro", "seedance"]
    );
}

#[tokio::test]
async fn the_image_example_prints_each_url() {
    let server = Server::start(vec![Reply::json(
        200,
        &json!({"model": "doubao-seedream-5-0-260128", "created": 1775029815, "data": [{"url": "https://cdn.example/a.png", "size": "2048x2048"}, {"url": "https://cdn.example/b.png"}], "usage": {"generated_images": 2, "output_tokens": 16384, "total_tokens": 16384}}),
    )])
    .await;
    let (client, _) = common::client(&server, 0);
    let urls = image::run(&client, "a lighthouse").await.expect("images");
    assert_eq!(urls, ["https://cdn.example/a.png", "https://cdn.example/b.png"]);
    let sent = server.seen()[0].json();
    assert_eq!(
        (sent["model"].as_str(), sent["prompt"].as_str(), sent["size"].as_str()),
        (
            Some("doubao-seedream-5-0-260128"),
            Some("a lighthouse"),
            Some("2048x2048")
        )
    );
}

fn created(id: &str) -> Reply {
    Reply::json(
        200,
        &json!({"id": id, "task_id": id, "object": "video", "model": "seedance", "status": "", "progress": 0, "created_at": 1773328294}),
    )
}

fn read(status: &str, progress: &str, extra: serde_json::Value) -> Reply {
    let mut data = json!({"task_id": "asyntask_9", "status": status, "progress": progress});
    data.as_object_mut()
        .expect("object")
        .extend(extra.as_object().cloned().unwrap_or_default());
    Reply::json(200, &json!({"code": "success", "message": "", "data": data}))
}

/// Runs the video example, returning its result and the progress lines it wrote.
async fn run_video(replies: Vec<Reply>) -> (Result<String, anyfast::Error>, Vec<String>) {
    let server = Server::start(replies).await;
    let (client, _) = common::client(&server, 0);
    let lines = Arc::new(Mutex::new(Vec::new()));
    let record = lines.clone();
    let result = video::run(&client, "a cat playing piano", move |line| {
        record.lock().expect("lock").push(line.to_owned())
    })
    .await;
    let lines = lines.lock().expect("lock").clone();
    (result, lines)
}

#[tokio::test]
async fn the_video_example_waits_through_the_lifecycle_and_prints_the_url() {
    let (result, lines) = run_video(vec![
        created("asyntask_9"),
        read("NOT_START", "0%", json!({})),
        read("QUEUED", "0%", json!({})),
        read("IN_PROGRESS", "50%", json!({})),
        read(
            "SUCCESS",
            "100%",
            json!({"result_url": "https://cdn.example/video.mp4"}),
        ),
    ])
    .await;
    assert_eq!(result.expect("the video"), "https://cdn.example/video.mp4");
    assert_eq!(
        lines,
        [
            "task asyntask_9 started",
            "NOT_START 0%",
            "QUEUED 0%",
            "IN_PROGRESS 50%",
            "SUCCESS 100%"
        ]
    );
}

#[tokio::test]
async fn the_video_example_fails_with_the_servers_reason() {
    let (result, _) = run_video(vec![
        created("asyntask_9"),
        read("QUEUED", "0%", json!({})),
        read(
            "FAILURE",
            "100%",
            json!({"fail_reason": "the prompt was refused by moderation"}),
        ),
    ])
    .await;
    let err = result.expect_err("the task failed");
    assert_eq!(
        err.to_string(),
        "task asyntask_9 failed with status FAILURE: the prompt was refused by moderation"
    );
}

#[tokio::test]
async fn the_video_example_reads_the_older_spelling() {
    let (result, lines) = run_video(vec![
        Reply::json(
            200,
            &json!({"id": "gen-abc123", "model": "seedance", "status": "processing", "created_at": 1773130665}),
        ),
        Reply::json(200, &json!({"id": "gen-abc123", "status": "processing"})),
        Reply::json(
            200,
            &json!({"id": "gen-abc123", "status": "completed", "video_url": "https://cdn.example/old.mp4"}),
        ),
    ])
    .await;
    assert_eq!(result.expect("the video"), "https://cdn.example/old.mp4");
    assert_eq!(lines, ["task gen-abc123 started", "processing", "completed"]);
}
