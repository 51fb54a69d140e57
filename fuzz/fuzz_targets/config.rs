//! Any text as a configuration document; what parses runs a small real backlog
//! (stories from www/samples/g03-loudoun.txt, Dalpiaz, CC BY 4.0).
#![no_main]
use libfuzzer_sys::fuzz_target;

const BACKLOG: &[u8] = b"As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties, County services, processes and other general information.\nAs a Staff member, I want to Perform a Completeness Review, so that I can validate when an application is complete and eligible for further technical review.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = readylens::Config::from_json(text) {
        if let Ok(imp) = readylens::import::import("fuzz", BACKLOG, None) {
            let _ = readylens::analyze(&imp.issues, &cfg);
        }
    }
});
