//! The team's configuration: one JSON document shared by the CLI, the extension and the
//! dashboard. Each analysis owns its own section type; unknown keys are rejected so a
//! typo does not silently turn a check off.

use serde::{Deserialize, Serialize};

use crate::hygiene::DuplicatesConfig;
use crate::kpi::KpiConfig;
use crate::priority::PriorityConfig;
use crate::readiness::ReadinessConfig;
use crate::rules::RulesConfig;

/// Current schema version of the configuration document.
pub const CONFIG_VERSION: u32 = 1;

/// Every key allowed at the top level of the configuration document.
pub const TOP_LEVEL_KEYS: [&str; 6] = [
    "version",
    "rules",
    "readiness",
    "priority",
    "kpi",
    "duplicates",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct Config {
    pub version: u32,
    #[serde(flatten)]
    pub rules: RulesConfig,
    pub readiness: ReadinessConfig,
    pub priority: PriorityConfig,
    pub kpi: KpiConfig,
    pub duplicates: DuplicatesConfig,
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
        }
    }
}

impl Config {
    /// Parse a configuration document; the error names the JSON path that was wrong.
    pub fn from_json(text: &str) -> Result<Config, String> {
        // serde cannot combine `deny_unknown_fields` with the flattened rules section,
        // so top-level keys are checked here: a typo must not silently drop a setting.
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
        let de = &mut serde_json::Deserializer::from_str(text);
        let cfg: Config = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("configuration: at `{}`: {}", e.path(), e.inner()))?;
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
    }
}
