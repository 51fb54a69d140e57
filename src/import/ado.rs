//! Azure DevOps work item JSON (`GET _apis/wit/workitems/{id}?$expand=all`, or a batch
//! `{count, value:[…]}`). Description, repro steps and acceptance criteria are HTML.
//! WSJF inputs (business value, time criticality, risk) and effort land in
//! `Issue.fields` under readable names.

use serde_json::Value;
use std::collections::BTreeMap;

use super::html;
use super::json::{last_segment, num, person, put, scalar, status};
use crate::model::{
    Estimate, EstimateUnit, Issue, IssueKind, IssueLink, LinkKind, Priority, StatusCategory,
    Tracker,
};

/// Fields read into the model itself.
const MAPPED: &[&str] = &[
    "System.Id",
    "System.Title",
    "System.Description",
    "System.State",
    "System.WorkItemType",
    "System.Tags",
    "System.AssignedTo",
    "System.CreatedDate",
    "System.ChangedDate",
    "System.Parent",
    "Microsoft.VSTS.Common.AcceptanceCriteria",
    "Microsoft.VSTS.Common.Priority",
    "Microsoft.VSTS.TCM.ReproSteps",
];

/// Reference names given a readable name in `Issue.fields`.
const RENAMED: &[(&str, &str)] = &[
    ("Microsoft.VSTS.Common.BusinessValue", "Business Value"),
    ("Microsoft.VSTS.Common.TimeCriticality", "Time Criticality"),
    ("Microsoft.VSTS.Common.Risk", "Risk"),
    ("Microsoft.VSTS.Common.Severity", "Severity"),
    ("Microsoft.VSTS.Common.ValueArea", "Value Area"),
    ("Microsoft.VSTS.Scheduling.StoryPoints", "Story Points"),
    ("Microsoft.VSTS.Scheduling.Effort", "Effort"),
    ("Microsoft.VSTS.Scheduling.Size", "Size"),
    (
        "Microsoft.VSTS.Scheduling.OriginalEstimate",
        "Original Estimate",
    ),
    ("Microsoft.VSTS.Scheduling.RemainingWork", "Remaining Work"),
    ("Microsoft.VSTS.Scheduling.TargetDate", "Target Date"),
    ("System.AreaPath", "Area Path"),
    ("System.IterationPath", "Iteration Path"),
    ("System.TeamProject", "Team Project"),
    ("System.Reason", "Reason"),
    ("System.BoardColumn", "Board Column"),
    ("System.CommentCount", "Comments"),
];

/// Skipped entirely: identities and bookkeeping.
const SKIPPED: &[&str] = &[
    "System.Rev",
    "System.AuthorizedDate",
    "System.RevisedDate",
    "System.Watermark",
    "System.CreatedBy",
    "System.ChangedBy",
    "System.AuthorizedAs",
    "System.PersonId",
    "System.AreaId",
    "System.IterationId",
    "System.NodeName",
    "System.AreaLevel1",
    "System.IterationLevel1",
    "Microsoft.VSTS.Common.StateChangeDate",
    "Microsoft.VSTS.Common.ActivatedDate",
    "Microsoft.VSTS.Common.ActivatedBy",
];

fn field<'a>(fields: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    fields.get(name).filter(|v| !v.is_null())
}

fn text(fields: &serde_json::Map<String, Value>, name: &str) -> Option<String> {
    field(fields, name).and_then(scalar)
}

fn link_kind(rel: &str, name: Option<&str>) -> Option<LinkKind> {
    Some(match rel {
        "System.LinkTypes.Hierarchy-Reverse" => LinkKind::Parent,
        "System.LinkTypes.Hierarchy-Forward" => LinkKind::Child,
        // Reverse = "Predecessor": the other item must finish first.
        "System.LinkTypes.Dependency-Reverse" => LinkKind::BlockedBy,
        "System.LinkTypes.Dependency-Forward" => LinkKind::Blocks,
        // Forward = "Duplicate" (the other one duplicates this), Reverse = "Duplicate Of".
        "System.LinkTypes.Duplicate-Forward" => LinkKind::DuplicatedBy,
        "System.LinkTypes.Duplicate-Reverse" => LinkKind::Duplicates,
        "System.LinkTypes.Related" => LinkKind::Relates,
        r if r.starts_with("System.LinkTypes.") || r.starts_with("Microsoft.VSTS.") => {
            name.map(LinkKind::from_phrase).unwrap_or(LinkKind::Other)
        }
        _ => return None,
    })
}

