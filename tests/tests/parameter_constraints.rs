//! Parameters' constraints are checked before anything is sent, as a body's are: a crate
//! generated from `parameter_constraints.yaml` refuses a `limit` of 1000, a short path `id`, a
//! header list that is too long and an optional `offset` past its maximum with `Error::InvalidRequest`
//! naming the parameter, and sends nothing (its base URL points where nothing listens).

use anyfast_tests::root;

const TEST: &str = r#"
use parameter_constraints::{Client, Error, GetPetParams};

fn refused(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::InvalidRequest { field, .. }) => field,
        other => panic!("not refused before sending: {other:?}"),
    }
}

#[tokio::test]
async fn each_parameter_is_checked_before_sending() {
    // Nothing listens on port 9: a request that went out would be a connection error.
    let client = Client::builder().api_key("k").base_url("http://127.0.0.1:9").max_retries(0).build().unwrap();
    let tags = vec!["a".to_owned()];
    let none = GetPetParams::default();
    assert_eq!(refused(client.get_pet("pet1", 1000, &tags, &none).await), "limit");
    assert_eq!(refused(client.get_pet("p", 10, &tags, &none).await), "id");
    let three = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    assert_eq!(refused(client.get_pet("pet1", 10, &three, &none).await), "X-Tags");
    let negative = GetPetParams::default().with_offset(51);
    assert_eq!(refused(client.get_pet("pet1", 10, &tags, &negative).await), "offset");
    // Within every constraint, the request goes out (and finds nothing listening).
    match client.get_pet("pet1", 10, &tags, &GetPetParams::default().with_offset(5)).await {
        Err(Error::Connect { .. }) => {}
        other => panic!("sent, and refused by the network: {other:?}"),
    }
}
"#;

#[test]
fn parameter_constraints_are_checked_before_sending() {
    let dir = root().join("target/parameter-constraints-crate");
    let _ = std::fs::remove_dir_all(&dir);
    let spec = "codegen/tests/fixtures/specs/parameter_constraints.yaml";
    let config = anyfast_codegen::Config::default()
        .with_spec_label(spec)
        .with_standalone_crate("parameter-constraints")
        .with_env_prefix("PARAMETER_CONSTRAINTS");
    let text = std::fs::read_to_string(root().join(spec)).expect("fixture");
    let output = anyfast_codegen::generate(&text, &config).expect("generates");
    for file in &output.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, &file.contents).expect("write");
    }
    let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    manifest.push_str(
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n\n[workspace]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    anyfast_tests::run_crate_test(&dir, "checks", TEST);
}
