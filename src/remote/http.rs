//! A small, careful HTTP client over `ureq`: one origin only, bounded retries with
//! `Retry-After` back-off, same-host redirects only, no proxy from the environment,
//! and error messages that name the variable or permission to fix, with every secret
//! redacted.

use std::io::Read;
use std::time::Duration;

use super::RemoteError;

/// Limits for every request.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Retries after the first attempt (network errors, 429, 502, 503, 504).
    pub retries: u32,
    /// The longest back-off readylens accepts; a server asking for more is an error.
    pub max_wait: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(30),
            retries: 3,
            max_wait: Duration::from_secs(60),
        }
    }
}

/// What to tell the user when the tracker says 401, 403 or 404.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub unauthorized: String,
    pub forbidden: String,
    pub not_found: String,
}

/// A response with a 2xx status.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Largest response body read (a page of 100 Jira issues with every field is a few MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// `scheme://host[:port]` of an http(s) URL, lower-cased; `None` for anything else
/// (including URLs carrying credentials).
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    if authority.is_empty() || authority.contains('@') || authority.contains(char::is_whitespace) {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Standard base64 with padding (for HTTP basic authentication).
pub fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        let sym =
            |shift: u32| char::from(T.get(((n >> shift) & 63) as usize).copied().unwrap_or(b'='));
        out.push(sym(18));
        out.push(sym(12));
        out.push(if chunk.len() > 1 { sym(6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(0) } else { '=' });
    }
    out
}

/// Replace every secret in `text` with `***`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s.as_str(), "***");
    }
    out
}

