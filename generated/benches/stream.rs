//! Stream decoding and transport benchmarks. Run with `cargo bench -p anyfast --bench stream`.
//!
//! 1. Decoding: 100,000 realistic `ChatCompletionChunk` events (about 200 bytes each, with
//!    `reasoning_content` and `content` deltas) through the client's `EventStream` (SSE decoder
//!    plus typed decoding), fed in 1 KiB and in 1-byte pieces, against `serde_json::from_slice`
//!    of the same payloads already split (the ceiling).
//! 2. End to end: the client streaming 200,000 chunks from a 127.0.0.1 server, against reading
//!    the same response body raw through reqwest (the transport ceiling) and through reqwest
//!    split at blank lines by hand with each payload decoded by `serde_json::from_slice` (the
//!    ceiling of any typed client); and JSON calls per second at concurrency 1 and 32.
//! 3. Memory: peak resident memory (VmHWM from /proc/self/status) before and after consuming a
//!    1 GB stream.
//! 4. The generated chunk type, which decodes through the runtime's `json_struct!` table and
//!    remembers what the decoding policy filled in, against the same fields with serde's derive
//!    (`flatten` for unknown fields, `null_as_default`, no memory of fill-ins), interleaved in
//!    one run (`cargo bench … -- twin`).
//!
//! Every figure is the median of several runs with the spread (min to max).

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use anyfast::{ChatCompletionChunk, ChatCompletionRequest, ChatMessage, Client, EventStream, Model};
use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A chunk payload like the gateway sends: reasoning first, then the answer.
fn payload(i: usize) -> String {
    let delta = if i % 3 == 0 {
        format!(r#"{{"content":"","reasoning_content":"第{i}步：先想一想这个问题"}}"#)
    } else {
        format!(r#"{{"content":"答案的第{i}个片段，继续输出"}}"#)
    };
    format!(
        r#"{{"id":"chatcmpl-0217{i:08}","object":"chat.completion.chunk","created":1774236644,"model":"doubao-seed-1-6-251015","choices":[{{"index":0,"delta":{delta},"finish_reason":null}}]}}"#
    )
}

/// A chunk of an agentic answer: reasoning, then tool calls whose arguments stream in pieces
/// of escaped JSON, as a coding assistant's turns look.
fn agentic_payload(i: usize) -> String {
    let call = i / 4 % 3;
    let delta = match i % 4 {
        0 => format!(r#"{{"reasoning_content":"第{i}步：需要先读取文件再决定修改哪一行"}}"#),
        1 => format!(
            r#"{{"tool_calls":[{{"index":{call},"id":"call_{i:08}","type":"function","function":{{"name":"read_file","arguments":""}}}}]}}"#
        ),
        2 => format!(
            r#"{{"tool_calls":[{{"index":{call},"function":{{"arguments":"{{\"path\": \"src/lib{i}.rs\", "}}}}]}}"#
        ),
        _ => format!(
            r#"{{"tool_calls":[{{"index":{call},"function":{{"arguments":"\"start_line\": {i}, \"end_line\": 40}}"}}}}]}}"#
        ),
    };
    format!(
        r#"{{"id":"chatcmpl-0217{i:08}","object":"chat.completion.chunk","created":1774236644,"model":"doubao-seed-2.0-code","choices":[{{"index":0,"delta":{delta},"finish_reason":null}}]}}"#
    )
}

fn sse_body(n: usize) -> (Vec<String>, Vec<u8>) {
    sse_body_of(n, payload)
}

fn sse_body_of(n: usize, make: fn(usize) -> String) -> (Vec<String>, Vec<u8>) {
    let payloads: Vec<String> = (0..n).map(make).collect();
    let mut body = Vec::new();
    for p in &payloads {
        body.extend_from_slice(b"data: ");
        body.extend_from_slice(p.as_bytes());
        body.extend_from_slice(b"\n\n");
    }
    body.extend_from_slice(b"data: [DONE]\n\n");
    (payloads, body)
}

/// An in-memory body delivered in fixed-size pieces.
struct Pieces {
    body: Bytes,
    at: usize,
    piece: usize,
}

impl Stream for Pieces {
    type Item = reqwest::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.at >= self.body.len() {
            return Poll::Ready(None);
        }
        let end = (self.at + self.piece).min(self.body.len());
        let out = self.body.slice(self.at..end);
        self.at = end;
        Poll::Ready(Some(Ok(out)))
    }
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn decode_through_stream(rt: &tokio::runtime::Runtime, body: &Bytes, piece: usize) -> (usize, Duration) {
    rt.block_on(async {
        let source = Pieces {
            body: body.clone(),
            at: 0,
            piece,
        };
        let mut stream: EventStream<ChatCompletionChunk> =
            EventStream::from_bytes(source, Some("[DONE]"), Duration::from_secs(60));
        let started = Instant::now();
        let mut n = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.expect("decodes");
            n += chunk.choices.len();
        }
        (n, started.elapsed())
    })
}

fn bench_decoding(rt: &tokio::runtime::Runtime) {
    bench_decoding_of(rt, "chat chunks: reasoning and answer", payload);
    bench_decoding_of(rt, "agentic chunks: reasoning and streamed tool calls", agentic_payload);
}

fn bench_decoding_of(rt: &tokio::runtime::Runtime, what: &str, make: fn(usize) -> String) {
    const N: usize = 100_000;
    let (payloads, body) = sse_body_of(N, make);
    let body = Bytes::from(body);
    let mb = body.len() as f64 / 1e6;
    println!(
        "## Decoding {N} {what} ({:.1} MB, {} bytes per event on average)\n",
        mb,
        body.len() / N
    );
    println!("| path | MB/s (median, min–max) | chunks/s | share of ceiling |");
    println!("|---|---:|---:|---:|");
    let mut ceiling = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let mut n = 0;
        for p in &payloads {
            let chunk: ChatCompletionChunk = serde_json::from_slice(p.as_bytes()).expect("decodes");
            n += chunk.choices.len();
        }
        assert_eq!(n, N);
        ceiling.push(mb / started.elapsed().as_secs_f64());
    }
    let (c, cmin, cmax) = median(ceiling);
    println!(
        "| serde_json::from_slice on pre-split payloads (ceiling) | {c:.0} ({cmin:.0}–{cmax:.0}) | {:.0} | 100% |",
        c * 1e6 / (body.len() as f64 / N as f64)
    );
    for (label, piece, runs, n) in [
        ("EventStream, 1 KiB pieces", 1024, 7, N),
        ("EventStream, 64 KiB pieces", 65536, 7, N),
        ("EventStream, 1-byte pieces", 1, 3, N),
    ] {
        let mut rates = Vec::new();
        for _ in 0..runs {
            let (count, took) = decode_through_stream(rt, &body, piece);
            assert_eq!(count, n);
            rates.push(mb / took.as_secs_f64());
        }
        let (m, lo, hi) = median(rates);
        println!(
            "| {label} | {m:.0} ({lo:.0}–{hi:.0}) | {:.0} | {:.0}% |",
            m * 1e6 / (body.len() as f64 / N as f64),
            100.0 * m / c
        );
    }
    println!();
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with `response`.
async fn serve(response: Arc<Vec<u8>>) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    // Read one request: headers, then a Content-Length body.
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.drain(..head_end + len);
                    if socket.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

fn http_response(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn request() -> ChatCompletionRequest {
    ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("你好")])
}

async fn bench_end_to_end() {
    const N: usize = 200_000;
    let (_, body) = sse_body(N);
    let mb = body.len() as f64 / 1e6;
    let addr = serve(Arc::new(http_response("text/event-stream", &body))).await;
    let url = format!("http://{addr}");
    let client = Client::builder().api_key("k").base_url(&url).build().expect("client");
    let raw = reqwest::Client::new();
    println!("## End to end: {N} chunks ({mb:.1} MB) from 127.0.0.1\n");
    let mut raw_rates = Vec::new();
    let mut serde_rates = Vec::new();
    let mut ours = Vec::new();
    // The response as plain reqwest reads it, before any decoding.
    let raw_stream = || async {
        let response = raw
            .post(format!("{url}/v1/chat/completions"))
            .body("{}")
            .send()
            .await
            .expect("raw");
        response.bytes_stream()
    };
    for _ in 0..5 {
        let started = Instant::now();
        let mut stream = raw_stream().await;
        let mut total = 0;
        while let Some(piece) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            total += piece.expect("bytes").len();
        }
        assert_eq!(total, body.len());
        raw_rates.push(N as f64 / started.elapsed().as_secs_f64());

        // The floor any typed client has: the same bytes split at blank lines by hand and each
        // payload decoded with serde_json, no SSE parsing beyond that.
        let started = Instant::now();
        let mut stream = raw_stream().await;
        let (mut buffer, mut n) = (Vec::<u8>::new(), 0);
        while let Some(piece) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            buffer.extend_from_slice(&piece.expect("bytes"));
            let mut at = 0;
            while let Some(end) = memchr::memmem::find(&buffer[at..], b"\n\n") {
                let data = &buffer[at + b"data: ".len()..at + end];
                if data != b"[DONE]" {
                    let chunk: ChatCompletionChunk = serde_json::from_slice(data).expect("decodes");
                    std::hint::black_box(chunk);
                    n += 1;
                }
                at += end + 2;
            }
            buffer.drain(..at);
        }
        assert_eq!(n, N);
        serde_rates.push(N as f64 / started.elapsed().as_secs_f64());

        let started = Instant::now();
        let mut stream = client
            .create_chat_completion_stream(&request())
            .await
            .expect("a stream");
        let mut n = 0;
        while let Some(chunk) = stream.next().await {
            chunk.expect("decodes");
            n += 1;
        }
        assert_eq!(n, N);
        ours.push(N as f64 / started.elapsed().as_secs_f64());
    }
    let (r, rlo, rhi) = median(raw_rates);
    let (d, dlo, dhi) = median(serde_rates);
    let (o, olo, ohi) = median(ours);
    let per = body.len() as f64 / N as f64 / 1e6;
    println!("| path | chunks/s (median, min–max) | MB/s | share of raw bytes | share of raw + serde |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| reqwest, raw bytes | {r:.0} ({rlo:.0}–{rhi:.0}) | {:.0} | 100% | |",
        r * per
    );
    println!(
        "| reqwest + blank-line split + `serde_json::from_slice` (ceiling) | {d:.0} ({dlo:.0}–{dhi:.0}) | {:.0} | {:.0}% | 100% |",
        d * per,
        100.0 * d / r
    );
    println!(
        "| anyfast `create_chat_completion_stream` | {o:.0} ({olo:.0}–{ohi:.0}) | {:.0} | {:.0}% | {:.0}% |\n",
        o * per,
        100.0 * o / r,
        100.0 * o / d
    );

    let completion = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1774236644,"model":"doubao-seed-1-6-251015","choices":[{"index":0,"message":{"role":"assistant","content":"你好！有什么可以帮你？","reasoning_content":"用户在打招呼"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":9,"total_tokens":12}}"#.as_bytes();
    let addr = serve(Arc::new(http_response("application/json", completion))).await;
    let client = Client::builder()
        .api_key("k")
        .base_url(format!("http://{addr}"))
        .build()
        .expect("client");
    println!("## JSON calls to 127.0.0.1\n");
    println!("| concurrency | calls/s (median, min–max) |");
    println!("|---:|---:|");
    for concurrency in [1usize, 32] {
        let calls = 4000;
        let mut rates = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            let mut tasks = Vec::new();
            for _ in 0..concurrency {
                let client = client.clone();
                tasks.push(tokio::spawn(async move {
                    for _ in 0..calls / concurrency {
                        client.create_chat_completion(&request()).await.expect("a completion");
                    }
                }));
            }
            for t in tasks {
                t.await.expect("task");
            }
            rates.push(calls as f64 / started.elapsed().as_secs_f64());
        }
        let (m, lo, hi) = median(rates);
        println!("| {concurrency} | {m:.0} ({lo:.0}–{hi:.0}) |");
    }
    println!();
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}

/// A 1 GB stream generated on the fly, so the source holds no more than one piece.
struct Endless {
    event: Bytes,
    left: usize,
}

impl Stream for Endless {
    type Item = reqwest::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        self.left -= 1;
        if self.left == 0 {
            return Poll::Ready(Some(Ok(Bytes::from_static(b"data: [DONE]\n\n"))));
        }
        Poll::Ready(Some(Ok(self.event.clone())))
    }
}

