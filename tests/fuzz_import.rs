#![cfg(not(target_arch = "wasm32"))]
//! Property tests with a fixed seed: real importer inputs (tests/fixtures/import/, the
//! dashboard samples in www/samples/) are mutated byte-wise and token-wise, then fed to
//! every importer (each `Format` and detection) and, when they import, through the whole
//! pipeline (`analyze`) and every renderer. Nothing may panic and no input may take
//! grossly long. The seed is fixed so a failure reproduces; set `READYLENS_FUZZ_ITERS`
//! to run more mutations per fixture and `READYLENS_FUZZ_SEED` for another sequence
//! (see SECURITY.md).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use readylens::import::{self, Format};
use readylens::render::{render, OutputFormat};
use readylens::{analyze, Config};

/// Per-input ceiling: only a gross outlier (a hang or a quadratic blow-up) fails.
const LIMIT: Duration = Duration::from_secs(10);

mod fuzz_support;
use fuzz_support::Rng;

/// Fixtures, each named for messages. Paths are relative to the crate root.
fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let files: [(&str, &[u8]); 18] = [
        (
            "ado_workitems.json",
            include_bytes!("fixtures/import/ado_workitems.json"),
        ),
        (
            "deepse_mulestudio_sample.csv",
            include_bytes!("fixtures/import/deepse_mulestudio_sample.csv"),
        ),
        (
            "deepse_sample.csv",
            include_bytes!("fixtures/import/deepse_sample.csv"),
        ),
        (
            "github_issues.json",
            include_bytes!("fixtures/import/github_issues.json"),
        ),
        (
            "gitlab_export.csv",
            include_bytes!("fixtures/import/gitlab_export.csv"),
        ),
        (
            "gitlab_issues.json",
            include_bytes!("fixtures/import/gitlab_issues.json"),
        ),
        (
            "jira_agile_backlog.json",
            include_bytes!("fixtures/import/jira_agile_backlog.json"),
        ),
        (
            "jira_export.csv",
            include_bytes!("fixtures/import/jira_export.csv"),
        ),
        (
            "jira_v3_issue.json",
            include_bytes!("fixtures/import/jira_v3_issue.json"),
        ),
        (
            "jira_v3_search_jql.json",
            include_bytes!("fixtures/import/jira_v3_search_jql.json"),
        ),
        (
            "linear_export.csv",
            include_bytes!("fixtures/import/linear_export.csv"),
        ),
        (
            "linear_issue.json",
            include_bytes!("fixtures/import/linear_issue.json"),
        ),
        (
            "linear_issues.json",
            include_bytes!("fixtures/import/linear_issues.json"),
        ),
        (
            "seamonkey_sample.csv",
            include_bytes!("fixtures/import/seamonkey_sample.csv"),
        ),
        (
            "g03-loudoun.txt",
            include_bytes!("../www/samples/g03-loudoun.txt"),
        ),
        // The two large dashboard samples are cut to their first ~12 KB (whole rows
        // are not needed: a cut mid-row is one more malformed input).
        (
            "mesos-rice.csv",
            head(include_bytes!("../www/samples/mesos-rice.csv")),
        ),
        (
            "mesos-sample.csv",
            head(include_bytes!("../www/samples/mesos-sample.csv")),
        ),
        (
            "jira_v3_issue.json (CRLF)",
            include_bytes!("fixtures/import/jira_v3_issue.json"),
        ),
    ];
    files
        .into_iter()
        .map(|(n, b)| {
            let b = if n.ends_with("(CRLF)") {
                crlf(b)
            } else {
                b.to_vec()
            };
            (n, b)
        })
        .collect()
}

fn head(b: &[u8]) -> &[u8] {
    b.get(..12_000).unwrap_or(b)
}

fn crlf(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() + b.len() / 20);
    for &c in b {
        if c == b'\n' {
            out.push(b'\r');
        }
        out.push(c);
    }
    out
}

/// Tokens that matter to the parsers: quotes, separators, line ends, brackets, markup,
/// a BOM, invalid UTF-8, formula starters, surrogate escapes, HTML.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"true",
    b"-1",
    b"1e308",
    b"-0",
    b"18446744073709551616",
    b"\\u0000",
    b"\\ud800",
    b"\\udc00\\ud800",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC3",
    b"\xE2\x82",
    b"\xF0\x9F\x98",
    b"\0",
    b"=",
    b"+",
    b"-",
    b"@",
    b"=HYPERLINK(\"http://x\")",
    b"|",
    b"<",
    b">",
    b"<div>",
    b"</div>",
    b"<img src=x onerror=alert(1)>",
    b"&#0;",
    b"&#x110000;",
    b"&amp",
    b"h1. ",
    b"{code}",
    b"{noformat}",
    b"{panel}",
    b"* ",
    b"# ",
    b"- [ ] ",
    b"```",
    b"> ",
    b"|| a || b ||",
    b"[~user]",
    b"!image.png!",
    b"As a user, I want ",
    b" so that ",
    b"Given ",
    b" When ",
    b" Then ",
    b"Acceptance Criteria:",
    b"\xE2\x80\x8B",
    b"\xCC\x81",
    b"e\xCC\x81",
    b"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",
    b"{\"type\":\"doc\",\"content\":[",
    b"{\"type\":\"paragraph\"}",
    b"\"content\":",
    b"\"description\":",
    b"\"fields\":{",
    b"\"key\":\"X-1\"",
    b"Summary,Description\n",
    b"Story Points",
    b"Issue key",
    b"Priority",
    b"Labels",
    b"Estimate",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 => {
                if let Some(b) = v.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => v.insert(at, (rng.next() & 0xFF) as u8),
            2 => {
                let end = (at + 1 + rng.below(64)).min(len);
                if at < end {
                    v.drain(at..end);
                }
            }
            3 => {
                let end = (at + 1 + rng.below(256)).min(len);
                let piece: Vec<u8> = v.get(at..end).map(<[u8]>::to_vec).unwrap_or_default();
                let to = rng.below(v.len() + 1);
                v.splice(to..to, piece);
            }
            4..=6 => {
                let t = TOKENS.get(rng.below(TOKENS.len())).copied().unwrap_or(b"");
                v.splice(at..at, t.iter().copied());
            }
            7 => v.truncate(at),
            _ => {
                // Repeat a token many times: long runs find quadratic behaviour.
                let t = TOKENS.get(rng.below(TOKENS.len())).copied().unwrap_or(b"");
                let n = 1 + rng.below(2_000);
                let run: Vec<u8> = t.iter().copied().cycle().take(t.len() * n).collect();
                v.splice(at..at, run);
            }
        }
    }
    v
}

