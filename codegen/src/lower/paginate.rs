//! Pagination: which list operations page, and how. The vendor extensions that declare it
//! come first (`x-speakeasy-pagination`, `x-fern-pagination`, `x-dropshot-pagination`,
//! `x-ms-pageable`); otherwise the shapes real APIs use, each by a stated rule, on an operation
//! whose response holds a list of items (`data`, `items`, `results`, …, or its one array):
//!
//! - a next URL: a response field `next` (or `next_url`, `nextLink`, `next_page_url`);
//! - a cursor: an optional query parameter (`after`, `cursor`, `starting_after`, `page_token`,
//!   `pageToken`, `next_token`, `continuation_token`, `marker`) and a response field that gives
//!   the next one (`next_cursor`, `nextCursor`, `next_page_token`, `nextPageToken`, `last_id`,
//!   `next_token`, `continuation_token`, `next_page`), stopped by `has_more: false` too;
//! - an offset: an optional integer query parameter `offset` (or `skip`, `start`), moved on by
//!   the items read, stopped by an empty page or the `total`;
//! - a page number: an optional integer query parameter `page` (or `page_number`,
//!   `pageNumber`), stopped by an empty page or the total of pages.
//!
//! A response that is itself the array (Harbor's, Ory's) pages by offset or page number.
//!
//! An operation that looks paginated (a parameter or response field of those names) but fits
//! no rule is left as it is, with a warning at its pointer.

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
    "cursor",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
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
];
const HAS_MORE: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "start"];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const TOTAL: &[&str] = &["total", "total_count", "totalCount", "count"];
const TOTAL_PAGES: &[&str] = &["total_pages", "totalPages", "pages", "page_count"];

/// A response field by its wire name and type.
struct Field<'f> {
    wire: &'f str,
    ty: &'f TypeRef,
}

