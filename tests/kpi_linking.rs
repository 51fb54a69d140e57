//! KPI linkage on real backlog text (issue #6).

use readylens::diagnostic::{field_text, Field};
use readylens::kpi::{
    self, coverage, has_explicit_success_metric, link, missing_outcome, EvidenceSource, KpiConfig,
    KpiLinker,
};
use readylens::model::{Block, Doc, Issue, IssueKind};

fn story(title: &str) -> Issue {
    Issue {
        key: "T-1".into(),
        kind: IssueKind::Story,
        title: title.into(),
        ..Default::default()
    }
}

fn top(issue: &Issue) -> Option<String> {
    link(issue, &KpiConfig::default())
        .first()
        .map(|h| h.id.clone())
}

/// Every evidence span must slice its field's text at char boundaries, to the words quoted.
fn assert_spans_valid(issue: &Issue, hints: &[kpi::KpiHint]) {
    for h in hints {
        for e in &h.evidence {
            if let (Some(field), Some(span)) = (e.field, e.span) {
                let text = field_text(issue, field);
                let got = text.get(span.start..span.end);
                assert_eq!(got, Some(e.text.as_str()), "{h:?}");
            }
        }
    }
}

#[test]
fn sign_up_story_links_to_activation_with_a_span_on_the_words() {
    // from ../shared/data/stories/dalpiaz/g14-datahub.txt line 4 (Dalpiaz, CC BY 4.0)
    let i = story("As a Visitor, I want to sign up via github or google, so that that I don't have to enter lots of information and remember my password for yet another website.");
    // One key phrase in a story's want clause is a weak evidence class (round 7): its
    // confidence is calibrated below the default threshold, so the hint shows only with a
    // lower one.
    assert!(link(&i, &KpiConfig::default()).is_empty());
    let low = KpiConfig {
        min_confidence: 0.2,
        ..KpiConfig::default()
    };
    let hints = link(&i, &low);
    let first = hints.first().expect("a hint");
    assert_eq!(first.id, "activation");
    let ev = first.evidence.first().expect("evidence");
    assert_eq!(ev.field, Some(Field::Title));
    assert_eq!(ev.source, EvidenceSource::Title);
    let sp = ev.span.expect("span");
    assert_eq!(&i.title[sp.start..sp.end], "sign up");
    assert!(first.reason.contains("sign up"), "{}", first.reason);
    assert!(first.confidence > 0.2 && first.confidence < 0.35);
    assert_spans_valid(&i, &hints);
}

#[test]
fn faq_story_links_to_customer_reported_issues() {
    // from ../shared/data/stories/dalpiaz/g10-scrumalliance.txt line 38 (labelled
    // customer-reported-issues in tests/fixtures/kpi/labelled_test5.tsv): the FAQ and the
    // support questions of its benefit, two pieces of evidence.
    let i = story("As a site editor, I want to maintain a FAQ section, so that support gets fewer easily answered questions.");
    assert_eq!(top(&i).as_deref(), Some("customer-reported-issues"));
    // Line 37: "read FAQs" alone in the want clause is one key phrase in a story, a class
    // calibrated below the default threshold since round 7 (right 19 times in 26 on the
    // tuning splits); a title that is not a story keeps it.
    let j = story("As a site visitor, I want to read FAQs, so that I can get quick answers.");
    assert_eq!(top(&j), None);
    assert_eq!(
        top(&story("Read FAQs")).as_deref(),
        Some("customer-reported-issues")
    );
}

#[test]
fn test_work_links_to_defect_escape_rate() {
    // from ../shared/data/issues/deepse/appceleratorstudio.csv TISTUD-477 and
    // mule.csv MULE-8698 (Choetkiertikul et al. 2018); the second is camel case.
    let a = story("Add unit tests for MobileUsageUtil");
    assert_eq!(top(&a).as_deref(), Some("defect-escape-rate"));
    let b = story("NonBlockingNotSupportedFunctionalTestCase.aggregator caused InboundAggregationNoTimeoutTestCase to fail.");
    let hints = link(&b, &KpiConfig::default());
    assert_eq!(
        hints.first().map(|h| h.id.as_str()),
        Some("defect-escape-rate")
    );
    assert_spans_valid(&b, &hints);
}

