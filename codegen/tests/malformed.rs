//! Malformed and unsupported specs: each gives a clear error naming where, and none panics.

mod common;

use common::generate;

/// Fixture, then what the error must say (location first, then the reason).
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
        "missing_version.yaml: missing `openapi` version; expected 3.0.x or 3.1.x",
    ),
    (
        "dangling_ref",
        "at #/components/schemas/Pet/properties/owner/$ref: `$ref: #/components/schemas/Owner` points to no schema",
    ),
    (
        "self_ref",
        "at #/components/schemas/Loop: schema is only a chain of `$ref`s back to itself",
    ),
    (
        "alias_cycle",
        "at #/components/schemas/A: schema is only a chain of `$ref`s back to itself",
    ),
    (
        "unknown_type",
        "at #/components/schemas/Pet/properties/name/type: unknown type `strng`",
    ),
    (
        "duplicate_operation_id",
        "at #/paths/~1b/get/operationId: duplicate operationId `fetch` (first used at #/paths/~1a/get)",
    ),
    (
        "external_ref",
        "at #/components/schemas/Pet/properties/tag/$ref: unsupported: `$ref: common.yaml#/Tag`",
    ),
    (
        "undeclared_path_param",
        "at #/paths/~1pets~1{petId}/get: path parameter `petId` of `/pets/{petId}` is not declared",
    ),
    (
        "all_of_conflict",
        "at #/components/schemas/Mixed/allOf/1/properties/id: allOf members disagree on property `id`",
    ),
    (
        "dangling_parameter_ref",
        "at #/paths/~1pets/get/parameters/0/$ref: `$ref: #/components/parameters/Limit` points to no parameter",
    ),
    (
        "tagged_branch_not_object",
        "at #/components/schemas/Thing/oneOf/0: unsupported: a tagged union branch must be an object schema",
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
