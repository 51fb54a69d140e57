//! Any bytes through each JSON importer (Jira REST with ADF or wiki markup, Linear,
//! GitHub, Azure DevOps, GitLab). The first byte picks the importer, so the fuzzer can
//! specialise its corpus per format.
#![no_main]
use libfuzzer_sys::fuzz_target;
use readylens::import::{import, Format};

const JSON: [Format; 5] = [
    Format::JiraJson,
    Format::LinearJson,
    Format::GithubJson,
    Format::AdoJson,
    Format::GitlabJson,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let f = JSON[usize::from(pick) % JSON.len()];
    let _ = import("fuzz", rest, Some(f));
});
