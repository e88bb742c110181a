//! The gateway's pages against the spec, both ways.
//!
//! Forward: a rendered API-reference page (its route, then field lists under `Body`/`请求体`,
//! `Path Parameters`/`路径参数` and `Response`/`响应`) is read field by field and each fact is
//! compared with the operation it documents: the field is there, required if the page says so,
//! its listed values allowed, its range and length the spec's (for the page's model, where the
//! spec narrows by model), its default the same. A compact copy (names dropped) gives its ranges
//! (`lo <= x <= hi`), each of which the spec must hold for the page's model. Any other page (a
//! guide, an `.md` export) is listed as not read field by field.
//!
//! Backward: every fact the spec holds with a citation must be on a page it cites: each property
//! that cites pages (or whose schema does) is named on one of them, and each value a cited enum
//! lists appears on one of them. A difference the spec explains with an `x-note` (on the
//! property, its schema or its operation, naming the field) is resolved, not a disagreement;
//! `Ark-compatible` shapes are resolved by the spec's own note.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::page::{parse_fields_any_case, PageField};
use super::{show, Report};

/// The lines of a page's first copy (the one read field by field).
fn first_copy(text: &str) -> Vec<&str> {
    let mut lines = text.lines().map(str::trim_end);
    let mut out = Vec::new();
    let mut inside = false;
    for line in &mut lines {
        if line.starts_with("=== Copy") {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if inside {
            out.push(line);
        }
    }
    if out.is_empty() {
        return text.lines().map(str::trim_end).collect();
    }
    out
}

/// The method and path a rendered page starts with (`POST`, `/`, `v1`, `/`, `models`, …).
fn route(lines: &[&str]) -> Option<(String, String)> {
    let mut it = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    let method = it.next()?;
    if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) {
        return None;
    }
    let mut path = String::new();
    let rest: Vec<&str> = it.take(40).collect();
    let mut i = 0;
    while i + 1 < rest.len() && rest[i] == "/" {
        path.push('/');
        path.push_str(rest[i + 1]);
        i += 2;
    }
    (!path.is_empty()).then(|| (method.to_lowercase(), path))
}

/// The lines of the section that starts at one of `heads` and ends at one of `ends`.
fn section<'a>(lines: &'a [&'a str], heads: &[&str], ends: &[&str]) -> &'a [&'a str] {
    let Some(start) = lines.iter().position(|l| heads.contains(&l.trim())) else {
        return &[];
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| ends.contains(&l.trim()))
        .map_or(lines.len(), |i| start + 1 + i);
    &lines[start..end]
}

fn component<'a>(spec: &'a Value, reference: &str) -> &'a Value {
    let name = reference.rsplit('/').next().unwrap_or_default();
    &spec["components"]["schemas"][name]
}

fn resolve<'a>(spec: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str() {
        Some(r) => component(spec, r),
        None => s,
    }
}

/// Every string value a schema allows by name: its `enum`, `const`, and those of its `anyOf`
/// branches and of what it refers to.
fn listed_values(spec: &Value, s: &Value, out: &mut BTreeSet<String>) {
    let s = resolve(spec, s);
    for v in s["enum"].as_array().into_iter().flatten() {
        out.insert(show(Some(v)));
    }
    if let Some(c) = s.get("const") {
        out.insert(show(Some(c)));
    }
    for branch in s["anyOf"].as_array().into_iter().flatten() {
        listed_values(spec, branch, out);
    }
}

/// The `then`s that hold for one model (`if: {properties: {model: {const: …}}}`).
fn model_conditions<'a>(schema: &'a Value, model: &'a str) -> impl Iterator<Item = &'a Value> {
    schema["allOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |c| {
            c["if"]["properties"]
                .as_object()
                .is_some_and(|p| p.values().any(|v| v["const"] == model))
        })
        .map(|c| &c["then"])
}

/// The `then` properties that hold for one model.
fn model_thens<'a>(schema: &'a Value, model: &'a str) -> Vec<&'a Map<String, Value>> {
    model_conditions(schema, model)
        .filter_map(|t| t["properties"].as_object())
        .collect()
}

