//! The settings of a generation run.

use crate::vendor::Runtime;

/// Reads a document a `$ref` names by its path relative to the spec (`common.yaml`), for
/// references into other files; `None` when it cannot be read.
pub type Resolver = std::sync::Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Settings of a generation run, built with `with_*` methods.
#[derive(Clone)]
pub struct Config {
    pub(crate) spec_label: String,
    pub(crate) env_prefix: String,
    pub(crate) standalone: Option<String>,
    pub(crate) runtime: Runtime,
    pub(crate) module_dir: String,
    pub(crate) strict: bool,
    pub(crate) resolver: Option<Resolver>,
    pub(crate) tests: bool,
    pub(crate) standard_webhooks: bool,
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
            standard_webhooks: false,
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

    /// Says the spec's webhooks are signed by the Standard Webhooks scheme, as its
    /// `x-standard-webhooks: true` would (no spec says how it signs; OpenAI's, Svix's and
    /// Resend's use this scheme): the webhook event union gets an `unwrap` that verifies first.
    #[must_use]
    pub fn with_standard_webhooks(mut self, signed: bool) -> Self {
        self.standard_webhooks = signed;
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
