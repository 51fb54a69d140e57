//! Explicit success metrics: does the issue itself say how success is measured?
//!
//! Four kinds of evidence, any one is enough:
//! - a section: a heading or a line starting "Success metric:", "KPI:", "OKR:",
//!   "Key result:", "Outcome metric:", "Target metric:", "Measure of success:" with text;
//! - a field: a custom field with one of those names and a non-empty value;
//! - a label: `kpi:…`, `kpi-…`, `okr:…`, `okr-…`, `metric:…`;
//! - a measurable target in the text: "increase activation from 30% to 35%",
//!   "reduce tickets by 10%", "p95 latency under 200 ms", "99.9% uptime".

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use crate::diagnostic::{Field, Span};
use crate::model::{Block, Issue};

/// How the success metric was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MetricSource {
    /// A "Success metric" / "KPI" / "OKR" heading or line.
    Section,
    /// A custom field named like a success metric.
    CustomField,
    /// A `kpi:` / `okr:` / `metric:` label.
    Label,
    /// A measurable target in running text ("from 20% to 30%").
    Target,
}

/// A success metric the issue states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SuccessMetric {
    pub source: MetricSource,
    /// The field the span points into (see `crate::diagnostic::field_text`); `None` for
    /// labels and custom fields, which have no text field of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "string | null"))]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "{ start: number, end: number } | null"))]
    pub span: Option<Span>,
    /// The metric as written (the label, field value, section line or target phrase).
    pub text: String,
}

/// Names of sections, fields and label prefixes that state a success metric.
const SECTION_NAMES: &[&str] = &[
    "success metric",
    "success metrics",
    "success measure",
    "success measures",
    "kpi",
    "kpis",
    "okr",
    "okrs",
    "key result",
    "key results",
    "outcome metric",
    "outcome metrics",
    "target metric",
    "target metrics",
    "measure of success",
    "measures of success",
    "how we measure success",
    "north star",
];

const LABEL_PREFIXES: &[&str] = &["kpi:", "kpi-", "kpi/", "okr:", "okr-", "okr/", "metric:"];

fn is_section_name(s: &str) -> bool {
    let n = s
        .trim()
        .trim_end_matches(':')
        .trim()
        .trim_start_matches('#')
        .trim()
        .to_lowercase();
    SECTION_NAMES.contains(&n.as_str())
}

fn target_regexes() -> &'static [Regex] {
    static RE: OnceLock<Vec<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let num = r"[0-9]+(?:[.,][0-9]+)?";
        let unit = r"(?:[ \t]?%|[ \t]?(?:pp|pts?|points?|percentage points?|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|hours?|days?)(?-u:\b))";
        let verb = r"(?:increase|increasing|raise|raising|grow|growing|improve|improving|boost|boosting|lift|lifting|reduce|reducing|decrease|decreasing|lower|lowering|cut|cutting|drop|dropping|bring|move|moving|halve)";
        let kpi_word = r"(?:p50|p75|p90|p95|p99|latency|response times?|load times?|uptime|availability|error rates?|conversion(?: rate)?|activation(?: rate)?|retention|churn|nps|csat|ces|adoption|drop-?off|time[- ]to[- ]value|ttv|success rate|completion rate|tickets?)";
        let cmp = r"(?:under|below|less than|fewer than|at most|within|above|over|more than|at least|<=?|>=?|≤|≥)";
        let patterns = [
            // "increase activation from 30% to 35%"
            format!(r"(?-u:\b){verb}(?-u:\b)[^.;\n]{{0,60}}?(?-u:\b)from[ \t]+{num}{unit}?[ \t]+to[ \t]+{num}{unit}"),
            // "reduce tickets by 10%"
            format!(r"(?-u:\b){verb}(?-u:\b)[^.;\n]{{0,60}}?(?-u:\b)by[ \t]+{num}{unit}"),
            // "p95 latency under 200 ms", "churn below 2%"
            format!(r"(?-u:\b){kpi_word}(?-u:\b)[^.;\n]{{0,40}}?[ \t]{cmp}[ \t]*{num}{unit}"),
            // "99.9% uptime"
            format!(r"(?-u:\b){num}[ \t]?%[ \t]+(?:uptime|availability|slo|success rate|completion rate|adoption|activation|retention)(?-u:\b)"),
        ];
        patterns.iter().filter_map(|p| Regex::new(p).ok()).collect()
    })
}

