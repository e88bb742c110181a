//! `cargo xtask`: the project's own commands.
//!
//! - `cargo xtask codegen`: regenerate `generated/` from `spec/openapi.yaml`.
//! - `cargo xtask codegen --check`: fail with a diff when `generated/` is stale.
//! - `cargo xtask codegen --spec PATH --out DIR`: a standalone crate from any spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod files;

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
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] [--spec PATH --out DIR]");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn codegen(args: &[String]) -> Result<ExitCode, String> {
    let mut check = false;
    let mut spec = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(it.next().ok_or("--spec needs a path")?)),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = workspace_root();
    let (plan, out_dir) = match (spec, out) {
        (None, None) => {
            let spec_path = root.join("spec/openapi.yaml");
            let text =
                std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
            let config = anyfast_codegen::Config::default();
            let output = anyfast_codegen::generate(&text, &config).map_err(|e| e.to_string())?;
            report_warnings(&output.warnings);
            (files::plan(&output.files, &[]), root.join("generated"))
        }
        (Some(spec_path), Some(out_dir)) => {
            let text =
                std::fs::read_to_string(&spec_path).map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
            let crate_name = crate_name(&out_dir);
            let config = anyfast_codegen::Config::default()
                .with_spec_label(spec_path.display().to_string())
                .with_env_prefix(crate_name.to_uppercase().replace('-', "_"))
                .with_standalone_crate(&crate_name);
            let output = anyfast_codegen::generate(&text, &config).map_err(|e| e.to_string())?;
            report_warnings(&output.warnings);
            let runtime = files::runtime_sources(&root.join("generated/src/runtime"))?;
            (files::plan(&output.files, &runtime), out_dir)
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
    Ok(ExitCode::SUCCESS)
}

fn crate_name(out_dir: &Path) -> String {
    let name = out_dir.file_name().and_then(|n| n.to_str()).unwrap_or("generated");
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}

fn report_warnings(warnings: &[anyfast_codegen::Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
