//! The intermediate representation: every name decided, every reference resolved.
//!
//! Lowering produces it from the spec; emission turns it into tokens without making any
//! naming decision of its own.

use serde_json::Value;

use crate::error::Warning;

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The API's title.
    pub title: String,
    /// The API's version.
    pub version: String,
    /// A description of the API.
    pub docs: Option<String>,
    /// The default base URL (the first server), if any.
    pub server_url: Option<String>,
    /// How requests authenticate.
    pub auth: Auth,
    /// Named types, in a deterministic order (components first, then inline types).
    pub types: Vec<TypeDef>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// What was not translated exactly.
    pub warnings: Vec<Warning>,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme the client understands.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// The key in a named header.
    Header(String),
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Rustdoc, from the description.
    pub docs: Option<String>,
    /// The JSON pointer it came from.
    pub pointer: String,
    /// Whether a request body reaches it, so users build it.
    pub in_request: bool,
    /// Whether a response body reaches it, so the server sends it.
    pub in_response: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct from an object schema.
    Struct(Struct),
    /// An enum of string values.
    Enum(StringEnum),
    /// A union from `oneOf`/`anyOf`.
    Union(Union),
    /// Another name for a type.
    Alias(TypeRef),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Declared properties, in document order.
    pub fields: Vec<Field>,
    /// Where properties the spec does not declare go; `None` when `additionalProperties` is
    /// `false`.
    pub extra: Option<Extra>,
}

/// The catch-all map of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    /// The field's Rust name.
    pub rust_name: String,
    /// The type of the values.
    pub value: TypeRef,
    /// Whether the map holds typed `additionalProperties` rather than unknown fields.
    pub declared: bool,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON name.
    pub wire_name: String,
    /// The Rust name (possibly raw, like `r#type`).
    pub rust_name: String,
    /// The type, without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    /// Whether the property is required.
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether the type must be boxed because it contains this struct.
    pub boxed: bool,
    /// Rustdoc.
    pub docs: Option<String>,
    /// The documented default.
    pub default: Option<Value>,
    /// The schema's `format` (such as `date-time` or `uuid`), documented since the Rust type
    /// does not carry it.
    pub format: Option<String>,
    /// The one value the spec allows (`const`), documented.
    pub const_value: Option<Value>,
    /// Constraints checked before a request is sent.
    pub constraints: Constraints,
}

/// Constraints on a value, from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// The lower bound and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// The upper bound and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// The fewest array items.
    pub min_items: Option<u64>,
    /// The most array items.
    pub max_items: Option<u64>,
    /// The shortest string, in characters.
    pub min_length: Option<u64>,
    /// The longest string, in characters.
    pub max_length: Option<u64>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// An enum of string values.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// The known values.
    pub variants: Vec<EnumVariant>,
    /// Whether unknown values are kept in an `Other(String)` variant instead of failing.
    pub open: bool,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A union of alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The property whose value picks the variant; `None` for an untagged union.
    pub tag: Option<String>,
    /// The alternatives.
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The tag value, for a tagged union.
    pub tag_value: Option<String>,
    /// The payload.
    pub ty: TypeRef,
    /// Rustdoc.
    pub docs: Option<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// Any JSON value.
    Json,
    /// A named type.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A map from strings to `T`.
    Map(Box<TypeRef>),
    /// `Option<T>`, for a nullable type inside a container.
    Option(Box<TypeRef>),
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`.
    pub id: String,
    /// The client method's name.
    pub method_name: String,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The path template, such as `/pets/{petId}`.
    pub path: String,
    /// Rustdoc.
    pub docs: Option<String>,
    /// Path, query and header parameters.
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// The success response decoded from JSON; `None` when it has no JSON body.
    pub response: Option<TypeRef>,
    /// Whether the success response has a body that is not JSON, returned as raw bytes.
    pub raw_response: bool,
    /// The streamed events, when the success response can be `text/event-stream`.
    pub stream: Option<Stream>,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// Whether the body must be sent.
    pub required: bool,
    /// The boolean field that asks the server to stream, when the operation can stream.
    pub stream_flag: Option<StreamFlag>,
    /// Whether the type has constraints to check before sending.
    pub validate: bool,
}

/// The field of a request body that switches streaming on.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamFlag {
    /// Its Rust name.
    pub rust_name: String,
    /// Whether it is required (a plain `bool`) rather than an `Option<bool>`.
    pub required: bool,
    /// Whether it is optional and nullable, so an `Option<Option<bool>>` in a request type.
    pub three_state: bool,
}

/// A streaming response.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// The type of each event's data.
    pub event: TypeRef,
    /// The data value that ends the stream, if the API sends one.
    pub terminator: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it is required.
    pub required: bool,
    /// For arrays in the query: one parameter per item (`explode`) or one comma list.
    pub explode: bool,
    /// Rustdoc.
    pub docs: Option<String>,
}
