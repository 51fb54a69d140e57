//! `criteria/open-ended`: a criterion leaves its list open.
//!
//! ## What it does
//! Reports "etc.", "and so on", "and so forth", "including but not limited to", "and
//! more", "or similar", "and the like", "among others" and a trailing "…" in a
//! criterion.
//!
//! ## Why it matters
//! An open list cannot be tested to completion: nobody knows when the work is done,
//! and the unnamed items are discovered at review.
//!
//! ## Examples
//! ```text
//! fail: Export supports CSV, Excel, etc.
//! pass: Export supports CSV and Excel (XLSX).
//! ```

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::text::cached_regex;
use crate::rules::{Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "criteria/open-ended",
    category: Category::Criteria,
    summary: "Criteria close their lists (no etc., and so on, including but not limited to)",
    why: "An open list cannot be tested to completion: nobody knows when the work is done, and the unnamed items turn up at review.",
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
        r"(?i)\b(?:etc\b\.?|et\s+cetera|and\s+so\s+(?:on|forth)|(?:including\s+)?but\s+not\s+limited\s+to|and\s+more\b|or\s+similar|and\s+similar|and\s+the\s+like|among\s+others|and\s+others|or\s+others|and/or\s+other)|(?:\.\.\.|…)\s*\)?\s*$",
    )
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(re) = pattern() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in &cx.criteria.items {
        for m in re.find_iter(&c.text) {
            let (s, e) = crate::rules::text::trim_span(&c.text, m.start(), m.end());
            out.push(super::finding(
                c,
                s,
                e,
                format!(
                    "\"{}\" leaves the criterion open-ended.",
                    c.text.get(s..e).unwrap_or("")
                ),
                "List every case that must work; put anything else in a later story.",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::criteria::test_util::{run, with_ac};

    const ID: &str = "criteria/open-ended";

    #[test]
    fn open_lists_fail() {
        let d = run(ID, &with_ac("As a user, I want export.", "- Export supports CSV, Excel, etc.\n- Formats including but not limited to PDF\n- Filters by date, owner..."));
        let w: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(w, ["etc.", "including but not limited to", "..."]);
    }

    #[test]
    fn closed_lists_pass() {
        assert!(run(
            ID,
            &with_ac(
                "As a user, I want export.",
                "- Export supports CSV and Excel (XLSX)\n- More than 3 filters can be combined"
            )
        )
        .is_empty());
    }
}
