//! What a spec change does to the generated Rust API, classified for semver.
//!
//! Two specs are compared after lowering, so a reformat or a moved `$ref` changes nothing.
//! Each difference is judged by how this generator turns it into Rust:
//!
//! - every struct is `#[non_exhaustive]` and request structs are built with `new(required…)`
//!   and `with_*` setters, so a new optional field breaks no caller, while a new required
//!   request field changes `new` and breaks;
//! - enums and unions are `#[non_exhaustive]` and server-sent enums are open, so a new value is
//!   compatible, a removed one breaks;
//! - constraints are checked before sending, so tightening one on a request rejects calls that
//!   worked (breaking) and loosening accepts more (compatible); on responses they are docs;
//! - operation parameters are positional arguments, so adding or removing one breaks.

use std::collections::BTreeMap;
use std::fmt;

use crate::ir::*;

mod operations;
mod types;

use operations::diff_operations;
use types::diff_types;

/// How a change affects users of the generated crate, from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Only rustdoc changes.
    DocsOnly,
    /// Code that compiled still compiles and behaves as before.
    Compatible,
    /// Some code that compiled no longer does, or a call that worked is now refused.
    Breaking,
}

impl Impact {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::DocsOnly => "docs-only",
            Impact::Compatible => "compatible",
            Impact::Breaking => "breaking",
        }
    }
}

/// One difference between two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How it affects users.
    pub impact: Impact,
    /// What kind of change, such as `field added`.
    pub kind: &'static str,
    /// Where, as a Rust path such as `ChatCompletionRequest.stop` or a method name.
    pub subject: String,
    /// What changed, such as `maxItems 4 → 2`.
    pub detail: String,
}

/// The version bump a set of changes implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// The last number.
    Patch,
    /// The middle number.
    Minor,
    /// The first number.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The names of the types of two APIs compared, by the ids they share once [`by_name`] has
/// renumbered them.
pub(super) type Names = BTreeMap<TypeId, String>;

/// Copies of two APIs whose types are numbered by name, so a type is the same id on both
/// sides when it has the same name (ids are an API's own, names are what users see), and the
/// names of those ids.
fn by_name(old: &Api, new: &Api) -> (Api, Api, Names) {
    let all: std::collections::BTreeSet<&str> = old
        .types
        .iter()
        .chain(new.types.iter())
        .map(|t| t.name.as_str())
        .collect();
    let ids: BTreeMap<&str, TypeId> = all
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, TypeId(u32::try_from(i).unwrap_or(u32::MAX))))
        .collect();
    let renumber = |api: &Api| {
        let mut copy = api.clone();
        let names: BTreeMap<TypeId, &str> = api.types.iter().map(|t| (t.id, t.name.as_str())).collect();
        copy.map_type_ids(&mut |id| names.get(&id).and_then(|n| ids.get(n)).copied().unwrap_or(id));
        copy
    };
    let names = ids.iter().map(|(name, id)| (*id, (*name).to_owned())).collect();
    (renumber(old), renumber(new), names)
}

/// Every difference between two lowered specs, in a stable order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let (old, new, names) = by_name(old, new);
    let (old, new) = (&old, &new);
    let mut out = Vec::new();
    diff_operations(old, new, &names, &mut out);
    diff_types(old, new, &names, &mut out);
    if old.server_url != new.server_url {
        push(
            &mut out,
            Impact::Compatible,
            "server changed",
            "Client",
            format!("{:?} → {:?}", old.server_url, new.server_url),
        );
    }
    if old.auth != new.auth {
        push(
            &mut out,
            Impact::Breaking,
            "authentication changed",
            "Client",
            format!("{:?} → {:?}", old.auth, new.auth),
        );
    }
    if old.also_auth != new.also_auth {
        let names = |api: &Api| {
            api.also_auth
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        push(
            &mut out,
            Impact::Breaking,
            "credentials changed",
            "Client",
            format!("[{}] → [{}]", names(old), names(new)),
        );
    }
    out.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.kind.cmp(b.kind))
    });
    out
}

