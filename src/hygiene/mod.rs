//! Backlog hygiene: near-duplicates, stale, oversized and orphaned work (issue #7).
//!
//! Duplicates come from [`DuplicateIndex`], an inverted index over title and
//! description (see `index.rs` for the similarity and why its cost is linear); the other
//! checks are plain functions over the backlog in `checks.rs`.

mod checks;
mod index;
mod text;

pub use checks::{
    aging, blocked, check, orphaned, oversized, parse_day, split_slices, stale, summary,
    HygieneConfig, HygieneSummary, Offender,
};
pub use index::{DuplicateIndex, IndexParams, Match, MAX_POSTINGS, MAX_QUERY_TERMS, RESCORE};

use crate::model::Issue;
use serde::{Deserialize, Serialize};

/// How many evidence words a candidate carries.
const EVIDENCE_WORDS: usize = 5;

/// The `duplicates` section of the team's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct DuplicatesConfig {
    /// Candidates kept per issue.
    pub top: usize,
    /// Minimum similarity (0–1) for a candidate to be reported and for two issues to
    /// join the same cluster.
    pub threshold: f32,
    /// Weight (0–1) of the recency prior: among candidates that pass the threshold,
    /// those created closer in time to the issue rank higher (duplicates are usually
    /// reported within weeks of each other). 0 turns it off; it never lets a pair
    /// below the threshold through.
    pub recency: f32,
    /// How fast the prior fades, in days: a candidate created this many days apart
    /// gets 37% of the full boost.
    pub recency_days: f32,
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        DuplicatesConfig {
            top: 5,
            threshold: 0.5,
            recency: index::RECENCY,
            recency_days: index::RECENCY_DAYS,
        }
    }
}

impl DuplicatesConfig {
    /// The index parameters this configuration asks for, on top of `params`.
    pub fn params(&self, params: IndexParams) -> IndexParams {
        IndexParams {
            recency: self.recency,
            recency_days: self.recency_days,
            ..params
        }
    }
}

/// A likely duplicate of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Candidate {
    pub key: String,
    /// Score in `[0, 1]`, what candidates are ordered by: the text similarity, raised
    /// by the recency prior when both issues have a creation date.
    pub score: f32,
    /// Text similarity in `[0, 1]` (title, description, criteria), what the threshold
    /// and the clusters use.
    pub similarity: f32,
    /// Days between the two issues' creation, when both are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub days_apart: Option<u32>,
    /// Words both issues use, most telling first (stemmed matches shown as written in
    /// the backlog).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// A group of issues that are all linked, directly or through each other, by a
/// similarity at or above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cluster {
    /// Positions of the members in the analysed backlog, in backlog order.
    pub members: Vec<usize>,
    /// Keys of the members, in the same order.
    pub keys: Vec<String>,
    /// The strongest link inside the cluster.
    pub score: f32,
}

/// Per-issue candidates and backlog clusters from one pass.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DuplicateReport {
    /// For every issue (same order as the input), its likely duplicates, best first.
    pub candidates: Vec<Vec<Candidate>>,
    /// Clusters of two or more issues, ordered by their first member.
    pub clusters: Vec<Cluster>,
}

fn to_candidates(
    index: &DuplicateIndex,
    query: &Issue,
    at: Option<usize>,
    matches: &[Match],
    scratch: &mut index::EvidenceScratch,
) -> Vec<Candidate> {
    let evidence = index.evidence_impl(query, at, matches, EVIDENCE_WORDS, scratch);
    matches
        .iter()
        .zip(evidence)
        .map(|(m, evidence)| candidate(index, m, evidence))
        .collect()
}

fn candidate(index: &DuplicateIndex, m: &Match, evidence: Vec<String>) -> Candidate {
    Candidate {
        key: index.key(m.index).unwrap_or_default().to_string(),
        score: m.score,
        similarity: m.similarity,
        days_apart: m.days_apart,
        evidence,
    }
}

/// For every issue, its likely duplicates (best first, at most `config.top`, similarity
/// at least `config.threshold`; equal scores keep backlog order).
pub fn duplicates(issues: &[Issue], config: &DuplicatesConfig) -> Vec<Vec<Candidate>> {
    find_duplicates(issues, config).candidates
}

