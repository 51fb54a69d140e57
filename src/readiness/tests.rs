use super::*;
use crate::config::Config;
use crate::diagnostic::{Field, Span};
use crate::model::{Block, Doc, Estimate, IssueLink, LinkKind, Priority, Tracker};

/// A ready Jira story. Title and need from ../shared/data/stories/dalpiaz/g03-loudoun.txt
/// (Dalpiaz, CC BY 4.0); the fields are the shape a Jira import gives.
fn ready_story() -> Issue {
    Issue {
        tracker: Tracker::Jira,
        key: "LOU-1".into(),
        kind: IssueKind::Story,
        title: "As a Public User, I want to Search for Information, so that I can obtain publicly available information".into(),
        description: Doc {
            blocks: vec![
                Block::Paragraph {
                    text: "Residents look up properties, County services and processes.".into(),
                },
                Block::Heading {
                    level: 2,
                    text: "Acceptance Criteria".into(),
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(false),
                    text: "Searching a parcel number shows its owner and zoning".into(),
                },
            ],
        },
        priority: Some(Priority::from_name("High")),
        estimate: Some(Estimate::points(5.0)),
        parent: Some("LOU-100".into()),
        assignee: Some("someone".into()),
        updated: Some("2026-11-20T10:00:00.000+0000".into()),
        ..Default::default()
    }
}

fn eval_with(
    issue: &Issue,
    backlog: &[Issue],
    config: &ReadinessConfig,
) -> (Readiness, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let ctx = BacklogContext::of(backlog);
    let r = evaluate(issue, &mut diags, &[], &ctx, config);
    (r, diags)
}

fn eval(issue: &Issue) -> Readiness {
    eval_with(
        issue,
        std::slice::from_ref(issue),
        &ReadinessConfig::default(),
    )
    .0
}

/// The result of check `id`; panics (failing the test) when it did not run.
fn result<'a>(r: &'a Readiness, id: &str) -> &'a CheckResult {
    r.checks
        .iter()
        .find(|c| c.check == id)
        .unwrap_or_else(|| panic!("{id} did not run"))
}

fn failed(r: &Readiness) -> Vec<&str> {
    r.checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| &*c.check)
        .collect()
}

#[test]
fn a_complete_story_is_ready_with_full_score() {
    let r = eval(&ready_story());
    assert_eq!(failed(&r), Vec::<&str>::new());
    assert_eq!(r.verdict, Verdict::Ready);
    assert_eq!(r.score, 100);
}

#[test]
fn each_gap_fails_its_own_check_and_becomes_a_diagnostic() {
    let mut s = ready_story();
    s.estimate = None;
    let backlog = vec![s.clone(), ready_story()];
    let (r, diags) = eval_with(&s, &backlog, &ReadinessConfig::default());
    assert_eq!(failed(&r), vec!["ready/estimate"]);
    assert_eq!(r.verdict, Verdict::AlmostReady);
    assert!(r.score < 100);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule, "ready/estimate");
    assert_eq!(diags[0].category, "readiness");
    assert!(!diags[0].help.is_empty() && !diags[0].why.is_empty());

    let mut s = ready_story();
    s.priority = None;
    s.description = Doc::default();
    let backlog = vec![s.clone(), ready_story()];
    let (r, _) = eval_with(&s, &backlog, &ReadinessConfig::default());
    let f = failed(&r);
    assert!(
        f.contains(&"ready/priority")
            && f.contains(&"ready/description")
            && f.contains(&"ready/acceptance-criteria"),
        "{f:?}"
    );
    assert_eq!(r.verdict, Verdict::NotReady);
    // Fix-first order: errors before warnings before passes.
    let first_pass = r.checks.iter().position(|c| c.passed).unwrap();
    assert!(r.checks[..first_pass].iter().all(|c| !c.passed));
}

#[test]
fn a_gap_a_quality_rule_already_reported_is_not_reported_twice() {
    let mut s = ready_story();
    s.description = Doc::from_plain("Residents look up properties.");
    let quality = Diagnostic {
        rule: "criteria/missing".into(),
        severity: Severity::Error,
        category: "criteria".into(),
        message: "No acceptance criteria".into(),
        why: String::new(),
        help: String::new(),
        field: None,
        span: None,
        suggestion: None,
    };
    let mut diags = vec![quality];
    let r = evaluate(
        &s,
        &mut diags,
        &[],
        &BacklogContext::of(&[s.clone()]),
        &ReadinessConfig::default(),
    );
    assert!(failed(&r).contains(&"ready/acceptance-criteria"));
    assert_eq!(r.verdict, Verdict::AlmostReady);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].rule, "criteria/missing");
}

