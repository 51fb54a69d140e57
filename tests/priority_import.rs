//! Tracker payloads through the real importers into the scorers: the field names the
//! importers write (`Business Value`, `Upvotes`, `Customer ticket count`, …) must be
//! the ones the scorers read. Titles and descriptions are real Jira issues from
//! ../shared/data/issues/deepse/*.csv (Choetkiertikul et al., IEEE TSE 2018), placed in
//! each tracker's payload shape; the priority values are added for the test.

use readylens::priority::{score, Framework, PriorityConfig, PriorityReport, Source};
use readylens::{import, Issue};

fn one(source: &str, payload: &str) -> Issue {
    let imported = import(source, payload.as_bytes(), None).expect("import");
    assert_eq!(imported.issues.len(), 1, "{:?}", imported.problems);
    imported.issues.into_iter().next().unwrap()
}

fn input<'a>(r: &'a PriorityReport, fw: Framework, name: &str) -> &'a readylens::priority::Input {
    r.get(fw)
        .and_then(|s| s.inputs.iter().find(|i| i.name == name))
        .unwrap_or_else(|| panic!("{fw:?}.{name} missing: {r:#?}"))
}

#[test]
fn azure_devops_work_item_scores_wsjf_and_keeps_effort_an_estimate() {
    // Title from ../shared/data/issues/deepse/mesos.csv (MESOS-5450)
    let payload = r#"{"count": 1, "value": [{"id": 5450, "rev": 2, "fields": {
        "System.Id": 5450, "System.WorkItemType": "Product Backlog Item", "System.State": "New",
        "System.Title": "Make the SASL dependency optional.",
        "System.Description": "<div>Right now there is a hard dependency on SASL, which probably won't work well on Windows (at least) in the near future for our use cases.</div><div>RR|OE: 3</div>",
        "Microsoft.VSTS.Common.Priority": 2,
        "Microsoft.VSTS.Common.BusinessValue": 8,
        "Microsoft.VSTS.Common.TimeCriticality": 5,
        "Microsoft.VSTS.Scheduling.Effort": 5,
        "System.CommentCount": 2,
        "System.Tags": "moscow:should; platform"},
        "url": "https://dev.azure.com/org/project/_apis/wit/workItems/5450"}]}"#;
    let issue = one("ado.json", payload);
    let r = score(&issue, &PriorityConfig::default());
    let w = r.get(Framework::Wsjf).unwrap();
    assert_eq!(w.score, Some((8.0 + 5.0 + 3.0) / 5.0), "{w:#?}");
    assert_eq!(
        input(&r, Framework::Wsjf, "business_value").source,
        Source::Field
    );
    assert_eq!(
        input(&r, Framework::Wsjf, "risk_reduction").source,
        Source::Text
    );
    // Effort 5 is the estimate (points), not 5 person-months of RICE effort.
    let e = input(&r, Framework::Rice, "effort");
    assert_eq!(e.source, Source::Estimate);
    assert!((e.value - 0.5).abs() < 1e-12, "{e:?}");
    assert_eq!(r.tracker_priority.as_ref().map(|t| t.level), Some(2));
    assert_eq!(
        r.moscow.as_ref().map(|m| m.category),
        Some(readylens::priority::Moscow::Should)
    );
    assert!(
        r.demand
            .iter()
            .any(|d| d.name == "comments" && d.value == 2.0),
        "{:?}",
        r.demand
    );
}

#[test]
fn github_issue_reactions_count_once() {
    // Title and body from ../shared/data/issues/deepse/springxd.csv (XD-2116)
    let payload = r#"[{"url": "https://api.github.com/repos/o/r/issues/2116",
        "html_url": "https://github.com/o/r/issues/2116", "number": 2116,
        "title": "Add REST resource sink",
        "body": "Would be nice to have a sink for REST resources.\n\nRICE: impact=1 confidence=50% effort=1",
        "labels": [{"name": "enhancement"}, {"name": "kano:attractive"}],
        "state": "open", "comments": 6,
        "reactions": {"url": "https://api.github.com/repos/o/r/issues/2116/reactions",
                      "total_count": 16, "+1": 14, "-1": 0, "heart": 2},
        "created_at": "2015-01-01T00:00:00Z", "updated_at": "2015-01-02T00:00:00Z",
        "user": {"login": "someone"}}]"#;
    let issue = one("github.json", payload);
    let cfg = PriorityConfig {
        reach_from_demand: true,
        ..Default::default()
    };
    let r = score(&issue, &cfg);
    let upvotes: Vec<f64> = r
        .demand
        .iter()
        .filter(|d| d.name == "upvotes")
        .map(|d| d.value)
        .collect();
    assert_eq!(upvotes, vec![14.0], "{:?}", r.demand);
    assert_eq!(input(&r, Framework::Rice, "reach").value, 14.0);
    assert_eq!(r.primary_score, Some(14.0 * 1.0 * 0.5 / 1.0));
    assert_eq!(
        r.kano.as_ref().map(|k| k.category),
        Some(readylens::priority::Kano::Attractive)
    );
}

