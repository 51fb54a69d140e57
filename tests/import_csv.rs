#![cfg(not(target_arch = "wasm32"))]
//! CSV exports: Jira, Linear, GitLab and generic CSVs (rows copied from the Deep-SE and
//! SeaMonkey data sets). Sources of every fixture: tests/fixtures/import/README.md.

mod support;
use support::{detected, fixture};

use readylens::import::{import, Format};
use readylens::model::{Block, EstimateUnit, IssueKind, LinkKind, StatusCategory, Tracker};
use serde_json::json;

#[test]
fn jira_csv_export() {
    assert_eq!(detected("jira_export.csv"), Format::JiraCsv);
    let out = import("jira.csv", &fixture("jira_export.csv"), None).unwrap();
    assert_eq!(out.format, Format::JiraCsv);
    let keys: Vec<&str> = out.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, vec!["STUDIO-5383", "STUDIO-5385", "STUDIO-5389"]);

    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::Jira);
    assert_eq!(i.kind, IssueKind::Story);
    assert_eq!(
        i.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Todo)
    );
    assert_eq!(
        i.priority.as_ref().map(|p| (p.name.as_str(), p.level)),
        Some(("Major", Some(2)))
    );
    assert_eq!(
        i.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((2.0, EstimateUnit::Points))
    );
    assert_eq!(i.labels, vec!["launcher"]);
    assert_eq!(i.components, vec!["Launcher"]);
    assert_eq!(i.parent.as_deref(), Some("STUDIO-5300"));
    assert_eq!(i.assignee.as_deref(), Some("Mia Krystof"));
    assert_eq!(i.created.as_deref(), Some("2014-03-12T10:15"));
    assert_eq!(i.updated.as_deref(), Some("2014-03-14T16:02"));
    assert_eq!(
        i.acceptance_criteria.as_ref().map(|d| d.blocks.clone()),
        Some(vec![Block::ListItem {
            ordered: false,
            depth: 0,
            checked: None,
            text: "Server name and version should be visible in header".into()
        }])
    );
    // Extra columns by name; `Custom field (Reach)` is "Reach".
    assert_eq!(i.field("Reach"), Some(&json!(120)));
    assert_eq!(i.field("Sprint"), Some(&json!("Studio Sprint 30")));
    assert_eq!(i.field("Issue id"), Some(&json!(10383)));
    assert_eq!(i.field("Reporter"), Some(&json!("Ana Lopez")));
    assert_eq!(i.field("Parent summary"), Some(&json!("New Launcher")));
    assert!(
        i.field("Resolution").is_none(),
        "empty cells are not fields"
    );

    // Repeated Labels columns, wiki description with link and code, link columns.
    let j = &out.issues[1];
    assert_eq!(j.labels, vec!["http", "connectors"]);
    assert!(j.description.text().contains(
        "the spec (https://github.com/mulesoft/mule-http-spec/blob/master/request-builder.md)"
    ));
    assert!(j.description.blocks.iter().any(|b| matches!(
        b,
        Block::Code { lang: Some(l), text } if l == "xml" && text.contains("<http:query-param")
    )));
    let links: Vec<(LinkKind, &str)> = j
        .links
        .iter()
        .map(|l| (l.kind, l.target.as_str()))
        .collect();
    assert_eq!(
        links,
        vec![
            (LinkKind::BlockedBy, "STUDIO-5386"),
            (LinkKind::Blocks, "STUDIO-5389")
        ]
    );
    assert_eq!(
        out.issues[2]
            .links
            .iter()
            .map(|l| l.kind)
            .collect::<Vec<_>>(),
        vec![LinkKind::BlockedBy, LinkKind::Duplicates]
    );
    assert_eq!(
        out.issues[2].status.as_ref().map(|s| s.category),
        Some(StatusCategory::Done)
    );
    assert_eq!(
        out.issues[2]
            .acceptance_criteria
            .as_ref()
            .map(|d| d.blocks.len()),
        Some(4)
    );

    // A ragged row and a row without a summary are reported; the rest are kept.
    let problems: Vec<String> = out.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("jira.csv: row 4 (line "),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].contains("4 cells but the header has 24 columns"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].starts_with("jira.csv: row 5 (line "),
        "{}",
        problems[1]
    );
    assert!(
        problems[1].contains("missing Summary for STUDIO-5392"),
        "{}",
        problems[1]
    );
}

