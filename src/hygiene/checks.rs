//! Backlog hygiene checks beyond duplicates: stale, aging, oversized, orphaned and
//! blocked work. Each is a plain function over the backlog returning
//! `(issue position, Diagnostic)` pairs, the same shape as `rules::check_backlog`, so the
//! readiness pipeline can add them to each issue's findings.
//!
//! Time is never read from the clock here: the caller passes `now` (an ISO 8601 date),
//! which keeps the checks deterministic and testable, and lets the CLI, the extension
//! and the dashboard agree.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Field, Severity};
use crate::model::{EstimateUnit, Issue, IssueKind, LinkKind, StatusCategory};

use super::Cluster;

/// The `hygiene` section of the team's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct HygieneConfig {
    /// An open issue not updated for this many days is stale (0 turns the check off).
    pub stale_days: u32,
    /// An issue still to do this many days after it was created is aging (0 = off).
    pub aging_days: u32,
    /// Largest estimate in story points (or GitLab weight) before suggesting a split.
    pub max_points: f64,
    /// Largest estimate in days (hours count 8 to the day) before suggesting a split.
    pub max_days: f64,
    /// Largest T-shirt size, 1 (XS) … 6 (XXL), before suggesting a split.
    pub max_tshirt: f64,
    /// Issue kinds that must have a parent or epic; empty turns the orphan check off.
    pub require_parent: Vec<IssueKind>,
}

impl Default for HygieneConfig {
    fn default() -> Self {
        HygieneConfig {
            stale_days: 60,
            aging_days: 180,
            max_points: 13.0,
            max_days: 10.0,
            max_tshirt: 4.0,
            require_parent: Vec::new(),
        }
    }
}

/// Days since 1970-01-01 of the `YYYY-MM-DD` that starts an ISO 8601 timestamp.
pub fn parse_day(s: &str) -> Option<i64> {
    let s = s.trim();
    let y: i64 = s.get(0..4)?.parse().ok()?;
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
        return None;
    }
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn is_open(issue: &Issue) -> bool {
    issue
        .status
        .as_ref()
        .map_or(true, |s| s.category != StatusCategory::Done)
}

fn is_todo(issue: &Issue) -> bool {
    issue.status.as_ref().map_or(true, |s| {
        matches!(s.category, StatusCategory::Todo | StatusCategory::Unknown)
    })
}

fn diag(rule: &str, severity: Severity, message: String, why: &str, help: String) -> Diagnostic {
    Diagnostic {
        rule: rule.to_string(),
        severity,
        category: "hygiene".to_string(),
        message,
        why: why.to_string(),
        help,
        field: None,
        span: None,
        suggestion: None,
    }
}

/// Open issues whose last update (or creation, when no update is known) is more than
/// `config.stale_days` days before `now`.
pub fn stale(issues: &[Issue], config: &HygieneConfig, now: &str) -> Vec<(usize, Diagnostic)> {
    let (Some(today), true) = (parse_day(now), config.stale_days > 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        if !is_open(issue) {
            continue;
        }
        let last = issue
            .updated
            .as_deref()
            .and_then(parse_day)
            .or_else(|| issue.created.as_deref().and_then(parse_day));
        let Some(last) = last else { continue };
        let idle = today - last;
        if idle > i64::from(config.stale_days) {
            let mut d = diag(
                "hygiene/stale",
                Severity::Warning,
                format!("No update for {idle} days (limit {}).", config.stale_days),
                "Work nobody has touched in months is often obsolete, already done elsewhere, or hiding a blocker; it clutters planning.",
                "Confirm it still matters and refresh it, or close it.".to_string(),
            );
            d.field = Some(Field::Updated);
            out.push((i, d));
        }
    }
    out
}

/// Issues still to do more than `config.aging_days` after they were created.
pub fn aging(issues: &[Issue], config: &HygieneConfig, now: &str) -> Vec<(usize, Diagnostic)> {
    let (Some(today), true) = (parse_day(now), config.aging_days > 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        if !is_todo(issue) {
            continue;
        }
        let Some(created) = issue.created.as_deref().and_then(parse_day) else {
            continue;
        };
        let age = today - created;
        if age > i64::from(config.aging_days) {
            let mut d = diag(
                "hygiene/aging",
                Severity::Info,
                format!("In the backlog for {age} days without being started."),
                "Items that wait this long rarely get done as written; the backlog grows faster than it is worked.",
                "Re-rank it against current goals, or remove it from the backlog.".to_string(),
            );
            d.field = Some(Field::Status);
            out.push((i, d));
        }
    }
    out
}

