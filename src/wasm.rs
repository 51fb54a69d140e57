//! The WebAssembly boundary: the only file that touches wasm-bindgen.
//!
//! Every export decodes its arguments, calls the core and encodes the result; errors
//! become JS exceptions with a clear message and the instance stays usable (the core
//! never panics on input). Spans leave this file in UTF-16 code units, the unit of JS
//! strings.
//!
//! Values cross as JSON text (`JSON.stringify` / `JSON.parse` on the JS side, serde_json
//! here) rather than through serde-wasm-bindgen: one serializer per type instead of two
//! halves the serde code in the `.wasm`, and the engine's JSON parser is fast.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::analyze::Report;
use crate::diagnostic::{field_text, utf16_offset, Field, Span};
use crate::import::Format;
use crate::{Config, Issue};

/// The TypeScript declarations generated from the Rust types (see src/ts_types.rs).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Report")]
    pub type JsReport;
    #[wasm_bindgen(typescript_type = "Imported")]
    pub type JsImported;
    #[wasm_bindgen(typescript_type = "Issue[]")]
    pub type JsIssues;
    #[wasm_bindgen(typescript_type = "Issue")]
    pub type JsIssue;
    #[wasm_bindgen(typescript_type = "Config")]
    pub type JsFullConfig;
    #[wasm_bindgen(typescript_type = "Partial<Config> | undefined | null")]
    pub type JsConfig;
    #[wasm_bindgen(typescript_type = "Format | \"auto\" | undefined | null")]
    pub type JsFormat;
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = ascii_json(value)
        .map_err(|e| JsError::new(&format!("readylens: cannot encode result: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("readylens: cannot encode result as JSON"))
}

/// `serde_json::to_string`, except that every non-ASCII character in a string is written
/// as a `\uXXXX` escape (two for a character outside the BMP), so the text is pure ASCII.
/// `JSON.parse` gives the same values either way; ASCII text crosses to JS faster: the
/// glue decodes it with `TextDecoder` into a one-byte string (one non-ASCII character,
/// such as the "–" of a `help` text near the start of every report, otherwise makes the
/// whole report a two-byte string), which the engine's JSON parser also reads faster
/// (docs/perf.md).
pub fn ascii_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(1 << 16);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        AsciiFormatter,
    ))?;
    // Only ASCII was written (the formatter escapes everything else).
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.utf8_error()))
}

/// serde_json's compact output (the trait's default methods) with non-ASCII characters
/// escaped in string fragments.
struct AsciiFormatter;

impl serde_json::ser::Formatter for AsciiFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if fragment.is_ascii() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_ascii() {
                continue;
            }
            writer.write_all(fragment.as_bytes().get(plain..at).unwrap_or_default())?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units).iter() {
                writer.write_all(&unicode_escape(*unit))?;
            }
            plain = at + c.len_utf8();
        }
        writer.write_all(fragment.as_bytes().get(plain..).unwrap_or_default())
    }
}

/// `\uXXXX` for one UTF-16 code unit (lowercase hex, as serde_json writes control
/// characters).
fn unicode_escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| {
        HEX.get(usize::from((unit >> shift) & 0xf))
            .copied()
            .unwrap_or(b'0')
    };
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

/// `JSON.stringify(value)`, or an error naming `what`.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("readylens: {what} is not JSON-serialisable")))?;
    json.as_string()
        .ok_or_else(|| JsError::new(&format!("readylens: {what} is undefined")))
}

/// Decode a JS value through JSON; the error names the JSON path that was wrong.
fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let text = json_text(value, what)?;
    crate::json_path::from_str(&text)
        .map_err(|e| JsError::new(&format!("readylens: {what}: at `{}`: {}", e.path, e.inner)))
}

fn parse_config(config: JsConfig) -> Result<Config, JsError> {
    let config: JsValue = config.into();
    if config.is_undefined() || config.is_null() {
        return Ok(Config::default());
    }
    let text = json_text(&config, "configuration")?;
    Config::from_json(&text).map_err(|e| JsError::new(&format!("readylens: {e}")))
}

