//! The CI gate (issue #15): decide whether a backlog passes, and say so in the formats
//! CI systems render: JUnit XML, GitHub Actions workflow commands, a Markdown job
//! summary, and one JSON line per run for a readiness history.
//!
//! Platform-independent and pure: the caller passes the date, the scope and the file
//! each issue came from; nothing here reads the clock, the environment or the disk.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analyze::{IssueReport, Report};
use crate::diagnostic::Severity;
use crate::readiness::Verdict;

/// What fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// Any issue whose verdict is "not ready".
    NotReady,
    /// Any issue that is not ready yet: "almost ready" or "not ready".
    Almost,
    /// Any finding at error level (readiness checks and quality rules alike).
    Error,
    /// Any finding at error or warning level.
    Warning,
    /// Nothing (only `--min-readiness-rate`, when given).
    #[default]
    Never,
}

impl FailOn {
    pub const NAMES: [&'static str; 5] = ["not-ready", "almost", "error", "warning", "never"];

    pub fn from_name(s: &str) -> Option<FailOn> {
        match s {
            "not-ready" => Some(FailOn::NotReady),
            "almost" => Some(FailOn::Almost),
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FailOn::NotReady => "not-ready",
            FailOn::Almost => "almost",
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Never => "never",
        }
    }
}

/// The gate a team sets.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Gate {
    pub fail_on: FailOn,
    /// Fail when the share of ready issues is below this (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_readiness_rate: Option<f64>,
}

/// The gate's verdict and every reason it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GateOutcome {
    pub passed: bool,
    /// One sentence per failed condition (empty when passed).
    pub reasons: Vec<String>,
}

impl Gate {
    /// Check `min_readiness_rate` is a share between 0 and 1.
    pub fn validate(&self) -> Result<(), String> {
        match self.min_readiness_rate {
            Some(r) if !(0.0..=1.0).contains(&r) || r.is_nan() => Err(format!(
                "--min-readiness-rate must be between 0 and 1 (got {r}); 0.8 means 80%"
            )),
            _ => Ok(()),
        }
    }

