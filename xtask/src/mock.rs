//! The generated operation tests run against Prism (`cargo xtask mock-test`, and
//! `xtask/tests/mock.rs`): each spec becomes a crate with `--tests`, all of them build in one
//! throwaway workspace, and each crate's tests run against `prism mock --errors` of its own
//! spec on a loopback port of its own, with static or dynamic (`-d`) responses.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyfast_codegen::ir::{Api, OperationTest};

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
    let runtime = anyfast_codegen::Runtime::Dependency(format!(
        "{{ path = \"{}\" }}",
        runtime.display().to_string().replace('\\', "/")
    ));
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
        "# Written by cargo xtask mock-test.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The project's lockfile pins the same dependency versions the project is tested with.
    if !work.join("Cargo.lock").exists() {
        std::fs::copy(lockfile, work.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Builds every crate's tests (`cargo test --no-run`), returning each crate's test binary.
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
            binaries.insert(name.replace('_', "-"), PathBuf::from(exe));
        }
    }
    Ok(binaries)
}

/// The spec as Prism gets it. Prism refuses a whole document when one `$ref` points at
/// nothing (a missing component, an example file not shipped), which the generator reads as
/// an open value with a warning; so such a reference is handed to Prism as the open schema
/// `{}` (a named example is left out) in a copy beside the crate (`prism-spec.yaml`, other
/// files' references made absolute), and counted. A spec without one is served as it is.
fn prism_spec(spec: &Path, dir: &Path) -> Result<(PathBuf, usize), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let Ok(mut doc) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
        return Ok((spec.to_path_buf(), 0));
    };
    let base = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = doc.clone();
    let mut repaired = 0;
    repair_refs(&mut doc, &root, &base, &mut repaired);
    if repaired == 0 {
        return Ok((spec.to_path_buf(), 0));
    }
    let copy = dir.join("prism-spec.yaml");
    let text = serde_yaml::to_string(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&copy, text).map_err(|e| format!("{}: {e}", copy.display()))?;
    Ok((copy, repaired))
}

/// Replaces each `$ref` that points at nothing with `{}`, or, for a named example (an entry of
/// an `examples` map, often a file the spec's authors did not ship), removes the entry, so
/// that Prism makes its response from the schema rather than from an empty example.
fn repair_refs(value: &mut serde_yaml::Value, root: &serde_yaml::Value, base: &Path, repaired: &mut usize) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            if dangling(map, root, base) {
                *repaired += 1;
                map.clear();
                return;
            }
            if let Some(serde_yaml::Value::String(reference)) = map.get("$ref").cloned() {
                if let Some((file, pointer)) = reference.split_once('#').or(Some((reference.as_str(), ""))) {
                    if !file.is_empty() {
                        let absolute = format!("{}#{pointer}", base.join(file).display());
                        map.insert("$ref".into(), absolute.trim_end_matches('#').into());
                    }
                }
            }
            if let Some(serde_yaml::Value::Mapping(examples)) = map.get_mut("examples") {
                let before = examples.len();
                examples
                    .retain(|_, example| !matches!(example, serde_yaml::Value::Mapping(m) if dangling(m, root, base)));
                *repaired += before - examples.len();
                if examples.is_empty() {
                    map.remove("examples");
                }
            }
            for (_, v) in map.iter_mut() {
                repair_refs(v, root, base, repaired);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for v in items {
                repair_refs(v, root, base, repaired);
            }
        }
        _ => {}
    }
}

/// Whether a mapping is a `$ref` to nothing: a pointer this document lacks, or a file that is
/// not beside it.
fn dangling(map: &serde_yaml::Mapping, root: &serde_yaml::Value, base: &Path) -> bool {
    let Some(serde_yaml::Value::String(reference)) = map.get("$ref") else {
        return false;
    };
    match reference.split_once('#') {
        Some(("", pointer)) => lookup(root, pointer).is_none(),
        Some((file, _)) => !base.join(file).exists(),
        None => !base.join(reference).exists(),
    }
}

/// The value a JSON pointer (`/components/schemas/A`) names.
fn lookup<'v>(root: &'v serde_yaml::Value, pointer: &str) -> Option<&'v serde_yaml::Value> {
    pointer.split('/').skip(1).try_fold(root, |at, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match at {
            serde_yaml::Value::Mapping(map) => map.get(token.as_str()),
            serde_yaml::Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
            _ => None,
        }
    })
}

