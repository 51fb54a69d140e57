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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
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
        let de = &mut serde_json::Deserializer::from_str(text);
        let cfg: Config = serde_path_to_error::deserialize(de)
            .map_err(|e| format!("configuration: at `{}`: {}", e.path(), e.inner()))?;
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
    }
}
