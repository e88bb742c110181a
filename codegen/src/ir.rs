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
    /// The leading path segment every operation's path starts with (`/v1`), if they share one:
    /// a base URL that ends with it has it cut, so the segment is not sent twice.
    pub path_prefix: Option<String>,
    /// How requests authenticate: the scheme the API key goes by.
    pub auth: Auth,
    /// The other schemes the API's security requirement names beside the key's, each sent
    /// with a credential of its own.
    pub also_auth: Vec<NamedAuth>,
    /// Every credential beside the key that any operation sends, by name: what `from_env`
    /// reads and the docs list.
    pub credentials: Vec<NamedAuth>,
    /// Named types, in a deterministic order (components first, then inline types), found by
    /// their [`TypeId`].
    pub types: Types,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Calls the API makes to its users (`webhooks`, `x-webhooks`): their payload types are
    /// generated so a receiver can decode them; the client has no method for them.
    pub webhooks: Vec<Webhook>,
    /// Whether the webhooks are signed by the Standard Webhooks scheme (the spec's
    /// `x-standard-webhooks`, or `Config::with_standard_webhooks`), so the event union gets an
    /// `unwrap` that verifies before decoding.
    pub standard_webhooks: bool,
    /// The cargo features of a generated crate, one per operation tag (and `untagged`,
    /// `webhooks` where needed), sorted; empty when the API has fewer than two, so a one-tag
    /// crate carries no `cfg` at all.
    pub features: Vec<String>,
    /// What was not translated exactly.
    pub warnings: Vec<Warning>,
}

