//! How a request carries the API key: the API's scheme, or an operation's own.

/// How the API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// Not at all.
    None,
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <base64 of key>`: the key is `user:password`.
    Basic,
    /// In the named header.
    Header(&'static str),
    /// As the named query parameter.
    Query(&'static str),
    /// As the named cookie.
    Cookie(&'static str),
}

/// A credential sent beside the API key, for a security scheme that a requirement names
/// together with the key's (an `apikey` header and a bearer token at once). Set it with
/// `ClientBuilder::credential(name, value)`, or in `<PREFIX>_<ENV>` for `from_env`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential {
    /// The security scheme's name in the spec, as `ClientBuilder::credential` takes it.
    pub name: &'static str,
    /// Its environment variable after the prefix: the name in screaming snake case.
    pub env: &'static str,
    /// How it is sent.
    pub scheme: AuthScheme,
}

/// Standard base64 with padding, for HTTP Basic credentials.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
