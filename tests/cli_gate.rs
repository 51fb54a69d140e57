#![cfg(not(target_arch = "wasm32"))]
//! The CI gate of `readylens check` on files: exit codes for every `--fail-on` and
//! `--min-readiness-rate` outcome, JUnit XML / Markdown summary / GitHub annotations
//! (golden files in tests/golden/, regenerate with `UPDATE_GOLDEN=1`), escaping of
//! hostile text, the history file, configuration discovery, `readylens init`, usage
//! errors. Inputs: tests/fixtures/remote/jira_v3_page{1,2,3}.json (text from
//! ../shared/data/issues/deepse/mesos.csv, Choetkiertikul et al. 2018): by construction
//! MESOS-313, -343 and -598 have criteria, points and a priority (ready), MESOS-336 lacks
//! criteria (almost ready), MESOS-487 lacks criteria and points (not ready).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/remote/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn pages() -> Vec<String> {
    (1..=3)
        .map(|i| fixture(&format!("jira_v3_page{i}.json")))
        .collect()
}

fn readylens(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readylens"));
    cmd.args(args).env_remove("GITHUB_STEP_SUMMARY");
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    cmd.output().unwrap()
}

fn check(files: &[String], extra: &[&str]) -> Output {
    let mut args = vec!["check", "--now", "2026-11-28", "--color", "never"];
    args.extend(files.iter().map(String::as_str));
    args.extend_from_slice(extra);
    // Run outside the repository so no readylens.json is discovered.
    readylens(&args, Some(&std::env::temp_dir()))
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("readylens-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Compare with tests/golden/NAME, or rewrite it when UPDATE_GOLDEN is set.
fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from tests/golden/{name} (UPDATE_GOLDEN=1 to accept):\n{actual}"
    );
}

/// File paths in outputs are made relative so golden files do not depend on the checkout.
fn relative(s: &str) -> String {
    s.replace(&format!("{}/", env!("CARGO_MANIFEST_DIR")), "")
}