#[test]
fn linear_csv_export() {
    assert_eq!(detected("linear_export.csv"), Format::LinearCsv);
    let out = import("linear.csv", &fixture("linear_export.csv"), None).unwrap();
    assert_eq!(out.format, Format::LinearCsv);
    assert_eq!(out.issues.len(), 3);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::Linear);
    assert_eq!(i.key, "CAMP-20");
    assert_eq!(i.labels, vec!["Feature", "registration"]);
    assert_eq!(i.kind, IssueKind::Feature);
    assert_eq!(i.priority.as_ref().and_then(|p| p.level), Some(2));
    assert_eq!(i.estimate.as_ref().map(|e| e.value), Some(3.0));
    assert_eq!(i.parent.as_deref(), Some("CAMP-1"));
    assert_eq!(
        i.links
            .iter()
            .map(|l| (l.kind, l.target.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (LinkKind::BlockedBy, "CAMP-3"),
            (LinkKind::BlockedBy, "CAMP-4")
        ]
    );
    assert!(i
        .description
        .text()
        .contains("- [x] campers appear in the roster"));
    assert_eq!(i.field("Cycle Name"), Some(&json!("Cycle 4")));
    assert_eq!(i.field("Due Date"), Some(&json!("2024-03-01")));
    // "No priority" has no level; the formula guard `'` is stripped.
    let j = &out.issues[1];
    assert_eq!(
        j.priority.as_ref().map(|p| (p.name.as_str(), p.level)),
        Some(("No priority", None))
    );
    assert_eq!(
        j.description.blocks,
        vec![Block::ListItem {
            ordered: false,
            depth: 0,
            checked: None,
            text: "remove campers if they don't attend the camp anymore, so that I can keep the records organized.".into()
        }]
    );
    let k = &out.issues[2];
    assert_eq!(k.title, "=Fee total per camper");
    assert_eq!(
        k.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Done)
    );
    assert_eq!(k.links.first().map(|l| l.kind), Some(LinkKind::Duplicates));
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].message, "missing ID; row skipped");
}

#[test]
fn gitlab_csv_export() {
    assert_eq!(detected("gitlab_export.csv"), Format::GitlabCsv);
    let out = import("gl.csv", &fixture("gitlab_export.csv"), None).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::GitLab);
    assert_eq!(i.key, "datahub/registry#12");
    assert_eq!(
        i.estimate.as_ref().map(|e| (e.value, e.unit)),
        Some((3.0, EstimateUnit::Weight))
    );
    assert_eq!(i.labels, vec!["feature", "registry"]);
    assert_eq!(
        i.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Todo)
    );
    assert_eq!(i.assignee.as_deref(), Some("Anuar Ustayev"));
    assert_eq!(i.field("Milestone"), Some(&json!("Registry MVP")));
    assert_eq!(
        out.issues[1].status.as_ref().map(|s| s.category),
        Some(StatusCategory::Done)
    );
    assert_eq!(out.issues[1].estimate, None);
    assert_eq!(out.issues[1].field("Time Estimate"), Some(&json!(3600)));
}

