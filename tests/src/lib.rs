//! Helpers shared by the cross-crate tests: paths, generation and JSON comparison.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// Reads a file under the workspace root.
pub fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// Generates from a spec under the workspace root, labelled by its relative path.
pub fn generate(relative: &str) -> Result<anyfast_codegen::Output, anyfast_codegen::Error> {
    let dir = root()
        .join(relative)
        .parent()
        .map(|d| d.to_path_buf())
        .unwrap_or_default();
    let resolver: anyfast_codegen::Resolver =
        std::sync::Arc::new(move |path: &str| std::fs::read_to_string(dir.join(path)).ok());
    let config = anyfast_codegen::Config::default()
        .with_spec_label(relative)
        .with_resolver(resolver);
    anyfast_codegen::generate(&read(relative), &config)
}

/// The embedded spec as JSON.
pub fn spec_json() -> serde_json::Value {
    serde_yaml::from_str(&read("spec/openapi.yaml")).expect("the spec is YAML")
}

/// JSON equality where numbers compare by value, so `1` equals `1.0` as JSON itself says.
pub fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w))),
        _ => a == b,
    }
}

/// A docs-check report whose `Debug` is its table, so a test that returns it as its error
/// shows the table people read, not an escaped string.
pub struct Table(pub String);

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\n")?;
        f.write_str(&self.0)
    }
}

/// The docs check of the workspace: `Ok` when the spec agrees with every page, else the table.
pub fn docs_check() -> Result<xtask::docs::Report, Table> {
    let report = xtask::docs::check_workspace(&root(), &read("spec/openapi.yaml"));
    if report.is_clean() {
        Ok(report)
    } else {
        Err(Table(report.table()))
    }
}

/// Runs the one test `tests/{name}.rs` holds (`test`) in the throwaway crate at `dir`, whose
/// manifest and sources the caller wrote, with warnings denied; it shares the corpus check's
/// target directory, whose dependencies have the same profile. Panics with cargo's output
/// unless the test ran and passed.
pub fn run_crate_test(dir: &std::path::Path, name: &str, test: &str) {
    run_crate_test_with(dir, name, test, &[]);
}

/// Generates a standalone crate named `name` from the spec at `spec` (relative to the root)
/// into the throwaway folder `dir`, naming the workspace's runtime by path, its manifest
/// followed by `manifest_tail` and made a workspace of its own with the corpus check's profile.
/// Returns the manifest as generated.
pub fn write_standalone_crate(dir: &std::path::Path, spec: &str, name: &str, manifest_tail: &str) -> String {
    let _ = std::fs::remove_dir_all(dir);
    let runtime = root().join("codegen/runtime").display().to_string().replace('\\', "/");
    let config = anyfast_codegen::Config::default()
        .with_spec_label(spec)
        .with_standalone_crate(name)
        .with_runtime(anyfast_codegen::Runtime::Path(runtime));
    let output = anyfast_codegen::generate(&read(spec), &config).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let mut manifest = String::new();
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        let mut contents = file.contents.clone();
        if file.path == "Cargo.toml" {
            manifest = contents.clone();
            contents.push_str(manifest_tail);
            contents.push_str("\n[workspace]\n\n[profile.dev]\ndebug = false\nincremental = false\n");
        }
        std::fs::write(path, contents).expect("write");
    }
    manifest
}

/// [`run_crate_test`] with more arguments for `cargo test` (`--features testing`).
pub fn run_crate_test_with(dir: &std::path::Path, name: &str, test: &str, args: &[&str]) {
    std::fs::create_dir_all(dir.join("tests")).expect("tests");
    std::fs::write(dir.join(format!("tests/{name}.rs")), test).expect("test");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    let run = std::process::Command::new(env!("CARGO"))
        .args(["test", "--test", name, "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/corpus"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
