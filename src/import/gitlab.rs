//! GitLab REST issue JSON (`GET /api/v4/projects/{id}/issues/{iid}` or a list). The
//! key is `references.full` ("group/project#12") when present; weight becomes an
//! estimate in the `weight` unit.

use serde_json::Value;
use std::collections::BTreeMap;

use super::json::{at, kind_from_labels, names, num, person, put, status, str_at};
use super::markdown;
use crate::model::{Estimate, EstimateUnit, Issue, IssueKind, StatusCategory, Tracker};

/// "group/sub/project#12" from an issue URL ("…/group/sub/project/-/issues/12").
pub fn key_from_url(url: &str, iid: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let path = rest.split_once('/')?.1;
    let project = path.split("/-/").next()?.split("/issues/").next()?;
    (!project.is_empty()).then(|| format!("{project}#{iid}"))
}

pub fn issue(v: &Value) -> Result<Issue, String> {
    let iid = str_at(v, &["iid"]).ok_or("missing iid")?;
    let title = str_at(v, &["title"]).ok_or("missing title")?;
    let url = str_at(v, &["web_url"]);
    let key = str_at(v, &["references", "full"])
        .or_else(|| url.as_deref().and_then(|u| key_from_url(u, &iid)))
        .unwrap_or_else(|| format!("#{iid}"));
    let mut issue = Issue {
        tracker: Tracker::GitLab,
        key,
        title,
        url,
        ..Default::default()
    };
    if let Some(md) = v.get("description").and_then(Value::as_str) {
        issue.description = markdown::to_doc(md);
    }
    issue.labels = names(v.get("labels"));
    let kind_name = str_at(v, &["issue_type"]).or_else(|| str_at(v, &["type"]));
    match kind_name {
        Some(t) if !t.eq_ignore_ascii_case("issue") => {
            issue.kind = IssueKind::from_name(&t);
            issue.kind_name = Some(t);
        }
        _ => {
            if let Some((kind, name)) = kind_from_labels(&issue.labels) {
                issue.kind = kind;
                issue.kind_name = Some(name);
            }
        }
    }
    if let Some(state) = str_at(v, &["state"]) {
        let cat = match state.as_str() {
            "opened" => StatusCategory::Todo,
            "closed" => StatusCategory::Done,
            _ => StatusCategory::Unknown,
        };
        issue.status = Some(status(&state, cat));
    }
    if let Some(w) = v.get("weight").and_then(num).filter(|w| *w >= 0.0) {
        issue.estimate = Some(Estimate {
            value: w,
            unit: EstimateUnit::Weight,
        });
    } else if let Some(secs) = at(v, &["time_stats", "time_estimate"])
        .and_then(num)
        .filter(|s| *s > 0.0)
    {
        issue.estimate = Some(Estimate {
            value: secs / 3600.0,
            unit: EstimateUnit::Hours,
        });
    }
    issue.assignee = person(at(v, &["assignee"])).or_else(|| {
        at(v, &["assignees"])
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|p| person(Some(p)))
    });
    issue.created = str_at(v, &["created_at"]);
    issue.updated = str_at(v, &["updated_at"]);
    let mut fields = BTreeMap::new();
    if let Some(m) = str_at(v, &["milestone", "title"]) {
        put(&mut fields, "Milestone", Value::String(m));
    }
    for (key, name) in [
        ("upvotes", "Upvotes"),
        ("downvotes", "Downvotes"),
        ("due_date", "Due date"),
        ("user_notes_count", "Comments"),
        ("confidential", "Confidential"),
        ("severity", "Severity"),
    ] {
        if let Some(val) = at(v, &[key]) {
            put(&mut fields, name, val.clone());
        }
    }
    if let Some(t) = at(v, &["task_completion_status"]) {
        put(&mut fields, "Task completion", t.clone());
    }
    if let Some(e) = str_at(v, &["epic", "title"]) {
        put(&mut fields, "Epic", Value::String(e));
    }
    if let Some(a) = person(at(v, &["author"])) {
        put(&mut fields, "Author", Value::String(a));
    }
    issue.fields = fields;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_urls() {
        assert_eq!(
            key_from_url("https://gitlab.com/gitlab-org/gitlab/-/issues/42", "42").as_deref(),
            Some("gitlab-org/gitlab#42")
        );
        assert_eq!(
            key_from_url("https://gl.example/a/b/c/issues/7", "7").as_deref(),
            Some("a/b/c#7")
        );
        assert_eq!(key_from_url("not a url", "1"), None);
    }
}
