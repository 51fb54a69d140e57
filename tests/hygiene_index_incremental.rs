//! The duplicate index grown and shrunk step by step (`append`, `remove_where`,
//! `finalize`, as the extension's draft checker does a crawl page at a time) answers
//! exactly as one built at once from the same issues in the same order.

use readylens::hygiene::{similar, DuplicateIndex, IndexParams};
use readylens::model::{Doc, Issue};

/// The SeaMonkey sample: 48 real bug reports.
// from ../shared/data/duplicates/seamonkey/ (GitBugs, Patil & Jadon 2023, CC BY 4.0)
fn seamonkey() -> Vec<Issue> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hygiene/");
    let mut rdr = csv::Reader::from_path(format!("{dir}seamonkey_sample.csv")).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Issue {
                key: r[1].to_string(),
                title: r[0].to_string(),
                description: Doc::from_plain(&r[3]),
                url: Some(format!(
                    "https://bugzilla.mozilla.org/show_bug.cgi?id={}",
                    &r[1]
                )),
                // With creation dates, so the recency prior (per-issue days, kept in step
                // by append and remove_where) is part of every score compared.
                created: Some(r[2].to_string()),
                ..Default::default()
            }
        })
        .collect()
}

/// Everything a caller can observe: per issue its neighbours (positions, score bits and
/// days apart), and per draft its candidates with evidence, titles and links.
fn answers(index: &DuplicateIndex, drafts: &[Issue]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..index.len() {
        let n: Vec<_> = index
            .neighbours(i, 8)
            .iter()
            .map(|m| {
                (
                    index.key(m.index).unwrap().to_string(),
                    m.score.to_bits(),
                    m.days_apart,
                )
            })
            .collect();
        out.push(format!("{} {:?}", index.key(i).unwrap(), n));
    }
    for d in drafts {
        for c in similar(d, index, 8) {
            let at = index.position(&c.key).unwrap();
            out.push(format!(
                "{} {} {:08x} {:?} {} {:?}",
                d.title,
                c.key,
                c.score.to_bits(),
                c.evidence,
                index.title(at),
                index.url(at)
            ));
        }
    }
    out
}

fn drafts(_: &[Issue]) -> Vec<Issue> {
    // Each draft is a real issue's title and the start of its description, under no key.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hygiene/");
    let mut rdr = csv::Reader::from_path(format!("{dir}seamonkey_sample.csv")).unwrap();
    rdr.records()
        .step_by(5)
        .map(|r| {
            let r = r.unwrap();
            Issue {
                title: r[0].to_string(),
                description: Doc::from_plain(&r[3].chars().take(300).collect::<String>()),
                ..Default::default()
            }
        })
        .collect()
}

fn fresh(issues: &[Issue]) -> DuplicateIndex {
    let mut index = DuplicateIndex::empty(IndexParams::default()).with_links();
    index.append(issues);
    index.finalize();
    index
}

#[test]
fn pages_appended_one_by_one_equal_one_build() {
    let issues = seamonkey();
    let d = drafts(&issues);
    let whole = fresh(&issues);
    assert_eq!(whole.len(), issues.len());
    for page in [1, 7, 20] {
        let mut grown = DuplicateIndex::empty(IndexParams::default()).with_links();
        for chunk in issues.chunks(page) {
            grown.append(chunk);
            // A query between pages (the panel checking a draft while the crawl runs).
            grown.finalize();
            assert!(!grown.is_stale());
        }
        assert_eq!(answers(&grown, &d), answers(&whole, &d), "pages of {page}");
    }
    // `build` is the same index.
    let built = DuplicateIndex::build(&issues);
    assert_eq!(
        whole.neighbours(3, 5),
        built.neighbours(3, 5),
        "build and empty+append+finalize agree"
    );
}