/// The parts of a story's request joined by "and", "&", "as well as", "plus" or ";":
/// candidate slices for splitting. Empty when there is only one part.
pub fn split_slices(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    // Only the "means" of a user story: after "I want (to)" and before "so that".
    let mut start = 0;
    for marker in ["i want to ", "i want ", "i need to ", "i need ", "i can "] {
        if let Some(p) = lower.find(marker) {
            start = p + marker.len();
            break;
        }
    }
    let mut end = lower.len();
    for marker in [" so that ", ", so that", " in order to ", " so i can "] {
        if let Some(p) = lower.get(start..).and_then(|r| r.find(marker)) {
            end = end.min(start + p);
        }
    }
    let Some(means) = text.get(start..end) else {
        return Vec::new();
    };
    let mut parts = vec![means.to_string()];
    for sep in [" and ", " & ", " as well as ", " plus ", ";"] {
        parts = parts
            .iter()
            .flat_map(|p| {
                let pl = p.to_lowercase();
                // Split on the lower-cased text's offsets; ASCII separators keep them valid.
                let mut pieces = Vec::new();
                let mut last = 0;
                for (pos, _) in pl.match_indices(sep) {
                    if let Some(s) = p.get(last..pos) {
                        pieces.push(s.to_string());
                    }
                    last = pos + sep.len();
                }
                pieces.push(p.get(last..).unwrap_or_default().to_string());
                pieces
            })
            .collect();
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| c == ',' || c == '.')
                .trim()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        Vec::new()
    } else {
        parts
    }
}

/// Issues whose estimate exceeds the team's maximum for its unit; the suggestion lists
/// candidate slices when the title joins several requests.
pub fn oversized(issues: &[Issue], config: &HygieneConfig) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        let Some(e) = &issue.estimate else { continue };
        if !e.value.is_finite() {
            continue;
        }
        let (value, max, unit) = match e.unit {
            EstimateUnit::Points | EstimateUnit::Weight => (e.value, config.max_points, "points"),
            EstimateUnit::Days => (e.value, config.max_days, "days"),
            EstimateUnit::Hours => (e.value / 8.0, config.max_days, "days"),
            EstimateUnit::TShirt => (e.value, config.max_tshirt, "T-shirt size"),
        };
        if max <= 0.0 || value <= max || !is_open(issue) {
            continue;
        }
        let slices = split_slices(&issue.title);
        let help = if slices.is_empty() {
            "Split it into smaller stories that each deliver value on their own (by workflow step, data variation, or rule).".to_string()
        } else {
            format!(
                "Split it; the title already names {} parts: {}.",
                slices.len(),
                slices
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let shown = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        };
        let mut d = diag(
            "hygiene/oversized",
            Severity::Warning,
            format!(
                "Estimate {} {unit} is above the team's maximum of {}.",
                shown(value),
                shown(max)
            ),
            "Large items hide uncertainty, are hard to finish in one iteration and delay feedback.",
            help,
        );
        d.field = Some(Field::Estimate);
        if !slices.is_empty() {
            d.suggestion = Some(slices.join("\n"));
        }
        out.push((i, d));
    }
    out
}

/// Open issues of the kinds in `config.require_parent` with no parent or epic (neither
/// the `parent` field nor a parent link).
pub fn orphaned(issues: &[Issue], config: &HygieneConfig) -> Vec<(usize, Diagnostic)> {
    if config.require_parent.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        if !config.require_parent.contains(&issue.kind) || !is_open(issue) {
            continue;
        }
        let has_parent = issue
            .parent
            .as_deref()
            .is_some_and(|p| !p.trim().is_empty())
            || issue.links.iter().any(|l| l.kind == LinkKind::Parent);
        if !has_parent {
            let mut d = diag(
                "hygiene/orphan",
                Severity::Warning,
                format!("This {} has no parent or epic.", issue.kind.as_str()),
                "Work outside any epic is hard to prioritise against goals and easy to lose track of.",
                "Link it to the epic or parent it contributes to, or close it if it serves none."
                    .to_string(),
            );
            d.field = Some(Field::Parent);
            out.push((i, d));
        }
    }
    out
}

