//! `spec-diff`: each rule, on a pair of specs, with the classification users of the generated
//! crate would experience.

mod common;

use anyfast_codegen::diff::{self, Change, Impact};

fn api(text: &str) -> anyfast_codegen::ir::Api {
    anyfast_codegen::load_api(text, &anyfast_codegen::Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The changes between two specs as (impact, kind, subject), sorted so order does not matter.
fn changes(old: &str, new: &str) -> Vec<(Impact, &'static str, String)> {
    let mut found: Vec<_> = diff::diff(&api(old), &api(new))
        .into_iter()
        .map(
            |Change {
                 impact, kind, subject, ..
             }| (impact, kind, subject),
        )
        .collect();
    found.sort();
    found
}

use Impact::{Breaking as B, Compatible as C, DocsOnly as D};

/// (what the row shows, text to find in the base spec, its replacement, expected changes)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(Impact, &'static str, &'static str)],
);

const ROWS: &[Row] = &[
    ("a reformat changes nothing", "name: {type: string, description: The name.}", "name:\n          type: string\n          description: The name.", &[]),
    ("a $ref wrapped in a one-member allOf changes nothing", "color: {$ref: '#/components/schemas/Color'}", "color: {allOf: [{$ref: '#/components/schemas/Color'}]}", &[]),
    ("an operation added", "components:\n", "  /health:\n    get:\n      operationId: health\n      responses: {'204': {description: ok}}\ncomponents:\n", &[(C, "operation added", "health")]),
    ("an operation removed", "    post:\n      operationId: updateItem", "    put:\n      operationId: replaceItem", &[(B, "operation removed", "update_item"), (C, "operation added", "replace_item")]),
    ("an operation's path changed", "  /items/{id}:", "  /v2/items/{id}:", &[(C, "operation changed", "update_item")]),
    ("an optional query parameter added: a field of the parameters struct", "        - {name: dry_run, in: query, schema: {type: boolean}}", "        - {name: dry_run, in: query, schema: {type: boolean}}\n        - {name: trace, in: query, schema: {type: string}}", &[(C, "parameter added", "update_item(trace)")]),
    ("a required query parameter added: a new argument", "        - {name: dry_run, in: query, schema: {type: boolean}}", "        - {name: dry_run, in: query, schema: {type: boolean}}\n        - {name: trace, in: query, required: true, schema: {type: string}}", &[(B, "parameter added", "update_item(trace)")]),
    ("the only optional parameter removed", "        - {name: dry_run, in: query, schema: {type: boolean}}\n", "", &[(B, "parameter removed", "update_item(dry_run)")]),
    ("a parameter's type changed", "{name: dry_run, in: query, schema: {type: boolean}}", "{name: dry_run, in: query, schema: {type: string}}", &[(B, "parameter changed", "update_item(dry_run)")]),
    ("the response type changed", "schema: {$ref: '#/components/schemas/Item'}", "schema: {$ref: '#/components/schemas/Status'}", &[(B, "operation changed", "update_item")]),
    ("a new optional request field", "        temperature: {type: number, default: 1}", "        temperature: {type: number, default: 1}\n        seed: {type: integer}", &[(C, "field added", "ItemRequest.seed")]),
    ("`required` naming an undeclared property: an optional field of any JSON value", "      required: [name]\n", "      required: [name, owner]\n", &[(C, "field added", "ItemRequest.owner")]),
    ("a new required request field, declared", "      required: [name]\n      properties:\n", "      required: [name, owner]\n      properties:\n        owner: {type: string}\n", &[(C, "field added", "ItemRequest.owner"), (B, "constructor changed", "ItemRequest::new")]),
    ("a new required tag of one value: the constructor fills it in", "      required: [name]\n      properties:\n", "      required: [name, kind]\n      properties:\n        kind: {type: string, enum: [item]}\n", &[(C, "field added", "ItemRequest.kind"), (C, "type added", "ItemRequestKind")]),
    ("a union branch's maxItems tightened", "maxItems: 3", "maxItems: 2", &[(B, "constraint tightened", "ItemRequestStop::Array")]),
    ("a union branch's maxItems loosened", "maxItems: 3", "maxItems: 5", &[(C, "constraint loosened", "ItemRequestStop::Array")]),
    ("a new optional response field", "        score: {type: number, maximum: 100}", "        score: {type: number, maximum: 100}\n        note: {type: string}", &[(C, "field added", "Item.note")]),
    ("a response field removed", "        score: {type: number, maximum: 100}\n", "", &[(B, "field removed", "Item.score")]),
    ("required to optional", "      required: [name]\n", "      required: []\n", &[(B, "required changed", "ItemRequest.name"), (B, "constructor changed", "ItemRequest::new")]),
    ("optional to required", "      required: [name]\n", "      required: [name, count]\n", &[(B, "required changed", "ItemRequest.count"), (B, "constructor changed", "ItemRequest::new")]),
    ("a field's type changed", "count: {type: integer, minimum: 1, maximum: 10}", "count: {type: string}", &[(B, "field type changed", "ItemRequest.count"), (C, "constraint loosened", "ItemRequest.count"), (C, "constraint loosened", "ItemRequest.count")]),
    ("a value added to a request enum", "enum: [red, green]", "enum: [red, green, blue]", &[(C, "enum value added", "Color::Blue")]),
    ("a value added to a response enum", "enum: [active, archived]", "enum: [active, archived, deleted]", &[(C, "enum value added", "Status::Deleted")]),
    ("an enum value removed", "enum: [active, archived]", "enum: [active]", &[(B, "enum value removed", "Status::Archived")]),
    ("a request maximum tightened", "minimum: 1, maximum: 10", "minimum: 1, maximum: 5", &[(B, "constraint tightened", "ItemRequest.count")]),
    ("a request maximum loosened", "minimum: 1, maximum: 10", "minimum: 1, maximum: 20", &[(C, "constraint loosened", "ItemRequest.count")]),
    ("a request minimum made exclusive", "minimum: 1, maximum: 10", "minimum: 1, exclusiveMinimum: 1, maximum: 10", &[(B, "constraint tightened", "ItemRequest.count")]),
    ("a request constraint added", "name: {type: string, description: The name.}", "name: {type: string, description: The name., maxLength: 64}", &[(B, "constraint tightened", "ItemRequest.name")]),
    ("a request maxItems loosened", "maxItems: 4", "maxItems: 8", &[(C, "constraint loosened", "ItemRequest.tags")]),
    ("a request maxItems tightened", "maxItems: 4", "maxItems: 2", &[(B, "constraint tightened", "ItemRequest.tags")]),
    ("a response constraint is documentation", "score: {type: number, maximum: 100}", "score: {type: number, maximum: 50}", &[(D, "constraint tightened", "Item.score")]),
    ("a default changed", "temperature: {type: number, default: 1}", "temperature: {type: number, default: 0.7}", &[(C, "default changed", "ItemRequest.temperature")]),
    ("a description changed", "description: The name.", "description: The item's name.", &[(D, "description changed", "ItemRequest.name")]),
    ("an optional request field becomes nullable", "temperature: {type: number, default: 1}", "temperature: {type: [number, 'null'], default: 1}", &[(B, "nullability changed", "ItemRequest.temperature")]),
    ("a required request field becomes nullable", "name: {type: string, description: The name.}", "name: {type: [string, 'null'], description: The name.}", &[(B, "nullability changed", "ItemRequest.name"), (B, "constructor changed", "ItemRequest::new")]),
    ("an optional response field becoming nullable changes nothing in Rust", "score: {type: number, maximum: 100}", "score: {type: [number, 'null'], maximum: 100}", &[]),
    ("a type added", "    Status:\n", "    Unused: {type: object, properties: {a: {type: string}}}\n    Status:\n", &[(C, "type added", "Unused")]),
];

#[test]
fn every_rule_classifies_its_change() {
    let base = common::read("codegen/tests/fixtures/diff/base.yaml");
    assert!(changes(&base, &base).is_empty());
    let mut rows = 0;
    for (what, find, replace, expected) in ROWS {
        assert!(base.contains(find), "{what}: the edit applies");
        let edited = base.replacen(find, replace, 1);
        let got = changes(&base, &edited);
        let mut want: Vec<(Impact, &str, String)> = expected.iter().map(|(i, k, s)| (*i, *k, s.to_string())).collect();
        want.sort();
        assert_eq!(got, want, "{what}");
        rows += 1;
    }
    assert!(rows >= 20);
}

#[test]
fn union_variants_added_and_removed() {
    let base = common::read("codegen/tests/fixtures/diff/base.yaml");
    let with_dot = base
        .replacen(
            "        - {$ref: '#/components/schemas/Square'}\n",
            "        - {$ref: '#/components/schemas/Square'}\n        - {$ref: '#/components/schemas/Dot'}\n",
            1,
        )
        .replacen(
            "    Circle:",
            "    Dot: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Circle:",
            1,
        );
    let added = changes(&base, &with_dot);
    assert_eq!(
        added,
        vec![
            (C, "type added", "Dot".to_owned()),
            (C, "variant added", "Shape::Dot".to_owned())
        ]
    );
    let removed = changes(&with_dot, &base);
    assert_eq!(
        removed,
        vec![
            (B, "type removed", "Dot".to_owned()),
            (B, "variant removed", "Shape::Dot".to_owned())
        ]
    );
}

#[test]
fn the_suggested_version_follows_the_worst_change() {
    let change = |impact| Change {
        impact,
        kind: "k",
        subject: "s".into(),
        detail: "d".into(),
    };
    let cases = [
        (vec![], "0.3.1", "0.3.1"),
        (vec![change(D)], "0.3.1", "0.3.2"),
        (vec![change(C), change(D)], "0.3.1", "0.3.2"),
        (vec![change(B), change(C)], "0.3.1", "0.4.0"),
        (vec![change(D)], "1.2.3", "1.2.4"),
        (vec![change(C)], "1.2.3", "1.3.0"),
        (vec![change(B)], "1.2.3", "2.0.0"),
    ];
    for (changes, from, to) in cases {
        assert_eq!(diff::bump(&changes, from).1, to, "{changes:?} from {from}");
    }
}

#[test]
fn a_realistic_change_to_the_embedded_spec() {
    // A new model id, a new optional `thinking` parameter and a tighter `stop` limit, on the
    // first spec (kept as a fixture, so the case stays put as the spec grows).
    let spec = common::read("codegen/tests/fixtures/diff/spec-v1.yaml");
    let grown = spec
        .replacen("            - glm-4-7-251222\n", "            - glm-4-7-251222\n            - glm-5-0-260101\n", 1)
        .replacen(
            "          maxItems: 4\n          items:\n            type: string\n",
            "          maxItems: 2\n          items:\n            type: string\n        thinking:\n          type: object\n          description: 深度思考开关。 Switches deep thinking on or off.\n          properties:\n            type:\n              type: string\n              enum: [enabled, disabled, auto]\n",
            1,
        );
    assert_ne!(spec, grown);
    let found = diff::diff(&api(&spec), &api(&grown));
    insta::assert_snapshot!(diff::markdown(&found, "anyfast", "0.1.0"));
    let json = diff::json(&found, "anyfast", "0.1.0");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["version"]["to"], "0.2.0");
}