#[test]
fn fields_the_whole_input_lacks_are_not_held_against_an_issue() {
    // Deep-SE rows carry no priority, parent or assignee column.
    let mut s = ready_story();
    s.priority = None;
    s.parent = None;
    let r = eval(&s);
    assert!(!r.checks.iter().any(|c| c.check == "ready/priority"));
    assert_eq!(r.verdict, Verdict::Ready);
}

#[test]
fn title_check_catches_placeholders_and_one_word_titles() {
    for t in ["TBD", "New issue", "Login"] {
        // (Two-word titles such as "Require jdk8" are terse but clear, and pass.)
        let mut s = ready_story();
        s.title = t.into();
        let r = eval(&s);
        assert!(failed(&r).contains(&"ready/title"), "{t}");
    }
}

#[test]
fn story_format_accepts_user_and_job_stories_only_for_stories() {
    let mut s = ready_story();
    s.title = "When I file a planning application, I want to see its status, so I can plan my work"
        .into();
    assert!(!failed(&eval(&s)).contains(&"ready/story-format"));
    s.title = "Search for information about properties".into();
    assert!(failed(&eval(&s)).contains(&"ready/story-format"));
    s.kind = IssueKind::Bug;
    assert!(!eval(&s)
        .checks
        .iter()
        .any(|c| c.check == "ready/story-format"));
}

#[test]
fn acceptance_criteria_are_found_in_fields_sections_checklists_and_gherkin() {
    let mut s = ready_story();
    s.description = Doc::from_plain("Residents look up properties.");
    assert!(!acceptance_criteria_present(&s));
    s.acceptance_criteria = Some(Doc::from_plain("Parcel search shows the owner"));
    assert!(acceptance_criteria_present(&s));
    s.acceptance_criteria = None;
    s.description = Doc::from_plain(
        "Scenario: search\nGiven a parcel number\nWhen I search\nThen I see the owner",
    );
    assert!(acceptance_criteria_present(&s));
    s.description =
        Doc::from_plain("Acceptance criteria: the owner and zoning are shown for a parcel");
    assert!(acceptance_criteria_present(&s));
    // A heading with nothing under it is not criteria.
    s.description = Doc {
        blocks: vec![Block::Heading {
            level: 2,
            text: "Acceptance Criteria".into(),
        }],
    };
    assert!(!acceptance_criteria_present(&s));
}

#[test]
fn criteria_are_soft_for_tasks_and_unknown_types() {
    // DM-4 of ../shared/data/issues/deepse/datamanagement.csv (Choetkiertikul et al. 2018).
    let mut s = ready_story();
    s.kind = IssueKind::Other;
    s.title = "Transition git repositories to Stash".into();
    s.description = Doc::from_plain("Transition gitolite-managed repositories to Atlassian Stash.");
    let r = eval(&s);
    let ac = result(&r, "ready/acceptance-criteria");
    assert!(!ac.passed);
    // Unknown type: only a note. A task: a warning.
    assert_eq!(ac.severity, Severity::Info);
    assert_eq!(r.verdict, Verdict::Ready);
    s.kind = IssueKind::Task;
    let r = eval(&s);
    let ac = result(&r, "ready/acceptance-criteria");
    assert_eq!(ac.severity, Severity::Warning);
}

#[test]
fn an_issue_of_unknown_type_written_as_a_story_is_judged_as_one() {
    let mut s = ready_story();
    s.kind = IssueKind::Other;
    s.description = Doc::from_plain("Residents look up properties.");
    let r = eval(&s);
    let ac = result(&r, "ready/acceptance-criteria");
    assert_eq!(ac.severity, Severity::Error);
}

#[test]
fn placeholders_inside_code_blocks_are_not_open_questions() {
    let mut s = ready_story();
    s.description.blocks.push(Block::Code {
        lang: None,
        text: "// TODO: remove once the cache is warm".into(),
    });
    assert!(!failed(&eval(&s)).contains(&"ready/open-questions"));
    s.description.blocks.push(Block::Paragraph {
        text: "Retention period: TBD".into(),
    });
    let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
    let d = diags
        .iter()
        .find(|d| d.rule == "ready/open-questions")
        .unwrap();
    let text = s.description.text();
    let span = d.span.unwrap();
    assert_eq!(&text[span.start..span.end], "TBD");
}

