//! The near-duplicate index: weighted TF-IDF vectors in an inverted index, queried
//! top-k with bounded work per query so a whole backlog costs about linear time.
//!
//! ## The similarity
//! Each issue becomes three sparse vectors, each TF-IDF weighted (`1 + ln tf` times
//! `ln(1 + N/df)`) and L2-normalised on its own:
//! - **text**: stemmed content words of the title (counted twice) and the description
//!   (plus a dedicated acceptance-criteria field), so a title word that the other issue
//!   only mentions in its body still matches;
//! - **title**: the title's stemmed words alone, because two reports of the same
//!   problem agree most in their one-line summaries;
//! - **grams**: character trigrams of the title words, which survive spelling and
//!   compounding differences ("FaceBook"/"facebook", "useragent"/"user agent") and
//!   stems the stemmer does not join.
//!
//! The score of two issues is `Σ weight_s · cosine_s` over the three spaces, with the
//! weights summing to 1, so it lies in `[0, 1]` and reads as "how much alike", which
//! makes one threshold meaningful for clusters. Weighting a concatenation of normalised
//! sub-vectors gives exactly that sum as a single dot product, so one inverted index
//! serves all three spaces.
//!
//! ## Bounded work per query
//! Each posting list keeps only the [`MAX_POSTINGS`] issues where its word weighs most
//! (as in impact-ordered indexes, Anh & Moffat). Candidates come from the word spaces (text and title; trigrams are too
//! common to select with): a query walks its [`MAX_QUERY_TERMS`] heaviest words and, in
//! each posting list, the [`MAX_POSTINGS`] issues where that word weighs most. Title
//! postings matter here: a word's weight in a title does not shrink when the issue has
//! a long description, so long reports stay reachable. The best [`RESCORE`] issues of
//! that partial sum (3 per result when more results are asked for) are then scored exactly over
//! all three spaces. Work per query is bounded by a constant, so a whole backlog costs
//! `N` times that constant. The price: an issue that shares no heavy word with the
//! query, or is far down every list it shares, is never scored. docs/duplicates.md
//! measures what that costs at 100,000 issues.
//!
//! ## Cost
//! Words, stems and trigrams are interned as `u32` ids by the tokenizer, so a word is
//! lower-cased, checked and stemmed once per backlog, and an issue's terms are merged
//! without hashing strings. Terms are `3 · key + space`; issue vectors and postings
//! are flat arrays.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::Issue;

use super::text::{gram_keys, FxHashMap, Tokenizer, Vocab, Word, NONE};

/// The weights of the similarity. The defaults are what docs/duplicates.md reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexParams {
    /// Weight of the title+description space.
    pub text: f32,
    /// Weight of the title-words space.
    pub title: f32,
    /// Weight of the title character-trigram space.
    pub grams: f32,
    /// How many times a title word counts in the text space.
    pub title_boost: u32,
    /// Query words walked per query (the heaviest ones); at least 1.
    pub query_terms: usize,
    /// Postings walked per query word (the issues where the word weighs most); at
    /// least 1.
    pub postings: usize,
    /// Issues scored exactly after the partial sum: at least this many…
    pub rescore: usize,
    /// …and at least this many per result asked for.
    pub rescore_per_result: usize,
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            text: 0.5,
            title: 0.3,
            grams: 0.2,
            title_boost: 2,
            query_terms: MAX_QUERY_TERMS,
            postings: MAX_POSTINGS,
            rescore: RESCORE,
            rescore_per_result: 3,
        }
    }
}

impl IndexParams {
    /// Weights made non-negative and summing to 1 (all text when they are unusable).
    fn normalised(self) -> Self {
        let clean = |w: f32| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let (a, b, c) = (clean(self.text), clean(self.title), clean(self.grams));
        let sum = a + b + c;
        let base = IndexParams {
            title_boost: self.title_boost.min(100),
            query_terms: self.query_terms.max(1),
            postings: self.postings.max(1),
            ..self
        };
        if sum > 0.0 {
            IndexParams {
                text: a / sum,
                title: b / sum,
                grams: c / sum,
                ..base
            }
        } else {
            IndexParams {
                text: 1.0,
                title: 0.0,
                grams: 0.0,
                ..base
            }
        }
    }

