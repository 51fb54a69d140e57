//! Native benchmark: throughput of the full analysis and of each stage on real data, and
//! scaling to 1k / 10k / 100k issues. Prints a Markdown report on stdout.
//!
//! Run: `cargo run --release --example bench` (or `bash scripts/bench.sh`, which also
//! measures the WASM build in headless Chromium, the prose linters and the sizes).
//! Data: `../shared/data` beside the repository, or `READYLENS_DATA=/path/to/data`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use readylens::config::Config;
use readylens::import::{self, Format};
use readylens::model::Issue;
use readylens::{analyze, hygiene, kpi, priority, readiness, rules};

fn data_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("READYLENS_DATA").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == ext));
    v.sort();
    v
}

/// Peak resident memory of this process in MiB (Linux), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(target_os = "linux")]
mod cpu {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    /// CPU time of the calling thread in seconds (CLOCK_THREAD_CPUTIME_ID), if known.
    pub fn thread_secs() -> Option<f64> {
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut ts = Timespec { sec: 0, nsec: 0 };
        // SAFETY: clock_gettime writes one timespec (two longs on 64-bit Linux) to `ts`.
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        (rc == 0 && cfg!(target_pointer_width = "64")).then(|| ts.sec as f64 + ts.nsec as f64 / 1e9)
    }
}
#[cfg(not(target_os = "linux"))]
mod cpu {
    pub fn thread_secs() -> Option<f64> {
        None
    }
}

/// Seconds `f` took: CPU time of this thread where the platform gives it (other processes
/// on a busy machine then do not count), else wall-clock time.
fn secs(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    let c = cpu::thread_secs();
    f();
    match (c, cpu::thread_secs()) {
        (Some(a), Some(b)) => b - a,
        _ => t.elapsed().as_secs_f64(),
    }
}

/// Best of `n` runs (less noise from other processes on a shared machine).
fn best_of(n: usize, mut f: impl FnMut()) -> f64 {
    (0..n).map(|_| secs(&mut f)).fold(f64::INFINITY, f64::min)
}

fn load(paths: &[PathBuf], format: Option<Format>) -> (Vec<Issue>, usize, f64) {
    let mut issues = Vec::new();
    let mut bytes = 0;
    let inputs: Vec<(PathBuf, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::read(p).ok()?)))
        .collect();
    let s = secs(|| {
        for (p, data) in &inputs {
            bytes += data.len();
            match import::import(&p.display().to_string(), data, format) {
                Ok(imp) => issues.extend(imp.issues),
                Err(e) => eprintln!("bench: {e}"),
            }
        }
    });
    (issues, bytes, s)
}

fn replicate(base: &[Issue], n: usize) -> Vec<Issue> {
    (0..n)
        .filter_map(|i| {
            let src = base.get(i % base.len())?;
            let mut c = src.clone();
            c.key = format!("{}-r{}", src.key, i / base.len());
            Some(c)
        })
        .collect()
}

fn rate(n: usize, s: f64) -> String {
    if s <= 0.0 {
        "∞".into()
    } else {
        format!("{:.0}", n as f64 / s)
    }
}

