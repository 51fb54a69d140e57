//! Report renderers: human text, JSON, Markdown and CSV.

use std::fmt::Write as _;

use crate::analyze::Report;
use crate::diagnostic::Severity;
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
        OutputFormat::Text => text(report, false),
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

/// ANSI colours for terminals; empty strings otherwise.
struct Palette {
    bold: &'static str,
    red: &'static str,
    yellow: &'static str,
    green: &'static str,
    dim: &'static str,
    reset: &'static str,
}

impl Palette {
    fn new(color: bool) -> Self {
        if color {
            Palette {
                bold: "\x1b[1m",
                red: "\x1b[31m",
                yellow: "\x1b[33m",
                green: "\x1b[32m",
                dim: "\x1b[2m",
                reset: "\x1b[0m",
            }
        } else {
            Palette {
                bold: "",
                red: "",
                yellow: "",
                green: "",
                dim: "",
                reset: "",
            }
        }
    }

    fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Ready => self.green,
            Verdict::AlmostReady => self.yellow,
            Verdict::NotReady => self.red,
        }
    }

    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.red,
            Severity::Warning => self.yellow,
            Severity::Info => self.dim,
        }
    }
}

/// The human report: one block per issue (findings with what to do), then the backlog
/// summary. `color` adds ANSI colours (the CLI sets it when writing to a terminal).
pub fn text(report: &Report, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = String::new();
    for r in &report.issues {
        let _ = writeln!(
            out,
            "{}{}{:<9}{} {}{}{} {}  {}({}, readiness {}%){}",
            p.bold,
            p.verdict(r.readiness.verdict),
            verdict_label(r.readiness.verdict),
            p.reset,
            p.bold,
            term(&r.key),
            p.reset,
            term(&one_line(&r.title, 80)),
            p.dim,
            r.kind.as_str(),
            r.readiness.score,
            p.reset
        );
        for d in &r.diagnostics {
            let _ = writeln!(
                out,
                "    {}{:<7}{} {:<28} {}",
                p.severity(d.severity),
                d.severity.as_str(),
                p.reset,
                d.rule,
                term(&d.message)
            );
            if !d.help.is_empty() {
                let _ = writeln!(out, "            {}→ {}{}", p.dim, term(&d.help), p.reset);
            }
        }
        if let Some(k) = r.kpis.first() {
            let _ = writeln!(
                out,
                "    kpi     likely moves {} ({:.0}%)",
                term(&k.kpi),
                k.confidence * 100.0
            );
        }
        for c in r.duplicates.iter().take(3) {
            let _ = writeln!(
                out,
                "    dup     similar to {} ({:.2})",
                term(&c.key),
                c.score
            );
        }
    }
    let b = &report.backlog;
    let _ = writeln!(
        out,
        "\n{}{} issues: {} ready, {} almost ready, {} not ready — readiness rate {:.0}%, health index {:.0}%{}",
        p.bold,
        b.issues,
        b.ready,
        b.almost_ready,
        b.not_ready,
        b.readiness_rate * 100.0,
        b.health_index * 100.0,
        p.reset
    );
    let _ = writeln!(
        out,
        "{} errors, {} warnings, {} notes; KPI coverage {:.0}%; {} with likely duplicates",
        b.errors,
        b.warnings,
        b.infos,
        b.kpi_coverage * 100.0,
        b.with_duplicates
    );
    let top = top_failing(report, 5);
    if !top.is_empty() {
        let list: Vec<String> = top.iter().map(|(c, n)| format!("{c} ({n})")).collect();
        let _ = writeln!(out, "Most common gaps: {}", list.join(", "));
    }
    if !b.closest_to_ready.is_empty() {
        let keys: Vec<String> = b.closest_to_ready.iter().map(|k| term(k)).collect();
        let _ = writeln!(out, "Closest to ready: {}", keys.join(", "));
    }
    if let Some(line) = hygiene_line(&b.hygiene) {
        let _ = writeln!(out, "Hygiene: {line}");
    }
    out
}

