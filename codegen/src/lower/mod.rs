//! Lowering: the typed spec becomes the IR. Every decision is made here, once: names (in
//! [`names`]), presence, openness, boxing and validation (in [`passes`]). Emission and
//! spec-diff only read the result.
//!
//! The concerns, a file each: [`refs`] resolves references, [`schema`] lowers schemas to
//! types, [`union`] and [`all_of`] handle the composite keywords, [`operation`] lowers paths
//! into client methods ([`parameters`] and [`response`] their parameters and success
//! responses, [`sample`] what their generated tests send, from the types and the [`facts`]
//! read beside them), and [`passes`] runs the whole-API passes once everything is lowered.

mod all_of;
mod body;
mod constraints;
mod cycles;
mod facts;
mod features;
mod inline;
mod names;
mod operation;
mod paginate;
mod parameters;
mod passes;
mod refs;
mod response;
mod sample;
mod schema;
mod structs;
mod task;
mod union;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_decisions;
#[cfg(test)]
mod tests_paging;
#[cfg(test)]
mod tests_samples;
#[cfg(test)]
mod tests_tasks;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use crate::error::{escape_pointer, Error, Location, Warning, WarningKind};
use crate::ir::*;
use crate::spec::OpenApi;

use names::Namespace;

/// Lowers a loaded document; `file` names the spec in error messages.
pub fn lower(doc: &OpenApi, file: &str, resolver: Option<crate::Resolver>) -> Result<Api, Error> {
    // Path items and operations given by reference are read in first, so they lower whole.
    let mut early = Vec::new();
    let inlined = inline::needed(doc)
        .then(|| inline::inline(doc, resolver.as_ref(), &mut early))
        .flatten();
    let doc = inlined.as_ref().unwrap_or(doc);
    let mut l = Lowerer::new(doc, file, resolver);
    l.warnings = early;
    l.check_version()?;
    for (line, note) in &doc.load_notes {
        l.warn(WarningKind::Lenient, "", format!("line {line}: {note}"));
    }
    for (pointer, note) in &doc.conversions {
        l.warn(WarningKind::Converted, pointer, note.clone());
    }
    for key in doc.components.schemas.keys() {
        let name = names::claim_type(&mut l.type_names, key);
        l.components.insert(key.clone(), name);
    }
    for key in doc.components.schemas.keys() {
        l.define_component(key)?;
    }
    let server_url = doc.servers.first().map(crate::spec::Server::default_url);
    if let Some(url) = server_url.as_deref().filter(|u| !u.contains("://")) {
        l.warn(
            WarningKind::Lenient,
            "/servers/0",
            format!(
                "relative server `{url}`: the client has no default base URL, so users set one (ending in `{url}`)"
            ),
        );
    }
    let (auth, also_auth) = l.auth();
    let operations = l.operations(&(auth.clone(), also_auth.clone()))?;
    // Every credential beside the key, by name, for `from_env` and the docs.
    let credentials: Vec<NamedAuth> = also_auth
        .iter()
        .chain(operations.iter().flat_map(|op| op.also_auth.iter().flatten()))
        .map(|c| (c.name.clone(), c.clone()))
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .collect();
    let webhooks = l.webhooks()?;
    let path_prefix = shared_path_prefix(&operations);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        docs: doc.info.description.clone().or_else(|| doc.info.summary.clone()),
        server_url,
        path_prefix,
        auth,
        also_auth,
        credentials,
        types: passes::order_types(l.types, &doc.components.schemas),
        operations,
        webhooks,
        standard_webhooks: doc
            .standard_webhooks
            .as_ref()
            .is_some_and(|v| v == &serde_json::Value::Bool(true)),
        features: Vec::new(),
        warnings: l.warnings,
    };
    // The order is checked: each pass takes the proofs of those whose decisions it reads (see
    // `passes`), and `Done` takes every proof.
    let stripped = passes::strip_tag_fields(&mut api, &l.strip_tags);
    let newtypes = cycles::break_alias_cycles(&mut api);
    let usage = passes::mark_usage(&mut api, &l.declared_open, &stripped);
    let presence = passes::decide_presence(&mut api, &usage);
    let members = passes::name_members(&mut api, &presence);
    let done = passes::Done {
        webhook_events: passes::name_webhook_events(&mut api, &presence),
        defaults: passes::decide_defaults(&mut api, &members),
        conversions: passes::decide_conversions(&mut api, &newtypes),
        boxes: cycles::mark_boxes(&mut api, &newtypes, &presence),
        validation: passes::mark_validation(&mut api, &usage),
        received: passes::name_received_fields(&mut api, &presence),
        features: features::decide_features(&mut api),
    };
    Ok(done.finish(api))
}

