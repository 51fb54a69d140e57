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

use std::hash::Hasher;

use super::text::{gram_keys, FxHashMap, FxHasher, Tokenizer, Vocab, Word, NONE};

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
    /// Recency prior, in `[0, 1]` (0 turns it off): a candidate's score is
    /// `s + recency · e^(−Δdays / recency_days) · (1 − s)`, where `s` is the text
    /// similarity and Δdays the days between the two issues' creation. Used only when
    /// both issues have a creation date; it re-orders candidates but never decides the
    /// threshold (that uses `s`). See docs/duplicates.md ("Recency").
    pub recency: f32,
    /// The prior's decay, in days (a candidate `recency_days` apart gets 37% of the
    /// full boost).
    pub recency_days: f32,
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
            recency: RECENCY,
            recency_days: RECENCY_DAYS,
        }
    }
}

impl IndexParams {
    /// Weights made non-negative and summing to 1 (all text when they are unusable).
    fn normalised(self) -> Self {
        let clean = |w: f32| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let (a, b, c) = (clean(self.text), clean(self.title), clean(self.grams));
        let sum = a + b + c;
        let usable = |x: f32| x.is_finite() && x > 0.0;
        let (recency, recency_days) = if usable(self.recency) && usable(self.recency_days) {
            (self.recency.min(1.0), self.recency_days)
        } else {
            (0.0, RECENCY_DAYS)
        };
        let base = IndexParams {
            recency,
            recency_days,
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
/// Default weight of the recency prior ([`IndexParams::recency`]).
pub const RECENCY: f32 = 0.2;
/// Default decay of the recency prior, in days ([`IndexParams::recency_days`]).
pub const RECENCY_DAYS: f32 = 180.0;
/// A creation day that is not known.
const NO_DAY: i32 = i32::MIN;

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

/// One ranked neighbour: position in the indexed backlog, its score in `[0, 1]` (what
/// neighbours are ordered by), the text similarity behind it, and the days between the
/// two issues' creation when both are known (then the score includes the recency prior).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Match {
    pub index: usize,
    pub score: f32,
    pub similarity: f32,
    pub days_apart: Option<u32>,
}

/// Elements per block of a [`Chunked`] array.
const BLOCK: usize = 1 << 16;

/// A growable array in fixed blocks of `B` elements: growing it never moves
/// what it holds, so building an index a page of issues at a time needs no second
/// copy of its largest arrays (in WebAssembly, memory once grown is never returned).
#[derive(Debug, Clone)]
struct Chunked<T, const B: usize = BLOCK> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T, const B: usize> Default for Chunked<T, B> {
    fn default() -> Self {
        Chunked {
            blocks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Copy, const B: usize> Chunked<T, B> {
    fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn push(&mut self, x: T) {
        match self.blocks.last_mut() {
            Some(b) if b.len() < B => {
                b.push(x);
                self.len += 1;
            }
            _ => self.push_in_new_block(x),
        }
    }

    #[cold]
    fn push_in_new_block(&mut self, x: T) {
        let mut b = Vec::with_capacity(B);
        b.push(x);
        self.blocks.push(b);
        self.len += 1;
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&T> {
        self.blocks.get(i / B)?.get(i % B)
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.blocks.get_mut(i / B)?.get_mut(i % B)
    }

    fn truncate(&mut self, n: usize) {
        if n >= self.len {
            return;
        }
        self.blocks.truncate(n.div_ceil(B));
        if let Some(b) = self.blocks.last_mut() {
            let keep = n - (n.div_ceil(B) - 1) * B;
            b.truncate(keep);
        }
        self.len = n;
    }

    /// Elements `a..b` when they lie in one block (most issues' terms do).
    #[inline]
    fn slice(&self, a: usize, b: usize) -> Option<&[T]> {
        if b == 0 || a / B != (b - 1) / B {
            return None;
        }
        self.blocks.get(a / B)?.get(a % B..(b - 1) % B + 1)
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.blocks.iter_mut().flat_map(|b| b.iter_mut())
    }

    fn heap_bytes(&self) -> usize {
        self.blocks.capacity() * std::mem::size_of::<Vec<T>>()
            + self
                .blocks
                .iter()
                .map(|b| b.capacity() * std::mem::size_of::<T>())
                .sum::<usize>()
    }
}

/// Short strings (keys, titles, stems) end to end in blocks of about 64 KB: one
/// allocation for many strings, none moved when more are added.
#[derive(Debug, Clone, Default)]
struct Packed {
    blocks: Vec<String>,
    /// Per string: its block, start and end.
    spans: Chunked<(u32, u32, u32), 4096>,
}

/// Bytes per block of a [`Packed`] (a longer string gets a block of its own).
const TEXT_BLOCK: usize = 1 << 16;

impl Packed {
    /// Number of strings.
    fn len(&self) -> usize {
        self.spans.len()
    }

    /// The string at `i` ("" when out of range).
    fn get(&self, i: usize) -> &str {
        match self.spans.get(i) {
            Some(&(b, start, end)) => self
                .blocks
                .get(b as usize)
                .and_then(|t| t.get(start as usize..end as usize))
                .unwrap_or_default(),
            None => "",
        }
    }

    fn push(&mut self, s: &str) {
        let fits = self
            .blocks
            .last()
            .is_some_and(|t| t.len() + s.len() <= t.capacity());
        if !fits {
            self.blocks
                .push(String::with_capacity(TEXT_BLOCK.max(s.len())));
        }
        let b = self.blocks.len().saturating_sub(1);
        if let Some(t) = self.blocks.last_mut() {
            let start = t.len();
            t.push_str(s);
            self.spans.push((b as u32, start as u32, t.len() as u32));
        }
    }

    /// Keep the strings whose `keep` entry is true (missing entries keep).
    fn retain_mask(&mut self, keep: &[bool]) {
        let mut out = Packed::default();
        for i in 0..self.len() {
            if keep.get(i).copied().unwrap_or(true) {
                out.push(self.get(i));
            }
        }
        *self = out;
    }

    /// Bytes held on the heap.
    fn heap_bytes(&self) -> usize {
        self.blocks.iter().map(String::capacity).sum::<usize>() + self.spans.heap_bytes()
    }
}

/// Empty `v` and make room for `n` elements (and an eighth more, so a few more issues
/// do not move it again); a vector too small is freed before the new one is taken, so
/// both never exist at once.
fn refill<T>(v: &mut Vec<T>, n: usize) {
    v.clear();
    if v.capacity() < n {
        *v = Vec::new();
        v.reserve_exact(n + n / 8);
    }
}

fn str_hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// The index's own dictionary of stems (id ↔ text) and title trigrams (id ↔ packed key).
/// Ids are given in order of first use by an indexed issue (see [`DuplicateIndex`]).
/// Stems are stored once, end to end, and found by a 64-bit hash of their text (a
/// collision, which the text check detects, falls back to a map of whole strings).
#[derive(Debug, Clone, Default)]
struct Dict {
    stems: Packed,
    by_hash: FxHashMap<u64, u32>,
    collided: FxHashMap<Box<str>, u32>,
    grams: Vec<u64>,
    gram_ids: FxHashMap<u64, u32>,
}

impl Dict {
    fn stem_id(&self, stem: &str) -> Option<u32> {
        match self.by_hash.get(&str_hash(stem)) {
            Some(&id) if self.stems.get(id as usize) == stem => Some(id),
            Some(_) => self.collided.get(stem).copied(),
            None => None,
        }
    }

    fn stem_or_insert(&mut self, stem: &str) -> u32 {
        if let Some(id) = self.stem_id(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem);
        let h = str_hash(stem);
        match self.by_hash.entry(h) {
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(stem.into(), id);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(id);
            }
        }
        id
    }

    fn gram_id(&self, key: u64) -> Option<u32> {
        self.gram_ids.get(&key).copied()
    }

    fn gram_or_insert(&mut self, key: u64) -> u32 {
        let next = self.grams.len() as u32;
        let id = *self.gram_ids.entry(key).or_insert(next);
        if id == next {
            self.grams.push(key);
        }
        id
    }

    fn stem(&self, id: u32) -> &str {
        self.stems.get(id as usize)
    }

    fn heap_bytes(&self) -> usize {
        let map = |cap: usize, entry: usize| cap * (entry + 1);
        self.stems.heap_bytes()
            + map(self.by_hash.capacity(), 16)
            + map(self.collided.capacity(), 20)
            + self.collided.keys().map(|k| k.len()).sum::<usize>()
            + self.grams.capacity() * 8
            + map(self.gram_ids.capacity(), 16)
    }
}

/// A reusable index over a backlog. Build it once with [`DuplicateIndex::build`] and
/// query it for every issue or for drafts ([`super::similar`]), or grow and shrink it
/// with [`DuplicateIndex::append`] / [`DuplicateIndex::remove_where`] followed by
/// [`DuplicateIndex::finalize`].
///
/// ## What is stored, and what is derived
/// Per issue only its terms and their counts are kept, in the order the issue first
/// uses them (a `u32` term id and a `u8` count per term; larger counts live in a side
/// table). Term weights depend on the whole backlog (the inverse document frequency
/// changes with every issue), so they are not stored: [`DuplicateIndex::finalize`]
/// recomputes the per-term IDF, the per-issue normalisation of each space and the
/// posting lists from the counts, and a weight is `tf · idf · scale`, computed the same
/// way every time. Term ids are given in order of first use over the issues in index
/// order, and removing issues renumbers them the same way, so an index grown and shrunk
/// step by step equals one built at once from the same issues in the same order, to the
/// bit.
#[derive(Debug, Clone, Default)]
pub struct DuplicateIndex {
    params: IndexParams,
    keys: Packed,
    /// Whether titles and URLs are kept (see [`Self::with_links`]).
    links: bool,
    titles: Packed,
    urls: Packed,
    /// Stems and trigrams of the backlog.
    dict: Dict,
    /// Per issue: where its terms start in `terms` (one more entry than issues).
    doc_off: Vec<usize>,
    /// Per issue: its terms, in order of first use in the issue.
    terms: Chunked<u32>,
    /// Parallel to `terms`: how often the issue uses the term; [`BIG`] means "look in
    /// `big`" (keyed by position in `terms`).
    counts: Chunked<u8>,
    big: FxHashMap<usize, u32>,
    /// Per issue: its creation day (days since 1970-01-01), [`NO_DAY`] if unknown.
    days: Vec<i32>,
    /// Whether issues were added or removed since [`DuplicateIndex::finalize`].
    stale: bool,
    /// Whether `finalize` also stores every term's final weight (4 bytes a term): a
    /// backlog-wide pass ([`DuplicateIndex::build`]) scores every issue against its
    /// candidates and is faster with them; an index kept in memory for drafts does
    /// without.
    keep_weights: bool,
    /// Per stored term: `tf · idf · scale` (when `keep_weights`).
    weights: Vec<f32>,
    /// A backlog-wide pass's words as written ([`DuplicateIndex::build`] only; dropped
    /// by [`DuplicateIndex::append`] and [`DuplicateIndex::remove_where`]).
    surfaces: Option<Box<Surfaces>>,
    // Derived by `finalize`:
    /// Per term: number of issues that contain it.
    df: Vec<u32>,
    /// Per term: its inverse document frequency.
    idf: Vec<f32>,
    /// Per issue: the factor of each space that normalises it (and applies the space's
    /// weight).
    scale: Vec<[f32; 3]>,
    /// Per term: where its postings start in `post` (one more entry than terms).
    /// Only word terms have postings, and only their [`MAX_POSTINGS`] heaviest: a query
    /// never walks further.
    post_off: Vec<u32>,
    /// (issue, weight): a term's heaviest postings (ties by issue order), in no
    /// particular order.
    post: Vec<(u32, f32)>,
}

/// An issue's creation day for the recency prior, [`NO_DAY`] if it has none.
fn creation_day(issue: &Issue) -> i32 {
    issue
        .created
        .as_deref()
        .and_then(super::checks::parse_day)
        .and_then(|d| i32::try_from(d).ok())
        .filter(|&d| d != NO_DAY)
        .unwrap_or(NO_DAY)
}

/// Per stored term, the surface id of its first occurrence in its issue, and the
/// tokenizer vocabulary those ids belong to: evidence for indexed issues then needs no
/// second tokenization.
#[derive(Debug, Clone)]
struct Surfaces {
    ids: Vec<u32>,
    vocab: Vocab,
}

/// A count of [`DuplicateIndex::counts`] stored in the side table.
const BIG: u8 = u8::MAX;

/// Merges an issue's term occurrences into (term, count, surface of the first
/// occurrence) in order of first occurrence, without sorting. Word terms are found
/// through the tokenizer's stem id, which also holds the index's stem id (so a word
/// costs one table read here), trigram terms through the index's trigram id; each
/// entry holds the round (issue) it was last seen in and its terms' slots in the
/// output.
#[derive(Default)]
struct Merger {
    round: u32,
    /// Per tokenizer stem id.
    stems: Vec<StemSlot>,
    /// Per index trigram id: (round, slot).
    grams: Vec<(u32, u32)>,
}

/// [`Merger`]'s entry for a tokenizer stem: the index's stem id ([`NONE`] until first
/// used), and, in round `round`, the output slots of its title and text terms
/// ([`NONE`] while the issue has not used them).
#[derive(Clone, Copy)]
struct StemSlot {
    id: u32,
    round: u32,
    text: u32,
    title: u32,
}

const NEW_STEM: StemSlot = StemSlot {
    id: NONE,
    round: 0,
    text: NONE,
    title: NONE,
};

impl Merger {
    fn start(&mut self, out: &mut Vec<(u32, u32, u32)>) {
        out.clear();
        if self.round == u32::MAX {
            self.stems.iter_mut().for_each(|s| s.round = 0);
            self.grams.iter_mut().for_each(|s| s.0 = 0);
            self.round = 0;
        }
        self.round += 1;
    }

    /// Add `count` uses of the word with tokenizer stem id `local` in `space` (text or
    /// title) to `out`; a stem new to the index is added to `dict`.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn add_word(
        &mut self,
        tok: &Tokenizer,
        dict: &mut Dict,
        out: &mut Vec<(u32, u32, u32)>,
        local: u32,
        space: Space,
        count: u32,
        surface: u32,
    ) {
        let i = local as usize;
        if i >= self.stems.len() {
            self.grow_stems(tok, i);
        }
        let round = self.round;
        let Some(slot) = self.stems.get_mut(i) else {
            return;
        };
        if slot.id == NONE {
            slot.id = new_stem(tok, dict, local);
        }
        if slot.round != round {
            slot.round = round;
            slot.text = NONE;
            slot.title = NONE;
        }
        let at = if space == Space::Title {
            &mut slot.title
        } else {
            &mut slot.text
        };
        if *at == NONE {
            *at = out.len() as u32;
            out.push((term(slot.id, space), count, surface));
        } else if let Some(e) = out.get_mut(*at as usize) {
            e.1 = e.1.saturating_add(count);
        }
    }

    #[cold]
    fn grow_stems(&mut self, tok: &Tokenizer, i: usize) {
        self.stems
            .resize(tok.vocab.stem_count().max(i + 1), NEW_STEM);
    }

    /// Add one use of the trigram with index id `g` to `out`.
    #[inline]
    fn add_gram(&mut self, out: &mut Vec<(u32, u32, u32)>, g: u32) {
        let i = g as usize;
        if i >= self.grams.len() {
            self.grow_grams(i);
        }
        if let Some(slot) = self.grams.get_mut(i) {
            if slot.0 == self.round {
                if let Some(e) = out.get_mut(slot.1 as usize) {
                    e.1 = e.1.saturating_add(1);
                }
            } else {
                *slot = (self.round, out.len() as u32);
                out.push((term(g, Space::Grams), 1, NONE));
            }
        }
    }

    #[cold]
    fn grow_grams(&mut self, i: usize) {
        self.grams.resize((i + 1).max(self.grams.len() * 2), (0, 0));
    }
}

/// The index's id of the tokenizer's stem `local`, added to `dict` if new.
#[cold]
fn new_stem(tok: &Tokenizer, dict: &mut Dict, local: u32) -> u32 {
    let text = tok.vocab.stem(local);
    debug_assert_eq!(tok.vocab.stem_id(text), Some(local));
    dict.stem_or_insert(text)
}

/// Maps one tokenizer's trigram ids (a tokenizer per [`DuplicateIndex::append`] call)
/// to the index's, on first use.
#[derive(Default)]
struct Remap {
    /// Per tokenizer trigram id: the index's, or [`NONE`].
    grams: Vec<u32>,
    /// The index's trigram ids of the current word.
    word_grams: Vec<u32>,
    local: Vec<u32>,
    keys: Vec<u64>,
}

impl Remap {
    /// The index's trigram ids of the word with tokenizer surface id `surface`, in
    /// `self.word_grams`.
    fn grams(&mut self, tok: &mut Tokenizer, dict: &mut Dict, surface: u32) {
        self.word_grams.clear();
        self.keys.clear();
        self.local.clear();
        self.local.extend_from_slice(tok.vocab.grams(surface));
        if self
            .local
            .iter()
            .any(|&g| self.grams.get(g as usize).map_or(true, |&x| x == NONE))
        {
            // The tokenizer's trigram ids of a word are those of its `gram_keys`, in order.
            gram_keys(tok.vocab.surface(surface), &mut self.keys);
        }
        for (pos, &g) in self.local.iter().enumerate() {
            let i = g as usize;
            if i >= self.grams.len() {
                self.grams.resize(tok.vocab.gram_count().max(i + 1), NONE);
            }
            let id = match self.grams.get(i).copied() {
                Some(id) if id != NONE => id,
                _ => {
                    let key = self.keys.get(pos).copied().unwrap_or(0);
                    debug_assert_eq!(tok.vocab.gram_id(key), Some(g));
                    let id = dict.gram_or_insert(key);
                    if let Some(slot) = self.grams.get_mut(i) {
                        *slot = id;
                    }
                    id
                }
            };
            self.word_grams.push(id);
        }
    }
}

/// The terms of an issue: (term, count, tokenizer surface id of the term's first
/// occurrence, [`NONE`] for trigrams) in order of first use, new stems and trigrams
/// added to `dict` in that order. Title words come first (title term, then text term,
/// per word), then the title's trigrams, then the description's words.
#[allow(clippy::too_many_arguments)]
fn issue_terms(
    tok: &mut Tokenizer,
    remap: &mut Remap,
    dict: &mut Dict,
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
            m.add_word(tok, dict, out, w.stem, Space::Title, 1, w.surface);
        }
        if p.title_boost > 0 {
            m.add_word(
                tok,
                dict,
                out,
                w.stem,
                Space::Text,
                p.title_boost,
                w.surface,
            );
        }
    }
    if p.grams > 0.0 {
        for w in words.iter() {
            remap.grams(tok, dict, w.surface);
            for &g in &remap.word_grams {
                m.add_gram(out, g);
            }
        }
    }
    tok.doc_words(&issue.description, words);
    if let Some(ac) = &issue.acceptance_criteria {
        tok.doc_words(ac, words);
    }
    for w in words.iter().skip(title_len) {
        m.add_word(tok, dict, out, w.stem, Space::Text, 1, w.surface);
    }
}

fn idf(n: usize, df: u32) -> f32 {
    (1.0 + n as f32 / df.max(1) as f32).ln()
}

fn tf(count: u32) -> f32 {
    1.0 + (count.max(1) as f32).ln()
}

/// The factors that make each space of a vector unit length (from its squared lengths
/// `sq`) and scale it by the square root of its weight.
fn space_scale(sq: [f32; 3], p: &IndexParams) -> [f32; 3] {
    let scale = sq.map(|s| if s > 0.0 { 1.0 / s.sqrt() } else { 0.0 });
    [
        scale[0] * p.weight(Space::Text).sqrt(),
        scale[1] * p.weight(Space::Title).sqrt(),
        scale[2] * p.weight(Space::Grams).sqrt(),
    ]
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
    let scale = space_scale(sq, p);
    for (t, w) in v.iter_mut() {
        *w *= scale.get(space_of(*t) as usize).copied().unwrap_or(0.0);
    }
}

/// `a` ranks before `b` in a posting list: heavier, then earlier in the backlog.
fn heavier(a: (u32, f32), b: (u32, f32)) -> bool {
    match a.1.total_cmp(&b.1) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => a.0 < b.0,
    }
}

/// Offer `e` to a min-heap (by [`heavier`]: the root is the lightest) that keeps the
/// `cap` heaviest postings; `len` is its current size.
fn heap_offer(h: &mut [(u32, f32)], len: &mut usize, cap: usize, e: (u32, f32)) {
    if *len < cap {
        let mut i = *len;
        *len += 1;
        if let Some(slot) = h.get_mut(i) {
            *slot = e;
        }
        while i > 0 {
            let parent = (i - 1) / 2;
            match (h.get(parent).copied(), h.get(i).copied()) {
                (Some(pa), Some(x)) if heavier(pa, x) => h.swap(parent, i),
                _ => break,
            }
            i = parent;
        }
        return;
    }
    match h.first().copied() {
        Some(root) if heavier(e, root) => {}
        _ => return,
    }
    if let Some(slot) = h.get_mut(0) {
        *slot = e;
    }
    let n = (*len).min(h.len());
    let mut i = 0;
    loop {
        let (l, r) = (2 * i + 1, 2 * i + 2);
        let mut least = i;
        for c in [l, r] {
            if c < n {
                if let (Some(&x), Some(&y)) = (h.get(c), h.get(least)) {
                    if heavier(y, x) {
                        least = c;
                    }
                }
            }
        }
        if least == i {
            break;
        }
        h.swap(i, least);
        i = least;
    }
}

/// `tf` of counts 0 to 255, computed by [`tf`] itself (so identical to it), once.
fn tf_table() -> &'static [f32; 256] {
    static TABLE: std::sync::OnceLock<[f32; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0.0f32; 256];
        for (c, x) in t.iter_mut().enumerate() {
            *x = tf(c as u32);
        }
        t
    })
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
    /// The query's heaviest word terms, as keys (see `walk`).
    terms: Vec<u64>,
    /// The query vector spread over the vocabulary, for branch-free exact scoring.
    dense: Spread,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
            touched_len: 0,
            heap: BinaryHeap::new(),
            terms: Vec::new(),
            dense: Spread::default(),
        }
    }
}

