//! Generation tasks end to end: the generated `_task` methods start a task and the runtime's
//! handle reads it until it is final, against a scripted loopback server playing the lifecycles
//! the vendor documents (NOT_START, QUEUED, IN_PROGRESS, SUCCESS; FAILURE with a reason; the
//! older `processing`/`completed` spelling), with waits recorded instead of slept.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyfast::{Client, Error, ErrorKind, KlingText2VideoRequest, VideoContent, VideoGenerationRequest, VideoModel};
use common::{Reply, Server};
use serde_json::{json, Value};

/// A client of `server` whose waits are recorded, not slept.
fn client(server: &Server) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    common::client(server, 0)
}

fn request() -> VideoGenerationRequest {
    VideoGenerationRequest::new(VideoModel::Seedance).with_content(vec![VideoContent::new("text").with_text("a cat")])
}

fn created() -> Reply {
    Reply::json(
        200,
        &json!({"id": "cgt-1", "task_id": "asyntask_1", "object": "video", "model": "seedance", "status": "", "progress": 0, "created_at": 1773328294}),
    )
}

fn state(status: &str, progress: &str, extra: Value) -> Reply {
    let mut data = json!({"task_id": "asyntask_1", "status": status, "progress": progress});
    data.as_object_mut()
        .expect("object")
        .extend(extra.as_object().cloned().unwrap_or_default());
    Reply::json(200, &json!({"code": "success", "message": "", "data": data}))
}

fn statuses(server: &Server) -> Vec<String> {
    server.seen().iter().map(|s| s.line.clone()).collect()
}

