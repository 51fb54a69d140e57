//! KPI linkage: which outcome each issue likely moves (issue #6).

use crate::model::Issue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct KpiConfig {}

/// A likely KPI for an issue, with confidence and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KpiHint {
    pub kpi: String,
    pub confidence: f32,
}

pub fn link(_issue: &Issue, _config: &KpiConfig) -> Vec<KpiHint> {
    Vec::new()
}
