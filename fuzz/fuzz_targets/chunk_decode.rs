//! Arbitrary bytes as a chunk: decoding errors or succeeds, and what decodes re-encodes to JSON
//! that decodes to the same value.
#![no_main]

use anyfast::ChatCompletionChunk;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(chunk) = serde_json::from_slice::<ChatCompletionChunk>(data) {
        let text = serde_json::to_vec(&chunk).expect("a decoded chunk encodes");
        let again: ChatCompletionChunk = serde_json::from_slice(&text).expect("its encoding decodes");
        assert_eq!(chunk, again);
    }
});
