//! Any bytes through each CSV importer (Jira, Linear, GitLab, generic).
#![no_main]
use libfuzzer_sys::fuzz_target;
use readylens::import::{import, Format};

fuzz_target!(|data: &[u8]| {
    for f in [
        Format::JiraCsv,
        Format::LinearCsv,
        Format::GitlabCsv,
        Format::Csv,
    ] {
        let _ = import("fuzz", data, Some(f));
    }
});