/// The `x-note` that explains a difference about `field`: one on the property, on its schema,
/// or on the operation, that names the field.
fn note_for<'a>(field: &str, prop: &'a Value, schema: &'a Value, op: &'a Value) -> Option<&'a str> {
    [prop, schema, op]
        .into_iter()
        .filter_map(|v| v["x-note"].as_str())
        .find(|note| names(note, field))
}

/// Whether a note names `word`: as a whole word, or (a value with punctuation, such as a model
/// id) as written.
fn names(note: &str, word: &str) -> bool {
    if word.chars().all(|c| c.is_alphanumeric() || c == '_') {
        note.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == word)
    } else {
        note.contains(word)
    }
}

/// The page's model: the one value its `model`/`model_name` field lists.
fn page_model(fields: &[PageField]) -> Option<String> {
    fields
        .iter()
        .find(|f| f.name == "model" || f.name == "model_name")
        .and_then(|f| match f.options.as_slice() {
            [one] => Some(one.clone()),
            _ => f.example.as_ref().and_then(Value::as_str).map(str::to_owned),
        })
}

/// Compares the gateway's rendered pages with the operations they document.
pub(super) fn check(pages: &[(String, String)], spec: &Value, report: &mut Report) {
    for (name, text) in pages {
        let lines = first_copy(text);
        let Some((method, path)) = route(&lines) else {
            if text.contains("compact extraction") {
                compact_ranges(name, &lines, spec, report);
            } else {
                report.notes.push(format!(
                    "{name}: not read field by field (a guide or an `.md` export); its facts are checked through the spec's citations"
                ));
            }
            continue;
        };
        let op = &spec["paths"][&path][&method];
        if op.is_null() {
            report.compare(
                name,
                format!("{} {path}", method.to_uppercase()),
                "documented".into(),
                "absent".into(),
                "/paths",
            );
            continue;
        }
        let at = format!("/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"));
        let body_lines = section(&lines, &["Body", "请求体"], &["Response", "响应"]);
        let body = parse_fields_any_case(body_lines);
        let model = page_model(&body);
        let request = resolve(spec, &op["requestBody"]["content"]["application/json"]["schema"]);
        let request_at = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .map_or(format!("{at}/requestBody"), |r| r.trim_start_matches('#').to_owned());
        for f in &body {
            compare_field(name, f, request, &request_at, model.as_deref(), op, spec, report);
        }
        let params = parse_fields_any_case(section(
            &lines,
            &["Path Parameters", "路径参数"],
            &["Body", "请求体", "Response", "响应"],
        ));
        for f in &params {
            let param = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["name"] == f.name.as_str());
            let Some(param) = param else {
                report.compare(
                    name,
                    format!("path parameter `{}`", f.name),
                    "documented".into(),
                    "absent".into(),
                    &format!("{at}/parameters"),
                );
                continue;
            };
            let mut allowed = BTreeSet::new();
            listed_values(spec, &param["schema"], &mut allowed);
            compare_options(report, name, f, &allowed, &format!("{at}/parameters"), None);
        }
        let response_lines = section(&lines, &["Response", "响应"], &[]);
        let response = resolve(spec, &op["responses"]["200"]["content"]["application/json"]["schema"]);
        for f in parse_fields_any_case(response_lines) {
            let has = !response["properties"][&f.name].is_null();
            let note = note_for(&f.name, &Value::Null, response, op);
            report.compare_or_resolved(
                name,
                format!("response field `{}`", f.name),
                ("present".into(), if has { "present".into() } else { "absent".into() }),
                &format!("{at}/responses/200"),
                note,
            );
        }
    }
}

