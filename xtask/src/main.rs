//! `cargo xtask`: the project's own commands.
//!
//! - `cargo xtask codegen`: regenerate `generated/` from `spec/openapi.yaml`.
//! - `cargo xtask codegen --check`: fail with a diff when `generated/` is stale.
//! - `cargo xtask codegen --spec PATH --out DIR`: a standalone crate from any spec.
//!   `--strict` turns warnings into errors (the project's own spec is always generated strict);
//!   `--verbose` lists every warning instead of the one-line summary; the runtime is copied
//!   into the crate unless `--runtime-path DIR` or `--runtime-version V` names it as a
//!   dependency instead.
//! - `cargo xtask spec-diff OLD NEW` or `--base REV`: what a spec change does to the Rust API.
//! - `cargo xtask docs-check [--json]`: every fact of the vendor's pages against the spec, one
//!   table of the disagreements; exit 1 when there is any.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use xtask::{crate_name, files, files_beside};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match codegen(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Some("docs-check") => match docs_check(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Some("mock-test") => match mock_test(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Some("spec-diff") => match spec_diff(&args[1..]) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] [--spec PATH --out DIR [--runtime-path DIR | --runtime-version V] [--tests]] [--strict] [--verbose]");
            eprintln!("       cargo xtask spec-diff (OLD.yaml NEW.yaml | --base REV) [--json] [--fail-on-breaking]");
            eprintln!("       cargo xtask docs-check [--json]");
            eprintln!("       cargo xtask mock-test [--all | SPEC...] [--dynamic | --both]");
            ExitCode::from(2)
        }
    }
}

