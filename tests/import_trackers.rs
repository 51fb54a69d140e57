#![cfg(not(target_arch = "wasm32"))]
//! Linear GraphQL, GitHub REST, Azure DevOps and GitLab REST issue JSON. Story texts
//! come from the Dalpiaz backlogs in ../shared/data/stories/dalpiaz/ (CC BY 4.0); see
//! tests/fixtures/import/README.md for each fixture's source.

mod support;
use support::{detected, fixture};

use readylens::import::{import, Format};
use readylens::model::{Block, EstimateUnit, IssueKind, LinkKind, StatusCategory, Tracker};
use serde_json::json;

#[test]
fn linear_single_issue() {
    assert_eq!(detected("linear_issue.json"), Format::LinearJson);
    let out = import("linear_issue.json", &fixture("linear_issue.json"), None).unwrap();
    assert_eq!(out.format, Format::LinearJson);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::Linear);
    assert_eq!(i.key, "CAMP-12");
    assert_eq!(i.title, "Add campers");
    assert_eq!(
        i.priority.as_ref().map(|p| (p.name.as_str(), p.level)),
        Some(("High", Some(2)))
    );
    assert_eq!(
        i.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((3.0, EstimateUnit::Points))
    );
    assert_eq!(i.labels, vec!["Feature", "registration"]);
    assert_eq!(i.kind, IssueKind::Feature);
    assert_eq!(
        i.status.as_ref().map(|s| (s.name.as_str(), s.category)),
        Some(("In Progress", StatusCategory::InProgress))
    );
    assert_eq!(i.parent.as_deref(), Some("CAMP-1"));
    assert_eq!(i.assignee.as_deref(), Some("dana"));
    let checklist: Vec<(Option<bool>, &str)> = i
        .description
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem { checked, text, .. } => Some((*checked, text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        checklist,
        vec![
            (Some(true), "A camper can be added with name and birth date"),
            (Some(false), "Duplicate campers are flagged")
        ]
    );
    assert!(i
        .description
        .text()
        .contains("Figma (https://www.figma.com/file/Camp123/registration)"));
    let links: Vec<(LinkKind, &str, Option<bool>)> = i
        .links
        .iter()
        .map(|l| (l.kind, l.target.as_str(), l.target_done))
        .collect();
    assert_eq!(
        links,
        vec![
            (LinkKind::Blocks, "CAMP-14", Some(false)),
            (LinkKind::BlockedBy, "CAMP-3", Some(true)),
            (LinkKind::DuplicatedBy, "CAMP-40", Some(true)),
            (LinkKind::Child, "CAMP-13", Some(false)),
        ]
    );
    assert_eq!(i.field("Project"), Some(&json!("Camp registration")));
    assert_eq!(i.field("Customer ticket count"), Some(&json!(2)));
    assert_eq!(i.field("Team"), Some(&json!("CAMP")));
}

#[test]
fn linear_issue_list_with_bad_nodes() {
    let out = import("issues.json", &fixture("linear_issues.json"), None).unwrap();
    let keys: Vec<&str> = out.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, vec!["CAMP-13", "CAMP-14"]);
    // Priority 0 is "no priority", 1 is urgent.
    assert_eq!(out.issues[0].priority.as_ref().map(|p| p.level), Some(None));
    assert_eq!(
        out.issues[0].priority.as_ref().map(|p| p.name.as_str()),
        Some("No priority")
    );
    assert_eq!(out.issues[0].estimate, None);
    assert_eq!(
        out.issues[1].priority.as_ref().and_then(|p| p.level),
        Some(1)
    );
    assert_eq!(out.issues[1].kind, IssueKind::Improvement);
    let problems: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        vec![
            "issues.json: $.data.issues.nodes[2]: missing identifier",
            "issues.json: $.data.issues.nodes[3]: expected an issue object, found a string",
            "issues.json: $.data.issues.nodes[4]: missing title",
        ]
    );
}