/// A running Prism, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Starts Prism on `spec`, its log written to `log`.
fn start_prism(prism: &Path, spec: &Path, (dynamic, errors): (bool, bool), log: &Path) -> Result<Prism, String> {
    let port = free_port()?;
    let mut args = vec!["mock".to_owned()];
    if errors {
        args.push("--errors".to_owned());
    }
    if dynamic {
        // Seeded, so that a run's random values come back the same in the next.
        args.extend(["-d", "--seed", "1"].map(str::to_owned));
    }
    args.extend(["-h", "127.0.0.1", "-p"].map(str::to_owned));
    args.push(port.to_string());
    args.push(spec.display().to_string());
    let log = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let child = Command::new(prism)
        .args(&args)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let mut running = Prism { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = running.child.try_wait() {
            return Err(format!("prism exited ({status}) on {}", spec.display()));
        }
        if started.elapsed() > PRISM_START {
            return Err(format!(
                "prism did not listen within {PRISM_START:?} on {}",
                spec.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(running)
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
    let log = work.join(&generated.crate_name).join(if dynamic {
        "prism-dynamic.log"
    } else {
        "prism-static.log"
    });
    if generated.api.operations.is_empty() {
        // Nothing to call (a spec of webhooks only), and Prism refuses to serve it.
        return Ok(tally(generated, ""));
    }
    let (spec, repaired) = prism_spec(&generated.spec, &work.join(&generated.crate_name))?;
    let text = match run_tests(generated, binary, prism, &spec, (dynamic, true), &log, &[]) {
        Ok(text) => text,
        Err(e) => {
            let mut result = tally(generated, &format!("prism: {e}"));
            result.repaired = repaired;
            return Ok(result);
        }
    };
    let mut result = tally(generated, &text);
    result.repaired = repaired;
    // Where Prism's own response broke the spec (an example the spec's authors got wrong, or
    // random data its generator got wrong), the request had passed its validation; the call is
    // then made again to a Prism making the other kind of response (from the schemas, `-d`
    // seeded, after examples; from the examples after random data), still with `--errors`, so
    // that the test learns whether a response the spec allows decodes. Where Prism cannot make
    // one either way, the operation stays skipped.
    let own: Vec<String> = result
        .skipped
        .iter()
        .filter(|(_, reason)| reason.starts_with(OWN_RESPONSE))
        .map(|(name, _)| name.clone())
        .collect();
    if !own.is_empty() {
        let second = log.with_file_name(if dynamic {
            "prism-dynamic-second.log"
        } else {
            "prism-static-second.log"
        });
        let text = run_tests(generated, binary, prism, &spec, (!dynamic, true), &second, &own)?;
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
    // Every failure and skip in full, beside the crate, for whoever looks into one.
    let mut report = String::new();
    for (name, message) in result.failed.iter().chain(&result.skipped) {
        let _ = writeln!(report, "{name}: {message}\n");
    }
    let report_path = log.with_file_name(if dynamic {
        "failures-dynamic.txt"
    } else {
        "failures-static.txt"
    });
    std::fs::write(&report_path, report).map_err(|e| format!("{}: {e}", report_path.display()))?;
    Ok(result)
}

/// Starts Prism on `spec` (`mode`: dynamic, and `--errors`) and runs the crate's operation
/// tests against it (only those named in `only`, when any), returning libtest's output.
fn run_tests(
    generated: &Generated,
    binary: &Path,
    prism: &Path,
    spec: &Path,
    mode: (bool, bool),
    log: &Path,
    only: &[String],
) -> Result<String, String> {
    let server = start_prism(prism, spec, mode, log)?;
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
    drop(server);
    Ok(text)
}

/// Reads libtest's output into what passed and failed; an operation whose test never
/// reported counts as failed, never as passed.
fn tally(generated: &Generated, text: &str) -> SpecResult {
    let mut outcome: BTreeMap<String, bool> = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("test operation_tests::") else {
            continue;
        };
        if let Some((name, result)) = rest.split_once(" ... ") {
            outcome.insert(name.to_owned(), result.trim() == "ok");
        }
    }
    let messages = failure_messages(text);
    let mut result = SpecResult {
        label: generated.label.clone(),
        operations: generated.api.operations.len(),
        passed: 0,
        failed: Vec::new(),
        skipped: Vec::new(),
        repaired: 0,
        second_pass: 0,
    };
    for op in &generated.api.operations {
        let name = match (&op.call, &op.stream) {
            (Some(call), _) => call.plain.clone(),
            (None, Some(stream)) => stream.methods.plain.clone(),
            (None, None) => op.id.clone(),
        };
        let name = name.trim_start_matches("r#").to_owned();
        if let OperationTest::Skip(reason) = &op.test {
            result.skipped.push((name, reason.clone()));
            continue;
        }
        match outcome.get(&name) {
            Some(true) => result.passed += 1,
            Some(false) => {
                let message = messages
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| "[panic] no message".to_owned());
                match mock_limitation(&message) {
                    Some(reason) => result.skipped.push((name, reason)),
                    None => result.failed.push((name, message)),
                }
            }
            None => {
                let why = text.strip_prefix("prism: ").unwrap_or("the test did not report");
                result.failed.push((name, format!("[not run] {why}")));
            }
        }
    }
    result
}

/// The reason given when Prism's own response breaks the spec.
const OWN_RESPONSE: &str = "Prism's own response breaks the spec";

/// When the mock, not the client, is why a call failed, the reason; the operation then counts
/// as not exercised. Two cases, both read from Prism's own error (`type`
/// `https://stoplight.io/prism/errors#…`):
/// - Prism answered 500 because the response it made up itself breaks the spec: every
///   violation its `--errors` report lists is in the response (a `oneOf` whose branches its
///   example matches several of, say), so the request had passed its validation;
/// - Prism could not make a response at all: `NO_COMPLEX_OBJECT_TEXT` (an event stream or text
///   body of objects), `NO_RESPONSE_RESPONSE_DEFINED`, `UNKNOWN` (its own crash).
///
/// The body may be cut at the client's error-body limit, so it is read as text.
fn mock_limitation(message: &str) -> Option<String> {
    let body = message.split_once("; body: ")?.1;
    let kind = body
        .split_once("stoplight.io/prism/errors#")
        .map(|(_, rest)| rest.split('"').next().unwrap_or_default())?;
    match kind {
        "VIOLATIONS" => {
            let locations: Vec<&str> = body
                .split("\"location\":[\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            let code = body
                .split_once("\"code\":\"")
                .and_then(|(_, rest)| rest.split('"').next())
                .unwrap_or("unknown rule");
            (!locations.is_empty() && locations.iter().all(|l| *l == "response"))
                .then(|| format!("{OWN_RESPONSE} ({code})"))
        }
        "NO_COMPLEX_OBJECT_TEXT" | "NO_RESPONSE_RESPONSE_DEFINED" | "UNKNOWN" => {
            let title = body
                .split_once("\"title\":\"")
                .and_then(|(_, rest)| rest.split('"').next())
                .unwrap_or(kind);
            let title: String = title.chars().take(60).collect();
            Some(format!("Prism cannot answer ({kind}: {title})"))
        }
        _ => None,
    }
}

/// Each failed test's panic message, from libtest's `---- name stdout ----` sections.
fn failure_messages(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for section in text.split("\n---- operation_tests::").skip(1) {
        let Some((name, body)) = section.split_once(" stdout ----") else {
            continue;
        };
        let after = body.split_once("panicked at ").map_or(body, |(_, rest)| rest);
        let message: Vec<&str> = after
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("note: ") && !l.starts_with("---- ") && !l.is_empty())
            .collect();
        out.insert(name.to_owned(), message.join(" "));
    }
    out
}

/// The table of one run: per spec the operations passed, failed and skipped with the first
/// failure; then every failure and skip counted by cause.
pub fn summary(results: &[SpecResult]) -> String {
    let mut table = String::from(
        "| spec | operations | passed | failed | skipped | first failure |\n|---|---:|---:|---:|---:|---|\n",
    );
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut ops, mut passed) = (0, 0);
    for r in results {
        ops += r.operations;
        passed += r.passed;
        let first = r
            .failed
            .first()
            .map(|(name, message)| format!("`{name}`: {}", short(message)))
            .unwrap_or_default();
        let label = match r.repaired {
            0 => r.label.clone(),
            n => format!("{} ({n} dangling `$ref`s served as `{{}}`)", r.label),
        };
        let passed_text = match r.second_pass {
            0 => r.passed.to_string(),
            n => format!("{} ({n} on a second call)", r.passed),
        };
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} | {} |",
            label,
            r.operations,
            passed_text,
            r.failed.len(),
            r.skipped.len(),
            first.replace('|', "\\|")
        );
        for (_, message) in &r.failed {
            *causes
                .entry(format!("failed: {}", SpecResult::cause(message)))
                .or_default() += 1;
        }
        for (_, reason) in &r.skipped {
            *causes.entry(format!("skipped: {reason}")).or_default() += 1;
        }
    }
    let share = if ops == 0 {
        100.0
    } else {
        passed as f64 * 100.0 / ops as f64
    };
    let second: usize = results.iter().map(|r| r.second_pass).sum();
    let failed: usize = results.iter().map(|r| r.failed.len()).sum();
    let skipped: usize = results.iter().map(|r| r.skipped.len()).sum();
    let _ = writeln!(
        table,
        "| **all** | {ops} | {passed} ({share:.1}%) | {failed} | {skipped} | |"
    );
    if second > 0 {
        let _ = writeln!(
            table,
            "\n{second} of the passed were called again, after Prism's own response broke the spec (its example, or its random data, against its schema): the request had passed its validation, and Prism's other kind of response (from the schemas with `-d --seed 1` after examples, from the examples after random data; still with `--errors`) decodes."
        );
    }
    table.push_str("\n| cause | operations |\n|---|---:|\n");
    for (cause, count) in causes {
        let _ = writeln!(table, "| {cause} | {count} |");
    }
    table
}

/// A failure message cut to one readable line: the first 160 characters.
fn short(message: &str) -> String {
    let mut text: String = message.chars().take(160).collect();
    if message.chars().count() > 160 {
        text.push('…');
    }
    text
}

/// The specs CI runs: the project's own and a handful of small corpus specs.
pub fn ci_specs(root: &Path) -> Vec<PathBuf> {
    let corpus = root.join("tests/fixtures/corpus");
    std::iter::once(root.join("spec/openapi.yaml"))
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
                .get(&g.crate_name)
                .ok_or_else(|| format!("no test binary for {}", g.crate_name))?;
            results.push(run(g, &work, binary, prism, dynamic)?);
        }
        out.push(results);
    }
    Ok(out)
}