#[test]
fn exit_codes_for_each_gate_outcome() {
    let all = pages();
    let code = |files: &[String], extra: &[&str]| check(files, extra).status.code();
    assert_eq!(code(&all, &[]), Some(0), "default: never");
    assert_eq!(code(&all, &["--fail-on", "never"]), Some(0));
    assert_eq!(
        code(&all, &["--fail-on", "not-ready"]),
        Some(1),
        "MESOS-487"
    );
    assert_eq!(code(&all, &["--fail-on", "almost"]), Some(1));
    assert_eq!(code(&all, &["--fail-on", "error"]), Some(1));
    assert_eq!(code(&all, &["--fail-on", "warning"]), Some(1));
    // Page 1: MESOS-313 ready, MESOS-336 almost ready.
    let page1 = &all[0..1];
    assert_eq!(code(page1, &["--fail-on", "not-ready"]), Some(0));
    assert_eq!(code(page1, &["--fail-on", "almost"]), Some(1));
    // Page 3: MESOS-598 ready, but not written as a user story (a warning).
    let page3 = &all[2..3];
    assert_eq!(code(page3, &["--fail-on", "almost"]), Some(0));
    assert_eq!(code(page3, &["--fail-on", "error"]), Some(0));
    assert_eq!(code(page3, &["--fail-on", "warning"]), Some(1));
    // 3 of 5 ready = 60%.
    assert_eq!(code(&all, &["--min-readiness-rate", "0.6"]), Some(0));
    assert_eq!(code(&all, &["--min-readiness-rate", "0.61"]), Some(1));
    let o = check(
        &all,
        &["--min-readiness-rate", "0.8", "--fail-on", "not-ready"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("1 issue is not ready"), "{}", err(&o));
    assert!(
        err(&o).contains("readiness rate 60% is below the minimum 80%"),
        "{}",
        err(&o)
    );
    // Usage errors.
    assert_eq!(code(&all, &["--min-readiness-rate", "80"]), Some(2));
    assert_eq!(code(&all, &["--fail-on", "sometimes"]), Some(2));
    assert_eq!(code(&all, &["--format", "xml"]), Some(2));
}

#[test]
fn junit_is_one_case_per_issue_and_matches_the_golden_file() {
    let mut files = pages();
    files.push(fixture("hostile_github.json"));
    let o = check(&files, &["--format", "junit", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let xml = relative(&out(&o));
    assert_eq!(xml.matches("<testcase ").count(), 6);
    // MESOS-336: one blocking gap; MESOS-487: two.
    let case = |key: &str| {
        let start = xml.find(&format!("name=\"{key}:")).unwrap();
        let end = xml[start..]
            .find("</testcase>")
            .map_or(xml.len(), |e| start + e);
        xml[start..end].to_string()
    };
    assert_eq!(case("MESOS-336").matches("<failure ").count(), 1);
    assert_eq!(case("MESOS-487").matches("<failure ").count(), 2);
    assert!(case("MESOS-487").contains("type=\"ready/estimate\""));
    assert!(case("MESOS-487").contains("Next step: Estimate it"));
    // Hostile text is escaped, control characters dropped.
    assert!(!xml.contains("<script>"));
    assert!(xml.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 100% &apos;quotes&apos;"
    ));
    assert!(!xml.contains("]]>"));
    assert!(!xml.contains('\u{7}'));
    golden("report.junit.xml", &xml);
}

#[test]
fn markdown_summary_is_written_and_appended_to_the_step_summary() {
    let dir = temp("summary");
    let step = dir.join("step_summary.md");
    std::fs::write(&step, "previous step\n").unwrap();
    let summary = dir.join("summary.md");
    let mut files = pages();
    files.push(fixture("hostile_github.json"));
    let mut args = vec!["check", "--now", "2026-11-28", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let summary_arg = summary.display().to_string();
    args.extend_from_slice(&[
        "--fail-on",
        "not-ready",
        "--min-readiness-rate",
        "0.8",
        "--summary",
        &summary_arg,
    ]);
    let o = Command::new(env!("CARGO_BIN_EXE_readylens"))
        .args(&args)
        .current_dir(std::env::temp_dir())
        .env("GITHUB_STEP_SUMMARY", &step)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let md = relative(&std::fs::read_to_string(&summary).unwrap());
    assert!(md.contains("**Gate failed**"));
    assert!(md.contains("| 6 | 3 | 1 | 2 | 50% |"), "{md}");
    assert!(
        md.contains("100% 'quotes' \\| pipes"),
        "pipes escaped in tables: {md}"
    );
    assert!(!md.contains("<script>"));
    let step_text = std::fs::read_to_string(&step).unwrap();
    assert!(
        step_text.starts_with("previous step\n"),
        "appended, not overwritten"
    );
    assert!(step_text.contains("## readylens: Definition of Ready"));
    golden("summary.md", &md);
}

#[test]
fn github_annotations_name_the_file_and_escape_hostile_text() {
    let mut files = pages();
    files.push(fixture("hostile_github.json"));
    let o = check(&files, &["--format", "github"]);
    let text = relative(&out(&o));
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
    }
    assert!(text.contains("::warning file=tests/fixtures/remote/jira_v3_page1.json,title=MESOS-336 is almost ready (85%25)::"), "{text}");
    assert!(
        text.contains(
            "::error file=tests/fixtures/remote/jira_v3_page2.json,title=MESOS-487 is not ready"
        ),
        "{text}"
    );
    // The hostile issue: `%`, CR, LF escaped; the injected "::error::" stays inside the message.
    assert_eq!(text.lines().filter(|l| l.contains("#900")).count(), 1);
    golden("annotations.txt", &text);
}

#[test]
fn history_appends_one_json_line_per_run() {
    let dir = temp("history");
    let hist = dir.join("readiness.jsonl");
    let h = hist.display().to_string();
    for _ in 0..2 {
        let o = check(&pages(), &["--format", "json", "--history", &h]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    }
    let text = std::fs::read_to_string(&hist).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(v["date"], "2026-11-28");
    assert_eq!(v["issues"], 5);
    assert_eq!(v["ready"], 3);
    assert_eq!(v["readiness_rate"], 0.6);
    assert_eq!(v["failing_checks"]["ready/acceptance-criteria"], 2);
    assert_eq!(v["failing_checks"]["ready/estimate"], 1);
    assert!(v["scope"].as_str().unwrap().contains("jira_v3_page1.json"));
    assert!(v["health_index"].is_number() && v["kpi_coverage"].is_number());
    assert_eq!(v["gate_passed"], true);
}

#[test]
fn configuration_is_discovered_at_the_repository_root_and_overridden_by_config() {
    let root = temp("discover");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let sub = root.join("services").join("api");
    std::fs::create_dir_all(&sub).unwrap();
    // Criteria only warn: MESOS-336 becomes ready, MESOS-487 almost ready.
    std::fs::write(
        root.join("readylens.json"),
        r#"{"readiness": {"preset": "scrum", "checks": {"ready/acceptance-criteria": "warning"}}}"#,
    )
    .unwrap();
    let mut args = vec!["check", "--now", "2026-11-28", "--format", "json"];
    let files = pages();
    args.extend(files.iter().map(String::as_str));
    let o = readylens(&args, Some(&sub));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("using configuration"), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["backlog"]["ready"], 4);
    // --config wins.
    let strict = root.join("strict.json");
    std::fs::write(&strict, r#"{"readiness": {"preset": "scrum"}}"#).unwrap();
    let s = strict.display().to_string();
    args.extend_from_slice(&["--config", &s]);
    let o = readylens(&args, Some(&sub));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["backlog"]["ready"], 3);
    assert!(!err(&o).contains("using configuration"));
    // A broken discovered file is a configuration error.
    std::fs::write(root.join("readylens.json"), r#"{"readyness": {}}"#).unwrap();
    let o = readylens(&args[..args.len() - 2], Some(&sub));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("readyness"), "{}", err(&o));
}

#[test]
fn init_writes_a_starter_file_that_check_uses() {
    let dir = temp("init");
    let o = readylens(&["init", "--preset", "safe"], Some(&dir));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = std::fs::read_to_string(dir.join("readylens.json")).unwrap();
    let cfg = readylens::Config::from_json(&text).unwrap();
    assert_eq!(cfg.readiness.preset, readylens::readiness::Preset::Safe);
    // Every built-in check is explained, in the file or on stdout.
    let explained = format!("{text}\n{}", out(&o));
    for c in readylens::readiness::CHECKS {
        assert!(
            explained.contains(&format!("{}: {}", c.id, c.summary)),
            "{} not explained",
            c.id
        );
    }
    let o = readylens(&["init"], Some(&dir));
    assert_eq!(o.status.code(), Some(2), "no overwrite without --force");
    assert!(err(&o).contains("--force"));
    let o = readylens(&["init", "--preset", "minimal", "--force"], Some(&dir));
    assert_eq!(o.status.code(), Some(0));
    let cfg =
        readylens::Config::from_json(&std::fs::read_to_string(dir.join("readylens.json")).unwrap())
            .unwrap();
    assert_eq!(cfg.readiness.preset, readylens::readiness::Preset::Minimal);
    // check picks it up: with minimal, missing criteria only warn.
    let mut args = vec!["check", "--now", "2026-11-28", "--fail-on", "almost"];
    let files = pages();
    args.extend(files.iter().map(String::as_str));
    let o = readylens(&args, Some(&dir));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn usage_errors_exit_2_and_help_documents_sources_and_exit_codes() {
    let cases: &[&[&str]] = &[
        &["check"],
        &[
            "check",
            "--jira",
            "https://x.invalid",
            "--github",
            "a/b",
            "--jql",
            "x",
        ],
        &["check", "--jql", "project = X", "a.json"],
        &["check", "--jira", "https://x.invalid"],
        &["check", "--github", "not-a-repo"],
        &["check", "--ado", "org", "--wiql", "SELECT"],
        &["check", "--gitlab", "https://gitlab.com"],
        &["check", "--jira", "ftp://x.invalid", "--jql", "x"],
        &["check", "--github", "a/b", "a.json"],
        &["check", "--github", "a/b", "--input-format", "github-json"],
        &["check", "--linear", "--milestone", "3"],
    ];
    for args in cases {
        let o = readylens(args, Some(&std::env::temp_dir()));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
    }
    let o = readylens(&["check", "--help"], None);
    let help = out(&o);
    for needle in [
        "READYLENS_JIRA_EMAIL",
        "READYLENS_JIRA_TOKEN",
        "READYLENS_JIRA_PAT",
        "READYLENS_GITHUB_TOKEN",
        "GITHUB_TOKEN",
        "READYLENS_GITLAB_TOKEN",
        "READYLENS_LINEAR_TOKEN",
        "READYLENS_ADO_TOKEN",
        "3 = tracker unreachable",
        "--fail-on",
        "--min-readiness-rate",
        "junit",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}
