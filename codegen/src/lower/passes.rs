//! Whole-API passes, run once every schema and operation is lowered: ordering, tag
//! stripping, usage (and so openness), presence, member names, boxing and validation.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::names::{self, Namespace};
use crate::error::unescape_pointer;
use crate::ident::unraw;
use crate::ir::*;
use crate::spec::Schema;

/// Puts types in the spec's order: each component where the spec declares it, followed by the
/// inline types lowered from inside it; inline types from operations come last.
pub(super) fn order_types(types: &mut [TypeDef], schemas: &IndexMap<String, Schema>) {
    let component_of = |pointer: &str| {
        let rest = pointer.strip_prefix("/components/schemas/")?;
        let key = unescape_pointer(rest.split('/').next().unwrap_or(rest));
        schemas.get_index_of(&key)
    };
    // A stable sort keeps the lowering order inside each group, so inline types follow in the
    // order their properties appear.
    types.sort_by_key(|t| {
        let is_inline = t.pointer.matches('/').count() > 3;
        (component_of(&t.pointer).unwrap_or(usize::MAX), is_inline)
    });
}

/// Removes from each struct the property its tagged union already writes as the tag.
pub(super) fn strip_tag_fields(api: &mut Api, strip: &BTreeMap<String, String>) {
    for def in &mut api.types {
        if let (Some(prop), TypeKind::Struct(s)) = (strip.get(&def.name), &mut def.kind) {
            s.fields.retain(|f| f.wire_name() != Some(prop.as_str()));
        }
    }
}

/// The named types a type refers to directly (`direct`) or through any container.
fn named_refs(ty: &TypeRef, direct_only: bool, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Option(inner) => named_refs(inner, direct_only, out),
        TypeRef::Vec(inner) | TypeRef::Map(inner) if !direct_only => named_refs(inner, direct_only, out),
        _ => {}
    }
}

/// The types a type holds, for the IR tests.
#[cfg(test)]
pub(super) fn children_for_tests(def: &TypeDef) -> Vec<String> {
    children(def, false)
}

fn children(def: &TypeDef, direct_only: bool) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                named_refs(&f.ty, direct_only, &mut out);
            }
            if let Some(extra) = &s.extra {
                if !direct_only {
                    named_refs(&extra.value, direct_only, &mut out);
                }
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                named_refs(&v.ty, direct_only, &mut out);
            }
        }
        TypeKind::Alias(t) | TypeKind::Newtype(t) => named_refs(t, direct_only, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// Marks which types requests and responses reach, and so which enums and tagged unions are
/// open: a type stays closed only where the user alone writes it, in requests. What the
/// server sends, or what no operation uses, keeps unknown values.
pub(super) fn mark_usage(api: &mut Api, declared_open: &BTreeSet<String>) {
    let index: BTreeMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let reach = |roots: Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if let Some(&i) = index.get(&name) {
                if seen.insert(name) {
                    stack.extend(children(&api.types[i], false));
                }
            }
        }
        seen
    };
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in &api.operations {
        if let Some(body) = &op.body {
            named_refs(&body.ty, false, &mut request_roots);
        }
        for p in &op.params {
            named_refs(&p.ty, false, &mut request_roots);
        }
        if let Some(r) = &op.response {
            named_refs(r, false, &mut response_roots);
        }
        if let Some(s) = &op.stream {
            named_refs(&s.event, false, &mut response_roots);
        }
    }
    // A webhook's payload is received, like a response.
    for hook in &api.webhooks {
        named_refs(&hook.payload, false, &mut response_roots);
    }
    let requests = reach(request_roots);
    let responses = reach(response_roots);
    for def in &mut api.types {
        def.in_request = requests.contains(&def.name);
        def.in_response = responses.contains(&def.name);
        let open = def.in_response || !def.in_request;
        // An open type gets its catch-all variant, named beside the variants it already has.
        match &mut def.kind {
            TypeKind::Enum(e) if open || declared_open.contains(&def.name) => {
                e.other = Some(names::catch_all(e.variants.iter().map(|v| v.rust_name.as_str())));
            }
            TypeKind::Union(u) if open && u.tag.is_some() => {
                u.other = Some(names::catch_all(u.variants.iter().map(|v| v.rust_name.as_str())));
            }
            _ => {}
        }
    }
}

