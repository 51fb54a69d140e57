//! `criteria/unbounded-negative`: an absolute promise with no bound.
//!
//! ## What it does
//! Reports "never", "always", "at all times", "under no circumstances", "100%", "zero
//! downtime", "no errors", "without any failures" and "all browsers/devices/cases" in
//! a criterion that gives no bound: no condition ("when", "if", "unless"), no period or
//! scope ("within", "during", "per", "up to", "except") and no number. Gherkin steps
//! are bounded by their scenario and are not reported.
//!
//! ## Why it matters
//! "The system never fails" cannot be tested (no test proves a never) and is never
//! true; a bound turns it into a checkable promise, e.g. "99.9% of requests succeed
//! per month".
//!
//! ## Examples
//! ```text
//! fail: The import never fails.
//! fail: The page works on all browsers.
//! pass: The import of files up to 50 MB succeeds.
//! pass: No error is shown when the form is valid.
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text::cached_regex;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/unbounded-negative",
    category: Category::Criteria,
    summary: "Criteria bound their absolutes (never fails, always, 100%, all browsers)",
    why: "No test can prove a \"never\" and it is never true; a bound (a condition, a period, a number) turns it into a promise a tester can check.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Info)
}

fn absolute() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    cached_regex(
        &RE,
        r"(?i)\b(?:never|always|at\s+all\s+times|under\s+(?:no|any|all)\s+circumstances|zero\s+(?:downtime|errors?|bugs?|defects?|data\s+loss|failures?)|no\s+(?:downtime|errors|bugs|defects|crashes|failures|data\s+loss)|without\s+(?:any\s+)?(?:errors?|failures?|downtime|interruptions?|data\s+loss|crash(?:es)?)|(?:on|in|for)\s+all\s+(?:browsers|devices|platforms|cases|scenarios|edge\s+cases))\b|\b100\s*%",
    )
}

fn bound() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    cached_regex(
        &RE,
        r"(?i)\b(?:within|during|when|whenever|if|unless|while|after|before|until|per|up\s+to|at\s+least|at\s+most|less\s+than|more\s+than|between|except|once|for\s+(?:a|an|each|every|the\s+(?:first|last))|on\s+(?:chrome|firefox|safari|edge)|listed|supported)\b|\d",
    )
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let (Some(abs), Some(bnd)) = (absolute(), bound()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        if c.step.is_some() {
            continue;
        }
        for m in abs.find_iter(&c.text) {
            let outside = format!(
                "{} {}",
                c.text.get(..m.start()).unwrap_or(""),
                c.text.get(m.end()..).unwrap_or("")
            );
            if bnd.is_match(&outside) {
                continue;
            }
            out.push(super::finding(c, m.start(), m.end(), format!("\"{}\" is an absolute with no bound: it cannot be tested.", m.as_str()), "Bound it: under which conditions, for how long, for what share (e.g. \"99.9% of imports per month succeed\"), on which browsers."));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/unbounded-negative";

    #[test]
    fn unbounded_absolutes_fail() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- The import never fails\n- The page works on all browsers\n- 100% uptime",
            ),
        );
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["never", "on all browsers", "100%"]);
    }

    #[test]
    fn bounded_statements_pass() {
        let ac = "- The import of files up to 50 MB never fails\n- No error is shown when the form is valid\n- Given a cart\nWhen I pay\nThen no errors are shown";
        assert!(run(ID, &with_ac("As a user, I want x.", ac)).is_empty());
    }
}
