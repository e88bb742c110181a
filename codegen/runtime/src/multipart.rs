//! `multipart/form-data` bodies, encoded in memory so a request can be sent again on retry.

use bytes::Bytes;

/// A `multipart/form-data` body: text fields and files, in the order they are added, such as
/// `Multipart::new().text("purpose", "fine-tune").file("file", "train.jsonl", "application/jsonl", bytes)`.
///
/// (No doctest here: the runtime is copied into every generated crate, under that crate's name.)
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file field with its file name and content type.
    #[must_use]
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// How many fields the form has.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no field.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The body and its `Content-Type`: `media_type` with the boundary. The boundary is chosen
    /// so that it occurs in no part.
    pub(crate) fn encode(&self, media_type: &str) -> (String, Bytes) {
        let mut boundary = String::from("anyfast-boundary-7MA4YWxkTrZu0gW");
        while self
            .parts
            .iter()
            .any(|p| memchr::memmem::find(&p.data, boundary.as_bytes()).is_some())
        {
            boundary.push('x');
        }
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ");
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(&part.name));
            if let Some(file) = &part.file_name {
                disposition += &format!("; filename=\"{}\"", quote(file));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(kind) = &part.content_type {
                body.extend_from_slice(format!("Content-Type: {}\r\n", quote(kind)).as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("{media_type}; boundary={boundary}"), Bytes::from(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_a_boundary_no_part_contains() {
        let form = Multipart::new().text("purpose", "a \"quoted\" value").file(
            "file",
            "a.txt",
            "text/plain",
            &b"--anyfast-boundary-7MA4YWxkTrZu0gW"[..],
        );
        let (content_type, body) = form.encode("multipart/form-data");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("boundary");
        assert_eq!(boundary, "anyfast-boundary-7MA4YWxkTrZu0gWx", "moved off the data");
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\na \"quoted\" value\r\n"
        )));
        assert!(text.contains("name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert!(Multipart::new().is_empty());
    }

    #[test]
    fn other_multipart_types_keep_their_parameters_and_get_the_boundary() {
        let form = Multipart::new().text("metadata", "{}");
        let (content_type, body) = form.encode("multipart/related; type=\"application/json\"");
        let boundary = content_type
            .strip_prefix("multipart/related; type=\"application/json\"; boundary=")
            .expect("the media type, then the boundary");
        assert!(String::from_utf8_lossy(&body).ends_with(&format!("--{boundary}--\r\n")));
    }
}
