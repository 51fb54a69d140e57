//! Spans into a description point at the same words whether or not it starts with empty
//! blocks (an importer can produce them: an empty ADF paragraph, a blank wiki line kept as
//! a block). `Doc::text` writes no "\n" before the first text, so an empty leading block
//! takes no room; three span producers used to count one byte for each.

use readylens::analyze;
use readylens::config::Config;
use readylens::diagnostic::{field_text, Field, Span};
use readylens::model::{Block, Doc, Issue, IssueKind};

fn paragraph(text: &str) -> Block {
    Block::Paragraph { text: text.into() }
}

/// A story with an open question, a success-metric section and a conjunction, so the
/// quality rules, readiness and KPI linking all point into the description. Wording from
/// ../shared/data/stories (Dalpiaz et al. 2018 user-story backlogs), with a metric added.
fn issue(leading_empty: usize) -> Issue {
    let mut blocks: Vec<Block> = (0..leading_empty).map(|_| paragraph("")).collect();
    blocks.extend([
        paragraph(
            "As a repository manager, I want to export and import the collection metadata, so that I can reduce the time spent on migrations.",
        ),
        paragraph("Which formats do we need? TBD with the archive team."),
        Block::Heading {
            level: 2,
            text: "Success metrics".into(),
        },
        paragraph("Reduce migration time from 3 days to 1 day by Q3."),
    ]);
    Issue {
        key: "DS-1".into(),
        kind: IssueKind::Story,
        title: "Export and import collection metadata".into(),
        description: Doc { blocks },
        ..Default::default()
    }
}

/// Every spanned piece of the description in the report: (what, spanned words).
fn spanned_words(issue: &Issue) -> Vec<(String, String)> {
    let report = analyze(std::slice::from_ref(issue), &Config::default());
    let text = field_text(issue, Field::Description);
    let words = |span: Span| {
        text.get(span.start..span.end)
            .unwrap_or("<outside>")
            .to_string()
    };
    let mut out = Vec::new();
    for r in &report.issues {
        for d in &r.diagnostics {
            if let (Some(Field::Description), Some(span)) = (d.field, d.span) {
                out.push((d.rule.clone(), words(span)));
            }
        }
        for k in &r.kpis {
            for e in &k.evidence {
                if let (Some(Field::Description), Some(span)) = (e.field, e.span) {
                    out.push((format!("kpi {} {}", k.id, e.term), words(span)));
                }
            }
        }
    }
    out
}

#[test]
fn spans_point_at_the_same_words_after_empty_leading_blocks() {
    let plain = spanned_words(&issue(0));
    assert!(
        plain
            .iter()
            .any(|(what, w)| what == "ready/open-questions" && w == "TBD"),
        "{plain:?}"
    );
    assert!(
        plain.iter().any(|(what, _)| what.starts_with("story/")),
        "a story rule points into the description: {plain:?}"
    );
    for empty in 1..=3 {
        assert_eq!(
            spanned_words(&issue(empty)),
            plain,
            "{empty} empty leading blocks"
        );
    }
}

#[test]
fn success_metric_spans_point_at_the_same_text_after_empty_leading_blocks() {
    let spanned = |issue: &Issue| -> Vec<String> {
        let text = field_text(issue, Field::Description);
        readylens::kpi::success_metrics(issue)
            .iter()
            .filter(|m| m.field == Some(Field::Description))
            .map(|m| {
                let span = m.span.expect("description metrics have spans");
                text.get(span.start..span.end)
                    .unwrap_or("<outside>")
                    .to_string()
            })
            .collect()
    };
    let plain = spanned(&issue(0));
    assert_eq!(
        plain,
        vec!["Reduce migration time from 3 days to 1 day by Q3.".to_string()],
        "the section, and no second metric for the target inside it"
    );
    for empty in 1..=3 {
        assert_eq!(
            spanned(&issue(empty)),
            plain,
            "{empty} empty leading blocks"
        );
    }
}
