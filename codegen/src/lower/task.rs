//! Long-running tasks: an operation whose success response `links` to an operation that reads
//! a task (`x-task` on it: where the status is, which values end the task, where the result and
//! the failure reason are, the documented interval) gets a method returning a task handle.
//! The link's parameters say what the reading call gets: the task id from the response (a
//! `$response.body#/…` expression, with `x-fallback` expressions tried after it) or a fixed value.

use indexmap::IndexMap;
use serde_json::Value;

use super::Lowerer;
use crate::error::{escape_pointer, WarningKind};
use crate::ir::*;
use crate::spec;

/// A link to a task's reading operation, as the starting operation's response states it; the
/// reading operation's own names and types are filled in once every operation is lowered.
#[derive(Debug, Clone)]
pub(super) struct PendingTask {
    /// Where the link is, for warnings.
    pub pointer: String,
    /// The reading operation's `operationId`.
    pub poll_id: String,
    /// Each of its parameters: the task id (`None`) or a fixed value.
    pub args: IndexMap<String, Option<String>>,
    /// Where the task id is in the starting response.
    pub id_from: Vec<String>,
    /// The reading operation's rule.
    pub rule: TaskRule,
}

impl<'a> Lowerer<'a> {
    /// The task an operation starts: the first link of its success response whose target has an
    /// `x-task`. A link that says too little (no task id, an unknown target) is a warning.
    pub(super) fn task_start(&mut self, op: &'a spec::Operation, pointer: &str) -> Option<PendingTask> {
        let (code, response) = op.responses.iter().find(|(code, _)| code.starts_with('2'))?;
        let at = format!("{pointer}/responses/{}", escape_pointer(code));
        let (response, at) = self.resolve(response, &at)?;
        for (name, link) in &response.links {
            let link_at = format!("{at}/links/{}", escape_pointer(name));
            let Some(target_id) = &link.operation_id else { continue };
            let Some((target, target_at)) = self.find_operation(target_id) else {
                self.warn(
                    WarningKind::Skipped,
                    &link_at,
                    format!("link to operation `{target_id}`, which the document does not have: no task handle"),
                );
                continue;
            };
            let Some(rule) = target.task.as_ref() else { continue };
            let Some(rule) = self.task_rule(rule, &format!("{target_at}/x-task")) else {
                continue;
            };
            let mut args = IndexMap::new();
            let mut id_from = Vec::new();
            for (param, value) in &link.parameters {
                match value.as_str().and_then(|v| v.strip_prefix("$response.body#")) {
                    Some(from) if id_from.is_empty() => {
                        id_from.push(from.to_owned());
                        let fallbacks = link.fallback.get(param).into_iter().flatten();
                        id_from.extend(fallbacks.filter_map(|f| f.strip_prefix("$response.body#").map(str::to_owned)));
                        args.insert(param.clone(), None);
                    }
                    _ => match value {
                        Value::String(text) if !text.starts_with('$') => {
                            args.insert(param.clone(), Some(text.clone()));
                        }
                        Value::Number(n) => {
                            args.insert(param.clone(), Some(n.to_string()));
                        }
                        _ => {
                            self.warn(
                                WarningKind::Skipped,
                                &format!("{link_at}/parameters/{}", escape_pointer(param)),
                                "a link parameter other than one task id from the response body or a fixed value: no task handle",
                            );
                            return None;
                        }
                    },
                }
            }
            if id_from.is_empty() {
                self.warn(
                    WarningKind::Skipped,
                    &link_at,
                    "a link to a task that passes no `$response.body#…` task id: no task handle",
                );
                continue;
            }
            return Some(PendingTask {
                pointer: link_at,
                poll_id: target_id.clone(),
                args,
                id_from,
                rule,
            });
        }
        None
    }

    /// The operation with this `operationId`, with its pointer.
    fn find_operation(&self, id: &str) -> Option<(&'a spec::Operation, String)> {
        let doc: &'a spec::OpenApi = self.doc;
        doc.paths.iter().find_map(|(path, item)| {
            item.operations()
                .find(|(_, op)| op.operation_id.as_deref() == Some(id))
                .map(|(method, op)| (op, format!("/paths/{}/{method}", escape_pointer(path))))
        })
    }

