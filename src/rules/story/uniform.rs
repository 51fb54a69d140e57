//! `story/uniform`: stories in a backlog follow the same template.
//!
//! ## What it does
//! Backlog-level. Among the user stories of a backlog (at least
//! the `min_stories` option, default 5), finds the dominant means indicator
//! ("I want", "I need", "I can", "I would like"…) and ends indicator ("so that", "so",
//! "in order to"). When one form is used by at least 60% of the stories, stories that
//! use another form are reported, with the dominant form as the fix.
//!
//! ## Why it matters
//! A uniform template lets readers scan a backlog and find role, goal and benefit at
//! a glance, and makes differences in meaning ("need" vs "want") deliberate instead of
//! accidental. (QUS *uniform*.)
//!
//! ## Examples
//! ```text
//! backlog: five stories "As a …, I want to …, so that …" and one
//! fail:    As a clerk, I need to print labels, so that parcels ship.
//! pass:    As a clerk, I want to print labels, so that parcels ship.
//! ```

use std::collections::BTreeMap;

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::story_parse::StoryForm;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/uniform",
    category: Category::Story,
    summary: "Stories follow the backlog's dominant template (I want … so that …)",
    why: "A uniform template lets readers find role, goal and benefit at a glance and makes wording differences deliberate, not accidental.",
    defaults,
    options: &["min_stories"],
    check: Check::Backlog(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

/// "I'd like to" → "i would like"; "We also want" → "i want".
fn normalise_means(s: &str) -> String {
    let lower = s.to_lowercase().replace(['’'], "'").replace("'d", " would");
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "also" | "only" | "just" | "really" | "then" | "still" | "now" | "always"
            )
        })
        .map(|w| if w == "we" { "i" } else { w })
        .collect();
    let mut v = words;
    if v.last() == Some(&"to") {
        v.pop();
    }
    v.join(" ")
}

fn normalise_ends(s: &str) -> String {
    let lower = s.to_lowercase();
    let v: Vec<&str> = lower.split_whitespace().collect();
    match v.as_slice() {
        ["so", "that", ..] => "so that".into(),
        _ => v.join(" "),
    }
}

/// The dominant value when it has at least 60% of `values` and there are enough.
fn dominant(values: &[String], min: usize) -> Option<(String, usize)> {
    if values.len() < min.max(2) {
        return None;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let (best, n) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    (*n * 10 >= values.len() * 6).then(|| (best.to_string(), *n))
}

fn display_means(norm: &str, had_to: bool) -> String {
    let mut s = norm.replacen("i ", "I ", 1);
    if s == "i" {
        s = "I".into();
    }
    if had_to {
        s.push_str(" to");
    }
    s
}

fn check(ctxs: &[Ctx]) -> Vec<(usize, Finding)> {
    let min = ctxs
        .first()
        .map(|c| c.options.uniform_min_stories)
        .unwrap_or(5);
    let mut means: Vec<(usize, Span, String, bool)> = Vec::new();
    let mut ends: Vec<(usize, Span, String)> = Vec::new();
    for (i, cx) in ctxs.iter().enumerate() {
        let Some(ls) = &cx.story else { continue };
        // Only full templates (with a role) are compared; "I don't want" differs in
        // meaning, not in template.
        if ls.story.form != StoryForm::User || ls.story.role.is_none() {
            continue;
        }
        if let Some(m) = ls.story.means_indicator {
            let t = ls.part(Some(m));
            let lower = t.to_lowercase();
            if lower.contains("not") || lower.contains("n't") || lower.contains("dont") {
                continue;
            }
            let had_to = t.to_lowercase().trim_end().ends_with(" to");
            means.push((i, ls.abs(m), normalise_means(t), had_to));
        }
        if let Some(e) = ls.story.ends_indicator {
            ends.push((i, ls.abs(e), normalise_ends(ls.part(Some(e)))));
        }
    }
    let mut out = Vec::new();
    let total_means = means.len();
    let mvals: Vec<String> = means.iter().map(|m| m.2.clone()).collect();
    if let Some((dom, n)) = dominant(&mvals, min) {
        for (i, span, v, had_to) in &means {
            if *v != dom {
                let Some(cx) = ctxs.get(*i) else { continue };
                let Some(ls) = &cx.story else { continue };
                out.push((
                    *i,
                    Finding {
                        message: format!(
                            "Uses \"{}\" where {n} of {total_means} stories in this backlog use \"{}\".",
                            cx.slice(ls.field, *span),
                            display_means(&dom, false)
                        ),
                        help: format!("Write \"{}\" like the rest of the backlog, unless the difference is deliberate.", display_means(&dom, *had_to)),
                        field: Some(ls.field),
                        span: Some(*span),
                        suggestion: Some(display_means(&dom, *had_to)),
                        ..Default::default()
                    },
                ));
            }
        }
    }
    let total_ends = ends.len();
    let evals: Vec<String> = ends.iter().map(|e| e.2.clone()).collect();
    if let Some((dom, n)) = dominant(&evals, min) {
        for (i, span, v) in &ends {
            if *v != dom {
                let Some(cx) = ctxs.get(*i) else { continue };
                let Some(ls) = &cx.story else { continue };
                out.push((
                    *i,
                    Finding {
                        message: format!(
                            "Uses \"{}\" where {n} of {total_ends} stories in this backlog use \"{dom}\".",
                            cx.slice(ls.field, *span)
                        ),
                        help: format!("Write \"{dom}\" like the rest of the backlog."),
                        field: Some(ls.field),
                        span: Some(*span),
                        suggestion: (dom == "so that" && v == "so").then(|| dom.clone()),
                        ..Default::default()
                    },
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run_backlog, story};

    const ID: &str = "story/uniform";

    fn backlog(odd: &str) -> Vec<crate::model::Issue> {
        let mut v: Vec<_> = [
            "As a clerk, I want to print labels, so that parcels ship.",
            "As a clerk, I want to scan parcels, so that stock is right.",
            "As a buyer, I want to track my parcel, so that I can plan.",
            "As a buyer, I want to cancel an order, so that I get a refund.",
            "As an admin, I want to add clerks, so that they can work.",
        ]
        .iter()
        .map(|t| story(t))
        .collect();
        v.push(story(odd));
        v
    }

    #[test]
    fn deviating_indicator_fails_with_fix() {
        let d = run_backlog(
            ID,
            &backlog("As a clerk, I need to weigh parcels, so that postage is right."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, 5);
        assert_eq!(d[0].2, "I need to");
        assert_eq!(d[0].1.suggestion.as_deref(), Some("I want to"));
        let d = run_backlog(
            ID,
            &backlog("As a clerk, I want to weigh parcels, in order to charge postage."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].2, "in order to");
    }

    #[test]
    fn uniform_or_small_backlogs_pass() {
        assert!(run_backlog(
            ID,
            &backlog("As a clerk, I want to weigh parcels, so that postage is right.")
        )
        .is_empty());
        assert!(run_backlog(
            ID,
            &backlog("As a clerk, we'd like to weigh parcels, so that postage is right.")
        )
        .iter()
        .all(|d| d.2 != "As a clerk"));
        let few = vec![
            story("As a a, I want x, so that y."),
            story("As a b, I need z, so that w."),
        ];
        assert!(run_backlog(ID, &few).is_empty());
    }
}
