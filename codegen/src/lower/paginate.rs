//! Pagination: which list operations page, and how. The vendor extensions that declare it
//! come first (`x-speakeasy-pagination`, `x-fern-pagination`, `x-dropshot-pagination`,
//! `x-ms-pageable`); otherwise the shapes real APIs use, each by a stated rule, on an operation
//! whose response holds a list of items (`data`, `items`, `results`, …, or its one array other
//! than `warnings` or `errors`; at the top level, else one property down, as Qdrant's
//! `result.points`). In this order:
//!
//! - a cursor: an optional query parameter (`after`, `after_id`, `cursor`, `starting_after`,
//!   `page_token`, `pageToken`, `next_token`, `nextToken`, `pagination_token`,
//!   `continuation_token`, `marker`) and a response field, at the top or one property down
//!   (Slack's `response_metadata.next_cursor`), that gives the next one (`next_cursor`, `nextCursor`, `next_page_token`, `nextPageToken`, `last_id`,
//!   `next_token`, `nextToken`, `continuation_token`, `next_page`, `next_page_offset`,
//!   `next_offset`, `next_page_cursor`), stopped by `has_more: false` (or `has_next_page`) too;
//!   or, with `has_more` and items that have an `id`, the last item's `id` (OpenAI's `after`,
//!   Anthropic's `after_id`);
//! - a cursor in the request body: an optional property of those names or `offset`, and a
//!   next-cursor field in the response, of any type (Qdrant's scroll);
//! - a next URL: a response field `next` (or `next_url`, `nextLink`, `next_page_url`);
//! - the `Link` header (`rel="next"`, RFC 8288): when the 2xx response declares it, or when a
//!   cursor parameter's list is a bare array with nowhere else to carry the cursor (Ory's);
//! - an offset: an optional integer query parameter `offset` (or `skip`, `start`), moved on by
//!   the items read, stopped by an empty page or the `total`;
//! - a page number: an optional integer query parameter `page` (or `page_number`,
//!   `pageNumber`), stopped by an empty page or the total of pages.
//!
//! A response that is itself the array (Harbor's) pages by offset or page number.
//!
//! An operation that looks paginated (a parameter or response field of those names) but fits
//! no rule is left as it is, with a warning at its pointer that says what is missing.

use serde_json::Value;

use super::Lowerer;
use crate::ir::*;
use crate::spec;

const ITEMS: &[&str] = &[
    "data", "items", "results", "values", "value", "entries", "records", "list",
];
const NEXT_URL: &[&str] = &[
    "next",
    "next_url",
    "nextLink",
    "next_link",
    "next_page_url",
    "@odata.nextLink",
];
const CURSOR_PARAMS: &[&str] = &[
    "after",
    "after_id",
    "cursor",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "pagination_token",
    "continuation_token",
    "marker",
];
const NEXT_CURSOR: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "last_id",
    "next_token",
    "continuation_token",
    "next_page",
    "next_page_offset",
    "next_offset",
    "nextToken",
    "next_page_cursor",
    "nextPageCursor",
];
/// Request body properties a cursor goes in (beside the query parameters' names).
const BODY_CURSORS: &[&str] = &[
    "after",
    "cursor",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "continuation_token",
    "offset",
];
const HAS_MORE: &[&str] = &[
    "has_more",
    "hasMore",
    "has_next",
    "hasNext",
    "has_next_page",
    "hasNextPage",
];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "start"];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const TOTAL: &[&str] = &["total", "total_count", "totalCount", "count"];
const TOTAL_PAGES: &[&str] = &["total_pages", "totalPages", "pages", "page_count", "num_pages"];
/// Arrays beside the items that are not items: what the server warns of.
const NOT_ITEMS: &[&str] = &["warnings", "errors", "messages_warnings"];

/// A response field: its JSON pointer in a page, the name it is matched by, and its type.
struct Field<'f> {
    pointer: String,
    wire: &'f str,
    ty: &'f TypeRef,
    /// Whether it is a property of a property (Qdrant's `result.next_page_offset`, Slack's
    /// `response_metadata.next_cursor`): such fields are matched after the top level's.
    nested: bool,
}

/// What pagination lowering found: the rule, where the cursor goes, and the item type.
pub(super) struct Found {
    pub rule: PageRuleIr,
    pub cursor: Option<CursorAt>,
    pub item: TypeRef,
}

