//! Near-duplicate evaluation and scaling measurement (issue #7).
//!
//! ```sh
//! cargo run --release --example dupes_eval            # data in ../shared/data
//! READYLENS_DATA=/path/to/data cargo run --release --example dupes_eval
//! ```
//!
//! 1. Recall@1/5/10 of the known duplicate on the SeaMonkey bug set (GitBugs, Patil &
//!    Jadon, I2CT 2023, CC BY 4.0), against all other issues and in the time-ordered
//!    ("realistic") setting where only issues created before the query are candidates,
//!    for readylens and for a plain TF-IDF cosine baseline (title counted twice).
//! 2. Time to index and find top-5 duplicates (`-- --sizes=23313 --find-only`: only
//!    the whole-backlog pass, for profiling) for every issue of 1k / 10k / 100k-issue
//!    backlogs made by replicating the Deep-SE Jira issues (Choetkiertikul et al.,
//!    IEEE TSE 2018) under distinct keys.
//!
//! `-- --params=text=0.4,grams=0.3,…` changes the index parameters (see `params`),
//! `-- --no-distractors` skips the distractor table, `-- --misses` lists the queries
//! whose duplicate is not in the top 5 (with the top 5 and scores), `-- --expand=K,MIN,MODE`
//! runs the corpus-association expansion experiment on the SeaMonkey index (see
//! `expand`; rejected, docs/duplicates.md).
//!
//! `-- --dump=DIR` only writes the JSON of `find_duplicates` (default configuration;
//! `--params=` applies) on SeaMonkey, on the 23,313 Deep-SE issues and on Deep-SE replicated to
//! 100,000 issues to `DIR/{seamonkey,deepse,deepse100k}.json`: compare two builds' files
//! to check that a speed change leaves every candidate, score, evidence word and cluster
//! as it was (`cmp`).
//!
//! `-- --memory` only prints the heap bytes of the draft checker's kind of index (grown
//! 250 issues at a time, finalized after each page) over the first 20,000 Deep-SE issues,
//! and the time and bytes of the batch index of the same issues.
//!
//! Prints Markdown tables (pasted into docs/duplicates.md). Exits quietly when the data
//! folder is absent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use readylens::hygiene::{self, DuplicateIndex, DuplicatesConfig, IndexParams};
use readylens::model::{Doc, Issue};

/// Index parameters from `--params=query_terms=24,postings=128,rescore=32,per=8,text=0.5,
/// title=0.3,grams=0.2,boost=2,recency=0.2,recency_days=180` (any subset; the rest are the
/// defaults; `recency=0` turns the recency prior off).
fn params() -> IndexParams {
    let mut p = IndexParams::default();
    let Some(spec) = std::env::args().find_map(|a| a.strip_prefix("--params=").map(String::from))
    else {
        return p;
    };
    for kv in spec.split(',') {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let f: f32 = v.parse().unwrap_or(f32::NAN);
        let u = |d: usize| v.parse().unwrap_or(d);
        match k {
            "query_terms" => p.query_terms = u(p.query_terms),
            "postings" => p.postings = u(p.postings),
            "rescore" => p.rescore = u(p.rescore),
            "per" => p.rescore_per_result = u(p.rescore_per_result),
            "text" => p.text = f,
            "title" => p.title = f,
            "grams" => p.grams = f,
            "boost" => p.title_boost = u(p.title_boost as usize) as u32,
            "recency" => p.recency = f,
            "recency_days" => p.recency_days = f,
            _ => eprintln!("dupes_eval: unknown parameter {k}"),
        }
    }
    eprintln!("dupes_eval: {p:?}");
    p
}