fn bench_memory(rt: &tokio::runtime::Runtime) {
    // 5,000 events per piece, each piece about 1.25 MB; 800 pieces make a gigabyte.
    let mut piece = Vec::new();
    for i in 0..5000 {
        piece.extend_from_slice(format!("data: {}\n\n", payload(i)).as_bytes());
    }
    let pieces = (1_000_000_000 / piece.len()) + 1;
    let before = peak_rss_kb();
    let (n, took) = rt.block_on(async {
        let source = Endless {
            event: Bytes::from(piece.clone()),
            left: pieces + 1,
        };
        let mut stream: EventStream<ChatCompletionChunk> =
            EventStream::from_bytes(source, Some("[DONE]"), Duration::from_secs(60));
        let started = Instant::now();
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            chunk.expect("decodes");
            n += 1;
        }
        (n, started.elapsed())
    });
    let after = peak_rss_kb();
    println!("## Memory\n");
    println!(
        "{:.2} GB ({n} chunks) streamed in {:.1} s; peak RSS {} MB before, {} MB after (VmHWM from /proc/self/status).\n",
        (pieces * piece.len()) as f64 / 1e9,
        took.as_secs_f64(),
        before / 1024,
        after / 1024
    );
}

fn main() {
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if only.as_deref().is_none_or(|o| o == "decode") {
        bench_decoding(&rt);
    }
    if only.as_deref().is_none_or(|o| o == "e2e") {
        rt.block_on(bench_end_to_end());
    }
    if only.as_deref().is_none_or(|o| o == "memory") {
        bench_memory(&rt);
    }
    if only.as_deref().is_none_or(|o| o == "twin") {
        bench_twin();
    }
}