fn parse_format(format: JsFormat) -> Result<Option<Format>, JsError> {
    let format: JsValue = format.into();
    if format.is_undefined() || format.is_null() {
        return Ok(None);
    }
    let Some(name) = format.as_string() else {
        return Err(JsError::new("readylens: format must be a string"));
    };
    match name.as_str() {
        "" | "auto" => Ok(None),
        other => Format::from_name(other).map(Some).ok_or_else(|| {
            JsError::new(&format!(
                "readylens: unknown format `{other}` (known: {})",
                Format::ALL.map(|f| f.name()).join(", ")
            ))
        }),
    }
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The names of every input format.
#[wasm_bindgen]
pub fn formats() -> Vec<String> {
    Format::ALL.iter().map(|f| f.name().to_string()).collect()
}

/// Parse a tracker payload or export into normalised issues. `format` is a format
/// name, or `"auto"`/undefined to detect it from the content.
#[wasm_bindgen(js_name = parseIssues)]
pub fn parse_issues(
    text: &str,
    format: JsFormat,
    source: Option<String>,
) -> Result<JsImported, JsError> {
    let format = parse_format(format)?;
    let source = source.unwrap_or_else(|| "input".to_string());
    let imported = crate::import::import(&source, text.as_bytes(), format)
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(to_js(&imported)?.unchecked_into())
}

/// Analyse issues (as returned by `parseIssues`) with an optional configuration.
#[wasm_bindgen]
pub fn analyze(issues: JsIssues, config: JsConfig) -> Result<JsReport, JsError> {
    let issues: Vec<Issue> = from_js(&issues.into(), "issues")?;
    let config = parse_config(config)?;
    let mut report = crate::analyze(&issues, &config);
    spans_to_utf16(&issues, &mut report);
    Ok(to_js(&report)?.unchecked_into())
}

/// Parse and analyse in one call.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text(text: &str, format: JsFormat, config: JsConfig) -> Result<JsReport, JsError> {
    let format = parse_format(format)?;
    let config = parse_config(config)?;
    let imported = crate::import::import("input", text.as_bytes(), format)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let mut report = crate::analyze(&imported.issues, &config);
    spans_to_utf16(&imported.issues, &mut report);
    Ok(to_js(&report)?.unchecked_into())
}

/// Rewrite byte spans (diagnostics and KPI evidence) into UTF-16 code units of the same
/// field text. Each field's text is rendered once per issue.
fn spans_to_utf16(issues: &[Issue], report: &mut Report) {
    for (issue, r) in issues.iter().zip(report.issues.iter_mut()) {
        // Each field's text, and whether it is all ASCII (then UTF-16 offsets are the
        // byte offsets, clamped to the text as `utf16_offset` does).
        let mut texts: Vec<(Field, String, bool)> = Vec::new();
        let mut convert = |field: Field, span: Span| {
            if !texts.iter().any(|(f, _, _)| *f == field) {
                let text = field_text(issue, field);
                let ascii = text.is_ascii();
                texts.push((field, text, ascii));
            }
            let (text, ascii) = texts
                .iter()
                .find(|(f, _, _)| *f == field)
                .map_or(("", true), |(_, t, a)| (t.as_str(), *a));
            if ascii {
                return Span::new(span.start.min(text.len()), span.end.min(text.len()));
            }
            Span::new(utf16_offset(text, span.start), utf16_offset(text, span.end))
        };
        for d in &mut r.diagnostics {
            if let (Some(field), Some(span)) = (d.field, d.span) {
                d.span = Some(convert(field, span));
            }
        }
        for e in r.kpis.iter_mut().flat_map(|k| k.evidence.iter_mut()) {
            if let (Some(field), Some(span)) = (e.field, e.span) {
                e.span = Some(convert(field, span));
            }
        }
    }
}

