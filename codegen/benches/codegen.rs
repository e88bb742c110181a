//! Generation time per stage (load, lower, emit and render) for the embedded spec, each corpus
//! spec and a synthetic spec of about 3 MB built by replicating the corpus schemas under new
//! names. Run with `cargo bench -p anyfast-codegen --bench codegen`; prints the median and the
//! spread (min to max) of each stage over repeated runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyfast_codegen::Config;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

struct Stages {
    load: Vec<Duration>,
    lower: Vec<Duration>,
    emit_and_render: Vec<Duration>,
    total: Vec<Duration>,
    lines: usize,
}

/// Runs `generate`, the one pipeline, `runs` times, reading each stage's time from its output.
fn measure(text: &str, runs: usize) -> Stages {
    let config = Config::default();
    let mut s = Stages {
        load: vec![],
        lower: vec![],
        emit_and_render: vec![],
        total: vec![],
        lines: 0,
    };
    for _ in 0..runs {
        let t = Instant::now();
        let output = anyfast_codegen::generate(text, &config).expect("generates");
        s.total.push(t.elapsed());
        s.load.push(output.timings.load);
        s.lower.push(output.timings.lower);
        s.emit_and_render.push(output.timings.emit_and_render);
        s.lines = output.files.iter().map(|f| f.contents.lines().count()).sum();
    }
    s
}

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(v[v.len() / 2]), ms(v[0]), ms(v[v.len() - 1]))
}

/// Replicates the components of `texts` under suffixed names until the YAML reaches `target` bytes.
fn synthetic(texts: &[String], target: usize) -> String {
    let mut schemas = serde_json::Map::new();
    let mut copy = 0;
    let mut size = 0;
    while size < target {
        for text in texts {
            let doc: serde_json::Value = serde_yaml::from_str(text).expect("yaml");
            let Some(components) = doc["components"]["schemas"].as_object() else {
                continue;
            };
            let suffix = format!("Copy{copy}");
            let renamed = serde_json::to_string(components)
                .expect("json")
                .replace("#/components/schemas/", "#/components/schemas/@");
            let renamed = regex_lite_rename(&renamed, &suffix);
            let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&renamed).expect("json");
            for (k, v) in value {
                schemas.insert(format!("{k}{suffix}"), v);
            }
            copy += 1;
        }
        size = serde_yaml::to_string(&schemas).expect("yaml").len();
    }
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    serde_yaml::to_string(&doc).expect("yaml")
}

/// Appends `suffix` to every `$ref` target marked with `@` by the caller.
fn regex_lite_rename(text: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("#/components/schemas/@") {
        out.push_str(&rest[..i]);
        rest = &rest[i + "#/components/schemas/@".len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str("#/components/schemas/");
        out.push_str(&rest[..end]);
        out.push_str(suffix);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn main() {
    let mut specs: Vec<(String, String)> = vec![(
        "spec/openapi.yaml".into(),
        std::fs::read_to_string(root().join("spec/openapi.yaml")).expect("spec"),
    )];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/corpus"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    corpus.sort();
    let mut corpus_texts = Vec::new();
    for path in corpus {
        let text = std::fs::read_to_string(&path).expect("spec");
        corpus_texts.push(text.clone());
        specs.push((
            path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(),
            text,
        ));
    }
    let big = synthetic(&corpus_texts, 3_000_000);
    specs.push(("synthetic (corpus schemas replicated)".into(), big));

    println!("| spec | size | load ms | lower ms | emit + render ms | `generate` ms (median, min–max) | lines |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, text) in &specs {
        let runs = if text.len() > 1_000_000 { 5 } else { 30 };
        let s = measure(text, runs);
        let (t, tmin, tmax) = stats(s.total.clone());
        let f = |v: &Vec<Duration>| format!("{:.2}", stats(v.clone()).0);
        println!(
            "| {name} | {} KB | {} | {} | {} | {t:.2} ({tmin:.2}–{tmax:.2}) | {} |",
            text.len() / 1024,
            f(&s.load),
            f(&s.lower),
            f(&s.emit_and_render),
            s.lines
        );
    }
}
