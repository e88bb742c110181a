//! IR-level tests: one per invariant in ARCHITECTURE.md, asserting on what lowering decided
//! rather than on rendered text.

use std::collections::BTreeSet;

use super::cycles::strongly_connected;
use super::names::{CLIENT_METHODS, RESERVED_TYPES};
use crate::ident::unraw;
use crate::ir::*;
use crate::{load_api, Config};

fn lower(text: &str) -> Api {
    load_api(text, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn collisions() -> Api {
    lower(include_str!("../../tests/fixtures/specs/name_collisions.yaml"))
}

fn anyfast() -> Api {
    lower(include_str!("../../../spec/openapi.yaml"))
}

pub(super) fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// A reference to the type of this name.
pub(super) fn named(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .id,
    )
}

pub(super) fn as_struct(def: &TypeDef) -> &Struct {
    match &def.kind {
        TypeKind::Struct(s) => s,
        other => panic!("{} is not a struct: {other:?}", def.name),
    }
}

pub(super) fn field<'a>(s: &'a Struct, wire: &str) -> &'a Field {
    s.fields
        .iter()
        .find(|f| f.wire_name() == Some(wire))
        .unwrap_or_else(|| panic!("no field {wire}"))
}

/// Asserts that every name is a Rust identifier and that no two are equal.
fn assert_distinct_idents<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) {
    let mut seen = BTreeSet::new();
    for name in names {
        let plain = unraw(name);
        assert!(
            syn::parse_str::<syn::Ident>(name).is_ok(),
            "{what}: `{name}` is not an identifier"
        );
        assert!(seen.insert(plain.to_owned()), "{what}: `{name}` is claimed twice");
    }
}

/// Invariant: lowering decides every name, once per Rust namespace. Types share the crate
/// root and never shadow the prelude or the runtime; each struct's fields (with its
/// unknown-properties map) and its methods, each enum's variants (with its catch-all), the
/// client's methods, and each method's arguments and locals are distinct.
#[test]
fn every_namespace_holds_distinct_identifiers() {
    for api in [collisions(), anyfast()] {
        assert_distinct_idents("types", api.types.iter().map(|t| t.name.as_str()));
        for t in &api.types {
            assert!(
                !RESERVED_TYPES.contains(&t.name.as_str()),
                "{} shadows a std or runtime name",
                t.name
            );
            match &t.kind {
                TypeKind::Struct(s) => {
                    let fields = s.fields.iter().map(|f| f.rust_name.as_str());
                    assert_distinct_idents(&t.name, fields.chain(s.extra.iter().map(|e| e.rust_name.as_str())));
                    let methods = s.constructor.iter().map(|c| &c.name).chain(
                        s.fields
                            .iter()
                            .flat_map(|f| f.builder.setter.iter().chain(f.builder.null_setter.iter())),
                    );
                    assert_distinct_idents(&t.name, methods.map(String::as_str));
                }
                TypeKind::Enum(e) => assert_distinct_idents(
                    &t.name,
                    e.variants
                        .iter()
                        .map(|v| v.rust_name.as_str())
                        .chain(e.other.as_deref()),
                ),
                TypeKind::Union(u) => assert_distinct_idents(
                    &t.name,
                    u.variants
                        .iter()
                        .map(|v| v.rust_name.as_str())
                        .chain(u.other.as_deref()),
                ),
                TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
            }
        }
        let methods: Vec<&str> = api
            .operations
            .iter()
            .flat_map(|op| {
                let call = op
                    .call
                    .iter()
                    .flat_map(|m| [m.plain.as_str(), m.with_options.as_str(), m.with_response.as_str()]);
                let stream = op
                    .stream
                    .iter()
                    .flat_map(|s| [s.methods.plain.as_str(), s.methods.with_options.as_str()]);
                call.chain(stream).collect::<Vec<_>>()
            })
            .chain(CLIENT_METHODS.iter().copied())
            .collect();
        assert_distinct_idents("client methods", methods);
        for op in &api.operations {
            let l = &op.locals;
            let locals = [&l.body, &l.options, &l.parts].map(String::as_str);
            assert_distinct_idents(
                &op.id,
                locals.into_iter().chain(op.params.iter().map(|p| p.rust_name.as_str())),
            );
        }
    }
}

