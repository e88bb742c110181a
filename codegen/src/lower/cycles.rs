//! Passes over the graph of types: aliases that reach themselves become newtypes, and
//! struct fields that contain their struct are boxed (strongly connected components, Tarjan).

use super::passes::{children, named_refs, Boxes, Newtypes};
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
pub(super) fn mark_boxes(api: &mut Api, _: &Newtypes) -> Boxes {
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
    Boxes(())
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
