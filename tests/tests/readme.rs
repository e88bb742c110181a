//! The README as a new user follows it: a new crate made from its `Cargo.toml` lines, every
//! `rust` block compiled in it with warnings denied, and the quick start run against a
//! loopback server, with the base URL written as OpenAI SDK users write it (`…/v1`).

#[path = "../../codegen/runtime/tests/common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;

use anyfast_tests::{read, root};
use serde_json::json;
use server::{End, Reply, Server};

/// The fenced blocks of `text` whose info string is exactly `lang`.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, fence) if fence == format!("```{lang}") => current = Some(String::new()),
            (Some(_), "```") => out.extend(current.take()),
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

/// Writes the crate a new user would have: the README's dependency lines (the path pointed at
/// this checkout), the quick start as `src/main.rs`, every other block as a module of the lib.
fn new_user_crate(dir: &Path) {
    let readme = read("README.md");
    let manifest = blocks(&readme, "toml")
        .into_iter()
        .find(|b| b.contains("anyfast ="))
        .expect("the README gives the dependency lines");
    let generated = root().join("generated").display().to_string().replace('\\', "/");
    let deps = manifest.replace("\"../anyfast/generated\"", &format!("\"{generated}\""));
    assert_ne!(deps, manifest, "the README's path dependency is rewritten");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).expect("crate dir");
    // The profile is xtask's THROWAWAY_PROFILE (this crate does not depend on xtask): the
    // build shares the corpus check's target directory, whose dependencies are reused only
    // when compiled with the same profile.
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"readme-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{deps}\n[workspace]\n\n[profile.dev]\ndebug = false\nincremental = false\n"),
    )
    .expect("manifest");
    let rust = blocks(&readme, "rust");
    assert!(rust.len() >= 4, "{} rust blocks", rust.len());
    let mut mains = 0;
    let mut modules = String::new();
    for (i, block) in rust.iter().enumerate() {
        if block.contains("fn main(") {
            mains += 1;
            std::fs::write(dir.join("src/main.rs"), block).expect("main.rs");
        } else {
            std::fs::write(dir.join(format!("src/snippet_{i}.rs")), block).expect("snippet");
            modules.push_str(&format!("pub mod snippet_{i};\n"));
        }
    }
    assert_eq!(mains, 1, "one block is the quick start's program");
    std::fs::write(dir.join("src/lib.rs"), modules).expect("lib.rs");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

fn completion() -> serde_json::Value {
    json!({"id": "c1", "object": "chat.completion", "created": 1, "model": "m",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": "JSON 你好"}, "finish_reason": "stop"}]})
}

fn stream() -> String {
    let chunk = |delta: serde_json::Value| {
        let c = json!({"id": "c2", "object": "chat.completion.chunk", "created": 1, "model": "m",
                       "choices": [{"index": 0, "delta": delta}]});
        format!("data: {c}\n\n")
    };
    chunk(json!({"role": "assistant", "reasoning_content": "想"}))
        + &chunk(json!({"content": "streamed "}))
        + &chunk(json!({"content": "answer"}))
        + "data: [DONE]\n\n"
}

#[tokio::test]
async fn a_new_crate_made_from_the_readme_builds_and_runs_the_quick_start() {
    let dir = root().join("target/readme-crate");
    new_user_crate(&dir);
    let build = Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(&dir)
        // Shared with the corpus check, so the dependencies compile once.
        .env("CARGO_TARGET_DIR", root().join("target/corpus"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "the README's code does not build:\n{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let binary = root().join("target/corpus/debug/readme-app");

    let server = Server::start(vec![
        Reply::json(200, &completion()),
        Reply::sse(&stream(), 16, End::Complete),
    ])
    .await;
    let base_url = format!("{}/v1", server.url());
    let run = tokio::process::Command::new(&binary)
        .env("ANYFAST_API_KEY", "sk-test")
        .env("ANYFAST_BASE_URL", &base_url)
        .output()
        .await
        .expect("the quick start runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
    );
    assert!(run.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout, "JSON 你好\nstreamed answer\n", "{stderr}");
    assert_eq!(stderr, "想");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(
            request.line, "POST /v1/chat/completions HTTP/1.1",
            "the `/v1` is not sent twice"
        );
        assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
    }
    assert_eq!(seen[1].json()["stream"], json!(true));

    // Without a key, or with an empty one, the program says so in one line, through `Display`.
    for key in [None, Some(""), Some("  ")] {
        let mut command = tokio::process::Command::new(&binary);
        command.env_remove("ANYFAST_API_KEY").env("ANYFAST_BASE_URL", &base_url);
        if let Some(key) = key {
            command.env("ANYFAST_API_KEY", key);
        }
        let run = command.output().await.expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{key:?}: {stderr}");
        let want = match key {
            None => "error: invalid configuration: ANYFAST_API_KEY is not set\n",
            Some(_) => "error: invalid configuration: ANYFAST_API_KEY is empty\n",
        };
        assert_eq!(stderr, want, "{key:?}");
    }
    assert_eq!(server.seen().len(), 2, "nothing is sent without a key");
}