/// The clashes the collision fixture sets up resolve to these names.
#[test]
fn clashes_resolve_readably() {
    let api = collisions();
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    for expected in [
        "Pet",
        "Pet2",
        "Pet3",
        "StringModel",
        "OptionModel",
        "ResultModel",
        "ErrorModel",
        "ClientModel",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let method = |id: &str| api.operations.iter().find(|o| o.id == id).and_then(|o| o.call.clone());
    let get_pet = method("getPet").expect("getPet");
    let get_pet_with = method("getPetWith").expect("getPetWith");
    assert_eq!(
        (get_pet.plain.as_str(), get_pet.with_options.as_str()),
        ("get_pet", "get_pet_with")
    );
    assert_eq!(get_pet_with.plain, "get_pet_with2");
    assert_eq!(method("new").expect("new").plain, "new2");

    let op = api.operations.iter().find(|o| o.id == "getPet").expect("getPet");
    let params: Vec<(&str, &str)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
        .collect();
    assert!(params.contains(&("body", "body_query")), "{params:?}");
    assert!(params.contains(&("trace", "trace")), "{params:?}");
    assert!(params.contains(&("trace", "trace_header")), "{params:?}");
    assert!(params.contains(&("self", "self_")), "{params:?}");

    let Some(TypeKind::Enum(status)) = api.types.iter().find(|t| t.name == "Status").map(|t| &t.kind) else {
        panic!("Status is an enum")
    };
    let variants: Vec<&str> = status.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Active", "Other", "Other2", "Unknown"]);
    assert_eq!(status.other.as_deref(), Some("Other3"), "the catch-all moves aside");

    let Some(TypeKind::Enum(sort)) = api.types.iter().find(|t| t.name == "Sort").map(|t| &t.kind) else {
        panic!("Sort is an enum")
    };
    let variants: Vec<&str> = sort.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Empty", "Star", "MinusCreated", "Created", "Eq", "NotEq"]);

    let keywords = as_struct(def(&api, "Keywords"));
    let fields: Vec<&str> = keywords.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(
        fields,
        [
            "r#type", "self_", "self_2", "crate_", "super_", "r#async", "a_b", "a_b2", "x_y", "id", "n1st", "guid",
            "guid2", "extra"
        ]
    );
    assert_eq!(keywords.extra.as_ref().map(|e| e.rust_name.as_str()), Some("extra2"));

    let setters = as_struct(def(&api, "Setters"));
    let x = field(setters, "x");
    assert_eq!(x.presence, Presence::OptionalNullable);
    assert_eq!(x.builder.setter.as_deref(), Some("with_x"));
    assert_eq!(field(setters, "x_null").builder.setter.as_deref(), Some("with_x_null"));
    assert_eq!(
        x.builder.null_setter.as_deref(),
        Some("with_x_null2"),
        "the derived name moves aside"
    );
    assert_eq!(field(setters, "new").builder.setter.as_deref(), Some("with_new"));
    assert_eq!(
        field(setters, "with_new").builder.setter.as_deref(),
        Some("with_with_new")
    );

    let Some(TypeKind::Union(event)) = api.types.iter().find(|t| t.name == "Event").map(|t| &t.kind) else {
        panic!("Event is a union")
    };
    let variants: Vec<&str> = event.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Other", "Ping"]);
    assert_eq!(event.other.as_deref(), Some("Unknown"));

    let pet3 = as_struct(def(&api, "Pet3"));
    assert_eq!(field(pet3, "flag").ty, named(&api, "OnlyTrue"));
    assert!(matches!(&def(&api, "OnlyTrue").kind, TypeKind::Alias(TypeRef::Bool)));
    assert!(matches!(&def(&api, "Level").kind, TypeKind::Alias(TypeRef::I64)));
}

/// Properties keep the document's order, in inline item and map-value schemas too.
#[test]
fn properties_keep_the_document_order_everywhere() {
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    List:
      type: array
      items: {type: object, properties: {zebra: {type: string}, apple: {type: string}}}
    Map:
      type: object
      additionalProperties: {type: object, properties: {zebra: {type: string}, apple: {type: string}}}
"##;
    let api = lower(spec);
    for name in ["ListItem", "MapValue"] {
        let names: Vec<&str> = as_struct(def(&api, name))
            .fields
            .iter()
            .filter_map(|f| f.wire_name())
            .collect();
        assert_eq!(names, ["zebra", "apple"], "{name}");
    }
}

/// Invariant: deterministic output. Lowering the same document twice gives the same IR, and
/// component types keep the document's order.
#[test]
fn lowering_is_deterministic_and_keeps_document_order() {
    assert_eq!(collisions(), collisions());
    let api = collisions();
    let components: Vec<&str> = api
        .types
        .iter()
        .filter(|t| t.pointer.matches('/').count() == 3)
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(&components[..3], ["Pet", "Pet2", "Pet3"]);
}

/// Invariant: enums the client only writes are closed; every other enum is open, as is any
/// `anyOf: [string, {enum}]`, and so is a tagged union the server sends.
#[test]
fn only_request_only_enums_are_closed() {
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /x:
    post:
      operationId: x
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                mode: {type: string, enum: [a, b]}
                model: {anyOf: [{type: string}, {type: string, enum: [m1, m2]}]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {type: string, enum: [on, off]}
components:
  schemas:
    Unused: {type: string, enum: [u]}
"##;
    let api = lower(spec);
    let open = |name: &str| match &def(&api, name).kind {
        TypeKind::Enum(e) => e.is_open(),
        other => panic!("{other:?}"),
    };
    assert!(!open("XRequestMode"), "request-only");
    assert!(open("XRequestModel"), "declared open");
    assert!(open("XResponseState"), "sent by the server");
    assert!(open("Unused"), "used by nothing");
}

/// Invariant: structs keep undeclared properties in a map unless `additionalProperties` is
/// `false`; typed `additionalProperties` type the map.
#[test]
fn structs_keep_what_they_do_not_declare() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Open: {type: object, properties: {a: {type: string}}}
    Closed: {type: object, additionalProperties: false, properties: {a: {type: string}}}
    Typed: {type: object, additionalProperties: {type: integer}, properties: {a: {type: string}}}
"##;
    let api = lower(spec);
    let extra = |name: &str| as_struct(def(&api, name)).extra.clone();
    assert_eq!(
        extra("Open").map(|e| (e.value, e.declared)),
        Some((TypeRef::Json, false))
    );
    assert_eq!(extra("Closed"), None);
    assert_eq!(
        extra("Typed").map(|e| (e.value, e.declared)),
        Some((TypeRef::I64, true))
    );
}

/// The decoding policy: in types the server sends, a required field with a natural empty
/// value reads as it when absent; named types and request-only types stay strict.
#[test]
fn absent_required_fields_of_responses_read_as_empty_values() {
    let api = anyfast();
    let chunk = as_struct(def(&api, "ChatCompletionChunk"));
    for wire in ["id", "object", "created", "model", "choices"] {
        assert!(
            field(chunk, wire).kind == FieldKind::Lenient,
            "ChatCompletionChunk.{wire}"
        );
    }
    let request = as_struct(def(&api, "ChatCompletionRequest"));
    assert!(
        field(request, "messages").kind != FieldKind::Lenient,
        "request-only types stay strict"
    );
    for t in &api.types {
        if let TypeKind::Struct(s) = &t.kind {
            for f in &s.fields {
                if f.kind == FieldKind::Lenient {
                    assert!(
                        t.in_response && f.presence == Presence::Required,
                        "{}.{}",
                        t.name,
                        f.rust_name
                    );
                }
            }
        }
    }
}

/// Invariant: request types are built with a constructor and setters; types the server sends
/// have a setter for every field (users' tests build them from `Default`). Presence is decided
/// per field, and only a request type tells absent from `null`.
#[test]
fn request_types_have_constructors_and_three_state_fields() {
    let api = anyfast();
    for t in &api.types {
        if let TypeKind::Struct(s) = &t.kind {
            assert_eq!(s.constructor.is_some(), t.in_request, "{}", t.name);
            for f in &s.fields {
                let needs_setter = (t.in_request && f.presence != Presence::Required) || (t.in_response && !f.fixed);
                assert_eq!(f.builder.setter.is_some(), needs_setter, "{}.{}", t.name, f.rust_name);
                if f.presence == Presence::OptionalNullable {
                    assert!(t.in_request, "{}.{}", t.name, f.rust_name);
                }
            }
        }
    }
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /x:
    post:
      operationId: x
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Both"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Out"}
components:
  schemas:
    Both:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: [string, "null"]}
        c: {type: string}
        d: {type: [string, "null"]}
    Out:
      type: object
      properties:
        d: {type: [string, "null"]}
