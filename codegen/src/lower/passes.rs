//! Whole-API passes, run once every schema and operation is lowered: ordering, tag
//! stripping, usage (and so openness), presence, member names and validation (`cycles.rs`:
//! newtypes and boxing; `features.rs`: cargo features).
//!
//! Each pass returns a proof that it ran, and a pass that reads what another decides takes
//! that pass's proof, so the compiler checks the order; [`Done`] takes every proof, so none is
//! left out. What each reads and writes:
//!
//! | pass | reads | writes | needs |
//! |---|---|---|---|
//! | `order_types` | pointers | the order, the id index ([`Types`]) | |
//! | `strip_tag_fields` | the tagged unions' tags | fields | |
//! | `break_alias_cycles` | aliases | alias → newtype | |
//! | `mark_usage` | what operations reach | `in_request`, `in_response`, catch-alls | [`Stripped`] |
//! | `decide_presence` | field facts, usage | presence, rows, `fixed`, tags' default variants, stream flags | [`Usage`] |
//! | `name_members` | presence | constructor, setters | [`Presences`] |
//! | `decide_defaults` | presence, usage, members | `Default` of what the server sends | [`Members`] |
//! | `name_webhook_events` | webhooks, fixed tags | the event union's variants and `type`s | [`Presences`] |
//! | `decide_conversions` | variants, aliases | `From` impls | [`Newtypes`] |
//! | `mark_boxes` | direct containment, estimated sizes (presence) | `boxed` | [`Newtypes`], [`Presences`] |
//! | `mark_validation` | constraints, usage | `validates` | [`Usage`] |
//! | `name_received_fields` | rows | the hidden `Received` field | [`Presences`] |
//! | `decide_features` | tags, what operations reach | features | |

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::names::{self, Namespace};

/// Proof that tag fields were stripped.
pub(super) struct Stripped(());
/// Proof that aliases reaching themselves are newtypes.
pub(super) struct Newtypes(pub(super) ());
/// Proof that usage (requests, responses, openness) is marked.
pub(super) struct Usage(());
/// Proof that presence, rows and the decoding policy are decided.
pub(super) struct Presences(());
/// Proof that constructors and setters are named.
pub(super) struct Members(());
/// Proof that what the server sends has its `Default`.
pub(super) struct Defaults(());
/// Proof that the webhook event union is named.
pub(super) struct WebhookEvents(());
/// Proof that unions' `From` impls are decided.
pub(super) struct Conversions(());
/// Proof that fields that contain their struct are boxed.
pub(super) struct Boxes(pub(super) ());
/// Proof that what is checked before sending is marked.
pub(super) struct Validation(());
/// Proof that hidden `Received` fields are named.
pub(super) struct Received(());
/// Proof that cargo features are decided.
pub(super) struct Features(pub(super) ());

/// Every pass's proof: the API they were run on is finished.
pub(super) struct Done {
    pub(super) defaults: Defaults,
    pub(super) webhook_events: WebhookEvents,
    pub(super) conversions: Conversions,
    pub(super) boxes: Boxes,
    pub(super) validation: Validation,
    pub(super) received: Received,
    pub(super) features: Features,
}

impl Done {
    /// The finished API.
    pub(super) fn finish(self, api: Api) -> Api {
        let Done {
            defaults: Defaults(()),
            webhook_events: WebhookEvents(()),
            conversions: Conversions(()),
            boxes: Boxes(()),
            validation: Validation(()),
            received: Received(()),
            features: Features(()),
        } = self;
        api
    }
}
use crate::error::unescape_pointer;
use crate::ident::stem;
use crate::ir::*;
use crate::spec::Schema;

/// Puts types in the spec's order: each component where the spec declares it, followed by the
/// inline types lowered from inside it; inline types from operations come last. The order is
/// final: the API's types are indexed by id from here on.
pub(super) fn order_types(mut types: Vec<TypeDef>, schemas: &IndexMap<String, Schema>) -> Types {
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
    Types::new(types)
}

/// Removes from each struct the property its tagged union already writes as the tag.
pub(super) fn strip_tag_fields(api: &mut Api, strip: &BTreeMap<TypeId, String>) -> Stripped {
    for def in &mut api.types {
        if let (Some(prop), TypeKind::Struct(s)) = (strip.get(&def.id), &mut def.kind) {
            s.fields.retain(|f| f.wire_name() != Some(prop.as_str()));
        }
    }
    Stripped(())
}

/// The named types a type refers to directly (`direct`) or through any container.
pub(super) fn named_refs(ty: &TypeRef, direct_only: bool, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Option(inner) => named_refs(inner, direct_only, out),
        TypeRef::Vec(inner) | TypeRef::Map(inner) if !direct_only => named_refs(inner, direct_only, out),
        _ => {}
    }
}

/// The types a type holds, for the IR tests.
#[cfg(test)]
pub(super) fn children_for_tests(def: &TypeDef) -> Vec<TypeId> {
    children(def, false)
}

