//! GitHub REST issue JSON (`GET /repos/{o}/{r}/issues/{n}`, a list of them, or a search
//! page `{items}`). Bodies are Markdown. Pull requests (which the issues API also
//! returns) are kept but marked: `kind_name` "Pull request" and field "Pull request".

use serde_json::Value;
use std::collections::BTreeMap;

use super::json::{at, kind_from_labels, names, num, person, put, status, str_at};
use super::markdown;
use crate::model::{Issue, IssueKind, StatusCategory, Tracker};

/// "owner/repo" from an html_url or repository_url.
fn repo(v: &Value) -> Option<String> {
    if let Some(url) = str_at(v, &["repository_url"]) {
        let rest = url.split("/repos/").nth(1)?;
        return Some(rest.trim_end_matches('/').to_string());
    }
    let url = str_at(v, &["html_url"])?;
    let rest = url.split("://").nth(1)?;
    let mut parts = rest.split('/').skip(1);
    let owner = parts.next()?;
    let name = parts.next()?;
    Some(format!("{owner}/{name}"))
}

pub fn issue(v: &Value) -> Result<Issue, String> {
    let number = v.get("number").and_then(num).ok_or("missing number")?;
    let title = str_at(v, &["title"]).ok_or("missing title")?;
    let key = match repo(v) {
        Some(r) => format!("{r}#{number}"),
        None => format!("#{number}"),
    };
    let mut issue = Issue {
        tracker: Tracker::GitHub,
        key,
        title,
        url: str_at(v, &["html_url"]),
        ..Default::default()
    };
    if let Some(md) = v.get("body").and_then(Value::as_str) {
        issue.description = markdown::to_doc(md);
    } else if let Some(h) = v.get("body_html").and_then(Value::as_str) {
        issue.description = super::html::to_doc(h);
    } else if let Some(t) = v.get("body_text").and_then(Value::as_str) {
        issue.description = crate::model::Doc::from_plain(t);
    }
    issue.labels = names(v.get("labels"));
    if let Some(t) = str_at(v, &["type", "name"]) {
        issue.kind = IssueKind::from_name(&t);
        issue.kind_name = Some(t);
    } else if let Some((kind, name)) = kind_from_labels(&issue.labels) {
        issue.kind = kind;
        issue.kind_name = Some(name);
    }
    let mut fields = BTreeMap::new();
    if v.get("pull_request").is_some_and(|p| !p.is_null()) {
        issue.kind = IssueKind::Other;
        issue.kind_name = Some("Pull request".to_string());
        fields.insert("Pull request".to_string(), Value::Bool(true));
    }
    if let Some(state) = str_at(v, &["state"]) {
        let cat = match state.as_str() {
            "open" => StatusCategory::Todo,
            "closed" => StatusCategory::Done,
            _ => StatusCategory::Unknown,
        };
        let name = match str_at(v, &["state_reason"]) {
            Some(reason) => format!("{state} ({reason})"),
            None => state,
        };
        issue.status = Some(status(&name, cat));
    }
    issue.assignee = person(at(v, &["assignee"])).or_else(|| {
        at(v, &["assignees"])
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|p| person(Some(p)))
    });
    issue.created = str_at(v, &["created_at"]);
    issue.updated = str_at(v, &["updated_at"]);
    if let Some(m) = str_at(v, &["milestone", "title"]) {
        put(&mut fields, "Milestone", Value::String(m));
    }
    if let Some(r) = at(v, &["reactions"]).and_then(Value::as_object) {
        let mut reactions = r.clone();
        reactions.remove("url");
        if let Some(up) = reactions.get("+1").cloned() {
            put(&mut fields, "Upvotes", up);
        }
        put(&mut fields, "Reactions", Value::Object(reactions));
    }
    if let Some(c) = at(v, &["comments"]).filter(|c| c.is_number()) {
        put(&mut fields, "Comments", c.clone());
    }
    if let Some(s) = at(v, &["sub_issues_summary"]) {
        put(&mut fields, "Sub-issues", s.clone());
    }
    if let Some(a) = str_at(v, &["user", "login"]) {
        put(&mut fields, "Author", Value::String(a));
    }
    issue.fields = fields;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_from_repository_or_html_url() {
        let v = json!({"number": 7, "title": "t", "html_url": "https://github.com/o/r/issues/7"});
        assert_eq!(issue(&v).unwrap().key, "o/r#7");
        let v = json!({"number": 8, "title": "t", "repository_url": "https://api.github.com/repos/a/b"});
        assert_eq!(issue(&v).unwrap().key, "a/b#8");
        let v = json!({"number": 9, "title": "t"});
        assert_eq!(issue(&v).unwrap().key, "#9");
        assert_eq!(issue(&json!({"title": "t"})).unwrap_err(), "missing number");
    }

    #[test]
    fn html_or_text_bodies_when_markdown_was_not_requested() {
        let v =
            json!({"number": 1, "title": "t", "body_html": "<p>Steps</p><ol><li>open</li></ol>"});
        assert_eq!(issue(&v).unwrap().description.text(), "Steps\n1. open");
        let v = json!({"number": 1, "title": "t", "body_text": "line one\nline two"});
        assert_eq!(issue(&v).unwrap().description.blocks.len(), 2);
    }

    #[test]
    fn issue_type_and_string_labels() {
        let v = json!({"number": 1, "title": "t", "type": {"name": "Bug"}, "labels": ["p1", "ui"], "state": "open"});
        let i = issue(&v).unwrap();
        assert_eq!(i.kind, IssueKind::Bug);
        assert_eq!(i.labels, vec!["p1", "ui"]);
        assert_eq!(i.status.map(|s| s.category), Some(StatusCategory::Todo));
    }
}
