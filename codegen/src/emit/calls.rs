//! The methods an operation gets beside its call: a list's `_pages` and `_items`, a task's
//! handle (`_task`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{doc_line, ident};
use crate::ident::unraw;
use crate::ir::*;

/// How a method's argument is held for calls made later (the pages of a list): a value that
/// is copied, a borrow kept as its owned form and lent again, or an `Option` of a borrow, lent
/// again with `as_deref` (text, lists) or `as_ref`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kept {
    Copied,
    Lent,
    MaybeDeref,
    MaybeRef,
}

/// A list's `_pages` and `_items` methods: the call's arguments, kept (owned) for every page's
/// request, with only the cursor, offset, page number or URL changed from page to page.
// The call's parts, its arguments three ways (declared, named, kept), and the spelling of types.
#[allow(clippy::too_many_arguments)]
pub(super) fn paged_methods(
    op: &Operation,
    pagination: &Pagination,
    call: &MethodNames,
    page: TokenStream,
    args: &[TokenStream],
    arg_names: &[TokenStream],
    kept: &[Kept],
    models: &super::Spell,
) -> TokenStream {
    let (pages, items, with) = (
        ident(&pagination.pages_method),
        ident(&pagination.items_method),
        ident(&call.with_options),
    );
    let item = models.ty(&pagination.item);
    let rule = &pagination.rule;
    let style = Ident::new(
        match rule.style {
            PageStyleIr::Cursor => "Cursor",
            PageStyleIr::Offset => "Offset",
            PageStyleIr::Number => "Number",
            PageStyleIr::Url => "Url",
            PageStyleIr::Link => "Link",
        },
        Span::call_site(),
    );
    let (items_at, next, has_more, total) = (&rule.items, &rule.next, &rule.has_more, &rule.total);
    let start = proc_macro2::Literal::u64_unsuffixed(rule.start);
    // Each argument kept owned for the pages to come, then lent to every page's call.
    let owned = arg_names.iter().zip(kept).map(|(name, kept)| match kept {
        Kept::Copied | Kept::Lent => quote!(let #name = #name.to_owned();),
        Kept::MaybeDeref | Kept::MaybeRef => quote!(let #name = #name.map(|v| v.to_owned());),
    });
    let cloned = arg_names.iter().map(|name| quote!(let #name = #name.clone();));
    let lent = arg_names.iter().zip(kept).map(|(name, kept)| match kept {
        Kept::Copied => quote!(#name),
        Kept::Lent => quote!(&#name),
        Kept::MaybeDeref => quote!(#name.as_deref()),
        Kept::MaybeRef => quote!(#name.as_ref()),
    });
    let params_name = op.options_struct.as_ref().map(|s| ident(&s.arg));
    let body_arg = ident(&op.locals.body).to_string();
    let body_name = op.body.as_ref().and_then(|_| {
        arg_names
            .iter()
            .zip(kept)
            .find(|(name, _)| name.to_string() == body_arg)
            .map(|(name, kept)| (name.clone(), kept))
    });
    let set_cursor = match (&pagination.cursor, &params_name, &body_name) {
        (Some(CursorAt::Param { field, integer }), Some(params), _) => {
            let field = ident(field);
            let set = if *integer {
                quote! {
                    match &cursor {
                        crate::runtime::PageCursor::Offset(n) | crate::runtime::PageCursor::Number(n) => #params.#field = Some(*n as _),
                        other => if let Some(t) = other.as_text() { #params.#field = t.parse().ok() },
                    }
                }
            } else {
                quote! {
                    if let Some(t) = cursor.as_text() {
                        #params.#field = Some(t.into());
                    }
                }
            };
            quote!(let mut #params = #params; #set)
        }
        // The body's cursor property, set through JSON so it keeps the server's value and type.
        (Some(CursorAt::Body { wire }), _, Some((body, kept))) => match kept {
            Kept::Lent => quote! {
                let #body = crate::runtime::with_body_cursor(#body, #wire, &cursor);
            },
            _ => quote! {
                let #body = crate::runtime::with_optional_body_cursor(#body, #wire, &cursor);
            },
        },
        _ => TokenStream::new(),
    };
    // A body whose cursor was set is a `Result` until the page's future reads it.
    let body_ready = match (&pagination.cursor, &body_name) {
        (Some(CursorAt::Body { .. }), Some((body, _))) => quote!(let #body = #body?;),
        _ => TokenStream::new(),
    };
    let starting_at = match (&pagination.cursor, &params_name) {
        (Some(CursorAt::Param { field, integer: true }), Some(params)) => {
            let field = ident(field);
            quote!(#params.#field.map(|n| n as u64))
        }
        _ => quote!(None),
    };
    // Lists whose way on is a header read each response's headers too.
    let linked = rule.style == PageStyleIr::Link;
    let (constructor, future, call_with, follow) = if linked {
        (
            quote!(with_meta),
            quote!(PageWithMetaFuture),
            ident(&call.with_response),
            quote!(execute_json_with_meta),
        )
    } else {
        (quote!(new), quote!(PageFuture), with.clone(), quote!(execute_json))
    };
    let url = matches!(rule.style, PageStyleIr::Url | PageStyleIr::Link).then(|| {
        quote! {
            if let crate::runtime::PageCursor::Url(url) = &cursor {
                let path = client.runtime.page_path(url);
                return client
                    .runtime
                    .#follow(crate::runtime::RequestParts::new(crate::runtime::Method::GET, path), None::<&()>, &crate::runtime::RequestOptions::default())
                    .await;
            }
        }
    });
    let pages_doc = doc_line(&format!(
        "Like [`{}`](Self::{}), as a stream of every page, each request keeping these arguments and moving only the cursor; stops at the last page, and with `Error::Pagination` where the list does not advance.",
        call.plain,
        unraw(&call.plain)
    ));
    let items_doc = doc_line(&format!(
        "The items of every page of [`{}`](Self::{}), one at a time.",
        pagination.pages_method,
        unraw(&pagination.pages_method)
    ));
    quote! {
        #pages_doc
        pub fn #pages(&self, #(#args),*) -> crate::runtime::Pages<#page> {
            const RULE: crate::runtime::PageRule = crate::runtime::PageRule {
                style: crate::runtime::PageStyle::#style,
                items: #items_at,
                next: #next,
                has_more: #has_more,
                total: #total,
                start: #start,
            };
            let client = self.clone();
            #(#owned)*
            let start = #starting_at;
            crate::runtime::Pages::#constructor(&RULE, move |cursor: crate::runtime::PageCursor| {
                let client = client.clone();
                #(#cloned)*
                #set_cursor
                Box::pin(async move {
                    #url
                    #body_ready
                    client.#call_with(#(#lent,)* &crate::runtime::RequestOptions::default()).await
                }) as crate::runtime::#future<#page>
            })
            .starting_at(start)
        }

        #items_doc
        pub fn #items(&self, #(#args),*) -> crate::runtime::Items<#page, #item> {
            self.#pages(#(#arg_names),*).items()
        }
    }
}

/// The method that starts a task and returns its handle, gated also by the features of the
/// operation that reads it.
pub(super) fn task_method(
    task: &TaskLink,
    start: &str,
    started: TokenStream,
    args: &[TokenStream],
    arg_names: &[TokenStream],
    poll_features: Option<&[String]>,
    models: &super::Spell,
) -> TokenStream {
    let (name, start_ident, poll) = (ident(&task.method), ident(start), ident(&task.poll_method));
    let polled = models.ty(&task.poll_response);
    let rule = &task.rule;
    let (status, succeeded, failed) = (&rule.status, &rule.succeeded, &rule.failed);
    let (result, reason, progress, id_from) = (&rule.result, &rule.reason, &rule.progress, &task.id_from);
    let interval = match rule.interval_ms {
        Some(ms) => {
            let ms = proc_macro2::Literal::u64_unsuffixed(ms);
            quote!(::std::time::Duration::from_millis(#ms))
        }
        None => quote!(crate::runtime::DEFAULT_TASK_INTERVAL),
    };
    let poll_args = task.poll_args.iter().map(|arg| match arg {
        PollArg::TaskId => quote!(&id),
        PollArg::Text(text) => quote!(#text),
        PollArg::Variant(ty, variant) => {
            let (ty, variant) = (models.ty(ty), ident(variant));
            quote!(&#ty::#variant)
        }
    });
    let doc = doc_line(&format!(
        "Like [`{start}`](Self::{}), returning a handle on the task it starts: \
         [`wait`](crate::runtime::Task::wait) reads it with [`{poll}`](Self::{}) until its status is final, \
         [`status`](crate::runtime::Task::status) reads it once.",
        unraw(start),
        unraw(&task.poll_method),
        poll = task.poll_method,
    ));
    let poll_gate = poll_features
        .filter(|f| !f.is_empty())
        .map(|features| quote!(#[cfg(any(#(feature = #features),*))]));
    quote! {
        #poll_gate
        #doc
        pub async fn #name(&self, #(#args),*) -> Result<crate::runtime::Task<#started, #polled>, crate::runtime::Error> {
            const RULE: crate::runtime::TaskRule = crate::runtime::TaskRule {
                status: &[#(#status),*],
                succeeded: &[#(#succeeded),*],
                failed: &[#(#failed),*],
                result: &[#(#result),*],
                reason: &[#(#reason),*],
                progress: &[#(#progress),*],
                interval: #interval,
            };
            let started = self.#start_ident(#(#arg_names),*).await?;
            let id = crate::runtime::task_id(&started, &[#(#id_from),*])?;
            let client = self.clone();
            let poll: crate::runtime::PollFn<#polled> = ::std::sync::Arc::new(move |id: String| {
                let client = client.clone();
                Box::pin(async move {
                    client.#poll(#(#poll_args,)* &crate::runtime::RequestOptions::default()).await
                })
            });
            Ok(crate::runtime::Task::new(self.runtime.clone(), started, id, &RULE, poll))
        }
    }
}