/// A webhook: a request the API sends, whose body the user receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its name in the spec.
    pub name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The type of its JSON body.
    pub payload: TypeRef,
    /// Its variant of the generated `WebhookEvent` union.
    pub variant: String,
    /// The `type` its payload always carries (a one-value tag), which picks the variant when
    /// an event is decoded.
    pub event_type: Option<String>,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme the client understands.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic`, the key being `user:password`.
    Basic,
    /// The key in a named header.
    Header(String),
    /// The key as a named query parameter.
    Query(String),
    /// The key as a named cookie.
    Cookie(String),
}

/// A credential beside the API key: a security scheme a requirement names together with the
/// key's (an `apikey` header and a bearer token at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedAuth {
    /// The security scheme's name in the spec.
    pub name: String,
    /// Its environment variable after the prefix: the name in screaming snake case.
    pub env: String,
    /// How it is sent.
    pub auth: Auth,
}

/// A named type's key: what a [`TypeRef::Named`] holds. Handed out once per type when lowering
/// claims its name, never reused; only meaningful within one [`Api`] (spec-diff compares two
/// APIs by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// The named types of an API in their output order, each found by its id through an index
/// built once, when the order is final.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Types {
    defs: Vec<TypeDef>,
    index: std::collections::BTreeMap<TypeId, usize>,
}

impl Types {
    /// The types in this order, indexed.
    pub fn new(defs: Vec<TypeDef>) -> Types {
        let index = defs.iter().enumerate().map(|(i, def)| (def.id, i)).collect();
        Types { defs, index }
    }

    /// The type of this id; `None` only for an id of another API.
    pub fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.index.get(&id).map(|&i| &self.defs[i])
    }

    /// The type of this id, to change.
    pub fn get_mut(&mut self, id: TypeId) -> Option<&mut TypeDef> {
        self.index.get(&id).map(|&i| &mut self.defs[i])
    }

    /// The Rust name of the type of this id (empty for an id of another API).
    pub fn name(&self, id: TypeId) -> &str {
        self.get(id).map_or("", |def| def.name.as_str())
    }

    /// Where the type of this id stands in the order.
    pub fn position(&self, id: TypeId) -> Option<usize> {
        self.index.get(&id).copied()
    }
}

impl std::ops::Deref for Types {
    type Target = [TypeDef];

    fn deref(&self) -> &[TypeDef] {
        &self.defs
    }
}

impl Types {
    /// Each type, to change in place: its id and place stay, so the index stays true (there is
    /// no way to reorder, add or remove a type once the order is final).
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, TypeDef> {
        self.defs.iter_mut()
    }
}

impl Types {
    /// Gives every type a new id (`map` must be one-to-one), its own and those it refers to,
    /// and indexes them again.
    pub fn map_ids(&mut self, map: &mut impl FnMut(TypeId) -> TypeId) {
        for def in &mut self.defs {
            def.id = map(def.id);
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    for f in &mut s.fields {
                        f.ty.map_ids(map);
                    }
                    if let Some(extra) = &mut s.extra {
                        extra.value.map_ids(map);
                    }
                }
                TypeKind::Union(u) => {
                    for v in &mut u.variants {
                        v.ty.map_ids(map);
                    }
                }
                TypeKind::Alias(t) | TypeKind::Newtype(t) => t.map_ids(map),
                TypeKind::Enum(_) => {}
            }
        }
        self.index = self.defs.iter().enumerate().map(|(i, def)| (def.id, i)).collect();
    }
}

impl<'a> IntoIterator for &'a Types {
    type Item = &'a TypeDef;
    type IntoIter = std::slice::Iter<'a, TypeDef>;

    fn into_iter(self) -> Self::IntoIter {
        self.defs.iter()
    }
}

impl<'a> IntoIterator for &'a mut Types {
    type Item = &'a mut TypeDef;
    type IntoIter = std::slice::IterMut<'a, TypeDef>;

    fn into_iter(self) -> Self::IntoIter {
        self.defs.iter_mut()
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Its key, which [`TypeRef::Named`] holds.
    pub id: TypeId,
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
    /// Whether checking a value of it before sending can fail, so it implements `Validate`.
    pub validates: bool,
    /// The features whose operations (or webhooks) reach it: it is compiled when any is on.
    /// Empty when the crate has no features, or no operation reaches it (always compiled).
    pub features: Vec<String>,
    /// What its schema says a value must look like beyond the Rust type (examples, a pattern),
    /// for a type a component or a `$ref` names; an inline type's are at the place it appears.
    pub facts: ValueFacts,
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
    /// A struct wrapping one value (`struct Tree(BTreeMap<String, Tree>)`), for a schema that
    /// contains itself through a list or a map, which an alias cannot.
    Newtype(TypeRef),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Declared properties, in document order.
    pub fields: Vec<Field>,
    /// The spec's `required` list as written (wire names; an `allOf`'s members' lists one
    /// after another). A raw fact: the constructor takes its parameters in this order, which
    /// an array keeps through any reformat, while the order of properties (a map) does not.
    pub required: Vec<String>,
    /// The constructor taking the required fields (`new`), for a type users build.
    pub constructor: Option<Constructor>,
    /// Whether it derives `Default`: every field is optional, so an empty value is valid.
    pub derive_default: bool,
    /// For a type with fields the decoding policy may fill in ([`FieldKind::Lenient`]): the
    /// name of the hidden `Received` field that remembers which it filled, so that encoding it
    /// again gives back the JSON it came from.
    pub received: Option<String>,
    /// Constraints that hold only when another field has a given value (`if`/`then`), such
    /// as a per-model limit on `max_tokens`.
    pub conditions: Vec<Condition>,
    /// Where properties the spec does not declare go; `None` when `additionalProperties` is
    /// `false`.
    pub extra: Option<Extra>,
}

/// The constructor of a type users build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constructor {
    /// Its name (`new`).
    pub name: String,
    /// The Rust names of the fields it takes, in order: the required fields but those with one
    /// possible value (a tag), which it fills in itself.
    pub params: Vec<String>,
}

/// How a field appears in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// As the property of this name.
    Name(String),
    /// Its properties sit beside the struct's own (`#[serde(flatten)]`): a union that is a
    /// `oneOf`/`anyOf` member of an `allOf`.
    Flatten,
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