    fn weight(&self, s: Space) -> f32 {
        match s {
            Space::Text => self.text,
            Space::Title => self.title,
            Space::Grams => self.grams,
        }
    }
}

/// Query words walked per query (the heaviest ones).
pub const MAX_QUERY_TERMS: usize = 16;
/// Postings walked per query word (the issues where the word weighs most).
pub const MAX_POSTINGS: usize = 128;
/// Issues scored exactly after the partial sum, at least.
pub const RESCORE: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Space {
    Text = 0,
    Title = 1,
    Grams = 2,
}

/// Term ids: `3 · key + space`, where the key is a stem id (text and title spaces) or
/// a gram id. A stem's text and title terms are neighbours, so evidence can add them up
/// in one pass, and no table is needed to map terms to spaces.
fn term(key: u32, space: Space) -> u32 {
    key.saturating_mul(3).saturating_add(space as u32)
}

fn space_of(t: u32) -> Space {
    match t % 3 {
        0 => Space::Text,
        1 => Space::Title,
        _ => Space::Grams,
    }
}

/// The stem id of a word term, [`NONE`] for a trigram.
fn stem_of(t: u32) -> u32 {
    if space_of(t) == Space::Grams {
        NONE
    } else {
        t / 3
    }
}

/// One ranked neighbour: position in the indexed backlog and similarity in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub index: usize,
    pub score: f32,
}

/// A reusable index over a backlog. Build it once with [`DuplicateIndex::build`] and
/// query it for every issue or for drafts ([`super::similar`]).
#[derive(Debug, Clone, Default)]
pub struct DuplicateIndex {
    params: IndexParams,
    keys: Vec<String>,
    /// Words, stems and trigrams of the backlog.
    vocab: Vocab,
    /// Per term: number of issues that contain it.
    df: Vec<u32>,
    /// Per term: where its postings start in `post` (one more entry than terms).
    /// Only word terms have postings, and only their [`MAX_POSTINGS`] heaviest: a query
    /// never walks further.
    post_off: Vec<u32>,
    /// (issue, weight): a term's heaviest postings (ties by issue order), in no
    /// particular order.
    post: Vec<(u32, f32)>,
    /// Per issue: where its terms start in `terms` (one more entry than issues).
    doc_off: Vec<usize>,
    /// Per issue: (term, weight) sorted by term id.
    terms: Vec<(u32, f32)>,
    /// Parallel to `terms`: the surface id of a word term's first occurrence in the
    /// issue (title first), for evidence; [`NONE`] for trigrams.
    surf: Vec<u32>,
}

/// Merges an issue's term occurrences into (term, count, first surface) without
/// sorting the occurrences: per term, the round (issue) it was last seen in and its
/// slot in the output.
#[derive(Default)]
struct Merger {
    round: u32,
    seen: Vec<(u32, u32)>,
}

impl Merger {
    fn start(&mut self, out: &mut Vec<(u32, u32, u32)>) {
        out.clear();
        if self.round == u32::MAX {
            self.seen.iter_mut().for_each(|s| s.0 = 0);
            self.round = 0;
        }
        self.round += 1;
    }

    fn add(&mut self, out: &mut Vec<(u32, u32, u32)>, t: u32, count: u32, surface: u32) {
        let i = t as usize;
        if i >= self.seen.len() {
            self.seen.resize((i + 1).max(self.seen.len() * 2), (0, 0));
        }
        if let Some(slot) = self.seen.get_mut(i) {
            if slot.0 == self.round {
                if let Some(e) = out.get_mut(slot.1 as usize) {
                    e.1 = e.1.saturating_add(count);
                }
            } else {
                *slot = (self.round, out.len() as u32);
                out.push((t, count, surface));
            }
        }
    }
}

