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

/// The longest of [`SECTION_NAMES`], in bytes.
const LONGEST_SECTION_NAME: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < SECTION_NAMES.len() {
        if SECTION_NAMES[i].len() > longest {
            longest = SECTION_NAMES[i].len();
        }
        i += 1;
    }
    longest
};

fn is_section_name(s: &str) -> bool {
    let n = s
        .trim()
        .trim_end_matches(':')
        .trim()
        .trim_start_matches('#')
        .trim();
    // Lower-casing shrinks a character to no less than a third of its bytes (the Kelvin
    // sign → `k`), so a longer name cannot match; this skips lower-casing whole lines.
    if n.len() > 3 * LONGEST_SECTION_NAME {
        return false;
    }
    SECTION_NAMES.contains(&n.to_lowercase().as_str())
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

/// Units a number of a target is written with, after an optional space (`%` aside).
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

/// The index of the first ASCII digit in `b` at or after `from`, if any. Eight bytes at a
/// time: the WebAssembly build has no SIMD search for this, and most text holds few
/// digits.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte (its low seven bits plus these never carry into the next byte): the high
    // bit is set when the byte is above `9`, resp. at least `0`.
    const ABOVE_NINE: u64 = 0x4646_4646_4646_4646; // 0x7f - 0x39
    const AT_LEAST_ZERO: u64 = 0x5050_5050_5050_5050; // 0x80 - 0x30
    let mut i = from;
    let rest = b.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let low = x & LOW7;
        // A digit: high bit clear (ASCII), at least `0` and not above `9`.
        let digits = (low + AT_LEAST_ZERO) & !(low + ABOVE_NINE) & !x & HIGH;
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// The cheap test before the regexes, from byte `i` of `b` on: where the first number
/// followed by `%` or a unit word (after an optional space) has its `%` or unit.
fn next_target_number(b: &[u8], mut i: usize) -> Option<usize> {
    while let Some(d) = next_digit(b, i) {
        i = d;
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
            return Some(j);
        }
        let k = j + b
            .get(j..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        // Most numbers are followed by no letter (versions, line numbers, stack traces).
        if let Some(word) = b.get(j..k).filter(|w| !w.is_empty()) {
            if UNITS
                .iter()
                .any(|u| u.as_bytes().eq_ignore_ascii_case(word))
            {
                return Some(j);
            }
        }
        i = k.max(i + 1);
    }
    None
}

/// Whether the lower-cased `line` holds the literal that [`target_regexes`]' pattern
/// `i` cannot match without ("from", "by", `%`; the third pattern has none): a regex
/// is run only where it could match.
fn may_match(i: usize, lower: &str) -> bool {
    match i {
        0 => lower.contains("from"),
        1 => lower.contains("by"),
        3 => lower.contains('%'),
        _ => true,
    }
}

/// A cheap test before the regexes: a number followed by `%` or a unit word.
#[cfg(test)]
fn could_hold_target(line: &str) -> bool {
    next_target_number(line.as_bytes(), 0).is_some()
}

/// The lines of `text` (split at `\n`, as `str::split` cuts them) that pass the cheap
/// test for a target, with the byte offset of each, in order. One pass over the text:
/// the numbers and units never span a line break, so testing the whole text finds the
/// same numbers as testing its lines one by one.
fn candidate_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut from = 0usize;
    std::iter::from_fn(move || {
        let hit = next_target_number(b, from)?;
        let start = b
            .get(..hit)
            .and_then(|h| h.iter().rposition(|&c| c == b'\n'))
            .map_or(0, |p| p + 1);
        let end = b
            .get(hit..)
            .and_then(|t| t.iter().position(|&c| c == b'\n'))
            .map_or(b.len(), |p| hit + p);
        from = end + 1;
        Some((start, text.get(start..end).unwrap_or("")))
    })
}

/// Whether `text` holds a measurable target (`!targets_in(text).is_empty()`).
fn has_target(text: &str) -> bool {
    candidate_lines(text).any(|(_, line)| {
        line.len() <= 4000 && {
            let lower = line.to_ascii_lowercase();
            target_regexes()
                .iter()
                .enumerate()
                .any(|(i, re)| may_match(i, &lower) && re.is_match(&lower))
        }
    })
}

