//! Pagination in the IR: each shape and each vendor extension recognised, with the rule the
//! runtime follows and the parameter the cursor goes in, and a list that fits no rule left
//! alone with a warning.

use crate::ir::*;
use crate::{load_api, Config};

fn lower(text: &str) -> Api {
    load_api(text, &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// (style, items, next, has_more, total, cursor field) of an operation's pagination.
fn rule(api: &Api, id: &str) -> Option<(PageStyleIr, String, String, String, String, Option<String>)> {
    let op = api
        .operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"));
    op.pagination.as_ref().map(|p| {
        let r = &p.rule;
        (
            r.style,
            r.items.clone(),
            r.next.clone(),
            r.has_more.clone(),
            r.total.clone(),
            p.cursor.as_ref().map(|c| match c {
                CursorAt::Param { field, .. } => field.clone(),
                CursorAt::Body { wire } => format!("body:{wire}"),
            }),
        )
    })
}

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn each_shape_is_recognised_by_its_rule() {
    let api = lower(include_str!("../../tests/fixtures/specs/pagination_shapes.yaml"));
    use PageStyleIr::*;
    assert_eq!(
        rule(&api, "listFiles"),
        Some((
            Cursor,
            s("/data"),
            s("/last_id"),
            s("/has_more"),
            s(""),
            Some(s("after"))
        ))
    );
    assert_eq!(
        rule(&api, "listJobs"),
        Some((
            Cursor,
            s("/data"),
            s("last:/id"),
            s("/has_more"),
            s(""),
            Some(s("after"))
        ))
    );
    assert_eq!(
        rule(&api, "listPets"),
        Some((Offset, s("/items"), s(""), s(""), s("/total"), Some(s("offset"))))
    );
    assert_eq!(
        rule(&api, "listOrders"),
        Some((Number, s("/results"), s(""), s(""), s("/total_pages"), Some(s("page"))))
    );
    // A bare array pages by its page number alone.
    assert_eq!(
        rule(&api, "listTags"),
        Some((Number, s(""), s(""), s(""), s(""), Some(s("page"))))
    );
    // A next URL wins over the offset beside it: the server says where the next page is.
    assert_eq!(
        rule(&api, "listAlbums"),
        Some((Url, s("/items"), s("/next"), s(""), s(""), None))
    );
    // Anthropic's: `after_id`, the next one in `last_id`.
    assert_eq!(
        rule(&api, "listModels"),
        Some((
            Cursor,
            s("/data"),
            s("/last_id"),
            s("/has_more"),
            s(""),
            Some(s("after_id"))
        ))
    );
    // The Link header: declared (GitHub's), or the only way on for a token and a bare array
    // (Ory's).
    assert_eq!(rule(&api, "listRepos"), Some((Link, s(""), s(""), s(""), s(""), None)));
    assert_eq!(
        rule(&api, "listClients"),
        Some((Link, s(""), s(""), s(""), s(""), None))
    );
    // The next cursor one property down (Slack's).
    assert_eq!(
        rule(&api, "listUsers"),
        Some((
            Cursor,
            s("/members"),
            s("/response_metadata/next_cursor"),
            s(""),
            s(""),
            Some(s("cursor"))
        ))
    );
    // The cursor in the body, its next value one property down, of any type (Qdrant's).
    assert_eq!(
        rule(&api, "scrollPoints"),
        Some((
            Cursor,
            s("/result/points"),
            s("/result/next_page_offset"),
            s(""),
            s(""),
            Some(s("body:offset"))
        ))
    );
    assert_eq!(rule(&api, "listEvents"), None);
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
    use PageStyleIr::*;
    let speakeasy = lower(include_str!("../../tests/fixtures/specs/pagination_speakeasy.yaml"));
    assert_eq!(
        rule(&speakeasy, "listThings"),
        Some((Cursor, s("/things"), s("/meta/next"), s(""), s(""), Some(s("next"))))
    );
    // A cursor the extension puts in the request body.
    assert_eq!(
        rule(&speakeasy, "searchThings"),
        Some((
            Cursor,
            s("/things"),
            s("/next_cursor"),
            s(""),
            s(""),
            Some(s("body:cursor"))
        ))
    );
    let fern = lower(include_str!("../../tests/fixtures/specs/pagination_fern.yaml"));
    assert_eq!(
        rule(&fern, "listUsers"),
        Some((Number, s("/users"), s(""), s(""), s(""), Some(s("page"))))
    );
    let dropshot = lower(include_str!("../../tests/fixtures/specs/pagination_dropshot.yaml"));
    assert_eq!(
        rule(&dropshot, "instanceList"),
        Some((
            Cursor,
            s("/items"),
            s("/next_page"),
            s(""),
            s(""),
            Some(s("page_token"))
        ))
    );
    let ms = lower(include_str!("../../tests/fixtures/specs/pagination_ms.yaml"));
    assert_eq!(
        rule(&ms, "vaultsList"),
        Some((Url, s("/value"), s("/nextLink"), s(""), s(""), None))
    );
}
