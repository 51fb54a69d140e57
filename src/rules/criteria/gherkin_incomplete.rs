//! `criteria/gherkin-incomplete`: a Gherkin scenario misses a part.
//!
//! ## What it does
//! Checks every scenario (`Scenario:` blocks, Given/When/Then lines, or one-line
//! "Given …, when …, then …") for a `Then` (the observable outcome) and a `When` (the
//! action), and reports a scenario with a title but no steps.
//!
//! ## Why it matters
//! A scenario without `Then` checks nothing; one without `When` does not say what the
//! user does, so the test cannot be written from it.
//!
//! ## Examples
//! ```text
//! fail: Given a registered user / When she signs in           (no Then)
//! fail: Given a cart with items / Then the total is shown     (no When)
//! pass: Given a registered user / When she signs in / Then the dashboard is shown
//! ```

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::criteria_extract::StepKeyword;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/gherkin-incomplete",
    category: Category::Criteria,
    summary: "Gherkin scenarios have a When (action) and a Then (outcome)",
    why: "A scenario without Then checks nothing; one without When does not say what the user does, so no test can be written from it.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Warning)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for sc in &cx.criteria.scenarios {
        let effs: Vec<StepKeyword> = sc
            .steps
            .iter()
            .filter_map(|&i| cx.criteria.items.get(i).and_then(|c| c.step.map(|s| s.2)))
            .collect();
        let has = |k: StepKeyword| effs.contains(&k);
        let (message, help) = if effs.is_empty() {
            (
                "The scenario has no steps.",
                "Add Given / When / Then steps, or remove the empty scenario.",
            )
        } else if !has(StepKeyword::Then) {
            (
                "The scenario has no Then: nothing is checked.",
                "Add \"Then <observable outcome>\".",
            )
        } else if !has(StepKeyword::When) {
            (
                "The scenario has no When: what does the user do?",
                "Add \"When <action>\" between the Given and the Then.",
            )
        } else {
            continue;
        };
        out.push(Finding {
            message: message.into(),
            help: help.into(),
            field: Some(sc.field),
            span: Some(sc.span),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/gherkin-incomplete";

    #[test]
    fn incomplete_scenarios_fail() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want to sign in.",
                "Given a registered user\nWhen she signs in",
            ),
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].0.message.contains("no Then"));
        assert_eq!(d[0].1, "Given a registered user\nWhen she signs in");
        let d = run(
            ID,
            &with_ac(
                "As a user, I want a total.",
                "Given a cart with items\nThen the total is shown",
            ),
        );
        assert!(d[0].0.message.contains("no When"));
        let d = run(
            ID,
            &with_ac("As a user, I want a total.", "Scenario: empty"),
        );
        assert!(d[0].0.message.contains("no steps"));
    }

    #[test]
    fn complete_scenarios_pass() {
        let ac = "Scenario: sign in\nGiven a registered user\nWhen she signs in\nThen the dashboard is shown\nAnd a welcome appears\nGiven I am on the cart, when I pay, then I see a receipt";
        assert!(run(ID, &with_ac("As a user, I want to sign in.", ac)).is_empty());
    }
}
