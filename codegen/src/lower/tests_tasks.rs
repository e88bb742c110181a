//! Long-running tasks in the IR: which operations get a task handle, how the reading call gets
//! its arguments, and the warnings for links a handle cannot follow.

use crate::ir::*;
use crate::{load_api, Config};

fn lower(text: &str) -> Api {
    load_api(text, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn a_link_to_an_operation_with_x_task_gives_a_handle() {
    let api = lower(include_str!("../../tests/fixtures/specs/tasks.yaml"));
    let task = op(&api, "startRender").task.as_ref().expect("a task");
    assert_eq!(task.method, "start_render_task");
    assert_eq!(task.id_from, ["/operation/name"]);
    assert_eq!(task.poll_method, "get_operation_with_response");
    assert_eq!(task.poll_args, [PollArg::TaskId]);
    assert_eq!(task.rule.status, ["/metadata/phase"]);
    assert_eq!(task.rule.failed, ["ERRORED", "CANCELLED"]);
    assert_eq!(task.rule.interval_ms, Some(2000));
    // A reading operation that needs what the link does not give: no handle, and a warning at
    // the link.
    assert!(op(&api, "startPreview").task.is_none());
    assert!(api
        .warnings
        .iter()
        .any(|w| w.pointer == "/paths/~1v2~1previews/post/responses/200/links/progress"));
}

#[test]
fn the_gateways_tasks_read_by_id_and_by_action() {
    let api = lower(include_str!("../../../spec/openapi.yaml"));
    let video = op(&api, "createVideoGeneration").task.as_ref().expect("a task");
    assert_eq!(video.id_from, ["/task_id", "/id"]);
    assert_eq!(video.rule.status, ["/data/status", "/status"]);
    assert_eq!(video.rule.interval_ms, Some(15_000));
    let kling = op(&api, "createKlingText2Video").task.as_ref().expect("a task");
    assert_eq!(kling.poll_method, "get_kling_video_task_with_response");
    assert!(matches!(&kling.poll_args[..], [PollArg::Variant(_, v), PollArg::TaskId] if v == "Text2video"));
    assert!(op(&api, "createKlingMultiImage2Video").task.is_none());
}

#[test]
fn a_malformed_x_task_is_a_warning_and_no_handle() {
    let spec = include_str!("../../tests/fixtures/specs/tasks.yaml").replace(
        "        status: /metadata/phase\n        succeeded: [DONE]\n        failed",
        "        status: 7\n        succeeded: [DONE]\n        failed",
    );
    let api = lower(&spec);
    assert!(op(&api, "startRender").task.is_none());
    assert!(api
        .warnings
        .iter()
        .any(|w| w.pointer == "/paths/~1v2~1{name}/get/x-task" && w.message.contains("x-task")));
}
