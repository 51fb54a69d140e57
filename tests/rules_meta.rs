//! Keeps the rule registry honest (in the style of refined-github's `features.test.ts`):
//! every rule file is registered, ids are unique and stable, every rule is documented
//! with the fixed headings, has passing and failing fixtures that behave, and is listed
//! in the README's rule table.
//!
//! The README table is generated from the registry; refresh it with
//! `UPDATE_README=1 cargo test --test rules_meta`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use readylens::diagnostic::{field_text, Diagnostic};
use readylens::model::{Doc, Issue, IssueKind};
use readylens::rules::{check_all, Category, Check, RulesConfig, REGISTRY, RENAMED};
use serde::Deserialize;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `src/rules/<category>/<name>.rs` files, as `category/name` ids.
fn rule_files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for cat in ["story", "criteria"] {
        let dir = root().join("src/rules").join(cat);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter(|p| p.file_stem().is_some_and(|s| s != "mod"))
            .collect();
        files.sort();
        for f in files {
            let stem = f.file_stem().unwrap().to_string_lossy().replace('_', "-");
            out.push((format!("{cat}/{stem}"), f));
        }
    }
    out
}

#[test]
fn every_rule_file_is_registered_and_every_rule_has_a_file() {
    let files: BTreeSet<String> = rule_files().into_iter().map(|(id, _)| id).collect();
    let registered: BTreeSet<String> = REGISTRY.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(files, registered, "rule files vs REGISTRY");
    assert_eq!(
        registered.len(),
        REGISTRY.len(),
        "duplicate ids in REGISTRY"
    );
}

#[test]
fn ids_are_well_formed_and_renames_point_to_live_rules() {
    for r in REGISTRY {
        let (cat, name) = r.id.split_once('/').expect("category/name");
        assert_eq!(cat, r.category.as_str(), "{}", r.id);
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.id
        );
        assert!(!r.summary.is_empty() && !r.why.is_empty(), "{}", r.id);
        let is_backlog = matches!(r.check, Check::Backlog(_));
        assert_eq!(
            is_backlog,
            matches!(r.id, "story/uniform" | "story/unique"),
            "{}",
            r.id
        );
    }
    for (old, new) in RENAMED {
        assert!(REGISTRY.iter().all(|r| r.id != *old), "{old} is still live");
        assert!(REGISTRY.iter().any(|r| r.id == *new), "{new} is not a rule");
    }
    let cats: BTreeSet<&str> = REGISTRY.iter().map(|r| r.category.as_str()).collect();
    assert_eq!(
        cats,
        [Category::Story.as_str(), Category::Criteria.as_str()]
            .into_iter()
            .collect()
    );
}

#[test]
fn every_rule_is_documented_with_the_fixed_headings() {
    for (id, path) in rule_files() {
        let src = std::fs::read_to_string(&path).unwrap();
        let docs: Vec<&str> = src
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.trim_start_matches("//!").trim())
            .collect();
        assert!(
            docs.first()
                .is_some_and(|l| l.starts_with(&format!("`{id}`:"))),
            "{id}: the doc comment must start with \"`{id}`: <one line>\""
        );
        let mut last = 0;
        for h in ["## What it does", "## Why it matters", "## Examples"] {
            let pos = docs
                .iter()
                .position(|l| *l == h)
                .unwrap_or_else(|| panic!("{id}: missing heading {h}"));
            assert!(pos > last, "{id}: {h} out of order");
            let body = docs.get(pos + 1..).unwrap_or_default();
            assert!(
                body.iter()
                    .take_while(|l| !l.starts_with("## "))
                    .any(|l| !l.is_empty()),
                "{id}: {h} is empty"
            );
            last = pos;
        }
        assert!(
            src.contains("#[cfg(test)]") && src.contains("#[test]"),
            "{id}: inline pass/fail tests are missing"
        );
    }
}

#[derive(Deserialize)]
struct Case {
    #[serde(default)]
    kind: Option<IssueKind>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    criteria: Option<String>,
    /// The text the diagnostic must point at (failing cases).
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    /// Backlog-level rules: the whole backlog.
    #[serde(default)]
    backlog: Option<Vec<Case>>,
    /// Backlog-level rules: the issue that must get the diagnostic.
    #[serde(default)]
    issue: Option<usize>,
}

#[derive(Deserialize)]
struct Fixture {
    rule: String,
    pass: Vec<Case>,
    fail: Vec<Case>,
}

fn to_issue(c: &Case, i: usize) -> Issue {
    Issue {
        key: c.key.clone().unwrap_or_else(|| format!("FX-{}", i + 1)),
        kind: c.kind.unwrap_or(IssueKind::Story),
        title: c.title.clone(),
        description: c
            .description
            .as_deref()
            .map(Doc::from_plain)
            .unwrap_or_default(),
        acceptance_criteria: c.criteria.as_deref().map(Doc::from_plain),
        ..Default::default()
    }
}

/// (issues, index of the issue under test, expected span text)
fn backlog_of(c: &Case) -> (Vec<Issue>, usize, Option<String>) {
    match &c.backlog {
        Some(b) => {
            let issues: Vec<Issue> = b.iter().enumerate().map(|(i, c)| to_issue(c, i)).collect();
            let idx = c.issue.unwrap_or(0);
            let at = b
                .get(idx)
                .and_then(|x| x.at.clone())
                .or_else(|| c.at.clone());
            (issues, idx, at)
        }
        None => (vec![to_issue(c, 0)], 0, c.at.clone()),
    }
}