    /// Decide. An empty backlog passes: there is nothing that is not ready (the CLI
    /// warns that the scope matched no issues).
    pub fn evaluate(&self, report: &Report) -> GateOutcome {
        let b = &report.backlog;
        let mut reasons = Vec::new();
        let count = |v: Verdict| {
            report
                .issues
                .iter()
                .filter(|r| r.readiness.verdict == v)
                .count()
        };
        match self.fail_on {
            FailOn::NotReady => {
                let n = count(Verdict::NotReady);
                if n > 0 {
                    reasons.push(format!(
                        "{n} {} not ready",
                        plural(n, "issue is", "issues are")
                    ));
                }
            }
            FailOn::Almost => {
                let n = count(Verdict::NotReady) + count(Verdict::AlmostReady);
                if n > 0 {
                    reasons.push(format!(
                        "{n} {} not ready yet (almost ready or not ready)",
                        plural(n, "issue is", "issues are")
                    ));
                }
            }
            FailOn::Error => {
                if b.errors > 0 {
                    reasons.push(format!(
                        "{} error-level {}",
                        b.errors,
                        plural(b.errors, "finding", "findings")
                    ));
                }
            }
            FailOn::Warning => {
                let n = b.errors + b.warnings;
                if n > 0 {
                    reasons.push(format!(
                        "{n} error- or warning-level {}",
                        plural(n, "finding", "findings")
                    ));
                }
            }
            FailOn::Never => {}
        }
        if let Some(min) = self.min_readiness_rate {
            if b.issues > 0 && b.readiness_rate < min {
                reasons.push(format!(
                    "readiness rate {} is below the minimum {}",
                    percent(b.readiness_rate),
                    percent(min)
                ));
            }
        }
        GateOutcome {
            passed: reasons.is_empty(),
            reasons,
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// 0.8 → "80%", 0.125 → "12.5%".
pub fn percent(share: f64) -> String {
    let p = (share * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "ready",
        Verdict::AlmostReady => "almost ready",
        Verdict::NotReady => "not ready",
    }
}

// ---------------------------------------------------------------------------------
// JUnit XML
// ---------------------------------------------------------------------------------

/// Escape text for XML 1.0 content and attribute values. Characters XML 1.0 cannot
/// carry at all (most C0 controls, U+FFFE/U+FFFF) are dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test suite, one test case per issue. Each failed error-level check
/// is a `<failure>` (type = check id, message = reason, body = reason and next step);
/// failed warnings and notes are listed in the case's `<system-out>` so the advice is
/// there without failing an issue that is ready.
pub fn junit(report: &Report, suite: &str) -> String {
    let failed_cases = report
        .issues
        .iter()
        .filter(|r| r.readiness.blocking() > 0)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"readylens\" tests=\"{}\" failures=\"{failed_cases}\" errors=\"0\">",
        report.issues.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed_cases}\" errors=\"0\" skipped=\"0\">",
        xml_escape(suite),
        report.issues.len()
    );
    for r in &report.issues {
        junit_case(&mut out, r);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn junit_case(out: &mut String, r: &IssueReport) {
    let tracker = serde_json::to_value(r.tracker)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = write!(
        out,
        "    <testcase classname=\"readylens.{}\" name=\"{}\"",
        xml_escape(&tracker),
        xml_escape(&format!("{}: {}", r.key, r.title))
    );
    let failed: Vec<_> = r.readiness.checks.iter().filter(|c| !c.passed).collect();
    if failed.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let mut advice = String::new();
    for c in &failed {
        if c.severity == Severity::Error {
            let mut body = c.reason.to_string();
            if !c.next_step.is_empty() {
                body.push_str("\nNext step: ");
                body.push_str(&c.next_step);
            }
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml_escape(&c.check),
                xml_escape(&c.reason),
                xml_escape(&body)
            );
        } else {
            let _ = write!(advice, "{} {}: {}", c.severity.as_str(), c.check, c.reason);
            if !c.next_step.is_empty() {
                let _ = write!(advice, " (next step: {})", c.next_step);
            }
            advice.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "      <system-out>{}verdict: {}, readiness {}%\n{}</system-out>",
        r.url
            .as_deref()
            .map(|u| format!("{}\n", xml_escape(u)))
            .unwrap_or_default(),
        verdict_name(r.readiness.verdict),
        r.readiness.score,
        xml_escape(&advice)
    );
    out.push_str("    </testcase>\n");
}

// ---------------------------------------------------------------------------------
// GitHub Actions workflow commands
// ---------------------------------------------------------------------------------

/// Escape a workflow-command message (GitHub's `escapeData`).
pub fn github_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value (GitHub's `escapeProperty`).
pub fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// GitHub Actions annotations: `::error` for each issue that is not ready, `::warning`
/// for each almost-ready one (message: every failed check with its next step), then a
/// `::notice` with the backlog numbers. `file_of(i)` names the file issue `i` came from
/// (none for tracker sources).
pub fn github(report: &Report, file_of: &dyn Fn(usize) -> Option<String>) -> String {
    let mut out = String::new();
    for (i, r) in report.issues.iter().enumerate() {
        let level = match r.readiness.verdict {
            Verdict::Ready => continue,
            Verdict::AlmostReady => "warning",
            Verdict::NotReady => "error",
        };
        let mut props = Vec::new();
        if let Some(f) = file_of(i) {
            props.push(format!("file={}", github_escape_property(&f)));
        }
        props.push(format!(
            "title={}",
            github_escape_property(&format!(
                "{} is {} ({}%)",
                r.key,
                verdict_name(r.readiness.verdict),
                r.readiness.score
            ))
        ));
        let mut msg = r.title.clone();
        for c in r.readiness.checks.iter().filter(|c| !c.passed) {
            let _ = write!(msg, "\n{} {}: {}", c.severity.as_str(), c.check, c.reason);
            if !c.next_step.is_empty() {
                let _ = write!(msg, " → {}", c.next_step);
            }
        }
        if let Some(u) = &r.url {
            let _ = write!(msg, "\n{u}");
        }
        let _ = writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            github_escape_data(&msg)
        );
    }
    let b = &report.backlog;
    let _ = writeln!(
        out,
        "::notice title=readylens::{}",
        github_escape_data(&format!(
            "{} issues: {} ready, {} almost ready, {} not ready; readiness rate {}, health index {}, KPI coverage {}",
            b.issues,
            b.ready,
            b.almost_ready,
            b.not_ready,
            percent(b.readiness_rate),
            percent(b.health_index),
            percent(b.kpi_coverage)
        ))
    );
    out
}

// ---------------------------------------------------------------------------------
// Markdown job summary
// ---------------------------------------------------------------------------------

/// Make text safe inside a Markdown table cell: one line, no pipes, no raw HTML.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '*' => out.push_str("\\*"),
            '_' => out.push_str("\\_"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The Markdown summary for a CI job page (`$GITHUB_STEP_SUMMARY`): the gate result,
/// the backlog numbers, the most common gaps and the issues that are not ready, each
/// with its first next step. At most `max_rows` issues are listed.
pub fn markdown_summary(
    report: &Report,
    gate: &Gate,
    outcome: &GateOutcome,
    scope: &str,
    max_rows: usize,
) -> String {
    let b = &report.backlog;
    let mut out = String::from("## readylens: Definition of Ready\n\n");
    let _ = writeln!(out, "Scope: {}\n", md_cell(scope));
    let rule = match gate.min_readiness_rate {
        Some(m) => format!(
            "`--fail-on {}`, minimum readiness rate {}",
            gate.fail_on.name(),
            percent(m)
        ),
        None => format!("`--fail-on {}`", gate.fail_on.name()),
    };
    if outcome.passed {
        let _ = writeln!(out, "**Gate passed** ({rule})\n");
    } else {
        let _ = writeln!(out, "**Gate failed** ({rule})\n");
        for r in &outcome.reasons {
            let _ = writeln!(out, "- {}", md_cell(r));
        }
        out.push('\n');
    }
    out.push_str(
        "| Issues | Ready | Almost ready | Not ready | Readiness rate | Health index | KPI coverage |\n",
    );
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n",
        b.issues,
        b.ready,
        b.almost_ready,
        b.not_ready,
        percent(b.readiness_rate),
        percent(b.health_index),
        percent(b.kpi_coverage)
    );
    if !b.failing_checks.is_empty() {
        let mut checks: Vec<(&String, &usize)> = b.failing_checks.iter().collect();
        checks.sort_by(|a, c| c.1.cmp(a.1).then(a.0.cmp(c.0)));
        out.push_str("### Most common gaps\n\n| Check | Issues |\n|---|---:|\n");
        for (c, n) in checks {
            let _ = writeln!(out, "| `{}` | {n} |", c.replace('`', "'"));
        }
        out.push('\n');
    }
    let pending: Vec<&IssueReport> = report
        .issues
        .iter()
        .filter(|r| r.readiness.verdict != Verdict::Ready)
        .collect();
    if !pending.is_empty() {
        out.push_str("### Not ready yet\n\n| Issue | Verdict | Score | Gaps | Next step |\n|---|---|---:|---|---|\n");
        for r in pending.iter().take(max_rows) {
            let gaps: Vec<String> = r
                .readiness
                .checks
                .iter()
                .filter(|c| !c.passed && c.severity == Severity::Error)
                .map(|c| format!("`{}`", c.check.replace('`', "'")))
                .collect();
            let next = r
                .readiness
                .checks
                .iter()
                .find(|c| !c.passed && !c.next_step.is_empty())
                .map(|c| md_cell(&c.next_step))
                .unwrap_or_default();
            let title = md_cell(&one_line(&r.title, 70));
            let issue = match r.url.as_deref().filter(|u| safe_url(u)) {
                Some(u) => format!("[{}]({}) {title}", md_cell(&r.key), u),
                None => format!("{} {title}", md_cell(&r.key)),
            };
            let _ = writeln!(
                out,
                "| {issue} | {} | {}% | {} | {next} |",
                verdict_name(r.readiness.verdict),
                r.readiness.score,
                gaps.join(", ")
            );
        }
        if pending.len() > max_rows {
            let _ = writeln!(out, "\n…and {} more not ready.", pending.len() - max_rows);
        }
        out.push('\n');
    }
    out
}

/// Links go into the summary only when they are plain http(s) URLs that cannot break
/// out of the Markdown link syntax.
fn safe_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && !u.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '(' | ')' | '<' | '>' | '|' | '[' | ']' | '`')
        })
}

