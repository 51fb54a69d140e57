//! Acceptance-criteria rules. The criteria are found by
//! [`crate::rules::criteria_extract::extract_criteria`] (tracker field, description
//! sections, Gherkin, checklists); each rule is one file.

pub mod compound;
pub mod duplicate;
pub mod gherkin_incomplete;
pub mod missing;
pub mod open_ended;
pub mod placeholder;
pub mod too_many;
pub mod unbounded_negative;
pub mod untestable;
pub mod vague_term;
pub mod weak_modal;

use super::criteria_extract::{Criterion, StepKeyword};

/// Whether a criterion is a Gherkin `Then` step (or an `And`/`But` after one).
pub(crate) fn is_then_step(c: &Criterion) -> bool {
    matches!(c.step, Some((_, _, StepKeyword::Then)))
}

use crate::diagnostic::Span;

/// A span inside criterion `c`'s text, shifted to field coordinates.
pub(crate) fn at(c: &Criterion, start: usize, end: usize) -> Span {
    Span::new(c.span.start + start, c.span.start + end)
}

/// The finding of a content rule: `message` about `start..end` of criterion `c`'s text
/// (criterion-relative byte offsets), with `help`.
pub(crate) fn finding(
    c: &Criterion,
    start: usize,
    end: usize,
    message: String,
    help: &str,
) -> crate::rules::Finding {
    crate::rules::Finding {
        message,
        help: help.into(),
        field: Some(c.field),
        span: Some(at(c, start, end)),
        ..Default::default()
    }
}

/// Default for the content rules: on for every issue type (criteria that exist should
/// be good, whatever the issue is).
pub(crate) fn everywhere(
    _kind: crate::model::IssueKind,
    sev: crate::diagnostic::Severity,
) -> Option<crate::diagnostic::Severity> {
    Some(sev)
}

#[cfg(test)]
pub(crate) mod test_util {
    pub use crate::rules::story::test_util::{run, story, with_ac};
}