/// Plain words for the association experiment: lower-cased letter runs of 3+ letters.
fn plain_words(s: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the", "and", "for", "with", "not", "this", "that", "from", "are", "was", "but", "have",
        "has", "can", "you", "when", "does", "doesn", "its", "all", "any", "there", "will", "what",
        "which", "then", "than", "into", "only", "also", "should", "would", "http", "https", "www",
        "com", "org", "html",
    ];
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// `--expand=K,MIN,MODE`: document expansion with corpus word associations learned
/// without labels. For each title word `a` of an issue, the `K` description words `b`
/// with the highest association to `a` over the whole backlog (co-occurring in at
/// least `MIN` issues; MODE `pmi`: ln(c·N / (df_a·df_b)), `cond`: c/df_a · ln(N/df_b))
/// are appended once to the description. Off without the flag.
fn expand(issues: &[Issue]) -> Vec<Issue> {
    let Some(spec) = std::env::args().find_map(|a| a.strip_prefix("--expand=").map(String::from))
    else {
        return issues.to_vec();
    };
    let mut it = spec.split(',');
    let k: usize = it.next().and_then(|v| v.parse().ok()).unwrap_or(2);
    let min: u32 = it.next().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mode = it.next().unwrap_or("pmi").to_string();
    let n = issues.len() as f64;
    let mut df: HashMap<String, u32> = HashMap::new();
    let mut docs: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for i in issues {
        let mut t = plain_words(&i.title);
        t.sort();
        t.dedup();
        let mut d = plain_words(&i.title);
        d.extend(plain_words(&i.description.text()));
        d.sort();
        d.dedup();
        for w in &d {
            *df.entry(w.clone()).or_insert(0) += 1;
        }
        docs.push((t, d));
    }
    let mut co: HashMap<(String, String), u32> = HashMap::new();
    for (t, d) in &docs {
        for a in t {
            for b in d {
                if a != b {
                    *co.entry((a.clone(), b.clone())).or_insert(0) += 1;
                }
            }
        }
    }
    let mut best: HashMap<String, Vec<(f64, String)>> = HashMap::new();
    for ((a, b), &c) in &co {
        if c < min {
            continue;
        }
        let df_of = |w: &String| f64::from(df.get(w).copied().unwrap_or(1));
        let (da, db) = (df_of(a), df_of(b));
        let score = if mode == "cond" {
            f64::from(c) / da * (n / db).ln()
        } else {
            (f64::from(c) * n / (da * db)).ln()
        };
        best.entry(a.clone()).or_default().push((score, b.clone()));
    }
    for v in best.values_mut() {
        v.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        v.truncate(k);
    }
    issues
        .iter()
        .zip(&docs)
        .map(|(i, (t, _))| {
            let mut i = i.clone();
            let extra: Vec<&str> = t
                .iter()
                .flat_map(|a| best.get(a).into_iter().flatten().map(|(_, b)| b.as_str()))
                .collect();
            let text = format!("{}\n\n{}", i.description.text(), extra.join(" "));
            i.description = Doc::from_plain(&text);
            i
        })
        .collect()
}

fn data_dir() -> PathBuf {
    match std::env::var_os("READYLENS_DATA") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
}

struct Bug {
    issue: Issue,
    created: String,
}

/// Bug reports and (query, true duplicate) positions.
type SeaMonkey = (Vec<Bug>, Vec<(usize, usize)>);

fn read_seamonkey(dir: &Path) -> Result<SeaMonkey, String> {
    let mut rdr =
        csv::Reader::from_path(dir.join("SeaMonkey_bugs.csv")).map_err(|e| e.to_string())?;
    let h = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        h.iter()
            .position(|c| c == name)
            .ok_or(format!("no column {name}"))
    };
    let (c_sum, c_id, c_created, c_desc) = (
        col("Summary")?,
        col("Issue id")?,
        col("Created")?,
        col("Description")?,
    );
    let mut bugs = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let get = |i: usize| rec.get(i).unwrap_or_default().to_string();
        bugs.push(Bug {
            issue: Issue {
                key: get(c_id),
                title: get(c_sum),
                description: Doc::from_plain(&get(c_desc)),
                created: Some(get(c_created)),
                ..Default::default()
            },
            created: get(c_created),
        });
    }
    let pos: HashMap<String, usize> = bugs
        .iter()
        .enumerate()
        .map(|(i, b)| (b.issue.key.clone(), i))
        .collect();
    let mut rdr = csv::Reader::from_path(dir.join("SeaMonkey_bugs-combined.csv"))
        .map_err(|e| e.to_string())?;
    let mut pairs = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let (Some(a), Some(b)) = (rec.get(0), rec.get(1)) else {
            continue;
        };
        if let (Some(&a), Some(&b)) = (pos.get(a.trim()), pos.get(b.trim())) {
            // Both directions: each end is a query whose answer is the other end.
            pairs.push((a, b));
            pairs.push((b, a));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok((bugs, pairs))
}

