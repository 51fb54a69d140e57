//! JSON plumbing shared by the tracker importers: parsing with clear errors (line,
//! column and the JSON path where the parser stopped), finding the issue objects inside
//! the usual wrappers (`issues`, `value`, `items`, GraphQL `data…nodes`), shape
//! sniffing, and small accessors.

use serde_json::Value;

use super::{Format, ImportError};
use crate::model::{IssueKind, Status, StatusCategory};

/// Parse `text`, turning a syntax error into "line L, column C (at $.path): what".
pub fn parse(source: &str, text: &str) -> Result<Value, ImportError> {
    serde_json::from_str::<Value>(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let offset = offset_of(text, line, column);
        let path = path_at(text, offset);
        let what = e.to_string();
        // serde_json appends " at line L column C"; we say it in `location`.
        let what = match what.rfind(" at line ") {
            Some(i) => what.get(..i).unwrap_or(&what).to_string(),
            None => what,
        };
        let kind = match e.classify() {
            serde_json::error::Category::Eof => "the JSON ends too early",
            serde_json::error::Category::Syntax => "invalid JSON",
            _ => "unreadable JSON",
        };
        ImportError {
            source: source.to_string(),
            location: format!("line {line}, column {column} (at {path})"),
            message: format!("{kind}: {what}"),
        }
    })
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|r| r.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The JSON path of the value being read at byte `offset` ("$.issues[3].fields").
/// A linear scan of the text up to that point; tolerant of the very error it explains.
pub fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let c = bytes.get(i).copied().unwrap_or(b' ');
        match c {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() {
                    match bytes.get(j) {
                        Some(b'\\') => j += 2,
                        Some(b'"') => break,
                        _ => j += 1,
                    }
                }
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        *key = Some(
                            text.get(start..j.min(bytes.len()))
                                .unwrap_or("")
                                .to_string(),
                        );
                        *expecting_key = false;
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for f in &stack {
        match f {
            Frame::Object { key: Some(k), .. } => {
                if k.chars().all(|c| c.is_alphanumeric() || c == '_') && !k.is_empty() {
                    path.push('.');
                    path.push_str(k);
                } else {
                    path.push_str(&format!("[{k:?}]"));
                }
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The issue objects in a payload, each with its JSON path.
pub fn items(v: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    collect(v, "$", &mut out, 0);
    out
}

fn push_array<'a>(arr: &'a [Value], path: &str, out: &mut Vec<(String, &'a Value)>) {
    for (i, item) in arr.iter().enumerate() {
        // GraphQL connections: edges[i].node
        match item.get("node") {
            Some(node) if item.as_object().is_some_and(|o| o.len() <= 2) => {
                out.push((format!("{path}[{i}].node"), node))
            }
            _ => out.push((format!("{path}[{i}]"), item)),
        }
    }
}

fn collect<'a>(v: &'a Value, path: &str, out: &mut Vec<(String, &'a Value)>, depth: usize) {
    match v {
        Value::Array(arr) => push_array(arr, path, out),
        Value::Object(obj) => {
            if depth < 4 {
                if let Some(data) = obj.get("data").filter(|d| d.is_object()) {
                    collect_graphql(data, &format!("{path}.data"), out, depth + 1);
                    return;
                }
                for key in ["issues", "value", "items", "nodes", "edges", "workItems"] {
                    match obj.get(key) {
                        Some(Value::Array(arr)) => {
                            push_array(arr, &format!("{path}.{key}"), out);
                            return;
                        }
                        Some(inner @ Value::Object(o))
                            if o.contains_key("nodes") || o.contains_key("edges") =>
                        {
                            collect(inner, &format!("{path}.{key}"), out, depth + 1);
                            return;
                        }
                        _ => {}
                    }
                }
            }
            out.push((path.to_string(), v));
        }
        _ => out.push((path.to_string(), v)),
    }
}

fn collect_graphql<'a>(
    data: &'a Value,
    path: &str,
    out: &mut Vec<(String, &'a Value)>,
    depth: usize,
) {
    let Some(obj) = data.as_object() else {
        return;
    };
    for (k, val) in obj {
        let p = format!("{path}.{k}");
        match val {
            Value::Object(o) if o.contains_key("identifier") || o.contains_key("title") => {
                out.push((p, val))
            }
            Value::Object(o) if o.contains_key("nodes") || o.contains_key("edges") => {
                collect(val, &p, out, depth + 1)
            }
            Value::Object(o) if depth < 4 => {
                // data.team.issues.nodes, data.viewer.assignedIssues.nodes, …
                for (k2, inner) in o {
                    if inner.get("nodes").is_some() || inner.get("edges").is_some() {
                        collect(inner, &format!("{p}.{k2}"), out, depth + 1);
                    }
                }
            }
            Value::Array(arr) => push_array(arr, &p, out),
            _ => {}
        }
    }
}

/// Is there a list of issues (possibly empty) under `v`: `nodes`/`edges`/`issues`?
pub fn has_list(v: &Value, depth: usize) -> bool {
    let Some(obj) = v.as_object() else {
        return false;
    };
    obj.iter().any(|(k, val)| {
        (matches!(k.as_str(), "nodes" | "edges" | "issues") && val.is_array())
            || (depth < 4 && has_list(val, depth + 1))
    })
}

/// Which tracker's JSON this is, from the shape of its first issue object.
pub fn sniff(v: &Value) -> Option<Format> {
    if v.get("data").is_some_and(Value::is_object) {
        return Some(Format::LinearJson);
    }
    let found = items(v);
    let first = found.first().map(|(_, item)| *item);
    match first {
        Some(item) => sniff_item(item).or_else(|| wrapper_hint(v)),
        None => wrapper_hint(v),
    }
}

fn wrapper_hint(v: &Value) -> Option<Format> {
    let obj = v.as_object()?;
    if obj.contains_key("issues") {
        Some(Format::JiraJson)
    } else if obj.contains_key("value") {
        Some(Format::AdoJson)
    } else if obj.contains_key("items") {
        Some(Format::GithubJson)
    } else if obj.contains_key("nodes") {
        Some(Format::LinearJson)
    } else {
        None
    }
}

pub fn sniff_item(item: &Value) -> Option<Format> {
    let obj = item.as_object()?;
    let fields = obj.get("fields").and_then(Value::as_object);
    if fields.is_some_and(|f| {
        f.contains_key("System.Title") || f.keys().any(|k| k.starts_with("System."))
    }) {
        return Some(Format::AdoJson);
    }
    if fields.is_some() && obj.contains_key("key") {
        return Some(Format::JiraJson);
    }
    if obj.contains_key("identifier") {
        return Some(Format::LinearJson);
    }
    if obj.contains_key("html_url") && obj.contains_key("number") {
        return Some(Format::GithubJson);
    }
    if obj.contains_key("iid") {
        return Some(Format::GitlabJson);
    }
    None
}

/// Follow object keys.
pub fn at<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for k in keys {
        cur = cur.get(*k)?;
    }
    if cur.is_null() {
        None
    } else {
        Some(cur)
    }
}

/// A string (or a number, as text) at `keys`, trimmed and non-empty.
pub fn str_at(v: &Value, keys: &[&str]) -> Option<String> {
    scalar(at(v, keys)?)
}

pub fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

pub fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|x| x.is_finite())
}

/// Names from an array of strings or of objects with `name`/`title`/`value`.
pub fn names(v: Option<&Value>) -> Vec<String> {
    let arr = match v {
        Some(Value::Array(a)) => a.as_slice(),
        Some(Value::Object(o)) => match o.get("nodes") {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        },
        Some(Value::String(s)) => {
            return s
                .split([',', ';'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        }
        _ => &[],
    };
    arr.iter()
        .filter_map(|x| match x {
            Value::Object(_) => str_at(x, &["name"])
                .or_else(|| str_at(x, &["title"]))
                .or_else(|| str_at(x, &["value"])),
            other => scalar(other),
        })
        .collect()
}

/// A person's readable name from the usual user-object shapes (or a bare string).
pub fn person(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if let Some(s) = scalar(v) {
        return Some(s);
    }
    [
        "displayName",
        "name",
        "login",
        "username",
        "uniqueName",
        "emailAddress",
        "accountId",
    ]
    .iter()
    .find_map(|k| str_at(v, &[k]))
}

/// Kind from the first label that names a kind ("bug", "feature", …).
pub fn kind_from_labels(labels: &[String]) -> Option<(IssueKind, String)> {
    labels.iter().find_map(|l| {
        let name = l.rsplit([':', '/']).next().unwrap_or(l).trim();
        let k = IssueKind::from_name(name);
        (k != IssueKind::Other).then(|| (k, l.clone()))
    })
}

pub fn status(name: &str, category: StatusCategory) -> Status {
    let category = if category == StatusCategory::Unknown {
        StatusCategory::from_name(name)
    } else {
        category
    };
    Status {
        name: name.to_string(),
        category,
    }
}

/// Insert a field unless it is null/empty.
pub fn put(fields: &mut std::collections::BTreeMap<String, Value>, name: &str, v: Value) {
    let empty = match &v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    if !empty {
        fields.insert(name.to_string(), v);
    }
}

/// The last path segment of a URL ("…/workItems/42" → "42").
pub fn last_segment(url: &str) -> Option<&str> {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_line_column_and_path() {
        let text = "{\n  \"issues\": [\n    {\"key\": \"A-1\"},\n    {\"key\": \"A-2\", \"fields\": {\"summary\": \"x\",}}\n  ]\n}";
        let err = parse("page.json", text).unwrap_err();
        assert_eq!(err.source, "page.json");
        assert!(err.location.starts_with("line 4, column "), "{err}");
        assert!(err.location.contains("$.issues[1].fields"), "{err}");
        assert!(err.message.starts_with("invalid JSON"), "{err}");
        let err = parse("x", "[{\"a\": 1}").unwrap_err();
        assert!(err.message.starts_with("the JSON ends too early"), "{err}");
        // serde_json's recursion limit turns absurd nesting into an error, not a crash.
        let deep = "[".repeat(100_000);
        assert!(parse("x", &deep).is_err());
    }

    #[test]
    fn paths_handle_strings_with_brackets_and_escapes() {
        let text = r#"{"a": "x[\"{", "b": [1, {"c d": [0, 0, "#;
        assert_eq!(path_at(text, text.len()), "$.b[1][\"c d\"][2]");
    }

    #[test]
    fn wrappers_are_found() {
        let v: Value = serde_json::from_str(
            r#"{"data": {"team": {"issues": {"nodes": [{"identifier": "ENG-1"}, {"identifier": "ENG-2"}]}}}}"#,
        )
        .unwrap();
        let found: Vec<String> = items(&v).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            found,
            vec![
                "$.data.team.issues.nodes[0]".to_string(),
                "$.data.team.issues.nodes[1]".to_string()
            ]
        );
        let v: Value = serde_json::from_str(
            r#"{"count": 1, "value": [{"id": 1, "fields": {"System.Title": "t"}}]}"#,
        )
        .unwrap();
        assert_eq!(sniff(&v), Some(Format::AdoJson));
        assert_eq!(
            items(&v).first().map(|(p, _)| p.as_str()),
            Some("$.value[0]")
        );
    }
}
