#![cfg(not(target_arch = "wasm32"))]
//! Every row of the real data sets in ../shared/data must import without a problem:
//! the 16 Deep-SE Jira CSVs (Choetkiertikul et al., IEEE TSE 2018; 23,313 issues) and the
//! SeaMonkey bug CSV (GitBugs, Patil & Jadon 2023, CC BY 4.0; 1,076 bugs). Row counts
//! are taken independently with the csv crate. Skipped (with a note) when the data is
//! not beside the repository.

use readylens::import::{import, Format};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} not found; skipping the shared-data import test",
            dir.display()
        );
        None
    }
}

fn count_rows(path: &Path) -> usize {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut n = 0;
    for record in rdr.records() {
        if let Err(e) = record {
            panic!("{}: {e}", path.display());
        }
        n += 1;
    }
    n
}

fn check(path: &Path) -> usize {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let expected = count_rows(path);
    let out = import(&name, &bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.format, Format::Csv, "{name}");
    assert!(
        out.problems.is_empty(),
        "{name}: {:?}",
        out.problems.first()
    );
    assert_eq!(out.issues.len(), expected, "{name}");
    for issue in &out.issues {
        assert!(
            !issue.key.is_empty() && !issue.title.is_empty(),
            "{name}: {issue:?}"
        );
    }
    expected
}

#[test]
fn deepse_and_seamonkey_import_every_row() {
    let Some(dir) = shared() else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("issues/deepse"))
        .expect("deepse folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 16);
    let mut total = 0;
    for f in &files {
        total += check(f);
    }
    assert_eq!(total, 23_313, "the data README's count");

    let seamonkey = dir.join("duplicates/seamonkey/SeaMonkey_bugs.csv");
    assert_eq!(check(&seamonkey), 1_076);
}

#[test]
fn deepse_descriptions_keep_their_structure() {
    let Some(dir) = shared() else {
        return;
    };
    // Descriptions "NULL" are empty; the data README counts 2,232 empty descriptions.
    let mut empty = 0;
    let mut with_list = 0;
    for entry in std::fs::read_dir(dir.join("issues/deepse")).expect("deepse folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let out = import("x", &bytes, None).expect("import");
        for i in &out.issues {
            if i.description.is_empty() {
                empty += 1;
            }
            if i.description
                .blocks
                .iter()
                .any(|b| matches!(b, readylens::model::Block::ListItem { .. }))
            {
                with_list += 1;
            }
        }
    }
    assert!(empty >= 2_232, "empty descriptions: {empty}");
    assert!(with_list > 1_000, "descriptions with a list: {with_list}");
    eprintln!("Deep-SE: {empty} empty descriptions, {with_list} with list items");
}