/// Measurable targets in `text` as byte spans.
pub(crate) fn targets_in(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    // The regex crate is built without its DFA features (WASM size), so the patterns run
    // on the PikeVM: only lines that could hold a target (a digit and a unit) are searched.
    for (base, line) in candidate_lines(text) {
        if line.len() > 4000 {
            continue;
        }
        // ASCII lower-casing keeps byte offsets, so the patterns need no `(?i)`.
        let lower = line.to_ascii_lowercase();
        for (i, re) in target_regexes().iter().enumerate() {
            if !may_match(i, &lower) {
                continue;
            }
            for m in re.find_iter(&lower) {
                spans.push(Span::new(base + m.start(), base + m.end()));
            }
        }
    }
    if spans.is_empty() {
        return spans;
    }
    if spans.len() > 1 {
        crate::rules::sort::sort_by_key(&mut spans, |s| (s.start, std::cmp::Reverse(s.end)));
    }
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

// A block's text as `Block::text` gives it, borrowed when the block holds it as is.
pub(crate) use crate::rules::text::block_text;

/// Whether a (non-heading) block's text is a one-line section: "KPI: activation rate",
/// "**Success metric:** …".
fn is_inline_section(text: &str) -> bool {
    let trimmed = text.trim_start_matches(|c: char| {
        c == '-' || c == '*' || c == ' ' || c == '[' || c == ']' || c == 'x'
    });
    // The text is read with `**` and `__` removed. Removing them adds no `:` and none
    // spans one, so the name is what precedes the first `:`, with them removed.
    let Some((name, rest)) = trimmed.split_once(':') else {
        return false;
    };
    fn plain(t: &str) -> std::borrow::Cow<'_, str> {
        // `contains("**") || contains("__")` in one pass over the bytes.
        let marked = t.as_bytes().windows(2).any(|w| w == b"**" || w == b"__");
        if marked {
            std::borrow::Cow::Owned(t.replace("**", "").replace("__", ""))
        } else {
            std::borrow::Cow::Borrowed(t)
        }
    }
    is_section_name(&plain(name)) && !plain(rest).trim().is_empty()
}

/// Success-metric sections of a document: (span of the section text in `Doc::text()`).
fn sections_in(doc: &crate::model::Doc) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    // Bytes of `Doc::text()` so far: it writes "\n" before a block only once some text
    // was written, so empty leading blocks take no room.
    let mut written = 0usize;
    let mut in_section = false;
    for b in &doc.blocks {
        let text = block_text(b);
        let len = text.len();
        let offset = if written > 0 { written + 1 } else { 0 };
        match b {
            Block::Heading { text: h, .. } => {
                in_section = is_section_name(h);
            }
            _ => {
                if (in_section && !text.trim().is_empty()) || is_inline_section(&text) {
                    out.push((Span::new(offset, offset + len), text.trim().to_string()));
                }
            }
        }
        written = offset + len;
    }
    out
}

/// Whether a document has a success-metric section (`!sections_in(doc).is_empty()`).
fn has_section(doc: &crate::model::Doc) -> bool {
    let mut in_section = false;
    for b in &doc.blocks {
        match b {
            Block::Heading { text: h, .. } => {
                in_section = is_section_name(h);
            }
            _ => {
                let text = block_text(b);
                if (in_section && !text.trim().is_empty()) || is_inline_section(&text) {
                    return true;
                }
            }
        }
    }
    false
}

/// Every success metric the issue states, in field order.
pub fn success_metrics(issue: &Issue) -> Vec<SuccessMetric> {
    let texts = [
        Some(issue.description.text()),
        issue
            .acceptance_criteria
            .as_ref()
            .map(crate::model::Doc::text),
    ];
    success_metrics_in(issue, &texts)
}

