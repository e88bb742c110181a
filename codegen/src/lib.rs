//! The anyfast SDK generator: an OpenAPI 3.0/3.1 spec (or a Swagger 2.0 document, read as the
//! 3.0 one it converts to) becomes Rust source files.
//!
//! The pipeline runs one way: [`load()`] parses the YAML into typed spec structs, [`lower`]
//! resolves references and makes every decision into an [`ir::Api`], emission turns the IR
//! into token streams with `quote!`, and rendering formats them with prettyplease under the
//! `@generated` header. [`generate`] is the one path from a spec to files; the library does
//! no file I/O, and the caller (the `xtask` binary) writes what it returns.
//!
//! The crate by job: `config` (the settings of a run), [`mod@load`] (a document's text to a value,
//! JSON or YAML), `lower` (every decision), `emit` and `render` (tokens and their layout),
//! `pipeline` (the stages and their threads), `manifest` (a standalone crate's `Cargo.toml`),
//! `vendor` (the runtime a standalone crate carries), [`diff`] (what a spec change does).

#![warn(missing_docs)]

mod config;
pub mod diff;
mod emit;
mod error;
pub mod ident;
pub mod ir;
pub mod load;
mod lower;
mod manifest;
mod pipeline;
mod render;
pub mod spec;
pub mod swagger2;
mod vendor;

pub use config::{Config, Resolver};
pub use error::{summarize, Error, Location, Warning, WarningKind};
pub use load::load;
pub use manifest::with_tag_features;
pub use pipeline::{generate, load_api, lower};
pub use vendor::{Runtime, RUNTIME_PACKAGE};

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
