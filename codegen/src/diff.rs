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

/// Every difference between two lowered specs, in a stable order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Vec::new();
    diff_operations(old, new, &mut out);
    diff_types(old, new, &mut out);
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
    out.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.kind.cmp(b.kind))
    });
    out
}

fn push(
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

fn diff_operations(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    for (id, o) in &old_ops {
        if !new_ops.contains_key(id) {
            push(
                out,
                Impact::Breaking,
                "operation removed",
                method_of(o),
                format!("{} {}", o.http_method, o.path),
            );
        }
    }
    for (id, n) in &new_ops {
        let Some(o) = old_ops.get(id) else {
            push(
                out,
                Impact::Compatible,
                "operation added",
                method_of(n),
                format!("{} {}", n.http_method, n.path),
            );
            continue;
        };
        let subject = method_of(n);
        if (&o.http_method, &o.path) != (&n.http_method, &n.path) {
            push(
                out,
                Impact::Compatible,
                "operation changed",
                subject,
                format!("{} {} → {} {}", o.http_method, o.path, n.http_method, n.path),
            );
        }
        let body = |op: &Operation| op.body.as_ref().map(|b| (b.ty.clone(), b.required));
        if body(o) != body(n) {
            push(
                out,
                Impact::Breaking,
                "operation changed",
                subject,
                format!("request body {} → {}", describe_body(o), describe_body(n)),
            );
        }
        if (&o.response, o.raw_response) != (&n.response, n.raw_response) {
            push(
                out,
                Impact::Breaking,
                "operation changed",
                subject,
                format!("response {} → {}", describe_opt(&o.response), describe_opt(&n.response)),
            );
        }
        match (&o.stream, &n.stream) {
            (None, Some(s)) if o.response.is_some() => push(
                out,
                Impact::Compatible,
                "operation changed",
                subject,
                format!("streaming added: `{}`", s.methods.plain),
            ),
            (Some(_), None) => push(out, Impact::Breaking, "operation changed", subject, "streaming removed"),
            (Some(a), Some(b)) if a.event != b.event => push(
                out,
                Impact::Breaking,
                "operation changed",
                subject,
                format!("stream events {} → {}", describe(&a.event), describe(&b.event)),
            ),
            (Some(a), Some(b)) if a.terminator != b.terminator => push(
                out,
                Impact::Compatible,
                "operation changed",
                subject,
                format!("stream end marker {:?} → {:?}", a.terminator, b.terminator),
            ),
            (None, Some(_)) => push(out, Impact::Breaking, "operation changed", subject, "now streams only"),
            _ => {}
        }
        let key = |p: &Param| (p.wire_name.clone(), format!("{:?}", p.location));
        let old_params: BTreeMap<_, &Param> = o.params.iter().map(|p| (key(p), p)).collect();
        let new_params: BTreeMap<_, &Param> = n.params.iter().map(|p| (key(p), p)).collect();
        for (k, p) in &old_params {
            match new_params.get(k) {
                None => push(
                    out,
                    Impact::Breaking,
                    "parameter removed",
                    format!("{subject}({})", p.rust_name),
                    "an argument of the method is gone",
                ),
                Some(q) if (&p.ty, p.required) != (&q.ty, q.required) => push(
                    out,
                    Impact::Breaking,
                    "parameter changed",
                    format!("{subject}({})", p.rust_name),
                    format!(
                        "{}{} → {}{}",
                        describe(&p.ty),
                        req(p.required),
                        describe(&q.ty),
                        req(q.required)
                    ),
                ),
                _ => {}
            }
        }
        for (k, p) in &new_params {
            if !old_params.contains_key(k) {
                push(
                    out,
                    Impact::Breaking,
                    "parameter added",
                    format!("{subject}({})", p.rust_name),
                    "a new positional argument of the method",
                );
            }
        }
        if o.docs != n.docs {
            push(out, Impact::DocsOnly, "description changed", subject, "operation docs");
        }
    }
}

/// The name users call an operation by: its plain method, or its streaming one.
fn method_of(op: &Operation) -> &str {
    match (&op.call, &op.stream) {
        (Some(call), _) => &call.plain,
        (None, Some(stream)) => &stream.methods.plain,
        (None, None) => &op.id,
    }
}

fn req(required: bool) -> &'static str {
    if required {
        ""
    } else {
        " (optional)"
    }
}

