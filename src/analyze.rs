//! The analysis pipeline: issues + configuration in, a [`Report`] out.
//!
//! Deterministic: the same issues and configuration always give the same report, in the
//! same order.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::hygiene::{self, Candidate};
use crate::kpi::{self, KpiHint};
use crate::model::{Issue, IssueKind, Tracker};
use crate::priority::{self, PriorityReport};
use crate::readiness::{self, Readiness, Verdict};
use crate::rules;

/// The WebAssembly build's allocator (grows linear memory in large steps).
#[cfg(target_arch = "wasm32")]
mod wasm_alloc;

/// The analysis of one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IssueReport {
    pub key: String,
    pub title: String,
    pub tracker: Tracker,
    pub kind: IssueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub readiness: Readiness,
    pub diagnostics: Vec<Diagnostic>,
    pub priority: PriorityReport,
    pub kpis: Vec<KpiHint>,
    pub duplicates: Vec<Candidate>,
}

/// Numbers about the whole backlog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BacklogSummary {
    pub issues: usize,
    pub ready: usize,
    pub almost_ready: usize,
    pub not_ready: usize,
    /// Share of issues that are ready, 0–1.
    pub readiness_rate: f64,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Share of all issues with a KPI hint or an explicit success metric, 0–1.
    pub kpi_coverage: f64,
    /// KPI coverage in detail: by KPI, KPIs with no work, features and epics with no
    /// outcome.
    pub kpi: kpi::KpiCoverage,
    /// Issues with at least one likely duplicate.
    pub with_duplicates: usize,
    /// Backlog health index, 0–1: the share of issues that have acceptance criteria, an
    /// estimate and a clear outcome (a KPI hint, an explicit success metric, or a story's
    /// "so that" benefit).
    pub health_index: f64,
    /// How many issues fail each readiness check, by check id.
    pub failing_checks: BTreeMap<String, usize>,
    /// Keys of the not-yet-ready issues closest to ready (fewest blocking gaps, then
    /// highest score), at most ten.
    pub closest_to_ready: Vec<String>,
    /// Backlog hygiene: stale, aging, oversized, orphaned and blocked work, duplicate
    /// clusters, and the worst offenders.
    pub hygiene: hygiene::HygieneSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    pub issues: Vec<IssueReport>,
    pub backlog: BacklogSummary,
}

