#![cfg(not(target_arch = "wasm32"))]
//! Property test with a fixed seed over the configuration loader: real configuration
//! documents (the default, and the section examples the module tests use) are mutated
//! structurally (any value replaced by a hostile one: huge / negative / NaN-like
//! numbers, empty / long / markup strings, wrong types, 10,000-item arrays, unknown
//! keys) and byte-wise. `Config::from_json` must never panic; every error must say it is
//! about the configuration; every configuration it accepts must run the whole pipeline
//! and every renderer on a real backlog without a panic or a hang.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use readylens::import;
use readylens::render::{render, OutputFormat};
use readylens::{analyze, Config, Issue};

const LIMIT: Duration = Duration::from_secs(10);

mod fuzz_support;
use fuzz_support::Rng;

/// Seeds: the default configuration and configurations from the module tests
/// (src/readiness/tests.rs, tests/kpi_linking.rs, tests/priority_inputs.rs).
fn seeds() -> Vec<Value> {
    let default = serde_json::to_value(Config::default()).unwrap_or(Value::Null);
    vec![
        default,
        json!({"readiness": {"custom": [
            {"id": "team/design", "message": "Link the Figma design", "help": "Paste the Figma URL", "require_pattern": "figma\\.com", "in": "description", "types": ["story"]},
            {"id": "team/no-asap", "message": "Say when, not ASAP", "forbid_pattern": "(?i)\\basap\\b", "severity": "warning"},
            {"id": "team/risk", "message": "Assess the risk", "require_field": "Risk"},
            {"id": "team/notes", "message": "Add a Notes section", "require_section": "Notes"},
            {"id": "team/size", "message": "Keep stories small", "field": "estimate", "max": 3}
        ]}}),
        json!({"kpi": {
            "north_star": {"id": "weekly-active-teams", "name": "Weekly active teams", "owner": "CPO"},
            "metrics": [
                {"id": "report-shares", "name": "Reports shared", "keywords": ["share report", "shared report"], "owner": "Ana"},
                {"id": "activation", "keywords": ["workspace setup"], "owner": "Growth"}
            ]
        }}),
        json!({"priority": {"primary": "wsjf", "defaults": {"wsjf.risk_reduction": 1},
            "effort": {"points_per_person_month": 8}, "ice_method": "average"}}),
    ]
}

fn hostile_value(rng: &mut Rng) -> Value {
    match rng.below(22) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(0),
        4 => json!(1e308),
        5 => json!(-1e308),
        6 => json!(u64::MAX),
        7 => json!(i64::MIN),
        8 => json!(0.5),
        9 => json!(""),
        10 => json!("<img src=x onerror=alert(1)>"),
        11 => json!("x".repeat(100_000)),
        12 => json!("(?i)(a+)+$"),
        13 => json!("\u{0}\u{202E}\u{FEFF}"),
        14 => json!([]),
        15 => json!([{}]),
        16 => Value::Array((0..10_000).map(|i| json!(format!("kw{i}"))).collect()),
        17 => json!({}),
        18 => json!({"unknown_key": 1}),
        19 => json!("error"),
        20 => json!("off"),
        _ => json!(3),
    }
}

/// A hostile value of the same JSON type, so that more mutants pass type checks and
/// reach the analyses: extreme numbers, odd strings, emptied or flooded arrays.
fn hostile_like(v: &Value, rng: &mut Rng) -> Value {
    match v {
        Value::Number(_) => {
            let n = [0.0, -1.0, 1e-300, 1e300, -1e300, 0.999_999, 1e9, 2.0];
            json!(n.get(rng.below(n.len())).copied().unwrap_or(0.0))
        }
        Value::String(_) => {
            let s = ["", " ", "<b>x</b>", "|=cmd|", "\u{202E}", "x"];
            json!(s.get(rng.below(s.len())).copied().unwrap_or(""))
        }
        Value::Array(a) => match rng.below(3) {
            0 => json!([]),
            1 => Value::Array(a.iter().cycle().take(a.len() * 50).cloned().collect()),
            _ => Value::Array(a.iter().rev().cloned().collect()),
        },
        Value::Bool(b) => json!(!b),
        _ => hostile_value(rng),
    }
}

