//! Typed OpenAPI 3.0/3.1 documents, as far as the generator reads them.
//!
//! Every struct is `#[serde(default)]` so that a missing optional member never fails the load;
//! members the generator does not use are ignored rather than rejected, because real specs
//! carry many vendor extensions. Reference objects (`$ref`) are kept as an optional member of
//! the object they stand for and resolved during lowering, where the JSON pointer is known.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// The root of an OpenAPI document.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenApi {
    /// The `openapi` version string, such as `3.1.0`.
    pub openapi: Option<String>,
    /// Metadata about the API.
    pub info: Info,
    /// Servers; the first one becomes the client's default base URL.
    #[serde(deserialize_with = "lenient")]
    pub servers: Vec<Server>,
    /// Paths and their operations, in document order.
    pub paths: IndexMap<String, PathItem>,
    /// Reusable components.
    pub components: Components,
    /// Webhooks (3.1); the generator skips them with a warning.
    pub webhooks: IndexMap<String, Value>,
    /// `x-webhooks`, the 3.0 vendor extension for the same.
    #[serde(rename = "x-webhooks")]
    pub x_webhooks: IndexMap<String, Value>,
    /// `x-standard-webhooks: true`: the webhooks are signed by the Standard Webhooks scheme.
    #[serde(rename = "x-standard-webhooks")]
    pub standard_webhooks: Option<Value>,
    /// Document-wide security requirements.
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// The document's text, kept by [`crate::load()`] so that a `$ref` to any JSON pointer can be
    /// followed (parsed again, as JSON, only when one is met).
    #[serde(skip)]
    pub source: Option<String>,
    /// What loading read leniently (integers too large for 64 bits, read as floats), as
    /// `(line, what)`; lowering reports each as a warning.
    #[serde(skip)]
    pub load_notes: Vec<(usize, String)>,
    /// What reading a Swagger 2.0 document as OpenAPI 3.0 converted, as `(pointer in the 2.0
    /// document, what)`; lowering reports each as a warning.
    #[serde(skip)]
    pub conversions: Vec<(String, String)>,
}

/// The `info` object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The API's version.
    pub version: String,
    /// A long description.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// A short summary (3.1).
    #[serde(deserialize_with = "lenient")]
    pub summary: Option<String>,
}

/// A `server` object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    /// The server's URL, with `{name}` for each of its variables.
    #[serde(deserialize_with = "lenient")]
    pub url: String,
    /// The URL's variables, each with its default.
    #[serde(deserialize_with = "lenient")]
    pub variables: IndexMap<String, ServerVariable>,
}

impl Server {
    /// The URL with each variable's default filled in, without a trailing `/`.
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for (name, variable) in &self.variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        url.trim_end_matches('/').to_owned()
    }
}

/// A server variable.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServerVariable {
    /// The value used when none is given.
    #[serde(deserialize_with = "lenient")]
    pub default: String,
}

/// The `components` object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Components {
    /// Named schemas.
    pub schemas: IndexMap<String, Schema>,
    /// Named responses.
    pub responses: IndexMap<String, Response>,
    /// Named parameters.
    pub parameters: IndexMap<String, Parameter>,
    /// Named request bodies.
    #[serde(rename = "requestBodies")]
    pub request_bodies: IndexMap<String, RequestBody>,
    /// Named security schemes.
    #[serde(rename = "securitySchemes")]
    pub security_schemes: IndexMap<String, SecurityScheme>,
    /// Named examples (Example objects).
    #[serde(deserialize_with = "lenient")]
    pub examples: IndexMap<String, Value>,
}

/// A security scheme.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SecurityScheme {
    /// `http`, `apiKey`, `oauth2`, `openIdConnect` or `mutualTLS`.
    #[serde(rename = "type")]
    pub kind: String,
    /// For `http`: `bearer`, `basic`, ...
    pub scheme: Option<String>,
    /// For `apiKey`: the header, query or cookie name.
    pub name: Option<String>,
    /// For `apiKey`: `header`, `query` or `cookie`.
    #[serde(rename = "in")]
    pub location: Option<String>,
}

/// A path item: the operations under one path.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PathItem {
    /// A reference to a path item elsewhere (unsupported).
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// Parameters shared by every operation of the path.
    pub parameters: Vec<Parameter>,
    /// Servers for every operation of the path, instead of the document's.
    #[serde(deserialize_with = "lenient")]
    pub servers: Vec<Server>,
    /// GET.
    pub get: Option<Operation>,
    /// PUT.
    pub put: Option<Operation>,
    /// POST.
    pub post: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
    /// OPTIONS.
    pub options: Option<Operation>,
    /// HEAD.
    pub head: Option<Operation>,
    /// PATCH.
    pub patch: Option<Operation>,
    /// TRACE.
    pub trace: Option<Operation>,
}