/// The change this project made when the vendor's wider docs were added (spec v2, kept as a
/// fixture as it stood before the gateway's other endpoints): every addition shows in the
/// report, each classified, and the report is a snapshot.
#[test]
fn spec_v2_against_the_first_spec() {
    let old = api(&common::read("codegen/tests/fixtures/diff/spec-v1.yaml"));
    let new = api(&common::read("codegen/tests/fixtures/diff/spec-v2.yaml"));
    let found = diff::diff(&old, &new);
    insta::assert_snapshot!(diff::markdown(&found, "anyfast", "0.1.0"));
    let subjects: Vec<String> = found.iter().map(|c| c.subject.clone()).collect();
    for added in [
        "ChatCompletionRequest.tools",
        "ChatCompletionRequest.tool_choice",
        "ChatCompletionRequest.thinking",
        "ChatCompletionRequest.reasoning_effort",
        "ChatCompletionRequest.response_format",
        "ChatCompletionRequest.frequency_penalty",
        "ChatCompletionRequest.presence_penalty",
        "ChatCompletionRequest.n",
        "ChatCompletionRequest.user",
        "ChatCompletionRequest.stream_options",
        "ChatMessage.tool_calls",
        "ChatMessage.tool_call_id",
        "ChatCompletionMessage.tool_calls",
        "ChatCompletionDelta.tool_calls",
        "Usage.prompt_tokens_details",
        "Role::Tool",
        "Tool",
        "ToolCall",
        "ToolCallDelta",
    ] {
        assert!(
            subjects.iter().any(|s| s == added),
            "{added} is not reported: {subjects:#?}"
        );
    }
    let json = diff::json(&found, "anyfast", "0.1.0");
    assert_eq!(json["breaking"], true, "`stop` and `content` change type");
}