/// A constraint on one field that holds when another field has one value: JSON Schema's
/// `if: {properties: {model: {const: X}}}, then: {properties: {max_tokens: {maximum: N}}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The Rust name of the field the condition looks at.
    pub when_field: String,
    /// The value (as on the wire) that switches the constraint on.
    pub when_value: String,
    /// The Rust name of the constrained field.
    pub field: String,
    /// What the constrained field must satisfy then.
    pub constraints: Constraints,
}

/// A struct field: what the spec says of it ([`FieldFacts`], as written), then what lowering
/// decided from that, by concern: its Rust type ([`Presence`], boxing), how the codec reads and
/// writes it ([`FieldKind`]), how users build it ([`Builder`]) and what is checked before a
/// request is sent ([`Constraints`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// How it appears in JSON: a property name, or flattened.
    pub wire: Wire,
    /// The Rust name (possibly raw, like `r#type`).
    pub rust_name: String,
    /// The type, without the `Option`s that [`Presence`] adds.
    pub ty: TypeRef,
    /// The spec's facts about the property, as written.
    pub facts: FieldFacts,
    /// Whether the field must be there and whether it may be `null`, as the Rust type shows
    /// it. Decided by `passes::decide_presence` from the facts and the type's usage; until
    /// then, what the facts give for a type the server sends.
    pub presence: Presence,
    /// Its row in the codec: how absence and `null` read and how it is written.
    pub kind: FieldKind,
    /// Whether the field can hold only one value (a required tag such as `type: function`):
    /// the constructor fills it in rather than asking for it.
    pub fixed: bool,
    /// Whether the type must be boxed because it contains this struct.
    pub boxed: bool,
    /// How users set it, for a type users build.
    pub builder: Builder,
    /// Constraints checked before a request is sent.
    pub constraints: Constraints,
}

/// What the spec says of a property, as written: the raw facts lowering decides from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldFacts {
    /// Listed in its object's `required` (or marked `required: true`).
    pub required: bool,
    /// `null` allowed (3.0 `nullable`, a 3.1 `null` type, a `null` branch).
    pub nullable: bool,
    /// Which way the property travels when the spec says (`readOnly`, `writeOnly`): its
    /// `required` then holds only that way, so a type that travels both ways has it optional.
    pub only: Option<Direction>,
    /// Its description (or title): rustdoc.
    pub docs: Option<String>,
    /// What its schema says of its values (the default, `format` and `const` are documented).
    pub value: ValueFacts,
}

/// What a schema says a value must look like beyond what its Rust type holds, as written: the
/// vocabulary a validating peer (a mock, a server) checks, and which the samples of operation
/// tests are built to satisfy. Generated code checks only the [`Constraints`] decided from it.
/// It describes one place: a `$ref`'s target has its own, on the named type's [`TypeDef`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueFacts {
    /// The JSON types the schema names (`null` aside), which a type of any JSON value keeps.
    pub types: Vec<String>,
    /// The schema's `format` (such as `date-time` or `uuid`).
    pub format: Option<String>,
    /// The regular expression a string matches.
    pub pattern: Option<String>,
    /// Bounds, lengths and item counts, as written (before they are fitted to the type).
    pub limits: Constraints,
    /// The grid a number sits on (`multipleOf`).
    pub multiple_of: Option<f64>,
    /// The fewest properties of an object.
    pub min_properties: Option<u64>,
    /// The values allowed (`enum`), of any JSON type.
    pub values: Vec<Value>,
    /// The one value allowed (`const`).
    pub const_value: Option<Value>,
    /// The documented default.
    pub default: Option<Value>,
    /// The schema's own examples (`example`, `examples`).
    pub examples: Vec<Value>,
    /// Whether the schema marks the value `readOnly`: sent by the server only.
    pub read_only: bool,
    /// An inline list's items, or an inline map's values.
    pub inner: Option<Box<ValueFacts>>,
    /// An inline tuple's items, in order (`items` as a list).
    pub tuple: Vec<ValueFacts>,
    /// The properties an object must have (`required`, as written).
    pub required: Vec<String>,
    /// What the schema says of its required properties, by name: the only account of them
    /// where the type is any JSON value.
    pub properties: Vec<(String, ValueFacts)>,
    /// The `$ref` the schema is, as written: where the type is any JSON value, the named type
    /// of that component says the rest.
    pub reference: Option<String>,
}