#[test]
fn deepse_rows_import_with_wiki_html_and_null() {
    assert_eq!(detected("deepse_sample.csv"), Format::Csv);
    let out = import("deepse.csv", &fixture("deepse_sample.csv"), None).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.issues.len(), 5);
    let by_key = |k: &str| out.issues.iter().find(|i| i.key == k).unwrap();
    assert_eq!(by_key("TISTUD-6").tracker, Tracker::Csv);
    // {html} block read as HTML: tags and entities gone, code kept.
    let html = by_key("TISTUD-6").description.text();
    assert!(
        html.starts_with("The idea here is that if our metadata captures a type"),
        "{html}"
    );
    assert!(
        html.contains("Ti.UI.createLabel( { <property-ca-here> } );"),
        "{html}"
    );
    assert!(!html.contains("<div>"));
    // "NULL" is an empty description.
    assert!(by_key("TISTUD-136").description.blocks.is_empty());
    assert_eq!(
        by_key("TISTUD-136").estimate.as_ref().map(|e| e.value),
        Some(1.0)
    );
    // Flattened wiki markup: headings and lists come back.
    assert!(by_key("TISTUD-656")
        .description
        .blocks
        .contains(&Block::Heading {
            level: 3,
            text: "Expected behavior".into()
        }));
    let rename = by_key("TISTUD-882");
    assert_eq!(rename.estimate.as_ref().map(|e| e.value), Some(8.0));
    assert_eq!(
        rename
            .description
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::ListItem { .. }))
            .count(),
        2
    );
    assert!(rename
        .description
        .text()
        .contains("resources (https://my.appcelerator.com/resources)"));
}

#[test]
fn seamonkey_rows_import_as_generic_csv() {
    assert_eq!(detected("seamonkey_sample.csv"), Format::Csv);
    let out = import("sm.csv", &fixture("seamonkey_sample.csv"), None).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    let keys: Vec<&str> = out.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, vec!["1606681", "1606979", "1607002"]);
    let first = &out.issues[0];
    assert!(first.title.starts_with("Port |Bug 752376"));
    assert_eq!(
        first.status.as_ref().map(|s| s.category),
        Some(StatusCategory::Done)
    );
    assert_eq!(first.field("Resolution"), Some(&json!("FIXED")));
    assert_eq!(first.created.as_deref(), Some("2020-01-02 17:14:21+00:00"));
    assert_eq!(
        first.description.blocks.get(1),
        Some(&Block::ListItem {
            ordered: false,
            depth: 0,
            checked: None,
            text: "Bug 752376 - Avoid calling scrollbox.ensureElementIsVisible() if the tab strip doesn't overflow to prevent layout flushes".into()
        })
    );
    assert_eq!(
        out.issues[2].priority.as_ref().map(|p| p.level),
        Some(Some(5))
    );
    assert!(out.issues[2]
        .description
        .text()
        .contains("Features Pages (https://wiki.mozilla.org/SeaMonkey/Features/)"));
}

#[test]
fn missing_columns_and_generic_names() {
    let err = import("x.csv", b"Foo,Bar\n1,2\n", Some(Format::Csv)).unwrap_err();
    assert_eq!(err.location, "line 1");
    assert!(
        err.message.contains("expected columns a title column"),
        "{err}"
    );
    assert!(err.message.contains("found columns: `Foo`, `Bar`"), "{err}");
    let err = import("x.csv", b"Summary,Status\nA,Open\n", Some(Format::JiraCsv)).unwrap_err();
    assert!(err.message.contains("`Issue key` and `Summary`"), "{err}");
    assert!(
        err.message.contains("found columns: `Summary`, `Status`"),
        "{err}"
    );

    // Common alternative names; no key column → the row number is the key.
    let csv = "title,body,Estimate,type,tags,Owner Team\nExport to CSV,\"As a user, I want to export\",5,Story,\"a; b\",Data\n";
    let out = import("x.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(out.format, Format::Csv);
    let i = &out.issues[0];
    assert_eq!(i.key, "1");
    assert_eq!(i.description.text(), "As a user, I want to export");
    assert_eq!(i.estimate.as_ref().map(|e| e.value), Some(5.0));
    assert_eq!(i.kind, IssueKind::Story);
    assert_eq!(i.labels, vec!["a", "b"]);
    assert_eq!(i.field("Owner Team"), Some(&json!("Data")));

    // A row without its key is reported by row number; blank lines are ignored.
    let csv = "key,summary\nA-1,first\n,second\n\nA-3,third\n";
    let out = import("k.csv", csv.as_bytes(), None).unwrap();
    assert_eq!(out.issues.len(), 2);
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].location, "row 2 (line 3)");
    assert_eq!(out.problems[0].message, "missing key; row skipped");
}
