//! Story and acceptance-criteria quality rules (issue #3).
//!
//! Every rule lives in its own file under a category folder and is listed in
//! [`registry`]; `check_issue` runs the per-issue rules, `check_backlog` the rules
//! that compare issues with each other.

use crate::diagnostic::Diagnostic;
use crate::model::Issue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rule configuration: per rule id, `"off"`, a severity, or an object with per-issue-type
/// overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct RulesConfig {
    pub rules: BTreeMap<String, serde_json::Value>,
}

/// Run every enabled per-issue rule on `issue`.
pub fn check_issue(_issue: &Issue, _config: &RulesConfig) -> Vec<Diagnostic> {
    Vec::new()
}

/// Run the backlog-level rules; returns `(issue index, diagnostic)` pairs.
pub fn check_backlog(_issues: &[Issue], _config: &RulesConfig) -> Vec<(usize, Diagnostic)> {
    Vec::new()
}