    /// An `x-task` read: lists of JSON pointers and values, and the interval in seconds. A
    /// malformed one is a warning and no rule.
    pub(super) fn task_rule(&mut self, value: &Value, pointer: &str) -> Option<TaskRule> {
        let list = |key: &str| -> Option<Vec<String>> {
            match value.get(key) {
                None => Some(Vec::new()),
                Some(Value::String(s)) => Some(vec![s.clone()]),
                Some(Value::Array(items)) => items.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
                Some(_) => None,
            }
        };
        let rule = (|| {
            Some(TaskRule {
                status: list("status")?,
                succeeded: list("succeeded")?,
                failed: list("failed")?,
                result: list("result")?,
                reason: list("reason")?,
                progress: list("progress")?,
                interval_ms: match value.get("interval") {
                    None => None,
                    Some(v) => Some((v.as_f64().filter(|s| *s >= 0.0)? * 1000.0) as u64),
                },
            })
        })();
        let pointers_ok = |r: &TaskRule| {
            [&r.status, &r.result, &r.reason, &r.progress]
                .iter()
                .all(|list| list.iter().all(|p| p.is_empty() || p.starts_with('/')))
        };
        match rule {
            Some(rule) if !rule.status.is_empty() && !rule.succeeded.is_empty() && pointers_ok(&rule) => Some(rule),
            _ => {
                self.warn(
                    WarningKind::Skipped,
                    pointer,
                    "an `x-task` needs `status` (JSON pointers), `succeeded` (values) and lists of strings elsewhere: no task handle",
                );
                None
            }
        }
    }

    /// Fills in each task link from the reading operation: its `_with_response` method, its
    /// arguments in order, its response type. A reading operation that takes a body, a query or
    /// a parameter the link does not give cannot be called by the handle (a warning).
    pub(super) fn resolve_task_links(&mut self, ops: &mut [Operation], pending: Vec<(usize, PendingTask)>) {
        for (index, task) in pending {
            let Some(poll) = ops.iter().find(|o| o.id == task.poll_id) else {
                continue;
            };
            let fits = poll.body.is_none()
                && poll.params.iter().all(|p| p.location == ParamLocation::Path)
                && poll.options_struct.is_none()
                && poll.stream.is_none()
                && poll.params.iter().all(|p| task.args.contains_key(&p.wire_name))
                && task.args.keys().all(|k| poll.params.iter().any(|p| &p.wire_name == k));
            let (Some(call), Some(response), true) = (&poll.call, &poll.response, fits) else {
                self.warn(
                    WarningKind::Skipped,
                    &task.pointer,
                    format!(
                        "operation `{}` cannot read the task from the link alone (it takes a body, options or parameters the link does not give, or returns no JSON): no task handle",
                        task.poll_id
                    ),
                );
                ops[index].task = None;
                continue;
            };
            let mut args = Vec::new();
            let wanted = poll.params.len();
            for param in &poll.params {
                let arg = match &task.args[&param.wire_name] {
                    None => Some(PollArg::TaskId),
                    Some(text) => self.fixed_arg(&param.ty, text),
                };
                let Some(arg) = arg else {
                    self.warn(
                        WarningKind::Skipped,
                        &task.pointer,
                        format!(
                            "`{text:?}` is not a value of parameter `{}`: no task handle",
                            param.wire_name,
                            text = task.args[&param.wire_name]
                        ),
                    );
                    break;
                };
                args.push(arg);
            }
            if args.len() != wanted || !args.contains(&PollArg::TaskId) {
                ops[index].task = None;
                continue;
            }
            let (poll_method, poll_response) = (call.with_response.clone(), response.clone());
            if let Some(link) = ops[index].task.as_mut() {
                link.poll_method = poll_method;
                link.poll_args = args;
                link.poll_response = poll_response;
            }
        }
    }

    /// A fixed argument of type `ty`: a string, or the variant of a string enum with that value.
    fn fixed_arg(&self, ty: &TypeRef, text: &str) -> Option<PollArg> {
        match ty {
            TypeRef::String => Some(PollArg::Text(text.to_owned())),
            TypeRef::Named(id) => self.lowered(*id).and_then(|t| match &t.kind {
                TypeKind::Enum(e) => e
                    .variants
                    .iter()
                    .find(|v| v.wire == text)
                    .map(|v| PollArg::Variant(ty.clone(), v.rust_name.clone())),
                _ => None,
            }),
            _ => None,
        }
    }
}
