//! `cargo xtask docs-check`: every fact the vendor's pages document, compared with
//! `spec/openapi.yaml`, and one list of every disagreement, grouped by page: the fact, the
//! page's value, the spec's value and the spec's JSON pointer. The tests that guard the spec
//! (`tests/spec_vs_page.rs`, `tests/spec_vs_pages.rs`) use the same code and print the same
//! table when it is not empty.
//!
//! Three sources of facts: the reference page (`chat-completions.zh.txt`, parsed field by
//! field), the per-model pages under `pages/` (their `max_tokens` ranges, parsed the same way),
//! and the facts the spec takes from the wider pages with the words that say them ([`cited`]).
//! A page or fact the checker cannot read is listed as such, never skipped.

pub mod cited;
mod gateway;
mod page;

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

pub use page::{parse_fields, PageField};

/// One fact on which a page and the spec disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Disagreement {
    /// The page, by its file name.
    pub page: String,
    /// What the fact is, such as `temperature: maximum`.
    pub fact: String,
    /// What the page says.
    pub page_value: String,
    /// What the spec says (`absent` when it says nothing).
    pub spec_value: String,
    /// Where in the spec the fact lives.
    pub pointer: String,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every disagreement, grouped by page.
    pub disagreements: Vec<Disagreement>,
    /// How many facts were compared.
    pub facts: usize,
    /// What a page leaves out that others give (no `max_tokens` range on a model's page), and
    /// what the checker could not read field by field: not a disagreement, but shown, so nothing
    /// is passed over in silence.
    pub notes: Vec<String>,
    /// Facts where a page and the spec differ on purpose, each with the `x-note` that says why:
    /// listed, not counted as disagreements.
    pub resolved: Vec<String>,
}

impl Report {
    fn compare(&mut self, page: &str, fact: impl Into<String>, page_value: String, spec_value: String, pointer: &str) {
        self.facts += 1;
        if page_value != spec_value {
            self.disagreements.push(Disagreement {
                page: page.to_owned(),
                fact: fact.into(),
                page_value,
                spec_value,
                pointer: pointer.to_owned(),
            });
        }
    }

    /// Compares like `compare`, but a difference the spec explains in `note` (its `x-note`) is
    /// listed as resolved instead of counted.
    fn compare_or_resolved(
        &mut self,
        page: &str,
        fact: impl Into<String>,
        (page_value, spec_value): (String, String),
        pointer: &str,
        note: Option<&str>,
    ) {
        let fact = fact.into();
        match note {
            Some(note) if page_value != spec_value => {
                self.facts += 1;
                self.resolved.push(format!(
                    "{page}: {fact}: page `{page_value}`, spec `{spec_value}` at `{pointer}`; resolved: {note}"
                ));
            }
            _ => self.compare(page, fact, page_value, spec_value, pointer),
        }
    }

    fn unreadable(&mut self, page: &str, fact: impl Into<String>, why: impl Into<String>) {
        self.disagreements.push(Disagreement {
            page: page.to_owned(),
            fact: fact.into(),
            page_value: why.into(),
            spec_value: "(not compared)".to_owned(),
            pointer: String::new(),
        });
    }

    /// Whether page and spec agree on everything.
    pub fn is_clean(&self) -> bool {
        self.disagreements.is_empty()
    }

    /// The disagreements as a Markdown table per page, or a line saying there are none; then
    /// the notes.
    pub fn table(&self) -> String {
        let mut notes = String::new();
        for note in &self.notes {
            let _ = writeln!(notes, "note: {note}");
        }
        for resolved in &self.resolved {
            let _ = writeln!(notes, "resolved: {resolved}");
        }
        if self.disagreements.is_empty() {
            return format!(
                "docs-check: the spec agrees with the pages on all {} facts\n{notes}",
                self.facts
            );
        }
        let mut out = format!(
            "docs-check: {} disagreement(s) among {} facts\n",
            self.disagreements.len(),
            self.facts
        );
        let mut sorted = self.disagreements.clone();
        sorted.sort_by(|a, b| a.page.cmp(&b.page));
        let mut current = None;
        for d in &sorted {
            if current != Some(&d.page) {
                current = Some(&d.page);
                let _ = write!(
                    out,
                    "\n## {}\n\n| fact | page | spec | pointer |\n|---|---|---|---|\n",
                    d.page
                );
            }
            let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` |",
                cell(&d.fact),
                cell(&d.page_value),
                cell(&d.spec_value),
                d.pointer
            );
        }
        if !notes.is_empty() {
            out.push('\n');
            out.push_str(&notes);
        }
        out
    }

    /// The same list for tools.
    pub fn to_json(&self) -> Value {
        let items: Vec<Value> = self
            .disagreements
            .iter()
            .map(|d| {
                serde_json::json!({"page": d.page, "fact": d.fact, "page_value": d.page_value,
                                   "spec_value": d.spec_value, "pointer": d.pointer})
            })
            .collect();
        serde_json::json!({"facts": self.facts, "disagreements": items, "notes": self.notes, "resolved": self.resolved})
    }
}

/// Where the pages live, relative to the workspace root.
pub const REFERENCE_PAGE: &str = "tests/fixtures/reference-page/chat-completions.zh.txt";
/// The wider pages.
pub const PAGES: &str = "tests/fixtures/reference-page/pages";
/// The pages of the gateway's other endpoints.
pub const GATEWAY: &str = "tests/fixtures/reference-page/gateway";

/// The `.txt` pages of a folder, by name, sorted.
pub fn read_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                pages.push((name, std::fs::read_to_string(entry.path()).unwrap_or_default()));
            }
        }
    }
    pages.sort();
    pages
}

/// Checks the spec against every page under `root` (the workspace).
pub fn check_workspace(root: &Path, spec_text: &str) -> Report {
    let reference = std::fs::read_to_string(root.join(REFERENCE_PAGE)).unwrap_or_default();
    let pages = read_pages(&root.join(PAGES));
    let gateway = read_pages(&root.join(GATEWAY));
    check(&reference, &pages, &gateway, spec_text)
}

/// Checks a spec's text against the reference page's text, the wider chat pages and the
/// gateway's pages (name, text each).
pub fn check(reference: &str, pages: &[(String, String)], gateway: &[(String, String)], spec_text: &str) -> Report {
    let mut report = Report::default();
    let spec: Value = match serde_yaml::from_str(spec_text) {
        Ok(spec) => spec,
        Err(e) => {
            report.unreadable("spec/openapi.yaml", "the spec", format!("cannot read it: {e}"));
            return report;
        }
    };
    page::check_reference(reference, &spec, &mut report);
    page::check_model_pages(pages, &spec, &mut report);
    cited::check(pages, gateway, &spec, &mut report);
    gateway::check(gateway, &spec, &mut report);
    gateway::check_citations(reference, pages, gateway, &spec, &mut report);
    report
}

/// A JSON value as the table shows it.
pub(crate) fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "absent".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}
