//! The loop the README's "When the API changes" walks through, on a revision of the reference
//! page that changes three facts at once (a new model id, a narrower `temperature`, a new
//! `seed` field): the first docs check lists all three with page value, spec value and pointer;
//! after the spec edit it lists none; spec-diff and the generated code then show the change.

use anyfast_tests::read;

/// The reference page as the vendor might revise it.
fn revised_page() -> String {
    let page = read(xtask::docs::REFERENCE_PAGE);
    let revised = page
        .replacen(
            "glm-4-7-251222\n示例:",
            "glm-4-7-251222,\ndoubao-seed-3-0-pro-260101\n示例:",
            1,
        )
        .replacen(
            "采样温度。\n\n必填范围: 0 <= x <= 2",
            "采样温度。\n\n必填范围: 0 <= x <= 1.5",
            1,
        )
        .replacen(
            "top_p\nnumber",
            "seed\ninteger\n随机种子。\n\n必填范围: x >= 0\ntop_p\nnumber",
            1,
        );
    assert_ne!(revised, page);
    revised
}

/// The spec edit a person makes after reading the report.
fn revised_spec(spec: &str) -> String {
    let edited = spec
        .replacen(
            "            - glm-4-7-251222\n",
            "            - glm-4-7-251222\n            - doubao-seed-3-0-pro-260101\n",
            1,
        )
        .replacen(
            "          description: 采样温度。 The sampling temperature.\n          minimum: 0\n          maximum: 2\n",
            "          description: 采样温度。 The sampling temperature.\n          minimum: 0\n          maximum: 1.5\n",
            1,
        )
        .replacen(
            "        top_p:\n",
            "        seed:\n          type: integer\n          description: 随机种子。 The random seed.\n          minimum: 0\n          x-source: chat-completions.zh.txt\n        top_p:\n",
            1,
        );
    assert_eq!(
        edited.matches("doubao-seed-3-0-pro-260101").count(),
        1,
        "the model edit applies"
    );
    assert!(
        edited.contains("maximum: 1.5") && edited.contains("        seed:\n"),
        "the edits apply"
    );
    edited
}

fn pages() -> Vec<(String, String)> {
    let dir = anyfast_tests::root().join(xtask::docs::PAGES);
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("pages")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| (n.clone(), read(&format!("{}/{n}", xtask::docs::PAGES))))
        .collect();
    pages.sort();
    pages
}

#[test]
fn a_revised_page_is_reported_in_one_run_then_fixed_by_one_spec_edit() {
    let spec = read("spec/openapi.yaml");
    let page = revised_page();
    let before = xtask::docs::check(&page, &pages(), &spec);
    let mut found: Vec<(String, String, String, String)> = before
        .disagreements
        .iter()
        .map(|d| {
            (
                d.fact.clone(),
                d.page_value.clone(),
                d.spec_value.clone(),
                d.pointer.clone(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "model: value `doubao-seed-3-0-pro-260101`".to_owned(),
                "listed".to_owned(),
                "absent".to_owned(),
                "/components/schemas/Model/anyOf/0/enum".to_owned(),
            ),
            (
                "seed: in the spec".to_owned(),
                "present".to_owned(),
                "absent".to_owned(),
                "/components/schemas/ChatCompletionRequest/properties/seed".to_owned(),
            ),
            (
                "temperature: maximum".to_owned(),
                "1.5".to_owned(),
                "2".to_owned(),
                "/components/schemas/ChatCompletionRequest/properties/temperature/maximum".to_owned(),
            ),
        ],
        "{}",
        before.table()
    );
    let table = before.table();
    assert!(
        table.contains("## chat-completions.zh.txt") && table.contains("| temperature: maximum | 1.5 | 2 |"),
        "{table}"
    );

    let edited = revised_spec(&spec);
    let after = xtask::docs::check(&page, &pages(), &edited);
    assert!(after.is_clean(), "{}", after.table());

    // spec-diff says what the edit means for users of the crate.
    let config = anyfast_codegen::Config::default();
    let old = anyfast_codegen::load_api(&spec, &config).expect("old spec");
    let new = anyfast_codegen::load_api(&edited, &config).expect("new spec");
    let changes: Vec<(String, String)> = anyfast_codegen::diff::diff(&old, &new)
        .into_iter()
        .map(|c| (c.kind.to_owned(), c.subject))
        .collect();
    for wanted in [
        ("enum value added", "Model::DoubaoSeed3_0Pro260101"),
        ("constraint tightened", "ChatCompletionRequest.temperature"),
        ("field added", "ChatCompletionRequest.seed"),
    ] {
        assert!(
            changes.iter().any(|(k, s)| k == wanted.0 && s == wanted.1),
            "{wanted:?} in {changes:?}"
        );
    }
    // And the generated models carry it.
    let models = |text: &str| {
        anyfast_codegen::generate(text, &config)
            .expect("generates")
            .files
            .into_iter()
            .find(|f| f.path.ends_with("models.rs"))
            .expect("models")
            .contents
    };
    let generated = models(&edited);
    assert!(generated.contains("DoubaoSeed3_0Pro260101 = \"doubao-seed-3-0-pro-260101\""));
    assert!(generated.contains("pub seed: Option<u64>"), "the new field");
    assert!(generated.contains("Range: 0 <= x <= 1.5."), "the new range in the docs");
    assert_ne!(generated, models(&spec));
}