/// Scratch space for evidence, reused across the issues of a backlog-wide pass.
#[derive(Default)]
pub(crate) struct EvidenceScratch {
    /// For indexes without kept surfaces: re-reads the query's words.
    tok: Tokenizer,
    /// The query spread over the vocabulary, with positions.
    dense: Spread,
    shared: Vec<(u32, f32)>,
    by_stem: Vec<(u32, f32, u32)>,
}

/// A query spread over the vocabulary: per term its weight (0 when absent) and, for
/// evidence only, its position in the query ([`NONE`] when absent; empty otherwise, so
/// a draft's query costs no more memory than the weights).
#[derive(Default)]
struct Spread {
    w: Vec<f32>,
    pos: Vec<u32>,
}

/// The `walk` heaviest word terms of query `q` with a positive weight, heaviest first
/// (ties by smaller term id), into `out` as keys: a positive float's bits order like
/// the float, and the inverted term id below them makes "larger key" mean "heavier,
/// then smaller term id". With `insert`, one pass that inserts each kept key in order
/// (for a few to keep: most terms lose one comparison against the lightest kept);
/// otherwise a sort of them all (the shared stable sort, one copy in the `.wasm`; equal
/// keys are the same value, so any sort gives this order). Both give the same keys.
fn heaviest_terms(q: &[(u32, f32)], walk: usize, out: &mut Vec<u64>, insert: bool) {
    let key = |t: u32, w: f32| (u64::from(w.to_bits()) << 32) | u64::from(u32::MAX - t);
    let usable = |&(t, w): &(u32, f32)| w > 0.0 && space_of(t) != Space::Grams;
    out.clear();
    if insert {
        for &(t, w) in q.iter().filter(|e| usable(e)) {
            let k = key(t, w);
            if out.len() >= walk {
                match out.last() {
                    Some(&lightest) if k > lightest => {
                        out.pop();
                    }
                    _ => continue,
                }
            }
            let at = out.partition_point(|&x| x > k);
            out.insert(at, k);
        }
    } else {
        // The `walk` first of all keys sorted are those a selection keeps, in order.
        out.extend(q.iter().filter(|e| usable(e)).map(|&(t, w)| key(t, w)));
        crate::rules::sort::sort_by(out, |a, b| b.cmp(a));
        out.truncate(walk);
    }
}

