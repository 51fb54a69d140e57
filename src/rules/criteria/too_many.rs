//! `criteria/too-many`: so many criteria that the story is probably too big.
//!
//! ## What it does
//! Counts the separate criteria (list items, lines, and one per Gherkin scenario) and
//! reports the issue when there are more than the `max` option (default 10: `"criteria/too-many": {"max": 8}`).
//!
//! ## Why it matters
//! A long list of criteria usually means several stories in one: it will not fit a
//! sprint, is hard to estimate, and delivers nothing until the last criterion passes.
//!
//! ## Examples
//! ```text
//! fail: a story with 14 acceptance criteria
//! pass: a story with 5 acceptance criteria
//! ```

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/too-many",
    category: Category::Criteria,
    summary: "A story with more criteria than the team's limit (default 10) should be split",
    why: "A long list of criteria usually hides several stories: hard to estimate, unlikely to fit a sprint, and nothing ships until the last one passes.",
    defaults,
    options: &["max"],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    match kind {
        IssueKind::Epic => None,
        k => super::everywhere(k, Severity::Warning),
    }
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let n = cx.criteria.count();
    let max = cx.options.max_criteria;
    if n <= max {
        return Vec::new();
    }
    let (field, span) = match cx.criteria.headings.first() {
        Some((f, s)) => (Some(*f), Some(*s)),
        None => (cx.criteria.items.first().map(|c| c.field), None),
    };
    vec![Finding {
        message: format!("{n} acceptance criteria (the team's limit is {max}): this is probably more than one story."),
        help: "Split the story along its criteria, e.g. by workflow step, data variation or business rule, so each part can ship on its own.".into(),
        field,
        span,
        ..Default::default()
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/too-many";

    fn list(n: usize) -> String {
        (1..=n)
            .map(|i| format!("- Report {i} is exported as CSV"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn long_lists_fail_short_pass() {
        assert_eq!(
            run(ID, &with_ac("As a user, I want x.", &list(11))).len(),
            1
        );
        assert!(run(ID, &with_ac("As a user, I want x.", &list(10))).is_empty());
    }
}
