//! The loop the README's "When the API changes" walks through, on a revision of the reference
//! page that changes three facts at once (a new model id, a narrower `temperature`, a new
//! `seed` field): the first docs check lists all three with page value, spec value and pointer;
//! after the spec edit it lists none; spec-diff and the generated code then show the change.
//! It works on its own copy of the spec, so a reader who makes the README's edit for real does
//! not break it.

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
    xtask::docs::read_pages(&anyfast_tests::root().join(xtask::docs::PAGES))
}

fn gateway() -> Vec<(String, String)> {
    xtask::docs::read_pages(&anyfast_tests::root().join(xtask::docs::GATEWAY))
}

/// The spec as it stood when the walk-through was written (`tests/fixtures/docs-loop/`): the
/// README's own example edit, made to `spec/openapi.yaml` by a reader trying it, leaves this
/// test as it was.
const WALKTHROUGH_SPEC: &str = "tests/fixtures/docs-loop/openapi.yaml";

#[test]
fn a_revised_page_is_reported_in_one_run_then_fixed_by_one_spec_edit() {
    let spec = read(WALKTHROUGH_SPEC);
    let page = revised_page();
    let before = xtask::docs::check(&page, &pages(), &gateway(), &spec);
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
    let after = xtask::docs::check(&page, &pages(), &gateway(), &edited);
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

/// The gateway's pages, with one page replaced by its revision.
fn gateway_with(name: &str, revise: impl Fn(&str) -> String) -> Vec<(String, String)> {
    gateway()
        .into_iter()
        .map(|(n, text)| {
            if n == name {
                let revised = revise(&text);
                assert_ne!(revised, text, "the revision of {name} applies");
                (n, revised)
            } else {
                (n, text)
            }
        })
        .collect()
}

fn disagreements(report: &xtask::docs::Report) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = report
        .disagreements
        .iter()
        .map(|d| {
            (
                d.page.clone(),
                d.fact.clone(),
                d.page_value.clone(),
                d.spec_value.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_revised_video_page_is_reported_in_one_run() {
    let spec = read("spec/openapi.yaml");
    let reference = read(xtask::docs::REFERENCE_PAGE);
    // A rendered page narrows HappyHorse's durations; a compact one narrows Seedance's.
    let i2v = "api-reference--model-api--alibaba--happyhorse-1.0-i2v.en.txt";
    let seedance = "api-reference--model-api--bytedance--seedance-2-0.en.txt";
    let revised: Vec<(String, String)> = gateway_with(i2v, |t| {
        t.replacen("Required range: 3 <= x <= 15", "Required range: 3 <= x <= 10", 1)
    })
    .into_iter()
    .map(|(n, t)| {
        if n == seedance {
            (n, t.replace("-1 <= x <= 15", "-1 <= x <= 12"))
        } else {
            (n, t)
        }
    })
    .collect();
    let report = xtask::docs::check(&reference, &pages(), &revised, &spec);
    assert_eq!(
        disagreements(&report),
        [
            (
                i2v.to_owned(),
                "duration: maximum".to_owned(),
                "10".to_owned(),
                "15".to_owned()
            ),
            (
                seedance.to_owned(),
                "a range the page gives".to_owned(),
                "-1 <= x <= 12".to_owned(),
                "no such range".to_owned()
            ),
        ],
        "{}",
        report.table()
    );
}

#[test]
fn a_fact_the_spec_holds_without_a_page_is_reported() {
    let reference = read(xtask::docs::REFERENCE_PAGE);
    let spec = read("spec/openapi.yaml");
    // A model id only the spec lists, and a field citing a page that never names it.
    let edited = spec
        .replacen("            - happyhorse-1.0-r2v\n", "            - happyhorse-1.0-r2v\n            - seedance-3.0-ultra\n", 1)
        .replacen(
            "        camera_fixed:\n          type: boolean\n          default: false\n          description: 是否固定镜头。 Whether the camera stays fixed.\n          x-source: docs.anyfast.com.cn--api-reference--model-api--bytedance--doubao-seedance-1-5-pro-251215-i2v.zh.txt",
            "        camera_fixed:\n          type: boolean\n          default: false\n          description: 是否固定镜头。 Whether the camera stays fixed.\n          x-source: api-reference--model-api--alibaba--wan2.2-t2v-a14b.en.txt",
            1,
        );
    assert_eq!(
        edited.matches("seedance-3.0-ultra").count(),
        1,
        "the model edit applies"
    );
    assert!(
        edited.contains("x-source: api-reference--model-api--alibaba--wan2.2-t2v-a14b.en.txt\n        draft:"),
        "the citation edit applies"
    );
    let report = xtask::docs::check(&reference, &pages(), &gateway(), &edited);
    let found = disagreements(&report);
    let facts: Vec<&str> = found.iter().map(|d| d.1.as_str()).collect();
    assert_eq!(
        facts,
        [
            "field `camera_fixed`: on a cited page",
            "value `seedance-3.0-ultra`: on a cited page"
        ],
        "{}",
        report.table()
    );
    assert!(found.iter().all(|d| d.3 == "not on any cited page"));
    // The shipped spec has none, and lists its deliberate resolutions rather than hiding them.
    let clean = xtask::docs::check(&reference, &pages(), &gateway(), &spec);
    assert!(clean.is_clean(), "{}", clean.table());
    assert!(clean
        .resolved
        .iter()
        .any(|r| r.contains("image: required") && r.contains("resolved:")));
    assert!(clean
        .notes
        .iter()
        .any(|n| n.contains(".md") || n.contains("not read field by field")));
}
