#![cfg(not(target_arch = "wasm32"))]
//! The YAML configuration (`src/config_yaml.rs`): the same settings and the same
//! validation errors as the JSON file, file discovery order, and hostile YAML.

use readylens::config_yaml::{find_config, from_text, from_yaml, is_yaml_path, load, CONFIG_FILES};
use readylens::Config;
use std::path::{Path, PathBuf};

/// The same configuration in both syntaxes gives the same `Config`.
#[test]
fn yaml_and_json_give_the_same_config() {
    let json = r#"{
        "version": 1,
        "rules": {"story/atomic": "off", "criteria/vague-term": {"severity": "error"}},
        "duplicates": {"top": 7, "threshold": 0.6},
        "kpi": {"min_confidence": 0.5, "max_hints": 2, "disable": ["expansion"],
                "metrics": [{"id": "report-shares", "name": "Reports shared",
                             "keywords": ["share report", "export pdf"]}]}
    }"#;
    let yaml = "\
# readylens configuration
version: 1
rules:
  story/atomic: off          # a string, not a boolean, in YAML 1.2
  criteria/vague-term:
    severity: error
duplicates:
  top: 7
  threshold: 0.6
kpi:
  min_confidence: 0.5
  max_hints: 2
  disable: [expansion]
  metrics:
    - id: report-shares
      name: Reports shared
      keywords:
        - share report
        - export pdf
";
    let from_json = Config::from_json(json).unwrap();
    let from_yaml = from_yaml(yaml).unwrap();
    assert_eq!(from_yaml, from_json);
    assert_ne!(from_yaml, Config::default());
    assert_eq!(from_yaml.duplicates.top, 7);
}

#[test]
fn empty_or_comment_only_yaml_is_the_default() {
    assert_eq!(from_yaml("").unwrap(), Config::default());
    assert_eq!(from_yaml("# nothing yet\n").unwrap(), Config::default());
    assert_eq!(from_yaml("{}").unwrap(), Config::default());
}

/// Validation errors name the key exactly as the JSON path does.
#[test]
fn errors_name_the_key_like_json() {
    let y = from_yaml("# team settings\nduplicates:\n  top: five\n").unwrap_err();
    let j = Config::from_json(r#"{"duplicates": {"top": "five"}}"#).unwrap_err();
    assert!(y.contains("duplicates.top"), "{y}");
    // The same message, but the position is the YAML line of the key, not a column
    // of the JSON the YAML was converted to.
    let j_message = j.split(" at line ").next().unwrap();
    assert_eq!(y, format!("{j_message} (line 3)"));

    let y = from_yaml("readyness: {}\n").unwrap_err();
    assert!(y.contains("unknown key `readyness`"), "{y}");

    let y = from_yaml("version: 99\n").unwrap_err();
    assert!(y.contains("newer"), "{y}");

    let y = from_yaml("kpi:\n  min_confidance: 0.5\n").unwrap_err();
    assert!(y.contains("kpi"), "{y}");
    assert!(y.contains("min_confidance"), "{y}");
}

#[test]
fn syntax_errors_and_non_mappings_are_rejected_with_a_position() {
    let e = from_yaml("rules:\n  story/atomic: [off\n").unwrap_err();
    assert!(e.starts_with("configuration: invalid YAML"), "{e}");
    assert!(e.contains("line"), "{e}");
    let e = from_yaml("- a\n- b\n").unwrap_err();
    assert!(e.contains("mapping"), "{e}");
    assert!(from_yaml("just text").is_err());
    // Two documents in one file are not one configuration.
    assert!(from_yaml("version: 1\n---\nversion: 1\n").is_err());
    // A duplicated key is an error, not "last one wins".
    assert!(from_yaml("version: 1\nversion: 1\n").is_err());
}

/// Alias bombs and deep nesting end in an error, not in memory exhaustion or a crash.
#[test]
fn hostile_yaml_fails_cleanly() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = name;
    }
    assert!(from_yaml(&bomb).is_err());
    let deep = format!("version: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(from_yaml(&deep).is_err());
    assert!(from_yaml("\u{0}\u{feff}::").is_err());
}

