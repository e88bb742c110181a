//! Real public specs nobody here wrote (`tests/fixtures/corpus/`, attribution in its README and
//! SOURCES.md), OpenAPI 3.0 and 3.1 and Swagger 2.0: each becomes a standalone crate through `cargo xtask codegen --spec --out`, and
//! all of them, with the generator's fixtures, are checked together, warnings denied, in one
//! throwaway workspace whose target directory is kept between runs so dependencies compile
//! once and the crates check in parallel.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// The YAML and JSON specs of a fixture folder, sorted.
fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .expect("the fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    specs
}

fn corpus() -> Vec<PathBuf> {
    yaml_files("tests/fixtures/corpus")
}

/// One line per spec: what it became, how big, its losses (types lowered to `serde_json::Value`,
/// parts of operations dropped), and what it approximated by kind.
fn summary_line(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).expect("spec");
    let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let config = anyfast_codegen::Config::default().with_spec_label(format!("tests/fixtures/corpus/{name}"));
    let output = anyfast_codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{e}"));
    let api = &output.api;
    let lines: usize = output.files.iter().map(|f| f.contents.lines().count()).sum();
    let streams = api.operations.iter().filter(|o| o.stream.is_some()).count();
    let count = |kind: anyfast_codegen::WarningKind| output.warnings.iter().filter(|w| w.kind == kind).count();
    // The list operations by how they page, and those that look paginated but fit no rule.
    let style = |s: anyfast_codegen::ir::PageStyleIr| {
        api.operations
            .iter()
            .filter(|o| o.pagination.as_ref().is_some_and(|p| p.rule.style == s))
            .count()
    };
    let left = output
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("looks paginated"))
        .count();
    use anyfast_codegen::ir::PageStyleIr as S;
    let pages = format!(
        "{} · {} · {} · {} · {} · {left}",
        style(S::Cursor),
        style(S::Offset),
        style(S::Number),
        style(S::Url),
        style(S::Link)
    );
    format!(
        "| {name} | {} | {streams} | {pages} | {} | {lines} | {} | {} | {} |",
        api.operations.len(),
        api.types.len(),
        count(anyfast_codegen::WarningKind::ValueFallback),
        count(anyfast_codegen::WarningKind::Skipped),
        anyfast_codegen::summarize(&output.warnings)
    )
}

#[test]
fn corpus_summary() {
    let specs = corpus();
    assert_eq!(
        specs.len(),
        32,
        "the six original, the nineteen vendor specs and the seven Swagger 2.0 documents"
    );
    let mut table =
        String::from("| spec | operations | streaming | pages: cursor · offset · number · url · link · left alone | types | lines | Value fallbacks | dropped | warnings |\n|---|---:|---:|---|---:|---:|---:|---:|---|\n");
    for spec in specs {
        let _ = writeln!(table, "{}", summary_line(&spec));
    }
    insta::assert_snapshot!("corpus_summary", table);
}

/// The feature fixtures of `codegen/tests/fixtures/specs/`, compiled beside the corpus.
fn fixtures() -> Vec<PathBuf> {
    yaml_files("codegen/tests/fixtures/specs")
}

#[test]
fn every_corpus_spec_generates_a_crate_that_compiles_without_warnings() {
    let workspace = root().join("target/corpus-workspace");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).expect("workspace dir");
    let mut members = Vec::new();
    // Every spec with the runtime copied in, and one fixture again with the runtime crate as a
    // dependency instead.
    let runtime_dir = root().join("codegen/runtime").display().to_string();
    let as_dependency = (
        root().join("codegen/tests/fixtures/specs/name_collisions.yaml"),
        Some(runtime_dir.as_str()),
    );
    let runs = corpus()
        .into_iter()
        .chain(fixtures())
        .map(|spec| (spec, None))
        .chain([as_dependency]);
    for (spec, runtime) in runs {
        let stem = spec
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .replace('_', "-");
        let name = if runtime.is_some() {
            format!("{stem}-on-runtime-crate")
        } else {
            stem
        };
        let out = workspace.join(&name);
        let mut args = vec![
            "codegen".to_owned(),
            "--spec".to_owned(),
            spec.display().to_string(),
            "--out".to_owned(),
            out.display().to_string(),
        ];
        if let Some(dir) = runtime {
            args.extend(["--runtime-path".to_owned(), dir.to_owned()]);
        }
        let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(&args)
            .current_dir(root())
            .output()
            .expect("xtask runs");
        assert!(
            status.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        members.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n{}",
        members.join(", "),
        xtask::THROWAWAY_PROFILE
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("manifest");
    // The main lock file pins the same dependency versions the anyfast crate is tested with.
    std::fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root().join("target/corpus"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the corpus crates do not compile cleanly:\n{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// Generates `spec` into a crate of its own under `target/` and returns its directory and
/// features.
fn feature_crate(spec: &Path, name: &str) -> (PathBuf, Vec<String>) {
    let out = root().join("target/feature-crates").join(name);
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "codegen",
            "--spec",
            &spec.display().to_string(),
            "--out",
            &out.display().to_string(),
        ])
        .current_dir(root())
        .output()
        .expect("xtask runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    let mut text = manifest.clone();
    // A crate of its own, not a member of this workspace.
    text.push_str("\n[workspace]\n");
    text.push_str(xtask::THROWAWAY_PROFILE);
    std::fs::write(out.join("Cargo.toml"), text).expect("manifest");
    std::fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let features = manifest
        .split("[features]")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(" = []").map(|(name, _)| name.trim().to_owned()))
        .collect();
    (out, features)
}

#[test]
fn every_feature_of_a_multi_tag_spec_compiles_alone_without_warnings() {
    for (spec, name, at_least) in [
        (root().join("codegen/tests/fixtures/specs/tags.yaml"), "tags", 4),
        (root().join("tests/fixtures/corpus/redocly-museum.yaml"), "museum", 3),
    ] {
        let (dir, features) = feature_crate(&spec, name);
        assert!(features.len() >= at_least, "{name}: {features:?}");
        // Each feature alone, and none at all.
        for feature in features.iter().map(String::as_str).chain([""]) {
            let output = Command::new(env!("CARGO"))
                .args(["check", "--quiet", "--no-default-features", "--features", feature])
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", root().join("target/corpus"))
                .env("RUSTFLAGS", "-D warnings")
                .output()
                .expect("cargo runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{name} with only `{feature}`:\n{stderr}");
            assert!(!stderr.contains("warning"), "{name} with only `{feature}`: {stderr}");
        }
    }
}
