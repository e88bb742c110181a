//! Helpers shared by the generator's integration tests: workspace paths and generation.

#![allow(dead_code)]

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ is in the workspace")
        .to_path_buf()
}

/// Reads a file under the workspace root.
pub fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// Generates from a spec under the workspace root, labelled by its relative path.
pub fn generate(relative: &str) -> Result<anyfast_codegen::Output, anyfast_codegen::Error> {
    let config = anyfast_codegen::Config::default().with_spec_label(relative);
    anyfast_codegen::generate(&read(relative), &config)
}