fn spanned(issue: &Issue, d: &Diagnostic) -> Option<String> {
    let (f, s) = (d.field?, d.span?);
    field_text(issue, f).get(s.start..s.end).map(str::to_string)
}

fn check_diagnostic_shape(issue: &Issue, d: &Diagnostic) {
    assert!(
        !d.message.is_empty() && !d.why.is_empty() && !d.help.is_empty(),
        "{d:?}"
    );
    assert_eq!(Some(d.category.as_str()), d.rule.split('/').next());
    if let Some(s) = d.span {
        let f = d.field.expect("a span needs a field");
        let t = field_text(issue, f);
        assert!(s.start <= s.end && s.end <= t.len(), "{d:?} out of range");
        assert!(
            t.is_char_boundary(s.start) && t.is_char_boundary(s.end),
            "{d:?}"
        );
    }
}

#[test]
fn every_rule_has_fixtures_that_pass_and_fail() {
    let cfg = RulesConfig::default();
    for r in REGISTRY {
        let (cat, name) = r.id.split_once('/').unwrap();
        let path = root().join(format!("tests/fixtures/rules/{cat}/{name}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (every rule needs fixtures)", path.display()));
        let fx: Fixture =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(fx.rule, r.id, "{}", path.display());
        assert!(
            !fx.pass.is_empty() && !fx.fail.is_empty(),
            "{}: needs pass and fail cases",
            r.id
        );
        for (n, c) in fx.fail.iter().enumerate() {
            let (issues, idx, at) = backlog_of(c);
            let per = check_all(&issues, &cfg);
            for (i, ds) in per.iter().enumerate() {
                for d in ds {
                    check_diagnostic_shape(&issues[i], d);
                }
            }
            let mine: Vec<&Diagnostic> = per[idx].iter().filter(|d| d.rule == r.id).collect();
            assert!(
                !mine.is_empty(),
                "{} fail case {n} did not fire: {:?}",
                r.id,
                issues[idx].title
            );
            if let Some(at) = &at {
                let texts: Vec<Option<String>> =
                    mine.iter().map(|d| spanned(&issues[idx], d)).collect();
                assert!(
                    texts.iter().any(|t| t.as_deref() == Some(at.as_str())),
                    "{} fail case {n}: expected a span on {at:?}, got {texts:?}",
                    r.id
                );
            }
        }
        for (n, c) in fx.pass.iter().enumerate() {
            let (issues, _, _) = backlog_of(c);
            let per = check_all(&issues, &cfg);
            for (i, ds) in per.iter().enumerate() {
                let mine: Vec<&Diagnostic> = ds.iter().filter(|d| d.rule == r.id).collect();
                assert!(
                    mine.is_empty(),
                    "{} pass case {n} fired on issue {i}: {:?}",
                    r.id,
                    mine
                );
            }
        }
    }
}

fn level(r: &readylens::rules::Rule, kind: IssueKind) -> &'static str {
    (r.defaults)(kind).map(|s| s.as_str()).unwrap_or("off")
}

/// The README rule table, generated from the registry.
fn readme_table() -> String {
    let mut t = String::from(
        "Rule ids are stable; set a rule to `\"off\"`, a severity, or per issue type in the `rules` section of the configuration, e.g. `{\"rules\": {\"story/atomic\": \"off\", \"criteria/missing\": {\"severity\": \"warning\", \"task\": \"info\"}, \"criteria/too-many\": {\"max\": 8}}}`. Story rules judge only issues written as a story; an issue of unknown type written as a user story counts as a story. Evaluation on real data: [docs/rules-eval.md](docs/rules-eval.md).\n\n| rule | checks | story | feature | task | bug | epic | options |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in REGISTRY {
        let opts = if r.options.is_empty() {
            String::new()
        } else {
            r.options
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        t.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.summary.replace('|', "\\|"),
            level(r, IssueKind::Story),
            level(r, IssueKind::Feature),
            level(r, IssueKind::Task),
            level(r, IssueKind::Bug),
            level(r, IssueKind::Epic),
            opts
        ));
    }
    t
}

#[test]
fn readme_rule_table_lists_every_rule() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->", "<!-- rules:end -->");
    let a = readme.find(start).expect("README has <!-- rules:start -->") + start.len();
    let b = readme.find(end).expect("README has <!-- rules:end -->");
    let want = format!("\n{}", readme_table());
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..a], want, &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let section = &readme[a..b];
    for r in REGISTRY {
        assert!(
            section.contains(&format!("| `{}` |", r.id)),
            "README rule table is missing {}: run `UPDATE_README=1 cargo test --test rules_meta`",
            r.id
        );
    }
    assert_eq!(
        section, want,
        "README rule table is out of date: run `UPDATE_README=1 cargo test --test rules_meta`"
    );
}

#[test]
fn fixture_folder_has_no_stray_files() {
    let ids: BTreeSet<String> = REGISTRY.iter().map(|r| r.id.to_string()).collect();
    for cat in ["story", "criteria"] {
        let dir = root().join("tests/fixtures/rules").join(cat);
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p: &Path = &e.path();
            let id = format!("{cat}/{}", p.file_stem().unwrap().to_string_lossy());
            assert!(ids.contains(&id), "{} belongs to no rule", p.display());
        }
    }
}