/// One request field of a page against the request schema.
#[allow(clippy::too_many_arguments)]
fn compare_field(
    page: &str,
    f: &PageField,
    schema: &Value,
    schema_at: &str,
    model: Option<&str>,
    op: &Value,
    spec: &Value,
    report: &mut Report,
) {
    let prop = &schema["properties"][&f.name];
    let at = format!("{schema_at}/properties/{}", f.name);
    if prop.is_null() {
        let note = note_for(&f.name, prop, schema, op);
        report.compare_or_resolved(
            page,
            format!("{}: in the spec", f.name),
            ("present".into(), "absent".into()),
            &at,
            note,
        );
        return;
    }
    let note = note_for(&f.name, prop, schema, op);
    let lists = |list: &Value| list.as_array().is_some_and(|r| r.iter().any(|n| n == f.name.as_str()));
    // Required for every model, or for the page's model (`then: {required: […]}`).
    let required =
        lists(&schema["required"]) || model.is_some_and(|m| model_conditions(schema, m).any(|c| lists(&c["required"])));
    if f.required {
        let req = |r: bool| if r { "required" } else { "optional" }.to_owned();
        report.compare_or_resolved(
            page,
            format!("{}: required", f.name),
            (req(true), req(required)),
            &format!("{schema_at}/required"),
            note,
        );
    }
    let thens: Vec<&Map<String, Value>> = model.map(|m| model_thens(schema, m)).unwrap_or_default();
    let narrowed = |key: &str| -> Option<&Value> {
        thens
            .iter()
            .filter_map(|t| t.get(&f.name))
            .find_map(|p| p.get(key))
            .or_else(|| prop.get(key))
    };
    let mut allowed = BTreeSet::new();
    listed_values(spec, prop, &mut allowed);
    for t in &thens {
        if let Some(p) = t.get(&f.name) {
            listed_values(spec, p, &mut allowed);
        }
    }
    compare_options(report, page, f, &allowed, &at, note);
    let num = |v: Option<f64>| show(v.and_then(serde_json::Number::from_f64).map(Value::Number).as_ref());
    if f.minimum.is_some() {
        report.compare_or_resolved(
            page,
            format!("{}: minimum", f.name),
            (num(f.minimum), show(narrowed("minimum"))),
            &at,
            note,
        );
    }
    if f.maximum.is_some() {
        report.compare_or_resolved(
            page,
            format!("{}: maximum", f.name),
            (num(f.maximum), show(narrowed("maximum"))),
            &at,
            note,
        );
    }
    if let Some(n) = f.max_length {
        report.compare_or_resolved(
            page,
            format!("{}: maxLength", f.name),
            (n.to_string(), show(narrowed("maxLength"))),
            &at,
            note,
        );
    }
    if let Some(default) = &f.default {
        let spec_default = narrowed("default").or_else(|| resolve(spec, prop).get("default"));
        report.compare_or_resolved(
            page,
            format!("{}: default", f.name),
            (show(Some(default)), show(spec_default)),
            &at,
            note,
        );
    }
}

/// Each value a page lists for a field against the values the spec allows there.
fn compare_options(
    report: &mut Report,
    page: &str,
    f: &PageField,
    allowed: &BTreeSet<String>,
    at: &str,
    note: Option<&str>,
) {
    for option in &f.options {
        let spec_value = if allowed.contains(option) {
            option.clone()
        } else {
            "not allowed".into()
        };
        report.compare_or_resolved(
            page,
            format!("{}: value `{option}`", f.name),
            (option.clone(), spec_value),
            at,
            note,
        );
    }
}

/// A compact copy's ranges (`lo <= x <= hi`, names dropped): each must be a range the spec
/// holds for the page's model (a `then`, or a property's own).
fn compact_ranges(name: &str, lines: &[&str], spec: &Value, report: &mut Report) {
    let mut ranges = Vec::new();
    for line in lines {
        let mut words = line.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if words.peek() == Some(&"<=") {
                let rest: Vec<&str> = words.clone().take(4).collect();
                if let ["<=", "x", "<=", hi] = rest.as_slice() {
                    let hi: String = hi
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
                        .collect();
                    if let (Ok(lo), Ok(hi)) = (word.parse::<f64>(), hi.parse::<f64>()) {
                        ranges.push((lo, hi));
                    }
                }
            }
        }
    }
    if ranges.is_empty() {
        report.notes.push(format!(
            "{name}: a compact copy without ranges; its facts are checked through the spec's citations"
        ));
        return;
    }
    let mut held = Vec::new();
    collect_ranges(spec, &mut held);
    for (lo, hi) in ranges {
        let has = held.iter().any(|(a, b)| *a == lo && *b == hi);
        let page_value = format!(
            "{} <= x <= {}",
            show(serde_json::Number::from_f64(lo).map(Value::Number).as_ref()),
            show(serde_json::Number::from_f64(hi).map(Value::Number).as_ref())
        );
        let spec_value = if has {
            page_value.clone()
        } else {
            "no such range".into()
        };
        report.compare(
            name,
            "a range the page gives",
            page_value,
            spec_value,
            "/components/schemas",
        );
    }
}

