//! The `xtask` binary as users run it: exit codes, located errors, `--check` before and after.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Temp(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_fails_before_codegen_and_passes_after_a_spec_change() {
    let temp = Temp::new("check");
    let spec = temp.path("spec.yaml");
    let out = temp.path("petstore");
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).expect("spec");
    std::fs::write(&spec, &text).expect("write");

    let (code, _, _) = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out]);
    assert_eq!(code, 1, "nothing generated yet");
    assert_eq!(xtask(&["codegen", "--spec", &spec, "--out", &out]).0, 0);
    assert_eq!(xtask(&["codegen", "--check", "--spec", &spec, "--out", &out]).0, 0);

    let grown = text.replacen(
        "            - glm-4-7-251222\n",
        "            - glm-4-7-251222\n            - glm-5-0-260101\n",
        1,
    );
    std::fs::write(&spec, grown).expect("write");
    let (code, diff, stderr) = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out]);
    assert_eq!(code, 1);
    assert!(diff.contains("+    Glm5_0_260101,"), "{diff}");
    assert!(stderr.contains("is stale"), "{stderr}");
    assert_eq!(xtask(&["codegen", "--spec", &spec, "--out", &out]).0, 0);
    assert_eq!(xtask(&["codegen", "--check", "--spec", &spec, "--out", &out]).0, 0);
}

#[test]
fn a_failed_generation_leaves_the_previous_files_untouched() {
    let temp = Temp::new("atomic");
    let out = temp.path("crate");
    let good = root()
        .join("codegen/tests/fixtures/specs/streaming.yaml")
        .display()
        .to_string();
    let bad = root()
        .join("codegen/tests/fixtures/lenient/dangling_ref.yaml")
        .display()
        .to_string();
    assert_eq!(xtask(&["codegen", "--spec", &good, "--out", &out]).0, 0);
    let before = std::fs::read_to_string(temp.0.join("crate/src/models.rs")).expect("models");
    // Strict mode refuses what it would have approximated, and writes nothing.
    let (code, _, stderr) = xtask(&["codegen", "--strict", "--spec", &bad, "--out", &out]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("dangling_ref.yaml: 1 warning(s) in strict mode; the first at #/components/schemas/Pet/properties/owner/$ref"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(temp.0.join("crate/src/models.rs")).expect("models"),
        before
    );
    // Without it the same spec generates, and the warnings are summed up in one line, the
    // detail one flag away.
    let (code, _, stderr) = xtask(&["codegen", "--spec", &bad, "--out", &out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 warning: 1 dangling references (--verbose lists them)"),
        "{stderr}"
    );
    let (_, _, stderr) = xtask(&["codegen", "--spec", &bad, "--out", &out, "--verbose"]);
    assert!(stderr.contains("warning: #/components/schemas/Pet/properties/owner/$ref: `$ref: #/components/schemas/Owner` points to no schema"), "{stderr}");
    assert!(
        stderr.contains("is up to date"),
        "nothing changed the second time: {stderr}"
    );
}

#[test]
fn spec_diff_exit_codes() {
    let temp = Temp::new("diff");
    let base = root().join("codegen/tests/fixtures/diff/base.yaml");
    let text = std::fs::read_to_string(&base).expect("base");
    let tighter = temp.path("tighter.yaml");
    std::fs::write(&tighter, text.replacen("maxItems: 4", "maxItems: 2", 1)).expect("write");
    let looser = temp.path("looser.yaml");
    std::fs::write(&looser, text.replacen("maxItems: 4", "maxItems: 8", 1)).expect("write");
    let base = base.display().to_string();

    let (code, report, _) = xtask(&["spec-diff", &base, &tighter]);
    assert_eq!(code, 0, "breaking changes alone do not fail without the flag");
    assert!(
        report.contains("| breaking | constraint tightened | `ItemRequest.tags` | maxItems 4 → 2 |"),
        "{report}"
    );
    assert_eq!(xtask(&["spec-diff", &base, &tighter, "--fail-on-breaking"]).0, 1);
    assert_eq!(xtask(&["spec-diff", &base, &looser, "--fail-on-breaking"]).0, 0);
    let (code, json, _) = xtask(&["spec-diff", &base, &looser, "--json"]);
    assert_eq!(code, 0);
    assert!(json.contains("\"bump\": \"patch\""), "{json}");

    let bad = root()
        .join("codegen/tests/fixtures/malformed/wrong_version.yaml")
        .display()
        .to_string();
    let (code, _, stderr) = xtask(&["spec-diff", &base, &bad]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("wrong_version.yaml at #/openapi: openapi version `2.0.0` is not supported"),
        "{stderr}"
    );
}

#[test]
fn spec_diff_against_a_git_revision() {
    // The embedded spec against itself at HEAD: CI runs in a clone, so HEAD exists.
    let (code, report, stderr) = xtask(&["spec-diff", "--base", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        report.contains("No change to the generated API.") || report.contains("| impact |"),
        "{report}"
    );
    let (code, _, stderr) = xtask(&["spec-diff", "--base", "no-such-revision-anywhere"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("git show no-such-revision-anywhere:spec/openapi.yaml failed"),
        "{stderr}"
    );
}

#[test]
fn every_command_answers_help_and_refuses_an_unknown_flag_with_usage() {
    for command in [&[][..], &["codegen"], &["spec-diff"], &["docs-check"], &["mock-test"]] {
        for help in ["--help", "-h"] {
            let args: Vec<&str> = command.iter().copied().chain([help]).collect();
            let (code, stdout, stderr) = xtask(&args);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(stdout.contains("Usage: cargo xtask"), "{args:?}: {stdout}");
        }
        if let Some(name) = command.first() {
            let (code, _, stderr) = xtask(&[name, "--no-such-flag"]);
            assert_eq!(code, 2, "{name}: {stderr}");
            assert!(
                stderr.contains("--no-such-flag") && stderr.contains("Usage"),
                "{name}: {stderr}"
            );
        }
    }
    let (code, _, stderr) = xtask(&["codegen", "--spec", "a.yaml"]);
    assert_eq!(code, 2, "--spec without --out is refused: {stderr}");
}

/// The README's two commands are the ones `.ci/run` runs, and each answers `--help`.
#[test]
fn the_readme_commands_are_cis_and_answer_help() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    let block = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the first block");
    let commands: Vec<&str> = block
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(commands, ["cargo xtask codegen", "cargo xtask test"]);
    assert!(
        ci.lines().any(|l| l.trim() == "cargo xtask test"),
        ".ci/run runs the README's test command"
    );
    let (code, stdout, _) = xtask(&["test", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Prism"), "{stdout}");
}
