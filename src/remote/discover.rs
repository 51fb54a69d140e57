//! Where the team's configuration lives (`readylens.json` in the current directory or
//! at the root of the git repository), and the starter file `readylens init` writes.

use std::path::{Path, PathBuf};

use crate::config::{Config, CONFIG_VERSION};
use crate::readiness::{Preset, CHECKS};

/// The configuration file name looked for.
pub const CONFIG_FILE: &str = "readylens.json";

/// The configuration file in `start`, else at the root of the git repository containing
/// `start`: the first of `readylens.json`, `readylens.yaml`, `readylens.yml` (see
/// [`crate::config_yaml::find_config`]).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    crate::config_yaml::find_config(start)
}

/// One line per built-in check: its id and what it asks.
pub fn check_explanations() -> Vec<String> {
    CHECKS
        .iter()
        .map(|c| format!("{}: {}", c.id, c.summary))
        .collect()
}

fn preset_name(p: Preset) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "scrum".into())
}

/// The starter configuration for `preset`. With `comments`, a top-level `$comment`
/// array explains every check; callers keep it only when [`Config::from_json`] accepts
/// it (see [`starter_config`]).
fn starter_value(preset: Preset, comments: bool) -> serde_json::Value {
    let mut doc = serde_json::Map::new();
    if comments {
        let mut lines = vec![
            format!(
                "readylens Definition of Ready, preset `{}`. Every built-in check is listed below; turn one off or change its level under readiness.checks, e.g. \"ready/estimate\": \"warning\" (levels: off, error, warning, info), or limit it to issue types with {{\"severity\": \"error\", \"types\": [\"story\"]}}.",
                preset_name(preset)
            ),
        ];
        lines.extend(check_explanations());
        doc.insert("$comment".into(), serde_json::json!(lines));
    }
    doc.insert("version".into(), serde_json::json!(CONFIG_VERSION));
    doc.insert(
        "readiness".into(),
        serde_json::json!({
            "preset": preset_name(preset),
            "checks": {},
            "almost_ready_gaps": 1,
            "custom": []
        }),
    );
    serde_json::Value::Object(doc)
}

/// The text of a starter `readylens.json`, and whether it carries the explanations
/// itself (otherwise the caller prints them).
pub fn starter_config(preset: Preset) -> (String, bool) {
    for comments in [true, false] {
        let text = serde_json::to_string_pretty(&starter_value(preset, comments))
            .unwrap_or_else(|_| "{}".into());
        if Config::from_json(&text).is_ok() {
            return (text + "\n", comments);
        }
    }
    ("{}\n".into(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses_and_keeps_the_preset() {
        for p in [Preset::Minimal, Preset::Scrum, Preset::Safe, Preset::Strict] {
            let (text, _) = starter_config(p);
            let cfg = Config::from_json(&text).unwrap();
            assert_eq!(cfg.readiness.preset, p);
        }
        assert_eq!(check_explanations().len(), CHECKS.len());
    }

    #[test]
    fn finds_the_file_here_or_at_the_repository_root() {
        let root = std::env::temp_dir().join(format!("readylens-discover-{}", std::process::id()));
        let sub = root.join("a").join("b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        assert_eq!(find_config(&sub), None);
        std::fs::write(root.join(CONFIG_FILE), "{}").unwrap();
        assert_eq!(find_config(&sub), Some(root.join(CONFIG_FILE)));
        std::fs::write(sub.join(CONFIG_FILE), "{}").unwrap();
        assert_eq!(find_config(&sub), Some(sub.join(CONFIG_FILE)));
        let _ = std::fs::remove_dir_all(&root);
    }
}
