//! Tokens, stems and multi-word phrase matching for the KPI linker.
//!
//! Text is cut into words (runs of alphanumeric characters; `sign-up` is two words),
//! lower-cased and stemmed with the Snowball English stemmer, so "onboard", "onboarding"
//! and "onboarded" meet. Phrases are matched over the stem sequence: every stem of a
//! pattern has an id, a text becomes the sequence of its words' ids, and a pattern matches
//! where its ids occur consecutively, so matches always start and end on word boundaries.

use rust_stemmers::{Algorithm, Stemmer};

/// At most this many words of one field are read: long descriptions (stack traces, logs)
/// add noise and time, and the outcome of a backlog item is stated near its top.
pub(crate) const MAX_TOKENS: usize = 1500;

/// What the linker needs of a word: its id in the [`PhraseMatcher`] ([`NO_WORD`] when in
/// no pattern) and, for words in a pattern, its suffix class as an id of the linker's
/// class table ([`OTHER_CLASS`] for a class no phrase has).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct WordInfo {
    pub id: u32,
    pub class: u32,
}

/// Class id of a suffix class that no phrase of the linker has: it equals no phrase's.
pub(crate) const OTHER_CLASS: u32 = u32::MAX;

/// Distinct words the [`WordCache`] remembers before it starts over.
const WORD_CACHE_CAP: usize = 1 << 16;

/// A small, fast hasher for the word cache (FxHash: the cache is capped, and a poor
/// spread only costs time).
#[derive(Default)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
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

    fn write_u128(&mut self, v: u128) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ (v as u64)).wrapping_mul(K);
        self.0 = (self.0.rotate_left(5) ^ ((v >> 64) as u64)).wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordMap<K> = std::collections::HashMap<K, WordInfo, std::hash::BuildHasherDefault<WordHasher>>;

/// A word of at most 16 bytes as one number (its bytes, little-endian, zero-padded). A
/// word holds no NUL byte (NUL is not alphanumeric), so different words get different
/// numbers; `None` for longer or empty words.
#[cfg(test)]
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut w = [0u8; 16];
    w.get_mut(..b.len())?.copy_from_slice(b);
    Some(u128::from_le_bytes(w))
}

/// [`short_key`] of the word `b[start..end]`, as its low and high halves. Where sixteen
/// bytes are there from `start` (nearly always), two loads and a mask; else a byte loop
/// (the end of a text). No copy of a variable length, which is a `memcpy` call.
#[inline]
fn short_key_at(b: &[u8], start: usize, end: usize) -> Option<(u64, u64)> {
    let len = end.checked_sub(start)?;
    if len == 0 || len > 16 || end > b.len() {
        return None;
    }
    // The low `n` bytes (1 ≤ n ≤ 8) of a little-endian number.
    let mask = |n: usize| u64::MAX >> (64 - 8 * n);
    if let Some(w) = start
        .checked_add(16)
        .and_then(|e| b.get(start..e))
        .and_then(|w| <[u8; 16]>::try_from(w).ok())
    {
        let x = u128::from_le_bytes(w);
        let (lo, hi) = (x as u64, (x >> 64) as u64);
        return Some(if len <= 8 {
            (lo & mask(len), 0)
        } else {
            (lo, hi & mask(len - 8))
        });
    }
    let (mut lo, mut hi) = (0u64, 0u64);
    for (k, &c) in b.get(start..end)?.iter().enumerate() {
        if k < 8 {
            lo |= u64::from(c) << (8 * k);
        } else {
            hi |= u64::from(c) << (8 * (k - 8));
        }
    }
    Some((lo, hi))
}

/// Slots of the [`WordCache`]'s front table (a power of two).
const HOT_SLOTS: usize = 1 << 12;

/// A slot of the front table: a short word's key halves (both zero when empty; a word is
/// never empty and holds no NUL byte, so its low half is never zero) and its information.
#[derive(Clone, Copy, Default)]
struct HotSlot {
    lo: u64,
    hi: u64,
    info: WordInfo,
}

/// The front table's slot for a key.
#[inline]
fn hot_slot(lo: u64, hi: u64) -> usize {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let h = (lo ^ hi.rotate_left(32)).wrapping_mul(K);
    (h >> (64 - HOT_SLOTS.trailing_zeros())) as usize
}

