//! The rules' configuration as a team writes it: top-level keys of the JSON config.

use readylens::diagnostic::Severity;
use readylens::model::{Issue, IssueKind};
use readylens::rules::check_issue;
use readylens::Config;

fn story(kind: IssueKind) -> Issue {
    Issue {
        key: "S-1".into(),
        kind,
        title: "As a clerk, I want to add and delete parcels.".into(),
        ..Default::default()
    }
}

fn rules_of(issue: &Issue, cfg: &Config) -> Vec<(String, Severity)> {
    check_issue(issue, &cfg.rules)
        .into_iter()
        .map(|d| (d.rule, d.severity))
        .collect()
}

#[test]
fn per_type_levels_in_the_team_config() {
    let cfg = Config::from_json(
        r#"{"rules": {"story/atomic": "off", "criteria/missing": {"severity": "warning", "story": "error", "feature": "info", "bug": "off"}}}"#,
    )
    .unwrap();
    let s = rules_of(&story(IssueKind::Story), &cfg);
    assert!(!s.iter().any(|(r, _)| r == "story/atomic"));
    assert!(s.contains(&("criteria/missing".into(), Severity::Error)));
    let f = rules_of(&story(IssueKind::Feature), &cfg);
    assert!(f.contains(&("criteria/missing".into(), Severity::Info)));
    let b = rules_of(&story(IssueKind::Bug), &cfg);
    assert!(b.is_empty(), "bugs are not judged as stories: {b:?}");
}

#[test]
fn defaults_judge_stories_not_bugs_or_epics() {
    let cfg = Config::default();
    let s = rules_of(&story(IssueKind::Story), &cfg);
    assert!(s.contains(&("story/atomic".into(), Severity::Warning)));
    assert!(s.contains(&("criteria/missing".into(), Severity::Error)));
    for kind in [IssueKind::Bug, IssueKind::Epic] {
        assert!(rules_of(&story(kind), &cfg).is_empty(), "{kind:?}");
    }
    // A task written as a story gets the story rules but no missing-criteria error.
    let t = rules_of(&story(IssueKind::Task), &cfg);
    assert!(t.iter().any(|(r, _)| r == "story/atomic"));
    assert!(!t.iter().any(|(r, _)| r == "criteria/missing"));
}

#[test]
fn typos_and_bad_levels_are_rejected_with_the_path() {
    let err = Config::from_json(r#"{"rules": {"story/atomc": "off"}}"#).unwrap_err();
    assert!(err.contains("story/atomc"), "{err}");
    assert!(Config::from_json(r#"{"rules": {"story/atomic": "loud"}}"#).is_err());
    let err =
        Config::from_json(r#"{"rules": {"criteria/too-many": {"max_critera": 3}}}"#).unwrap_err();
    assert!(err.contains("max_critera"), "{err}");
}

#[test]
fn rule_options_change_behaviour() {
    let cfg = Config::from_json(
        r#"{"rules": {"story/vague": {"terms": ["snappy"], "allow": ["fast"]}}}"#,
    )
    .unwrap();
    let issue = Issue {
        kind: IssueKind::Story,
        title: "As a clerk, I want a snappy and fast search, so that I can serve.".into(),
        ..Default::default()
    };
    let vague: Vec<String> = check_issue(&issue, &cfg.rules)
        .into_iter()
        .filter(|d| d.rule == "story/vague")
        .map(|d| issue.title[d.span.unwrap().start..d.span.unwrap().end].to_string())
        .collect();
    assert_eq!(vague, ["snappy"]);
}

#[test]
fn options_belong_to_their_rule() {
    let err = Config::from_json(r#"{"rules": {"story/atomic": {"max": 3}}}"#).unwrap_err();
    assert!(err.contains("has no option `max`"), "{err}");
    let cfg = Config::from_json(r#"{"rules": {"criteria/too-many": {"max": 2}}}"#).unwrap();
    let mut issue = story(IssueKind::Story);
    issue.acceptance_criteria = Some(readylens::model::Doc::from_plain(
        "- A parcel can be added\n- A parcel can be deleted\n- The list shows 20 parcels",
    ));
    assert!(rules_of(&issue, &cfg)
        .iter()
        .any(|(r, _)| r == "criteria/too-many"));
    assert!(!rules_of(&issue, &Config::default())
        .iter()
        .any(|(r, _)| r == "criteria/too-many"));
}