/// How users build a field, decided by `passes::name_members` for the types users send.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Builder {
    /// Whether its setter and the constructor take `impl Into<T>` rather than `T`: for types
    /// where that cannot break the inference of a literal (strings, named types, lists, JSON).
    pub into: bool,
    /// The builder method that sets it (`with_x`), for an optional field.
    pub setter: Option<String>,
    /// The builder method that sends it as `null` (`with_x_null`), for a three-state field.
    pub null_setter: Option<String>,
}

/// A field's row in the one codec every struct is read and written by (the runtime's
/// `json_struct!`), which emit writes in the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKind {
    /// Required and never `null` (`T`); absent is an error.
    Required,
    /// Required, `null` allowed (`Option<T>`, written as `null`); absent reads as `None`.
    Nullable,
    /// May be absent (`Option<T>`, left out when `None`).
    Optional,
    /// Three-state, in a type users send: absent, `null`, a value (`Option<Option<T>>`).
    Present,
    /// Required, in a type the server sends, whose type has an empty value: absent or `null`
    /// reads as that value, and the hidden `Received` field notes it so it is written back as
    /// it came (the decoding policy).
    Lenient,
    /// Its properties sit beside the struct's own: a union that is a `oneOf`/`anyOf` member
    /// of an `allOf`.
    Flatten,
}

impl FieldKind {
    /// The row of a field of this wire and presence; `lenient` when the decoding policy fills
    /// it in.
    pub fn of(wire: &Wire, presence: Presence, lenient: bool) -> FieldKind {
        match (wire, presence) {
            (Wire::Flatten, _) => FieldKind::Flatten,
            (_, Presence::Required) if lenient => FieldKind::Lenient,
            (_, Presence::Required) => FieldKind::Required,
            (_, Presence::Nullable) => FieldKind::Nullable,
            (_, Presence::Optional) => FieldKind::Optional,
            (_, Presence::OptionalNullable) => FieldKind::Present,
        }
    }

    /// The word emit writes for the row, and the runtime's macro reads.
    pub fn word(self) -> &'static str {
        match self {
            FieldKind::Required => "required",
            FieldKind::Nullable => "nullable",
            FieldKind::Optional => "optional",
            FieldKind::Present => "present",
            FieldKind::Lenient => "lenient",
            FieldKind::Flatten => "flatten",
        }
    }
}

/// One way a property travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `readOnly`: in responses only.
    Received,
    /// `writeOnly`: in requests only.
    Sent,
}

impl Field {
    /// A field as lowering first makes it, from the spec's facts, before the passes that settle
    /// presence, setters, the decoding policy and boxing.
    pub fn new(wire: Wire, rust_name: String, ty: TypeRef, facts: FieldFacts) -> Field {
        let presence = Presence::from_spec(facts.required, facts.nullable, false);
        Field {
            kind: FieldKind::of(&wire, presence, false),
            wire,
            rust_name,
            ty,
            facts,
            presence,
            fixed: false,
            boxed: false,
            builder: Builder::default(),
            constraints: Constraints::default(),
        }
    }

    /// The JSON property name, unless the field is flattened.
    pub fn wire_name(&self) -> Option<&str> {
        match &self.wire {
            Wire::Name(name) => Some(name),
            Wire::Flatten => None,
        }
    }
}

