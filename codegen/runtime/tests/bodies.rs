//! Bodies that are not JSON and cookie parameters, as generated methods send them through
//! the runtime: what the server receives.

mod common;

use anyfast_runtime::RequestOptions;
use anyfast_runtime::{Method, Multipart, RequestParts};
use common::{Reply, Server};

async fn send(parts: RequestParts) -> common::Seen {
    let server = Server::start(vec![Reply::raw(204, &[], b"")]).await;
    let client = common::client(&server, 0);
    client
        .execute_unit(parts, None::<&()>, &RequestOptions::new())
        .await
        .expect("sent");
    server.seen().remove(0)
}

#[tokio::test]
async fn a_form_body_is_url_encoded() {
    let mut parts = RequestParts::new(Method::POST, "/token");
    parts
        .form(&[("grant_type", "client_credentials"), ("scope", "a b&c")])
        .expect("encodes");
    let seen = send(parts).await;
    assert_eq!(seen.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        "grant_type=client_credentials&scope=a+b%26c"
    );
}

#[tokio::test]
async fn a_form_body_writes_lists_and_nested_objects_in_their_styles() {
    let mut parts = RequestParts::new(Method::POST, "/customers");
    let body = serde_json::json!({"address": {"city": "Oslo"}, "tags": ["a", "b"]});
    parts
        .form_styled(&body, &[("address", anyfast_runtime::QueryStyle::DeepObject)])
        .expect("encodes");
    let seen = send(parts).await;
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        "address%5Bcity%5D=Oslo&tags=a&tags=b"
    );
}

#[tokio::test]
async fn a_multipart_body_carries_its_fields_and_files() {
    let mut parts = RequestParts::new(Method::POST, "/files");
    let form = Multipart::new().text("purpose", "batch").file(
        "file",
        "in.jsonl",
        "application/jsonl",
        b"{\"a\":1}\n".to_vec(),
    );
    parts.multipart(&form);
    let seen = send(parts).await;
    let content_type = seen.header("content-type").expect("a content type").to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart with a boundary");
    let body = String::from_utf8_lossy(&seen.body);
    assert!(body.contains("name=\"purpose\"\r\n\r\nbatch\r\n"), "{body}");
    assert!(
        body.contains("name=\"file\"; filename=\"in.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{\"a\":1}\n\r\n"),
        "{body}"
    );
    assert!(body.ends_with(&format!("--{boundary}--\r\n")), "{body}");
}

#[tokio::test]
async fn raw_bytes_and_cookies_are_sent_as_given() {
    let mut parts = RequestParts::new(Method::PUT, "/files/1/content");
    parts.raw("application/octet-stream", bytes::Bytes::from_static(b"\x00\x01binary"));
    parts.cookies.push(("session", "abc".to_owned()));
    parts.cookies.push(("theme", "dark".to_owned()));
    let seen = send(parts).await;
    assert_eq!(seen.header("content-type"), Some("application/octet-stream"));
    assert_eq!(seen.header("cookie"), Some("session=abc; theme=dark"));
    assert_eq!(seen.body, b"\x00\x01binary");
}
