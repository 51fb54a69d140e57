//! The WebAssembly boundary: the only file that touches wasm-bindgen.
//!
//! Every export decodes its arguments with serde-wasm-bindgen, calls the core and
//! encodes the result; errors become JS exceptions with a clear message and the
//! instance stays usable. Spans leave this file in UTF-16 code units.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::analyze::Report;
use crate::diagnostic::{field_text, utf16_offset, Span};
use crate::import::Format;
use crate::{Config, Issue};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("readylens: cannot encode result: {e}")))
}

fn parse_config(config: JsValue) -> Result<Config, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Config::default());
    }
    // Round-trip through JSON so the error names the path, as the CLI does.
    let json = js_sys::JSON::stringify(&config)
        .map_err(|_| JsError::new("readylens: configuration is not JSON-serialisable"))?;
    let text: String = json.into();
    Config::from_json(&text).map_err(|e| JsError::new(&e))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Parse a tracker payload (`text`) into normalised issues. `format` is a format name
/// (see `formats()`), or undefined to detect it. Returns `{format, issues, problems}`.
#[wasm_bindgen(js_name = parseIssues)]
pub fn parse_issues(
    text: &str,
    format: Option<String>,
    source: Option<String>,
) -> Result<JsValue, JsError> {
    let format = match format.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(name) => Some(
            Format::from_name(name)
                .ok_or_else(|| JsError::new(&format!("readylens: unknown format `{name}`")))?,
        ),
    };
    let source = source.unwrap_or_else(|| "input".to_string());
    let imported = crate::import::import(&source, text.as_bytes(), format)
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&imported)
}

/// The names of every input format.
#[wasm_bindgen]
pub fn formats() -> Vec<String> {
    Format::ALL.iter().map(|f| f.name().to_string()).collect()
}

/// Analyse issues (as returned by `parseIssues`) with an optional configuration object.
#[wasm_bindgen]
pub fn analyze(issues: JsValue, config: JsValue) -> Result<JsValue, JsError> {
    let issues: Vec<Issue> = serde_wasm_bindgen::from_value(issues)
        .map_err(|e| JsError::new(&format!("readylens: issues: {e}")))?;
    let config = parse_config(config)?;
    let mut report = crate::analyze(&issues, &config);
    spans_to_utf16(&issues, &mut report);
    to_js(&report)
}

/// Parse and analyse in one call.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text(text: &str, format: Option<String>, config: JsValue) -> Result<JsValue, JsError> {
    let format = match format.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(name) => Some(
            Format::from_name(name)
                .ok_or_else(|| JsError::new(&format!("readylens: unknown format `{name}`")))?,
        ),
    };
    let imported = crate::import::import("input", text.as_bytes(), format)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let config = parse_config(config)?;
    let mut report = crate::analyze(&imported.issues, &config);
    spans_to_utf16(&imported.issues, &mut report);
    to_js(&report)
}

/// Rewrite byte spans into UTF-16 code units of the same field text.
fn spans_to_utf16(issues: &[Issue], report: &mut Report) {
    for (issue, r) in issues.iter().zip(report.issues.iter_mut()) {
        for d in &mut r.diagnostics {
            if let (Some(field), Some(span)) = (d.field, d.span) {
                let text = field_text(issue, field);
                d.span = Some(Span::new(
                    utf16_offset(&text, span.start),
                    utf16_offset(&text, span.end),
                ));
            }
        }
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