/// Boxes every struct field whose type contains the struct without indirection: the field's
/// type and the struct lie on one cycle of direct edges (not through `Vec` or a map), that is,
/// in one strongly connected component of that graph. Tarjan's algorithm finds them all in
/// linear time.
pub(super) fn mark_boxes(api: &mut Api) {
    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            children(t, true)
                .iter()
                .filter_map(|c| index.get(c.as_str()).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut boxes = Vec::new();
    for (ti, def) in api.types.iter().enumerate() {
        if let TypeKind::Struct(s) = &def.kind {
            for (fi, f) in s.fields.iter().enumerate() {
                let mut refs = Vec::new();
                named_refs(&f.ty, true, &mut refs);
                let cyclic = refs
                    .iter()
                    .filter_map(|r| index.get(r.as_str()))
                    .any(|&t| component[t] == component[ti]);
                if cyclic {
                    boxes.push((ti, fi));
                }
            }
        }
    }
    for (ti, fi) in boxes {
        if let TypeKind::Struct(s) = &mut api.types[ti].kind {
            s.fields[fi].boxed = true;
        }
    }
}

/// The strongly connected component of every node (Tarjan, iterative so deep graphs cannot
/// overflow the stack).
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next_order, mut next_component) = (Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame is a node and the index of the next edge to follow from it.
        let mut frames = vec![(root, 0usize)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Marks the types whose check before sending can fail (a constraint anywhere inside), and
/// the request bodies to check. Only what users send is checked, so only types a request
/// reaches implement `Validate`.
pub(super) fn mark_validation(api: &mut Api) {
    let mut validated = BTreeSet::new();
    loop {
        let before = validated.len();
        for def in api.types.iter().filter(|t| t.in_request) {
            let needs = match &def.kind {
                TypeKind::Struct(s) => {
                    !s.conditions.is_empty()
                        || s.fields
                            .iter()
                            .any(|f| !f.constraints.is_empty() || validates(&f.ty, &validated))
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .any(|v| !v.constraints.is_empty() || validates(&v.ty, &validated)),
                TypeKind::Alias(t) | TypeKind::Newtype(t) => validates(t, &validated),
                TypeKind::Enum(_) => false,
            };
            if needs {
                validated.insert(def.name.clone());
            }
        }
        if validated.len() == before {
            break;
        }
    }
    for def in &mut api.types {
        def.validates = validated.contains(&def.name);
    }
    for op in &mut api.operations {
        if let Some(body) = &mut op.body {
            body.validate = validates(&body.ty, &validated);
        }
    }
}

fn validates(ty: &TypeRef, validated: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(n) => validated.contains(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => validates(inner, validated),
        _ => false,
    }
}

/// Settles each field's presence now that usage is known: only a type users send tells an
/// absent field from `null`. Stream flags follow their field.
///
/// The decoding policy is decided here too: in a type the server sends, a required field whose
/// type has a natural empty value (a string, a number, a boolean, a list or a map: ids,
/// timestamps, counts; any JSON value, as `null`; and a one-value enum, an object tag, whose
/// value is its own) reads as
/// that value when the wire omits it. Servers that call
/// themselves compatible leave such fields out, and failing a whole response or stream over a
/// missing tag helps no one. Fields of other named types (objects, enums, unions) stay truly
/// required: there is no value to invent for them.
pub(super) fn decide_presence(api: &mut Api) {
    // A string enum of one value is a tag (`object: chat.completion.chunk`): its one value is
    // what an absent tag can only mean.
    let tags: BTreeSet<String> = api
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Enum(e) if e.variants.len() == 1))
        .map(|t| t.name.clone())
        .collect();
    for def in &mut api.types {
        let (in_request, in_response) = (def.in_request, def.in_response);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    // A required `readOnly` property is required of responses only, and a
                    // `writeOnly` one of requests only: a type that travels the other way too
                    // has it optional.
                    let one_way = match f.facts.only {
                        Some(Direction::Received) => in_request,
                        Some(Direction::Sent) => in_response,
                        None => false,
                    };
                    let required = f.facts.required && !one_way;
                    f.presence = Presence::from_spec(required, f.facts.nullable, in_request);
                    let lenient = in_response && f.presence == Presence::Required && has_empty_value(&f.ty, &tags);
                    f.kind = FieldKind::of(&f.wire, f.presence, lenient);
                    f.fixed =
                        f.presence == Presence::Required && matches!(&f.ty, TypeRef::Named(n) if tags.contains(n));
                }
                // With every field optional, the empty value is a valid one.
                s.derive_default = s.fields.iter().all(|f| f.presence.is_option());
            }
            // A tag's one value is its default, which an absent tag reads as.
            TypeKind::Enum(e) if tags.contains(&def.name) => {
                e.default_variant = e.variants.first().map(|v| v.rust_name.clone());
            }
            _ => {}
        }
    }
    let index: BTreeMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    for op in &mut api.operations {
        let Some(body) = &mut op.body else { continue };
        let (Some(flag), TypeRef::Named(name)) = (&mut body.stream_flag, &body.ty) else {
            continue;
        };
        if let Some(TypeKind::Struct(s)) = index.get(name).map(|&i| &api.types[i].kind) {
            if let Some(f) = s.fields.iter().find(|f| f.rust_name == flag.rust_name) {
                flag.presence = f.presence;
            }
        }
    }
}