/// `n` issues: the corpus repeated, each copy's keys made distinct (`KEY#copy`).
fn replicate(corpus: &[Issue], n: usize) -> Vec<Issue> {
    (0..n)
        .filter_map(|i| {
            let src = corpus.get(i % corpus.len())?;
            let mut is = src.clone();
            is.key = format!("{}#{}", src.key, i / corpus.len());
            Some(is)
        })
        .collect()
}

/// Which half (0 = A, 1 = B) a query's known pair is in: the known pairs alternately, in
/// pair order, both ends of a pair in the same half.
fn halves_of(pairs: &[(usize, usize)]) -> impl Fn(usize, usize) -> usize {
    let mut unordered: Vec<(usize, usize)> =
        pairs.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect();
    unordered.sort_unstable();
    unordered.dedup();
    move |q: usize, d: usize| {
        unordered
            .iter()
            .position(|&p| p == (q.min(d), q.max(d)))
            .map_or(0, |k| k % 2)
    }
}

/// Recall@1/5/10 from 0-based ranks (`None` = not in the top 10).
fn recall(ranks: &[Option<usize>]) -> [f64; 3] {
    let n = ranks.len().max(1) as f64;
    let at = |k: usize| ranks.iter().filter(|r| r.is_some_and(|r| r < k)).count() as f64 / n;
    [at(1), at(5), at(10)]
}

/// The baseline: lower-cased `\w\w+` tokens, no stemming or stopwords, title twice,
/// raw tf × ln(N/df), cosine, brute force over all pairs.
struct Baseline {
    vecs: Vec<HashMap<String, f64>>,
}

