//! An operation's success response: the JSON type, raw bytes, or the events of a stream, and
//! the media type to ask for.

use super::operation::is_json;
use super::Lowerer;
use crate::error::{escape_pointer, Error};
use crate::ir::*;
use crate::spec::{self, Schema};

impl<'a> Lowerer<'a> {
    /// The first 2xx response, followed through one `#/components/responses` reference, read
    /// without warnings: the response was lowered, and warned about, already.
    pub(super) fn first_success(&self, op: &'a spec::Operation) -> Option<&'a spec::Response> {
        let (_, response) = op
            .responses
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .min_by_key(|(code, _)| code.as_str())?;
        match response.reference.as_deref() {
            Some(reference) => {
                let key = reference.strip_prefix("#/components/responses/")?;
                self.doc.components.responses.get(&crate::error::unescape_pointer(key))
            }
            None => Some(response),
        }
    }

    /// A sample of the first 2xx response's JSON body, for a mock that cannot make one from
    /// the schema itself (Prism gives up on deep schemas).
    pub(super) fn success_sample(&self, op: &'a spec::Operation, ty: &TypeRef) -> Option<serde_json::Value> {
        let response = self.first_success(op)?;
        let (_, media) = response.content.iter().find(|(media, _)| is_json(media))?;
        let examples = self.examples_of(media.example.as_ref(), &media.examples);
        let facts = self.facts_of(media.schema.as_ref()?);
        self.responses().sample(ty, &facts, &examples)
    }

    /// The JSON response, whether the body is raw bytes, the event type and end marker of a
    /// stream, and the media type to ask for when not `application/json`, from the first 2xx
    /// response.
    #[allow(clippy::type_complexity)]
    pub(super) fn success_response(
        &mut self,
        op: &'a spec::Operation,
        pointer: &str,
        type_base: &str,
    ) -> Result<(Option<TypeRef>, bool, Option<(TypeRef, Option<String>)>, Option<String>), Error> {
        let mut response = None;
        let mut stream = None;
        let mut accept = None;
        // The first 2xx response; without one, `default` (some specs describe success only
        // there), then the first 3xx (an operation that only redirects).
        let first = |class: char| {
            op.responses
                .iter()
                .filter(|(code, _)| code.starts_with(class))
                .min_by_key(|(code, _)| code.as_str())
        };
        let success = first('2')
            .or_else(|| op.responses.get_key_value("default"))
            .or_else(|| first('3'));
        let Some((code, resp)) = success else {
            return Ok((None, false, None, None));
        };
        let Some((resp, resp_pointer)) = self.resolve(resp, &format!("{pointer}/responses/{}", escape_pointer(code)))
        else {
            return Ok((None, false, None, None));
        };
        for (media, content) in &resp.content {
            let schema_pointer = format!("{resp_pointer}/content/{}/schema", escape_pointer(media));
            if is_json(media) && response.is_none() {
                accept = (media != "application/json").then(|| media.clone());
                response = Some(match &content.schema {
                    Some(s) => self
                        .lower(s, &schema_pointer, &format!("{type_base}Response"))?
                        .wrapped(),
                    None => TypeRef::Json,
                });
            } else if media.starts_with("text/event-stream") && stream.is_none() {
                let hint = format!("{type_base}Event");
                let event = match &content.schema {
                    Some(s) => match self.sse_envelope_data(s) {
                        // The schema describes the whole event (`data`, `event`, `id`,
                        // `retry`), as Speakeasy-style specs do: the payload is `data`.
                        Some((data, key)) => {
                            let p = format!("/components/schemas/{}/properties/data", escape_pointer(&key));
                            self.lower(&data, &p, &hint)?.wrapped()
                        }
                        None => self.lower(s, &schema_pointer, &hint)?.wrapped(),
                    },
                    None => TypeRef::Json,
                };
                let terminator = content
                    .stream_terminator
                    .clone()
                    .or_else(|| content.sse_sentinel.clone());
                stream = Some((event, terminator));
            }
        }
        let raw = response.is_none() && stream.is_none() && !resp.content.is_empty();
        if raw {
            accept = resp.content.keys().next().cloned();
        }
        Ok((response, raw, stream, accept))
    }

    /// The types of the operation's documented error bodies (4xx, 5xx, and `default` beside a
    /// 2xx) that are references to component schemas: they are the operation's too, so the
    /// features that enable it enable them. An inline error schema is not made a type.
    pub(super) fn error_types(&mut self, op: &'a spec::Operation, pointer: &str) -> Vec<TypeRef> {
        let has_success = op.responses.keys().any(|code| code.starts_with('2'));
        let mut out: Vec<TypeRef> = Vec::new();
        for (code, resp) in &op.responses {
            let error = code.starts_with('4') || code.starts_with('5') || (code == "default" && has_success);
            if !error {
                continue;
            }
            let Some((resp, resp_pointer)) =
                self.resolve(resp, &format!("{pointer}/responses/{}", escape_pointer(code)))
            else {
                continue;
            };
            for (media, content) in &resp.content {
                let Some(schema) = content
                    .schema
                    .as_ref()
                    .filter(|s| s.reference.is_some() && is_json(media))
                else {
                    continue;
                };
                let at = format!("{resp_pointer}/content/{}/schema", escape_pointer(media));
                if let Ok(ty) = self.lower(schema, &at, "Error").map(|l| l.wrapped()) {
                    if !out.contains(&ty) {
                        out.push(ty);
                    }
                }
            }
        }
        out
    }

    /// For an event-stream schema that is an event envelope (properties among `data`, `event`,
    /// `id`, `retry`, with `data`), the `data` schema and the component it sits in.
    fn sse_envelope_data(&self, schema: &Schema) -> Option<(Schema, String)> {
        let key = self.component_key(schema.reference.as_deref()?)?;
        let target = self.doc.components.schemas.get(&key)?;
        let envelope = target.properties.contains_key("data")
            && target
                .properties
                .keys()
                .all(|k| matches!(k.as_str(), "data" | "event" | "id" | "retry"));
        envelope.then(|| (target.properties["data"].clone(), key))
    }
}
