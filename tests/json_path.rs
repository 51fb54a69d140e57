#![cfg(not(target_arch = "wasm32"))]
//! `readylens::json_path` names the JSON path of a decode error the way
//! `serde_path_to_error` (which the library used before, kept here as the oracle) does:
//! every value of a real configuration and of real imported issues is replaced, one at a
//! time, by values of the wrong type, and both must name the same path.

mod support;
use support::fixture;

use readylens::json_path;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// JSON pointers of every value in `v` (objects, arrays and leaves), root excluded.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    if !at.is_empty() {
        out.push(at);
    }
}

/// Replace every value by each wrong value, in compact and pretty JSON, and assert that
/// both name the same path for every failing document (and that there are many).
fn assert_same_paths<T: DeserializeOwned>(good: &Value) {
    let mut ptrs = Vec::new();
    pointers(good, String::new(), &mut ptrs);
    let (mut n, mut mismatches) = (0, Vec::new());
    for p in &ptrs {
        for bad in [
            json!("zz"),
            json!(-7),
            json!(2.5),
            json!({"q": 1}),
            json!([true]),
            json!(null),
        ] {
            let mut v = good.clone();
            let Some(slot) = v.pointer_mut(p) else {
                continue;
            };
            *slot = bad.clone();
            for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                let ours = json_path::from_str::<T>(&text);
                let de = &mut serde_json::Deserializer::from_str(&text);
                let theirs = serde_path_to_error::deserialize::<_, T>(de);
                match (ours, theirs) {
                    (Err(a), Err(b)) => {
                        n += 1;
                        assert_eq!(a.inner.to_string(), b.inner().to_string());
                        if a.path != b.path().to_string() {
                            mismatches.push(format!(
                                "{p} = {bad}: `{}` vs `{}` ({})",
                                a.path,
                                b.path(),
                                b.inner()
                            ));
                        }
                    }
                    (Ok(_), Ok(_)) => {}
                    (a, b) => panic!("{p} = {bad}: ours ok={} theirs ok={}", a.is_ok(), b.is_ok()),
                }
            }
        }
    }
    assert!(n > 300, "only {n} failing documents compared");
    assert!(
        mismatches.is_empty(),
        "{n} compared:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn configuration_errors_name_the_same_path() {
    // The starter `readylens init` writes, with rules, check overrides and a KPI tree
    // (the shapes of docs/configuration.md and docs/kpi.md).
    let (starter, _) = readylens::remote::discover::starter_config(Default::default());
    let mut cfg: Value = serde_json::from_str(&starter).unwrap();
    cfg["rules"] = json!({"story/atomic": "warning", "criteria/too-many": {"max": 8, "story": "error"},
                          "criteria/vague-term": {"terms": ["fast"], "bug": "off"}});
    cfg["readiness"]["checks"]["ready/assignee"] = json!("off");
    cfg["readiness"]["checks"]["ready/estimate"] = json!({"types": ["bug"], "severity": "error"});
    cfg["kpi"]["north_star"] =
        json!({"id": "weekly-active-teams", "name": "Weekly active teams", "owner": "CPO"});
    cfg["kpi"]["metrics"] = json!([{"id": "report-shares", "name": "Reports shared",
        "keywords": ["share report", "export pdf"], "related": ["pdf"], "owner": "Ana",
        "parent": "weekly-active-teams", "target": "+20% by Q4"},
        {"id": "activation", "keywords": ["workspace setup"], "owner": "Growth"}]);
    readylens::Config::from_json(&cfg.to_string()).expect("the base configuration is valid");
    assert_same_paths::<readylens::Config>(&cfg);
}

#[test]
fn issue_errors_name_the_same_path() {
    // Real issues: the Jira CSV export fixture (Deep-SE rows, see
    // tests/fixtures/import/README.md) and the Linear GraphQL fixture, normalised.
    let mut issues = Vec::new();
    for (name, file) in [
        ("jira.csv", "jira_export.csv"),
        ("linear.json", "linear_issue.json"),
    ] {
        issues.extend(
            readylens::import(name, &fixture(file), None)
                .unwrap()
                .issues,
        );
    }
    let good = serde_json::to_value(&issues).unwrap();
    assert_same_paths::<Vec<readylens::Issue>>(&good);
}

#[test]
fn the_path_reaches_the_error_message_of_both_entry_points() {
    let e = readylens::Config::from_json(
        r#"{"readiness": {"checks": {"ready/estimate": {"types": ["bug", "saga"]}}}}"#,
    )
    .unwrap_err();
    assert!(
        e.starts_with(
            "configuration: at `readiness.checks.ready/estimate.types[1]`: unknown variant `saga`"
        ),
        "{e}"
    );
    let e = readylens::Config::from_json(r#"{"rules": {"story/atomic": "loud"}}"#).unwrap_err();
    assert!(
        e.starts_with("configuration: at `rules.story/atomic`: unknown variant `loud`")
            && e.contains("use off, error, warning or info"),
        "{e}"
    );
}
