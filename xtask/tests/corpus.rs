//! Real public specs nobody here wrote (`tests/fixtures/corpus/`, attribution in its README):
//! each becomes a standalone crate through `cargo xtask codegen --spec --out`, and all of them
//! are checked together, warnings denied, in one throwaway workspace whose target directory is
//! kept between runs so dependencies compile once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// The YAML files of a fixture folder, sorted.
fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .expect("the fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn corpus() -> Vec<PathBuf> {
    yaml_files("tests/fixtures/corpus")
}

/// One screen per spec: what it became and what it lost.
fn summary(spec: &Path) -> String {
    let text = std::fs::read_to_string(spec).expect("spec");
    let label = format!(
        "tests/fixtures/corpus/{}",
        spec.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    );
    let config = anyfast_codegen::Config::default().with_spec_label(&label);
    let output = anyfast_codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{e}"));
    let api = &output.api;
    let count = |f: fn(&anyfast_codegen::ir::TypeKind) -> bool| api.types.iter().filter(|t| f(&t.kind)).count();
    let lines: usize = output.files.iter().map(|f| f.contents.lines().count()).sum();
    let mut s = String::new();
    let _ = writeln!(s, "{} {} (openapi spec: {label})", api.title, api.version);
    let _ = writeln!(
        s,
        "types: {} ({} structs, {} enums, {} unions, {} aliases)",
        api.types.len(),
        count(|k| matches!(k, anyfast_codegen::ir::TypeKind::Struct(_))),
        count(|k| matches!(k, anyfast_codegen::ir::TypeKind::Enum(_))),
        count(|k| matches!(k, anyfast_codegen::ir::TypeKind::Union(_))),
        count(|k| matches!(k, anyfast_codegen::ir::TypeKind::Alias(_))),
    );
    let _ = writeln!(s, "operations: {}", api.operations.len());
    for op in api.operations.iter().filter(|o| o.stream.is_some()) {
        let stream = op.stream.as_ref().expect("a stream");
        let _ = writeln!(
            s,
            "  streaming: {} {} -> {} (end marker {:?})",
            op.http_method,
            op.path,
            anyfast_codegen::diff::describe(&stream.event),
            stream.terminator
        );
    }
    let _ = writeln!(s, "generated lines: {lines}");
    let _ = writeln!(s, "warnings: {}", output.warnings.len());
    for w in &output.warnings {
        let _ = writeln!(s, "  {w}");
    }
    s
}

#[test]
fn corpus_summaries() {
    let specs = corpus();
    assert_eq!(specs.len(), 6, "the six corpus specs");
    for spec in specs {
        let name = spec.file_stem().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        insta::assert_snapshot!(name, summary(&spec));
    }
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
    for spec in corpus().into_iter().chain(fixtures()) {
        let name = spec
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .replace('_', "-");
        let out = workspace.join(&name);
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
