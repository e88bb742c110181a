//! IR-level tests of the decisions emit and spec-diff used to make themselves: they now read
//! them from the IR, so each is checked here, on every fixture spec.

use super::tests::{as_struct, def, field};
use crate::ir::*;
use crate::{load_api, Config};

/// Every fixture spec of `codegen/tests/fixtures/specs/`, lowered.
fn fixtures() -> Vec<(String, Api)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture");
        let dir = dir.clone();
        let config = Config::default().with_resolver(std::sync::Arc::new(move |p: &str| {
            std::fs::read_to_string(dir.join(p)).ok()
        }));
        let api = load_api(&text, &config).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((path.display().to_string(), api));
    }
    assert!(out.len() >= 10, "{} fixtures", out.len());
    out
}

#[test]
fn no_name_is_left_empty_for_a_later_pass() {
    for (spec, api) in fixtures() {
        for op in &api.operations {
            let mut names: Vec<&str> = Vec::new();
            if let Some(call) = &op.call {
                names.extend([call.plain.as_str(), &call.with_options, &call.with_response]);
            }
            if let Some(stream) = &op.stream {
                names.extend([stream.methods.plain.as_str(), &stream.methods.with_options]);
            }
            if let Some(p) = &op.options_struct {
                names.extend([p.name.as_str(), &p.arg]);
                names.extend(p.fields.iter().flat_map(|f| [f.param.as_str(), &f.field, &f.setter]));
            }
            assert!(!names.is_empty(), "{spec}: {} has methods", op.id);
            assert!(names.iter().all(|n| !n.is_empty()), "{spec}: {}: {names:?}", op.id);
        }
        for t in &api.types {
            if let TypeKind::Struct(s) = &t.kind {
                if let Some(c) = &s.constructor {
                    assert!(!c.name.is_empty(), "{spec}: {}", t.name);
                }
                for f in &s.fields {
                    assert!(!f.rust_name.is_empty(), "{spec}: {}", t.name);
                }
            }
        }
    }
}

#[test]
fn every_variant_of_a_tagged_union_has_its_tag_value() {
    let mut tagged = 0;
    for (spec, api) in fixtures() {
        for t in &api.types {
            if let TypeKind::Union(u) = &t.kind {
                if u.tag.is_some() {
                    tagged += 1;
                    for v in &u.variants {
                        assert!(v.tag_value.is_some(), "{spec}: {}::{}", t.name, v.rust_name);
                    }
                }
            }
        }
    }
    assert!(tagged > 0, "the fixtures hold tagged unions");
}

#[test]
fn constructors_take_the_required_fields_but_fixed_tags() {
    for (spec, api) in fixtures() {
        for t in &api.types {
            let TypeKind::Struct(s) = &t.kind else { continue };
            assert_eq!(s.constructor.is_some(), t.in_request, "{spec}: {}", t.name);
            if let Some(c) = &s.constructor {
                let wanted: Vec<&str> = s
                    .fields
                    .iter()
                    .filter(|f| f.presence == Presence::Required && !f.fixed)
                    .map(|f| f.rust_name.as_str())
                    .collect();
                assert_eq!(c.params, wanted, "{spec}: {}", t.name);
            }
            // Every field optional: a default whichever way it travels; a value the server
            // sends has one too unless a required field's type has none.
            if s.fields.iter().all(|f| f.presence.is_option()) {
                assert!(s.derive_default, "{spec}: {}", t.name);
            } else if !t.in_response {
                assert!(!s.derive_default, "{spec}: {} is built with new", t.name);
            }
            // What the server sends has a setter for every field but a fixed tag.
            if t.in_response {
                for f in s.fields.iter().filter(|f| !f.fixed) {
                    assert!(f.builder.setter.is_some(), "{spec}: {}.{}", t.name, f.rust_name);
                }
            }
            for f in &s.fields {
                // `impl Into` only where a literal's type cannot be in doubt.
                let numeric = matches!(
                    f.ty,
                    TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F64
                );
                if f.builder.into {
                    assert!(
                        !numeric && (t.in_request || t.in_response),
                        "{spec}: {}.{}",
                        t.name,
                        f.rust_name
                    );
                }
            }
        }
    }
}