/// The terms of an issue: (term, count, surface of its first occurrence), by term.
fn issue_terms(
    tok: &mut Tokenizer,
    issue: &Issue,
    p: &IndexParams,
    words: &mut Vec<Word>,
    m: &mut Merger,
    out: &mut Vec<(u32, u32, u32)>,
) {
    words.clear();
    m.start(out);
    tok.words(&issue.title, words);
    let title_len = words.len();
    for w in words.iter() {
        if p.title > 0.0 {
            m.add(out, term(w.stem, Space::Title), 1, w.surface);
        }
        if p.title_boost > 0 {
            m.add(out, term(w.stem, Space::Text), p.title_boost, w.surface);
        }
    }
    if p.grams > 0.0 {
        for w in words.iter() {
            for &g in tok.vocab.grams(w.surface) {
                m.add(out, term(g, Space::Grams), 1, NONE);
            }
        }
    }
    tok.doc_words(&issue.description, words);
    if let Some(ac) = &issue.acceptance_criteria {
        tok.doc_words(ac, words);
    }
    for w in words.iter().skip(title_len) {
        m.add(out, term(w.stem, Space::Text), 1, w.surface);
    }
    // Terms are distinct, so this order is total.
    out.sort_unstable_by_key(|e| e.0);
}

fn idf(n: usize, df: u32) -> f32 {
    (1.0 + n as f32 / df.max(1) as f32).ln()
}

fn tf(count: u32) -> f32 {
    1.0 + (count.max(1) as f32).ln()
}

/// Normalise each space of `v` (term, weight) to unit length and scale it by the
/// square root of its weight, so the dot product of two vectors is Σ weight·cosine.
/// `extra_sq` holds the squared weight, per space, of terms not in `v` (a draft's words
/// the index has never seen): they lengthen the vector without matching anything.
fn normalise(v: &mut [(u32, f32)], extra_sq: [f32; 3], p: &IndexParams) {
    let mut sq = extra_sq;
    for &(t, w) in v.iter() {
        if let Some(s) = sq.get_mut(space_of(t) as usize) {
            *s += w * w;
        }
    }
    let scale = sq.map(|s| if s > 0.0 { 1.0 / s.sqrt() } else { 0.0 });
    let scale = [
        scale[0] * p.weight(Space::Text).sqrt(),
        scale[1] * p.weight(Space::Title).sqrt(),
        scale[2] * p.weight(Space::Grams).sqrt(),
    ];
    for (t, w) in v.iter_mut() {
        *w *= scale.get(space_of(*t) as usize).copied().unwrap_or(0.0);
    }
}

/// Per-query scratch space, reused across queries.
struct Scratch {
    /// Partial score per issue.
    acc: Vec<f32>,
    /// The issues with a positive sum, in `touched[..touched_len]`.
    touched: Vec<u32>,
    touched_len: usize,
    /// The best candidates as sortable keys (see `pool`).
    heap: BinaryHeap<Reverse<u64>>,
    /// The query vector spread over the vocabulary, for branch-free exact scoring.
    dense: Vec<f32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
            touched_len: 0,
            heap: BinaryHeap::new(),
            dense: Vec::new(),
        }
    }
}

/// Best first; equal scores keep the backlog's order.
fn by_score(a: &Match, b: &Match) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.index.cmp(&b.index))
}

impl DuplicateIndex {
    /// Index a backlog. Cost is linear in the total text length.
    pub fn build(issues: &[Issue]) -> Self {
        Self::build_with(issues, IndexParams::default())
    }