#[test]
fn ordinary_work_gets_no_hint() {
    for title in [
        // ../shared/data/issues/deepse/bamboo.csv BAM-4088
        "Rename ElasticAgentSchedule to ElasticInstanceSchedule",
        // ../shared/data/stories/dalpiaz/g23-archivesspace.txt line 36
        "As an Archivist, I want to export a description as EAD.",
        // ../shared/data/issues/deepse/mesos.csv MESOS-5383
        "Implement os::setHostname",
        // ../shared/data/stories/dalpiaz/g12-camperplus.txt line 21
        "As a camp administrator, I want to be able to see medical forms, so that we can be prepared for an allergy attack",
    ] {
        assert_eq!(top(&story(title)), None, "{title}");
    }
}

#[test]
fn derived_words_do_not_match_their_stems() {
    // Porter stems "perform"/"performance" and "access"/"accessible" alike; the linker
    // must not. From ../shared/data/stories/dalpiaz/g28-zooniverse.txt line 38 and
    // g02-federalspending.txt line 62.
    let a = story("As a Zooniverse admin, I want to perform automatic detection of plankton size or orientation in Plankton Portal images.");
    assert!(!link(&a, &KpiConfig::default())
        .iter()
        .any(|h| h.id == "reliability"));
    let b = story(
        "As a user, I want to access the raw agency published files from FABS via USAspending.",
    );
    assert!(!link(&b, &KpiConfig::default())
        .iter()
        .any(|h| h.id == "task-success"));
    // …while the derived word itself does.
    let c = story("Improve page load performance of the issue navigator");
    assert_eq!(top(&c).as_deref(), Some("reliability"));
}

#[test]
fn jira_bug_with_description_links_to_reliability() {
    // ../shared/data/issues/deepse/aptanastudio.csv APSTUD-4861 (Choetkiertikul et al. 2018)
    let mut i = story("Slow text entry with large PHP files");
    i.kind = IssueKind::Bug;
    i.description = Doc::from_plain(
        "When typing code into a text window, and using PHP syntax highlighting, text entry is around 1 character every 500 milliseconds. Issue started 2 nights ago (on current nightly builds)    Is there a way to roll back to a few days before ?",
    );
    let hints = link(&i, &KpiConfig::default());
    let first = hints.first().expect("hint");
    assert_eq!(first.id, "reliability");
    assert_eq!(first.evidence[0].field, Some(Field::Title));
    assert_eq!(first.evidence[0].text, "Slow");
    assert_spans_valid(&i, &hints);
    // A bug is not asked for an outcome.
    assert!(missing_outcome(&i, &[], &KpiConfig::default()).is_none());
}

#[test]
fn benefit_clause_outweighs_the_description() {
    let mut i =
        story("As a member, I want a weekly digest e-mail, so that inactive users come back");
    i.description = Doc::from_plain("The digest lists the new articles. Add analytics later.");
    let hints = link(&i, &KpiConfig::default());
    let first = hints.first().expect("hint");
    assert_eq!(first.id, "retention");
    assert!(first
        .evidence
        .iter()
        .any(|e| e.source == EvidenceSource::Benefit && e.text == "come back"));
    assert_spans_valid(&i, &hints);
}

#[test]
fn equal_scores_keep_catalog_order() {
    // One key phrase each for activation ("onboarding") and task success ("usability"),
    // same place, same weight. (A single related word, such as "quickly", is no hint
    // on its own any more.)
    let i = story("Onboarding usability review");
    let l = KpiLinker::new(&KpiConfig {
        min_confidence: 0.0,
        ..KpiConfig::default()
    });
    let hints = l.link(&i);
    assert!(hints.len() >= 2, "{hints:?}");
    assert_eq!(hints[0].confidence, hints[1].confidence);
    let ids = l.kpi_ids();
    let pos = |id: &str| ids.iter().position(|x| *x == id);
    assert!(pos(&hints[0].id) < pos(&hints[1].id), "{hints:?}");
    // And the same answer every time.
    assert_eq!(l.link(&i), hints);
}