/// A memo of [`WordInfo`] by word as written. Stemming is a pure function of the word,
/// so what the cache holds never changes a result, only the time it takes. Words of up to
/// 16 bytes (nearly all) are keyed by a number, so a lookup compares no strings; the most
/// frequent of them are answered by a small direct-mapped front table (96 KB, it stays in
/// the processor's cache, where the large table's slots mostly do not).
#[derive(Default)]
pub(crate) struct WordCache {
    hot: Vec<HotSlot>,
    short: WordMap<u128>,
    long: WordMap<Box<str>>,
}

impl WordCache {
    /// The cached information of `word`, or `compute`'s answer (then remembered).
    #[cfg(test)]
    pub(crate) fn get_or(&mut self, word: &str, compute: impl FnOnce() -> WordInfo) -> WordInfo {
        self.get_or_at(word, 0, word.len(), |_| compute())
    }

    /// The cached information of the word `text[start..end]`, or `compute`'s answer for
    /// it (then remembered). `compute` is given the word.
    #[inline]
    pub(crate) fn get_or_at(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        compute: impl FnOnce(&str) -> WordInfo,
    ) -> WordInfo {
        if let Some((lo, hi)) = short_key_at(text.as_bytes(), start, end) {
            let slot = hot_slot(lo, hi);
            if let Some(s) = self.hot.get(slot) {
                if s.lo == lo && s.hi == hi {
                    return s.info;
                }
            }
            let info = self.get_short(lo, hi, text, start, end, compute);
            if self.hot.is_empty() {
                self.hot = vec![HotSlot::default(); HOT_SLOTS];
            }
            if let Some(s) = self.hot.get_mut(slot) {
                *s = HotSlot { lo, hi, info };
            }
            return info;
        }
        let word = text.get(start..end).unwrap_or("");
        if let Some(info) = self.long.get(word) {
            return *info;
        }
        let info = compute(word);
        self.make_room();
        self.long.insert(word.into(), info);
        info
    }

    /// The large table's answer for a short word (after a miss in the front table).
    #[inline(never)]
    fn get_short(
        &mut self,
        lo: u64,
        hi: u64,
        text: &str,
        start: usize,
        end: usize,
        compute: impl FnOnce(&str) -> WordInfo,
    ) -> WordInfo {
        let key = u128::from(lo) | (u128::from(hi) << 64);
        if let Some(info) = self.short.get(&key) {
            return *info;
        }
        let info = compute(text.get(start..end).unwrap_or(""));
        self.make_room();
        self.short.insert(key, info);
        info
    }

    /// Start over when the large tables are full (the front table only ever holds
    /// correct answers, so it stays).
    fn make_room(&mut self) {
        if self.short.len() + self.long.len() >= WORD_CACHE_CAP {
            self.short.clear();
            self.long.clear();
        }
    }
}

/// A word of the input with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub stem: String,
    /// What the stemmer cut off, by family: `""` for inflections (-s, -es, -ed, -ing…),
    /// otherwise the derivational suffix itself (-ity, -ance, -ible…).
    pub class: String,
}

/// Inflectional endings: words that differ only by these are the same word.
const INFLECTIONS: &[&str] = &[
    "", "s", "es", "ed", "d", "ing", "e", "y", "ies", "ied", "ying", "ly",
];

/// The suffix family of `word` given its stem. Porter stemming also conflates derived
/// words ("perform"/"performance", "access"/"accessible", "experience"/"experiment");
/// comparing these families keeps the inflections together and the derivations apart.
pub(crate) fn suffix_class(word: &str, stem: &str) -> String {
    let common = word
        .char_indices()
        .zip(stem.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map(|((i, c), _)| i + c.len_utf8())
        .unwrap_or(0);
    let rest = word.get(common..).unwrap_or("");
    if INFLECTIONS.contains(&rest) {
        String::new()
    } else {
        rest.to_string()
    }
}

pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The stem of one lower-cased word, and its suffix class (see [`Token`]).
pub(crate) fn stem_of(lower: String, stemmer: &Stemmer) -> (String, String) {
    if lower.chars().all(char::is_alphabetic) {
        let stem = stemmer.stem(&lower).into_owned();
        let class = suffix_class(&lower, &stem);
        (stem, class)
    } else {
        (lower, String::new())
    }
}

/// Split `text` into stemmed words with their byte ranges.
pub(crate) fn tokenize(text: &str, stemmer: &Stemmer) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |s, e| {
        if let Some(word) = text.get(s..e) {
            let (stem, class) = stem_of(word.to_lowercase(), stemmer);
            out.push(Token {
                start: s,
                end: e,
                stem,
                class,
            });
        }
    });
    out
}