/// Analyse a backlog.
pub fn analyze(issues: &[Issue], config: &Config) -> Report {
    // The quality rules' per-issue and backlog passes share one parse of each issue; what
    // they found (story? criteria?) is handed on to readiness and the health index.
    let (per_issue, facts) = rules::check_issues(issues, &config.rules);
    let dup_report = hygiene::find_duplicates(issues, &config.duplicates);
    let hygiene_findings = hygiene::check(
        issues,
        &config.hygiene.resolve(&config.readiness),
        config.readiness.now.as_deref(),
    );
    let hygiene_summary = hygiene::summary(issues, &hygiene_findings, &dup_report.clusters);
    let mut hygiene_per_issue: Vec<Vec<Diagnostic>> = vec![Vec::new(); issues.len()];
    for (idx, d) in hygiene_findings {
        if let Some(v) = hygiene_per_issue.get_mut(idx) {
            v.push(d);
        }
    }
    let dups = dup_report.candidates;
    // One linker for the backlog: children see their parent epic's outcome.
    let linker = kpi::linker_for(&config.kpi);
    // The linking works out each issue's explicit success metric; reused below.
    let (hints, metrics) = linker.link_backlog_and_metrics(issues);
    let kpi_detail = linker.coverage_given_metrics(issues, &hints, &metrics);
    let ctx = readiness::BacklogContext::of(issues);
    let mut reports = Vec::with_capacity(issues.len());
    // Per issue: acceptance criteria present, explicit success metric (for the summary).
    let mut outcome_facts: Vec<(bool, bool)> = Vec::with_capacity(issues.len());
    for ((((((issue, mut diags), dup), kpis), hyg), fact), has_metric) in issues
        .iter()
        .zip(per_issue)
        .zip(dups)
        .zip(hints)
        .zip(hygiene_per_issue)
        .zip(facts)
        .zip(metrics)
    {
        if let Some(d) = linker.missing_outcome_given(issue, &kpis, || has_metric) {
            diags.push(d);
        }
        outcome_facts.push((fact.has_criteria, has_metric));
        let known = readiness::Known {
            is_story: Some(fact.is_story),
            has_criteria: Some(fact.has_criteria),
            has_success_metric: Some(has_metric),
        };
        let readiness =
            readiness::evaluate_with(issue, &known, &mut diags, &kpis, &ctx, &config.readiness);
        // A hygiene finding the Definition of Ready already reports as a failed check is
        // not repeated as a second finding on the same issue.
        diags.extend(hyg.into_iter().filter(|d| {
            !readiness_covers(&d.rule).is_some_and(|check| {
                readiness
                    .checks
                    .iter()
                    .any(|c| c.check == check && !c.passed)
            })
        }));
        crate::rules::sort::sort_by(&mut diags, |a, b| {
            a.severity.cmp(&b.severity).then(a.rule.cmp(&b.rule))
        });
        reports.push(IssueReport {
            key: issue.key.clone(),
            title: issue.title.clone(),
            tracker: issue.tracker,
            kind: issue.kind,
            url: issue.url.clone(),
            readiness,
            diagnostics: diags,
            priority: priority::score(issue, &config.priority),
            kpis,
            duplicates: dup,
        });
    }
    let mut backlog = summarise(&reports);
    backlog.kpi = kpi_detail;
    backlog.hygiene = hygiene_summary;
    let healthy = issues
        .iter()
        .zip(&reports)
        .zip(&outcome_facts)
        .filter(|((issue, r), (has_criteria, has_metric))| {
            *has_criteria
                && issue.estimate.is_some()
                && (!r.kpis.is_empty() || *has_metric || has_benefit(issue))
        })
        .count();
    let with_outcome = reports
        .iter()
        .zip(&outcome_facts)
        .filter(|(r, (_, has_metric))| !r.kpis.is_empty() || *has_metric)
        .count();
    if !issues.is_empty() {
        backlog.health_index = healthy as f64 / issues.len() as f64;
        backlog.kpi_coverage = with_outcome as f64 / issues.len() as f64;
    }
    Report {
        issues: reports,
        backlog,
    }
}

/// The readiness check that reports the same gap as a hygiene rule, if any.
fn readiness_covers(hygiene_rule: &str) -> Option<&'static str> {
    match hygiene_rule {
        "hygiene/stale" => Some("ready/not-stale"),
        "hygiene/oversized" => Some("ready/estimate-size"),
        "hygiene/orphan" => Some("ready/parent"),
        "hygiene/blocked" => Some("ready/dependencies"),
        _ => None,
    }
}

/// A story's "so that …" / "in order to …" clause names the benefit it is for.
fn has_benefit(issue: &Issue) -> bool {
    let t = issue.title.to_lowercase();
    t.contains("so that") || t.contains("in order to") || t.contains("so i can")
}

fn summarise(reports: &[IssueReport]) -> BacklogSummary {
    let mut s = BacklogSummary {
        issues: reports.len(),
        ..Default::default()
    };
    for r in reports {
        match r.readiness.verdict {
            Verdict::Ready => s.ready += 1,
            Verdict::AlmostReady => s.almost_ready += 1,
            Verdict::NotReady => s.not_ready += 1,
        }
        for d in &r.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        if !r.duplicates.is_empty() {
            s.with_duplicates += 1;
        }
        for c in r.readiness.checks.iter().filter(|c| !c.passed) {
            *s.failing_checks.entry(c.check.to_string()).or_default() += 1;
        }
    }
    let mut near: Vec<&IssueReport> = reports
        .iter()
        .filter(|r| r.readiness.verdict != Verdict::Ready)
        .collect();
    // Stable sort: ties keep backlog order, so the list is deterministic.
    crate::rules::sort::sort_by_key(&mut near, |r| {
        (r.readiness.blocking(), std::cmp::Reverse(r.readiness.score))
    });
    s.closest_to_ready = near.iter().take(10).map(|r| r.key.clone()).collect();
    if !reports.is_empty() {
        s.readiness_rate = s.ready as f64 / reports.len() as f64;
    }
    s
}
