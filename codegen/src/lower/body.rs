//! Request bodies: which media type an operation's body is sent as (JSON, a form with its
//! encodings, multipart of its media type, raw bytes), its type and test sample, and the
//! `stream` flag a streaming call sets in it.

use super::operation::is_json;
use super::parameters::param_style;
use super::Lowerer;
use crate::error::{escape_pointer, Error};
use crate::ir::*;
use crate::spec;

impl Lowerer<'_> {
    /// The request body: JSON when the spec offers it, else a form, a multipart form, or raw
    /// bytes of the first media type listed.
    pub(super) fn body(
        &mut self,
        request_body: &spec::RequestBody,
        pointer: &str,
        type_base: &str,
    ) -> Result<Option<(Body, Option<serde_json::Value>)>, Error> {
        self.note_flag(&request_body.required, &format!("{pointer}/required"));
        let media_pointer = |media: &str| format!("{pointer}/content/{}/schema", escape_pointer(media));
        let hint = format!("{type_base}Request");
        let pick = |wanted: fn(&str) -> bool| request_body.content.iter().find(|(m, _)| wanted(m));
        let body = |this: &Self, ty, encoding: BodyEncoding, content: &spec::MediaType| {
            // A multipart or raw body's type is any JSON value: its schema's facts are read
            // whole, through a reference, since they are all there is to sample from.
            let facts = match (&content.schema, encoding_is_typed(&encoding)) {
                (Some(s), true) => this.facts_of(s),
                (Some(s), false) => this.facts_of(&this.target(s)),
                (None, _) => ValueFacts::default(),
            };
            Body {
                ty,
                encoding,
                required: request_body.required.value,
                stream_flag: None,
                validate: false,
                facts,
            }
        };
        // What a generated test sends: the media type's example when it fits, else one built.
        let sample = |this: &Self, content: &spec::MediaType, body: &Body| {
            let examples = this.examples_of(content.example.as_ref(), &content.examples);
            match &body.encoding {
                BodyEncoding::Multipart { fields, .. } => Some(this.requests().multipart_sample(fields, &examples)),
                _ => this.requests().sample(&body.ty, &body.facts, &examples),
            }
        };
        if let Some((media, content)) = pick(is_json) {
            let ty = match &content.schema {
                Some(s) => self.lower(s, &media_pointer(media), &hint)?.wrapped(),
                None => TypeRef::Json,
            };
            let body = body(self, ty, BodyEncoding::Json, content);
            let sample = sample(self, content, &body);
            return Ok(Some((body, sample)));
        }
        if let Some((media, content)) = pick(|m| m.starts_with("application/x-www-form-urlencoded")) {
            let ty = match &content.schema {
                Some(s) => self.lower(s, &media_pointer(media), &hint)?.wrapped(),
                None => TypeRef::Map(Box::new(TypeRef::String)),
            };
            let styled = content
                .encoding
                .iter()
                .map(|(wire, e)| {
                    let style = param_style(e.style.as_deref());
                    FormEncoding {
                        wire: wire.clone(),
                        style,
                        explode: e.explode.unwrap_or(style == ParamStyle::Form),
                    }
                })
                .filter(|e| !(e.style == ParamStyle::Form && e.explode))
                .collect();
            let body = body(self, ty, BodyEncoding::Form { styled }, content);
            let sample = sample(self, content, &body).map(|value| self.requests().with_form_lists(value, &body.ty));
            return Ok(Some((body, sample)));
        }
        let form_data = |m: &str| m.starts_with("multipart/form-data");
        if let Some((media, content)) = pick(form_data).or_else(|| pick(|m| m.starts_with("multipart/"))) {
            let fields = content
                .schema
                .as_ref()
                .map(|s| {
                    let s = self.target(s).into_owned();
                    s.properties
                        .iter()
                        .map(|(name, prop)| {
                            let prop = self.target(prop);
                            let file = prop.format.as_deref() == Some("binary")
                                || prop.content_media_type.is_some()
                                || matches!(&prop.items, Some(crate::spec::Items::One(i)) if i.format.as_deref() == Some("binary"));
                            FormField {
                                name: name.clone(),
                                required: s.required.contains(name),
                                file,
                                docs: prop.description.clone(),
                                facts: self.facts_of(&prop),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let encoding = BodyEncoding::Multipart {
                fields,
                media_type: (!form_data(media)).then(|| media.clone()),
            };
            let body = body(self, TypeRef::Json, encoding, content);
            let sample = sample(self, content, &body);
            return Ok(Some((body, sample)));
        }
        match request_body.content.first() {
            Some((media, content)) => {
                let body = body(self, TypeRef::Json, BodyEncoding::Raw(media.clone()), content);
                let sample = sample(self, content, &body);
                Ok(Some((body, sample)))
            }
            None => Ok(None),
        }
    }

    fn request_struct(&self, ty: &TypeRef) -> Option<&Struct> {
        let TypeRef::Named(name) = ty else { return None };
        match &self.lowered(*name)?.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the request's `stream` field says the stream ends with `data: [DONE]`.
    pub(super) fn flag_mentions_done(&self, ty: &TypeRef) -> bool {
        self.request_struct(ty).is_some_and(|s| {
            s.fields.iter().any(|f| {
                f.wire_name() == Some("stream") && f.facts.docs.as_deref().is_some_and(|d| d.contains("[DONE]"))
            })
        })
    }

    /// The boolean `stream` property of a request body, which the streaming call sets. Its
    /// presence is settled by `passes::decide_presence`.
    pub(super) fn stream_flag(&self, ty: &TypeRef) -> Option<StreamFlag> {
        let field = self
            .request_struct(ty)?
            .fields
            .iter()
            .find(|f| f.wire_name() == Some("stream") && f.ty == TypeRef::Bool)?;
        Some(StreamFlag {
            rust_name: field.rust_name.clone(),
            wire_name: "stream".to_owned(),
            presence: field.presence,
        })
    }
}

/// Whether a body of this encoding has a type of its schema's own (JSON, a form), rather than
/// any JSON value.
fn encoding_is_typed(encoding: &BodyEncoding) -> bool {
    matches!(encoding, BodyEncoding::Json | BodyEncoding::Form { .. })
}