/// Whether a field must be present and whether it may be `null`: the one place its Rust
/// type's `Option`s are decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Presence {
    /// Required and never `null`: `T`.
    Required,
    /// May be absent (in a type the server sends, absent and `null` both read as `None`):
    /// `Option<T>`, left out when `None`.
    Optional,
    /// Required but may be `null`: `Option<T>`, written as `null` when `None`.
    Nullable,
    /// Optional and nullable in a type users send, where leaving it out and sending `null` may
    /// mean different things: `Option<Option<T>>`.
    OptionalNullable,
}

impl Presence {
    /// Decides presence from the spec's `required` and whether `null` is allowed. Only a type
    /// users send tells absent from `null`.
    pub fn from_spec(required: bool, nullable: bool, in_request: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::Nullable,
            (false, true) if in_request => Presence::OptionalNullable,
            (false, _) => Presence::Optional,
        }
    }

    /// Whether the spec lists the property as required.
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::Nullable)
    }

    /// Whether the Rust type wraps the value in at least one `Option`.
    pub fn is_option(self) -> bool {
        self != Presence::Required
    }

    /// Whether `null` is allowed on the wire.
    pub fn is_nullable(self) -> bool {
        matches!(self, Presence::Nullable | Presence::OptionalNullable)
    }
}

/// One end of a numeric range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: f64,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// Constraints on a value, from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// The lower bound.
    pub minimum: Option<Bound>,
    /// The upper bound.
    pub maximum: Option<Bound>,
    /// The fewest array items.
    pub min_items: Option<u64>,
    /// The most array items.
    pub max_items: Option<u64>,
    /// The shortest string, in characters.
    pub min_length: Option<u64>,
    /// The longest string, in characters.
    pub max_length: Option<u64>,
    /// The values allowed, as on the wire, when only some of the type's are (a per-model
    /// subset of sizes or resolutions); empty when any value of the type is.
    pub one_of: Vec<String>,
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
    /// The catch-all variant that keeps unknown values (`Other(String)`), when the enum is open.
    pub other: Option<String>,
    /// The variant that is the enum's `Default`: the one value of an enum with one value, a
    /// tag, which an absent tag reads as.
    pub default_variant: Option<String>,
}

impl StringEnum {
    /// Whether unknown values are kept instead of failing.
    pub fn is_open(&self) -> bool {
        self.other.is_some()
    }
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
    /// The catch-all variant that keeps an unknown tag's JSON (`Other(Value)`), for an open
    /// tagged union.
    pub other: Option<String>,
    /// The variant `Default` gives, holding its payload's default (a union the server sends).
    pub default_variant: Option<String>,
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
    /// Whether the union implements `From` the payload (and `From<&str>` for a string): only
    /// when no other variant's payload is the same type, aliases seen through.
    pub from_payload: bool,
    /// Constraints of an inline branch (such as `maxItems` on an array form), checked before
    /// sending.
    pub constraints: Constraints,
    /// What the branch's schema says of its values.
    pub facts: ValueFacts,
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
    /// A named type, by its id (its name is `api.types.name(id)`).
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A map from strings to `T`.
    Map(Box<TypeRef>),
    /// `Option<T>`, for a nullable type inside a container.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// This reference with each named type's id mapped.
    pub fn map_ids(&mut self, map: &mut impl FnMut(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = map(*id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.map_ids(map),
            _ => {}
        }
    }
}

impl Api {
    /// Gives every type a new id (`map` must be one-to-one), wherever the API refers to it: its
    /// types, operations and webhooks.
    pub fn map_type_ids(&mut self, map: &mut impl FnMut(TypeId) -> TypeId) {
        self.types.map_ids(map);
        for op in &mut self.operations {
            for p in &mut op.params {
                p.ty.map_ids(map);
            }
            if let Some(body) = &mut op.body {
                body.ty.map_ids(map);
            }
            if let Some(response) = &mut op.response {
                response.map_ids(map);
            }
            if let Some(stream) = &mut op.stream {
                stream.event.map_ids(map);
            }
        }
        for hook in &mut self.webhooks {
            hook.payload.map_ids(map);
        }
    }
}

/// The client methods of a call that returns the whole response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodNames {
    /// The plain method.
    pub plain: String,
    /// The method that takes `RequestOptions` too.
    pub with_options: String,
    /// The method that also returns the response's status, headers and request id.
    pub with_response: String,
}

