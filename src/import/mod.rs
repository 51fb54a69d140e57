//! Importers: every tracker format in, normalised [`Issue`]s out.
//!
//! [`import`] detects the format from the content (or takes an explicit one), decodes
//! the input and returns the issues plus a list of per-row / per-item problems: one bad
//! row is reported and skipped, the others still load.
//!
//! Layout: one module per input shape (`jira`, `linear`, `github`, `ado`, `gitlab` for
//! JSON; `csv_export` for the CSV exports; `text`), one per rich-text markup (`adf`,
//! `wiki`, `markdown`, `html`) producing [`crate::model::Doc`], and `json` for the
//! shared JSON plumbing (error locations with JSON paths, wrapper unpacking, shape
//! sniffing). The markup readers share `builder`, a non-recursive event-to-block
//! builder, so deep or hostile input cannot overflow the stack and every reader is
//! linear in its input.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::model::Issue;

pub mod adf;
pub mod ado;
pub(crate) mod builder;
pub mod csv_export;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod jira;
pub mod json;
pub mod linear;
pub mod markdown;
pub mod text;
pub mod wiki;

/// Every input format readylens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Plain text, one story a line.
    Text,
    /// Jira CSV export.
    JiraCsv,
    /// Linear CSV export.
    LinearCsv,
    /// GitLab CSV export.
    GitlabCsv,
    /// Any CSV whose columns have recognisable names.
    Csv,
    /// Jira REST JSON (v3 with ADF or v2/Server with wiki markup): one issue, a
    /// `search/jql` page or an agile backlog page.
    JiraJson,
    /// Linear GraphQL issue JSON.
    LinearJson,
    /// GitHub REST issue JSON.
    GithubJson,
    /// Azure DevOps work item JSON.
    AdoJson,
    /// GitLab REST issue JSON.
    GitlabJson,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Text,
        Format::JiraCsv,
        Format::LinearCsv,
        Format::GitlabCsv,
        Format::Csv,
        Format::JiraJson,
        Format::LinearJson,
        Format::GithubJson,
        Format::AdoJson,
        Format::GitlabJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::JiraCsv => "jira-csv",
            Format::LinearCsv => "linear-csv",
            Format::GitlabCsv => "gitlab-csv",
            Format::Csv => "csv",
            Format::JiraJson => "jira-json",
            Format::LinearJson => "linear-json",
            Format::GithubJson => "github-json",
            Format::AdoJson => "ado-json",
            Format::GitlabJson => "gitlab-json",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A problem with the input: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportError {
    /// The source (file name, "-" for stdin, "input" in the browser).
    pub source: String,
    /// Where in it: "line 3", "row 12", "$.issues[4].fields.summary", or empty.
    pub location: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.source, self.message)
        } else {
            write!(f, "{}: {}: {}", self.source, self.location, self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// The result of importing one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Imported {
    pub format: Format,
    pub issues: Vec<Issue>,
    /// Rows or items that could not be read (the rest were kept).
    pub problems: Vec<ImportError>,
}

/// Decode bytes as UTF-8, dropping a BOM. Invalid sequences become U+FFFD and are
/// reported rather than failing the whole input.
pub fn decode(source: &str, input: &[u8]) -> (String, Option<ImportError>) {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match std::str::from_utf8(input) {
        Ok(s) => (s.to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(input).into_owned(),
            Some(ImportError {
                source: source.to_string(),
                location: format!("byte {}", e.valid_up_to()),
                message: "invalid UTF-8; bad bytes were replaced with U+FFFD".to_string(),
            }),
        ),
    }
}

/// Does the text look like JSON (rather than a story line such as "[WIP] As a …")?
fn looks_like_json(t: &str) -> bool {
    if t.starts_with('{') {
        return true;
    }
    match t.strip_prefix('[') {
        Some(rest) => rest
            .trim_start()
            .chars()
            .next()
            .map_or(true, |c| matches!(c, '{' | '[' | '"' | ']')),
        None => false,
    }
}

/// Guess the format from the content: JSON by the shape of its first issue object
/// (`fields`+`key` → Jira, `identifier` → Linear, `html_url`+`number` → GitHub,
/// `fields.System.Title` → Azure DevOps, `iid` → GitLab), CSV by its header row,
/// otherwise plain text.
pub fn detect(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if looks_like_json(t) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
            if let Some(f) = json::sniff(&v) {
                return f;
            }
        }
        return sniff_json_text(t);
    }
    csv_export::detect(t).unwrap_or(Format::Text)
}

