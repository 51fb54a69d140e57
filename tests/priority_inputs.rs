//! Where priority inputs come from: tracker fields in every payload shape, tagged lines
//! and tables in the text, labels, estimates, demand signals, team aliases. Titles and
//! descriptions are real Jira issues from ../shared/data/issues/deepse/*.csv
//! (Choetkiertikul et al., IEEE TSE 2018) unless marked otherwise.

use readylens::model::{Block, Doc, Estimate, EstimateUnit, Issue, Priority, Tracker};
use readylens::priority::{score, Framework, Kano, Moscow, PriorityConfig, PriorityReport, Source};
use serde_json::json;

fn issue(tracker: Tracker, key: &str, title: &str, description: &str) -> Issue {
    Issue {
        tracker,
        key: key.to_string(),
        title: title.to_string(),
        description: Doc::from_plain(description),
        ..Default::default()
    }
}

fn input<'a>(r: &'a PriorityReport, fw: Framework, name: &str) -> &'a readylens::priority::Input {
    r.get(fw)
        .and_then(|s| s.inputs.iter().find(|i| i.name == name))
        .unwrap_or_else(|| panic!("{fw:?}.{name} missing in {r:#?}"))
}

// from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
const MESOS_313: (&str, &str) = (
    "Report executor terminations to framework schedulers.",
    "The Scheduler interface has a callback for executorLost, but currently it is never called.",
);

#[test]
fn jira_select_options_and_csv_custom_field_names() {
    let mut i = issue(Tracker::Jira, "MESOS-313", MESOS_313.0, MESOS_313.1);
    // REST shape: single-select options are objects with a `value`.
    i.fields.insert(
        "Impact".into(),
        json!({"self": "https://x/rest/api/3/customFieldOption/10020", "value": "Massive", "id": "10020"}),
    );
    i.fields
        .insert("Confidence".into(), json!({"value": "Medium"}));
    // CSV export shape: `Custom field (Name)`, numbers as text.
    i.fields
        .insert("Custom field (Reach)".into(), json!("1,200"));
    i.fields.insert("Effort".into(), json!(null));
    i.fields
        .insert("Custom field (Story Points)".into(), json!("3"));
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(input(&r, Framework::Rice, "impact").value, 3.0);
    assert_eq!(input(&r, Framework::Rice, "confidence").value, 0.8);
    assert_eq!(input(&r, Framework::Rice, "reach").value, 1200.0);
    // A null field is "not set": effort comes from the story points instead.
    let effort = input(&r, Framework::Rice, "effort");
    assert_eq!(effort.source, Source::Estimate);
    assert!(effort.from.contains("Story Points"), "{effort:?}");
    assert!((effort.value - 0.3).abs() < 1e-12);
    let expected = 1200.0 * 3.0 * 0.8 / 0.3;
    assert!((r.primary_score.unwrap() - expected).abs() < 1e-6);
}

#[test]
fn field_beats_text_and_the_disagreement_is_noted() {
    let mut i = issue(
        Tracker::Jira,
        "MESOS-313",
        MESOS_313.0,
        &format!(
            "{}\nRICE: reach=400 impact=1 confidence=50% effort=1",
            MESOS_313.1
        ),
    );
    i.fields.insert("Reach".into(), json!(500));
    let r = score(&i, &PriorityConfig::default());
    let reach = input(&r, Framework::Rice, "reach");
    assert_eq!(reach.value, 500.0);
    assert_eq!(reach.source, Source::Field);
    let rice = r.get(Framework::Rice).unwrap();
    assert!(
        rice.notes
            .iter()
            .any(|n| n.contains("400") && n.contains("takes precedence")),
        "{:?}",
        rice.notes
    );
}

#[test]
fn markdown_pipe_table_in_plain_text() {
    // from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018)
    let i = issue(
        Tracker::GitHub,
        "XD-2139",
        "Add ftp sink to default sink modules",
        "It would be nice to have a simple ftp sink.\n\n| Reach | Impact | Confidence | Effort |\n|---|---|---|---|\n| 250 | 0.5 | 100% | 0.5 |",
    );
    let r = score(&i, &PriorityConfig::default());
    let reach = input(&r, Framework::Rice, "reach");
    assert_eq!(reach.value, 250.0);
    assert!(reach.from.contains("table"), "{reach:?}");
    assert_eq!(r.primary_score, Some(250.0 * 0.5 * 1.0 / 0.5));
}

