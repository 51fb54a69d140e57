//! WASM boundary tests, run in headless Chromium by `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

// Two lines of ../shared/data/stories/dalpiaz/g03-loudoun.txt (Dalpiaz, CC BY 4.0).
const STORIES: &str = "#G03# As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties, County services, processes and other general information.\n#G03# As an Applicant, I want to Request PreApplication Assistance, so that I can receive a response to a request for a meeting or information that is a result of the preapplication assistance.\n";

#[wasm_bindgen_test]
fn parse_then_analyze_round_trips_through_js() {
    let imported = readylens_parse(STORIES);
    let issues = get(&imported, "issues");
    assert_eq!(js_sys::Array::from(&issues).length(), 2);
    let report =
        readylens::wasm::analyze(issues.unchecked_into(), JsValue::UNDEFINED.unchecked_into())
            .map_err(JsValue::from)
            .expect("analyze");
    let report: JsValue = report.into();
    let backlog = get(&report, "backlog");
    assert_eq!(get(&backlog, "issues").as_f64(), Some(2.0));
    let first = js_sys::Array::from(&get(&report, "issues")).get(0);
    assert_eq!(get(&first, "key").as_string().as_deref(), Some("1"));
}

fn readylens_parse(text: &str) -> JsValue {
    readylens::wasm::parse_issues(text, JsValue::from_str("text").unchecked_into(), None)
        .map_err(JsValue::from)
        .expect("parse")
        .into()
}