#[test]
fn estimate_size_respects_units_and_the_team_maximum() {
    let mut s = ready_story();
    s.estimate = Some(Estimate::points(20.0));
    assert!(failed(&eval(&s)).contains(&"ready/estimate-size"));
    s.estimate = Estimate::parse("XL");
    assert!(failed(&eval(&s)).contains(&"ready/estimate-size"));
    s.estimate = Estimate::parse("16h");
    assert!(!failed(&eval(&s)).contains(&"ready/estimate-size"));
    let cfg = ReadinessConfig {
        max_hours: Some(8.0),
        ..Default::default()
    };
    assert!(
        failed(&eval_with(&s, std::slice::from_ref(&s), &cfg).0).contains(&"ready/estimate-size")
    );
    s.estimate = Some(Estimate::points(0.0));
    assert!(failed(&eval(&s)).contains(&"ready/estimate"));
}

#[test]
fn unresolved_blockers_fail_and_resolved_ones_pass() {
    let mut s = ready_story();
    s.links = vec![IssueLink {
        kind: LinkKind::BlockedBy,
        target: "LOU-7".into(),
        target_done: Some(false),
    }];
    let r = eval(&s);
    let c = result(&r, "ready/dependencies");
    assert!(!c.passed && c.reason.contains("LOU-7"));
    s.links[0].target_done = Some(true);
    assert!(!failed(&eval(&s)).contains(&"ready/dependencies"));
}

#[test]
fn dependencies_only_in_text_are_reported_with_a_span() {
    let mut s = ready_story();
    s.description = Doc::from_plain("This depends on MESOS-1234 landing first.\nAcceptance criteria: the agent registers after restart");
    let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
    let d = diags
        .iter()
        .find(|d| d.rule == "ready/dependencies-linked")
        .unwrap();
    let text = s.description.text();
    let span = d.span.unwrap();
    assert_eq!(&text[span.start..span.end], "depends on MESOS-1234");
    s.links.push(IssueLink {
        kind: LinkKind::BlockedBy,
        target: "MESOS-1234".into(),
        target_done: Some(true),
    });
    assert!(!failed(&eval(&s)).contains(&"ready/dependencies-linked"));
}