/// The URL without its query (for messages: queries can be long).
fn short(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// The readable part of an error body: Jira `errorMessages`, GitHub/GitLab `message`,
/// GraphQL `errors[].message`, or the start of the text.
pub fn error_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        let mut msgs: Vec<String> = Vec::new();
        if let Some(a) = v.get("errorMessages").and_then(|a| a.as_array()) {
            msgs.extend(a.iter().filter_map(|m| m.as_str().map(str::to_string)));
        }
        if let Some(o) = v.get("errors").and_then(|e| e.as_object()) {
            msgs.extend(
                o.iter()
                    .filter_map(|(k, m)| m.as_str().map(|m| format!("{k}: {m}"))),
            );
        }
        if let Some(a) = v.get("errors").and_then(|e| e.as_array()) {
            msgs.extend(a.iter().filter_map(|e| {
                e.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            }));
        }
        for k in ["message", "error_description", "error"] {
            if let Some(m) = v.get(k).and_then(|m| m.as_str()) {
                msgs.push(m.to_string());
            }
        }
        if !msgs.is_empty() {
            return clip(&msgs.join("; "), 400);
        }
    }
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    clip(&flat, 200)
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Seconds to wait from a `Retry-After` (delay-seconds; an HTTP date is not parsed and
/// falls back to the default back-off) or GitHub's `x-ratelimit-reset` (epoch seconds).
fn retry_after(headers: &[(String, String)]) -> Option<u64> {
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.trim())
    };
    if let Some(s) = get("retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(s);
    }
    if get("x-ratelimit-remaining") == Some("0") {
        let reset = get("x-ratelimit-reset")?.parse::<u64>().ok()?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Some(reset.saturating_sub(now).max(1));
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A client bound to one origin.
pub struct Client {
    agent: ureq::Agent,
    origin: String,
    secrets: Vec<String>,
    opts: Options,
    hints: Hints,
    /// Seconds slept in back-off so far (reported by tests and the summary line).
    waited: std::cell::Cell<u64>,
}

struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Client {
    /// A client that contacts only the origin of `base_url`. `secrets` are redacted
    /// from every message.
    pub fn new(
        base_url: &str,
        secrets: Vec<String>,
        opts: Options,
        hints: Hints,
    ) -> Result<Client, RemoteError> {
        let origin = origin(base_url).ok_or_else(|| {
            RemoteError::Config(format!(
                "`{}` is not an http(s) URL (and must not carry credentials)",
                redact(base_url, &secrets)
            ))
        })?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(opts.timeout))
            .user_agent(concat!("readylens/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Client {
            agent: config.into(),
            origin,
            secrets,
            opts,
            hints,
            waited: std::cell::Cell::new(0),
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Seconds spent waiting on back-off.
    pub fn waited(&self) -> u64 {
        self.waited.get()
    }

    fn raw(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
    ) -> Result<Raw, String> {
        let resp = match method {
            Method::Get => {
                let mut req = self.agent.get(url);
                for (k, v) in headers {
                    req = req.header(*k, v.as_str());
                }
                req.call()
            }
            Method::Post => {
                let mut req = self.agent.post(url);
                for (k, v) in headers {
                    req = req.header(*k, v.as_str());
                }
                req.send(body.unwrap_or(&[]))
            }
        };
        let mut resp = resp.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        resp.body_mut()
            .as_reader()
            .take(MAX_BODY)
            .read_to_end(&mut body)
            .map_err(|e| format!("reading the response failed: {e}"))?;
        Ok(Raw {
            status,
            headers,
            body,
        })
    }

    fn sleep(&self, secs: u64) {
        self.waited.set(self.waited.get().saturating_add(secs));
        std::thread::sleep(Duration::from_secs(secs));
    }

    /// Send a request; return a 2xx response or an error saying what to fix.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, String)],
        body: Option<&[u8]>,
    ) -> Result<Response, RemoteError> {
        let red = |s: &str| redact(s, &self.secrets);
        if origin(url).as_deref() != Some(self.origin.as_str()) {
            return Err(RemoteError::Unreachable(format!(
                "refusing to contact {}: readylens contacts only {}",
                red(short(url)),
                self.origin
            )));
        }
        let mut current = url.to_string();
        let mut method = method;
        let mut attempt: u32 = 0;
        let mut redirects = 0;
        loop {
            let raw = match self.raw(method, &current, headers, body) {
                Ok(r) => r,
                Err(e) => {
                    if attempt < self.opts.retries {
                        let wait = (1u64 << attempt.min(6)).min(self.opts.max_wait.as_secs());
                        attempt += 1;
                        self.sleep(wait);
                        continue;
                    }
                    return Err(RemoteError::Unreachable(format!(
                        "cannot reach {}: {} (after {} attempt{})",
                        red(short(&current)),
                        red(&e),
                        attempt + 1,
                        if attempt == 0 { "" } else { "s" }
                    )));
                }
            };
            let status = raw.status;
            let what = || {
                format!(
                    "{} answered HTTP {status}: {}",
                    red(short(&current)),
                    red(&error_text(&raw.body))
                )
            };
            let rate_limited = status == 429
                || matches!(status, 502..=504)
                || (status == 403 && retry_after(&raw.headers).is_some());
            if rate_limited {
                let wait = retry_after(&raw.headers)
                    .unwrap_or_else(|| 1u64 << attempt.min(6))
                    .max(1);
                if wait > self.opts.max_wait.as_secs() {
                    return Err(RemoteError::Unreachable(format!(
                        "{}; the server asks to wait {wait} s, more than --max-wait {} s",
                        what(),
                        self.opts.max_wait.as_secs()
                    )));
                }
                if attempt >= self.opts.retries {
                    return Err(RemoteError::Unreachable(format!(
                        "{} (gave up after {} attempt{})",
                        what(),
                        attempt + 1,
                        if attempt == 0 { "" } else { "s" }
                    )));
                }
                attempt += 1;
                self.sleep(wait);
                continue;
            }
            match status {
                200..=202 | 204..=299 => {
                    return Ok(Response {
                        status,
                        headers: raw.headers,
                        body: raw.body,
                    })
                }
                // Azure DevOps answers a bad token with "203 Non-Authoritative" and a
                // sign-in page.
                203 => {
                    return Err(RemoteError::Config(format!(
                        "{} answered with a sign-in page (HTTP 203): {}",
                        red(short(&current)),
                        self.hints.unauthorized
                    )))
                }
                301 | 302 | 303 | 307 | 308 => {
                    let loc = raw
                        .headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("location"))
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    let next = if loc.starts_with('/') && !loc.starts_with("//") {
                        format!("{}{loc}", self.origin)
                    } else {
                        loc
                    };
                    if origin(&next).as_deref() != Some(self.origin.as_str()) {
                        return Err(RemoteError::Config(format!(
                            "{} redirects to {} (HTTP {status}); readylens contacts only {}. {}",
                            red(short(&current)),
                            red(short(&next)),
                            self.origin,
                            self.hints.unauthorized
                        )));
                    }
                    redirects += 1;
                    if redirects > 3 {
                        return Err(RemoteError::Unreachable(format!(
                            "too many redirects from {}",
                            red(short(url))
                        )));
                    }
                    if status == 303 {
                        method = Method::Get;
                    }
                    current = next;
                }
                401 => {
                    return Err(RemoteError::Config(format!(
                        "{}. {}",
                        what(),
                        self.hints.unauthorized
                    )))
                }
                403 => {
                    return Err(RemoteError::Config(format!(
                        "{}. {}",
                        what(),
                        self.hints.forbidden
                    )))
                }
                404 => {
                    return Err(RemoteError::Config(format!(
                        "{}. {}",
                        what(),
                        self.hints.not_found
                    )))
                }
                400 | 405 | 409 | 410 | 413 | 414 | 422 => {
                    return Err(RemoteError::Config(format!(
                        "{}. The tracker rejected the request: check the query and filters.",
                        what()
                    )))
                }
                _ => return Err(RemoteError::Unreachable(what())),
            }
        }
    }

    /// Redact secrets from a message.
    pub fn redact(&self, s: &str) -> String {
        redact(s, &self.secrets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            base64(b"user@example.com:tok"),
            "dXNlckBleGFtcGxlLmNvbTp0b2s="
        );
        assert_eq!(base64(b":pat"), "OnBhdA==");
        assert_eq!(base64(b""), "");
        assert_eq!(
            encode("project = MESOS AND x~\"a b\""),
            "project%20%3D%20MESOS%20AND%20x~%22a%20b%22"
        );
        assert_eq!(
            origin("HTTPS://Issues.Apache.org/jira/rest?x=1").as_deref(),
            Some("https://issues.apache.org")
        );
        assert_eq!(
            origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin("https://user:pw@host/"), None);
        assert_eq!(origin("file:///etc/passwd"), None);
        assert_eq!(
            redact("token abcd1234 here", &["abcd1234".into()]),
            "token *** here"
        );
        assert_eq!(
            error_text(br#"{"errorMessages":["The value 'X' does not exist for the field 'project'."],"errors":{}}"#),
            "The value 'X' does not exist for the field 'project'."
        );
        assert_eq!(retry_after(&[("Retry-After".into(), "7".into())]), Some(7));
        assert_eq!(retry_after(&[]), None);
    }
}
