//! Passes over the graph of types: aliases that reach themselves become newtypes, and
//! struct fields that contain their struct are boxed (strongly connected components, Tarjan),
//! and so are fields whose type is too large to hold inline (estimated sizes).

use super::passes::{children, named_refs, Boxes, Newtypes, Presences};
use crate::ir::*;

/// Turns every alias that reaches itself through other aliases (`Tree = BTreeMap<String,
/// Tree>`, or `Ping = Vec<Pong>` with `Pong = BTreeMap<String, Ping>`) into a newtype: Rust
/// cannot expand such an alias, but a struct may hold itself inside a list or a map.
pub(super) fn break_alias_cycles(api: &mut Api) -> Newtypes {
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(target) => {
                let mut refs = Vec::new();
                named_refs(target, false, &mut refs);
                refs.iter()
                    .filter_map(|&r| api.types.position(r))
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
    for (i, def) in api.types.iter_mut().enumerate() {
        if let (true, TypeKind::Alias(target)) = (cyclic.contains(&i), &def.kind) {
            def.kind = TypeKind::Newtype(target.clone());
        }
    }
    Newtypes(())
}

/// Boxes every struct field whose type contains the struct without indirection: the field's
/// type and the struct lie on one cycle of direct edges (not through `Vec` or a map), that is,
/// in one strongly connected component of that graph. Tarjan's algorithm finds them all in
/// linear time.
pub(super) fn mark_boxes(api: &mut Api, _: &Newtypes, _: &Presences) -> Boxes {
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            children(t, true)
                .iter()
                .filter_map(|&c| api.types.position(c))
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
                    .filter_map(|&r| api.types.position(r))
                    .any(|t| component[t] == component[ti]);
                if cyclic {
                    boxes.push((ti, fi));
                }
            }
        }
    }
    for (ti, fi) in boxes {
        if let Some(TypeKind::Struct(s)) = api.types.iter_mut().nth(ti).map(|def| &mut def.kind) {
            s.fields[fi].boxed = true;
        }
    }
    box_large_fields(api);
    Boxes(())
}

/// How many bytes a struct or union a field holds inline may take before the field is boxed.
/// Kubernetes-sized types (Argo's `Workflow` holds a pod spec inline, tens of kilobytes) make
/// a debug build's decoding frames and the client's futures outgrow a 2 MiB thread stack;
/// boxing what is this large keeps every value's inline part small, and costs one allocation
/// where the value is there. Chat-sized types stay as they are: anyfast's largest inline field
/// is far below it.
const LARGE: usize = 2048;

/// Boxes each struct field whose struct or union would take more than [`LARGE`] bytes inline,
/// deciding from the leaves up, so that a struct's own size counts its boxed fields as
/// pointers. Sizes are estimates for 64-bit targets, close enough to find the outliers.
fn box_large_fields(api: &mut Api) {
    let n = api.types.len();
    let mut sizes: Vec<Option<usize>> = vec![None; n];
    let mut decided: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        size_of_type(api, root, &mut sizes, &mut decided);
    }
    for (ti, fi) in decided {
        if let Some(TypeKind::Struct(s)) = api.types.iter_mut().nth(ti).map(|def| &mut def.kind) {
            s.fields[fi].boxed = true;
        }
    }
}

/// The estimated inline size of the type at `i`, boxing (into `decided`) what is too large
/// on the way. A type met again while its size is being found is behind a box already (the
/// cycles are boxed), so it counts as a pointer.
fn size_of_type(api: &Api, i: usize, sizes: &mut Vec<Option<usize>>, decided: &mut Vec<(usize, usize)>) -> usize {
    if let Some(size) = sizes[i] {
        return size;
    }
    // A pointer's worth while in progress, which a cycle through a box is.
    sizes[i] = Some(8);
    let size = match &api.types[i].kind {
        TypeKind::Struct(s) => {
            let mut total = 0;
            for (fi, f) in s.fields.iter().enumerate() {
                let inner = size_of_ref(api, &f.ty, sizes, decided);
                let holds_type = named_struct_or_union(api, &f.ty).is_some();
                let boxed = f.boxed || holds_type && inner > LARGE;
                if boxed && !f.boxed {
                    decided.push((i, fi));
                }
                let value = if boxed { 8 } else { inner };
                total += match f.presence {
                    Presence::Required => value,
                    Presence::Optional | Presence::Nullable => value + 8,
                    Presence::OptionalNullable => value + 16,
                };
            }
            total + s.extra.as_ref().map_or(0, |_| 48) + s.received.as_ref().map_or(0, |_| 24)
        }
        TypeKind::Enum(_) => 32,
        TypeKind::Union(u) => {
            let largest = u
                .variants
                .iter()
                .map(|v| size_of_ref(api, &v.ty, sizes, decided))
                .max()
                .unwrap_or(0);
            largest + 8
        }
        TypeKind::Alias(t) | TypeKind::Newtype(t) => size_of_ref(api, t, sizes, decided),
    };
    sizes[i] = Some(size);
    size
}

fn size_of_ref(api: &Api, ty: &TypeRef, sizes: &mut Vec<Option<usize>>, decided: &mut Vec<(usize, usize)>) -> usize {
    match ty {
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::U32 => 4,
        TypeRef::I64 | TypeRef::U64 | TypeRef::F64 => 8,
        TypeRef::String | TypeRef::Vec(_) => 24,
        TypeRef::Json => 32,
        TypeRef::Map(_) => 48,
        TypeRef::Option(inner) => size_of_ref(api, inner, sizes, decided) + 8,
        TypeRef::Named(id) => match api.types.position(*id) {
            Some(j) => size_of_type(api, j, sizes, decided),
            None => 8,
        },
    }
}

/// The struct or union a field's type names directly (through `Option`s and aliases): what a
/// box can hold.
fn named_struct_or_union<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a TypeDef> {
    match ty {
        TypeRef::Option(inner) => named_struct_or_union(api, inner),
        TypeRef::Named(id) => {
            let def = api.types.get(*id)?;
            match &def.kind {
                TypeKind::Struct(_) | TypeKind::Union(_) => Some(def),
                TypeKind::Alias(t) => named_struct_or_union(api, t),
                _ => None,
            }
        }
        _ => None,
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
