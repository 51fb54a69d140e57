//! Helpers shared by the import test files (`mod support;` in each).
#![allow(dead_code)] // each test crate uses its own subset

use readylens::import::{detect, Format};

/// The bytes of `tests/fixtures/import/<name>` (sources: tests/fixtures/import/README.md).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The format `detect` reads from a fixture's text.
pub fn detected(name: &str) -> Format {
    let bytes = fixture(name);
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    detect(&text)
}