/// Turns every alias that reaches itself through other aliases (`Tree = BTreeMap<String,
/// Tree>`, or `Ping = Vec<Pong>` with `Pong = BTreeMap<String, Ping>`) into a newtype: Rust
/// cannot expand such an alias, but a struct may hold itself inside a list or a map.
pub(super) fn break_alias_cycles(api: &mut Api) {
    let index: BTreeMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(target) => {
                let mut refs = Vec::new();
                named_refs(target, false, &mut refs);
                refs.iter()
                    .filter_map(|r| index.get(r).copied())
                    .filter(|&i| matches!(api.types[i].kind, TypeKind::Alias(_)))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let cyclic: Vec<usize> = (0..api.types.len())
        .filter(|&i| edges[i].iter().any(|&j| component[j] == component[i]))
        .collect();
    for i in cyclic {
        if let TypeKind::Alias(target) = &api.types[i].kind {
            api.types[i].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// Decides which union variants get a `From` impl for their payload: those whose payload type,
/// seen through aliases, no other variant shares (two `From<String>` impls would not compile).
pub(super) fn decide_conversions(api: &mut Api) {
    let aliases: BTreeMap<String, TypeRef> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.name.clone(), target.clone())),
            _ => None,
        })
        .collect();
    let resolve = |ty: &TypeRef| {
        let mut current = ty.clone();
        for _ in 0..32 {
            match &current {
                TypeRef::Named(n) if aliases.contains_key(n) => current = aliases[n].clone(),
                _ => break,
            }
        }
        current
    };
    for def in &mut api.types {
        if let TypeKind::Union(u) = &mut def.kind {
            let resolved: Vec<TypeRef> = u.variants.iter().map(|v| resolve(&v.ty)).collect();
            for (v, r) in u.variants.iter_mut().zip(&resolved) {
                v.from_payload = resolved.iter().filter(|o| *o == r).count() == 1;
            }
        }
    }
}

/// Whether a type has a natural empty value that an absent field can read as.
fn has_empty_value(ty: &TypeRef, tags: &BTreeSet<String>) -> bool {
    if let TypeRef::Named(name) = ty {
        return tags.contains(name);
    }
    matches!(
        ty,
        TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Json
    )
}

/// Whether a setter or constructor can take `impl Into<T>` without breaking the inference of a
/// literal: not for numbers and booleans, where `with_n(3)` must stay an `i64`.
pub(super) fn takes_into(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Json
    )
}

