//! The runtime on its own, as a generated crate drives it: JSON calls with retries, typed API
//! errors, and event streams collected through an `Accumulate` impl of the caller's.

mod common;

use anyfast_runtime::{Accumulate, Error, Method, RequestOptions, RequestParts};
use common::{End, Reply, Server};
use serde_json::json;

#[tokio::test]
async fn a_json_call_is_retried_then_decoded() {
    let server = Server::start(vec![
        Reply::json(503, &json!({"error": {"message": "busy"}})),
        Reply::json(200, &json!({"id": "x", "n": 2})),
    ])
    .await;
    let client = common::client(&server, 2);
    let mut parts = RequestParts::new(Method::POST, "/things");
    parts.query.push(("limit".into(), "3".into()));
    let value: serde_json::Value = client
        .execute_json(parts, Some(&json!({"a": 1})), &RequestOptions::new())
        .await
        .expect("the retry succeeds");
    assert_eq!(value, json!({"id": "x", "n": 2}));
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "one retry");
    assert_eq!(seen[1].line, "POST /things?limit=3 HTTP/1.1");
    assert_eq!(seen[1].header("authorization"), Some("Bearer k"));
    assert_eq!(seen[1].header("user-agent"), Some("anyfast-runtime-tests"));
    assert_eq!(seen[1].json(), json!({"a": 1}));
}

#[tokio::test]
async fn an_error_status_is_a_typed_api_error() {
    let server = Server::start(vec![Reply::json(
        400,
        &json!({"error": {"message": "bad thing", "type": "invalid_request_error"}}),
    )])
    .await;
    let client = common::client(&server, 2);
    let err = client
        .execute_unit(
            RequestParts::new(Method::GET, "/things"),
            None::<&()>,
            &RequestOptions::new(),
        )
        .await
        .expect_err("a 400");
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(
        (api.status, api.message.as_deref(), api.attempts),
        (400, Some("bad thing"), 1)
    );
}

/// A made-up event whose stream adds up to the sum of its numbers.
#[derive(serde::Deserialize)]
struct Tick {
    n: i64,
}

impl Accumulate for Tick {
    type Output = i64;
    type Accumulator = i64;

    fn push(sum: &mut i64, tick: &Self) {
        *sum += tick.n;
    }

    fn finish(sum: i64) -> i64 {
        sum
    }
}