#[test]
fn open_questions_and_placeholders_are_found_with_spans() {
    let mut s = ready_story();
    s.description.blocks.push(Block::Paragraph {
        text: "Which fields are searchable? TBD with the clerk's office".into(),
    });
    let (r, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
    assert!(failed(&r).contains(&"ready/open-questions"));
    let d = diags
        .iter()
        .find(|d| d.rule == "ready/open-questions")
        .unwrap();
    let text = s.description.text();
    let span = d.span.unwrap();
    assert_eq!(&text[span.start..span.end], "TBD");
    // "so that I can" and lower-case "tbd" inside a word are not placeholders.
    let mut s = ready_story();
    s.description = Doc::from_plain(
        "Outbound mail is throttled.\nAcceptance criteria: mail to the same domain waits 1 s",
    );
    assert!(!failed(&eval(&s)).contains(&"ready/open-questions"));
}

/// The placeholder lexicon shared with `criteria/placeholder`: lower-case abbreviations
/// and "to be agreed / discussed" count here too; "??" (emphasis), a "todo list" and a
/// field "to be specified" (a feature, not a gap) do not.
#[test]
fn open_questions_share_the_placeholder_lexicon_with_the_criteria_rule() {
    for (text, found) in [
        ("Retention period: tbd", Some("tbd")),
        (
            "The export format is to be agreed with finance",
            Some("to be agreed"),
        ),
        (
            "Wording to be discussed at the review",
            Some("to be discussed"),
        ),
        ("Why does the import stop at 1,000 rows??", None),
        ("Show the todo list on the dashboard", None),
        // from ../shared/data/issues/deepse/jirasoftware.csv, JSW-4768 (Choetkiertikul et al. 2018)
        (
            "Allow the Sprint to be specified but default to currently active Sprint",
            None,
        ),
    ] {
        let mut s = ready_story();
        s.description
            .blocks
            .push(Block::Paragraph { text: text.into() });
        let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
        let d = diags.iter().find(|d| d.rule == "ready/open-questions");
        let doc = s.description.text();
        let got = d
            .and_then(|d| d.span)
            .and_then(|sp| doc.get(sp.start..sp.end));
        assert_eq!(got, found, "{text}");
    }
}

#[test]
fn staleness_needs_a_date_and_uses_the_configured_limit() {
    let s = ready_story();
    assert!(!eval(&s).checks.iter().any(|c| c.check == "ready/not-stale"));
    let cfg = ReadinessConfig {
        now: Some("2027-06-01".into()),
        ..Default::default()
    };
    assert!(failed(&eval_with(&s, std::slice::from_ref(&s), &cfg).0).contains(&"ready/not-stale"));
    let cfg = ReadinessConfig {
        now: Some("2026-12-01".into()),
        ..Default::default()
    };
    assert!(!failed(&eval_with(&s, std::slice::from_ref(&s), &cfg).0).contains(&"ready/not-stale"));
    assert_eq!(
        checks::parse_date("2026-03-01").unwrap() - checks::parse_date("2026-02-28").unwrap(),
        1
    );
    assert_eq!(
        checks::parse_date("2024-03-01").unwrap() - checks::parse_date("2024-02-28").unwrap(),
        2
    );
    assert_eq!(checks::parse_date("2026-13-01"), None);
}

#[test]
fn flags_block() {
    let mut s = ready_story();
    s.labels.push("Flagged".into());
    assert!(failed(&eval(&s)).contains(&"ready/not-flagged"));
    let mut s = ready_story();
    s.fields
        .insert("Flagged".into(), serde_json::json!(["Impediment"]));
    assert!(failed(&eval(&s)).contains(&"ready/not-flagged"));
}

#[test]
fn success_metric_for_features_from_text_or_kpi_hint() {
    let mut f = ready_story();
    f.kind = IssueKind::Feature;
    f.title = "Self-service parcel search".into();
    let cfg = ReadinessConfig {
        preset: Preset::Safe,
        ..Default::default()
    };
    let (r, _) = eval_with(&f, std::slice::from_ref(&f), &cfg);
    assert!(failed(&r).contains(&"ready/success-metric"));
    f.description.blocks.push(Block::Paragraph {
        text: "Success metric: counter visits drop from 400 to 250 a week".into(),
    });
    let (r, _) = eval_with(&f, std::slice::from_ref(&f), &cfg);
    assert!(!failed(&r).contains(&"ready/success-metric"));
    let mut f2 = f.clone();
    f2.description = Doc::from_plain("Acceptance criteria: parcel search works offline");
    let hint = KpiHint {
        id: "task-success".into(),
        kpi: "Task success rate".into(),
        confidence: 0.6,
        evidence: Vec::new(),
        reason: String::new(),
        owner: None,
        parents: Vec::new(),
        explicit: false,
    };
    let mut diags = Vec::new();
    let r = evaluate(
        &f2,
        &mut diags,
        &[hint],
        &BacklogContext::of(&[f2.clone()]),
        &cfg,
    );
    assert!(!failed(&r).contains(&"ready/success-metric"));
}

#[test]
fn presets_differ_in_what_they_demand() {
    let mut s = ready_story();
    s.assignee = None;
    s.title =
        "As a clerk, I want the parcel page layout to show zoning, so that I can answer callers"
            .into();
    let backlog = vec![s.clone(), ready_story()];
    let verdict = |preset| {
        let cfg = ReadinessConfig {
            preset,
            ..Default::default()
        };
        eval_with(&s, &backlog, &cfg).0
    };
    let strict = verdict(Preset::Strict);
    let f = failed(&strict);
    assert!(
        f.contains(&"ready/assignee") && f.contains(&"ready/design-link"),
        "{f:?}"
    );
    assert_eq!(strict.verdict, Verdict::NotReady);
    assert_eq!(verdict(Preset::Scrum).verdict, Verdict::Ready);
    // Minimal asks for less than scrum: no priority check at all.
    s.priority = None;
    let backlog = vec![s.clone(), ready_story()];
    let cfg = ReadinessConfig {
        preset: Preset::Minimal,
        ..Default::default()
    };
    assert!(!eval_with(&s, &backlog, &cfg)
        .0
        .checks
        .iter()
        .any(|c| c.check == "ready/priority"));
}

#[test]
fn overrides_turn_checks_off_change_severity_and_types() {
    let mut s = ready_story();
    s.estimate = None;
    let backlog = vec![s.clone(), ready_story()];
    let cfg: Config =
        Config::from_json(r#"{"readiness": {"checks": {"ready/estimate": "off"}}}"#).unwrap();
    assert!(!eval_with(&s, &backlog, &cfg.readiness)
        .0
        .checks
        .iter()
        .any(|c| c.check == "ready/estimate"));
    let cfg = Config::from_json(
        r#"{"readiness": {"checks": {"ready/estimate": {"severity": "warning"}}}}"#,
    )
    .unwrap();
    assert_eq!(
        eval_with(&s, &backlog, &cfg.readiness).0.verdict,
        Verdict::Ready
    );
    let cfg =
        Config::from_json(r#"{"readiness": {"checks": {"ready/estimate": {"types": ["bug"]}}}}"#)
            .unwrap();
    assert!(!eval_with(&s, &backlog, &cfg.readiness)
        .0
        .checks
        .iter()
        .any(|c| c.check == "ready/estimate"));
}

#[test]
fn declarative_checks_of_every_kind() {
    let cfg = Config::from_json(
        r#"{"readiness": {"custom": [
            {"id": "team/design", "message": "Link the Figma design", "help": "Paste the Figma URL", "require_pattern": "figma\\.com", "in": "description", "types": ["story"]},
            {"id": "team/no-asap", "message": "Say when, not ASAP", "forbid_pattern": "(?i)\\basap\\b", "severity": "warning"},
            {"id": "team/risk", "message": "Assess the risk", "require_field": "Risk"},
            {"id": "team/notes", "message": "Add a Notes section", "require_section": "Notes"},
            {"id": "team/size", "message": "Keep stories small", "field": "estimate", "max": 3}
        ]}}"#,
    )
    .unwrap();
    let mut s = ready_story();
    s.title.push_str(" ASAP");
    let (r, diags) = eval_with(&s, std::slice::from_ref(&s), &cfg.readiness);
    let f = failed(&r);
    for id in [
        "team/design",
        "team/no-asap",
        "team/risk",
        "team/notes",
        "team/size",
    ] {
        assert!(f.contains(&id), "{id} should fail: {f:?}");
    }
    let asap = diags.iter().find(|d| d.rule == "team/no-asap").unwrap();
    assert_eq!(asap.severity, Severity::Warning);
    assert_eq!(asap.field, Some(Field::Title));
    let span = asap.span.unwrap();
    assert_eq!(&s.title[span.start..span.end], "ASAP");

    let mut s = ready_story();
    s.description.blocks.push(Block::Paragraph {
        text: "Design: https://www.figma.com/file/abc".into(),
    });
    s.description.blocks.push(Block::Heading {
        level: 3,
        text: "Notes".into(),
    });
    s.fields
        .insert("Risk".into(), serde_json::json!("1 - High"));
    s.estimate = Some(Estimate::points(3.0));
    let (r, _) = eval_with(&s, std::slice::from_ref(&s), &cfg.readiness);
    assert_eq!(failed(&r), Vec::<&str>::new());
    // Type filter: a bug is not asked for a design.
    s.kind = IssueKind::Bug;
    s.description.blocks.retain(|b| !b.text().contains("figma"));
    let (r, _) = eval_with(&s, std::slice::from_ref(&s), &cfg.readiness);
    assert!(!r.checks.iter().any(|c| c.check == "team/design"));
}

