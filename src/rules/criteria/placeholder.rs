//! `criteria/placeholder`: a criterion is still a placeholder.
//!
//! ## What it does
//! Reports TBD, TBC, TBA, TODO, FIXME, XXX, "???", "to be defined / determined /
//! decided / confirmed / clarified / agreed / specified" and "lorem ipsum" in the
//! criteria. TODO and XXX count only in capitals, so "a todo list" is fine.
//!
//! ## Why it matters
//! A placeholder means the criterion has not been decided: the issue is not ready,
//! whatever else it has. It is an error on stories and features.
//!
//! ## Examples
//! ```text
//! fail: Response time: TBD
//! fail: Error message wording to be confirmed with legal ???
//! pass: The error message reads "Your session expired, please sign in again".
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text::cached_regex;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/placeholder",
    category: Category::Criteria,
    summary: "Criteria contain no placeholders (TBD, TODO, ???, to be defined)",
    why: "A placeholder means the criterion has not been decided, so the issue is not ready however complete it looks.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    match kind {
        IssueKind::Story | IssueKind::Feature => Some(Severity::Error),
        _ => Some(Severity::Warning),
    }
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    static PATTERN: OnceLock<String> = OnceLock::new();
    // The shared markers, plus what is a placeholder only in a criterion: "XXX", "??",
    // "fixme" in any case, text still "to be specified / written / added", and filler.
    let pattern = PATTERN.get_or_init(|| {
        format!(
            r"{}|\bXXX\b|\?{{2,}}|(?i:\bfixme\b)|(?i:\bto\s+be\s+(?:specified|written|added)\b)|(?i:lorem\s+ipsum)",
            crate::rules::lexicon::PLACEHOLDER_MARKERS
        )
    });
    cached_regex(&RE, pattern)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(re) = pattern() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        for m in re.find_iter(&c.text) {
            out.push(super::finding(c, m.start(), m.end(), format!("Placeholder \"{}\" in the acceptance criteria.", m.as_str()), "Decide the criterion with the product owner before the issue is taken into a sprint."));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/placeholder";

    #[test]
    fn placeholders_fail() {
        let d = run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- Response time: TBD\n- Wording to be confirmed with legal ???",
            ),
        );
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["TBD", "to be confirmed", "???"]);
        assert_eq!(d[0].0.severity, Severity::Error);
    }

    #[test]
    fn real_words_pass() {
        assert!(run(
            ID,
            &with_ac(
                "As a user, I want x.",
                "- I can add items to my todo list\n- Is it shown? Yes"
            )
        )
        .is_empty());
    }
}
