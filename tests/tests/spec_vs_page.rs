//! The spec says what the vendor's reference page says: every field, type, required flag,
//! default, constraint, enum value, content part type and example on the page is in
//! `spec/openapi.yaml` with the same value. The comparison is `cargo xtask docs-check`'s; a
//! failure shows its table.

use anyfast_tests::Table;

fn page_fields() -> (Vec<xtask::docs::PageField>, Vec<xtask::docs::PageField>) {
    let text = anyfast_tests::read(xtask::docs::REFERENCE_PAGE);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let body = lines.iter().position(|l| *l == "请求体").expect("a request section");
    let response = lines.iter().position(|l| *l == "响应").expect("a response section");
    (
        xtask::docs::parse_fields(&lines[body..response]),
        xtask::docs::parse_fields(&lines[response..]),
    )
}

#[test]
fn the_page_parses_into_every_field_it_documents() {
    let (request, response) = page_fields();
    let names: Vec<&str> = request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "model",
            "messages",
            "max_tokens",
            "temperature",
            "top_p",
            "stream",
            "stop"
        ]
    );
    let names: Vec<&str> = response.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "object", "created", "model", "choices", "usage"]);
    let temperature = &request[3];
    assert_eq!((temperature.minimum, temperature.maximum), (Some(0.0), Some(2.0)));
    assert_eq!(request[0].options.len(), 10, "the ten model ids");
    assert!(request.iter().all(|f| f.unread.is_empty()), "every fact line reads");
}

#[test]
fn the_spec_agrees_with_the_reference_page_and_the_wider_pages() -> Result<(), Table> {
    let report = anyfast_tests::docs_check()?;
    assert!(report.facts >= 100, "{} facts compared", report.facts);
    Ok(())
}

#[test]
fn the_committed_page_is_the_shared_copy() {
    let shared = anyfast_tests::root().join("../shared/api-docs/chat-completions.zh.txt");
    match std::fs::read_to_string(&shared) {
        Ok(original) => assert_eq!(anyfast_tests::read(xtask::docs::REFERENCE_PAGE), original),
        Err(_) => assert!(anyfast_tests::root()
            .join("tests/fixtures/reference-page/README.md")
            .exists()),
    }
}
