//! The known traps of published user-story tools (AQUSA and others), each handled and
//! checked here end to end through the public API.

use readylens::diagnostic::{field_text, Diagnostic, Field};
use readylens::model::{Doc, Issue, IssueKind};
use readylens::rules::{check_all, check_issue, RulesConfig};

fn story(title: &str) -> Issue {
    Issue {
        key: format!("K-{}", title.len()),
        kind: IssueKind::Story,
        title: title.into(),
        ..Default::default()
    }
}

fn rules(ds: &[Diagnostic]) -> Vec<&str> {
    ds.iter().map(|d| d.rule.as_str()).collect()
}

#[test]
fn a_story_starting_with_i_want_has_a_means() {
    let i = story("I want to export the monthly report as CSV, so that I can share it.");
    let ds = check_issue(&i, &RulesConfig::default());
    let wf: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.rule == "story/well-formed")
        .collect();
    assert_eq!(wf.len(), 1, "{ds:?}");
    assert!(wf[0].message.contains("no role"), "{}", wf[0].message);
    assert!(!ds.iter().any(|d| d.message.contains("not what they want")));
    // The means is judged like any other: atomic, vague, … still run.
    let i = story("I want to add and delete reports.");
    assert!(rules(&check_issue(&i, &RulesConfig::default())).contains(&"story/atomic"));
}

#[test]
fn two_different_role_less_stories_are_not_duplicates() {
    let backlog = vec![
        story("I want to export the report."),
        story("I want to delete my account."),
        story("I want to change my password."),
    ];
    let per = check_all(&backlog, &RulesConfig::default());
    assert!(
        per.iter().flatten().all(|d| d.rule != "story/unique"),
        "{per:?}"
    );
}

#[test]
fn so_that_i_can_is_not_a_weak_modal() {
    let mut i = story("As a clerk, I want to print labels, so that I can ship parcels.");
    i.acceptance_criteria = Some(Doc::from_plain(
        "- A label prints in under 5 seconds, so that I can keep the line moving\n- The label shows the tracking number so the courier could scan it",
    ));
    let ds = check_issue(&i, &RulesConfig::default());
    assert!(!rules(&ds).contains(&"criteria/weak-modal"), "{ds:?}");
    // …while a real weak modal is still reported.
    i.acceptance_criteria = Some(Doc::from_plain("- The label could show the weight"));
    let ds = check_issue(&i, &RulesConfig::default());
    let wm: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.rule == "criteria/weak-modal")
        .collect();
    assert_eq!(wm.len(), 1);
    let t = field_text(&i, Field::AcceptanceCriteria);
    let s = wm[0].span.unwrap();
    assert_eq!(&t[s.start..s.end], "could");
}

#[test]
fn i_and_my_are_not_ambiguous_or_vague() {
    let i = story("As a member, I want my profile to show my name, so that I know it is mine.");
    let ds = check_issue(&i, &RulesConfig::default());
    for d in &ds {
        let (Some(f), Some(s)) = (d.field, d.span) else {
            continue;
        };
        let t = field_text(&i, f);
        let at = t[s.start..s.end].to_lowercase();
        assert!(
            !["i", "my", "me", "mine", "it"].contains(&at.as_str()),
            "{d:?}"
        );
    }
    assert!(!rules(&ds).contains(&"story/vague"), "{ds:?}");
}

#[test]
fn bugs_and_epics_are_not_judged_as_stories() {
    for kind in [IssueKind::Bug, IssueKind::Epic] {
        let mut i = story("As a user, I want to add and delete items (fast) etc.");
        i.kind = kind;
        let ds = check_issue(&i, &RulesConfig::default());
        assert!(ds.iter().all(|d| d.category != "story"), "{kind:?}: {ds:?}");
        assert!(!rules(&ds).contains(&"criteria/missing"), "{kind:?}");
    }
}

#[test]
fn plain_jira_issues_get_no_story_findings() {
    // from ../shared/data/issues/deepse/mesos.csv, MESOS-313 and MESOS-336 (Choetkiertikul et al. 2018)
    let issues = vec![
        Issue {
            key: "MESOS-313".into(),
            title: "Report executor terminations to framework schedulers.".into(),
            description: Doc::from_plain("The Scheduler interface has a callback for executorLost, but currently it is never called."),
            ..Default::default()
        },
        Issue {
            key: "MESOS-336".into(),
            title: "Mesos slave should cache executors".into(),
            description: Doc::from_plain("The slave should be smarter about how it handles pulling down executors.  In our environment, executors rarely change but the slave will always pull it down from regardless HDFS.  This puts undue stress on our HDFS clusters, and is not resilient to reduced HDFS availability."),
            ..Default::default()
        },
    ];
    let per = check_all(&issues, &RulesConfig::default());
    assert!(per.iter().all(|ds| ds.is_empty()), "{per:?}");
}

/// A conjunction is not a second feature when it joins the items of one object, two
/// adjectives, a fixed pair naming one action, or sits in the benefit; it is when it
/// starts a second action, even after an adverb or a modal.
#[test]
fn atomic_reports_second_actions_not_compound_objects() {
    let fires =
        |t: &str| rules(&check_issue(&story(t), &RulesConfig::default())).contains(&"story/atomic");
    // from ../shared/data/stories/ustai/UStAI-annotated_updated.csv (Yamani et al. 2025)
    assert!(!fires("As a data scientist, I want to be able to compare and contrast the performance of different machine learning algorithms."));
    assert!(!fires("As a fleet manager, I want to reduce fuel consumption and emissions by using Autonomous Vehicles, so that I can save on fuel costs."));
    assert!(!fires("As a delivery company, I want to explore the use of AVs for efficient and cost-effective last-mile delivery services."));
    assert!(!fires("As a parent, I want to receive alerts when my child shows aggressive behavior, so that I can intervene and provide support."));
    assert!(!fires(
        "As a user, I want to drag and drop files into the upload area."
    ));
    assert!(fires("As a parent, I want a device that can track my child's physical activity and potentially identify aggressive episodes."));
    assert!(fires("As a developer, I want to design and develop drones that can learn and operate autonomously."));
}
