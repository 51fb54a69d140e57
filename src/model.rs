//! The normalised issue model: one shape for every tracker.
//!
//! Importers (`crate::import`) turn Jira, Linear, GitHub, Azure DevOps, GitLab, CSV and
//! plain-text input into [`Issue`]s; every analysis works on this model only, so a rule
//! written once applies to every tracker.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an issue came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Tracker {
    Jira,
    Linear,
    #[serde(rename = "github")]
    GitHub,
    #[serde(rename = "azure-devops")]
    AzureDevOps,
    #[serde(rename = "gitlab")]
    GitLab,
    /// A CSV export whose tracker could not be told.
    Csv,
    /// Plain text, one story a line.
    #[default]
    Text,
}

/// The kind of work item, normalised from the tracker's own type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum IssueKind {
    Story,
    Bug,
    Task,
    Subtask,
    Epic,
    Feature,
    Spike,
    Improvement,
    #[default]
    Other,
}

impl IssueKind {
    /// Map a tracker's type name ("User Story", "Product Backlog Item", "Sub-task", …).
    pub fn from_name(name: &str) -> Self {
        let n = name.trim().to_ascii_lowercase();
        match n.as_str() {
            "story" | "user story" | "product backlog item" | "pbi" | "requirement" => Self::Story,
            "bug" | "defect" | "incident" | "problem" => Self::Bug,
            "task" | "chore" | "technical task" | "technical debt" => Self::Task,
            "sub-task" | "subtask" | "sub task" | "sub-bug" => Self::Subtask,
            "epic" | "initiative" | "theme" => Self::Epic,
            "feature" | "new feature" | "feature request" | "enhancement" => Self::Feature,
            "spike" | "research" | "investigation" => Self::Spike,
            "improvement" => Self::Improvement,
            _ => Self::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Story => "story",
            Self::Bug => "bug",
            Self::Task => "task",
            Self::Subtask => "subtask",
            Self::Epic => "epic",
            Self::Feature => "feature",
            Self::Spike => "spike",
            Self::Improvement => "improvement",
            Self::Other => "other",
        }
    }
}

/// The tracker's status with its normalised category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Status {
    pub name: String,
    pub category: StatusCategory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum StatusCategory {
    Todo,
    InProgress,
    Done,
    #[default]
    Unknown,
}

impl StatusCategory {
    /// Best guess from a status name when the tracker gives no category.
    pub fn from_name(name: &str) -> Self {
        let n = name.trim().to_ascii_lowercase();
        match n.as_str() {
            "new"
            | "open"
            | "to do"
            | "todo"
            | "backlog"
            | "triage"
            | "unstarted"
            | "proposed"
            | "approved"
            | "ready"
            | "selected for development"
            | "reopened"
            | "opened" => Self::Todo,
            "in progress" | "started" | "active" | "committed" | "in review" | "review"
            | "indeterminate" | "doing" | "testing" => Self::InProgress,
            "done" | "closed" | "resolved" | "completed" | "canceled" | "cancelled"
            | "duplicate" | "removed" | "won't do" | "fixed" | "verified" => Self::Done,
            _ => Self::Unknown,
        }
    }
}

/// Priority: the tracker's own name plus a normalised level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Priority {
    /// The tracker's own value, e.g. "Highest", "P2", "Urgent", "2".
    pub name: String,
    /// Normalised level, 1 (highest) … 5 (lowest); `None` when the tracker says "no priority".
    pub level: Option<u8>,
}

impl Priority {
    /// Normalise a priority name (Jira Highest…Lowest, Linear Urgent…Low, P0–P4, 1–4).
    pub fn from_name(name: &str) -> Self {
        let n = name.trim().to_ascii_lowercase();
        let level = match n.as_str() {
            "highest" | "blocker" | "urgent" | "critical" | "p0" | "p1" | "1" | "1 - critical" => {
                Some(1)
            }
            "high" | "major" | "p2" | "2" | "2 - high" => Some(2),
            "medium" | "normal" | "p3" | "3" | "3 - medium" => Some(3),
            "low" | "minor" | "p4" | "4" | "4 - low" => Some(4),
            "lowest" | "trivial" | "p5" | "5" => Some(5),
            _ => None,
        };
        Priority {
            name: name.trim().to_string(),
            level,
        }
    }
}

/// An estimate with its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Estimate {
    pub value: f64,
    pub unit: EstimateUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EstimateUnit {
    Points,
    Hours,
    Days,
    /// T-shirt size; `value` holds 1 (XS) … 6 (XXL).
    TShirt,
    /// GitLab weight.
    Weight,
}

