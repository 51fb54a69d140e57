//! The configuration written as YAML (`readylens.yaml` / `readylens.yml`), for the
//! native CLI only: the WASM core and the extension keep reading JSON, so the YAML
//! parser is not linked into the WASM build.
//!
//! A YAML document is read into a JSON value and handed to [`Config::from_json`], so a
//! YAML file is validated exactly like the JSON one: the same unknown-key check, the
//! same error naming the key path (`configuration: at \`duplicates.top\`: …`), the same
//! version check. YAML syntax errors carry the line and column.
//!
//! Discovery: in the current directory, then at the root of the git repository, the
//! first of `readylens.json`, `readylens.yaml`, `readylens.yml` ([`CONFIG_FILES`], in
//! that order: an existing JSON setup keeps working unchanged when a YAML file appears
//! beside it). `--config x.yaml` / `x.yml` is read as YAML, any other name as JSON.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// The configuration file names looked for, in order.
pub const CONFIG_FILES: &[&str] = &["readylens.json", "readylens.yaml", "readylens.yml"];

/// Whether `path` names a YAML file (`.yaml` / `.yml`, any case).
pub fn is_yaml_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Parse a YAML configuration document; errors read like [`Config::from_json`]'s.
pub fn from_yaml(text: &str) -> Result<Config, String> {
    // Through YAML's own value first: its mappings reject duplicate keys (a JSON value
    // would keep the last one silently).
    let value: Option<serde_norway::Value> =
        serde_norway::from_str(text).map_err(|e| format!("configuration: invalid YAML: {e}"))?;
    let value = match value {
        // An empty document (or only comments) is the default configuration, like `{}`.
        None | Some(serde_norway::Value::Null) => serde_json::Value::Object(Default::default()),
        Some(v) => {
            serde_json::to_value(v).map_err(|e| format!("configuration: unsupported YAML: {e}"))?
        }
    };
    if !value.is_object() {
        return Err("configuration: expected a YAML mapping (key: value lines)".to_string());
    }
    let json = serde_json::to_string(&value)
        .map_err(|e| format!("configuration: cannot convert YAML: {e}"))?;
    Config::from_json(&json).map_err(|e| relocate(&e, text))
}

/// A validation error from the JSON reader points at a line and column of the
/// converted JSON text, which the user never saw: drop that position and, when the
/// error names a key path, point at the line of its last key in the YAML instead.
fn relocate(err: &str, yaml: &str) -> String {
    let mut msg = err.to_string();
    if let Some(at) = msg.rfind(" at line ") {
        if msg
            .get(at..)
            .is_some_and(|tail| tail.contains(" column ") && !tail.contains('`'))
        {
            msg.truncate(at);
        }
    }
    let key = msg
        .split('`')
        .nth(1)
        .and_then(|path| path.rsplit('.').next())
        .filter(|k| !k.is_empty() && !k.contains('['));
    if let Some(key) = key {
        let line = yaml.lines().position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key)
                .or_else(|| {
                    t.strip_prefix('"')
                        .and_then(|r| r.strip_prefix(key))
                        .and_then(|r| r.strip_prefix('"'))
                })
                .is_some_and(|r| r.trim_start().starts_with(':'))
        });
        if let Some(n) = line {
            msg.push_str(&format!(" (line {})", n + 1));
        }
    }
    msg
}

/// Parse a configuration by its file name: YAML for `.yaml`/`.yml`, JSON otherwise.
pub fn from_text(path: &Path, text: &str) -> Result<Config, String> {
    if is_yaml_path(path) {
        from_yaml(text)
    } else {
        Config::from_json(text)
    }
}

/// Read and parse the configuration at `path`; the error starts with the path.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read configuration {}: {e}", path.display()))?;
    from_text(path, &text).map_err(|e| format!("{}: {e}", path.display()))
}

fn first_in(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// The first of [`CONFIG_FILES`] in `start`, else in the root of the git repository
/// containing `start` (the nearest ancestor with a `.git` directory or file).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    if let Some(p) = first_in(start) {
        return Some(p);
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return first_in(d);
        }
        dir = d.parent();
    }
    None
}
