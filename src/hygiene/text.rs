//! Text normalisation for near-duplicate detection: words, stopwords, stems, n-grams.
//!
//! Input is the text the importers already produced from tracker markup (the blocks of
//! a [`Doc`], read in place); what remains of markup (`{code}`, `h2.`, `*bold*`, URLs)
//! is split away here because only letters and digits form words. Version strings
//! ("2.53.7", "15.1") are kept whole as well as split, because two reports of one
//! regression name the same release.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::{Block, Doc};

mod synonyms;

/// "No id": a dropped token, a gram not computed yet, a term of no stem.
pub const NONE: u32 = u32::MAX;

/// The ids of a dropped token.
const DROPPED: Word = Word {
    surface: NONE,
    stem: NONE,
};

/// One word of an issue, as ids into its [`Tokenizer`]: the lower-cased surface form
/// (what is shown as evidence) and its stem (what is compared). Each distinct word is
/// lower-cased, checked and stemmed once per tokenizer; after that a word costs one
/// hash lookup and no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub surface: u32,
    pub stem: u32,
}

/// FxHash (the rustc hasher): much faster than SipHash on the short keys used here;
/// keys come from the user's own backlog, so HashDoS resistance buys nothing.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(K);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(K);
    }

    // usize is 4 bytes on wasm32 and 8 natively: hashing it as a u64 keeps every hash,
    // and so every map's iteration order, the same in the CLI and the WebAssembly core.
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

/// English stopwords (the common Snowball/NLTK list, trimmed of words that carry
/// meaning in a backlog such as "not", "no", "off", "up", "down"), plus a few tokens
/// that URLs and markup leave behind.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "nor",
    "now",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "also",
    "may",
    "might",
    "must",
    "shall",
    "us",
    "via",
    "etc",
    "ie",
    "eg",
    "e",
    "g",
    "http",
    "https",
    "www",
    "com",
    "org",
    "html",
    "htm",
];

/// The vocabulary of one backlog: every distinct word, stem and title trigram, interned
/// as a `u32`.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Every distinct lower-cased token met, kept or dropped, end to end.
    text: String,
    /// [`token_hash`] of a token → the token (the first with that hash; a later one
    /// with the same hash is in `collided`). The entry holds all a lookup needs, so a
    /// word costs one probe and one comparison of its text.
    by_hash: FxHashMap<u64, Token>,
    collided: FxHashMap<Box<str>, Token>,
    /// Per surface id: where its text is in `text`, its stem id, and where its trigram
    /// ids are in `grams` (`(NONE, 0)` until first asked for).
    surfaces: Vec<(usize, usize, u32, (u32, u32))>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    /// Packed trigram → gram id.
    gram_ids: FxHashMap<u64, u32>,
    /// The trigram ids of the surfaces asked for so far, end to end.
    grams: Vec<u32>,
}

/// A distinct token of a [`Vocab`]: where it is in `text`, its surface id and stem id
/// (both [`NONE`] for a dropped token).
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    word: Word,
}

/// The tokenizer: owns the stemmer, the stopword set and the [`Vocab`] it fills, so
/// building it once serves a whole backlog.
pub struct Tokenizer {
    stemmer: Stemmer,
    /// Built once per process and shared: a tokenizer is cheap to make (evidence makes
    /// one per query).
    stopwords: &'static HashSet<&'static str, FxBuild>,
    /// The software-vocabulary lexicon (`synonyms.rs`): word or stem → head word.
    synonyms: &'static FxHashMap<&'static str, &'static str>,
    pub vocab: Vocab,
    buf: String,
    /// Direct-mapped cache in front of the vocabulary for words of up to 16 bytes
    /// (nearly all words): per slot three `u64`, the word's bytes packed into two
    /// ([`pack`]; zero-padded, and words have no zero bytes) and its surface and stem
    /// id (see [`unpack_word`]). A hit costs no string hashing or comparison. All zero
    /// at first: no word packs to two zeros.
    short: Vec<u64>,
}