#[test]
fn bad_readiness_configuration_names_the_key() {
    let cases = [
        (r#"{"readiness": {"preset": "kanban"}}"#, "readiness.preset"),
        (
            r#"{"readiness": {"checks": {"ready/estimat": "off"}}}"#,
            "unknown check `ready/estimat`",
        ),
        (
            r#"{"readiness": {"checks": {"ready/estimate": "fatal"}}}"#,
            "readiness.checks.ready/estimate",
        ),
        (r#"{"readiness": {"now": "yesterday"}}"#, "readiness.now"),
        (
            r#"{"readiness": {"max_points": -1}}"#,
            "readiness.max_points",
        ),
        (
            r#"{"readiness": {"custom": [{"id": "x", "message": "m", "forbid_pattern": "("}]}}"#,
            "readiness.custom[0]: x: invalid pattern",
        ),
        (
            r#"{"readiness": {"custom": [{"id": "x", "message": "m"}]}}"#,
            "exactly one of",
        ),
        (
            r#"{"readiness": {"custom": [{"id": "x", "message": "m", "field": "Reach"}]}}"#,
            "needs `min`",
        ),
        (
            r#"{"readiness": {"custom": [{"id": "x", "message": "m", "require_field": "a", "colour": "red"}]}}"#,
            "colour",
        ),
        (r#"{"readiness": {"stale": 3}}"#, "stale"),
    ];
    for (json, want) in cases {
        let err = Config::from_json(json).unwrap_err();
        assert!(err.contains(want), "{json}: {err}");
    }
}

/// The README's table of readiness checks, generated from the registry and the presets.
fn readme_table() -> String {
    let level = |s: Option<Severity>| match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "off",
    };
    let kinds = |k: &[IssueKind]| k.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "| check | asks for | applies to (at most a warning; for an unknown type, a note) | minimal | scrum | safe | strict |\n|---|---|---|---|---|---|---|\n",
    );
    for c in CHECKS {
        let soft = if c.soft_types.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds(c.soft_types))
        };
        out.push_str(&format!(
            "| `{}` | {} | {}{} | {} | {} | {} | {} |\n",
            c.id,
            c.summary,
            kinds(c.types),
            soft,
            level(presets::preset_severity(c.id, Preset::Minimal)),
            level(presets::preset_severity(c.id, Preset::Scrum)),
            level(presets::preset_severity(c.id, Preset::Safe)),
            level(presets::preset_severity(c.id, Preset::Strict)),
        ));
    }
    out
}