#[test]
fn the_file_name_picks_the_syntax() {
    assert!(is_yaml_path(Path::new("readylens.yaml")));
    assert!(is_yaml_path(Path::new("conf/Team.YML")));
    assert!(!is_yaml_path(Path::new("readylens.json")));
    assert!(!is_yaml_path(Path::new("yaml")));
    assert_eq!(
        from_text(Path::new("x.yml"), "duplicates: {top: 3}")
            .unwrap()
            .duplicates
            .top,
        3
    );
    assert!(from_text(Path::new("x.json"), "duplicates: {top: 3}").is_err());
    assert_eq!(
        from_text(Path::new("x.json"), r#"{"duplicates": {"top": 3}}"#)
            .unwrap()
            .duplicates
            .top,
        3
    );
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "readylens-config-yaml-{tag}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn discovery_order_json_then_yaml_then_yml_then_repository_root() {
    assert_eq!(
        CONFIG_FILES,
        ["readylens.json", "readylens.yaml", "readylens.yml"]
    );
    let t = TempDir::new("discover");
    let root = t.0.join("repo");
    let sub = root.join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    assert_eq!(find_config(&sub), None);

    std::fs::write(root.join("readylens.yml"), "duplicates: {top: 2}\n").unwrap();
    assert_eq!(find_config(&sub), Some(root.join("readylens.yml")));
    std::fs::write(root.join("readylens.yaml"), "duplicates: {top: 3}\n").unwrap();
    assert_eq!(find_config(&sub), Some(root.join("readylens.yaml")));
    std::fs::write(root.join("readylens.json"), r#"{"duplicates": {"top": 4}}"#).unwrap();
    assert_eq!(find_config(&sub), Some(root.join("readylens.json")));
    // The current directory wins over the repository root.
    std::fs::write(sub.join("readylens.yml"), "duplicates: {top: 5}\n").unwrap();
    let found = find_config(&sub).unwrap();
    assert_eq!(found, sub.join("readylens.yml"));
    assert_eq!(load(&found).unwrap().duplicates.top, 5);
    assert_eq!(
        load(&root.join("readylens.json")).unwrap().duplicates.top,
        4
    );
}

#[test]
fn load_prefixes_errors_with_the_path() {
    let t = TempDir::new("load");
    let p = t.0.join("readylens.yaml");
    std::fs::write(&p, "duplicates:\n  top: five\n").unwrap();
    let e = load(&p).unwrap_err();
    assert!(e.starts_with(&p.display().to_string()), "{e}");
    assert!(e.contains("duplicates.top"), "{e}");
    let e = load(&t.0.join("missing.yaml")).unwrap_err();
    assert!(e.contains("cannot read configuration"), "{e}");
}

/// The starter configuration `readylens init` writes (JSON) reads the same once
/// converted to YAML: every key the CLI writes is accepted from YAML too.
#[test]
fn the_init_starter_round_trips_through_yaml() {
    let (starter, _) = readylens::remote::discover::starter_config(Default::default());
    let value: serde_json::Value = serde_json::from_str(&starter).unwrap();
    let yaml = serde_norway::to_string(&value).unwrap();
    assert_eq!(
        from_yaml(&yaml).unwrap(),
        Config::from_json(&starter).unwrap()
    );
}

/// The CLI reads `--config x.yaml` as YAML and discovers `readylens.yaml` on its own.
#[test]
fn the_cli_reads_a_yaml_configuration() {
    let dir = std::env::temp_dir().join(format!("readylens-yaml-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Two stories from ../shared/data/stories (Dalpiaz g03, CC BY 4.0).
    let stories = dir.join("stories.txt");
    std::fs::write(
        &stories,
        "As a Staff member, I want to Assign an Application for Detailed Review.\n\
         As a Staff member, I want to Schedule a Meeting with the Applicant.\n",
    )
    .expect("write stories");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_readylens"))
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("run readylens")
    };
    // A YAML typo is an error naming the key and its YAML line; exit code 2.
    std::fs::write(
        dir.join("bad.yml"),
        "version: 1\nreadiness:\n  preset: scrum\n  stale_dayz: 3\n",
    )
    .expect("write yaml");
    let out = run(&["check", "stories.txt", "--config", "bad.yml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("stale_dayz") && err.contains("bad.yml"),
        "{err}"
    );
    // A discovered readylens.yaml turns the story-format check into an error: the JSON
    // report shows the configured severity.
    std::fs::write(
        dir.join("readylens.yaml"),
        "# team settings\nreadiness:\n  preset: minimal\n  checks:\n    ready/acceptance-criteria: \"off\"\n",
    )
    .expect("write yaml");
    let out = run(&["check", "stories.txt", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("readylens.yaml"),
        "discovery is announced: {err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("JSON report on stdout");
    let checks: Vec<String> = report["issues"][0]["readiness"]["checks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["check"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(!checks.is_empty());
    assert!(
        !checks.iter().any(|c| c == "ready/acceptance-criteria"),
        "the YAML turned the check off: {checks:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
