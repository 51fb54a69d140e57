//! Tokens, stems and multi-word phrase matching for the KPI linker.
//!
//! Text is cut into words (runs of alphanumeric characters; `sign-up` is two words),
//! lower-cased and stemmed with the Snowball English stemmer, so "onboard", "onboarding"
//! and "onboarded" meet. Phrases are matched over the stem sequence with one Aho-Corasick
//! automaton: the haystack is ` stem1 stem2 … ` and every pattern ` s1 s2 ` is padded
//! with spaces, so matches always start and end on word boundaries.

use aho_corasick::{AhoCorasick, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};

/// At most this many words of one field are read: long descriptions (stack traces, logs)
/// add noise and time, and the outcome of a backlog item is stated near its top.
pub(crate) const MAX_TOKENS: usize = 1500;

/// A word of the input with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub stem: String,
}

pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Split `text` into stemmed words with their byte ranges.
pub(crate) fn tokenize(text: &str, stemmer: &Stemmer) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Token>| {
        if let Some(word) = text.get(s..e) {
            let lower = word.to_lowercase();
            let stem = if lower.chars().all(char::is_alphabetic) {
                stemmer.stem(&lower).into_owned()
            } else {
                lower
            };
            out.push(Token {
                start: s,
                end: e,
                stem,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut out);
            if out.len() >= MAX_TOKENS {
                return out;
            }
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
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

/// Finds a fixed set of stemmed phrases in token sequences.
#[derive(Debug, Clone)]
pub(crate) struct PhraseMatcher {
    ac: Option<AhoCorasick>,
    /// Word count of each pattern.
    lens: Vec<usize>,
}

impl PhraseMatcher {
    /// `patterns` are stem sequences as returned by [`stem_phrase`]; empty ones never match.
    pub(crate) fn new(patterns: &[String]) -> Self {
        let padded: Vec<String> = patterns
            .iter()
            .map(|p| {
                if p.is_empty() {
                    // A pattern that cannot occur in a haystack of words and spaces.
                    "\u{0}".to_string()
                } else {
                    format!(" {p} ")
                }
            })
            .collect();
        let lens = patterns
            .iter()
            .map(|p| p.split(' ').filter(|w| !w.is_empty()).count())
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&padded)
            .ok();
        PhraseMatcher { ac, lens }
    }

    /// Every occurrence of every pattern (overlapping) in `tokens`.
    pub(crate) fn find(&self, tokens: &[Token]) -> Vec<PhraseMatch> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut hay =
            String::with_capacity(tokens.iter().map(|t| t.stem.len() + 1).sum::<usize>() + 1);
        let mut starts = Vec::with_capacity(tokens.len());
        hay.push(' ');
        for t in tokens {
            starts.push(hay.len());
            hay.push_str(&t.stem);
            hay.push(' ');
        }
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(&hay) {
            let pattern = m.pattern().as_usize();
            let Ok(first) = starts.binary_search(&(m.start() + 1)) else {
                continue;
            };
            let n = self.lens.get(pattern).copied().unwrap_or(1).max(1);
            let last = (first + n).min(tokens.len());
            out.push(PhraseMatch {
                pattern,
                first,
                last,
            });
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
        assert_eq!(stem_phrase("Sign-up flows", &s), "sign up flow");
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
