//! Real public specs nobody here wrote (`tests/fixtures/corpus/`, attribution in its README and
//! SOURCES.md): each becomes a standalone crate through `cargo xtask codegen --spec --out`, and
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

/// One line per spec: what it became, how big, and what it approximated by kind.
fn summary_line(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).expect("spec");
    let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let config = anyfast_codegen::Config::default().with_spec_label(format!("tests/fixtures/corpus/{name}"));
    let output = anyfast_codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{e}"));
    let api = &output.api;
    let lines: usize = output.files.iter().map(|f| f.contents.lines().count()).sum();
    let streams = api.operations.iter().filter(|o| o.stream.is_some()).count();
    format!(
        "| {name} | {} | {streams} | {} | {lines} | {} |",
        api.operations.len(),
        api.types.len(),
        anyfast_codegen::summarize(&output.warnings)
    )
}

#[test]
fn corpus_summary() {
    let specs = corpus();
    assert_eq!(specs.len(), 25, "the six original and the nineteen vendor specs");
    let mut table =
        String::from("| spec | operations | streaming | types | lines | warnings |\n|---|---:|---:|---:|---:|---|\n");
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
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
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