/// [`success_metrics`], given the texts (`Doc::text`) of the description and of the
/// acceptance criteria (`None` when the issue has none).
pub(crate) fn success_metrics_in(issue: &Issue, texts: &[Option<String>; 2]) -> Vec<SuccessMetric> {
    let mut out = Vec::new();
    let [desc_text, ac_text] = texts;
    let docs: [(Field, Option<&crate::model::Doc>, &Option<String>); 2] = [
        (Field::Description, Some(&issue.description), desc_text),
        (
            Field::AcceptanceCriteria,
            issue.acceptance_criteria.as_ref(),
            ac_text,
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
    for (field, doc, full) in docs {
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
        let full = full.as_deref().unwrap_or("");
        for span in targets_in(full) {
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
    // The same answer as `!success_metrics(issue).is_empty()`, stopping at the first
    // evidence. A target inside a section is not listed again, but the section is.
    if has_target(&issue.title) {
        return true;
    }
    let docs = [Some(&issue.description), issue.acceptance_criteria.as_ref()];
    for doc in docs.into_iter().flatten() {
        // `Doc::text()` is the blocks' texts joined by newlines, and targets never span
        // lines, so the blocks can be searched one by one.
        if has_section(doc) || doc.blocks.iter().any(|b| has_target(&block_text(b))) {
            return true;
        }
    }
    let label_metric = issue.labels.iter().any(|label| {
        let lower = label.to_lowercase();
        LABEL_PREFIXES
            .iter()
            .any(|p| lower.starts_with(p) && lower.len() > p.len())
            || is_section_name(&lower)
    });
    label_metric
        || issue
            .fields
            .iter()
            .any(|(name, value)| is_section_name(name) && !value_text(value).trim().is_empty())
}

#[cfg(test)]
pub(crate) mod tests {
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

    #[test]
    fn the_quick_answer_agrees_with_the_full_list() {
        // `has_explicit_success_metric` stops at the first evidence; it must say exactly
        // whether `success_metrics` finds any.
        let para = |t: &str| Block::Paragraph { text: t.into() };
        let heading = |t: &str| Block::Heading {
            level: 2,
            text: t.into(),
        };
        let item = |t: &str| Block::ListItem {
            ordered: false,
            depth: 1,
            checked: Some(false),
            text: t.into(),
        };
        let docs: Vec<Vec<Block>> = vec![
            vec![],
            vec![para("")],
            vec![para("Steps: open the board, click Export")],
            vec![para("**Success metric:** activation rate")],
            vec![para("__KPI__: weekly active teams")],
            vec![para("**Success metric:** **")],
            vec![para("KPI:")],
            vec![para("\u{212A}PI: retention")], // Kelvin sign lower-cases to `k`
            vec![item("OKR: key result 2")],
            vec![heading("Key results"), para("")],
            vec![heading("Key results"), para("more users")],
            vec![heading("Notes"), para("We should reduce tickets by 10%")],
            vec![para("Latency"), para("p95 latency under 200 ms\nok")],
            vec![
                heading("Success metrics"),
                para("increase activation from 30% to 35%"),
            ],
            vec![para("Version 3.4 to 3.5, 20 files")],
            vec![Block::Table {
                rows: vec![vec!["uptime".into(), "99.9% uptime".into()]],
            }],
            vec![Block::Rule, para("keep churn below 2%")],
        ];
        let titles = ["Export as EAD", "Reduce churn by 5%", "Keep 99.9% uptime"];
        let mut checked = 0;
        for title in titles {
            for (d, blocks) in docs.iter().enumerate() {
                for ac in [None, Some(d % docs.len()), Some((d + 5) % docs.len())] {
                    let mut i = Issue {
                        title: title.into(),
                        description: Doc {
                            blocks: blocks.clone(),
                        },
                        acceptance_criteria: ac
                            .and_then(|a| docs.get(a))
                            .map(|b| Doc { blocks: b.clone() }),
                        ..Default::default()
                    };
                    assert_eq!(
                        has_explicit_success_metric(&i),
                        !success_metrics(&i).is_empty(),
                        "{i:?}"
                    );
                    i.labels = vec!["okr-".into(), "backend".into()];
                    assert_eq!(
                        has_explicit_success_metric(&i),
                        !success_metrics(&i).is_empty(),
                        "{i:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, titles.len() * docs.len() * 3);
    }

    /// The cheap test as it was written before it searched whole texts (the reference
    /// the one-pass scan must agree with).
    fn reference_could_hold_target(line: &str) -> bool {
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

    /// `targets_in` as it was written before: line by line.
    fn reference_targets_in(text: &str) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let mut offset = 0usize;
        for line in text.split('\n') {
            let base = offset;
            offset += line.len() + 1;
            if line.len() > 4000 || !reference_could_hold_target(line) {
                continue;
            }
            let lower = line.to_ascii_lowercase();
            for re in target_regexes() {
                for m in re.find_iter(&lower) {
                    spans.push(Span::new(base + m.start(), base + m.end()));
                }
            }
        }
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        let mut out: Vec<Span> = Vec::new();
        for s in spans {
            match out.last_mut() {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => out.push(s),
            }
        }
        out
    }

    /// Real text: the labelled KPI samples (Deep-SE titles and descriptions, Dalpiaz
    /// stories; tests/fixtures/kpi/README sources) and Deep-SE rows
    /// (tests/fixtures/import/deepse_sample.csv, Choetkiertikul et al. 2018). Also the
    /// start of the word scanner's texts (`kpi::text`'s tests).
    pub(crate) const REAL: &[&str] = &[
        include_str!("../../tests/fixtures/kpi/labelled.tsv"),
        include_str!("../../tests/fixtures/kpi/labelled_test3.tsv"),
        include_str!("../../tests/fixtures/kpi/labelled_test4.tsv"),
        include_str!("../../tests/fixtures/kpi/labelled_test5.tsv"),
        include_str!("../../tests/fixtures/kpi/labelled_test6.tsv"),
        include_str!("../../tests/fixtures/import/deepse_sample.csv"),
    ];

    const EDGE: &[&str] = &[
        "",
        "5",
        "5%",
        "5 %",
        "5  %",
        "12345678%",
        "1234567 ms",
        "abcdefg9 s",
        "abcdefgh9s",
        "v1.2,3 days later",
        "1.5.2 hours",
        "3pts 4pp",
        "42 secs\n",
        "\n7%\n",
        "10\n%",
        "10 \nms",
        "caf\u{e9} 9 Minutes",
        "\u{20ac}5 % \u{1f680}",
        "\u{663}% and \u{ff15}%", // non-ASCII digits are not numbers here
        "2 seconds.\r\nno digits here\r\n3 d",
        "reduce tickets by 10%\nincrease activation from 30% to 35%\n\n99.9% uptime",
        "x9 millisecondsy 8 percentage",
        "Keep p95 latency under 200 ms, churn below 2%",
        "0123456789012345678901234567890123456789 mins",
    ];

    #[test]
    fn a_pattern_matches_only_lines_with_its_literal() {
        // The regexes' required literals, as `may_match` assumes them: every match of
        // pattern 0 holds "from", of 1 "by", of 3 `%` (on real text and the edge cases).
        let mut matched = [0usize; 4];
        for line in REAL.iter().chain(EDGE).flat_map(|t| t.split('\n')) {
            let lower = line.to_ascii_lowercase();
            for (i, re) in target_regexes().iter().enumerate() {
                for m in re.find_iter(&lower) {
                    let hit = &lower[m.start()..m.end()];
                    assert!(may_match(i, hit), "pattern {i}: {hit}");
                    if let Some(n) = matched.get_mut(i) {
                        *n += 1;
                    }
                }
            }
        }
        assert!(matched.iter().all(|&n| n > 0), "{matched:?}");
        assert_eq!(target_regexes().len(), 4);
    }

    #[test]
    fn next_digit_finds_the_first_ascii_digit_from_any_start() {
        // Every byte value at every place of a buffer longer than two chunks.
        for v in 0..=255u8 {
            for at in 0..19 {
                let mut buf = [b'a'; 19];
                buf[at] = v;
                buf[0] = 0xe9;
                for from in 0..=buf.len() + 1 {
                    let want = buf
                        .get(from..)
                        .and_then(|r| r.iter().position(u8::is_ascii_digit))
                        .map(|p| p + from);
                    assert_eq!(next_digit(&buf, from), want, "{v} at {at} from {from}");
                }
            }
        }
    }

    #[test]
    fn the_one_pass_scan_finds_the_lines_the_line_by_line_test_did() {
        let mut lines = 0;
        let mut hits = 0;
        for text in REAL.iter().chain(EDGE) {
            let mut want = Vec::new();
            let mut offset = 0;
            for line in text.split('\n') {
                assert_eq!(could_hold_target(line), reference_could_hold_target(line));
                if reference_could_hold_target(line) {
                    want.push((offset, line));
                }
                offset += line.len() + 1;
                lines += 1;
            }
            hits += want.len();
            assert_eq!(candidate_lines(text).collect::<Vec<_>>(), want, "{text}");
            assert_eq!(targets_in(text), reference_targets_in(text));
            assert_eq!(has_target(text), !reference_targets_in(text).is_empty());
            // Row by row too (each row is a title or a description).
            for row in text.lines() {
                let row = row.replace("\\n", "\n");
                assert_eq!(targets_in(&row), reference_targets_in(&row), "{row}");
                assert_eq!(has_target(&row), !reference_targets_in(&row).is_empty());
            }
        }
        assert!(
            lines > 1500 && hits > 20,
            "{lines} lines, {hits} candidates"
        );
    }

    #[test]
    fn rendering_without_copies_gives_the_docs_text() {
        let docs = [
            Doc::default(),
            Doc::from_plain("one\n\n two \nthree"),
            Doc {
                blocks: vec![
                    Block::Paragraph { text: "".into() },
                    Block::Rule,
                    Block::Heading {
                        level: 1,
                        text: "  ".into(),
                    },
                    Block::Code {
                        lang: None,
                        text: "x = 1\n".into(),
                    },
                    Block::Quote { text: "q".into() },
                    Block::ListItem {
                        ordered: true,
                        depth: 2,
                        checked: Some(true),
                        text: "".into(),
                    },
                    Block::Table {
                        rows: vec![vec!["a".into(), "".into()], vec![]],
                    },
                ],
            },
            Doc {
                blocks: vec![Block::Rule, Block::Paragraph { text: " ".into() }],
            },
            Doc {
                blocks: vec![Block::Table { rows: vec![] }],
            },
            Doc {
                blocks: vec![Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "".into(),
                }],
            },
        ];
        assert!(docs[0].is_empty() && !docs[1].is_empty());
    }
}
