//! Find an issue's acceptance criteria wherever they live, with byte spans.
//!
//! Sources, in order:
//! 1. the tracker's own acceptance-criteria field ([`Issue::acceptance_criteria`]);
//! 2. description sections under a heading such as "Acceptance Criteria", "AC",
//!    "Acceptance tests", "Conditions of satisfaction" or "Done when" (a heading block, a
//!    label line such as `*Acceptance criteria:*`, or a label followed by the criteria on
//!    the same line, as flattened exports write them);
//! 3. Gherkin scenarios (`Scenario:` / Given / When / Then / And / But), also written on
//!    one line ("Given …, when …, then …");
//! 4. checklists (task-list items) in the description when no criteria section exists.
//!
//! "Definition of Done" sections are kept apart in [`Criteria::definition_of_done`]: they
//! are the team's general checklist, not this issue's criteria.
//!
//! Spans are byte offsets into [`crate::diagnostic::field_text`] of the criterion's field.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Field, Span};
use crate::model::{Block, Doc, Issue};

/// Where a criterion was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriteriaSource {
    /// The tracker's acceptance-criteria field.
    Field,
    /// A description section under a criteria heading.
    Section,
    /// A Gherkin scenario in the description.
    Gherkin,
    /// A checklist in the description.
    Checklist,
}

/// A Gherkin step keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKeyword {
    Given,
    When,
    Then,
    And,
    But,
}

/// One acceptance criterion (a list item, a line, or one Gherkin step).
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub field: Field,
    /// The criterion's text, without bullet or checkbox markers.
    pub span: Span,
    pub text: String,
    pub source: CriteriaSource,
    /// `Some(done)` for checklist items.
    pub checked: Option<bool>,
    /// For Gherkin steps: the scenario index in [`Criteria::scenarios`], the written
    /// keyword and the effective one (`And`/`But` take the previous step's keyword).
    pub step: Option<(usize, StepKeyword, StepKeyword)>,
}

/// A Gherkin scenario: its steps are also listed in [`Criteria::items`].
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub field: Field,
    /// From the scenario title (or first step) to the end of its last step.
    pub span: Span,
    pub title: Option<Span>,
    /// Indexes into [`Criteria::items`].
    pub steps: Vec<usize>,
}

/// Everything found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Criteria {
    pub items: Vec<Criterion>,
    pub scenarios: Vec<Scenario>,
    pub definition_of_done: Vec<Criterion>,
    /// The criteria headings found (field, span of the heading text).
    pub headings: Vec<(Field, Span)>,
    /// A custom tracker field named like "Acceptance Criteria" that holds text but was
    /// not mapped to [`Issue::acceptance_criteria`] by the importer.
    pub custom_field: Option<String>,
}

impl Criteria {
    /// No criteria anywhere.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.custom_field.is_none()
    }

    /// Separate criteria: every non-Gherkin item plus one per scenario.
    pub fn count(&self) -> usize {
        self.items.iter().filter(|c| c.step.is_none()).count() + self.scenarios.len()
    }

    /// The text of each separate criterion with its field and span: non-Gherkin items
    /// and whole scenarios, in document order.
    pub fn units(&self) -> Vec<(Field, Span)> {
        let mut out: Vec<(Field, Span)> = self
            .items
            .iter()
            .filter(|c| c.step.is_none())
            .map(|c| (c.field, c.span))
            .collect();
        out.extend(self.scenarios.iter().map(|s| (s.field, s.span)));
        crate::rules::sort::sort_by_key(&mut out, |(f, s)| (field_order(*f), s.start));
        out
    }
}

fn field_order(f: Field) -> u8 {
    match f {
        Field::AcceptanceCriteria => 0,
        Field::Description => 1,
        _ => 2,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    Heading(u8),
    Para,
    Item { checked: Option<bool> },
    Code,
    TableRow { first: bool },
}

/// One line of a field's text: a block, a line of a block, or a segment of a
/// flattened paragraph.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Where the content starts (after bullets and checkbox markers).
    start: usize,
    end: usize,
    kind: LineKind,
}

use crate::rules::text::cached_regex as re;

/// `- `, `* `, `** `, `# `, `1. `, `a) ` bullets, then an optional `[ ]`/`[x]`.
fn marker_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"^\s*(?:(?:[-*•+]+|#+|\d{1,3}[.)]|[a-z][.)])\s+)?(?:\[([ xX✓])\]\s*)?",
    )
}

