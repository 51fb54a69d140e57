//! The team's configuration: one JSON document shared by the CLI, the extension and the
//! dashboard. Each analysis owns its own section type; unknown keys are rejected so a
//! typo does not silently turn a check off.

use serde::{Deserialize, Serialize};

use crate::hygiene::{DuplicatesConfig, HygieneConfig};
use crate::kpi::KpiConfig;
use crate::model::IssueKind;
use crate::priority::PriorityConfig;
use crate::readiness::ReadinessConfig;
use crate::rules::RulesConfig;

/// Current schema version of the configuration document.
pub const CONFIG_VERSION: u32 = 1;

/// Every key allowed at the top level of the configuration document. `$comment` is
/// free text, ignored, so a generated file can explain itself.
pub const TOP_LEVEL_KEYS: [&str; 8] = [
    "version",
    "$comment",
    "rules",
    "readiness",
    "priority",
    "kpi",
    "duplicates",
    "hygiene",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct Config {
    pub version: u32,
    /// The `rules` section: rule id → setting.
    #[serde(with = "rules_section")]
    #[cfg_attr(
        test,
        ts(as = "std::collections::BTreeMap<String, crate::rules::RuleSetting>")
    )]
    pub rules: RulesConfig,
    pub readiness: ReadinessConfig,
    pub priority: PriorityConfig,
    pub kpi: KpiConfig,
    pub duplicates: DuplicatesConfig,
    /// Stale, aging, oversized, orphaned and blocked work (the analysis date is
    /// `readiness.now`).
    pub hygiene: HygieneSettings,
}

/// The `rules` section read and written as [`RulesConfig`]'s map itself, in the same
/// place of the document as before. (It was a flattened `RulesConfig`: serde reads a flattened struct by
/// collecting every top-level key first, which cost 43 KB of WebAssembly in the
/// configuration's decoder and left errors inside the section without a position, so
/// they could not name their rule.)
mod rules_section {
    use crate::rules::{RuleSettings, RulesConfig};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(rules: &RulesConfig, s: S) -> Result<S::Ok, S::Error> {
        rules.rules.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RulesConfig, D::Error> {
        RuleSettings::deserialize(d).map(|rules| RulesConfig { rules })
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            version: CONFIG_VERSION,
            rules: RulesConfig::default(),
            readiness: ReadinessConfig::default(),
            priority: PriorityConfig::default(),
            kpi: KpiConfig::default(),
            duplicates: DuplicatesConfig::default(),
            hygiene: HygieneSettings::default(),
        }
    }
}

/// The `hygiene` section: backlog hygiene beyond the Definition of Ready (stale, aging,
/// oversized, orphaned and blocked work). Thresholds left unset follow the `readiness`
/// section, so the gate and the hygiene report never disagree about what is too big or
/// too old.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct HygieneSettings {
    /// Days without an update before an open issue is stale (default: the readiness
    /// `stale_days`, 90, or 30 for strict; 0 turns the check off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_days: Option<u32>,
    /// Days an issue may wait unstarted after it was created (default 180; 0 = off).
    pub aging_days: u32,
    /// Largest estimate in story points (default: the readiness `max_points`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
    /// Largest estimate in hours; days count 8 hours (default: readiness `max_hours`, 40).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// Largest T-shirt size, 1 (XS) … 6 (XXL) (default: readiness `max_tshirt`, 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tshirt: Option<f64>,
    /// Issue kinds that must have a parent or epic; empty (the default) turns the orphan
    /// check off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub require_parent: Vec<IssueKind>,
}

impl Default for HygieneSettings {
    fn default() -> Self {
        HygieneSettings {
            stale_days: None,
            aging_days: 180,
            max_points: None,
            max_hours: None,
            max_tshirt: None,
            require_parent: Vec::new(),
        }
    }
}

impl HygieneSettings {
    /// The thresholds the hygiene checks use: this section's, else the readiness ones.
    pub fn resolve(&self, readiness: &ReadinessConfig) -> HygieneConfig {
        HygieneConfig {
            stale_days: self
                .stale_days
                .unwrap_or_else(|| readiness.effective_stale_days()),
            aging_days: self.aging_days,
            max_points: self
                .max_points
                .unwrap_or_else(|| readiness.effective_max_points()),
            max_days: self
                .max_hours
                .unwrap_or_else(|| readiness.effective_max_hours())
                / 8.0,
            max_tshirt: self
                .max_tshirt
                .unwrap_or_else(|| readiness.effective_max_tshirt()),
            require_parent: self.require_parent.clone(),
        }
    }
}

impl Config {
    /// Parse a configuration document; the error names the JSON path that was wrong.
    pub fn from_json(text: &str) -> Result<Config, String> {
        // Top-level keys are checked here rather than by `deny_unknown_fields`, so that
        // the error lists the known keys (and `$comment` is allowed): a typo must not
        // silently drop a setting.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("configuration: invalid JSON: {e}"))?;
        let Some(map) = value.as_object() else {
            return Err("configuration: expected a JSON object".to_string());
        };
        if let Some(k) = map.keys().find(|k| !TOP_LEVEL_KEYS.contains(&k.as_str())) {
            return Err(format!(
                "configuration: unknown key `{k}` (known: {})",
                TOP_LEVEL_KEYS.join(", ")
            ));
        }
        let cfg: Config = crate::json_path::from_str(text)
            .map_err(|e| format!("configuration: at `{}`: {}", e.path, e.inner))?;
        cfg.readiness
            .validate()
            .map_err(|e| format!("configuration: {e}"))?;
        if cfg.version > CONFIG_VERSION {
            return Err(format!(
                "configuration: version {} is newer than this readylens understands ({})",
                cfg.version, CONFIG_VERSION
            ));
        }
        Ok(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_default_and_errors_name_the_path() {
        assert_eq!(Config::from_json("{}").unwrap(), Config::default());
        let err = Config::from_json(r#"{"duplicates": {"top": "five"}}"#).unwrap_err();
        assert!(err.contains("duplicates.top"), "{err}");
        let err = Config::from_json(r#"{"version": 99}"#).unwrap_err();
        assert!(err.contains("newer"), "{err}");
        assert!(Config::from_json("{").is_err());
        let err = Config::from_json(r#"{"readyness": {}}"#).unwrap_err();
        assert!(err.contains("unknown key `readyness`"), "{err}");
        assert!(Config::from_json("[]").is_err());
        let commented = r#"{"$comment": ["Generated by readylens init"], "version": 1}"#;
        assert_eq!(Config::from_json(commented).unwrap(), Config::default());
    }
}