/// Every (minimum, maximum) pair the spec states anywhere.
fn collect_ranges(value: &Value, out: &mut Vec<(f64, f64)>) {
    match value {
        Value::Object(map) => {
            if let (Some(lo), Some(hi)) = (
                map.get("minimum").and_then(Value::as_f64),
                map.get("maximum").and_then(Value::as_f64),
            ) {
                out.push((lo, hi));
            }
            map.values().for_each(|v| collect_ranges(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_ranges(v, out)),
        _ => {}
    }
}

/// The backward check: what the spec holds on a citation is on a page it cites.
pub(super) fn check_citations(
    reference: &str,
    pages: &[(String, String)],
    gateway: &[(String, String)],
    spec: &Value,
    report: &mut Report,
) {
    let text_of = |name: &str| match name {
        "chat-completions.zh.txt" => Some(reference),
        _ => pages
            .iter()
            .chain(gateway)
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str()),
    };
    let Some(schemas) = spec["components"]["schemas"].as_object() else {
        return;
    };
    for (schema_name, schema) in schemas {
        let schema_sources = sources(schema);
        let schema_at = format!("/components/schemas/{schema_name}");
        // The values an enum lists, each on a page the schema cites.
        let mut values = BTreeSet::new();
        for list in [&schema["enum"]]
            .into_iter()
            .chain(schema["anyOf"].as_array().into_iter().flatten().map(|b| &b["enum"]))
        {
            for v in list.as_array().into_iter().flatten() {
                values.insert(show(Some(v)));
            }
        }
        if !schema_sources.is_empty() {
            for value in &values {
                on_a_page(
                    report,
                    &schema_sources,
                    &text_of,
                    &format!("value `{value}`"),
                    value,
                    &schema_at,
                    schema["x-note"].as_str(),
                );
            }
        }
        for (prop_name, prop) in schema["properties"].as_object().into_iter().flatten() {
            let own = sources(prop);
            let cited = if own.is_empty() { schema_sources.clone() } else { own };
            if cited.is_empty() {
                continue;
            }
            let note = prop["x-note"].as_str().or(schema["x-note"].as_str());
            on_a_page(
                report,
                &cited,
                &text_of,
                &format!("field `{prop_name}`"),
                prop_name,
                &format!("{schema_at}/properties/{prop_name}"),
                note,
            );
        }
    }
}

/// Records whether `word` is on one of the cited pages. An `Ark-compatible` citation stands for
/// the shape the spec's own note explains: resolved, not looked for.
fn on_a_page<'t>(
    report: &mut Report,
    cited: &[String],
    text_of: &dyn Fn(&str) -> Option<&'t str>,
    fact: &str,
    word: &str,
    pointer: &str,
    note: Option<&str>,
) {
    let pages: Vec<&String> = cited.iter().filter(|c| c.as_str() != "Ark-compatible").collect();
    if pages.is_empty() {
        report.facts += 1;
        report.resolved.push(format!(
            "{pointer}: {fact}: cited as Ark-compatible; resolved: the spec's note on shapes the gateway shares with the Ark Chat API"
        ));
        return;
    }
    let found = pages.iter().any(|p| text_of(p).is_some_and(|t| t.contains(word)));
    let page = pages.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
    let ark = pages.len() < cited.len();
    let resolution = note
        .filter(|n| names(n, word))
        .or(ark.then_some("also cited as Ark-compatible"));
    report.compare_or_resolved(
        &page,
        format!("{fact}: on a cited page"),
        (
            "on the page".into(),
            if found {
                "on the page".into()
            } else {
                "not on any cited page".into()
            },
        ),
        pointer,
        resolution.filter(|_| !found),
    );
}

/// The pages a value cites (`x-source`: one or a list).
fn sources(value: &Value) -> Vec<String> {
    match &value["x-source"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}