/// [`marker_re`]'s match at the start of `s`: where the marker ends and the checkbox's
/// character, if any. The regex always matches (every part is optional); a line that
/// starts with an ASCII character no part can match (most prose) is answered without
/// running it, as captures run the slow PikeVM in the WebAssembly build.
fn read_marker(s: &str) -> Option<(usize, Option<&str>)> {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        let may_start = !c.is_ascii_graphic()
            || matches!(c, '-' | '*' | '+' | '#' | '[' | '0'..='9')
            || (c.is_ascii_lowercase() && matches!(chars.next(), Some('.' | ')')));
        if !may_start {
            return Some((0, None));
        }
    }
    let c = marker_re()?.captures(s)?;
    Some((
        c.get(0).map_or(0, |m| m.end()),
        c.get(1).map(|m| m.as_str()),
    ))
}

/// A criteria heading, alone on its line or followed by `:` and the criteria.
fn heading_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)^[\s#*_>]*(?:h[1-6]\.\s*)?[*_]*\s*(acceptance\s+criteri(?:a|on|as)|acceptance\s+tests?|ac|a/c|criteria|conditions?\s+of\s+satisfaction|success\s+criteria|done\s+when|definition\s+of\s+done|dod)\s*(?:\(\w+\))?\s*[*_]*\s*(:|$)",
    )
}

/// A label that starts another section ("Notes:", "Out of scope:").
fn other_section_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)^[\s#*_]*(?:h[1-6]\.\s*)?[*_]*\s*(notes?|nb|out\s+of\s+scope|non-goals|technical\s+notes?|tech\s+notes|implementation\s+notes?|open\s+questions|questions|background|context|description|summary|design|mockups?|wireframes?|links?|resources|references|dependencies|assumptions|risks|steps\s+to\s+reproduce|expected\s+results?|actual\s+results?|workaround|environment|attachments?|tasks|sub-?tasks|test\s+notes|testing\s+notes|story|user\s+story|problem|solution|proposal|motivation|goal|goals|scope)\s*[*_]*\s*:",
    )
}

fn gherkin_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(&CELL, r"(?i)^(given|when|then|and|but)\b\s*")
}

fn scenario_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)^[*_]*(scenario(?:\s+outline)?|scenarios)\s*[*_]*\s*:",
    )
}

/// Further steps inside one line: ", when …", ". Then …".
fn inline_step_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)(?:[,.;]\s*|\s+-\s+|\s{2,})(when|then|and then)\b\s*",
    )
}

fn keyword_of(word: &str) -> Option<StepKeyword> {
    match word.to_ascii_lowercase().as_str() {
        "given" => Some(StepKeyword::Given),
        "when" => Some(StepKeyword::When),
        "then" | "and then" => Some(StepKeyword::Then),
        "and" => Some(StepKeyword::And),
        "but" => Some(StepKeyword::But),
        _ => None,
    }
}