"##;
    let api = lower(spec);
    let both = as_struct(def(&api, "Both"));
    let presence: Vec<Presence> = both.fields.iter().map(|f| f.presence).collect();
    assert_eq!(
        presence,
        [
            Presence::Required,
            Presence::Nullable,
            Presence::Optional,
            Presence::OptionalNullable
        ]
    );
    assert_eq!(field(as_struct(def(&api, "Out")), "d").presence, Presence::Optional);
}

/// Invariant: constraints become checks only on types users send that can fail them, and
/// only where the constraint fits the type (no range on a list).
#[test]
fn validation_is_marked_where_a_check_can_fail() {
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /x:
    post:
      operationId: x
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                a: {$ref: "#/components/schemas/ViaMap"}
                b: {$ref: "#/components/schemas/ViaList"}
                c: {$ref: "#/components/schemas/Plain"}
                d: {$ref: "#/components/schemas/Misplaced"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/OnlySent"}
components:
  schemas:
    OnlySent: {type: object, properties: {n: {type: integer, minimum: 1}}}
    Leaf: {type: object, properties: {n: {type: integer, minimum: 1, maximum: 10, exclusiveMaximum: true}}}
    ViaMap: {type: object, properties: {m: {type: object, additionalProperties: {$ref: "#/components/schemas/Leaf"}}}}
    ViaList: {type: object, properties: {l: {type: array, items: {$ref: "#/components/schemas/Leaf"}}}}
    Plain: {type: object, properties: {s: {type: string}}}
    Misplaced: {type: object, properties: {l: {type: array, maximum: 3, items: {type: string}}}}
"##;
    let api = lower(spec);
    for (name, validates) in [
        ("Leaf", true),
        ("ViaMap", true),
        ("ViaList", true),
        ("Plain", false),
        ("Misplaced", false),
        ("OnlySent", false),
    ] {
        assert_eq!(def(&api, name).validates, validates, "{name}");
    }
    let n = field(as_struct(def(&api, "Leaf")), "n");
    assert_eq!(
        n.constraints.minimum,
        Some(Bound {
            value: 1.0,
            exclusive: false
        })
    );
    assert_eq!(
        n.constraints.maximum,
        Some(Bound {
            value: 10.0,
            exclusive: true
        })
    );
}

/// Invariant: a field that contains its own struct without indirection is boxed; through a
/// `Vec` or a map it is not.
#[test]
fn direct_recursion_is_boxed() {
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        next: {$ref: "#/components/schemas/Node"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        by_name: {type: object, additionalProperties: {$ref: "#/components/schemas/Node"}}
"##;
    let api = lower(spec);
    let node = as_struct(def(&api, "Node"));
    let boxed: Vec<bool> = node.fields.iter().map(|f| f.boxed).collect();
    assert_eq!(boxed, [true, false, false]);
}

/// Invariant: a field whose struct or union is large (Kubernetes-sized: kilobytes inline) is
/// boxed, whether required or optional, so that no value's inline part grows without bound;
/// a small one, and one behind a list, is not; chat-sized types (all of anyfast's) keep their
/// shape.
#[test]
fn large_inline_fields_are_boxed() {
    let many: String = (0..120).map(|i| format!("f{i}: {{type: string}}, ")).collect();
    let spec = format!(
        r##"
openapi: 3.1.0
info: {{title: T, version: "1"}}
paths: {{}}
components:
  schemas:
    Big: {{type: object, properties: {{{many}}}}}
    Small: {{type: object, properties: {{a: {{type: string}}, b: {{type: integer}}}}}}
    Holder:
      type: object
      required: [big]
      properties:
        big: {{$ref: "#/components/schemas/Big"}}
        maybe_big: {{$ref: "#/components/schemas/Big"}}
        small: {{$ref: "#/components/schemas/Small"}}
        bigs: {{type: array, items: {{$ref: "#/components/schemas/Big"}}}}
        either: {{oneOf: [{{$ref: "#/components/schemas/Big"}}, {{$ref: "#/components/schemas/Small"}}]}}
"##
    );
    let api = lower(&spec);
    let holder = as_struct(def(&api, "Holder"));
    let boxed: Vec<(&str, bool)> = holder
        .fields
        .iter()
        .filter_map(|f| Some((f.wire_name()?, f.boxed)))
        .collect();
    assert_eq!(
        boxed,
        [
            ("big", true),
            ("maybe_big", true),
            ("small", false),
            ("bigs", false),
            ("either", true)
        ]
    );
    let anyfast = anyfast();
    let boxed: Vec<&str> = anyfast
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s) => Some(s.fields.iter().filter(|f| f.boxed).map(move |f| f.rust_name.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(boxed.is_empty(), "{boxed:?}");
}

/// A schema that holds itself through a list or a map, alone or through other aliases, is a
/// newtype, since a Rust type alias cannot expand into itself; other aliases stay aliases.
#[test]
fn alias_cycles_become_newtypes() {
    let api = lower(include_str!("../../tests/fixtures/specs/recursion_and_bases.yaml"));
    for name in ["Tree", "Nested", "Ping", "Pong"] {
        assert!(matches!(def(&api, name).kind, TypeKind::Newtype(_)), "{name}");
    }
    let shape = as_struct(def(&api, "Shape"));
    let names: Vec<&str> = shape.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(
        names,
        ["kind", "size", "variant"],
        "the base's properties and the flattened forms"
    );
    assert_eq!(
        api.operations[0].response,
        Some(named(&api, "Tree")),
        "success under `default`"
    );
}

/// `$ref`s into other files are read through the resolver; their own references resolve in
/// their file, and `./a.yaml` and `a.yaml` are one file, so one type.
#[test]
fn references_into_other_files_resolve_there() {
    let files: std::collections::BTreeMap<&str, &str> = [
        ("shared/pets.yaml", "components:\n  schemas:\n    Pet: {type: object, properties: {tag: {$ref: '#/components/schemas/Tag'}, toy: {$ref: '../toys.yaml'}}}\n    Tag: {type: string, enum: [a]}\n"),
        ("toys.yaml", "type: object\nproperties: {name: {type: string}}\n"),
    ]
    .into_iter()
    .collect();
    let owned: std::collections::BTreeMap<String, String> =
        files.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let resolver: crate::Resolver = std::sync::Arc::new(move |path: &str| owned.get(path).cloned());
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Owner:
      type: object
      properties:
        a: {$ref: "shared/pets.yaml#/components/schemas/Pet"}
        b: {$ref: "./shared/pets.yaml#/components/schemas/Pet"}
        c: {$ref: "https://example.com/x.yaml#/Y"}
"##;
    let api = load_api(spec, &Config::default().with_resolver(resolver)).expect("generates");
    let owner = as_struct(def(&api, "Owner"));
    assert_eq!(field(owner, "a").ty, named(&api, "Pet"));
    assert_eq!(field(owner, "b").ty, named(&api, "Pet"), "one file, one type");
    assert_eq!(field(owner, "c").ty, TypeRef::Json, "a URL is not fetched");
    let pet = as_struct(def(&api, "Pet"));
    assert_eq!(field(pet, "tag").ty, named(&api, "Tag"));
    assert_eq!(field(pet, "toy").ty, named(&api, "Toys"));
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
}

/// Invariant: bad input never panics; a spec problem is an error naming the file and pointer.
#[test]
fn errors_name_the_file_and_pointer() {
    let config = Config::default().with_spec_label("api.yaml");
    let err = load_api("openapi: 2.0\ninfo: {title: T, version: '1'}\npaths: {}\n", &config).unwrap_err();
    let location = err.location().expect("a location");
    assert_eq!(
        (location.file.as_str(), location.pointer.as_str()),
        ("api.yaml", "/openapi")
    );
}

#[test]
fn components_group_exactly_the_cycles() {
    // 0 -> 1 -> 2 -> 0 is a cycle, 3 points into it, 4 loops on itself, 5 stands alone.
    let edges = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4], vec![]];
    let c = strongly_connected(&edges);
    assert_eq!((c[0], c[1]), (c[2], c[2]));
    assert_ne!(c[3], c[0]);
    assert_ne!(c[4], c[0]);
    assert_ne!(c[5], c[4]);
    let deep: Vec<Vec<usize>> = (0..100_000)
        .map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![0] })
        .collect();
    let c = strongly_connected(&deep);
    assert!(c.iter().all(|&x| x == c[0]), "one long cycle, no stack overflow");
}