pub fn issue(v: &Value) -> Result<Issue, String> {
    let fields = v
        .get("fields")
        .and_then(Value::as_object)
        .ok_or("missing fields")?;
    let id = v
        .get("id")
        .and_then(scalar)
        .or_else(|| text(fields, "System.Id"))
        .ok_or("missing id")?;
    let title = text(fields, "System.Title").ok_or("missing fields.System.Title")?;
    let url = v
        .get("_links")
        .and_then(|l| l.get("html"))
        .and_then(|h| h.get("href"))
        .and_then(scalar)
        .or_else(|| {
            // …/_apis/wit/workItems/42 → …/_workitems/edit/42
            let api = v.get("url").and_then(scalar)?;
            let base = api.split("/_apis/").next()?;
            Some(format!("{base}/_workitems/edit/{id}"))
        });
    let mut issue = Issue {
        tracker: Tracker::AzureDevOps,
        key: id,
        title,
        url,
        ..Default::default()
    };
    let description = text(fields, "System.Description")
        .or_else(|| text(fields, "Microsoft.VSTS.TCM.ReproSteps"));
    if let Some(h) = description {
        issue.description = html::to_doc(&h);
    }
    if let Some(h) = text(fields, "Microsoft.VSTS.Common.AcceptanceCriteria") {
        let doc = html::to_doc(&h);
        if !doc.is_empty() {
            issue.acceptance_criteria = Some(doc);
        }
    }
    if let Some(t) = text(fields, "System.WorkItemType") {
        issue.kind = IssueKind::from_name(&t);
        issue.kind_name = Some(t);
    }
    if let Some(s) = text(fields, "System.State") {
        issue.status = Some(status(&s, StatusCategory::Unknown));
    }
    if let Some(p) = text(fields, "Microsoft.VSTS.Common.Priority") {
        issue.priority = Some(Priority::from_name(&p));
    }
    for name in [
        "Microsoft.VSTS.Scheduling.StoryPoints",
        "Microsoft.VSTS.Scheduling.Effort",
        "Microsoft.VSTS.Scheduling.Size",
    ] {
        if let Some(p) = field(fields, name).and_then(num).filter(|p| *p >= 0.0) {
            issue.estimate = Some(Estimate::points(p));
            break;
        }
    }
    if issue.estimate.is_none() {
        if let Some(h) = field(fields, "Microsoft.VSTS.Scheduling.OriginalEstimate")
            .and_then(num)
            .filter(|h| *h > 0.0)
        {
            issue.estimate = Some(Estimate {
                value: h,
                unit: EstimateUnit::Hours,
            });
        }
    }
    if let Some(tags) = text(fields, "System.Tags") {
        issue.labels = tags
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
    }
    issue.assignee = person(field(fields, "System.AssignedTo"));
    issue.created = text(fields, "System.CreatedDate");
    issue.updated = text(fields, "System.ChangedDate");
    issue.parent = text(fields, "System.Parent");

    let mut extra = BTreeMap::new();
    let mut hyperlinks = Vec::new();
    for rel in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind_name = rel.get("rel").and_then(Value::as_str).unwrap_or("");
        let target_url = rel.get("url").and_then(Value::as_str).unwrap_or("");
        if kind_name == "Hyperlink" {
            hyperlinks.push(Value::String(target_url.to_string()));
            continue;
        }
        let attr_name = rel
            .get("attributes")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str);
        let Some(kind) = link_kind(kind_name, attr_name) else {
            continue;
        };
        let Some(target) = last_segment(target_url) else {
            continue;
        };
        if kind == LinkKind::Parent && issue.parent.is_none() {
            issue.parent = Some(target.to_string());
        }
        issue.links.push(IssueLink {
            kind,
            target: target.to_string(),
            target_done: None,
        });
    }
    put(&mut extra, "Hyperlinks", Value::Array(hyperlinks));
    for (name, val) in fields {
        if MAPPED.contains(&name.as_str()) || SKIPPED.contains(&name.as_str()) {
            continue;
        }
        let display = RENAMED
            .iter()
            .find(|(r, _)| r == name)
            .map(|(_, d)| *d)
            .unwrap_or(name.as_str());
        let val = match val {
            Value::Object(_) => person(Some(val))
                .map(Value::String)
                .unwrap_or_else(|| val.clone()),
            Value::String(s) if s.contains('<') && s.contains('>') => {
                Value::String(html::to_doc(s).text())
            }
            other => other.clone(),
        };
        put(&mut extra, display, val);
    }
    issue.fields = extra;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_names_map_to_kinds() {
        assert_eq!(
            link_kind("System.LinkTypes.Dependency-Reverse", None),
            Some(LinkKind::BlockedBy)
        );
        assert_eq!(
            link_kind("System.LinkTypes.Hierarchy-Reverse", None),
            Some(LinkKind::Parent)
        );
        assert_eq!(
            link_kind("System.LinkTypes.Duplicate-Reverse", None),
            Some(LinkKind::Duplicates)
        );
        assert_eq!(link_kind("AttachedFile", None), None);
        assert_eq!(
            link_kind("Microsoft.VSTS.Common.TestedBy-Forward", Some("Tested By")),
            Some(LinkKind::Other)
        );
    }
}
