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
//! - `cargo xtask mock-test`: generated operation tests against Prism.
//! - `cargo xtask test [-- ARGS]`: every test, Prism installed first when missing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use xtask::{crate_name, files, files_beside};

/// The project's own commands.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` from `spec/openapi.yaml`, or a standalone crate from any spec.
    Codegen(CodegenArgs),
    /// What a spec change does to the Rust API, classified for semver.
    SpecDiff(SpecDiffArgs),
    /// Every fact of the vendor's pages against the spec; exit 1 on any disagreement.
    DocsCheck(DocsCheckArgs),
    /// Build each spec's crate with its operation tests and run them against Prism.
    MockTest(MockTestArgs),
    /// Every test: installs Prism into `.ci/node` when missing, then `cargo test --workspace`.
    Test(TestArgs),
}

#[derive(Args)]
struct TestArgs {
    /// Further arguments for `cargo test`, such as `--no-fail-fast` or `-p anyfast`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    cargo_args: Vec<String>,
}

#[derive(Args)]
struct CodegenArgs {
    /// Fail with a diff when the output is stale, writing nothing.
    #[arg(long)]
    check: bool,
    /// Any warning is an error (the project's own spec is always generated strict).
    #[arg(long)]
    strict: bool,
    /// List every warning instead of the summary, and the stage times.
    #[arg(long, short)]
    verbose: bool,
    /// A standalone crate's operation tests, run against a mock of the spec.
    #[arg(long, requires = "spec")]
    tests: bool,
    /// The spec to generate a standalone crate from (with --out).
    #[arg(long, value_name = "PATH", requires = "out")]
    spec: Option<PathBuf>,
    /// The folder of the standalone crate (with --spec); its name is the crate's.
    #[arg(long, value_name = "DIR", requires = "spec")]
    out: Option<PathBuf>,
    /// Depend on the runtime crate at this folder instead of copying it in.
    #[arg(long, value_name = "DIR", requires = "spec", conflicts_with = "runtime_version")]
    runtime_path: Option<PathBuf>,
    /// Depend on this version of the runtime crate instead of copying it in.
    #[arg(long, value_name = "V", requires = "spec")]
    runtime_version: Option<String>,
}

#[derive(Args)]
struct SpecDiffArgs {
    /// The old spec.
    #[arg(required_unless_present = "base", conflicts_with = "base", requires = "new")]
    old: Option<PathBuf>,
    /// The new spec.
    new: Option<PathBuf>,
    /// Compare `spec/openapi.yaml` at this git revision with the working copy.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The report as JSON.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any change is breaking.
    #[arg(long)]
    fail_on_breaking: bool,
}

