//! The one path from a spec's text to files: load, lower on a thread with a large stack, then
//! emit and render in parallel chunks.

use crate::vendor::{self, Runtime};
use crate::{emit, ir, load, lower as lowering, render, spec, Config, Error, File, Output, Timings};

/// How much stack lowering gets: it recurses through nested and referenced schemas, and a
/// spec may chain thousands of them. Only the pages used are committed.
const LOWERING_STACK: usize = 1 << 30;

/// Resolves references and decides every name. Runs on a thread of its own with a large
/// stack, so a deep chain of references cannot overflow the caller's.
pub fn lower(doc: &spec::OpenApi, config: &Config) -> Result<ir::Api, Error> {
    let mut api = lower_document(doc, config)?;
    // The configuration says what the document cannot: how its webhooks are signed.
    api.standard_webhooks |= config.standard_webhooks;
    Ok(api)
}

fn lower_document(doc: &spec::OpenApi, config: &Config) -> Result<ir::Api, Error> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("anyfast-lower".to_owned())
            .stack_size(LOWERING_STACK)
            .spawn_scoped(scope, || {
                lowering::lower(doc, &config.spec_label, config.resolver.clone())
            });
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Error::Internal {
                    file: config.spec_label.clone(),
                    message: "lowering panicked".to_owned(),
                })
            }),
            // No thread to be had: lower on this one.
            Err(_) => lowering::lower(doc, &config.spec_label, config.resolver.clone()),
        }
    })
}

/// Formats one chunk of tokens, with a blank line between items so the file reads easily
/// in review.
fn format_chunk(path: &str, tokens: proc_macro2::TokenStream) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| Error::Render {
        file: path.to_owned(),
        message: e.to_string(),
    })?;
    Ok(render::file(parsed))
}

/// Puts formatted chunks together into files under the `@generated` header.
fn assemble(chunks: Vec<(String, Vec<String>)>, api: &ir::Api, config: &Config) -> Vec<File> {
    let mut out: Vec<File> = chunks
        .into_iter()
        .map(|(path, parts)| File {
            path,
            contents: format!("{}\n{}", config.header(), parts.join("\n")),
        })
        .collect();
    if let Some(name) = &config.standalone {
        out.push(File {
            path: "Cargo.toml".to_owned(),
            contents: crate::manifest::standalone(name, api, config),
        });
        if config.runtime == Runtime::Vendored {
            out.extend(vendor::vendored_files(&config.header()));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Emits and renders, the chunks of `models.rs` spread over the machine's cores and the other
/// files (the client, the operation tests, a standalone crate's root) on a thread of their
/// own beside them. Token streams cannot cross threads, so each thread emits what it formats;
/// the result is byte for byte what `render(emit(..))` gives.
fn emit_and_render(api: &ir::Api, config: &Config) -> Result<Vec<File>, Error> {
    let count = emit::models_chunk_count(api);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count)
        .max(1);
    let dir = &config.module_dir;
    let (others, mut models) = std::thread::scope(|scope| {
        let others = scope.spawn(|| other_files(api, config));
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..count)
                        .step_by(threads)
                        .map(|i| (i, format_chunk("models.rs", emit::models_chunk(api, i))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let models: Vec<(usize, Result<String, Error>)> =
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect();
        (others.join().ok(), models)
    });
    let (Some(others), true) = (others, models.len() == count) else {
        return Err(Error::Internal {
            file: config.spec_label.clone(),
            message: "a formatting thread failed".to_owned(),
        });
    };
    models.sort_by_key(|(i, _)| *i);
    let models = models
        .into_iter()
        .map(|(_, part)| part)
        .collect::<Result<Vec<_>, _>>()?;
    let mut chunks = others?;
    chunks.insert(1, (format!("{dir}/models.rs"), models));
    Ok(assemble(chunks, api, config))
}

/// The files besides `models.rs`, formatted: the client first, then the operation tests and
/// a standalone crate's root when asked for.
fn other_files(api: &ir::Api, config: &Config) -> Result<Vec<(String, Vec<String>)>, Error> {
    let dir = &config.module_dir;
    let client_path = format!("{dir}/client.rs");
    let client = format_chunk(&client_path, emit::client(api, &config.env_prefix))?;
    let mut chunks = vec![(client_path, vec![client])];
    if config.tests {
        let path = format!("{dir}/operation_tests.rs");
        let tokens = emit::operation_tests(api, &config.env_prefix);
        chunks.push((path.clone(), vec![format_chunk(&path, tokens)?]));
    }
    if config.standalone.is_some() {
        let vendored = config.runtime == Runtime::Vendored;
        let tokens = emit::standalone_lib(api, vendored, config.tests);
        chunks.push(("src/lib.rs".to_owned(), vec![format_chunk("src/lib.rs", tokens)?]));
    }
    Ok(chunks)
}

/// Loads and lowers a spec: the IR that `generate` emits and `diff` compares.
pub fn load_api(text: &str, config: &Config) -> Result<ir::Api, Error> {
    lower(&load(text, config)?, config)
}

/// Runs the whole pipeline on the text of a spec: the only path from a spec to files.
pub fn generate(text: &str, config: &Config) -> Result<Output, Error> {
    let start = std::time::Instant::now();
    let doc = load(text, config)?;
    let loaded = std::time::Instant::now();
    let api = lower(&doc, config)?;
    if config.strict && !api.warnings.is_empty() {
        return Err(Error::Strict {
            file: config.spec_label.clone(),
            warnings: api.warnings,
        });
    }
    let lowered = std::time::Instant::now();
    let files = emit_and_render(&api, config)?;
    let timings = Timings {
        load: loaded - start,
        lower: lowered - loaded,
        emit_and_render: lowered.elapsed(),
    };
    Ok(Output {
        files,
        warnings: api.warnings.clone(),
        api,
        timings,
    })
}
