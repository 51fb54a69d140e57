//! Linear GraphQL issue JSON (`{data:{issue}}`, `{data:{issues:{nodes}}}`, bare objects
//! or arrays) and the shared reading of Linear priorities.

use serde_json::Value;
use std::collections::BTreeMap;

use super::json::{at, kind_from_labels, names, num, person, put, str_at};
use super::markdown;
use crate::model::{Estimate, Issue, IssueLink, LinkKind, Priority, StatusCategory, Tracker};

/// Linear's priority number: 0 none, 1 urgent, 2 high, 3 medium, 4 low.
pub fn priority(n: i64, label: Option<String>) -> Priority {
    let (name, level) = match n {
        1 => ("Urgent", Some(1)),
        2 => ("High", Some(2)),
        3 => ("Medium", Some(3)),
        4 => ("Low", Some(4)),
        _ => ("No priority", None),
    };
    Priority {
        name: label.unwrap_or_else(|| name.to_string()),
        level,
    }
}

/// Linear workflow state types.
pub fn category(state_type: &str) -> StatusCategory {
    match state_type {
        "triage" | "backlog" | "unstarted" => StatusCategory::Todo,
        "started" => StatusCategory::InProgress,
        "completed" | "canceled" | "duplicate" => StatusCategory::Done,
        _ => StatusCategory::Unknown,
    }
}

fn done(other: &Value) -> Option<bool> {
    str_at(other, &["state", "type"]).map(|t| category(&t) == StatusCategory::Done)
}

fn nodes(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        Some(o) => o
            .get("nodes")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]),
        None => &[],
    }
}

pub fn issue(v: &Value) -> Result<Issue, String> {
    let key = str_at(v, &["identifier"]).ok_or("missing identifier")?;
    let title = str_at(v, &["title"]).ok_or("missing title")?;
    let mut issue = Issue {
        tracker: Tracker::Linear,
        key,
        title,
        url: str_at(v, &["url"]),
        ..Default::default()
    };
    if let Some(md) = v.get("description").and_then(Value::as_str) {
        issue.description = markdown::to_doc(md);
    }
    if let Some(p) = v.get("priority").and_then(num) {
        // Linear priorities are whole numbers 0–4.
        issue.priority = Some(priority(p.round() as i64, str_at(v, &["priorityLabel"])));
    }
    if let Some(e) = v.get("estimate").and_then(num).filter(|e| *e >= 0.0) {
        issue.estimate = Some(Estimate::points(e));
    }
    issue.labels = names(v.get("labels"));
    if let Some((kind, name)) = kind_from_labels(&issue.labels) {
        issue.kind = kind;
        issue.kind_name = Some(name);
    }
    if let Some(name) = str_at(v, &["state", "name"]) {
        let cat = str_at(v, &["state", "type"])
            .map(|t| category(&t))
            .unwrap_or_default();
        issue.status = Some(super::json::status(&name, cat));
    }
    issue.assignee = person(at(v, &["assignee"]));
    issue.parent = str_at(v, &["parent", "identifier"]);
    issue.created = str_at(v, &["createdAt"]);
    issue.updated = str_at(v, &["updatedAt"]);

    for rel in nodes(v.get("relations")) {
        let Some(target) = str_at(rel, &["relatedIssue", "identifier"]) else {
            continue;
        };
        let kind = match str_at(rel, &["type"]).as_deref() {
            Some("blocks") => LinkKind::Blocks,
            Some("duplicate") => LinkKind::Duplicates,
            Some("related") | Some("similar") => LinkKind::Relates,
            _ => LinkKind::Other,
        };
        let target_done = rel.get("relatedIssue").and_then(done);
        issue.links.push(IssueLink {
            kind,
            target,
            target_done,
        });
    }
    for rel in nodes(v.get("inverseRelations")) {
        let Some(target) = str_at(rel, &["issue", "identifier"]) else {
            continue;
        };
        let kind = match str_at(rel, &["type"]).as_deref() {
            Some("blocks") => LinkKind::BlockedBy,
            Some("duplicate") => LinkKind::DuplicatedBy,
            Some("related") | Some("similar") => LinkKind::Relates,
            _ => LinkKind::Other,
        };
        let target_done = rel.get("issue").and_then(done);
        issue.links.push(IssueLink {
            kind,
            target,
            target_done,
        });
    }
    for child in nodes(v.get("children")) {
        if let Some(target) = str_at(child, &["identifier"]) {
            issue.links.push(IssueLink {
                kind: LinkKind::Child,
                target,
                target_done: done(child),
            });
        }
    }

    let mut fields = BTreeMap::new();
    if let Some(team) = str_at(v, &["team", "key"]).or_else(|| str_at(v, &["team", "name"])) {
        put(&mut fields, "Team", Value::String(team));
    }
    if let Some(t) = str_at(v, &["team", "issueEstimationType"]) {
        put(&mut fields, "Estimation type", Value::String(t));
    }
    if let Some(p) = str_at(v, &["project", "name"]) {
        put(&mut fields, "Project", Value::String(p));
    }
    if let Some(c) = str_at(v, &["cycle", "name"]).or_else(|| str_at(v, &["cycle", "number"])) {
        put(&mut fields, "Cycle", Value::String(c));
    }
    for (key, name) in [
        ("dueDate", "Due date"),
        ("customerTicketCount", "Customer ticket count"),
        ("completedAt", "Completed"),
        ("canceledAt", "Canceled"),
        ("startedAt", "Started"),
        ("branchName", "Branch"),
    ] {
        if let Some(val) = at(v, &[key]) {
            put(&mut fields, name, val.clone());
        }
    }
    if let Some(c) = str_at(v, &["creator", "name"]) {
        put(&mut fields, "Creator", Value::String(c));
    }
    issue.fields = fields;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn priorities_map_zero_to_none_and_one_to_urgent() {
        assert_eq!(priority(0, None).level, None);
        assert_eq!(priority(0, None).name, "No priority");
        assert_eq!(priority(1, None).level, Some(1));
        assert_eq!(priority(4, Some("Low".into())).level, Some(4));
        assert_eq!(priority(9, None).level, None);
    }

    #[test]
    fn relations_and_state() {
        let v = json!({
            "identifier": "ENG-7", "title": "Saved carts",
            "priority": 2, "estimate": 3,
            "state": {"name": "In Progress", "type": "started"},
            "labels": {"nodes": [{"name": "Feature"}, {"name": "checkout"}]},
            "relations": {"nodes": [{"type": "blocks", "relatedIssue": {"identifier": "ENG-9", "state": {"type": "completed"}}}]},
            "inverseRelations": {"nodes": [{"type": "blocks", "issue": {"identifier": "ENG-1", "state": {"type": "backlog"}}}]}
        });
        let i = issue(&v).unwrap();
        assert_eq!(
            i.status.as_ref().map(|s| s.category),
            Some(StatusCategory::InProgress)
        );
        assert_eq!(i.kind, crate::model::IssueKind::Feature);
        assert_eq!(i.links.len(), 2);
        assert_eq!(i.links[0].kind, LinkKind::Blocks);
        assert_eq!(i.links[0].target_done, Some(true));
        assert_eq!(i.links[1].kind, LinkKind::BlockedBy);
        assert_eq!(i.links[1].target_done, Some(false));
        assert!(issue(&json!({"identifier": "ENG-1"}))
            .unwrap_err()
            .contains("title"));
    }
}
