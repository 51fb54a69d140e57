//! Jira REST JSON: v3 (ADF rich text) and v2 / Server / Data Center (wiki markup).
//!
//! Accepts one issue (`/rest/api/3/issue/KEY?expand=names`), a `search/jql` page
//! (`{issues, nextPageToken, names?}`), an agile backlog page (`{startAt, issues}`) or a
//! bare array of issues. `names` (top level or per issue) resolves `customfield_NNNNN`
//! ids to display names; story points come from a field named like "Story Points" /
//! "Story point estimate", acceptance criteria from one named like "Acceptance
//! Criteria".

use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::json::{at, names, num, person, put, scalar, status, str_at};
use super::{adf, html, wiki};
use crate::model::{
    Doc, Estimate, EstimateUnit, Issue, IssueKind, IssueLink, LinkKind, Priority, StatusCategory,
    Tracker,
};

/// Fields read into the model itself (the rest go to `Issue.fields` by display name).
const MAPPED: &[&str] = &[
    "summary",
    "description",
    "issuetype",
    "status",
    "priority",
    "labels",
    "components",
    "parent",
    "issuelinks",
    "assignee",
    "created",
    "updated",
    "subtasks",
];

/// Bulky or internal fields that say nothing about readiness.
const SKIPPED: &[&str] = &[
    "thumbnail",
    "lastViewed",
    "watches",
    "worklog",
    "progress",
    "aggregateprogress",
    "workratio",
    "statuscategorychangedate",
    "timetracking",
    "aggregatetimeestimate",
    "aggregatetimeoriginalestimate",
    "aggregatetimespent",
    "project",
    "creator",
    "reporter",
    "votes",
];

/// A rich-text value: ADF (v3) or wiki markup (v2, Server).
pub fn rich(v: Option<&Value>) -> Doc {
    match v {
        Some(Value::String(s)) => wiki::to_doc(s),
        Some(v @ Value::Object(_)) => adf::to_doc(v),
        _ => Doc::default(),
    }
}

fn category(key: &str) -> StatusCategory {
    match key {
        "new" => StatusCategory::Todo,
        "indeterminate" => StatusCategory::InProgress,
        "done" => StatusCategory::Done,
        _ => StatusCategory::Unknown,
    }
}

fn is_done(issue: &Value) -> Option<bool> {
    let st = at(issue, &["fields", "status"])?;
    match str_at(st, &["statusCategory", "key"]) {
        Some(k) => Some(k == "done"),
        None => {
            let name = str_at(st, &["name"])?;
            match StatusCategory::from_name(&name) {
                StatusCategory::Unknown => None,
                c => Some(c == StatusCategory::Done),
            }
        }
    }
}

/// Reduce a field value to something readable: ADF → text, option/user objects → name.
pub fn simplify(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            if adf::is_adf(v) {
                return Value::String(adf::to_doc(v).text());
            }
            for k in ["value", "name", "displayName", "key"] {
                if let Some(s) = o.get(k).and_then(scalar) {
                    if let Some(child) =
                        o.get("child").and_then(|c| c.get("value")).and_then(scalar)
                    {
                        return Value::String(format!("{s} / {child}"));
                    }
                    return Value::String(s);
                }
            }
            v.clone()
        }
        Value::Array(a) => Value::Array(a.iter().map(simplify).collect()),
        other => other.clone(),
    }
}

