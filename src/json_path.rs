//! Decode JSON and, on error, name the JSON path of the value that was wrong.
//!
//! serde_json reports *where* in the text decoding failed (line and column); this module
//! reads the text up to that point and names the path there, in the notation
//! `serde_path_to_error` used before it (`duplicates.top`, `[3].estimate`, `.` for the
//! root). Decoding itself is plain `serde_json::from_str`: wrapping every `Deserialize`
//! visitor to track the path cost 31 KB gzip of the `.wasm` and ~4.6 % of the WASM
//! analysis time (docs/size.md), and the path is only needed when something is wrong.

use serde::de::DeserializeOwned;

/// A decode error and the JSON path of the value it is about.
#[derive(Debug)]
pub struct PathError {
    /// `duplicates.top`, `[3].estimate`, or `.` for the document itself.
    pub path: String,
    /// serde_json's error (its message ends with the line and column).
    pub inner: serde_json::Error,
}

/// `serde_json::from_str`, with the JSON path of the failing value on error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, PathError> {
    serde_json::from_str(text).map_err(|inner| PathError {
        path: error_path(text, &inner),
        inner,
    })
}

/// The path of the value a decode error of `text` is about.
fn error_path(text: &str, err: &serde_json::Error) -> String {
    let offset = byte_offset(text, err.line(), err.column());
    let scan = scan(text, offset);
    if !err.is_data() {
        return render(&scan.stack);
    }
    let message = err.to_string();
    let mut stack = scan.stack;
    // An object or a list where something else was expected is reported at its first
    // byte (`{` or `[`), or just inside it: when the byte there is what the message names,
    // the error is about that value (an array element that has begun).
    let unexpected = if message.starts_with("invalid type: map") {
        Some(b'{')
    } else if message.starts_with("invalid type: sequence") {
        Some(b'[')
    } else {
        None
    };
    // (Unless closing brackets came just before: then the value that ended there, read
    // whole, is the one in error, and the next one is untouched.)
    if unexpected.is_some() && unexpected == scan.next && !scan.closed_before {
        begin_value(&mut stack);
        return render(&stack);
    }
    // An error that surfaces after closing brackets (and a comma) is about the value that
    // ended where they begin: serde_json's map and list readers consume their closing
    // bracket (a list also the comma after an element) before an error from inside
    // reaches them, and a missing field, a list of the wrong length or a value read
    // whole first (an internally tagged block) is reported only then.
    if let Some(before) = scan.before_closing {
        return render(&before);
    }
    // An unknown variant written as an object (`{"variant": …}`) is reported right after
    // its key: the path is the object's, not that key's.
    if scan.after_key && message.starts_with("unknown variant") {
        if let Some(Frame::Object(k)) = stack.last_mut() {
            *k = None;
        }
    }
    render(&stack)
}

/// The byte offset of serde_json's (1-based line, column = bytes into the line).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    start.saturating_add(column).min(text.len())
}

#[derive(Clone)]
enum Frame {
    /// An object and the last key read in it.
    Object(Option<String>),
    /// An array, the index of its current element, and whether that element has begun.
    Array(usize, bool),
}

/// The JSON path at byte `offset` of `text` (every token that begins before `offset` is
/// read).
pub fn path_at(text: &str, offset: usize) -> String {
    render(&scan(text, offset).stack)
}

struct Scan {
    /// The open objects and arrays at the offset.
    stack: Vec<Frame>,
    /// The last token read was an object's key.
    after_key: bool,
    /// The first byte from the offset on that is not white space.
    next: Option<u8>,
    /// When the last tokens read were closing brackets and commas: the open objects and
    /// arrays just after the first of them (before it, if that was a comma).
    before_closing: Option<Vec<Frame>>,
    /// Those last tokens include a closing bracket.
    closed_before: bool,
}

/// Read every token of `text` that begins before byte `offset`.
fn scan(text: &str, offset: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    // In an object: true while the next string is a key.
    let mut expect_key = false;
    let mut after_key = false;
    let mut before_closing: Option<Vec<Frame>> = None;
    let mut closed_before = false;
    let mut i = 0;
    while i < offset.min(bytes.len()) {
        let Some(&b) = bytes.get(i) else { break };
        if !b.is_ascii_whitespace() {
            after_key = b == b'"' && expect_key;
            match b {
                b',' if before_closing.is_none() => before_closing = Some(stack.clone()),
                b'}' | b']' => closed_before = true,
                b',' => {}
                _ => {
                    before_closing = None;
                    closed_before = false;
                }
            }
        }
        match b {
            b'{' => {
                begin_value(&mut stack);
                stack.push(Frame::Object(None));
                expect_key = true;
                i += 1;
            }
            b'[' => {
                begin_value(&mut stack);
                stack.push(Frame::Array(0, false));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                if before_closing.is_none() {
                    before_closing = Some(stack.clone());
                }
                expect_key = false;
                i += 1;
            }
            b':' => {
                expect_key = false;
                i += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Object(_)) => expect_key = true,
                    Some(Frame::Array(index, begun)) => {
                        *index += 1;
                        *begun = false;
                    }
                    None => {}
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                if expect_key {
                    let raw = text.get(i..end).unwrap_or("\"\"");
                    let key = serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| raw.trim_matches('"').to_string());
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                } else {
                    begin_value(&mut stack);
                }
                i = end;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                // A number, true, false or null.
                begin_value(&mut stack);
                while bytes.get(i).is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    i += 1;
                }
            }
        }
    }
    let next = bytes
        .get(i..)
        .and_then(|rest| rest.iter().copied().find(|b| !b.is_ascii_whitespace()));
    Scan {
        stack,
        after_key,
        next,
        before_closing,
        closed_before,
    }
}