pub(super) fn children(def: &TypeDef, direct_only: bool) -> Vec<TypeId> {
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
pub(super) fn mark_usage(api: &mut Api, declared_open: &BTreeSet<TypeId>, _: &Stripped) -> Usage {
    let reach = |roots: Vec<TypeId>| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(id) = stack.pop() {
            if let Some(def) = api.types.get(id) {
                if seen.insert(id) {
                    stack.extend(children(def, false));
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
        def.in_request = requests.contains(&def.id);
        def.in_response = responses.contains(&def.id);
        let open = def.in_response || !def.in_request;
        // An open type gets its catch-all variant, named beside the variants it already has.
        match &mut def.kind {
            TypeKind::Enum(e) if open || declared_open.contains(&def.id) => {
                e.other = Some(names::catch_all(e.variants.iter().map(|v| v.rust_name.as_str())));
            }
            TypeKind::Union(u) if open && u.tag.is_some() => {
                u.other = Some(names::catch_all(u.variants.iter().map(|v| v.rust_name.as_str())));
            }
            _ => {}
        }
    }
    Usage(())
}

/// Marks the types whose check before sending can fail (a constraint anywhere inside), and
/// the request bodies to check. Only what users send is checked, so only types a request
/// reaches implement `Validate`.
pub(super) fn mark_validation(api: &mut Api, _: &Usage) -> Validation {
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
                validated.insert(def.id);
            }
        }
        if validated.len() == before {
            break;
        }
    }
    for def in &mut api.types {
        def.validates = validated.contains(&def.id);
    }
    for op in &mut api.operations {
        if let Some(body) = &mut op.body {
            body.validate = validates(&body.ty, &validated);
        }
    }
    Validation(())
}

fn validates(ty: &TypeRef, validated: &BTreeSet<TypeId>) -> bool {
    match ty {
        TypeRef::Named(id) => validated.contains(id),
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
pub(super) fn decide_presence(api: &mut Api, _: &Usage) -> Presences {
    // A string enum of one value is a tag (`object: chat.completion.chunk`): its one value is
    // what an absent tag can only mean.
    let tags: BTreeSet<TypeId> = api
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Enum(e) if e.variants.len() == 1))
        .map(|t| t.id)
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
                        f.presence == Presence::Required && matches!(&f.ty, TypeRef::Named(id) if tags.contains(id));
                }
            }
            // A tag's one value is its default, which an absent tag reads as.
            TypeKind::Enum(e) if tags.contains(&def.id) => {
                e.default_variant = e.variants.first().map(|v| v.rust_name.clone());
            }
            _ => {}
        }
    }
    for op in &mut api.operations {
        let Some(body) = &mut op.body else { continue };
        let (Some(flag), TypeRef::Named(id)) = (&mut body.stream_flag, &body.ty) else {
            continue;
        };
        if let Some(TypeKind::Struct(s)) = api.types.get(*id).map(|def| &def.kind) {
            if let Some(f) = s.fields.iter().find(|f| f.rust_name == flag.rust_name) {
                flag.presence = f.presence;
            }
        }
    }
    Presences(())
}

/// Decides which union variants get a `From` impl for their payload: those whose payload type,
/// seen through aliases, no other variant shares (two `From<String>` impls would not compile).
pub(super) fn decide_conversions(api: &mut Api, _: &Newtypes) -> Conversions {
    let aliases: BTreeMap<TypeId, TypeRef> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.id, target.clone())),
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
    Conversions(())
}

