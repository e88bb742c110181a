//! Operations: each path and method becomes client methods, their parameters, body and
//! response types, with every method, argument and local name claimed.

use super::names::{self, Namespace};
use super::Lowerer;
use crate::error::{escape_pointer, Error, WarningKind};
use crate::ident::{stem, type_name};
use crate::ir::*;
use crate::spec::{self, OpenApi};

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self, auth: &(Auth, Vec<NamedAuth>)) -> Result<Vec<Operation>, Error> {
        let mut ops = Vec::new();
        let mut ids: std::collections::BTreeMap<String, String> = Default::default();
        let mut methods = names::client_namespace();
        let mut undefined = std::collections::BTreeSet::new();
        let doc: &'a OpenApi = self.doc;
        for (path, item) in &doc.paths {
            let item_pointer = format!("/paths/{}", escape_pointer(path));
            if let Some(reference) = &item.reference {
                self.warn(
                    WarningKind::Skipped,
                    &format!("{item_pointer}/$ref"),
                    format!("path item `$ref: {reference}` could not be read: its operations are skipped"),
                );
                continue;
            }
            for (method, op) in item.operations() {
                let op_pointer = format!("{item_pointer}/{method}");
                if let Some(reference) = &op.reference {
                    // Left as a reference only when it could not be read (and said so).
                    self.warn(
                        WarningKind::Skipped,
                        &format!("{op_pointer}/$ref"),
                        format!("operation `$ref: {reference}` could not be read: the operation is skipped"),
                    );
                    continue;
                }
                let from_path = format!("{method}_{path}");
                let mut id = op
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty())
                    .unwrap_or(from_path.clone());
                if let Some(first) = ids.get(&id) {
                    self.warn(
                        WarningKind::DuplicateOperationId,
                        &format!("{op_pointer}/operationId"),
                        format!("duplicate operationId `{id}` (first used at #{first}): named from its path instead"),
                    );
                    id = from_path;
                }
                ids.insert(id.clone(), op_pointer.clone());
                let Some(http_method) = HttpMethod::from_key(method) else {
                    continue;
                };
                let site = Site {
                    path,
                    http_method,
                    item,
                    op,
                    pointer: &op_pointer,
                };
                if let Some(mut lowered) = self.operation(site, id, &mut methods)? {
                    if let Some((key, also)) = self.operation_auth(op, auth) {
                        lowered.auth = (key != auth.0).then_some(key);
                        lowered.also_auth = (also != auth.1).then_some(also);
                    }
                    if let Some(name) = self.undefined_security(op) {
                        // Said once per scheme: a document-wide requirement would say it per operation.
                        if undefined.insert(name.clone()) {
                            self.warn(
                                WarningKind::Lenient,
                                &format!("{op_pointer}/security"),
                                format!("security scheme `{name}` is not defined: the API's own is used"),
                            );
                        }
                        // Where the spec defines schemes, but not this one, a mock of it refuses
                        // every call (401): the spec's fault, which its test names rather than
                        // failing. (A spec that defines none is served without any check.)
                        let defines_some = !self.doc.components.security_schemes.is_empty();
                        if defines_some && matches!(lowered.test, OperationTest::Call(_)) {
                            lowered.test = OperationTest::Skip(format!(
                                "its security names scheme `{name}`, which the spec does not define, so a mock refuses every call"
                            ));
                        }
                    }
                    ops.push(lowered);
                }
            }
        }
        let pending: Vec<(usize, super::task::PendingTask)> = std::mem::take(&mut self.pending_tasks)
            .into_iter()
            .filter_map(|(id, task)| ops.iter().position(|o| o.id == id).map(|i| (i, task)))
            .collect();
        self.resolve_task_links(&mut ops, pending);
        // Each operation's method on the mock server, beside the server's own.
        let mut mocks = names::mock_namespace();
        for op in &mut ops {
            let base = op
                .call
                .as_ref()
                .map(|c| c.plain.clone())
                .or_else(|| op.stream.as_ref().map(|s| s.methods.plain.clone()));
            op.mock = base.map(|b| mocks.claim(&b));
        }
        Ok(ops)
    }

    /// The payload types of `webhooks` (3.1) and `x-webhooks`: a receiver decodes them, so they
    /// are generated like response types, without client methods.
    pub(super) fn webhooks(&mut self) -> Result<Vec<Webhook>, Error> {
        let doc: &'a OpenApi = self.doc;
        let mut out = Vec::new();
        for (section, hooks) in [("webhooks", &doc.webhooks), ("x-webhooks", &doc.x_webhooks)] {
            for (name, value) in hooks {
                let hook_pointer = format!("/{section}/{}", escape_pointer(name));
                let Ok(item) = serde_json::from_value::<spec::PathItem>(value.clone()) else {
                    self.warn(
                        WarningKind::Skipped,
                        &hook_pointer,
                        "a webhook that is not a path item: skipped",
                    );
                    continue;
                };
                for (method, op) in item.operations() {
                    let pointer = format!("{hook_pointer}/{method}");
                    let base = type_name(op.operation_id.as_deref().unwrap_or(name));
                    let Some(own) = &op.request_body else { continue };
                    let own_pointer = format!("{pointer}/requestBody");
                    // The webhook is parsed here, so only a reference leads into the document.
                    let (body, body_pointer) = match own.reference.as_deref() {
                        None => (own, own_pointer),
                        Some(reference) => {
                            let key = reference
                                .strip_prefix("#/components/requestBodies/")
                                .map(crate::error::unescape_pointer);
                            match key.and_then(|k| doc.components.request_bodies.get_key_value(&k)) {
                                Some((k, b)) => (b, format!("/components/requestBodies/{}", escape_pointer(k))),
                                None => {
                                    let message = format!("`$ref: {reference}` points to no request body: skipped");
                                    self.warn(WarningKind::DanglingRef, &format!("{own_pointer}/$ref"), message);
                                    continue;
                                }
                            }
                        }
                    };
                    let Some((Body { ty, .. }, _)) = self.body(body, &body_pointer, &format!("{base}Webhook"))? else {
                        continue;
                    };
                    let Some(http_method) = HttpMethod::from_key(method) else {
                        continue;
                    };
                    out.push(Webhook {
                        name: name.clone(),
                        http_method,
                        payload: ty,
                        variant: String::new(),
                        event_type: None,
                    });
                }
            }
        }
        Ok(out)
    }

    fn operation(
        &mut self,
        site: Site<'a, '_>,
        id: String,
        methods: &mut Namespace,
    ) -> Result<Option<Operation>, Error> {
        let Site {
            path,
            http_method,
            item,
            op,
            pointer,
        } = site;
        let type_base = type_name(&id);
        // The locals come first, so a parameter never takes a name the method body uses.
        let mut scope = names::method_namespace();
        let locals = Locals {
            parts: scope.claim("parts"),
            options: scope.claim("options"),
            body: scope.claim("body"),
        };
        let params_arg = scope.claim("params");
        let (mut params, mut param_samples) = self.parameters(item, op, pointer, &type_base, &mut scope)?;
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|segment| Some(segment.split_once('}')?.0))
            .collect();
        // Path parameters the template never names: one beside one undeclared template name
        // is that name misspelt (`cert_id` for `{certificate_id}`); any other is dropped, since
        // an argument the path never uses would be dead code.
        let unused: Vec<usize> = (0..params.len())
            .filter(|&i| params[i].location == ParamLocation::Path && !template.contains(&params[i].wire_name.as_str()))
            .collect();
        let missing: Vec<&str> = template
            .iter()
            .copied()
            .filter(|name| {
                !params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
            })
            .collect();
        if let ([one], [name]) = (unused.as_slice(), missing.as_slice()) {
            let declared = std::mem::replace(&mut params[*one].wire_name, (*name).to_owned());
            self.warn(
                WarningKind::Lenient,
                pointer,
                format!("path parameter `{declared}` is not in `{path}`, whose `{{{name}}}` no parameter declares: read as that one"),
            );
        } else {
            for &i in unused.iter().rev() {
                let dropped = params.remove(i);
                self.warn(
                    WarningKind::Skipped,
                    pointer,
                    format!("path parameter `{}` is not in `{path}`: dropped", dropped.wire_name),
                );
            }
        }
        for name in template {
            if params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                continue;
            }
            self.warn(
                WarningKind::UndeclaredPathParam,
                pointer,
                format!("path parameter `{name}` of `{path}` is not declared: taken as a required string"),
            );
            let plain = crate::ident::field_name(name);
            let rust_name = scope.claim_first(&[plain.clone(), format!("{}_path", stem(&plain))]);
            param_samples.insert(rust_name.clone(), serde_json::Value::String("a".to_owned()));
            params.push(Param {
                wire_name: name.to_owned(),
                rust_name,
                location: ParamLocation::Path,
                ty: TypeRef::String,
                required: true,
                explode: false,
                style: ParamStyle::Form,
                docs: None,
                constraints: Constraints::default(),
                facts: ValueFacts::default(),
            });
        }

        let (mut body, mut body_sample) = (None, None);
        let request_body = match &op.request_body {
            Some(b) => self.resolve(b, &format!("{pointer}/requestBody")),
            None => None,
        };
        if let Some((request_body, body_pointer)) = request_body {
            if let Some((lowered, sample)) = self.body(request_body, &body_pointer, &type_base)? {
                (body, body_sample) = (Some(lowered), sample);
            }
        }

        let (response, raw_response, stream, accept) = self.success_response(op, pointer, &type_base)?;
        let errors = self.error_types(op, pointer);
        let returns_whole = response.is_some() || stream.is_none();
        // A task needs the starting call's JSON to find the id in.
        let pending_task = (response.is_some() && stream.is_none())
            .then(|| self.task_start(op, pointer))
            .flatten();
        let (call, stream_methods, task_method) =
            name_methods(methods, &id, returns_whole, stream.is_some(), pending_task.is_some());
        let task = pending_task.zip(task_method).map(|(pending, method)| {
            let link = TaskLink {
                method,
                id_from: pending.id_from.clone(),
                poll_id: pending.poll_id.clone(),
                poll_method: String::new(),
                poll_args: Vec::new(),
                poll_response: TypeRef::Json,
                poll_features: Vec::new(),
                rule: pending.rule.clone(),
            };
            self.pending_tasks.push((id.clone(), pending));
            link
        });
        let mut stream = stream.zip(stream_methods).map(|((event, terminator), methods)| Stream {
            methods,
            event,
            terminator,
        });
        if let (Some(body), Some(stream)) = (&mut body, &mut stream) {
            if body.encoding == BodyEncoding::Json {
                body.stream_flag = self.stream_flag(&body.ty);
            }
            if stream.terminator.is_none() && self.flag_mentions_done(&body.ty) {
                // The spec says so only in prose ("terminated by a data: [DONE] message").
                stream.terminator = Some("[DONE]".to_owned());
                self.warn(
                    WarningKind::Inferred,
                    pointer,
                    "stream end marker `[DONE]` inferred from the `stream` field's description",
                );
            }
        }

        let docs = match (&op.summary, &op.description) {
            (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
            (Some(s), None) => Some(s.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        };
        // The optional query, header and cookie parameters travel in one struct, so that a new
        // one is a new field rather than a new argument of every method.
        let optional: Vec<&Param> = params
            .iter()
            .filter(|p| !p.required && p.location != ParamLocation::Path)
            .collect();
        let options_struct = (!optional.is_empty()).then(|| {
            // The struct's fields have a namespace of their own, where no local is in the way:
            // a parameter keeps its plain name, and only a clash between two parameters (a
            // header and a query parameter of one name) adds the location.
            let (mut fields, mut setters) = (Namespace::default(), Namespace::default());
            ParamsStruct {
                name: names::claim_type(&mut self.type_names, &format!("{type_base}Params")),
                arg: params_arg,
                fields: optional
                    .iter()
                    .map(|p| {
                        let plain = crate::ident::field_name(&p.wire_name);
                        let located = format!("{}_{}", stem(&plain), p.location.as_str());
                        let field = fields.claim_first(&[plain, located]);
                        ParamField {
                            param: p.rust_name.clone(),
                            setter: setters.claim(&format!("with_{}", stem(&field))),
                            field,
                            into: super::passes::takes_into(&p.ty),
                        }
                    })
                    .collect(),
            }
        });
        let optional = params
            .iter()
            .filter(|p| {
                !p.required
                    && p.location == ParamLocation::Query
                    && param_samples.contains_key(&p.rust_name)
                    && self.has_required_properties(&p.ty)
            })
            .map(|p| p.rust_name.clone())
            .collect();
        let samples = Samples {
            params: param_samples,
            body: body_sample,
            optional,
            response: response.as_ref().and_then(|ty| self.success_sample(op, ty)),
        };
        // A list read page by page: two methods beside the call's.
        let pagination = match (&call, &stream) {
            (Some(call), None) => {
                let found = self.pagination(
                    op,
                    &params,
                    options_struct.as_ref(),
                    body.as_ref(),
                    response.as_ref(),
                    pointer,
                );
                found.map(|found| Pagination {
                    rule: found.rule,
                    cursor: found.cursor,
                    item: found.item,
                    pages_method: methods.claim(&format!("{}_pages", stem(&call.plain))),
                    items_method: methods.claim(&format!("{}_items", stem(&call.plain))),
                })
            }
            _ => None,
        };
        let test = test_plan(path, op, &params, body.as_ref(), samples);
        let server = self.operation_server(item, op, pointer);
        Ok(Some(Operation {
            id,
            call,
            options_struct,
            tags: op.tags.clone(),
            features: Vec::new(),
            locals,
            http_method,
            path: path.to_owned(),
            path_template: path_template(path, &params),
            docs,
            params,
            body,
            response,
            raw_response,
            accept,
            test,
            redirect_is_success: !op.responses.keys().any(|c| c.starts_with('2') || c == "default")
                && op.responses.keys().any(|c| c.starts_with('3')),
            server,
            stream,
            errors,
            task,
            mock: None,
            pagination,
            auth: None,
            also_auth: None,
        }))
    }

    /// Whether a parameter's type is an object with required properties.
    fn has_required_properties(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(id) = ty else { return false };
        matches!(
            self.lowered(*id).map(|t| &t.kind),
            Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| f.facts.required)
        )
    }

    /// The operation's own server: the first of its `servers`, else of its path's, when that
    /// is an absolute URL other than the document's first. A relative one (`/v2`) cannot be
    /// told from the document's and is left out, with a warning.
    fn operation_server(&mut self, item: &spec::PathItem, op: &spec::Operation, pointer: &str) -> Option<String> {
        let (server, at) = match (op.servers.first(), item.servers.first()) {
            (Some(s), _) => (s, format!("{pointer}/servers/0")),
            (None, Some(s)) => (
                s,
                format!("{}/servers/0", pointer.rsplit_once('/').map_or(pointer, |(p, _)| p)),
            ),
            (None, None) => return None,
        };
        let url = server.default_url();
        let document = self.doc.servers.first().map(spec::Server::default_url);
        if document.as_deref() == Some(url.as_str()) {
            return None;
        }
        if !url.contains("://") {
            self.warn(
                WarningKind::Skipped,
                &at,
                format!("relative server `{url}` not applied: the operation uses the client's base URL"),
            );
            return None;
        }
        Some(url)
    }

    /// Warns about a boolean keyword written as something else, saying how it was read.
    pub(super) fn note_flag(&mut self, flag: &spec::Flag, pointer: &str) {
        if let Some(written) = &flag.written {
            self.warn(
                WarningKind::Lenient,
                pointer,
                format!("`{written}` where a boolean belongs: read as `{}`", flag.value),
            );
        }
    }
}