fn one_line(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

// ---------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------

/// One run, as one line of a JSON Lines history file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// The run's date, `YYYY-MM-DD`.
    pub date: String,
    /// What was checked: the tracker query or the files.
    pub scope: String,
    pub issues: usize,
    pub ready: usize,
    pub almost_ready: usize,
    pub not_ready: usize,
    pub readiness_rate: f64,
    pub health_index: f64,
    pub kpi_coverage: f64,
    /// How many issues fail each readiness check, by check id.
    pub failing_checks: BTreeMap<String, usize>,
    /// Whether the gate passed.
    pub gate_passed: bool,
}

impl HistoryEntry {
    pub fn new(report: &Report, date: &str, scope: &str, outcome: &GateOutcome) -> Self {
        let b = &report.backlog;
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        HistoryEntry {
            date: date.to_string(),
            scope: scope.to_string(),
            issues: b.issues,
            ready: b.ready,
            almost_ready: b.almost_ready,
            not_ready: b.not_ready,
            readiness_rate: round(b.readiness_rate),
            health_index: round(b.health_index),
            kpi_coverage: round(b.kpi_coverage),
            failing_checks: b.failing_checks.clone(),
            gate_passed: outcome.passed,
        }
    }

    /// The JSON line, without the trailing newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, import, Config};