#[test]
fn linear_graphql_errors_are_an_error() {
    let err = import(
        "q.json",
        br#"{"errors":[{"message":"Entity not found: Issue","extensions":{"code":"INVALID_INPUT"}}],"data":null}"#,
        None,
    )
    .unwrap_err();
    assert!(err.message.contains("Entity not found: Issue"), "{err}");
}

#[test]
fn github_issues_pull_requests_and_bad_items() {
    assert_eq!(detected("github_issues.json"), Format::GithubJson);
    let out = import("gh.json", &fixture("github_issues.json"), None).unwrap();
    assert_eq!(out.format, Format::GithubJson);
    let keys: Vec<&str> = out.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "frictionlessdata/datapackage-js#41",
            "frictionlessdata/datapackage-js#42",
            "frictionlessdata/datapackage-js#43"
        ]
    );
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::GitHub);
    assert_eq!(i.kind, IssueKind::Feature);
    assert_eq!(i.labels, vec!["enhancement", "node"]);
    assert_eq!(
        i.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Todo)
    );
    assert_eq!(i.assignee.as_deref(), Some("roll"));
    assert_eq!(i.field("Upvotes"), Some(&json!(5)));
    assert_eq!(i.field("Comments"), Some(&json!(4)));
    assert_eq!(i.field("Milestone"), Some(&json!("v1.0")));
    assert_eq!(
        i.field("Sub-issues").and_then(|s| s.get("total")),
        Some(&json!(2))
    );
    // The HTML comment of the template never reaches the text.
    let text = i.description.text();
    assert!(
        text.starts_with("As a Developer, I want to get a Data Package into Node"),
        "{text}"
    );
    assert!(!text.contains("Describe the user story"));
    assert!(text.contains("- [x] Package.load(url) returns the descriptor"));
    assert!(text.contains("https://specs.frictionlessdata.io/data-package/"));
    // Null body, closed as completed.
    let closed = &out.issues[1];
    assert!(closed.description.is_empty());
    assert_eq!(
        closed
            .status
            .as_ref()
            .map(|s| (s.name.as_str(), s.category)),
        Some(("closed (completed)", StatusCategory::Done))
    );
    // Pull requests are kept but marked.
    let pr = &out.issues[2];
    assert_eq!(pr.kind_name.as_deref(), Some("Pull request"));
    assert_eq!(pr.field("Pull request"), Some(&json!(true)));
    let problems: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        vec![
            "gh.json: $[3]: expected an issue object, found a string",
            "gh.json: $[4]: missing title",
        ]
    );
}

