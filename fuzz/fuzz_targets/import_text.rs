//! Any bytes through the plain-text importer (one story a line).
#![no_main]
use libfuzzer_sys::fuzz_target;
use readylens::import::{import, Format};

fuzz_target!(|data: &[u8]| {
    let _ = import("fuzz", data, Some(Format::Text));
});