#[test]
fn structured_table_blocks_key_value_rows_and_jira_wiki_tables() {
    // Block::Table, key/value layout, framework named in the first row.
    let mut i = issue(Tracker::Jira, "MESOS-313", MESOS_313.0, "");
    i.description = Doc {
        blocks: vec![
            Block::Paragraph {
                text: MESOS_313.1.to_string(),
            },
            Block::Table {
                rows: vec![
                    vec!["WSJF".into(), "".into()],
                    vec!["User-business value".into(), "8".into()],
                    vec!["Time criticality".into(), "3".into()],
                    vec!["RR/OE".into(), "1".into()],
                    vec!["Job size".into(), "3".into()],
                ],
            },
        ],
    };
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(r.score_of(Framework::Wsjf), Some((8.0 + 3.0 + 1.0) / 3.0));
    assert_eq!(
        input(&r, Framework::Wsjf, "risk_reduction").from,
        "description table at line 2, row `RR/OE`"
    );

    // Jira wiki markup table kept as text: `||header||` then `|cell|`.
    let i = issue(
        Tracker::Jira,
        "MESOS-313",
        MESOS_313.0,
        "||Impact||Confidence||Ease||\n|6|7|9|",
    );
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(r.score_of(Framework::Ice), Some(6.0 * 7.0 * 9.0));
    assert!(
        r.score_of(Framework::Rice).is_none(),
        "Ease makes it an ICE table"
    );
}

#[test]
fn unrelated_tables_and_prose_are_left_alone() {
    // from ../shared/data/issues/deepse/aptanastudio.csv (Choetkiertikul et al. 2018):
    // APSTUD-4846 has a JSLint warning table.
    let i = issue(
        Tracker::Jira,
        "APSTUD-4846",
        "Investigate ADSAFE warnings from JSLint",
        "|adsafe_prefix_a\t| ADsafe violation: An id must have a '{a}' prefix | ? |\n|adsafe_script\t| ADsafe script violation. | ? |\nImpact: the build breaks for users\nEffort: 3",
    );
    let r = score(&i, &PriorityConfig::default());
    for fs in &r.scores {
        assert!(fs.inputs.is_empty(), "{fs:?}");
    }
    assert!(r.moscow.is_none());
}

#[test]
fn tagged_line_notes_unknown_keys_and_precomputed_scores() {
    let i = issue(
        Tracker::Jira,
        "MESOS-313",
        MESOS_313.0,
        "RICE: reach=10 impact=1 confidence=100% effort=1 foo=3\nWSJF: 3.2\nICE: lots",
    );
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(r.primary_score, Some(10.0));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("`foo` is not a RICE input")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes.iter().any(|n| n.contains("precomputed WSJF")),
        "{:?}",
        r.notes
    );
    assert!(
        r.notes.iter().any(|n| n.contains("not understood")),
        "{:?}",
        r.notes
    );
}

#[test]
fn moscow_from_labels_fields_and_text_with_precedence() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
    let mut i = issue(
        Tracker::Jira,
        "MESOS-2273",
        "Add \"tests\" target to Makefile for building-but-not-running tests.",
        "It will be nice to have a dedicated target such as 'make tests'.",
    );
    i.labels = vec!["build".into(), "nice-to-have".into()];
    let r = score(&i, &PriorityConfig::default());
    let m = r.moscow.as_ref().unwrap();
    assert_eq!(m.category, Moscow::Could);
    assert_eq!(m.source, Source::Label);
    assert_eq!(m.explanation, "MoSCoW: Could have (label `nice-to-have`)");

    i.labels.push("moscow:must".into());
    i.fields.insert("MoSCoW".into(), json!({"value": "S"}));
    let r = score(&i, &PriorityConfig::default());
    let m = r.moscow.as_ref().unwrap();
    assert_eq!(m.category, Moscow::Should, "a MoSCoW field beats labels");
    assert_eq!(m.notes.len(), 2, "{:?}", m.notes);

    let i = issue(Tracker::Linear, "L-1", "t", "MoSCoW: won't have this time");
    assert_eq!(
        score(&i, &PriorityConfig::default())
            .moscow
            .unwrap()
            .category,
        Moscow::Wont
    );
    // A bare `must` label is not MoSCoW (too ambiguous); `must-have` is.
    let mut i = issue(Tracker::GitHub, "G-1", "t", "");
    i.labels = vec!["must".into()];
    assert!(score(&i, &PriorityConfig::default()).moscow.is_none());
    i.labels = vec!["Must Have".into()];
    assert_eq!(
        score(&i, &PriorityConfig::default())
            .moscow
            .unwrap()
            .category,
        Moscow::Must
    );
}

