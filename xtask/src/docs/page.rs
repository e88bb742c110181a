//! The vendor's field-by-field pages: the reference page (Chinese) and the per-model API pages
//! (English) list each field as its name, its type, then lines of facts.

use serde_json::Value;

use super::{show, Report};

/// One field as a page documents it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageField {
    /// The field's name.
    pub name: String,
    /// The page's type (`string`, `enum<string>`, `object[]`, …).
    pub ty: String,
    /// Whether the page marks it required.
    pub required: bool,
    /// The default, as JSON when it reads as JSON.
    pub default: Option<Value>,
    /// The lower bound.
    pub minimum: Option<f64>,
    /// The upper bound.
    pub maximum: Option<f64>,
    /// The fewest items.
    pub min_items: Option<u64>,
    /// The most items.
    pub max_items: Option<u64>,
    /// The longest string.
    pub max_length: Option<u64>,
    /// The values listed as options.
    pub options: Vec<String>,
    /// The content part types listed.
    pub part_types: Vec<String>,
    /// The example the page gives.
    pub example: Option<Value>,
    /// Lines of facts the parser could not read, kept so they are reported.
    pub unread: Vec<String>,
}

const TYPES: &[&str] = &[
    "enum<string>",
    "object[]",
    "integer",
    "number",
    "boolean",
    "string[]",
    "string",
    "object",
];

fn strip_any<'a>(line: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| line.strip_prefix(p)).map(str::trim)
}