fn describe_body(op: &Operation) -> String {
    match &op.body {
        Some(b) => format!("{}{}", describe(&b.ty), req(b.required)),
        None => "none".to_owned(),
    }
}

fn describe_opt(ty: &Option<TypeRef>) -> String {
    ty.as_ref().map(describe).unwrap_or_else(|| "none".to_owned())
}

/// A type as a Rust reader would write it.
pub fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", describe(t)),
        TypeRef::Map(t) => format!("Map<String, {}>", describe(t)),
        TypeRef::Option(t) => format!("Option<{}>", describe(t)),
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

fn diff_types(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for (name, t) in &old_types {
        if !new_types.contains_key(name) {
            push(out, Impact::Breaking, "type removed", *name, kind_name(&t.kind));
        }
    }
    for (name, n) in &new_types {
        let Some(o) = old_types.get(name) else {
            push(out, Impact::Compatible, "type added", *name, kind_name(&n.kind));
            continue;
        };
        if o.docs != n.docs {
            push(out, Impact::DocsOnly, "description changed", *name, "type docs");
        }
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => diff_struct(name, a, b, n.in_request, out),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(name, a, b, out),
            (TypeKind::Union(a), TypeKind::Union(b)) => diff_union(name, a, b, out),
            (TypeKind::Alias(a), TypeKind::Alias(b)) if a != b => push(
                out,
                Impact::Breaking,
                "type changed",
                *name,
                format!("{} → {}", describe(a), describe(b)),
            ),
            (a, b) if kind_name(a) != kind_name(b) => push(
                out,
                Impact::Breaking,
                "type changed",
                *name,
                format!("{} → {}", kind_name(a), kind_name(b)),
            ),
            _ => {}
        }
    }
}

/// How many `Option`s wrap the field's type.
fn depth(p: Presence) -> u8 {
    match p {
        Presence::Required => 0,
        Presence::Optional | Presence::Nullable => 1,
        Presence::OptionalNullable => 2,
    }
}

fn show_presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::Nullable => "required, nullable",
        Presence::OptionalNullable => "optional, nullable",
    }
}

fn show_wrapping(p: Presence) -> &'static str {
    match depth(p) {
        0 => "`T`",
        1 => "`Option<T>`",
        _ => "`Option<Option<T>>`",
    }
}