/// Candidates for every issue plus the clusters they form, from a single index.
pub fn find_duplicates(issues: &[Issue], config: &DuplicatesConfig) -> DuplicateReport {
    find_duplicates_with(issues, config, IndexParams::default())
}

/// [`find_duplicates`] with other similarity weights or search bounds.
pub fn find_duplicates_with(
    issues: &[Issue],
    config: &DuplicatesConfig,
    params: IndexParams,
) -> DuplicateReport {
    let index = DuplicateIndex::build_with(issues, config.params(params));
    let threshold = if config.threshold.is_finite() {
        config.threshold
    } else {
        0.5
    };
    let (neighbours, evidence) = index.backlog_pass(issues, config.top, threshold, EVIDENCE_WORDS);
    let candidates = neighbours
        .iter()
        .zip(evidence)
        .map(|(matches, evidence)| {
            matches
                .iter()
                .zip(evidence)
                .map(|(m, evidence)| candidate(&index, m, evidence))
                .collect()
        })
        .collect();
    DuplicateReport {
        candidates,
        clusters: clusters(&index, &neighbours, threshold),
    }
}

/// The indexed issues most similar to `draft` (an issue being written, or one from
/// another backlog), best first. An indexed issue with the draft's own key is skipped,
/// so re-checking an existing issue does not find itself. No threshold is applied: the
/// caller shows scores or filters.
pub fn similar(draft: &Issue, index: &DuplicateIndex, top: usize) -> Vec<Candidate> {
    let own = draft.key.trim();
    let matches = index.search_issue(draft, top, |d| {
        own.is_empty() || !matches!(index.key(d), Some(k) if k == own)
    });
    to_candidates(
        index,
        draft,
        None,
        &matches,
        &mut index::EvidenceScratch::default(),
    )
}

/// Union-find clusters over the neighbour lists: issues `i` and `j` join when either
/// lists the other with a text similarity at or above `threshold`; a cluster's score is
/// the similarity of its strongest link.
pub fn clusters(index: &DuplicateIndex, neighbours: &[Vec<Match>], threshold: f32) -> Vec<Cluster> {
    let n = index.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut best: Vec<f32> = vec![0.0; n];
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        let mut root = x;
        while let Some(&p) = parent.get(root) {
            if p == root {
                break;
            }
            root = p;
        }
        // Path compression.
        while let Some(&p) = parent.get(x) {
            if p == root {
                break;
            }
            if let Some(slot) = parent.get_mut(x) {
                *slot = root;
            }
            x = p;
        }
        root
    }
    for (i, list) in neighbours.iter().enumerate().take(n) {
        for m in list {
            if m.similarity < threshold || m.index >= n || m.index == i {
                continue;
            }
            let (a, b) = (find(&mut parent, i), find(&mut parent, m.index));
            // The smaller position becomes the root so output order is stable.
            let (root, child) = if a <= b { (a, b) } else { (b, a) };
            if let Some(p) = parent.get_mut(child) {
                *p = root;
            }
            let s = best
                .get(a)
                .copied()
                .unwrap_or(0.0)
                .max(best.get(b).copied().unwrap_or(0.0))
                .max(m.similarity);
            if let Some(r) = best.get_mut(root) {
                *r = s;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let r = find(&mut parent, i);
        if let Some(g) = groups.get_mut(r) {
            g.push(i);
        }
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(_, g)| g.len() > 1)
        .map(|(r, members)| Cluster {
            keys: members
                .iter()
                .map(|&m| index.key(m).unwrap_or_default().to_string())
                .collect(),
            members,
            score: best.get(r).copied().unwrap_or(0.0),
        })
        .collect()
}

/// Pairs `(i, j, score)` with `i < j` of near-identical short texts (stories, acceptance
/// criteria) at or above `threshold`, for `story/unique` and `criteria/duplicate`.
pub fn near_duplicate_texts(texts: &[&str], threshold: f32) -> Vec<(usize, usize, f32)> {
    let issues: Vec<Issue> = texts
        .iter()
        .map(|t| Issue {
            title: (*t).to_string(),
            ..Default::default()
        })
        .collect();
    let index = DuplicateIndex::build(&issues);
    let mut out = Vec::new();
    for (i, list) in index
        .all_neighbours(texts.len(), threshold)
        .into_iter()
        .enumerate()
    {
        for m in list {
            if m.index > i {
                out.push((i, m.index, m.score));
            }
        }
    }
    crate::rules::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out
}