/// A task an operation starts (its response `links` to an operation with `x-task`), and how
/// the generated handle reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLink {
    /// The client method that starts the task and returns its handle.
    pub method: String,
    /// Where the task id is in the starting response (JSON pointers, the first present wins).
    pub id_from: Vec<String>,
    /// The reading operation's `operationId`.
    pub poll_id: String,
    /// The reading operation's `_with_response` method.
    pub poll_method: String,
    /// The reading operation's arguments, in its order.
    pub poll_args: Vec<PollArg>,
    /// What a read returns.
    pub poll_response: TypeRef,
    /// The reading operation's cargo features (the handle needs both operations).
    pub poll_features: Vec<String>,
    /// Where the state is in a read, and what it means.
    pub rule: TaskRule,
}

/// A list operation's pages: the methods that read them, the rule the runtime follows, and
/// the parameters struct's field the cursor, offset or page number goes in.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Where a page keeps its items and the way on.
    pub rule: PageRuleIr,
    /// Where the cursor, offset or page number goes (none for a next URL or a `Link` header).
    pub cursor: Option<CursorAt>,
    /// The type of an item.
    pub item: TypeRef,
    /// The method returning a stream of pages.
    pub pages_method: String,
    /// The method returning a stream of items.
    pub items_method: String,
}

/// Where a list's cursor, offset or page number goes in the next request.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorAt {
    /// A field of the operation's parameters struct (a query parameter).
    Param {
        /// The field's Rust name.
        field: String,
        /// Whether it is a number (an offset or page number), else text.
        integer: bool,
    },
    /// A property of the JSON request body (Qdrant's `offset`), set to the cursor's JSON
    /// value as the server gave it, whatever its type.
    Body {
        /// The property's name on the wire.
        wire: String,
    },
}

/// The runtime's `PageRule`, as lowering decides it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRuleIr {
    /// How the list pages.
    pub style: PageStyleIr,
    /// JSON pointers into a page: the items, the next cursor or URL, `has_more`, the total.
    pub items: String,
    /// The next cursor or URL.
    pub next: String,
    /// Whether there is more.
    pub has_more: String,
    /// The total of items or of pages.
    pub total: String,
    /// The first offset or page number, when the caller does not set one.
    pub start: u64,
}

/// How a list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyleIr {
    /// A cursor from the response goes back in a parameter.
    Cursor,
    /// An offset moves on by the items read.
    Offset,
    /// A page number goes up by one.
    Number,
    /// The response gives the next page's URL.
    Url,
    /// The response's `Link` header gives the next page's URL (`rel="next"`, RFC 8288), as
    /// GitHub's and Ory's lists do.
    Link,
}

/// An argument of a task's reading operation.
#[derive(Debug, Clone, PartialEq)]
pub enum PollArg {
    /// The task id from the starting response.
    TaskId,
    /// A fixed string.
    Text(String),
    /// A fixed value of a string enum: the enum and the variant's Rust name.
    Variant(TypeRef, String),
}

/// The spec's `x-task`: JSON pointers into a read of the task (the first present wins), the
/// statuses that end it, and the documented wait between reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskRule {
    /// Where the status is.
    pub status: Vec<String>,
    /// The statuses of success.
    pub succeeded: Vec<String>,
    /// The statuses of failure.
    pub failed: Vec<String>,
    /// Where the result is.
    pub result: Vec<String>,
    /// Where the reason of a failure is.
    pub reason: Vec<String>,
    /// Where the progress is.
    pub progress: Vec<String>,
    /// The documented wait between reads, in milliseconds, when there is one.
    pub interval_ms: Option<u64>,
}

