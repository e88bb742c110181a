//! The anyfast SDK generator: an OpenAPI 3.0/3.1 spec becomes Rust source files.
//!
//! The pipeline runs one way: [`load`] parses the YAML into typed spec structs, [`lower`]
//! resolves references and makes every decision into an [`ir::Api`], emission turns the IR
//! into token streams with `quote!`, and rendering formats them with prettyplease under the
//! `@generated` header. [`generate`] is the one path from a spec to files; the library does
//! no file I/O, and the caller (the `xtask` binary) writes what it returns.

#![warn(missing_docs)]

pub mod diff;
mod emit;
mod error;
pub mod ident;
pub mod ir;
mod lower;
mod render;
pub mod spec;
mod vendor;

pub use error::{summarize, Error, Location, Warning, WarningKind};
pub use vendor::{Runtime, RUNTIME_PACKAGE};

/// Reads a document a `$ref` names by its path relative to the spec (`common.yaml`), for
/// references into other files; `None` when it cannot be read.
pub type Resolver = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Settings of a generation run, built with `with_*` methods.
#[derive(Clone)]
pub struct Config {
    spec_label: String,
    env_prefix: String,
    standalone: Option<String>,
    runtime: Runtime,
    module_dir: String,
    strict: bool,
    resolver: Option<Resolver>,
    tests: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("spec_label", &self.spec_label)
            .field("env_prefix", &self.env_prefix)
            .field("standalone", &self.standalone)
            .field("runtime", &self.runtime)
            .field("module_dir", &self.module_dir)
            .field("strict", &self.strict)
            .field("resolver", &self.resolver.is_some())
            .field("tests", &self.tests)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            spec_label: "spec/openapi.yaml".to_owned(),
            env_prefix: "ANYFAST".to_owned(),
            standalone: None,
            runtime: Runtime::Vendored,
            module_dir: "src/generated".to_owned(),
            strict: false,
            resolver: None,
            tests: false,
        }
    }
}

impl Config {
    /// The spec's path as errors and the `@generated` header name it.
    #[must_use]
    pub fn with_spec_label(mut self, label: impl Into<String>) -> Self {
        self.spec_label = label.into();
        self
    }

    /// The prefix of the environment variables `Client::from_env` reads (`<PREFIX>_API_KEY`).
    #[must_use]
    pub fn with_env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.env_prefix = prefix.into();
        self
    }

    /// Makes a whole crate of this name: `Cargo.toml`, `src/lib.rs`, the generated modules
    /// under `src/`, and the runtime as [`Config::with_runtime`] says (copied in by default).
    #[must_use]
    pub fn with_standalone_crate(mut self, name: impl Into<String>) -> Self {
        self.standalone = Some(name.into());
        self.module_dir = "src".to_owned();
        self
    }

    /// How a standalone crate gets its runtime: copied into `src/runtime/` (the default), or
    /// the `anyfast-runtime` crate as a dependency.
    #[must_use]
    pub fn with_runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = runtime;
        self
    }

    /// The folder, relative to the crate root, that the generated modules (`client.rs`,
    /// `models.rs`) are written to: `src/generated` for a crate with hand-written code beside
    /// them (the default, as in `anyfast`), `src` for a standalone crate.
    #[must_use]
    pub fn with_module_dir(mut self, dir: impl Into<String>) -> Self {
        self.module_dir = dir.into().trim_end_matches('/').to_owned();
        self
    }

    /// Turns every warning into an error: generation fails unless the spec is translated
    /// exactly. The project's own spec is generated strict.
    #[must_use]
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Follows `$ref`s into other files: `resolver` reads a path relative to the spec. The
    /// library does no I/O itself; the `xtask` binary reads files beside the spec.
    #[must_use]
    pub fn with_resolver(mut self, resolver: Resolver) -> Self {
        self.resolver = Some(resolver);
        self
    }

    /// Adds `operation_tests.rs` beside the client: a test per operation that calls it against
    /// a mock of the spec (`prism mock --errors SPEC`) that `<PREFIX>_BASE_URL` points at,
    /// sending the samples lowering chose, and passes only when the response decodes. A
    /// standalone crate declares the module under `cfg(test)` and gets tokio as a
    /// dev-dependency; another crate declares it itself.
    #[must_use]
    pub fn with_operation_tests(mut self, tests: bool) -> Self {
        self.tests = tests;
        self
    }

    /// The header every generated Rust file starts with.
    pub fn header(&self) -> String {
        format!(
            "// @generated by cargo xtask codegen from {}. Do not edit.\n",
            self.spec_label
        )
    }
}

/// One generated file, its path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// A relative path with `/` separators, such as `src/models.rs`.
    pub path: String,
    /// The whole contents, header included.
    pub contents: String,
}

/// The result of a generation run.
#[derive(Debug, Clone)]
pub struct Output {
    /// The files, in a fixed order.
    pub files: Vec<File>,
    /// What was not translated exactly.
    pub warnings: Vec<Warning>,
    /// The IR the files came from.
    pub api: ir::Api,
    /// How long each stage took, for the benchmarks.
    pub timings: Timings,
}

/// How long each stage of one [`generate`] run took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Parsing the YAML or JSON.
    pub load: std::time::Duration,
    /// Lowering to the IR.
    pub lower: std::time::Duration,
    /// Emitting tokens and formatting them, on every core.
    pub emit_and_render: std::time::Duration,
}

