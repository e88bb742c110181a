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
    pub servers: Vec<Server>,
    /// Paths and their operations, in document order.
    pub paths: IndexMap<String, PathItem>,
    /// Reusable components.
    pub components: Components,
    /// Webhooks (3.1); the generator skips them with a warning.
    pub webhooks: IndexMap<String, Value>,
    /// Document-wide security requirements.
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
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
    pub description: Option<String>,
    /// A short summary (3.1).
    pub summary: Option<String>,
}

/// A `server` object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    /// The server's URL.
    pub url: String,
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
    /// The unique operation id; the client method is named after it.
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    /// A short summary.
    pub summary: Option<String>,
    /// A long description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Parameters.
    pub parameters: Vec<Parameter>,
    /// The request body.
    #[serde(rename = "requestBody")]
    pub request_body: Option<RequestBody>,
    /// Responses by status code or `default`.
    pub responses: IndexMap<String, Response>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
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
    pub description: Option<String>,
    /// Whether it is required.
    pub required: bool,
    /// The parameter's schema.
    pub schema: Option<Schema>,
    /// Whether arrays are sent as repeated parameters (`true` is the default for query).
    pub explode: Option<bool>,
}

/// A request body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    /// A reference to a request body in `components`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// Whether a body is required.
    pub required: bool,
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
    pub description: Option<String>,
    /// The body by media type.
    pub content: IndexMap<String, MediaType>,
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
}

/// A JSON Schema object, covering the OpenAPI 3.0 and 3.1 dialects.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Schema {
    /// `$ref`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// `type`: one name, or several in 3.1.
    #[serde(rename = "type")]
    pub ty: Option<TypeSet>,
    /// `format`.
    pub format: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// 3.0 `nullable`.
    pub nullable: bool,
    /// `enum`.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    /// `const`.
    #[serde(rename = "const")]
    pub const_value: Option<Value>,
    /// `properties`, in document order.
    pub properties: IndexMap<String, Schema>,
    /// `required`.
    pub required: Vec<String>,
    /// `items`: a schema, or (a form some specs use) a list of schemas.
    pub items: Option<Items>,
    /// `additionalProperties`.
    #[serde(rename = "additionalProperties")]
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
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `default`.
    pub default: Option<Value>,
    /// `example` (3.0).
    pub example: Option<Value>,
    /// `examples` (3.1: an array).
    pub examples: Option<Value>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`: a boolean in 3.0, a number in 3.1.
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<Value>,
    /// `exclusiveMaximum`: a boolean in 3.0, a number in 3.1.
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<Value>,
    /// `minItems`.
    #[serde(rename = "minItems")]
    pub min_items: Option<u64>,
    /// `maxItems`.
    #[serde(rename = "maxItems")]
    pub max_items: Option<u64>,
    /// `minLength`.
    #[serde(rename = "minLength")]
    pub min_length: Option<u64>,
    /// `maxLength`.
    #[serde(rename = "maxLength")]
    pub max_length: Option<u64>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `xml` (unsupported; ignored, since JSON bodies are what the client sends).
    pub xml: Option<Value>,
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