#[test]
fn removing_and_replacing_equals_a_fresh_build_of_what_is_left() {
    let issues = seamonkey();
    let d = drafts(&issues);
    let mut index = fresh(&issues);
    // Drop every third issue (the oldest-updated beyond a cap, or a refresh that no
    // longer lists them).
    let kept = index.remove_where(|pos, _| pos % 3 == 0);
    assert_eq!(
        kept.iter().filter(|&&k| !k).count(),
        issues.len().div_ceil(3)
    );
    assert!(index.is_stale());
    index.finalize();
    let left: Vec<Issue> = issues
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .map(|(_, x)| x.clone())
        .collect();
    assert_eq!(answers(&index, &d), answers(&fresh(&left), &d));

    // An updated issue is removed and added again at the end, as the extension does.
    let mut updated = left[4].clone();
    updated.title = format!("{} (crash on startup)", updated.title);
    let key = updated.key.clone();
    index.remove_where(|_, k| k == key);
    index.append(std::slice::from_ref(&updated));
    index.finalize();
    let mut expected: Vec<Issue> = left.iter().filter(|i| i.key != key).cloned().collect();
    expected.push(updated);
    assert_eq!(answers(&index, &d), answers(&fresh(&expected), &d));
    assert_eq!(index.key(index.len() - 1), Some(key.as_str()));
}

#[test]
fn removing_everything_leaves_a_usable_empty_index() {
    let issues = seamonkey();
    let mut index = fresh(&issues);
    index.remove_where(|_, _| true);
    index.finalize();
    assert!(index.is_empty());
    assert!(similar(&issues[0], &index, 5).is_empty());
    index.append(&issues[..3]);
    index.finalize();
    assert_eq!(answers(&index, &[]), answers(&fresh(&issues[..3]), &[]));
}

#[test]
fn counts_past_255_are_kept_exactly() {
    // A word repeated 300 times and one 40 times: the first needs the side table.
    let issues = seamonkey();
    let mut noisy = issues[0].clone();
    noisy.key = "NOISY".into();
    noisy.description = Doc::from_plain(&format!(
        "{} {}",
        "segfault ".repeat(300),
        "crash ".repeat(40)
    ));
    let mut less = noisy.clone();
    less.key = "LESS".into();
    less.description = Doc::from_plain(&format!(
        "{} {}",
        "segfault ".repeat(200),
        "crash ".repeat(40)
    ));
    let mut all = issues.clone();
    all.push(noisy);
    all.push(less);
    let index = fresh(&all);
    // Equal counts would make the two identical; a capped count would too.
    let n = index.neighbours(all.len() - 2, 1);
    assert_eq!(n.first().map(|m| m.index), Some(all.len() - 1));
    assert!(
        n[0].score < 0.9999,
        "300 and 200 repeats are told apart: {}",
        n[0].score
    );
    let mut grown = fresh(&all[..all.len() - 2]);
    grown.append(&all[all.len() - 2..]);
    grown.finalize();
    assert_eq!(answers(&grown, &[]), answers(&index, &[]));
}

#[test]
fn large_indexes_across_storage_blocks_agree() {
    // The sample under 30 sets of keys: more than 65,536 stored terms, so issues'
    // terms straddle the index's storage blocks. The batch build (which keeps final
    // weights) and the draft index (which computes them) answer the same, before and
    // after removals.
    let base = seamonkey();
    let mut issues = Vec::new();
    for copy in 0..30 {
        for i in &base {
            let mut x = i.clone();
            x.key = format!("{}-{copy}", i.key);
            // Each copy a little different, so ties stay rare.
            x.title = format!(
                "{} {}",
                i.title,
                ["alpha", "beta", "gamma", "delta", "epsilon"][copy % 5]
            );
            issues.push(x);
        }
    }
    let d = drafts(&issues);
    let batch = DuplicateIndex::build(&issues);
    let mut grown = DuplicateIndex::empty(IndexParams::default());
    for chunk in issues.chunks(97) {
        grown.append(chunk);
    }
    grown.finalize();
    let sample = |index: &DuplicateIndex| -> Vec<String> {
        let mut out: Vec<String> = (0..index.len())
            .step_by(37)
            .map(|i| format!("{:?}", index.neighbours(i, 5)))
            .collect();
        for q in &d {
            out.push(format!("{:?}", similar(q, index, 5)));
        }
        out
    };
    assert_eq!(sample(&grown), sample(&batch));
    grown.remove_where(|pos, _| pos % 7 == 3);
    grown.finalize();
    let left: Vec<Issue> = issues
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 7 != 3)
        .map(|(_, x)| x.clone())
        .collect();
    assert_eq!(sample(&grown), sample(&DuplicateIndex::build(&left)));
}