/// The client methods of a streaming call (a stream carries its response's metadata itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamMethods {
    /// The plain method.
    pub plain: String,
    /// The method that takes `RequestOptions` too.
    pub with_options: String,
}

/// An HTTP method an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, ...), in any case.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key.to_ascii_lowercase().as_str() {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, by its Rust argument name, percent-encoded in place.
    Param(String),
}

/// The names a generated method's body declares, claimed beside its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locals {
    /// The request body argument.
    pub body: String,
    /// The `RequestOptions` argument.
    pub options: String,
    /// The request being built (method, path, query, headers).
    pub parts: String,
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId` (or, without one, a name made from the method and path).
    pub id: String,
    /// The methods that return the whole response; `None` when the operation only streams.
    pub call: Option<MethodNames>,
    /// The struct of the optional query, header and cookie parameters, which the methods take
    /// as one argument so that a new optional parameter does not change their signatures.
    pub options_struct: Option<ParamsStruct>,
    /// The operation's tags, as the spec lists them.
    pub tags: Vec<String>,
    /// The features that enable its methods (its tags'); empty when the crate has none.
    pub features: Vec<String>,
    /// The names of the methods' arguments and locals.
    pub locals: Locals,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as the spec writes it, such as `/pets/{petId}`.
    pub path: String,
    /// The path template parsed: literal text and parameters.
    pub path_template: Vec<PathPiece>,
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
    /// The media type the call asks for (`Accept`) when it is not `application/json`: the
    /// JSON response's own (`application/problem+json`), or the raw response's first.
    pub accept: Option<String>,
    /// The streamed events, when the success response can be `text/event-stream`.
    pub stream: Option<Stream>,
    /// The types of its documented error bodies that are component schemas (what reaching the
    /// operation reaches, for its features).
    pub errors: Vec<TypeRef>,
    /// The long-running task it starts, read by another operation until it is final.
    pub task: Option<TaskLink>,
    /// Its method on the generated `testing::MockServer` (cargo feature `testing`).
    pub mock: Option<String>,
    /// How it pages, when it is a list the generated methods read page by page.
    pub pagination: Option<Pagination>,
    /// What the operation's generated test does.
    pub test: OperationTest,
    /// Whether the success the spec documents is a redirect (3xx; it lists no 2xx), which the
    /// call then returns rather than an error.
    pub redirect_is_success: bool,
    /// The operation's own server (`servers` on it or its path), when it is another absolute
    /// URL than the API's default: requests go there while the client keeps that default.
    pub server: Option<String>,
    /// How this operation sends the key, when its security requirement differs from the
    /// API's ([`Api::auth`]); `Some(Auth::None)` when it takes none.
    pub auth: Option<Auth>,
    /// The credentials it sends beside the key, when its requirement differs from the API's
    /// ([`Api::also_auth`]).
    pub also_auth: Option<Vec<NamedAuth>>,
}

/// How a query parameter is written on the wire (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (the default), with the parameter's `explode`.
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// JSON text: a parameter given by `content`.
    Json,
}

/// What an operation's generated test does (`--tests`): run against a mock of the spec, it
/// checks both that the request conforms and that the documented response decodes.
#[derive(Debug, Clone, PartialEq)]
pub enum OperationTest {
    /// Calls the method that returns the whole response (or, for an operation that only
    /// streams, the streaming one and reads every event) with these samples of the required
    /// parameters and of the body.
    Call(Samples),
    /// Not exercised, and why: counted as skipped, never passed.
    Skip(String),
}

/// The values a generated operation test sends: test data, kept with the test rather than in
/// the operation's parameters and body. Each is the spec's example when it fits the schema,
/// else the smallest value the schema allows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Samples {
    /// By the parameter's Rust name: every required parameter's, and optional ones'.
    pub params: std::collections::BTreeMap<String, serde_json::Value>,
    /// The body's, when the operation has one.
    pub body: Option<serde_json::Value>,
    /// The optional parameters the test sends too, by Rust name: query parameters that are
    /// objects with required properties, which a validating mock (Prism) demands even when the
    /// parameter is absent; sending a valid one exercises their encoding as well.
    pub optional: Vec<String>,
    /// A success response the schema allows (the spec's example when one fits), for a mock
    /// that cannot make one itself: the mock runner writes it into the mock's copy of the spec.
    pub response: Option<serde_json::Value>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type (for a multipart or raw body, the schema's, documented only).
    pub ty: TypeRef,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether the body must be sent.
    pub required: bool,
    /// The boolean field that asks the server to stream, when the operation can stream.
    pub stream_flag: Option<StreamFlag>,
    /// Whether the type has constraints to check before sending.
    pub validate: bool,
    /// What its schema says of its values (for a multipart or raw body, the only account of
    /// them, since its type is any JSON value).
    pub facts: ValueFacts,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// JSON, typed.
    Json,
    /// `application/x-www-form-urlencoded`, typed.
    Form {
        /// The properties the spec's `encoding` writes in other than OpenAPI's default style
        /// (`form`, exploded).
        styled: Vec<FormEncoding>,
    },
    /// A multipart body: the method takes the runtime's `Multipart`; the schema's properties
    /// (name, required, whether a file) are listed in its docs.
    Multipart {
        /// The schema's properties.
        fields: Vec<FormField>,
        /// The media type when it is not `multipart/form-data` (`multipart/related`, with any
        /// parameters the spec gives), which the request is then sent as.
        media_type: Option<String>,
    },
    /// Any other media type: the method takes the bytes, sent with this content type.
    Raw(String),
}

/// How one property of a form body is written, when the spec's `encoding` says.
#[derive(Debug, Clone, PartialEq)]
pub struct FormEncoding {
    /// The property's JSON name.
    pub wire: String,
    /// Its style.
    pub style: ParamStyle,
    /// Whether it spreads over several pairs (for `form`).
    pub explode: bool,
}

/// A field of a multipart form, as the spec describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The field's name.
    pub name: String,
    /// Whether the spec requires it.
    pub required: bool,
    /// Whether it is a file (`format: binary`).
    pub file: bool,
    /// Its description.
    pub docs: Option<String>,
    /// What its schema says of its values.
    pub facts: ValueFacts,
}

/// The field of a request body that switches streaming on.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamFlag {
    /// Its Rust name.
    pub rust_name: String,
    /// Its JSON name, which the runtime sets in the encoded body.
    pub wire_name: String,
    /// How the field is wrapped, which decides how `true` is written.
    pub presence: Presence,
}

/// The generated struct of an operation's optional query, header and cookie parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsStruct {
    /// Its type name (`ListFilesParams`).
    pub name: String,
    /// The method argument that takes it.
    pub arg: String,
    /// The parameters it holds, in the operation's order.
    pub fields: Vec<ParamField>,
}

/// A field of a [`ParamsStruct`]: an optional parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamField {
    /// The parameter's Rust name, as a method argument would have it (the method binds the
    /// field's value to it).
    pub param: String,
    /// The field's name, claimed among the struct's fields: the parameter's plain name.
    pub field: String,
    /// The setter (`with_x`).
    pub setter: String,
    /// Whether the setter takes `impl Into<T>`.
    pub into: bool,
}

/// A streaming response.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// The streaming methods.
    pub methods: StreamMethods,
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
    /// In the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    /// The location as the spec's `in` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
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
    /// How a query parameter is written.
    pub style: ParamStyle,
    /// Rustdoc.
    pub docs: Option<String>,
    /// Constraints of its schema (bounds, lengths, item counts), checked before the request is
    /// sent, as a body's are.
    pub constraints: Constraints,
    /// What its schema says of its values.
    pub facts: ValueFacts,
}