/// The default configuration, every section filled in (a starting point for settings
/// pages).
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsFullConfig, JsError> {
    Ok(to_js(&Config::default())?.unchecked_into())
}

#[derive(Serialize)]
struct DraftResult<'a> {
    /// The draft's analysis (quality findings, readiness, priority, KPI hints).
    report: &'a crate::analyze::IssueReport,
    /// Likely duplicates of the draft in the backlog, best first, above the configured
    /// threshold.
    similar: Vec<SimilarIssue>,
}

/// A likely duplicate with what a panel needs to link to it.
#[derive(Serialize)]
struct SimilarIssue {
    key: String,
    score: f32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence: Vec<String>,
    /// The backlog issue's title, as indexed.
    title: String,
    /// Its link, when the tracker gave one.
    url: Option<String>,
}

/// Checks an issue while it is being written: lint and readiness preview plus likely
/// duplicates among a backlog indexed once (so each keystroke costs a single-issue
/// analysis and one index query). The backlog can be given at construction, or grown
/// and shrunk with `add` / `remove` (a crawl page at a time): only the new issues are
/// read, and the index is brought up to date at the next `check`, equal to one built
/// at once from the same issues in the same order.
#[wasm_bindgen]
pub struct DraftChecker {
    index: crate::hygiene::DuplicateIndex,
    config: Config,
}

impl DraftChecker {
    fn append(&mut self, issues: &[Issue]) {
        // A key indexed again replaces the earlier issue (and moves to the end).
        let keys: std::collections::HashSet<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        self.remove_keys(&keys);
        self.index.append(issues);
    }

    fn remove_keys(&mut self, keys: &std::collections::HashSet<&str>) {
        if keys.is_empty() {
            return;
        }
        self.index.remove_where(|_, k| keys.contains(k));
    }
}

#[wasm_bindgen]
impl DraftChecker {
    /// Index `backlog` (issues as returned by `parseIssues`) for duplicate hints.
    #[wasm_bindgen(constructor)]
    pub fn new(backlog: JsIssues, config: JsConfig) -> Result<DraftChecker, JsError> {
        let issues: Vec<Issue> = from_js(&backlog.into(), "backlog")?;
        let config = parse_config(config)?;
        let mut checker = DraftChecker {
            index: crate::hygiene::DuplicateIndex::empty(crate::hygiene::IndexParams::default())
                .with_links(),
            config,
        };
        checker.append(&issues);
        checker.index.finalize();
        Ok(checker)
    }

    /// Add issues to the index (an issue whose key is already indexed replaces it and
    /// moves to the end). Returns the index size. Cost: reading the new issues; the
    /// index statistics are updated at the next `check`.
    pub fn add(&mut self, issues: JsIssues) -> Result<usize, JsError> {
        let issues: Vec<Issue> = from_js(&issues.into(), "issues")?;
        self.append(&issues);
        Ok(self.index.len())
    }

    /// Remove the issues with these keys. Returns the index size.
    pub fn remove(&mut self, keys: Vec<String>) -> usize {
        let keys: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
        self.remove_keys(&keys);
        self.index.len()
    }

    /// Bring the index statistics up to date after `add` / `remove` now rather than at
    /// the next `check` (for a caller with idle time between a crawl's pages).
    pub fn refresh(&mut self) {
        self.index.finalize();
    }