/// Slots of [`Tokenizer::short`] (a power of two).
const SHORT_SLOTS: usize = 1 << 12;

/// A word of up to 16 bytes as the key of [`Tokenizer::short`]: its bytes packed into
/// two `u64` (little-endian, zero-padded).
type ShortKey = [u64; 2];

/// `word`'s bytes packed into a [`ShortKey`], if it has 1 to 16 bytes.
fn pack(word: &str) -> Option<ShortKey> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let (a, rest) = b.split_at(b.len().min(8));
    Some([self::word(a), self::word(rest)])
}

/// The first of the three `u64` of `key`'s slot in [`Tokenizer::short`].
#[inline]
fn short_slot(key: ShortKey) -> usize {
    let h = (key[0] ^ key[1].rotate_left(23)).wrapping_mul(K);
    3 * ((h >> 52) as usize & (SHORT_SLOTS - 1))
}

fn pack_word(w: Word) -> u64 {
    u64::from(w.surface) | (u64::from(w.stem) << 32)
}

fn unpack_word(x: u64) -> Word {
    Word {
        surface: x as u32,
        stem: (x >> 32) as u32,
    }
}

static STOPWORD_SET: OnceLock<HashSet<&'static str, FxBuild>> = OnceLock::new();
static SYNONYMS: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            stemmer: Stemmer::create(Algorithm::English),
            stopwords: STOPWORD_SET.get_or_init(|| STOPWORDS.iter().copied().collect()),
            synonyms: SYNONYMS.get_or_init(synonyms::table),
            vocab: Vocab::default(),
            buf: String::new(),
            short: vec![0; 3 * SHORT_SLOTS],
        }
    }
}

/// [`class`] bits: an ASCII letter or digit; an ASCII capital.
const ALNUM: u8 = 1;
const UPPER: u8 = 2;

/// What a byte is, by table (one load in place of the range tests of
/// `u8::is_ascii_alphanumeric` and `u8::is_ascii_uppercase`; bytes from 0x80 are
/// neither).
#[inline]
fn class(c: u8) -> u8 {
    const TABLE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            if b.is_ascii_alphanumeric() {
                t[c] |= ALNUM;
            }
            if b.is_ascii_uppercase() {
                t[c] |= UPPER;
            }
            c += 1;
        }
        t
    };
    TABLE[c as usize]
}

/// The high bit of every byte of a `u64`.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Bit 5 of every byte: set, it lower-cases an ASCII capital and keeps a digit or a
/// small letter as it is.
const LOWER: u64 = 0x2020_2020_2020_2020;

/// The eight bytes of `b` from `i`, little-endian, zero past the end (a zero byte is
/// neither a letter nor a digit).
#[inline]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i.saturating_add(8)) {
        Some(s) => word(s),
        None => word(b.get(i..).unwrap_or_default()),
    }
}

/// Per byte of `x`, the high bit set where the byte is an ASCII letter or digit (first)
/// and where it is an ASCII capital (second): [`class`] on eight bytes at once. Each
/// range test works on the low seven bits of every byte, with no carry or borrow
/// between bytes, and excludes bytes from 0x80 (Bit Twiddling Hacks, "hasbetween").
#[inline]
fn classes8(x: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = x & (ONES * 127);
    // Bytes strictly between `m` and `n` (0 <= m < n <= 128).
    let between = |m: u64, n: u64| {
        ((ONES * (127 + n)).wrapping_sub(low) & !x & low.wrapping_add(ONES * (127 - m))) & HIGH
    };
    let capitals = between(b'A' as u64 - 1, b'Z' as u64 + 1);
    let alnum = between(b'0' as u64 - 1, b'9' as u64 + 1)
        | capitals
        | between(b'a' as u64 - 1, b'z' as u64 + 1);
    (alnum, capitals)
}

