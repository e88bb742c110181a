//! The sampler's rules, each on a small spec.

use super::scalars::{number_sample, string_sample};
use crate::ir::*;
use crate::spec::Schema;
use serde_json::Value;

fn facts(yaml: &str) -> ValueFacts {
    let doc: crate::spec::OpenApi =
        serde_yaml::from_str("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").expect("doc");
    let schema: Schema = serde_yaml::from_str(yaml).expect("schema");
    crate::lower::Lowerer::for_tests(&doc).facts_of(&schema)
}

/// The sample the operation test of a spec whose one operation takes `schema` as its
/// body sends, beside these component schemas and with these examples of the body.
fn body_sample(components: &str, schema: &str, examples: &[serde_json::Value]) -> Value {
    let examples: String = examples
        .iter()
        .enumerate()
        .map(|(i, e)| format!("e{i}: {{value: {e}}}, "))
        .collect();
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    post:\n      operationId: x\n      requestBody: {{required: true, content: {{application/json: {{schema: {schema}, examples: {{{examples}}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas: {{{components}}}\n"
    );
    let api = crate::load_api(&spec, &crate::Config::default()).unwrap_or_else(|e| panic!("{e}\n{spec}"));
    match &api.operations[0].test {
        OperationTest::Call(samples) => samples.body.clone().expect("a body sample"),
        other => panic!("not tested: {other:?}"),
    }
}

#[test]
fn strings_take_their_format_pattern_and_length() {
    let cases = [
        ("type: string", "a"),
        ("{type: string, format: date-time}", "2024-01-01T00:00:00Z"),
        ("{type: string, minLength: 3}", "aaa"),
        ("{type: string, pattern: '^[A-Z]{2}-\\d{3}$'}", "AA-000"),
        ("{type: string, pattern: '^(foo|bar)+$'}", "foo"),
        // A pattern beyond the reader falls back to the length rule.
        ("{type: string, pattern: '(a)\\1', minLength: 2}", "aa"),
        // Alternatives say through their first branch what a value looks like.
        (
            "{anyOf: [{type: string, format: uuid}, {type: 'null'}]}",
            "00000000-0000-4000-8000-000000000000",
        ),
    ];
    for (yaml, want) in cases {
        assert_eq!(string_sample(&facts(yaml)), want, "{yaml}");
    }
}

#[test]
fn request_samples_leave_read_only_properties_out() {
    let components = "Id: {type: string, readOnly: true}, Pet: {type: object, required: [id, name, owner], properties: {id: {type: string, readOnly: true}, name: {type: string}, owner: {$ref: '#/components/schemas/Id'}, tags: {type: array, items: {type: object, properties: {made: {type: integer, readOnly: true}, label: {type: string}}}}}}";
    let pet = "{$ref: '#/components/schemas/Pet'}";
    assert_eq!(
        body_sample(components, pet, &[]),
        serde_json::json!({"name": "a"}),
        "built"
    );
    // A response's example: fits without its read-only parts, which are taken out.
    let example = serde_json::json!({"id": "p1", "name": "Rex", "owner": "o", "tags": [{"made": 1, "label": "x"}]});
    let want = serde_json::json!({"name": "Rex", "tags": [{"label": "x"}]});
    assert_eq!(body_sample(components, pet, &[example]), want, "from the example");
    let without = serde_json::json!({"name": "Rex"});
    assert_eq!(
        body_sample(components, pet, std::slice::from_ref(&without)),
        without,
        "a request's example fits"
    );
    // An example that does not fit the type is passed over for the next.
    let wrong = serde_json::json!({"name": 7});
    assert_eq!(
        body_sample(components, pet, &[wrong, without.clone()]),
        without,
        "the next example"
    );
}

#[test]
fn a_union_sample_fits_its_own_branch_only() {
    let components = "Item: {type: object, required: [kind], properties: {kind: {type: string}}}, Pinned: {type: object, required: [kind], properties: {kind: {type: string, enum: [dev]}}}, Other: {type: object, required: [kind, n], properties: {kind: {type: string}, n: {type: integer}}}";
    let cases = [
        // Two list branches: an empty list would fit both.
        ("{oneOf: [{type: array, items: {type: string}}, {type: array, items: {$ref: '#/components/schemas/Item'}}]}", r#"["a"]"#),
        // Branches that only say which properties are required take them from beside the union.
        ("{type: object, properties: {status: {type: string, enum: [pending, all]}, id: {type: string}}, oneOf: [{required: [status]}, {required: [id]}]}", r#"{"status":"pending"}"#),
        // The tag names the branch as the union's type does: by the mapping, else as the
        // branch pins it, else by name.
        ("{oneOf: [{$ref: '#/components/schemas/Item'}, {$ref: '#/components/schemas/Other'}], discriminator: {propertyName: kind, mapping: {item: '#/components/schemas/Item', other: '#/components/schemas/Other'}}}", r#"{"kind":"item"}"#),
        ("{oneOf: [{$ref: '#/components/schemas/Pinned'}, {$ref: '#/components/schemas/Other'}], discriminator: {propertyName: kind}}", r#"{"kind":"dev"}"#),
        ("{oneOf: [{$ref: '#/components/schemas/Item'}, {$ref: '#/components/schemas/Other'}], discriminator: {propertyName: kind}}", r#"{"kind":"Item"}"#),
    ];
    for (yaml, want) in cases {
        assert_eq!(body_sample(components, yaml, &[]).to_string(), want, "{yaml}");
    }
}

#[test]
fn objects_hold_their_required_fields_and_enough_properties() {
    let cases = [
        ("{type: object, minProperties: 1, properties: {a: {type: array, items: {type: string}}, b: {type: string}}}", r#"{"a":[]}"#),
        ("{type: object, required: [n], properties: {n: {type: integer, minimum: 3}, m: {type: string}}}", r#"{"n":3}"#),
        ("{type: object, minProperties: 2, additionalProperties: {type: integer}}", r#"{"key0":1,"key1":1}"#),
        // A place's own default is taken when it fits.
        ("{type: object, required: [n], properties: {n: {type: integer, default: 30}}}", r#"{"n":30}"#),
    ];
    for (yaml, want) in cases {
        assert_eq!(body_sample("", yaml, &[]).to_string(), want, "{yaml}");
    }
}

#[test]
fn numbers_sit_at_the_bound_nearest_zero() {
    let cases = [
        ("type: integer", 1.0),
        ("{type: integer, minimum: 0, maximum: 0}", 0.0),
        ("{type: integer, minimum: 0}", 1.0),
        ("{type: integer, minimum: 5}", 5.0),
        ("{type: integer, maximum: -3}", -3.0),
        ("{type: number, exclusiveMinimum: 0, multipleOf: 0.5}", 0.5),
        ("{type: integer, minimum: 1, exclusiveMinimum: true}", 2.0),
        ("{type: integer, minimum: 7, multipleOf: 5}", 10.0),
    ];
    for (yaml, want) in cases {
        assert_eq!(number_sample(&facts(yaml)), want, "{yaml}");
    }
}

#[test]
fn places_of_any_json_value_are_sampled_from_their_facts() {
    // A multipart body's type is any JSON value: its fields' samples come from what their
    // schemas say (a branch's type, an enum), a file's is text.
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: x\n      requestBody: {required: true, content: {multipart/form-data: {schema: {type: object, required: [file, purpose, after], properties: {file: {type: string, format: binary}, purpose: {type: string, enum: [batch, tune]}, after: {anyOf: [{type: integer, minimum: 5}, {type: 'null'}]}, note: {type: string}}}}}}\n      responses: {'200': {description: ok}}\n";
    let api = crate::load_api(spec, &crate::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let OperationTest::Call(samples) = &api.operations[0].test else {
        panic!("not tested")
    };
    assert_eq!(
        samples.body,
        Some(serde_json::json!({"file": "a", "purpose": "batch", "after": 5}))
    );
    // A union branch that only says which properties it requires, lowered to any JSON value,
    // takes them from beside the union, and a sample of one branch fits no other.
    let union = "{type: object, properties: {status: {type: string, enum: [pending, all]}, ids: {type: array, minItems: 1, items: {type: string}}}, oneOf: [{required: [ids]}, {required: [status]}]}";
    assert_eq!(body_sample("", union, &[]), serde_json::json!({"ids": ["a"]}));
}

#[test]
fn a_reference_in_a_place_of_any_json_value_samples_as_its_type() {
    // Tuple `items` without `type: array` lower to any JSON value; each item that is a `$ref`
    // is built as the component's type (a uuid string here), not as an empty object.
    let components = "Id: {type: string, format: uuid}";
    let tuple = "{items: [{$ref: '#/components/schemas/Id'}, {type: integer, minimum: 3}]}";
    assert_eq!(
        body_sample(components, tuple, &[]),
        serde_json::json!(["00000000-0000-4000-8000-000000000000", 3])
    );
}