#[tokio::test]
async fn a_stream_adds_up_through_the_callers_accumulator() {
    let body = "data: {\"n\":1}\n\ndata: {\"n\":2}\n\n: keep-alive\n\ndata: {\"n\":39}\n\ndata: [DONE]\n\n";
    let server = Server::start(vec![Reply::sse(body, 7, End::Complete)]).await;
    let client = common::client(&server, 0);
    let stream = client
        .execute_stream::<_, Tick>(
            RequestParts::new(Method::POST, "/ticks"),
            Some(&json!({})),
            &RequestOptions::new(),
            Some("[DONE]"),
        )
        .await
        .expect("a stream");
    assert_eq!(stream.collect_completion().await.expect("complete"), 42);
    assert_eq!(server.seen()[0].header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn a_stream_cut_before_its_end_marker_is_a_stream_error_when_collected() {
    let server = Server::start(vec![Reply::sse("data: {\"n\":1}\n\n", 64, End::Drop)]).await;
    let client = common::client(&server, 0);
    let stream = client
        .execute_stream::<_, Tick>(
            RequestParts::new(Method::POST, "/ticks"),
            Some(&json!({})),
            &RequestOptions::new(),
            Some("[DONE]"),
        )
        .await
        .expect("a stream");
    let err = stream.collect_completion().await.expect_err("cut short");
    assert!(matches!(err, Error::Stream(_)), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    // A port that was just free: nothing listens there, so the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
        .api_key("k")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .retry_sleep(|_| async {})
        .build()
        .expect("client");
    let err = client
        .execute_unit(
            RequestParts::new(Method::GET, "/v1/things"),
            None::<&()>,
            &RequestOptions::new(),
        )
        .await
        .expect_err("refused");
    let text = err.to_string();
    assert!(matches!(err, Error::Connect { attempts: 2, .. }), "{err:?}");
    assert!(text.to_ascii_lowercase().contains("connection refused"), "{text}");
}

#[tokio::test]
async fn an_error_body_of_another_shape_gives_its_message_and_the_request() {
    for (status, body, content_type, message) in [
        (404, r#"{"detail":"Not Found"}"#, "application/json", "Not Found"),
        (
            422,
            r#"{"detail":[{"loc":["body","model"],"msg":"field required"},{"msg":"bad"}]}"#,
            "application/json",
            "field required; bad",
        ),
        (
            400,
            r#"{"message":"model not found"}"#,
            "application/json",
            "model not found",
        ),
        (502, "Bad Gateway\n", "text/plain", "Bad Gateway"),
    ] {
        let server = Server::start(vec![Reply::raw(
            status,
            &[("content-type", content_type)],
            body.as_bytes(),
        )])
        .await;
        let client = common::client(&server, 0);
        let err = client
            .execute_unit(
                RequestParts::new(Method::POST, "/v1/things"),
                Some(&json!({})),
                &RequestOptions::new(),
            )
            .await
            .expect_err("an error status");
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.message.as_deref(), Some(message), "{body}");
        let url = format!("POST {}/v1/things", server.url());
        assert_eq!(api.request.as_deref(), Some(url.as_str()));
        // A 404 names what to check: the base URL in use.
        let hint = match status {
            404 => format!("; check the base URL `{}`", server.url()),
            _ => String::new(),
        };
        assert_eq!(
            err.to_string(),
            format!("api error {status} from {url}: {message}{hint}"),
            "{body}"
        );
        assert_eq!(err.kind() == anyfast_runtime::ErrorKind::NotFound, status == 404);
    }
    // An OpenAI-style error says what failed itself; the request is kept but not repeated.
    let server = Server::start(vec![Reply::json(401, &json!({"error": {"message": "bad key"}}))]).await;
    let err = common::client(&server, 0)
        .execute_unit(
            RequestParts::new(Method::GET, "/v1/things"),
            None::<&()>,
            &RequestOptions::new(),
        )
        .await
        .expect_err("401");
    // A 401 says what to check: the key's variable and the base URL in use.
    assert_eq!(
        err.to_string(),
        format!(
            "api error 401: bad key; check the API key (`RUNTIME_TEST_API_KEY` for from_env) and the base URL `{}`",
            server.url()
        )
    );
    assert_eq!(err.kind(), anyfast_runtime::ErrorKind::Authentication);
}

/// Where requests go for each kind of base URL: the spec's prefix is added to a base without a
/// path (a mock, the vendor's host), never doubled, and a base URL with a path of its own
/// (another OpenAI-compatible server's `…/v1beta/openai`, a proxy's) is the API's root. A path
/// outside the prefix (another family of the API) goes to the base URL's origin.
#[tokio::test]
async fn a_base_url_with_a_path_of_its_own_is_the_apis_root() {
    for (base, path, line) in [
        ("", "/v1/things", "GET /v1/things HTTP/1.1"),
        ("/v1", "/v1/things", "GET /v1/things HTTP/1.1"),
        ("/v1/", "/v1/things", "GET /v1/things HTTP/1.1"),
        ("/v1beta/openai", "/v1/things", "GET /v1beta/openai/things HTTP/1.1"),
        ("/proxy/v1", "/v1/things", "GET /proxy/v1/things HTTP/1.1"),
        ("", "/kling/v1/videos", "GET /kling/v1/videos HTTP/1.1"),
        ("/v1", "/kling/v1/videos", "GET /kling/v1/videos HTTP/1.1"),
        (
            "/v1beta/openai",
            "/volc/asset/GetAsset",
            "GET /volc/asset/GetAsset HTTP/1.1",
        ),
    ] {
        let server = Server::start(vec![Reply::json(200, &json!({}))]).await;
        let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
            .api_key("k")
            .base_url(format!("{}{base}", server.url()))
            .build()
            .expect("client");
        let _: serde_json::Value = client
            .execute_json(
                RequestParts::new(Method::GET, path),
                None::<&()>,
                &RequestOptions::new(),
            )
            .await
            .expect("ok");
        assert_eq!(server.seen()[0].line, line, "{base} {path}");
    }
}

#[tokio::test]
async fn the_request_id_is_read_from_every_header_servers_use() {
    for header in anyfast_runtime::REQUEST_ID_HEADERS {
        let server = Server::start(vec![Reply::raw(
            200,
            &[("content-type", "application/json"), (header, "id-123")],
            b"{}",
        )])
        .await;
        let client = common::client(&server, 0);
        let (_, meta): (serde_json::Value, _) = client
            .execute_json_with_meta(
                RequestParts::new(Method::GET, "/v1/things"),
                None::<&()>,
                &RequestOptions::new(),
            )
            .await
            .expect("ok");
        assert_eq!(meta.request_id.as_deref(), Some("id-123"), "{header}");
    }
}

#[test]
fn keys_and_base_urls_that_cannot_work_are_configuration_errors() {
    let builder = || anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API);
    for key in ["", "   ", "\t"] {
        let err = builder().api_key(key).build().expect_err("a blank key");
        assert_eq!(err.to_string(), "invalid configuration: the API key is empty");
    }
    for url in ["127.0.0.1:8080", "http://h?x=1", "not a url"] {
        let err = builder().api_key("k").base_url(url).build().expect_err(url);
        assert!(matches!(&err, Error::Config(m) if m.contains(url)), "{err}");
    }
}

#[tokio::test]
async fn each_operation_sends_the_key_as_its_scheme_says_and_asks_for_its_media_type() {
    use anyfast_runtime::AuthScheme;
    type Case = (
        Option<AuthScheme>,
        &'static str,
        Option<&'static str>,
        Option<(&'static str, &'static str)>,
        Option<&'static str>,
    );
    // (the operation's scheme, the request line, the Authorization header, the other header,
    // the Cookie header); the key is `user:pass`.
    let cases: [Case; 6] = [
        (None, "GET /k HTTP/1.1", Some("Bearer user:pass"), None, None),
        (
            Some(AuthScheme::Basic),
            "GET /k HTTP/1.1",
            Some("Basic dXNlcjpwYXNz"),
            None,
            None,
        ),
        (
            Some(AuthScheme::Header("x-api-key")),
            "GET /k HTTP/1.1",
            None,
            Some(("x-api-key", "user:pass")),
            None,
        ),
        (
            Some(AuthScheme::Query("api_key")),
            "GET /k?api_key=user%3Apass HTTP/1.1",
            None,
            None,
            None,
        ),
        (
            Some(AuthScheme::Cookie("session")),
            "GET /k HTTP/1.1",
            None,
            None,
            Some("session=user:pass"),
        ),
        (Some(AuthScheme::None), "GET /k HTTP/1.1", None, None, None),
    ];
    for (scheme, line, authorization, other, cookie) in cases {
        let server = Server::start(vec![Reply::raw(200, &[("content-type", "image/png")], b"png")]).await;
        let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
            .api_key("user:pass")
            .base_url(server.url())
            .build()
            .expect("client");
        let mut parts = RequestParts::new(Method::GET, "/k").with_accept("image/png");
        parts.auth = scheme;
        let bytes = client
            .execute_bytes(parts, None::<&()>, &RequestOptions::new())
            .await
            .expect("the call succeeds");
        assert_eq!(&bytes[..], b"png");
        let seen = &server.seen()[0];
        assert_eq!(seen.line, line, "{scheme:?}");
        assert_eq!(seen.header("authorization"), authorization, "{scheme:?}");
        if let Some((name, value)) = other {
            assert_eq!(seen.header(name), Some(value), "{scheme:?}");
        }
        assert_eq!(seen.header("cookie"), cookie, "{scheme:?}");
        assert_eq!(seen.header("accept"), Some("image/png"));
    }
}

/// A security requirement that names several schemes at once: the key goes by the first, and
/// each credential beside it by its own scheme, the API's or the operation's; one the client
/// was not given is not sent, and `from_env` reads each from `<PREFIX>_<ENV>`.
#[tokio::test]
async fn credentials_beside_the_key_are_sent_each_by_its_scheme() {
    use anyfast_runtime::{AuthScheme, Credential};
    static OPERATION: [Credential; 2] = [SESSION, TOKEN];
    static TEAM: Credential = Credential {
        name: "TeamAuth",
        env: "TEAM_AUTH",
        scheme: AuthScheme::Header("x-team-id"),
    };
    static SESSION: Credential = Credential {
        name: "Session",
        env: "SESSION",
        scheme: AuthScheme::Cookie("session"),
    };
    static TOKEN: Credential = Credential {
        name: "Token",
        env: "TOKEN",
        scheme: AuthScheme::Query("token"),
    };
    static API: anyfast_runtime::ApiInfo = anyfast_runtime::ApiInfo {
        also: &[TEAM],
        credentials: &[TEAM, SESSION, TOKEN],
        ..common::API
    };
    /// (the operation's credentials, the request line, x-team-id, Cookie)
    type Case = (
        Option<&'static [Credential]>,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    );
    let cases: [Case; 3] = [
        (None, "GET /k HTTP/1.1", Some("team-1"), None),
        (Some(&OPERATION), "GET /k?token=t HTTP/1.1", None, Some("session=s")),
        (Some(&[]), "GET /k HTTP/1.1", None, None),
    ];
    for (also, line, team, cookie) in cases {
        let server = Server::start(vec![Reply::raw(200, &[("content-type", "image/png")], b"png")]).await;
        let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&API)
            .api_key("key")
            .credential("TeamAuth", "team-1")
            .credential("Session", "s")
            .credential("Token", "t")
            .base_url(server.url())
            .build()
            .expect("client");
        let mut parts = RequestParts::new(Method::GET, "/k").with_accept("image/png");
        parts.also = also;
        client
            .execute_bytes(parts, None::<&()>, &RequestOptions::new())
            .await
            .expect("the call succeeds");
        let seen = &server.seen()[0];
        assert_eq!(seen.line, line, "{also:?}");
        assert_eq!(seen.header("authorization"), Some("Bearer key"), "the key, always");
        assert_eq!(seen.header("x-team-id"), team, "{also:?}");
        assert_eq!(seen.header("cookie"), cookie, "{also:?}");
    }
    // Not given, not sent.
    let server = Server::start(vec![Reply::raw(200, &[("content-type", "image/png")], b"png")]).await;
    let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&API)
        .api_key("key")
        .base_url(server.url())
        .build()
        .expect("client");
    let parts = RequestParts::new(Method::GET, "/k").with_accept("image/png");
    client
        .execute_bytes(parts, None::<&()>, &RequestOptions::new())
        .await
        .expect("the call succeeds");
    assert_eq!(server.seen()[0].header("x-team-id"), None);
}

#[tokio::test]
async fn an_empty_body_where_json_was_documented_reads_as_null_where_the_type_allows() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Thing {
        id: String,
    }
    for body in [&b""[..], b"  \n"] {
        let server = Server::start(vec![
            Reply::raw(200, &[("content-type", "application/json")], body),
            Reply::raw(200, &[("content-type", "application/json")], body),
            Reply::raw(200, &[("content-type", "application/json")], body),
        ])
        .await;
        let client = common::client(&server, 0);
        let call = || RequestParts::new(Method::DELETE, "/things/1");
        let value: serde_json::Value = client
            .execute_json(call(), None::<&()>, &RequestOptions::new())
            .await
            .expect("an open value takes null");
        assert_eq!(value, serde_json::Value::Null);
        let option: Option<Thing> = client
            .execute_json(call(), None::<&()>, &RequestOptions::new())
            .await
            .expect("an option takes null");
        assert!(option.is_none());
        let thing = client
            .execute_json::<(), Thing>(call(), None, &RequestOptions::new())
            .await;
        assert!(matches!(thing, Err(Error::Decode { .. })), "{thing:?}");
    }
}