#[test]
fn readme_lists_every_readiness_check() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- readiness:start -->\n", "<!-- readiness:end -->");
    let a = readme
        .find(start)
        .expect("README has the readiness markers")
        + start.len();
    let b = readme
        .find(end)
        .expect("README has the readiness end marker");
    let table = readme_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..a], table, &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[a..b],
        table,
        "README's readiness table is out of date: run `UPDATE_README=1 cargo test --lib readme_lists_every_readiness_check`"
    );
}

/// Blocks of every kind, with the edge cases of their rendering: empty and blank text, a
/// list item at each depth, bullet and checkbox, tables of zero, one and two cells, text
/// outside ASCII. Texts from ../shared/data/issues/deepse/mesos.csv and
/// appceleratorstudio.csv (Choetkiertikul et al. 2018).
fn block_zoo() -> Vec<Block> {
    let item = |ordered, depth, checked, text: &str| Block::ListItem {
        ordered,
        depth,
        checked,
        text: text.into(),
    };
    let table = |rows: &[&[&str]]| Block::Table {
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    };
    vec![
        Block::Paragraph { text: "".into() },
        Block::Paragraph {
            text: "  \t ".into(),
        },
        Block::Paragraph {
            text: "The slave should TBD re-register after a restart.".into(),
        },
        Block::Heading {
            level: 3,
            text: "Problem".into(),
        },
        Block::Code {
            lang: Some("sh".into()),
            text: "# TODO: depends on MESOS-1".into(),
        },
        Block::Quote {
            text: "Résumé: blocked by MESOS-42 ???".into(),
        },
        item(false, 0, None, "Fix the installer TBD"),
        item(true, 2, Some(true), "Update the docs (?)"),
        item(false, 1, Some(false), ""),
        item(true, 0, None, "   "),
        table(&[]),
        table(&[&[]]),
        table(&[&["  "]]),
        table(&[&["", ""]]),
        table(&[&["to"], &["be decided", "x"]]),
        Block::Rule,
    ]
}

/// Every document of one and two blocks from [`block_zoo`], and the whole zoo.
fn doc_zoo() -> Vec<Doc> {
    let zoo = block_zoo();
    let mut docs = vec![
        Doc::default(),
        Doc {
            blocks: zoo.clone(),
        },
    ];
    for a in &zoo {
        docs.push(Doc {
            blocks: vec![a.clone()],
        });
        for b in &zoo {
            docs.push(Doc {
                blocks: vec![a.clone(), b.clone()],
            });
        }
    }
    docs
}

/// `Doc::text` as it was written before it rendered in place: each block formatted on its
/// own, joined by "\n" once some text was written (the oracle for the model's copy-free
/// `Doc::text`, `Block::text_len` and `Doc::is_empty`).
fn text_by_formatting(doc: &Doc) -> (String, bool) {
    let block = |b: &Block| match b {
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Code { text, .. }
        | Block::Quote { text } => text.clone(),
        Block::ListItem {
            ordered,
            depth,
            checked,
            text,
        } => {
            let indent = "  ".repeat(usize::from(*depth));
            let marker = match checked {
                Some(true) => "[x] ",
                Some(false) => "[ ] ",
                None => "",
            };
            let bullet = if *ordered { "1. " } else { "- " };
            format!("{indent}{bullet}{marker}{text}")
        }
        Block::Table { rows } => rows
            .iter()
            .map(|r| r.join(" | "))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Rule => "---".to_string(),
    };
    let mut out = String::new();
    let mut empty = true;
    for b in &doc.blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        let t = block(b);
        assert_eq!(b.text_len(), t.len(), "{b:?}");
        empty &= matches!(b, Block::Rule) || t.trim().is_empty();
        out.push_str(&t);
    }
    (out, empty)
}