impl PathItem {
    /// The operations of this path in a fixed method order, with their lower-case method.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    }
}

/// An operation.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Operation {
    /// A reference to the operation elsewhere (in another file, as some specs split theirs),
    /// read in before lowering.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The unique operation id; the client method is named after it.
    #[serde(rename = "operationId", deserialize_with = "lenient")]
    pub operation_id: Option<String>,
    /// A short summary.
    #[serde(deserialize_with = "lenient")]
    pub summary: Option<String>,
    /// A long description.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// Tags.
    #[serde(deserialize_with = "lenient")]
    pub tags: Vec<String>,
    /// Parameters.
    pub parameters: Vec<Parameter>,
    /// The request body.
    #[serde(rename = "requestBody")]
    pub request_body: Option<RequestBody>,
    /// Responses by status code or `default`.
    pub responses: IndexMap<String, Response>,
    /// The operation's own security requirements, overriding the document's (`[]`: none).
    #[serde(deserialize_with = "lenient")]
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// Whether the operation is deprecated.
    #[serde(deserialize_with = "lenient")]
    pub deprecated: bool,
    /// Servers for this operation, instead of its path's or the document's.
    #[serde(deserialize_with = "lenient")]
    pub servers: Vec<Server>,
    /// `x-task`: this operation reads a long-running task, and where its state is (read in
    /// lowering, which warns about a malformed one).
    #[serde(rename = "x-task")]
    pub task: Option<serde_json::Value>,
    /// Pagination as vendor extensions declare it, read leniently in lowering.
    #[serde(rename = "x-speakeasy-pagination")]
    pub speakeasy_pagination: Option<serde_json::Value>,
    /// `x-fern-pagination`.
    #[serde(rename = "x-fern-pagination")]
    pub fern_pagination: Option<serde_json::Value>,
    /// `x-dropshot-pagination`.
    #[serde(rename = "x-dropshot-pagination")]
    pub dropshot_pagination: Option<serde_json::Value>,
    /// `x-ms-pageable`.
    #[serde(rename = "x-ms-pageable")]
    pub ms_pageable: Option<serde_json::Value>,
}

/// A parameter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Parameter {
    /// A reference to a parameter in `components`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The parameter's name.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    #[serde(rename = "in")]
    pub location: String,
    /// A description.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// Whether it is required.
    pub required: Flag,
    /// The parameter's schema.
    pub schema: Option<Schema>,
    /// Whether arrays are sent as repeated parameters (`true` is the default for query).
    #[serde(deserialize_with = "lenient")]
    pub explode: Option<bool>,
    /// How the value is written: `form`, `spaceDelimited`, `pipeDelimited`, `deepObject` for
    /// the query; `simple` for paths and headers.
    #[serde(deserialize_with = "lenient")]
    pub style: Option<String>,
    /// The parameter's value by media type, instead of `schema` (a JSON-encoded parameter).
    pub content: IndexMap<String, MediaType>,
    /// An example value.
    pub example: Option<Value>,
    /// Named examples (Example objects, or references to them).
    #[serde(deserialize_with = "lenient")]
    pub examples: IndexMap<String, Value>,
}

/// A request body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    /// A reference to a request body in `components`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// A description.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// Whether a body is required.
    pub required: Flag,
    /// The body by media type.
    pub content: IndexMap<String, MediaType>,
}

/// A response.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    /// A reference to a response in `components`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// A description.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// The body by media type.
    pub content: IndexMap<String, MediaType>,
    /// Operations the response leads to, with the values to call them with.
    #[serde(deserialize_with = "lenient")]
    pub links: IndexMap<String, Link>,
    /// The headers it declares, by name (only the names are read: a `Link` header says the
    /// list pages by it).
    #[serde(deserialize_with = "lenient")]
    pub headers: IndexMap<String, serde_json::Value>,
}

/// A link: an operation a response leads to, and the arguments it gets from the response.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Link {
    /// The target's `operationId`.
    #[serde(rename = "operationId", deserialize_with = "lenient")]
    pub operation_id: Option<String>,
    /// Each of the target's parameters: a runtime expression (`$response.body#/id`) or a value.
    #[serde(deserialize_with = "lenient")]
    pub parameters: IndexMap<String, serde_json::Value>,
    /// `x-fallback`: more expressions per parameter, tried in order when the first finds
    /// nothing (a response that gives `task_id` on some servers and only `id` on others).
    #[serde(rename = "x-fallback", deserialize_with = "lenient")]
    pub fallback: IndexMap<String, Vec<String>>,
}

