//! `criteria/untestable`: a criterion with no observable outcome.
//!
//! ## What it does
//! Reports criteria that only restate that something works ("works as expected",
//! "functions correctly", "is implemented", "is done"), judge feelings ("the user is
//! happy", "looks good"), or are a bare label of one or two words ("Performance",
//! "Refresh button") with no outcome at all. Checklist items found outside a criteria
//! section are not judged as bare labels (they are often tasks).
//!
//! ## Why it matters
//! A tester needs something to observe: a value shown, a message, a state change, a
//! number. "Works as expected" restates the goal and hides the expectation.
//!
//! ## Examples
//! ```text
//! fail: Login works as expected.
//! fail: Performance
//! pass: After 3 wrong passwords the account is locked for 15 minutes.
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::criteria_extract::CriteriaSource;
use crate::rules::text;
use crate::rules::text::cached_regex;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/untestable",
    category: Category::Criteria,
    summary: "Each criterion names an observable outcome (not \"works as expected\")",
    why: "A tester needs something to observe (a value, a message, a state change, a number); \"works as expected\" restates the goal and hides the expectation.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Warning)
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    cached_regex(
        &RE,
        r"(?i)\b(?:(?:works?|working|functions?|functioning|behaves?|performs?|runs?)\s+(?:as\s+(?:expected|intended|designed|before)|correctly|properly|fine|well|ok|okay|normally|smoothly)|as\s+(?:expected|intended)|(?:users?|customers?|stakeholders?|clients?|product\s+owner|po)\s+(?:is|are|feels?|will\s+be|should\s+be)\s+(?:happy|satisfied|pleased|delighted|comfortable)|looks?\s+(?:good|nice|great|fine|ok|okay|better|professional)|(?:is|are|be)\s+(?:working|functional|done|complete|completed|finished|implemented)\s*[.!]?\s*$|(?:everything|it|all)\s+(?:works|is\s+working))",
    )
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let re = pattern();
    for c in &cx.criteria.items {
        if let Some(m) = re.and_then(|r| r.find(&c.text)) {
            let (s, e) = text::trim_span_punct(&c.text, m.start(), m.end());
            out.push(super::finding(c, s, e, format!("\"{}\" names no observable outcome.", c.text.get(s..e).unwrap_or("")), "Say what a tester sees or measures: the value shown, the message, the state afterwards, a number."));
            continue;
        }
        let words = text::words(&c.text);
        let bare = c.step.is_none()
            && c.source != CriteriaSource::Checklist
            && words.len() <= 2
            && !words.is_empty()
            && !c.text.chars().any(|ch| ch.is_ascii_digit())
            && !c.text.contains(['"', '\'', '=', '<', '>']);
        if bare {
            out.push(Finding {
                message: format!("\"{}\" is a label, not a criterion: what must be true?", c.text.trim()),
                help: "Write the outcome as a sentence a tester can check, e.g. \"The list refreshes within 1 s after pressing Refresh\".".into(),
                field: Some(c.field),
                span: Some(c.span),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Doc;
    use crate::rules::criteria::test_util::{run, story, with_ac};

    const ID: &str = "criteria/untestable";

    #[test]
    fn no_outcome_fails() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- Login works as expected\n- Performance\n- The customer is happy with the layout",
            ),
        );
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["works as expected", "Performance", "customer is happy"]);
    }

    #[test]
    fn observable_outcomes_and_task_checklists_pass() {
        assert!(run(ID, &with_ac("As a user, I want x.", "- After 3 wrong passwords the account is locked for 15 minutes\n- Refresh button refreshes the object list")).is_empty());
        let mut s = story("As a user, I want x.");
        s.description = Doc::from_plain("- [ ] Unit tests\n- [x] Docs");
        assert!(run(ID, &s).is_empty());
    }
}
