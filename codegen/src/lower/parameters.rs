//! An operation's parameters: the operation's own over the path's, by name and location, each
//! with its type, style and the sample its generated test sends.

use std::collections::{BTreeMap, BTreeSet};

use super::names::Namespace;
use super::Lowerer;
use crate::error::{escape_pointer, Error, WarningKind};
use crate::ident::{stem, type_name};
use crate::ir::*;
use crate::spec;

impl<'a> Lowerer<'a> {
    /// Path, query and header parameters: the operation's own override the path's, by name
    /// and location.
    pub(super) fn parameters(
        &mut self,
        item: &'a spec::PathItem,
        op: &'a spec::Operation,
        pointer: &str,
        type_base: &str,
        scope: &mut Namespace,
    ) -> Result<(Vec<Param>, BTreeMap<String, serde_json::Value>), Error> {
        let item_pointer = pointer.rsplit_once('/').map_or(pointer, |(a, _)| a);
        let own = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        let shared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{item_pointer}/parameters/{i}")));
        let mut params = Vec::new();
        let mut samples = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for (param, param_pointer) in own.chain(shared) {
            let Some((param, param_pointer)) = self.resolve(param, &param_pointer) else {
                continue;
            };
            if !seen.insert((param.name.clone(), param.location.clone())) {
                continue;
            }
            self.note_flag(&param.required, &format!("{param_pointer}/required"));
            let location = match param.location.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                "cookie" => ParamLocation::Cookie,
                other => {
                    self.warn(
                        WarningKind::Skipped,
                        &param_pointer,
                        format!("`{other}` parameter `{}` skipped", param.name),
                    );
                    continue;
                }
            };
            // A parameter given by `content` (a JSON-encoded value) has its schema there; the
            // runtime writes an object or a list as its JSON text.
            let by_content = param
                .content
                .iter()
                .find_map(|(media, m)| Some((media, m.schema.as_ref()?)));
            let ty = match (&param.schema, by_content) {
                (Some(s), _) => {
                    let hint = format!("{type_base}{}", type_name(&param.name));
                    self.lower(s, &format!("{param_pointer}/schema"), &hint)?.wrapped()
                }
                (None, Some((media, s))) => {
                    let hint = format!("{type_base}{}", type_name(&param.name));
                    let at = format!("{param_pointer}/content/{}/schema", escape_pointer(media));
                    self.lower(s, &at, &hint)?.wrapped()
                }
                (None, None) => {
                    self.warn(
                        WarningKind::Lenient,
                        &param_pointer,
                        format!("parameter `{}` has no schema: sent as a string", param.name),
                    );
                    TypeRef::String
                }
            };
            // What the test sends: the parameter's example when it fits, else one built.
            let facts = match (&param.schema, by_content) {
                (Some(s), _) | (None, Some((_, s))) => self.facts_of(s),
                (None, None) => ValueFacts::default(),
            };
            let examples = self.examples_of(param.example.as_ref(), &param.examples);
            let sample = self.requests().param_sample(&ty, &facts, &examples);
            // Its schema's own bounds, lengths and item counts, fitted to the type (a referenced
            // schema's are its type's to check).
            let constraints = match &param.schema {
                Some(s) if s.reference.is_none() => super::constraints::fit(super::constraints::constraints(s), &ty),
                _ => Constraints::default(),
            };
            // A name taken by a local or by a parameter elsewhere (a header and a query
            // parameter both called `x`) gets its location after it.
            let plain = crate::ident::field_name(&param.name);
            let located = format!("{}_{}", stem(&plain), param.location);
            let rust_name = scope.claim_first(&[plain, located]);
            if let Some(sample) = sample {
                samples.insert(rust_name.clone(), sample);
            }
            params.push(Param {
                wire_name: param.name.clone(),
                rust_name,
                location,
                ty,
                required: param.required.value || location == ParamLocation::Path,
                explode: param.explode.unwrap_or(true),
                style: if by_content.is_some() && param.schema.is_none() {
                    ParamStyle::Json
                } else {
                    param_style(param.style.as_deref())
                },
                // The parameter's description, else its schema's (Spotify's lists the valid
                // values there), else the schema's title.
                docs: param.description.clone().or_else(|| {
                    let schema = self.target(param.schema.as_ref()?);
                    schema.description.clone().or_else(|| schema.title.clone())
                }),
                constraints,
                facts,
            });
        }
        Ok((params, samples))
    }
}

/// A parameter's or form property's `style`: `form` unless it names another OpenAPI knows.
pub(super) fn param_style(style: Option<&str>) -> ParamStyle {
    match style {
        Some("deepObject") => ParamStyle::DeepObject,
        Some("spaceDelimited") => ParamStyle::SpaceDelimited,
        Some("pipeDelimited") => ParamStyle::PipeDelimited,
        _ => ParamStyle::Form,
    }
}
