//! Small text helpers shared by the rules: words with byte spans, stemming, sentence
//! ends. Everything works on byte offsets and never panics on any input.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};

use crate::model::Block;

/// A built-in pattern, compiled once per process into `cell`. `None` only if the
/// pattern does not compile: the patterns are literals, each exercised by the unit tests,
/// so a bad one fails the tests, and a rule without its pattern reports nothing rather
/// than panicking.
pub fn cached_regex(
    cell: &'static OnceLock<Option<Regex>>,
    pattern: &str,
) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// A block's text exactly as [`Block::text`] renders it, borrowed where the block holds
/// it as is (headings, paragraphs, code, quotes), so reading it allocates nothing.
pub fn block_text(b: &Block) -> Cow<'_, str> {
    match b {
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Code { text, .. }
        | Block::Quote { text } => Cow::Borrowed(text.as_str()),
        Block::Rule => Cow::Borrowed("---"),
        other => Cow::Owned(other.text()),
    }
}

/// A word with its byte range in the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text.
    pub lower: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Split `text` into words: runs of letters/digits, keeping an apostrophe between two
/// letters ("don't", "user's"). Hyphens and slashes separate words.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let joins = (c == '\'' || c == '’')
            && start.is_some()
            && iter.peek().is_some_and(|&(_, n)| n.is_alphabetic());
        if is_word_char(c) || joins {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(make_word(text, s, i));
        }
    }
    if let Some(s) = start {
        out.push(make_word(text, s, text.len()));
    }
    out
}

fn make_word(text: &str, start: usize, end: usize) -> Word {
    let lower = text
        .get(start..end)
        .unwrap_or_default()
        .to_lowercase()
        .replace('’', "'");
    Word { start, end, lower }
}

/// English Snowball stemmer (Porter 2).
pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Stem one lower-cased word; possessive "'s" is dropped first.
pub fn stem(stemmer: &Stemmer, lower: &str) -> String {
    let w = lower.strip_suffix("'s").unwrap_or(lower);
    stemmer.stem(w).into_owned()
}

/// Common English function words, ignored when comparing texts for similarity.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "for", "in", "on", "at", "by", "with", "and", "or", "i", "my",
    "me", "we", "our", "us", "be", "is", "are", "it", "its", "that", "this", "so", "can", "as",
    "want", "from", "into", "all", "any", "able", "would", "like", "need", "should", "will",
    "have", "has", "was", "were", "which", "their", "they", "them", "you", "your", "do", "does",
];

/// Stemmed content words of `text` (stop words removed), in order.
pub fn content_stems(stemmer: &Stemmer, text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !STOP_WORDS.contains(&w.lower.as_str()))
        .map(|w| stem(stemmer, &w.lower))
        .collect()
}

/// Jaccard similarity of two sets of stems.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    // Sorted, deduplicated slices rather than two BTreeSets: the same set sizes, without
    // a B-tree and its bulk-build sort compiled into the `.wasm` for `&String` (#10).
    let sa = distinct(a);
    let sb = distinct(b);
    if sa.is_empty() && sb.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (sa.get(i), sb.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = sa.len() + sb.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// The distinct strings of `v`, sorted.
fn distinct(v: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = v.iter().map(String::as_str).collect();
    super::sort::sort(&mut out);
    out.dedup();
    out
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "no", "approx", "incl", "eg", "ie", "cf",
    "fig", "st", "jr", "sr", "inc", "ltd", "co",
];

/// Byte offset just after the end of the sentence that contains `from` (the
/// terminating punctuation included), or `None` when the sentence runs to the end.
/// A sentence ends at `.`, `!` or `?` followed by whitespace and then an upper-case
/// letter, a digit or a quote, unless the period closes an abbreviation ("e.g.").
pub fn sentence_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            // Skip runs like "..." or "?!".
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                j += 1;
            }
            let mut k = j;
            while k < bytes.len() && (bytes[k] == b' ' || bytes[k] == b'\t') {
                k += 1;
            }
            let followed_ok = k > j
                && text
                    .get(k..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| {
                        c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '\''
                    });
            let abbrev = b == b'.' && j == i + 1 && is_abbreviation(text, i);
            if followed_ok && !abbrev {
                return Some(j);
            }
            i = j;
            continue;
        }
        // A line break ends the sentence, and so does a flattened one: 3+ spaces, or 2
        // spaces before a list marker or markup ("…used  # Add …"). Two spaces alone
        // are too common inside sentences to count.
        if b == b'\n' {
            return Some(i);
        }
        if b == b' ' && i > from && bytes.get(i + 1) == Some(&b' ') {
            let run = bytes[i..].iter().take_while(|c| **c == b' ').count();
            let next = bytes.get(i + run).copied();
            let marker = matches!(next, Some(b'*' | b'#' | b'-' | b'{' | b'|' | b'>'))
                || next.is_some_and(|c| c.is_ascii_digit())
                    && matches!(bytes.get(i + run + 1), Some(b'.' | b')'));
            if run >= 3 || marker {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = text.get(..dot).unwrap_or_default();
    let token_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map(|p| p + 1)
        .unwrap_or(0);
    let token = before
        .get(token_start..)
        .unwrap_or_default()
        .to_ascii_lowercase();
    ABBREVIATIONS.contains(&token.as_str()) || (token.len() == 1 && token != "i")
}

/// Trim whitespace from both ends of `span` inside `text`.
pub fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = text.get(start..end).unwrap_or_default();
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let ns = start + lead;
    let ne = end.saturating_sub(trail).max(ns);
    (ns, ne)
}

