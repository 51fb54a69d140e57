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

/// Split `text` into stemmed words with their byte ranges.
pub(crate) fn tokenize(text: &str, stemmer: &Stemmer) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Token>| {
        if let Some(word) = text.get(s..e) {
            let lower = word.to_lowercase();
            let (stem, class) = if lower.chars().all(char::is_alphabetic) {
                let stem = stemmer.stem(&lower).into_owned();
                let class = suffix_class(&lower, &stem);
                (stem, class)
            } else {
                (lower, String::new())
            };
            out.push(Token {
                start: s,
                end: e,
                stem,
                class,
            });
        }
    };
    // Words also break inside identifiers written in camel case, as issue titles in
    // developer trackers often are: "TestCase" → "Test" "Case", "HTTPServer" → "HTTP"
    // "Server".
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            match start {
                None => start = Some(i),
                Some(s) => {
                    let mut ahead = text.get(i..).unwrap_or("").chars().skip(1);
                    let (next, after) = (ahead.next(), ahead.next());
                    let lower_to_upper = prev.is_some_and(char::is_lowercase) && c.is_uppercase();
                    // "HTTPServer" splits before "S"; plural acronyms ("FAQs", "APIs") do not.
                    let acronym_end = prev.is_some_and(char::is_uppercase)
                        && c.is_uppercase()
                        && next.is_some_and(char::is_lowercase)
                        && after.is_some_and(char::is_lowercase);
                    if lower_to_upper || acronym_end {
                        push(s, i, &mut out);
                        if out.len() >= MAX_TOKENS {
                            return out;
                        }
                        start = Some(i);
                    }
                }
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut out);
            if out.len() >= MAX_TOKENS {
                return out;
            }
        }
        prev = Some(c);
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
