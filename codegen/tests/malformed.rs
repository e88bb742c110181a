//! Only a document that cannot be read as OpenAPI 3.x is refused, with a clear error naming
//! where; anything else generates, each approximation a warning naming its kind and pointer.
//! None panics.

mod common;

use common::generate;

/// Unreadable documents: fixture, then what the error must say (location first, then why).
const CASES: &[(&str, &str)] = &[
    (
        "bad_yaml",
        "bad_yaml.yaml:3:1: cannot read the spec: did not find expected ',' or '}'",
    ),
    (
        "not_a_document",
        "not_a_document.yaml:1:1: cannot read the spec: invalid type: string",
    ),
    ("empty", "empty.yaml: missing `openapi` version"),
    (
        "wrong_shape",
        "wrong_shape.yaml:4:3: cannot read the spec: paths: invalid type: sequence, expected a map",
    ),
    (
        "wrong_version",
        "wrong_version.yaml at #/openapi: openapi version `2.0.0` is not supported",
    ),
    (
        "missing_version",
        "missing_version.yaml: missing `openapi` version; expected 3.0.x or 3.1.x (or `swagger: \"2.0\"`)",
    ),
];

#[test]
fn every_malformed_spec_gives_a_located_error() {
    let mut seen = std::collections::BTreeSet::new();
    for (fixture, expected) in CASES {
        let path = format!("codegen/tests/fixtures/malformed/{fixture}.yaml");
        let error = match generate(&path) {
            Ok(_) => panic!("{fixture}: generation should fail"),
            Err(e) => e.to_string(),
        };
        assert!(error.starts_with(&path), "{fixture}: the error names the file: {error}");
        assert!(
            error.contains(expected),
            "{fixture}:\n  got:      {error}\n  expected: {expected}"
        );
        assert!(!error.ends_with('.'), "{fixture}: no trailing period: {error}");
        seen.insert(fixture.to_string());
    }
    // Every fixture in the folder is covered by a row above.
    let on_disk: std::collections::BTreeSet<String> =
        std::fs::read_dir(common::root().join("codegen/tests/fixtures/malformed"))
            .expect("fixtures")
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
            .collect();
    assert_eq!(seen, on_disk);
}

use anyfast_codegen::WarningKind::{self, *};

/// Readable documents with constructs the generator approximates: fixture, then the kind,
/// pointer and words of the warning it must give.
const LENIENT: &[(&str, WarningKind, &str, &str)] = &[
    (
        "dangling_ref",
        DanglingRef,
        "/components/schemas/Pet/properties/owner/$ref",
        "points to no schema in the document: lowered to serde_json::Value",
    ),
    (
        "self_ref",
        ValueFallback,
        "/components/schemas/Loop",
        "chain of `$ref`s back to itself",
    ),
    (
        "alias_cycle",
        ValueFallback,
        "/components/schemas/A",
        "chain of `$ref`s back to itself",
    ),
    (
        "unknown_type",
        ValueFallback,
        "/components/schemas/Pet/properties/name/type",
        "unknown type `strng`",
    ),
    (
        "duplicate_operation_id",
        DuplicateOperationId,
        "/paths/~1b/get/operationId",
        "duplicate operationId `fetch` (first used at #/paths/~1a/get): named from its path",
    ),
    (
        "external_ref",
        ExternalRef,
        "/components/schemas/Pet/properties/tag/$ref",
        "`$ref: common.yaml#/Tag` is in another file",
    ),
    (
        "undeclared_path_param",
        UndeclaredPathParam,
        "/paths/~1pets~1{petId}/get",
        "path parameter `petId` of `/pets/{petId}` is not declared: taken as a required string",
    ),
    (
        "all_of_conflict",
        AllOfConflict,
        "/components/schemas/Mixed/allOf/1/properties/id",
        "allOf members disagree on property `id`",
    ),
    (
        "dangling_parameter_ref",
        DanglingRef,
        "/paths/~1pets/get/parameters/0/$ref",
        "points to no parameter: skipped",
    ),
    (
        "tagged_branch_not_object",
        UnionFallback,
        "/components/schemas/Thing/oneOf/0",
        "is not an object schema: the union is read untagged",
    ),
    (
        "required_true",
        Lenient,
        "/components/schemas/Pet/properties/name/required",
        "`required: true` on a property",
    ),
    (
        "pointer_ref",
        DanglingRef,
        "/components/schemas/Missing/properties/nowhere/$ref",
        "points to no schema in the document",
    ),
    (
        "union_in_all_of",
        FlattenedUnion,
        "/components/schemas/Payment/allOf/1",
        "kept as a union field the struct flattens",
    ),
    (
        "untold_tag",
        UnionFallback,
        "/components/schemas/Shape/oneOf/0",
        "has no `kind` value that can be told",
    ),
];

