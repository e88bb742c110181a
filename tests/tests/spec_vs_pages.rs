//! The vendor's wider docs of `POST /v1/chat/completions` (the pages under
//! `tests/fixtures/reference-page/pages/`, a copy of `../shared/api-docs/pages/`) against the
//! spec: every fact taken from a page is in the spec, the page says it, and every page is
//! either cited by an `x-source` or set aside with a reason (all of it `cargo xtask
//! docs-check`'s comparison, whose table a failure shows).

use serde_json::{json, Value};

const PAGES: &str = xtask::docs::PAGES;

fn spec() -> Value {
    serde_yaml::from_str(&anyfast_tests::read("spec/openapi.yaml")).expect("the spec is YAML")
}

#[test]
fn every_fact_taken_from_a_page_is_in_the_page_and_in_the_spec() -> Result<(), anyfast_tests::Table> {
    // The cited facts, the per-model limits and the citations are the docs check's; a failure
    // is its table.
    anyfast_tests::docs_check()?;
    assert!(xtask::docs::cited::FACTS.len() >= 20);
    assert!(!xtask::docs::cited::SET_ASIDE.is_empty());
    Ok(())
}

#[test]
fn every_addition_since_the_first_spec_is_cited() {
    // Each property and schema the first spec did not have carries its source.
    let old: Value =
        serde_yaml::from_str(&anyfast_tests::read("codegen/tests/fixtures/diff/spec-v1.yaml")).expect("v1");
    let new = spec();
    let old_schemas = old["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in new["components"]["schemas"].as_object().expect("schemas") {
        let Some(before) = old_schemas.get(name) else {
            let cited = schema.get("x-source").is_some()
                || schema["properties"]["type"].get("const").is_some()
                || name.starts_with("ResponseFormat");
            assert!(cited, "new schema {name} cites no source");
            continue;
        };
        for (prop, value) in schema["properties"].as_object().into_iter().flatten() {
            if before["properties"].get(prop).is_none() {
                assert!(
                    value.get("x-source").is_some(),
                    "new property {name}.{prop} cites no source"
                );
            }
        }
    }
    assert_eq!(
        json!(new["components"]["schemas"]["Role"]["enum"]),
        json!(["system", "user", "assistant", "tool"])
    );
}

#[test]
fn the_committed_pages_are_the_shared_copies() {
    for (shared, committed) in [("pages", PAGES), ("gateway", xtask::docs::GATEWAY)] {
        let shared = anyfast_tests::root().join("../shared/api-docs").join(shared);
        let Ok(entries) = std::fs::read_dir(&shared) else {
            // Outside this workplace only the committed copies exist.
            assert!(anyfast_tests::root().join(committed).join("INDEX.md").exists());
            continue;
        };
        let mut count = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let original = std::fs::read_to_string(entry.path()).expect("shared page");
            assert_eq!(anyfast_tests::read(&format!("{committed}/{name}")), original, "{name}");
            count += 1;
        }
        let copies = std::fs::read_dir(anyfast_tests::root().join(committed))
            .expect("copies")
            .count();
        assert_eq!(copies, count, "{committed} holds exactly the shared pages");
    }
}

/// Every `description` (what users read as rustdoc) and every `x-note` (what maintainers and
/// the docs check read) in a value, with its pointer.
fn texts<'v>(value: &'v Value, at: String, out: &mut Vec<(String, &'static str, &'v str)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (key.as_str(), child) {
                    ("description", Value::String(text)) => out.push((here, "description", text)),
                    ("x-note", Value::String(text)) => out.push((here, "x-note", text)),
                    _ => texts(child, here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                texts(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn descriptions_speak_to_users_and_notes_about_pages_go_to_x_note() {
    let spec = spec();
    let mut found = Vec::new();
    texts(&spec, String::new(), &mut found);
    // Which page says what, and how the spec settled it, is a maintainer's concern.
    let about_pages = ["page", "Ark-compatible", "x-source", "transcribed", "revision"];
    for (at, kind, text) in &found {
        let lower = text.to_lowercase();
        let hit = about_pages.iter().find(|w| lower.contains(&w.to_lowercase()));
        if *kind == "description" {
            assert!(hit.is_none(), "{at}: a description speaks of {hit:?}: {text}");
        }
    }
    let notes: Vec<&String> = found
        .iter()
        .filter(|(_, kind, _)| *kind == "x-note")
        .map(|(at, _, _)| at)
        .collect();
    for expected in ["/info/x-note", "/components/schemas/Model/x-note"] {
        assert!(
            notes.iter().any(|at| at.as_str() == expected),
            "{expected} in {notes:?}"
        );
    }
}