/// Builds each spec's crate with its operation tests, runs them against Prism and prints the
/// table: CI's handful of specs, `--all` for the whole corpus, or the specs named; static
/// responses, `--dynamic` for Prism's random ones, `--both` for a table of each. Exit 1 when
/// any operation failed.
fn mock_test(args: &[String]) -> Result<ExitCode, String> {
    let root = workspace_root();
    let mut specs = Vec::new();
    let mut modes = vec![false];
    let mut all = false;
    for arg in args {
        match arg.as_str() {
            "--all" => all = true,
            "--dynamic" => modes = vec![true],
            "--both" => modes = vec![false, true],
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`")),
            path => specs.push(std::path::absolute(path).map_err(|e| e.to_string())?),
        }
    }
    let specs = match (all, specs.is_empty()) {
        (true, _) => xtask::mock::all_specs(&root)?,
        (false, true) => xtask::mock::ci_specs(&root),
        (false, false) => specs,
    };
    let prism = xtask::mock::prism_bin(&root)
        .ok_or("prism not found: run `npm install --prefix .ci/node @stoplight/prism-cli@5.14.2` or set PRISM_BIN")?;
    let runs = xtask::mock::run_specs(&root, &specs, &modes, &prism)?;
    let mut failed = false;
    for (dynamic, results) in modes.iter().zip(&runs) {
        println!("{} responses:\n", if *dynamic { "Dynamic (`-d`)" } else { "Static" });
        println!("{}", xtask::mock::summary(results));
        failed |= results.iter().any(|r| !r.failed.is_empty());
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Compares the vendor's pages with the spec and prints every disagreement.
fn docs_check(args: &[String]) -> Result<ExitCode, String> {
    let mut json = false;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = workspace_root();
    let spec_path = root.join("spec/openapi.yaml");
    let text = std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let report = xtask::docs::check_workspace(&root, &text);
    if json {
        println!("{:#}", report.to_json());
    } else {
        print!("{}", report.table());
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn codegen(args: &[String]) -> Result<ExitCode, String> {
    let mut check = false;
    let mut strict = false;
    let mut verbose = false;
    let mut spec = None;
    let mut out = None;
    let mut runtime = anyfast_codegen::Runtime::Vendored;
    let mut tests = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--strict" => strict = true,
            "--verbose" | "-v" => verbose = true,
            "--tests" => tests = true,
            "--spec" => spec = Some(PathBuf::from(it.next().ok_or("--spec needs a path")?)),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            "--runtime-path" => {
                let dir = PathBuf::from(it.next().ok_or("--runtime-path needs a directory")?);
                let dir = std::path::absolute(&dir).map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
                let dir = dir.display().to_string().replace('\\', "/");
                runtime = anyfast_codegen::Runtime::Dependency(format!("{{ path = \"{dir}\" }}"));
            }
            "--runtime-version" => {
                let version = it.next().ok_or("--runtime-version needs a version")?;
                runtime = anyfast_codegen::Runtime::Dependency(format!("\"{version}\""));
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = workspace_root();
    let (plan, out_dir) = match (spec, out) {
        (None, None) if tests => {
            return Err("--tests makes a standalone crate's tests: give --spec and --out".to_owned())
        }
        (None, None) => {
            let spec_path = root.join("spec/openapi.yaml");
            let text =
                std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
            // The project's own spec must translate exactly.
            let config = anyfast_codegen::Config::default()
                .with_strict(true)
                .with_resolver(files_beside(&spec_path));
            let output = anyfast_codegen::generate(&text, &config).map_err(|e| describe_error(&e, verbose))?;
            report_warnings(&output.warnings, verbose);
            (files::plan(&output.files), root.join("generated"))
        }
        (Some(spec_path), Some(out_dir)) => {
            let text =
                std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
            let crate_name = crate_name(out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("generated"));
            let config = anyfast_codegen::Config::default()
                .with_spec_label(spec_path.display().to_string())
                .with_env_prefix(crate_name.to_uppercase().replace('-', "_"))
                .with_standalone_crate(&crate_name)
                .with_runtime(runtime)
                .with_strict(strict)
                .with_operation_tests(tests)
                .with_resolver(files_beside(&spec_path));
            let output = anyfast_codegen::generate(&text, &config).map_err(|e| describe_error(&e, verbose))?;
            report_warnings(&output.warnings, verbose);
            if verbose {
                let t = output.timings;
                eprintln!(
                    "generated in {:.0} ms: load {:.0} ms, lower {:.0} ms, emit and format {:.0} ms",
                    (t.load + t.lower + t.emit_and_render).as_secs_f64() * 1e3,
                    t.load.as_secs_f64() * 1e3,
                    t.lower.as_secs_f64() * 1e3,
                    t.emit_and_render.as_secs_f64() * 1e3
                );
            }
            (files::plan(&output.files), out_dir)
        }
        _ => return Err("--spec and --out go together".to_owned()),
    };
    if check {
        let diff = files::check(&out_dir, &plan)?;
        if diff.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        print!("{diff}");
        eprintln!("error: {} is stale; run `cargo xtask codegen`", out_dir.display());
        return Ok(ExitCode::from(1));
    }
    let changed = files::apply(&out_dir, &plan)?;
    for path in &changed {
        eprintln!("wrote {}", path);
    }
    if changed.is_empty() {
        eprintln!("{} is up to date", out_dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The summary line of the warnings by kind, or with `--verbose` every warning too.
fn report_warnings(warnings: &[anyfast_codegen::Warning], verbose: bool) {
    if warnings.is_empty() {
        return;
    }
    if verbose {
        for w in warnings {
            eprintln!("warning: {w}");
        }
    }
    let hint = if verbose { "" } else { " (--verbose lists them)" };
    eprintln!("{}{hint}", anyfast_codegen::summarize(warnings));
}

/// An error; in strict mode, every warning behind it with `--verbose`.
fn describe_error(e: &anyfast_codegen::Error, verbose: bool) -> String {
    match e {
        anyfast_codegen::Error::Strict { file, warnings } if verbose => {
            let lines: Vec<String> = warnings.iter().map(|w| format!("  {file} at {w}")).collect();
            format!("{e}\n{}", lines.join("\n"))
        }
        anyfast_codegen::Error::Strict { warnings, .. } => {
            format!("{e}\n{} (--verbose lists them)", anyfast_codegen::summarize(warnings))
        }
        other => other.to_string(),
    }
}

/// `spec-diff`: compares two specs at the IR level and reports the change for semver.
fn spec_diff(args: &[String]) -> Result<ExitCode, String> {
    let mut json = false;
    let mut fail_on_breaking = false;
    let mut base = None;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--fail-on-breaking" => fail_on_breaking = true,
            "--base" => base = Some(it.next().ok_or("--base needs a git revision")?.clone()),
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`")),
            other => paths.push(PathBuf::from(other)),
        }
    }
    let root = workspace_root();
    let ((old_label, old_text), (new_label, new_text)) = match (base, paths.as_slice()) {
        (Some(rev), []) => {
            let output = std::process::Command::new("git")
                .args(["show", &format!("{rev}:spec/openapi.yaml")])
                .current_dir(&root)
                .output()
                .map_err(|e| format!("cannot run git: {e}"))?;
            if !output.status.success() {
                return Err(format!(
                    "git show {rev}:spec/openapi.yaml failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
            let old = String::from_utf8(output.stdout).map_err(|_| "the old spec is not UTF-8".to_owned())?;
            let path = root.join("spec/openapi.yaml");
            let new = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            (
                (format!("{rev}:spec/openapi.yaml"), old),
                ("spec/openapi.yaml".to_owned(), new),
            )
        }
        (None, [old, new]) => {
            let read =
                |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
            (
                (old.display().to_string(), read(old)?),
                (new.display().to_string(), read(new)?),
            )
        }
        _ => return Err("give OLD and NEW spec paths, or --base REV".to_owned()),
    };
    let lower = |label: &str, text: &str| {
        let config = anyfast_codegen::Config::default().with_spec_label(label);
        anyfast_codegen::load_api(text, &config).map_err(|e| e.to_string())
    };
    let old_api = lower(&old_label, &old_text)?;
    let new_api = lower(&new_label, &new_text)?;
    let changes = anyfast_codegen::diff::diff(&old_api, &new_api);
    let version = crate_version(&root.join("generated/Cargo.toml"));
    if json {
        println!("{:#}", anyfast_codegen::diff::json(&changes, "anyfast", &version));
    } else {
        print!("{}", anyfast_codegen::diff::markdown(&changes, "anyfast", &version));
    }
    let breaking = changes
        .iter()
        .any(|c| c.impact == anyfast_codegen::diff::Impact::Breaking);
    Ok(if breaking && fail_on_breaking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The `version` of a manifest's `[package]`, or `0.1.0` when it cannot be read.
fn crate_version(manifest: &Path) -> String {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("version = \"")
                    .map(|v| v.trim_end_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "0.1.0".to_owned())
}