/// Where an operation sits in the document.
#[derive(Clone, Copy)]
struct Site<'a, 'p> {
    path: &'a str,
    http_method: HttpMethod,
    item: &'a spec::PathItem,
    op: &'a spec::Operation,
    pointer: &'p str,
}

/// Claims an operation's client methods as one group, so `getPet` beside `getPetWith` cannot
/// give two `get_pet_with` methods: the whole-response methods when `call`, the streaming ones
/// when `stream`, apart (`x_stream`) when it has both.
fn name_methods(
    methods: &mut Namespace,
    id: &str,
    call: bool,
    stream: bool,
    task: bool,
) -> (Option<MethodNames>, Option<StreamMethods>, Option<String>) {
    let streams_apart = call && stream;
    let names = methods.claim_group(&crate::ident::field_name(id), |base| {
        let mut out = Vec::new();
        if call {
            out.extend([
                base.to_owned(),
                format!("{}_with", stem(base)),
                format!("{}_with_response", stem(base)),
            ]);
        }
        if streams_apart {
            out.extend([format!("{}_stream", stem(base)), format!("{}_stream_with", stem(base))]);
        } else if stream {
            out.extend([base.to_owned(), format!("{}_with", stem(base))]);
        }
        if task {
            out.push(format!("{}_task", stem(base)));
        }
        out
    });
    let mut names = names.into_iter();
    let call = call.then(|| MethodNames {
        plain: names.next().unwrap_or_default(),
        with_options: names.next().unwrap_or_default(),
        with_response: names.next().unwrap_or_default(),
    });
    let stream = stream.then(|| StreamMethods {
        plain: names.next().unwrap_or_default(),
        with_options: names.next().unwrap_or_default(),
    });
    let task = task.then(|| names.next().unwrap_or_default());
    (call, stream, task)
}

