//! `story/unique`: the same story is not in the backlog twice.
//!
//! ## What it does
//! Backlog-level. Compares the means of every pair of user stories by their stemmed
//! content words (word-set Jaccard similarity ≥ the `similarity`
//! option, default 0.85) and reports both stories of a pair, naming the other one. Identical
//! wording, near-identical wording ("the report" / "a report") and the same wish for a
//! different role are all reported. Roles are never compared on their own: two
//! different stories without a role are not duplicates of each other.
//!
//! ## Why it matters
//! Duplicates get estimated, prioritised and sometimes built twice, and they split the
//! discussion of one need across two places. (QUS *unique*.)
//!
//! ## Examples
//! ```text
//! fail: As a clerk, I want to export the report as CSV.
//!       As a clerk, I want to export a report as CSV.
//! pass: I want to export the report.   /   I want to delete my account.
//! ```

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/unique",
    category: Category::Story,
    summary: "The same story (or nearly the same) is not in the backlog twice",
    why: "Duplicates get estimated, prioritised and sometimes built twice, and split the discussion of one need across two places.",
    defaults,
    options: &["similarity"],
    check: Check::Backlog(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Warning)
}

fn name(cx: &Ctx, i: usize) -> String {
    if cx.issue.key.trim().is_empty() {
        format!("story #{}", i + 1)
    } else {
        cx.issue.key.clone()
    }
}

fn check(ctxs: &[Ctx]) -> Vec<(usize, Finding)> {
    let threshold = ctxs
        .first()
        .map(|c| c.options.unique_similarity)
        .unwrap_or(0.85);
    let stemmer = text::stemmer();
    // (issue index, stemmed means words, normalised role)
    let mut stories: Vec<(usize, Vec<String>, Option<String>)> = Vec::new();
    for (i, cx) in ctxs.iter().enumerate() {
        let Some(ls) = &cx.story else { continue };
        let Some(m) = ls.story.means else { continue };
        let mut stems = text::content_stems(&stemmer, ls.part(Some(m)));
        crate::rules::sort::sort(&mut stems);
        stems.dedup();
        if stems.is_empty() {
            continue;
        }
        let role = ls.story.role.map(|r| ls.part(Some(r)).to_lowercase());
        stories.push((i, stems, role));
    }
    // Inverted index: only pairs that share a word are compared.
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (si, (_, stems, _)) in stories.iter().enumerate() {
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for s in stems {
            if let Some(list) = postings.get(s.as_str()) {
                for &j in list {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        for (j, inter) in shared {
            let Some((_, other, _)) = stories.get(j) else {
                continue;
            };
            let union = stems.len() + other.len() - inter;
            if union > 0 && inter as f64 / union as f64 >= threshold {
                pairs.push((j, si));
            }
        }
        for s in stems {
            postings.entry(s.as_str()).or_default().push(si);
        }
    }
    let mut out = Vec::new();
    for (a, b) in pairs {
        let (Some(sa), Some(sb)) = (stories.get(a), stories.get(b)) else {
            continue;
        };
        for (me, other) in [(sa, sb), (sb, sa)] {
            let (Some(cx), Some(ocx)) = (ctxs.get(me.0), ctxs.get(other.0)) else {
                continue;
            };
            let Some(ls) = &cx.story else { continue };
            let same_role = me.2.is_some() && me.2 == other.2;
            let message = match (&me.2, &other.2) {
                (Some(_), Some(r)) if !same_role => format!(
                    "{} asks for the same thing for another role (\"{r}\").",
                    name(ocx, other.0)
                ),
                _ => format!("This story duplicates {}.", name(ocx, other.0)),
            };
            out.push((
                me.0,
                Finding {
                    message,
                    help: if same_role || me.2.is_none() || other.2.is_none() {
                        "Keep one of the two and close the other as a duplicate.".into()
                    } else {
                        "Merge them into one story naming both roles, or say what differs for each role.".into()
                    },
                    field: Some(ls.field),
                    span: ls.story.means.map(|m| ls.abs(m)),
                    ..Default::default()
                },
            ));
        }
    }
    crate::rules::sort::sort_by_key(&mut out, |(i, _)| *i);
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run_backlog, story};

    const ID: &str = "story/unique";

    #[test]
    fn duplicates_fail_on_both_sides() {
        let b = vec![
            story("As a clerk, I want to export the report as CSV."),
            story("As a clerk, I want to delete old reports."),
            story("As a clerk, I want to export a report as CSV, so that I can share it."),
        ];
        let d = run_backlog(ID, &b);
        let idx: Vec<usize> = d.iter().map(|x| x.0).collect();
        assert_eq!(idx, [0, 2]);
        let mut b2 = vec![
            story("As a clerk, I want to export the report as CSV."),
            story("As a manager, I want to export the report as CSV."),
        ];
        b2[1].key = "S-2".into();
        let d = run_backlog(ID, &b2);
        assert_eq!(d.len(), 2);
        assert!(
            d[0].1.message.contains("another role"),
            "{}",
            d[0].1.message
        );
    }

    #[test]
    fn different_role_less_stories_are_not_duplicates() {
        let b = vec![
            story("I want to export the report."),
            story("I want to delete my account."),
        ];
        assert!(run_backlog(ID, &b).is_empty());
        let b = vec![story("Fix the build"), story("Fix the build")];
        assert!(run_backlog(ID, &b).is_empty());
    }
}
