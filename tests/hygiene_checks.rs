//! Stale, aging, oversized, orphaned and blocked work, and the backlog summary.

use readylens::diagnostic::{Diagnostic, Field, Severity};
use readylens::hygiene::{
    aging, blocked, check, find_duplicates, orphaned, oversized, split_slices, stale, summary,
    DuplicatesConfig, HygieneConfig,
};
use readylens::model::{
    Doc, Estimate, EstimateUnit, Issue, IssueKind, IssueLink, LinkKind, Status, StatusCategory,
};

fn issue(key: &str, title: &str) -> Issue {
    Issue {
        key: key.to_string(),
        title: title.to_string(),
        ..Default::default()
    }
}

fn with_status(mut i: Issue, name: &str) -> Issue {
    i.status = Some(Status {
        name: name.to_string(),
        category: StatusCategory::from_name(name),
    });
    i
}

fn rules(found: &[(usize, Diagnostic)]) -> Vec<(usize, &str)> {
    found.iter().map(|(i, d)| (*i, d.rule.as_str())).collect()
}

// Titles below are from ../shared/data/issues/deepse/*.csv (Choetkiertikul et al. 2018).

#[test]
fn stale_counts_days_since_the_last_update_relative_to_now() {
    let mut a = issue("MESOS-336", "Mesos slave should cache executors");
    a.updated = Some("2026-01-01T09:00:00.000+0000".into());
    let mut b = issue(
        "MESOS-313",
        "Report executor terminations to framework schedulers.",
    );
    b.updated = Some("2026-03-30".into());
    let mut c = with_status(issue("DM-736", "Rewrite secondary index system"), "Closed");
    c.updated = Some("2020-01-01".into());
    // No update date: the creation date counts.
    let mut d = issue(
        "BAM-4536",
        "Spike: Extract common behaviour from Plan and Chain",
    );
    d.created = Some("2025-12-01".into());
    let e = issue("CLOV-1", "No dates at all");
    let issues = vec![a, b, c, d, e];
    let cfg = HygieneConfig::default(); // 60 days
    let found = stale(&issues, &cfg, "2026-04-01");
    assert_eq!(
        rules(&found),
        vec![(0, "hygiene/stale"), (3, "hygiene/stale")]
    );
    assert!(
        found[0].1.message.contains("90 days"),
        "{}",
        found[0].1.message
    );
    assert_eq!(found[0].1.severity, Severity::Warning);
    assert_eq!(found[0].1.field, Some(Field::Updated));
    // The same backlog a month earlier has fewer stale items: `now` is an input.
    assert_eq!(
        rules(&stale(&issues, &cfg, "2026-03-01")),
        vec![(3, "hygiene/stale")]
    );
    // Turned off, or an unreadable `now`: nothing.
    let off = HygieneConfig {
        stale_days: 0,
        ..Default::default()
    };
    assert!(stale(&issues, &off, "2026-04-01").is_empty());
    assert!(stale(&issues, &cfg, "next tuesday").is_empty());
}

#[test]
fn aging_flags_only_work_not_started() {
    let mut a = issue("TISTUD-1848", "Include offline API and Help documentation");
    a.created = Some("2025-01-01".into());
    let mut b = with_status(a.clone(), "In Progress");
    b.key = "TISTUD-1849".into();
    let mut c = issue("APSTUD-7572", "Split JS plugin into core and UI parts");
    c.created = Some("2026-03-01".into());
    let found = aging(&[a, b, c], &HygieneConfig::default(), "2026-04-01");
    assert_eq!(rules(&found), vec![(0, "hygiene/aging")]);
    assert_eq!(found[0].1.severity, Severity::Info);
}

#[test]
fn oversized_estimates_suggest_the_parts_named_in_the_title() {
    let mut a = issue(
        "DM-736",
        "Rewrite secondary index system and merge empty chunks functionality",
    );
    a.estimate = Some(Estimate::points(30.0));
    let mut b = issue(
        "MESOS-313",
        "Report executor terminations to framework schedulers.",
    );
    b.estimate = Some(Estimate::points(21.0));
    let mut c = issue(
        "CLOV-1667",
        "as a user I want to see smart names for classes and functions in reports",
    );
    c.estimate = Some(Estimate::points(13.0)); // at the limit: fine
    let mut d = issue("H-1", "Hours are converted to days");
    d.estimate = Some(Estimate {
        value: 120.0,
        unit: EstimateUnit::Hours,
    });
    let mut e = issue("T-1", "T-shirt XL");
    e.estimate = Estimate::parse("XL");
    let mut f = with_status(issue("F-1", "Done work is not re-estimated"), "Done");
    f.estimate = Some(Estimate::points(40.0));
    let found = oversized(&[a, b, c, d, e, f], &HygieneConfig::default());
    assert_eq!(
        rules(&found),
        vec![
            (0, "hygiene/oversized"),
            (1, "hygiene/oversized"),
            (3, "hygiene/oversized"),
            (4, "hygiene/oversized")
        ]
    );
    let (_, first) = &found[0];
    assert!(first.message.contains("30 points"), "{}", first.message);
    assert!(
        first.help.contains("\"Rewrite secondary index system\""),
        "{}",
        first.help
    );
    assert!(
        first.help.contains("\"merge empty chunks functionality\""),
        "{}",
        first.help
    );
    assert_eq!(
        first.suggestion.as_deref(),
        Some("Rewrite secondary index system\nmerge empty chunks functionality")
    );
    assert_eq!(found[1].1.suggestion, None);
    assert!(
        found[2].1.message.contains("15 days"),
        "{}",
        found[2].1.message
    );
}