    // Text from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018).
    const BACKLOG: &str = "[{\"key\":\"MESOS-313\",\"fields\":{\"summary\":\"Report executor terminations to framework schedulers.\",\"description\":\"The Scheduler interface has a callback for executorLost, but currently it is never called.\",\"issuetype\":{\"name\":\"Story\"},\"priority\":{\"name\":\"Major\"}}},{\"key\":\"MESOS-1\",\"fields\":{\"summary\":\"x\",\"issuetype\":{\"name\":\"Story\"}}}]";

    fn report() -> Report {
        let imported = import::import("t.json", BACKLOG.as_bytes(), None).unwrap();
        analyze(&imported.issues, &Config::default())
    }

    #[test]
    fn fail_on_levels_and_rate() {
        let r = report();
        assert_eq!(r.backlog.issues, 2);
        let never = Gate::default().evaluate(&r);
        assert!(never.passed);
        let nr = Gate {
            fail_on: FailOn::NotReady,
            min_readiness_rate: None,
        }
        .evaluate(&r);
        assert!(!nr.passed, "{nr:?}");
        let rate = Gate {
            fail_on: FailOn::Never,
            min_readiness_rate: Some(0.5),
        }
        .evaluate(&r);
        assert!(!rate.passed);
        assert!(
            rate.reasons[0].contains("below the minimum 50%"),
            "{rate:?}"
        );
        let zero = Gate {
            fail_on: FailOn::Never,
            min_readiness_rate: Some(0.0),
        }
        .evaluate(&r);
        assert!(zero.passed);
        assert!(Gate {
            fail_on: FailOn::Never,
            min_readiness_rate: Some(80.0)
        }
        .validate()
        .is_err());
        for n in FailOn::NAMES {
            assert_eq!(FailOn::from_name(n).map(FailOn::name), Some(n));
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(github_escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(github_escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(md_cell("a|b\n<i>"), "a\\|b &lt;i&gt;");
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(0.125), "12.5%");
        assert!(!safe_url("https://x/a) [y](javascript:alert(1)"));
        assert!(safe_url("https://issues.apache.org/jira/browse/MESOS-313"));
    }

    #[test]
    fn junit_has_one_case_per_issue_and_failures_for_blocking_checks() {
        let r = report();
        let xml = junit(&r, "readylens");
        assert_eq!(xml.matches("<testcase ").count(), 2);
        let blocking: usize = r.issues.iter().map(|i| i.readiness.blocking()).sum();
        assert_eq!(xml.matches("<failure ").count(), blocking);
        assert!(xml.contains("Next step: "));
    }

    #[test]
    fn history_line_is_one_json_object() {
        let r = report();
        let o = Gate::default().evaluate(&r);
        let line = HistoryEntry::new(&r, "2026-11-28", "t.json", &o).to_line();
        assert!(!line.contains('\n'));
        let back: HistoryEntry = serde_json::from_str(&line).unwrap();
        assert_eq!(back.issues, 2);
        assert_eq!(back.failing_checks, r.backlog.failing_checks);
    }
}
