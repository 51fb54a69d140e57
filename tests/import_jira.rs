#![cfg(not(target_arch = "wasm32"))]
//! Jira REST JSON: v3 single issue with `names` and ADF, a `search/jql` page with a
//! bad item, an agile backlog page with wiki markup. Fixture texts come from
//! ../shared/data/issues/deepse/mulestudio.csv (Choetkiertikul et al. 2018); see
//! tests/fixtures/import/README.md.

mod support;
use support::fixture;

use readylens::import::{detect, import, Format};
use readylens::model::{Block, EstimateUnit, IssueKind, LinkKind, StatusCategory, Tracker};
use serde_json::json;

#[test]
fn v3_single_issue_with_names_adf_and_custom_fields() {
    let bytes = fixture("jira_v3_issue.json");
    assert_eq!(
        detect(std::str::from_utf8(&bytes).unwrap()),
        Format::JiraJson
    );
    let out = import("jira_v3_issue.json", &bytes, None).unwrap();
    assert_eq!(out.format, Format::JiraJson);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.issues.len(), 1);
    let i = &out.issues[0];
    assert_eq!(i.tracker, Tracker::Jira);
    assert_eq!(i.key, "STUDIO-2825");
    assert_eq!(
        i.url.as_deref(),
        Some("https://mulesoft-studio.atlassian.net/browse/STUDIO-2825")
    );
    assert_eq!(i.title, "Display and customize generated connector queries");
    assert_eq!(i.kind, IssueKind::Story);
    assert_eq!(i.kind_name.as_deref(), Some("Story"));
    let status = i.status.as_ref().unwrap();
    assert_eq!(
        (status.name.as_str(), status.category),
        ("To Do", StatusCategory::Todo)
    );
    let prio = i.priority.as_ref().unwrap();
    assert_eq!((prio.name.as_str(), prio.level), ("High", Some(2)));
    // "Story point estimate" resolved through `names`.
    let est = i.estimate.as_ref().unwrap();
    assert_eq!((est.value, est.unit), (8.0, EstimateUnit::Points));
    assert_eq!(i.labels, vec!["connectors", "datasense"]);
    assert_eq!(i.components, vec!["Query Builder"]);
    assert_eq!(i.parent.as_deref(), Some("STUDIO-2800"));
    assert_eq!(i.assignee.as_deref(), Some("Mia Krystof"));
    assert_eq!(i.created.as_deref(), Some("2013-09-24T10:11:12.000+0000"));

    // Description: ADF with a heading, a link whose URL stays visible, media, panel and
    // an unknown node whose text is kept.
    let text = i.description.text();
    assert!(text.starts_with("As a Studio developer, I want to see the generated query"));
    assert!(i.description.blocks.contains(&Block::Heading {
        level: 3,
        text: "Design".into()
    }));
    assert!(text.contains(
        "query editor (https://www.figma.com/file/8uVd1S4vyQnOa1vF/Studio-DataSense?node-id=12%3A40)"
    ));
    assert!(text.contains("[image: query-editor-mockup.png]"));
    assert!(text.contains("Only for connectors that support DataSense queries."));
    assert!(text.contains("Text inside an unknown node is kept."));

    // Acceptance criteria: the ADF custom field named "Acceptance Criteria".
    let ac = i.acceptance_criteria.as_ref().unwrap();
    assert_eq!(ac.blocks.len(), 5);
    assert!(ac.blocks.iter().all(|b| matches!(
        b,
        Block::ListItem {
            ordered: false,
            depth: 0,
            ..
        }
    )));
    assert_eq!(
        ac.blocks[1],
        Block::ListItem {
            ordered: false,
            depth: 0,
            checked: None,
            text: "I can edit a SOQL expression".into()
        }
    );

    // Links with the other end's status.
    assert_eq!(i.links.len(), 3);
    assert_eq!(i.links[0].kind, LinkKind::BlockedBy);
    assert_eq!(i.links[0].target, "STUDIO-2824");
    assert_eq!(i.links[0].target_done, Some(false));
    assert_eq!(i.links[1].kind, LinkKind::Relates);
    assert_eq!(i.links[1].target_done, Some(true));
    assert_eq!(i.links[2].kind, LinkKind::Child);
    assert_eq!(i.links[2].target, "STUDIO-2826");

    // Custom fields by display name; nulls and bookkeeping dropped.
    assert_eq!(i.field("Connector"), Some(&json!("Salesforce")));
    assert_eq!(i.field("Sprint"), Some(&json!(["Studio Sprint 12"])));
    assert_eq!(i.field("Story point estimate"), Some(&json!(8.0)));
    assert_eq!(
        i.field("Attachment"),
        Some(&json!(["query-editor-mockup.png"]))
    );
    assert_eq!(i.field("Comment"), Some(&json!(2)));
    assert_eq!(i.field("Due date"), Some(&json!("2013-10-07")));
    assert!(i.field("Business Value").is_none());
    assert!(i.field("Watchers").is_none());
    assert!(i.fields.keys().all(|k| !k.starts_with("customfield_")));
}

