//! `criteria/duplicate`: the same criterion twice in one issue.
//!
//! ## What it does
//! Compares the criteria of an issue (list items, lines and whole Gherkin scenarios)
//! by their stemmed content words and reports a criterion identical or nearly
//! identical (word-set similarity ≥ 0.9) to an earlier one.
//!
//! ## Why it matters
//! A repeated criterion is usually a copy-paste slip hiding the criterion that was
//! meant to be there, and it inflates the apparent size of the story.
//!
//! ## Examples
//! ```text
//! fail: - The report is exported as CSV
//!       - The reports are exported as CSV
//! pass: - The report is exported as CSV
//!       - The report is exported as PDF
//! ```

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/duplicate",
    category: Category::Criteria,
    summary: "No criterion is repeated within an issue",
    why: "A repeated criterion is usually a copy-paste slip hiding the criterion that was meant, and it inflates the apparent size of the story.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Warning)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let stemmer = text::stemmer();
    let units = cx.criteria.units();
    let mut seen: Vec<(Vec<String>, String)> = Vec::new();
    let mut out = Vec::new();
    for (field, span) in units {
        let t = cx.slice(field, span);
        let mut stems = text::content_stems(&stemmer, t);
        crate::rules::sort::sort(&mut stems);
        stems.dedup();
        let exact: String = t
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if exact.is_empty() {
            continue;
        }
        let dup = seen.iter().find(|(s, e)| {
            *e == exact || (stems.len() >= 2 && s.len() >= 2 && text::jaccard(s, &stems) >= 0.9)
        });
        if let Some((_, _)) = dup {
            out.push(Finding {
                message: "This criterion repeats an earlier one.".into(),
                help: "Remove the repetition, or make it say what was really meant.".into(),
                field: Some(field),
                span: Some(span),
                ..Default::default()
            });
        } else {
            seen.push((stems, exact));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/duplicate";

    #[test]
    fn repeats_fail() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- The report is exported as CSV\n- The reports are exported as CSV",
            ),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "The reports are exported as CSV");
    }

    #[test]
    fn different_criteria_pass() {
        assert!(run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- The report is exported as CSV\n- The report is exported as PDF"
            )
        )
        .is_empty());
    }
}