/// For JSON that does not parse: guess from key names, so the error comes from the
/// importer the user most likely meant.
fn sniff_json_text(t: &str) -> Format {
    let head = t.get(..t.len().min(65_536)).unwrap_or(t);
    if head.contains("\"System.Title\"") {
        Format::AdoJson
    } else if head.contains("\"identifier\"") {
        Format::LinearJson
    } else if head.contains("\"html_url\"") {
        Format::GithubJson
    } else if head.contains("\"iid\"") {
        Format::GitlabJson
    } else {
        Format::JiraJson
    }
}

/// Import `input` (named `source` in messages) as `format`, or detect it.
pub fn import(source: &str, input: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    let (text, bad_utf8) = decode(source, input);
    let mut imported = match format {
        Some(Format::Text) => text::import(source, &text),
        Some(f @ (Format::JiraCsv | Format::LinearCsv | Format::GitlabCsv | Format::Csv)) => {
            csv_export::import(source, &text, Some(f))
        }
        Some(f) => import_json(source, &text, Some(f)),
        None => {
            let t = text.trim_start();
            if looks_like_json(t) {
                import_json(source, &text, None)
            } else {
                match csv_export::detect(t) {
                    Some(f) => csv_export::import(source, &text, Some(f)),
                    None => text::import(source, &text),
                }
            }
        }
    }?;
    if let Some(p) = bad_utf8 {
        imported.problems.insert(0, p);
    }
    Ok(imported)
}

/// An error payload returned instead of data (GraphQL `errors`, Jira `errorMessages`,
/// GitHub/Azure DevOps `message`).
fn api_error(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let obj = v.as_object()?;
    let mut msgs: Vec<String> = Vec::new();
    if let Some(errs) = obj.get("errors").and_then(Value::as_array) {
        if obj.get("data").map_or(true, Value::is_null) {
            msgs.extend(errs.iter().filter_map(|e| json::str_at(e, &["message"])));
        }
    }
    if let Some(errs) = obj.get("errorMessages").and_then(Value::as_array) {
        msgs.extend(errs.iter().filter_map(json::scalar));
        if let Some(map) = obj.get("errors").and_then(Value::as_object) {
            msgs.extend(
                map.iter()
                    .filter_map(|(k, v)| json::scalar(v).map(|m| format!("{k}: {m}"))),
            );
        }
    }
    let is_error_object = obj.contains_key("documentation_url")
        || obj.contains_key("typeKey")
        || obj.contains_key("$id") && obj.contains_key("innerException");
    if is_error_object {
        msgs.extend(json::str_at(v, &["message"]));
    }
    (!msgs.is_empty()).then(|| msgs.join("; "))
}

