//! Any bytes imported, analysed and rendered in every output format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use readylens::render::{render, OutputFormat};

fuzz_target!(|data: &[u8]| {
    if let Ok(imp) = readylens::import::import("fuzz", data, None) {
        let report = readylens::analyze(&imp.issues, &readylens::Config::default());
        for f in [
            OutputFormat::Json,
            OutputFormat::Csv,
            OutputFormat::Markdown,
            OutputFormat::Text,
        ] {
            let _ = render(&report, f);
        }
    }
});