#[test]
fn the_description_is_rendered_and_judged_empty_as_the_model_does() {
    for doc in doc_zoo() {
        let (want, empty) = text_by_formatting(&doc);
        let rendered = doc.text();
        assert_eq!(rendered, want, "{doc:?}");
        assert!(rendered.capacity() >= rendered.len());
        assert_eq!(doc.is_empty(), empty, "{doc:?}");
    }
}

/// Where the first placeholder of `doc` is in [`Doc::text`]: each block rendered with
/// [`Block::text`] and placed where `Doc::text` puts it (a "\n" before every block but
/// the first non-empty text, so empty leading blocks take no room).
fn placeholder_span_by_rendering(doc: &Doc) -> Option<Span> {
    let mut len = 0;
    for b in &doc.blocks {
        let text = b.text();
        let start = if len > 0 { len + 1 } else { 0 };
        if !matches!(b, Block::Code { .. }) {
            if let Some(m) = checks::open_question_regex().find(&text) {
                return Some(Span::new(start + m.start(), start + m.end()));
            }
        }
        len = start + text.len();
    }
    None
}

#[test]
fn placeholder_spans_are_those_rendering_each_block_gives() {
    let cfg = ReadinessConfig::default();
    let mut found = 0;
    for doc in doc_zoo() {
        let mut s = ready_story();
        s.description = doc;
        let (r, diags) = eval_with(&s, std::slice::from_ref(&s), &cfg);
        let want = placeholder_span_by_rendering(&s.description);
        let d = diags.iter().find(|d| d.rule == "ready/open-questions");
        assert_eq!(d.and_then(|d| d.span), want, "{:?}", s.description);
        assert_eq!(want.is_some(), failed(&r).contains(&"ready/open-questions"));
        if let (Some(d), Some(span)) = (d, want) {
            found += 1;
            assert_eq!(d.field, Some(Field::Description));
            let text = s.description.text();
            let words = text.get(span.start..span.end).unwrap_or_default();
            // The span points at a placeholder in the text the panel highlights.
            assert!(
                checks::open_question_regex()
                    .find(words)
                    .is_some_and(|m| m.as_str() == words),
                "{words:?} in {text:?}"
            );
            assert_eq!(
                d.message,
                format!("Open question or placeholder left: \"{words}\"")
            );
        }
    }
    assert!(found > 100, "{found}");
}

#[test]
fn a_placeholder_after_empty_leading_blocks_is_spanned_in_the_rendered_text() {
    // `Doc::text` adds no "\n" for blocks before the first text; the span used to count
    // one byte per such block and point past the placeholder.
    let mut s = ready_story();
    s.description = Doc {
        blocks: vec![
            Block::Paragraph {
                text: String::new(),
            },
            Block::Paragraph {
                text: String::new(),
            },
            Block::Paragraph {
                text: "Rollout plan: TBD with ops".into(),
            },
        ],
    };
    let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
    let d = diags
        .iter()
        .find(|d| d.rule == "ready/open-questions")
        .expect("the placeholder is found");
    let text = s.description.text();
    let span = d.span.expect("a span");
    assert_eq!(text.get(span.start..span.end), Some("TBD"), "{text:?}");
    assert_eq!(d.message, "Open question or placeholder left: \"TBD\"");
}

#[test]
fn a_dependency_written_across_blocks_or_with_folded_letters_is_still_found() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018), split
    // over two paragraphs and over a list item.
    for (blocks, want) in [
        (
            vec!["This depends", "on MESOS-1234 landing first."],
            "depends\non MESOS-1234",
        ),
        (vec!["Blocked by MESOS-42."], "Blocked by MESOS-42"),
        // KELVIN SIGN folds to "k" under (?i), as the full pattern sees it.
        (
            vec!["Bloc\u{212A}ed by MESOS-42."],
            "Bloc\u{212A}ed by MESOS-42",
        ),
    ] {
        let mut s = ready_story();
        s.description = Doc {
            blocks: blocks
                .iter()
                .map(|t| Block::Paragraph {
                    text: t.to_string(),
                })
                .collect(),
        };
        let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
        let d = diags
            .iter()
            .find(|d| d.rule == "ready/dependencies-linked")
            .unwrap_or_else(|| panic!("no finding for {blocks:?}"));
        let span = d.span.unwrap();
        assert_eq!(&s.description.text()[span.start..span.end], want);
    }
    let mut s = ready_story();
    s.description = Doc {
        blocks: vec![Block::ListItem {
            ordered: true,
            depth: 1,
            checked: Some(false),
            text: "Waiting for MESOS-7 to ship".into(),
        }],
    };
    let (_, diags) = eval_with(&s, std::slice::from_ref(&s), &ReadinessConfig::default());
    let d = diags
        .iter()
        .find(|d| d.rule == "ready/dependencies-linked")
        .unwrap();
    let span = d.span.unwrap();
    assert_eq!(
        &s.description.text()[span.start..span.end],
        "Waiting for MESOS-7"
    );
}