/// Open issues blocked by an open issue, with the chain of blockers behind it when the
/// blockers are in the same backlog.
pub fn blocked(issues: &[Issue]) -> Vec<(usize, Diagnostic)> {
    let by_key: HashMap<&str, usize> = issues
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.key.is_empty())
        .map(|(n, i)| (i.key.as_str(), n))
        .collect();
    // Open blockers of issue `i`, by key, in link order.
    let open_blockers = |i: usize| -> Vec<&str> {
        let Some(issue) = issues.get(i) else {
            return Vec::new();
        };
        issue
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::BlockedBy)
            .filter(|l| match by_key.get(l.target.as_str()) {
                Some(&j) => issues.get(j).is_some_and(is_open),
                None => l.target_done == Some(false),
            })
            .map(|l| l.target.as_str())
            .collect()
    };
    let mut out = Vec::new();
    for (i, issue) in issues.iter().enumerate() {
        if !is_open(issue) {
            continue;
        }
        let blockers = open_blockers(i);
        let Some(&first) = blockers.first() else {
            continue;
        };
        // Follow the first open blocker through the backlog; stop at a cycle.
        let mut chain = vec![issue.key.as_str(), first];
        let mut cur = first;
        while let Some(&j) = by_key.get(cur) {
            let Some(&next) = open_blockers(j).first() else {
                break;
            };
            if chain.contains(&next) || chain.len() > 20 {
                chain.push(next);
                break;
            }
            chain.push(next);
            cur = next;
        }
        let mut message = format!("Blocked by open issue {}", blockers.join(", "));
        if chain.len() > 2 {
            message.push_str(&format!(" (chain: {})", chain.join(" ← ")));
        }
        message.push('.');
        let mut d = diag(
            "hygiene/blocked",
            Severity::Warning,
            message,
            "An item cannot be finished while what it depends on is open; starting it ties up people and the sprint.",
            format!(
                "Plan {} first, or remove the dependency.",
                chain.last().copied().unwrap_or(first)
            ),
        );
        d.field = Some(Field::Links);
        out.push((i, d));
    }
    out
}

/// Every hygiene check except duplicates, in a stable order (by issue, then rule).
/// Stale and aging need `now`; without it they are skipped.
pub fn check(
    issues: &[Issue],
    config: &HygieneConfig,
    now: Option<&str>,
) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    if let Some(now) = now {
        out.extend(stale(issues, config, now));
        out.extend(aging(issues, config, now));
    }
    out.extend(oversized(issues, config));
    out.extend(orphaned(issues, config));
    out.extend(blocked(issues));
    crate::rules::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0).then(a.1.rule.cmp(&b.1.rule)));
    out
}

/// One issue with many hygiene findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Offender {
    pub key: String,
    pub title: String,
    /// Rule ids of its findings, sorted.
    pub rules: Vec<String>,
}

/// Counts per hygiene problem and the worst offenders, for CLI, WASM and dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HygieneSummary {
    pub issues: usize,
    pub stale: usize,
    pub aging: usize,
    pub oversized: usize,
    pub orphans: usize,
    pub blocked: usize,
    /// Duplicate clusters and the issues in them.
    pub duplicate_clusters: usize,
    pub issues_in_clusters: usize,
    /// Up to ten issues with the most findings (then backlog order).
    pub worst: Vec<Offender>,
}

/// Summarise the findings of [`check`] and the duplicate clusters.
pub fn summary(
    issues: &[Issue],
    findings: &[(usize, Diagnostic)],
    clusters: &[Cluster],
) -> HygieneSummary {
    let mut s = HygieneSummary {
        issues: issues.len(),
        duplicate_clusters: clusters.len(),
        issues_in_clusters: clusters.iter().map(|c| c.members.len()).sum(),
        ..Default::default()
    };
    let mut per_issue: Vec<Vec<String>> = vec![Vec::new(); issues.len()];
    for (i, d) in findings {
        match d.rule.as_str() {
            "hygiene/stale" => s.stale += 1,
            "hygiene/aging" => s.aging += 1,
            "hygiene/oversized" => s.oversized += 1,
            "hygiene/orphan" => s.orphans += 1,
            "hygiene/blocked" => s.blocked += 1,
            _ => {}
        }
        if let Some(v) = per_issue.get_mut(*i) {
            v.push(d.rule.clone());
        }
    }
    for c in clusters {
        for &m in &c.members {
            if let Some(v) = per_issue.get_mut(m) {
                v.push("hygiene/duplicate".to_string());
            }
        }
    }
    let mut ranked: Vec<(usize, Vec<String>)> = per_issue
        .into_iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .collect();
    crate::rules::sort::sort_by(&mut ranked, |a, b| {
        b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0))
    });
    s.worst = ranked
        .into_iter()
        .take(10)
        .filter_map(|(i, mut rules)| {
            let issue = issues.get(i)?;
            crate::rules::sort::sort(&mut rules);
            Some(Offender {
                key: issue.key.clone(),
                title: issue.title.clone(),
                rules,
            })
        })
        .collect();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_across_months_and_leap_years() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2020-03-01T10:00:00Z"), Some(18_322));
        assert_eq!(
            parse_day("2024-03-01")
                .zip(parse_day("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(parse_day("2020-13-01"), None);
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day("2020-1"), None);
        assert_eq!(parse_day("é"), None);
    }

    #[test]
    fn slices_come_from_the_means_only() {
        assert_eq!(
            split_slices(
                "As an admin, I want to export users and import groups so that audits are fast"
            ),
            vec!["export users", "import groups"]
        );
        assert!(split_slices("Fix the login page").is_empty());
    }
}