    /// How many backlog issues are indexed.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.index.len()
    }

    /// Bytes the index holds in WASM memory (titles and links included).
    #[wasm_bindgen(getter, js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// Analyse a draft issue. Returns `{report, similar}`; spans are UTF-16. Each
    /// similar issue carries its indexed title and URL.
    #[wasm_bindgen(
        unchecked_return_type = "{ report: IssueReport, similar: (Candidate & { title: string, url: string | null })[] }"
    )]
    pub fn check(&mut self, draft: JsIssue) -> Result<JsValue, JsError> {
        let draft: Issue = from_js(&draft.into(), "draft")?;
        self.index.finalize();
        let drafts = std::slice::from_ref(&draft);
        let mut report = crate::analyze(drafts, &self.config);
        spans_to_utf16(drafts, &mut report);
        let similar: Vec<_> =
            crate::hygiene::similar(&draft, &self.index, self.config.duplicates.top)
                .into_iter()
                .filter(|c| c.score >= self.config.duplicates.threshold)
                .map(|c| {
                    // Keys are unique in the index (`add` replaces).
                    let at = self.index.position(&c.key).unwrap_or(usize::MAX);
                    SimilarIssue {
                        title: self.index.title(at).to_string(),
                        url: self.index.url(at).map(str::to_string),
                        key: c.key,
                        score: c.score,
                        evidence: c.evidence,
                    }
                })
                .collect();
        let Some(issue_report) = report.issues.first() else {
            return Err(JsError::new("readylens: the draft produced no report"));
        };
        to_js(&DraftResult {
            report: issue_report,
            similar,
        })
    }
}

#[derive(Serialize)]
struct WhatIf {
    report: crate::priority::PriorityReport,
    /// The issue's new 1-based rank by the framework.
    rank: usize,
}

/// Priority what-if: re-score issue `index` of `reports` (the `priority` objects of a
/// report, in backlog order) with `changes` to its inputs, and give its new rank.
#[wasm_bindgen(js_name = whatIf, unchecked_return_type = "{ report: PriorityReport, rank: number }")]
pub fn what_if(
    #[wasm_bindgen(unchecked_param_type = "PriorityReport[]")] reports: JsValue,
    index: usize,
    framework: &str,
    #[wasm_bindgen(unchecked_param_type = "InputChange[]")] changes: JsValue,
    config: JsConfig,
) -> Result<JsValue, JsError> {
    let reports: Vec<crate::priority::PriorityReport> = from_js(&reports, "reports")?;
    let changes: Vec<crate::priority::InputChange> = from_js(&changes, "changes")?;
    let fw = crate::priority::Framework::from_name(framework)
        .ok_or_else(|| JsError::new(&format!("readylens: unknown framework `{framework}`")))?;
    let config = parse_config(config)?;
    let (report, rank) =
        crate::priority::what_if_rank(&reports, index, fw, &changes, &config.priority)
            .ok_or_else(|| JsError::new(&format!("readylens: no issue at index {index}")))?;
    to_js(&WhatIf { report, rank })
}

/// Likely duplicates across a backlog: per issue (input order) its candidates, best
/// first, and the clusters they form.
#[wasm_bindgen(js_name = findDuplicates, unchecked_return_type = "DuplicateReport")]
pub fn find_duplicates(issues: JsIssues, config: JsConfig) -> Result<JsValue, JsError> {
    let issues: Vec<Issue> = from_js(&issues.into(), "issues")?;
    let config = parse_config(config)?;
    to_js(&crate::hygiene::find_duplicates(
        &issues,
        &config.duplicates,
    ))
}

/// Rank a backlog by a priority framework (`rice`, `ice`, `wsjf`, `cd3`,
/// `value-effort`): indices into `reports` (the `priority` objects of a report, in
/// backlog order), best first; ties by fewer missing inputs, then backlog order.
#[wasm_bindgen(js_name = rankBacklog)]
pub fn rank_backlog(
    #[wasm_bindgen(unchecked_param_type = "PriorityReport[]")] reports: JsValue,
    framework: &str,
) -> Result<Vec<usize>, JsError> {
    let reports: Vec<crate::priority::PriorityReport> = from_js(&reports, "reports")?;
    let fw = crate::priority::Framework::from_name(framework)
        .ok_or_else(|| JsError::new(&format!("readylens: unknown framework `{framework}`")))?;
    Ok(crate::priority::rank(&reports, fw))
}