#[tokio::test]
async fn a_redirect_is_the_answer_only_where_the_operation_says_so() {
    for as_success in [true, false] {
        let server = Server::start(vec![
            Reply::raw(303, &[("location", "/elsewhere")], b""),
            Reply::json(200, &json!({"followed": true})),
        ])
        .await;
        let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
            .api_key("k")
            .base_url(server.url())
            .build()
            .expect("client");
        let mut parts = RequestParts::new(Method::POST, "/login");
        if as_success {
            parts = parts.with_redirect_as_success();
        }
        let (_, meta) = client
            .execute_unit_with_meta(parts, None::<&()>, &RequestOptions::new())
            .await
            .expect("the call succeeds");
        let seen = server.seen();
        if as_success {
            assert_eq!(meta.status, 303, "the redirect itself is returned");
            assert_eq!(seen.len(), 1, "and not followed");
        } else {
            assert_eq!(meta.status, 200, "the redirect is followed");
            assert_eq!(seen[1].line, "GET /elsewhere HTTP/1.1");
        }
    }
}

/// An operation's own server (an upload or OAuth host) takes the request while the client
/// keeps the API's default base URL; a base URL the user gave (a proxy, a mock) wins over it.
#[tokio::test]
async fn an_operations_server_applies_only_under_the_default_base_url() {
    let own = Server::start(vec![Reply::raw(204, &[], b"")]).await;
    let given = Server::start(vec![Reply::raw(204, &[], b"")]).await;
    let own_url: &'static str = Box::leak(own.url().into_boxed_str());
    let parts = || RequestParts::new(Method::POST, "/oauth/token").with_server(own_url);
    // The default base URL points nowhere; the operation's server is reached instead.
    let default = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
        .api_key("k")
        .build()
        .expect("client");
    default
        .execute_unit(parts(), None::<&()>, &RequestOptions::new())
        .await
        .expect("sent to the operation's server");
    assert_eq!(own.seen().len(), 1);
    common::client(&given, 0)
        .execute_unit(parts(), None::<&()>, &RequestOptions::new())
        .await
        .expect("sent to the given base URL");
    assert_eq!((own.seen().len(), given.seen().len()), (1, 1));
}

