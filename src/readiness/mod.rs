//! Definition of Ready: a team-configurable readiness verdict for every issue (issue #4).
//!
//! A team picks a [`Preset`] (minimal, scrum, safe, strict), overrides single checks
//! (off, severity, issue types, limits) and adds its own declarative checks
//! ([`custom::CustomCheck`]). Every check reports pass or fail with a reason and a next
//! step; failed checks also become diagnostics (category `readiness`) so every face
//! shows them beside the quality findings.
//!
//! Verdict: *ready* when no error-level check fails; *almost ready* when at most
//! `almost_ready_gaps` (default 1) error-level checks fail; otherwise *not ready*.
//! Warnings lower the score but never block.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::kpi::KpiHint;
use crate::model::{Issue, IssueKind};

mod checks;
pub mod custom;
mod presets;

pub use checks::{acceptance_criteria_present, CHECKS};
pub use custom::CustomCheck;

/// A starting point for a team's Definition of Ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Title, description, no open questions, no unresolved blockers; criteria and
    /// estimate as warnings.
    Minimal,
    /// INVEST-style Scrum team: stories in template form with acceptance criteria, an
    /// estimate within the team's maximum, a priority, dependencies resolved.
    #[default]
    Scrum,
    /// SAFe-style: Scrum plus parent feature/epic linkage and a success metric for
    /// features and epics, stories at most 8 points.
    Safe,
    /// Everything, as errors: owner, design link for UI work, 8 points at most, 30 days
    /// staleness.
    Strict,
}

/// How one built-in check is set: `"off"`, a severity, or an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum CheckSetting {
    /// `"off"`, `"error"`, `"warning"` or `"info"`.
    Level(String),
    Detailed(CheckOverride),
}