#[test]
fn split_slices_read_the_story_means() {
    // from ../shared/data/issues/deepse/appceleratorstudio.csv
    let s = split_slices(
        "As a Titanium Developer, I want to view and inspect all available snippets so that I can pick one",
    );
    assert_eq!(s, vec!["view", "inspect all available snippets"]);
    assert!(split_slices("").is_empty());
    assert!(split_slices("and").len() < 2);
    assert_eq!(split_slices("Größe & Farbe ändern").len(), 2);
}

#[test]
fn orphans_follow_the_team_setting() {
    let mut story = issue("S-1", "As a user I want to export reports");
    story.kind = IssueKind::Story;
    let mut with_parent = story.clone();
    with_parent.key = "S-2".into();
    with_parent.parent = Some("EPIC-1".into());
    let mut with_link = story.clone();
    with_link.key = "S-3".into();
    with_link.links.push(IssueLink {
        kind: LinkKind::Parent,
        target: "EPIC-2".into(),
        target_done: None,
    });
    let mut bug = issue("B-1", "Crash on start");
    bug.kind = IssueKind::Bug;
    let issues = vec![story, with_parent, with_link, bug];
    // Off by default.
    assert!(orphaned(&issues, &HygieneConfig::default()).is_empty());
    let cfg = HygieneConfig {
        require_parent: vec![IssueKind::Story],
        ..Default::default()
    };
    assert_eq!(rules(&orphaned(&issues, &cfg)), vec![(0, "hygiene/orphan")]);
}

#[test]
fn blocked_chains_follow_open_blockers_and_stop_at_cycles() {
    let blocked_by = |target: &str, done: Option<bool>| IssueLink {
        kind: LinkKind::BlockedBy,
        target: target.to_string(),
        target_done: done,
    };
    let mut a = issue("A", "Checkout page");
    a.links.push(blocked_by("B", None));
    let mut b = issue("B", "Payment API");
    b.links.push(blocked_by("C", None));
    let c = issue("C", "Vendor contract");
    let mut d = issue("D", "Blocked by something finished");
    d.links.push(blocked_by("E", None));
    let e = with_status(issue("E", "Finished"), "Done");
    let mut f = issue("F", "Blocked outside the backlog");
    f.links.push(blocked_by("OTHER-1", Some(false)));
    let mut g = issue("G", "Unknown outside blocker");
    g.links.push(blocked_by("OTHER-2", None));
    let mut x = issue("X", "Cycle one");
    x.links.push(blocked_by("Y", None));
    let mut y = issue("Y", "Cycle two");
    y.links.push(blocked_by("X", None));
    let issues = vec![a, b, c, d, e, f, g, x, y];
    let found = blocked(&issues);
    assert_eq!(
        rules(&found),
        vec![
            (0, "hygiene/blocked"),
            (1, "hygiene/blocked"),
            (5, "hygiene/blocked"),
            (7, "hygiene/blocked"),
            (8, "hygiene/blocked")
        ]
    );
    assert!(
        found[0].1.message.contains("A ← B ← C"),
        "{}",
        found[0].1.message
    );
    assert!(
        found[0].1.help.contains("Plan C first"),
        "{}",
        found[0].1.help
    );
    assert!(
        !found[1].1.message.contains("chain"),
        "{}",
        found[1].1.message
    );
    assert!(
        found[3].1.message.contains("X ← Y ← X"),
        "{}",
        found[3].1.message
    );
}

#[test]
fn check_combines_and_summary_ranks_worst_offenders() {
    let mut a = issue("A-1", "Import users and export groups");
    a.estimate = Some(Estimate::points(40.0));
    a.created = Some("2024-01-01".into());
    a.links.push(IssueLink {
        kind: LinkKind::BlockedBy,
        target: "A-2".into(),
        target_done: None,
    });
    let mut b = issue("A-2", "Set up the user directory");
    b.created = Some("2026-03-20".into());
    b.description = Doc::from_plain("Directory service for user import.");
    let issues = vec![a, b];
    let cfg = HygieneConfig::default();
    let found = check(&issues, &cfg, Some("2026-04-01"));
    assert_eq!(
        rules(&found),
        vec![
            (0, "hygiene/aging"),
            (0, "hygiene/blocked"),
            (0, "hygiene/oversized"),
            (0, "hygiene/stale")
        ]
    );
    // Without `now`, the date-based checks are skipped.
    assert_eq!(check(&issues, &cfg, None).len(), 2);
    let dups = find_duplicates(&issues, &DuplicatesConfig::default());
    let s = summary(&issues, &found, &dups.clusters);
    assert_eq!(s.issues, 2);
    assert_eq!(
        (s.stale, s.aging, s.oversized, s.blocked, s.orphans),
        (1, 1, 1, 1, 0)
    );
    assert_eq!(s.worst.len(), 1);
    assert_eq!(s.worst[0].key, "A-1");
    assert_eq!(
        s.worst[0].rules,
        vec![
            "hygiene/aging",
            "hygiene/blocked",
            "hygiene/oversized",
            "hygiene/stale"
        ]
    );
}

#[test]
fn config_rejects_unknown_keys() {
    let cfg: HygieneConfig =
        serde_json::from_str(r#"{"stale_days": 30, "require_parent": ["story", "task"]}"#).unwrap();
    assert_eq!(cfg.stale_days, 30);
    assert_eq!(cfg.require_parent, vec![IssueKind::Story, IssueKind::Task]);
    assert_eq!(cfg.aging_days, HygieneConfig::default().aging_days);
    assert!(serde_json::from_str::<HygieneConfig>(r#"{"stale_day": 30}"#).is_err());
}
