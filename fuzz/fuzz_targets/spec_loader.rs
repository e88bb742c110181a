//! Arbitrary text as a spec: generation returns an error or files, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = anyfast_codegen::generate(text, &anyfast_codegen::Config::default());
    }
});
