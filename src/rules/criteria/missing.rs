//! `criteria/missing`: the issue has no acceptance criteria.
//!
//! ## What it does
//! Reports an issue with no acceptance criteria anywhere: not in the tracker's field,
//! not under a criteria heading in the description, not as Gherkin scenarios, not as a
//! checklist. A "Definition of Done" section does not count (it is the team's general
//! checklist). Severity depends on the issue type: an error for stories (including any
//! issue written as a user story), a warning for features, info for improvements, and
//! off for bugs, tasks, sub-tasks, epics, spikes and issues of unknown type.
//!
//! ## Why it matters
//! Acceptance criteria are how the team and the product owner agree what "done" means
//! before work starts; without them scope is argued at review time.
//!
//! ## Examples
//! ```text
//! fail: Story "As a clerk, I want to print labels." with an empty description.
//! pass: the same story with "Acceptance criteria: - A label prints in under 5 s".
//! ```

use crate::diagnostic::{Field, Severity};
use crate::model::IssueKind;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/missing",
    category: Category::Criteria,
    summary: "Stories and features have acceptance criteria (severity by issue type)",
    why: "Acceptance criteria are how the team and the product owner agree what \"done\" means before work starts; without them scope is argued at review time.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    match kind {
        IssueKind::Story => Some(Severity::Error),
        IssueKind::Feature => Some(Severity::Warning),
        IssueKind::Improvement => Some(Severity::Info),
        _ => None,
    }
}

fn check(cx: &Ctx) -> Vec<Finding> {
    if !cx.criteria.is_empty() {
        return Vec::new();
    }
    let field = if cx.issue.acceptance_criteria.is_some() {
        Field::AcceptanceCriteria
    } else {
        Field::Description
    };
    let message = if cx.criteria.definition_of_done.is_empty() {
        "No acceptance criteria.".to_string()
    } else {
        "No acceptance criteria (there is a Definition of Done, but that is the team's general checklist, not this issue's criteria).".to_string()
    };
    vec![Finding {
        message,
        help: "Add an \"Acceptance criteria\" section: 3–7 observable outcomes a tester can check, e.g. \"Given …, when …, then …\" or a checklist.".into(),
        field: Some(field),
        span: None,
        ..Default::default()
    }]
}

#[cfg(test)]
mod tests {
    use crate::model::{Doc, IssueKind};
    use crate::rules::criteria::test_util::{run, story, with_ac};

    const ID: &str = "criteria/missing";

    #[test]
    fn stories_without_criteria_fail() {
        let d = run(ID, &story("As a clerk, I want to print labels."));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0.severity, crate::diagnostic::Severity::Error);
        let mut s = story("As a clerk, I want to print labels.");
        s.description = Doc::from_plain("Definition of Done:\n- reviewed");
        let d = run(ID, &s);
        assert!(d[0].0.message.contains("Definition of Done"));
        // An issue of unknown type written as a story counts as a story.
        let mut o = story("As a clerk, I want to print labels.");
        o.kind = IssueKind::Other;
        assert_eq!(run(ID, &o).len(), 1);
    }

    #[test]
    fn criteria_present_or_not_a_story_pass() {
        assert!(run(
            ID,
            &with_ac(
                "As a clerk, I want to print labels.",
                "A label prints in under 5 s"
            )
        )
        .is_empty());
        let mut s = story("As a clerk, I want to print labels.");
        s.description = Doc::from_plain(
            "Acceptance criteria:  * I can sort by date  * Sorting is disabled otherwise",
        );
        assert!(run(ID, &s).is_empty());
        for kind in [
            IssueKind::Bug,
            IssueKind::Task,
            IssueKind::Epic,
            IssueKind::Other,
        ] {
            let mut i = story("Mesos slave should cache executors");
            i.kind = kind;
            assert!(run(ID, &i).is_empty(), "{kind:?}");
        }
    }
}
