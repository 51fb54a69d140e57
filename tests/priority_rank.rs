//! The backlog view: deterministic ranking and its tie-breaks, rank inversions against
//! the tracker's priority, what-if re-scoring, and the same scores through `analyze`.
//! The backlog fixture holds real Jira titles and descriptions from
//! ../shared/data/issues/deepse/*.csv (Choetkiertikul et al., IEEE TSE 2018), each
//! cited in its `_source` key, with priority inputs added.

use readylens::model::Issue;
use readylens::priority::{
    inversions, rank, ranking, score, what_if, what_if_rank, Framework, InputChange, InversionKind,
    PriorityConfig, PriorityReport, Source, TieBreak,
};

fn backlog() -> Vec<Issue> {
    serde_json::from_str(include_str!("fixtures/priority/backlog.json")).expect("fixture")
}

fn keys(issues: &[Issue], order: &[usize]) -> Vec<String> {
    order.iter().map(|&i| issues[i].key.clone()).collect()
}

fn scored(issues: &[Issue], cfg: &PriorityConfig) -> Vec<PriorityReport> {
    issues.iter().map(|i| score(i, cfg)).collect()
}

#[test]
fn fixture_backlog_ranks_by_rice_with_documented_tie_breaks() {
    let issues = backlog();
    let reports = scored(&issues, &PriorityConfig::default());
    let order = rank(&reports, Framework::Rice);
    // RICE by hand: MESOS-336 500×2×0.8÷0.5 = 1600 (effort from 5 points), XD-2139
    // 2000×1×0.8÷1 = 1600, CLOV-1155 800×2×0.5÷1 = 800 (table), MESOS-313
    // 450×3×1÷2 = 675, MDL-38325 300×1×1÷4 = 75 (40 points), MESOS-1358
    // 20×0.25×0.5÷1 = 2.5; unscored: MESOS-5450 (1 missing), XD-2116 (2 missing).
    assert_eq!(
        keys(&issues, &order),
        [
            "MESOS-336",
            "XD-2139",
            "CLOV-1155",
            "MESOS-313",
            "MDL-38325",
            "MESOS-1358",
            "MESOS-5450",
            "XD-2116"
        ]
    );
    let rows = ranking(&reports, Framework::Rice);
    assert_eq!(rows.len(), issues.len());
    assert_eq!(rows[0].decided_by, TieBreak::Score);
    assert_eq!(rows[1].decided_by, TieBreak::OriginalOrder);
    assert_eq!(rows[0].tied_with, vec![rows[1].index]);
    assert_eq!(rows[1].tied_with, vec![rows[0].index]);
    assert_eq!(rows[2].decided_by, TieBreak::Score);
    assert_eq!(rows[6].decided_by, TieBreak::Unscored);
    assert_eq!(rows[7].decided_by, TieBreak::MissingInputs);
    assert_eq!((rows[6].missing, rows[7].missing), (1, 2));
    assert!(rows
        .iter()
        .zip(1..)
        .all(|(r, p)| r.position == p && !r.explanation.is_empty()));
}

#[test]
fn ranking_is_deterministic_and_does_not_depend_on_float_noise() {
    let issues = backlog();
    let cfg = PriorityConfig::default();
    let a = rank(&scored(&issues, &cfg), Framework::Rice);
    let b = rank(&scored(&issues, &cfg), Framework::Rice);
    assert_eq!(a, b);
    // Reversing the input reverses only the original-order tie-break.
    let rev: Vec<Issue> = issues.iter().rev().cloned().collect();
    let r = rank(&scored(&rev, &cfg), Framework::Rice);
    let k = keys(&rev, &r);
    assert_eq!(&k[..2], ["XD-2139", "MESOS-336"]);
    assert_eq!(
        &k[2..6],
        ["CLOV-1155", "MESOS-313", "MDL-38325", "MESOS-1358"]
    );
}