/// Whether a type has a natural empty value that an absent field can read as.
fn has_empty_value(ty: &TypeRef, tags: &BTreeSet<TypeId>) -> bool {
    if let TypeRef::Named(id) = ty {
        return tags.contains(id);
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
pub(super) fn name_members(api: &mut Api, _: &Presences) -> Members {
    for def in &mut api.types {
        let (in_request, in_response) = (def.in_request, def.in_response);
        match &mut def.kind {
            TypeKind::Struct(s) if in_request || in_response => {
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
                // Users build request types from their required fields; what only the server
                // sends starts from `Default` instead.
                let params: Vec<String> = params.into_iter().map(|(_, f)| f.rust_name.clone()).collect();
                if in_request {
                    s.constructor = Some(Constructor {
                        name: methods.claim("new"),
                        params,
                    });
                }
                for f in &mut s.fields {
                    f.builder.into = takes_into(&f.ty);
                }
                for f in s.fields.iter_mut().filter(|f| f.presence != Presence::Required) {
                    f.builder.setter = Some(methods.claim(&format!("with_{}", stem(&f.rust_name))));
                }
                for f in &mut s.fields {
                    if f.presence == Presence::OptionalNullable {
                        f.builder.null_setter = Some(methods.claim(&format!("with_{}_null", stem(&f.rust_name))));
                    }
                }
                // A value the server sends is built in one expression in users' tests, so
                // every field has a setter; the required ones are named last, so adding them
                // renames none of the others.
                if in_response {
                    for f in s
                        .fields
                        .iter_mut()
                        .filter(|f| f.presence == Presence::Required && !f.fixed)
                    {
                        f.builder.setter = Some(methods.claim(&format!("with_{}", stem(&f.rust_name))));
                    }
                }
            }
            _ => {}
        }
    }
    Members(())
}

/// `Default` for every type the server sends whose empty value is finite, so users' tests
/// build any response in one expression (`ChatCompletion::default().with_choices(…)`): a struct
/// whose required fields all have one, an enum by its first value, a union by the first
/// variant whose payload has one. The least fixed point is taken, so a default never recurses
/// without end (a struct that requires itself, a union whose every branch does, get none).
/// Structs whose every field is optional have one whichever way they travel.
pub(super) fn decide_defaults(api: &mut Api, _: &Members) -> Defaults {
    // Each type's rank: the order in which it was found to have a finite default. What a
    // default holds always ranks lower, so following defaults always ends.
    let mut rank: BTreeMap<TypeId, usize> = BTreeMap::new();
    loop {
        let mut grew = false;
        for def in api.types.iter() {
            if rank.contains_key(&def.id) {
                continue;
            }
            let has = |ty: &TypeRef| value_has_default(ty, &rank, usize::MAX);
            let ok = match &def.kind {
                TypeKind::Struct(s) => {
                    let all_optional = s.fields.iter().all(|f| f.presence.is_option());
                    (all_optional || def.in_response)
                        && s.fields.iter().filter(|f| !f.presence.is_option()).all(|f| has(&f.ty))
                }
                TypeKind::Enum(e) => e.default_variant.is_some() || (def.in_response && !e.variants.is_empty()),
                TypeKind::Union(u) => def.in_response && u.variants.iter().any(|v| has(&v.ty)),
                TypeKind::Newtype(ty) => matches!(ty, TypeRef::Vec(_) | TypeRef::Map(_)),
                TypeKind::Alias(ty) => has(ty),
            };
            if ok {
                let next = rank.len();
                rank.insert(def.id, next);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    for def in &mut api.types {
        let own = rank.get(&def.id).copied();
        match &mut def.kind {
            TypeKind::Struct(s) => s.derive_default = own.is_some(),
            TypeKind::Enum(e) if own.is_some() && e.default_variant.is_none() => {
                e.default_variant = e.variants.first().map(|v| v.rust_name.clone());
            }
            // The first variant whose payload's default was settled before the union's, so it
            // does not hold the union again.
            TypeKind::Union(u) => {
                u.default_variant = own.and_then(|own| {
                    u.variants
                        .iter()
                        .find(|v| value_has_default(&v.ty, &rank, own))
                        .map(|v| v.rust_name.clone())
                });
            }
            _ => {}
        }
    }
    Defaults(())
}

/// Names each webhook's variant of the generated `WebhookEvent` union (`Other` keeps the rest)
/// and finds the `type` its payload always carries: a required property `type` fixed to one
/// value, which picks the variant when an event is decoded.
pub(super) fn name_webhook_events(api: &mut Api, _: &Presences) -> WebhookEvents {
    let mut variants = Namespace::with_taken(["Other"]);
    let event_types: Vec<Option<String>> = api
        .webhooks
        .iter()
        .map(|w| {
            let TypeRef::Named(id) = &w.payload else { return None };
            let TypeKind::Struct(s) = &api.types.get(*id)?.kind else {
                return None;
            };
            let field = s.fields.iter().find(|f| f.fixed && f.wire_name() == Some("type"))?;
            let TypeRef::Named(tag) = &field.ty else { return None };
            let TypeKind::Enum(e) = &api.types.get(*tag)?.kind else {
                return None;
            };
            e.variants.first().map(|v| v.wire.clone())
        })
        .collect();
    for (hook, event_type) in api.webhooks.iter_mut().zip(event_types) {
        hook.variant = variants.claim(&crate::ident::type_name(&hook.name));
        hook.event_type = event_type;
    }
    WebhookEvents(())
}

/// Whether a value of the type has a default: scalars, strings, lists, maps, options and JSON
/// do; a named type when its default was settled, ranking below `below`.
fn value_has_default(ty: &TypeRef, rank: &BTreeMap<TypeId, usize>, below: usize) -> bool {
    match ty {
        TypeRef::Named(id) => rank.get(id).is_some_and(|r| *r < below),
        TypeRef::Option(_) | TypeRef::Vec(_) | TypeRef::Map(_) => true,
        other => has_empty_value(other, &BTreeSet::new()),
    }
}

/// Gives each type with fields the decoding policy may fill in its hidden `Received` field,
/// named among the struct's fields.
pub(super) fn name_received_fields(api: &mut Api, _: &Presences) -> Received {
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
    Received(())
}
