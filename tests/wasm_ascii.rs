//! The report crosses to JS as ASCII-only JSON (`readylens::wasm::ascii_json`, non-ASCII
//! characters as `\uXXXX` escapes, docs/perf.md): the values JS reads must be exactly
//! those of serde_json's plain output. Run in headless Chromium:
//! `wasm-pack test --headless --chrome --mode no-install -- --test wasm_ascii`.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Titles from ../shared/data/issues/deepse/ (Choetkiertikul et al. 2018): appceleratorstudio,
// datamanagement (2), duracloud, mulestudio, springxd, talenddataquality, titanium.
const REAL: &[&str] = &[
    "Appcelerator studio can't update stuck at “checking for new Appcelerator Updates…”",
    "Qserv worker scheduler – code cleanup",
    "Ensure that variance plane in calexps is unchanged HSC⟷LSST",
    "At the bottom of the DurAdmin UI it says, \"ï¿½2010 DuraSpace.org\".",
    "Improve rendering taking into account colors, position and selección highlighting",
    "Fix Gradle “dist\u{fffd}? build task",
    "What is the needed to call this method in Local project？ initChildForRemoteProject()",
    "CLI: CLI throws an error while reading platform input value given for “ti build -p” or “ti build —platform” commands.",
];

const EDGE: &[&str] = &[
    "",
    "plain ascii",
    "é",
    "\"é\"\\ü\n\t\u{1}",
    "🚀 rocket, 𝄞 clef",
    "\u{2028}line\u{2029}para\u{feff}bom\u{a0}nbsp",
    "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
    "é🚀é🚀",
];

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON")
}

fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .expect("stringify")
}

fn assert_same(value: &Value) {
    let plain = serde_json::to_string(value).expect("plain");
    let ascii = readylens::wasm::ascii_json(value).expect("ascii");
    assert!(ascii.is_ascii(), "{ascii}");
    // serde_json reads the escapes back to the same value ...
    assert_eq!(
        &serde_json::from_str::<Value>(&ascii).expect("reads"),
        value
    );
    // ... and so does the JS engine: the same values as from the plain text.
    assert_eq!(stringify(&parse(&ascii)), stringify(&parse(&plain)));
    if plain.is_ascii() {
        assert_eq!(ascii, plain);
    }
}

#[wasm_bindgen_test]
fn ascii_json_reads_back_as_the_plain_json() {
    for s in REAL.iter().chain(EDGE) {
        assert_same(&json!(s));
        assert_same(&json!({ *s: [s, 1.5, null, true, { "k": s }] }));
    }
    assert_same(&json!(REAL));
}

#[wasm_bindgen_test]
fn a_report_of_real_titles_is_the_same_in_js() {
    let text = REAL
        .iter()
        .map(|t| format!("- {t}"))
        .collect::<Vec<_>>()
        .join("\n");
    let imported =
        readylens::import("input", text.as_bytes(), Some(readylens::Format::Text)).expect("import");
    assert_eq!(imported.issues.len(), REAL.len());
    let report = readylens::analyze(&imported.issues, &readylens::Config::default());
    let value = serde_json::to_value(&report).expect("value");
    assert_same(&value);
}