/// The API's root segment, which a base URL with a path of its own stands for (`/v1` of
/// `/v1/chat/completions`, when users give `…/v1`): the first segment of every operation's
/// path when they all have the same literal one; else, when operations fall into families
/// (`/v1/…`, `/kling/…`, `/volc/…`), the version segment (`v` and a digit, `/v1`, `/v2beta`)
/// the most operations start with, the earliest on a tie. A path that is only the segment has
/// no prefix to cut.
fn shared_path_prefix(operations: &[Operation]) -> Option<String> {
    let first = |path: &str| -> Option<String> {
        let rest = path.strip_prefix('/')?;
        let segment = rest.split('/').next().filter(|s| !s.is_empty() && !s.contains('{'))?;
        (rest.len() > segment.len()).then(|| format!("/{segment}"))
    };
    let prefixes: Vec<Option<String>> = operations.iter().map(|op| first(&op.path)).collect();
    let one = prefixes.first().cloned().flatten();
    if one.is_some() && prefixes.iter().all(|p| *p == one) {
        return one;
    }
    let is_version = |p: &str| {
        let mut chars = p.trim_start_matches('/').chars();
        chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
    };
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    for p in prefixes.iter().flatten().filter(|p| is_version(p)) {
        *counts.entry(p.as_str()).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(p, _)| p.to_owned())
}

/// The state of one lowering run.
struct Lowerer<'a> {
    /// The component schemas being defined, outermost first: what a `$recursiveRef` names.
    component_stack: Vec<String>,
    doc: &'a OpenApi,
    file: &'a str,
    types: Vec<TypeDef>,
    /// The crate root's namespace, where every type is named.
    type_names: Namespace,
    /// Component schema key to Rust name, claimed before anything else is lowered.
    components: IndexMap<String, String>,
    defined: BTreeSet<String>,
    in_progress: BTreeSet<String>,
    /// Struct to the discriminator property a tagged union carries for it.
    strip_tags: BTreeMap<TypeId, String>,
    /// Enums the spec itself writes as open (`anyOf: [string, {enum}]`).
    declared_open: BTreeSet<TypeId>,
    /// Where each type lowered so far stands in `types`, by id.
    type_index: BTreeMap<TypeId, usize>,
    /// Each claimed type name's id, handed out in the order they are first asked for.
    type_ids: BTreeMap<String, TypeId>,
    /// The document as JSON, parsed only when a `$ref` points somewhere other than a component.
    raw: Option<serde_yaml::Value>,
    /// Reads the other files `$ref`s name.
    resolver: Option<crate::Resolver>,
    /// Those files as JSON, their own `$ref`s rewritten to name their file (`None`: unreadable).
    externals: BTreeMap<String, Option<serde_yaml::Value>>,
    /// What each such pointer lowered to, so every reference to it shares one type.
    pointer_types: BTreeMap<String, (TypeRef, bool)>,
    pointers_in_progress: BTreeSet<String>,
    /// How many schemas deep lowering is, to stop at `MAX_DEPTH`.
    depth: usize,
    warnings: Vec<Warning>,
    /// The tasks operations start, by operation id, resolved once every operation is named.
    pending_tasks: Vec<(String, task::PendingTask)>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenApi, file: &'a str, resolver: Option<crate::Resolver>) -> Self {
        Lowerer {
            doc,
            file,
            types: Vec::new(),
            type_names: names::type_namespace(),
            components: IndexMap::new(),
            defined: BTreeSet::new(),
            in_progress: BTreeSet::new(),
            strip_tags: BTreeMap::new(),
            declared_open: BTreeSet::new(),
            type_index: BTreeMap::new(),
            type_ids: BTreeMap::new(),
            raw: None,
            resolver,
            externals: BTreeMap::new(),
            pointer_types: BTreeMap::new(),
            pointers_in_progress: BTreeSet::new(),
            depth: 0,
            component_stack: Vec::new(),
            warnings: Vec::new(),
            pending_tasks: Vec::new(),
        }
    }

    /// A lowerer of `doc` that has lowered nothing yet, for unit tests of its parts.
    #[cfg(test)]
    fn for_tests(doc: &'a OpenApi) -> Self {
        Lowerer::new(doc, "test.yaml", None)
    }
}