impl Baseline {
    fn tokens(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|t| t.chars().count() >= 2)
            .map(str::to_lowercase)
            .collect()
    }

    fn new(issues: &[Issue]) -> Self {
        let docs: Vec<HashMap<String, f64>> = issues
            .iter()
            .map(|i| {
                let mut tf = HashMap::new();
                let title = Self::tokens(&i.title);
                for t in title.iter().chain(title.iter()) {
                    *tf.entry(t.clone()).or_insert(0.0) += 1.0;
                }
                for t in Self::tokens(&i.description.text()) {
                    *tf.entry(t).or_insert(0.0) += 1.0;
                }
                tf
            })
            .collect();
        let mut df: HashMap<String, f64> = HashMap::new();
        for d in &docs {
            for t in d.keys() {
                *df.entry(t.clone()).or_insert(0.0) += 1.0;
            }
        }
        let n = docs.len() as f64;
        let vecs = docs
            .into_iter()
            .map(|d| {
                let mut v: HashMap<String, f64> = d
                    .into_iter()
                    .map(|(t, c)| {
                        let w = c * (n / df.get(&t).copied().unwrap_or(1.0)).ln();
                        (t, w)
                    })
                    .collect();
                let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
                if norm > 0.0 {
                    v.values_mut().for_each(|w| *w /= norm);
                }
                v
            })
            .collect();
        Baseline { vecs }
    }

    fn rank(&self, q: usize, target: usize, keep: impl Fn(usize) -> bool) -> Option<usize> {
        let qv = &self.vecs[q];
        let mut scored: Vec<(f64, usize)> = (0..self.vecs.len())
            .filter(|&j| j != q && keep(j))
            .map(|j| {
                let s = qv
                    .iter()
                    .map(|(t, w)| w * self.vecs[j].get(t).copied().unwrap_or(0.0))
                    .sum::<f64>();
                (s, j)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.iter().take(10).position(|&(_, j)| j == target)
    }
}

fn seamonkey(dir: &Path) -> Result<(), String> {
    let (bugs, pairs) = read_seamonkey(dir)?;
    let issues: Vec<Issue> = bugs.iter().map(|b| b.issue.clone()).collect();
    let t0 = Instant::now();
    let index = DuplicateIndex::build_with(&expand(&issues), params());
    let built = t0.elapsed();
    let baseline = Baseline::new(&issues);
    // Time-ordered: the query is the later report; candidates were created before it.
    // ISO timestamps in one format compare correctly as strings.
    let created: Vec<&str> = bugs.iter().map(|b| b.created.as_str()).collect();
    let created = &created;
    let before = |q: usize| move |j: usize| created[j] < created[q];
    let realistic: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(q, d)| bugs[d].created < bugs[q].created)
        .collect();

    let rank_ours = |q: usize, d: usize, realistic: bool| {
        let m = if realistic {
            index.neighbours_where(q, 10, before(q))
        } else {
            index.neighbours(q, 10)
        };
        m.iter().position(|m| m.index == d)
    };
    let ours_all: Vec<_> = pairs.iter().map(|&(q, d)| rank_ours(q, d, false)).collect();
    if std::env::args().any(|a| a == "--misses") {
        for (&(q, d), r) in pairs.iter().zip(&ours_all) {
            if r.map_or(true, |r| r >= 5) {
                let all = index.neighbours(q, 2000);
                let s = all.iter().position(|m| m.index == d);
                eprintln!(
                    "MISS rank={s:?} score={:.3} q={:?}\n   d={:?}",
                    s.and_then(|s| all.get(s)).map_or(0.0, |m| m.score),
                    bugs[q].issue.title,
                    bugs[d].issue.title,
                );
                for m in all.iter().take(5) {
                    eprintln!("   {:.3} {:?}", m.score, bugs[m.index].issue.title);
                }
            }
        }
    }
    let ours_real: Vec<_> = realistic
        .iter()
        .map(|&(q, d)| rank_ours(q, d, true))
        .collect();
    let base_all: Vec<_> = pairs
        .iter()
        .map(|&(q, d)| baseline.rank(q, d, |_| true))
        .collect();
    let base_real: Vec<_> = realistic
        .iter()
        .map(|&(q, d)| baseline.rank(q, d, before(q)))
        .collect();

    println!(
        "### SeaMonkey: {} issues, {} queries (both ends of {} known pairs); realistic: {} queries\n",
        issues.len(),
        pairs.len(),
        pairs.len() / 2,
        realistic.len()
    );
    println!("| method | setting | queries | recall@1 | recall@5 | recall@10 |");
    println!("|---|---|---:|---:|---:|---:|");
    for (name, setting, ranks) in [
        (
            "TF-IDF cosine baseline (title ×2)",
            "all other issues",
            &base_all,
        ),
        ("readylens", "all other issues", &ours_all),
        (
            "TF-IDF cosine baseline (title ×2)",
            "created before the query",
            &base_real,
        ),
        ("readylens", "created before the query", &ours_real),
    ] {
        let r = recall(ranks);
        println!(
            "| {name} | {setting} | {} | {:.3} | {:.3} | {:.3} |",
            ranks.len(),
            r[0],
            r[1],
            r[2]
        );
    }
    // The same queries split in two halves (alternate known pairs, both ends of a
    // pair in the same half), to see whether a change helps both or only one.
    let half_of = halves_of(&pairs);
    let mut halves = [Vec::new(), Vec::new()];
    for (&(q, d), r) in pairs.iter().zip(&ours_all) {
        if let Some(h) = halves.get_mut(half_of(q, d)) {
            h.push(*r);
        }
    }
    for (name, h) in ["A", "B"].iter().zip(&halves) {
        let r = recall(h);
        println!(
            "| readylens | all other issues, half {name} | {} | {:.3} | {:.3} | {:.3} |",
            h.len(),
            r[0],
            r[1],
            r[2]
        );
    }
    println!("\nindex build: {:.1} ms\n", built.as_secs_f64() * 1e3);

    // Threshold guidance: how many true pairs have a text similarity of at least t, and
    // how many issues would show any candidate at that threshold (most of those are not
    // known pairs; some may be unlabelled duplicates). The threshold is on the similarity
    // (the recency prior only re-orders candidates).
    let scores: Vec<f32> = pairs
        .iter()
        .map(|&(q, d)| {
            index
                .neighbours(q, issues.len())
                .iter()
                .find(|m| m.index == d)
                .map_or(0.0, |m| m.similarity)
        })
        .collect();
    println!("| threshold | known pairs with similarity ≥ t | issues with a candidate ≥ t |");
    println!("|---:|---:|---:|");
    for t in [0.2f32, 0.3, 0.4, 0.5, 0.6, 0.7] {
        let pairs_ok = scores.iter().filter(|&&s| s >= t).count();
        let flagged = index
            .all_neighbours(1, t)
            .iter()
            .filter(|m| !m.is_empty())
            .count();
        println!(
            "| {t:.1} | {pairs_ok}/{} ({:.0}%) | {flagged}/{} ({:.0}%) |",
            scores.len(),
            100.0 * pairs_ok as f64 / scores.len().max(1) as f64,
            issues.len(),
            100.0 * flagged as f64 / issues.len().max(1) as f64
        );
    }
    println!();
    Ok(())
}

