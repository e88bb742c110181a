//! Every generated crate has the typed mock: a crate generated from a corpus spec (the
//! petstore), built with `--features testing`, whose test builds a response through `Default`
//! and setters and has the mock answer it for one operation, as a user of that crate would.

use anyfast_tests::root;

const TEST: &str = r#"
use petstore::testing::MockServer;
use petstore::Pet;

#[tokio::test]
async fn the_mock_plays_one_operation() {
    let mock = MockServer::start().await;
    let pet = Pet::default().with_id(7).with_name("Rex").with_tag("dog");
    mock.find_pet_by_id().respond(pet.clone()).await;
    let got = mock.client().find_pet_by_id(7).await.expect("the mock answers");
    assert_eq!((got.id, got.name.as_str(), got.tag.as_deref()), (7, "Rex", Some("dog")));
    assert_eq!(mock.find_pet_by_id().calls().await, 1);
    assert_eq!(mock.add_pet().calls().await, 0);
}
"#;

#[test]
fn a_corpus_crate_has_the_mock_behind_its_testing_feature() {
    let dir = root().join("target/testing-crate");
    let manifest = anyfast_tests::write_standalone_crate(
        &dir,
        "tests/fixtures/corpus/oai-v3.0-petstore-expanded.yaml",
        "petstore",
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    assert!(
        manifest.contains("testing = ["),
        "the manifest has the feature: {manifest}"
    );
    anyfast_tests::run_crate_test_with(&dir, "mock", TEST, &["--features", "testing"]);
}
