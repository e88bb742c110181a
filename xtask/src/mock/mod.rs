//! The generated operation tests run against Prism (`cargo xtask mock-test`, and
//! `xtask/tests/mock.rs`): each spec becomes a crate with `--tests`, all of them build in one
//! throwaway workspace, and each crate's tests run against `prism mock --errors` of its own
//! spec on a loopback port of its own, with static or dynamic (`-d`) responses.

mod examples;
mod prism;
mod report;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyfast_codegen::ir::Api;

use prism::{prism_spec, start_prism, CANNOT_ANSWER, MOCK_DIED, OWN_RESPONSE};
pub use report::summary;
use report::tally;

/// How long Prism may take to read a spec and listen (OpenAI's 3 MB spec takes a while).
const PRISM_START: Duration = Duration::from_secs(240);

/// How long one crate's tests may run.
const TESTS_LIMIT: Duration = Duration::from_secs(600);

/// The API key the tests send; Prism checks only that one is there (and, for HTTP Basic,
/// that it reads as `user:password`).
const TEST_KEY: &str = "test:key";

/// One spec made into a crate with tests.
pub struct Generated {
    /// The spec's file name.
    pub label: String,
    /// Its path.
    pub spec: PathBuf,
    /// The crate's name.
    pub crate_name: String,
    /// The prefix of the environment variables its client reads.
    pub env_prefix: String,
    /// What the generator made of it.
    pub api: Api,
}

/// What one run of one crate's tests found.
#[derive(Debug, Clone)]
pub struct SpecResult {
    /// The spec's file name.
    pub label: String,
    /// Its operations.
    pub operations: usize,
    /// The operations whose test passed.
    pub passed: usize,
    /// The failed operations: test name and the failure's message (its cause first, in brackets).
    pub failed: Vec<(String, String)>,
    /// The operations not exercised, and why.
    pub skipped: Vec<(String, String)>,
    /// How many `$ref`s of the spec point at nothing and were handed to Prism as `{}`.
    pub repaired: usize,
    /// Of the passed, how many passed on a second call, to a Prism making the other kind of
    /// response, after its own response broke the spec on the first.
    pub second_pass: usize,
    /// Of the passed, how many passed only with an example built from the schema, Prism
    /// having made no response either way.
    pub example_pass: usize,
}

impl SpecResult {
    /// The cause of a failure: the bracketed word its message starts with.
    pub fn cause(message: &str) -> String {
        message
            .strip_prefix('[')
            .and_then(|rest| rest.split_once(']'))
            .map_or_else(|| "panic".to_owned(), |(cause, _)| cause.to_owned())
    }
}