/// Per byte: [`ALNUM`], [`LOWER`], [`UPPER`] for ASCII, as `char` would answer;
/// [`NOT_ASCII`] for the bytes of other characters (decoded and asked their Unicode
/// properties, [`class_of`]).
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b >= 0x80 {
            NOT_ASCII
        } else if b.is_ascii_lowercase() {
            ALNUM | LOWER
        } else if b.is_ascii_uppercase() {
            ALNUM | UPPER
        } else if b.is_ascii_digit() {
            ALNUM
        } else {
            0
        };
        c += 1;
    }
    t
};
const ALNUM: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
const NOT_ASCII: u8 = 8;

/// The class of a character ([`ALNUM`], [`LOWER`], [`UPPER`]): the table for ASCII, the
/// Unicode properties otherwise.
#[inline]
fn class_of(c: char) -> u8 {
    if c.is_ascii() {
        return BYTE_CLASS.get(c as usize).copied().unwrap_or(0);
    }
    let mut k = 0;
    if c.is_alphanumeric() {
        k |= ALNUM;
    }
    if c.is_lowercase() {
        k |= LOWER;
    }
    if c.is_uppercase() {
        k |= UPPER;
    }
    k
}

/// The state of [`for_each_word`] between characters.
struct WordScan<F> {
    f: F,
    count: usize,
    /// Where the word being read starts.
    start: Option<usize>,
}

impl<F: FnMut(usize, usize)> WordScan<F> {
    /// Read the character of class `class` at byte `i` of `text` (`prev`: the class of the
    /// character before it). False once [`MAX_TOKENS`] words are out.
    #[inline(always)]
    fn step(&mut self, text: &str, i: usize, class: u8, prev: u8) -> bool {
        if class & ALNUM != 0 {
            match self.start {
                None => self.start = Some(i),
                Some(s) => {
                    let lower_to_upper = prev & LOWER != 0 && class & UPPER != 0;
                    // "HTTPServer" splits before "S"; plural acronyms ("FAQs", "APIs") do not.
                    let acronym_end =
                        !lower_to_upper && prev & UPPER != 0 && class & UPPER != 0 && {
                            let mut ahead = text.get(i..).unwrap_or("").chars().skip(1);
                            let (next, after) = (ahead.next(), ahead.next());
                            next.is_some_and(|c| class_of(c) & LOWER != 0)
                                && after.is_some_and(|c| class_of(c) & LOWER != 0)
                        };
                    if lower_to_upper || acronym_end {
                        (self.f)(s, i);
                        self.count += 1;
                        if self.count >= MAX_TOKENS {
                            return false;
                        }
                        self.start = Some(i);
                    }
                }
            }
        } else if let Some(s) = self.start.take() {
            (self.f)(s, i);
            self.count += 1;
            if self.count >= MAX_TOKENS {
                return false;
            }
        }
        true
    }
}

/// Call `f(start, end)` for each word of `text` (the words [`tokenize`] returns, at most
/// [`MAX_TOKENS`]).
///
/// Words also break inside identifiers written in camel case, as issue titles in
/// developer trackers often are: "TestCase" → "Test" "Case", "HTTPServer" → "HTTP"
/// "Server". Only an upper-case letter can start such a part, so runs of lower-case
/// ASCII letters and digits inside a word, and of ASCII non-word bytes between words, are
/// skipped a byte at a time with one table load each; other characters take the full
/// step (non-ASCII ones decoded).
pub(crate) fn for_each_word(text: &str, f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let mut scan = WordScan {
        f,
        count: 0,
        start: None,
    };
    // The class of the character before `i` (read only inside a word).
    let mut prev = 0u8;
    let mut i = 0usize;
    while let Some(&byte) = b.get(i) {
        let mut class = BYTE_CLASS.get(byte as usize).copied().unwrap_or(0);
        let mut len = 1;
        if class & NOT_ASCII != 0 {
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            class = class_of(c);
            len = c.len_utf8();
        }
        if !scan.step(text, i, class, prev) {
            return;
        }
        prev = class;
        i += len;
        if scan.start.is_some() {
            // Inside a word: lower-case ASCII letters and digits split nothing.
            let from = i;
            while let Some(&nb) = b.get(i) {
                if BYTE_CLASS.get(nb as usize).copied().unwrap_or(0) & (ALNUM | UPPER | NOT_ASCII)
                    != ALNUM
                {
                    break;
                }
                i += 1;
            }
            if i > from {
                prev = b
                    .get(i - 1)
                    .and_then(|&c| BYTE_CLASS.get(c as usize))
                    .copied()
                    .unwrap_or(0);
            }
        } else {
            // Between words: ASCII bytes that are no letter or digit.
            while let Some(&nb) = b.get(i) {
                if BYTE_CLASS.get(nb as usize).copied().unwrap_or(0) & (ALNUM | NOT_ASCII) != 0 {
                    break;
                }
                i += 1;
            }
        }
    }
    if let Some(s) = scan.start {
        (scan.f)(s, text.len());
    }
}

