//! Load and flood benchmarks. Run with `cargo bench -p anyfast --bench load`.
//!
//! 1. Concurrency: 256 streams open at once against a server on 127.0.0.1 running in a child
//!    process (so the figures are the client's alone): resident memory per open stream, then
//!    the throughput of reading all of them to the end, then whether any file descriptor or
//!    task outlives the streams.
//! 2. Flood: a hostile server sends 256 MiB without a line end; the client stops at its event
//!    limit, and peak memory (VmHWM) is reported before and after.

use std::io::{BufRead, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyfast::runtime::StreamError;
use anyfast::{ChatCompletionChunk, ChatCompletionRequest, ChatMessage, Client, Error, EventStream, Model};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const STREAMS: usize = 256;
/// Events each stream carries after its first.
const EVENTS: usize = 2_000;

fn payload(i: usize) -> String {
    format!(
        r#"{{"id":"chatcmpl-{i:08}","object":"chat.completion.chunk","created":1774236644,"model":"doubao-seed-1-6-251015","choices":[{{"index":0,"delta":{{"content":"答案的第{i}个片段，继续输出"}},"finish_reason":null}}]}}"#
    )
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix(field)
                    .map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn request() -> ChatCompletionRequest {
    ChatCompletionRequest::new(Model::DoubaoSeed1_6_251015, [ChatMessage::user("你好")])
}

/// Reads one request (headers and a Content-Length body) from a connection.
async fn read_request(socket: &mut tokio::net::TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4) {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            if buf.len() >= end + len {
                return true;
            }
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The child process: a server that answers each request with one event, waits until a line
/// arrives on stdin (all streams are open), then sends the rest and closes. `flood` sends
/// 256 MiB without a line end instead.
fn serve(mode: &str) {
    let flood = mode == "flood";
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        println!("{}", listener.local_addr().expect("addr").port());
        std::io::stdout().flush().expect("flush");
        let (go, gate) = tokio::sync::watch::channel(false);
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            let _ = go.send(true);
        });
        let mut rest = String::new();
        for i in 1..=EVENTS {
            rest += &format!("data: {}\n\n", payload(i));
        }
        rest += "data: [DONE]\n\n";
        let rest = std::sync::Arc::new(rest.into_bytes());
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (mut gate, rest) = (gate.clone(), rest.clone());
            tokio::spawn(async move {
                if !read_request(&mut socket).await {
                    return;
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
                let _ = socket.write_all(head.as_bytes()).await;
                if flood {
                    let junk = vec![b'x'; 1 << 20];
                    for _ in 0..256 {
                        if socket.write_all(&junk).await.is_err() {
                            return;
                        }
                    }
                    return;
                }
                let _ = socket.write_all(format!("data: {}\n\n", payload(0)).as_bytes()).await;
                let _ = gate.wait_for(|open| *open).await;
                let _ = socket.write_all(&rest).await;
                let _ = socket.shutdown().await;
            });
        }
    });
}

/// Starts the server child and returns it with its port.
fn start_server(mode: &str) -> (Child, u16) {
    let mut child = Command::new(std::env::current_exe().expect("bench binary"))
        .args(["--serve", mode])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("server process");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("port");
    (child, line.trim().parse().expect("a port"))
}

fn bench_concurrency(rt: &tokio::runtime::Runtime) {
    let (mut server, port) = start_server("streams");
    let fds_before = open_fds();
    let tasks_before = rt.metrics().num_alive_tasks();
    let (rss_before, rss_open, took, events, bytes) = rt.block_on(async {
        let client = Client::builder()
            .api_key("k")
            .base_url(format!("http://127.0.0.1:{port}"))
            .build()
            .expect("client");
        let rss_before = status_kb("VmRSS:");
        let mut streams: Vec<EventStream<ChatCompletionChunk>> = Vec::with_capacity(STREAMS);
        for _ in 0..STREAMS {
            streams.push(
                client
                    .create_chat_completion_stream(&request())
                    .await
                    .expect("a stream"),
            );
        }
        // Every stream has connected and read its first event: all are open at once.
        let rss_open = status_kb("VmRSS:");
        let started = Instant::now();
        server.stdin.as_mut().expect("stdin").write_all(b"go\n").expect("go");
        let readers: Vec<_> = streams
            .into_iter()
            .map(|mut stream| {
                tokio::spawn(async move {
                    let mut n = 0usize;
                    while let Some(chunk) = stream.next().await {
                        chunk.expect("decodes");
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        let mut events = 0;
        for r in readers {
            events += r.await.expect("reader");
        }
        let bytes: usize = (0..=EVENTS).map(|i| payload(i).len() + 8).sum::<usize>() * STREAMS;
        (rss_before, rss_open, started.elapsed(), events, bytes)
    });
    // Connections close with their streams; give the runtime a moment to reap them.
    std::thread::sleep(Duration::from_millis(200));
    let fds_after = open_fds();
    let tasks_after = rt.metrics().num_alive_tasks();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(events, STREAMS * (EVENTS + 1), "every event of every stream");
    let per_stream = (rss_open.saturating_sub(rss_before)) as f64 / STREAMS as f64;
    println!("## {STREAMS} concurrent streams from 127.0.0.1 (server in a child process)\n");
    println!("| measure | value |");
    println!("|---|---:|");
    println!("| resident memory before opening | {} MB |", rss_before / 1024);
    println!(
        "| resident memory with {STREAMS} streams open | {} MB |",
        rss_open / 1024
    );
    println!("| memory per open stream | {per_stream:.0} KB |");
    println!(
        "| throughput reading all to the end | {:.0} chunks/s, {:.0} MB/s |",
        events as f64 / took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64()
    );
    println!("| open file descriptors before / after | {fds_before} / {fds_after} |");
    println!("| live tokio tasks before / after | {tasks_before} / {tasks_after} |\n");
}

fn bench_flood(rt: &tokio::runtime::Runtime) {
    let (mut server, port) = start_server("flood");
    let peak_before = status_kb("VmHWM:");
    let (result, took) = rt.block_on(async {
        let client = Client::builder()
            .api_key("k")
            .base_url(format!("http://127.0.0.1:{port}"))
            .build()
            .expect("client");
        let started = Instant::now();
        let result = match client.create_chat_completion_stream(&request()).await {
            Ok(mut stream) => stream.next().await.map(|r| r.map(|_| ())),
            Err(e) => Some(Err(e)),
        };
        (result, started.elapsed())
    });
    let peak_after = status_kb("VmHWM:");
    let _ = server.kill();
    let _ = server.wait();
    let stopped = matches!(result, Some(Err(Error::Stream(StreamError::TooLarge { .. }))));
    println!("## Flood: 256 MiB without a line end\n");
    println!(
        "Stopped with `StreamError::TooLarge` at the 16 MiB default: {stopped}, after {:.0} ms; peak RSS {} MB before, {} MB after.\n",
        took.as_secs_f64() * 1e3,
        peak_before / 1024,
        peak_after / 1024
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        serve(args.get(i + 1).map_or("streams", String::as_str));
        return;
    }
    let only = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if only.as_deref().is_none_or(|o| o == "flood") {
        bench_flood(&rt);
    }
    if only.as_deref().is_none_or(|o| o == "concurrency") {
        bench_concurrency(&rt);
    }
}