#[wasm_bindgen_test]
fn bad_input_is_an_exception_and_the_instance_stays_usable() {
    // Wrong type for issues.
    let err = readylens::wasm::analyze(
        JsValue::from_str("not issues").unchecked_into(),
        JsValue::UNDEFINED.unchecked_into(),
    );
    assert!(err.is_err());
    // Bad configuration names the path.
    let cfg = js_sys::JSON::parse(r#"{"duplicates": {"top": "five"}}"#).expect("json");
    let err = readylens::wasm::check_text(
        STORIES,
        JsValue::UNDEFINED.unchecked_into(),
        cfg.unchecked_into(),
    )
    .err()
    .map(JsValue::from)
    .expect("config error");
    let msg = get(&err, "message").as_string().unwrap_or_default();
    assert!(msg.contains("duplicates.top"), "{msg}");
    // Unknown format.
    assert!(readylens::wasm::parse_issues(
        STORIES,
        JsValue::from_str("xml").unchecked_into(),
        None
    )
    .is_err());
    // Still works afterwards, many times over.
    for _ in 0..200 {
        let imported = readylens_parse(STORIES);
        assert_eq!(js_sys::Array::from(&get(&imported, "issues")).length(), 2);
    }
}

#[wasm_bindgen_test]
fn spans_reach_js_in_utf16_code_units() {
    // A GitHub issue whose body has an emoji (2 UTF-16 units, 4 UTF-8 bytes) and an
    // accent (1 unit, 2 bytes) before the placeholder the readiness check points at.
    let payload = r#"{"number": 7, "title": "Show the parcel owner on the search page", "body": "🚀 Café: TBD", "html_url": "https://github.com/o/r/issues/7", "state": "open", "labels": [], "user": {"login": "a"}, "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-02T00:00:00Z", "comments": 0}"#;
    let imported: JsValue = readylens::wasm::parse_issues(
        payload,
        JsValue::from_str("github-json").unchecked_into(),
        None,
    )
    .map_err(JsValue::from)
    .expect("parse")
    .into();
    let report: JsValue = readylens::wasm::analyze(
        get(&imported, "issues").unchecked_into(),
        JsValue::UNDEFINED.unchecked_into(),
    )
    .map_err(JsValue::from)
    .expect("analyze")
    .into();
    let first = js_sys::Array::from(&get(&report, "issues")).get(0);
    let diags = js_sys::Array::from(&get(&first, "diagnostics"));
    let d = diags
        .iter()
        .find(|d| get(d, "rule").as_string().as_deref() == Some("ready/open-questions"))
        .expect("the placeholder is reported");
    let span = get(&d, "span");
    let body = js_sys::JsString::from("🚀 Café: TBD");
    let want = body.index_of("TBD", 0) as f64; // JS counts UTF-16 units: 9, not 12 bytes
    assert_eq!(get(&span, "start").as_f64(), Some(want));
    assert_eq!(get(&span, "end").as_f64(), Some(want + 3.0));
}

#[wasm_bindgen_test]
fn ten_thousand_calls_do_not_grow_memory() {
    // Cheap calls (a parse that succeeds, an analysis that fails on bad input) so 10,000
    // of them fit the runner's time limit in a debug build; the full analysis is
    // exercised in the warm-up.
    let call = || {
        let ok = readylens::wasm::parse_issues(
            STORIES,
            JsValue::from_str("text").unchecked_into(),
            None,
        );
        assert!(ok.is_ok());
        let bad = readylens::wasm::analyze(
            JsValue::from_f64(1.0).unchecked_into(),
            JsValue::UNDEFINED.unchecked_into(),
        );
        assert!(bad.is_err());
    };
    for _ in 0..50 {
        // Warm up: let the allocator reach its working size.
        let full = readylens::wasm::check_text(
            STORIES,
            JsValue::UNDEFINED.unchecked_into(),
            JsValue::UNDEFINED.unchecked_into(),
        );
        assert!(full.is_ok());
        call();
    }
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let before = js_sys::ArrayBuffer::from(memory.buffer()).byte_length();
    for _ in 0..10_000 {
        call();
    }
    let after = js_sys::ArrayBuffer::from(memory.buffer()).byte_length();
    assert_eq!(
        before, after,
        "linear memory grew from {before} to {after} bytes"
    );
}

#[wasm_bindgen_test]
fn a_draft_is_linted_and_its_duplicate_found_in_the_backlog() {
    let backlog = get(&readylens_parse(STORIES), "issues");
    let mut checker = readylens::wasm::DraftChecker::new(
        backlog.unchecked_into(),
        JsValue::UNDEFINED.unchecked_into(),
    )
    .map_err(JsValue::from)
    .expect("index");
    assert_eq!(checker.size(), 2);
    // The second story, reworded while being typed.
    let draft = js_sys::JSON::parse(
        r#"{"tracker": "jira", "key": "", "kind": "story", "title": "As an Applicant, I want to request pre-application assistance so that I can get a meeting"}"#,
    )
    .expect("json");
    let result = checker
        .check(draft.clone().unchecked_into())
        .map_err(JsValue::from)
        .expect("check");
    let similar = js_sys::Array::from(&get(&result, "similar"));
    assert!(similar.length() >= 1);
    assert_eq!(
        get(&similar.get(0), "key").as_string().as_deref(),
        Some("2")
    );
    let report = get(&result, "report");
    assert!(get(&report, "readiness").is_object());
    // A bad draft is an exception, and the checker still works afterwards.
    assert!(checker
        .check(JsValue::from_str("nope").unchecked_into())
        .is_err());
    assert!(checker.check(draft.unchecked_into()).is_ok());
}

#[wasm_bindgen_test]
fn duplicates_and_ranking_are_exported() {
    // The same story twice plus another: one cluster of two.
    let text = format!("{STORIES}#G03# As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties.\n");
    let issues = get(&readylens_parse(&text), "issues");
    let dups = readylens::wasm::find_duplicates(
        issues.clone().unchecked_into(),
        JsValue::UNDEFINED.unchecked_into(),
    )
    .map_err(JsValue::from)
    .expect("duplicates");
    let first = js_sys::Array::from(&js_sys::Array::from(&get(&dups, "candidates")).get(0));
    assert_eq!(get(&first.get(0), "key").as_string().as_deref(), Some("3"));
    assert_eq!(js_sys::Array::from(&get(&dups, "clusters")).length(), 1);

    let report: JsValue =
        readylens::wasm::analyze(issues.unchecked_into(), JsValue::UNDEFINED.unchecked_into())
            .map_err(JsValue::from)
            .expect("analyze")
            .into();
    let priorities = js_sys::Array::new();
    for r in js_sys::Array::from(&get(&report, "issues")).iter() {
        priorities.push(&get(&r, "priority"));
    }
    let order = readylens::wasm::rank_backlog(priorities.clone().into(), "rice")
        .map_err(JsValue::from)
        .expect("rank");
    assert_eq!(order.len(), 3); // nothing scored: backlog order is kept
    assert_eq!(order, vec![0, 1, 2]);
    assert!(readylens::wasm::rank_backlog(priorities.into(), "vibes").is_err());
}