/// Parses the YAML (or JSON) text of a spec. An integer literal beyond 64 bits (OpenAI writes
/// `seed` bounds as `-9223372036854776000`), which the YAML reader cannot hold as a number, is
/// read as the float it stands for, and noted for a warning.
pub fn load(text: &str, config: &Config) -> Result<spec::OpenApi, Error> {
    match parse(text, config) {
        Err(Error::Parse { message, .. }) if message.contains("as i128") || message.contains("as u128") => {
            let (widened, notes) = widen_big_integers(text);
            let mut doc = parse(&widened, config)?;
            doc.source = Some(widened);
            doc.load_notes = notes;
            Ok(doc)
        }
        other => other,
    }
}

/// Rewrites integer literals of more digits than 64 bits hold (19 and more) as floats
/// (`…000.0`), where they stand as a plain value: after `:`, `-`, `[` or `,`, and before the
/// line's end, a comment, `,`, `]` or `}`. Text in quotes is left alone. Returns the notes.
fn widen_big_integers(text: &str) -> (String, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut notes = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut quote: Option<u8> = None;
        let mut last = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q && (i == 0 || bytes[i - 1] != b'\\') => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'#' && (i == 0 || bytes[i - 1] == b' ') => break,
                None if b.is_ascii_digit() || (b == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) => {
                    let start = i;
                    let mut end = i + 1;
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                    let digits = end - start - usize::from(b == b'-');
                    let before = line[..start].trim_end().chars().last();
                    let after = line[end..].trim_start().chars().next();
                    let stands_alone = matches!(before, Some(':' | '-' | '[' | ',')) || before.is_none();
                    let ends = matches!(after, None | Some('#' | ',' | ']' | '}'));
                    let literal = &line[start..end];
                    let fits = literal.parse::<i64>().is_ok() || literal.parse::<u64>().is_ok();
                    if digits >= 19 && !fits && stands_alone && ends {
                        out.push_str(&line[last..end]);
                        out.push_str(".0");
                        last = end;
                        notes.push((
                            n + 1,
                            format!("integer `{}` is beyond 64 bits: read as a float", &line[start..end]),
                        ));
                    }
                    i = end;
                    continue;
                }
                None => {}
            }
            i += 1;
        }
        out.push_str(&line[last..]);
    }
    (out, notes)
}

fn parse(text: &str, config: &Config) -> Result<spec::OpenApi, Error> {
    let mut doc: spec::OpenApi = serde_yaml::from_str(text).map_err(|e| {
        let line_column = e.location().map(|l| (l.line(), l.column()));
        let message = e.to_string();
        // serde_yaml appends " at line X column Y"; the location already says it.
        let message = match message.rfind(" at line ") {
            Some(i) if line_column.is_some() => message[..i].to_owned(),
            _ => message,
        };
        Error::Parse {
            location: Location {
                file: config.spec_label.clone(),
                pointer: String::new(),
                line_column,
            },
            message,
        }
    })?;
    doc.source = Some(text.to_owned());
    Ok(doc)
}

/// How much stack lowering gets: it recurses through nested and referenced schemas, and a
/// spec may chain thousands of them. Only the pages used are committed.
const LOWERING_STACK: usize = 1 << 30;

/// Resolves references and decides every name. Runs on a thread of its own with a large
/// stack, so a deep chain of references cannot overflow the caller's.
pub fn lower(doc: &spec::OpenApi, config: &Config) -> Result<ir::Api, Error> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("anyfast-lower".to_owned())
            .stack_size(LOWERING_STACK)
            .spawn_scoped(scope, || lower::lower(doc, &config.spec_label, config.resolver.clone()));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Error::Internal {
                    file: config.spec_label.clone(),
                    message: "lowering panicked".to_owned(),
                })
            }),
            // No thread to be had: lower on this one.
            Err(_) => lower::lower(doc, &config.spec_label, config.resolver.clone()),
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
    Ok(render::space_items(&prettyplease::unparse(&parsed)))
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
            contents: standalone_manifest(name, api, config),
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

/// The `[features]` table: one feature per tag, all on by default; nothing for an API without
/// several.
fn features_table(api: &ir::Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = api.features.iter().map(|f| format!("\"{f}\"")).collect();
    let mut out = format!(
        "\n# One feature per operation tag, each enabling its operations and the types they reach.\n\
         [features]\ndefault = [{}]\n",
        quoted.join(", ")
    );
    for f in &api.features {
        out.push_str(&format!("{f} = []\n"));
    }
    out
}

fn standalone_manifest(name: &str, api: &ir::Api, config: &Config) -> String {
    let description = format!("Client for {} {}", api.title, api.version)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let dependencies = vendor::crate_dependencies(&config.runtime).join("\n");
    format!(
        "# @generated by cargo xtask codegen from {spec}. Do not edit.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = \"{description}\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {dependencies}\n{dev}{features}",
        spec = config.spec_label,
        dev = if config.tests {
            "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n"
        } else {
            ""
        },
        features = features_table(api),
    )
}

#[cfg(test)]
mod tests {
    use super::widen_big_integers;

    #[test]
    fn integers_beyond_64_bits_are_read_as_floats_where_they_stand_as_values() {
        let text =
            "minimum: -9223372036854776000\nmaximum: 18446744073709552000 # u64\nenum: [1, 99999999999999999999]\n\
                    fits: 4944116822809979520\nid: \"12345678901234567890\"\nsmall: 42\nname: a12345678901234567890\n";
        let (out, notes) = widen_big_integers(text);
        assert_eq!(
            out,
            "minimum: -9223372036854776000.0\nmaximum: 18446744073709552000.0 # u64\nenum: [1, 99999999999999999999.0]\n\
             fits: 4944116822809979520\nid: \"12345678901234567890\"\nsmall: 42\nname: a12345678901234567890\n"
        );
        assert_eq!(notes.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [1, 2, 3]);
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      type: integer\n      minimum: -9223372036854776000\n";
        let api = crate::load_api(spec, &crate::Config::default()).expect("loads");
        assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    }
}