    /// Index a backlog with other weights.
    pub fn build_with(issues: &[Issue], params: IndexParams) -> Self {
        let params = params.normalised();
        let mut tok = Tokenizer::default();
        let n = issues.len();
        let mut doc_off = Vec::with_capacity(n + 1);
        let mut terms: Vec<(u32, f32)> = Vec::new();
        let mut surf: Vec<u32> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let (mut words, mut merger, mut merged) = (Vec::new(), Merger::default(), Vec::new());
        doc_off.push(0);
        for issue in issues {
            issue_terms(
                &mut tok,
                issue,
                &params,
                &mut words,
                &mut merger,
                &mut merged,
            );
            for &(t, c, s) in &merged {
                terms.push((t, 0.0));
                counts.push(c);
                surf.push(s);
            }
            doc_off.push(terms.len());
        }
        let vocab = tok.vocab;
        let n_terms = 3 * vocab.stem_count().max(vocab.gram_count());
        let mut df = vec![0u32; n_terms];
        for &(t, _) in &terms {
            if let Some(d) = df.get_mut(t as usize) {
                *d += 1;
            }
        }
        let idfs: Vec<f32> = df.iter().map(|&d| idf(n, d)).collect();
        for ((t, w), &c) in terms.iter_mut().zip(&counts) {
            *w = tf(c) * idfs.get(*t as usize).copied().unwrap_or(0.0);
        }
        drop(counts);
        for d in doc_off.windows(2) {
            if let [a, b] = *d {
                if let Some(v) = terms.get_mut(a..b) {
                    normalise(v, [0.0; 3], &params);
                }
            }
        }
        // Postings of word terms: all of them in issue order first, then each list is
        // cut to its heaviest `postings` (a query walks no further).
        let mut full_off = Vec::with_capacity(n_terms + 1);
        full_off.push(0usize);
        let mut sum = 0usize;
        for (t, &d) in df.iter().enumerate() {
            if space_of(t as u32) != Space::Grams {
                sum += d as usize;
            }
            full_off.push(sum);
        }
        let total = full_off.last().copied().unwrap_or(0);
        let mut full: Vec<(u32, f32)> = vec![(0, 0.0); total];
        let mut fill: Vec<usize> = full_off.clone();
        for (d, w) in doc_off.windows(2).enumerate() {
            let (a, b) = match *w {
                [a, b] => (a, b),
                _ => continue,
            };
            for &(t, wt) in terms.get(a..b).unwrap_or_default() {
                if space_of(t) == Space::Grams {
                    continue;
                }
                if let Some(pos) = fill.get_mut(t as usize) {
                    if let Some(slot) = full.get_mut(*pos) {
                        *slot = (d as u32, wt);
                    }
                    *pos += 1;
                }
            }
        }
        drop(fill);
        let cut = params.postings;
        let mut post = Vec::with_capacity(total.min(n_terms.saturating_mul(cut)));
        let mut post_off = Vec::with_capacity(n_terms + 1);
        post_off.push(0u32);
        let heaviest = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        for t in 0..n_terms {
            let (a, b) = (
                full_off.get(t).copied().unwrap_or(0),
                full_off.get(t + 1).copied().unwrap_or(0),
            );
            let Some(list) = full.get_mut(a..b) else {
                continue;
            };
            // The walk adds every kept posting, so their order does not matter: only
            // which ones are kept (a total order, so ties are deterministic).
            if list.len() > cut {
                list.select_nth_unstable_by(cut - 1, heaviest);
            }
            let keep = list.len().min(cut);
            post.extend_from_slice(list.get(..keep).unwrap_or_default());
            post_off.push(post.len() as u32);
        }
        DuplicateIndex {
            params,
            keys: issues.iter().map(|i| i.key.clone()).collect(),
            vocab,
            df,
            post_off,
            post,
            doc_off,
            terms,
            surf,
        }
    }

    /// Number of indexed issues.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key of the issue at `index`.
    pub fn key(&self, index: usize) -> Option<&str> {
        self.keys.get(index).map(String::as_str)
    }

    /// The terms of indexed issue `d`, and the surfaces beside them.
    fn doc(&self, d: usize) -> (&[(u32, f32)], &[u32]) {
        match (self.doc_off.get(d), self.doc_off.get(d + 1)) {
            (Some(&a), Some(&b)) => (
                self.terms.get(a..b).unwrap_or_default(),
                self.surf.get(a..b).unwrap_or_default(),
            ),
            _ => (&[], &[]),
        }
    }

