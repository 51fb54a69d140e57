//! Definition of Ready: a team-configurable readiness verdict (issue #4).

use crate::diagnostic::Diagnostic;
use crate::model::Issue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ReadinessConfig {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    AlmostReady,
    NotReady,
}

/// The readiness verdict for one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Readiness {
    pub verdict: Verdict,
    /// 0–100: share of the applicable checks that pass.
    pub score: u8,
}

/// Evaluate `issue` against the Definition of Ready, given the quality diagnostics
/// already found for it; readiness gaps are appended to `diagnostics`.
#[allow(clippy::ptr_arg)] // stub: the real check appends readiness gaps
pub fn evaluate(
    _issue: &Issue,
    diagnostics: &mut Vec<Diagnostic>,
    _config: &ReadinessConfig,
) -> Readiness {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    Readiness {
        verdict: if errors == 0 {
            Verdict::Ready
        } else {
            Verdict::NotReady
        },
        score: if errors == 0 { 100 } else { 0 },
    }
}
