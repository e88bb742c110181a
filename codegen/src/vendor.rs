//! The runtime a standalone crate runs on, copied into it or named as a dependency.
//!
//! The runtime crate (`codegen/runtime`) is read in at compile time with `include_str!`, as
//! progenitor does with progenitor-client, so [`generate`](crate::generate) alone returns a
//! complete crate and the caller only writes files.

/// The runtime crate's sources by file name, `lib.rs` first. A test checks the list against
/// the runtime's `src/` folder, so a new runtime file cannot be left out.
pub const RUNTIME_SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../runtime/src/lib.rs")),
    ("auth.rs", include_str!("../runtime/src/auth.rs")),
    ("body.rs", include_str!("../runtime/src/body.rs")),
    ("builder.rs", include_str!("../runtime/src/builder.rs")),
    ("client.rs", include_str!("../runtime/src/client.rs")),
    ("enums.rs", include_str!("../runtime/src/enums.rs")),
    ("error.rs", include_str!("../runtime/src/error.rs")),
    ("merge.rs", include_str!("../runtime/src/merge.rs")),
    ("mock.rs", include_str!("../runtime/src/mock.rs")),
    ("multipart.rs", include_str!("../runtime/src/multipart.rs")),
    ("object.rs", include_str!("../runtime/src/object.rs")),
    ("paginate.rs", include_str!("../runtime/src/paginate.rs")),
    ("params.rs", include_str!("../runtime/src/params.rs")),
    ("received.rs", include_str!("../runtime/src/received.rs")),
    ("request.rs", include_str!("../runtime/src/request.rs")),
    ("response.rs", include_str!("../runtime/src/response.rs")),
    ("retry.rs", include_str!("../runtime/src/retry.rs")),
    ("sse.rs", include_str!("../runtime/src/sse.rs")),
    ("stream.rs", include_str!("../runtime/src/stream.rs")),
    ("task.rs", include_str!("../runtime/src/task.rs")),
    ("testing.rs", include_str!("../runtime/src/testing.rs")),
    ("validate.rs", include_str!("../runtime/src/validate.rs")),
    ("webhooks.rs", include_str!("../runtime/src/webhooks.rs")),
];

/// The runtime crate's manifest: the one list of the runtime's dependencies.
pub const RUNTIME_MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The runtime crate's package name, as a dependency names it.
pub const RUNTIME_PACKAGE: &str = "anyfast-runtime";

/// How a standalone crate gets its runtime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Runtime {
    /// Its sources copied into `src/runtime/`, so the crate needs nothing but crates.io.
    #[default]
    Vendored,
    /// The `anyfast-runtime` crate as a path dependency: the folder that holds its manifest.
    Path(String),
    /// The `anyfast-runtime` crate as a registry dependency of this version requirement, such
    /// as `0.3`.
    Version(String),
}

/// The `[dependencies]` table of the runtime's manifest, as written there.
pub fn runtime_dependencies() -> toml_edit::Table {
    let manifest: toml_edit::DocumentMut = RUNTIME_MANIFEST.parse().expect("the runtime's manifest is TOML");
    manifest
        .get("dependencies")
        .and_then(toml_edit::Item::as_table)
        .cloned()
        .expect("the runtime's manifest has a [dependencies] table")
}

/// Where a runtime file's unit tests begin: they are the last item of the file, and a copy
/// leaves them out, since they need the runtime's dev-dependencies (and would run again in
/// every generated crate's tests).
const TESTS_START: &str = "\n#[cfg(test)]\nmod tests {";

/// A runtime file without its unit tests.
fn without_tests(text: &str) -> &str {
    match text.find(TESTS_START) {
        Some(at) => &text[..at + 1],
        None => text,
    }
}

/// The runtime's files as a standalone crate holds them: `lib.rs` becomes `src/runtime/mod.rs`,
/// each under a header that marks it generated (so `cargo xtask codegen` may replace it) and
/// names where it came from; the unit tests stay in the runtime crate.
pub fn vendored_files(header: &str) -> Vec<crate::File> {
    RUNTIME_SOURCES
        .iter()
        .map(|(name, text)| {
            let path = match *name {
                "lib.rs" => "src/runtime/mod.rs".to_owned(),
                other => format!("src/runtime/{other}"),
            };
            let contents = format!(
                "{}// Copied from the {RUNTIME_PACKAGE} crate's src/{name}, without its unit tests.\n{}",
                header,
                without_tests(text)
            );
            crate::File { path, contents }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_file_is_vendored() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("runtime sources")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = RUNTIME_SOURCES.iter().map(|(name, _)| (*name).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn a_copy_leaves_out_exactly_the_unit_tests_that_end_each_file() {
        for (name, text) in RUNTIME_SOURCES {
            let full: syn::File = syn::parse_str(text).expect("runtime source parses");
            let copy: syn::File = syn::parse_str(without_tests(text)).expect("the copy parses");
            let is_tests = |item: &syn::Item| matches!(item, syn::Item::Mod(m) if m.ident == "tests");
            let tests = full.items.iter().filter(|i| is_tests(i)).count();
            assert!(tests <= 1, "{name}: one test module at most");
            if tests == 1 {
                assert!(full.items.last().is_some_and(is_tests), "{name}: the tests come last");
            }
            assert_eq!(copy.items.len() + tests, full.items.len(), "{name}");
            assert!(!copy.items.iter().any(is_tests), "{name}");
        }
    }

    #[test]
    fn the_dependency_table_is_read_from_the_manifest() {
        let deps = runtime_dependencies();
        assert!(deps.contains_key("reqwest"), "{deps}");
        assert!(!deps.contains_key("proptest"), "dev-dependencies stay out: {deps}");
    }
}