fn diff_struct(name: &str, a: &Struct, b: &Struct, in_request: bool, out: &mut Vec<Change>) {
    let key = |f: &Field| {
        if f.flatten {
            f.rust_name.clone()
        } else {
            f.wire_name.clone()
        }
    };
    let old_fields: BTreeMap<String, &Field> = a.fields.iter().map(|f| (key(f), f)).collect();
    let new_fields: BTreeMap<String, &Field> = b.fields.iter().map(|f| (key(f), f)).collect();
    for (wire, f) in &old_fields {
        if !new_fields.contains_key(wire) {
            push(
                out,
                Impact::Breaking,
                "field removed",
                format!("{name}.{}", f.rust_name),
                describe(&f.ty),
            );
        }
    }
    for (wire, f) in &new_fields {
        let subject = format!("{name}.{}", f.rust_name);
        let Some(o) = old_fields.get(wire) else {
            if in_request && f.presence == Presence::Required {
                push(
                    out,
                    Impact::Breaking,
                    "field added",
                    subject,
                    format!("required {}: `{name}::new` takes it", describe(&f.ty)),
                );
            } else {
                let what = if f.presence.is_required() {
                    "required"
                } else {
                    "optional"
                };
                push(
                    out,
                    Impact::Compatible,
                    "field added",
                    subject,
                    format!("{what} {}", describe(&f.ty)),
                );
            }
            continue;
        };
        if (&o.ty, o.boxed) != (&f.ty, f.boxed) {
            push(
                out,
                Impact::Breaking,
                "field type changed",
                &subject,
                format!("{} → {}", describe(&o.ty), describe(&f.ty)),
            );
        }
        if o.presence != f.presence {
            let kind = if o.presence.is_required() != f.presence.is_required() {
                "required changed"
            } else {
                "nullability changed"
            };
            // The Rust type changes when the number of `Option`s does; otherwise only what a
            // request must carry can change, which breaks code that builds it.
            let impact = if depth(o.presence) != depth(f.presence)
                || (in_request && f.presence.is_required() && !o.presence.is_required())
            {
                Impact::Breaking
            } else {
                Impact::Compatible
            };
            let detail = format!(
                "{} → {} ({} → {})",
                show_presence(o.presence),
                show_presence(f.presence),
                show_wrapping(o.presence),
                show_wrapping(f.presence)
            );
            push(out, impact, kind, &subject, detail);
        }
        diff_constraints(&subject, &o.constraints, &f.constraints, in_request, out);
        if o.default != f.default {
            let show =
                |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string).unwrap_or_else(|| "none".into());
            push(
                out,
                Impact::Compatible,
                "default changed",
                &subject,
                format!(
                    "{} → {} (what omitting the field means)",
                    show(&o.default),
                    show(&f.default)
                ),
            );
        }
        if o.docs != f.docs {
            push(out, Impact::DocsOnly, "description changed", &subject, "field docs");
        }
    }
    // Constraints that hold for one value of another field (a per-model limit).
    let key = |c: &Condition| (c.when_field.clone(), c.when_value.clone(), c.field.clone());
    let old_conditions: BTreeMap<_, &Condition> = a.conditions.iter().map(|c| (key(c), c)).collect();
    let new_conditions: BTreeMap<_, &Condition> = b.conditions.iter().map(|c| (key(c), c)).collect();
    for (k, c) in &new_conditions {
        let subject = format!("{name}.{} (when {} = {})", c.field, c.when_field, c.when_value);
        let before = old_conditions.get(k).map(|o| o.constraints.clone()).unwrap_or_default();
        diff_constraints(&subject, &before, &c.constraints, in_request, out);
    }
    for (k, c) in &old_conditions {
        if !new_conditions.contains_key(k) {
            let subject = format!("{name}.{} (when {} = {})", c.field, c.when_field, c.when_value);
            diff_constraints(&subject, &c.constraints, &Constraints::default(), in_request, out);
        }
    }
    match (&a.extra, &b.extra) {
        (Some(_), None) => push(
            out,
            Impact::Breaking,
            "field removed",
            format!("{name}.extra"),
            "additionalProperties is now false",
        ),
        (None, Some(_)) => push(
            out,
            Impact::Compatible,
            "field added",
            format!("{name}.extra"),
            "additional properties are now kept",
        ),
        (Some(x), Some(y)) if x.value != y.value => push(
            out,
            Impact::Breaking,
            "field type changed",
            format!("{name}.{}", y.rust_name),
            format!("{} → {}", describe(&x.value), describe(&y.value)),
        ),
        _ => {}
    }
}