/// Replace one randomly chosen node (depth-first index) with a hostile value, or add
/// a key to a chosen object.
fn mutate(rng: &mut Rng, v: &mut Value) {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn visit(v: &mut Value, target: &mut usize, rng: &mut Rng) -> bool {
        if *target == 0 {
            if let (Value::Object(o), true) = (&mut *v, rng.below(4) == 0) {
                let keys = [
                    "severity",
                    "types",
                    "max",
                    "id",
                    "message",
                    "threshold",
                    "top",
                    "weights",
                    "keywords",
                    "preset",
                ];
                let k = keys.get(rng.below(keys.len())).copied().unwrap_or("x");
                o.insert(k.to_string(), hostile_value(rng));
            } else if rng.below(2) == 0 {
                *v = hostile_like(v, rng);
            } else {
                *v = hostile_value(rng);
            }
            return true;
        }
        *target -= 1;
        match v {
            Value::Array(a) => a.iter_mut().any(|c| visit(c, target, rng)),
            Value::Object(o) => o.values_mut().any(|c| visit(c, target, rng)),
            _ => false,
        }
    }
    let n = count(v);
    // Never replace the root (index 0): a non-object root is covered separately.
    let mut target = 1 + rng.below(n.saturating_sub(1).max(1));
    visit(v, &mut target, rng);
}

fn backlog() -> Vec<Issue> {
    // from tests/fixtures/import/jira_export.csv and www/samples/g03-loudoun.txt (Dalpiaz).
    let mut issues = import::import(
        "jira_export.csv",
        include_bytes!("fixtures/import/jira_export.csv"),
        None,
    )
    .map(|i| i.issues)
    .unwrap_or_default();
    let loudoun = include_str!("../www/samples/g03-loudoun.txt");
    let head: String = loudoun.lines().take(12).collect::<Vec<_>>().join("\n");
    issues.extend(
        import::import("g03-loudoun.txt", head.as_bytes(), None)
            .map(|i| i.issues)
            .unwrap_or_default(),
    );
    issues
}

fn check(text: &str, issues: &[Issue], what: &str) -> bool {
    let t = Instant::now();
    let out = catch_unwind(AssertUnwindSafe(|| match Config::from_json(text) {
        Ok(cfg) => {
            let report = analyze(issues, &cfg);
            assert_eq!(report.issues.len(), issues.len());
            for f in [
                OutputFormat::Json,
                OutputFormat::Csv,
                OutputFormat::Markdown,
                OutputFormat::Text,
            ] {
                let _ = render(&report, f);
            }
            true
        }
        Err(e) => {
            assert!(
                e.starts_with("configuration"),
                "{what}: error without context: {e}"
            );
            false
        }
    }));
    let shown: String = text.chars().take(1_500).collect();
    let accepted = match out {
        Ok(a) => a,
        Err(_) => panic!("{what}: panic on configuration:\n{shown}"),
    };
    assert!(
        t.elapsed() < LIMIT,
        "{what} took {:?}:\n{shown}",
        t.elapsed()
    );
    accepted
}

#[test]
fn mutated_configurations_never_panic() {
    let issues = backlog();
    assert!(issues.len() >= 10, "the backlog imports");
    let iters: usize = std::env::var("READYLENS_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let mut rng = Rng(0xC0F1_6000_0000_0001);
    let (mut accepted, mut total) = (0, 0);
    for (s, seed) in seeds().into_iter().enumerate() {
        let text = seed.to_string();
        assert!(
            check(&text, &issues, "seed"),
            "seed {s} must be accepted: {text}"
        );
        for i in 0..iters {
            let mut v = seed.clone();
            for _ in 0..1 + rng.below(3) {
                mutate(&mut rng, &mut v);
            }
            let text = if i % 2 == 0 {
                v.to_string()
            } else {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            };
            accepted += usize::from(check(&text, &issues, &format!("seed {s} mutation {i}")));
            total += 1;
        }
    }
    eprintln!("{total} mutated configurations, {accepted} accepted");
    // Both paths must be exercised, or the property says little.
    assert!(
        accepted > 0 && accepted < total,
        "{accepted} of {total} accepted"
    );
}

#[test]
fn byte_mutated_configuration_text_never_panics() {
    let issues = backlog();
    let mut rng = Rng(0xC0F1_6000_0000_0002);
    let base = serde_json::to_string_pretty(&Config::default()).unwrap_or_default();
    for i in 0..150 {
        let mut b = base.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(b.len() + 1);
            match rng.below(3) {
                0 => {
                    if let Some(x) = b.get_mut(at) {
                        *x = b"{}[]\",:0-.e\\ntf"[rng.below(15)];
                    }
                }
                1 => {
                    let end = (at + rng.below(40)).min(b.len());
                    b.drain(at..end);
                }
                _ => b.insert(at, (rng.next() >> 32) as u8),
            }
        }
        let text = String::from_utf8_lossy(&b);
        check(&text, &issues, &format!("byte mutation {i}"));
    }
}