#[tokio::test]
async fn a_task_is_waited_on_through_its_documented_lifecycle() {
    let server = Server::start(vec![
        created(),
        state("NOT_START", "0%", json!({})),
        state("QUEUED", "0%", json!({})),
        state("IN_PROGRESS", "50%", json!({})),
        state(
            "SUCCESS",
            "100%",
            json!({"result_url": "https://cdn.example/v.mp4", "fail_reason": ""}),
        ),
    ])
    .await;
    let (client, sleeps) = client(&server);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let task = client.create_video_generation_task(&request()).await.expect("started");
    assert_eq!(task.id(), "asyntask_1");
    assert_eq!(task.started().id.as_deref(), Some("cgt-1"));
    let done = task
        .on_progress(move |s| {
            record
                .lock()
                .expect("lock")
                .push((s.status.clone(), s.progress.clone()))
        })
        .wait()
        .await
        .expect("succeeded");
    assert_eq!(done.result_url(), Some("https://cdn.example/v.mp4"));
    assert_eq!(
        done.value.data.as_ref().and_then(|d| d.result_url.as_deref()),
        Some("https://cdn.example/v.mp4")
    );
    let seen: Vec<String> = seen.lock().expect("lock").iter().map(|(s, _)| s.clone()).collect();
    assert_eq!(seen, ["NOT_START", "QUEUED", "IN_PROGRESS", "SUCCESS"]);
    // The documented interval (15 s), unchanged while the state changes.
    assert_eq!(*sleeps.lock().expect("lock"), [Duration::from_secs(15); 3]);
    let lines = statuses(&server);
    assert_eq!(lines[0], "POST /v1/video/generations HTTP/1.1");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l == "GET /v1/video/generations/asyntask_1 HTTP/1.1"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_failed_task_ends_in_its_reason() {
    let server = Server::start(vec![
        created(),
        state("IN_PROGRESS", "50%", json!({})),
        state("FAILURE", "100%", json!({"fail_reason": "content policy"})),
    ])
    .await;
    let (client, _) = client(&server);
    let task = client.create_video_generation_task(&request()).await.expect("started");
    let err = task.wait().await.expect_err("failed");
    assert_eq!(err.kind(), ErrorKind::TaskFailed);
    assert_eq!(
        err.to_string(),
        "task asyntask_1 failed with status FAILURE: content policy"
    );
    match err {
        Error::TaskFailed { id, status, reason } => {
            assert_eq!(
                (id.as_str(), status.as_str(), reason.as_deref()),
                ("asyntask_1", "FAILURE", Some("content policy"))
            )
        }
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn the_older_flat_spelling_is_read_too() {
    // The older pages: a create response with only `id`, and flat reads spelled
    // processing / completed, the video at `video_url`.
    let server = Server::start(vec![
        Reply::json(200, &json!({"id": "gen-abc123", "model": "doubao-seedance-1-5-pro-251215", "status": "processing", "created_at": 1773130665})),
        Reply::json(200, &json!({"id": "gen-abc123", "status": "processing"})),
        Reply::json(200, &json!({"id": "gen-abc123", "status": "completed", "video_url": "https://cdn.example/old.mp4"})),
    ])
    .await;
    let (client, _) = client(&server);
    let task = client.create_video_generation_task(&request()).await.expect("started");
    assert_eq!(task.id(), "gen-abc123");
    let done = task.wait().await.expect("completed");
    assert_eq!(
        (done.status.as_str(), done.result_url()),
        ("completed", Some("https://cdn.example/old.mp4"))
    );
    assert_eq!(statuses(&server)[1], "GET /v1/video/generations/gen-abc123 HTTP/1.1");
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_still_task_backs_off_until_the_timeout() {
    let pending = |progress: &str, retry_after: Option<&str>| {
        let body = json!({"data": {"status": "IN_PROGRESS", "progress": progress}});
        let mut headers = vec![("content-type", "application/json")];
        headers.extend(retry_after.map(|v| ("retry-after", v)));
        Reply::raw(200, &headers, body.to_string().as_bytes())
    };
    let server = Server::start(vec![created(), pending("50%", Some("2")), pending("50%", None)]).await;
    let (client, sleeps) = client(&server);
    let task = client.create_video_generation_task(&request()).await.expect("started");
    let err = task
        .timeout(Duration::from_secs(70))
        .wait()
        .await
        .expect_err("times out");
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.to_string(), "timed out: the wait for the task took longer than 70s");
    // 2 s as the server asked, then the interval, growing while nothing changes; the next
    // wait (30 s) would pass the 70 s allowed.
    let secs: Vec<u64> = sleeps.lock().expect("lock").iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [2, 15, 30]);
}

#[tokio::test]
async fn status_reads_once_and_dropping_the_wait_stops_polling() {
    let server = Server::start(vec![created(), state("QUEUED", "0%", json!({}))]).await;
    // Real sleeps, short ones: the wait is dropped while it polls.
    let client = Client::builder()
        .api_key("k")
        .base_url(server.url())
        .build()
        .expect("client");
    let task = client.create_video_generation_task(&request()).await.expect("started");
    let once = task.status().await.expect("read");
    assert_eq!(once.status, "QUEUED");
    assert_eq!(server.seen().len(), 2);
    let waiting = task.interval(Duration::from_millis(20)).wait();
    assert!(tokio::time::timeout(Duration::from_millis(150), waiting).await.is_err());
    let polled = server.seen().len();
    assert!(polled > 2, "it polled while waited on: {polled}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.seen().len(), polled, "no read after the wait was dropped");
}

#[tokio::test]
async fn a_kling_task_is_read_at_its_action_and_id() {
    let server = Server::start(vec![
        Reply::json(200, &json!({"id": "860260753860210752", "task_id": "860260753860210752", "object": "video", "model": "kling-v3", "status": "", "progress": 0})),
        Reply::json(200, &json!({"code": "success", "data": {"task_id": "860260753860210752", "status": "PROCESSING", "progress": "10%"}})),
        Reply::json(200, &json!({"code": "success", "data": {"status": "SUCCESS", "progress": "100%", "data": {"code": 0, "data": {"task_status": "succeed", "task_result": {"videos": [{"id": "v1", "url": "https://cdn.example/k.mp4", "duration": "5.041"}]}}}}})),
    ])
    .await;
    let (client, _) = client(&server);
    let task = client
        .create_kling_text2_video_task(&KlingText2VideoRequest::new("a cat in sunflowers"))
        .await
        .expect("started");
    let done = task.wait().await.expect("succeeded");
    assert_eq!(
        done.result.expect("a result")["videos"][0]["url"],
        "https://cdn.example/k.mp4"
    );
    let lines = statuses(&server);
    assert_eq!(lines[0], "POST /kling/v1/videos/text2video HTTP/1.1");
    assert_eq!(lines[1], "GET /kling/v1/videos/text2video/860260753860210752 HTTP/1.1");
}
