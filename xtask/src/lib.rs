//! What the `xtask` commands share with the tests: the docs check, which compares the vendor's
//! pages with the spec (`cargo xtask docs-check`, and `tests/spec_vs_page*.rs`).

pub mod docs;