/// "2 stale, 1 oversized, 1 duplicate cluster (2 issues)": the non-zero hygiene counts,
/// or `None` for a clean backlog.
fn hygiene_line(h: &crate::hygiene::HygieneSummary) -> Option<String> {
    let mut parts: Vec<String> = [
        (h.stale, "stale"),
        (h.aging, "aging"),
        (h.oversized, "oversized"),
        (h.orphans, "without a parent"),
        (h.blocked, "blocked"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if h.duplicate_clusters > 0 {
        parts.push(format!(
            "{} duplicate cluster{} ({} issues)",
            h.duplicate_clusters,
            if h.duplicate_clusters == 1 { "" } else { "s" },
            h.issues_in_clusters
        ));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The failing checks by count, most common first (ties by id).
fn top_failing(report: &Report, n: usize) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = report
        .backlog
        .failing_checks
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

/// A grooming-session report to paste into a wiki.
pub fn markdown(report: &Report) -> String {
    let b = &report.backlog;
    let mut out = String::from("# readylens grooming report\n\n");
    let _ = writeln!(
        out,
        "- **Readiness rate:** {:.0}% ({} of {} issues ready; {} almost ready, {} not ready)\n- **Health index:** {:.0}% (acceptance criteria + estimate + clear outcome)\n- **Findings:** {} errors, {} warnings, {} notes\n- **KPI coverage:** {:.0}%\n- **Likely duplicates:** {} issues\n",
        b.readiness_rate * 100.0,
        b.ready,
        b.issues,
        b.almost_ready,
        b.not_ready,
        b.health_index * 100.0,
        b.errors,
        b.warnings,
        b.infos,
        b.kpi_coverage * 100.0,
        b.with_duplicates
    );
    let top = top_failing(report, 10);
    if !top.is_empty() {
        out.push_str("## Most common gaps\n\n| Check | Issues |\n|---|---|\n");
        for (c, n) in top {
            let _ = writeln!(out, "| `{c}` | {n} |");
        }
        out.push('\n');
    }
    if !b.closest_to_ready.is_empty() {
        out.push_str("## Next up: closest to ready\n\n");
        for key in &b.closest_to_ready {
            if let Some(r) = report.issues.iter().find(|r| &r.key == key) {
                let gaps: Vec<String> = r
                    .readiness
                    .checks
                    .iter()
                    .filter(|c| !c.passed && c.severity == Severity::Error)
                    .map(|c| c.next_step.to_string())
                    .collect();
                let _ = writeln!(
                    out,
                    "- **{}** {} — {}",
                    md_cell(&r.key),
                    md_cell(&one_line(&r.title, 100)),
                    md_cell(&gaps.join(" "))
                );
            }
        }
        out.push('\n');
    }
    if let Some(line) = hygiene_line(&b.hygiene) {
        let _ = writeln!(out, "## Backlog hygiene\n\n{line}.\n");
        if !b.hygiene.worst.is_empty() {
            out.push_str("| Key | Title | Problems |\n|---|---|---|\n");
            for o in &b.hygiene.worst {
                let rules: Vec<String> = o.rules.iter().map(|r| format!("`{r}`")).collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    md_cell(&o.key),
                    md_cell(&one_line(&o.title, 100)),
                    rules.join(", ")
                );
            }
            out.push('\n');
        }
    }
    out.push_str(
        "## All issues\n\n| Key | Title | Verdict | Score | Top finding |\n|---|---|---|---|---|\n",
    );
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

/// Text for a Markdown table cell or list item: pipes and backslashes escaped, line
/// breaks (LF and CR) flattened, `<` as an entity so issue text never becomes raw HTML.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Issue text for a terminal: control characters (ANSI escape sequences from hostile
/// issue text, bells, backspaces) become spaces.
fn term(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
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
            count(Severity::Error).to_string(),
            count(Severity::Warning).to_string(),
            rules.join(" "),
            csv_safe(&r.kpis.first().map(|k| k.kpi.clone()).unwrap_or_default()),
            csv_safe(&dups.join(" ")),
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
        assert!(text(&report, false).contains("2 issues"));
        assert!(text(&report, true).contains("\x1b["));
        assert!(!text(&report, false).contains("\x1b["));
        assert!(markdown(&report).contains("| 1 |"));
    }
}