/// The chunk as serde's derive reads it: the same fields, the same lenient reading, nothing
/// remembered.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DirectChunk {
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    id: String,
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    object: anyfast::ChatCompletionChunkObject,
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    created: i64,
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    model: String,
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    choices: Vec<DirectChoice>,
    #[serde(default)]
    usage: Option<anyfast::Usage>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct DirectChoice {
    #[serde(default, deserialize_with = "anyfast::runtime::null_as_default")]
    index: i64,
    delta: anyfast::ChatCompletionDelta,
    #[serde(default)]
    finish_reason: Option<anyfast::FinishReason>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

fn bench_twin() {
    const N: usize = 100_000;
    let payloads: Vec<String> = (0..N).map(payload).collect();
    let mb = payloads.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let (mut twin, mut direct) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        let started = Instant::now();
        for p in &payloads {
            let c: ChatCompletionChunk = serde_json::from_str(p).expect("decodes");
            std::hint::black_box(c);
        }
        twin.push(mb / started.elapsed().as_secs_f64());
        let started = Instant::now();
        for p in &payloads {
            let c: DirectChunk = serde_json::from_str(p).expect("decodes");
            std::hint::black_box(c);
        }
        direct.push(mb / started.elapsed().as_secs_f64());
    }
    let ((t, tlo, thi), (d, dlo, dhi)) = (median(twin), median(direct));
    println!("## The generated chunk against serde's derive: decoding {N} chat chunks, interleaved\n");
    println!("| type | MB/s (median, min–max) | share of direct |");
    println!("|---|---:|---:|");
    println!("| the same fields through serde's derive | {d:.0} ({dlo:.0}–{dhi:.0}) | 100% |");
    println!(
        "| `ChatCompletionChunk` (`json_struct!`) | {t:.0} ({tlo:.0}–{thi:.0}) | {:.0}% |\n",
        100.0 * t / d
    );
}
