//! Any bytes through format detection and the importer it picks.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = readylens::import::import("fuzz", data, None);
});