/// Names the constructor and setters of each type users build. Fields were claimed first, so
/// they keep their plain names and the derived ones move aside.
pub(super) fn name_members(api: &mut Api) {
    for def in &mut api.types {
        let in_request = def.in_request;
        match &mut def.kind {
            TypeKind::Struct(s) if in_request => {
                let mut methods = Namespace::default();
                // Parameters in the order of `required` (an array, which no reformat of the
                // spec reorders); a required field it does not list (a flattened union, a
                // property marked `required: true`) follows, in field order.
                let mut params: Vec<(usize, &Field)> = s
                    .fields
                    .iter()
                    .filter(|f| f.presence == Presence::Required && !f.fixed)
                    .map(|f| {
                        let listed = match &f.wire {
                            Wire::Name(wire) => s.required.iter().position(|r| r == wire),
                            Wire::Flatten => None,
                        };
                        (listed.unwrap_or(usize::MAX), f)
                    })
                    .collect();
                params.sort_by_key(|(rank, _)| *rank);
                s.constructor = Some(Constructor {
                    name: methods.claim("new"),
                    params: params.into_iter().map(|(_, f)| f.rust_name.clone()).collect(),
                });
                for f in &mut s.fields {
                    f.builder.into = takes_into(&f.ty);
                }
                for f in s.fields.iter_mut().filter(|f| f.presence != Presence::Required) {
                    f.builder.setter = Some(methods.claim(&format!("with_{}", unraw(&f.rust_name))));
                }
                for f in &mut s.fields {
                    if f.presence == Presence::OptionalNullable {
                        f.builder.null_setter = Some(methods.claim(&format!("with_{}_null", unraw(&f.rust_name))));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Gives each type with fields the decoding policy may fill in its hidden `Received` field,
/// named among the struct's fields.
pub(super) fn name_received_fields(api: &mut Api) {
    for def in &mut api.types {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        if !s.fields.iter().any(|f| f.kind == FieldKind::Lenient) {
            continue;
        }
        let mut fields = Namespace::with_taken(
            s.fields
                .iter()
                .map(|f| f.rust_name.as_str())
                .chain(s.extra.iter().map(|e| e.rust_name.as_str())),
        );
        s.received = Some(fields.claim("received"));
    }
}

/// The cargo feature a tag gives: its snake_case name, made a valid feature name (`Fine-tuning`
/// is `fine_tuning`; `default` would clash with cargo's own and becomes `default_tag`).
fn feature_name(tag: &str) -> String {
    let snake: String = heck::ToSnakeCase::to_snake_case(tag)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    let snake = snake.trim_matches('_').to_owned();
    match snake.as_str() {
        "" => "untagged".to_owned(),
        "default" => "default_tag".to_owned(),
        s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("tag_{s}"),
        _ => snake,
    }
}

/// Cargo features per tag, so that a user compiles only the operations they call: each
/// operation is enabled by its tags' features (`untagged` when it has none), each type by the
/// features of every operation that reaches it through bodies, responses, events, parameters
/// and the types those hold; webhook payload types by `webhooks`; the types nothing reaches by
/// `unreferenced`. With fewer than two features there is nothing to choose, and none are made.
pub(super) fn decide_features(api: &mut Api) {
    let op_features: Vec<Vec<String>> = api
        .operations
        .iter()
        .map(|op| {
            let mut names: Vec<String> = op.tags.iter().map(|t| feature_name(t)).collect();
            if names.is_empty() {
                names.push("untagged".to_owned());
            }
            names.sort();
            names.dedup();
            names
        })
        .collect();
    let mut all: BTreeSet<String> = op_features.iter().flatten().cloned().collect();
    if !api.webhooks.is_empty() {
        all.insert("webhooks".to_owned());
    }
    if all.len() < 2 {
        return;
    }
    let index: BTreeMap<String, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    let mark = |roots: Vec<&TypeRef>, features: &[String], reached: &mut Vec<BTreeSet<String>>| {
        let mut stack = Vec::new();
        for root in roots {
            named_refs(root, false, &mut stack);
        }
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(&name) else { continue };
            let before = reached[i].len();
            reached[i].extend(features.iter().cloned());
            if reached[i].len() != before {
                stack.extend(children(&api.types[i], false));
            }
        }
    };
    for (op, features) in api.operations.iter().zip(&op_features) {
        let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
        roots.extend(op.body.as_ref().map(|b| &b.ty));
        roots.extend(op.response.as_ref());
        roots.extend(op.stream.as_ref().map(|s| &s.event));
        mark(roots, features, &mut reached);
    }
    let webhooks = ["webhooks".to_owned()];
    for hook in &api.webhooks {
        mark(vec![&hook.payload], &webhooks, &mut reached);
    }
    // Types no operation or webhook reaches (schemas kept for users, event unions) come under
    // a feature of their own, with what they hold, so a tag alone does not compile them.
    let unreferenced: Vec<TypeRef> = (0..api.types.len())
        .filter(|&i| reached[i].is_empty())
        .map(|i| TypeRef::Named(api.types[i].name.clone()))
        .collect();
    if !unreferenced.is_empty() {
        let feature = ["unreferenced".to_owned()];
        mark(unreferenced.iter().collect(), &feature, &mut reached);
        all.insert("unreferenced".to_owned());
    }
    for (def, features) in api.types.iter_mut().zip(reached) {
        def.features = features.into_iter().collect();
    }
    for (op, features) in api.operations.iter_mut().zip(op_features) {
        op.features = features;
    }
    api.features = all.into_iter().collect();
}