/// The fields of a page section, in the page's order (snake_case names, as the chat pages
/// spell every field).
pub fn parse_fields(lines: &[&str]) -> Vec<PageField> {
    parse_fields_where(lines, |name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

/// The fields of a section whose names may be in any ASCII case (the asset API's `GroupId`).
pub fn parse_fields_any_case(lines: &[&str]) -> Vec<PageField> {
    parse_fields_where(lines, |name| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn parse_fields_where(lines: &[&str], is_name: impl Fn(&str) -> bool) -> Vec<PageField> {
    let starts: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| {
            let name = lines[i];
            !name.is_empty() && is_name(name) && TYPES.contains(&lines[i + 1])
        })
        .collect();
    let mut fields = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let block = &lines[start..end];
        let mut f = PageField {
            name: block[0].to_owned(),
            ty: block[1].to_owned(),
            ..PageField::default()
        };
        let mut i = 2;
        while i < block.len() {
            let line = block[i].trim();
            if line == "必填" || line == "required" {
                f.required = true;
            } else if let Some(v) = strip_any(line, &["默认值:", "default:"]) {
                f.default = Some(serde_json::from_str(v).unwrap_or(Value::String(v.to_owned())));
            } else if let Some(range) = strip_any(line, &["必填范围:", "Required range:"]) {
                let parts: Vec<&str> = range.split_whitespace().collect();
                match parts.as_slice() {
                    ["x", ">=", lo] => f.minimum = lo.parse().ok(),
                    ["x", "<=", hi] => f.maximum = hi.parse().ok(),
                    [lo, "<=", "x", "<=", hi] => {
                        f.minimum = lo.parse().ok();
                        f.maximum = hi.parse().ok();
                    }
                    _ => f.unread.push(line.to_owned()),
                }
            } else if let Some(n) = strip_any(line, &["Maximum string length:", "最大字符串长度:"]) {
                f.max_length = n.parse().ok();
            } else if let Some(n) = line.strip_prefix("Minimum array length: ") {
                f.min_items = n.trim().parse().ok();
            } else if let Some(rest) = line.strip_prefix("最多 ") {
                f.max_items = rest.split_whitespace().next().and_then(|n| n.parse().ok());
            } else if line == "可用选项:" || line == "Available options:" {
                i += 1;
                // Every option but the last ends in a comma, so the list ends at the first that
                // does not, even where a stored copy is cut short before the example.
                while i < block.len() && !matches!(block[i].trim(), "示例:" | "Example:") {
                    let line = block[i].trim();
                    let option = line.trim_end_matches(',');
                    if !option.is_empty() {
                        f.options.push(option.to_owned());
                    }
                    i += 1;
                    if !option.is_empty() && !line.ends_with(',') {
                        break;
                    }
                }
                continue;
            } else if let Some(part) = line.strip_prefix("• ").or_else(|| line.strip_prefix('•')) {
                f.part_types
                    .push(part.split('{').next().unwrap_or_default().trim().to_owned());
            } else if line == "示例:" || line == "Example:" {
                let next = block[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty())
                    .copied()
                    .unwrap_or_default();
                f.example = serde_json::from_str(next.trim()).ok();
            }
            i += 1;
        }
        fields.push(f);
    }
    fields
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

fn resolve<'a>(spec: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str() {
        Some(r) => schema(spec, r.rsplit('/').next().unwrap_or_default()),
        None => s,
    }
}

fn examples(s: &Value) -> Vec<Value> {
    s["examples"].as_array().cloned().unwrap_or_default()
}

/// The branch of `anyOf` that is an array, or the schema itself.
fn list_of(s: &Value) -> (&Value, String) {
    match s["anyOf"]
        .as_array()
        .and_then(|b| b.iter().position(|b| b["type"] == "array"))
    {
        Some(i) => (&s["anyOf"][i], format!("/anyOf/{i}")),
        None => (s, String::new()),
    }
}

const PAGE: &str = "chat-completions.zh.txt";

/// The reference page's request and response fields and its examples.
pub(super) fn check_reference(text: &str, spec: &Value, report: &mut Report) {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let (Some(body), Some(response)) = (
        lines.iter().position(|l| *l == "请求体"),
        lines.iter().position(|l| *l == "响应"),
    ) else {
        report.unreadable(PAGE, "the page", "no request (请求体) or response (响应) section found");
        return;
    };
    let request = parse_fields(&lines[body..response]);
    let answer = parse_fields(&lines[response..]);
    if request.is_empty() || answer.is_empty() {
        report.unreadable(
            PAGE,
            "the page",
            "no field could be read in its request or response section",
        );
    }
    let base = "/components/schemas/ChatCompletionRequest/properties";
    let required: Vec<&str> = schema(spec, "ChatCompletionRequest")["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for f in &request {
        for line in &f.unread {
            report.unreadable(PAGE, format!("{}: a fact", f.name), format!("cannot read `{line}`"));
        }
        let pointer = format!("{base}/{}", f.name);
        let prop = &schema(spec, "ChatCompletionRequest")["properties"][&f.name];
        report.compare(
            PAGE,
            format!("{}: in the spec", f.name),
            "present".into(),
            present(prop),
            &pointer,
        );
        if prop.is_null() {
            continue;
        }
        let req = |r: bool| if r { "required" } else { "optional" }.to_owned();
        report.compare(
            PAGE,
            format!("{}: required", f.name),
            req(f.required),
            req(required.contains(&f.name.as_str())),
            "/components/schemas/ChatCompletionRequest/required",
        );
        let target = resolve(spec, prop);
        compare_type(f, target, &pointer, report);
        report.compare(
            PAGE,
            format!("{}: default", f.name),
            show(f.default.as_ref()),
            show(prop.get("default")),
            &format!("{pointer}/default"),
        );
        let num = |v: Option<f64>| show(v.and_then(serde_json::Number::from_f64).map(Value::Number).as_ref());
        report.compare(
            PAGE,
            format!("{}: minimum", f.name),
            num(f.minimum),
            show(prop.get("minimum")),
            &format!("{pointer}/minimum"),
        );
        report.compare(
            PAGE,
            format!("{}: maximum", f.name),
            num(f.maximum),
            show(prop.get("maximum")),
            &format!("{pointer}/maximum"),
        );
        let count = |v: Option<u64>| show(v.map(Value::from).as_ref());
        report.compare(
            PAGE,
            format!("{}: minItems", f.name),
            count(f.min_items),
            show(prop.get("minItems")),
            &format!("{pointer}/minItems"),
        );
        let (list, at) = list_of(prop);
        report.compare(
            PAGE,
            format!("{}: maxItems", f.name),
            count(f.max_items),
            show(list.get("maxItems")),
            &format!("{pointer}{at}/maxItems"),
        );
        if let Some(example) = f.example.as_ref().filter(|e| e.is_string() || e.is_number()) {
            let listed = [examples(prop), examples(target)].concat().contains(example);
            let spec_value = if listed {
                show(Some(example))
            } else {
                "not among the examples".to_owned()
            };
            report.compare(
                PAGE,
                format!("{}: example", f.name),
                show(Some(example)),
                spec_value,
                &format!("{pointer}/examples"),
            );
        }
        if !f.part_types.is_empty() {
            let mapping = &schema(spec, "ContentPart")["discriminator"]["mapping"];
            let mut types: Vec<String> = mapping
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let mut page_types = f.part_types.clone();
            types.sort();
            page_types.sort();
            report.compare(
                PAGE,
                "content part types",
                page_types.join(", "),
                types.join(", "),
                "/components/schemas/ContentPart/discriminator/mapping",
            );
        }
    }
    let base = "/components/schemas/ChatCompletion/properties";
    for f in &answer {
        let pointer = format!("{base}/{}", f.name);
        let prop = &schema(spec, "ChatCompletion")["properties"][&f.name];
        report.compare(
            PAGE,
            format!("response {}: in the spec", f.name),
            "present".into(),
            present(prop),
            &pointer,
        );
        if prop.is_null() {
            continue;
        }
        let target = resolve(spec, prop);
        let page_type = if f.ty == "object[]" { "array" } else { f.ty.as_str() };
        report.compare(
            PAGE,
            format!("response {}: type", f.name),
            page_type.to_owned(),
            show(target.get("type")),
            &format!("{pointer}/type"),
        );
        if let Some(example) = &f.example {
            let spec_value = if examples(prop).contains(example) {
                show(Some(example))
            } else {
                "not among the examples".to_owned()
            };
            report.compare(
                PAGE,
                format!("response {}: example", f.name),
                show(Some(example)),
                spec_value,
                &format!("{pointer}/examples"),
            );
        }
    }
    check_examples(text, spec, report);
}

fn present(prop: &Value) -> String {
    if prop.is_null() { "absent" } else { "present" }.to_owned()
}

/// The field's type as the page names it against the spec's.
fn compare_type(f: &PageField, target: &Value, pointer: &str, report: &mut Report) {
    match f.ty.as_str() {
        "enum<string>" => {
            let ids: Vec<String> = target["anyOf"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|b| b["enum"].as_array().cloned().unwrap_or_default())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            // Each value the page lists is in the spec, and in the page's order (the wider
            // pages add more, which may sit anywhere after).
            let pointer = "/components/schemas/Model/anyOf/0/enum";
            for option in &f.options {
                let there = if ids.contains(option) { "listed" } else { "absent" };
                report.compare(
                    PAGE,
                    format!("{}: value `{option}`", f.name),
                    "listed".into(),
                    there.into(),
                    pointer,
                );
            }
            let in_spec_order: Vec<&String> = ids.iter().filter(|id| f.options.contains(id)).collect();
            let page_order: Vec<&String> = f.options.iter().filter(|o| ids.contains(o)).collect();
            let order = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            report.compare(
                PAGE,
                format!("{}: order of the values", f.name),
                order(&page_order),
                order(&in_spec_order),
                pointer,
            );
        }
        "object[]" => report.compare(
            PAGE,
            format!("{}: type", f.name),
            "array".into(),
            show(target.get("type")),
            &format!("{pointer}/type"),
        ),
        "string[]" => {
            let (list, at) = list_of(target);
            let shape = format!("{} of {}", show(list.get("type")), show(list["items"].get("type")));
            report.compare(
                PAGE,
                format!("{}: type", f.name),
                "array of string".into(),
                shape,
                &format!("{pointer}{at}"),
            );
        }
        other => report.compare(
            PAGE,
            format!("{}: type", f.name),
            other.to_owned(),
            show(target.get("type")),
            &format!("{pointer}/type"),
        ),
    }
}

/// The page's curl body and response, which the spec carries verbatim as examples.
fn check_examples(text: &str, spec: &Value, report: &mut Report) {
    let op = "/paths/~1v1~1chat~1completions/post";
    let request = text.find("--data '").and_then(|at| {
        let start = at + "--data '".len();
        let end = start + text[start..].find("\n'")?;
        Some((serde_json::from_str::<Value>(&text[start..end]).ok()?, end))
    });
    let Some((request, end)) = request else {
        report.unreadable(PAGE, "the request example", "no JSON body after `--data '` found");
        return;
    };
    let rest = &text[end + 2..];
    let response = rest
        .find('{')
        .zip(rest.find("\n}"))
        .and_then(|(open, close)| serde_json::from_str::<Value>(&rest[open..close + 2]).ok());
    let pointer = format!("{op}/requestBody/content/application~1json/examples/reference_page/value");
    let same =
        |found: Option<&Value>, want: &Value| if found == Some(want) { "the same" } else { "differs" }.to_owned();
    report.compare(
        PAGE,
        "request example",
        "the same".into(),
        same(spec.pointer(&pointer), &request),
        &pointer,
    );
    match response {
        Some(response) => {
            let pointer = format!("{op}/responses/200/content/application~1json/examples/reference_page/value");
            report.compare(
                PAGE,
                "response example",
                "the same".into(),
                same(spec.pointer(&pointer), &response),
                &pointer,
            );
        }
        None => report.unreadable(PAGE, "the response example", "no JSON response after the request found"),
    }
}

/// The per-model API pages: each model's `max_tokens` range, which the spec holds as an
/// `if`/`then` on `model` (or, when the limit is the general one, the field's own maximum).
pub(super) fn check_model_pages(pages: &[(String, String)], spec: &Value, report: &mut Report) {
    let request = schema(spec, "ChatCompletionRequest");
    for (name, text) in pages
        .iter()
        .filter(|(n, _)| n.starts_with("api-reference--model-api--"))
    {
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let fields = parse_fields(&lines);
        let Some(max_tokens) = fields.iter().find(|f| f.name == "max_tokens") else {
            report.notes.push(format!(
                "{name} documents no `max_tokens`, so no per-model limit to compare"
            ));
            continue;
        };
        let Some(model) = text
            .split("\"model\": \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            report.unreadable(name, "the model", "no `\"model\": \"…\"` in the page's example");
            continue;
        };
        let Some(page_max) = max_tokens.maximum else {
            report.unreadable(name, format!("max_tokens of {model}"), "no range for `max_tokens`");
            continue;
        };
        let condition = request["allOf"].as_array().and_then(|all| {
            all.iter()
                .position(|c| c["if"]["properties"]["model"]["const"] == model)
        });
        let (spec_max, pointer) = match condition {
            Some(i) => (
                request["allOf"][i]["then"]["properties"]["max_tokens"].get("maximum"),
                format!("/components/schemas/ChatCompletionRequest/allOf/{i}/then/properties/max_tokens/maximum"),
            ),
            None => (
                request["properties"]["max_tokens"].get("maximum"),
                "/components/schemas/ChatCompletionRequest/properties/max_tokens/maximum".to_owned(),
            ),
        };
        let page_value = show(serde_json::Number::from_f64(page_max).map(Value::Number).as_ref());
        report.compare(
            name,
            format!("max_tokens maximum for {model}"),
            page_value,
            show(spec_max),
            &pointer,
        );
    }
}