fn main() {
    let Some(data) = data_dir() else {
        println!("bench: no data directory (../shared/data or READYLENS_DATA); nothing to measure");
        return;
    };
    let config = Config::default();
    let (jira, jira_bytes, parse_s) = load(&files(&data.join("issues/deepse"), "csv"), None);
    // READYLENS_BENCH_ONCE=1: import the Deep-SE issues and analyse them once, nothing
    // else (for profilers: `valgrind --tool=callgrind`, `perf record`).
    if std::env::var_os("READYLENS_BENCH_ONCE").is_some() {
        let s = secs(|| {
            std::hint::black_box(analyze(&jira, &config));
        });
        println!(
            "import {parse_s:.3} s, full analysis of {} issues {s:.3} s",
            jira.len()
        );
        return;
    }
    let (stories, story_bytes, story_parse_s) = load(
        &files(&data.join("stories/dalpiaz"), "txt"),
        Some(Format::Text),
    );
    if jira.is_empty() {
        println!("bench: the Deep-SE issues did not load");
        return;
    }

    println!("## Native core (one thread)\n");
    println!(
        "Machine: {} logical CPUs; `cargo run --release --example bench`. Times are CPU \
         time of the benchmark thread (wall-clock where the platform does not give it).\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| corpus | issues | input | parse | full analysis | issues/s (analysis) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, issues, bytes, parse) in [
        ("Deep-SE Jira issues", &jira, jira_bytes, parse_s),
        ("Dalpiaz user stories", &stories, story_bytes, story_parse_s),
    ] {
        let s = best_of(3, || {
            std::hint::black_box(analyze(issues, &config));
        });
        println!(
            "| {name} | {} | {:.1} MB | {:.3} s | {:.3} s | {} |",
            issues.len(),
            bytes as f64 / 1e6,
            parse,
            s,
            rate(issues.len(), s)
        );
    }

    println!("\n### Stages on the {} Deep-SE issues\n", jira.len());
    println!("| stage | time | issues/s |");
    println!("|---|---:|---:|");
    let n = jira.len();
    let stage = |name: &str, s: f64| println!("| {name} | {s:.3} s | {} |", rate(n, s));
    stage("import (CSV + wiki markup)", parse_s);
    stage(
        "quality rules (per issue)",
        best_of(3, || {
            for i in &jira {
                std::hint::black_box(rules::check_issue(i, &config.rules));
            }
        }),
    );
    stage(
        "quality rules (backlog: uniform, unique)",
        best_of(3, || {
            std::hint::black_box(rules::check_backlog(&jira, &config.rules));
        }),
    );
    stage(
        "priority scoring",
        best_of(3, || {
            for i in &jira {
                std::hint::black_box(priority::score(i, &config.priority));
            }
        }),
    );
    stage(
        "KPI linking",
        best_of(3, || {
            for i in &jira {
                std::hint::black_box(kpi::link(i, &config.kpi));
            }
        }),
    );
    let ctx = readiness::BacklogContext::of(&jira);
    stage(
        "readiness checks",
        best_of(3, || {
            for i in &jira {
                let mut d = Vec::new();
                std::hint::black_box(readiness::evaluate(i, &mut d, &[], &ctx, &config.readiness));
            }
        }),
    );
    stage(
        "duplicates (index + top-k)",
        best_of(3, || {
            std::hint::black_box(hygiene::duplicates(&jira, &config.duplicates));
        }),
    );
    let full = best_of(3, || {
        std::hint::black_box(analyze(&jira, &config));
    });
    stage("**full analysis**", full);

    // The prose linters' sample (scripts/bench-web.mjs): the first READYLENS_BENCH_SAMPLE
    // (2,000) Deep-SE issues in the same file order, analysed natively, for the native row
    // of the side-by-side table.
    let sample_n = std::env::var("READYLENS_BENCH_SAMPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000usize)
        .min(jira.len());
    let sample = jira.get(..sample_n).unwrap_or(&jira);
    let sample_s = best_of(3, || {
        std::hint::black_box(analyze(sample, &config));
    });
    println!(
        "\nFull analysis of the first {sample_n} Deep-SE issues (the prose linters' sample): \
         {sample_s:.4} s (best of 3)."
    );

    println!("\n### Scaling (Deep-SE replicated with distinct keys)\n");
    println!("| issues | full analysis | issues/s | duplicates | per 1k issues (duplicates) |");
    println!("|---:|---:|---:|---:|---:|");
    let mut dup100k = None;
    // READYLENS_BENCH_QUICK=1 skips the large sizes (for a quick look while optimising).
    let sizes: &[usize] = if std::env::var_os("READYLENS_BENCH_QUICK").is_some() {
        &[1_000]
    } else {
        &[1_000, 10_000, 100_000]
    };
    for &size in sizes {
        let issues = replicate(&jira, size);
        let a = secs(|| {
            std::hint::black_box(analyze(&issues, &config));
        });
        let d = secs(|| {
            std::hint::black_box(hygiene::duplicates(&issues, &config.duplicates));
        });
        if size == 100_000 {
            dup100k = Some(d);
        }
        println!(
            "| {size} | {a:.2} s | {} | {d:.2} s | {:.3} s |",
            rate(size, a),
            d / (size as f64 / 1000.0)
        );
    }
    let peak = peak_rss_mib().map_or("unknown".into(), |m| format!("{m:.0} MiB"));
    println!("\nPeak resident memory of the benchmark process: {peak}.\n");

    println!("### Budgets (native)\n");
    println!("| budget | measured | |");
    println!("|---|---:|---|");
    let pass = |ok: bool| if ok { "pass" } else { "**FAIL**" };
    println!(
        "| full analysis of {} issues < 2 s | {full:.2} s | {} |",
        jira.len(),
        pass(full < 2.0)
    );
    match dup100k {
        Some(d) => println!(
            "| duplicates on 100,000 issues < 10 s | {d:.2} s | {} |",
            pass(d < 10.0)
        ),
        None => println!(
            "| duplicates on 100,000 issues < 10 s | not measured (READYLENS_BENCH_QUICK) | |"
        ),
    }
}