/// Compares bounds: `tighter(old, new)` says whether `new` rejects something `old` allowed.
fn diff_constraints(subject: &str, a: &Constraints, b: &Constraints, in_request: bool, out: &mut Vec<Change>) {
    let mut report = |what: &str, old: String, new: String, tighter: bool| {
        let (impact, kind) = match (in_request, tighter) {
            (true, true) => (Impact::Breaking, "constraint tightened"),
            (true, false) => (Impact::Compatible, "constraint loosened"),
            (false, true) => (Impact::DocsOnly, "constraint tightened"),
            (false, false) => (Impact::DocsOnly, "constraint loosened"),
        };
        push(out, impact, kind, subject, format!("{what} {old} → {new}"));
    };
    let show_bound = |v: Option<Bound>| match v {
        None => "none".to_owned(),
        Some(Bound { value, exclusive: true }) => format!("{value} (exclusive)"),
        Some(Bound {
            value,
            exclusive: false,
        }) => format!("{value}"),
    };
    let show_n = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_else(|| "none".to_owned());
    // A lower bound tightens when it appears or rises (or turns exclusive at the same value);
    // an upper bound is a lower bound on the negated value.
    let lower_tighter = |o: Option<Bound>, n: Option<Bound>| match (o, n) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => y.value > x.value || (y.value == x.value && y.exclusive && !x.exclusive),
        _ => false,
    };
    let negate = |b: Option<Bound>| b.map(|b| Bound { value: -b.value, ..b });
    let upper_tighter = |o, n| lower_tighter(negate(o), negate(n));
    let min_tighter = |o: Option<u64>, n: Option<u64>| n.unwrap_or(0) > o.unwrap_or(0);
    let max_tighter = |o: Option<u64>, n: Option<u64>| n.unwrap_or(u64::MAX) < o.unwrap_or(u64::MAX);
    // One row per constraint that changed: its name, both values shown, and whether it tightened.
    fn row<T: PartialEq + Copy>(
        what: &'static str,
        (old, new): (T, T),
        show: impl Fn(T) -> String,
        tighter: impl Fn(T, T) -> bool,
    ) -> Option<(&'static str, String, String, bool)> {
        (old != new).then(|| (what, show(old), show(new), tighter(old, new)))
    }
    let rows = [
        row("minimum", (a.minimum, b.minimum), show_bound, lower_tighter),
        row("maximum", (a.maximum, b.maximum), show_bound, upper_tighter),
        row("minItems", (a.min_items, b.min_items), show_n, min_tighter),
        row("maxItems", (a.max_items, b.max_items), show_n, max_tighter),
        row("minLength", (a.min_length, b.min_length), show_n, min_tighter),
        row("maxLength", (a.max_length, b.max_length), show_n, max_tighter),
    ];
    for (what, old, new, tighter) in rows.into_iter().flatten() {
        report(what, old, new, tighter);
    }
}

fn diff_enum(name: &str, a: &StringEnum, b: &StringEnum, out: &mut Vec<Change>) {
    let old: Vec<&str> = a.variants.iter().map(|v| v.wire.as_str()).collect();
    let new: Vec<&str> = b.variants.iter().map(|v| v.wire.as_str()).collect();
    for v in &b.variants {
        if !old.contains(&v.wire.as_str()) {
            let how = if b.is_open() {
                "open enum"
            } else {
                "non-exhaustive enum"
            };
            push(
                out,
                Impact::Compatible,
                "enum value added",
                format!("{name}::{}", v.rust_name),
                format!("`{}` ({how})", v.wire),
            );
        }
    }
    for v in &a.variants {
        if !new.contains(&v.wire.as_str()) {
            push(
                out,
                Impact::Breaking,
                "enum value removed",
                format!("{name}::{}", v.rust_name),
                format!("`{}`", v.wire),
            );
        }
    }
    if a.is_open() != b.is_open() {
        let detail = if b.is_open() {
            "closed → open (gains `Other(String)`, loses `Copy`)"
        } else {
            "open → closed (loses `Other`)"
        };
        push(out, Impact::Breaking, "type changed", name, detail);
    }
}

fn diff_union(name: &str, a: &Union, b: &Union, out: &mut Vec<Change>) {
    if a.tag != b.tag {
        push(
            out,
            Impact::Breaking,
            "type changed",
            name,
            format!("tag {:?} → {:?}", a.tag, b.tag),
        );
    }
    let old: BTreeMap<&str, &UnionVariant> = a.variants.iter().map(|v| (v.rust_name.as_str(), v)).collect();
    let new: BTreeMap<&str, &UnionVariant> = b.variants.iter().map(|v| (v.rust_name.as_str(), v)).collect();
    for (v, o) in &old {
        match new.get(v) {
            None => push(
                out,
                Impact::Breaking,
                "variant removed",
                format!("{name}::{v}"),
                describe(&o.ty),
            ),
            Some(n) if (&o.ty, &o.tag_value) != (&n.ty, &n.tag_value) => push(
                out,
                Impact::Breaking,
                "variant changed",
                format!("{name}::{v}"),
                format!("{} → {}", describe(&o.ty), describe(&n.ty)),
            ),
            _ => {}
        }
    }
    for (v, n) in &new {
        if !old.contains_key(v) {
            push(
                out,
                Impact::Compatible,
                "variant added",
                format!("{name}::{v}"),
                describe(&n.ty),
            );
        }
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
