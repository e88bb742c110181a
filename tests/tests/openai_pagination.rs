//! OpenAI's lists page by `after`, `has_more` and `last_id`. A crate generated from OpenAI's
//! own spec (`../shared/specs/corpus/`, unchanged), built with the `files` family alone, reads
//! every page of `list_files` from a loopback server: the second request keeps the caller's
//! `limit` and moves only `after`, and the list ends where `has_more` says.

use anyfast_tests::root;

const TEST: &str = r#"
use futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn file(id: &str) -> serde_json::Value {
    json!({
        "id": id, "object": "file", "bytes": 1, "created_at": 1, "filename": "a.jsonl",
        "purpose": "fine-tune", "status": "processed"
    })
}

#[tokio::test]
async fn list_files_reads_every_page() {
    let server = MockServer::start().await;
    // The second page, asked for after the first page's last id.
    Mock::given(method("GET"))
        .and(path("/v1/files"))
        .and(query_param("after", "file-b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "data": [file("file-c")], "first_id": "file-c",
            "last_id": "file-c", "has_more": false
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list", "data": [file("file-a"), file("file-b")], "first_id": "file-a",
            "last_id": "file-b", "has_more": true
        })))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = openai::Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .api_key("sk-test")
        .build()
        .expect("a client");
    let params = openai::ListFilesParams::default().with_limit(2);
    let ids: Vec<String> = client
        .list_files_items(&params)
        .map(|file| file.expect("a file").id)
        .collect()
        .await;
    assert_eq!(ids, ["file-a", "file-b", "file-c"]);
    let asked: Vec<String> = server
        .received_requests()
        .await
        .expect("requests are recorded")
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(asked, ["limit=2", "limit=2&after=file-b"]);
}
"#;

#[test]
fn a_generated_openai_crate_reads_every_page_of_a_list() {
    let dir = root().join("target/openai-pagination");
    let manifest = anyfast_tests::write_standalone_crate(
        &dir,
        "../shared/specs/corpus/openai-openapi-2026-08-21.yaml",
        "openai",
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\
         wiremock = \"0.6\"\nfutures-util = \"0.3\"\n",
    );
    assert!(manifest.contains("files = ["), "a feature per family: {manifest}");
    anyfast_tests::run_crate_test_with(&dir, "pages", TEST, &["--no-default-features", "--features", "files"]);
}
