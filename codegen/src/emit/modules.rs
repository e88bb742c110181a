//! The modules a generated client has beside its methods: `testing` (the mock server, a method
//! per operation) and, for a spec with webhooks, `webhooks` (the typed event union).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_line, ident};
use crate::ir::*;

/// The `webhooks` module of a spec that declares webhooks (cargo feature `webhooks`): the
/// event union, decoded by the `type` a payload fixes (else the first payload that reads the
/// event, else `Other`), and, where the webhooks are signed by Standard Webhooks, `unwrap`.
pub(super) fn webhook_module(api: &Api, models: &super::Spell) -> TokenStream {
    if api.webhooks.is_empty() {
        return TokenStream::new();
    }
    let variants = api.webhooks.iter().map(|w| {
        let (v, ty) = (ident(&w.variant), models.ty(&w.payload));
        let doc = doc_line(&format!("The `{}` webhook.", w.name));
        quote!(#doc #v(#ty),)
    });
    let by_type = api.webhooks.iter().filter_map(|w| {
        let event_type = w.event_type.as_ref()?;
        let v = ident(&w.variant);
        Some(quote! {
            Some(#event_type) => return ::serde_json::from_value(value).map(Self::#v).map_err(|e| crate::runtime::webhooks::WebhookError::Decode(e.to_string())),
        })
    });
    let untyped: Vec<TokenStream> = api
        .webhooks
        .iter()
        .filter(|w| w.event_type.is_none())
        .map(|w| {
            let (v, ty) = (ident(&w.variant), models.ty(&w.payload));
            quote! {
                if let Ok(event) = ::serde_json::from_value::<#ty>(value.clone()) {
                    return Ok(Self::#v(event));
                }
            }
        })
        .collect();
    // Where events say their `type`, one of a type no webhook fixes is not another webhook's
    // payload read leniently: it is `Other`.
    let typed = api.webhooks.iter().any(|w| w.event_type.is_some());
    let untyped = match (untyped.is_empty(), typed) {
        (true, _) => TokenStream::new(),
        (false, true) => quote!(if event_type.is_none() { #(#untyped)* }),
        (false, false) => quote!(#(#untyped)*),
    };
    let unwrap = api.standard_webhooks.then(|| {
        quote! {
            /// Verifies the webhook by the Standard Webhooks scheme (`webhook-id`,
            /// `webhook-timestamp`, `webhook-signature`, a `whsec_` secret, five minutes'
            /// tolerance), then decodes it. Use a `WebhookVerifier` for another tolerance.
            pub fn unwrap(
                body: &[u8],
                headers: &crate::runtime::webhooks::HeaderMap,
                secret: &str,
            ) -> Result<Self, crate::runtime::webhooks::WebhookError> {
                crate::runtime::webhooks::WebhookVerifier::new(secret)?.verify(headers, body)?;
                Self::from_json(body)
            }
        }
    });
    quote! {
        /// The webhooks this API sends, typed (cargo feature `webhooks`).
        #[cfg(feature = "webhooks")]
        pub mod webhooks {
            /// A webhook event, by the webhook that sent it; `Other` keeps one this version does
            /// not know.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum WebhookEvent {
                #(#variants)*
                /// An event of no webhook the spec declares, kept as it came.
                Other(::serde_json::Value),
            }

            impl WebhookEvent {
                /// Decodes an event: by its `type` where a webhook's payload fixes one, else as
                /// the first webhook whose payload reads it, else as `Other`.
                pub fn from_json(body: &[u8]) -> Result<Self, crate::runtime::webhooks::WebhookError> {
                    let value: ::serde_json::Value = ::serde_json::from_slice(body)
                        .map_err(|e| crate::runtime::webhooks::WebhookError::Decode(e.to_string()))?;
                    let event_type = value.get("type").and_then(::serde_json::Value::as_str).map(str::to_owned);
                    #[allow(clippy::match_single_binding)]
                    match event_type.as_deref() {
                        #(#by_type)*
                        _ => {}
                    }
                    #untyped
                    Ok(Self::Other(value))
                }

                #unwrap
            }
        }
    }
}

/// The `testing` module (cargo feature `testing`): a loopback server playing the API, with a
/// method per operation that says what it answers.
pub(super) fn mock_module(api: &Api, models: &super::Spell) -> TokenStream {
    let methods = api.operations.iter().filter_map(|op| {
        let name = ident(op.mock.as_ref()?);
        let request = match &op.body {
            Some(b) if b.encoding == BodyEncoding::Json => models.ty(&b.ty),
            _ => quote!(()),
        };
        let response = match (&op.response, &op.stream) {
            (Some(ty), _) => models.ty(ty),
            (None, Some(stream)) => models.ty(&stream.event),
            (None, None) => quote!(::serde_json::Value),
        };
        let method = op.http_method.as_str().to_uppercase();
        let path = &op.path;
        let doc = doc_line(&format!(
            "What `{method} {path}` answers; also its calls and the requests it received."
        ));
        Some(super::gated_methods(
            &op.features,
            quote! {
                #doc
                pub fn #name(&self) -> crate::runtime::mock::OperationMock<'_, #request, #response> {
                    self.0.operation(#method, #path)
                }
            },
        ))
    });
    quote! {
        /// A loopback server that plays this API in your tests (cargo feature `testing`): start
        /// one, say what each operation answers, and point a client at it.
        ///
        /// ```text
        /// let mock = MockServer::start().await;
        /// mock.some_operation().respond(value).await;
        /// let client = mock.client();
        /// ```
        #[cfg(feature = "testing")]
        pub mod testing {
            /// A loopback server playing the API, one per test.
            #[derive(Debug)]
            pub struct MockServer(crate::runtime::mock::MockServer);

            impl MockServer {
                /// Starts one on a free port of 127.0.0.1.
                pub async fn start() -> Self {
                    Self(crate::runtime::mock::MockServer::start().await)
                }

                /// Its base URL.
                pub fn uri(&self) -> String {
                    self.0.uri()
                }

                /// A client builder aimed at it, with a test key (set retries, timeouts or a
                /// recording `retry_sleep` on it).
                pub fn client_builder(&self) -> crate::client::ClientBuilder {
                    crate::client::Client::builder().api_key("test-key").base_url(self.0.uri())
                }

                /// A client aimed at it.
                ///
                /// # Panics
                ///
                /// Only if the TLS backend cannot start (the server's URL and the key are valid).
                pub fn client(&self) -> crate::client::Client {
                    self.client_builder()
                        .build()
                        .unwrap_or_else(|e| panic!("a client for the mock server: {e}"))
                }

                #(#methods)*
            }
        }
    }
}