#[test]
fn titles_and_labels_compare_as_lower_cased_text() {
    // Unicode lower-casing, as `str::to_lowercase` does: KELVIN SIGN is a "k".
    assert_eq!("BLOC\u{212A}ED".to_lowercase(), "blocked");
    for label in ["Flagged", "ON HOLD", "BLOC\u{212A}ED", "Impediment"] {
        let mut s = ready_story();
        s.labels.push(label.into());
        assert!(failed(&eval(&s)).contains(&"ready/not-flagged"), "{label}");
    }
    for label in ["flagged-later", "blockers", "ΣON HOLD"] {
        let mut s = ready_story();
        s.labels.push(label.into());
        assert!(!failed(&eval(&s)).contains(&"ready/not-flagged"), "{label}");
    }
    for (title, placeholder) in [
        ("TBD", true),
        ("  Wip!!  ", true),
        ("New Story:", true),
        ("TAS\u{212A}", true),
        ("Todo list export", false),
    ] {
        let mut s = ready_story();
        s.title = title.into();
        let r = eval(&s);
        let c = result(&r, "ready/title");
        assert_eq!(
            c.reason.ends_with("is a placeholder"),
            placeholder,
            "{title}"
        );
    }
}

#[test]
fn results_sort_fix_first_like_a_stable_sort() {
    // Every order of up to 40 results (past the insertion sort's limit), from a fixed
    // pseudo-random sequence.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for len in 0..40 {
        for _ in 0..20 {
            let v: Vec<CheckResult> = (0..len)
                .map(|n| {
                    let r = next();
                    CheckResult {
                        check: format!("c{n}").into(),
                        passed: r % 2 == 0,
                        severity: [Severity::Error, Severity::Warning, Severity::Info]
                            [(r / 2 % 3) as usize],
                        reason: "".into(),
                        next_step: "".into(),
                    }
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|c| (c.passed, c.severity));
            let mut got = v;
            sort_fix_first(&mut got);
            assert_eq!(got, want);
        }
    }
}

#[test]
fn known_facts_and_worked_out_facts_give_the_same_verdict() {
    for cfg in [
        ReadinessConfig::default(),
        ReadinessConfig {
            preset: Preset::Strict,
            ..Default::default()
        },
    ] {
        for doc in doc_zoo().into_iter().step_by(7) {
            let mut s = ready_story();
            s.kind = IssueKind::Other;
            s.description = doc;
            let backlog = std::slice::from_ref(&s);
            let (worked_out, d1) = eval_with(&s, backlog, &cfg);
            let known = Known {
                is_story: Some(crate::rules::locate_story(&s).is_some()),
                has_criteria: Some(acceptance_criteria_present(&s)),
                has_success_metric: Some(crate::kpi::has_explicit_success_metric(&s)),
            };
            let mut d2 = Vec::new();
            let given = evaluate_with(&s, &known, &mut d2, &[], &BacklogContext::of(backlog), &cfg);
            assert_eq!(worked_out, given);
            assert_eq!(d1, d2);
        }
    }
}

#[test]
fn section_names_compare_as_lower_cased_text() {
    let wants = ["steps to reproduce", "σύνοψη", "ὀδυσσεύς", "", "straße"];
    let texts = [
        "Steps to Reproduce",
        "STEPS TO REPRODUCE:",
        "Steps to reproduce: open the file",
        "Steps to reproduce : open",
        "ΣΎΝΟΨΗ",
        "ΣΎΝΟΨΗ:",
        "ΣΎΝΟΨΗ: κείμενο",
        "ὈΔΥΣΣΕΎΣ",
        ":",
        "",
        "STRASSE:",
        "Straße:",
        "STRAẞE: x",
    ];
    for want in wants {
        let want = want.trim().to_lowercase();
        for t in texts {
            let lower = t.to_lowercase();
            assert_eq!(
                custom::heading_is(t, &want),
                lower.trim_end_matches(':') == want,
                "{t:?} {want:?}"
            );
            assert_eq!(
                custom::starts_section(t, &want),
                lower
                    .strip_prefix(want.as_str())
                    .is_some_and(|rest| rest.starts_with(':')),
                "{t:?} {want:?}"
            );
        }
    }
}
