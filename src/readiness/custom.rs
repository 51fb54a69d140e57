//! Declarative checks a team writes in its configuration, without recompiling (in the
//! spirit of Vale's YAML rules). One check is one kind of test:
//!
//! ```json
//! {"id": "team/design-link", "types": ["story"], "severity": "error",
//!  "message": "Link the Figma design", "help": "Paste the Figma URL in the description",
//!  "require_pattern": "figma\\.com", "in": "description"}
//! ```
//!
//! Kinds (exactly one per check): `require_field` (a field by name is present and not
//! empty), `require_section` (a heading or "Name:" line in the description),
//! `require_pattern` / `forbid_pattern` (a regular expression, matched in `in`: title,
//! description, acceptance-criteria or all), and `field` with `min`/`max` (numeric
//! bounds; the estimate is the field `estimate`).

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

use super::checks::{Failure, Input, Outcome};
use super::parse_level;
use crate::diagnostic::{Field, Severity, Span};
use crate::model::{Block, IssueKind};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct CustomCheck {
    /// The check's id as it appears in reports, e.g. `team/design-link`.
    pub id: String,
    /// What is wrong when the check fails.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// `error`, `warning` or `info` (default `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Issue types it applies to; empty = all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<IssueKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_section: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forbid_pattern: Option<String>,
    /// Where patterns are matched: `title`, `description`, `acceptance-criteria` or `all`
    /// (default).
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// A numeric field for `min`/`max`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The compiled pattern (built on first use; validated when the config loads).
    #[serde(skip)]
    compiled: OnceLock<Option<Regex>>,
    /// `require_section` trimmed and lower-cased (made on first use).
    #[serde(skip)]
    section: OnceLock<String>,
}

impl PartialEq for CustomCheck {
    fn eq(&self, other: &Self) -> bool {
        // Everything but the compiled cache.
        serde_json::to_value(self).ok() == serde_json::to_value(other).ok()
    }
}

/// `t.to_lowercase().trim_end_matches(':') == want`. Lower-casing one character at a
/// time gives the same text unless `t` holds a capital sigma (lower-cased by context),
/// so only then is the lower-cased copy made.
pub(super) fn heading_is(t: &str, want: &str) -> bool {
    if t.contains('Σ') {
        return t.to_lowercase().trim_end_matches(':') == want;
    }
    // Lower-casing never makes or removes a ':'.
    t.trim_end_matches(':')
        .chars()
        .flat_map(char::to_lowercase)
        .eq(want.chars())
}

/// `t.to_lowercase()` starts with `want` followed by ':' (a "Name: …" paragraph), as
/// [`heading_is`] decides it.
pub(super) fn starts_section(t: &str, want: &str) -> bool {
    if t.contains('Σ') {
        return t
            .to_lowercase()
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with(':'));
    }
    let mut lower = t.chars().flat_map(char::to_lowercase);
    want.chars().all(|w| lower.next() == Some(w)) && lower.next() == Some(':')
}

/// Patterns come from a configuration file: bound the compiled size so a hostile or
/// careless pattern cannot exhaust memory (the regex crate already matches in linear
/// time).
fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid pattern `{pattern}`: {e}"))
}