/// Where a version string starting at byte `i` ends: digits, then one or more groups
/// of "." and digits, not followed by a letter or digit ("2.53.7" in "in 2.53.7.", not
/// "1.5x"). `None` when there is no such string.
fn version_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let mut j = digits(i);
    if j == i {
        return None;
    }
    let mut groups = 0;
    while b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j = digits(j + 1);
        groups += 1;
    }
    let next_is_word = text
        .get(j..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_alphanumeric);
    (groups > 0 && !next_is_word).then_some(j)
}

impl Tokenizer {
    /// Append the content words of `text` to `out`, in order: lower-cased, stopwords
    /// and one-letter tokens removed, long digit runs (ids, timestamps) dropped,
    /// stemmed. A version string yields itself and then its parts.
    pub fn words(&mut self, text: &str, out: &mut Vec<Word>) {
        let bytes = text.as_bytes();
        let char_at = |i: usize| text.get(i..).and_then(|r| r.chars().next());
        let alnum_at = |i: usize| char_at(i).is_some_and(char::is_alphanumeric);
        let mut buf = std::mem::take(&mut self.buf);
        let mut i = 0;
        while let Some(&c) = bytes.get(i) {
            // Skip to the next letter or digit (ASCII bytes directly, others decoded).
            if c < 0x80 {
                if class(c) & ALNUM == 0 {
                    i += 1;
                    continue;
                }
                if c.is_ascii_digit() {
                    if let Some(end) = version_end(text, i) {
                        let v = text.get(i..end).unwrap_or_default();
                        self.push(v, out);
                        for part in v.split('.') {
                            self.push(part, out);
                        }
                        i = end;
                        continue;
                    }
                }
            } else {
                match char_at(i) {
                    Some(ch) if ch.is_alphanumeric() => {}
                    Some(ch) => {
                        i += ch.len_utf8();
                        continue;
                    }
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
            // A word: letters and digits; an apostrophe inside it is dropped, so
            // "doesn't" becomes "doesnt" and "user's" "users".
            // Fast path: a run of ASCII letters and digits that ends the word is used
            // in place (lower-cased in `buf` only if it has capitals). The run is found
            // eight bytes at a time; a run of up to eight bytes is looked up in the
            // short-word cache here, by its lower-cased bytes.
            let start = i;
            let first = load8(bytes, i);
            let mut chunk = first;
            let mut upper = 0u64;
            loop {
                let (alnum, capitals) = classes8(chunk);
                let stop = !alnum & HIGH;
                if stop == 0 {
                    upper |= capitals;
                    i += 8;
                    chunk = load8(bytes, i);
                    continue;
                }
                // The high bit of the first byte that is not a letter or digit; the
                // bytes before it.
                let low = stop & stop.wrapping_neg();
                upper |= capitals & (low - 1);
                i += (low.trailing_zeros() / 8) as usize;
                break;
            }
            let upper = upper != 0;
            let goes_on = match bytes.get(i) {
                Some(&b'\'') => i > start && alnum_at(i + 1),
                Some(&c) => c >= 0x80,
                None => false,
            };
            let run = text.get(start..i).unwrap_or_default();
            if !goes_on && !run.is_empty() && run.len() <= 16 {
                // ASCII letters and digits lower-case by setting bit 5 (digits have it).
                let lower_n = |x: u64, n: usize| match n {
                    0 => 0,
                    1..=7 => (x | LOWER) & (u64::MAX >> (64 - 8 * n as u32)),
                    _ => x | LOWER,
                };
                let n = run.len();
                let key = [
                    lower_n(first, n.min(8)),
                    if n > 8 {
                        lower_n(load8(bytes, start + 8), n - 8)
                    } else {
                        0
                    },
                ];
                if let Some(w) = self.cached(key) {
                    if w.surface != NONE {
                        out.push(w);
                    }
                    continue;
                }
                if upper {
                    buf.clear();
                    buf.push_str(run);
                    buf.make_ascii_lowercase();
                    self.push_new(&buf, Some(key), out);
                } else {
                    self.push_new(run, Some(key), out);
                }
                continue;
            }
            if !goes_on && !upper && !run.is_empty() {
                self.push(run, out);
                continue;
            }
            buf.clear();
            buf.push_str(run);
            buf.make_ascii_lowercase();
            if !goes_on && !run.is_empty() {
                self.push(&buf, out);
                continue;
            }
            loop {
                match bytes.get(i) {
                    Some(&c) if c < 0x80 => {
                        if c.is_ascii_alphanumeric() {
                            buf.push(char::from(c.to_ascii_lowercase()));
                            i += 1;
                        } else if c == b'\'' && !buf.is_empty() && alnum_at(i + 1) {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    Some(_) => match char_at(i) {
                        Some(ch) if ch.is_alphanumeric() => {
                            buf.extend(ch.to_lowercase());
                            i += ch.len_utf8();
                        }
                        Some('’') if !buf.is_empty() && alnum_at(i + '’'.len_utf8()) => {
                            i += '’'.len_utf8();
                        }
                        _ => break,
                    },
                    None => break,
                }
            }
            self.push(&buf, out);
        }
        self.buf = buf;
    }

    /// [`Self::words`] over every block of a document, read in place.
    pub fn doc_words(&mut self, doc: &Doc, out: &mut Vec<Word>) {
        for b in &doc.blocks {
            match b {
                Block::Heading { text, .. }
                | Block::Paragraph { text }
                | Block::Code { text, .. }
                | Block::Quote { text }
                | Block::ListItem { text, .. } => self.words(text, out),
                Block::Table { rows } => {
                    for cell in rows.iter().flatten() {
                        self.words(cell, out);
                    }
                }
                Block::Rule => {}
            }
        }
    }

    fn push(&mut self, lower: &str, out: &mut Vec<Word>) {
        let key = pack(lower);
        if let Some(w) = key.and_then(|key| self.cached(key)) {
            if w.surface != NONE {
                out.push(w);
            }
            return;
        }
        self.push_new(lower, key, out);
    }

    /// The short-word cache's word for `key`, if its slot holds that key (a word whose
    /// surface is `NONE` is a stop word or an ignored token).
    #[inline]
    fn cached(&self, key: ShortKey) -> Option<Word> {
        let at = short_slot(key);
        match self.short.get(at..at + 3) {
            Some(&[k0, k1, w]) if [k0, k1] == key => Some(unpack_word(w)),
            _ => None,
        }
    }

    /// [`Self::push`] of a word not in the short-word cache (`key` is its [`pack`]).
    fn push_new(&mut self, lower: &str, key: Option<ShortKey>, out: &mut Vec<Word>) {
        let v = &mut self.vocab;
        let hash = token_hash(lower.as_bytes());
        let w = match v.token(hash, lower) {
            Some(w) => w,
            None => {
                let start = v.text.len();
                v.text.push_str(lower);
                let end = v.text.len();
                let w = if keep(lower) && !self.stopwords.contains(lower) {
                    // Tokens with digits ("x64", "v2", "2.53.7") are not English words:
                    // they are their own stem.
                    // Words of one lexicon group share the stem of its head word.
                    let stem = if lower.bytes().any(|b| b.is_ascii_digit()) {
                        std::borrow::Cow::Borrowed(lower)
                    } else {
                        let stem = self.stemmer.stem(lower);
                        match synonyms::head_of(self.synonyms, lower)
                            .or_else(|| synonyms::head_of(self.synonyms, &stem))
                        {
                            Some(head) => self.stemmer.stem(head),
                            None => stem,
                        }
                    };
                    let stem = match v.stem_ids.get(stem.as_ref()) {
                        Some(&s) => s,
                        None => {
                            let s = v.stems.len() as u32;
                            v.stems.push(stem.as_ref().into());
                            v.stem_ids.insert(stem.as_ref().into(), s);
                            s
                        }
                    };
                    let id = v.surfaces.len() as u32;
                    v.surfaces.push((start, end, stem, (NONE, 0)));
                    Word { surface: id, stem }
                } else {
                    DROPPED
                };
                let token = Token {
                    start,
                    end,
                    word: w,
                };
                match v.by_hash.entry(hash) {
                    std::collections::hash_map::Entry::Occupied(_) => {
                        v.collided.insert(lower.into(), token);
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(token);
                    }
                }
                w
            }
        };
        if let Some(k) = key {
            let at = short_slot(k);
            if let Some(slot) = self.short.get_mut(at..at + 3) {
                slot.copy_from_slice(&[k[0], k[1], pack_word(w)]);
            }
        }
        if w.surface != NONE {
            out.push(w);
        }
    }
}

impl Vocab {
    /// The lower-cased word with this surface id.
    pub fn surface(&self, id: u32) -> &str {
        self.surfaces
            .get(id as usize)
            .and_then(|&(a, b, _, _)| self.text.get(a..b))
            .unwrap_or_default()
    }

    /// The ids of a token met before ([`DROPPED`] if it was dropped), `None` if it is
    /// new. `hash` is its [`token_hash`].
    fn token(&self, hash: u64, lower: &str) -> Option<Word> {
        let t = self.by_hash.get(&hash)?;
        let seen = self.text.as_bytes().get(t.start..t.end).unwrap_or_default();
        if same_bytes(seen, lower.as_bytes()) {
            Some(t.word)
        } else {
            self.collided.get(lower).map(|t| t.word)
        }
    }

    /// The stem with this id.
    pub fn stem(&self, id: u32) -> &str {
        self.stems.get(id as usize).map_or("", |s| &**s)
    }

    /// Number of distinct stems (stem ids are below it).
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }

    /// Number of distinct trigrams (gram ids are below it).
    pub fn gram_count(&self) -> usize {
        self.gram_ids.len()
    }

    /// The id of a stem, if this vocabulary has it.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        self.stem_ids.get(stem).copied()
    }

    /// The id of a packed trigram (see [`gram_keys`]), if this vocabulary has it.
    pub fn gram_id(&self, key: u64) -> Option<u32> {
        self.gram_ids.get(&key).copied()
    }

    /// The trigram ids of a surface, computed once per distinct word.
    pub fn grams(&mut self, surface: u32) -> &[u32] {
        let Some(&(_, _, _, (start, len))) = self.surfaces.get(surface as usize) else {
            return &[];
        };
        let (start, len) = if start == NONE {
            let mut keys = Vec::new();
            gram_keys(self.surface(surface), &mut keys);
            let start = self.grams.len() as u32;
            for k in keys {
                let next = self.gram_ids.len() as u32;
                let g = *self.gram_ids.entry(k).or_insert(next);
                self.grams.push(g);
            }
            let len = self.grams.len() as u32 - start;
            if let Some(s) = self.surfaces.get_mut(surface as usize) {
                s.3 = (start, len);
            }
            (start, len)
        } else {
            (start, len)
        };
        self.grams
            .get(start as usize..start as usize + len as usize)
            .unwrap_or_default()
    }
}

/// A 64-bit hash of a token, read eight bytes at a time (the last chunk zero-padded,
/// the length mixed in first), for [`Vocab`]'s table.
fn token_hash(b: &[u8]) -> u64 {
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = mix(0, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, word(c));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = mix(h, word(rest));
    }
    // The map hashes the key again by multiplying: fold the well-mixed high bits down
    // so its bucket (the low bits) depends on the whole token.
    h ^ (h >> 29)
}

/// Byte equality eight bytes at a time (in WebAssembly `==` on slices is a call to a
/// byte-by-byte `memcmp`).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if word(p) != word(q) {
            return false;
        }
    }
    word(x.remainder()) == word(y.remainder())
}

