//! Server-Sent Events decoding by the WHATWG EventSource rules.
//!
//! The decoder is fed network reads of any size and yields events that borrow its buffers,
//! so a long stream costs no allocation per event and memory stays at the size of the longest
//! line. Every byte is scanned once: a partial line stays buffered and scanning resumes where
//! it stopped.

/// An event, borrowing the decoder's buffers until the next call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event<'a> {
    /// The event type; `message` when the server named none.
    pub event: &'a str,
    /// The data lines joined with `\n`, as bytes (usually UTF-8 JSON).
    pub data: &'a [u8],
    /// The last event id seen so far in the stream.
    pub id: &'a str,
}

impl Event<'_> {
    /// The data as text, with invalid UTF-8 replaced as the EventSource rules require.
    pub fn data_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.data)
    }
}

/// An incremental SSE parser.
#[derive(Debug, Default)]
pub struct SseDecoder {
    buf: Vec<u8>,
    /// Where unprocessed bytes start in `buf`.
    pos: usize,
    /// How far past `pos` the buffer is known to hold no line end, so that bytes arriving a few
    /// at a time are not searched again on every read.
    scanned: usize,
    /// The previous line ended with CR, so a leading LF belongs to it.
    skip_lf: bool,
    /// Whether the start of the stream was checked for a byte order mark.
    bom_checked: bool,
    data: Vec<u8>,
    has_data: bool,
    event: String,
    last_id: String,
    retry: Option<u64>,
    /// The previous event was handed out; its buffers are cleared on the next call.
    dispatched: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl SseDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next bytes read from the network.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.pos > 0 {
            // Only the unfinished line is left; moving it is cheaper than keeping the rest.
            self.buf.drain(..self.pos);
            self.scanned -= self.pos;
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The reconnection time the server asked for with `retry:`, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// Bytes received but not yet part of a complete line.
    pub fn pending(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Bytes held for the event being read: its unfinished line and the data lines so far.
    /// A caller bounds memory by refusing to feed more once this passes its limit.
    pub fn buffered(&self) -> usize {
        self.pending() + self.data.len()
    }

    /// The next complete event, if the bytes fed so far finish one.
    pub fn next_event(&mut self) -> Option<Event<'_>> {
        self.clear_dispatched();
        if !self.bom_checked {
            let available = &self.buf[self.pos..];
            if available.len() < BOM.len() && BOM.starts_with(available) {
                // Too few bytes to tell whether the stream starts with a BOM.
                return None;
            }
            if available.starts_with(BOM) {
                self.pos += BOM.len();
            }
            self.bom_checked = true;
        }
        loop {
            if self.skip_lf && self.pos < self.buf.len() {
                if self.buf[self.pos] == b'\n' {
                    self.pos += 1;
                }
                self.skip_lf = false;
            }
            let from = self.scanned.max(self.pos);
            let Some(found) = memchr::memchr2(b'\n', b'\r', &self.buf[from..]) else {
                self.scanned = self.buf.len();
                return None;
            };
            let end = from + found - self.pos;
            let line_start = self.pos;
            self.pos += end + 1;
            self.scanned = self.pos;
            if self.buf[line_start + end] == b'\r' {
                self.skip_lf = true;
            }
            if end == 0 {
                if self.has_data {
                    self.dispatched = true;
                    return Some(Event {
                        event: if self.event.is_empty() { "message" } else { &self.event },
                        data: &self.data,
                        id: &self.last_id,
                    });
                }
                self.event.clear();
                continue;
            }
            self.field(line_start, line_start + end);
        }
    }

    /// Clears the buffers of the event handed out last.
    fn clear_dispatched(&mut self) {
        if self.dispatched {
            self.dispatched = false;
            self.data.clear();
            self.has_data = false;
            self.event.clear();
        }
    }

    /// At the end of the stream: the event that was still open, as it would have been
    /// dispatched had the server ended it with a blank line. The EventSource rules drop such
    /// an event, so callers use this only to recognise an end marker the server sent without
    /// its final blank line, never to deliver data.
    pub fn finish(&mut self) -> Option<Event<'_>> {
        self.clear_dispatched();
        let (start, end) = (self.pos, self.buf.len());
        if start < end && !(self.skip_lf && end - start == 1 && self.buf[start] == b'\n') {
            self.pos = end;
            self.field(start, end);
        }
        if !self.has_data {
            return None;
        }
        self.dispatched = true;
        Some(Event {
            event: if self.event.is_empty() { "message" } else { &self.event },
            data: &self.data,
            id: &self.last_id,
        })
    }

    fn field(&mut self, start: usize, end: usize) {
        let line = &self.buf[start..end];
        if line[0] == b':' {
            return;
        }
        let (name, value) = match memchr::memchr(b':', line) {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"data" => {
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
            }
            b"event" => self.event = String::from_utf8_lossy(value).into_owned(),
            b"id" if !value.contains(&0) => self.last_id = String::from_utf8_lossy(value).into_owned(),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(pieces: &[&[u8]]) -> Vec<(String, String)> {
        let mut d = SseDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            d.feed(p);
            while let Some(e) = d.next_event() {
                out.push((e.event.to_owned(), e.data_text().into_owned()));
            }
        }
        out
    }

    #[test]
    fn line_endings_and_multi_line_data() {
        let expected = vec![
            ("message".to_owned(), "a\nb".to_owned()),
            ("message".to_owned(), "c".to_owned()),
        ];
        for body in [
            &b"data: a\ndata: b\n\ndata: c\n\n"[..],
            b"data: a\rdata: b\r\rdata: c\r\r",
            b"data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n",
        ] {
            assert_eq!(decode(&[body]), expected, "{body:?}");
            let bytes: Vec<&[u8]> = body.chunks(1).collect();
            assert_eq!(decode(&bytes), expected, "{body:?} byte by byte");
        }
    }

    #[test]
    fn comments_ids_and_unterminated_events() {
        let body = b": keep-alive\nid: 7\nevent: delta\ndata: x\n\ndata: never dispatched";
        let mut d = SseDecoder::new();
        d.feed(body);
        let e = d.next_event().unwrap();
        assert_eq!((e.event, e.data, e.id), ("delta", &b"x"[..], "7"));
        assert!(d.next_event().is_none());
        assert_eq!(d.pending(), b"data: never dispatched".len());
    }

    #[test]
    fn finish_reports_the_open_event_without_dispatching_it() {
        let cases: [(&[u8], Option<&[u8]>); 5] = [
            (b"data: a\n\ndata: [DONE]", Some(b"[DONE]")),
            (b"data: a\n\ndata: [DONE]\n", Some(b"[DONE]")),
            (b"data: a\n\n", None),
            (b"data: a\n\n: comment", None),
            (b"", None),
        ];
        for (body, open) in cases {
            let mut d = SseDecoder::new();
            d.feed(body);
            while d.next_event().is_some() {}
            assert_eq!(
                d.finish().map(|e| e.data.to_vec()),
                open.map(<[u8]>::to_vec),
                "{body:?}"
            );
        }
    }

    #[test]
    fn a_bom_split_across_reads_is_stripped_once() {
        assert_eq!(
            decode(&[b"\xEF", b"\xBB", b"\xBFdata: 1\n\n"]),
            vec![("message".into(), "1".into())]
        );
        assert_eq!(
            decode(&[b"\xEF\xBB\xBF\xEF\xBB\xBFdata: 1\n\ndata: 2\n\n"]),
            vec![("message".into(), "2".into())]
        );
        assert_eq!(decode(&[b"da", b"ta: 1\n\n"]), vec![("message".into(), "1".into())]);
    }
}