fn read_deepse(dir: &Path) -> Result<Vec<Issue>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let mut rdr = csv::Reader::from_path(&f).map_err(|e| e.to_string())?;
        for rec in rdr.records().flatten() {
            out.push(Issue {
                key: rec.get(0).unwrap_or_default().to_string(),
                title: rec.get(1).unwrap_or_default().to_string(),
                description: Doc::from_plain(rec.get(2).unwrap_or_default()),
                ..Default::default()
            });
        }
    }
    Ok(out)
}

fn scaling(dir: &Path) -> Result<(), String> {
    let corpus = read_deepse(dir)?;
    if corpus.is_empty() {
        return Err("no Deep-SE issues".into());
    }
    println!(
        "### Scaling: Deep-SE ({} issues) replicated under distinct keys, top 5 per issue\n",
        corpus.len()
    );
    let sizes: Vec<usize> = std::env::args()
        .find_map(|a| a.strip_prefix("--sizes=").map(str::to_string))
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    println!(
        "Times are wall clock, with this process's CPU time in brackets (the machine is shared).\n"
    );
    println!("| issues | index build | `find_duplicates` (build + top-5 for every issue + evidence + clusters) | per issue (CPU) | issues with a candidate ≥ 0.5 | one draft query (`similar`), mean of 200 |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let issues = replicate(&corpus, n);
        let c1 = Clock::start();
        let report = hygiene::find_duplicates_with(&issues, &DuplicatesConfig::default(), params());
        let all = c1.stop();
        if std::env::args().any(|a| a == "--find-only") {
            // For profiling: only the whole-backlog pass.
            println!("| {n} | | {} | | {} | |", show(all), report.clusters.len());
            continue;
        }
        let c0 = Clock::start();
        let index = DuplicateIndex::build_with(&issues, params());
        let build = c0.stop();
        let flagged = report.candidates.iter().filter(|c| !c.is_empty()).count();
        let drafts = 200.min(n);
        let c3 = Clock::start();
        let mut found = 0;
        for i in 0..drafts {
            let mut d = issues[(i * 7919) % n].clone();
            d.key.clear();
            found += hygiene::similar(&d, &index, 5).len();
        }
        let draft = c3.stop();
        println!(
            "| {n} | {} | {} | {:.0} µs | {flagged} | {:.2} ms |",
            show(build),
            show(all),
            all.1 / n as f64 * 1e6,
            draft.0 / drafts as f64 * 1e3,
        );
        // Keep the optimiser honest.
        if found == 0 || report.clusters.is_empty() {
            return Err("unexpected empty result".into());
        }
    }
    println!();
    Ok(())
}

/// Wall-clock and CPU time of this thread (Linux `/proc`; CPU falls back to wall).
struct Clock {
    wall: Instant,
    cpu: Option<f64>,
}

fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// (wall seconds, CPU seconds)
    fn stop(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => wall,
        };
        (wall, cpu)
    }
}

fn show((wall, cpu): (f64, f64)) -> String {
    format!("{wall:.2} s ({cpu:.2} s)")
}

/// The SeaMonkey queries again, with Deep-SE issues added to the index as distractors:
/// does pruning (bounded postings per query) lose the true duplicates at scale?
fn distractors(sm: &Path, ds: &Path) -> Result<(), String> {
    let (bugs, pairs) = read_seamonkey(sm)?;
    let corpus = read_deepse(ds)?;
    println!("### SeaMonkey queries among Deep-SE distractors\n");
    println!("| distractors | index size | recall@1 | recall@5 | recall@10 |");
    println!("|---:|---:|---:|---:|---:|");
    for extra in [0usize, 10_000, 100_000] {
        let mut issues: Vec<Issue> = bugs.iter().map(|b| b.issue.clone()).collect();
        issues.extend(replicate(&corpus, extra));
        let index = DuplicateIndex::build_with(&issues, params());
        let ranks: Vec<Option<usize>> = pairs
            .iter()
            .map(|&(q, d)| index.neighbours(q, 10).iter().position(|m| m.index == d))
            .collect();
        let r = recall(&ranks);
        println!(
            "| {extra} | {} | {:.3} | {:.3} | {:.3} |",
            issues.len(),
            r[0],
            r[1],
            r[2]
        );
    }
    println!();
    Ok(())
}