/// A JSON pointer segment, escaped (RFC 6901).
fn segment(name: &str) -> String {
    format!("/{}", name.replace('~', "~0").replace('/', "~1"))
}

impl<'a> Lowerer<'a> {
    /// The properties of a named struct, by wire name.
    fn struct_fields(&self, ty: &TypeRef) -> Vec<(&str, &TypeRef, bool)> {
        let ty = match ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let TypeRef::Named(id) = ty else { return Vec::new() };
        match self.lowered(*id).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s
                .fields
                .iter()
                .filter_map(|f| Some((f.wire_name()?, &f.ty, f.facts.required)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// How the operation pages, if it does: the rule, where the cursor goes, and the item
    /// type. `None`, with a warning where it looks paginated.
    pub(super) fn pagination(
        &mut self,
        op: &spec::Operation,
        params: &[Param],
        options: Option<&ParamsStruct>,
        body: Option<&Body>,
        response: Option<&TypeRef>,
        pointer: &str,
    ) -> Option<Found> {
        // The response's properties, then their properties one level down.
        let mut fields: Vec<Field> = Vec::new();
        if let Some(response) = response {
            for (wire, ty, _) in self.struct_fields(response) {
                fields.push(Field {
                    pointer: segment(wire),
                    wire,
                    ty,
                    nested: false,
                });
            }
            let top: Vec<(String, &TypeRef)> = fields.iter().map(|f| (f.pointer.clone(), f.ty)).collect();
            for (parent, ty) in top {
                for (wire, ty, _) in self.struct_fields(ty) {
                    fields.push(Field {
                        pointer: format!("{parent}{}", segment(wire)),
                        wire,
                        ty,
                        nested: true,
                    });
                }
            }
        }
        // An optional query parameter of one of these names, with its field in the struct.
        let param = |names: &[&str]| -> Option<(String, TypeRef)> {
            let p = params
                .iter()
                .find(|p| p.location == ParamLocation::Query && !p.required && names.contains(&p.wire_name.as_str()))?;
            let field = options?.fields.iter().find(|f| f.param == p.rust_name)?;
            Some((field.field.clone(), p.ty.clone()))
        };
        // An optional property of the JSON request body of one of these names.
        let body_fields = match body {
            Some(b) if b.encoding == BodyEncoding::Json => self.struct_fields(&b.ty),
            _ => Vec::new(),
        };
        let body_field = |names: &[&str]| -> Option<String> {
            body_fields
                .iter()
                .find(|(wire, _, required)| !required && names.contains(wire))
                .map(|(wire, _, _)| (*wire).to_owned())
        };
        let field = |names: &[&str]| {
            fields
                .iter()
                .filter(|f| !f.nested)
                .chain(fields.iter().filter(|f| f.nested))
                .find(|f| names.contains(&f.wire))
        };
        let declared = declared_rule(op);
        let link = self.declares_link_header(op);
        let looks_paginated = declared.is_some()
            || param(CURSOR_PARAMS).is_some()
            || param(PAGE_PARAMS).is_some()
            || field(NEXT_CURSOR).is_some()
            || field(HAS_MORE).is_some()
            || (body_field(BODY_CURSORS).is_some() && field(NEXT_CURSOR).is_some());
        // A list answered as a bare array pages by offset or page number alone.
        let bare = match response {
            Some(TypeRef::Vec(inner)) => Some((**inner).clone()),
            _ => None,
        };
        let is_array = |f: &&Field| matches!(f.ty, TypeRef::Vec(_)) && !NOT_ITEMS.contains(&f.wire);
        let items = declared
            .as_ref()
            .map(|d| d.items.clone())
            .or_else(|| bare.as_ref().map(|_| String::new()))
            .or_else(|| {
                // A named list at the top, else its one array; then the same one level down.
                [false, true].into_iter().find_map(|nested| {
                    let level: Vec<&Field> = fields.iter().filter(|f| f.nested == nested).filter(is_array).collect();
                    let named = level.iter().find(|f| ITEMS.contains(&f.wire));
                    named
                        .or(match level.as_slice() {
                            [one] => Some(one),
                            _ => None,
                        })
                        .map(|f| f.pointer.clone())
                })
            });
        let item_ty = bare.clone().or_else(|| {
            let items = items.as_ref()?;
            match fields.iter().find(|f| &f.pointer == items)?.ty {
                TypeRef::Vec(inner) => Some((**inner).clone()),
                _ => None,
            }
        });
        let pointer_of = |f: Option<&Field>| f.map(|f| f.pointer.clone()).unwrap_or_default();
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64);
        let is_string = |ty: &TypeRef| matches!(ty, TypeRef::String);
        let at_param = |(field, ty): (String, TypeRef)| CursorAt::Param {
            field,
            integer: is_integer(&ty),
        };
        let found = (|| {
            let items = items.clone()?;
            let item = item_ty.clone().unwrap_or(TypeRef::Json);
            let rule = |style, next: String, has_more: String, total: String| PageRuleIr {
                style,
                items: items.clone(),
                next,
                has_more,
                total,
                start: if style == PageStyleIr::Number { 1 } else { 0 },
            };
            if let Some(d) = &declared {
                // The declared input: a query parameter, else a body property of that name.
                let cursor = match &d.param {
                    Some(name) => Some(
                        param(&[name])
                            .map(at_param)
                            .or_else(|| body_field(&[name]).map(|wire| CursorAt::Body { wire }))?,
                    ),
                    None => None,
                };
                let rule = rule(d.style, d.next.clone(), pointer_of(field(HAS_MORE)), String::new());
                return Some((rule, cursor, item));
            }
            let has_more = pointer_of(field(HAS_MORE));
            let next_url = field(NEXT_URL).filter(|f| is_string(f.ty));
            // A `page` that is text is a cursor too (OpenAI's usage lists).
            let cursor = param(CURSOR_PARAMS)
                .filter(|(_, ty)| is_string(ty))
                .or_else(|| param(PAGE_PARAMS).filter(|(_, ty)| is_string(ty)));
            let next_cursor = field(NEXT_CURSOR).filter(|f| is_string(f.ty) || is_integer(f.ty));
            if let (Some(cursor), Some(next)) = (&cursor, next_cursor) {
                let rule = rule(PageStyleIr::Cursor, next.pointer.clone(), has_more, String::new());
                return Some((rule, Some(at_param(cursor.clone())), item));
            }
            // OpenAI's other lists: `after` and `has_more`, the next cursor being the last item's
            // `id`.
            if let (Some(cursor), false, true) = (&cursor, has_more.is_empty(), self.has_id(&item)) {
                let rule = rule(PageStyleIr::Cursor, "last:/id".to_owned(), has_more, String::new());
                return Some((rule, Some(at_param(cursor.clone())), item));
            }
            // A cursor in the request body, the next one anywhere in the response (Qdrant's
            // scroll: `offset` in, `result.next_page_offset` out), of whatever type.
            if let (Some(wire), Some(next)) = (body_field(BODY_CURSORS), field(NEXT_CURSOR)) {
                let rule = rule(PageStyleIr::Cursor, next.pointer.clone(), has_more, String::new());
                return Some((rule, Some(CursorAt::Body { wire }), item));
            }
            if let Some(next) = next_url {
                return Some((
                    rule(PageStyleIr::Url, next.pointer.clone(), has_more, String::new()),
                    None,
                    item,
                ));
            }
            // The `Link` header: declared by the response, or the only way on for a cursor
            // parameter whose list is a bare array (Ory's `page_token`).
            if link || (bare.is_some() && cursor.is_some()) {
                return Some((
                    rule(PageStyleIr::Link, String::new(), String::new(), String::new()),
                    None,
                    item,
                ));
            }
            if let Some(offset) = param(OFFSET_PARAMS).filter(|(_, ty)| is_integer(ty)) {
                let total = pointer_of(field(TOTAL).filter(|f| is_integer(f.ty)));
                return Some((
                    rule(PageStyleIr::Offset, String::new(), has_more, total),
                    Some(at_param(offset)),
                    item,
                ));
            }
            if let Some(page) = param(PAGE_PARAMS).filter(|(_, ty)| is_integer(ty)) {
                let total = pointer_of(field(TOTAL_PAGES).filter(|f| is_integer(f.ty)));
                return Some((
                    rule(PageStyleIr::Number, String::new(), has_more, total),
                    Some(at_param(page)),
                    item,
                ));
            }
            None
        })();
        if found.is_none() && looks_paginated {
            let why = if items.is_none() {
                "no list of items in the response"
            } else {
                "no parameter or body property the next page's cursor, offset or page goes in"
            };
            self.warn(
                crate::error::WarningKind::Unpaginated,
                pointer,
                format!("looks paginated (a cursor, page or next parameter or field) but fits no rule ({why}): no page methods"),
            );
        }
        found.map(|(rule, cursor, item)| Found { rule, cursor, item })
    }

    /// Whether the operation's first 2xx response declares a `Link` header.
    fn declares_link_header(&self, op: &'a spec::Operation) -> bool {
        let Some(response) = self.first_success(op) else {
            return false;
        };
        response.headers.keys().any(|h| h.eq_ignore_ascii_case("link"))
    }
}

impl Lowerer<'_> {
    /// Whether items of this type are objects with an `id`.
    fn has_id(&self, item: &TypeRef) -> bool {
        let TypeRef::Named(id) = item else { return false };
        matches!(
            self.lowered(*id).map(|t| &t.kind),
            Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| f.wire_name() == Some("id"))
        )
    }
}

