//! Reading libtest's output into results, and the table of a run.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyfast_codegen::ir::OperationTest;

use super::prism::mock_limitation;
use super::{Generated, SpecResult};

/// Reads libtest's output into what passed and failed; an operation whose test never
/// reported counts as failed, never as passed.
pub(super) fn tally(generated: &Generated, text: &str) -> SpecResult {
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
        example_pass: 0,
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
/// failure; then every failure and skip counted by cause, each with its first operation as an
/// example (`spec`: `operation`).
pub fn summary(results: &[SpecResult]) -> String {
    let mut table = String::from(
        "| spec | operations | passed | failed | skipped | first failure |\n|---|---:|---:|---:|---:|---|\n",
    );
    let mut causes: BTreeMap<String, (usize, String)> = BTreeMap::new();
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
        let passed_text = match (r.second_pass, r.example_pass) {
            (0, 0) => r.passed.to_string(),
            (n, 0) => format!("{} ({n} on a second call)", r.passed),
            (0, m) => format!("{} ({m} with a built example)", r.passed),
            (n, m) => format!("{} ({n} on a second call, {m} with a built example)", r.passed),
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
        let mut count = |cause: String, name: &str| {
            let entry = causes
                .entry(cause)
                .or_insert_with(|| (0, format!("{}: `{name}`", r.label)));
            entry.0 += 1;
        };
        for (name, message) in &r.failed {
            count(format!("failed: {}", SpecResult::cause(message)), name);
        }
        for (name, reason) in &r.skipped {
            count(format!("skipped: {reason}"), name);
        }
    }
    let share = if ops == 0 {
        100.0
    } else {
        passed as f64 * 100.0 / ops as f64
    };
    let second: usize = results.iter().map(|r| r.second_pass).sum();
    let built: usize = results.iter().map(|r| r.example_pass).sum();
    let failed: usize = results.iter().map(|r| r.failed.len()).sum();
    let skipped: usize = results.iter().map(|r| r.skipped.len()).sum();
    let _ = writeln!(
        table,
        "| **all** | {ops} | {passed} ({share:.1}%) | {failed} | {skipped} | |"
    );
    if second > 0 {
        let _ = writeln!(
            table,
            "\n{second} of the passed were called again, after Prism's own response broke the spec (its example, or its random data, against its schema) or Prism could make none: the request had passed its validation, and Prism's other kind of response (from the schemas with `-d --seed 1` after examples, from the examples after random data; still with `--errors`) decodes."
        );
    }
    if built > 0 {
        let _ = writeln!(
            table,
            "\n{built} of the passed were called a third time, Prism having made no response either way: its copy of the spec gave the success response an example the generator built from the schema, which Prism checked against the schema (`--errors`) before answering with it."
        );
    }
    table.push_str("\n| cause | operations | example |\n|---|---:|---|\n");
    for (cause, (count, example)) in causes {
        let _ = writeln!(table, "| {cause} | {count} | {example} |");
    }
    table
}

/// A failure message cut to one readable line: the first 160 characters.
/// The message with each loopback port spelt `PORT`: Prism gets a free port per run, which
/// would otherwise change the committed tables on every run.
fn without_ports(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("127.0.0.1:") {
        let (before, after) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str("PORT");
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

fn short(message: &str) -> String {
    let message = &without_ports(message);
    let mut text: String = message.chars().take(160).collect();
    if message.chars().count() > 160 {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_ports_are_left_out_of_the_tables() {
        for (message, expected) in [
            (
                "GET http://127.0.0.1:46753/v1/x: bad",
                "GET http://127.0.0.1:PORT/v1/x: bad",
            ),
            ("127.0.0.1:1 and 127.0.0.1:22/", "127.0.0.1:PORT and 127.0.0.1:PORT/"),
            ("no address", "no address"),
            ("127.0.0.1:", "127.0.0.1:"),
        ] {
            assert_eq!(super::without_ports(message), expected);
        }
    }
}
