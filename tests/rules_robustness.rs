//! The core runs inside WASM: no input may panic, every span must be a valid range on
//! char boundaries of its field's text, and the output must be deterministic.

use readylens::diagnostic::field_text;
use readylens::model::{Block, Doc, Issue, IssueKind};
use readylens::rules::{check_all, check_backlog, check_issue, RulesConfig};

const ODD: &[&str] = &[
    "",
    " ",
    "As",
    "As a",
    "As a ,",
    "As a/an , I want",
    "I want",
    "I want to",
    "so that",
    "When , I want to , so I can",
    "As a 🚀 user, I want 🚀 and 🚀, so that 🚀.",
    "As a ユーザー, I want 検索 and 並べ替え, so that 早く (速い) etc.",
    "Als Nutzer möchte ich Berichte exportieren, damit ich sie teile.",
    "As a user, I want ((( [[[ so that ))) ]]]",
    "As a user, I want x.  .  .  I want y???",
    "Acceptance criteria:",
    "Acceptance criteria: * * * # # # - - -",
    "AC: Given When Then And But",
    "Given\nWhen\nThen\nAnd\nBut\nScenario:\nScenario: x",
    "Scenario: é\nGiven é, when é, then é",
    "- [ ] \n- [x]\n- [ ] é",
    "TBD ??? TODO etc... …",
    "e.g. i.e. such as like including",
    "the the the the",
    "é\u{301}\u{200d}\u{feff}",
];

fn issue(title: &str, desc: &str, ac: Option<&str>, kind: IssueKind) -> Issue {
    Issue {
        key: "X-1".into(),
        kind,
        title: title.into(),
        description: Doc::from_plain(desc),
        acceptance_criteria: ac.map(Doc::from_plain),
        ..Default::default()
    }
}

fn check_spans(i: &Issue, ds: &[readylens::diagnostic::Diagnostic]) {
    for d in ds {
        if let Some(s) = d.span {
            let t = field_text(i, d.field.expect("span without field"));
            assert!(s.start <= s.end && s.end <= t.len(), "{d:?} in {t:?}");
            assert!(
                t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
                "{d:?} in {t:?}"
            );
        }
    }
}

#[test]
fn odd_inputs_never_panic_and_spans_stay_in_bounds() {
    let cfg = RulesConfig::default();
    for a in ODD {
        for b in ODD {
            for kind in [IssueKind::Story, IssueKind::Other] {
                let i = issue(a, b, Some(b), kind);
                check_spans(&i, &check_issue(&i, &cfg));
                let j = issue(b, a, None, kind);
                check_spans(&j, &check_issue(&j, &cfg));
            }
        }
    }
    let backlog: Vec<Issue> = ODD
        .iter()
        .map(|t| issue(t, t, Some(t), IssueKind::Story))
        .collect();
    let _ = check_backlog(&backlog, &cfg);
}

#[test]
fn structured_docs_with_every_block_kind() {
    let doc = Doc {
        blocks: vec![
            Block::Heading {
                level: 2,
                text: "Acceptance Criteria".into(),
            },
            Block::ListItem {
                ordered: true,
                depth: 0,
                checked: None,
                text: "The export is fast etc.".into(),
            },
            Block::ListItem {
                ordered: false,
                depth: 1,
                checked: Some(true),
                text: "TBD".into(),
            },
            Block::Code {
                lang: Some("gherkin".into()),
                text: "Given a user\nWhen she logs in".into(),
            },
            Block::Table {
                rows: vec![
                    vec!["#".into(), "criterion".into()],
                    vec!["1".into(), "Login works as expected".into()],
                ],
            },
            Block::Quote {
                text: "The page should load".into(),
            },
            Block::Rule,
            Block::Heading {
                level: 2,
                text: "Definition of Done".into(),
            },
            Block::ListItem {
                ordered: false,
                depth: 0,
                checked: Some(false),
                text: "Reviewed".into(),
            },
        ],
    };
    let i = Issue {
        kind: IssueKind::Story,
        title: "As a clerk, I want to export reports.".into(),
        description: doc.clone(),
        acceptance_criteria: Some(doc),
        ..Default::default()
    };
    let ds = check_issue(&i, &RulesConfig::default());
    check_spans(&i, &ds);
    let rules: Vec<&str> = ds.iter().map(|d| d.rule.as_str()).collect();
    for r in [
        "criteria/vague-term",
        "criteria/open-ended",
        "criteria/placeholder",
        "criteria/gherkin-incomplete",
        "criteria/untestable",
        "criteria/weak-modal",
    ] {
        assert!(rules.contains(&r), "{r} missing from {rules:?}");
    }
}

#[test]
fn output_is_deterministic() {
    let backlog: Vec<Issue> = [
        "As a clerk, I want to add and delete parcels, so that stock is right.",
        "As a clerk, I need to print labels (PDF), so parcels ship fast.",
        "As a clerk, I want to add and delete parcels, so that stock is right.",
        "As a buyer, I want to track my parcel, so that I can plan.",
        "As a buyer, I want to cancel an order, so that I get a refund.",
        "As an admin, I want to add clerks, so that they can work.",
    ]
    .iter()
    .map(|t| {
        issue(
            t,
            "",
            Some("- The label is printed quickly etc.\n- TBD"),
            IssueKind::Story,
        )
    })
    .collect();
    let cfg = RulesConfig::default();
    let a = serde_json::to_string(&check_all(&backlog, &cfg)).unwrap();
    let b = serde_json::to_string(&check_all(&backlog, &cfg)).unwrap();
    assert_eq!(a, b);
    let c = serde_json::to_string(&check_backlog(&backlog, &cfg)).unwrap();
    assert_eq!(
        c,
        serde_json::to_string(&check_backlog(&backlog, &cfg)).unwrap()
    );
}
