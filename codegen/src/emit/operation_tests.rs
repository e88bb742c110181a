//! The operation tests (`--tests`): one test per operation that calls it against a mock of
//! the spec with the samples lowering chose, and passes only when the typed result decodes (an
//! operation that starts a task also reads the task once).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{cfg_attr, ident};
use crate::ir::*;

/// The `operation_tests` module.
pub fn operation_tests(api: &Api, env_prefix: &str) -> TokenStream {
    let models = super::Spell {
        types: &api.types,
        prefix: quote!(crate::models::),
    };
    let tests: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| {
            let test = operation_test(op, &models)?;
            let cfg = (!op.features.is_empty()).then(|| cfg_attr(&op.features));
            Some(quote! {
                #cfg
                #test
            })
        })
        .collect();
    let skipped: Vec<String> = api
        .operations
        .iter()
        .filter_map(|op| match &op.test {
            OperationTest::Skip(reason) => Some(format!(" - `{}`: {reason}", op.id)),
            OperationTest::Call(_) => None,
        })
        .collect();
    let skipped_doc = (!skipped.is_empty()).then(|| {
        let lines = std::iter::once(" Not exercised:".to_owned()).chain(skipped);
        let lines = lines.map(|l| quote!(#![doc = #l]));
        quote!(#![doc = ""] #(#lines)*)
    });
    let base_url = format!("{env_prefix}_BASE_URL");
    let intro = format!(
        " One test per operation, run against a mock of the spec (`prism mock --errors SPEC`) that \
         `{base_url}` points at: each sends the samples the generator chose for the required \
         parameters and the body, and passes only when the response decodes as the method's type."
    );
    // A choice of features may leave out every test that calls it.
    let allow = (!api.features.is_empty()).then(|| quote!(#[allow(dead_code)]));
    let mock_client = (!tests.is_empty()).then(|| {
        quote! {
            /// The client, configured from the environment to reach the mock.
            #allow
            fn mock_client() -> crate::client::Client {
                crate::runtime::testing::mock_client(crate::client::Client::builder(), #env_prefix)
            }
        }
    });
    quote! {
        #![doc = #intro]
        #skipped_doc

        #mock_client

        #(#tests)*
    }
}

/// The test of one operation, or `None` when it is not exercised.
fn operation_test(op: &Operation, models: &super::Spell) -> Option<TokenStream> {
    let OperationTest::Call(samples) = &op.test else {
        return None;
    };
    let sample = |value: &serde_json::Value| Literal::string(&value.to_string());
    let mut lets = Vec::new();
    let mut args = Vec::new();
    let param_arg = |p: &Param, lets: &mut Vec<TokenStream>| -> TokenStream {
        let name = ident(&p.rust_name);
        let ty = models.ty(&p.ty);
        let json = sample(samples.params.get(&p.rust_name).unwrap_or(&serde_json::Value::Null));
        lets.push(quote!(let #name: #ty = crate::runtime::testing::sample(#json);));
        if super::client::by_value(&p.ty) {
            quote!(#name)
        } else {
            quote!(&#name)
        }
    };
    let in_struct = |p: &Param| {
        op.options_struct
            .as_ref()
            .is_some_and(|s| s.fields.iter().any(|f| f.param == p.rust_name))
    };
    // In the methods' order: path parameters, the body, the other required parameters, then
    // the struct of the optional ones.
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        args.push(param_arg(p, &mut lets));
    }
    if let Some(body) = &op.body {
        let name = ident(&op.locals.body);
        let arg = match (&samples.body, &body.encoding) {
            (None, _) => quote!(None),
            (Some(value), BodyEncoding::Json | BodyEncoding::Form { .. }) => {
                let ty = models.ty(&body.ty);
                let json = sample(value);
                lets.push(quote!(let #name: #ty = crate::runtime::testing::sample(#json);));
                quote!(&#name)
            }
            (Some(value), BodyEncoding::Multipart { fields, .. }) => {
                let parts = multipart_parts(value, fields);
                lets.push(quote!(let #name = crate::runtime::Multipart::new() #(#parts)*;));
                quote!(&#name)
            }
            (Some(value), BodyEncoding::Raw(_)) => {
                let bytes = match value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let bytes = Literal::byte_string(bytes.as_bytes());
                lets.push(quote!(let #name = ::bytes::Bytes::from_static(#bytes);));
                quote!(#name)
            }
        };
        args.push(match (body.required, samples.body.is_some()) {
            (true, _) | (false, false) => arg,
            (false, true) => quote!(Some(#arg)),
        });
    }
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path && !in_struct(p))
    {
        args.push(param_arg(p, &mut lets));
    }
    if let Some(s) = &op.options_struct {
        let (arg, ty) = (ident(&s.arg), ident(&s.name));
        // The optional parameters lowering chose to send, each through its setter.
        let mut set = Vec::new();
        for name in &samples.optional {
            let (Some(p), Some(field)) = (
                op.params.iter().find(|p| &p.rust_name == name),
                s.fields.iter().find(|f| &f.param == name),
            ) else {
                continue;
            };
            let (ty, setter) = (models.ty(&p.ty), ident(&field.setter));
            let json = sample(samples.params.get(name).unwrap_or(&serde_json::Value::Null));
            set.push(quote!(.#setter(crate::runtime::testing::sample::<#ty>(#json))));
        }
        lets.push(quote!(let #arg = crate::client::#ty::default() #(#set)*;));
        args.push(quote!(&#arg));
    }
    let (test_name, call) = match (&op.call, &op.stream) {
        // A list is read two pages deep: a static mock answers the same page again, which the
        // paginator must stop at rather than loop on.
        (Some(call), _) if op.pagination.is_some() => {
            let method = ident(&call.plain);
            let pages = ident(
                &op.pagination
                    .as_ref()
                    .map(|p| p.pages_method.clone())
                    .unwrap_or_default(),
            );
            let follows_links = op
                .pagination
                .as_ref()
                .is_some_and(|p| matches!(p.rule.style, PageStyleIr::Url | PageStyleIr::Link));
            let call = quote! {
                let mut pages = self::mock_client().#pages(#(#args),*);
                crate::runtime::testing::check(pages.next().await.unwrap_or_else(|| panic!("no first page")));
                crate::runtime::testing::check_page(pages.next().await, #follows_links);
            };
            (method, call)
        }
        // A task is started and read once: a static mock answers the same status forever, so
        // waiting on it would only run into the timeout.
        (Some(call), _)
            if op
                .task
                .as_ref()
                .is_some_and(|t| !t.poll_method.is_empty() && t.poll_features == op.features) =>
        {
            let method = ident(&call.plain);
            let task_method = ident(&op.task.as_ref().map(|t| t.method.clone()).unwrap_or_default());
            let call = quote! {
                let task = crate::runtime::testing::check(self::mock_client().#task_method(#(#args),*).await);
                crate::runtime::testing::check(task.status().await);
            };
            (method, call)
        }
        (Some(call), _) => {
            let method = ident(&call.plain);
            let call = quote! {
                crate::runtime::testing::check(self::mock_client().#method(#(#args),*).await);
            };
            (method, call)
        }
        (None, Some(stream)) => {
            let method = ident(&stream.methods.plain);
            // Shadowing is safe: the arguments are used up before the stream is bound.
            let call = quote! {
                let mut stream = crate::runtime::testing::check(self::mock_client().#method(#(#args),*).await);
                while let Some(event) = stream.next().await {
                    crate::runtime::testing::check(event);
                }
            };
            (method, call)
        }
        (None, None) => return None,
    };
    Some(quote! {
        #[tokio::test]
        async fn #test_name() {
            #(#lets)*
            #call
        }
    })
}

/// The parts of a multipart sample: a file part for each file field, a text part for each
/// other (an array gives one part per item).
fn multipart_parts(value: &serde_json::Value, fields: &[FormField]) -> Vec<TokenStream> {
    let serde_json::Value::Object(map) = value else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for (name, value) in map {
        let file = fields.iter().any(|f| &f.name == name && f.file);
        let items = match value {
            serde_json::Value::Array(items) if !items.is_empty() => items.clone(),
            other => vec![other.clone()],
        };
        for item in items {
            let text = match &item {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            parts.push(if file {
                let bytes = Literal::byte_string(text.as_bytes());
                quote!(.file(#name, "sample.bin", "application/octet-stream", ::bytes::Bytes::from_static(#bytes)))
            } else {
                quote!(.text(#name, #text))
            });
        }
    }
    parts
}