/// `--dump=DIR`: the whole-backlog pass's JSON for the identity check (see the top).
fn dump(dir: &Path, sm: &Path, ds: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let write = |name: &str, issues: &[Issue]| -> Result<(), String> {
        let report = hygiene::find_duplicates_with(issues, &DuplicatesConfig::default(), params());
        let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, json).map_err(|e| e.to_string())?;
        let with = report.candidates.iter().filter(|c| !c.is_empty()).count();
        eprintln!(
            "dupes_eval: {} ({} issues, {with} with candidates, {} clusters)",
            path.display(),
            issues.len(),
            report.clusters.len()
        );
        Ok(())
    };
    let (bugs, _) = read_seamonkey(sm)?;
    let issues: Vec<Issue> = bugs.into_iter().map(|b| b.issue).collect();
    write("seamonkey", &issues)?;
    let corpus = read_deepse(ds)?;
    write("deepse", &corpus)?;
    write("deepse100k", &replicate(&corpus, 100_000))
}

/// `--memory`: heap bytes of the incremental index and of the batch one (see the top).
fn memory(ds: &Path) -> Result<(), String> {
    let corpus = read_deepse(ds)?;
    let issues = corpus.get(..20_000.min(corpus.len())).unwrap_or_default();
    let mut grown = DuplicateIndex::empty(IndexParams::default()).with_links();
    let c = Clock::start();
    for page in issues.chunks(250) {
        grown.append(page);
        grown.finalize();
    }
    let t = c.stop();
    let probe = issues.first().cloned().unwrap_or_default();
    let found = hygiene::similar(&probe, &grown, 5).len();
    println!(
        "incremental, {} issues in pages of 250: {} bytes held ({}; {found} similar)",
        grown.len(),
        grown.heap_bytes(),
        show(t)
    );
    let c = Clock::start();
    let batch = DuplicateIndex::build(issues);
    let t = c.stop();
    println!(
        "batch build of the same issues: {} bytes held ({})",
        batch.heap_bytes(),
        show(t)
    );
    Ok(())
}