#[test]
fn kano_from_labels_and_from_the_evaluation_table() {
    // from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018)
    let mut i = issue(Tracker::GitHub, "XD-2116", "Add REST resource sink", "");
    i.labels = vec!["kano:attractive".into()];
    let k = score(&i, &PriorityConfig::default()).kano.unwrap();
    assert_eq!(k.category, Kano::Attractive);
    i.labels = vec!["Kano/Performance".into()];
    let k = score(&i, &PriorityConfig::default()).kano.unwrap();
    assert_eq!(k.category, Kano::OneDimensional);

    // Kano's evaluation table (functional answer × dysfunctional answer).
    let cases = [
        ("like", "neutral", Kano::Attractive),
        ("like", "dislike", Kano::OneDimensional),
        ("neutral", "dislike", Kano::MustBe),
        ("must-be", "dislike", Kano::MustBe),
        ("live with", "live with", Kano::Indifferent),
        ("dislike", "like", Kano::Reverse),
        ("like", "like", Kano::Questionable),
    ];
    for (f, d, want) in cases {
        let i = issue(
            Tracker::Jira,
            "XD-2116",
            "Add REST resource sink",
            &format!("Kano: functional={f}, dysfunctional={d}"),
        );
        let k = score(&i, &PriorityConfig::default()).kano.unwrap();
        assert_eq!(k.category, want, "{f} / {d}");
        assert!(
            k.explanation.contains("evaluation table"),
            "{}",
            k.explanation
        );
    }

    // Answer counts over 31 respondents: the most frequent category, with Berger et
    // al.'s coefficients CS+ = (A+O)/(A+O+M+I) and CS− = −(O+M)/(A+O+M+I).
    let i = issue(
        Tracker::Jira,
        "XD-2116",
        "Add REST resource sink",
        "Kano: A=12 O=5 M=3 I=10 R=1 Q=0",
    );
    let k = score(&i, &PriorityConfig::default()).kano.unwrap();
    assert_eq!(k.category, Kano::Attractive);
    let base = 12.0 + 5.0 + 3.0 + 10.0;
    assert!((k.satisfaction.unwrap() - (12.0 + 5.0) / base).abs() < 1e-12);
    assert!((k.dissatisfaction.unwrap() + (5.0 + 3.0) / base).abs() < 1e-12);
    assert!(k.explanation.contains("CS+ 0.57"), "{}", k.explanation);
    // Equal counts: must-be before one-dimensional before attractive before indifferent.
    let i = issue(
        Tracker::Jira,
        "XD-2116",
        "t",
        "Kano: attractive=7 must-be=7 I=2",
    );
    let k = score(&i, &PriorityConfig::default()).kano.unwrap();
    assert_eq!(k.category, Kano::MustBe);
}

#[test]
fn github_reactions_and_comments_are_demand_and_optionally_reach() {
    // from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018),
    // in the shape of a GitHub REST issue
    let mut i = issue(
        Tracker::GitHub,
        "XD-2116",
        "Add REST resource sink",
        "Would be nice to have a sink for REST resources.\nRICE: impact=1 confidence=50% effort=1",
    );
    i.fields.insert(
        "reactions".into(),
        json!({"url": "https://api.github.com/repos/o/r/issues/1/reactions", "total_count": 17, "+1": 14, "-1": 0, "heart": 3}),
    );
    i.fields.insert("comments".into(), json!(6));
    let r = score(&i, &PriorityConfig::default());
    let names: Vec<(&str, f64)> = r.demand.iter().map(|d| (&*d.name, d.value)).collect();
    assert_eq!(names, vec![("upvotes", 14.0), ("comments", 6.0)]);
    assert_eq!(
        r.primary_score, None,
        "demand is not reach unless the team says so"
    );

    let cfg = PriorityConfig {
        reach_from_demand: true,
        ..Default::default()
    };
    let r = score(&i, &cfg);
    let reach = input(&r, Framework::Rice, "reach");
    assert_eq!(reach.value, 14.0);
    assert_eq!(reach.source, Source::Inferred);
    assert_eq!(r.primary_score, Some(14.0 * 1.0 * 0.5 / 1.0));
}

