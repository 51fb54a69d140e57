//! The means indicator's capture group read from plain matches (`means_group`, used by the
//! story parser instead of the capture engine, docs/perf.md) equals the regex's own
//! capture group 1, match for match.

use readylens::rules::story_parse::{means_groups_by_captures, means_groups_by_find};

fn assert_same(line: &str) {
    let caps = means_groups_by_captures(line);
    let found = means_groups_by_find(line);
    assert_eq!(caps, found, "means groups differ on {line:?}");
    // Every one of them also starts at a character boundary of the line.
    for (s, e) in found {
        assert!(line.get(s..e).is_some(), "{line:?}: {s}..{e}");
    }
}

/// Real lines with a means indicator at the line start, after a space or a bracket, with
/// "can't"-style negations and non-ASCII text.
#[test]
fn real_lines_from_deep_se() {
    let text = include_str!("fixtures/rules/means_lines.txt");
    let mut n = 0;
    let mut matched = 0;
    for row in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((_, line)) = row.split_once('\t') else {
            continue;
        };
        assert_same(line);
        n += 1;
        matched += usize::from(!means_groups_by_captures(line).is_empty());
    }
    assert!(n >= 100, "fixture rows: {n}");
    // The fixture was chosen as lines where the indicator occurs.
    assert!(matched * 10 >= n * 9, "{matched} of {n} lines matched");
}

/// Separators the class `[\s,;:(]` allows (ASCII and Unicode white space, several bytes
/// long in UTF-8), the `^` branch, case variants and characters that case-fold near
/// "i", "w", "s" and "k".
#[test]
fn edge_cases() {
    let lines = [
        "I want to log in",
        "i want to log in",
        "We need a button",
        "wE NEED a button",
        " I want",
        ",I want",
        ";we need",
        ":I can",
        "(I would like to export",
        "\tI want",
        "\nwe need",
        "\u{a0}I want to",
        "x\u{2003}I want to",
        "x\u{3000}we need",
        "\u{2028}I can",
        "İ want to",
        "ı want to",
        "I can't do it, but we need to",
        "I won’t, so I’d like to leave",
        "I'd like to and we'd like to",
        "As a user I want to and I can also be able to",
        "Iwant to",
        "xI want",
        "I  would  like",
        "we do not want to",
        "we dont have to",
        "I am interested in",
        "I am looking",
        "we are able",
        "I li\u{212a}e it",
        "we mu\u{17f}t go",
        "",
        "I",
        "we",
        "(",
        "(((I want",
        "é I want to ü",
        "🚀 we need 🚀 I can",
    ];
    for line in lines {
        assert_same(line);
    }
    // The cases above exercise both branches and multi-byte separators.
    assert_eq!(means_groups_by_captures("\u{a0}I want to"), vec![(2, 11)]);
    assert_eq!(means_groups_by_captures("I want"), vec![(0, 6)]);
}

/// Every line of every Deep-SE title and description, when the shared data is there
/// (skipped otherwise).
#[test]
fn every_deep_se_line_when_available() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/issues/deepse");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return;
    };
    let mut lines = 0usize;
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "csv") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(imported) = readylens::import(
            &path.display().to_string(),
            &bytes,
            Some(readylens::Format::Csv),
        ) else {
            continue;
        };
        for issue in &imported.issues {
            let text = format!("{}\n{}", issue.title, issue.description.text());
            for line in text.lines() {
                assert_same(line);
                lines += 1;
            }
            assert_same(&text);
        }
    }
    eprintln!("{lines} lines compared");
}