/// What the operation's generated test does: call it, unless a required parameter or the body
/// has no sample to send, the spec documents no success to check, the path carries a query
/// or fragment (`/oauth/token?refresh`, `/v1/conversations#stream`: two operations on one
/// path, told apart only there, which a mock routes by the path alone), or the body is a
/// multipart other than a form with fields (Prism parses only `multipart/form-data`, and checks
/// a `multipart/related` body as one string against the object schema, which no body passes).
fn test_plan(
    path: &str,
    op: &spec::Operation,
    params: &[Param],
    body: Option<&Body>,
    samples: Samples,
) -> OperationTest {
    if path.contains(['?', '#']) {
        return OperationTest::Skip(
            "its path carries a query or fragment, which a mock routes by the path alone".to_owned(),
        );
    }
    if !op
        .responses
        .keys()
        .any(|code| code.starts_with(['2', '3']) || code == "default")
    {
        return OperationTest::Skip("the spec documents no success response".to_owned());
    }
    if let Some(p) = params
        .iter()
        .find(|p| p.required && !samples.params.contains_key(&p.rust_name))
    {
        return OperationTest::Skip(format!("parameter `{}` allows no finite value", p.wire_name));
    }
    if body.is_some_and(|b| b.required) && samples.body.is_none() {
        return OperationTest::Skip("the request body allows no finite value".to_owned());
    }
    if let Some(Body {
        encoding: BodyEncoding::Multipart {
            fields,
            media_type: Some(media),
        },
        ..
    }) = body
    {
        if !fields.is_empty() {
            return OperationTest::Skip(format!(
                "its `{media}` body has parts, which a mock checks as one string"
            ));
        }
    }
    OperationTest::Call(samples)
}