impl Lowerer<'_> {
    fn location(&self, pointer: &str) -> Location {
        Location {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            line_column: None,
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            location: self.location(pointer),
            message: message.into(),
        }
    }

    fn warn(&mut self, kind: WarningKind, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            kind,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Claims a new type name built from `hint`.
    fn claim_type(&mut self, hint: &str) -> String {
        names::claim_type(&mut self.type_names, hint)
    }

    fn check_version(&self) -> Result<(), Error> {
        match self.doc.openapi.as_deref() {
            Some(v) if v.starts_with("3.0.") || v.starts_with("3.1.") || v == "3.0" || v == "3.1" => Ok(()),
            Some(v) => Err(self.invalid(
                "/openapi",
                format!("openapi version `{v}` is not supported; expected 3.0.x or 3.1.x (or `swagger: \"2.0\"`)"),
            )),
            None => Err(self.invalid(
                "",
                "missing `openapi` version; expected 3.0.x or 3.1.x (or `swagger: \"2.0\"`)",
            )),
        }
    }

    /// How the API sends its key, and the credentials beside it: the schemes of the document's
    /// first security requirement the client can meet, else the first such scheme among the
    /// components.
    fn auth(&self) -> (Auth, Vec<NamedAuth>) {
        if let Some(auth) = self.doc.security.as_ref().and_then(|reqs| self.requirement_auth(reqs)) {
            return auth;
        }
        let first = self
            .doc
            .components
            .security_schemes
            .values()
            .find_map(scheme_auth)
            .unwrap_or(Auth::None);
        (first, Vec::new())
    }

    /// The schemes of the first of these requirements whose every scheme the client can send:
    /// the first carries the API key, the others a credential each (a requirement names them
    /// together when the server wants them all). Failing that, the first requirement whose
    /// first scheme the client can send, alone. `Auth::None` for an empty list or an empty
    /// requirement (no credentials); `None` when none can be met.
    fn requirement_auth(&self, requirements: &[IndexMap<String, Vec<String>>]) -> Option<(Auth, Vec<NamedAuth>)> {
        if requirements.is_empty() {
            return Some((Auth::None, Vec::new()));
        }
        let schemes = &self.doc.components.security_schemes;
        let whole = requirements.iter().find_map(|req| {
            let sendable: Option<Vec<(&String, Auth)>> = req
                .keys()
                .map(|name| Some((name, scheme_auth(schemes.get(name)?)?)))
                .collect();
            let mut sendable = sendable?.into_iter();
            let Some((_, key)) = sendable.next() else {
                return Some((Auth::None, Vec::new()));
            };
            let also = sendable
                .map(|(name, auth)| NamedAuth {
                    name: name.clone(),
                    env: heck::ToShoutySnakeCase::to_shouty_snake_case(name.as_str()),
                    auth,
                })
                .collect();
            Some((key, also))
        });
        whole.or_else(|| {
            requirements.iter().find_map(|req| match req.keys().next() {
                None => Some((Auth::None, Vec::new())),
                Some(name) => Some((scheme_auth(schemes.get(name)?)?, Vec::new())),
            })
        })
    }

    /// The first scheme an operation's security (its own, else the document's) names, when
    /// every requirement names only schemes the components do not define (a warning: the call
    /// sends the key as the API's scheme says).
    fn undefined_security(&self, op: &crate::spec::Operation) -> Option<String> {
        let requirements = op.security.as_ref().or(self.doc.security.as_ref())?;
        let schemes = &self.doc.components.security_schemes;
        let unmet = !requirements.is_empty()
            && requirements
                .iter()
                .all(|req| !req.is_empty() && req.keys().all(|name| !schemes.contains_key(name)));
        unmet.then(|| requirements[0].keys().next().cloned()).flatten()
    }

    /// How one operation sends the key and what beside it, when that differs from the API's.
    fn operation_auth(
        &self,
        op: &crate::spec::Operation,
        api: &(Auth, Vec<NamedAuth>),
    ) -> Option<(Auth, Vec<NamedAuth>)> {
        let auth = self.requirement_auth(op.security.as_deref()?)?;
        (auth != *api).then_some(auth)
    }
}

/// What a security scheme asks the client to send, when the client can.
fn scheme_auth(scheme: &crate::spec::SecurityScheme) -> Option<Auth> {
    let name = || scheme.name.clone().unwrap_or_default();
    match (
        scheme.kind.as_str(),
        scheme.scheme.as_deref(),
        scheme.location.as_deref(),
    ) {
        ("http", Some(s), _) if s.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer),
        ("http", Some(s), _) if s.eq_ignore_ascii_case("basic") => Some(Auth::Basic),
        ("oauth2" | "openIdConnect", _, _) => Some(Auth::Bearer),
        ("apiKey", _, Some("header")) if name().eq_ignore_ascii_case("authorization") => Some(Auth::Bearer),
        ("apiKey", _, Some("header")) => Some(Auth::Header(name())),
        ("apiKey", _, Some("query")) => Some(Auth::Query(name())),
        ("apiKey", _, Some("cookie")) => Some(Auth::Cookie(name())),
        _ => None,
    }
}

/// The JSON pointer of a component schema.
fn component_pointer(key: &str) -> String {
    format!("/components/schemas/{}", escape_pointer(key))
}
