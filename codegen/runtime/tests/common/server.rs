//! A tiny scripted HTTP/1.1 server on 127.0.0.1 and JSON comparison, shared by the runtime's
//! integration tests and (through `#[path]`) by those of the crates generated on it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// JSON equality where numbers compare by value, so `1` equals `1.0` as JSON itself says.
pub fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w))),
        _ => a == b,
    }
}

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response with a `Content-Length`.
    Full {
        /// The status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// A chunked response written piece by piece.
    Chunked {
        /// Extra headers (a content type, usually).
        headers: Vec<(String, String)>,
        /// The body, written in pieces of this size.
        body: Vec<u8>,
        /// Bytes per write.
        piece: usize,
        /// How the response ends.
        end: End,
    },
    /// Reads the request, then holds the connection open without answering.
    Stall,
    /// Reads the request, then closes the connection without answering.
    Close,
}

/// How a chunked response ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// With the final empty chunk: a complete body.
    Complete,
    /// The connection closes mid-body.
    Drop,
    /// The connection stays open and silent.
    Stall,
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(body).expect("json"),
        }
    }

    /// A response with any body and extra headers.
    pub fn raw(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Self {
        Reply::Full {
            status,
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: body.to_vec(),
        }
    }

    /// An SSE response written in pieces of `piece` bytes.
    pub fn sse(body: &str, piece: usize, end: End) -> Self {
        Reply::Chunked {
            headers: vec![("content-type".into(), "text/event-stream".into())],
            body: body.as_bytes().to_vec(),
            piece,
            end,
        }
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request line, such as `POST /v1/chat/completions HTTP/1.1`.
    pub line: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Seen {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// A scripted server: connection `n` gets reply `n` (the last reply repeats).
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server on 127.0.0.1 with these replies.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let task = tokio::spawn(async move {
            let mut n = 0;
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let reply = replies.get(n).or(replies.last()).cloned().unwrap_or(Reply::Close);
                n += 1;
                let seen = seen2.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, reply, seen).await;
                });
            }
        });
        Server { addr, seen, task }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request(socket: &mut TcpStream) -> std::io::Result<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[header_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Seen { line, headers, body })
}

async fn serve(mut socket: TcpStream, reply: Reply, seen: Arc<Mutex<Vec<Seen>>>) -> std::io::Result<()> {
    let request = read_request(&mut socket).await?;
    seen.lock().expect("lock").push(request);
    match reply {
        Reply::Full { status, headers, body } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body).await?;
        }
        Reply::Chunked {
            headers,
            body,
            piece,
            end,
        } => {
            let mut head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n".to_owned();
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            socket.write_all(head.as_bytes()).await?;
            for part in body.chunks(piece.max(1)) {
                socket.write_all(format!("{:x}\r\n", part.len()).as_bytes()).await?;
                socket.write_all(part).await?;
                socket.write_all(b"\r\n").await?;
                socket.flush().await?;
            }
            match end {
                End::Complete => socket.write_all(b"0\r\n\r\n").await?,
                End::Drop => return Ok(()),
                End::Stall => tokio::time::sleep(Duration::from_secs(30)).await,
            }
        }
        Reply::Stall => tokio::time::sleep(Duration::from_secs(30)).await,
        Reply::Close => return Ok(()),
    }
    socket.flush().await?;
    Ok(())
}