impl Estimate {
    pub fn points(value: f64) -> Self {
        Estimate {
            value,
            unit: EstimateUnit::Points,
        }
    }

    /// Parse "5", "3.5", "8 points", "XL", "4h", "2d". Returns `None` for empty or
    /// non-estimates ("NULL", "-", "?").
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        if s.is_empty() {
            return None;
        }
        let lower = s.to_ascii_lowercase();
        let tshirt = match lower.as_str() {
            "xs" => Some(1.0),
            "s" | "small" => Some(2.0),
            "m" | "medium" => Some(3.0),
            "l" | "large" => Some(4.0),
            "xl" => Some(5.0),
            "xxl" => Some(6.0),
            _ => None,
        };
        if let Some(v) = tshirt {
            return Some(Estimate {
                value: v,
                unit: EstimateUnit::TShirt,
            });
        }
        let num_end = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(lower.len());
        let value: f64 = lower[..num_end].replace(',', ".").parse().ok()?;
        if !value.is_finite() || value < 0.0 {
            return None;
        }
        let unit = match lower[num_end..].trim() {
            "" | "p" | "pt" | "pts" | "point" | "points" | "sp" => EstimateUnit::Points,
            "h" | "hr" | "hrs" | "hour" | "hours" => EstimateUnit::Hours,
            "d" | "day" | "days" => EstimateUnit::Days,
            _ => return None,
        };
        Some(Estimate { value, unit })
    }
}

/// A link to another issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IssueLink {
    pub kind: LinkKind,
    /// The other issue's key (or URL when no key is known).
    pub target: String,
    /// Whether the other issue is done, when the tracker says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_done: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    Blocks,
    BlockedBy,
    Duplicates,
    DuplicatedBy,
    Relates,
    Parent,
    Child,
    Other,
}

impl LinkKind {
    /// From a link description such as Jira's "is blocked by" / "blocks".
    pub fn from_phrase(s: &str) -> Self {
        let n = s.trim().to_ascii_lowercase();
        if n.contains("blocked by") || n.contains("depends on") || n == "predecessor" {
            Self::BlockedBy
        } else if n.contains("block") || n == "successor" || n.contains("is depended") {
            Self::Blocks
        } else if n.contains("duplicated by") {
            Self::DuplicatedBy
        } else if n.contains("duplicate") {
            Self::Duplicates
        } else if n.contains("relate") {
            Self::Relates
        } else if n.contains("parent") {
            Self::Parent
        } else if n.contains("child") {
            Self::Child
        } else {
            Self::Other
        }
    }
}

/// Structured text: what a description or acceptance-criteria field holds once the
/// tracker's markup (ADF, wiki markup, Markdown, HTML) has been read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Doc {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// One list item; nested lists are flattened with `depth` (0 = top level).
    ListItem {
        ordered: bool,
        depth: u8,
        /// `Some(done)` for checklist / task-list items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checked: Option<bool>,
        text: String,
    },
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        text: String,
    },
    Quote {
        text: String,
    },
    /// Table rows, cells as plain text.
    Table {
        rows: Vec<Vec<String>>,
    },
    Rule,
}

impl Block {
    /// The block's text as it appears in [`Doc::text`].
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.text_len());
        self.push_text(&mut out);
        out
    }

    /// Append [`Block::text`] to `out` (no intermediate `String`).
    pub fn push_text(&self, out: &mut String) {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph { text }
            | Block::Code { text, .. }
            | Block::Quote { text } => out.push_str(text),
            Block::ListItem {
                ordered,
                depth,
                checked,
                text,
            } => {
                for _ in 0..*depth {
                    out.push_str("  ");
                }
                out.push_str(if *ordered { "1. " } else { "- " });
                out.push_str(match checked {
                    Some(true) => "[x] ",
                    Some(false) => "[ ] ",
                    None => "",
                });
                out.push_str(text);
            }
            Block::Table { rows } => {
                for (n, row) in rows.iter().enumerate() {
                    if n > 0 {
                        out.push('\n');
                    }
                    for (m, cell) in row.iter().enumerate() {
                        if m > 0 {
                            out.push_str(" | ");
                        }
                        out.push_str(cell);
                    }
                }
            }
            Block::Rule => out.push_str("---"),
        }
    }

    /// The bytes [`Block::text`] puts before a list item's own text (indent, bullet,
    /// checkbox).
    pub fn list_prefix_len(ordered: bool, depth: u8, checked: Option<bool>) -> usize {
        2 * usize::from(depth) + if ordered { 3 } else { 2 } + if checked.is_some() { 4 } else { 0 }
    }

    /// [`Block::text`]'s length in bytes, without rendering it.
    pub fn text_len(&self) -> usize {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph { text }
            | Block::Code { text, .. }
            | Block::Quote { text } => text.len(),
            Block::ListItem {
                ordered,
                depth,
                checked,
                text,
            } => Block::list_prefix_len(*ordered, *depth, *checked) + text.len(),
            Block::Table { rows } => {
                let row_len = |r: &Vec<String>| {
                    r.iter().map(String::len).sum::<usize>() + 3 * r.len().saturating_sub(1)
                };
                rows.iter().map(row_len).sum::<usize>() + rows.len().saturating_sub(1)
            }
            Block::Rule => 3,
        }
    }

    /// Whether [`Block::text`] is blank (whitespace only), without rendering it: a list
    /// item always has its bullet, a rule its dashes, and a table row of two or more
    /// cells its " | ".
    fn text_is_blank(&self) -> bool {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph { text }
            | Block::Code { text, .. }
            | Block::Quote { text } => text.trim().is_empty(),
            Block::ListItem { .. } | Block::Rule => false,
            Block::Table { rows } => rows
                .iter()
                .all(|r| r.len() <= 1 && r.iter().all(|c| c.trim().is_empty())),
        }
    }
}

