//! The chat accumulator follows the spec: the anyfast crate, its hand-written helpers unchanged,
//! is generated from a revision of the spec that declares new fields on the chunk's delta
//! (`refusal` on the delta and the message, `annotations` on the delta only), and a test inside
//! that crate streams chunks through the accumulator. The fields are merged by the runtime's
//! rule with no edit to the accumulator: `refusal()` reads the declared `refusal`, the
//! completion holds it in the message's typed field, and a field the message does not declare
//! lands in its `extra`.

use anyfast_tests::{read, root};
use std::path::Path;

/// The spec with the new delta fields.
fn revised_spec() -> String {
    let spec = read("spec/openapi.yaml");
    let delta = "      description: 消息的增量。 What this chunk adds to the message.\n      properties:\n";
    let message = "      description: 模型生成的消息。 The message the model produced.\n      required: [role]\n      properties:\n";
    let refusal =
        "        refusal:\n          type: [string, 'null']\n          description: The next piece of a refusal.\n";
    let annotations = "        annotations:\n          type: array\n          description: Notes on the answer, by index.\n          items:\n            type: object\n            properties:\n              index: {type: integer}\n              text: {type: string}\n";
    let revised = spec
        .replacen(delta, &format!("{delta}{refusal}{annotations}"), 1)
        .replacen(message, &format!("{message}{refusal}"), 1);
    assert_eq!(revised.matches("        refusal:\n").count(), 2, "both edits apply");
    revised
}

/// Copies a folder's files (not its subfolders') into another.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
}

const TEST: &str = r#"
use anyfast::{ChatCompletionAccumulator, ChatCompletionChunk};
use serde_json::json;

fn chunk(delta: serde_json::Value, finish: Option<&str>) -> ChatCompletionChunk {
    serde_json::from_value(json!({
        "id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
    }))
    .expect("a chunk")
}

#[test]
fn declared_delta_fields_are_accumulated_by_the_rule() {
    let chunks = [
        chunk(json!({"role": "assistant", "refusal": "I can", "annotations": [{"index": 0, "text": "a"}]}), None),
        chunk(json!({"refusal": "'t help.", "annotations": [{"index": 0, "text": "b"}, {"index": 1, "text": "c"}]}), None),
        chunk(json!({"content": "No."}), Some("stop")),
    ];
    // The fields are declared: the delta holds them typed.
    assert_eq!(chunks[0].choices[0].delta.refusal.as_deref(), Some("I can"));
    assert_eq!(chunks[1].choices[0].delta.annotations.as_ref().map(Vec::len), Some(2));
    assert!(chunks[0].choices[0].delta.extra.is_empty());

    let mut acc = ChatCompletionAccumulator::new();
    for c in &chunks {
        acc.push(c);
    }
    assert_eq!(acc.refusal(0), Some("I can't help."));
    let done = acc.finish();
    let message = &done.choices[0].message;
    assert_eq!(message.refusal.as_deref(), Some("I can't help."), "the message declares it");
    assert_eq!(message.content.as_deref(), Some("No."));
    assert_eq!(
        message.extra.get("annotations"),
        Some(&json!([{"index": 0, "text": "ab"}, {"index": 1, "text": "c"}])),
        "merged by index, kept in extra since the message does not declare it"
    );
}
"#;

#[test]
fn a_field_the_spec_adds_to_the_delta_is_accumulated_without_an_edit() {
    let dir = root().join("target/accumulator-crate");
    let _ = std::fs::remove_dir_all(&dir);
    copy_files(&root().join("generated/src"), &dir.join("src"));
    copy_files(&root().join("generated/src/chat"), &dir.join("src/chat"));
    let config = anyfast_codegen::Config::default().with_spec_label("revised.yaml");
    let output = anyfast_codegen::generate(&revised_spec(), &config).expect("the revised spec generates");
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, &file.contents).expect("write");
    }
    let runtime = root().join("codegen/runtime").display().to_string().replace('\\', "/");
    // The tag features, as codegen keeps them in the crate's own manifest.
    let manifest = anyfast_codegen::with_tag_features(
        &format!(
            "[package]\nname = \"anyfast\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\ndoctest = false\n\n[dependencies]\nanyfast-runtime = {{ path = \"{runtime}\" }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\n\
             thiserror = \"2\"\nserde_path_to_error = \"0.1\"\n\n[features]\nschemars = []\ntesting = [\"anyfast-runtime/testing\"]\nwebhooks = [\"anyfast-runtime/webhooks\"]\n\n[workspace]\n\n\
             [profile.dev]\ndebug = false\nincremental = false\n"
        ),
        &output.api,
    )
    .expect("the manifest is TOML");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    anyfast_tests::run_crate_test(&dir, "follows", TEST);
}