/// Import as every format and by detection; analyse and render what imports.
/// Returns the time taken; panics (with the input) on a panic or a gross outlier.
/// Runs on a worker thread: a hang fails the test (with the input) instead of blocking it.
fn exercise(name: &str, iter: usize, input: &[u8], config: &Config) -> Duration {
    let (tx, rx) = std::sync::mpsc::channel();
    let (n, inp, cfg) = (name.to_string(), input.to_vec(), config.clone());
    std::thread::spawn(move || {
        let _ = tx.send(exercise_here(&n, iter, &inp, &cfg));
    });
    match rx.recv_timeout(LIMIT * 3) {
        Ok(d) => d,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            let shown =
                String::from_utf8_lossy(input.get(..input.len().min(4_000)).unwrap_or(input))
                    .into_owned();
            panic!(
                "hang: {name} mutation {iter} ran over {:?}; input starts:\n{shown:?}",
                LIMIT * 3
            );
        }
        // The worker panicked: it printed why; fail here too.
        Err(e) => panic!("{name} mutation {iter}: {e}"),
    }
}

fn exercise_here(name: &str, iter: usize, input: &[u8], config: &Config) -> Duration {
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut formats: Vec<Option<Format>> = vec![None];
        formats.extend(Format::ALL.into_iter().map(Some));
        let mut imported_count = 0usize;
        for f in formats {
            let t = Instant::now();
            if let Ok(imp) = import::import(name, input, f) {
                // Detection must agree with what `import` chose.
                if f.is_none() {
                    let (text, _) = import::decode(name, input);
                    let _ = import::detect(&text);
                }
                imported_count += imp.issues.len();
                // The pipeline is the expensive part: run it once per input for the
                // detected format, and for explicit formats only when they read issues.
                if f.is_none() || (!imp.issues.is_empty() && iter % 4 == 0) {
                    let report = analyze(&imp.issues, config);
                    assert_eq!(report.issues.len(), imp.issues.len());
                    for of in [
                        OutputFormat::Json,
                        OutputFormat::Csv,
                        OutputFormat::Markdown,
                        OutputFormat::Text,
                    ] {
                        let _ = render(&report, of);
                    }
                }
            }
            assert!(
                t.elapsed() < LIMIT,
                "{name} mutation {iter} as {f:?} took {:?}",
                t.elapsed()
            );
        }
        imported_count
    }));
    if outcome.is_err() {
        let shown = String::from_utf8_lossy(input.get(..input.len().min(2_000)).unwrap_or(input))
            .into_owned();
        panic!(
            "panic on {name} mutation {iter} ({} bytes); input starts:\n{shown:?}",
            input.len()
        );
    }
    start.elapsed()
}

/// The fixed seed, or `READYLENS_FUZZ_SEED` (a number) for a longer, different run.
fn seed(default: u64) -> u64 {
    std::env::var("READYLENS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s != 0)
        .unwrap_or(default)
}

fn iterations() -> usize {
    std::env::var("READYLENS_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8)
}

#[test]
fn mutated_fixtures_never_panic_or_hang() {
    let config = Config::default();
    let mut rng = Rng(seed(0x5EED_1234_ABCD_0011));
    let mut slowest = (Duration::ZERO, String::new());
    let mut total = 0usize;
    for (name, bytes) in corpus() {
        // The unmutated input first: it must import by detection.
        let started = Instant::now();
        exercise(name, usize::MAX, &bytes, &config);
        for i in 0..iterations() {
            let m = mutate(&mut rng, &bytes);
            let d = exercise(name, i, &m, &config);
            if d > slowest.0 {
                slowest = (d, format!("{name} #{i}"));
            }
            total += 1;
        }
        eprintln!("{name}: {:?}", started.elapsed());
    }
    eprintln!(
        "{total} mutated inputs; slowest {:?} ({})",
        slowest.0, slowest.1
    );
    assert!(total > 0);
}

#[test]
fn random_bytes_never_panic() {
    let config = Config::default();
    let mut rng = Rng(0xB0B5_F00D_0000_0007);
    for i in 0..60 {
        let n = rng.below(600);
        let mut v: Vec<u8> = (0..n).map(|_| (rng.next() >> 24) as u8).collect();
        // Half of them start like JSON, so the JSON importers see them too.
        if i % 2 == 0 {
            v.insert(0, if i % 4 == 0 { b'{' } else { b'[' });
        }
        exercise("random", i, &v, &config);
    }
}