/// A spec without an absolute server still gives a client (`Client::new` cannot fail); each
/// request is then a configuration error that says what to set.
#[tokio::test]
async fn a_spec_without_a_usable_server_fails_each_request_with_the_fix() {
    for base_url in ["", "/api/v3"] {
        let api: &'static anyfast_runtime::ApiInfo = Box::leak(Box::new(anyfast_runtime::ApiInfo {
            base_url,
            ..common::API
        }));
        let client = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(api)
            .api_key("k")
            .build()
            .expect("built");
        let err = client
            .execute_unit(
                RequestParts::new(Method::GET, "/pets"),
                None::<&()>,
                &RequestOptions::new(),
            )
            .await
            .expect_err("no server");
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("RUNTIME_TEST_BASE_URL") && text.contains("`/pets`"),
            "{text}"
        );
    }
}

/// A next-page URL keeps its path and query, less the path a base URL already contributes, so
/// it reaches the configured server (a mock, a proxy) rather than the vendor's host.
#[test]
fn a_next_page_url_keeps_its_path_and_query_on_the_configured_base() {
    let with_path = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
        .api_key("k")
        .base_url("https://proxy.example.com/v1")
        .build()
        .expect("client");
    for (next, path) in [
        (
            "https://api.vendor.example/v1/me/shows?offset=20&limit=20",
            "/me/shows?offset=20&limit=20",
        ),
        ("/v1/things?after=x", "/things?after=x"),
        ("https://api.vendor.example/other/list", "/other/list"),
        ("https://api.vendor.example/v10/list", "/v10/list"),
    ] {
        assert_eq!(with_path.page_path(next), path, "{next}");
    }
    let bare = anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&common::API)
        .api_key("k")
        .build()
        .expect("client");
    assert_eq!(bare.page_path("https://api.vendor.example/v1/a?b=1"), "/v1/a?b=1");
}
