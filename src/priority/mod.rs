//! Priority scoring: RICE, ICE, WSJF, MoSCoW, Kano, cost of delay (issue #5).

use crate::model::Issue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct PriorityConfig {}

/// Every framework's score for one issue, with the provenance of its inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PriorityReport {}

pub fn score(_issue: &Issue, _config: &PriorityConfig) -> PriorityReport {
    PriorityReport::default()
}