impl Doc {
    /// No text: every block blank, rules aside.
    pub fn is_empty(&self) -> bool {
        self.blocks
            .iter()
            .all(|b| matches!(b, Block::Rule) || b.text_is_blank())
    }

    /// A single paragraph per non-empty line of `text` (used for plain text fields).
    pub fn from_plain(text: &str) -> Self {
        let blocks = text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .map(|l| Block::Paragraph {
                text: l.to_string(),
            })
            .collect();
        Doc { blocks }
    }

    /// Plain text rendering: one block per line (tables one row a line). Spans in
    /// diagnostics are byte offsets into this string.
    /// Built in one allocation of the exact size, without a `String` per block.
    pub fn text(&self) -> String {
        let len = self
            .blocks
            .iter()
            .map(|b| b.text_len() + 1)
            .sum::<usize>()
            .saturating_sub(1);
        let mut out = String::with_capacity(len);
        for b in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            b.push_text(&mut out);
        }
        out
    }
}

/// A normalised issue.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Issue {
    pub tracker: Tracker,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub kind: IssueKind,
    /// The tracker's own type name ("Story", "Product Backlog Item", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Doc,
    /// A dedicated acceptance-criteria field, when the tracker has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance_criteria: Option<Doc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<IssueLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// ISO 8601 timestamps as the tracker gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Every other field by display name (custom fields resolved through Jira `names`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, serde_json::Value>,
}

impl Issue {
    /// A custom field by display name, case-insensitively.
    pub fn field(&self, name: &str) -> Option<&serde_json::Value> {
        self.fields.get(name).or_else(|| {
            self.fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_parse_units_and_reject_non_numbers() {
        assert_eq!(Estimate::parse("5"), Some(Estimate::points(5.0)));
        assert_eq!(Estimate::parse("2,5 pts").map(|e| e.value), Some(2.5));
        assert_eq!(
            Estimate::parse("4h").map(|e| e.unit),
            Some(EstimateUnit::Hours)
        );
        assert_eq!(
            Estimate::parse("XL").map(|e| (e.value, e.unit)),
            Some((5.0, EstimateUnit::TShirt))
        );
        assert_eq!(Estimate::parse("NULL"), None);
        assert_eq!(Estimate::parse(""), None);
        assert_eq!(Estimate::parse("-3"), None);
    }

    #[test]
    fn priority_and_kind_names_normalise() {
        assert_eq!(Priority::from_name("Highest").level, Some(1));
        assert_eq!(Priority::from_name("Medium").level, Some(3));
        assert_eq!(Priority::from_name("No priority").level, None);
        assert_eq!(
            IssueKind::from_name("Product Backlog Item"),
            IssueKind::Story
        );
        assert_eq!(IssueKind::from_name("Sub-task"), IssueKind::Subtask);
        assert_eq!(LinkKind::from_phrase("is blocked by"), LinkKind::BlockedBy);
        assert_eq!(LinkKind::from_phrase("blocks"), LinkKind::Blocks);
    }

    #[test]
    fn doc_text_renders_lists_and_checklists() {
        let d = Doc {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    text: "Acceptance Criteria".into(),
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(true),
                    text: "Login works".into(),
                },
            ],
        };
        assert_eq!(d.text(), "Acceptance Criteria\n- [x] Login works");
        assert!(!d.is_empty());
        assert!(Doc::from_plain("  \n").is_empty());
    }
}
