//! The client against Prism, an independent OpenAPI mock server serving `spec/openapi.yaml`:
//! every request the client builds is validated against the spec by a tool we did not write.
//!
//! `.ci/run` installs Prism under `.ci/node`; set `PRISM_BIN` to use another copy. Without
//! Prism the suite fails, naming `cargo xtask test`, which installs it.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyfast::runtime::{Method, RequestParts};
use anyfast::{
    ChatCompletionRequest, ChatMessage, Client, ContentPart, Error, FinishReason, FunctionCall, ImageUrl,
    ImageUrlContentPart, Model, ReasoningEffort, RequestOptions, ResponseFormat, Role, StreamOptions, TextContentPart,
    Thinking, Tool, ToolCall, ToolChoiceMode, VideoUrl, VideoUrlContentPart,
};
use serde_json::json;

struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism_bin() -> Option<PathBuf> {
    let path = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| anyfast_tests::root().join(".ci/node/node_modules/.bin/prism"));
    path.exists().then_some(path)
}

fn start(bin: &PathBuf) -> Prism {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new(bin)
        .args(["mock", "spec/openapi.yaml", "-h", "127.0.0.1", "-p", &port.to_string()])
        .current_dir(anyfast_tests::root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prism starts");
    let prism = Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "prism did not listen within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    prism
}

fn multimodal_request() -> ChatCompletionRequest {
    let content: Vec<ContentPart> = vec![
        ImageUrlContentPart::new(ImageUrl::new("https://example.com/a.png")).into(),
        VideoUrlContentPart::new(VideoUrl::new("https://example.com/a.mp4").with_fps(2.0)).into(),
        TextContentPart::new("图片里有什么?").into(),
    ];
    ChatCompletionRequest::new(
        Model::DoubaoSeed1_6_251015,
        [ChatMessage::system("be brief"), ChatMessage::user(content)],
    )
    .with_max_tokens(1024)
    .with_temperature(1.0)
    .with_top_p(0.5)
    .with_stop(vec!["<string>".to_owned()])
}

#[tokio::test]
async fn requests_the_client_builds_conform_to_the_spec() {
    let Some(bin) = prism_bin() else {
        // A suite that did not run never says `ok`.
        panic!("prism is not installed: run `cargo xtask test`, which installs it into .ci/node and runs every test");
    };
    let prism = start(&bin);
    let client = Client::builder()
        .api_key("sk-prism")
        .base_url(&prism.url)
        .max_retries(0)
        .build()
        .expect("client");

    // A JSON call with every documented field and every content part type.
    let done = client
        .create_chat_completion(&multimodal_request())
        .await
        .expect("prism accepts the request");
    assert_eq!(done.id, "chatcmpl-abc123");
    assert_eq!(done.choices[0].finish_reason, Some(FinishReason::Stop));

    // A plain string content and an unlisted model id are valid too.
    let plain = ChatCompletionRequest::new("glm-4-7-251222", [ChatMessage::user("hi")]);
    client
        .create_chat_completion(&plain)
        .await
        .expect("prism accepts a string content");

    // The streaming call: Prism serves the spec's SSE example, ended by [DONE].
    let stream = client
        .create_chat_completion_stream(&multimodal_request())
        .await
        .expect("a stream");
    let done = stream.collect_completion().await.expect("the example stream decodes");
    assert_eq!(done.choices[0].message.content.as_deref(), Some("图片里有3个模型。"));
    assert_eq!(done.choices[0].message.reasoning_content.as_deref(), Some("图片"));
    assert_eq!(
        done.usage
            .map(|u| u.completion_tokens_details.and_then(|d| d.reasoning_tokens)),
        Some(Some(53))
    );

    // Prism does reject what breaks the spec: a temperature out of range, sent around our checks.
    let bad = json!({"model": "glm-4-7-251222", "messages": [{"role": "user", "content": "hi"}], "temperature": 3});
    let parts = RequestParts::new(Method::POST, "/v1/chat/completions");
    let err = client
        .runtime()
        .execute_json::<_, serde_json::Value>(parts, Some(&bad), &RequestOptions::new())
        .await
        .expect_err("prism rejects it");
    assert!(matches!(err.status(), Some(400 | 422)), "{err}");

    // Spec v2: tools, a tool-calling round trip sent back, thinking, reasoning effort and a
    // response format, all accepted.
    let weather = Tool::function(
        "get_weather",
        "The weather in a city",
        json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
    );
    let call = ToolCall::new("call_1", FunctionCall::new("get_weather", r#"{"city":"Paris"}"#));
    let asked = ChatMessage::new(Role::Assistant).with_tool_calls(vec![call.clone()]);
    let agentic = ChatCompletionRequest::new(
        Model::DoubaoSeed2_0Code,
        [
            ChatMessage::user("Weather in Paris?"),
            asked,
            call.answer("22°C, sunny"),
        ],
    )
    .with_tools(vec![weather])
    .with_tool_choice(ToolChoiceMode::Auto)
    .with_thinking(Thinking::disabled())
    .with_reasoning_effort(ReasoningEffort::Low)
    .with_response_format(ResponseFormat::json_object())
    .with_stop("END")
    .with_frequency_penalty(0.5)
    .with_stream_options(StreamOptions::new().with_include_usage(true));
    client
        .create_chat_completion(&agentic)
        .await
        .expect("prism accepts tools, tool results, thinking and a response format");

    // A per-model limit: max_tokens 9000 is too many for the vision model. The client refuses
    // it before sending...
    let too_long =
        ChatCompletionRequest::new(Model::DoubaoSeed1_6Vision250815, [ChatMessage::user("hi")]).with_max_tokens(9000);
    match client.create_chat_completion(&too_long).await {
        Err(Error::InvalidRequest { field, reason }) => {
            assert_eq!(field, "max_tokens");
            assert!(
                reason.contains("8192") && reason.contains("doubao-seed-1-6-vision-250815"),
                "{reason}"
            );
        }
        other => panic!("the client sends it: {other:?}"),
    }
    // ...and Prism, reading the spec's if/then, refuses it too when it is sent around the check.
    let raw = json!({"model": "doubao-seed-1-6-vision-250815", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 9000});
    let err = client
        .runtime()
        .execute_json::<_, serde_json::Value>(
            RequestParts::new(Method::POST, "/v1/chat/completions"),
            Some(&raw),
            &RequestOptions::new(),
        )
        .await
        .expect_err("prism rejects it");
    assert!(matches!(err.status(), Some(400 | 422)), "{err}");
    // The same number is fine for a model without that limit.
    let other_model =
        json!({"model": "doubao-seed-1-6-251015", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 9000});
    client
        .runtime()
        .execute_json::<_, serde_json::Value>(
            RequestParts::new(Method::POST, "/v1/chat/completions"),
            Some(&other_model),
            &RequestOptions::new(),
        )
        .await
        .expect("prism accepts 9000 for another model");

    // And a missing key.
    let anonymous = Client::builder()
        .base_url(&prism.url)
        .max_retries(0)
        .build()
        .expect("client");
    match anonymous.create_chat_completion(&plain).await {
        Err(Error::Api(e)) => assert_eq!(e.status, 401),
        other => panic!("{other:?}"),
    }
}
