//! The gateway's families through one client: where each request goes for each kind of base
//! URL, the models list typed, and per-model limits (an enum subset, a range) refused before
//! anything is sent.

mod common;

use anyfast::{
    Client, EndpointType, Error, ImageGenerationRequest, ImageModel, KlingAction, VideoGenerationRequest, VideoModel,
};
use common::{Reply, Server};
use serde_json::json;

/// The three base URLs users give: the docs' host (every operation as the spec writes it), the
/// OpenAI habit `…/v1` (the `/v1` operations below it, not doubled; Kling and assets on the
/// same host), and another OpenAI-compatible server's root `…/v1beta/openai`.
#[tokio::test]
async fn each_family_reaches_its_path_from_each_kind_of_base_url() {
    for (base, chat, kling, asset) in [
        (
            "",
            "POST /v1/chat/completions",
            "GET /kling/v1/videos/text2video/7",
            "POST /volc/asset/GetAsset",
        ),
        (
            "/v1",
            "POST /v1/chat/completions",
            "GET /kling/v1/videos/text2video/7",
            "POST /volc/asset/GetAsset",
        ),
        (
            "/v1beta/openai",
            "POST /v1beta/openai/chat/completions",
            "GET /kling/v1/videos/text2video/7",
            "POST /volc/asset/GetAsset",
        ),
    ] {
        let server = Server::start(vec![
            Reply::json(200, &common::completion()),
            Reply::json(200, &json!({"code": "success"})),
            Reply::json(200, &json!({"Id": "asset-1"})),
        ])
        .await;
        let client = Client::builder()
            .api_key("k")
            .base_url(format!("{}{base}", server.url()))
            .max_retries(0)
            .build()
            .expect("client");
        client.create_chat_completion(&common::request()).await.expect("chat");
        client
            .get_kling_video_task(&KlingAction::Text2video, "7")
            .await
            .expect("kling");
        client
            .get_asset(&anyfast::GetAssetRequest::new("asset-1"))
            .await
            .expect("asset");
        let lines: Vec<String> = server
            .seen()
            .iter()
            .map(|s| s.line.trim_end_matches(" HTTP/1.1").to_owned())
            .collect();
        assert_eq!(lines, [chat, kling, asset], "base `{base}`");
    }
}

#[tokio::test]
async fn the_models_list_is_typed_with_open_endpoint_types() {
    let server = Server::start(vec![Reply::json(
        200,
        &json!({"data": [
            {"id": "gpt-4o", "object": "model", "created": 1626777600, "owned_by": "openai", "supported_endpoint_types": ["openai"]},
            {"id": "mj-imagine", "object": "model", "owned_by": "custom", "supported_endpoint_types": ["mj-imagine", "image-generation"]}
        ]}),
    )])
    .await;
    let (client, _) = common::client(&server, 0);
    let models = client.list_models().await.expect("models");
    let ids: Vec<&str> = models.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["gpt-4o", "mj-imagine"]);
    let types = models.data[1].supported_endpoint_types.as_deref().expect("types");
    assert_eq!(types[0], EndpointType::Other("mj-imagine".to_owned()));
    assert_eq!(types[1], EndpointType::ImageGeneration);
    assert_eq!(server.seen()[0].line, "GET /v1/models HTTP/1.1");
}

#[tokio::test]
async fn per_model_limits_are_refused_before_sending() {
    // No server: nothing may be sent.
    let client = Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client");
    let cases: Vec<(Result<(), Error>, &str, &str)> = vec![
        (
            client
                .create_video_generation(&VideoGenerationRequest::new(VideoModel::Seedance).with_resolution("1080p"))
                .await
                .map(drop),
            "resolution",
            "must be one of 480p, 720p when `model` is `seedance`, got `1080p`",
        ),
        (
            client
                .create_video_generation(&VideoGenerationRequest::new(VideoModel::Seedance2_0Mini).with_duration(-1))
                .await
                .map(drop),
            "duration",
            "must be at least 4 when `model` is `seedance-2.0-mini`, got -1",
        ),
        (
            client
                .create_image(&ImageGenerationRequest::new(ImageModel::GptImage1_5, "a cat").with_size("2048x2048"))
                .await
                .map(drop),
            "size",
            "must be one of 1024x1024, 1536x1024, 1024x1536, auto when `model` is `gpt-image-1.5`, got `2048x2048`",
        ),
    ];
    for (result, field, reason) in cases {
        match result {
            Err(Error::InvalidRequest { field: f, reason: r }) => assert_eq!((f.as_str(), r.as_str()), (field, reason)),
            other => panic!("{field}: {other:?}"),
        }
    }
    // The same values for a model that offers them pass the check (and then fail to connect).
    let allowed = client
        .create_video_generation(
            &VideoGenerationRequest::new(VideoModel::DoubaoSeedance1_5Pro251215).with_resolution("1080p"),
        )
        .await
        .expect_err("nothing listens");
    assert_eq!(allowed.kind(), anyfast::ErrorKind::Connection);
}
