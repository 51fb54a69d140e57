//! The analysis pipeline: issues + configuration in, a [`Report`] out.
//!
//! Deterministic: the same issues and configuration always give the same report, in the
//! same order.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::hygiene::{self, Candidate};
use crate::kpi::{self, KpiHint};
use crate::model::{Issue, IssueKind, Tracker};
use crate::priority::{self, PriorityReport};
use crate::readiness::{self, Readiness, Verdict};
use crate::rules;

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
    /// Issues with at least one KPI hint, 0–1.
    pub kpi_coverage: f64,
    /// Issues with at least one likely duplicate.
    pub with_duplicates: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    pub issues: Vec<IssueReport>,
    pub backlog: BacklogSummary,
}

/// Analyse a backlog.
pub fn analyze(issues: &[Issue], config: &Config) -> Report {
    let mut per_issue: Vec<Vec<Diagnostic>> = issues
        .iter()
        .map(|i| rules::check_issue(i, &config.rules))
        .collect();
    for (idx, d) in rules::check_backlog(issues, &config.rules) {
        if let Some(v) = per_issue.get_mut(idx) {
            v.push(d);
        }
    }
    let dups = hygiene::duplicates(issues, &config.duplicates);
    let mut reports = Vec::with_capacity(issues.len());
    for ((issue, mut diags), dup) in issues.iter().zip(per_issue).zip(dups) {
        let readiness = readiness::evaluate(issue, &mut diags, &config.readiness);
        diags.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.rule.cmp(&b.rule)));
        reports.push(IssueReport {
            key: issue.key.clone(),
            title: issue.title.clone(),
            tracker: issue.tracker,
            kind: issue.kind,
            url: issue.url.clone(),
            readiness,
            diagnostics: diags,
            priority: priority::score(issue, &config.priority),
            kpis: kpi::link(issue, &config.kpi),
            duplicates: dup,
        });
    }
    let backlog = summarise(&reports);
    Report {
        issues: reports,
        backlog,
    }
}

fn summarise(reports: &[IssueReport]) -> BacklogSummary {
    let mut s = BacklogSummary {
        issues: reports.len(),
        ..Default::default()
    };
    let mut with_kpi = 0;
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
        if !r.kpis.is_empty() {
            with_kpi += 1;
        }
        if !r.duplicates.is_empty() {
            s.with_duplicates += 1;
        }
    }
    if !reports.is_empty() {
        s.readiness_rate = s.ready as f64 / reports.len() as f64;
        s.kpi_coverage = with_kpi as f64 / reports.len() as f64;
    }
    s
}