#[test]
fn azure_devops_batch() {
    assert_eq!(detected("ado_workitems.json"), Format::AdoJson);
    let out = import("wi.json", &fixture("ado_workitems.json"), None).unwrap();
    assert_eq!(out.format, Format::AdoJson);
    assert_eq!(out.issues.len(), 2);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::AzureDevOps);
    assert_eq!(i.key, "301");
    assert_eq!(
        i.url.as_deref(),
        Some("https://dev.azure.com/unibath/b0d6a9e4/_workitems/edit/301")
    );
    assert_eq!(i.kind, IssueKind::Story);
    assert_eq!(i.kind_name.as_deref(), Some("Product Backlog Item"));
    assert_eq!(
        i.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Todo)
    );
    assert_eq!(
        i.priority.as_ref().map(|p| (p.name.as_str(), p.level)),
        Some(("2", Some(2)))
    );
    assert_eq!(
        i.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((5.0, EstimateUnit::Points))
    );
    assert_eq!(i.labels, vec!["deposit", "web ui"]);
    assert_eq!(i.assignee.as_deref(), Some("Priya Natarajan"));
    assert_eq!(i.parent.as_deref(), Some("300"));
    assert_eq!(
        i.description.text(),
        "As a depositor, I want to deposit and maintain datasets through a simple web interface, so that I don't need to install and learn new software to deposit.\nSee the deposit flow mockups (https://www.figma.com/file/Bath42/deposit-flow) (illustrative link)."
    );
    let ac = i.acceptance_criteria.as_ref().unwrap();
    assert_eq!(
        ac.blocks,
        vec![
            Block::ListItem {
                ordered: false,
                depth: 0,
                checked: None,
                text: "A dataset can be deposited from the browser without plugins".into()
            },
            Block::ListItem {
                ordered: false,
                depth: 0,
                checked: None,
                text: "Existing deposits can be edited".into()
            },
            Block::ListItem {
                ordered: false,
                depth: 0,
                checked: Some(true),
                text: "Upload progress is shown".into()
            },
        ]
    );
    let links: Vec<(LinkKind, &str)> = i
        .links
        .iter()
        .map(|l| (l.kind, l.target.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            (LinkKind::Parent, "300"),
            (LinkKind::BlockedBy, "299"),
            (LinkKind::Relates, "305")
        ]
    );
    assert_eq!(i.field("Business Value"), Some(&json!(300)));
    assert_eq!(i.field("Time Criticality"), Some(&json!(8)));
    assert_eq!(i.field("Risk"), Some(&json!("2 - Medium")));
    assert_eq!(i.field("Custom.RiskReduction"), Some(&json!(3)));
    assert_eq!(
        i.field("Hyperlinks"),
        Some(&json!(["https://www.figma.com/file/Bath42/deposit-flow"]))
    );
    assert!(i.field("System.Rev").is_none());

    // A bug: repro steps stand in for the description; story points are read.
    let bug = &out.issues[1];
    assert_eq!(bug.kind, IssueKind::Bug);
    assert_eq!(
        bug.description.text(),
        "1. Deposit a dataset through Pure\n1. Open the record\nExpected: file names kept"
    );
    assert_eq!(bug.estimate.as_ref().map(|e| e.value), Some(2.0));
    assert_eq!(bug.priority.as_ref().and_then(|p| p.level), Some(1));
    assert_eq!(bug.field("Severity"), Some(&json!("2 - High")));

    assert_eq!(out.problems.len(), 1);
    assert_eq!(
        out.problems[0].to_string(),
        "wi.json: $.value[2]: missing fields.System.Title"
    );
}

#[test]
fn gitlab_issues() {
    assert_eq!(detected("gitlab_issues.json"), Format::GitlabJson);
    let out = import("gl.json", &fixture("gitlab_issues.json"), None).unwrap();
    assert_eq!(out.format, Format::GitlabJson);
    assert_eq!(out.issues.len(), 2);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::GitLab);
    assert_eq!(i.key, "datahub/registry#12");
    assert_eq!(
        i.url.as_deref(),
        Some("https://gitlab.com/datahub/registry/-/issues/12")
    );
    assert_eq!(
        i.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((3.0, EstimateUnit::Weight))
    );
    assert_eq!(i.kind, IssueKind::Feature);
    assert_eq!(
        i.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Todo)
    );
    assert_eq!(i.field("Upvotes"), Some(&json!(6)));
    assert_eq!(i.field("Milestone"), Some(&json!("Registry MVP")));
    assert_eq!(i.field("Due date"), Some(&json!("2017-06-20")));
    assert_eq!(i.assignee.as_deref(), Some("Anuar Ustayev"));
    assert!(i
        .description
        .text()
        .contains("- [x] private datasets are hidden from search"));
    // No references: the key comes from the web URL; no weight: hours from time_stats.
    let j = &out.issues[1];
    assert_eq!(j.key, "datahub/registry#13");
    assert_eq!(j.kind, IssueKind::Task);
    assert_eq!(
        j.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((2.0, EstimateUnit::Hours))
    );
    assert_eq!(
        j.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Done)
    );
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].location, "$[2]");
    assert_eq!(out.problems[0].message, "missing title");
}

#[test]
fn explicit_format_overrides_detection() {
    // A GitLab payload forced through the GitHub importer: every item is reported.
    let out = import(
        "gl.json",
        &fixture("gitlab_issues.json"),
        Some(Format::GithubJson),
    )
    .unwrap();
    assert_eq!(out.format, Format::GithubJson);
    assert!(out.issues.is_empty());
    assert_eq!(out.problems.len(), 3);
    assert!(out.problems.iter().all(|p| p.message.contains("missing")));
}