#[derive(Args)]
struct DocsCheckArgs {
    /// The report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct MockTestArgs {
    /// Specs to run (CI's handful when none is given).
    #[arg(value_name = "SPEC", conflicts_with = "all")]
    specs: Vec<PathBuf>,
    /// Every spec of the corpus and the fixtures.
    #[arg(long)]
    all: bool,
    /// Prism's random responses (`-d --seed 1`) instead of static ones.
    #[arg(long, conflicts_with = "both")]
    dynamic: bool,
    /// A table for static responses and one for dynamic ones.
    #[arg(long)]
    both: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(args),
        Command::DocsCheck(args) => docs_check(&args),
        Command::MockTest(args) => mock_test(args),
        Command::SpecDiff(args) => spec_diff(args),
        Command::Test(args) => test(&args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

/// Builds each spec's crate with its operation tests, runs them against Prism and prints the
/// table: CI's handful of specs, `--all` for the whole corpus, or the specs named; static
/// responses, `--dynamic` for Prism's random ones, `--both` for a table of each. Exit 1 when
/// any operation failed.
fn mock_test(args: MockTestArgs) -> Result<ExitCode, String> {
    let root = workspace_root();
    let all = args.all;
    let modes = match (args.dynamic, args.both) {
        (_, true) => vec![false, true],
        (true, false) => vec![true],
        (false, false) => vec![false],
    };
    let specs = args
        .specs
        .iter()
        .map(|path| std::path::absolute(path).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
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

/// The Prism version the suites run against (it runs on Node 20).
const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5.14.2";

/// Every test of the workspace, with what they need: Prism is installed from npm into
/// `.ci/node` when it is not there (set-up, not a test's traffic), so no suite is left unrun.
fn test(args: &TestArgs) -> Result<ExitCode, String> {
    let root = workspace_root();
    if xtask::mock::prism_bin(&root).is_none() {
        eprintln!("installing {PRISM_PACKAGE} into .ci/node (once)");
        let status = std::process::Command::new("npm")
            .args([
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                ".ci/node",
                PRISM_PACKAGE,
            ])
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run npm (Prism needs Node.js 20 or later): {e}"))?;
        if !status.success() || xtask::mock::prism_bin(&root).is_none() {
            return Err(format!("npm could not install {PRISM_PACKAGE} into .ci/node"));
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(&cargo)
        .args(["test", "--workspace"])
        .args(&args.cargo_args)
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.code() != Some(0) {
        return Ok(ExitCode::from(
            status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1),
        ));
    }
    // The anyfast crate compiles in parts: each tag's feature alone, warnings denied (clippy
    // checks only the crate itself, so the dependencies are not built again per feature).
    let features = tag_features(&root.join("generated/Cargo.toml"));
    if features.is_empty() {
        return Err("generated/Cargo.toml lists no tag features under [package.metadata.codegen]".to_owned());
    }
    for feature in &features {
        eprintln!("checking anyfast with only the `{feature}` feature");
        let status = std::process::Command::new(&cargo)
            .args([
                "clippy",
                "-q",
                "-p",
                "anyfast",
                "--no-default-features",
                "--features",
                feature,
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "anyfast with only the `{feature}` feature does not build cleanly"
            ));
        }
    }
    // The API documentation users read: no broken link, no stray HTML, no undocumented item.
    eprintln!("checking the documentation of anyfast and its runtime");
    let status = std::process::Command::new(&cargo)
        .args([
            "doc",
            "-q",
            "--no-deps",
            "-p",
            "anyfast",
            "-p",
            "anyfast-runtime",
            "--features",
            "anyfast/testing,anyfast/webhooks",
        ])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the documentation of anyfast or its runtime has warnings".to_owned());
    }
    Ok(ExitCode::SUCCESS)
}

/// The tag features codegen wrote into a manifest (`[package.metadata.codegen] tag-features`).
fn tag_features(manifest: &Path) -> Vec<String> {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| text.parse::<toml_edit::DocumentMut>().ok())
        .and_then(|doc| {
            doc.get("package")?
                .get("metadata")?
                .get("codegen")?
                .get("tag-features")?
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        })
        .unwrap_or_default()
}

/// Compares the vendor's pages with the spec and prints every disagreement.
fn docs_check(args: &DocsCheckArgs) -> Result<ExitCode, String> {
    let json = args.json;
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

fn codegen(args: CodegenArgs) -> Result<ExitCode, String> {
    let CodegenArgs {
        check,
        strict,
        verbose,
        tests,
        spec,
        out,
        runtime_path,
        runtime_version,
    } = args;
    let runtime = match (runtime_path, runtime_version) {
        (Some(dir), _) => {
            let dir = std::path::absolute(&dir).map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
            anyfast_codegen::Runtime::Path(dir.display().to_string().replace('\\', "/"))
        }
        (None, Some(version)) => anyfast_codegen::Runtime::Version(version),
        (None, None) => anyfast_codegen::Runtime::Vendored,
    };
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
            let mut plan = files::plan(&output.files);
            // The crate's manifest is hand-written; its tag features are codegen's, so they
            // cannot drift from the spec's tags.
            let manifest_path = root.join("generated/Cargo.toml");
            let manifest = std::fs::read_to_string(&manifest_path)
                .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
            let synced = anyfast_codegen::with_tag_features(&manifest, &output.api)
                .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
            plan.insert("Cargo.toml".to_owned(), synced);
            (plan, root.join("generated"))
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
fn spec_diff(args: SpecDiffArgs) -> Result<ExitCode, String> {
    let SpecDiffArgs {
        old,
        new,
        base,
        json,
        fail_on_breaking,
    } = args;
    let root = workspace_root();
    let ((old_label, old_text), (new_label, new_text)) = match (base, old, new) {
        (Some(rev), None, None) => {
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
        (None, Some(old), Some(new)) => {
            let read =
                |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
            (
                (old.display().to_string(), read(&old)?),
                (new.display().to_string(), read(&new)?),
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
        .and_then(|text| text.parse::<toml_edit::DocumentMut>().ok())
        .and_then(|doc| Some(doc.get("package")?.get("version")?.as_str()?.to_owned()))
        .unwrap_or_else(|| "0.1.0".to_owned())
}