#[test]
fn search_jql_page_keeps_good_items_and_reports_the_bad_one() {
    let out = import("page.json", &fixture("jira_v3_search_jql.json"), None).unwrap();
    assert_eq!(out.format, Format::JiraJson);
    let keys: Vec<&str> = out.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, vec!["STUDIO-2824", "STUDIO-5350"]);
    assert_eq!(out.problems.len(), 1);
    let p = &out.problems[0];
    assert_eq!(p.location, "$.issues[2]");
    assert_eq!(p.message, "missing fields.summary");
    assert_eq!(
        p.to_string(),
        "page.json: $.issues[2]: missing fields.summary"
    );

    // Top-level `names` applies to every issue of the page.
    assert_eq!(out.issues[0].estimate.as_ref().map(|e| e.value), Some(5.0));
    assert_eq!(
        out.issues[0].status.as_ref().map(|s| s.category),
        Some(StatusCategory::InProgress)
    );
    // A task list becomes checklist items with their done state.
    let checked: Vec<Option<bool>> = out.issues[1]
        .description
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem { checked, .. } => Some(*checked),
            _ => None,
        })
        .collect();
    assert_eq!(
        checked,
        vec![Some(true), Some(false), Some(false), Some(false)]
    );
    assert!(out.issues[1]
        .description
        .text()
        .contains("Acceptance Criteria\n- [x] When application is running, it should be green"));
}

#[test]
fn agile_backlog_with_wiki_markup() {
    let out = import("backlog.json", &fixture("jira_agile_backlog.json"), None).unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert_eq!(out.issues.len(), 2);
    let first = &out.issues[0];
    let items: Vec<(u8, &str)> = first
        .description
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem { depth, text, .. } => Some((*depth, text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(items.len(), 7);
    assert_eq!(
        items[0],
        (
            0,
            "Two way editing works for the following items in the spec"
        )
    );
    assert_eq!(
        items[1],
        (1, "Get, post, put, delete and execute operations")
    );
    assert_eq!(
        items[6],
        (0, "If I select \"execute\" I can input my own HTTP method")
    );
    // Without `names`, no field is guessed to be story points.
    assert_eq!(first.estimate, None);
    assert_eq!(first.field("customfield_10002"), Some(&json!(3.0)));

    let second = &out.issues[1];
    assert_eq!(second.priority.as_ref().and_then(|p| p.level), Some(1));
    assert!(second.description.blocks.contains(&Block::Heading {
        level: 3,
        text: "Acceptance Criteria".into()
    }));
    let ordered = second
        .description
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::ListItem { ordered: true, .. }))
        .count();
    assert_eq!(ordered, 6);
    assert!(second.description.blocks.contains(&Block::Heading {
        level: 4,
        text: "NOTE".into()
    }));
}

#[test]
fn malformed_jira_json_names_line_column_and_path() {
    let bytes = fixture("jira_v3_issue.json");
    let text = String::from_utf8(bytes).unwrap();
    // Cut the payload inside the description: the error says where.
    let cut = text.find("\"Design\"").unwrap();
    let err = import("cut.json", &text.as_bytes()[..cut], None).unwrap_err();
    assert!(err.message.contains("ends too early"), "{err}");
    assert!(err.location.starts_with("line "), "{err}");
    assert!(
        err.location.contains("$.fields.description.content[1]"),
        "{err}"
    );

    let broken = text.replacen("\"key\": \"STUDIO-2825\",", "\"key\": \"STUDIO-2825\" ", 1);
    let err = import("broken.json", broken.as_bytes(), Some(Format::JiraJson)).unwrap_err();
    assert!(err.message.starts_with("invalid JSON"), "{err}");
    // The parser notices at the start of the next key, just after `$.key`.
    assert!(err.location.starts_with("line 6, column 3"), "{err}");
    assert!(err.location.contains("$.key"), "{err}");
    assert!(err.message.contains("expected `,` or `}`"), "{err}");
}

#[test]
fn api_error_payloads_are_reported_as_errors() {
    let err = import(
        "x.json",
        br#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#,
        None,
    )
    .unwrap_err();
    assert!(err.message.contains("Issue does not exist"), "{err}");
}