#[test]
fn inversions_flag_tracker_top_scored_low_and_the_reverse() {
    let issues = backlog();
    let reports = scored(&issues, &PriorityConfig::default());
    let inv = inversions(&reports, Framework::Rice);
    let got: Vec<(String, InversionKind)> = inv
        .iter()
        .map(|v| (issues[v.index].key.clone(), v.kind))
        .collect();
    // Six scored issues: top quarter = first 2, bottom half = last 3.
    // MESOS-1358 is a Blocker (tracker 1st) but last by RICE; XD-2139 is Trivial
    // (tracker 6th) but 2nd by RICE.
    assert_eq!(
        got,
        vec![
            ("MESOS-1358".to_string(), InversionKind::TrackerHigher),
            ("XD-2139".to_string(), InversionKind::ScoreHigher)
        ]
    );
    assert!(
        inv[0].explanation.contains("Blocker"),
        "{}",
        inv[0].explanation
    );
    assert_eq!((inv[0].tracker_position, inv[0].score_position), (1, 6));
    // Too few scored issues: no inversions.
    assert!(inversions(&reports[..3], Framework::Rice).is_empty());
}

#[test]
fn what_if_rescores_without_reparsing_and_reranks() {
    let issues = backlog();
    let cfg = PriorityConfig::default();
    let reports = scored(&issues, &cfg);
    let idx = issues.iter().position(|i| i.key == "MESOS-1358").unwrap();
    let (new, pos) = what_if_rank(
        &reports,
        idx,
        Framework::Rice,
        &[InputChange {
            input: "reach".into(),
            value: 5000.0,
        }],
        &cfg,
    )
    .unwrap();
    // 5000 × 0.25 × 0.5 ÷ 1 = 625: between MESOS-313 (675) and MDL-38325 (75).
    assert_eq!(
        new.score_of(Framework::Rice),
        Some(5000.0 * 0.25 * 0.5 / 1.0)
    );
    assert_eq!(new.primary_score, new.score_of(Framework::Rice));
    assert_eq!(pos, 5);
    let reach = new.get(Framework::Rice).unwrap().inputs[0].clone();
    assert_eq!((&*reach.name, reach.source), ("reach", Source::WhatIf));
    // Other frameworks untouched.
    assert_eq!(new.get(Framework::Wsjf), reports[idx].get(Framework::Wsjf));

    // Filling a missing input scores an unscored issue; values are validated.
    let j = issues.iter().position(|i| i.key == "MESOS-5450").unwrap();
    let w = what_if(
        &reports[j],
        Framework::Rice,
        &[
            InputChange {
                input: "effort".into(),
                value: 0.5,
            },
            InputChange {
                input: "impact".into(),
                value: 1.4,
            },
            InputChange {
                input: "speed".into(),
                value: 1.0,
            },
            InputChange {
                input: "confidence".into(),
                value: f64::NAN,
            },
        ],
        &cfg,
    );
    let rice = w.get(Framework::Rice).unwrap();
    assert_eq!(rice.score, Some(100.0 * 1.0 * 0.8 / 0.5));
    assert!(rice.missing.is_empty());
    assert!(rice.inputs[1].adjustments[0].contains("Intercom"));
    assert!(rice.notes.iter().any(|n| n.contains("`speed`")));
    assert!(rice.notes.iter().any(|n| n.contains("finite")));
    assert!(what_if_rank(&reports, 99, Framework::Rice, &[], &cfg).is_none());
}

#[test]
fn analyze_carries_the_same_scores_as_score() {
    let issues = backlog();
    let cfg = readylens::Config::default();
    let report = readylens::analyze(&issues, &cfg);
    for (ir, issue) in report.issues.iter().zip(&issues) {
        assert_eq!(ir.priority, score(issue, &cfg.priority), "{}", issue.key);
    }
    // And they survive a JSON round trip (what the WASM API and the CLI emit).
    let json = serde_json::to_string(&report.issues[1].priority).unwrap();
    let back: PriorityReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report.issues[1].priority);
    assert!(json.contains("\"source\":\"field\""), "{json}");
}

