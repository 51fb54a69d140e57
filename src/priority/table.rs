//! The ranked backlog as a plain-text table, for the CLI (`readylens … --rank rice`).
//! It lives here rather than in `render.rs` so that the ranking and its words stay in
//! one place.

use std::fmt::Write as _;

use super::rank::{inversions, ranking, TieBreak};
use super::scale::{fmt_score, quote};
use super::{ConfidenceLevel, Framework, PriorityReport};

fn level(l: ConfidenceLevel) -> &'static str {
    match l {
        ConfidenceLevel::High => "high",
        ConfidenceLevel::Medium => "medium",
        ConfidenceLevel::Low => "low",
        ConfidenceLevel::None => "-",
    }
}

/// Render `reports` ranked by `framework`. `keys[i]` and `titles[i]` name issue `i`;
/// missing entries print as `#i`.
pub fn ranked_table(
    keys: &[String],
    titles: &[String],
    reports: &[PriorityReport],
    framework: Framework,
) -> String {
    let key = |i: usize| keys.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    let rows = ranking(reports, framework);
    let kw = rows
        .iter()
        .map(|r| key(r.index).chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 24);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Ranked by {} (score, then fewer missing inputs, then backlog order)",
        framework.label()
    );
    let _ = writeln!(
        out,
        "{:>4}  {:<kw$}  {:<40}  {:>10}  {:<6}  why",
        "#", "key", "title", "score", "conf"
    );
    for r in &rows {
        let title = titles
            .get(r.index)
            .map(|t| quote(t, 40))
            .unwrap_or_default();
        let score = r.score.map(fmt_score).unwrap_or_else(|| "-".to_string());
        let conf = reports
            .get(r.index)
            .and_then(|p| p.get(framework))
            .map(|f| level(f.confidence_level))
            .unwrap_or("-");
        let mut why = r.explanation.clone();
        match r.decided_by {
            TieBreak::MissingInputs | TieBreak::OriginalOrder => {
                let others: Vec<String> = r.tied_with.iter().map(|&j| key(j)).collect();
                let by = if r.decided_by == TieBreak::MissingInputs {
                    "more missing inputs"
                } else {
                    "backlog order"
                };
                if !others.is_empty() {
                    let more = r.tie_count.saturating_sub(others.len());
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    let _ = write!(why, "  [tie with {}{more}: {by}]", others.join(", "));
                }
            }
            TieBreak::Score | TieBreak::Unscored => {}
        }
        let _ = writeln!(
            out,
            "{:>4}  {:<kw$}  {:<40}  {:>10}  {:<6}  {}",
            r.position,
            quote(&key(r.index), kw),
            title,
            score,
            conf,
            why
        );
    }
    let inv = inversions(reports, framework);
    if !inv.is_empty() {
        let _ = writeln!(out, "Rank inversions (tracker vs {}):", framework.label());
        for v in inv {
            let _ = writeln!(out, "  {}: {}", key(v.index), v.explanation);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Doc, Issue, Priority};

    #[test]
    fn table_lists_every_issue_and_names_ties() {
        // Titles from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018)
        let mk = |key: &str, title: &str, text: &str, prio: &str| Issue {
            key: key.into(),
            title: title.into(),
            description: Doc::from_plain(text),
            priority: Some(Priority::from_name(prio)),
            ..Default::default()
        };
        let issues = [
            mk(
                "XD-2116",
                "Add REST resource sink",
                "RICE: 100/1/100%/1",
                "Low",
            ),
            mk(
                "XD-2139",
                "Add ftp sink to default sink modules",
                "RICE: 100/1/100%/1",
                "High",
            ),
            mk(
                "XD-2942",
                "Add ftp source to default source modules",
                "",
                "High",
            ),
        ];
        let cfg = super::super::PriorityConfig::default();
        let reports: Vec<_> = issues
            .iter()
            .map(|i| super::super::score(i, &cfg))
            .collect();
        let keys: Vec<String> = issues.iter().map(|i| i.key.clone()).collect();
        let titles: Vec<String> = issues.iter().map(|i| i.title.clone()).collect();
        let t = ranked_table(&keys, &titles, &reports, Framework::Rice);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 5, "{t}");
        assert!(lines[2].contains("XD-2116") && lines[2].contains("RICE 100 = 100 × 1 × 1 ÷ 1"));
        assert!(
            lines[3].contains("[tie with XD-2116: backlog order]"),
            "{t}"
        );
        assert!(
            lines[4].contains("XD-2942") && lines[4].contains("not scored"),
            "{t}"
        );
    }
}
