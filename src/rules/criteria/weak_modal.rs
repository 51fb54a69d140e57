//! `criteria/weak-modal`: "may", "might", "could", "should" where a requirement is meant.
//!
//! ## What it does
//! Reports weak modal verbs and optional wording ("may", "might", "could", "should",
//! "ought to", "would be nice", "ideally", "preferably", "optionally") in criteria.
//! Not reported: "should" in a Gherkin `Then` step (the usual "Then I should see …"
//! idiom), modals in a benefit clause ("so that I can / could …"), "should" opening a
//! condition ("Should the upload fail, …") and the month of May.
//!
//! ## Why it matters
//! "The export should include totals" leaves open whether a missing total fails the
//! story. Criteria are facts about the finished product: "the export includes totals".
//!
//! ## Examples
//! ```text
//! fail: The export should include totals.
//! fail: Users may filter by date.
//! pass: The export includes totals.
//! pass: Then I should see the receipt
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/weak-modal",
    category: Category::Criteria,
    summary: "Criteria state facts, not may/might/could/should",
    why: "\"Should include totals\" leaves open whether a missing total fails the story; criteria are facts about the finished product.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    super::everywhere(kind, Severity::Info)
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    text::cached_regex(
        &RE,
        r"(?i)\b(?:may|might|could|should|ought\s+to|would\s+be\s+nice|ideally|preferably|optionally)\b",
    )
}

fn in_benefit_clause(before: &str) -> bool {
    let words = text::words(before);
    let n = words.len();
    let tail: Vec<&str> = words
        .iter()
        .skip(n.saturating_sub(4))
        .map(|w| w.lower.as_str())
        .collect();
    tail.contains(&"so") || tail.windows(2).any(|w| w == ["order", "that"])
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(re) = pattern() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        for m in re.find_iter(&c.text) {
            let word = m.as_str();
            let lower = word.to_ascii_lowercase();
            let before = c.text.get(..m.start()).unwrap_or("");
            let after = c.text.get(m.end()..).unwrap_or("").trim_start();
            if lower == "should" && super::is_then_step(c) {
                continue;
            }
            if in_benefit_clause(before) {
                continue;
            }
            if lower == "should" && before.trim().is_empty() && c.text.contains(',') {
                continue;
            }
            if word == "May"
                && (after.starts_with(|ch: char| ch.is_ascii_digit())
                    || before.trim_end().ends_with(|ch: char| ch.is_ascii_digit()))
            {
                continue;
            }
            out.push(super::finding(c, m.start(), m.end(), format!("\"{word}\" makes the criterion optional or unclear."), "State it as a fact about the finished product (\"the export includes totals\"); if it is really optional, move it out of the criteria."));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/weak-modal";

    #[test]
    fn weak_modals_fail() {
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-5383 (Choetkiertikul et al. 2018)
        let d = run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- Server name and version should be visible in header\n- Users may filter by date",
            ),
        );
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["should", "may"]);
    }

    #[test]
    fn idioms_benefits_and_months_pass() {
        let ac = "Given a cart\nWhen I pay\nThen I should see a receipt\n- The report is emailed, so that I can read it offline\n- Should the upload fail, an error is shown\n- Reports from May 2024 are listed";
        assert!(run(ID, &with_ac("As a user, I want x.", ac)).is_empty());
    }
}