#[test]
fn the_first_optional_parameter_gives_the_methods_a_new_argument() {
    let base = common::read("codegen/tests/fixtures/diff/base.yaml");
    let without = base.replacen("        - {name: dry_run, in: query, schema: {type: boolean}}\n", "", 1);
    assert_ne!(base, without, "the edit applies");
    assert_eq!(
        changes(&without, &base),
        [(B, "parameter added", "update_item(dry_run)".to_owned())]
    );
    let report = diff::diff(&api(&without), &api(&base));
    assert!(report[0].detail.contains("UpdateItemParams"), "{:?}", report[0]);
}

/// The value with every object's keys in sorted order, as a reformatting tool writes them.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[test]
fn a_key_sorted_json_copy_of_a_spec_changes_nothing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Not a spec whose names collide: there the first claimant keeps the plain name, and a
    // reformat that reorders the schemas reorders the claims.
    for path in ["spec/openapi.yaml", "codegen/tests/fixtures/specs/all_of.yaml"] {
        let text = std::fs::read_to_string(root.join(path)).expect("spec");
        let value: serde_json::Value = serde_yaml::from_str(&text).expect("YAML");
        let json = serde_json::to_string_pretty(&sorted(value)).expect("JSON");
        // The constructor follows `required` (an array), not the properties (a map).
        let found = diff::diff(&api(&text), &api(&json));
        assert!(found.is_empty(), "{path}: {found:#?}");
    }
}