/// Operations given by `$ref` into other files: one file that does not read costs only its own
/// path, and the warning says why, at that path's pointer.
#[test]
fn a_bad_referenced_file_costs_only_its_own_path_and_says_why() {
    let files: std::collections::BTreeMap<String, String> = [
        ("good.yaml", "get:\n  operationId: good\n  responses: {'200': {description: ok}}\n"),
        ("bad.yaml", "get:\n  operationId: bad\n  parameters: 7\n  responses: {'200': {description: ok}}\n"),
        ("broken.yaml", "get: [unclosed\n"),
        ("emoji.json", "{\"get\": {\"operationId\": \"emoji\", \"summary\": \"Hello! \\ud83d\\udc4d\", \"responses\": {\"200\": {\"description\": \"ok\"}}}}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let resolver: crate::Resolver = std::sync::Arc::new(move |path: &str| files.get(path).cloned());
    let spec = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /good: {$ref: "good.yaml"}
  /bad: {$ref: "bad.yaml"}
  /broken: {$ref: "broken.yaml"}
  /emoji: {$ref: "emoji.json"}
"##;
    let api = load_api(spec, &Config::default().with_resolver(resolver)).expect("generates");
    let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
    assert!(
        ids.contains(&"good") && ids.contains(&"emoji"),
        "{ids:?} {:#?}",
        api.warnings
    );
    let at = |pointer: &str, words: &str| {
        api.warnings
            .iter()
            .any(|w| w.pointer.starts_with(pointer) && w.message.contains(words))
    };
    assert!(
        at("/paths/~1bad", "does not read as a path item"),
        "{:#?}",
        api.warnings
    );
    assert!(at("/paths/~1broken", "`broken.yaml` line"), "{:#?}", api.warnings);
}

/// A list of `items` schemas with no `type` constrains only a value that is a list, so any
/// JSON value is valid there (Slack's `ids: {items: {items: [channel, team]}}` holds strings);
/// with `type: array` it is a tuple, which is not modelled either.
#[test]
fn tuple_items_without_a_type_take_any_value() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Resources:
      type: object
      properties:
        ids:
          type: array
          items:
            items: [{type: string}, {type: integer}]
        plain:
          items: {type: string}
"##;
    let api = load_api(spec, &Config::default()).expect("generates");
    let resources = as_struct(def(&api, "Resources"));
    assert_eq!(field(resources, "ids").ty, TypeRef::Vec(Box::new(TypeRef::Json)));
    assert_eq!(
        field(resources, "plain").ty,
        TypeRef::Vec(Box::new(TypeRef::String)),
        "one `items` schema without a type is still a list"
    );
    assert!(
        api.warnings
            .iter()
            .any(|w| w.message.contains("tuple `items` without `type: array`")),
        "{:#?}",
        api.warnings
    );
}