#[test]
fn linear_gitlab_and_jira_demand_shapes() {
    let mut i = issue(Tracker::Linear, "ENG-12", "t", "");
    i.fields.insert("customerTicketCount".into(), json!(4));
    i.fields
        .insert("votes".into(), json!({"votes": 9, "hasVoted": false}));
    i.fields.insert("upvotes".into(), json!(2));
    i.fields
        .insert("comments".into(), json!({"comments": [], "total": 11}));
    let r = score(&i, &PriorityConfig::default());
    let mut names: Vec<(&str, f64)> = r.demand.iter().map(|d| (&*d.name, d.value)).collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(
        names,
        vec![
            ("comments", 11.0),
            ("customer_tickets", 4.0),
            ("upvotes", 2.0),
            ("votes", 9.0)
        ]
    );
}

#[test]
fn estimate_units_map_through_the_documented_table() {
    let cfg = PriorityConfig::default();
    let cases = [
        (
            Estimate {
                value: 80.0,
                unit: EstimateUnit::Hours,
            },
            80.0 / 160.0,
        ),
        (
            Estimate {
                value: 5.0,
                unit: EstimateUnit::Days,
            },
            5.0 / 20.0,
        ),
        (
            Estimate {
                value: 4.0,
                unit: EstimateUnit::TShirt,
            },
            2.0,
        ), // L
        (
            Estimate {
                value: 3.0,
                unit: EstimateUnit::Weight,
            },
            0.3,
        ),
        (Estimate::points(13.0), 1.3),
    ];
    for (est, pm) in cases {
        let mut i = issue(Tracker::GitLab, "G-1", "t", "");
        i.estimate = Some(est.clone());
        let r = score(&i, &cfg);
        let e = input(&r, Framework::Rice, "effort");
        assert!((e.value - pm).abs() < 1e-12, "{est:?}: {e:?}");
        assert_eq!(e.source, Source::Estimate);
        let d = input(&r, Framework::Cd3, "duration");
        assert!((d.value - pm * 52.0 / 12.0).abs() < 1e-9, "{d:?}");
    }
    // T-shirt L is job size 5 by the default table; 13 points stays 13.
    let mut i = issue(Tracker::Jira, "K", "t", "");
    i.estimate = Estimate::parse("L");
    assert_eq!(
        input(&score(&i, &cfg), Framework::Wsjf, "job_size").value,
        5.0
    );
    // GitLab weight arrives as a field when the importer leaves estimate empty.
    let mut i = issue(Tracker::GitLab, "G-2", "t", "");
    i.fields.insert("weight".into(), json!(2));
    let e = input(&score(&i, &cfg), Framework::Rice, "effort").clone();
    assert!((e.value - 0.2).abs() < 1e-12);
    assert!(e.from.contains("weight"));
    // A team with a different velocity.
    let mut cfg2 = PriorityConfig::default();
    cfg2.effort.points_per_person_month = 20.0;
    let mut i = issue(Tracker::Jira, "K", "t", "");
    i.estimate = Some(Estimate::points(5.0));
    assert_eq!(
        input(&score(&i, &cfg2), Framework::Rice, "effort").value,
        0.25
    );
}

#[test]
fn zero_estimate_is_reported_not_divided_by() {
    let mut i = issue(
        Tracker::Jira,
        "K",
        "t",
        "RICE: reach=10 impact=1 confidence=100%",
    );
    i.estimate = Some(Estimate::points(0.0));
    let r = score(&i, &PriorityConfig::default());
    let rice = r.get(Framework::Rice).unwrap();
    assert_eq!(rice.score, None);
    assert_eq!(rice.missing, vec!["effort".to_string()]);
    assert!(
        rice.notes.iter().any(|n| n.contains("greater than zero")),
        "{:?}",
        rice.notes
    );
}

