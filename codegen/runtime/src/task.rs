//! Long-running tasks: an operation starts a task, another reads it until its status is final
//! (the spec's `links` from the first to the second, and its `x-task` rule saying where the
//! status is and what it means). Like Azure's long-running-operation pollers, a [`Task`] reads
//! once with [`Task::status`] or waits with [`Task::wait`], honouring `Retry-After`, backing off
//! while nothing changes, reporting progress, and ending in the typed result or the server's
//! reason for failing.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::{Client, Error, ResponseMeta};

/// Where a task's state is in a read of it and what its values mean, from the spec's `x-task`.
/// Each place is a list of JSON pointers; the first that is present wins, so one rule reads the
/// shapes of several generations of an API.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskRule {
    /// Where the status is.
    pub status: &'static [&'static str],
    /// The statuses that mean the task succeeded.
    pub succeeded: &'static [&'static str],
    /// The statuses that mean it failed.
    pub failed: &'static [&'static str],
    /// Where the result is (a URL, or an object holding several).
    pub result: &'static [&'static str],
    /// Where the reason for a failure is.
    pub reason: &'static [&'static str],
    /// Where the progress is (`"50%"`, or a number).
    pub progress: &'static [&'static str],
    /// How long to wait between reads when the server does not say (`Retry-After`).
    pub interval: Duration,
}

/// The interval a rule gets when its spec documents none.
pub const DEFAULT_TASK_INTERVAL: Duration = Duration::from_secs(5);

/// How long [`Task::wait`] waits in all unless told otherwise.
pub const DEFAULT_TASK_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// The most a wait between reads grows to, as a multiple of the interval, while nothing changes.
const MAX_BACKOFF: u32 = 4;

/// One read of a task: the typed response and what the rule found in it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TaskState<T> {
    /// The status as the server spelled it (empty when the response has none yet).
    pub status: String,
    /// The progress the server reports, as text (`"50%"`).
    pub progress: Option<String>,
    /// The result, once there is one (a URL as a JSON string, or an object).
    pub result: Option<Value>,
    /// Why the task failed, when the server says.
    pub reason: Option<String>,
    /// The response, typed.
    pub value: T,
    /// The response's status, headers and request id.
    pub meta: ResponseMeta,
}

impl<T> TaskState<T> {
    /// Whether the status is one of the rule's successes.
    pub fn succeeded(&self, rule: &TaskRule) -> bool {
        rule.succeeded.contains(&self.status.as_str())
    }

    /// Whether the status is one of the rule's failures.
    pub fn failed(&self, rule: &TaskRule) -> bool {
        rule.failed.contains(&self.status.as_str())
    }

    /// The result as a URL, when it is a string.
    pub fn result_url(&self) -> Option<&str> {
        self.result.as_ref().and_then(Value::as_str)
    }
}

/// The future of one read of the task: the typed response and its metadata.
pub type PollFuture<T> = Pin<Box<dyn Future<Output = Result<(T, ResponseMeta), Error>> + Send>>;

/// Reads the task with the given id (a generated method, with the link's other arguments).
pub type PollFn<T> = Arc<dyn Fn(String) -> PollFuture<T> + Send + Sync>;

/// A callback told of every state [`Task::wait`] reads.
type ProgressFn<T> = Box<dyn FnMut(&TaskState<T>) + Send>;

/// A task a call started: its id, what the starting call returned, and how to read it.
/// Dropping the handle, or the future of [`wait`](Task::wait), stops polling.
pub struct Task<S, T> {
    client: Client,
    started: S,
    id: String,
    rule: &'static TaskRule,
    poll: PollFn<T>,
    interval: Duration,
    timeout: Duration,
    progress: Option<ProgressFn<T>>,
}

impl<S: std::fmt::Debug, T> std::fmt::Debug for Task<S, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Task")
            .field("id", &self.id)
            .field("started", &self.started)
            .field("interval", &self.interval)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<S, T> Task<S, T>
