//! The generated operation tests against Prism: CI's specs (the project's own and a handful
//! from the corpus) become crates with `--tests`, and each crate's tests run against
//! `prism mock --errors` of its spec, once with static responses and once with dynamic ones
//! (`-d`, values no example author picked). The tables are snapshots, so a regression shows
//! in review. `ANYFAST_MOCK=all` runs the whole corpus instead, into its own snapshots (the
//! figures in BENCHMARKS.md); `cargo xtask mock-test --all --both` prints the same tables.
//!
//! `cargo xtask test` (and so `.ci/run`) installs Prism under `.ci/node`; set `PRISM_BIN` to use
//! another copy. Without Prism the test fails, naming that command.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The mock runs share one workspace (`target/mock-run`), so they take turns.
static WORKSPACE: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

#[test]
fn generated_operation_tests_pass_against_prism_with_static_and_dynamic_responses() {
    let _turn = WORKSPACE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = root();
    let Some(prism) = xtask::mock::prism_bin(&root) else {
        // A suite that did not run never says `ok`.
        panic!("prism is not installed: run `cargo xtask test`, which installs it into .ci/node and runs every test");
    };
    let whole = std::env::var("ANYFAST_MOCK").is_ok_and(|v| v == "all");
    let (specs, set) = if whole {
        (xtask::mock::all_specs(&root).expect("the corpus"), "corpus")
    } else {
        (xtask::mock::ci_specs(&root), "ci")
    };
    let runs = xtask::mock::run_specs(&root, &specs, &[false, true], &prism).unwrap_or_else(|e| panic!("{e}"));
    for (mode, results) in ["static", "dynamic"].into_iter().zip(&runs) {
        insta::assert_snapshot!(format!("{set}_{mode}"), xtask::mock::summary(results));
    }
}

/// A Prism that dies under a run (a stand-in that answers once and exits) leaves calls without
/// a mock: they are made again to a fresh one, and what still finds none is reported as not
/// run, never as a failure of the client.
#[test]
fn a_mock_that_dies_is_a_run_that_did_not_happen() {
    let _turn = WORKSPACE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = root();
    let spec = root.join("xtask/tests/fixtures/three_gets.yaml");
    let dying = root.join("xtask/tests/fixtures/dying_prism.py");
    let runs = xtask::mock::run_specs(&root, &[spec], &[false], &dying).unwrap_or_else(|e| panic!("{e}"));
    let result = &runs[0][0];
    assert_eq!(result.operations, 3);
    assert!(result.failed.is_empty(), "{:?}", result.failed);
    assert!(result.passed >= 2, "one call per mock: {result:?}");
    for (name, reason) in &result.skipped {
        assert!(reason.contains("the mock died"), "{name}: {reason}");
    }
    assert_eq!(result.passed + result.skipped.len(), 3, "{result:?}");
}
