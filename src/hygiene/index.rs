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
//! Postings are sorted by weight ("impact order", as in Anh & Moffat's impact-sorted
//! indexes). Candidates come from the word spaces (text and title; trigrams are too
//! common to select with): a query walks its [`MAX_QUERY_TERMS`] heaviest words and, in
//! each posting list, the [`MAX_POSTINGS`] issues where that word weighs most. Title
//! postings matter here: a word's weight in a title does not shrink when the issue has
//! a long description, so long reports stay reachable. The best [`RESCORE`] issues of
//! that partial sum (more when more results are asked for) are then scored exactly over
//! all three spaces. Work per query is bounded by a constant, so a whole backlog costs
//! `N` times that constant. The price: an issue that shares no heavy word with the
//! query, or is far down every list it shares, is never scored. docs/duplicates.md
//! measures what that costs at 100,000 issues.

use crate::model::Issue;

use std::rc::Rc;

use super::text::{char_trigrams, FxHashMap, Tokenizer, Word};

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
}

impl Default for IndexParams {
    fn default() -> Self {
        IndexParams {
            text: 0.5,
            title: 0.3,
            grams: 0.2,
            title_boost: 2,
        }
    }
}

impl IndexParams {
    /// Weights made non-negative and summing to 1 (all text when they are unusable).
    fn normalised(self) -> Self {
        let clean = |w: f32| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let (a, b, c) = (clean(self.text), clean(self.title), clean(self.grams));
        let sum = a + b + c;
        let title_boost = self.title_boost.min(100);
        if sum > 0.0 {
            IndexParams {
                text: a / sum,
                title: b / sum,
                grams: c / sum,
                title_boost,
            }
        } else {
            IndexParams {
                text: 1.0,
                title: 0.0,
                grams: 0.0,
                title_boost,
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
pub const MAX_QUERY_TERMS: usize = 24;
/// Postings walked per query word (the issues where the word weighs most).
pub const MAX_POSTINGS: usize = 128;
/// Issues scored exactly after the partial sum, at least.
pub const RESCORE: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    Text = 0,
    Title = 1,
    Grams = 2,
}

impl Space {
    fn tag(self) -> char {
        match self {
            Space::Text => 'w',
            Space::Title => 't',
            Space::Grams => 'g',
        }
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
    /// Term string (space tag + stem or gram) → term id.
    vocab: FxHashMap<String, u32>,
    /// Per term: the space it belongs to.
    space: Vec<Space>,
    /// Per term: its stem id (`u32::MAX` for trigrams), to group evidence.
    stem_of: Vec<u32>,
    /// Stem id → stem.
    stem_names: Vec<Box<str>>,
    /// Per term: number of issues that contain it.
    df: Vec<u32>,
    /// Per term: (issue, weight), heaviest first, ties by issue order.
    postings: Vec<Vec<(u32, f32)>>,
    /// Per issue: (term, weight) sorted by term id.
    docs: Vec<Vec<(u32, f32)>>,
}

/// The words of an issue: title, then description and acceptance criteria.
fn issue_words(tok: &mut Tokenizer, issue: &Issue) -> (Vec<Word>, Vec<Word>) {
    let title = tok.words(&issue.title);
    let mut body = tok.words(&issue.description.text());
    if let Some(ac) = &issue.acceptance_criteria {
        body.extend(tok.words(&ac.text()));
    }
    (title, body)
}

/// Call `f(space, tagged term, count)` for every term occurrence of an issue. The
/// tagged term is the space's tag character followed by the stem or trigram.
fn for_each_term(
    title: &[Word],
    body: &[Word],
    p: &IndexParams,
    mut f: impl FnMut(Space, &str, u32),
) {
    let mut buf = String::new();
    let mut emit = |space: Space, term: &str, n: u32, buf: &mut String| {
        buf.clear();
        buf.push(space.tag());
        buf.push_str(term);
        f(space, buf, n);
    };
    for w in title {
        if p.title > 0.0 {
            emit(Space::Title, &w.stem, 1, &mut buf);
        }
        if p.title_boost > 0 {
            emit(Space::Text, &w.stem, p.title_boost, &mut buf);
        }
    }
    for w in body {
        emit(Space::Text, &w.stem, 1, &mut buf);
    }
    if p.grams > 0.0 {
        let mut grams = Vec::new();
        char_trigrams(title, &mut grams);
        for g in &grams {
            emit(Space::Grams, g, 1, &mut buf);
        }
    }
}

/// Sort (term, count) pairs by term and add up repeats.
fn merge_counts(mut ids: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ids.sort_unstable_by_key(|&(t, _)| t);
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ids.len());
    for (t, c) in ids {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 = last.1.saturating_add(c),
            _ => out.push((t, c)),
        }
    }
    out
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
fn normalise(
    v: &mut [(u32, f32)],
    space_of: impl Fn(u32) -> Space,
    extra_sq: [f32; 3],
    p: &IndexParams,
) {
    let mut sq = extra_sq;
    for &(t, w) in v.iter() {
        if let Some(s) = sq.get_mut(space_of(t) as usize) {
            *s += w * w;
        }
    }
    for (t, w) in v.iter_mut() {
        let s = space_of(*t);
        let norm = sq.get(s as usize).copied().unwrap_or(0.0).sqrt();
        *w = if norm > 0.0 {
            *w / norm * p.weight(s).sqrt()
        } else {
            0.0
        };
    }
}

/// Per-query scratch space, reused across queries.
struct Scratch {
    /// Partial score per issue.
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// The query vector spread over the vocabulary, for branch-free exact scoring.
    dense: Vec<f32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
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
        let mut ix = DuplicateIndex {
            params,
            keys: issues.iter().map(|i| i.key.clone()).collect(),
            ..Default::default()
        };
        let mut raw: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        let mut stem_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        for issue in issues {
            let (title, body) = issue_words(&mut tok, issue);
            let mut ids = Vec::with_capacity(3 * title.len() + body.len() + 16);
            for_each_term(&title, &body, &params, |space, term, count| {
                let id = match ix.vocab.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = ix.space.len() as u32;
                        let stem = match space {
                            Space::Grams => u32::MAX,
                            _ => {
                                let name = term.get(1..).unwrap_or_default();
                                match stem_ids.get(name) {
                                    Some(&s) => s,
                                    None => {
                                        let s = ix.stem_names.len() as u32;
                                        ix.stem_names.push(name.into());
                                        stem_ids.insert(name.into(), s);
                                        s
                                    }
                                }
                            }
                        };
                        ix.vocab.insert(term.to_string(), id);
                        ix.space.push(space);
                        ix.stem_of.push(stem);
                        ix.df.push(0);
                        id
                    }
                };
                ids.push((id, count));
            });
            let ids = merge_counts(ids);
            for &(t, _) in &ids {
                if let Some(df) = ix.df.get_mut(t as usize) {
                    *df += 1;
                }
            }
            raw.push(ids);
        }
        ix.postings = vec![Vec::new(); ix.space.len()];
        for (d, terms) in raw.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = terms
                .into_iter()
                .map(|(t, c)| {
                    (
                        t,
                        tf(c) * idf(n, ix.df.get(t as usize).copied().unwrap_or(1)),
                    )
                })
                .collect();
            let space = &ix.space;
            normalise(
                &mut v,
                |t| space.get(t as usize).copied().unwrap_or(Space::Text),
                [0.0; 3],
                &ix.params,
            );
            for &(t, w) in &v {
                if let Some(p) = ix.postings.get_mut(t as usize) {
                    p.push((d as u32, w));
                }
            }
            ix.docs.push(v);
        }
        for p in &mut ix.postings {
            p.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        ix
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

    fn space_of(&self, t: u32) -> Space {
        self.space.get(t as usize).copied().unwrap_or(Space::Text)
    }

    /// Vector of an issue that is not (necessarily) in the index, weighted with the
    /// index's statistics. Words the index has never seen count as rare.
    fn vector(&self, title: &[Word], body: &[Word]) -> Vec<(u32, f32)> {
        let n = self.len();
        let mut known = Vec::new();
        let mut unknown: FxHashMap<String, (Space, u32)> = FxHashMap::default();
        for_each_term(title, body, &self.params, |space, term, count| {
            match self.vocab.get(term) {
                Some(&t) => known.push((t, count)),
                None => {
                    let e = unknown.entry(term.to_string()).or_insert((space, 0));
                    e.1 = e.1.saturating_add(count);
                }
            }
        });
        let mut extra = [0.0f32; 3];
        for (space, count) in unknown.into_values() {
            let w = tf(count) * idf(n + 1, 1);
            if let Some(e) = extra.get_mut(space as usize) {
                *e += w * w;
            }
        }
        let mut v: Vec<(u32, f32)> = merge_counts(known)
            .into_iter()
            .map(|(t, c)| {
                // The draft itself would add one to df if it were indexed.
                let df = self.df.get(t as usize).copied().unwrap_or(0) + 1;
                (t, tf(c) * idf(n + 1, df))
            })
            .collect();
        normalise(&mut v, |t| self.space_of(t), extra, &self.params);
        v
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
        let mut terms: Vec<(u32, f32)> = q
            .iter()
            .copied()
            .filter(|&(t, w)| w > 0.0 && self.space_of(t) != Space::Grams)
            .collect();
        let heaviest = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if terms.len() > MAX_QUERY_TERMS {
            terms.select_nth_unstable_by(MAX_QUERY_TERMS - 1, heaviest);
            terms.truncate(MAX_QUERY_TERMS);
        }
        terms.sort_by(heaviest);
        for &(t, qw) in &terms {
            let Some(plist) = self.postings.get(t as usize) else {
                continue;
            };
            for &(d, w) in plist.iter().take(MAX_POSTINGS) {
                if let Some(a) = scratch.acc.get_mut(d as usize) {
                    if *a == 0.0 {
                        scratch.touched.push(d);
                    }
                    *a += qw * w;
                }
            }
        }
        let mut found: Vec<Match> = Vec::with_capacity(scratch.touched.len());
        for &d in &scratch.touched {
            let i = d as usize;
            if let Some(a) = scratch.acc.get_mut(i) {
                if *a > 0.0 && keep(i) {
                    found.push(Match {
                        index: i,
                        score: *a,
                    });
                }
                *a = 0.0;
            }
        }
        scratch.touched.clear();
        let pool = RESCORE.max(top.saturating_mul(8));
        if found.len() > pool {
            found.select_nth_unstable_by(pool - 1, by_score);
            found.truncate(pool);
        }
        // Exact score over all three spaces: spread the query over the vocabulary once,
        // then each candidate is a gather over its own terms.
        if scratch.dense.len() < self.space.len() {
            scratch.dense.resize(self.space.len(), 0.0);
        }
        for &(t, w) in q {
            if let Some(x) = scratch.dense.get_mut(t as usize) {
                *x = w;
            }
        }
        for m in &mut found {
            let d = self.docs.get(m.index).map_or(&[][..], Vec::as_slice);
            let s: f32 = d
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
        found.sort_by(by_score);
        found.truncate(top);
        found
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
        let Some(q) = self.docs.get(index) else {
            return Vec::new();
        };
        let mut scratch = Scratch::new(self.len());
        self.search(q, top, &|d| d != index && keep(d), &mut scratch)
    }

    /// Neighbours of every indexed issue with score at least `min_score`, best first.
    pub fn all_neighbours(&self, top: usize, min_score: f32) -> Vec<Vec<Match>> {
        let mut scratch = Scratch::new(self.len());
        self.docs
            .iter()
            .enumerate()
            .map(|(i, q)| {
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
        let (title, body) = issue_words(&mut Tokenizer::default(), draft);
        let q = self.vector(&title, &body);
        let mut scratch = Scratch::new(self.len());
        self.search(&q, top, &keep, &mut scratch)
    }

    /// For each match, up to `max` words that `query` shares with it, most telling
    /// first, written as they appear in `query` (stemmed matches such as
    /// "finishes"/"finished" count as shared).
    pub fn evidence(&self, query: &Issue, matches: &[Match], max: usize) -> Vec<Vec<String>> {
        self.evidence_impl(query, None, matches, max, &mut Tokenizer::default())
    }

    /// [`Self::evidence`] for the indexed issue at `at` (reuses its vector and a
    /// tokenizer across calls).
    pub(crate) fn evidence_impl(
        &self,
        query: &Issue,
        at: Option<usize>,
        matches: &[Match],
        max: usize,
        tok: &mut Tokenizer,
    ) -> Vec<Vec<String>> {
        if matches.is_empty() {
            return Vec::new();
        }
        let computed;
        let q: &[(u32, f32)] = match at.and_then(|i| self.docs.get(i)) {
            Some(d) => d,
            None => {
                let (title, body) = issue_words(tok, query);
                computed = self.vector(&title, &body);
                &computed
            }
        };
        let picked: Vec<Vec<u32>> = matches
            .iter()
            .map(|m| self.shared_stems(q, m.index, max))
            .collect();
        // Show each stem as the query writes it: the title first, the description only
        // when a stem is not in the title.
        let mut shown: FxHashMap<&str, Option<Rc<str>>> = FxHashMap::default();
        for &s in picked.iter().flatten() {
            if let Some(name) = self.stem_names.get(s as usize) {
                shown.insert(name, None);
            }
        }
        let mut missing = shown.len();
        let mut fill = |words: Vec<Word>, missing: &mut usize| {
            for w in words {
                if let Some(slot @ None) = shown.get_mut(&*w.stem) {
                    *slot = Some(w.surface.clone());
                    *missing -= 1;
                }
            }
        };
        fill(tok.words(&query.title), &mut missing);
        if missing > 0 {
            fill(tok.words(&query.description.text()), &mut missing);
        }
        if missing > 0 {
            if let Some(ac) = &query.acceptance_criteria {
                fill(tok.words(&ac.text()), &mut missing);
            }
        }
        picked
            .iter()
            .map(|stems| {
                stems
                    .iter()
                    .filter_map(|&s| {
                        let name = self.stem_names.get(s as usize)?;
                        Some(match shown.get(&**name) {
                            Some(Some(surface)) => surface.to_string(),
                            _ => name.to_string(),
                        })
                    })
                    .collect()
            })
            .collect()
    }

    /// Up to `max` stem ids shared by `q` and issue `b`, largest contribution first.
    fn shared_stems(&self, q: &[(u32, f32)], b: usize, max: usize) -> Vec<u32> {
        let Some(d) = self.docs.get(b) else {
            return Vec::new();
        };
        let mut by_stem: Vec<(u32, f32)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (q.get(i), d.get(j)) {
            match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let stem = self.stem_of.get(x.0 as usize).copied().unwrap_or(u32::MAX);
                    if stem != u32::MAX {
                        by_stem.push((stem, x.1 * y.1));
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        // A stem appears in the text and the title space: add its parts up.
        by_stem.sort_unstable_by_key(|&(s, _)| s);
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(by_stem.len());
        for (s, c) in by_stem {
            match merged.last_mut() {
                Some(last) if last.0 == s => last.1 += c,
                _ => merged.push((s, c)),
            }
        }
        let name = |s: u32| self.stem_names.get(s as usize).map_or("", |n| &**n);
        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(name(a.0).cmp(name(b.0))));
        merged.into_iter().take(max).map(|(s, _)| s).collect()
    }
}
