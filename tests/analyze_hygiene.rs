//! The hygiene checks (stale, aging, oversized, orphaned, blocked, duplicate clusters)
//! run inside `analyze`: per-issue findings, the backlog's hygiene summary, the config
//! section, and no second report of a gap the Definition of Ready already names.

use readylens::analyze::analyze;
use readylens::config::Config;
use readylens::model::{
    Estimate, EstimateUnit, Issue, IssueKind, IssueLink, LinkKind, Status, StatusCategory,
};

// Titles are from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018).
fn issue(key: &str, title: &str) -> Issue {
    Issue {
        key: key.to_string(),
        title: title.to_string(),
        kind: IssueKind::Story,
        status: Some(Status {
            name: "Open".into(),
            category: StatusCategory::Todo,
        }),
        ..Default::default()
    }
}

fn rules_of(report: &readylens::analyze::Report, key: &str) -> Vec<String> {
    report
        .issues
        .iter()
        .find(|r| r.key == key)
        .map(|r| r.diagnostics.iter().map(|d| d.rule.clone()).collect())
        .unwrap_or_default()
}

fn failed(report: &readylens::analyze::Report, key: &str, check: &str) -> bool {
    report
        .issues
        .iter()
        .find(|r| r.key == key)
        .is_some_and(|r| {
            r.readiness
                .checks
                .iter()
                .any(|c| c.check == check && !c.passed)
        })
}

fn backlog() -> Vec<Issue> {
    let mut old = issue("MESOS-336", "Mesos slave should cache executors");
    old.created = Some("2025-01-10".into());
    old.updated = Some("2025-02-01".into());
    let mut big = issue(
        "MESOS-313",
        "As a framework author, I want executor terminations reported and slave restarts announced so that schedulers can react",
    );
    big.created = Some("2026-10-01".into());
    big.updated = Some("2026-11-20".into());
    big.estimate = Some(Estimate {
        value: 21.0,
        unit: EstimateUnit::Points,
    });
    let mut blocked = issue(
        "MESOS-1371",
        "Expose libprocess queue length to metrics endpoint",
    );
    blocked.created = Some("2026-11-01".into());
    blocked.updated = Some("2026-11-25".into());
    blocked.links.push(IssueLink {
        kind: LinkKind::BlockedBy,
        target: "MESOS-336".into(),
        target_done: Some(false),
    });
    vec![old, big, blocked]
}

fn config(json: &str) -> Config {
    match Config::from_json(json) {
        Ok(c) => c,
        Err(e) => panic!("config: {e}"),
    }
}

#[test]
fn the_backlog_summary_counts_hygiene_problems_as_of_the_analysis_date() {
    let cfg = config(
        r#"{"readiness": {"now": "2026-11-28", "preset": "minimal"},
            "hygiene": {"stale_days": 30, "aging_days": 365}}"#,
    );
    let report = analyze(&backlog(), &cfg);
    let h = &report.backlog.hygiene;
    assert_eq!(h.issues, 3);
    assert_eq!(h.stale, 1, "{h:?}");
    assert_eq!(h.aging, 1, "{h:?}");
    assert_eq!(h.oversized, 1, "{h:?}");
    assert_eq!(h.blocked, 1, "{h:?}");
    assert_eq!(h.orphans, 0, "require_parent is empty by default");
    // MESOS-336 is both stale and aging: it leads the worst offenders.
    assert_eq!(h.worst.first().map(|o| o.key.as_str()), Some("MESOS-336"));
}

#[test]
fn without_an_analysis_date_only_date_free_checks_run() {
    let report = analyze(
        &backlog(),
        &config(r#"{"readiness": {"preset": "minimal"}}"#),
    );
    let h = &report.backlog.hygiene;
    assert_eq!((h.stale, h.aging), (0, 0));
    assert_eq!(h.oversized, 1);
}

#[test]
fn an_oversized_story_gets_a_finding_with_its_slices_unless_readiness_already_says_so() {
    // A team that turned the size check off in its Definition of Ready still sees the
    // hygiene finding.
    let report = analyze(
        &backlog(),
        &config(
            r#"{"readiness": {"preset": "minimal", "checks": {"ready/estimate-size": "off"}}}"#,
        ),
    );
    assert!(!failed(&report, "MESOS-313", "ready/estimate-size"));
    let big = report.issues.iter().find(|r| r.key == "MESOS-313");
    let finding = big.and_then(|r| r.diagnostics.iter().find(|d| d.rule == "hygiene/oversized"));
    let Some(finding) = finding else {
        panic!(
            "no hygiene/oversized on MESOS-313: {:?}",
            rules_of(&report, "MESOS-313")
        );
    };
    let slices = finding.suggestion.as_deref().unwrap_or_default();
    assert!(
        slices.contains("executor terminations reported"),
        "{slices}"
    );
    assert!(slices.contains("slave restarts announced"), "{slices}");

    // Strict preset checks the size itself: the gap is reported once, as the check.
    let strict = analyze(
        &backlog(),
        &config(r#"{"readiness": {"preset": "strict"}}"#),
    );
    assert!(failed(&strict, "MESOS-313", "ready/estimate-size"));
    assert!(!rules_of(&strict, "MESOS-313").contains(&"hygiene/oversized".to_string()));
    // The summary still counts it: it is a backlog fact either way.
    assert_eq!(strict.backlog.hygiene.oversized, 1);
}

#[test]
fn unset_thresholds_follow_the_definition_of_ready() {
    // Safe preset: stories above 8 points are too big for the gate and for hygiene.
    let mut issues = backlog();
    if let Some(e) = issues.get_mut(1).and_then(|i| i.estimate.as_mut()) {
        e.value = 10.0;
    }
    let safe = analyze(&issues, &config(r#"{"readiness": {"preset": "safe"}}"#));
    assert_eq!(safe.backlog.hygiene.oversized, 1);
    let scrum = analyze(&issues, &config(r#"{"readiness": {"preset": "scrum"}}"#));
    assert_eq!(
        scrum.backlog.hygiene.oversized, 0,
        "13 points is the scrum maximum"
    );
    let own = analyze(
        &issues,
        &config(r#"{"readiness": {"preset": "scrum"}, "hygiene": {"max_points": 5}}"#),
    );
    assert_eq!(own.backlog.hygiene.oversized, 1);
}

#[test]
fn orphans_are_reported_for_the_kinds_the_team_requires_a_parent_for() {
    let report = analyze(
        &backlog(),
        &config(
            r#"{"readiness": {"preset": "minimal"}, "hygiene": {"require_parent": ["story"]}}"#,
        ),
    );
    assert_eq!(report.backlog.hygiene.orphans, 3);
    assert!(rules_of(&report, "MESOS-336").contains(&"hygiene/orphan".to_string()));
}

#[test]
fn a_misspelt_hygiene_setting_is_rejected_by_name() {
    let err = Config::from_json(r#"{"hygiene": {"stale_dayz": 30}}"#).unwrap_err();
    assert!(err.contains("stale_dayz"), "{err}");
    let err = Config::from_json(r#"{"hygiene": {"stale_days": "soon"}}"#).unwrap_err();
    assert!(err.contains("hygiene.stale_days"), "{err}");
}