#[test]
fn explicit_success_metric_is_found_and_links_its_kpi() {
    let mut i = story("Guided setup for new workspaces");
    i.kind = IssueKind::Feature;
    i.description = Doc {
        blocks: vec![
            Block::Paragraph {
                text: "New teams do not know where to start.".into(),
            },
            Block::Paragraph {
                text: "Success metric: increase activation from 30% to 35% in Q3".into(),
            },
        ],
    };
    assert!(has_explicit_success_metric(&i));
    let m = kpi::success_metrics(&i);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].source, kpi::MetricSource::Section);
    let hints = link(&i, &KpiConfig::default());
    let first = hints.first().expect("hint");
    assert_eq!(first.id, "activation");
    assert!(first.explicit);
    assert!(first.confidence >= 0.9);
    assert!(first
        .evidence
        .iter()
        .any(|e| e.source == EvidenceSource::SuccessMetric && e.field == Some(Field::Description)));
    assert_spans_valid(&i, &hints);
    assert!(missing_outcome(&i, &hints, &KpiConfig::default()).is_none());
}

#[test]
fn kpi_label_is_explicit() {
    let mut i = story("Pause option");
    i.labels = vec!["kpi:retention".into()];
    let hints = link(&i, &KpiConfig::default());
    assert_eq!(hints.first().map(|h| h.id.as_str()), Some("retention"));
    assert!(hints[0].explicit);
    assert_eq!(hints[0].evidence[0].field, Some(Field::Labels));
    assert_eq!(hints[0].evidence[0].span, None);
}

#[test]
fn team_tree_merges_and_replaces() {
    let json = r#"{
        "kpi": {
            "north_star": {"id": "weekly-active-teams", "name": "Weekly active teams", "owner": "CPO"},
            "metrics": [
                {"id": "report-shares", "name": "Reports shared", "keywords": ["share report", "shared report"], "owner": "Ana"},
                {"id": "activation", "keywords": ["workspace setup"], "owner": "Growth"}
            ]
        }
    }"#;
    let cfg = readylens::Config::from_json(json).expect("config");
    // from ../shared/data/stories/dalpiaz/g26-racdam.txt line 38
    let i = story("As a researcher, I want to share reports I've written, so that it is available to staff and researchers.");
    let hints = link(&i, &cfg.kpi);
    let h = hints.first().expect("hint");
    assert_eq!(h.id, "report-shares");
    assert_eq!(h.owner.as_deref(), Some("Ana"));
    assert_eq!(h.parents, vec!["Weekly active teams".to_string()]);

    let j = story("Workspace setup checklist");
    let hj = link(&j, &cfg.kpi);
    assert_eq!(hj.first().map(|h| h.id.as_str()), Some("activation"));
    assert_eq!(hj[0].owner.as_deref(), Some("Growth"));

    // Replace: only the team's KPIs exist.
    let mut replace = cfg.kpi.clone();
    replace.catalog = kpi::CatalogMode::Replace;
    let ids = KpiLinker::new(&replace).kpi_ids().join(",");
    // The team's input metrics first, the North Star (broadest) last: on equal scores
    // the more specific KPI wins.
    assert_eq!(ids, "report-shares,activation,weekly-active-teams");
    assert!(link(&story("Add unit tests for the parser"), &replace).is_empty());

    // Disable a built-in.
    let off = KpiConfig {
        disable: vec!["defect-escape-rate".into()],
        ..KpiConfig::default()
    };
    assert!(link(&story("Add unit tests for the parser"), &off).is_empty());

    // Unknown keys in the section are rejected, naming the path.
    let err = readylens::Config::from_json(r#"{"kpi": {"treshold": 0.5}}"#).unwrap_err();
    assert!(err.contains("kpi"), "{err}");
}