    /// Vector of an issue that is not (necessarily) in the index, weighted with the
    /// index's statistics, and for each of its word stems the word as the issue writes
    /// it (title first). Words the index has never seen count as rare.
    fn vector(&self, issue: &Issue) -> (Vec<(u32, f32)>, FxHashMap<u32, String>) {
        let n = self.len();
        let p = &self.params;
        // A tokenizer of its own (the index's vocabulary stays read-only); its ids are
        // mapped to the index's through the stem and trigram strings.
        let mut tok = Tokenizer::default();
        let mut title = Vec::new();
        tok.words(&issue.title, &mut title);
        let mut body = Vec::new();
        tok.doc_words(&issue.description, &mut body);
        if let Some(ac) = &issue.acceptance_criteria {
            tok.doc_words(ac, &mut body);
        }
        let mut known: Vec<(u32, u32)> = Vec::new();
        let mut unknown: FxHashMap<(Space, u64), u32> = FxHashMap::default();
        let mut shown: FxHashMap<u32, String> = FxHashMap::default();
        let mut add = |space: Space, key: Option<u32>, raw: u64, c: u32| match key {
            Some(k) => known.push((term(k, space), c)),
            None => {
                let e = unknown.entry((space, raw)).or_insert(0);
                *e = e.saturating_add(c);
            }
        };
        let mut keys = Vec::new();
        for (i, w) in title.iter().chain(&body).enumerate() {
            let in_title = i < title.len();
            let stem_text = tok.vocab.stem(w.stem);
            let stem = self.vocab.stem_id(stem_text);
            // Unknown stems are told apart by the draft's own stem id.
            let raw = u64::from(w.stem);
            if let Some(s) = stem {
                shown
                    .entry(s)
                    .or_insert_with(|| tok.vocab.surface(w.surface).to_string());
            }
            if in_title {
                if p.title > 0.0 {
                    add(Space::Title, stem, raw, 1);
                }
                if p.title_boost > 0 {
                    add(Space::Text, stem, raw, p.title_boost);
                }
                if p.grams > 0.0 {
                    keys.clear();
                    gram_keys(tok.vocab.surface(w.surface), &mut keys);
                    for &k in &keys {
                        add(Space::Grams, self.vocab.gram_id(k), k, 1);
                    }
                }
            } else {
                add(Space::Text, stem, raw, 1);
            }
        }
        let mut extra = [0.0f32; 3];
        for ((space, _), count) in unknown {
            let w = tf(count) * idf(n + 1, 1);
            if let Some(e) = extra.get_mut(space as usize) {
                *e += w * w;
            }
        }
        known.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(known.len());
        for (t, c) in known {
            match merged.last_mut() {
                Some(last) if last.0 == t => last.1 = last.1.saturating_add(c),
                _ => merged.push((t, c)),
            }
        }
        let mut v: Vec<(u32, f32)> = merged
            .into_iter()
            .map(|(t, c)| {
                // The draft itself would add one to df if it were indexed.
                let df = self.df.get(t as usize).copied().unwrap_or(0) + 1;
                (t, tf(c) * idf(n + 1, df))
            })
            .collect();
        normalise(&mut v, extra, p);
        (v, shown)
    }

    /// Top-`top` neighbours of query vector `q`, among indexed issues `keep` accepts.
    fn search(
        &self,
        q: &[(u32, f32)],
        top: usize,
        keep: &dyn Fn(usize) -> bool,
        scratch: &mut Scratch,
    ) -> Vec<Match> {
        if top == 0 || q.is_empty() {
            return Vec::new();
        }
        self.walk(q, scratch);
        let pool = self
            .params
            .rescore
            .max(top.saturating_mul(self.params.rescore_per_result))
            .max(top);
        let mut found = self.pool(pool, keep, scratch);
        self.rescore(q, &mut found, scratch);
        found.sort_unstable_by(by_score);
        found.truncate(top);
        found
    }

