//! Importers: every tracker format in, normalised [`Issue`]s out.
//!
//! [`import`] detects the format from the content (or takes an explicit one), decodes
//! the input and returns the issues plus a list of per-row / per-item problems: one bad
//! row is reported and skipped, the others still load.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::model::Issue;

pub mod adf;
pub(crate) mod builder;
pub mod html;
pub mod markdown;
pub mod text;
pub mod wiki;

/// Every input format readylens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Plain text, one story a line.
    Text,
    /// Jira CSV export.
    JiraCsv,
    /// Linear CSV export.
    LinearCsv,
    /// GitLab CSV export.
    GitlabCsv,
    /// Any CSV whose columns have recognisable names.
    Csv,
    /// Jira REST JSON (v3 with ADF or v2/Server with wiki markup): one issue, a
    /// `search/jql` page or an agile backlog page.
    JiraJson,
    /// Linear GraphQL issue JSON.
    LinearJson,
    /// GitHub REST issue JSON.
    GithubJson,
    /// Azure DevOps work item JSON.
    AdoJson,
    /// GitLab REST issue JSON.
    GitlabJson,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Text,
        Format::JiraCsv,
        Format::LinearCsv,
        Format::GitlabCsv,
        Format::Csv,
        Format::JiraJson,
        Format::LinearJson,
        Format::GithubJson,
        Format::AdoJson,
        Format::GitlabJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::JiraCsv => "jira-csv",
            Format::LinearCsv => "linear-csv",
            Format::GitlabCsv => "gitlab-csv",
            Format::Csv => "csv",
            Format::JiraJson => "jira-json",
            Format::LinearJson => "linear-json",
            Format::GithubJson => "github-json",
            Format::AdoJson => "ado-json",
            Format::GitlabJson => "gitlab-json",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A problem with the input: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ImportError {
    /// The source (file name, "-" for stdin, "input" in the browser).
    pub source: String,
    /// Where in it: "line 3", "row 12", "$.issues[4].fields.summary", or empty.
    pub location: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}: {}", self.source, self.message)
        } else {
            write!(f, "{}: {}: {}", self.source, self.location, self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// The result of importing one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Imported {
    pub format: Format,
    pub issues: Vec<Issue>,
    /// Rows or items that could not be read (the rest were kept).
    pub problems: Vec<ImportError>,
}

/// Decode bytes as UTF-8, dropping a BOM. Invalid sequences become U+FFFD and are
/// reported rather than failing the whole input.
pub fn decode(source: &str, input: &[u8]) -> (String, Option<ImportError>) {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    match std::str::from_utf8(input) {
        Ok(s) => (s.to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(input).into_owned(),
            Some(ImportError {
                source: source.to_string(),
                location: format!("byte {}", e.valid_up_to()),
                message: "invalid UTF-8; bad bytes were replaced with U+FFFD".to_string(),
            }),
        ),
    }
}

/// Guess the format from the content.
pub fn detect(text: &str) -> Format {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return Format::JiraJson;
    }
    Format::Text
}

/// Import `input` (named `source` in messages) as `format`, or detect it.
pub fn import(source: &str, input: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    let (text, bad_utf8) = decode(source, input);
    let format = format.unwrap_or_else(|| detect(&text));
    let mut imported = match format {
        Format::Text => text::import(source, &text),
        other => Err(ImportError {
            source: source.to_string(),
            location: String::new(),
            message: format!("the {} importer is not available yet", other.name()),
        }),
    }?;
    if let Some(p) = bad_utf8 {
        imported.problems.insert(0, p);
    }
    Ok(imported)
}
