//! Generates `src/types.d.ts`, the TypeScript declarations of every type that crosses
//! the WASM boundary, from the Rust types themselves (ts-rs derives, test builds only).
//!
//! `cargo test` fails when the committed file is out of date; regenerate it with
//! `UPDATE_TYPES=1 cargo test --lib ts_types`. `src/wasm.rs` embeds the file into the
//! package's `.d.ts`, and `tests/ts/` type-checks a program against it with `tsc`.

use std::path::Path;
use ts_rs::TS;

fn generate() -> String {
    let dir = std::env::temp_dir().join(format!("readylens-ts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cfg = ts_rs::Config::new()
        .with_large_int("number")
        .with_out_dir(&dir);
    crate::analyze::Report::export_all(&cfg).expect("export Report");
    crate::config::Config::export_all(&cfg).expect("export Config");
    crate::import::Imported::export_all(&cfg).expect("export Imported");
    crate::hygiene::Candidate::export_all(&cfg).expect("export Candidate");
    crate::hygiene::DuplicateReport::export_all(&cfg).expect("export DuplicateReport");
    crate::priority::InputChange::export_all(&cfg).expect("export InputChange");
    crate::priority::RankedItem::export_all(&cfg).expect("export RankedItem");
    crate::priority::Inversion::export_all(&cfg).expect("export Inversion");
    crate::priority::MoscowBalance::export_all(&cfg).expect("export MoscowBalance");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut out = String::from(
        "// Generated from the Rust types by src/ts_types.rs; do not edit.\n// Regenerate: UPDATE_TYPES=1 cargo test --lib ts_types\n",
    );
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read generated file");
        for line in text.lines() {
            if line.starts_with("import ") || line.starts_with("// This file was generated") {
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|x| x == "ts") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn ts_types_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/types.d.ts");
    let generated = generate();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).expect("write src/types.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "src/types.d.ts is out of date with the Rust types: run `UPDATE_TYPES=1 cargo test --lib ts_types` and commit it"
    );
}
