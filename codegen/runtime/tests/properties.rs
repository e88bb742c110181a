//! Properties of the runtime that must hold whatever the input: SSE decoding does not depend
//! on where the bytes were cut.

use anyfast_runtime::sse::SseDecoder;
use proptest::prelude::*;

proptest! {
    #[test]
    fn sse_decoding_does_not_depend_on_the_cuts(
        events in proptest::collection::vec((proptest::option::of("[a-z]{1,5}"), proptest::collection::vec("[^\r\n]{0,8}", 1..4)), 0..6),
        ending in prop_oneof![Just("\n"), Just("\r"), Just("\r\n")],
        cuts in proptest::collection::vec(1usize..40, 1..50),
    ) {
        let mut body = String::new();
        for (name, lines) in &events {
            if let Some(name) = name { body += &format!("event: {name}{ending}"); }
            body += &format!(": comment{ending}");
            for line in lines { body += &format!("data: {line}{ending}"); }
            body += ending;
        }
        let decode = |pieces: Vec<&[u8]>| {
            let mut d = SseDecoder::new();
            let mut out = Vec::new();
            for p in pieces {
                d.feed(p);
                while let Some(e) = d.next_event() { out.push((e.event.to_owned(), e.data_text().into_owned())); }
            }
            out
        };
        let bytes = body.as_bytes();
        let whole = decode(vec![bytes]);
        let mut pieces = Vec::new();
        let mut at = 0;
        for cut in cuts.iter().cycle() {
            if at >= bytes.len() { break; }
            let end = (at + cut).min(bytes.len());
            pieces.push(&bytes[at..end]);
            at = end;
        }
        prop_assert_eq!(&decode(pieces), &whole);
        let expected: Vec<(String, String)> = events.iter().map(|(name, lines)| (name.clone().unwrap_or_else(|| "message".into()), lines.join("\n"))).collect();
        prop_assert_eq!(whole, expected);
    }
}