#[test]
fn linear_issue_priority_estimate_and_customer_tickets() {
    // Title and description from ../shared/data/issues/deepse/springxd.csv (XD-2139)
    let payload = r#"{"data": {"issue": {"id": "x", "identifier": "XD-2139",
        "title": "Add ftp sink to default sink modules",
        "description": "It would be nice to have a simple ftp sink. I had to do it for one of my projects.\n\n| Reach | Impact | Confidence |\n|---|---|---|\n| 2000 | 1 | 80% |",
        "priority": 4, "priorityLabel": "Low", "estimate": 2, "customerTicketCount": 3,
        "url": "https://linear.app/x/issue/XD-2139",
        "createdAt": "2024-02-12T09:30:11.512Z", "updatedAt": "2024-02-20T16:02:45.001Z",
        "state": {"id": "s", "name": "Backlog", "type": "backlog"},
        "labels": {"nodes": [{"name": "Should-have"}]}}}}"#;
    let issue = one("linear.json", payload);
    let r = score(&issue, &PriorityConfig::default());
    assert!(
        r.demand
            .iter()
            .any(|d| d.name == "customer_tickets" && d.value == 3.0),
        "{:?}",
        r.demand
    );
    // 2 points ÷ 10 = 0.2 person-months.
    assert_eq!(r.primary_score, Some(2000.0 * 1.0 * 0.8 / 0.2));
    assert_eq!(r.tracker_priority.as_ref().map(|t| t.level), Some(4));
    assert_eq!(
        r.moscow.as_ref().map(|m| m.category),
        Some(readylens::priority::Moscow::Should)
    );
}

#[test]
fn jira_rest_issue_with_named_custom_fields() {
    // from ../shared/data/issues/deepse/mesos.csv (MESOS-336), 5 points
    let payload = r#"{"key": "MESOS-336", "id": "1", "self": "https://issues.apache.org/jira/rest/api/2/issue/1",
        "names": {"customfield_10001": "Reach", "customfield_10002": "Impact",
                  "customfield_10003": "Confidence", "customfield_10004": "Story Points",
                  "customfield_10005": "MoSCoW"},
        "fields": {"summary": "Mesos slave should cache executors",
          "description": "The slave should be smarter about how it handles pulling down executors.",
          "issuetype": {"name": "Improvement"}, "priority": {"name": "Major"},
          "status": {"name": "Open", "statusCategory": {"key": "new"}},
          "customfield_10001": 500, "customfield_10002": {"value": "High", "id": "2"},
          "customfield_10003": {"value": "Medium"}, "customfield_10004": 5,
          "customfield_10005": {"value": "Must Have"},
          "comment": {"comments": [{"body": "+1"}, {"body": "me too"}], "total": 2}}}"#;
    let issue = one("jira.json", payload);
    let r = score(&issue, &PriorityConfig::default());
    assert_eq!(r.primary_score, Some(500.0 * 2.0 * 0.8 / 0.5), "{r:#?}");
    assert_eq!(
        r.moscow.as_ref().map(|m| m.category),
        Some(readylens::priority::Moscow::Must)
    );
    assert!(
        r.demand
            .iter()
            .any(|d| d.name == "comments" && d.value == 2.0),
        "{:?}",
        r.demand
    );
}

#[test]
fn jira_wiki_and_markdown_tables_survive_the_importers() {
    // from ../shared/data/issues/deepse/mesos.csv (MESOS-313): Jira v2 wiki markup.
    let payload = r#"{"key": "MESOS-313", "id": "2", "fields": {
        "summary": "Report executor terminations to framework schedulers.",
        "description": "The Scheduler interface has a callback for executorLost, but currently it is never called.\n\n||Reach||Impact||Confidence||Effort||\n|450|3|100%|2|\n",
        "issuetype": {"name": "Story"}}}"#;
    let issue = one("jira.json", payload);
    let r = score(&issue, &PriorityConfig::default());
    assert_eq!(
        r.primary_score,
        Some(450.0 * 3.0 * 1.0 / 2.0),
        "{:#?}",
        issue.description
    );
    assert!(input(&r, Framework::Rice, "reach").from.contains("table"));

    // GitHub Markdown body with a key/value WSJF table.
    let payload = r#"[{"url": "https://api.github.com/repos/o/r/issues/313",
        "html_url": "https://github.com/o/r/issues/313", "number": 313, "user": {"login": "a"},
        "title": "Report executor terminations to framework schedulers.",
        "body": "The Scheduler interface has a callback for executorLost, but currently it is never called.\n\n| WSJF | |\n|---|---|\n| Business value | 13 |\n| Time criticality | 8 |\n| RR/OE | 5 |\n| Job size | 13 |\n",
        "state": "open", "labels": [], "comments": 0,
        "created_at": "2015-01-01T00:00:00Z", "updated_at": "2015-01-02T00:00:00Z"}]"#;
    let issue = one("github.json", payload);
    let r = score(&issue, &PriorityConfig::default());
    assert_eq!(
        r.score_of(Framework::Wsjf),
        Some((13.0 + 8.0 + 5.0) / 13.0),
        "{:#?}",
        issue.description
    );
}