#[test]
fn tags_and_what_the_server_sends_have_a_default_variant() {
    for (spec, api) in fixtures() {
        for t in &api.types {
            match &t.kind {
                TypeKind::Enum(e) => match &e.default_variant {
                    // The first value: a tag's only one, or the first a response enum lists.
                    Some(v) => assert_eq!(&e.variants[0].rust_name, v, "{spec}: {}", t.name),
                    None => assert!(
                        e.variants.len() != 1 && !t.in_response,
                        "{spec}: {} is a tag or sent by the server",
                        t.name
                    ),
                },
                TypeKind::Union(u) => {
                    if let Some(v) = &u.default_variant {
                        assert!(t.in_response, "{spec}: {}", t.name);
                        assert!(u.variants.iter().any(|x| &x.rust_name == v), "{spec}: {}", t.name);
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn a_default_never_recurses_without_end() {
    // A struct that requires itself through a union whose every branch does has no default;
    // one with a way out takes it.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Expr'}\ncomponents:\n  schemas:\n    Expr:\n      oneOf:\n        - {$ref: '#/components/schemas/Not'}\n        - {$ref: '#/components/schemas/Lit'}\n    Not:\n      type: object\n      required: [inner]\n      properties:\n        inner: {$ref: '#/components/schemas/Expr'}\n    Lit:\n      type: object\n      required: [value]\n      properties:\n        value: {type: string}\n        again: {$ref: '#/components/schemas/Loop'}\n    Loop:\n      type: object\n      required: [next]\n      properties:\n        next: {$ref: '#/components/schemas/Loop'}\n";
    let api = crate::load_api(spec, &crate::Config::default()).expect("lowers");
    let def = |name: &str| api.types.iter().find(|t| t.name == name).expect(name);
    let TypeKind::Union(u) = &def("Expr").kind else {
        panic!("a union")
    };
    assert_eq!(u.default_variant.as_deref(), Some("Lit"), "the branch that ends");
    let TypeKind::Struct(not) = &def("Not").kind else {
        panic!("a struct")
    };
    assert!(not.derive_default, "Not's default holds Expr's, which ends");
    let TypeKind::Struct(looped) = &def("Loop").kind else {
        panic!("a struct")
    };
    assert!(!looped.derive_default, "Loop requires itself");
}

#[test]
fn optional_parameters_travel_in_one_struct() {
    let mut structs = 0;
    for (spec, api) in fixtures() {
        for op in &api.operations {
            let optional: Vec<&str> = op
                .params
                .iter()
                .filter(|p| !p.required && p.location != ParamLocation::Path)
                .map(|p| p.rust_name.as_str())
                .collect();
            match &op.options_struct {
                None => assert!(optional.is_empty(), "{spec}: {}", op.id),
                Some(s) => {
                    structs += 1;
                    let held: Vec<&str> = s.fields.iter().map(|f| f.param.as_str()).collect();
                    assert_eq!(held, optional, "{spec}: {}", op.id);
                }
            }
            // The path template names each path parameter it holds, and only those.
            for piece in &op.path_template {
                if let PathPiece::Param(name) = piece {
                    assert!(
                        op.params
                            .iter()
                            .any(|p| &p.rust_name == name && p.location == ParamLocation::Path),
                        "{spec}: {}: {name}",
                        op.id
                    );
                }
            }
        }
    }
    assert!(structs > 0, "the fixtures have optional parameters");
}

#[test]
fn the_runtime_names_fixture_names_every_method_of_the_runtimes_client() {
    // Generated operations are methods of the generated `Client`, never of the runtime's, so
    // any name is safe; the fixture proves it for every name the runtime's client has, and this
    // keeps it complete as the runtime grows.
    let fixture = include_str!("../../tests/fixtures/specs/runtime_names.yaml");
    let ids: Vec<&str> = fixture
        .lines()
        .filter_map(|l| l.trim().strip_prefix("operationId: "))
        .collect();
    let source = crate::vendor::RUNTIME_SOURCES
        .iter()
        .find(|(name, _)| *name == "client.rs")
        .map(|(_, text)| *text)
        .expect("the runtime's client.rs");
    let start = source.find("\nimpl Client {").expect("impl Client");
    let end = start + source[start..].find("\n}\n").expect("the impl's end");
    let mut methods: Vec<&str> = source[start..end]
        .split("fn ")
        .skip(1)
        .filter_map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next())
        .collect();
    methods.sort();
    methods.dedup();
    assert!(methods.len() >= 10, "{methods:?}");
    for m in methods {
        assert!(ids.contains(&m), "runtime_names.yaml lacks an operation named `{m}`");
    }
    for own in super::names::CLIENT_METHODS {
        assert!(ids.contains(own), "runtime_names.yaml lacks an operation named `{own}`");
    }
}

#[test]
fn types_the_policy_may_fill_in_remember_what_it_filled() {
    let (mut remembering, mut flattening) = (0, 0);
    for (spec, api) in fixtures() {
        for t in &api.types {
            let TypeKind::Struct(s) = &t.kind else { continue };
            let lenient = s.fields.iter().any(|f| f.kind == FieldKind::Lenient);
            assert_eq!(s.received.is_some(), lenient, "{spec}: {}", t.name);
            if let Some(r) = &s.received {
                remembering += 1;
                // The hidden field's name is free among the struct's own.
                assert!(s.fields.iter().all(|f| &f.rust_name != r), "{spec}: {}", t.name);
                assert!(s.extra.iter().all(|e| &e.rust_name != r), "{spec}: {}", t.name);
                flattening += usize::from(s.fields.iter().any(|f| f.kind == FieldKind::Flatten));
            }
            // Each field's row agrees with its wire and presence.
            for f in &s.fields {
                let lenient = f.kind == FieldKind::Lenient;
                assert_eq!(
                    f.kind,
                    FieldKind::of(&f.wire, f.presence, lenient),
                    "{spec}: {}",
                    t.name
                );
                assert!(!lenient || t.in_response, "{spec}: {}.{}", t.name, f.rust_name);
            }
        }
    }
    assert!(remembering > 0);
    // A flattened union beside a filled-in field reads through the same table.
    assert!(
        flattening > 0,
        "a fixture has a filled-in field beside a flattened union"
    );
}

#[test]
fn a_recursive_reference_names_the_schema_it_sits_in() {
    let api = fixtures()
        .into_iter()
        .find(|(spec, _)| spec.ends_with("generality.yaml"))
        .map(|(_, api)| api)
        .expect("the generality fixture");
    let branches: Vec<&TypeRef> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Union(u) if t.name.starts_with("CompoundFilter") => Some(u.variants.iter().map(|v| &v.ty)),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        branches.contains(&&super::tests::named(&api, "CompoundFilter")),
        "{branches:?}"
    );
    assert!(!branches.contains(&&TypeRef::Json), "{branches:?}");
}

#[test]
fn features_enable_each_operation_and_every_type_it_reaches() {
    let api = fixtures()
        .into_iter()
        .find(|(spec, _)| spec.ends_with("tags.yaml"))
        .map(|(_, api)| api)
        .expect("the tags fixture");
    assert_eq!(api.features, ["chat", "files", "unreferenced", "untagged", "webhooks"]);
    let features_of = |name: &str| {
        api.types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.features.clone())
            .unwrap_or_else(|| panic!("no type {name}"))
    };
    assert_eq!(features_of("Message"), ["chat"]);
    assert_eq!(
        features_of("FileList"),
        ["chat", "files"],
        "chatFiles is tagged Chat and Files"
    );
    assert_eq!(features_of("Owner"), ["chat", "files", "webhooks"], "shared by three");
    assert_eq!(features_of("FileEvent"), ["webhooks"]);
    assert_eq!(features_of("Unused"), ["unreferenced"], "reached by nothing");
    let health = api.operations.iter().find(|o| o.id == "health").expect("health");
    assert_eq!(health.features, ["untagged"]);
    // Closure: whatever a type holds is on whenever the type is.
    for t in &api.types {
        for child in super::passes::children_for_tests(t) {
            let child = api.types.name(child);
            let held = features_of(child);
            assert!(
                t.features.iter().all(|f| held.contains(f)),
                "{} {:?} holds {child} {held:?}",
                t.name,
                t.features
            );
        }
    }
    // One tag or none: no features, no cfg.
    for (spec, api) in fixtures() {
        if !spec.ends_with("tags.yaml") {
            let tags: std::collections::BTreeSet<&String> = api.operations.iter().flat_map(|o| &o.tags).collect();
            if tags.len() < 2 && api.operations.iter().all(|o| !o.tags.is_empty()) && api.webhooks.is_empty() {
                assert!(api.features.is_empty(), "{spec}");
            }
        }
    }
}

#[test]
fn annotating_all_of_members_and_null_branches_shape_the_referring_type() {
    let spec = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Lang: {type: string, enum: [en, de]}
    Attr:
      anyOf: [{type: string}, {type: integer}, {type: "null"}]
    Holder:
      type: object
      required: [lang, attrs]
      properties:
        lang:
          allOf:
            - $ref: "#/components/schemas/Lang"
            - description: The language, documented beside the reference.
        attrs:
          type: object
          additionalProperties: {$ref: "#/components/schemas/Attr"}
"##;
    let api = load_api(spec, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let holder = super::tests::as_struct(super::tests::def(&api, "Holder"));
    let ty = |wire: &str| super::tests::field(holder, wire).ty.clone();
    // The member that only documents adds no type: the field is the referenced enum itself.
    assert_eq!(ty("lang"), super::tests::named(&api, "Lang"));
    // A component with a `null` branch is nullable wherever it is referenced, map values too.
    assert_eq!(
        ty("attrs"),
        TypeRef::Map(Box::new(TypeRef::Option(Box::new(super::tests::named(&api, "Attr")))))
    );
}

/// A `required` name no property declares is a field users can see and set: an optional
/// field of any JSON value (some such names are slips, and a required one would put a
/// made-up value in every request), named in a warning.
#[test]
fn required_names_without_a_property_become_optional_fields_of_any_value() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ThingRequest'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    ThingRequest: {type: object, required: [name, call_id], properties: {name: {type: string}}}
    Thing: {type: object, required: [id, call_id], properties: {id: {type: string}}}
"##;
    let api = load_api(spec, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    for schema in ["ThingRequest", "Thing"] {
        let s = as_struct(def(&api, schema));
        let field = field(s, "call_id");
        assert_eq!(field.ty, TypeRef::Json, "{schema}");
        assert!(field.presence.is_option(), "{schema}: {:?}", field.presence);
        let params = s.constructor.as_ref().map(|c| c.params.clone()).unwrap_or_default();
        assert!(!params.contains(&field.rust_name), "{schema}: {params:?}");
        assert!(
            api.warnings.iter().any(|w| w.kind == crate::WarningKind::ValueFallback
                && w.pointer == format!("/components/schemas/{schema}/required")
                && w.message.contains("`call_id`")),
            "{schema}: {:?}",
            api.warnings
        );
    }
}

/// Enums of numbers or booleans keep their plain type (the values are documented); only a mix
/// of kinds falls back to any JSON value.
#[test]
fn scalar_enums_keep_their_type() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Scalars:
      type: object
      properties:
        integers: {type: integer, format: int32, enum: [1, -1]}
        numbers: {type: number, format: double, enum: [1.1, -1.2]}
        whole_and_fractional: {type: number, enum: [1, 2.5]}
        flags: {type: boolean, enum: [true]}
        mixed: {enum: [1, "a"]}
"##;
    let api = load_api(spec, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let s = as_struct(def(&api, "Scalars"));
    let ty = |wire: &str| match &field(s, wire).ty {
        TypeRef::Option(inner) => (**inner).clone(),
        other => other.clone(),
    };
    assert_eq!(ty("integers"), TypeRef::I32);
    assert_eq!(ty("numbers"), TypeRef::F64);
    assert_eq!(ty("whole_and_fractional"), TypeRef::F64);
    assert_eq!(ty("flags"), TypeRef::Bool);
    assert_eq!(ty("mixed"), TypeRef::Json);
    let fallbacks: Vec<&str> = api
        .warnings
        .iter()
        .filter(|w| w.kind == crate::WarningKind::ValueFallback)
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(fallbacks, ["/components/schemas/Scalars/properties/mixed"]);
}

/// A form body's `encoding` is read per property: styles other than OpenAPI's default (`form`,
/// exploded) are kept for the runtime, the default spelt out is not.
#[test]
fn form_encodings_keep_the_styles_that_differ_from_the_default() {
    let (_, api) = fixtures()
        .into_iter()
        .find(|(spec, _)| spec.ends_with("bodies_and_cookies.yaml"))
        .expect("the bodies fixture");
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "createCustomer")
        .expect("createCustomer");
    let Some(Body {
        encoding: BodyEncoding::Form { styled },
        ..
    }) = &op.body
    else {
        panic!("createCustomer sends a form: {:?}", op.body);
    };
    let got: Vec<(&str, ParamStyle)> = styled.iter().map(|e| (e.wire.as_str(), e.style)).collect();
    assert_eq!(
        got,
        [
            ("address", ParamStyle::DeepObject),
            ("metadata", ParamStyle::DeepObject)
        ]
    );
    let OperationTest::Call(samples) = &op.test else {
        panic!("the operation is tested: {:?}", op.test)
    };
    let sample = samples.body.clone().expect("a sample");
    assert_eq!(
        sample["tags"],
        serde_json::json!(["a"]),
        "a list in a form holds one item"
    );
}

/// `required` holds one way for a `readOnly` property (responses) and a `writeOnly` one
/// (requests): a type that travels the other way too has the property optional, so users do
/// not invent an id to create a thing, and a response without the password decodes.
#[test]
fn read_only_and_write_only_properties_are_required_one_way() {
    let spec = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/search:
    post:
      operationId: searchPets
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Query'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Found'}
components:
  schemas:
    Id: {type: string, readOnly: true}
    Pet:
      type: object
      required: [id, name, password, owner]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        password: {type: string, writeOnly: true}
        owner: {$ref: '#/components/schemas/Id'}
    Query:
      type: object
      required: [id, token]
      properties:
        id: {type: string, readOnly: true}
        token: {type: string, writeOnly: true}
    Found:
      type: object
      required: [id, token]
      properties:
        id: {type: string, readOnly: true}
        token: {type: string, writeOnly: true}
"##;
    let api = load_api(spec, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let required = |name: &str, wire: &str| field(as_struct(def(&api, name)), wire).presence.is_required();
    // Both ways: only the plain property stays required.
    assert!(required("Pet", "name"));
    for wire in ["id", "password", "owner"] {
        assert!(!required("Pet", wire), "Pet.{wire}");
    }
    // One way: the property that travels that way keeps its `required`.
    assert!(!required("Query", "id") && required("Query", "token"));
    assert!(required("Found", "id") && !required("Found", "token"));
}

/// A document server's variables take their defaults; a relative server gives no default
/// base URL a request could use, and says so.
#[test]
fn the_default_base_url_fills_in_server_variables_and_warns_when_relative() {
    let lowered = |servers: &str| {
        let spec = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: {servers}\npaths: {{}}\n");
        load_api(&spec, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
    };
    let api =
        lowered("[{url: 'https://{region}.example.com/{v}/', variables: {region: {default: eu}, v: {default: v2}}}]");
    assert_eq!(api.server_url.as_deref(), Some("https://eu.example.com/v2"));
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let api = lowered("[{url: /api/v3}]");
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer == "/servers/0" && w.message.contains("`/api/v3`")),
        "{:?}",
        api.warnings
    );
}

/// A requirement that names two schemes at once: the key goes by the first, each other scheme
/// by a credential of its own, the API's or an operation's, and the API lists them all.
#[test]
fn schemes_named_together_are_sent_together() {
    let api = fixtures()
        .into_iter()
        .find(|(spec, _)| spec.ends_with("two_credentials.yaml"))
        .map(|(_, api)| api)
        .expect("the two-credentials fixture");
    let named = |name: &str, env: &str, auth: Auth| NamedAuth {
        name: name.to_owned(),
        env: env.to_owned(),
        auth,
    };
    let team = named("TeamKey", "TEAM_KEY", Auth::Header("X-Team-Key".to_owned()));
    let export = named("ExportToken", "EXPORT_TOKEN", Auth::Query("export_token".to_owned()));
    assert_eq!(api.auth, Auth::Bearer);
    assert_eq!(api.also_auth, std::slice::from_ref(&team));
    assert_eq!(api.credentials, [export.clone(), team]);
    let op = |id: &str| api.operations.iter().find(|o| o.id == id).expect(id);
    assert_eq!(
        (&op("listProjects").auth, &op("listProjects").also_auth),
        (&None, &None)
    );
    assert_eq!(op("startExport").auth, None, "the key goes by the same scheme");
    assert_eq!(op("startExport").also_auth, Some(vec![export]));
    assert_eq!(op("health").auth, Some(Auth::None));
    assert_eq!(op("health").also_auth, Some(Vec::new()));
}