/// Up to eight bytes as a `u64` (zero-padded; the rest ignored).
#[inline]
fn word(b: &[u8]) -> u64 {
    if let Ok(a) = <[u8; 8]>::try_from(b) {
        return u64::from_le_bytes(a);
    }
    // Byte by byte: a copy of a variable length would be a call to `memcpy`.
    let mut w = 0u64;
    for (i, &x) in b.iter().take(8).enumerate() {
        w |= u64::from(x) << (8 * i);
    }
    w
}

fn keep(lower: &str) -> bool {
    let n = lower.chars().count();
    if !(2..=40).contains(&n) {
        return false;
    }
    // Pure digit runs longer than a version component are ids, dates or hashes.
    if lower.bytes().all(|c| c.is_ascii_digit()) && n > 4 {
        return false;
    }
    true
}

/// Character trigrams of a word, with `^`/`$` marking its ends, so that "FaceBook" and
/// "facebook", or "useragent" and "user agent", still overlap. Each trigram is packed
/// into a `u64` (three 21-bit code points).
pub fn gram_keys(word: &str, out: &mut Vec<u64>) {
    // The two characters before the current one (`None` before the word starts).
    let mut prev: (Option<u64>, u64) = (None, u64::from(u32::from('^')));
    for c in word.chars().chain(std::iter::once('$')) {
        let c = u64::from(u32::from(c));
        if let Some(a) = prev.0 {
            out.push((a << 42) | (prev.1 << 21) | c);
        }
        prev = (Some(prev.1), c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stems `t` gives the words of `text` (also used by `synonyms`' tests).
    pub(super) fn stems(t: &mut Tokenizer, text: &str) -> Vec<String> {
        let mut w = Vec::new();
        t.words(text, &mut w);
        w.iter().map(|w| t.vocab.stem(w.stem).to_string()).collect()
    }

    #[test]
    fn words_are_stemmed_lowercased_and_filtered() {
        let mut t = Tokenizer::default();
        assert_eq!(
            stems(
                &mut t,
                "The Download window never finishes; doesn't crash at 20200102 on v2.53"
            ),
            // "doesn't" is "does not" (see synonyms.rs).
            vec!["download", "window", "never", "finish", "not", "crash", "v2", "53"]
        );
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("The User’s DON'T naïve’s 'quoted' it'", &mut w);
        let s: Vec<&str> = w.iter().map(|w| t.vocab.surface(w.surface)).collect();
        assert_eq!(s, vec!["users", "dont", "naïves", "quoted"]);
    }

    #[test]
    fn version_strings_are_kept_whole_and_split() {
        let mut t = Tokenizer::default();
        assert_eq!(
            stems(&mut t, "Broken in 2.53.7. (rv:60.0) not 1.5x or 3."),
            // "broken" is in the "fail" group (see synonyms.rs).
            vec!["fail", "2.53.7", "53", "rv", "60.0", "60", "not", "5x"]
        );
    }

    #[test]
    fn a_word_met_again_has_the_same_ids() {
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("Crashes crashes crashed", &mut w);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0], w[1]);
        assert_eq!(w[0].stem, w[2].stem);
        assert_ne!(w[0].surface, w[2].surface);
        assert_eq!(t.vocab.surface(w[2].surface), "crashed");
    }

    /// Two tokens with one hash: the second is told apart by its text, and each keeps
    /// its own ids when met again (the hash is forced to collide here).
    #[test]
    fn tokens_with_one_hash_keep_their_own_ids() {
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("configuration", &mut w);
        let first = w[0];
        // Point the hash of "installation" at the entry of "configuration".
        let entry = t.vocab.by_hash[&token_hash(b"configuration")];
        t.vocab.by_hash.insert(token_hash(b"installation"), entry);
        w.clear();
        t.words("installation configuration installation", &mut w);
        assert_eq!(t.vocab.collided.len(), 1);
        assert_eq!(w[1], first);
        assert_eq!(w[0], w[2]);
        assert_ne!(w[0].surface, first.surface);
        assert_eq!(t.vocab.surface(w[0].surface), "installation");
        assert_eq!(t.vocab.stem(w[0].stem), "instal");
    }

    #[test]
    fn byte_classes_match_the_ascii_tests() {
        for c in 0..=255u8 {
            assert_eq!(class(c) & ALNUM != 0, c.is_ascii_alphanumeric(), "{c}");
            assert_eq!(class(c) & UPPER != 0, c.is_ascii_uppercase(), "{c}");
        }
    }

    /// Eight bytes classed at once agree with the byte table, for every byte value at
    /// every position beside neighbours of every kind.
    #[test]
    fn eight_byte_classes_match_the_byte_table() {
        let fills = [
            0u8, b'a', b'z', b'A', b'Z', b'0', b'9', b' ', b'@', b'[', b'`', b'{', b'/', b':',
            b'\'', 0x7f, 0x80, 0xc3, 0xff,
        ];
        for fill in fills {
            for pos in 0..8 {
                for c in 0..=255u8 {
                    let mut b = [fill; 8];
                    b[pos] = c;
                    let (alnum, capitals) = classes8(u64::from_le_bytes(b));
                    for (k, &x) in b.iter().enumerate() {
                        let bit = |m: u64| (m >> (8 * k + 7)) & 1 == 1;
                        assert_eq!(bit(alnum), class(x) & ALNUM != 0, "{b:?} at {k}");
                        assert_eq!(bit(capitals), class(x) & UPPER != 0, "{b:?} at {k}");
                    }
                    assert_eq!((alnum | capitals) & !HIGH, 0);
                }
            }
        }
    }

    /// Words of 1 to 20 letters and digits, in every case mix, ended by the text, a
    /// space, punctuation, an apostrophe or a non-ASCII letter, give the lower-cased
    /// words a plain split gives (the eight-bytes-at-a-time scan and the short-word
    /// cache at every length around eight).
    #[test]
    fn words_of_every_length_and_case() {
        let letters = "QuIxOtIcZy7Bk3WvPmRjFh";
        for len in 1..=20 {
            let w: String = letters.chars().take(len).collect();
            for (text, expected) in [
                (w.clone(), vec![w.to_lowercase()]),
                (format!("{w} {w}."), vec![w.to_lowercase(); 2]),
                (
                    format!("({w}),{}", w.to_uppercase()),
                    vec![w.to_lowercase(); 2],
                ),
                (format!("{w}'s"), vec![format!("{}s", w.to_lowercase())]),
                (format!("{w}é x"), vec![format!("{}é", w.to_lowercase())]),
            ] {
                // Twice: the second time every word comes from the caches.
                let mut t = Tokenizer::default();
                for _ in 0..2 {
                    let mut out = Vec::new();
                    t.words(&text, &mut out);
                    let got: Vec<&str> = out.iter().map(|w| t.vocab.surface(w.surface)).collect();
                    let want: Vec<&str> = expected
                        .iter()
                        .map(String::as_str)
                        .filter(|w| w.chars().count() >= 2)
                        .collect();
                    assert_eq!(got, want, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn same_bytes_compares_every_byte() {
        let words = [
            "",
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnopq",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
            // One byte changed at each position.
            for i in 0..a.len() {
                let mut c = a.as_bytes().to_vec();
                c[i] ^= 1;
                assert!(!same_bytes(a.as_bytes(), &c), "{a} at {i}");
            }
        }
        assert_ne!(token_hash(b"abcdefgh"), token_hash(b"abcdefgh\0"));
    }

    #[test]
    fn non_ascii_words_survive() {
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("Größe ändern — 日本語 naïve", &mut w);
        let s: Vec<&str> = w.iter().map(|w| t.vocab.surface(w.surface)).collect();
        assert_eq!(s, vec!["größe", "ändern", "日本語", "naïve"]);
    }

    #[test]
    fn trigrams_mark_word_ends() {
        let mut keys = Vec::new();
        gram_keys("tab", &mut keys);
        let pack = |s: &str| {
            let c: Vec<u64> = s.chars().map(|c| u64::from(u32::from(c))).collect();
            (c[0] << 42) | (c[1] << 21) | c[2]
        };
        assert_eq!(keys, vec![pack("^ta"), pack("tab"), pack("ab$")]);
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("tab tab", &mut w);
        let g = t.vocab.grams(w[0].surface).to_vec();
        assert_eq!(g.len(), 3);
        assert_eq!(t.vocab.grams(w[1].surface), &g[..]);
        assert_eq!(t.vocab.gram_count(), 3);
    }
}