/// Add `dense[t] · w` over each pair of `ts[c]` and `ws[c]` to `sums[c]`, in order
/// (each sum's additions in the order a plain loop makes them), the four chains
/// interleaved while all four have terms left.
fn gather4(ts: [&[u32]; 4], ws: [&[f32]; 4], dense: &[f32], sums: &mut [f32; 4]) {
    let term = |t: u32, w: f32| dense.get(t as usize).copied().unwrap_or(0.0) * w;
    let len = |c: usize| match (ts.get(c), ws.get(c)) {
        (Some(t), Some(w)) => t.len().min(w.len()),
        _ => 0,
    };
    let both = len(0).min(len(1)).min(len(2)).min(len(3));
    let head = |c: usize| {
        let t = ts.get(c).and_then(|t| t.get(..both)).unwrap_or_default();
        let w = ws.get(c).and_then(|w| w.get(..both)).unwrap_or_default();
        t.iter().zip(w)
    };
    let [mut s0, mut s1, mut s2, mut s3] = *sums;
    for (((a, b), c), d) in head(0).zip(head(1)).zip(head(2)).zip(head(3)) {
        s0 += term(*a.0, *a.1);
        s1 += term(*b.0, *b.1);
        s2 += term(*c.0, *c.1);
        s3 += term(*d.0, *d.1);
    }
    *sums = [s0, s1, s2, s3];
    // The rest of each chain, two at a time while two have terms left.
    let tail = |c: usize| {
        let t = ts
            .get(c)
            .and_then(|t| t.get(both..len(c)))
            .unwrap_or_default();
        let w = ws
            .get(c)
            .and_then(|w| w.get(both..len(c)))
            .unwrap_or_default();
        (t, w)
    };
    let mut rest: [(usize, &[u32], &[f32]); 4] = [(0, &[], &[]); 4];
    let mut n = 0;
    for c in 0..4 {
        let (t, w) = tail(c);
        if !t.is_empty() {
            if let Some(r) = rest.get_mut(n) {
                *r = (c, t, w);
                n += 1;
            }
        }
    }
    let mut k = 0;
    while k < n {
        match (rest.get(k).copied(), rest.get(k + 1).copied()) {
            (Some((c, t, w)), Some((e, u, x))) if k + 1 < n => {
                let (mut p, mut q) = (
                    sums.get(c).copied().unwrap_or(0.0),
                    sums.get(e).copied().unwrap_or(0.0),
                );
                let m = t.len().min(u.len());
                for ((a, b), (y, z)) in t.iter().zip(w).zip(u.iter().zip(x)).take(m) {
                    p += term(*a, *b);
                    q += term(*y, *z);
                }
                for (a, b) in t.iter().zip(w).skip(m) {
                    p += term(*a, *b);
                }
                for (y, z) in u.iter().zip(x).skip(m) {
                    q += term(*y, *z);
                }
                if let Some(s) = sums.get_mut(c) {
                    *s = p;
                }
                if let Some(s) = sums.get_mut(e) {
                    *s = q;
                }
                k += 2;
            }
            (Some((c, t, w)), _) => {
                if let Some(s) = sums.get_mut(c) {
                    for (a, b) in t.iter().zip(w) {
                        *s += term(*a, *b);
                    }
                }
                k += 1;
            }
            _ => break,
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
        let mut index = Self::empty(params);
        index.keep_weights = true;
        let mut ids = Vec::new();
        if !issues.is_empty() {
            let tok = index.append_terms(issues, Some(&mut ids));
            if ids.len() == index.terms.len() {
                index.surfaces = Some(Box::new(Surfaces {
                    ids,
                    vocab: tok.vocab,
                }));
            }
        }
        index.finalize();
        index
    }

    /// An index of no issues, to grow with [`Self::append`].
    pub fn empty(params: IndexParams) -> Self {
        DuplicateIndex {
            params: params.normalised(),
            doc_off: vec![0],
            ..Default::default()
        }
    }

    /// Keep each issue's title and URL too (for a panel that links to duplicates; see
    /// [`Self::title`], [`Self::url`]).
    pub fn with_links(mut self) -> Self {
        self.links = true;
        self
    }

    /// The title of the issue at `index`, when the index keeps links ("" otherwise).
    pub fn title(&self, index: usize) -> &str {
        self.titles.get(index)
    }

    /// The URL of the issue at `index`, when the index keeps links and it has one.
    pub fn url(&self, index: usize) -> Option<&str> {
        Some(self.urls.get(index)).filter(|u| !u.is_empty())
    }

    /// Add issues after those already indexed. Queries see them after
    /// [`Self::finalize`] (until then they answer from the previous state).
    pub fn append(&mut self, issues: &[Issue]) {
        if issues.is_empty() {
            return;
        }
        self.surfaces = None;
        self.append_terms(issues, None);
    }

    /// [`Self::append`]; with `surf`, each stored term's first surface id in the
    /// returned tokenizer is pushed to it.
    fn append_terms(&mut self, issues: &[Issue], mut surf: Option<&mut Vec<u32>>) -> Tokenizer {
        if self.doc_off.is_empty() {
            self.doc_off.push(0);
        }
        let params = self.params;
        let mut tok = Tokenizer::default();
        let mut remap = Remap::default();
        let (mut words, mut merger, mut merged) = (Vec::new(), Merger::default(), Vec::new());
        for issue in issues {
            issue_terms(
                &mut tok,
                &mut remap,
                &mut self.dict,
                issue,
                &params,
                &mut words,
                &mut merger,
                &mut merged,
            );
            if let Some(ids) = surf.as_deref_mut() {
                ids.extend(merged.iter().map(|e| e.2));
            }
            for &(t, c, _) in &merged {
                if let Ok(small) = u8::try_from(c) {
                    if small != BIG {
                        self.terms.push(t);
                        self.counts.push(small);
                        continue;
                    }
                }
                self.big.insert(self.terms.len(), c);
                self.terms.push(t);
                self.counts.push(BIG);
            }
            self.doc_off.push(self.terms.len());
            self.days.push(creation_day(issue));
            self.keys.push(&issue.key);
            if self.links {
                self.titles.push(&issue.title);
                self.urls.push(issue.url.as_deref().unwrap_or_default());
            }
        }
        self.stale = true;
        tok
    }

    /// Remove the issues `drop` selects (by position and key); the others keep their
    /// order. Returns, per position before the call, whether the issue was kept. Term
    /// ids are renumbered by first use over the issues left, as a fresh build would
    /// number them. Queries see the change after [`Self::finalize`].
    pub fn remove_where(&mut self, mut drop: impl FnMut(usize, &str) -> bool) -> Vec<bool> {
        let n = self.len();
        let kept: Vec<bool> = (0..n).map(|d| !drop(d, self.keys.get(d))).collect();
        if kept.iter().all(|&k| k) {
            return kept;
        }
        self.surfaces = None;
        // Compact the issues' terms in place.
        let mut big = FxHashMap::default();
        let mut write = 0usize;
        let mut doc_off = Vec::with_capacity(n + 1);
        doc_off.push(0usize);
        for (d, &keep) in kept.iter().enumerate() {
            let (a, b) = self.range(d);
            if !keep {
                continue;
            }
            for read in a..b {
                if let (Some(&t), Some(&c)) = (self.terms.get(read), self.counts.get(read)) {
                    if c == BIG {
                        if let Some(&v) = self.big.get(&read) {
                            big.insert(write, v);
                        }
                    }
                    if let Some(slot) = self.terms.get_mut(write) {
                        *slot = t;
                    }
                    if let Some(slot) = self.counts.get_mut(write) {
                        *slot = c;
                    }
                    write += 1;
                }
            }
            doc_off.push(write);
        }
        self.terms.truncate(write);
        self.counts.truncate(write);
        self.big = big;
        self.doc_off = doc_off;
        self.keys.retain_mask(&kept);
        let mut at = 0;
        self.days.retain(|_| {
            at += 1;
            kept.get(at - 1).copied().unwrap_or(false)
        });
        self.titles.retain_mask(&kept);
        self.urls.retain_mask(&kept);
        // Renumber stems and trigrams by first use.
        let mut stem_new = vec![NONE; self.dict.stems.len()];
        let mut gram_new = vec![NONE; self.dict.grams.len()];
        let mut dict = Dict::default();
        for t in self.terms.iter_mut() {
            let (key, space) = (*t / 3, space_of(*t));
            let (map, old) = if space == Space::Grams {
                (&mut gram_new, key)
            } else {
                (&mut stem_new, key)
            };
            let Some(slot) = map.get_mut(old as usize) else {
                continue;
            };
            if *slot == NONE {
                *slot = if space == Space::Grams {
                    dict.gram_or_insert(self.dict.grams.get(old as usize).copied().unwrap_or(0))
                } else {
                    dict.stem_or_insert(self.dict.stem(old))
                };
            }
            *t = term(*slot, space);
        }
        self.dict = dict;
        self.stale = true;
        kept
    }

    /// Recompute what depends on the whole backlog (document frequencies, IDF, the
    /// normalisation of every issue, the posting lists) after [`Self::append`] or
    /// [`Self::remove_where`]. Cost is linear in the number of stored terms; nothing is
    /// tokenized again.
    pub fn finalize(&mut self) {
        if !self.stale && self.scale.len() == self.len() {
            return;
        }
        let n = self.len();
        let p = self.params;
        let n_terms = 3 * self.dict.stems.len().max(self.dict.grams.len());
        refill(&mut self.df, n_terms);
        self.df.resize(n_terms, 0);
        for block in &self.terms.blocks {
            for &t in block {
                if let Some(d) = self.df.get_mut(t as usize) {
                    *d += 1;
                }
            }
        }
        refill(&mut self.idf, n_terms);
        self.idf.extend(self.df.iter().map(|&d| idf(n, d)));
        let tfs = tf_table();
        refill(&mut self.scale, n);
        // A backlog-wide pass keeps every term's final weight: `tf · idf` first, then
        // times its issue's scale (the same two factors, so the same bits, as computing
        // it in one go).
        let keep = self.keep_weights;
        self.weights = Vec::new();
        if keep {
            self.weights.reserve_exact(self.terms.len());
        }
        for d in 0..n {
            let (a, b) = self.range(d);
            let mut sq = [0.0f32; 3];
            match (self.terms.slice(a, b), self.counts.slice(a, b)) {
                // Terms and counts in one block each (most issues): read in place, the
                // same products as `raw_weight`.
                (Some(ts), Some(cs)) => {
                    for (k, (&t, &c)) in ts.iter().zip(cs).enumerate() {
                        let tf = if c == BIG {
                            tf(self.big.get(&(a + k)).copied().unwrap_or(u32::from(BIG)))
                        } else {
                            tfs.get(c as usize).copied().unwrap_or(0.0)
                        };
                        let w = tf * self.idf.get(t as usize).copied().unwrap_or(0.0);
                        if let Some(s) = sq.get_mut(space_of(t) as usize) {
                            *s += w * w;
                        }
                        if keep {
                            self.weights.push(w);
                        }
                    }
                }
                _ => {
                    for i in a..b {
                        let w = self.raw_weight(tfs, i);
                        let space = self.terms.get(i).map_or(0, |&t| space_of(t) as usize);
                        if let Some(s) = sq.get_mut(space) {
                            *s += w * w;
                        }
                        if keep {
                            self.weights.push(w);
                        }
                    }
                }
            }
            let scale = space_scale(sq, &p);
            self.scale.push(scale);
            if keep {
                match (self.terms.slice(a, b), self.weights.get_mut(a..b)) {
                    (Some(ts), Some(ws)) => {
                        for (w, &t) in ws.iter_mut().zip(ts) {
                            *w *= scale.get(space_of(t) as usize).copied().unwrap_or(0.0);
                        }
                    }
                    _ => {
                        for i in a..b {
                            let space = self.terms.get(i).map_or(0, |&t| space_of(t) as usize);
                            if let Some(w) = self.weights.get_mut(i) {
                                *w *= scale.get(space).copied().unwrap_or(0.0);
                            }
                        }
                    }
                }
            }
        }
        let keep = keep && self.weights.len() == self.terms.len();
        // Postings of word terms: each list is as long as the term's document frequency
        // up to `postings`; a longer list keeps its heaviest as a heap in its own slots
        // (a list that holds every issue with the term is filled in issue order).
        let cut = p.postings;
        refill(&mut self.post_off, n_terms + 1);
        self.post_off.push(0);
        let mut total = 0usize;
        for (t, &d) in self.df.iter().enumerate() {
            if space_of(t as u32) != Space::Grams {
                total += (d as usize).min(cut);
            }
            self.post_off.push(total as u32);
        }
        refill(&mut self.post, total);
        self.post.resize(total, (0, 0.0));
        let mut fill: Vec<u32> = vec![0; n_terms];
        // Per issue, its word terms and their weights.
        let mut pairs: Vec<(u32, f32)> = Vec::new();
        for d in 0..n {
            let (a, b) = self.range(d);
            pairs.clear();
            match (self.terms.slice(a, b), self.weights.get(a..b)) {
                (Some(ts), Some(ws)) if keep => pairs.extend(
                    ts.iter()
                        .copied()
                        .zip(ws.iter().copied())
                        .filter(|&(t, _)| space_of(t) != Space::Grams),
                ),
                _ => {
                    let scale = self.scale.get(d).copied().unwrap_or_default();
                    for i in a..b {
                        let Some(&t) = self.terms.get(i) else {
                            continue;
                        };
                        let space = space_of(t);
                        if space == Space::Grams {
                            continue;
                        }
                        let w = match self.weights.get(i) {
                            Some(&w) if keep => w,
                            _ => {
                                self.raw_weight(tfs, i)
                                    * scale.get(space as usize).copied().unwrap_or(0.0)
                            }
                        };
                        pairs.push((t, w));
                    }
                }
            }
            for &(t, w) in &pairs {
                let (start, end) = (
                    self.post_off.get(t as usize).copied().unwrap_or(0) as usize,
                    self.post_off.get(t as usize + 1).copied().unwrap_or(0) as usize,
                );
                let (Some(len), Some(list)) =
                    (fill.get_mut(t as usize), self.post.get_mut(start..end))
                else {
                    continue;
                };
                let mut l = *len as usize;
                if self
                    .df
                    .get(t as usize)
                    .is_some_and(|&df| df as usize <= cut)
                {
                    // Every issue with the term is kept: no heap order needed.
                    if let Some(slot) = list.get_mut(l) {
                        *slot = (d as u32, w);
                        l += 1;
                    }
                } else {
                    heap_offer(list, &mut l, end - start, (d as u32, w));
                }
                *len = l as u32;
            }
        }
        self.stale = false;
    }

    /// Whether [`Self::finalize`] is due.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Bytes the index holds on the heap (capacities, not lengths).
    pub fn heap_bytes(&self) -> usize {
        self.keys.heap_bytes()
            + self.titles.heap_bytes()
            + self.urls.heap_bytes()
            + self.dict.heap_bytes()
            + self.doc_off.capacity() * std::mem::size_of::<usize>()
            + self.terms.heap_bytes()
            + self.counts.heap_bytes()
            + self.big.capacity() * (std::mem::size_of::<(usize, u32)>() + 1)
            + self.df.capacity() * 4
            + self.idf.capacity() * 4
            + self.scale.capacity() * 12
            + self.post_off.capacity() * 4
            + self.post.capacity() * 8
            + self.weights.capacity() * 4
            + self.surfaces.as_ref().map_or(0, |s| s.ids.capacity() * 4)
            + self.days.capacity() * 4
    }

    /// Number of indexed issues.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.len() == 0
    }

    /// The key of the issue at `index`.
    pub fn key(&self, index: usize) -> Option<&str> {
        (index < self.len()).then(|| self.keys.get(index))
    }

    /// The position of the first indexed issue with this key.
    pub fn position(&self, key: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.keys.get(i) == key)
    }

    /// Where issue `d`'s terms are in `terms`.
    fn range(&self, d: usize) -> (usize, usize) {
        match (self.doc_off.get(d), self.doc_off.get(d + 1)) {
            (Some(&a), Some(&b)) => (a, b),
            _ => (0, 0),
        }
    }

    /// How often the stored term at `i` occurs in its issue.
    fn count(&self, i: usize) -> u32 {
        match self.counts.get(i).copied() {
            Some(BIG) => self.big.get(&i).copied().unwrap_or(u32::from(BIG)),
            Some(c) => u32::from(c),
            None => 0,
        }
    }

    /// `tf · idf` of the stored term at `i` (before normalisation).
    #[inline]
    fn raw_weight(&self, tfs: &[f32; 256], i: usize) -> f32 {
        let t = self.terms.get(i).copied().unwrap_or(0) as usize;
        let c = self.counts.get(i).copied().unwrap_or(0);
        let tf = if c == BIG {
            tf(self.count(i))
        } else {
            tfs.get(c as usize).copied().unwrap_or(0.0)
        };
        tf * self.idf.get(t).copied().unwrap_or(0.0)
    }

    /// The weight of the stored term at `i` of issue `d` (`scale` is `d`'s).
    #[inline]
    fn weight(&self, tfs: &[f32; 256], scale: &[f32; 3], i: usize) -> f32 {
        match self.weights.get(i) {
            Some(&w) => w,
            None => {
                let space = self.terms.get(i).map_or(0, |&t| space_of(t) as usize);
                self.raw_weight(tfs, i) * scale.get(space).copied().unwrap_or(0.0)
            }
        }
    }

    /// The weighted vector of indexed issue `d` (terms in order of first use).
    fn doc(&self, d: usize) -> Vec<(u32, f32)> {
        let mut v = Vec::new();
        self.doc_into(d, &mut v);
        v
    }

    /// [`Self::doc`] into `out` (cleared first), so a pass over the backlog reuses one
    /// buffer.
    fn doc_into(&self, d: usize, out: &mut Vec<(u32, f32)>) {
        out.clear();
        let (a, b) = self.range(d);
        if let (Some(ts), Some(ws)) = (self.terms.slice(a, b), self.weights.get(a..b)) {
            // Stored weights in one block: the same pairs, copied in one pass.
            out.extend(ts.iter().copied().zip(ws.iter().copied()));
            return;
        }
        let tfs = tf_table();
        let scale = self.scale.get(d).copied().unwrap_or_default();
        out.reserve(b.saturating_sub(a));
        out.extend((a..b).filter_map(|i| Some((*self.terms.get(i)?, self.weight(tfs, &scale, i)))));
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
            let stem = self.dict.stem_id(stem_text);
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
                        add(Space::Grams, self.dict.gram_id(k), k, 1);
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
        // Equal pairs are the same value, so a stable sort gives the unstable one's order.
        crate::rules::sort::sort(&mut known);
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
        q_day: i32,
        top: usize,
        min_similarity: f32,
        keep: &dyn Fn(usize) -> bool,
        scratch: &mut Scratch,
    ) -> Vec<Match> {
        if top == 0 || q.is_empty() {
            return Vec::new();
        }
        self.walk(q, scratch);
        let mut found = self.pool(self.pool_size(top), keep, scratch);
        self.spread(q, &mut scratch.dense, false);
        self.rescore(&mut found, &scratch.dense.w);
        self.unspread(q, &mut scratch.dense);
        // The threshold is on the text similarity, so the recency prior only re-orders
        // what the text already supports.
        found.retain(|m| m.similarity >= min_similarity);
        self.recency(q_day, &mut found);
        found.sort_unstable_by(by_score);
        found.truncate(top);
        found
    }

    /// How many candidates are scored exactly for `top` results.
    fn pool_size(&self, top: usize) -> usize {
        self.params
            .rescore
            .max(top.saturating_mul(self.params.rescore_per_result))
            .max(top)
    }

    /// Spread query `q` over the vocabulary (with its terms' positions if `positions`).
    fn spread(&self, q: &[(u32, f32)], dense: &mut Spread, positions: bool) {
        if dense.w.len() < self.df.len() {
            dense.w.resize(self.df.len(), 0.0);
        }
        for &(t, w) in q {
            if let Some(x) = dense.w.get_mut(t as usize) {
                *x = w;
            }
        }
        if positions {
            if dense.pos.len() < self.df.len() {
                dense.pos.resize(self.df.len(), NONE);
            }
            for (k, &(t, _)) in q.iter().enumerate() {
                if let Some(x) = dense.pos.get_mut(t as usize) {
                    *x = k as u32;
                }
            }
        }
    }

    /// Undo [`Self::spread`].
    fn unspread(&self, q: &[(u32, f32)], dense: &mut Spread) {
        for &(t, _) in q {
            if let Some(x) = dense.w.get_mut(t as usize) {
                *x = 0.0;
            }
            if let Some(x) = dense.pos.get_mut(t as usize) {
                *x = NONE;
            }
        }
    }

    /// The whole-backlog pass: for every indexed issue (`issues` are the indexed
    /// issues, in order), its `top` neighbours scoring at least `min_score`, best first,
    /// and for each up to `words` evidence words. The same as [`Self::all_neighbours`]
    /// followed by [`Self::evidence_impl`] per issue; with the words [`Self::build`]
    /// kept, evidence is read while the query is still spread for exact scoring, over
    /// the terms of matches just scored.
    pub(crate) fn backlog_pass(
        &self,
        issues: &[Issue],
        top: usize,
        min_similarity: f32,
        words: usize,
    ) -> (Vec<Vec<Match>>, Vec<Vec<Vec<String>>>) {
        let mut scratch = Scratch::new(self.len());
        let mut ev = EvidenceScratch::default();
        let kept = self.kept_surfaces();
        let mut all = Vec::with_capacity(self.len());
        let mut evidence = Vec::with_capacity(self.len());
        let mut q = Vec::new();
        for i in 0..self.len() {
            self.doc_into(i, &mut q);
            if top == 0 || q.is_empty() {
                all.push(Vec::new());
                evidence.push(Vec::new());
                continue;
            }
            self.walk(&q, &mut scratch);
            let mut found = self.pool(self.pool_size(top), &|d| d != i, &mut scratch);
            self.spread(&q, &mut scratch.dense, kept.is_some());
            self.rescore(&mut found, &scratch.dense.w);
            // As in `search`: the threshold on the text similarity, then the prior.
            found.retain(|m| m.similarity >= min_similarity);
            self.recency(self.days.get(i).copied().unwrap_or(NO_DAY), &mut found);
            found.sort_unstable_by(by_score);
            found.truncate(top);
            let words_of = match kept {
                Some(kept) if !found.is_empty() => {
                    let start = self.range(i).0;
                    Some(self.spread_evidence(kept, start, &scratch.dense, &found, words, &mut ev))
                }
                _ => None,
            };
            self.unspread(&q, &mut scratch.dense);
            let words_of = match (words_of, issues.get(i)) {
                (Some(w), _) => w,
                (None, Some(issue)) => self.evidence_impl(issue, Some(i), &found, words, &mut ev),
                (None, None) => Vec::new(),
            };
            all.push(found);
            evidence.push(words_of);
        }
        (all, evidence)
    }

    /// Accumulate partial scores over the query's heaviest word terms (each over its
    /// heaviest postings) into `scratch`.
    #[inline(never)]
    fn walk(&self, q: &[(u32, f32)], scratch: &mut Scratch) {
        let terms = &mut scratch.terms;
        heaviest_terms(
            q,
            self.params.query_terms,
            terms,
            self.params.query_terms <= 32,
        );
        // Every issue whose sum turns positive is recorded once, without a branch:
        // its id is always written at the end of `touched`, which only grows when the
        // issue is new. Weights are never negative, so at most `n` issues are recorded.
        let n = scratch.acc.len();
        if scratch.touched.len() < n {
            scratch.touched.resize(n, 0);
        }
        // Local slices: the stores below then cannot be taken to change where the
        // vectors are, so their bounds stay in registers.
        let acc = &mut scratch.acc[..];
        let touched = &mut scratch.touched[..];
        let mut count = 0usize;
        for &k in terms.iter() {
            let (t, qw) = (u32::MAX - k as u32, f32::from_bits((k >> 32) as u32));
            let (a, b) = (
                self.post_off.get(t as usize).copied().unwrap_or(0) as usize,
                self.post_off.get(t as usize + 1).copied().unwrap_or(0) as usize,
            );
            for &(d, w) in self.post.get(a..b).unwrap_or_default() {
                if let Some(acc) = acc.get_mut(d as usize) {
                    let add = qw * w;
                    let new = *acc == 0.0 && add > 0.0;
                    *acc += add;
                    if let Some(slot) = touched.get_mut(count) {
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
        // Once the heap is full, its smallest key is kept in `least`, so a candidate
        // that does not make it costs one comparison and no heap access.
        let heap = &mut scratch.heap;
        heap.clear();
        let acc = &mut scratch.acc[..];
        let touched = scratch
            .touched
            .get(..scratch.touched_len)
            .unwrap_or_default();
        let mut least = 0u64;
        for &d in touched {
            let i = d as usize;
            if let Some(a) = acc.get_mut(i) {
                if *a > 0.0 {
                    let k = (u64::from(a.to_bits()) << 32) | u64::from(u32::MAX - d);
                    if heap.len() < pool {
                        if keep(i) {
                            heap.push(Reverse(k));
                            if heap.len() >= pool {
                                least = heap.peek().map_or(0, |r| r.0);
                            }
                        }
                    } else if k > least && keep(i) {
                        if let Some(mut root) = heap.peek_mut() {
                            *root = Reverse(k);
                        }
                        least = heap.peek().map_or(0, |r| r.0);
                    }
                }
                *a = 0.0;
            }
        }
        scratch.touched_len = 0;
        heap.drain()
            .map(|Reverse(k)| {
                let score = f32::from_bits((k >> 32) as u32);
                Match {
                    index: (u32::MAX - (k as u32)) as usize,
                    score,
                    similarity: score,
                    days_apart: None,
                }
            })
            .collect()
    }

    /// Replace the partial scores of `found` by exact ones; the query is spread over
    /// `dense` (the weights of [`Self::spread`]).
    #[inline(never)]
    fn rescore(&self, found: &mut [Match], dense: &[f32]) {
        // Exact score over all three spaces: the query is spread over the vocabulary
        // once, then each candidate is a gather over its own terms. Four candidates
        // are summed side by side: each sum still adds its own terms one after the
        // other, in order (the same bits as summing it alone), but the four chains of
        // additions overlap instead of each waiting for the previous.
        let tfs = tf_table();
        // The start of an `f32` sum (`Iterator::sum`'s, whatever it is).
        let zero: f32 = std::iter::empty::<f32>().sum();
        for group in found.chunks_mut(4) {
            let mut ts: [&[u32]; 4] = [&[]; 4];
            let mut ws: [&[f32]; 4] = [&[]; 4];
            let mut sums = [zero; 4];
            // Candidates whose stored terms and weights are one slice each (most).
            let mut fast = [false; 4];
            for (c, m) in group.iter().enumerate() {
                let (a, b) = self.range(m.index);
                if let (Some(t), Some(w), Some(ts), Some(ws), Some(fast)) = (
                    self.terms.slice(a, b),
                    self.weights.get(a..b),
                    ts.get_mut(c),
                    ws.get_mut(c),
                    fast.get_mut(c),
                ) {
                    (*ts, *ws, *fast) = (t, w, true);
                }
            }
            gather4(ts, ws, dense, &mut sums);
            for ((m, s), fast) in group.iter_mut().zip(sums).zip(fast) {
                let s = if fast {
                    s
                } else {
                    let (a, b) = self.range(m.index);
                    let scale = self.scale.get(m.index).copied().unwrap_or_default();
                    (a..b)
                        .map(|i| {
                            let t = self.terms.get(i).copied().unwrap_or(0);
                            let w = self.weight(tfs, &scale, i);
                            dense.get(t as usize).copied().unwrap_or(0.0) * w
                        })
                        .sum()
                };
                // Clamp rounding past 1.
                m.score = s.clamp(0.0, 1.0);
                m.similarity = m.score;
            }
        }
    }

    /// Apply the recency prior to exactly scored matches of a query created on `q_day`:
    /// the score moves toward 1 by `recency · e^(−Δdays / recency_days)` of the distance
    /// left, so identical issues keep 1 and the order among equally similar candidates
    /// favours the ones filed closer in time.
    fn recency(&self, q_day: i32, found: &mut [Match]) {
        let (weight, tau) = (self.params.recency, self.params.recency_days);
        if q_day == NO_DAY || weight <= 0.0 {
            return;
        }
        for m in found.iter_mut() {
            let day = self.days.get(m.index).copied().unwrap_or(NO_DAY);
            if day == NO_DAY {
                continue;
            }
            let apart = (i64::from(q_day) - i64::from(day)).unsigned_abs();
            let prior = weight * (-(apart as f32) / tau).exp();
            m.score = (m.similarity + prior * (1.0 - m.similarity)).clamp(0.0, 1.0);
            m.days_apart = Some(u32::try_from(apart).unwrap_or(u32::MAX));
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
        let q = self.doc(index);
        let day = self.days.get(index).copied().unwrap_or(NO_DAY);
        let mut scratch = Scratch::new(self.len());
        self.search(&q, day, top, 0.0, &|d| d != index && keep(d), &mut scratch)
    }

    /// Neighbours of every indexed issue with text similarity at least `min_similarity`,
    /// best first.
    pub fn all_neighbours(&self, top: usize, min_similarity: f32) -> Vec<Vec<Match>> {
        let mut scratch = Scratch::new(self.len());
        (0..self.len())
            .map(|i| {
                let q = self.doc(i);
                let day = self.days.get(i).copied().unwrap_or(NO_DAY);
                self.search(&q, day, top, min_similarity, &|d| d != i, &mut scratch)
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
        self.search(&q, creation_day(draft), top, 0.0, &keep, &mut scratch)
    }

    /// For each match, up to `max` words that `query` shares with it, most telling
    /// first, written as they appear in `query` (stemmed matches such as
    /// "finishes"/"finished" count as shared).
    pub fn evidence(&self, query: &Issue, matches: &[Match], max: usize) -> Vec<Vec<String>> {
        self.evidence_impl(query, None, matches, max, &mut EvidenceScratch::default())
    }

    /// [`Self::evidence`]; for the indexed issue at `at`, its stored vector is used and
    /// `query` is only read for the words it writes, unless the index kept them
    /// ([`Self::build`]). A backlog-wide pass passes one `scratch` for every issue.
    pub(crate) fn evidence_impl(
        &self,
        query: &Issue,
        at: Option<usize>,
        matches: &[Match],
        max: usize,
        scratch: &mut EvidenceScratch,
    ) -> Vec<Vec<String>> {
        if matches.is_empty() {
            return Vec::new();
        }
        match at.filter(|&i| i < self.len()) {
            Some(i) if self.kept_surfaces().is_some() => {
                self.kept_evidence(i, matches, max, scratch)
            }
            Some(i) => {
                let tok = &mut scratch.tok;
                let mut q = self.doc(i);
                // Terms are distinct within an issue: no ties, one order.
                crate::rules::sort::sort_by_key(&mut q, |e| e.0);
                let surfaces = self.first_surfaces(query, tok);
                matches
                    .iter()
                    .map(|m| {
                        self.shared(&q, m.index, max)
                            .into_iter()
                            .map(|(stem, t)| match surfaces.get(&t) {
                                Some(w) if !w.is_empty() => w.clone(),
                                _ => self.dict.stem(stem).to_string(),
                            })
                            .collect()
                    })
                    .collect()
            }
            None => {
                let (q, shown) = self.vector(query);
                matches
                    .iter()
                    .map(|m| {
                        self.shared(&q, m.index, max)
                            .into_iter()
                            .map(|(stem, _)| match shown.get(&stem) {
                                Some(w) => w.clone(),
                                None => self.dict.stem(stem).to_string(),
                            })
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// The surfaces kept by [`Self::build`], when they still describe every stored term
    /// and the weights are final.
    fn kept_surfaces(&self) -> Option<&Surfaces> {
        self.surfaces.as_deref().filter(|s| {
            !self.stale && s.ids.len() == self.terms.len() && self.weights.len() == s.ids.len()
        })
    }

    /// [`Self::evidence_impl`] for indexed issue `i` from the kept weights and surfaces:
    /// the same words as [`Self::shared`] and [`Self::first_surfaces`] give, found by
    /// spreading the query's term positions over the vocabulary once and reading each
    /// match's terms against them (no sorting of either issue, no second tokenization).
    fn kept_evidence(
        &self,
        i: usize,
        matches: &[Match],
        max: usize,
        scratch: &mut EvidenceScratch,
    ) -> Vec<Vec<String>> {
        let Some(kept) = self.kept_surfaces() else {
            return Vec::new();
        };
        let q = self.doc(i);
        let mut dense = std::mem::take(&mut scratch.dense);
        self.spread(&q, &mut dense, true);
        let out = self.spread_evidence(kept, self.range(i).0, &dense, matches, max, scratch);
        self.unspread(&q, &mut dense);
        scratch.dense = dense;
        out
    }

    /// Evidence for the indexed issue whose stored terms start at `start`, spread over
    /// `dense` ([`Self::spread`] of its stored vector), against `matches`.
    fn spread_evidence(
        &self,
        kept: &Surfaces,
        start: usize,
        dense: &Spread,
        matches: &[Match],
        max: usize,
        scratch: &mut EvidenceScratch,
    ) -> Vec<Vec<String>> {
        let name = |s: u32| self.dict.stem(s);
        let shared = &mut scratch.shared;
        let by_stem = &mut scratch.by_stem;
        matches
            .iter()
            .map(|m| {
                // (term, contribution) of the word terms both issues have.
                shared.clear();
                let (c, d) = self.range(m.index);
                for k in c..d {
                    let Some(&t) = self.terms.get(k) else {
                        continue;
                    };
                    match (dense.pos.get(t as usize), dense.w.get(t as usize)) {
                        (Some(&p), Some(&x)) if p != NONE && stem_of(t) != NONE => {
                            let y = self.weights.get(k).copied().unwrap_or(0.0);
                            shared.push((t, x * y));
                        }
                        _ => {}
                    }
                }
                // Terms are distinct within an issue, so this order is total; from here
                // on as in `shared`.
                shared.sort_unstable_by_key(|e| e.0);
                by_stem.clear();
                for &(t, x) in shared.iter() {
                    let stem = stem_of(t);
                    match by_stem.last_mut() {
                        Some(last) if last.0 == stem => last.1 += x,
                        _ => by_stem.push((stem, x, t)),
                    }
                }
                // Stems are distinct, and so are their names: the order is total, so the
                // `max` first after selecting them are those a full sort puts first.
                let order = |a: &(u32, f32, u32), b: &(u32, f32, u32)| {
                    b.1.total_cmp(&a.1).then_with(|| name(a.0).cmp(name(b.0)))
                };
                if max == 0 {
                    by_stem.clear();
                } else if by_stem.len() > max {
                    by_stem.select_nth_unstable_by(max - 1, order);
                    by_stem.truncate(max);
                }
                by_stem.sort_by(order);
                by_stem
                    .iter()
                    .take(max)
                    .map(|&(stem, _, t)| {
                        let p = dense.pos.get(t as usize).copied().unwrap_or(NONE) as usize;
                        let id = kept
                            .ids
                            .get(start.saturating_add(p))
                            .copied()
                            .unwrap_or(NONE);
                        match kept.vocab.surface(id) {
                            "" => name(stem).to_string(),
                            w => w.to_string(),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Per word term of `issue` (an indexed issue), the word as the issue first writes
    /// it, for evidence.
    fn first_surfaces(&self, issue: &Issue, tok: &mut Tokenizer) -> FxHashMap<u32, String> {
        let p = &self.params;
        let mut words = Vec::new();
        tok.words(&issue.title, &mut words);
        let title_len = words.len();
        tok.doc_words(&issue.description, &mut words);
        if let Some(ac) = &issue.acceptance_criteria {
            tok.doc_words(ac, &mut words);
        }
        let mut out: FxHashMap<u32, String> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            let Some(stem) = self.dict.stem_id(tok.vocab.stem(w.stem)) else {
                continue;
            };
            let mut put = |space: Space| {
                out.entry(term(stem, space))
                    .or_insert_with(|| tok.vocab.surface(w.surface).to_string());
            };
            if i < title_len {
                if p.title > 0.0 {
                    put(Space::Title);
                }
                if p.title_boost > 0 {
                    put(Space::Text);
                }
            } else {
                put(Space::Text);
            }
        }
        out
    }

    /// Up to `max` (stem id, first shared term of the stem) shared by query `q`
    /// (sorted by term) and issue `b`, largest contribution first (ties by stem,
    /// alphabetically).
    fn shared(&self, q: &[(u32, f32)], b: usize, max: usize) -> Vec<(u32, u32)> {
        let mut d = self.doc(b);
        // Terms are distinct within an issue: no ties, one order.
        crate::rules::sort::sort_by_key(&mut d, |e| e.0);
        // (stem, contribution, first term); a stem's text and title terms are adjacent.
        let mut by_stem: Vec<(u32, f32, u32)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(x), Some(y)) = (q.get(i), d.get(j)) {
            match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let stem = stem_of(x.0);
                    if stem != NONE {
                        match by_stem.last_mut() {
                            Some(last) if last.0 == stem => last.1 += x.1 * y.1,
                            _ => by_stem.push((stem, x.1 * y.1, x.0)),
                        }
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        let name = |s: u32| self.dict.stem(s);

        crate::rules::sort::sort_by(&mut by_stem, |a, b| {
            b.1.total_cmp(&a.1).then_with(|| name(a.0).cmp(name(b.0)))
        });
        by_stem
            .into_iter()
            .take(max)
            .map(|(s, _, w)| (s, w))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Doc;

    /// The 48 SeaMonkey reports of tests/fixtures/hygiene (GitBugs, Patil & Jadon 2023,
    /// CC BY 4.0), `copies` times under distinct keys, each copy's title a little
    /// different.
    fn seamonkey(copies: usize) -> Vec<Issue> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hygiene/seamonkey_sample.csv"
        );
        let mut rdr = csv::Reader::from_path(path).unwrap();
        let base: Vec<Issue> = rdr
            .records()
            .map(|r| {
                let r = r.unwrap();
                Issue {
                    key: r[1].to_string(),
                    title: r[0].to_string(),
                    description: Doc::from_plain(&r[3]),
                    ..Default::default()
                }
            })
            .collect();
        let mut out = Vec::new();
        for copy in 0..copies {
            for i in &base {
                let mut x = i.clone();
                x.key = format!("{}-{copy}", i.key);
                if copy > 0 {
                    x.title = format!("{} {}", i.title, ["alpha", "beta", "gamma"][copy % 3]);
                }
                out.push(x);
            }
        }
        out
    }

    /// The walked terms (keys) are those the former tuple sort picked, in its order, by
    /// insertion and by selection, for every issue of a real backlog and several bounds.
    #[test]
    fn heaviest_terms_match_a_sort_of_weight_and_term() {
        let issues = seamonkey(1);
        let index = DuplicateIndex::build(&issues);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut walked = 0;
        for i in 0..index.len() {
            let q = index.doc(i);
            for walk in [1, 2, 5, 16, 32, 500] {
                // The order before this change: (term, weight) by weight, then term.
                let mut expected: Vec<(u32, f32)> = q
                    .iter()
                    .copied()
                    .filter(|&(t, w)| w > 0.0 && space_of(t) != Space::Grams)
                    .collect();
                expected.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                expected.truncate(walk);
                heaviest_terms(&q, walk, &mut a, true);
                heaviest_terms(&q, walk, &mut b, false);
                assert_eq!(a, b, "issue {i}, walk {walk}");
                let got: Vec<(u32, f32)> = a
                    .iter()
                    .map(|&k| (u32::MAX - k as u32, f32::from_bits((k >> 32) as u32)))
                    .collect();
                assert_eq!(got, expected, "issue {i}, walk {walk}");
                walked += got.len();
            }
        }
        assert!(walked > 1000, "{walked}");
    }

    /// Four sums side by side are, bit for bit, four sums one after the other (lengths
    /// equal and not, empty ones, terms outside the spread vector).
    #[test]
    fn gather4_sums_like_a_plain_loop() {
        let dense: Vec<f32> = (0..997)
            .map(|i| ((i * 7919) % 1000) as f32 / 3001.0)
            .collect();
        let terms: Vec<u32> = (0..400).map(|i| (i * 104_729) % 1100).collect();
        let weights: Vec<f32> = (0..400).map(|i| 1.0 / (1.0 + i as f32)).collect();
        for lens in [
            [0, 0, 0, 0],
            [5, 5, 5, 5],
            [3, 100, 0, 7],
            [400, 1, 250, 399],
            [9, 8, 7, 6],
        ] {
            let mut ts: [&[u32]; 4] = [&[]; 4];
            let mut ws: [&[f32]; 4] = [&[]; 4];
            for (c, &n) in lens.iter().enumerate() {
                ts[c] = &terms[c * 3..c * 3 + n.min(390)];
                ws[c] = &weights[..n.min(390)];
            }
            let zero: f32 = std::iter::empty::<f32>().sum();
            let mut sums = [zero; 4];
            gather4(ts, ws, &dense, &mut sums);
            for c in 0..4 {
                let plain: f32 = ts[c]
                    .iter()
                    .zip(ws[c])
                    .map(|(&t, &w)| dense.get(t as usize).copied().unwrap_or(0.0) * w)
                    .sum();
                assert_eq!(sums[c].to_bits(), plain.to_bits(), "{lens:?} chain {c}");
            }
        }
    }

    /// Evidence for every indexed issue from the words `build` kept equals evidence from
    /// the issue's words read again (the path an index without them takes), word for
    /// word, also with zero-weight terms (text weight 0) and across storage blocks.
    #[test]
    fn kept_surfaces_give_the_same_evidence_as_reading_the_words_again() {
        let text_off = IndexParams {
            text: 0.0,
            title_boost: 0,
            ..IndexParams::default()
        };
        for (copies, params) in [
            (1, IndexParams::default()),
            (1, text_off),
            (30, IndexParams::default()),
        ] {
            let issues = seamonkey(copies);
            let kept = DuplicateIndex::build_with(&issues, params);
            assert!(kept.kept_surfaces().is_some());
            if copies > 1 {
                assert!(kept.terms.blocks.len() > 1, "issues straddle blocks");
            }
            let mut reread = kept.clone();
            reread.surfaces = None;
            let (mut a, mut b) = (EvidenceScratch::default(), EvidenceScratch::default());
            let mut words = 0;
            for (i, issue) in issues.iter().enumerate().step_by(copies) {
                let m = kept.neighbours(i, 8);
                let fast = kept.evidence_impl(issue, Some(i), &m, 5, &mut a);
                let slow = reread.evidence_impl(issue, Some(i), &m, 5, &mut b);
                assert_eq!(fast, slow, "issue {i}");
                words += fast.iter().map(Vec::len).sum::<usize>();
            }
            assert!(words > 100, "evidence found: {words} words");
            // The backlog-wide pass answers as `all_neighbours` then evidence per issue
            // from the words read again, for any number of words (0 too).
            let mut s = EvidenceScratch::default();
            for words in [0, 5] {
                let (all, evidence) = kept.backlog_pass(&issues, 5, 0.3, words);
                let expected = reread.all_neighbours(5, 0.3);
                assert_eq!(all, expected);
                assert!(all.iter().filter(|m| !m.is_empty()).count() >= issues.len() / 10);
                for (i, (m, e)) in expected.iter().zip(&evidence).enumerate() {
                    let issue = &issues[i];
                    assert_eq!(e, &reread.evidence_impl(issue, Some(i), m, words, &mut s));
                }
                // Without kept words it reads them again, the same way.
                assert_eq!(reread.backlog_pass(&issues, 5, 0.3, words), (all, evidence));
            }
        }
        // Appending drops the kept words, and evidence still reads them right.
        let issues = seamonkey(1);
        let mut index = DuplicateIndex::build(&issues[..40]);
        index.append(&issues[40..]);
        index.finalize();
        assert!(index.kept_surfaces().is_none());
        let fresh = DuplicateIndex::build(&issues);
        let mut s = EvidenceScratch::default();
        for (i, issue) in issues.iter().enumerate() {
            let m = fresh.neighbours(i, 5);
            assert_eq!(
                index.evidence_impl(issue, Some(i), &m, 5, &mut s),
                fresh.evidence_impl(issue, Some(i), &m, 5, &mut s),
            );
        }
    }
}
