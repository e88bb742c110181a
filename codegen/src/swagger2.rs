//! Swagger 2.0 read as OpenAPI 3.0, during load: many vendors still publish 2.0 (Docker,
//! Harbor, Argo, Slack), and users cannot convert what they do not own. The document is
//! rewritten as swagger2openapi does, and every construct that needed rewriting is noted at its
//! pointer in the 2.0 document, so lowering reports it as a warning; nothing is dropped
//! silently.
//!
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` move to `components`
//!   (a shared `body` parameter to `requestBodies`), and every `$ref` follows;
//! - `host`, `basePath` and `schemes` become `servers`;
//! - `body` and `formData` parameters become a `requestBody` of the operation's `consumes`
//!   (a form, or `multipart/form-data` when a part is a file), `type: file` a binary string;
//! - a response's `schema` and `examples` become `content` of the operation's `produces`;
//! - a parameter's type and limits move into its `schema`, `collectionFormat` becomes
//!   `style`/`explode`, `x-example` its `example`;
//! - `x-nullable` becomes `nullable`, a `discriminator` property name an object.

use serde_json::{json, Map, Value};

use crate::error::escape_pointer;

/// Whether a document is Swagger 2.0: its `swagger` member says `2…`.
pub fn is_swagger2(doc: &Value) -> bool {
    doc.get("swagger")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with('2'))
}

/// The keywords of a 2.0 parameter (or header, or items object) that describe its value and
/// move into its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

/// One conversion: where in the 2.0 document, and what was done.
pub type Note = (String, String);

struct Converter<'a> {
    root: &'a Map<String, Value>,
    notes: Vec<Note>,
}

/// The OpenAPI 3.0 form of a Swagger 2.0 document, and a note for each construct converted.
pub fn convert(doc: &Value) -> (Value, Vec<Note>) {
    let empty = Map::new();
    let root = doc.as_object().unwrap_or(&empty);
    let mut c = Converter {
        root,
        notes: vec![(String::new(), "Swagger 2.0 read as OpenAPI 3.0".to_owned())],
    };
    let mut out = Map::new();
    out.insert("openapi".to_owned(), json!("3.0.3"));
    for (key, value) in root {
        let keep = matches!(key.as_str(), "info" | "tags" | "externalDocs" | "security") || key.starts_with("x-");
        if keep {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(server) = c.server() {
        out.insert("servers".to_owned(), json!([{ "url": server }]));
    }
    let mut components = Map::new();
    let mut schemas = Map::new();
    for (name, schema) in object(root.get("definitions")) {
        let pointer = format!("/definitions/{}", escape_pointer(name));
        schemas.insert(name.clone(), c.schema(schema, &pointer));
    }
    let (mut parameters, mut bodies) = (Map::new(), Map::new());
    for (name, param) in object(root.get("parameters")) {
        let pointer = format!("/parameters/{}", escape_pointer(name));
        match param.get("in").and_then(Value::as_str) {
            Some("body") => {
                let consumes = c.media(None, "consumes");
                bodies.insert(name.clone(), c.body(param, &consumes, &pointer));
            }
            // A shared form field is read into each operation that uses it.
            Some("formData") => {}
            _ => {
                parameters.insert(name.clone(), c.parameter(param, &pointer));
            }
        }
    }
    let mut responses = Map::new();
    for (name, response) in object(root.get("responses")) {
        let pointer = format!("/responses/{}", escape_pointer(name));
        let produces = c.media(None, "produces");
        responses.insert(name.clone(), c.response(response, &produces, &pointer));
    }
    let mut schemes = Map::new();
    for (name, scheme) in object(root.get("securityDefinitions")) {
        let pointer = format!("/securityDefinitions/{}", escape_pointer(name));
        schemes.insert(name.clone(), c.security_scheme(scheme, &pointer));
    }
    for (key, map) in [
        ("schemas", schemas),
        ("parameters", parameters),
        ("requestBodies", bodies),
        ("responses", responses),
        ("securitySchemes", schemes),
    ] {
        if !map.is_empty() {
            components.insert(key.to_owned(), Value::Object(map));
        }
    }
    let mut paths = Map::new();
    for (path, item) in object(root.get("paths")) {
        let pointer = format!("/paths/{}", escape_pointer(path));
        paths.insert(path.clone(), c.path_item(item, &pointer));
    }
    out.insert("paths".to_owned(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    let mut out = Value::Object(out);
    rewrite_refs(&mut out);
    (out, c.notes)
}

/// The members of an object, none for anything else.
fn object(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// The `parameters` of a path item or operation, each with its pointer.
fn parameters_at(owner: &Map<String, Value>, pointer: &str) -> Vec<(Value, String)> {
    owner
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (p.clone(), format!("{pointer}/parameters/{i}")))
        .collect()
}

/// `#/definitions/X` and the other 2.0 locations as their 3.0 places, in every `$ref` of the
/// document (a file's own fragment too).
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => {
                        for (old, new) in [
                            ("#/definitions/", "#/components/schemas/"),
                            ("#/parameters/", "#/components/parameters/"),
                            ("#/responses/", "#/components/responses/"),
                        ] {
                            if let Some(at) = r.find(old) {
                                r.replace_range(at..at + old.len(), new);
                                break;
                            }
                        }
                    }
                    (_, child) => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

