//! The client module: the API facts, the constructors that hand them to the runtime, and a
//! method (with its `_with` and `_with_response` forms, and streaming ones) per operation.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{doc_line, docs, ident};
use crate::ident::unraw;
use crate::ir::*;

/// The `client` module: the API facts the runtime needs, the constructors that hand them over,
/// and one method per operation.
pub fn client(api: &Api, env_prefix: &str) -> TokenStream {
    let base_url = api.server_url.clone().unwrap_or_default();
    let path_prefix = api.path_prefix.clone().unwrap_or_default();
    let auth = auth_tokens(&api.auth);
    let also = credentials_tokens(&api.also_auth);
    let credentials = credentials_tokens(&api.credentials);
    let models = super::Spell {
        types: &api.types,
        prefix: quote!(crate::models::),
    };
    let methods = api
        .operations
        .iter()
        .map(|op| super::gated_methods(&op.features, emit_operation(op, &models)));
    let params_structs = api.operations.iter().filter_map(|op| {
        let params = emit_params_struct(op, op.options_struct.as_ref()?, &models);
        Some(super::gated_items(&op.features, params))
    });
    let bad_url = "a base URL that cannot work (not `http://` or `https://`, or with a query)";
    let key_rule = match api.auth {
        Auth::None => format!(
            "The key is optional, since the spec declares no scheme that takes one; {bad_url} is `Error::Config`."
        ),
        Auth::Basic => format!(
            "`{env_prefix}_API_KEY` holds `user:password` for HTTP Basic authentication; one that is missing, empty or blank is `Error::Config`, as is {bad_url}."
        ),
        _ => format!("A `{env_prefix}_API_KEY` that is missing, empty or blank is `Error::Config`, as is {bad_url}."),
    };
    let prefix_rule = match &api.path_prefix {
        Some(prefix) => format!(
            " A base URL with a path of its own (`…{prefix}`, as OpenAI SDKs take it, or another compatible server's `…/v1beta/openai`) is the API's root: `{prefix}`, the API's root segment, is not added to it, and a path outside it goes to the base URL's host."
        ),
        None => String::new(),
    };
    // Credentials beside the key, each named, with where `from_env` reads it.
    let credentials_rule: String = api
        .credentials
        .iter()
        .map(|c| {
            format!(
                "\n\nThe `{}` credential, which operations send beside the key, comes from `{env_prefix}_{}` (or the builder's `credential(\"{}\", …)`).",
                c.name, c.env, c.name
            )
        })
        .collect();
    let from_env_doc = docs(Some(&format!(
        "A client configured from `{env_prefix}_API_KEY` and, if set, `{env_prefix}_BASE_URL`.\n\n\
         {key_rule}{prefix_rule}{credentials_rule}"
    )));
    let mock = super::modules::mock_module(api, &models);
    let webhooks = super::modules::webhook_module(api, &models);
    let title = &api.title;
    let client_doc = doc_line(&format!(
        "A client for {title}: one method per operation of the spec. Cheap to clone; clones share connections."
    ));
    quote! {
        //! The client: the API facts the runtime needs, and one method per operation of the spec.

        /// What the runtime needs to know about this API.
        const API: crate::runtime::ApiInfo = crate::runtime::ApiInfo {
            base_url: #base_url,
            env_prefix: #env_prefix,
            auth: #auth,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "-rust/", ::std::env!("CARGO_PKG_VERSION")),
            path_prefix: #path_prefix,
            also: #also,
            credentials: #credentials,
        };

        #client_doc
        ///
        /// What every call shares (configuration, retries, timeouts, streaming) is the runtime's
        /// client inside it, which [`Client::runtime`] returns.
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: crate::runtime::Client,
        }

        /// Builds a [`Client`] with non-default settings: `api_key`, `base_url`, `timeout`,
        /// `connect_timeout`, `max_retries`, `header`, `http_client`, the limits and `build`,
        /// documented on the runtime's [`ClientBuilder`](crate::runtime::ClientBuilder).
        pub type ClientBuilder = crate::runtime::ClientBuilder<Client>;

        impl ::std::convert::From<crate::runtime::Client> for Client {
            fn from(runtime: crate::runtime::Client) -> Self {
                Client { runtime }
            }
        }

        impl Client {
            /// A client with this API key and the default settings.
            ///
            /// # Panics
            ///
            /// Only if the TLS backend cannot start, as `reqwest::Client::new` does; use
            /// [`Client::builder`] to get that as an error instead.
            pub fn new(api_key: impl Into<String>) -> Self {
                crate::runtime::Client::new_for_api(&API, api_key).into()
            }

            #from_env_doc
            pub fn from_env() -> Result<Self, crate::runtime::Error> {
                crate::runtime::Client::from_env_for_api(&API).map(Self::from)
            }

            /// A builder for a client with non-default settings.
            pub fn builder() -> ClientBuilder {
                crate::runtime::ClientBuilder::for_api(&API)
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.runtime.base_url()
            }

            /// The runtime's client that this one sends through. Its `execute_*` methods reach
            /// endpoints the spec does not describe yet, with the same configuration.
            pub fn runtime(&self) -> &crate::runtime::Client {
                &self.runtime
            }

            #(#methods)*
        }

        #(#params_structs)*

        #mock

        #webhooks
    }
}