/// Read one issue object. `names` maps field ids to display names.
pub fn issue(v: &Value, names_map: Option<&Map<String, Value>>) -> Result<Issue, String> {
    let names_map = v.get("names").and_then(Value::as_object).or(names_map);
    let display = |id: &str| -> String {
        names_map
            .and_then(|n| n.get(id))
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_string()
    };
    let key = str_at(v, &["key"]).ok_or("missing key")?;
    let fields = v
        .get("fields")
        .and_then(Value::as_object)
        .ok_or("missing fields (request the issue with fields=summary,description,…)")?;
    let f = v.get("fields").unwrap_or(&Value::Null);
    let title = match fields.get("summary") {
        None | Some(Value::Null) => return Err("missing fields.summary".into()),
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err("fields.summary is empty".into())
        }
        Some(Value::String(s)) => s.trim().to_string(),
        Some(_) => return Err("fields.summary is not a string".into()),
    };

    let mut issue = Issue {
        tracker: Tracker::Jira,
        key: key.clone(),
        title,
        description: rich(fields.get("description")),
        ..Default::default()
    };
    if issue.description.blocks.is_empty() {
        // Only the rendered HTML was requested (`expand=renderedFields`, `fields=` without
        // description): read that instead.
        if let Some(h) = at(v, &["renderedFields", "description"]).and_then(Value::as_str) {
            issue.description = html::to_doc(h);
        }
    }
    if let Some(url) = str_at(v, &["self"]) {
        if let Some(i) = url.find("/rest/") {
            issue.url = Some(format!("{}/browse/{key}", url.get(..i).unwrap_or("")));
        }
    }
    if let Some(name) = str_at(f, &["issuetype", "name"]) {
        let subtask = at(f, &["issuetype", "subtask"]).and_then(Value::as_bool) == Some(true);
        issue.kind = if subtask {
            IssueKind::Subtask
        } else {
            IssueKind::from_name(&name)
        };
        issue.kind_name = Some(name);
    }
    if let Some(name) = str_at(f, &["status", "name"]) {
        let cat = str_at(f, &["status", "statusCategory", "key"])
            .map(|k| category(&k))
            .unwrap_or_default();
        issue.status = Some(status(&name, cat));
    }
    if let Some(name) = str_at(f, &["priority", "name"]).or_else(|| str_at(f, &["priority"])) {
        issue.priority = Some(Priority::from_name(&name));
    }
    issue.labels = names(fields.get("labels"));
    issue.components = names(fields.get("components"));
    issue.parent = str_at(f, &["parent", "key"]);
    issue.assignee = person(fields.get("assignee"));
    issue.created = str_at(f, &["created"]);
    issue.updated = str_at(f, &["updated"]);

    for link in fields
        .get("issuelinks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (phrase, other) = if let Some(o) = link.get("outwardIssue") {
            (str_at(link, &["type", "outward"]), o)
        } else if let Some(i) = link.get("inwardIssue") {
            (str_at(link, &["type", "inward"]), i)
        } else {
            continue;
        };
        let Some(target) = str_at(other, &["key"]) else {
            continue;
        };
        let phrase = phrase
            .or_else(|| str_at(link, &["type", "name"]))
            .unwrap_or_default();
        issue.links.push(IssueLink {
            kind: LinkKind::from_phrase(&phrase),
            target,
            target_done: is_done(other),
        });
    }
    for sub in fields
        .get("subtasks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(target) = str_at(sub, &["key"]) {
            issue.links.push(IssueLink {
                kind: LinkKind::Child,
                target,
                target_done: is_done(sub),
            });
        }
    }

    let mut extra = BTreeMap::new();
    for (id, val) in fields {
        if MAPPED.contains(&id.as_str()) || SKIPPED.contains(&id.as_str()) || val.is_null() {
            continue;
        }
        let name = display(id);
        let lower = name.to_ascii_lowercase();
        if issue.estimate.is_none() && lower.contains("story point") {
            if let Some(points) = num(val).filter(|p| *p >= 0.0) {
                issue.estimate = Some(Estimate::points(points));
            }
        }
        if issue.acceptance_criteria.is_none() && lower.contains("acceptance criteria") {
            let doc = rich(Some(val));
            if !doc.is_empty() {
                issue.acceptance_criteria = Some(doc);
            }
        }
        match id.as_str() {
            "attachment" => {
                let files: Vec<Value> = val
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| str_at(a, &["filename"]))
                    .map(Value::String)
                    .collect();
                put(&mut extra, &name, Value::Array(files));
            }
            "comment" => {
                let count = at(val, &["total"]).cloned().or_else(|| {
                    at(val, &["comments"])
                        .and_then(Value::as_array)
                        .map(|c| c.len().into())
                });
                if let Some(c) = count {
                    put(&mut extra, &name, c);
                }
            }
            _ => put(&mut extra, &name, simplify(val)),
        }
    }
    if issue.estimate.is_none() {
        if let Some(secs) = fields
            .get("timeoriginalestimate")
            .and_then(num)
            .filter(|s| *s > 0.0)
        {
            issue.estimate = Some(Estimate {
                value: secs / 3600.0,
                unit: EstimateUnit::Hours,
            });
        }
    }
    issue.fields = extra;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v2_wiki_description_and_links() {
        // REST v2 / Server shape; text from ../shared/data/issues/deepse/mesos.csv, MESOS-313
        let v = json!({
            "id": "12620000", "key": "MESOS-313",
            "self": "https://issues.apache.org/jira/rest/api/2/issue/12620000",
            "fields": {
                "summary": "Report executor terminations to framework schedulers.",
                "description": "The Scheduler interface has a callback for executorLost, but currently it is never called.",
                "issuetype": {"name": "Improvement", "subtask": false},
                "status": {"name": "Resolved", "statusCategory": {"key": "done", "name": "Done"}},
                "priority": {"name": "Major"},
                "labels": ["twitter"],
                "components": [{"name": "framework"}],
                "issuelinks": [
                    {"type": {"name": "Blocker", "inward": "is blocked by", "outward": "blocks"},
                     "inwardIssue": {"key": "MESOS-1", "fields": {"status": {"name": "Open", "statusCategory": {"key": "new"}}}}},
                    {"type": {"name": "Duplicate", "inward": "is duplicated by", "outward": "duplicates"},
                     "outwardIssue": {"key": "MESOS-2", "fields": {"status": {"name": "Closed"}}}}
                ],
                "customfield_12310920": 2.0,
                "fixVersions": [{"name": "0.14.0"}]
            }
        });
        let issue = issue(&v, None).unwrap();
        assert_eq!(
            issue.url.as_deref(),
            Some("https://issues.apache.org/jira/browse/MESOS-313")
        );
        assert_eq!(issue.kind, IssueKind::Improvement);
        assert_eq!(
            issue.status.as_ref().map(|s| s.category),
            Some(StatusCategory::Done)
        );
        assert_eq!(issue.priority.as_ref().and_then(|p| p.level), Some(2));
        assert_eq!(issue.components, vec!["framework".to_string()]);
        assert_eq!(
            issue.links,
            vec![
                IssueLink {
                    kind: LinkKind::BlockedBy,
                    target: "MESOS-1".into(),
                    target_done: Some(false)
                },
                IssueLink {
                    kind: LinkKind::Duplicates,
                    target: "MESOS-2".into(),
                    target_done: Some(true)
                },
            ]
        );
        // Without `names`, custom fields keep their id; no story points are guessed.
        assert_eq!(issue.estimate, None);
        assert_eq!(issue.field("customfield_12310920"), Some(&json!(2.0)));
        assert_eq!(issue.field("fixVersions"), Some(&json!(["0.14.0"])));
    }

    #[test]
    fn server_names_and_string_acceptance_criteria() {
        // Server/DC with per-issue `names` and a wiki-markup text custom field.
        let v = json!({
            "key": "DEMO-1",
            "names": {"customfield_10100": "Acceptance Criteria", "customfield_10200": "Story Points"},
            "fields": {
                "summary": "Export backlog",
                "customfield_10100": "h3. AC\n# export works\n# import works",
                "customfield_10200": "5",
                "status": {"name": "In Review"}
            }
        });
        let i = issue(&v, None).unwrap();
        let ac = i.acceptance_criteria.clone().unwrap();
        assert_eq!(ac.text(), "AC\n1. export works\n1. import works");
        assert_eq!(i.estimate.as_ref().map(|e| e.value), Some(5.0));
        // No status category: guessed from the name.
        assert_eq!(
            i.status.as_ref().map(|s| s.category),
            Some(StatusCategory::InProgress)
        );
        assert_eq!(
            i.field("Acceptance Criteria"),
            Some(&json!("h3. AC\n# export works\n# import works"))
        );
    }

    #[test]
    fn rendered_html_stands_in_for_a_missing_description() {
        let v = json!({"key": "A-1", "fields": {"summary": "x"},
            "renderedFields": {"description": "<p>As a user I want <b>exports</b></p><ul><li>CSV</li></ul>"}});
        assert_eq!(
            issue(&v, None).unwrap().description.text(),
            "As a user I want exports\n- CSV"
        );
    }

    #[test]
    fn missing_summary_is_an_error() {
        assert_eq!(
            issue(&json!({"key": "A-1", "fields": {}}), None).unwrap_err(),
            "missing fields.summary"
        );
        assert!(issue(&json!({"fields": {"summary": "x"}}), None)
            .unwrap_err()
            .contains("key"));
        assert!(issue(&json!({"key": "A-1"}), None)
            .unwrap_err()
            .contains("fields"));
    }
}
