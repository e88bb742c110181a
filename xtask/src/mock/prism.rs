//! Prism: starting it on a spec (repaired when its `$ref`s point at nothing), and telling from
//! its answer when it, not the client, is why a call failed.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use super::PRISM_START;

/// The spec as Prism gets it. Prism refuses a whole document when one `$ref` points at
/// nothing (a missing component, an example file not shipped), which the generator reads as
/// an open value with a warning; so such a reference is handed to Prism as the open schema
/// `{}` (a named example is left out) in a copy beside the crate (`prism-spec.yaml`, other
/// files' references made absolute), and counted. A spec without one is served as it is.
pub(super) fn prism_spec(spec: &Path, dir: &Path) -> Result<(PathBuf, usize), String> {
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
pub(super) fn repair_refs(value: &mut serde_yaml::Value, root: &serde_yaml::Value, base: &Path, repaired: &mut usize) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            if dangling(map, root, base) {
                *repaired += 1;
                map.clear();
                return;
            }
            // A reference into another file keeps working from the copy's folder.
            if let Some(serde_yaml::Value::String(reference)) = map.get("$ref").cloned() {
                let (file, pointer) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
                if !file.is_empty() {
                    let absolute = format!("{}#{pointer}", base.join(file).display());
                    map.insert("$ref".into(), absolute.trim_end_matches('#').into());
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
pub(super) struct Prism {
    child: Child,
    /// The loopback port it listens on.
    pub(super) port: u16,
}

impl Prism {
    /// Whether it has stopped (crashed) since it started listening.
    pub(super) fn died(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

/// The reason given for an operation whose call found no mock: Prism had died under the run,
/// and a fresh one died too, or refused the call again.
pub(super) const MOCK_DIED: &str = "the mock died during the run: not run";

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
pub(super) fn start_prism(
    prism: &Path,
    spec: &Path,
    (dynamic, errors): (bool, bool),
    log: &Path,
) -> Result<Prism, String> {
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

/// The reason given when Prism's own response breaks the spec.
pub(super) const OWN_RESPONSE: &str = "Prism's own response breaks the spec";

/// The reason given when Prism could make no response at all.
pub(super) const CANNOT_ANSWER: &str = "Prism cannot answer";

/// When the mock, not the client, is why a call failed, the reason; the operation then counts
/// as not exercised. A response that breaks the types where they follow the spec's own facts
/// (`breaks_the_types`), and two cases read from Prism's own error (`type`
/// `https://stoplight.io/prism/errors#…`):
/// - Prism answered 500 because the response it made up itself breaks the spec: every
///   violation its `--errors` report lists is in the response (a `oneOf` whose branches its
///   example matches several of, say), so the request had passed its validation;
/// - Prism could not make a response at all: `NO_COMPLEX_OBJECT_TEXT` (an event stream or text
///   body of objects), `NO_RESPONSE_RESPONSE_DEFINED`, `SCHEMA_TOO_COMPLEX` (its generator gives
///   up on deep schemas, such as Kubernetes types), `UNKNOWN` (its own crash).
///
/// The body may be cut at the client's error-body limit, so it is read as text.
pub(super) fn mock_limitation(message: &str) -> Option<String> {
    if let Some(reason) = breaks_the_types(message) {
        return Some(format!("{OWN_RESPONSE} ({reason})"));
    }
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
        "NO_COMPLEX_OBJECT_TEXT" | "NO_RESPONSE_RESPONSE_DEFINED" | "SCHEMA_TOO_COMPLEX" | "UNKNOWN" => {
            let title = body
                .split_once("\"title\":\"")
                .and_then(|(_, rest)| rest.split('"').next())
                .unwrap_or(kind);
            let title: String = title.chars().take(60).collect();
            Some(format!("{CANNOT_ANSWER} ({kind}: {title})"))
        }
        _ => None,
    }
}

/// A response the client could not decode because it breaks the spec in a way Prism's own
/// check lets pass, told by the decoder's message. Two classes, each a fact the generator only
/// writes into a type when the spec states it:
/// - a negative number for an unsigned type: a type is unsigned only where the spec gives a
///   `minimum` of 0 or more or `format: uint32`/`uint64` (Prism's faker ignores both, and its
///   validator knows no `uint64`);
/// - a missing property the type requires: a property is required in a response only where the
///   spec lists it in `required` (Prism's generator leaves some out of deep `oneOf`s and does
///   not flag its own response).
fn breaks_the_types(message: &str) -> Option<&'static str> {
    let decode = message.strip_prefix("[decode]")?;
    if decode.contains("invalid value: integer `-")
        && (decode.contains("expected u64") || decode.contains("expected u32"))
    {
        return Some("a negative number where the spec allows none");
    }
    if decode.contains(": missing field `") {
        return Some("a required property missing");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisms_own_failures_are_told_from_the_clients() {
        let error = |kind: &str, rest: &str| {
            format!("api error 500 from GET http://127.0.0.1/x; body: {{\"type\":\"https://stoplight.io/prism/errors#{kind}\",\"title\":\"Schema too complex\"{rest}}}")
        };
        for (message, expected) in [
            (
                error("SCHEMA_TOO_COMPLEX", ""),
                Some("Prism cannot answer (SCHEMA_TOO_COMPLEX: Schema too complex)"),
            ),
            (
                error("UNKNOWN", ""),
                Some("Prism cannot answer (UNKNOWN: Schema too complex)"),
            ),
            (
                error(
                    "VIOLATIONS",
                    ",\"validation\":[{\"location\":[\"response\"],\"code\":\"required\"}]",
                ),
                Some("Prism's own response breaks the spec (required)"),
            ),
            (
                error(
                    "VIOLATIONS",
                    ",\"validation\":[{\"location\":[\"request\",\"body\"],\"code\":\"type\"}]",
                ),
                None,
            ),
            ("api error 400 from GET http://127.0.0.1/x; body: {}".to_owned(), None),
            (
                "[decode] cannot decode the response at `storage[1].total`: invalid value: integer `-49755563`, expected u64 at line 1 column 97".to_owned(),
                Some("Prism's own response breaks the spec (a negative number where the spec allows none)"),
            ),
            (
                "[decode] cannot decode the response at `nodes.property2`: missing field `document` at line 1 column 11505".to_owned(),
                Some("Prism's own response breaks the spec (a required property missing)"),
            ),
            // A value the spec allows that the type refuses is ours.
            (
                "[decode] cannot decode the response at `count`: invalid type: string \"a\", expected i64".to_owned(),
                None,
            ),
        ] {
            assert_eq!(mock_limitation(&message).as_deref(), expected, "{message}");
        }
    }
}
