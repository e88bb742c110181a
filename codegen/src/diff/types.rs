//! Changes to types: structs (fields, presence, constraints, conditions), enums and unions.

use std::collections::BTreeMap;

use super::{describe, push, Change, Impact, Names};
use crate::ir::*;

pub(super) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
        TypeKind::Newtype(_) => "newtype",
    }
}

pub(super) fn diff_types(old: &Api, new: &Api, names: &Names, out: &mut Vec<Change>) {
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
            (TypeKind::Struct(a), TypeKind::Struct(b)) => diff_struct(names, name, a, b, n.in_request, out),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(name, a, b, out),
            (TypeKind::Union(a), TypeKind::Union(b)) => diff_union(names, name, a, b, n.in_request, out),
            (TypeKind::Alias(a), TypeKind::Alias(b)) | (TypeKind::Newtype(a), TypeKind::Newtype(b)) if a != b => push(
                out,
                Impact::Breaking,
                "type changed",
                *name,
                format!("{} → {}", describe(names, a), describe(names, b)),
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
pub(super) fn depth(p: Presence) -> u8 {
    match p {
        Presence::Required => 0,
        Presence::Optional | Presence::Nullable => 1,
        Presence::OptionalNullable => 2,
    }
}

pub(super) fn show_presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::Nullable => "required, nullable",
        Presence::OptionalNullable => "optional, nullable",
    }
}

pub(super) fn show_wrapping(p: Presence) -> &'static str {
    match depth(p) {
        0 => "`T`",
        1 => "`Option<T>`",
        _ => "`Option<Option<T>>`",
    }
}

pub(super) fn diff_struct(names: &Names, name: &str, a: &Struct, b: &Struct, in_request: bool, out: &mut Vec<Change>) {
    // Properties by their JSON name; a flattened union, which has none, by its Rust name.
    let key = |f: &Field| match &f.wire {
        Wire::Name(wire) => wire.clone(),
        Wire::Flatten => f.rust_name.clone(),
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
                describe(names, &f.ty),
            );
        }
    }
    for (wire, f) in &new_fields {
        let subject = format!("{name}.{}", f.rust_name);
        let Some(o) = old_fields.get(wire) else {
            // Every struct is `#[non_exhaustive]`, so a field alone breaks nothing; what users
            // write changes only when the constructor does (compared below).
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
                format!("{what} {}", describe(names, &f.ty)),
            );
            continue;
        };
        if (&o.ty, o.boxed) != (&f.ty, f.boxed) {
            push(
                out,
                Impact::Breaking,
                "field type changed",
                &subject,
                format!("{} → {}", describe(names, &o.ty), describe(names, &f.ty)),
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
        if o.facts.value.default != f.facts.value.default {
            let show =
                |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string).unwrap_or_else(|| "none".into());
            push(
                out,
                Impact::Compatible,
                "default changed",
                &subject,
                format!(
                    "{} → {} (what omitting the field means)",
                    show(&o.facts.value.default),
                    show(&f.facts.value.default)
                ),
            );
        }
        if o.facts.docs != f.facts.docs {
            push(out, Impact::DocsOnly, "description changed", &subject, "field docs");
        }
    }
    // The constructor as lowering decided it: its name and the fields it takes, in order. A
    // required tag the constructor fills in is no argument, so adding one changes nothing here.
    if let (Some(x), Some(y)) = (&a.constructor, &b.constructor) {
        if x != y {
            let show = |c: &Constructor| format!("`{name}::{}({})`", c.name, c.params.join(", "));
            push(
                out,
                Impact::Breaking,
                "constructor changed",
                format!("{name}::{}", y.name),
                format!("{} → {}", show(x), show(y)),
            );
        }
    }
    // Constraints that hold for one value of another field (a per-model limit).
    let key = |c: &Condition| (c.when_field.clone(), c.when_value.clone(), c.field.clone());
    let old_conditions: BTreeMap<_, &Condition> = a.conditions.iter().map(|c| (key(c), c)).collect();
    let new_conditions: BTreeMap<_, &Condition> = b.conditions.iter().map(|c| (key(c), c)).collect();
    for (k, c) in &new_conditions {
        let subject = condition_subject(name, c);
        let before = old_conditions.get(k).map(|o| o.constraints.clone()).unwrap_or_default();
        diff_constraints(&subject, &before, &c.constraints, in_request, out);
    }
    for (k, c) in &old_conditions {
        if !new_conditions.contains_key(k) {
            let subject = condition_subject(name, c);
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
            format!("{} → {}", describe(names, &x.value), describe(names, &y.value)),
        ),
        _ => {}
    }
}

/// Compares bounds: `tighter(old, new)` says whether `new` rejects something `old` allowed.
pub(super) fn diff_constraints(
    subject: &str,
    a: &Constraints,
    b: &Constraints,
    in_request: bool,
    out: &mut Vec<Change>,
) {
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
    if a.one_of != b.one_of {
        // A set of allowed values tightens when it appears or loses a value.
        let tighter = !b.one_of.is_empty() && (a.one_of.is_empty() || a.one_of.iter().any(|v| !b.one_of.contains(v)));
        let show = |v: &[String]| if v.is_empty() { "any".to_owned() } else { v.join(", ") };
        report("allowed values", show(&a.one_of), show(&b.one_of), tighter);
    }
}

pub(super) fn diff_enum(name: &str, a: &StringEnum, b: &StringEnum, out: &mut Vec<Change>) {
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

pub(super) fn diff_union(names: &Names, name: &str, a: &Union, b: &Union, in_request: bool, out: &mut Vec<Change>) {
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
                describe(names, &o.ty),
            ),
            Some(n) if (&o.ty, &o.tag_value) != (&n.ty, &n.tag_value) => push(
                out,
                Impact::Breaking,
                "variant changed",
                format!("{name}::{v}"),
                format!("{} → {}", describe(names, &o.ty), describe(names, &n.ty)),
            ),
            // The same branch: its own constraints (an inline branch's `maxItems`) are checked
            // before sending like a field's.
            Some(n) => diff_constraints(&format!("{name}::{v}"), &o.constraints, &n.constraints, in_request, out),
        }
    }
    for (v, n) in &new {
        if !old.contains_key(v) {
            push(
                out,
                Impact::Compatible,
                "variant added",
                format!("{name}::{v}"),
                describe(names, &n.ty),
            );
        }
    }
}

/// How a conditional constraint is named in the report: `Request.max_tokens (when model = x)`.
fn condition_subject(name: &str, c: &Condition) -> String {
    format!("{name}.{} (when {} = {})", c.field, c.when_field, c.when_value)
}