/// Generates each spec as a crate with operation tests under `work`, which becomes a workspace
/// of them, with the runtime crate at `runtime` as their dependency (so it compiles once).
pub fn generate(specs: &[PathBuf], work: &Path, runtime: &Path, lockfile: &Path) -> Result<Vec<Generated>, String> {
    std::fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let runtime = std::path::absolute(runtime).map_err(|e| e.to_string())?;
    let runtime = anyfast_codegen::Runtime::Path(runtime.display().to_string().replace('\\', "/"));
    let mut out = Vec::new();
    for spec in specs {
        let label = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let stem = spec.file_stem().and_then(|n| n.to_str()).unwrap_or("spec");
        let crate_name = crate::crate_name(&format!("mock-{stem}"));
        let env_prefix = crate_name.to_uppercase().replace('-', "_");
        let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let config = anyfast_codegen::Config::default()
            .with_spec_label(&label)
            .with_env_prefix(&env_prefix)
            .with_standalone_crate(&crate_name)
            .with_runtime(runtime.clone())
            .with_operation_tests(true)
            .with_resolver(crate::files_beside(spec));
        let output = anyfast_codegen::generate(&text, &config).map_err(|e| format!("{label}: {e}"))?;
        crate::files::apply(&work.join(&crate_name), &crate::files::plan(&output.files))?;
        out.push(Generated {
            label,
            spec: spec.clone(),
            crate_name,
            env_prefix,
            api: output.api,
        });
    }
    let members: Vec<String> = out.iter().map(|g| format!("\"{}\"", g.crate_name)).collect();
    let manifest = format!(
        "# Written by cargo xtask mock-test.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n{}",
        members.join(", "),
        crate::THROWAWAY_PROFILE
    );
    std::fs::write(work.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The project's lockfile pins the same dependency versions the project is tested with.
    if !work.join("Cargo.lock").exists() {
        std::fs::copy(lockfile, work.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Builds every crate's tests (`cargo test --no-run`), returning each crate's test binary by
/// its library target's name.
pub fn build(work: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "test",
            "--workspace",
            "--lib",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(work)
        .env("RUSTFLAGS", "-D warnings")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if !output.status.success() {
        return Err("the generated crates' tests do not build (see above)".to_owned());
    }
    let mut binaries = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_test = message["profile"]["test"].as_bool() == Some(true);
        if let (true, Some(exe), Some(name)) = (
            is_test,
            message["executable"].as_str(),
            message["target"]["name"].as_str(),
        ) {
            // Keyed by the library target's name, the package name with `-` as `_`: a
            // package name may itself hold `_`, so the other direction is not unique.
            binaries.insert(name.to_owned(), PathBuf::from(exe));
        }
    }
    Ok(binaries)
}

/// Runs one crate's operation tests against Prism serving its spec.
/// Prism's log is kept beside the crate (`prism-static.log`, `prism-dynamic.log`).
pub fn run(
    generated: &Generated,
    work: &Path,
    binary: &Path,
    prism: &Path,
    dynamic: bool,
) -> Result<SpecResult, String> {
    let mode = if dynamic { "dynamic" } else { "static" };
    let log = work.join(&generated.crate_name).join(format!("prism-{mode}.log"));
    if generated.api.operations.is_empty() {
        // Nothing to call (a spec of webhooks only), and Prism refuses to serve it.
        return Ok(tally(generated, ""));
    }
    let (spec, repaired) = prism_spec(&generated.spec, &work.join(&generated.crate_name))?;
    let (text, died) = match run_tests(generated, binary, prism, &spec, (dynamic, true), &log, &[]) {
        Ok(ran) => ran,
        Err(e) => {
            let mut result = tally(generated, &format!("prism: {e}"));
            result.repaired = repaired;
            return Ok(result);
        }
    };
    let mut result = tally(generated, &text);
    result.repaired = repaired;
    // A Prism that died under the run leaves every later call without a mock: a run that did
    // not happen, not failures of ours. Those calls are made again to a fresh Prism; what
    // still finds none is skipped with the reason.
    let lost: Vec<String> = result
        .failed
        .iter()
        .filter(|(_, message)| died && (message.starts_with("[connect]") || message.starts_with("[http]")))
        .map(|(name, _)| name.clone())
        .collect();
    if !lost.is_empty() {
        let again_log = log.with_file_name(format!("prism-{mode}-restarted.log"));
        let (text, _) = run_tests(generated, binary, prism, &spec, (dynamic, true), &again_log, &lost)?;
        let again = tally(generated, &text);
        for name in lost {
            let Some(i) = result.failed.iter().position(|(n, _)| *n == name) else {
                continue;
            };
            let failed = again.failed.iter().find(|(n, _)| *n == name);
            let skipped = again.skipped.iter().find(|(n, _)| *n == name);
            match (failed, skipped) {
                (Some((_, message)), _) if message.starts_with("[connect]") || message.starts_with("[http]") => {
                    result.failed.remove(i);
                    result.skipped.push((name, MOCK_DIED.to_owned()));
                }
                (Some((_, message)), _) => result.failed[i].1 = message.clone(),
                (None, Some((_, reason))) => {
                    result.failed.remove(i);
                    result.skipped.push((name, reason.clone()));
                }
                (None, None) => {
                    result.failed.remove(i);
                    result.passed += 1;
                }
            }
        }
    }
    // Where Prism's own response broke the spec (an example the spec's authors got wrong, or
    // random data its generator got wrong), or Prism could make none (its generator gave up on
    // a deep schema, or crashed), the request had passed its validation, which `--errors` runs
    // first; the call is then made again to a Prism making the other kind of response (from
    // the schemas, `-d` seeded, after examples; from the examples after random data), still
    // with `--errors`, so that the test learns whether a response the spec allows decodes.
    // Where Prism cannot make one either way, the operation stays skipped.
    let own: Vec<String> = result
        .skipped
        .iter()
        .filter(|(_, reason)| reason.starts_with(OWN_RESPONSE) || reason.starts_with(CANNOT_ANSWER))
        .map(|(name, _)| name.clone())
        .collect();
    if !own.is_empty() {
        let second = log.with_file_name(format!("prism-{mode}-second.log"));
        let (text, _) = run_tests(generated, binary, prism, &spec, (!dynamic, true), &second, &own)?;
        let again = tally(generated, &text);
        for name in own {
            let Some(i) = result.skipped.iter().position(|(n, _)| *n == name) else {
                continue;
            };
            let failed = again.failed.iter().find(|(n, _)| *n == name);
            let skipped = again.skipped.iter().find(|(n, _)| *n == name);
            match (failed, skipped) {
                (Some((_, message)), _) => {
                    let (_, reason) = result.skipped.remove(i);
                    result.failed.push((name, format!("{message} (after: {reason})")));
                }
                // Prism could not make a response the spec allows this time either.
                (None, Some((_, reason))) => result.skipped[i].1 = format!("{reason}, twice"),
                (None, None) => {
                    result.skipped.remove(i);
                    result.passed += 1;
                    result.second_pass += 1;
                }
            }
        }
    }
    // Where Prism could make no response either way, a copy of the spec gives the success
    // response an example built from its schema (`examples.rs`), which Prism checks before
    // answering with it (static: with `-d` Prism ignores examples).
    let stuck: Vec<String> = result
        .skipped
        .iter()
        .filter(|(_, reason)| reason.starts_with(CANNOT_ANSWER))
        .map(|(name, _)| name.clone())
        .collect();
    let dir = work.join(&generated.crate_name);
    let built = match stuck.is_empty() {
        true => None,
        false => examples::spec_with_examples(&generated.spec, &dir, &generated.api, &stuck)?,
    };
    if let Some((copy, given)) = built {
        let third = log.with_file_name(format!("prism-{mode}-examples.log"));
        let (text, _) = run_tests(generated, binary, prism, &copy, (false, true), &third, &given)?;
        let again = tally(generated, &text);
        for name in given {
            let Some(i) = result.skipped.iter().position(|(n, _)| *n == name) else {
                continue;
            };
            let failed = again.failed.iter().find(|(n, _)| *n == name);
            let skipped = again.skipped.iter().any(|(n, _)| *n == name);
            match (failed, skipped) {
                // The example is the generator's own: what fails with it is ours.
                (Some((_, message)), _) => {
                    let (_, reason) = result.skipped.remove(i);
                    result.failed.push((
                        name,
                        format!("{message} (with an example built from the schema, after: {reason})"),
                    ));
                }
                (None, true) => {}
                (None, false) => {
                    result.skipped.remove(i);
                    result.passed += 1;
                    result.example_pass += 1;
                }
            }
        }
    }
    // Every failure and skip in full, beside the crate, for whoever looks into one.
    let mut report = String::new();
    for (name, message) in result.failed.iter().chain(&result.skipped) {
        let _ = writeln!(report, "{name}: {message}\n");
    }
    let report_path = log.with_file_name(format!("failures-{mode}.txt"));
    std::fs::write(&report_path, report).map_err(|e| format!("{}: {e}", report_path.display()))?;
    Ok(result)
}

/// Starts Prism on `spec` (`mode`: dynamic, and `--errors`) and runs the crate's operation
/// tests against it (only those named in `only`, when any), returning libtest's output and
/// whether Prism died under the run.
fn run_tests(
    generated: &Generated,
    binary: &Path,
    prism: &Path,
    spec: &Path,
    mode: (bool, bool),
    log: &Path,
    only: &[String],
) -> Result<(String, bool), String> {
    let mut server = start_prism(prism, spec, mode, log)?;
    let mut args: Vec<String> = if only.is_empty() {
        vec!["operation_tests::".to_owned()]
    } else {
        let mut exact: Vec<String> = only.iter().map(|n| format!("operation_tests::{n}")).collect();
        exact.push("--exact".to_owned());
        exact
    };
    args.push("--test-threads=4".to_owned());
    let mut child = Command::new(binary)
        .args(&args)
        .env(
            format!("{}_BASE_URL", generated.env_prefix),
            format!("http://127.0.0.1:{}", server.port),
        )
        .env(format!("{}_API_KEY", generated.env_prefix), TEST_KEY)
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if started.elapsed() > TESTS_LIMIT {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = reader.join().unwrap_or_default();
    let died = server.died();
    drop(server);
    Ok((text, died))
}

/// The specs CI runs: the project's own and a handful of small corpus specs.
pub fn ci_specs(root: &Path) -> Vec<PathBuf> {
    let corpus = root.join("tests/fixtures/corpus");
    [
        root.join("spec/openapi.yaml"),
        // Every kind of body, parameter and response the generator writes, from one fixture.
        root.join("codegen/tests/fixtures/specs/bodies_and_cookies.yaml"),
        // Requirements that name two schemes at once: each credential sent by its own.
        root.join("codegen/tests/fixtures/specs/two_credentials.yaml"),
        // A long-running task of another shape than the gateway's: started, then read once.
        root.join("codegen/tests/fixtures/specs/tasks.yaml"),
        // Lists of every shape, each read two pages deep.
        root.join("codegen/tests/fixtures/specs/pagination_shapes.yaml"),
        // Samples a validating mock is stricter about than the types.
        root.join("codegen/tests/fixtures/specs/samples.yaml"),
    ]
    .into_iter()
    .chain(
        [
            "oai-v3.0-petstore-expanded.yaml",
            "oai-v3.1-tictactoe.yaml",
            "redocly-museum.yaml",
            "vonage-sms.yaml",
        ]
        .map(|name| corpus.join(name)),
    )
    .collect()
}

/// The project's spec and every corpus spec, sorted.
pub fn all_specs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("tests/fixtures/corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    specs.insert(0, root.join("spec/openapi.yaml"));
    Ok(specs)
}

/// Prism: `PRISM_BIN`, or the copy `.ci/run` installs; `None` when neither is there.
pub fn prism_bin(root: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".ci/node/node_modules/.bin/prism"));
    path.exists().then_some(path)
}

/// Generates, builds and runs `specs` once per mode (`false` static, `true` dynamic), in the
/// workspace `target/mock-run` of the project at `root`; one list of results per mode.
pub fn run_specs(root: &Path, specs: &[PathBuf], modes: &[bool], prism: &Path) -> Result<Vec<Vec<SpecResult>>, String> {
    let work = root.join("target/mock-run");
    let generated = generate(specs, &work, &root.join("codegen/runtime"), &root.join("Cargo.lock"))?;
    let binaries = build(&work)?;
    let mut out = Vec::new();
    for &dynamic in modes {
        let mut results = Vec::new();
        for g in &generated {
            let binary = binaries
                .get(&g.crate_name.replace('-', "_"))
                .ok_or_else(|| format!("no test binary for {}", g.crate_name))?;
            let result = run(g, &work, binary, prism, dynamic)?;
            // Progress as it goes, as cargo and nextest show theirs: a whole-corpus run takes
            // minutes between the build and the table.
            eprintln!(
                "{} ({}): {} passed, {} failed, {} skipped",
                result.label,
                if dynamic { "dynamic" } else { "static" },
                result.passed,
                result.failed.len(),
                result.skipped.len()
            );
            results.push(result);
        }
        out.push(results);
    }
    Ok(out)
}
