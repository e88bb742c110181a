//! The WHATWG EventSource parsing cases from web-platform-tests (see fixtures/sse/README.md),
//! decoded whole, byte by byte, and split in two at every position.

mod common;

use anyfast_runtime::sse::SseDecoder;

struct Decoded {
    events: Vec<(String, String, String)>,
    retry: Option<u64>,
}

fn decode(pieces: &[&[u8]]) -> Decoded {
    let mut decoder = SseDecoder::new();
    let mut events = Vec::new();
    for piece in pieces {
        decoder.feed(piece);
        while let Some(e) = decoder.next_event() {
            events.push((e.event.to_owned(), e.data_text().into_owned(), e.id.to_owned()));
        }
    }
    Decoded {
        events,
        retry: decoder.retry(),
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The events each case must produce, as (type, data, last event id), transcribed from the
/// cases' `expected_verbatim`, and the reconnection time where the case checks it.
fn expected(wpt_file: &str) -> (Vec<(&'static str, &'static str, &'static str)>, Option<u64>) {
    match wpt_file {
        "eventsource/format-field-data.js" => (
            vec![("message", "", ""), ("message", "\n", ""), ("message", "test", "")],
            None,
        ),
        "eventsource/format-comments.js" => (vec![("message", "1\n2\n3\n4", "")], None),
        "eventsource/format-bom.js" => (vec![("message", "1", ""), ("message", "3", "")], None),
        "eventsource/format-bom-2.any.js" => (vec![("message", "2", ""), ("message", "3", "")], None),
        "eventsource/format-data-before-final-empty-line.js" => (vec![("message", "test1", "")], Some(1000)),
        "eventsource/format-null-character.html" => (vec![("message", "\0", "")], None),
        "eventsource/format-field-event.htm" => (vec![("test", "x", ""), ("message", "x", "")], None),
        "eventsource/format-field-event-empty.htm" => (vec![("message", "data", "")], None),
        "eventsource/format-utf-8.js" => (vec![("message", "ok…", "")], None),
        "eventsource/format-field-retry-bogus.htm" => (vec![("message", "x", "")], Some(2000)),
        other => panic!("no expectation transcribed for {other}"),
    }
}

#[test]
fn every_wpt_case_decodes_the_same_however_it_is_split() {
    let text = common::read("tests/fixtures/sse/wpt-eventsource-format-cases.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 10);
    for case in cases {
        let file = case["wpt_file"].as_str().expect("wpt_file");
        let body = hex(case["served_body_hex"].as_str().expect("hex"));
        let (events, retry) = expected(file);
        let events: Vec<(String, String, String)> = events
            .into_iter()
            .map(|(t, d, i)| (t.to_owned(), d.to_owned(), i.to_owned()))
            .collect();

        let whole = decode(&[&body]);
        assert_eq!(whole.events, events, "{file}");
        if retry.is_some() {
            assert_eq!(whole.retry, retry, "{file}: retry");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(decode(&bytes).events, events, "{file}: byte by byte");
        for cut in 0..=body.len() {
            let (a, b) = body.split_at(cut);
            assert_eq!(decode(&[a, b]).events, events, "{file}: split at {cut}");
        }
    }
}

#[test]
fn the_fixture_is_the_shared_copy() {
    // When the shared folder is beside the checkout, the committed copy must not drift from it.
    let shared = common::root().join("../../../shared/sse/wpt-eventsource-format-cases.json");
    if let Ok(original) = std::fs::read_to_string(&shared) {
        assert_eq!(
            common::read("tests/fixtures/sse/wpt-eventsource-format-cases.json"),
            original
        );
    } else {
        assert!(common::root().join("tests/fixtures/sse/README.md").exists());
    }
}