/// Trim whitespace and trailing punctuation (`.,;:!`) from `span`.
pub fn trim_span_punct(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (s, mut e) = trim_span(text, start, end);
    while e > s {
        let Some(c) = text.get(..e).and_then(|t| t.chars().next_back()) else {
            break;
        };
        if matches!(c, '.' | ',' | ';' | ':' | '!') || c.is_whitespace() {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_and_doc_text_render_like_the_model() {
        // Block texts from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al.
        // 2018); an empty first block checks the separator rule of `Doc::text`.
        let blocks = vec![
            Block::Paragraph {
                text: String::new(),
            },
            Block::Heading {
                level: 2,
                text: "Acceptance criteria".into(),
            },
            Block::Paragraph {
                text: "The slave should cache executors.\nSecond line".into(),
            },
            Block::ListItem {
                ordered: false,
                depth: 1,
                checked: Some(true),
                text: "Add a flag for the cache size".into(),
            },
            Block::ListItem {
                ordered: true,
                depth: 0,
                checked: None,
                text: "Fetch the executor once".into(),
            },
            Block::Code {
                lang: Some("sh".into()),
                text: "./configure --enable-debug".into(),
            },
            Block::Quote {
                text: "mesos-slave crashed".into(),
            },
            Block::Table {
                rows: vec![
                    vec!["flag".into(), "default".into()],
                    vec!["--cache".into(), "1GB".into()],
                ],
            },
            Block::Rule,
        ];
        for b in &blocks {
            assert_eq!(block_text(b), b.text());
        }
        for n in 0..=blocks.len() {
            let doc = crate::model::Doc {
                blocks: blocks.iter().skip(n).cloned().collect(),
            };
            let mut joined = String::new();
            for b in &doc.blocks {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(&block_text(b));
            }
            assert_eq!(joined, doc.text());
        }
        assert_eq!(crate::model::Doc::default().text(), "");
    }

    #[test]
    fn words_keep_apostrophes_and_split_hyphens() {
        let w = words("User-friendly, don't  crash’s é");
        let l: Vec<&str> = w.iter().map(|w| w.lower.as_str()).collect();
        assert_eq!(l, ["user", "friendly", "don't", "crash's", "é"]);
        assert_eq!(&"User-friendly"[w[1].start..w[1].end], "friendly");
    }

    #[test]
    fn sentence_end_skips_abbreviations() {
        let t = "I want tools (e.g. Foo) to work. Then more.";
        let e = sentence_end(t, 0).unwrap();
        assert_eq!(&t[..e], "I want tools (e.g. Foo) to work.");
        assert_eq!(sentence_end("No end here", 0), None);
        assert_eq!(sentence_end("Version 1.5 is out", 0), None);
        assert_eq!(
            sentence_end("I want x   Acceptance criteria: y", 0),
            Some(8)
        );
        assert_eq!(sentence_end("I want x  * y", 0), Some(8));
        assert_eq!(sentence_end("papers stored  with the data", 0), None);
    }

    #[test]
    fn stems_and_similarity() {
        let s = stemmer();
        assert_eq!(stem(&s, "easily"), stem(&s, "easili"));
        let a = content_stems(&s, "I want to export the reports");
        let b = content_stems(&s, "I want to export a report");
        assert!((jaccard(&a, &b) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn jaccard_counts_distinct_stems_like_sets() {
        // Stories from ../shared/data/stories/dalpiaz/g25-duraspace.txt (Dalpiaz et al.); repeated
        // words and empty text for the edge cases.
        let s = stemmer();
        let texts = [
            "As a user, I want to be able to limit my search to specified collection(s).",
            "As a user, I want to search collections, objects, and object components by title.",
            "As a user, I want to search by for collections and objects by name.",
            "search search collections",
            "",
            "the the the",
        ];
        for x in texts {
            for y in texts {
                let (a, b) = (content_stems(&s, x), content_stems(&s, y));
                let sa: std::collections::BTreeSet<&String> = a.iter().collect();
                let sb: std::collections::BTreeSet<&String> = b.iter().collect();
                let union = sa.union(&sb).count();
                let expected = if union == 0 {
                    1.0
                } else {
                    sa.intersection(&sb).count() as f64 / union as f64
                };
                assert_eq!(jaccard(&a, &b), expected, "{x:?} / {y:?}");
            }
        }
    }

    #[test]
    fn trimming_spans() {
        let t = "  so I can do it.  ";
        assert_eq!(trim_span_punct(t, 0, t.len()), (2, 16));
    }
}