impl CustomCheck {
    fn pattern(&self) -> Option<&str> {
        self.require_pattern
            .as_deref()
            .or(self.forbid_pattern.as_deref())
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("`id` is required".into());
        }
        if self.message.trim().is_empty() {
            return Err(format!("{}: `message` is required", self.id));
        }
        if let Some(l) = &self.severity {
            if parse_level(l)?.is_none() {
                return Err(format!(
                    "{}: severity `off` makes no sense here; remove the check instead",
                    self.id
                ));
            }
        }
        let kinds = [
            self.require_field.is_some(),
            self.require_section.is_some(),
            self.require_pattern.is_some(),
            self.forbid_pattern.is_some(),
            self.field.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if kinds != 1 {
            return Err(format!(
                "{}: give exactly one of require_field, require_section, require_pattern, forbid_pattern, field (+ min/max)",
                self.id
            ));
        }
        if self.field.is_some() && self.min.is_none() && self.max.is_none() {
            return Err(format!("{}: `field` needs `min` and/or `max`", self.id));
        }
        if let Some(w) = &self.within {
            if !matches!(
                w.as_str(),
                "title" | "description" | "acceptance-criteria" | "all"
            ) {
                return Err(format!(
                    "{}: `in` must be title, description, acceptance-criteria or all, not `{w}`",
                    self.id
                ));
            }
        }
        if let Some(p) = self.pattern() {
            compile(p).map_err(|e| format!("{}: {e}", self.id))?;
        }
        Ok(())
    }

    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| self.pattern().and_then(|p| compile(p).ok()))
            .as_ref()
    }

    /// The first match of `re` in the fields `in` names (title, description, acceptance
    /// criteria, in that order), each searched as [`crate::diagnostic::field_text`]
    /// renders it; the description's rendering is the one the built-in checks share.
    fn find_in(&self, re: &Regex, input: &Input) -> Option<(Field, Span)> {
        let want = self.within.as_deref().unwrap_or("all");
        let span = |m: regex::Match| Span::new(m.start(), m.end());
        if want == "title" || want == "all" {
            if let Some(m) = re.find(&input.issue.title) {
                return Some((Field::Title, span(m)));
            }
        }
        if want == "description" || want == "all" {
            if let Some(m) = re.find(input.description_text()) {
                return Some((Field::Description, span(m)));
            }
        }
        if want == "acceptance-criteria" || want == "all" {
            if let Some(ac) = &input.issue.acceptance_criteria {
                if let Some(m) = re.find(&ac.text()) {
                    return Some((Field::AcceptanceCriteria, span(m)));
                }
            }
        }
        None
    }

    fn failure(&self, reason: String, field: Option<Field>, span: Option<Span>) -> Outcome {
        Outcome::Fail(Failure {
            reason: reason.into(),
            why: "Your team's Definition of Ready asks for this.",
            next_step: self.help.clone().into(),
            field,
            span,
        })
    }

    /// Run the check; `None` when it does not apply to this issue's type.
    pub(super) fn run(&self, input: &Input) -> Option<(Severity, Outcome)> {
        let issue = input.issue;
        if !self.types.is_empty() && !self.types.contains(&issue.kind) {
            return None;
        }
        let severity = self
            .severity
            .as_deref()
            .and_then(|l| parse_level(l).ok().flatten())
            .unwrap_or(Severity::Error);
        let outcome = if let Some(name) = &self.require_field {
            let is = |known: &str| name.eq_ignore_ascii_case(known);
            let present = if is("estimate") {
                issue.estimate.is_some()
            } else if is("priority") {
                issue.priority.is_some()
            } else if is("assignee") {
                issue.assignee.is_some()
            } else if is("parent") {
                issue.parent.is_some()
            } else if is("labels") {
                !issue.labels.is_empty()
            } else if is("components") {
                !issue.components.is_empty()
            } else if is("description") {
                !issue.description.is_empty()
            } else if is("acceptance-criteria") || is("acceptance criteria") {
                input.has_criteria()
            } else {
                issue.field(name).is_some_and(|v| match v {
                    serde_json::Value::Null => false,
                    serde_json::Value::String(s) => !s.trim().is_empty(),
                    serde_json::Value::Array(a) => !a.is_empty(),
                    _ => true,
                })
            };
            if present {
                Outcome::Pass(format!("{name} is set").into())
            } else {
                self.failure(self.message.clone(), None, None)
            }
        } else if let Some(section) = &self.require_section {
            let want = self
                .section
                .get_or_init(|| section.trim().to_lowercase())
                .as_str();
            let found = issue.description.blocks.iter().any(|b| match b {
                Block::Heading { text, .. } => heading_is(text.trim(), want),
                Block::Paragraph { text } => starts_section(text.trim(), want),
                _ => false,
            });
            if found {
                Outcome::Pass(format!("Has a \"{section}\" section").into())
            } else {
                self.failure(self.message.clone(), Some(Field::Description), None)
            }
        } else if let Some(field) = &self.field {
            let value = if field.eq_ignore_ascii_case("estimate") {
                issue.estimate.as_ref().map(|e| e.value)
            } else {
                issue.field(field).and_then(|v| match v {
                    serde_json::Value::Number(n) => n.as_f64(),
                    serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                })
            };
            match value {
                None => self.failure(
                    format!("{}: {field} has no number", self.message),
                    None,
                    None,
                ),
                Some(v) if self.min.is_some_and(|m| v < m) || self.max.is_some_and(|m| v > m) => {
                    self.failure(format!("{} ({field} is {v})", self.message), None, None)
                }
                Some(v) => Outcome::Pass(format!("{field} is {v}").into()),
            }
        } else {
            let re = self.regex()?;
            let hit = self.find_in(re, input);
            match (self.require_pattern.is_some(), hit) {
                (true, Some(_)) => Outcome::Pass("Required text found".into()),
                (true, None) => self.failure(self.message.clone(), None, None),
                (false, Some((f, span))) => self.failure(self.message.clone(), Some(f), Some(span)),
                (false, None) => Outcome::Pass("Forbidden text absent".into()),
            }
        };
        Some((severity, outcome))
    }
}
