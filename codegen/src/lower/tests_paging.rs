//! Pagination in the IR: each shape and each vendor extension recognised, with the rule the
//! runtime follows and the parameter the cursor goes in, and a list that fits no rule left
//! alone with a warning.

use crate::ir::*;
use crate::{load_api, Config};

fn lower(text: &str) -> Api {
    load_api(text, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// An operation's pagination in one line: the style, then the items, next, has-more and
/// total pointers and the cursor's field (`body:` for one in the body), `-` where none.
fn rule(api: &Api, id: &str) -> Option<String> {
    let op = api
        .operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"));
    op.pagination.as_ref().map(|p| {
        let r = &p.rule;
        let cursor = p.cursor.as_ref().map_or("-".to_owned(), |c| match c {
            CursorAt::Param { field, .. } => field.clone(),
            CursorAt::Body { wire } => format!("body:{wire}"),
        });
        let or_none = |s: &str| if s.is_empty() { "-".to_owned() } else { s.to_owned() };
        format!(
            "{:?} {} {} {} {} {cursor}",
            r.style,
            or_none(&r.items),
            or_none(&r.next),
            or_none(&r.has_more),
            or_none(&r.total)
        )
    })
}

/// Checks each (spec, operation, rule) case.
fn check(cases: &[(&Api, &str, Option<&str>)]) {
    for (api, id, want) in cases {
        assert_eq!(rule(api, id).as_deref(), *want, "{id}");
    }
}

#[test]
fn each_shape_is_recognised_by_its_rule() {
    let api = lower(include_str!("../../tests/fixtures/specs/pagination_shapes.yaml"));
    check(&[
        (&api, "listFiles", Some("Cursor /data /last_id /has_more - after")),
        (&api, "listJobs", Some("Cursor /data last:/id /has_more - after")),
        (&api, "listPets", Some("Offset /items - - /total offset")),
        (&api, "listOrders", Some("Number /results - - /total_pages page")),
        // A bare array pages by its page number alone.
        (&api, "listTags", Some("Number - - - - page")),
        // A next URL wins over the offset beside it: the server says where the next page is.
        (&api, "listAlbums", Some("Url /items /next - - -")),
        // Anthropic's: `after_id`, the next one in `last_id`.
        (&api, "listModels", Some("Cursor /data /last_id /has_more - after_id")),
        // The Link header: declared (GitHub's), or the only way on for a token and a bare
        // array (Ory's).
        (&api, "listRepos", Some("Link - - - - -")),
        (&api, "listClients", Some("Link - - - - -")),
        // The next cursor one property down (Slack's).
        (
            &api,
            "listUsers",
            Some("Cursor /members /response_metadata/next_cursor - - cursor"),
        ),
        // The cursor in the body, its next value one property down, of any type (Qdrant's).
        (
            &api,
            "scrollPoints",
            Some("Cursor /result/points /result/next_page_offset - - body:offset"),
        ),
        (&api, "listEvents", None),
    ]);
    assert!(api
        .warnings
        .iter()
        .any(|w| w.pointer == "/paths/~1events/get" && w.message.starts_with("looks paginated")));
    let files = api
        .operations
        .iter()
        .find(|o| o.id == "listFiles")
        .and_then(|o| o.pagination.as_ref())
        .expect("paged");
    assert_eq!(
        (files.pages_method.as_str(), files.items_method.as_str()),
        ("list_files_pages", "list_files_items")
    );
}

#[test]
fn each_vendor_extension_is_read() {
    let speakeasy = lower(include_str!("../../tests/fixtures/specs/pagination_speakeasy.yaml"));
    let fern = lower(include_str!("../../tests/fixtures/specs/pagination_fern.yaml"));
    let dropshot = lower(include_str!("../../tests/fixtures/specs/pagination_dropshot.yaml"));
    let ms = lower(include_str!("../../tests/fixtures/specs/pagination_ms.yaml"));
    check(&[
        (&speakeasy, "listThings", Some("Cursor /things /meta/next - - next")),
        // A cursor the extension puts in the request body.
        (
            &speakeasy,
            "searchThings",
            Some("Cursor /things /next_cursor - - body:cursor"),
        ),
        (&fern, "listUsers", Some("Number /users - - - page")),
        (
            &dropshot,
            "instanceList",
            Some("Cursor /items /next_page - - page_token"),
        ),
        (&ms, "vaultsList", Some("Url /value /nextLink - - -")),
    ]);
}
