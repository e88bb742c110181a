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
    let shared = anyfast_tests::root().join("../shared/api-docs/pages");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        // Outside this workplace only the committed copies exist.
        assert!(anyfast_tests::root().join(PAGES).join("INDEX.md").exists());
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(entry.path()).expect("shared page");
        assert_eq!(anyfast_tests::read(&format!("{PAGES}/{name}")), original, "{name}");
    }
}
