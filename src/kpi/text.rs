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
#[derive(Debug, Clone, Copy, PartialEq)]
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
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut w = [0u8; 16];
    w.get_mut(..b.len())?.copy_from_slice(b);
    Some(u128::from_le_bytes(w))
}

/// A memo of [`WordInfo`] by word as written. Stemming is a pure function of the word,
/// so what the cache holds never changes a result, only the time it takes. Words of up to
/// 16 bytes (nearly all) are keyed by a number, so a lookup compares no strings.
#[derive(Default)]
pub(crate) struct WordCache {
    short: WordMap<u128>,
    long: WordMap<Box<str>>,
}

impl WordCache {
    /// The cached information of `word`, or `compute`'s answer (then remembered).
    pub(crate) fn get_or(&mut self, word: &str, compute: impl FnOnce() -> WordInfo) -> WordInfo {
        let key = short_key(word);
        let hit = match key {
            Some(k) => self.short.get(&k),
            None => self.long.get(word),
        };
        if let Some(info) = hit {
            return *info;
        }
        let info = compute();
        if self.short.len() + self.long.len() >= WORD_CACHE_CAP {
            self.short.clear();
            self.long.clear();
        }
        match key {
            Some(k) => self.short.insert(k, info),
            None => self.long.insert(word.into(), info),
        };
        info
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

/// Call `f(start, end)` for each word of `text` (the words [`tokenize`] returns, at most
/// [`MAX_TOKENS`]).
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
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
                    let lower_to_upper = prev.is_some_and(char::is_lowercase) && c.is_uppercase();
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
        let ids: Vec<u32> = tokens.iter().map(|t| self.word_id(&t.stem)).collect();
        self.find_ids(&ids)
    }

    /// Every occurrence of every pattern (overlapping) in a sequence of word ids, sorted by
    /// first token, last token, pattern.
    pub(crate) fn find_ids(&self, ids: &[u32]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (first, &id) in ids.iter().enumerate() {
            let Some(starting) = self.by_first.get(id as usize) else {
                continue;
            };
            for &pattern in starting {
                let Some(seq) = self.patterns.get(pattern) else {
                    continue;
                };
                let last = first + seq.len();
                if ids.get(first..last) == Some(seq.as_slice()) {
                    out.push(PhraseMatch {
                        pattern,
                        first,
                        last,
                    });
                }
            }
        }
        out.sort_by_key(|m| (m.first, m.last, m.pattern));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
