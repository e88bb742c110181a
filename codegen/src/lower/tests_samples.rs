//! What operation tests send, where a validating mock is stricter than the types: a `oneOf`
//! sample that only one branch accepts, and optional object parameters sent rather than left
//! out.

use crate::ir::*;
use crate::{load_api, Config};

fn lower() -> Api {
    load_api(
        include_str!("../../tests/fixtures/specs/samples.yaml"),
        &Config::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn samples<'a>(api: &'a Api, id: &str) -> &'a Samples {
    let op = api
        .operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no {id}"));
    match &op.test {
        OperationTest::Call(samples) => samples,
        other => panic!("{id} is not tested: {other:?}"),
    }
}

#[test]
fn a_one_of_sample_that_fits_two_branches_is_told_apart_by_a_property_of_the_other() {
    let api = lower();
    let body = samples(&api, "register").body.clone().expect("a body");
    // No branch's own sample fits it alone: the code and profile branches need only `method`
    // and `traits`, which every branch has. The password branch's is taken, with the other
    // two ruled out by a property each declares (`code`, `screen`) given a value that is not
    // a string.
    assert_eq!(body["method"], "password");
    assert_eq!(body["password"], "a");
    for other in ["code", "screen"] {
        assert!(body.get(other).is_some_and(|c| !c.is_string()), "{body}");
    }
}

#[test]
fn an_optional_object_query_parameter_with_required_properties_is_sent() {
    let api = lower();
    let samples = samples(&api, "listTools");
    assert_eq!(samples.optional, ["endpoint"]);
    assert_eq!(samples.params["endpoint"], serde_json::json!({"uri": "a"}));
}