pub(super) fn push(
    out: &mut Vec<Change>,
    impact: Impact,
    kind: &'static str,
    subject: impl Into<String>,
    detail: impl Into<String>,
) {
    out.push(Change {
        impact,
        kind,
        subject: subject.into(),
        detail: detail.into(),
    });
}

/// The bump for `version` (`major.minor.patch`) that these changes imply. Before 1.0 a
/// breaking change bumps the minor number and anything else the patch number, as Cargo's
/// caret rules treat `0.x` minors as incompatible.
pub fn bump(changes: &[Change], version: &str) -> (Bump, String) {
    let worst = changes.iter().map(|c| c.impact).max();
    let numbers: Vec<u64> = version.split('.').map(|n| n.trim().parse().unwrap_or(0)).collect();
    let (major, minor, patch) = (
        numbers.first().copied().unwrap_or(0),
        numbers.get(1).copied().unwrap_or(0),
        numbers.get(2).copied().unwrap_or(0),
    );
    let kind = match (worst, major) {
        (None, _) => Bump::None,
        (Some(Impact::Breaking), 0) => Bump::Minor,
        (Some(Impact::Breaking), _) => Bump::Major,
        (Some(Impact::Compatible), 0) => Bump::Patch,
        (Some(Impact::Compatible), _) => Bump::Minor,
        (Some(Impact::DocsOnly), _) => Bump::Patch,
    };
    let next = match kind {
        Bump::None => format!("{major}.{minor}.{patch}"),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    };
    (kind, next)
}

/// A type as a Rust reader would write it.
pub(super) fn describe(names: &Names, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Named(id) => names.get(id).cloned().unwrap_or_default(),
        TypeRef::Vec(t) => format!("Vec<{}>", describe(names, t)),
        TypeRef::Map(t) => format!("Map<String, {}>", describe(names, t)),
        TypeRef::Option(t) => format!("Option<{}>", describe(names, t)),
    }
}

/// The report as Markdown, for a pull request comment.
pub fn markdown(changes: &[Change], crate_name: &str, version: &str) -> String {
    let mut s = format!("## Spec diff: what this change does to the `{crate_name}` API\n\n");
    if changes.is_empty() {
        s.push_str("No change to the generated API.\n");
    } else {
        s.push_str("| impact | change | where | detail |\n|---|---|---|---|\n");
        for c in changes {
            s.push_str(&format!(
                "| {} | {} | `{}` | {} |\n",
                c.impact.as_str(),
                c.kind,
                c.subject,
                c.detail.replace('|', "\\|")
            ));
        }
        let count = |i: Impact| changes.iter().filter(|c| c.impact == i).count();
        s.push_str(&format!(
            "\n**{}** breaking, **{}** compatible, **{}** docs-only.\n",
            count(Impact::Breaking),
            count(Impact::Compatible),
            count(Impact::DocsOnly)
        ));
    }
    let (kind, next) = bump(changes, version);
    let rule = if version.starts_with("0.") {
        "before 1.0 a breaking change bumps the minor number, anything else the patch number"
    } else {
        "breaking bumps major, compatible bumps minor, docs-only bumps patch"
    };
    s.push_str(&format!(
        "\nSuggested version: **{next}** ({kind} bump from {version}; {rule}).\n"
    ));
    s
}

/// The report as JSON, for tools.
pub fn json(changes: &[Change], crate_name: &str, version: &str) -> serde_json::Value {
    let (kind, next) = bump(changes, version);
    serde_json::json!({
        "crate": crate_name,
        "changes": changes.iter().map(|c| serde_json::json!({
            "impact": c.impact.as_str(),
            "change": c.kind,
            "subject": c.subject,
            "detail": c.detail,
        })).collect::<Vec<_>>(),
        "breaking": changes.iter().any(|c| c.impact == Impact::Breaking),
        "bump": kind.to_string(),
        "version": {"from": version, "to": next},
    })
}