/// A cheap test before the regexes: a number followed by `%` or a unit word.
fn could_hold_target(line: &str) -> bool {
    const UNITS: &[&str] = &[
        "pp",
        "pt",
        "pts",
        "point",
        "points",
        "percentage",
        "ms",
        "millisecond",
        "milliseconds",
        "s",
        "sec",
        "secs",
        "second",
        "seconds",
        "min",
        "mins",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
    ];
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
        {
            i += 1;
        }
        let mut j = i;
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        if b.get(j) == Some(&b'%') {
            return true;
        }
        let k = j + b
            .get(j..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if let Some(word) = line.get(j..k) {
            if UNITS.iter().any(|u| u.eq_ignore_ascii_case(word)) {
                return true;
            }
        }
        i = k.max(i + 1);
    }
    false
}

/// Measurable targets in `text` as byte spans.
pub(crate) fn targets_in(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    // The regex crate is built without its DFA features (WASM size), so the patterns run
    // on the PikeVM: only lines that could hold a target (a digit and a unit) are searched.
    let mut offset = 0usize;
    for line in text.split('\n') {
        let base = offset;
        offset += line.len() + 1;
        if line.len() > 4000 || !could_hold_target(line) {
            continue;
        }
        // ASCII lower-casing keeps byte offsets, so the patterns need no `(?i)`.
        let lower = line.to_ascii_lowercase();
        for re in target_regexes() {
            for m in re.find_iter(&lower) {
                spans.push(Span::new(base + m.start(), base + m.end()));
            }
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    // Keep the outermost of overlapping spans.
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Success-metric sections of a document: (span of the section text in `Doc::text()`).
fn sections_in(doc: &crate::model::Doc) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    let mut in_section = false;
    for b in &doc.blocks {
        let text = b.text();
        let len = text.len();
        match b {
            Block::Heading { text: h, .. } => {
                in_section = is_section_name(h);
            }
            _ => {
                let trimmed = text.trim_start_matches(|c: char| {
                    c == '-' || c == '*' || c == ' ' || c == '[' || c == ']' || c == 'x'
                });
                // "KPI: activation rate" / "**Success metric:** …" on one line.
                let plain: String = trimmed.replace("**", "").replace("__", "");
                let inline = plain
                    .split_once(':')
                    .filter(|(name, rest)| is_section_name(name) && !rest.trim().is_empty());
                if (in_section && !text.trim().is_empty()) || inline.is_some() {
                    out.push((Span::new(offset, offset + len), text.trim().to_string()));
                }
            }
        }
        offset += len + 1; // the '\n' between blocks
    }
    out
}

/// Every success metric the issue states, in field order.
pub fn success_metrics(issue: &Issue) -> Vec<SuccessMetric> {
    let mut out = Vec::new();
    let docs: [(Field, Option<&crate::model::Doc>); 2] = [
        (Field::Description, Some(&issue.description)),
        (
            Field::AcceptanceCriteria,
            issue.acceptance_criteria.as_ref(),
        ),
    ];
    for span in targets_in(&issue.title) {
        out.push(SuccessMetric {
            source: MetricSource::Target,
            field: Some(Field::Title),
            span: Some(span),
            text: issue
                .title
                .get(span.start..span.end)
                .unwrap_or("")
                .to_string(),
        });
    }
    for (field, doc) in docs {
        let Some(doc) = doc else { continue };
        let sections = sections_in(doc);
        for (span, text) in &sections {
            out.push(SuccessMetric {
                source: MetricSource::Section,
                field: Some(field),
                span: Some(*span),
                text: text.clone(),
            });
        }
        let full = doc.text();
        for span in targets_in(&full) {
            let inside = sections
                .iter()
                .any(|(s, _)| s.start <= span.start && span.end <= s.end);
            if inside {
                continue;
            }
            out.push(SuccessMetric {
                source: MetricSource::Target,
                field: Some(field),
                span: Some(span),
                text: full.get(span.start..span.end).unwrap_or("").to_string(),
            });
        }
    }
    for label in &issue.labels {
        let lower = label.to_lowercase();
        if LABEL_PREFIXES
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len())
            || is_section_name(&lower)
        {
            out.push(SuccessMetric {
                source: MetricSource::Label,
                field: None,
                span: None,
                text: label.clone(),
            });
        }
    }
    for (name, value) in &issue.fields {
        if !is_section_name(name) {
            continue;
        }
        let text = value_text(value);
        if !text.trim().is_empty() {
            out.push(SuccessMetric {
                source: MetricSource::CustomField,
                field: None,
                span: None,
                text: format!("{name}: {}", text.trim()),
            });
        }
    }
    out
}

/// Plain text of a custom field value (strings, numbers, arrays of them, `{value|name}`).
pub(crate) fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(o) => ["value", "name", "displayName", "text"]
            .iter()
            .find_map(|k| o.get(*k))
            .map(value_text)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether the issue states an explicit success metric (section, field, label or a
/// measurable target). The readiness checks reuse this.
pub fn has_explicit_success_metric(issue: &Issue) -> bool {
    !success_metrics(issue).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Doc;

    fn with_desc(title: &str, desc: &str) -> Issue {
        Issue {
            title: title.into(),
            description: Doc::from_plain(desc),
            ..Default::default()
        }
    }

    #[test]
    fn targets_from_the_issue_text_are_found_with_spans() {
        for (text, want) in [
            (
                "Goal: increase activation from 30% to 35%.",
                "increase activation from 30% to 35%",
            ),
            (
                "We want to reduce tickets by 10% this quarter",
                "reduce tickets by 10%",
            ),
            (
                "Keep p95 latency under 200 ms for the board",
                "p95 latency under 200 ms",
            ),
            ("Target 99.9% uptime for the API", "99.9% uptime"),
        ] {
            let spans = targets_in(text);
            assert_eq!(spans.len(), 1, "{text}: {spans:?}");
            assert_eq!(&text[spans[0].start..spans[0].end], want);
        }
    }

    #[test]
    fn technical_numbers_are_not_targets() {
        // from ../shared/data/issues/deepse titles (Choetkiertikul et al. 2018)
        for text in [
            "Android: Update Appcompat Lib to 22.1 & Alert Dialogs with material", // TIMOB-18905
            "Studio 3.4 refers to Mule 3.2 schemas in the XML catalog",            // STUDIO-2671
            "Increase the heap from 512m to 1g in the launcher",
            "Update com.jayway.jsonpath to latest version", // XD-2654
        ] {
            assert!(targets_in(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn sections_labels_and_fields_count_as_explicit_metrics() {
        let mut i = with_desc(
            "Guided setup",
            "Some context\nSuccess metric: activation rate of new workspaces",
        );
        let m = success_metrics(&i);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].source, MetricSource::Section);
        let full = i.description.text();
        let sp = m[0].span.unwrap();
        assert!(full[sp.start..sp.end].contains("activation rate"));

        i.description = Doc {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    text: "KPIs".into(),
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "weekly active teams".into(),
                },
            ],
        };
        assert!(has_explicit_success_metric(&i));

        let mut j = with_desc("Export as EAD", "");
        assert!(!has_explicit_success_metric(&j));
        j.labels = vec!["kpi:retention".into()];
        assert!(has_explicit_success_metric(&j));
        j.labels = vec!["kpi".into(), "backend".into()];
        assert!(has_explicit_success_metric(&j));
        j.labels.clear();
        j.fields
            .insert("Success Metric".into(), serde_json::json!("NPS +5"));
        assert!(has_explicit_success_metric(&j));
        j.fields
            .insert("Success Metric".into(), serde_json::json!(""));
        assert!(!has_explicit_success_metric(&j));
    }
}
