//! Report renderers: human text, JSON, Markdown and CSV.

use std::fmt::Write as _;

use crate::analyze::Report;
use crate::readiness::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
    Markdown,
    Csv,
}

impl OutputFormat {
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "markdown" | "md" => Some(Self::Markdown),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

pub fn render(report: &Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => text(report),
        OutputFormat::Json => json(report),
        OutputFormat::Markdown => markdown(report),
        OutputFormat::Csv => csv(report),
    }
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Ready => "READY",
        Verdict::AlmostReady => "ALMOST",
        Verdict::NotReady => "NOT READY",
    }
}

pub fn json(report: &Report) -> String {
    // Serialising plain data structs cannot fail; fall back to an empty object anyway.
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.issues {
        let _ = writeln!(
            out,
            "{:<9} {} {}  ({}, readiness {}%)",
            verdict_label(r.readiness.verdict),
            r.key,
            one_line(&r.title, 80),
            r.kind.as_str(),
            r.readiness.score
        );
        for d in &r.diagnostics {
            let _ = writeln!(
                out,
                "    {:<7} {:<28} {}",
                d.severity.as_str(),
                d.rule,
                d.message
            );
            if !d.help.is_empty() {
                let _ = writeln!(out, "            help: {}", d.help);
            }
        }
        if let Some(k) = r.kpis.first() {
            let _ = writeln!(
                out,
                "    kpi     likely moves {} ({:.0}%)",
                k.kpi,
                k.confidence * 100.0
            );
        }
        for c in r.duplicates.iter().take(3) {
            let _ = writeln!(out, "    dup     similar to {} ({:.2})", c.key, c.score);
        }
    }
    let b = &report.backlog;
    let _ = writeln!(
        out,
        "\n{} issues: {} ready, {} almost ready, {} not ready (readiness rate {:.0}%); {} errors, {} warnings, {} notes; KPI coverage {:.0}%; {} with likely duplicates",
        b.issues,
        b.ready,
        b.almost_ready,
        b.not_ready,
        b.readiness_rate * 100.0,
        b.errors,
        b.warnings,
        b.infos,
        b.kpi_coverage * 100.0,
        b.with_duplicates
    );
    out
}

pub fn markdown(report: &Report) -> String {
    let b = &report.backlog;
    let mut out = String::from("# readylens backlog report\n\n");
    let _ = writeln!(
        out,
        "- Issues: {}\n- Ready: {} ({:.0}%)\n- Almost ready: {}\n- Not ready: {}\n- Findings: {} errors, {} warnings, {} notes\n- KPI coverage: {:.0}%\n",
        b.issues,
        b.ready,
        b.readiness_rate * 100.0,
        b.almost_ready,
        b.not_ready,
        b.errors,
        b.warnings,
        b.infos,
        b.kpi_coverage * 100.0
    );
    out.push_str("| Key | Title | Verdict | Score | Top finding |\n|---|---|---|---|---|\n");
    for r in &report.issues {
        let top = r
            .diagnostics
            .first()
            .map(|d| format!("`{}` {}", d.rule, d.message))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_cell(&r.key),
            md_cell(&one_line(&r.title, 100)),
            verdict_label(r.readiness.verdict),
            r.readiness.score,
            md_cell(&top)
        );
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Cells that a spreadsheet would run as a formula get a leading apostrophe
/// (OWASP "CSV injection").
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub fn csv(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "key",
        "title",
        "kind",
        "verdict",
        "readiness",
        "errors",
        "warnings",
        "rules",
        "kpi",
        "duplicates",
    ]);
    for r in &report.issues {
        let count = |s| r.diagnostics.iter().filter(|d| d.severity == s).count();
        let rules: Vec<&str> = r.diagnostics.iter().map(|d| d.rule.as_str()).collect();
        let dups: Vec<&str> = r.duplicates.iter().map(|c| c.key.as_str()).collect();
        let _ = w.write_record([
            csv_safe(&r.key),
            csv_safe(&r.title),
            r.kind.as_str().to_string(),
            verdict_label(r.readiness.verdict).to_string(),
            r.readiness.score.to_string(),
            count(crate::diagnostic::Severity::Error).to_string(),
            count(crate::diagnostic::Severity::Warning).to_string(),
            rules.join(" "),
            r.kpis.first().map(|k| k.kpi.clone()).unwrap_or_default(),
            dups.join(" "),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, import, Config};

    #[test]
    fn csv_neutralises_formula_cells_and_json_round_trips() {
        let imported = import::import(
            "x",
            b"=HYPERLINK(\"http://evil\")\nAs a user, I want x",
            None,
        )
        .unwrap();
        let report = analyze(&imported.issues, &Config::default());
        let c = csv(&report);
        assert!(c.contains("'=HYPERLINK"), "{c}");
        let back: Report = serde_json::from_str(&json(&report)).unwrap();
        assert_eq!(back, report);
        assert!(text(&report).contains("2 issues"));
        assert!(markdown(&report).contains("| 1 |"));
    }
}