impl Lowerer<'_> {
    /// How the operation pages, if it does: the rule, the cursor's field in the parameters
    /// struct, and the item type. `None`, with a warning where it looks paginated.
    pub(super) fn pagination(
        &mut self,
        op: &spec::Operation,
        params: &[Param],
        options: Option<&ParamsStruct>,
        response: Option<&TypeRef>,
        pointer: &str,
    ) -> Option<(PageRuleIr, Option<String>, bool, TypeRef)> {
        let fields: Vec<Field> = match response {
            Some(TypeRef::Named(id)) => match self.types.iter().find(|t| t.id == *id).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s
                    .fields
                    .iter()
                    .filter_map(|f| {
                        Some(Field {
                            wire: f.wire_name()?,
                            ty: &f.ty,
                        })
                    })
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        // An optional query parameter of one of these names, with its field in the struct.
        let param = |names: &[&str]| -> Option<(String, TypeRef)> {
            let p = params
                .iter()
                .find(|p| p.location == ParamLocation::Query && !p.required && names.contains(&p.wire_name.as_str()))?;
            let field = options?.fields.iter().find(|f| f.param == p.rust_name)?;
            Some((field.field.clone(), p.ty.clone()))
        };
        let field = |names: &[&str]| fields.iter().find(|f| names.contains(&f.wire));
        let declared = declared_rule(op);
        let looks_paginated = declared.is_some()
            || param(CURSOR_PARAMS).is_some()
            || param(PAGE_PARAMS).is_some()
            || field(NEXT_CURSOR).is_some()
            || field(HAS_MORE).is_some();
        // A list answered as a bare array pages by offset or page number alone.
        let bare = match response {
            Some(TypeRef::Vec(inner)) => Some((**inner).clone()),
            _ => None,
        };
        let items = declared
            .as_ref()
            .map(|d| d.items.clone())
            .or_else(|| bare.as_ref().map(|_| String::new()))
            .or_else(|| {
                let named = fields
                    .iter()
                    .find(|f| ITEMS.contains(&f.wire) && matches!(f.ty, TypeRef::Vec(_)));
                let arrays: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, TypeRef::Vec(_))).collect();
                named
                    .or(match arrays.as_slice() {
                        [one] => Some(one),
                        _ => None,
                    })
                    .map(|f| format!("/{}", f.wire))
            });
        let item_ty = bare.clone().or_else(|| {
            items.as_ref().and_then(|pointer| {
                let wire = pointer.trim_start_matches('/');
                match fields.iter().find(|f| f.wire == wire)?.ty {
                    TypeRef::Vec(inner) => Some((**inner).clone()),
                    _ => None,
                }
            })
        });
        let pointer_of = |f: Option<&Field>| f.map(|f| format!("/{}", f.wire)).unwrap_or_default();
        let is_integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64);
        let is_string = |ty: &TypeRef| matches!(ty, TypeRef::String);
        let found = (|| {
            let items = items.clone()?;
            let item = item_ty.clone().unwrap_or(TypeRef::Json);
            if let Some(d) = &declared {
                let cursor = match d.param.as_deref() {
                    Some(name) => Some(param(&[name])?),
                    None => None,
                };
                let integer = cursor.as_ref().is_some_and(|(_, ty)| is_integer(ty));
                let rule = PageRuleIr {
                    style: d.style,
                    items,
                    next: d.next.clone(),
                    has_more: pointer_of(field(HAS_MORE)),
                    total: String::new(),
                    start: if d.style == PageStyleIr::Number { 1 } else { 0 },
                };
                return Some((rule, cursor.map(|(f, _)| f), integer, item));
            }
            let next_url = field(NEXT_URL).filter(|f| is_string(f.ty));
            // A `page` that is text is a cursor too (OpenAI's usage lists).
            let cursor = param(CURSOR_PARAMS)
                .filter(|(_, ty)| is_string(ty))
                .or_else(|| param(PAGE_PARAMS).filter(|(_, ty)| is_string(ty)));
            let next_cursor = field(NEXT_CURSOR).filter(|f| is_string(f.ty) || is_integer(f.ty));
            let has_more = pointer_of(field(HAS_MORE));
            if let (Some((cursor, _)), Some(next)) = (&cursor, next_cursor) {
                let rule = PageRuleIr {
                    style: PageStyleIr::Cursor,
                    items,
                    next: format!("/{}", next.wire),
                    has_more,
                    total: String::new(),
                    start: 0,
                };
                return Some((rule, Some(cursor.clone()), false, item));
            }
            // OpenAI's other lists: `after` and `has_more`, the next cursor being the last item's
            // `id`.
            if let (Some((cursor, _)), false, true) = (&cursor, has_more.is_empty(), self.has_id(&item)) {
                let rule = PageRuleIr {
                    style: PageStyleIr::Cursor,
                    items,
                    next: "last:/id".to_owned(),
                    has_more,
                    total: String::new(),
                    start: 0,
                };
                return Some((rule, Some(cursor.clone()), false, item));
            }
            if let Some(next) = next_url {
                let rule = PageRuleIr {
                    style: PageStyleIr::Url,
                    items,
                    next: format!("/{}", next.wire),
                    has_more,
                    total: String::new(),
                    start: 0,
                };
                return Some((rule, None, false, item));
            }
            if let Some((offset, _)) = param(OFFSET_PARAMS).filter(|(_, ty)| is_integer(ty)) {
                let rule = PageRuleIr {
                    style: PageStyleIr::Offset,
                    items,
                    next: String::new(),
                    has_more,
                    total: pointer_of(field(TOTAL).filter(|f| is_integer(f.ty))),
                    start: 0,
                };
                return Some((rule, Some(offset), true, item));
            }
            if let Some((page, _)) = param(PAGE_PARAMS).filter(|(_, ty)| is_integer(ty)) {
                let rule = PageRuleIr {
                    style: PageStyleIr::Number,
                    items,
                    next: String::new(),
                    has_more,
                    total: pointer_of(field(TOTAL_PAGES).filter(|f| is_integer(f.ty))),
                    start: 1,
                };
                return Some((rule, Some(page), true, item));
            }
            None
        })();
        if found.is_none() && looks_paginated {
            self.warn(
                crate::error::WarningKind::Unpaginated,
                pointer,
                "looks paginated (a cursor, page or next parameter or field) but fits no rule: no page methods",
            );
        }
        found
    }
}

impl Lowerer<'_> {
    /// Whether items of this type are objects with an `id`.
    fn has_id(&self, item: &TypeRef) -> bool {
        let TypeRef::Named(id) = item else { return false };
        matches!(
            self.types.iter().find(|t| t.id == *id).map(|t| &t.kind),
            Some(TypeKind::Struct(s)) if s.fields.iter().any(|f| f.wire_name() == Some("id"))
        )
    }
}

/// What a vendor extension declares.
struct Declared {
    style: PageStyleIr,
    items: String,
    next: String,
    /// The query parameter the cursor, offset or page number goes in (none for a next URL).
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
                .find(|i| {
                    i.get("type").and_then(Value::as_str) == Some(kind)
                        && i.get("in").and_then(Value::as_str) != Some("requestBody")
                })
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