impl Converter<'_> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push((pointer.to_owned(), message.into()));
    }

    /// The server from `host`, `basePath` and `schemes` (the first scheme, else https): a
    /// relative one (the base path alone) when the document names no host.
    fn server(&mut self) -> Option<String> {
        let host = self.root.get("host").and_then(Value::as_str);
        let base = self.root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let scheme = self
            .root
            .get("schemes")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .and_then(Value::as_str)
            .unwrap_or("https");
        match host {
            Some(host) => Some(format!("{scheme}://{host}{}", base.trim_end_matches('/'))),
            None if !base.is_empty() => Some(base.to_owned()),
            None => None,
        }
    }

    /// The media types an operation consumes or produces: its own, else the document's, else
    /// JSON.
    fn media(&self, op: Option<&Value>, key: &str) -> Vec<String> {
        let listed = |v: Option<&Value>| -> Option<Vec<String>> {
            let list: Vec<String> = v?
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            (!list.is_empty()).then_some(list)
        };
        listed(op.and_then(|o| o.get(key)))
            .or_else(|| listed(self.root.get(key)))
            .unwrap_or_else(|| vec!["application/json".to_owned()])
    }

    /// A schema with the 2.0-only spellings rewritten, recursively.
    fn schema(&mut self, schema: &Value, pointer: &str) -> Value {
        let Some(map) = schema.as_object() else {
            return schema.clone();
        };
        let mut out = Map::new();
        for (key, value) in map {
            let here = format!("{pointer}/{}", escape_pointer(key));
            match (key.as_str(), value) {
                ("x-nullable" | "x-isnullable", Value::Bool(nullable)) => {
                    out.insert("nullable".to_owned(), Value::Bool(*nullable));
                    self.note(&here, format!("`{key}` read as `nullable`"));
                }
                ("type", Value::String(t)) if t == "file" => {
                    out.insert("type".to_owned(), json!("string"));
                    out.insert("format".to_owned(), json!("binary"));
                    self.note(&here, "`type: file` read as a binary string");
                }
                ("discriminator", Value::String(property)) => {
                    out.insert("discriminator".to_owned(), json!({ "propertyName": property }));
                    self.note(
                        &here,
                        "a 2.0 discriminator (the property's name) read as `propertyName`",
                    );
                }
                ("properties" | "patternProperties" | "definitions", Value::Object(props)) => {
                    let props = props
                        .iter()
                        .map(|(name, s)| {
                            (
                                name.clone(),
                                self.schema(s, &format!("{here}/{}", escape_pointer(name))),
                            )
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(props));
                }
                ("items" | "additionalProperties" | "not", Value::Object(_)) => {
                    out.insert(key.clone(), self.schema(value, &here));
                }
                ("allOf" | "anyOf" | "oneOf", Value::Array(members)) => {
                    let members = members
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.schema(s, &format!("{here}/{i}")))
                        .collect();
                    out.insert(key.clone(), Value::Array(members));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// A value described the 2.0 way (a parameter, a header, an items object) as a schema.
    fn value_schema(&mut self, described: &Map<String, Value>, pointer: &str) -> Value {
        let mut schema = Map::new();
        for key in VALUE_KEYWORDS {
            if let Some(value) = described.get(*key) {
                let value = match *key {
                    "items" => match value.as_object() {
                        Some(items) => self.value_schema(items, &format!("{pointer}/items")),
                        None => value.clone(),
                    },
                    _ => value.clone(),
                };
                schema.insert((*key).to_owned(), value);
            }
        }
        for (key, value) in described {
            if key.starts_with("x-") && key != "x-example" {
                schema.insert(key.clone(), value.clone());
            }
        }
        self.schema(&Value::Object(schema), pointer)
    }

    /// A path, query, header or cookie parameter.
    fn parameter(&mut self, param: &Value, pointer: &str) -> Value {
        let Some(map) = param.as_object() else {
            return param.clone();
        };
        if map.contains_key("$ref") {
            return param.clone();
        }
        let mut out = Map::new();
        for key in ["name", "in", "description", "required", "allowEmptyValue", "deprecated"] {
            if let Some(value) = map.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        for (key, value) in map {
            if key.starts_with("x-") && key != "x-example" {
                out.insert(key.clone(), value.clone());
            }
        }
        if let Some(example) = map.get("x-example") {
            out.insert("example".to_owned(), example.clone());
        }
        out.insert("schema".to_owned(), self.value_schema(map, pointer));
        let location = map.get("in").and_then(Value::as_str).unwrap_or("query");
        let is_array = map.get("type").and_then(Value::as_str) == Some("array");
        let format = map.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
        if is_array {
            let (style, explode) = match (format, location) {
                ("multi", _) => ("form", true),
                ("ssv", _) => ("spaceDelimited", false),
                ("pipes", _) => ("pipeDelimited", false),
                ("tsv", _) => {
                    self.note(pointer, "`collectionFormat: tsv` has no OpenAPI 3 style: read as `csv`");
                    ("form", false)
                }
                (_, "query" | "cookie") => ("form", false),
                _ => ("simple", false),
            };
            out.insert("style".to_owned(), json!(style));
            out.insert("explode".to_owned(), json!(explode));
            if map.contains_key("collectionFormat") {
                self.note(
                    pointer,
                    format!("`collectionFormat: {format}` read as `style: {style}`"),
                );
            }
        }
        Value::Object(out)
    }

    /// A `body` parameter as a request body of these media types.
    fn body(&mut self, param: &Value, consumes: &[String], pointer: &str) -> Value {
        self.note(pointer, "a `body` parameter read as the request body");
        let schema = self.schema(param.get("schema").unwrap_or(&json!({})), &format!("{pointer}/schema"));
        let content: Map<String, Value> = consumes
            .iter()
            .map(|media| (media.clone(), json!({ "schema": schema })))
            .collect();
        let mut out = Map::new();
        if let Some(d) = param.get("description") {
            out.insert("description".to_owned(), d.clone());
        }
        out.insert("content".to_owned(), Value::Object(content));
        out.insert(
            "required".to_owned(),
            param.get("required").cloned().unwrap_or(Value::Bool(false)),
        );
        Value::Object(out)
    }

    /// `formData` parameters as one form body: `multipart/form-data` when a part is a file or
    /// the operation consumes it, else a URL-encoded form.
    fn form_body(&mut self, fields: &[(Value, String)], consumes: &[String]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut file = false;
        for (field, pointer) in fields {
            let Some(map) = field.as_object() else { continue };
            let Some(name) = map.get("name").and_then(Value::as_str) else {
                continue;
            };
            file |= map.get("type").and_then(Value::as_str) == Some("file");
            let mut schema = self.value_schema(map, pointer);
            if let (Some(d), Value::Object(s)) = (map.get("description"), &mut schema) {
                s.insert("description".to_owned(), d.clone());
            }
            properties.insert(name.to_owned(), schema);
            if map.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.to_owned()));
            }
            self.note(pointer, "a `formData` parameter read as a property of the form body");
        }
        let multipart = file || consumes.iter().any(|m| m.starts_with("multipart/form-data"));
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        json!({
            "required": !required.is_empty(),
            "content": { media: { "schema": schema } },
        })
    }

    /// A response: its `schema` and `examples` as `content` of these media types, its headers'
    /// values as schemas.
    fn response(&mut self, response: &Value, produces: &[String], pointer: &str) -> Value {
        let Some(map) = response.as_object() else {
            return response.clone();
        };
        if map.contains_key("$ref") {
            return response.clone();
        }
        let mut out = Map::new();
        out.insert(
            "description".to_owned(),
            map.get("description").cloned().unwrap_or_else(|| json!("")),
        );
        for (key, value) in map {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        let examples = map.get("examples").and_then(Value::as_object);
        let mut content = Map::new();
        if let Some(schema) = map.get("schema") {
            let schema = self.schema(schema, &format!("{pointer}/schema"));
            for media in produces {
                let mut entry = json!({ "schema": schema });
                if let Some(example) = examples.and_then(|e| e.get(media)) {
                    entry["example"] = example.clone();
                }
                content.insert(media.clone(), entry);
            }
        } else if let Some(examples) = examples {
            for (media, example) in examples {
                content.insert(media.clone(), json!({ "example": example }));
            }
        }
        if !content.is_empty() {
            out.insert("content".to_owned(), Value::Object(content));
        }
        if let Some(headers) = map.get("headers").and_then(Value::as_object) {
            let headers: Map<String, Value> = headers
                .iter()
                .map(|(name, header)| {
                    let at = format!("{pointer}/headers/{}", escape_pointer(name));
                    let mut h = Map::new();
                    if let Some(d) = header.get("description") {
                        h.insert("description".to_owned(), d.clone());
                    }
                    let described = header.as_object().cloned().unwrap_or_default();
                    h.insert("schema".to_owned(), self.value_schema(&described, &at));
                    (name.clone(), Value::Object(h))
                })
                .collect();
            out.insert("headers".to_owned(), Value::Object(headers));
        }
        Value::Object(out)
    }

    /// A security definition as a security scheme.
    fn security_scheme(&mut self, scheme: &Value, pointer: &str) -> Value {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let description = scheme.get("description").cloned();
        let mut out = match kind {
            "basic" => json!({ "type": "http", "scheme": "basic" }),
            "apiKey" => json!({ "type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in") }),
            "oauth2" => {
                let flow = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    _ => "authorizationCode",
                };
                let mut details = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(url) = scheme.get(key) {
                        details.insert(key.to_owned(), url.clone());
                    }
                }
                details.insert(
                    "scopes".to_owned(),
                    scheme.get("scopes").cloned().unwrap_or_else(|| json!({})),
                );
                json!({ "type": "oauth2", "flows": { flow: details } })
            }
            _ => {
                self.note(pointer, format!("security definition of type `{kind}` kept as written"));
                scheme.clone()
            }
        };
        if let (Some(d), Value::Object(o)) = (description, &mut out) {
            o.insert("description".to_owned(), d);
        }
        out
    }

    /// A path item: its shared parameters, and each operation with the path's form fields and
    /// body folded into its request body.
    fn path_item(&mut self, item: &Value, pointer: &str) -> Value {
        let Some(map) = item.as_object() else {
            return item.clone();
        };
        let shared = parameters_at(map, pointer);
        let mut out = Map::new();
        for (key, value) in map {
            let here = format!("{pointer}/{}", escape_pointer(key));
            match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                    out.insert(key.clone(), self.operation(value, &shared, &here));
                }
                // Shared parameters go to each operation, where a body or form field belongs.
                "parameters" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// A parameter as written, or the shared one its `$ref` names (with that one's pointer).
    fn resolved(&self, param: &Value, pointer: &str) -> (Value, String) {
        let target = param
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .map(crate::error::unescape_pointer);
        match target.and_then(|name| Some((self.root.get("parameters")?.get(&name)?, name))) {
            Some((shared, name)) => (shared.clone(), format!("/parameters/{}", escape_pointer(&name))),
            None => (param.clone(), pointer.to_owned()),
        }
    }

    fn operation(&mut self, op: &Value, shared: &[(Value, String)], pointer: &str) -> Value {
        let Some(map) = op.as_object() else {
            return op.clone();
        };
        let consumes = self.media(Some(op), "consumes");
        let produces = self.media(Some(op), "produces");
        let own = parameters_at(map, pointer);
        // The operation's own parameters override the path's of the same name and place.
        let key = |p: &Value| {
            (
                p.get("name").and_then(Value::as_str).unwrap_or("").to_owned(),
                p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
            )
        };
        let mut seen = std::collections::BTreeSet::new();
        let (mut parameters, mut form, mut body) = (Vec::new(), Vec::new(), None);
        for (written, at) in own.iter().chain(shared) {
            let (param, param_pointer) = self.resolved(written, at);
            if !seen.insert(key(&param)) {
                continue;
            }
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    body = Some(match written.get("$ref").and_then(Value::as_str) {
                        Some(r) => {
                            let name = r.rsplit('/').next().unwrap_or_default();
                            json!({ "$ref": format!("#/components/requestBodies/{name}") })
                        }
                        None => self.body(&param, &consumes, &param_pointer),
                    });
                }
                Some("formData") => form.push((param, param_pointer)),
                _ if written.get("$ref").is_some() => parameters.push(written.clone()),
                _ => parameters.push(self.parameter(&param, &param_pointer)),
            }
        }
        if body.is_none() && !form.is_empty() {
            body = Some(self.form_body(&form, &consumes));
        }
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "parameters" | "consumes" | "produces" | "schemes" => {}
                "responses" => {
                    let responses: Map<String, Value> = object(Some(value))
                        .map(|(code, r)| {
                            let at = format!("{pointer}/responses/{}", escape_pointer(code));
                            (code.clone(), self.response(r, &produces, &at))
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(responses));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(parameters));
        }
        if let Some(body) = body {
            out.insert("requestBody".to_owned(), body);
        }
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(yaml: &str) -> (Value, Vec<Note>) {
        let doc: Value = serde_yaml::from_str(yaml).expect("YAML");
        assert!(is_swagger2(&doc));
        convert(&doc)
    }

    #[test]
    fn each_two_point_oh_construct_is_read_as_its_three_point_oh_form_with_a_note() {
        let (doc, notes) = converted(
            r##"
swagger: "2.0"
info: {title: T, version: "1"}
host: api.example.com
basePath: /v1
schemes: [http]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  key: {type: apiKey, name: X-Key, in: header}
  oauth: {type: oauth2, flow: application, tokenUrl: "https://a/token", scopes: {read: Read}}
parameters:
  Limit: {name: limit, in: query, type: integer, maximum: 100}
  Pet: {name: pet, in: body, required: true, schema: {$ref: "#/definitions/Pet"}}
paths:
  /pets:
    parameters:
      - {$ref: "#/parameters/Limit"}
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        "200": {description: ok, schema: {type: array, items: {$ref: "#/definitions/Pet"}}, headers: {x-next: {type: string}}}
    post:
      operationId: addPet
      parameters:
        - {$ref: "#/parameters/Pet"}
      responses: {"204": {description: done}}
  /upload:
    post:
      operationId: upload
      consumes: [multipart/form-data]
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string}
      responses: {"200": {description: ok, schema: {type: file}}}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      tag: {type: string, x-nullable: true}
"##,
        );
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["servers"][0]["url"], "http://api.example.com/v1");
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"]["propertyName"], "kind");
        assert_eq!(pet["properties"]["tag"]["nullable"], true);
        assert_eq!(doc["components"]["parameters"]["Limit"]["schema"]["maximum"], 100);
        assert_eq!(
            doc["components"]["requestBodies"]["Pet"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        let list = &doc["paths"]["/pets"]["get"];
        assert_eq!(list["parameters"][0]["style"], "form");
        assert_eq!(list["parameters"][0]["explode"], true);
        assert_eq!(
            list["parameters"][1]["$ref"], "#/components/parameters/Limit",
            "the path's, after its own"
        );
        let ok = &list["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["schema"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(ok["headers"]["x-next"]["schema"]["type"], "string");
        assert_eq!(
            doc["paths"]["/pets"]["post"]["requestBody"]["$ref"],
            "#/components/requestBodies/Pet"
        );
        let upload = &doc["paths"]["/upload"]["post"];
        let form = &upload["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(form["properties"]["file"]["format"], "binary");
        assert_eq!(form["required"], json!(["file"]));
        assert_eq!(
            upload["responses"]["200"]["content"]["application/json"]["schema"]["format"],
            "binary"
        );
        assert_eq!(doc["components"]["securitySchemes"]["key"]["in"], "header");
        assert!(doc["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"].is_object());
        for pointer in [
            "",
            "/parameters/Pet",
            "/paths/~1pets/get/parameters/0",
            "/paths/~1upload/post/parameters/0",
            "/definitions/Pet/discriminator",
            "/definitions/Pet/properties/tag/x-nullable",
        ] {
            assert!(notes.iter().any(|(at, _)| at == pointer), "{pointer}: {notes:#?}");
        }
    }
}
