//! Diagnostics: what every check reports, with the why and the what-to-do.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The issue field a diagnostic points at. Spans are byte offsets into that field's
/// text as returned by [`field_text`] (UTF-16 code units once they cross into JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Title,
    Description,
    AcceptanceCriteria,
    Estimate,
    Priority,
    Labels,
    Links,
    Parent,
    Status,
    Assignee,
    Updated,
}

/// The text of `field` that spans refer to.
pub fn field_text(issue: &crate::model::Issue, field: Field) -> String {
    match field {
        Field::Title => issue.title.clone(),
        Field::Description => issue.description.text(),
        Field::AcceptanceCriteria => issue
            .acceptance_criteria
            .as_ref()
            .map(|d| d.text())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A half-open byte range `[start, end)` into a field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One finding: what is wrong, why it matters and what to do, pointing at the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Diagnostic {
    /// Stable id, `category/name`.
    pub rule: String,
    pub severity: Severity,
    pub category: String,
    /// What is wrong.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// What to do.
    pub help: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// A suggested replacement for the spanned text (or the whole field), where safe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Convert a byte offset in `text` to UTF-16 code units (the unit JS strings use).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    let mut b = byte;
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs_and_accents() {
        let t = "é🚀a";
        assert_eq!(utf16_offset(t, 0), 0);
        assert_eq!(utf16_offset(t, 2), 1); // after é (2 bytes, 1 unit)
        assert_eq!(utf16_offset(t, 6), 3); // after 🚀 (4 bytes, 2 units)
        assert_eq!(utf16_offset(t, 7), 4);
        assert_eq!(utf16_offset(t, 99), 4);
        assert_eq!(utf16_offset(t, 3), 1); // inside 🚀 rounds down
    }
}