/// The change that brought the whole gateway into the spec (spec v3: models, images, video
/// tasks, Kling, assets) against the chat-only spec v2: chat's public API only grows. The report
/// is a snapshot.
#[test]
fn the_whole_gateway_against_the_chat_only_spec() {
    let old = api(&common::read("codegen/tests/fixtures/diff/spec-v2.yaml"));
    let new = api(&common::read("spec/openapi.yaml"));
    let found = diff::diff(&old, &new);
    insta::assert_snapshot!(diff::markdown(&found, "anyfast", "0.2.0"));
    let breaking: Vec<&Change> = found.iter().filter(|c| c.impact == Impact::Breaking).collect();
    assert!(breaking.is_empty(), "chat must not break: {breaking:#?}");
    let subjects: Vec<&str> = found.iter().map(|c| c.subject.as_str()).collect();
    for added in [
        "list_models",
        "create_image",
        "create_video_generation",
        "get_video_generation",
        "create_kling_text2_video",
        "get_kling_video_task",
        "create_asset",
    ] {
        assert!(subjects.contains(&added), "{added} is not reported: {subjects:#?}");
    }
    assert_eq!(diff::json(&found, "anyfast", "0.2.0")["version"]["to"], "0.2.1");
}

/// A per-model subset of values (`enum` under `then`): fewer values refuse what was sent
/// before (breaking for a request), more values refuse nothing, and the detail names both sets.
#[test]
fn an_allowed_subset_tightens_and_loosens() {
    let base = common::read("codegen/tests/fixtures/diff/base.yaml");
    let stop_end = "            - {type: array, items: {type: string}, maxItems: 3}\n";
    assert!(base.contains(stop_end), "the edit applies");
    let with = |values: &str| {
        base.replacen(
            stop_end,
            &format!(
                "{stop_end}      allOf:\n        - if: {{required: [name], properties: {{name: {{const: small}}}}}}\n          then: {{properties: {{color: {{enum: [{values}]}}}}}}\n"
            ),
            1,
        )
    };
    let (one, two) = (with("red"), with("red, green"));
    let loosened = diff::diff(&api(&one), &api(&two));
    assert_eq!(loosened.len(), 1, "{loosened:#?}");
    assert_eq!((loosened[0].impact, loosened[0].kind), (C, "constraint loosened"));
    assert!(
        loosened[0].detail.contains("allowed values red → red, green"),
        "{:?}",
        loosened[0]
    );
    let tightened = diff::diff(&api(&two), &api(&one));
    assert_eq!((tightened[0].impact, tightened[0].kind), (B, "constraint tightened"));
    let added = diff::diff(&api(&base), &api(&one));
    assert_eq!((added[0].impact, added[0].kind), (B, "constraint tightened"));
    assert!(added[0].detail.contains("allowed values any → red"), "{:?}", added[0]);
}