where
    T: serde::Serialize,
{
    /// A handle on the task `id`, which `started` began; generated methods make these.
    #[doc(hidden)]
    pub fn new(client: Client, started: S, id: String, rule: &'static TaskRule, poll: PollFn<T>) -> Self {
        Task {
            client,
            started,
            id,
            rule,
            poll,
            interval: rule.interval,
            timeout: DEFAULT_TASK_TIMEOUT,
            progress: None,
        }
    }

    /// The task's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the call that started the task returned.
    pub fn started(&self) -> &S {
        &self.started
    }

    /// Where the status is and what it means.
    pub fn rule(&self) -> &'static TaskRule {
        self.rule
    }

    /// Waits at most this long in all (30 minutes unless set); then [`wait`](Task::wait) ends
    /// in [`Error::Timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Waits this long between reads when the server sends no `Retry-After` (the spec's
    /// documented interval unless set).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Calls `f` with every state [`wait`](Task::wait) reads, the final one included.
    pub fn on_progress(mut self, f: impl FnMut(&TaskState<T>) + Send + 'static) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Reads the task once.
    pub async fn status(&self) -> Result<TaskState<T>, Error> {
        let (value, meta) = (self.poll)(self.id.clone()).await?;
        read_state(self.rule, value, meta)
    }

    /// Reads the task until its status is final: the state that succeeded, or
    /// [`Error::TaskFailed`] with the server's reason, or [`Error::Timeout`] once the time set
    /// by [`timeout`](Task::timeout) has been spent waiting. Between reads it waits what the
    /// server's `Retry-After` says, else the interval, growing up to four times the interval
    /// while neither status nor progress changes.
    pub async fn wait(mut self) -> Result<TaskState<T>, Error> {
        let mut waited = Duration::ZERO;
        let mut unchanged = 0u32;
        let mut last: Option<(String, Option<String>)> = None;
        loop {
            let state = self.status().await?;
            if let Some(report) = self.progress.as_mut() {
                report(&state);
            }
            if state.succeeded(self.rule) {
                return Ok(state);
            }
            if state.failed(self.rule) {
                return Err(Error::TaskFailed {
                    id: self.id.clone(),
                    status: state.status,
                    reason: state.reason,
                });
            }
            let seen = (state.status.clone(), state.progress.clone());
            unchanged = if last.as_ref() == Some(&seen) { unchanged + 1 } else { 0 };
            last = Some(seen);
            let delay = super::retry_after(&state.meta.headers, SystemTime::now())
                .unwrap_or_else(|| self.interval * (1 + unchanged / 2).min(MAX_BACKOFF));
            if waited + delay > self.timeout {
                return Err(Error::Timeout {
                    what: "the wait for the task",
                    limit: self.timeout,
                });
            }
            self.client.pause(delay).await;
            waited += delay;
        }
    }
}

/// The task id a starting call's response gives: the first of `pointers` that holds a string
/// (or a number, read as text).
#[doc(hidden)]
pub fn task_id<S: serde::Serialize>(started: &S, pointers: &[&str]) -> Result<String, Error> {
    let value = serde_json::to_value(started).map_err(|e| decode_error("", &e.to_string(), &Value::Null))?;
    first_text(&value, pointers).ok_or_else(|| {
        decode_error(
            pointers.first().copied().unwrap_or_default(),
            &format!("the response gives no task id at {}", pointers.join(" or ")),
            &value,
        )
    })
}

fn read_state<T: serde::Serialize>(rule: &TaskRule, value: T, meta: ResponseMeta) -> Result<TaskState<T>, Error> {
    let json = serde_json::to_value(&value).map_err(|e| decode_error("", &e.to_string(), &Value::Null))?;
    Ok(TaskState {
        status: first_text(&json, rule.status).unwrap_or_default(),
        progress: first_text(&json, rule.progress),
        result: first_present(&json, rule.result).cloned(),
        reason: first_text(&json, rule.reason).filter(|r| !r.is_empty()),
        value,
        meta,
    })
}

/// The first value present (and not null) at one of the pointers.
fn first_present<'v>(value: &'v Value, pointers: &[&str]) -> Option<&'v Value> {
    pointers.iter().filter_map(|p| value.pointer(p)).find(|v| !v.is_null())
}

/// The first string or number at one of the pointers, as text.
fn first_text(value: &Value, pointers: &[&str]) -> Option<String> {
    pointers.iter().filter_map(|p| value.pointer(p)).find_map(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn decode_error(path: &str, message: &str, body: &Value) -> Error {
    Error::Decode {
        path: path.trim_start_matches('/').replace('/', "."),
        message: message.to_owned(),
        body: body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RULE: TaskRule = TaskRule {
        status: &["/data/status", "/status"],
        succeeded: &["SUCCESS", "completed"],
        failed: &["FAILURE", "failed"],
        result: &["/data/result_url", "/video_url"],
        reason: &["/data/fail_reason"],
        progress: &["/data/progress"],
        interval: Duration::from_secs(15),
    };

    #[test]
    fn the_first_place_present_wins_and_both_generations_read() {
        let meta = ResponseMeta {
            status: 200,
            headers: Default::default(),
            request_id: None,
        };
        let newer = json!({"data": {"status": "SUCCESS", "result_url": "u", "progress": "100%", "fail_reason": ""}});
        let state = read_state(&RULE, newer, meta.clone()).expect("reads");
        assert!(state.succeeded(&RULE));
        assert_eq!(
            (state.result_url(), state.progress.as_deref(), state.reason.as_deref()),
            (Some("u"), Some("100%"), None)
        );
        let older = json!({"status": "failed", "video_url": null});
        let state = read_state(&RULE, older, meta).expect("reads");
        assert!(state.failed(&RULE) && state.result.is_none());
        assert_eq!(task_id(&json!({"id": 7}), &["/task_id", "/id"]).expect("id"), "7");
        let missing = task_id(&json!({"object": "video"}), &["/task_id", "/id"]).expect_err("no id");
        assert!(
            missing.to_string().contains("no task id at /task_id or /id"),
            "{missing}"
        );
    }
}
