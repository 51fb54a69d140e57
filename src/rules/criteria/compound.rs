//! `criteria/compound`: several independent outcomes in one criterion.
//!
//! ## What it does
//! Splits a criterion at "and", ";", "as well as" and sentence ends, and reports it
//! when two or more of the parts are clauses of their own (a subject and a verb such as
//! "is", "must", "shows", "sends"). A shared subject ("the order is saved and shown")
//! or a compound object ("name and version are visible") is one outcome. A leading
//! condition ("If …, then …", "When …,") is not counted as an outcome.
//!
//! ## Why it matters
//! One criterion, one check: when a compound criterion half fails, nobody can tell from
//! the list what passed, and the pieces are easily forgotten.
//!
//! ## Examples
//! ```text
//! fail: The order is saved and a confirmation email is sent.
//! pass: The order is saved and shown in the order list.
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::text::{self, cached_regex};
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/compound",
    category: Category::Criteria,
    summary: "One criterion, one outcome (split \"X is saved and an email is sent\")",
    why: "When a compound criterion half fails, nobody can tell from the list what passed, and the pieces are easily forgotten.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Info)
}

fn verb() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    cached_regex(
        &RE,
        r"(?i)\b(?:is|are|was|were|must|shall|should|will|can|cannot|can't|does|gets?|shows?|displays?|appears?|contains?|receives?|returns?|sends?|opens?|closes?|redirects?|updates?|saves?|becomes?|remains?|stays?|includes?|allows?|prevents?|creates?|deletes?|sees?|has|have)\b",
    )
}

fn splitter() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    cached_regex(&RE, r"(?i)(?:,?\s+and\s+|\s*;\s*|\s+as\s+well\s+as\s+)")
}

/// Whether `part` is a clause: a verb with at least one word before it.
fn is_clause(part: &str) -> bool {
    let Some(v) = verb() else { return false };
    v.find_iter(part)
        .any(|m| !text::words(part.get(..m.start()).unwrap_or("")).is_empty())
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(split) = splitter() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        let t = c.text.as_str();
        // Skip a leading condition: "If …, " / "When …, " / "Given …" steps.
        let mut from = 0;
        let lower = t.to_ascii_lowercase();
        if [
            "if ", "when ", "once ", "after ", "before ", "while ", "unless ", "given ",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
        {
            match lower
                .find(", then ")
                .map(|p| p + 7)
                .or_else(|| lower.find(", ").map(|p| p + 2))
            {
                Some(p) => from = p,
                None => continue,
            }
        }
        let body = t.get(from..).unwrap_or("");
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut joins: Vec<Span> = Vec::new();
        let mut last = 0;
        for m in split.find_iter(body) {
            parts.push((last, m.start()));
            joins.push(Span::new(m.start(), m.end()));
            last = m.end();
        }
        parts.push((last, body.len()));
        // Sentence ends also separate outcomes.
        let mut sentences = 0;
        let mut s0 = 0;
        while let Some(e) = text::sentence_end(body, s0) {
            if e >= body.len() {
                break;
            }
            if e == s0 {
                // A line break right where the sentence starts (a continuation line):
                // step over it, or the loop never advances. `sentence_end` returns
                // `from` only at a '\n', so `s0 + 1` is a character boundary.
                s0 += 1;
                continue;
            }
            if is_clause(body.get(s0..e).unwrap_or("")) {
                sentences += 1;
            }
            s0 = e;
        }
        let clauses: Vec<bool> = parts
            .iter()
            .map(|(a, b)| is_clause(body.get(*a..*b).unwrap_or("")))
            .collect();
        let n = clauses.iter().filter(|x| **x).count();
        if n >= 2 || sentences >= 1 && is_clause(body.get(s0..).unwrap_or("")) {
            // Point at the first join between two clauses, else the whole criterion.
            let span = clauses
                .windows(2)
                .position(|w| w == [true, true])
                .and_then(|i| joins.get(i))
                .map(|j| {
                    let (a, b) = text::trim_span(body, j.start, j.end);
                    super::at(c, from + a, from + b)
                })
                .unwrap_or(c.span);
            out.push(Finding {
                message: "This criterion checks several outcomes at once.".into(),
                help:
                    "Split it into one criterion per outcome (in Gherkin: one Then plus And steps)."
                        .into(),
                field: Some(c.field),
                span: Some(span),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/compound";

    #[test]
    fn several_outcomes_fail() {
        let d = run(ID, &with_ac("As a user, I want x.", "- The order is saved and a confirmation email is sent\n- The total is shown. The tax is listed."));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].1, "and");
    }

    #[test]
    fn single_outcomes_pass() {
        let ac = "- The order is saved and shown in the order list\n- Server name and version should be visible in header\n- If the user is an admin and the flag is on, then the menu is shown";
        assert!(run(ID, &with_ac("As a user, I want x.", ac)).is_empty());
    }
}