/// What a vendor extension declares.
struct Declared {
    style: PageStyleIr,
    items: String,
    next: String,
    /// The input the cursor, offset or page number goes in: a query parameter, else a request
    /// body property (none for a next URL).
    param: Option<String>,
}

/// A JSONPath (`$.data`, `$response.next_cursor`, `$response#/next`) as a JSON pointer.
fn pointer(path: &str) -> String {
    let rest = path
        .trim_start_matches("$response")
        .trim_start_matches("$request")
        .trim_start_matches('$')
        .trim_start_matches('#');
    if rest.starts_with('/') {
        return rest.to_owned();
    }
    rest.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| format!("/{s}"))
        .collect()
}

/// The rule a vendor extension on the operation declares, read leniently.
fn declared_rule(op: &spec::Operation) -> Option<Declared> {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(x) = &op.ms_pageable {
        let next = x.get("nextLinkName").and_then(Value::as_str)?;
        let items = text(x, "itemName").unwrap_or_else(|| "value".to_owned());
        return Some(Declared {
            style: PageStyleIr::Url,
            items: format!("/{items}"),
            next: format!("/{next}"),
            param: None,
        });
    }
    if op.dropshot_pagination.is_some() {
        return Some(Declared {
            style: PageStyleIr::Cursor,
            items: "/items".to_owned(),
            next: "/next_page".to_owned(),
            param: Some("page_token".to_owned()),
        });
    }
    if let Some(x) = &op.fern_pagination {
        let items = pointer(&text(x, "results")?);
        if let (Some(cursor), Some(next)) = (text(x, "cursor"), text(x, "next_cursor")) {
            return Some(Declared {
                style: PageStyleIr::Cursor,
                items,
                next: pointer(&next),
                param: Some(pointer(&cursor).trim_start_matches('/').to_owned()),
            });
        }
        let (style, name) = match (text(x, "offset"), text(x, "page")) {
            (Some(o), _) => (PageStyleIr::Offset, o),
            (None, Some(p)) => (PageStyleIr::Number, p),
            _ => return None,
        };
        // Fern's `offset` is a page number when the parameter is called so.
        let param = pointer(&name).trim_start_matches('/').to_owned();
        let style = if PAGE_PARAMS.contains(&param.as_str()) {
            PageStyleIr::Number
        } else {
            style
        };
        return Some(Declared {
            style,
            items,
            next: String::new(),
            param: Some(param),
        });
    }
    if let Some(x) = &op.speakeasy_pagination {
        let outputs = x.get("outputs")?;
        let items = pointer(&text(outputs, "results")?);
        let inputs = x.get("inputs").and_then(Value::as_array).cloned().unwrap_or_default();
        let input = |kind: &str| {
            inputs
                .iter()
                .find(|i| i.get("type").and_then(Value::as_str) == Some(kind))
                .and_then(|i| text(i, "name"))
        };
        return match text(x, "type").as_deref() {
            Some("cursor") => Some(Declared {
                style: PageStyleIr::Cursor,
                items,
                next: pointer(&text(outputs, "nextCursor")?),
                param: Some(input("cursor")?),
            }),
            Some("url") => Some(Declared {
                style: PageStyleIr::Url,
                items,
                next: pointer(&text(outputs, "nextUrl")?),
                param: None,
            }),
            Some("offsetLimit") => match (input("offset"), input("page")) {
                (Some(offset), _) => Some(Declared {
                    style: PageStyleIr::Offset,
                    items,
                    next: String::new(),
                    param: Some(offset),
                }),
                (None, Some(page)) => Some(Declared {
                    style: PageStyleIr::Number,
                    items,
                    next: String::new(),
                    param: Some(page),
                }),
                _ => None,
            },
            _ => None,
        };
    }
    None
}