#[test]
fn team_aliases_for_fields_and_text() {
    let mut cfg = PriorityConfig::default();
    cfg.aliases
        .insert("rice.reach".into(), vec!["Kunden pro Quartal".into()]);
    cfg.aliases
        .insert("estimate".into(), vec!["Aufwand (SP)".into()]);
    let mut i = issue(Tracker::Jira, "K", "t", "RICE: impact=2 confidence=100%");
    i.fields.insert("Kunden pro Quartal".into(), json!(900));
    i.fields.insert("Aufwand (SP)".into(), json!(10));
    let r = score(&i, &cfg);
    assert_eq!(r.primary_score, Some(900.0 * 2.0 * 1.0 / 1.0));
    assert!(cfg.problems().is_empty());
    // The alias also works on an untagged line of text.
    let i = issue(Tracker::Jira, "K", "t", "Kunden pro Quartal: 700");
    let reach = input(&score(&i, &cfg), Framework::Rice, "reach").clone();
    assert_eq!((reach.value, reach.source), (700.0, Source::Text));
    cfg.defaults.insert("rice.reech".into(), 1.0);
    cfg.effort.hours_per_person_month = 0.0;
    assert_eq!(cfg.problems().len(), 2, "{:?}", cfg.problems());
}

#[test]
fn tracker_priority_from_field_label_or_azure_reference_name() {
    let mut i = issue(Tracker::Jira, "K", "t", "");
    i.priority = Some(Priority::from_name("Blocker"));
    let tp = score(&i, &PriorityConfig::default())
        .tracker_priority
        .unwrap();
    assert_eq!((tp.level, tp.source), (1, Source::Field));

    let mut i = issue(Tracker::GitHub, "G", "t", "");
    i.labels = vec!["priority: high".into()];
    let tp = score(&i, &PriorityConfig::default())
        .tracker_priority
        .unwrap();
    assert_eq!((tp.level, tp.source), (2, Source::Label));

    let mut i = issue(Tracker::AzureDevOps, "A", "t", "");
    i.fields
        .insert("Microsoft.VSTS.Common.Priority".into(), json!(3));
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(r.tracker_priority.as_ref().unwrap().level, 3);
    // value/effort's value inferred from it: 6 - 3.
    assert_eq!(input(&r, Framework::ValueEffort, "value").value, 3.0);
}

#[test]
fn config_section_parses_from_the_team_json_and_rejects_typos() {
    let cfg = readylens::Config::from_json(
        r#"{"priority": {"primary": "wsjf", "defaults": {"wsjf.risk_reduction": 1},
            "effort": {"points_per_person_month": 8}, "ice_method": "average"}}"#,
    )
    .unwrap();
    assert_eq!(cfg.priority.primary, Framework::Wsjf);
    assert_eq!(cfg.priority.effort.points_per_person_month, 8.0);
    assert_eq!(cfg.priority.effort.hours_per_person_month, 160.0);
    let err = readylens::Config::from_json(r#"{"priority": {"primery": "rice"}}"#).unwrap_err();
    assert!(err.contains("priority"), "{err}");
    let err = readylens::Config::from_json(r#"{"priority": {"primary": "moscow"}}"#).unwrap_err();
    assert!(err.contains("priority.primary"), "{err}");
}

#[test]
fn a_tracker_computed_score_is_checked_not_trusted() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
    let mut i = issue(
        Tracker::Jira,
        "MESOS-313",
        MESOS_313.0,
        "WSJF: bv=8 tc=5 rr=3 size=5",
    );
    i.fields.insert("WSJF Score".into(), json!("4.0"));
    let r = score(&i, &PriorityConfig::default());
    let w = r.get(Framework::Wsjf).unwrap();
    assert_eq!(
        w.score,
        Some(16.0 / 5.0),
        "our own score, not the tracker's"
    );
    assert!(
        w.notes
            .iter()
            .any(|n| n.contains("`WSJF Score` says WSJF 4") && n.contains("3.2")),
        "{:?}",
        w.notes
    );
    i.fields.insert("WSJF Score".into(), json!(3.2));
    let w = score(&i, &PriorityConfig::default())
        .get(Framework::Wsjf)
        .cloned()
        .unwrap();
    assert!(w.notes.is_empty(), "agreement is not noted: {:?}", w.notes);
    i.description = Doc::default();
    let w = score(&i, &PriorityConfig::default())
        .get(Framework::Wsjf)
        .cloned()
        .unwrap();
    assert_eq!(w.score, None);
    assert!(w.notes[0].contains("cannot be checked"), "{:?}", w.notes);
}