#[test]
fn every_readable_spec_generates_and_says_what_it_approximated() {
    let mut seen = std::collections::BTreeSet::new();
    for (fixture, kind, pointer, words) in LENIENT {
        let path = format!("codegen/tests/fixtures/lenient/{fixture}.yaml");
        let output = generate(&path).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let found = output
            .warnings
            .iter()
            .any(|w| w.kind == *kind && w.pointer == *pointer && w.message.contains(words));
        assert!(
            found,
            "{fixture}: no {kind:?} warning at {pointer} saying `{words}`: {:#?}",
            output.warnings
        );
        // Strict mode refuses the same document, naming the same warning.
        let config = anyfast_codegen::Config::default().with_strict(true);
        let Err(err) = anyfast_codegen::generate(&common::read(&path), &config) else {
            panic!("{fixture}: strict mode refuses it")
        };
        assert!(matches!(err, anyfast_codegen::Error::Strict { .. }), "{fixture}: {err}");
        seen.insert(fixture.to_string());
    }
    let on_disk: std::collections::BTreeSet<String> =
        std::fs::read_dir(common::root().join("codegen/tests/fixtures/lenient"))
            .expect("fixtures")
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_owned))
            .collect();
    assert_eq!(seen, on_disk);
}

#[test]
fn what_the_lenient_fixtures_become() {
    let api = |fixture: &str| {
        generate(&format!("codegen/tests/fixtures/lenient/{fixture}.yaml"))
            .expect("generates")
            .api
    };
    use anyfast_codegen::ir::{Presence, TypeKind, TypeRef};
    let field = |api: &anyfast_codegen::ir::Api, ty: &str, wire: &str| {
        let Some(TypeKind::Struct(s)) = api.types.iter().find(|t| t.name == ty).map(|t| &t.kind) else {
            panic!("{ty} is a struct")
        };
        s.fields
            .iter()
            .find(|f| f.wire_name() == Some(wire) || f.rust_name == wire)
            .cloned()
            .expect("field")
    };
    let required = api("required_true");
    assert_eq!(field(&required, "Pet", "name").presence, Presence::Required);
    assert_eq!(field(&required, "Pet", "tag").presence, Presence::Optional);

    let Some(TypeKind::Enum(switch)) = required.types.iter().find(|t| t.name == "Switch").map(|t| &t.kind) else {
        panic!("Switch is an enum")
    };
    let wires: Vec<&str> = switch.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["on", "off", "yes", "no", "true", "1"]);

    let pointers = api("pointer_ref");
    let event = field(&pointers, "EventInput", "event").ty;
    assert_eq!(field(&pointers, "Again", "same").ty, event, "one type per pointer");
    assert_eq!(pointers.operations[0].response, Some(event));
    assert_eq!(field(&pointers, "Missing", "nowhere").ty, TypeRef::Json);

    let union = api("union_in_all_of");
    let variant = field(&union, "Payment", "variant");
    assert!(
        variant.wire == anyfast_codegen::ir::Wire::Flatten && matches!(variant.ty, TypeRef::Named(_)),
        "{variant:?}"
    );
    assert_eq!(field(&union, "Payment", "amount").presence, Presence::Required);

    let duplicate = api("duplicate_operation_id");
    let ids: Vec<&str> = duplicate.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["fetch", "get_/b"]);
}

#[test]
fn a_deep_chain_of_references_neither_overflows_nor_refuses() {
    // 10,000 components, each a property away from the next: deeper than lowering recurses.
    let mut text =
        String::from("openapi: 3.1.0\ninfo: {title: Chain, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
    for i in 0..10_000 {
        text += &format!(
            "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            i + 1
        );
    }
    text += "    S10000: {type: string}\n";
    let output = anyfast_codegen::generate(&text, &anyfast_codegen::Config::default()).expect("generates");
    assert_eq!(output.api.types.len(), 10_001);
    assert!(output
        .warnings
        .iter()
        .all(|w| w.kind == ValueFallback && w.message.contains("nest more than")));
    assert!(!output.warnings.is_empty());
}

#[test]
fn truncations_of_the_spec_never_panic() {
    // Every prefix of the real spec, cut at line boundaries, either generates or errors.
    let text = common::read("spec/openapi.yaml");
    let config = anyfast_codegen::Config::default();
    let mut errors = 0;
    let mut cut = 0;
    for (i, _) in text.match_indices('\n').step_by(7) {
        cut += 1;
        if anyfast_codegen::generate(&text[..i], &config).is_err() {
            errors += 1;
        }
    }
    assert!(cut > 50 && errors > 0, "{cut} cuts, {errors} errors");
}
