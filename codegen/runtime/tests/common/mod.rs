//! Helpers shared by the runtime's integration tests.

#![allow(dead_code)]

mod server;

pub use server::*;

/// The runtime crate's directory.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a file under the runtime crate's directory.
pub fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// Facts of a made-up API, as a generated crate would hand them to the runtime.
pub static API: anyfast_runtime::ApiInfo = anyfast_runtime::ApiInfo {
    base_url: "http://127.0.0.1:9",
    env_prefix: "RUNTIME_TEST",
    auth: anyfast_runtime::AuthScheme::Bearer,
    user_agent: "anyfast-runtime-tests",
    path_prefix: "/v1",
    also: &[],
    credentials: &[],
};

/// A client of the made-up API for `server`, with `retries` retries and no waiting between them.
pub fn client(server: &Server, retries: u32) -> anyfast_runtime::Client {
    anyfast_runtime::ClientBuilder::<anyfast_runtime::Client>::for_api(&API)
        .api_key("k")
        .base_url(server.url())
        .max_retries(retries)
        .retry_sleep(|_| async {})
        .build()
        .expect("client")
}