    /// Accumulate partial scores over the query's heaviest word terms (each over its
    /// heaviest postings) into `scratch`.
    #[inline(never)]
    fn walk(&self, q: &[(u32, f32)], scratch: &mut Scratch) {
        let mut terms: Vec<(u32, f32)> = q
            .iter()
            .copied()
            .filter(|&(t, w)| w > 0.0 && space_of(t) != Space::Grams)
            .collect();
        let heaviest = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let walk = self.params.query_terms;
        if terms.len() > walk {
            terms.select_nth_unstable_by(walk - 1, heaviest);
            terms.truncate(walk);
        }
        terms.sort_unstable_by(heaviest);
        // Every issue whose sum turns positive is recorded once, without a branch:
        // its id is always written at the end of `touched`, which only grows when the
        // issue is new. Weights are never negative, so at most `n` issues are recorded.
        let n = scratch.acc.len();
        if scratch.touched.len() < n {
            scratch.touched.resize(n, 0);
        }
        let mut count = 0usize;
        for &(t, qw) in &terms {
            let (a, b) = (
                self.post_off.get(t as usize).copied().unwrap_or(0) as usize,
                self.post_off.get(t as usize + 1).copied().unwrap_or(0) as usize,
            );
            for &(d, w) in self.post.get(a..b).unwrap_or_default() {
                if let Some(acc) = scratch.acc.get_mut(d as usize) {
                    let add = qw * w;
                    let new = *acc == 0.0 && add > 0.0;
                    *acc += add;
                    if let Some(slot) = scratch.touched.get_mut(count) {
                        *slot = d;
                    }
                    count += usize::from(new);
                }
            }
        }
        scratch.touched_len = count.min(n);
    }

    /// The `pool` best candidates by partial score (among those `keep` accepts);
    /// clears the accumulators.
    #[inline(never)]
    fn pool(&self, pool: usize, keep: &dyn Fn(usize) -> bool, scratch: &mut Scratch) -> Vec<Match> {
        // Candidates as integer keys: a positive float's bits order like the float, and
        // the inverted position below them makes "larger key" mean "higher partial
        // score, then earlier in the backlog". A min-heap keeps the `pool` largest:
        // most candidates lose one integer comparison against its smallest.
        let heap = &mut scratch.heap;
        heap.clear();
        let touched = scratch
            .touched
            .get(..scratch.touched_len)
            .unwrap_or_default();
        for &d in touched {
            let i = d as usize;
            if let Some(a) = scratch.acc.get_mut(i) {
                if *a > 0.0 {
                    let k = (u64::from(a.to_bits()) << 32) | u64::from(u32::MAX - d);
                    if heap.len() < pool {
                        if keep(i) {
                            heap.push(Reverse(k));
                        }
                    } else if let Some(mut least) = heap.peek_mut() {
                        if k > least.0 && keep(i) {
                            *least = Reverse(k);
                        }
                    }
                }
                *a = 0.0;
            }
        }
        scratch.touched_len = 0;
        heap.drain()
            .map(|Reverse(k)| Match {
                index: (u32::MAX - (k as u32)) as usize,
                score: f32::from_bits((k >> 32) as u32),
            })
            .collect()
    }

    /// Replace the partial scores of `found` by exact ones.
    #[inline(never)]
    fn rescore(&self, q: &[(u32, f32)], found: &mut [Match], scratch: &mut Scratch) {
        // Exact score over all three spaces: spread the query over the vocabulary once,
        // then each candidate is a gather over its own terms.
        if scratch.dense.len() < self.df.len() {
            scratch.dense.resize(self.df.len(), 0.0);
        }
        for &(t, w) in q {
            if let Some(x) = scratch.dense.get_mut(t as usize) {
                *x = w;
            }
        }
        for m in found.iter_mut() {
            let s: f32 = self
                .doc(m.index)
                .0
                .iter()
                .map(|&(t, w)| scratch.dense.get(t as usize).copied().unwrap_or(0.0) * w)
                .sum();
            // Clamp rounding past 1.
            m.score = s.clamp(0.0, 1.0);
        }
        for &(t, _) in q {
            if let Some(x) = scratch.dense.get_mut(t as usize) {
                *x = 0.0;
            }
        }
    }

    /// The `top` most similar other issues to indexed issue `index`.
    pub fn neighbours(&self, index: usize, top: usize) -> Vec<Match> {
        self.neighbours_where(index, top, |_| true)
    }