/// The stem sequence of a phrase, space-joined (`"sign-up flows"` → `"sign up flow"`).
pub(crate) fn stem_phrase(phrase: &str, stemmer: &Stemmer) -> String {
    tokenize(phrase, stemmer)
        .into_iter()
        .map(|t| t.stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A phrase occurrence: which pattern, and the range of token indices it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseMatch {
    pub pattern: usize,
    pub first: usize,
    /// One past the last token.
    pub last: usize,
}

/// Id of a word that occurs in no pattern.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// Finds a fixed set of stemmed phrases in token sequences.
///
/// Every distinct stem of the patterns gets an id; a text is matched as the sequence of its
/// words' ids ([`NO_WORD`] for words in no pattern), so a phrase matches exactly where its
/// stems occur as consecutive words.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMatcher {
    /// Stem → id.
    words: std::collections::HashMap<String, u32>,
    /// Per pattern: its stems' ids (empty for an empty pattern, which never matches).
    patterns: Vec<Vec<u32>>,
    /// Per word id: the patterns that start with it, in pattern order.
    by_first: Vec<Vec<usize>>,
}

impl PhraseMatcher {
    /// `patterns` are stem sequences as returned by [`stem_phrase`]; empty ones never match.
    pub(crate) fn new(patterns: &[String]) -> Self {
        let mut words: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut by_first: Vec<Vec<usize>> = Vec::new();
        let mut seqs = Vec::with_capacity(patterns.len());
        for (p, pattern) in patterns.iter().enumerate() {
            let seq: Vec<u32> = pattern
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let next = words.len() as u32;
                    *words.entry(w.to_string()).or_insert(next)
                })
                .collect();
            if let Some(&first) = seq.first() {
                by_first.resize_with(words.len(), Vec::new);
                if let Some(list) = by_first.get_mut(first as usize) {
                    list.push(p);
                }
            }
            seqs.push(seq);
        }
        by_first.resize_with(words.len(), Vec::new);
        PhraseMatcher {
            words,
            patterns: seqs,
            by_first,
        }
    }

    /// The id of a stem, [`NO_WORD`] when no pattern holds it.
    pub(crate) fn word_id(&self, stem: &str) -> u32 {
        self.words.get(stem).copied().unwrap_or(NO_WORD)
    }

    /// Every occurrence of every pattern (overlapping) in `tokens` (the linker itself
    /// matches word ids, see [`Self::find_ids`]).
    #[cfg(test)]
    pub(crate) fn find(&self, tokens: &[Token]) -> Vec<PhraseMatch> {
        let words: Vec<(usize, usize, WordInfo)> = tokens
            .iter()
            .map(|t| {
                let id = self.word_id(&t.stem);
                (t.start, t.end, WordInfo { id, class: 0 })
            })
            .collect();
        self.find_ids(&words)
    }

    /// Every occurrence of every pattern (overlapping) in a sequence of words (by their
    /// ids, [`WordInfo::id`]), sorted by first token, last token, pattern.
    pub(crate) fn find_ids<T>(&self, words: &[(T, T, WordInfo)]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (first, (_, _, info)) in words.iter().enumerate() {
            let Some(starting) = self.by_first.get(info.id as usize) else {
                continue;
            };
            for &pattern in starting {
                let Some(seq) = self.patterns.get(pattern) else {
                    continue;
                };
                let last = first + seq.len();
                let same = words
                    .get(first..last)
                    .is_some_and(|w| w.iter().map(|x| x.2.id).eq(seq.iter().copied()));
                if same {
                    out.push(PhraseMatch {
                        pattern,
                        first,
                        last,
                    });
                }
            }
        }
        if out.len() > 1 {
            crate::rules::sort::sort_by_key(&mut out, |m| (m.first, m.last, m.pattern));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former [`for_each_word`], decoding every character (the tests' oracle).
    fn for_each_word_chars(text: &str, mut f: impl FnMut(usize, usize)) {
        let mut count = 0usize;
        let mut start: Option<usize> = None;
        // Words also break inside identifiers written in camel case, as issue titles in
        // developer trackers often are: "TestCase" → "Test" "Case", "HTTPServer" → "HTTP"
        // "Server".
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                match start {
                    None => start = Some(i),
                    Some(s) => {
                        let lower_to_upper =
                            prev.is_some_and(char::is_lowercase) && c.is_uppercase();
                        // "HTTPServer" splits before "S"; plural acronyms ("FAQs", "APIs") do not.
                        let acronym_end = !lower_to_upper
                            && prev.is_some_and(char::is_uppercase)
                            && c.is_uppercase()
                            && {
                                let mut ahead = text.get(i..).unwrap_or("").chars().skip(1);
                                let (next, after) = (ahead.next(), ahead.next());
                                next.is_some_and(char::is_lowercase)
                                    && after.is_some_and(char::is_lowercase)
                            };
                        if lower_to_upper || acronym_end {
                            f(s, i);
                            count += 1;
                            if count >= MAX_TOKENS {
                                return;
                            }
                            start = Some(i);
                        }
                    }
                }
            } else if let Some(s) = start.take() {
                f(s, i);
                count += 1;
                if count >= MAX_TOKENS {
                    return;
                }
            }
            prev = Some(c);
        }
        if let Some(s) = start {
            f(s, text.len());
        }
    }

    /// Real text for the scanner and cache tests: the labelled KPI files (Dalpiaz
    /// stories, Deep-SE issues), the import fixtures (Jira, Linear, GitHub, GitLab, Azure
    /// DevOps exports, some with non-ASCII text) and, when `../shared/data` is there (it
    /// need not be), the start of each Deep-SE CSV.
    fn real_texts() -> Vec<String> {
        let mut texts: Vec<String> = crate::kpi::metric::tests::REAL
            .iter()
            .chain(&[
                include_str!("../../tests/fixtures/import/seamonkey_sample.csv"),
                include_str!("../../tests/fixtures/import/jira_v3_issue.json"),
                include_str!("../../tests/fixtures/import/jira_v3_search_jql.json"),
                include_str!("../../tests/fixtures/import/linear_issues.json"),
                include_str!("../../tests/fixtures/import/github_issues.json"),
                include_str!("../../tests/fixtures/import/gitlab_issues.json"),
                include_str!("../../tests/fixtures/import/ado_workitems.json"),
            ])
            .flat_map(|t| t.lines())
            .map(str::to_string)
            .collect();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/issues/deepse");
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    let mut end = t.len().min(200_000);
                    while !t.is_char_boundary(end) {
                        end -= 1;
                    }
                    texts.extend(t[..end].split("\n\n").map(str::to_string));
                }
            }
        }
        texts
    }

    fn words_of(text: &str, scan: fn(&str, &mut dyn FnMut(usize, usize))) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        scan(text, &mut |a, b| v.push((a, b)));
        v
    }

    #[test]
    fn the_byte_scanner_cuts_the_words_the_char_scanner_did() {
        let edge = [
            "",
            "a",
            "A",
            "HTTPServer",
            "HTTPServ\u{e9}r",
            "ABC\u{e9}\u{e9}",
            "AB\u{c9}cole",
            "AB\u{e9}",
            "A\u{c9}\u{e9}x",
            "\u{c9}COLEPolytechnique",
            "a\u{c9}b",
            "\u{e9}A",
            "caf\u{e9}Bar",
            "na\u{ef}ve \u{661}\u{662}\u{663} x\u{2460}y",
            "NonBlockingTestCase HTTPServer iOS FAQs",
            "\u{1f600}Emoji\u{1f600}Word",
            "SSO\u{2019}s \u{201c}Quoted\u{201d}",
            "XMLHttpRequest ABc ABcd ABCd A1b 1Ab a1B",
            "\u{130}stanbul \u{3a3}\u{3c3}\u{3c2} \u{1c5}",
            "end with a word",
            "trailing space ",
            "ends on AB",
            "ends on ABc",
        ];
        let long = "word ".repeat(MAX_TOKENS + 20);
        let long_camel = "wordWord".repeat(MAX_TOKENS);
        let mut checked = 0usize;
        let texts = real_texts();
        for text in texts
            .iter()
            .map(String::as_str)
            .chain(edge)
            .chain([long.as_str(), long_camel.as_str()])
        {
            let fast = words_of(text, |t, f| for_each_word(t, f));
            let chars = words_of(text, |t, f| for_each_word_chars(t, f));
            assert_eq!(fast, chars, "{text}");
            checked += fast.len();
        }
        assert!(checked > 50_000, "{checked}");
        assert_eq!(
            words_of(&long, |t, f| for_each_word(t, f)).len(),
            MAX_TOKENS
        );
    }

    #[test]
    fn short_keys_are_read_in_place_at_any_position() {
        let text = "aB\u{e9}cdefghijklmnopqrstuvwxyz0123456789";
        let b = text.as_bytes();
        for start in 0..=b.len() {
            for end in start..=b.len() {
                let want = text
                    .get(start..end)
                    .and_then(short_key)
                    .map(|k| (k as u64, (k >> 64) as u64));
                // Byte ranges that are no `str` are never asked for; compare the others.
                if text.get(start..end).is_some() {
                    assert_eq!(short_key_at(b, start, end), want, "{start}..{end}");
                }
            }
        }
        assert_eq!(short_key_at(b, 3, 2), None);
        assert_eq!(short_key_at(b, 0, b.len() + 1), None);
    }

    #[test]
    fn the_cache_answers_what_it_was_told_for_every_word() {
        // An answer that differs per word (its length and a checksum of its bytes), so a
        // slot or key mix-up shows.
        fn answer(word: &str) -> WordInfo {
            let sum = word
                .bytes()
                .fold(7u32, |h, c| h.wrapping_mul(31).wrapping_add(u32::from(c)));
            WordInfo {
                id: word.len() as u32,
                class: sum,
            }
        }
        let mut cache = WordCache::default();
        let mut computed = 0usize;
        let mut looked_up = 0usize;
        let texts = real_texts();
        // Twice: the second pass is answered from the cache.
        for pass in 0..2 {
            for text in &texts {
                for_each_word(text, |s, e| {
                    let word = &text[s..e];
                    let got = cache.get_or_at(text, s, e, |w| {
                        assert_eq!(w, word);
                        computed += 1;
                        answer(w)
                    });
                    assert_eq!(got, answer(word), "pass {pass}: {word}");
                    looked_up += 1;
                });
            }
        }
        assert!(computed < looked_up / 2, "{computed} of {looked_up}");
        // Beyond the cap (the large tables start over) and through front-table
        // collisions: numbered words, short and long.
        let mut cache = WordCache::default();
        for round in 0..2 {
            for n in 0..(WORD_CACHE_CAP + 5_000) {
                let w = if n % 7 == 0 {
                    format!("averyverylongwordnumber{n}")
                } else {
                    format!("w{n}")
                };
                let got = cache.get_or(&w, || answer(&w));
                assert_eq!(got, answer(&w), "round {round}: {w}");
            }
        }
    }

    #[test]
    fn tokens_keep_byte_spans_over_non_ascii_text() {
        let s = stemmer();
        let text = "Café onboarding — sign-up flows";
        let toks = tokenize(text, &s);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Café", "onboarding", "sign", "up", "flows"]);
        assert_eq!(toks[1].stem, "onboard");
        assert_eq!(toks[1].class, "", "-ing is an inflection");
        let perf = tokenize("perform performance performed", &s);
        assert_eq!(perf[0].stem, perf[1].stem, "Porter conflates them");
        assert_ne!(
            perf[0].class, perf[1].class,
            "the suffix family tells them apart"
        );
        assert_eq!(perf[0].class, perf[2].class);
        assert_eq!(stem_phrase("Sign-up flows", &s), "sign up flow");
        let camel = "NonBlockingTestCase HTTPServer iOS FAQs";
        let words: Vec<&str> = tokenize(camel, &s)
            .iter()
            .map(|t| &camel[t.start..t.end])
            .collect();
        assert_eq!(
            words,
            ["Non", "Blocking", "Test", "Case", "HTTP", "Server", "i", "OS", "FAQs"]
        );
    }

    #[test]
    fn phrases_match_on_word_boundaries_only() {
        let s = stemmer();
        let pats = vec![
            stem_phrase("sign up", &s),
            stem_phrase("up", &s),
            stem_phrase("", &s),
        ];
        let m = PhraseMatcher::new(&pats);
        let toks = tokenize("Users who signed up; setup", &s);
        let found = m.find(&toks);
        // "signed up" matches "sign up" (stemmed), "up" matches alone; "setup" does not.
        assert_eq!(
            found,
            vec![
                PhraseMatch {
                    pattern: 0,
                    first: 2,
                    last: 4
                },
                PhraseMatch {
                    pattern: 1,
                    first: 3,
                    last: 4
                }
            ]
        );
    }
}