#[test]
fn backlog_coverage_lists_features_without_outcome_and_uses_the_parent_epic() {
    let mut epic = story("Onboarding revamp");
    epic.key = "E-1".into();
    epic.kind = IssueKind::Epic;
    let mut child = story("Checklist widget on the empty dashboard");
    child.key = "S-1".into();
    child.parent = Some("E-1".into());
    // from ../shared/data/stories/dalpiaz/g23-archivesspace.txt line 36
    let mut feature = story("As an Archivist, I want to export a description as EAD.");
    feature.key = "F-1".into();
    feature.kind = IssueKind::Feature;
    let mut bug = story("Rename ElasticAgentSchedule to ElasticInstanceSchedule");
    bug.key = "B-1".into();
    bug.kind = IssueKind::Bug;

    let backlog = vec![epic, child.clone(), feature, bug];
    let cov = coverage(&backlog, &KpiConfig::default());
    assert_eq!(cov.considered, 3, "epic, story, feature; not the bug");
    assert_eq!(cov.linked, 2);
    assert!((cov.coverage - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(cov.without_outcome, vec!["F-1".to_string()]);
    let act = cov
        .per_kpi
        .iter()
        .find(|u| u.id == "activation")
        .expect("activation used");
    assert_eq!(act.issues, vec!["E-1".to_string(), "S-1".to_string()]);
    assert!(cov.kpis_without_work.contains(&"expansion".to_string()));

    // The same from hints computed once (as the analysis pipeline does).
    let l = KpiLinker::new(&KpiConfig::default());
    let hints = l.link_backlog(&backlog);
    assert_eq!(l.coverage_of(&backlog, &hints), cov);
    // With each issue's explicit success metric, as the pipeline reuses it; a second
    // feature states one.
    let (cov2, _) = l.coverage_and_metrics(&backlog, &hints);
    assert_eq!(cov2, cov);
    let mut measured = story("Export a description as EAD");
    measured.key = "F-2".into();
    measured.kind = IssueKind::Feature;
    measured.description =
        Doc::from_plain("Success metric: cut manual exports from 40 to 10 a week.");
    let mut with_metric = backlog.clone();
    with_metric.push(measured);
    let hints = l.link_backlog(&with_metric);
    let (_, metrics) = l.coverage_and_metrics(&with_metric, &hints);
    let want: Vec<bool> = with_metric
        .iter()
        .map(has_explicit_success_metric)
        .collect();
    assert_eq!(metrics, want);
    assert!(want.contains(&true) && want.contains(&false), "{want:?}");
    for (issue, h) in with_metric.iter().zip(&hints) {
        let has = has_explicit_success_metric(issue);
        assert_eq!(
            l.missing_outcome_given(issue, h, || has),
            l.missing_outcome(issue, h)
        );
    }

    // Alone, the child has no hint; with its epic it gets one, through the parent.
    assert!(l.link(&child).is_empty());
    let with_parent = l.link_with_parent(&child, backlog.first());
    assert_eq!(with_parent[0].evidence[0].source, EvidenceSource::Parent);

    let d = missing_outcome(&backlog[2], &[], &KpiConfig::default()).expect("diagnostic");
    assert_eq!(d.rule, "kpi/missing-outcome");
    assert!(missing_outcome(&backlog[3], &[], &KpiConfig::default()).is_none());
}

#[test]
fn odd_input_never_panics() {
    let long = "so that ".repeat(5000);
    for title in [
        "",
        "so that",
        "🚀🚀 so that é onboarding 🚀",
        "ÄÖÜ sign-up ß",
        long.as_str(),
        "increase from 1% to",
        "KPI:",
    ] {
        let mut i = story(title);
        i.description = Doc::from_plain(title);
        i.labels = vec!["kpi:".into(), "kpi:🚀".into(), title.into()];
        i.components = vec![title.into()];
        i.fields
            .insert("KPI".into(), serde_json::json!([title, 3, null]));
        let hints = link(&i, &KpiConfig::default());
        assert_spans_valid(&i, &hints);
        let _ = has_explicit_success_metric(&i);
    }
}