#[test]
fn other_frameworks_rank_too() {
    let issues = backlog();
    let reports = scored(&issues, &PriorityConfig::default());
    // Value/effort: everything with a tracker priority and an estimate.
    let order = rank(&reports, Framework::ValueEffort);
    let first = &reports[order[0]];
    let ve = first.get(Framework::ValueEffort).unwrap();
    assert!(ve.score.is_some());
    // MESOS-1358: Blocker → value 5, 1 point → 0.1 person-months → 50; the best.
    assert_eq!(issues[order[0]].key, "MESOS-1358");
    assert_eq!(ve.score, Some(5.0 / 0.1));
    // No issue has WSJF value inputs: all unscored. Those with an estimate miss three
    // inputs (job size comes from it), the others four; then original order.
    let k = keys(&issues, &rank(&reports, Framework::Wsjf));
    assert_eq!(
        k,
        [
            "MESOS-1358",
            "MESOS-336",
            "MESOS-313",
            "CLOV-1155",
            "XD-2139",
            "MDL-38325",
            "XD-2116",
            "MESOS-5450"
        ]
    );
}

#[test]
fn moscow_balance_checks_dsdm_sixty_percent_guideline() {
    use readylens::model::{Doc, Estimate};
    use readylens::priority::moscow_balance;
    // Titles from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018)
    let mk = |key: &str, title: &str, label: &str, points: f64| Issue {
        key: key.into(),
        title: title.into(),
        description: Doc::default(),
        labels: vec![label.into()],
        estimate: Some(Estimate::points(points)),
        ..Default::default()
    };
    let cfg = PriorityConfig::default();
    let mut issues = vec![
        mk("XD-2116", "Add REST resource sink", "must-have", 5.0),
        mk(
            "XD-2139",
            "Add ftp sink to default sink modules",
            "should-have",
            3.0,
        ),
        mk(
            "XD-2942",
            "Add ftp source to default source modules",
            "could-have",
            2.0,
        ),
        mk(
            "XD-819",
            "Add Service Activator Processor",
            "wont-have",
            100.0,
        ),
    ];
    let b = moscow_balance(&scored(&issues, &cfg));
    assert_eq!((b.must, b.should, b.could, b.wont), (1, 1, 1, 1));
    // 0.5 of (0.5 + 0.3 + 0.2) person-months; the Won't-have is outside the timebox.
    assert!((b.must_effort_share.unwrap() - 0.5).abs() < 1e-12);
    assert!(!b.over_guideline);
    issues.push(mk(
        "XD-841",
        "Create a packaging model for custom modules",
        "moscow:must",
        10.0,
    ));
    let b = moscow_balance(&scored(&issues, &cfg));
    assert!((b.must_effort_share.unwrap() - 1.5 / 2.0).abs() < 1e-12);
    assert!(b.over_guideline);
    assert!(b.explanation.contains("75%"), "{}", b.explanation);
    let b = moscow_balance(&scored(&backlog()[..1], &cfg));
    assert_eq!((b.unclassified, b.must_effort_share), (1, None));
}

#[test]
fn large_backlogs_of_equal_scores_rank_in_bounded_output() {
    use readylens::model::Doc;
    use readylens::priority::MAX_TIES_LISTED;
    // The same real title (../shared/data/issues/deepse/mesos.csv, MESOS-313) 3,000 times.
    let issues: Vec<Issue> = (0..3000)
        .map(|n| Issue {
            key: format!("MESOS-{n}"),
            title: "Report executor terminations to framework schedulers.".into(),
            description: Doc::from_plain("RICE: reach=10 impact=1 confidence=100% effort=1"),
            ..Default::default()
        })
        .collect();
    let reports = scored(&issues, &PriorityConfig::default());
    let start = std::time::Instant::now();
    let rows = ranking(&reports, Framework::Rice);
    let _ = inversions(&reports, Framework::Rice);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert_eq!(
        rows.iter().map(|r| r.index).collect::<Vec<_>>(),
        (0..3000).collect::<Vec<_>>()
    );
    assert!(rows
        .iter()
        .all(|r| r.tie_count == 2999 && r.tied_with.len() == MAX_TIES_LISTED));
    assert!(rows[1..]
        .iter()
        .all(|r| r.decided_by == TieBreak::OriginalOrder));
}