/// Split a paragraph line at runs of 2+ spaces (newlines flattened by exports), then
/// read bullet markers.
fn push_segments(text: &str, start: usize, end: usize, out: &mut Vec<Line>) {
    let Some(seg_text) = text.get(start..end) else {
        return;
    };
    let mut seg_start = 0;
    let bytes = seg_text.as_bytes();
    let mut i = 0;
    let mut cuts = Vec::new();
    while i < bytes.len() {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            if j - i >= 2 && i > 0 && j < bytes.len() {
                cuts.push((i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    for (a, b) in cuts {
        push_star_split(text, start + seg_start, start + a, out);
        seg_start = b;
    }
    push_star_split(text, start + seg_start, end, out);
}

/// A flattened segment "* a * b" (Jira wiki bullets written on one line) is several
/// items; only `*` and `#` markers are split, as " - " is common inside prose.
fn push_star_split(text: &str, start: usize, end: usize, out: &mut Vec<Line>) {
    let starts_star = text
        .get(start..end)
        .is_some_and(|s| s.starts_with("* ") || s.starts_with("# ") || s.starts_with("** "));
    if starts_star {
        split_inline(text, start, end, out);
    } else {
        push_marked(text, start, end, out);
    }
}

fn push_marked(text: &str, start: usize, end: usize, out: &mut Vec<Line>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    if s.trim().is_empty() {
        return;
    }
    let (skip, checked, bullet) = match read_marker(s) {
        Some((whole, checkbox)) => {
            let checked = checkbox.map(|m| m != " ");
            let bullet = whole > 0 && s.get(..whole).is_some_and(|p| p.trim() != "");
            (whole, checked, bullet)
        }
        None => (0, None, false),
    };
    // "# Acceptance criteria" is a heading, not an ordered item.
    let is_heading = heading_re().is_some_and(|r| r.is_match(s));
    let kind = if (bullet || checked.is_some()) && !is_heading {
        LineKind::Item { checked }
    } else {
        LineKind::Para
    };
    let content = if matches!(kind, LineKind::Item { .. }) {
        start + skip
    } else {
        start
    };
    let (cs, ce) = super::text::trim_span(text, content, end);
    if ce > cs {
        out.push(Line {
            start: cs,
            end: ce,
            kind,
        });
    }
}

/// The lines of `doc`, whose rendering ([`Doc::text`]) is `text`.
fn doc_lines(doc: &Doc, text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut off = 0usize;
    for b in &doc.blocks {
        let rendered = super::text::block_text(b);
        let bstart = off;
        let bend = off + rendered.len();
        match b {
            Block::Heading { level, .. } => {
                let (s, e) = super::text::trim_span(text, bstart, bend);
                lines.push(Line {
                    start: s,
                    end: e,
                    kind: LineKind::Heading(*level),
                });
            }
            Block::ListItem {
                checked, text: t, ..
            } => {
                let cstart = bend.saturating_sub(t.len()).max(bstart);
                let (s, e) = super::text::trim_span(text, cstart, bend);
                // A bare "[ ]" written inside a plain item is still a checkbox.
                let mut checked = *checked;
                let mut s = s;
                if checked.is_none() {
                    if let Some((end, Some(m))) = read_marker(text.get(s..e).unwrap_or("")) {
                        checked = Some(m != " ");
                        s += end;
                    }
                }
                if e > s {
                    lines.push(Line {
                        start: s,
                        end: e,
                        kind: LineKind::Item { checked },
                    });
                }
            }
            Block::Paragraph { .. } | Block::Quote { .. } => {
                let mut ls = bstart;
                for l in rendered.split('\n') {
                    let le = ls + l.len();
                    push_segments(text, ls, le, &mut lines);
                    ls = le + 1;
                }
            }
            Block::Code { .. } => {
                let mut ls = bstart;
                for l in rendered.split('\n') {
                    let le = ls + l.len();
                    let (s, e) = super::text::trim_span(text, ls, le);
                    if e > s {
                        lines.push(Line {
                            start: s,
                            end: e,
                            kind: LineKind::Code,
                        });
                    }
                    ls = le + 1;
                }
            }
            Block::Table { .. } => {
                let mut ls = bstart;
                for (i, l) in rendered.split('\n').enumerate() {
                    let le = ls + l.len();
                    let (s, e) = super::text::trim_span(text, ls, le);
                    if e > s {
                        lines.push(Line {
                            start: s,
                            end: e,
                            kind: LineKind::TableRow { first: i == 0 },
                        });
                    }
                    ls = le + 1;
                }
            }
            Block::Rule => {}
        }
        off = bend + 1;
    }
    drop_wiki_code(text, lines)
}

/// Lines between Jira `{code}` / `{noformat}` macros are code or logs, not prose: drop
/// them (and the macro lines) so they are never read as criteria.
fn drop_wiki_code(text: &str, lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut inside: Option<&str> = None;
    for l in lines {
        let t = text.get(l.start..l.end).unwrap_or("").trim();
        let macro_name = ["{code", "{noformat"]
            .into_iter()
            .find(|m| t.starts_with(m) && t.ends_with('}') && !t.contains(' '));
        match (inside, macro_name) {
            (None, Some(m)) => inside = Some(m),
            (Some(open), Some(m)) if open == m => inside = None,
            (None, None) => out.push(l),
            _ => {}
        }
    }
    out
}

enum Heading {
    Criteria,
    Done,
}

/// If `line` is a criteria/DoD heading: which one, the heading span, and where inline
/// content starts (when the criteria follow on the same line).
fn heading_of(text: &str, line: &Line) -> Option<(Heading, Span, Option<usize>)> {
    let s = text.get(line.start..line.end)?;
    let caps = heading_re()?.captures(s)?;
    let name = caps.get(1)?;
    let term = caps.get(2)?;
    let lower = name.as_str().to_ascii_lowercase();
    let which = if lower.starts_with("definition") || lower == "dod" {
        Heading::Done
    } else {
        Heading::Criteria
    };
    // "AC"/"criteria" alone must be a heading block or carry a colon.
    let short = matches!(lower.as_str(), "ac" | "a/c" | "criteria" | "dod");
    if short && term.as_str() != ":" && !matches!(line.kind, LineKind::Heading(_)) {
        return None;
    }
    let after = term.end();
    let inline = s
        .get(after..)
        .filter(|r| !r.trim().is_empty())
        .map(|r| line.start + after + (r.len() - r.trim_start().len()));
    let span = Span::new(line.start + name.start(), line.start + name.end());
    Some((which, span, inline))
}

/// Split inline criteria ("* a * b * c") at the marker they start with.
fn split_inline(text: &str, start: usize, end: usize, out: &mut Vec<Line>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let marker: String = s
        .chars()
        .take_while(|c| matches!(c, '*' | '#' | '-' | '•'))
        .collect();
    let starts_marked = !marker.is_empty() && s[marker.len()..].starts_with(' ');
    if !starts_marked {
        push_marked(text, start, end, out);
        return;
    }
    // Cut before " <marker> " (single markers of the same kind, nested "**" too).
    let first = marker.chars().next().unwrap_or('*');
    let mut cuts = vec![0usize];
    let bytes = s.as_bytes();
    let mut i = 1;
    while i + 2 < bytes.len() {
        if bytes[i] == b' ' && bytes[i + 1] == first as u8 {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] == first as u8 {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b' ' {
                cuts.push(i + 1);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    cuts.push(s.len());
    for w in cuts.windows(2) {
        if let [a, b] = *w {
            push_marked(text, start + a, start + b, out);
        }
    }
}

/// Extract the acceptance criteria of `issue`.
pub fn extract_criteria(issue: &Issue) -> Criteria {
    let description = issue.description.text();
    let acceptance = issue
        .acceptance_criteria
        .as_ref()
        .map(crate::model::Doc::text)
        .unwrap_or_default();
    extract_criteria_in(issue, &description, &acceptance)
}

/// [`extract_criteria`] with the issue's description and acceptance-criteria field
/// already rendered ([`Doc::text`]; empty when there is no such field).
pub fn extract_criteria_in(issue: &Issue, description: &str, acceptance: &str) -> Criteria {
    let mut out = Criteria::default();
    if let Some(ac) = &issue.acceptance_criteria {
        let lines = doc_lines(ac, acceptance);
        collect_field(acceptance, &lines, &mut out);
    }
    let lines = doc_lines(&issue.description, description);
    collect_description(description, &lines, &mut out);
    if out.items.is_empty() {
        out.custom_field = issue
            .fields
            .iter()
            .find(|(k, v)| {
                let k = k.to_ascii_lowercase();
                (k.contains("acceptance criteria") || k.contains("acceptance-criteria"))
                    && match v {
                        serde_json::Value::String(s) => !s.trim().is_empty(),
                        serde_json::Value::Null => false,
                        serde_json::Value::Array(a) => !a.is_empty(),
                        _ => true,
                    }
            })
            .map(|(k, _)| k.clone());
    }
    out
}

/// Every line of the acceptance-criteria field is a criterion (headings aside).
fn collect_field(text: &str, lines: &[Line], out: &mut Criteria) {
    let mut body = Vec::new();
    let mut in_done = false;
    for line in lines {
        if let Some((which, span, inline)) = heading_of(text, line) {
            in_done = matches!(which, Heading::Done);
            if !in_done {
                out.headings.push((Field::AcceptanceCriteria, span));
            }
            if let Some(is) = inline {
                let mut v = Vec::new();
                split_inline(text, is, line.end, &mut v);
                if in_done {
                    push_plain(
                        text,
                        &v,
                        Field::AcceptanceCriteria,
                        CriteriaSource::Field,
                        &mut out.definition_of_done,
                    );
                } else {
                    body.extend(v);
                }
            }
            continue;
        }
        if matches!(line.kind, LineKind::Heading(_)) {
            in_done = false;
            continue;
        }
        if in_done {
            push_plain(
                text,
                std::slice::from_ref(line),
                Field::AcceptanceCriteria,
                CriteriaSource::Field,
                &mut out.definition_of_done,
            );
        } else {
            body.push(*line);
        }
    }
    push_with_gherkin(
        text,
        &body,
        Field::AcceptanceCriteria,
        CriteriaSource::Field,
        out,
    );
}

fn push_plain(
    text: &str,
    lines: &[Line],
    field: Field,
    source: CriteriaSource,
    to: &mut Vec<Criterion>,
) {
    for l in lines {
        if is_sub_label(text, l) {
            continue;
        }
        if let Some(t) = text.get(l.start..l.end) {
            to.push(Criterion {
                field,
                span: Span::new(l.start, l.end),
                text: t.to_string(),
                source,
                checked: match l.kind {
                    LineKind::Item { checked } => checked,
                    _ => None,
                },
                step: None,
            });
        }
    }
}

/// A lead-in line ending in ':' ("Filters:", "As a user I should be able to:"), a
/// table's header row, or a wiki macro line ("{code}") is not a criterion.
fn is_sub_label(text: &str, l: &Line) -> bool {
    let t = text.get(l.start..l.end).unwrap_or("");
    t.ends_with(':') || matches!(l.kind, LineKind::TableRow { first: true }) || is_macro(t)
}

/// Jira wiki macros on their own line: `{code}`, `{noformat}`, `{code:java}`.
fn is_macro(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('{') && t.ends_with('}') && !t.contains(' ')
}

/// A line that is all bold or italic ("*Old Description*", "_Notes_") is a heading in
/// wiki and Markdown text.
fn is_emphasis_heading(t: &str) -> bool {
    let t = t.trim().trim_end_matches(':');
    t.len() > 2
        && ((t.starts_with('*') && t.ends_with('*')) || (t.starts_with('_') && t.ends_with('_')))
        && !t[1..t.len() - 1].contains(['*', '_'])
}

/// Turn body lines into criteria, grouping Gherkin steps into scenarios.
fn push_with_gherkin(
    text: &str,
    lines: &[Line],
    field: Field,
    source: CriteriaSource,
    out: &mut Criteria,
) {
    let mut current: Option<usize> = None; // scenario index
    let mut last_eff: Option<StepKeyword> = None;
    for l in lines {
        let Some(t) = text.get(l.start..l.end) else {
            continue;
        };
        if let Some(c) = scenario_re().and_then(|r| r.captures(t)) {
            let title_start = c.get(0).map(|m| m.end()).unwrap_or(0);
            let (ts, te) = super::text::trim_span(text, l.start + title_start, l.end);
            out.scenarios.push(Scenario {
                field,
                span: Span::new(l.start, l.end),
                title: (te > ts).then(|| Span::new(ts, te)),
                steps: Vec::new(),
            });
            current = Some(out.scenarios.len() - 1);
            last_eff = None;
            continue;
        }
        let mut steps = split_steps(t);
        // "When X, Y happens" alone is a conditional criterion, not an incomplete
        // scenario; "And …"/"But …" with no scenario open is prose.
        let open_given = current.is_some() && last_eff != Some(StepKeyword::Then);
        if let [(kw, _, _)] = steps.as_slice() {
            let lone = match kw {
                StepKeyword::When | StepKeyword::Then => !open_given,
                StepKeyword::And | StepKeyword::But => current.is_none(),
                StepKeyword::Given => false,
            };
            if lone {
                steps.clear();
            }
        }
        if steps.is_empty() {
            current = None;
            last_eff = None;
            if !is_sub_label(text, l) {
                push_plain(text, std::slice::from_ref(l), field, source, &mut out.items);
            }
            continue;
        }
        for (kw, a, b) in steps {
            let eff = match kw {
                StepKeyword::And | StepKeyword::But => last_eff.unwrap_or(StepKeyword::Given),
                k => k,
            };
            // A new Given, or a When after a Then, starts a new scenario.
            let starts_new = match (current, last_eff) {
                (None, _) => true,
                (Some(_), Some(StepKeyword::Then)) => {
                    matches!(eff, StepKeyword::Given | StepKeyword::When)
                }
                (Some(_), Some(_)) => false,
                (Some(i), None) => out.scenarios.get(i).map_or(true, |s| !s.steps.is_empty()),
            };
            let idx = match current {
                Some(i)
                    if !starts_new || out.scenarios.get(i).is_some_and(|s| s.steps.is_empty()) =>
                {
                    i
                }
                _ => {
                    out.scenarios.push(Scenario {
                        field,
                        span: Span::new(l.start + a, l.start + b),
                        title: None,
                        steps: Vec::new(),
                    });
                    out.scenarios.len() - 1
                }
            };
            let (ss, se) = super::text::trim_span_punct(text, l.start + a, l.start + b);
            if let Some(sc) = out.scenarios.get_mut(idx) {
                sc.steps.push(out.items.len());
                sc.span.end = sc.span.end.max(se);
            }
            out.items.push(Criterion {
                field,
                span: Span::new(ss, se),
                text: text.get(ss..se).unwrap_or("").to_string(),
                source,
                checked: None,
                step: Some((idx, kw, eff)),
            });
            current = Some(idx);
            last_eff = Some(eff);
        }
    }
}

/// The Gherkin steps written in one line: `(keyword, start, end)` relative to `t`.
fn split_steps(t: &str) -> Vec<(StepKeyword, usize, usize)> {
    let Some(first) = gherkin_re().and_then(|r| r.captures(t)) else {
        return Vec::new();
    };
    let (Some(kw), Some(all)) = (first.get(1), first.get(0)) else {
        return Vec::new();
    };
    let Some(k0) = keyword_of(kw.as_str()) else {
        return Vec::new();
    };
    let mut marks = vec![(k0, 0usize)];
    if let Some(r) = inline_step_re() {
        for c in r.captures_iter(t) {
            if let (Some(m), Some(w)) = (c.get(0), c.get(1)) {
                if m.start() >= all.end() {
                    if let Some(k) = keyword_of(w.as_str()) {
                        marks.push((k, w.start()));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, (k, s)) in marks.iter().enumerate() {
        let e = marks.get(i + 1).map(|(_, n)| *n).unwrap_or(t.len());
        out.push((*k, *s, e));
    }
    out
}

fn is_step_line(text: &str, l: &Line) -> bool {
    text.get(l.start..l.end)
        .is_some_and(|t| !split_steps(t).is_empty() || scenario_re().is_some_and(|r| r.is_match(t)))
}

fn collect_description(text: &str, lines: &[Line], out: &mut Criteria) {
    let field = Field::Description;
    let mut i = 0;
    let mut used = vec![false; lines.len()];
    let mut found_section = false;
    while i < lines.len() {
        let Some(line) = lines.get(i) else { break };
        let Some((which, span, inline)) = heading_of(text, line) else {
            i += 1;
            continue;
        };
        let level = match line.kind {
            LineKind::Heading(l) => Some(l),
            _ => None,
        };
        let mut body = Vec::new();
        if let Some(is) = inline {
            split_inline(text, is, line.end, &mut body);
        }
        used[i] = true;
        let mut j = i + 1;
        while let Some(l) = lines.get(j) {
            let ends = match l.kind {
                LineKind::Heading(lv) => level.map_or(true, |l| lv <= l),
                _ => false,
            } || heading_of(text, l).is_some()
                || (!matches!(l.kind, LineKind::Item { .. })
                    && is_emphasis_heading(text.get(l.start..l.end).unwrap_or("")))
                || (!matches!(l.kind, LineKind::Item { .. })
                    && other_section_re()
                        .is_some_and(|r| r.is_match(text.get(l.start..l.end).unwrap_or(""))));
            if ends {
                break;
            }
            body.push(*l);
            used[j] = true;
            j += 1;
        }
        match which {
            Heading::Criteria => {
                found_section = true;
                out.headings.push((field, span));
                push_with_gherkin(text, &body, field, CriteriaSource::Section, out);
            }
            Heading::Done => push_plain(
                text,
                &body,
                field,
                CriteriaSource::Section,
                &mut out.definition_of_done,
            ),
        }
        i = j;
    }
    // Gherkin outside a criteria section: only when it is clearly Gherkin (a Scenario
    // line, or a Given followed by a When/Then), so prose starting with "When" is not
    // read as a step.
    let mut k = 0;
    while k < lines.len() {
        let Some(l) = lines.get(k) else { break };
        let t = text.get(l.start..l.end).unwrap_or("");
        let scen = scenario_re().is_some_and(|r| r.is_match(t));
        let given = split_steps(t)
            .first()
            .is_some_and(|(kw, _, _)| *kw == StepKeyword::Given);
        if used.get(k).copied().unwrap_or(true) || !(scen || given) {
            k += 1;
            continue;
        }
        let mut m = k;
        while m < lines.len()
            && !used.get(m).copied().unwrap_or(true)
            && lines.get(m).is_some_and(|l| is_step_line(text, l))
        {
            m += 1;
        }
        let block: Vec<Line> = lines.get(k..m).map(|s| s.to_vec()).unwrap_or_default();
        // Outside a criteria section only a block with both a When and a Then is read
        // as Gherkin ("Given this, we can …, then …" is prose).
        let kws: Vec<StepKeyword> = block
            .iter()
            .flat_map(|l| split_steps(text.get(l.start..l.end).unwrap_or("")))
            .map(|(kw, _, _)| kw)
            .collect();
        if kws.contains(&StepKeyword::When) && kws.contains(&StepKeyword::Then) {
            push_with_gherkin(text, &block, field, CriteriaSource::Gherkin, out);
            for u in used.iter_mut().take(m).skip(k) {
                *u = true;
            }
        }
        k = m.max(k + 1);
    }
    if !found_section && out.items.is_empty() {
        let checklist: Vec<Line> = lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Item { checked: Some(_) }))
            .copied()
            .collect();
        push_plain(
            text,
            &checklist,
            field,
            CriteriaSource::Checklist,
            &mut out.items,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::field_text;

    fn issue_with(desc: Doc, ac: Option<Doc>) -> Issue {
        Issue {
            title: "t".into(),
            description: desc,
            acceptance_criteria: ac,
            ..Default::default()
        }
    }

    fn texts(c: &Criteria) -> Vec<&str> {
        c.items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn read_marker_answers_like_the_marker_regex() {
        // Lines from ../shared/data/issues/deepse/mulestudio.csv and mesos.csv
        // (Choetkiertikul et al. 2018), with the markers the regex knows and near misses.
        let lines = [
            "I can sort by CreatedDate ascending or descending with Salesforce",
            "* Sorting is not enabled if connector does not support it.",
            "** nested item",
            "# Acceptance criteria",
            "1. Fetch the executor once",
            "12) Cache the executor",
            "1234. not a marker",
            "a) first option",
            "a. first option",
            "b.second",
            "A) upper case is prose",
            "[ ] open task",
            "[x] done task",
            "- [X] done item",
            "• bullet with ✓",
            "[✓] checked",
            "\u{b}\u{b}- vertical tab first",
            "\u{a0}- no-break space first",
            "٣. Arabic-Indic digit",
            "  - indented",
            "\t* tab",
            "-no space",
            "+ plus",
            "(optional) note",
            "\"quoted\" text",
            "é accented",
            "",
            " ",
        ];
        let re = marker_re().expect("marker regex");
        for l in lines {
            let c = re.captures(l).expect("the marker regex always matches");
            let want = (
                c.get(0).map_or(0, |m| m.end()),
                c.get(1).map(|m| m.as_str()),
            );
            assert_eq!(read_marker(l), Some(want), "{l:?}");
        }
    }

    #[test]
    fn flattened_jira_section_with_inline_bullets() {
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-2824 (Choetkiertikul et al. 2018)
        let d = "As a Studio developer, I want to select a sort field and sort direction for my query (if the connector supports it) so that I can find data in my application that I'm looking for.    Acceptance criteria:  * I can sort by CreatedDate ascending or descending with Salesforce  * Sorting is not enabled if connector does not support it.  ";
        let issue = issue_with(Doc::from_plain(d), None);
        let c = extract_criteria(&issue);
        assert_eq!(
            texts(&c),
            [
                "I can sort by CreatedDate ascending or descending with Salesforce",
                "Sorting is not enabled if connector does not support it."
            ]
        );
        let ft = field_text(&issue, Field::Description);
        for it in &c.items {
            assert_eq!(&ft[it.span.start..it.span.end], it.text);
        }
        assert_eq!(c.headings.len(), 1);
    }

    #[test]
    fn single_space_inline_bullets_and_note_ends_section() {
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-4690 (shortened)
        let d = "Acceptance criteria:  * DataMapper retrieval should not block the user (background retrieval) * Refresh button which refreshes object list   NOTE: Today this only will work in EE.";
        let c = extract_criteria(&issue_with(Doc::from_plain(d), None));
        assert_eq!(
            texts(&c),
            [
                "DataMapper retrieval should not block the user (background retrieval)",
                "Refresh button which refreshes object list"
            ]
        );
    }

    #[test]
    fn markdown_heading_section_and_definition_of_done_kept_apart() {
        let desc = Doc {
            blocks: vec![
                Block::Paragraph {
                    text: "Some context.".into(),
                },
                Block::Heading {
                    level: 2,
                    text: "Acceptance Criteria".into(),
                },
                Block::ListItem {
                    ordered: true,
                    depth: 0,
                    checked: None,
                    text: "Login works with SSO".into(),
                },
                Block::ListItem {
                    ordered: true,
                    depth: 0,
                    checked: None,
                    text: "Errors show a message".into(),
                },
                Block::Heading {
                    level: 2,
                    text: "Definition of Done".into(),
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(false),
                    text: "Code reviewed".into(),
                },
            ],
        };
        let c = extract_criteria(&issue_with(desc, None));
        assert_eq!(texts(&c), ["Login works with SSO", "Errors show a message"]);
        assert_eq!(c.definition_of_done.len(), 1);
        assert_eq!(c.definition_of_done[0].text, "Code reviewed");
    }

    #[test]
    fn gherkin_scenarios_in_field_and_one_line() {
        let ac = Doc::from_plain(
            "Scenario: valid login\nGiven a registered user\nWhen she signs in\nThen the dashboard is shown\nAnd a welcome appears\nGiven I am on the cart, when I pay, then I see a receipt",
        );
        let issue = issue_with(Doc::default(), Some(ac));
        let c = extract_criteria(&issue);
        assert_eq!(c.scenarios.len(), 2);
        assert_eq!(c.scenarios[0].steps.len(), 4);
        assert_eq!(c.scenarios[1].steps.len(), 3);
        let effs: Vec<StepKeyword> = c.scenarios[0]
            .steps
            .iter()
            .filter_map(|&i| c.items[i].step.map(|s| s.2))
            .collect();
        assert_eq!(
            effs,
            [
                StepKeyword::Given,
                StepKeyword::When,
                StepKeyword::Then,
                StepKeyword::Then
            ]
        );
        assert_eq!(c.items[5].text, "when I pay");
        assert_eq!(c.count(), 2);
        let ft = field_text(&issue, Field::AcceptanceCriteria);
        for it in &c.items {
            assert_eq!(&ft[it.span.start..it.span.end], it.text);
        }
    }

    #[test]
    fn conditional_criteria_and_prose_scenarios_are_not_gherkin() {
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-5350
        let d = "Acceptance Criteria:  * When application is running, it should be green  * When application is not running, it should be grey";
        let c = extract_criteria(&issue_with(Doc::from_plain(d), None));
        assert_eq!(c.items.len(), 2);
        assert!(c.scenarios.is_empty());
        // from ../shared/data/issues/deepse/talendesb.csv, TESB-3756
        let d = "Scenario:  - deploy data service into runtime  - undeploy service";
        assert!(extract_criteria(&issue_with(Doc::from_plain(d), None))
            .scenarios
            .is_empty());
        // from ../shared/data/issues/deepse/datamanagement.csv, DM-3780 (shortened)
        let d = "Given this, we can now replace our repo with a fork, then carry our work forward.";
        assert!(extract_criteria(&issue_with(Doc::from_plain(d), None)).is_empty());
    }

    #[test]
    fn wiki_markup_lines_are_not_criteria_and_bold_headings_end_the_section() {
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-3152 (shortened)
        let d = "Acceptance criteria:  * The object store is deleted on disk  {code}  *Old Description*  Looks like the default implementation";
        let c = extract_criteria(&issue_with(Doc::from_plain(d), None));
        assert_eq!(texts(&c), ["The object store is deleted on disk"]);
        let d = "Acceptance criteria:  As a user I should be able to:  - download the release  - open Help";
        let c = extract_criteria(&issue_with(Doc::from_plain(d), None));
        assert_eq!(texts(&c), ["download the release", "open Help"]);
    }

    #[test]
    fn wiki_code_blocks_are_skipped_and_acs_is_not_ac() {
        // from ../shared/data/issues/deepse/titanium.csv, TIMOB-12233 (shortened)
        let d = "h3. Acceptance Test  {code}  var win = Ti.UI.createWindow({    layout: 'vertical'  });  {code}    # Tap the button and the label turns green.";
        let c = extract_criteria(&issue_with(Doc::from_plain(d), None));
        assert_eq!(texts(&c), ["Tap the button and the label turns green."]);
        // from ../shared/data/issues/deepse/appceleratorstudio.csv, TISTUD-3359
        let d = "ACS: duplicate guid does not generate accurate error.";
        assert!(extract_criteria(&issue_with(Doc::from_plain(d), None)).is_empty());
    }

    #[test]
    fn prose_starting_with_when_is_not_gherkin() {
        let d = Doc::from_plain("When I click save, the app crashes.\nThen nothing happens.");
        let c = extract_criteria(&issue_with(d, None));
        assert!(c.is_empty());
    }

    #[test]
    fn checklist_without_heading_counts_and_ac_alone_needs_a_colon() {
        let d = Doc::from_plain("- [ ] export works\n- [x] import works\nAC power supply is flaky");
        let c = extract_criteria(&issue_with(d, None));
        assert_eq!(texts(&c), ["export works", "import works"]);
        assert!(c
            .items
            .iter()
            .all(|i| i.source == CriteriaSource::Checklist));
    }

    #[test]
    fn custom_field_counts_as_present() {
        let mut issue = issue_with(Doc::default(), None);
        issue
            .fields
            .insert("Acceptance Criteria".into(), serde_json::json!("It works"));
        assert!(!extract_criteria(&issue).is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for d in [
            "AC:",
            "Acceptance criteria: *",
            "* ",
            "Given",
            "é  * ü",
            "Acceptance Criteria:  # 1  # ",
            "Scenario:",
        ] {
            let _ = extract_criteria(&issue_with(Doc::from_plain(d), Some(Doc::from_plain(d))));
        }
    }
}
