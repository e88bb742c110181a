//! Cargo features per tag: an operation is enabled by its tags' features, a type by the
//! features of everything that reaches it.

use std::collections::BTreeSet;

use super::passes::{children, named_refs, Features};
use crate::ir::*;

/// The cargo feature a tag gives: its snake_case name, made a valid feature name (`Fine-tuning`
/// is `fine_tuning`; `default` would clash with cargo's own and becomes `default_tag`, `testing`, the mock server's, `testing_tag`).
fn feature_name(tag: &str) -> String {
    let snake: String = heck::ToSnakeCase::to_snake_case(tag)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    let snake = snake.trim_matches('_').to_owned();
    match snake.as_str() {
        "" => "untagged".to_owned(),
        // Cargo's own, and the one every generated crate has for its mock server.
        "default" => "default_tag".to_owned(),
        "testing" => "testing_tag".to_owned(),
        s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("tag_{s}"),
        _ => snake,
    }
}

/// Cargo features per tag, so that a user compiles only the operations they call: each
/// operation is enabled by its tags' features (`untagged` when it has none), each type by the
/// features of every operation that reaches it through bodies, responses, events, parameters
/// and the types those hold (error bodies included); webhook payload types by `webhooks`; the types nothing reaches by
/// `unreferenced`. With fewer than two features there is nothing to choose, and none are made.
pub(super) fn decide_features(api: &mut Api) -> Features {
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
        return Features(());
    }
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    let mark = |roots: Vec<&TypeRef>, features: &[String], reached: &mut Vec<BTreeSet<String>>| {
        let mut stack = Vec::new();
        for root in roots {
            named_refs(root, false, &mut stack);
        }
        while let Some(id) = stack.pop() {
            let Some(i) = api.types.position(id) else { continue };
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
        roots.extend(&op.errors);
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
        .map(|i| TypeRef::Named(api.types[i].id))
        .collect();
    if !unreferenced.is_empty() {
        let feature = ["unreferenced".to_owned()];
        mark(unreferenced.iter().collect(), &feature, &mut reached);
        all.insert("unreferenced".to_owned());
    }
    for (def, features) in api.types.iter_mut().zip(reached) {
        def.features = features.into_iter().collect();
    }
    for (op, features) in api.operations.iter_mut().zip(op_features.iter()) {
        op.features = features.clone();
    }
    let by_id: Vec<(String, Vec<String>)> = api
        .operations
        .iter()
        .map(|o| (o.id.clone(), o.features.clone()))
        .collect();
    for op in &mut api.operations {
        if let Some(task) = op.task.as_mut() {
            task.poll_features = by_id
                .iter()
                .find(|(id, _)| *id == task.poll_id)
                .map(|(_, f)| f.clone())
                .unwrap_or_default();
        }
    }
    api.features = all.into_iter().collect();
    Features(())
}
