//! Arbitrary bytes in arbitrary pieces: the decoder never panics, and the events it yields do
//! not depend on where the pieces were cut.
#![no_main]

use anyfast::runtime::sse::SseDecoder;
use libfuzzer_sys::fuzz_target;

fn decode<'a>(pieces: impl Iterator<Item = &'a [u8]>) -> Vec<(String, Vec<u8>, String)> {
    let mut decoder = SseDecoder::new();
    let mut out = Vec::new();
    for piece in pieces {
        decoder.feed(piece);
        while let Some(e) = decoder.next_event() {
            out.push((e.event.to_owned(), e.data.to_vec(), e.id.to_owned()));
        }
    }
    let _ = decoder.finish();
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&size, body)) = data.split_first() else { return };
    let whole = decode(std::iter::once(body));
    let pieces = decode(body.chunks(usize::from(size % 17) + 1));
    assert_eq!(whole, pieces);
});
