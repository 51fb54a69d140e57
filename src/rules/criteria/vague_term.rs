//! `criteria/vague-term`: a criterion uses a subjective or unmeasurable term.
//!
//! ## What it does
//! Finds terms of the maintained vague-term lexicon in every criterion (and Gherkin
//! step): speed ("fast", "as soon as possible"), usability ("user-friendly",
//! "intuitive", "easy"), quality without a measure ("robust", "appropriate",
//! "reliable"), amounts without numbers ("several", "a lot of"), comparatives without a
//! reference ("better", "faster") and loopholes ("if possible", "as needed"). Matching
//! is by word stem and multi-word aware; teams extend or trim the list with
//! the rule's `terms` and `allow` options (`"criteria/vague-term": {"terms": ["snappy"], "allow": ["secure"]}`).
//!
//! ## Why it matters
//! A criterion is a test. "The page loads fast" passes for the developer and fails
//! for the customer; a number ends the argument before it starts.
//!
//! ## Examples
//! ```text
//! fail: The search is fast and user-friendly.
//! pass: Search results appear within 2 seconds for 95% of queries.
//! ```

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/vague-term",
    category: Category::Criteria,
    summary: "Criteria avoid vague terms (fast, user-friendly, intuitive, appropriate, robust, easy, ASAP …)",
    why: "A criterion is a test: \"fast\" passes for the developer and fails for the customer; a number ends the argument before it starts.",
    defaults,
    options: &["terms", "allow"],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Warning)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        for h in cx.lexicon.find(&c.text) {
            let Some((_, kind)) = cx.lexicon.entry(h.entry) else {
                continue;
            };
            let word = c.text.get(h.start..h.end).unwrap_or("");
            out.push(Finding {
                message: format!("\"{word}\" is not measurable."),
                help: format!(
                    "Rewrite the criterion so a tester can check it: {}.",
                    kind.advice()
                ),
                field: Some(c.field),
                span: Some(super::at(c, h.start, h.end)),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/vague-term";

    #[test]
    fn vague_terms_fail_with_spans() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want search.",
                "- The search is fast and user-friendly\n- Results load as soon as possible",
            ),
        );
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["fast", "user-friendly", "as soon as possible"]);
    }

    #[test]
    fn measurable_criteria_pass() {
        assert!(run(
            ID,
            &with_ac(
                "As a user, I want search.",
                "- Search results appear within 2 seconds for 95% of queries\n- I can sort by date"
            )
        )
        .is_empty());
    }
}
