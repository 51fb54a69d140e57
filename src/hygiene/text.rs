//! Text normalisation for near-duplicate detection: words, stopwords, stems, n-grams.
//!
//! Input is the plain text the importers already produced from tracker markup
//! ([`crate::model::Doc::text`]); what remains of markup (`{code}`, `h2.`, `*bold*`,
//! URLs) is split away here because only letters and digits form words.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of an issue: its stem (what is compared) and its lower-cased surface form
/// (what is shown as evidence). Both are shared with the tokenizer's cache, so a word
/// met again costs no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: Rc<str>,
    pub surface: Rc<str>,
}

/// FxHash (the rustc hasher): much faster than SipHash on the short keys used here;
/// keys come from the user's own backlog, so HashDoS resistance buys nothing.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
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

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
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

/// The tokenizer: owns the stemmer, the stopword set and a cache of stems, so building
/// it once serves a whole backlog.
pub struct Tokenizer {
    stemmer: Stemmer,
    stopwords: HashSet<&'static str, FxBuild>,
    /// Lower-cased token → (surface, stem); `None` for dropped tokens.
    cache: FxHashMap<Box<str>, Option<Word>>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            stemmer: Stemmer::create(Algorithm::English),
            stopwords: STOPWORDS.iter().copied().collect(),
            cache: FxHashMap::default(),
        }
    }
}

impl Tokenizer {
    /// Content words of `text`, in order: lower-cased, stopwords and one-letter tokens
    /// removed, long digit runs (ids, timestamps) dropped, stemmed.
    pub fn words(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let mut chars = text.chars().peekable();
        loop {
            // Split on anything that is not a letter or digit; an apostrophe inside a
            // word is dropped so "doesn't" becomes "doesnt" and "user's" "users".
            buf.clear();
            while let Some(c) = chars.next() {
                if c.is_ascii_alphanumeric() {
                    buf.push(c.to_ascii_lowercase());
                } else if !c.is_ascii() && c.is_alphanumeric() {
                    buf.extend(c.to_lowercase());
                } else if (c == '\'' || c == '’')
                    && !buf.is_empty()
                    && chars.peek().is_some_and(|n| n.is_alphanumeric())
                {
                    continue;
                } else if !buf.is_empty() {
                    break;
                }
            }
            if buf.is_empty() {
                break;
            }
            if let Some(w) = self.word(&buf) {
                out.push(w);
            }
        }
        out
    }

    fn word(&mut self, lower: &str) -> Option<Word> {
        if let Some(hit) = self.cache.get(lower) {
            return hit.clone();
        }
        let w = if keep(lower) && !self.stopwords.contains(lower) {
            let surface: Rc<str> = lower.into();
            let stem = self.stemmer.stem(lower);
            let stem: Rc<str> = if stem == lower {
                surface.clone()
            } else {
                stem.as_ref().into()
            };
            Some(Word { stem, surface })
        } else {
            None
        };
        // Bound the cache: a hostile input of endless distinct tokens must not grow it
        // without limit (the words are still returned, just not remembered).
        if self.cache.len() < 1 << 20 {
            self.cache.insert(lower.into(), w.clone());
        }
        w
    }
}

fn keep(lower: &str) -> bool {
    let n = lower.chars().count();
    if !(2..=40).contains(&n) {
        return false;
    }
    // Pure digit runs longer than a version component are ids, dates or hashes.
    if lower.chars().all(|c| c.is_ascii_digit()) && n > 4 {
        return false;
    }
    true
}

/// Character trigrams of each word, with `^`/`$` marking the word's ends, so that
/// "FaceBook" and "facebook", or "useragent" and "user agent", still overlap.
pub fn char_trigrams(words: &[Word], out: &mut Vec<String>) {
    for w in words {
        let chars: Vec<char> = std::iter::once('^')
            .chain(w.surface.chars())
            .chain(std::iter::once('$'))
            .collect();
        for g in chars.windows(3) {
            out.push(g.iter().collect());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_stemmed_lowercased_and_filtered() {
        let mut t = Tokenizer::default();
        let w: Vec<String> = t
            .words("The Download window never finishes; doesn't crash at 20200102 on v2.53")
            .into_iter()
            .map(|w| w.stem.to_string())
            .collect();
        assert_eq!(
            w,
            vec!["download", "window", "never", "finish", "doesnt", "crash", "v2", "53"]
        );
    }

    #[test]
    fn non_ascii_words_survive() {
        let mut t = Tokenizer::default();
        let w = t.words("Größe ändern — 日本語 naïve");
        let s: Vec<&str> = w.iter().map(|w| &*w.surface).collect();
        assert_eq!(s, vec!["größe", "ändern", "日本語", "naïve"]);
    }

    #[test]
    fn trigrams_mark_word_ends() {
        let mut t = Tokenizer::default();
        let mut g = Vec::new();
        char_trigrams(&t.words("tab"), &mut g);
        assert_eq!(g, vec!["^ta", "tab", "ab$"]);
    }
}
