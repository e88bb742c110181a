//! Changes to operations: added, removed, moved, their bodies, responses, streams and parameters.

use std::collections::BTreeMap;

use super::{describe, push, Change, Impact, Names};
use crate::ir::*;

pub(super) fn diff_operations(old: &Api, new: &Api, names: &Names, out: &mut Vec<Change>) {
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
                format!("request body {} → {}", describe_body(names, o), describe_body(names, n)),
            );
        }
        if (&o.response, o.raw_response) != (&n.response, n.raw_response) {
            push(
                out,
                Impact::Breaking,
                "operation changed",
                subject,
                format!(
                    "response {} → {}",
                    describe_opt(names, &o.response),
                    describe_opt(names, &n.response)
                ),
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
                format!(
                    "stream events {} → {}",
                    describe(names, &a.event),
                    describe(names, &b.event)
                ),
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
                        describe(names, &p.ty),
                        req(p.required),
                        describe(names, &q.ty),
                        req(q.required)
                    ),
                ),
                _ => {}
            }
        }
        // An optional parameter is a field of the operation's parameters struct, which is
        // `#[non_exhaustive]` with `Default`: adding one is compatible, unless the struct itself
        // is new, which gives every method a new argument.
        let in_struct = |op: &Operation, p: &Param| {
            op.options_struct
                .as_ref()
                .is_some_and(|s| s.fields.iter().any(|f| f.param == p.rust_name))
        };
        for (k, p) in &new_params {
            if old_params.contains_key(k) {
                continue;
            }
            let (impact, detail) = match (&o.options_struct, &n.options_struct) {
                (Some(_), Some(s)) if in_struct(n, p) => (Impact::Compatible, format!("a new field of `{}`", s.name)),
                (None, Some(s)) if in_struct(n, p) => (
                    Impact::Breaking,
                    format!("the methods take a new `{}` argument for it", s.name),
                ),
                _ => (Impact::Breaking, "a new positional argument of the method".to_owned()),
            };
            push(
                out,
                impact,
                "parameter added",
                format!("{subject}({})", p.rust_name),
                detail,
            );
        }
        if o.docs != n.docs {
            push(out, Impact::DocsOnly, "description changed", subject, "operation docs");
        }
    }
}

/// The name users call an operation by: its plain method, or its streaming one.
pub(super) fn method_of(op: &Operation) -> &str {
    match (&op.call, &op.stream) {
        (Some(call), _) => &call.plain,
        (None, Some(stream)) => &stream.methods.plain,
        (None, None) => &op.id,
    }
}

pub(super) fn req(required: bool) -> &'static str {
    if required {
        ""
    } else {
        " (optional)"
    }
}

pub(super) fn describe_body(names: &Names, op: &Operation) -> String {
    match &op.body {
        Some(b) => format!("{}{}", describe(names, &b.ty), req(b.required)),
        None => "none".to_owned(),
    }
}

pub(super) fn describe_opt(names: &Names, ty: &Option<TypeRef>) -> String {
    ty.as_ref()
        .map(|t| describe(names, t))
        .unwrap_or_else(|| "none".to_owned())
}