/// The runtime's `AuthScheme` for an IR `Auth`.
fn auth_tokens(auth: &Auth) -> TokenStream {
    match auth {
        Auth::None => quote!(crate::runtime::AuthScheme::None),
        Auth::Bearer => quote!(crate::runtime::AuthScheme::Bearer),
        Auth::Basic => quote!(crate::runtime::AuthScheme::Basic),
        Auth::Header(h) => quote!(crate::runtime::AuthScheme::Header(#h)),
        Auth::Query(q) => quote!(crate::runtime::AuthScheme::Query(#q)),
        Auth::Cookie(c) => quote!(crate::runtime::AuthScheme::Cookie(#c)),
    }
}

/// The runtime's `Credential`s for credentials beside the key, as a slice.
fn credentials_tokens(credentials: &[NamedAuth]) -> TokenStream {
    let each = credentials.iter().map(|c| {
        let (name, env, scheme) = (&c.name, &c.env, auth_tokens(&c.auth));
        quote!(crate::runtime::Credential { name: #name, env: #env, scheme: #scheme })
    });
    quote!(&[#(#each),*])
}

/// Whether a parameter of this type is passed by value (a scalar) rather than by reference.
pub(super) fn by_value(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F64
    )
}

pub(super) fn param_arg_type(p: &Param, models: &super::Spell) -> TokenStream {
    let inner = match &p.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = models.ty(item);
            quote!(&[#item])
        }
        other if by_value(other) => models.ty(other),
        other => {
            let t = models.ty(other);
            quote!(&#t)
        }
    };
    if p.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The request path: a literal, or pieces joined with each path parameter percent-encoded.
pub(super) fn path_tokens(op: &Operation) -> TokenStream {
    // Joined with `concat` rather than `format!`, so the generated code reads plainly.
    let mut pieces: Vec<TokenStream> = op
        .path_template
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => quote!(#text),
            PathPiece::Param(name) => {
                let n = ident(name);
                quote!(&crate::runtime::path_segment(&#n)?)
            }
        })
        .collect();
    match op.path_template.as_slice() {
        [] => return quote!(""),
        [PathPiece::Literal(text)] => return quote!(#text),
        // The first piece fixes the array's element type as `&str`.
        [PathPiece::Param(_), ..] => pieces.insert(0, quote!("")),
        _ => {}
    }
    quote!([#(#pieces),*].concat())
}

/// The struct of an operation's optional parameters, with `Default` and a setter each.
pub(super) fn emit_params_struct(op: &Operation, p: &ParamsStruct, models: &super::Spell) -> TokenStream {
    let name = ident(&p.name);
    let doc = doc_line(&format!(
        "The optional parameters of [`Client::{}`]; `Default` sets none, and each `with_*` sets one.",
        unraw(
            op.call
                .as_ref()
                .map_or_else(|| op.stream.as_ref().map_or("", |s| &s.methods.plain), |c| &c.plain)
        )
    ));
    let fields = p.fields.iter().filter_map(|f| {
        let param = op.params.iter().find(|param| param.rust_name == f.param)?;
        let n = ident(&f.field);
        let ty = models.ty(&param.ty);
        let pdoc = docs(param.docs.as_deref());
        Some(quote! { #pdoc pub #n: Option<#ty>, })
    });
    let setters = p.fields.iter().filter_map(|f| {
        let param = op.params.iter().find(|param| param.rust_name == f.param)?;
        let (n, setter) = (ident(&f.field), ident(&f.setter));
        let ty = models.ty(&param.ty);
        let kind = if f.into { quote!(into) } else { quote!(set) };
        Some(super::row(quote!(#kind #setter(#n: #ty))))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        crate::runtime::setters!(#name { #(#setters),* });
    }
}

/// The runtime's `QueryStyle` variant for a style.
fn query_style(style: ParamStyle, explode: bool) -> TokenStream {
    match style {
        ParamStyle::Form => quote!(Form { explode: #explode }),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Json => quote!(Json),
    }
}

/// The fields of a multipart body, listed in the method's docs since the method takes a
/// `Multipart` the caller fills.
pub(super) fn form_fields_doc(op: &Operation) -> String {
    let Some(Body {
        encoding: BodyEncoding::Multipart { fields, media_type },
        ..
    }) = &op.body
    else {
        return String::new();
    };
    let (media, whole, each) = match media_type {
        None => ("multipart/form-data", "form", "fields"),
        Some(media) => (media.as_str(), "message", "parts"),
    };
    let mut text = format!("\n\nThe body is a `{media}` {whole}");
    if fields.is_empty() {
        return text + ".";
    }
    text += &format!(" with these {each}:\n");
    for f in fields {
        let kind = match (f.file, f.required) {
            (true, true) => "file, required",
            (true, false) => "file",
            (false, true) => "required",
            (false, false) => "optional",
        };
        let about = f
            .docs
            .as_deref()
            .map(|d| format!(": {}", d.lines().next().unwrap_or_default()))
            .unwrap_or_default();
        text += &format!("\n- `{}` ({kind}){about}", f.name);
    }
    text
}

pub(super) fn emit_operation(op: &Operation, models: &super::Spell) -> TokenStream {
    let route = format!("`{} {}`", op.http_method, op.path);
    let params_struct = op.options_struct.as_ref();
    let fields = form_fields_doc(op);
    let doc = match &op.docs {
        Some(text) => docs(Some(&format!("{text}{fields}\n\n{route}"))),
        None => docs(Some(&format!("{route}{fields}"))),
    };
    let method = Ident::new(op.http_method.as_str(), Span::call_site());
    let locals = &op.locals;
    let (parts, options, body_arg) = (ident(&locals.parts), ident(&locals.options), ident(&locals.body));

    // Arguments in order: path parameters, the body, the required query, header and cookie
    // parameters, then the struct of the optional ones.
    let struct_field = |p: &Param| {
        params_struct.and_then(|s| {
            Some((
                ident(&s.arg),
                ident(&s.fields.iter().find(|f| f.param == p.rust_name)?.field),
            ))
        })
    };
    let in_struct = |p: &Param| struct_field(p).is_some();
    let path_params = op.params.iter().filter(|p| p.location == ParamLocation::Path);
    let other_params: Vec<&Param> = op.params.iter().filter(|p| p.location != ParamLocation::Path).collect();
    let positional: Vec<&Param> = other_params.iter().copied().filter(|p| !in_struct(p)).collect();
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    let mut kept = Vec::new();
    let param_arg = |p: &Param| {
        let n = ident(&p.rust_name);
        let t = param_arg_type(p, models);
        let k = match (
            by_value(&p.ty),
            p.required,
            matches!(p.ty, TypeRef::String | TypeRef::Vec(_)),
        ) {
            (true, _, _) => super::calls::Kept::Copied,
            (false, true, _) => super::calls::Kept::Lent,
            (false, false, true) => super::calls::Kept::MaybeDeref,
            (false, false, false) => super::calls::Kept::MaybeRef,
        };
        (quote!(#n: #t), quote!(#n), k)
    };
    let body_arg_tokens = op.body.as_ref().map(|body| {
        let t = match &body.encoding {
            BodyEncoding::Json | BodyEncoding::Form { .. } => {
                let t = models.ty(&body.ty);
                quote!(&#t)
            }
            BodyEncoding::Multipart { .. } => quote!(&crate::runtime::Multipart),
            BodyEncoding::Raw(_) => quote!(::bytes::Bytes),
        };
        let k = match (&body.encoding, body.required) {
            (BodyEncoding::Raw(_), _) => super::calls::Kept::Copied,
            (_, true) => super::calls::Kept::Lent,
            (_, false) => super::calls::Kept::MaybeRef,
        };
        let t = if body.required { t } else { quote!(Option<#t>) };
        (quote!(#body_arg: #t), quote!(#body_arg), k)
    });
    let struct_arg = params_struct.map(|s| {
        let (arg, ty) = (ident(&s.arg), ident(&s.name));
        // Defined in this module, beside `Client`.
        (quote!(#arg: &#ty), quote!(#arg), super::calls::Kept::Lent)
    });
    for (arg, name, k) in path_params
        .map(param_arg)
        .chain(body_arg_tokens)
        .chain(positional.iter().map(|p| param_arg(p)))
        .chain(struct_arg)
    {
        args.push(arg);
        arg_names.push(name);
        kept.push(k);
    }

    let pushes = other_params.iter().map(|p| {
        let n = ident(&p.rust_name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let push = |value: TokenStream| match p.location {
            ParamLocation::Query => {
                if p.style == ParamStyle::Form && explode {
                    return quote!(crate::runtime::push_query(&mut #parts.query, #wire, #value)?;);
                }
                let style = query_style(p.style, explode);
                quote!(crate::runtime::push_query_styled(&mut #parts.query, #wire, #value, crate::runtime::QueryStyle::#style)?;)
            }
            ParamLocation::Cookie => quote!(crate::runtime::push_param(&mut #parts.cookies, #wire, #value, #explode)?;),
            ParamLocation::Header | ParamLocation::Path => {
                quote!(crate::runtime::push_param(&mut #parts.headers, #wire, #value, #explode)?;)
            }
        };
        if let Some((arg, field)) = struct_field(p) {
            let push = push(quote!(#n));
            quote! {
                if let Some(#n) = &#arg.#field {
                    #push
                }
            }
        } else if p.required {
            push(quote!(&#n))
        } else {
            let push = push(quote!(&#n));
            quote! {
                if let Some(#n) = #n {
                    #push
                }
            }
        }
    });
    let path = path_tokens(op);
    // A body that is not JSON is encoded into the request here; the runtime sends it as is.
    let encode = op.body.as_ref().and_then(|body| {
        let call = match &body.encoding {
            BodyEncoding::Json => return None,
            BodyEncoding::Form { styled } if styled.is_empty() => quote!(#parts.form(#body_arg)?;),
            BodyEncoding::Form { styled } => {
                let styles = styled.iter().map(|e| {
                    let (wire, style) = (&e.wire, query_style(e.style, e.explode));
                    quote!((#wire, crate::runtime::QueryStyle::#style))
                });
                quote!(#parts.form_styled(#body_arg, &[#(#styles),*])?;)
            }
            BodyEncoding::Multipart { media_type: None, .. } => quote!(#parts.multipart(#body_arg);),
            BodyEncoding::Multipart {
                media_type: Some(media),
                ..
            } => quote!(#parts.multipart_as(#media, #body_arg);),
            BodyEncoding::Raw(media) => quote!(#parts.raw(#media, #body_arg);),
        };
        Some(if body.required {
            call
        } else {
            quote!(if let Some(#body_arg) = #body_arg { #call })
        })
    });
    let flagged = op.body.as_ref().is_some_and(|b| b.stream_flag.is_some());
    let parts_mut = (!other_params.is_empty() || encode.is_some() || flagged).then(|| quote!(mut));
    let with_auth = op.auth.as_ref().map(|a| {
        let scheme = auth_tokens(a);
        quote!(.with_auth(#scheme))
    });
    let with_also = op.also_auth.as_ref().map(|also| {
        let credentials = credentials_tokens(also);
        quote!(.with_also_auth(#credentials))
    });
    let with_accept = op.accept.as_ref().map(|media| quote!(.with_accept(#media)));
    let with_redirect = op.redirect_is_success.then(|| quote!(.with_redirect_as_success()));
    let with_server = op.server.as_ref().map(|url| quote!(.with_server(#url)));
    let build_parts = quote! {
        let #parts_mut #parts = crate::runtime::RequestParts::new(crate::runtime::Method::#method, #path) #with_auth #with_also #with_accept #with_redirect #with_server;
        #(#pushes)*
        #encode
    };

    let body_check = op.body.as_ref().filter(|b| b.validate).map(|b| {
        if b.required {
            quote!(crate::runtime::Validate::validate(#body_arg)?;)
        } else {
            quote!(if let Some(#body_arg) = #body_arg {
                crate::runtime::Validate::validate(#body_arg)?;
            })
        }
    });
    // Each parameter's constraints, checked before anything is sent, as the body's are: an
    // argument by its name, an optional parameter when it is set.
    let param_checks = op.params.iter().filter(|p| !p.constraints.is_empty()).map(|p| {
        let wire = &p.wire_name;
        let value = Ident::new("value", Span::call_site());
        // A nullable parameter (`Option<T>`) is checked only when it holds a value.
        let (ty, nullable) = match &p.ty {
            TypeRef::Option(inner) => (&**inner, true),
            other => (other, false),
        };
        let check = super::validate::validate_value(ty, &p.constraints, quote!(#value), quote!(#wire));
        let check = if nullable {
            quote!(if let Some(#value) = #value { #check })
        } else {
            check
        };
        let given = match struct_field(p) {
            Some((arg, field)) => return quote!(if let Some(#value) = &#arg.#field { #check }),
            None => ident(&p.rust_name),
        };
        let given = if by_value(&p.ty) {
            quote!(&#given)
        } else {
            quote!(#given)
        };
        quote!({ let #value = #given; #check })
    });
    let validate = quote!(#(#param_checks)* #body_check);

    // The body as sent, with the stream flag forced where the operation can stream: the
    // runtime edits the flag in the encoded JSON, so the body is never copied.
    let body_for = |streaming: bool| -> TokenStream {
        let Some(flag) = op.body.as_ref().and_then(|b| b.stream_flag.as_ref()) else {
            return TokenStream::new();
        };
        let field = ident(&flag.rust_name);
        let wire = &flag.wire_name;
        let on = match flag.presence {
            Presence::Required => quote!(true),
            Presence::OptionalNullable => quote!(Some(Some(true))),
            Presence::Optional | Presence::Nullable => quote!(Some(true)),
        };
        let edit = match (flag.presence == Presence::Required, streaming) {
            (true, s) => quote! {
                if #body_arg.#field != #s {
                    #parts.set_body_field(#wire, ::serde_json::Value::Bool(#s));
                }
            },
            (false, true) => quote! {
                if #body_arg.#field != #on {
                    #parts.set_body_field(#wire, ::serde_json::Value::Bool(true));
                }
            },
            (false, false) => quote! {
                if #body_arg.#field == #on {
                    #parts.remove_body_field(#wire);
                }
            },
        };
        if op.body.as_ref().is_some_and(|b| b.required) {
            edit
        } else {
            quote! {
                if let Some(#body_arg) = #body_arg {
                    #edit
                }
            }
        }
    };
    // What the runtime is handed as the JSON body: `Option<&T>`.
    let body_value = match &op.body {
        Some(b) if b.encoding != BodyEncoding::Json => quote!(None::<&()>),
        Some(b) if b.required => quote!(Some(#body_arg)),
        Some(_) => quote!(#body_arg),
        None => quote!(None::<&()>),
    };

    let mut out = Vec::new();
    if let Some(call) = &op.call {
        let (name, name_with) = (ident(&call.plain), ident(&call.with_options));
        let name_response = ident(&call.with_response);
        let (ret, execute) = match &op.response {
            Some(ty) => (models.ty(ty), quote!(execute_json_with_meta)),
            None if op.raw_response => (quote!(::bytes::Bytes), quote!(execute_bytes_with_meta)),
            None => (quote!(()), quote!(execute_unit_with_meta)),
        };
        let body_tokens = body_for(false);
        let with_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), with per-request options.",
            call.plain,
            unraw(&call.plain)
        ));
        let response_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), also returning the response's status, headers and request id.",
            call.with_options,
            unraw(&call.with_options)
        ));
        out.push(quote! {
            #doc
            pub async fn #name(&self, #(#args),*) -> Result<#ret, crate::runtime::Error> {
                self.#name_with(#(#arg_names,)* &crate::runtime::RequestOptions::default()).await
            }

            #with_doc
            pub async fn #name_with(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<#ret, crate::runtime::Error> {
                self.#name_response(#(#arg_names,)* #options).await.map(|(value, _)| value)
            }

            #response_doc
            pub async fn #name_response(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<(#ret, crate::runtime::ResponseMeta), crate::runtime::Error> {
                #validate
                #build_parts
                #body_tokens
                self.runtime.#execute(#parts, #body_value, #options).await
            }
        });
    }
    if let (Some(pagination), Some(call), Some(ret)) = (&op.pagination, &op.call, &op.response) {
        out.push(super::calls::paged_methods(
            op,
            pagination,
            call,
            models.ty(ret),
            &args,
            &arg_names,
            &kept,
            models,
        ));
    }
    if let (Some(task), Some(call), Some(ret)) = (&op.task, &op.call, &op.response) {
        let gate = (task.poll_features != op.features).then_some(task.poll_features.as_slice());
        out.push(super::calls::task_method(
            task,
            &call.plain,
            models.ty(ret),
            &args,
            &arg_names,
            gate,
            models,
        ));
    }
    if let Some(stream) = &op.stream {
        let (sname, sname_with) = (ident(&stream.methods.plain), ident(&stream.methods.with_options));
        let event = models.ty(&stream.event);
        let terminator = match &stream.terminator {
            Some(t) => quote!(Some(#t)),
            None => quote!(None),
        };
        let body_tokens = body_for(true);
        let sdoc = if op.call.is_some() {
            quote! {
                #doc
                ///
                /// Streaming: sends the request with streaming on and yields each event as it arrives.
            }
        } else {
            doc.clone()
        };
        let with_doc = doc_line(&format!(
            "Like [`{}`](Self::{}), with per-request options.",
            stream.methods.plain,
            unraw(&stream.methods.plain)
        ));
        out.push(quote! {
            #sdoc
            pub async fn #sname(&self, #(#args),*) -> Result<crate::runtime::EventStream<#event>, crate::runtime::Error> {
                self.#sname_with(#(#arg_names,)* &crate::runtime::RequestOptions::default()).await
            }

            #with_doc
            pub async fn #sname_with(&self, #(#args,)* #options: &crate::runtime::RequestOptions) -> Result<crate::runtime::EventStream<#event>, crate::runtime::Error> {
                #validate
                #build_parts
                #body_tokens
                self.runtime.execute_stream(#parts, #body_value, #options, #terminator).await
            }
        });
    }
    quote!(#(#out)*)
}
