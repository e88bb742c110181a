//! What the `xtask` commands share with the tests: the docs check, which compares the vendor's
//! pages with the spec (`cargo xtask docs-check`, and `tests/spec_vs_page*.rs`); the mock run,
//! which builds each spec's crate with its operation tests and runs them against Prism
//! (`cargo xtask mock-test`, and `xtask/tests/mock.rs`); and writing generated files.

use std::path::Path;

pub mod docs;
pub mod files;
pub mod mock;

/// The build profile of the throwaway workspaces that compile generated crates (the corpus
/// check, the feature crates, the mock run): no debug info and no incremental state. Their
/// test binaries are only run, never debugged, and each link of full debug info of reqwest and
/// its dependencies, like the incremental caches, costs disk that CI machines do not always
/// have (a linker killed by SIGBUS on a full disk failed CI once).
pub const THROWAWAY_PROFILE: &str = "\n[profile.dev]\ndebug = false\nincremental = false\n";

/// Reads the files a spec's `$ref`s name, relative to the spec's directory.
pub fn files_beside(spec: &Path) -> anyfast_codegen::Resolver {
    let dir = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    std::sync::Arc::new(move |path: &str| std::fs::read_to_string(dir.join(path)).ok())
}

/// A crate name made from a folder's name: lower case, anything but letters, digits, `-` and
/// `_` as `-`, and starting with a letter.
pub fn crate_name(folder: &str) -> String {
    let name: String = folder
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}