/// A media type object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MediaType {
    /// The body's schema; for `text/event-stream`, the schema of each event's data.
    pub schema: Option<Schema>,
    /// For `text/event-stream`: the `data` value that ends the stream, such as `[DONE]`.
    #[serde(rename = "x-stream-terminator")]
    pub stream_terminator: Option<String>,
    /// Speakeasy's name for the same thing.
    #[serde(rename = "x-speakeasy-sse-sentinel")]
    pub sse_sentinel: Option<String>,
    /// An example value.
    pub example: Option<Value>,
    /// Named examples (Example objects, or references to them).
    #[serde(deserialize_with = "lenient")]
    pub examples: IndexMap<String, Value>,
    /// How each property of a form body is written, by property name.
    #[serde(deserialize_with = "lenient")]
    pub encoding: IndexMap<String, Encoding>,
}

/// An encoding object: how one property of a form body is written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Encoding {
    /// `form` (the default), `spaceDelimited`, `pipeDelimited` or `deepObject`.
    #[serde(deserialize_with = "lenient")]
    pub style: Option<String>,
    /// Whether arrays and objects spread over several pairs (`true` for `form`).
    #[serde(deserialize_with = "lenient")]
    pub explode: Option<bool>,
}

/// A JSON Schema object, covering the OpenAPI 3.0 and 3.1 dialects. A boolean schema (3.1)
/// reads as the schema it stands for: `true` allows anything, `false` nothing. Keywords whose
/// value has the wrong shape are read as absent rather than refusing the whole document.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default, remote = "Self")]
pub struct Schema {
    /// `$ref`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `$recursiveRef` (JSON Schema 2019-09): the schema it sits in, at its outermost.
    #[serde(rename = "$recursiveRef", deserialize_with = "lenient")]
    pub recursive_ref: Option<String>,
    /// `$dynamicRef` (JSON Schema 2020-12), read like `$recursiveRef`.
    #[serde(rename = "$dynamicRef", deserialize_with = "lenient")]
    pub dynamic_ref: Option<String>,
    /// `type`: one name, or several in 3.1.
    #[serde(rename = "type", deserialize_with = "lenient")]
    pub ty: Option<TypeSet>,
    /// `format`.
    #[serde(deserialize_with = "lenient")]
    pub format: Option<String>,
    /// `title`.
    #[serde(deserialize_with = "lenient")]
    pub title: Option<String>,
    /// `description`.
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    /// 3.0 `nullable`.
    #[serde(deserialize_with = "lenient")]
    pub nullable: bool,
    /// `enum`.
    #[serde(rename = "enum", deserialize_with = "lenient")]
    pub enum_values: Option<Vec<Value>>,
    /// `const`.
    #[serde(rename = "const")]
    pub const_value: Option<Value>,
    /// `properties`, in document order.
    pub properties: IndexMap<String, Schema>,
    /// `required`: the list of required properties, or (a form some specs use) `true` on the
    /// property itself.
    pub required: Required,
    /// `items`: a schema, or (a form some specs use) a list of schemas.
    #[serde(deserialize_with = "lenient")]
    pub items: Option<Items>,
    /// `additionalProperties`.
    #[serde(rename = "additionalProperties", deserialize_with = "lenient")]
    pub additional_properties: Option<AdditionalProperties>,
    /// `patternProperties`.
    #[serde(rename = "patternProperties")]
    pub pattern_properties: IndexMap<String, Schema>,
    /// `allOf`.
    #[serde(rename = "allOf")]
    pub all_of: Vec<Schema>,
    /// `oneOf`.
    #[serde(rename = "oneOf")]
    pub one_of: Vec<Schema>,
    /// `anyOf`.
    #[serde(rename = "anyOf")]
    pub any_of: Vec<Schema>,
    /// `not` (unsupported; lowered to a JSON value with a warning).
    pub not: Option<Value>,
    /// `if` (3.1): with `then`, constraints that hold when the `if` schema matches.
    #[serde(rename = "if", deserialize_with = "lenient")]
    pub if_schema: Option<Box<Schema>>,
    /// `then` (3.1).
    #[serde(deserialize_with = "lenient")]
    pub then: Option<Box<Schema>>,
    /// `discriminator`.
    #[serde(deserialize_with = "lenient")]
    pub discriminator: Option<Discriminator>,
    /// `default`.
    pub default: Option<Value>,
    /// `example` (3.0).
    pub example: Option<Value>,
    /// `examples` (3.1: an array).
    pub examples: Option<Value>,
    /// `minimum`.
    #[serde(deserialize_with = "lenient")]
    pub minimum: Option<f64>,
    /// `maximum`.
    #[serde(deserialize_with = "lenient")]
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`: a boolean in 3.0, a number in 3.1.
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<Value>,
    /// `exclusiveMaximum`: a boolean in 3.0, a number in 3.1.
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<Value>,
    /// `minItems`.
    #[serde(rename = "minItems", deserialize_with = "lenient")]
    pub min_items: Option<u64>,
    /// `maxItems`.
    #[serde(rename = "maxItems", deserialize_with = "lenient")]
    pub max_items: Option<u64>,
    /// `minLength`.
    #[serde(rename = "minLength", deserialize_with = "lenient")]
    pub min_length: Option<u64>,
    /// `maxLength`.
    #[serde(rename = "maxLength", deserialize_with = "lenient")]
    pub max_length: Option<u64>,
    /// `pattern`, a regular expression a string matches (read for the generated tests' samples).
    #[serde(deserialize_with = "lenient")]
    pub pattern: Option<String>,
    /// `multipleOf`.
    #[serde(rename = "multipleOf", deserialize_with = "lenient")]
    pub multiple_of: Option<f64>,
    /// `minProperties`.
    #[serde(rename = "minProperties", deserialize_with = "lenient")]
    pub min_properties: Option<u64>,
    /// `readOnly`: the property is only received, so a request leaves it out.
    #[serde(rename = "readOnly", deserialize_with = "lenient")]
    pub read_only: bool,
    /// `writeOnly`: the property is only sent (a password), so a response leaves it out.
    #[serde(rename = "writeOnly", deserialize_with = "lenient")]
    pub write_only: bool,
    /// `deprecated`.
    #[serde(deserialize_with = "lenient")]
    pub deprecated: bool,
    /// `contentMediaType` (3.1), which marks a string as a file's content.
    #[serde(rename = "contentMediaType", deserialize_with = "lenient")]
    pub content_media_type: Option<String>,
    /// `xml` (unsupported; ignored, since JSON bodies are what the client sends).
    pub xml: Option<Value>,
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SchemaVisitor;
        impl<'de> serde::de::Visitor<'de> for SchemaVisitor {
            type Value = Schema;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a schema object or a boolean")
            }
            fn visit_bool<E: serde::de::Error>(self, allows: bool) -> Result<Schema, E> {
                Ok(if allows {
                    Schema::default()
                } else {
                    Schema {
                        not: Some(Value::Object(Default::default())),
                        ..Schema::default()
                    }
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Schema, A::Error> {
                Schema::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_any(SchemaVisitor)
    }
}

/// `required`: property names, or the flag `true` some specs write on a property itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Required {
    /// The names listed.
    pub names: Vec<String>,
    /// Whether the schema said `required: true` of itself.
    pub flag: bool,
}

impl Required {
    /// Whether `name` is listed.
    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::Bool(flag) => Required {
                names: Vec::new(),
                flag,
            },
            Value::Array(items) => Required {
                names: items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                flag: false,
            },
            Value::String(one) => Required {
                names: vec![one],
                flag: false,
            },
            _ => Required::default(),
        })
    }
}

/// Reads a value, or its default when the document gives it a shape of the wrong kind (a
/// string where a number belongs, say): a keyword that cannot be read is treated as absent.
fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned + Default,
{
    // Buffered as YAML, whose mappings keep the document's order (a JSON map would sort the
    // properties of an inline `items` or `additionalProperties` schema).
    let value = serde_yaml::Value::deserialize(deserializer)?;
    Ok(serde_yaml::from_value(value).unwrap_or_default())
}

/// A boolean keyword as its author meant it: `true`/`false`, or a word for one (`"true"`,
/// `"yes"`, `"required"`; `"false"`, `"no"`, `"optional"`), which lowering warns about. Any
/// other value reads as `false`, also with a warning.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Flag {
    /// The value taken.
    pub value: bool,
    /// What the document wrote, when it was not a boolean.
    pub written: Option<String>,
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let written = match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::Bool(value) => return Ok(Flag { value, written: None }),
            serde_yaml::Value::Null => return Ok(Flag::default()),
            serde_yaml::Value::String(s) => s,
            other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_owned(),
        };
        let value = matches!(
            written.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "y" | "on" | "1" | "required"
        );
        Ok(Flag {
            value,
            written: Some(written),
        })
    }
}

/// The `type` keyword: one name or, in 3.1, a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TypeSet {
    /// One type name.
    One(String),
    /// Several type names.
    Many(Vec<String>),
}

impl TypeSet {
    /// The type names.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeSet::One(s) => vec![s.as_str()],
            TypeSet::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// `items`: one schema, or a list of schemas (tuple form, not in OpenAPI 3.x but seen in the wild).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Items {
    /// One schema for every item.
    One(Box<Schema>),
    /// A list of schemas.
    Many(Vec<Schema>),
}

/// `additionalProperties`: a boolean or a schema.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Bool(bool),
    /// A schema for the values.
    Schema(Box<Schema>),
}

/// A `discriminator` object.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Discriminator {
    /// The property whose value picks the branch.
    #[serde(rename = "propertyName")]
    pub property_name: String,
    /// Property values to `$ref`s or schema names.
    pub mapping: IndexMap<String, String>,
}