/// A value begins: in an array, the current element has begun.
fn begin_value(stack: &mut [Frame]) {
    if let Some(Frame::Array(_, begun)) = stack.last_mut() {
        *begun = true;
    }
}

/// The index just past the string that starts at `start` (a `"`), escapes included.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Array(index, true) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Frame::Object(None) | Frame::Array(_, false) => {}
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default)]
        top: usize,
        #[serde(default)]
        name: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(default)]
        duplicates: Option<Inner>,
        #[serde(default)]
        list: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        key: String,
        #[serde(default)]
        estimate: Option<f64>,
    }

    /// The path this module names, and the one `serde_path_to_error` (the crate it
    /// replaced, still a dev-dependency of these tests) names for the same error.
    fn both(text: &str) -> (String, String) {
        let ours = from_str::<Outer>(text).expect_err("should fail").path;
        let de = &mut serde_json::Deserializer::from_str(text);
        let theirs = serde_path_to_error::deserialize::<_, Outer>(de)
            .expect_err("should fail")
            .path()
            .to_string();
        (ours, theirs)
    }

    #[test]
    fn names_the_same_path_as_serde_path_to_error() {
        for text in [
            r#"{"duplicates": {"top": "five"}}"#,
            r#"{"duplicates": {"name": "x", "top": -1}}"#,
            r#"{"duplicates": {"topp": 3}}"#,
            r#"{"list": [{"key": "A-1"}, {"key": "A-2", "estimate": "big"}]}"#,
            r#"{"list": [{"key": "A-1"}, {"estimate": 2}]}"#,
            r#"{"list": [{"key": 7}]}"#,
            r#"{"list": {"key": "A-1"}}"#,
            r#"{"list": [{"key": "A-1", "estimate": [1, 2]}]}"#,
            r#"{"duplicates": {"top": 1}, "list": [{"key": "a\"b,c]}", "estimate": true}]}"#,
            "{\n  \"duplicates\": {\n    \"top\": \"five\"\n  }\n}\n",
            "{\n  \"list\": [\n    {\"key\": \"A-1\"},\n    {}\n  ]\n}",
            r#"{"list": [{"key": "A-1"}], "duplicates": "x"}"#,
            r#"[1, 2]"#,
            r#""text""#,
        ] {
            let (ours, theirs) = both(text);
            assert_eq!(ours, theirs, "{text}");
        }
    }

    /// The real boundary types: issues as `parseIssues` returns them, and configurations.
    #[test]
    fn issues_and_configurations_name_the_same_path() {
        let issue = crate::Issue {
            key: "MESOS-1".into(),
            title: "Add a --quiet flag".into(),
            ..Default::default()
        };
        let good = serde_json::to_value(vec![issue.clone(), issue]).expect("encode");
        let mut bad = Vec::new();
        for (index, field, value) in [
            (1, "estimate", serde_json::json!("big")),
            (0, "kind", serde_json::json!("saga")),
            (1, "labels", serde_json::json!(["ok", 1])),
            (0, "title", serde_json::json!({"text": "x"})),
            (1, "links", serde_json::json!([{"kind": "blocks"}])),
            (
                1,
                "description",
                serde_json::json!({"blocks": [{"kind": "para"}]}),
            ),
        ] {
            let mut v = good.clone();
            let Some(object) = v.get_mut(index).and_then(|i| i.as_object_mut()) else {
                panic!("issue {index} is not an object");
            };
            object.insert(field.to_string(), value);
            bad.push(v.to_string());
            bad.push(serde_json::to_string_pretty(&v).expect("encode"));
        }
        for text in &bad {
            let ours = from_str::<Vec<crate::Issue>>(text).expect_err("bad").path;
            let de = &mut serde_json::Deserializer::from_str(text);
            let theirs = serde_path_to_error::deserialize::<_, Vec<crate::Issue>>(de)
                .expect_err("bad")
                .path()
                .to_string();
            assert_eq!(ours, theirs, "{text}");
        }
        for text in [
            r#"{"duplicates": {"top": "five"}}"#,
            r#"{"kpi": {"min_confidance": 0.5}}"#,
            r#"{"readiness": {"checks": {"ready/estimate": {"types": "bug"}}}}"#,
            r#"{"priority": {"primary": "rise"}}"#,
        ] {
            let ours = from_str::<crate::Config>(text).expect_err("bad").path;
            let de = &mut serde_json::Deserializer::from_str(text);
            let theirs = serde_path_to_error::deserialize::<_, crate::Config>(de)
                .expect_err("bad")
                .path()
                .to_string();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn syntax_errors_and_odd_input_never_panic() {
        for text in [
            "",
            "{",
            "[",
            "{\"a\":",
            "{\"a\" 1}",
            "\"unterminated",
            "\u{1F600}",
            "{\"\\",
            "nul",
        ] {
            let e = from_str::<Outer>(text).expect_err("should fail");
            assert!(!e.path.is_empty());
        }
        assert_eq!(path_at("{\"a\": [1, 2", 1000), "a[1]");
        assert_eq!(path_at("", 5), ".");
    }

    #[test]
    fn escaped_keys_are_decoded() {
        assert_eq!(path_at(r#"{"a\"b": 1"#, 10), "a\"b");
    }
}