/// The path template as pieces: literal text, and each `{name}` that names a path parameter.
/// A brace that names none (or is never closed) stays literal text rather than being trusted.
fn path_template(path: &str, params: &[Param]) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}').map(|e| start + e) else {
            break;
        };
        let name = &rest[start + 1..end];
        match params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
        {
            Some(p) => {
                literal.push_str(&rest[..start]);
                if !literal.is_empty() {
                    pieces.push(PathPiece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(PathPiece::Param(p.rust_name.clone()));
            }
            None => literal.push_str(&rest[..=end]),
        }
        rest = &rest[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(PathPiece::Literal(literal));
    }
    pieces
}

/// Whether a media type is JSON (`application/json`, `…+json`, or any).
pub(super) fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_param(name: &str) -> Param {
        Param {
            wire_name: name.to_owned(),
            rust_name: format!("{name}_arg"),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            explode: false,
            style: ParamStyle::Form,
            docs: None,
            constraints: Constraints::default(),
            facts: ValueFacts::default(),
        }
    }

    #[test]
    fn a_path_template_is_parsed_once_into_text_and_parameters() {
        let lit = |t: &str| PathPiece::Literal(t.to_owned());
        let param = |t: &str| PathPiece::Param(t.to_owned());
        let cases = [
            ("/pets", vec![lit("/pets")]),
            ("/pets/{id}", vec![lit("/pets/"), param("id_arg")]),
            ("{id}/x", vec![param("id_arg"), lit("/x")]),
            (
                "/a/{id}.{id}",
                vec![lit("/a/"), param("id_arg"), lit("."), param("id_arg")],
            ),
            // Braces that name no parameter, or never close, stay literal text.
            ("/a{", vec![lit("/a{")]),
            ("/x/{unknown}/y", vec![lit("/x/{unknown}/y")]),
            ("/}", vec![lit("/}")]),
            ("", vec![]),
        ];
        for (path, expected) in cases {
            assert_eq!(path_template(path, &[path_param("id")]), expected, "{path}");
        }
    }
}