/// `--recency-grid`: how the recency prior's two numbers were chosen (docs/duplicates.md,
/// "Recency"). Each query's 300 nearest by text similarity are re-ranked with
/// `s + a·e^(−days/τ)·(1 − s)` for every (a, τ) of a grid fixed in advance; the numbers
/// are chosen on one half of the known pairs (best recall@5, then recall@1, then grid
/// order) and scored on the other half.
fn recency_grid(dir: &Path) -> Result<(), String> {
    let (bugs, pairs) = read_seamonkey(dir)?;
    let issues: Vec<Issue> = bugs.iter().map(|b| b.issue.clone()).collect();
    let off = IndexParams {
        recency: 0.0,
        ..params()
    };
    let index = DuplicateIndex::build_with(&issues, off);
    let day: Vec<Option<i64>> = bugs
        .iter()
        .map(|b| hygiene::parse_day(&b.created))
        .collect();
    let near: Vec<Vec<(usize, f32)>> = (0..issues.len())
        .map(|q| {
            index
                .neighbours(q, 300)
                .iter()
                .map(|m| (m.index, m.similarity))
                .collect()
        })
        .collect();
    let half_of = halves_of(&pairs);
    // [half][@1, @5] hits for one setting.
    type Hits = [[usize; 2]; 2];
    let score = |a: f64, tau: f64| -> Hits {
        let mut out = [[0usize; 2]; 2];
        for &(q, d) in &pairs {
            let mut c: Vec<(usize, f64)> = near[q]
                .iter()
                .map(|&(j, s)| {
                    let s = f64::from(s);
                    let p = match (day[q], day[j]) {
                        (Some(x), Some(y)) => (-((x - y).abs() as f64) / tau).exp(),
                        _ => 0.0,
                    };
                    (j, s + a * p * (1.0 - s))
                })
                .collect();
            c.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            if let Some(r) = c.iter().position(|x| x.0 == d) {
                let h = half_of(q, d);
                out[h][0] += usize::from(r < 1);
                out[h][1] += usize::from(r < 5);
            }
        }
        out
    };
    let grid: Vec<(f64, f64)> = [0.1, 0.2, 0.3, 0.4, 0.5]
        .iter()
        .flat_map(|&a| {
            [7.0, 14.0, 30.0, 60.0, 90.0, 180.0, 365.0]
                .iter()
                .map(move |&t| (a, t))
        })
        .collect();
    let results: Vec<((f64, f64), Hits)> =
        grid.iter().map(|&(a, t)| ((a, t), score(a, t))).collect();
    let base = score(0.0, 1.0);
    println!(
        "### Recency prior: grid on the SeaMonkey pairs (recall@5 hits; halves of 46 queries)\n"
    );
    println!("| recency | recency_days | all (of 92) | half A | half B |");
    println!("|---:|---:|---:|---:|---:|");
    println!(
        "| 0 | – | {} | {} | {} |",
        base[0][1] + base[1][1],
        base[0][1],
        base[1][1]
    );
    for ((a, t), r) in &results {
        println!(
            "| {a} | {t} | {} | {} | {} |",
            r[0][1] + r[1][1],
            r[0][1],
            r[1][1]
        );
    }
    // Choose on one half, score the other.
    let choose = |h: usize| {
        results
            .iter()
            .enumerate()
            .max_by(|(i, x), (j, y)| {
                (x.1[h][1], x.1[h][0])
                    .cmp(&(y.1[h][1], y.1[h][0]))
                    .then(j.cmp(i))
            })
            .map(|(_, r)| *r)
    };
    let mut cv = 0;
    println!();
    for (h, other, name, other_name) in [(0, 1, "A", "B"), (1, 0, "B", "A")] {
        if let Some(((a, t), r)) = choose(h) {
            cv += r[other][1];
            println!(
                "Chosen on half {name}: recency {a}, recency_days {t} ({} of 46 there); half {other_name}: {} -> {} of 46.",
                r[h][1], base[other][1], r[other][1]
            );
        }
    }
    println!(
        "Cross-validated recall@5: {cv} of {} ({:.3}); without the prior {} ({:.3}).",
        pairs.len(),
        cv as f64 / pairs.len().max(1) as f64,
        base[0][1] + base[1][1],
        (base[0][1] + base[1][1]) as f64 / pairs.len().max(1) as f64
    );
    Ok(())
}

fn main() {
    let data = data_dir();
    if std::env::args().any(|a| a == "--recency-grid") {
        if let Err(e) = recency_grid(&data.join("duplicates/seamonkey")) {
            eprintln!("dupes_eval: recency grid: {e}");
        }
        return;
    }
    if std::env::args().any(|a| a == "--memory") {
        if let Err(e) = memory(&data.join("issues/deepse")) {
            eprintln!("dupes_eval: memory: {e}");
        }
        return;
    }
    if let Some(dir) = std::env::args().find_map(|a| a.strip_prefix("--dump=").map(PathBuf::from)) {
        if let Err(e) = dump(
            &dir,
            &data.join("duplicates/seamonkey"),
            &data.join("issues/deepse"),
        ) {
            eprintln!("dupes_eval: dump: {e}");
        }
        return;
    }
    let sm = data.join("duplicates/seamonkey");
    let only_scaling = std::env::args().any(|a| a.starts_with("--sizes="));
    if only_scaling {
        // Timing a chosen size only.
    } else if sm.join("SeaMonkey_bugs.csv").exists() {
        if let Err(e) = seamonkey(&sm) {
            eprintln!("dupes_eval: SeaMonkey: {e}");
        }
    } else {
        eprintln!("dupes_eval: {} not found, skipping", sm.display());
    }
    let ds = data.join("issues/deepse");
    let distract = std::env::args().all(|a| a != "--no-distractors");
    if !only_scaling && distract && ds.exists() && sm.exists() {
        if let Err(e) = distractors(&sm, &ds) {
            eprintln!("dupes_eval: distractors: {e}");
        }
    }
    if ds.exists() && std::env::args().all(|a| a != "--no-scaling") {
        if let Err(e) = scaling(&ds) {
            eprintln!("dupes_eval: scaling: {e}");
        }
    }
}