fn import_json(source: &str, text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    use serde_json::Value;
    let err = |location: String, message: String| ImportError {
        source: source.to_string(),
        location,
        message,
    };
    let text = text.trim_start_matches('\u{feff}');
    let v = json::parse(source, text)?;
    if let Some(msg) = api_error(&v) {
        return Err(err(
            "$".into(),
            format!("the payload is an API error, not issues: {msg}"),
        ));
    }
    if !(v.is_object() || v.is_array()) {
        return Err(err(
            "$".into(),
            format!(
                "expected an issue object or a list of issues, found {}",
                kind_of(&v)
            ),
        ));
    }
    let format = match format.or_else(|| json::sniff(&v)) {
        Some(f) => f,
        None => {
            let keys = match &v {
                Value::Object(o) => o.keys().take(12).cloned().collect::<Vec<_>>().join(", "),
                Value::Array(_) => "an array of unrecognised items".to_string(),
                other => format!("a bare {}", kind_of(other)),
            };
            return Err(err(
                "$".into(),
                format!("unrecognised JSON: expected a Jira, Linear, GitHub, Azure DevOps or GitLab issue (or a page of them); found {keys}"),
            ));
        }
    };
    let names = v.get("names").and_then(Value::as_object);
    let items = json::items(&v);
    if items.is_empty() && v.get("data").is_some() && !json::has_list(&v, 0) {
        return Err(err(
            "$.data".into(),
            "no issues found in the GraphQL answer: expected data.issue or data.…issues.nodes"
                .into(),
        ));
    }
    let mut issues = Vec::new();
    let mut problems = Vec::new();
    for (path, item) in items {
        if !item.is_object() {
            problems.push(err(
                path,
                format!("expected an issue object, found {}", kind_of(item)),
            ));
            continue;
        }
        let read = match format {
            Format::LinearJson => linear::issue(item),
            Format::GithubJson => github::issue(item),
            Format::AdoJson => ado::issue(item),
            Format::GitlabJson => gitlab::issue(item),
            _ => jira::issue(item, names),
        };
        match read {
            Ok(issue) => issues.push(issue),
            Err(m) => problems.push(err(path, m)),
        }
    }
    let format = match format {
        Format::Text | Format::JiraCsv | Format::LinearCsv | Format::GitlabCsv | Format::Csv => {
            Format::JiraJson
        }
        f => f,
    };
    Ok(Imported {
        format,
        issues,
        problems,
    })
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_told_from_bracketed_text() {
        assert!(looks_like_json("{\"a\": 1}"));
        assert!(looks_like_json("[{\"a\": 1}]"));
        assert!(looks_like_json("[ ]"));
        assert!(looks_like_json("["));
        assert!(!looks_like_json("[WIP] As a user"));
        assert!(!looks_like_json("As a user"));
    }

    #[test]
    fn api_errors_are_recognised() {
        let gh: serde_json::Value = serde_json::json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"});
        assert_eq!(api_error(&gh).as_deref(), Some("Not Found"));
        let ado = serde_json::json!({"$id": "1", "innerException": null, "message": "TF401232: Work item 9 does not exist.", "typeKey": "WorkItemUnauthorizedAccessException"});
        assert_eq!(
            api_error(&ado).as_deref(),
            Some("TF401232: Work item 9 does not exist.")
        );
        // A GitLab issue has no such keys; partial GraphQL data is not an error.
        assert_eq!(
            api_error(&serde_json::json!({"iid": 1, "title": "x"})),
            None
        );
        assert_eq!(
            api_error(&serde_json::json!({"data": {"issue": {}}, "errors": [{"message": "x"}]})),
            None
        );
    }

    #[test]
    fn graphql_without_issues_is_an_error_but_an_empty_page_is_not() {
        let err = import("q.json", br#"{"data": {"viewer": {"name": "x"}}}"#, None).unwrap_err();
        assert!(err.message.contains("no issues found"), "{err}");
        let ok = import("q.json", br#"{"data": {"issues": {"nodes": []}}}"#, None).unwrap();
        assert!(ok.issues.is_empty() && ok.problems.is_empty());
        let ok = import("p.json", br#"{"issues": [], "isLast": true}"#, None).unwrap();
        assert_eq!(ok.format, Format::JiraJson);
    }

    #[test]
    fn decode_reports_bad_bytes_with_offset() {
        let (text, err) = decode("f", b"ab\xFFcd");
        assert_eq!(text, "ab\u{FFFD}cd");
        assert_eq!(err.map(|e| e.location), Some("byte 2".to_string()));
    }
}