// Read without buffering the value (serde's untagged enums do): an error inside the
// object keeps its position in the text, from which `crate::json_path` names its JSON
// path, and names the field that was wrong instead of "did not match any variant".
impl<'de> Deserialize<'de> for CheckSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct Setting;
        impl<'de> Visitor<'de> for Setting {
            type Value = CheckSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(crate::rules::LEVEL_OR_OBJECT)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<CheckSetting, E> {
                Ok(CheckSetting::Level(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CheckSetting, A::Error> {
                CheckOverride::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(CheckSetting::Detailed)
            }
        }
        d.deserialize_any(Setting)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct CheckOverride {
    /// `"off"`, `"error"`, `"warning"` or `"info"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Issue types the check applies to (`story`, `bug`, `task`, …); empty = the
    /// check's own default types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<IssueKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ReadinessConfig {
    pub preset: Preset,
    /// Per-check overrides by id (`ready/estimate`, …).
    pub checks: BTreeMap<String, CheckSetting>,
    /// Largest estimate in story points before splitting is suggested (preset default
    /// when unset: 13, or 8 for safe and strict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
    /// Largest estimate in hours (default 40).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// Largest t-shirt size, 1 = XS … 6 = XXL (default 4 = L).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tshirt: Option<f64>,
    /// Days without an update after which an issue is stale (preset default 90, strict 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_days: Option<u32>,
    /// Today's date (`YYYY-MM-DD`) for the staleness check. The core never reads the
    /// clock; the CLI and the extension pass it. Without it, staleness is not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// How many failing error-level checks still count as "almost ready".
    pub almost_ready_gaps: usize,
    /// The team's own declarative checks.
    pub custom: Vec<CustomCheck>,
}

impl ReadinessConfig {
    /// The largest estimate in story points (or GitLab weight): `max_points`, else the
    /// preset's (8 for safe and strict, 13 otherwise).
    pub fn effective_max_points(&self) -> f64 {
        self.max_points.unwrap_or(match self.preset {
            Preset::Safe | Preset::Strict => 8.0,
            _ => 13.0,
        })
    }

    /// The largest estimate in hours (days count 8 hours): `max_hours`, else 40.
    pub fn effective_max_hours(&self) -> f64 {
        self.max_hours.unwrap_or(40.0)
    }

    /// The largest T-shirt size (1 = XS … 6 = XXL): `max_tshirt`, else 4 (L).
    pub fn effective_max_tshirt(&self) -> f64 {
        self.max_tshirt.unwrap_or(4.0)
    }

    /// Days without an update after which an issue is stale: `stale_days`, else the
    /// preset's (30 for strict, 90 otherwise).
    pub fn effective_stale_days(&self) -> u32 {
        self.stale_days.unwrap_or(match self.preset {
            Preset::Strict => 30,
            _ => 90,
        })
    }
}

impl Default for ReadinessConfig {
    fn default() -> Self {
        ReadinessConfig {
            preset: Preset::default(),
            checks: BTreeMap::new(),
            max_points: None,
            max_hours: None,
            max_tshirt: None,
            stale_days: None,
            now: None,
            almost_ready_gaps: 1,
            custom: Vec::new(),
        }
    }
}

impl ReadinessConfig {
    /// Check values serde cannot: severities, check ids, patterns, dates. The error names
    /// the key.
    pub fn validate(&self) -> Result<(), String> {
        for (id, setting) in &self.checks {
            if !CHECKS.iter().any(|c| c.id == id) {
                return Err(format!(
                    "readiness.checks: unknown check `{id}` (known: {})",
                    CHECKS.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
                ));
            }
            let level = match setting {
                CheckSetting::Level(l) => Some(l),
                CheckSetting::Detailed(o) => o.severity.as_ref(),
            };
            if let Some(l) = level {
                parse_level(l).map_err(|e| format!("readiness.checks.{id}: {e}"))?;
            }
        }
        if let Some(now) = &self.now {
            if checks::parse_date(now).is_none() {
                return Err(format!(
                    "readiness.now: `{now}` is not a date (expected YYYY-MM-DD)"
                ));
            }
        }
        for (name, v) in [
            ("max_points", self.max_points),
            ("max_hours", self.max_hours),
            ("max_tshirt", self.max_tshirt),
        ] {
            if let Some(v) = v {
                if !v.is_finite() || v <= 0.0 {
                    return Err(format!("readiness.{name}: must be a positive number"));
                }
            }
        }
        for (i, c) in self.custom.iter().enumerate() {
            c.validate()
                .map_err(|e| format!("readiness.custom[{i}]: {e}"))?;
        }
        Ok(())
    }
}

/// `Ok(None)` for "off".
fn parse_level(s: &str) -> Result<Option<Severity>, String> {
    match s {
        "off" => Ok(None),
        "error" => Ok(Some(Severity::Error)),
        "warning" => Ok(Some(Severity::Warning)),
        "info" => Ok(Some(Severity::Info)),
        other => Err(format!(
            "`{other}` is not a level (use off, error, warning or info)"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    AlmostReady,
    NotReady,
}

/// The outcome of one readiness check on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckResult {
    #[cfg_attr(test, ts(type = "string"))]
    pub check: Cow<'static, str>,
    pub passed: bool,
    pub severity: Severity,
    /// Why it passed or failed.
    #[cfg_attr(test, ts(type = "string"))]
    pub reason: Cow<'static, str>,
    /// The concrete next step (empty when passed).
    #[serde(default, skip_serializing_if = "str_is_empty")]
    #[cfg_attr(test, ts(type = "string", optional))]
    pub next_step: Cow<'static, str>,
}

/// For `skip_serializing_if`, which passes the field by reference.
fn str_is_empty(s: &impl AsRef<str>) -> bool {
    s.as_ref().is_empty()
}

/// The readiness verdict for one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Readiness {
    pub verdict: Verdict,
    /// 0–100: weighted share of the applicable checks that pass (errors weigh 3,
    /// warnings 1, notes 0).
    pub score: u8,
    /// Every applicable check, failed first (errors, then warnings), then passed.
    pub checks: Vec<CheckResult>,
}

impl Readiness {
    /// Failing checks at error level.
    pub fn blocking(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| !c.passed && c.severity == Severity::Error)
            .count()
    }
}

/// What the backlog as a whole tells a check: fields the input never carries are not
/// held against single issues (a CSV without a priority column has no "missing"
/// priorities, it has no priorities at all).
#[derive(Debug, Clone, Default)]
pub struct BacklogContext {
    pub has_priority: bool,
    pub has_estimate: bool,
    pub has_parent: bool,
    pub has_assignee: bool,
    pub has_updated: bool,
}

impl BacklogContext {
    pub fn of(issues: &[Issue]) -> Self {
        BacklogContext {
            has_priority: issues.iter().any(|i| i.priority.is_some()),
            has_estimate: issues.iter().any(|i| i.estimate.is_some()),
            has_parent: issues.iter().any(|i| i.parent.is_some()),
            has_assignee: issues.iter().any(|i| i.assignee.is_some()),
            has_updated: issues.iter().any(|i| i.updated.is_some()),
        }
    }
}

/// What the checks need to know about an issue that other stages also work out: the
/// analysis pipeline passes what the quality rules and the KPI module found instead of
/// parsing the issue again. `None` = work it out from the issue when a check asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    /// Written as a user or job story (`rules::locate_story` finds one).
    pub is_story: Option<bool>,
    /// Acceptance criteria found ([`acceptance_criteria_present`]).
    pub has_criteria: Option<bool>,
    /// An explicit success metric (`kpi::has_explicit_success_metric`).
    pub has_success_metric: Option<bool>,
}

/// Evaluate `issue` against the Definition of Ready. `diagnostics` holds the quality
/// findings already made for it; each failed readiness check is appended to it.
pub fn evaluate(
    issue: &Issue,
    diagnostics: &mut Vec<Diagnostic>,
    kpis: &[KpiHint],
    ctx: &BacklogContext,
    config: &ReadinessConfig,
) -> Readiness {
    evaluate_with(issue, &Known::default(), diagnostics, kpis, ctx, config)
}

/// [`evaluate`] with what is already known about the issue (each value given must be
/// what the issue itself gives).
pub fn evaluate_with(
    issue: &Issue,
    known: &Known,
    diagnostics: &mut Vec<Diagnostic>,
    kpis: &[KpiHint],
    ctx: &BacklogContext,
    config: &ReadinessConfig,
) -> Readiness {
    // The quality findings made before this stage; readiness appends its own after them.
    let quality = diagnostics.len();
    let input = checks::Input::new(issue, known, kpis, ctx, config);
    // An issue of unknown type written as a user story is judged as a story, as the
    // quality rules do.
    let kind = if issue.kind == IssueKind::Other && input.is_story() {
        IssueKind::Story
    } else {
        issue.kind
    };
    let mut tally = Tally {
        out: Vec::with_capacity(CHECKS.len() + config.custom.len()),
        total: 0,
        got: 0,
    };
    for check in CHECKS {
        let Some(severity) = presets::severity(check, kind, config) else {
            continue;
        };
        if let Some(outcome) = (check.run)(&input) {
            let covered = check
                .covered_by
                .is_some_and(|rule| diagnostics.iter().take(quality).any(|d| d.rule == rule));
            tally.record(
                Cow::Borrowed(check.id),
                severity,
                outcome,
                covered,
                diagnostics,
            );
        }
    }
    for c in &config.custom {
        if let Some((severity, outcome)) = c.run(&input) {
            tally.record(
                Cow::Owned(c.id.clone()),
                severity,
                outcome,
                false,
                diagnostics,
            );
        }
    }
    let Tally {
        mut out,
        total,
        got,
    } = tally;
    // Fix-first order: failed errors, failed warnings, failed notes, then passes; the
    // registry order inside each group keeps the output deterministic.
    sort_fix_first(&mut out);
    let score = if total == 0 {
        100
    } else {
        ((got as f64 / total as f64) * 100.0).round() as u8
    };
    let blocking = out
        .iter()
        .filter(|c| !c.passed && c.severity == Severity::Error)
        .count();
    let verdict = if blocking == 0 {
        Verdict::Ready
    } else if blocking <= config.almost_ready_gaps {
        Verdict::AlmostReady
    } else {
        Verdict::NotReady
    };
    Readiness {
        verdict,
        score,
        checks: out,
    }
}

/// The results so far and the weights behind the score.
struct Tally {
    out: Vec<CheckResult>,
    total: u32,
    got: u32,
}

impl Tally {
    /// Record one check's outcome; a failure the quality rules did not already report
    /// (`covered`) also becomes a diagnostic.
    fn record(
        &mut self,
        id: checks::Text,
        severity: Severity,
        outcome: checks::Outcome,
        covered: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let weight = match severity {
            Severity::Error => 3,
            Severity::Warning => 1,
            Severity::Info => 0,
        };
        self.total += weight;
        match outcome {
            checks::Outcome::Pass(reason) => {
                self.got += weight;
                self.out.push(CheckResult {
                    check: id,
                    passed: true,
                    severity,
                    reason,
                    next_step: Cow::Borrowed(""),
                });
            }
            checks::Outcome::Fail(fail) => {
                let check = id;
                let reason = fail.reason;
                let next_step = fail.next_step;
                // Reported once: a quality rule already said the same thing.
                if !covered {
                    diagnostics.push(Diagnostic {
                        rule: check.to_string(),
                        severity,
                        category: "readiness".to_string(),
                        message: reason.to_string(),
                        why: fail.why.to_string(),
                        help: next_step.to_string(),
                        field: fail.field,
                        span: fail.span,
                        suggestion: None,
                    });
                }
                self.out.push(CheckResult {
                    check,
                    passed: false,
                    severity,
                    reason,
                    next_step,
                });
            }
        }
    }
}

/// Sort stably by (passed, severity), like `slice::sort_by_key`: an insertion sort in
/// place for the usual dozen results (no allocation, where the WASM build's shared sort
/// allocates its order), the shared sort for a long list of team checks.
fn sort_fix_first(v: &mut [CheckResult]) {
    let key = |c: &CheckResult| (c.passed, c.severity);
    if v.len() > 32 {
        crate::rules::sort::sort_by_key(v, key);
        return;
    }
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let out_of_order = match (v.get(j - 1), v.get(j)) {
                (Some(a), Some(b)) => key(a) > key(b),
                _ => false,
            };
            if !out_of_order {
                break;
            }
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests;