    /// Like [`Self::neighbours`], among the issues `keep` accepts (e.g. only issues
    /// created before this one).
    pub fn neighbours_where(
        &self,
        index: usize,
        top: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Match> {
        if index >= self.len() {
            return Vec::new();
        }
        let q = self.doc(index).0;
        let mut scratch = Scratch::new(self.len());
        self.search(q, top, &|d| d != index && keep(d), &mut scratch)
    }

    /// Neighbours of every indexed issue with score at least `min_score`, best first.
    pub fn all_neighbours(&self, top: usize, min_score: f32) -> Vec<Vec<Match>> {
        let mut scratch = Scratch::new(self.len());
        (0..self.len())
            .map(|i| {
                let q = self.doc(i).0;
                let mut m = self.search(q, top, &|d| d != i, &mut scratch);
                m.retain(|m| m.score >= min_score);
                m
            })
            .collect()
    }

    /// The indexed issues most similar to `draft`, among those `keep` accepts.
    pub fn search_issue(
        &self,
        draft: &Issue,
        top: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Match> {
        let (q, _) = self.vector(draft);
        let mut scratch = Scratch::new(self.len());
        self.search(&q, top, &keep, &mut scratch)
    }

    /// For each match, up to `max` words that `query` shares with it, most telling
    /// first, written as they appear in `query` (stemmed matches such as
    /// "finishes"/"finished" count as shared).
    pub fn evidence(&self, query: &Issue, matches: &[Match], max: usize) -> Vec<Vec<String>> {
        self.evidence_impl(query, None, matches, max)
    }

    /// [`Self::evidence`]; for the indexed issue at `at`, its stored vector and words
    /// are used and `query` is not read again.
    pub(crate) fn evidence_impl(
        &self,
        query: &Issue,
        at: Option<usize>,
        matches: &[Match],
        max: usize,
    ) -> Vec<Vec<String>> {
        if matches.is_empty() {
            return Vec::new();
        }
        match at.filter(|&i| i < self.len()) {
            Some(i) => {
                let (q, surf) = self.doc(i);
                matches
                    .iter()
                    .map(|m| {
                        self.shared(q, surf, m.index, max)
                            .into_iter()
                            .map(|(stem, s)| {
                                let w = self.vocab.surface(s);
                                if w.is_empty() {
                                    self.vocab.stem(stem).to_string()
                                } else {
                                    w.to_string()
                                }
                            })
                            .collect()
                    })
                    .collect()
            }
            None => {
                let (q, shown) = self.vector(query);
                let none = vec![NONE; q.len()];
                matches
                    .iter()
                    .map(|m| {
                        self.shared(&q, &none, m.index, max)
                            .into_iter()
                            .map(|(stem, _)| match shown.get(&stem) {
                                Some(w) => w.clone(),
                                None => self.vocab.stem(stem).to_string(),
                            })
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// Up to `max` (stem id, query surface id) shared by query `q` (with `surf` beside
    /// it) and issue `b`, largest contribution first (ties by stem, alphabetically).
    fn shared(&self, q: &[(u32, f32)], surf: &[u32], b: usize, max: usize) -> Vec<(u32, u32)> {
        let d = self.doc(b).0;
        // (stem, contribution, surface); a stem's text and title terms are adjacent.
        let mut by_stem: Vec<(u32, f32, u32)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (q.get(i), d.get(j)) {
            match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let stem = stem_of(x.0);
                    if stem != NONE {
                        let s = surf.get(i).copied().unwrap_or(NONE);
                        match by_stem.last_mut() {
                            Some(last) if last.0 == stem => {
                                last.1 += x.1 * y.1;
                                if last.2 == NONE {
                                    last.2 = s;
                                }
                            }
                            _ => by_stem.push((stem, x.1 * y.1, s)),
                        }
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        let name = |s: u32| self.vocab.stem(s);
        by_stem.sort_by(|a, b| b.1.total_cmp(&a.1).then(name(a.0).cmp(name(b.0))));
        by_stem
            .into_iter()
            .take(max)
            .map(|(s, _, w)| (s, w))
            .collect()
    }
}
