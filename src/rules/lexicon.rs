//! Stemmed, multi-word phrase lexicons matched with Aho-Corasick.
//!
//! A text is turned into its sequence of word stems (" fast respons time "), and each
//! lexicon phrase into the same form, so "easily", "easy" and "easier" are matched by
//! the entries that name them, and "as soon as possible" matches across any spacing or
//! punctuation between the words. All matches are found in one pass over the text.

use aho_corasick::{AhoCorasick, MatchKind};

use super::text::{self, Word};

/// Placeholders that mean "not decided yet", shared by `criteria/placeholder` (in the
/// criteria) and `ready/open-questions` (title, description, criteria), which each add
/// their own markers around it. TBD/TBC/TBA in any case; TODO and FIXME only in capitals
/// (a "todo list", a test "marked as fixme"); "to be" + a verb of deciding. Not "to be
/// specified": in Jira descriptions it is nearly always a feature ("allow the sprint to
/// be specified"; 7 of the 7 such matches in the Deep-SE issues).
pub const PLACEHOLDER_MARKERS: &str = r"\b(?i:tbd|tbc|tba)\b|\bTODO\b|\bFIXME\b|(?i:\bto\s+be\s+(?:defined|determined|decided|confirmed|clarified|agreed|discussed)\b)";

/// What kind of vagueness a term expresses; decides the advice given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VagueKind {
    /// Speed or time without a number ("fast", "as soon as possible").
    Speed,
    /// Ease of use, looks ("user-friendly", "intuitive").
    Usability,
    /// Quality adjectives with no measure ("robust", "appropriate").
    Quality,
    /// Amounts without a number ("several", "a lot of").
    Quantity,
    /// Comparatives and superlatives without a reference ("better", "best").
    Comparative,
    /// Escape clauses ("if possible", "as far as possible").
    Loophole,
    /// A term the team added in its configuration.
    Custom,
}

impl VagueKind {
    /// What to write instead.
    pub fn advice(self) -> &'static str {
        match self {
            VagueKind::Speed => "state the time limit as a number, e.g. \"within 2 seconds for 95% of requests\"",
            VagueKind::Usability => "name the observable behaviour, e.g. \"a first-time user completes sign-up in under 3 minutes without help\"",
            VagueKind::Quality => "say what exactly must hold, with a number or a rule a tester can check",
            VagueKind::Quantity => "give the number or range",
            VagueKind::Comparative => "say better than what, and by how much",
            VagueKind::Loophole => "decide now whether it is required; if it is optional, move it out of the criteria",
            VagueKind::Custom => "replace it with a measurable statement (your team lists this term as vague)",
        }
    }
}

/// The maintained vague-term lexicon (requirement smells after Femmer et al. 2017 and
/// ISO/IEC/IEEE 29148 "terms to avoid"). Entries are matched by stem, so list the
/// base form and, where the stem differs, the other forms.
pub const VAGUE_TERMS: &[(&str, VagueKind)] = &[
    // speed and time
    ("fast", VagueKind::Speed),
    ("quick", VagueKind::Speed),
    ("quickly", VagueKind::Speed),
    ("rapid", VagueKind::Speed),
    ("rapidly", VagueKind::Speed),
    ("slow", VagueKind::Speed),
    ("instantly", VagueKind::Speed),
    ("promptly", VagueKind::Speed),
    ("timely", VagueKind::Speed),
    ("in a timely manner", VagueKind::Speed),
    ("as soon as possible", VagueKind::Speed),
    ("asap", VagueKind::Speed),
    ("without delay", VagueKind::Speed),
    ("high performance", VagueKind::Speed),
    ("performant", VagueKind::Speed),
    ("efficient", VagueKind::Speed),
    ("efficiently", VagueKind::Speed),
    ("in real time", VagueKind::Speed),
    // usability and looks
    ("user-friendly", VagueKind::Usability),
    ("user friendly", VagueKind::Usability),
    ("intuitive", VagueKind::Usability),
    ("intuitively", VagueKind::Usability),
    ("easy", VagueKind::Usability),
    ("easily", VagueKind::Usability),
    ("easy to use", VagueKind::Usability),
    ("simple", VagueKind::Usability),
    ("seamless", VagueKind::Usability),
    ("seamlessly", VagueKind::Usability),
    ("convenient", VagueKind::Usability),
    ("conveniently", VagueKind::Usability),
    ("effortless", VagueKind::Usability),
    ("effortlessly", VagueKind::Usability),
    ("nice", VagueKind::Usability),
    ("beautiful", VagueKind::Usability),
    ("attractive", VagueKind::Usability),
    ("elegant", VagueKind::Usability),
    ("modern", VagueKind::Usability),
    ("smooth", VagueKind::Usability),
    ("smoothly", VagueKind::Usability),
    ("look good", VagueKind::Usability),
    ("clean design", VagueKind::Usability),
    // quality without a measure
    ("robust", VagueKind::Quality),
    ("reliable", VagueKind::Quality),
    ("reliably", VagueKind::Quality),
    ("appropriate", VagueKind::Quality),
    ("appropriately", VagueKind::Quality),
    ("adequate", VagueKind::Quality),
    ("adequately", VagueKind::Quality),
    ("sufficient", VagueKind::Quality),
    ("sufficiently", VagueKind::Quality),
    ("proper", VagueKind::Quality),
    ("properly", VagueKind::Quality),
    ("reasonable", VagueKind::Quality),
    ("reasonably", VagueKind::Quality),
    ("acceptable", VagueKind::Quality),
    ("optimal", VagueKind::Quality),
    ("optimally", VagueKind::Quality),
    ("flexible", VagueKind::Quality),
    ("scalable", VagueKind::Quality),
    ("maintainable", VagueKind::Quality),
    ("state of the art", VagueKind::Quality),
    ("high quality", VagueKind::Quality),
    ("good quality", VagueKind::Quality),
    ("effective", VagueKind::Quality),
    ("effectively", VagueKind::Quality),
    ("significant", VagueKind::Quality),
    ("significantly", VagueKind::Quality),
    ("comprehensive", VagueKind::Quality),
    ("user-centric", VagueKind::Quality),
    ("good", VagueKind::Quality),
    ("meaningful", VagueKind::Quality),
    ("relevant", VagueKind::Quality),
    ("accurate", VagueKind::Quality),
    ("accurately", VagueKind::Quality),
    ("secure", VagueKind::Quality),
    ("securely", VagueKind::Quality),
    ("best practice", VagueKind::Quality),
    // quantity without a number
    ("several", VagueKind::Quantity),
    ("many", VagueKind::Quantity),
    ("few", VagueKind::Quantity),
    ("a lot of", VagueKind::Quantity),
    ("lots of", VagueKind::Quantity),
    ("numerous", VagueKind::Quantity),
    ("a number of", VagueKind::Quantity),
    ("large number of", VagueKind::Quantity),
    ("various", VagueKind::Quantity),
    ("minimal", VagueKind::Quantity),
    ("enough", VagueKind::Quantity),
    ("huge", VagueKind::Quantity),
    // comparatives and superlatives
    ("better", VagueKind::Comparative),
    ("best", VagueKind::Comparative),
    ("faster", VagueKind::Comparative),
    ("easier", VagueKind::Comparative),
    ("simpler", VagueKind::Comparative),
    ("quicker", VagueKind::Comparative),
    ("more efficient", VagueKind::Comparative),
    ("improved", VagueKind::Comparative),
    ("enhanced", VagueKind::Comparative),
    // loopholes
    ("if possible", VagueKind::Loophole),
    ("where possible", VagueKind::Loophole),
    ("when possible", VagueKind::Loophole),
    ("as far as possible", VagueKind::Loophole),
    ("as much as possible", VagueKind::Loophole),
    ("if needed", VagueKind::Loophole),
    ("if necessary", VagueKind::Loophole),
    ("where appropriate", VagueKind::Loophole),
    ("if appropriate", VagueKind::Loophole),
    ("as needed", VagueKind::Loophole),
    ("as required", VagueKind::Loophole),
];

/// A phrase found in a text: byte span plus the index of the lexicon entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// A compiled lexicon.
pub struct Lexicon {
    matcher: Option<AhoCorasick>,
    /// Entry index per compiled pattern.
    pattern_entry: Vec<usize>,
    /// Number of words per compiled pattern.
    pattern_words: Vec<usize>,
    entries: Vec<(String, VagueKind)>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl Lexicon {
    /// Compile `entries`; phrases listed in `allowed` (compared by stems) are left out.
    pub fn new(entries: Vec<(String, VagueKind)>, allowed: &[String]) -> Lexicon {
        let stemmer = text::stemmer();
        let key = |phrase: &str| -> String {
            let stems: Vec<String> = text::words(phrase)
                .iter()
                .map(|w| text::stem(&stemmer, &w.lower))
                .collect();
            format!(" {} ", stems.join(" "))
        };
        let allowed: Vec<String> = allowed.iter().map(|a| key(a)).collect();
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        let mut pattern_words = Vec::new();
        for (i, (phrase, _)) in entries.iter().enumerate() {
            let k = key(phrase);
            if k.trim().is_empty() || allowed.contains(&k) || patterns.contains(&k) {
                continue;
            }
            pattern_words.push(k.split_whitespace().count());
            patterns.push(k);
            pattern_entry.push(i);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        Lexicon {
            matcher,
            pattern_entry,
            pattern_words,
            entries,
        }
    }

    /// The built-in vague-term lexicon plus the team's own terms, minus allowed ones.
    pub fn vague(extra: &[String], allowed: &[String]) -> Lexicon {
        let mut entries: Vec<(String, VagueKind)> = VAGUE_TERMS
            .iter()
            .map(|(t, k)| (t.to_string(), *k))
            .collect();
        entries.extend(extra.iter().map(|t| (t.clone(), VagueKind::Custom)));
        Lexicon::new(entries, allowed)
    }

    /// The phrase and kind of entry `i`.
    pub fn entry(&self, i: usize) -> Option<(&str, VagueKind)> {
        self.entries.get(i).map(|(p, k)| (p.as_str(), *k))
    }

    /// Whether the words at `first…` are inflections of entry `entry`'s words: the
    /// stems already agree, and this rules out derivations that share a stem with a
    /// different meaning ("perform" vs "performant", "optimization" vs "optimal").
    fn inflects(&self, entry: usize, words: &[Word], first: usize) -> bool {
        let Some((phrase, _)) = self.entries.get(entry) else {
            return false;
        };
        text::words(phrase).iter().enumerate().all(|(k, e)| {
            words
                .get(first + k)
                .is_some_and(|w| is_inflection(&w.lower, &e.lower))
        })
    }

    /// Every non-overlapping phrase in `text`, longest first where two overlap, in
    /// text order.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let stemmer = text::stemmer();
        let words: Vec<Word> = text::words(text);
        // Haystack " s0 s1 s2 "; word_at[byte offset of the space before word i] = i.
        let mut hay = String::from(" ");
        let mut word_at = Vec::with_capacity(words.len());
        for w in &words {
            word_at.push(hay.len() - 1);
            hay.push_str(&text::stem(&stemmer, &w.lower));
            hay.push(' ');
        }
        let mut cands: Vec<(usize, usize, usize)> = Vec::new(); // (first word, n words, entry)
        for m in matcher.find_overlapping_iter(&hay) {
            let pid = m.pattern().as_usize();
            let (Some(&entry), Some(&n)) =
                (self.pattern_entry.get(pid), self.pattern_words.get(pid))
            else {
                continue;
            };
            if let Ok(first) = word_at.binary_search(&m.start()) {
                if self.inflects(entry, &words, first) && !proper_noun(text, &words, first, n) {
                    cands.push((first, n, entry));
                }
            }
        }
        // Longest first, then leftmost; keep those that do not overlap a kept one.
        crate::rules::sort::sort_by(&mut cands, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; words.len()];
        let mut hits = Vec::new();
        for (first, n, entry) in cands {
            let last = first + n;
            let free = match taken.get(first..last) {
                Some(s) => s.iter().all(|t| !*t),
                None => false,
            };
            if !free {
                continue;
            }
            for t in taken.iter_mut().take(last).skip(first) {
                *t = true;
            }
            if let (Some(a), Some(b)) = (words.get(first), words.get(last - 1)) {
                hits.push(Hit {
                    start: a.start,
                    end: b.end,
                    entry,
                });
            }
        }
        crate::rules::sort::sort_by_key(&mut hits, |h| (h.start, h.end));
        hits
    }
}

/// `surface` is `base` or a regular inflection of it (plural, past, -ing, -ly,
/// comparative, superlative), allowing for a final "e"/"y" and a doubled consonant.
fn is_inflection(surface: &str, base: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "", "s", "es", "d", "ed", "ing", "ly", "er", "est", "r", "st",
    ];
    if let Some(rest) = surface.strip_prefix(base) {
        if ENDINGS.contains(&rest) {
            return true;
        }
        // doubled consonant: "slimmer", "planned"
        let last = base.chars().next_back();
        if let Some(r) = last.and_then(|l| rest.strip_prefix(l)) {
            if ["ed", "ing", "er", "est"].contains(&r) {
                return true;
            }
        }
    }
    if let Some(stem) = base.strip_suffix('e') {
        if let Some(rest) = surface.strip_prefix(stem) {
            if ["ing", "ed", "er", "est", "ly", "y"].contains(&rest) {
                return true;
            }
        }
    }
    if let Some(stem) = base.strip_suffix('y') {
        if let Some(rest) = surface.strip_prefix(stem) {
            if ["ies", "ied", "ier", "iest", "ily", "iness"].contains(&rest) {
                return true;
            }
        }
    }
    if let Some(stem) = base.strip_suffix("ly") {
        // "easily" listed, "easy" written: both are in the lexicon anyway.
        return surface == stem;
    }
    false
}

/// A capitalised word inside a run of capitalised words ("Rapid Board") is a name.
fn proper_noun(text: &str, words: &[Word], first: usize, n: usize) -> bool {
    let cap = |i: usize| {
        words
            .get(i)
            .and_then(|w| text.get(w.start..w.end))
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_uppercase)
    };
    if first == 0 || !(first..first + n).all(cap) {
        return false;
    }
    cap(first + n) || cap(first - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lex: &Lexicon, t: &str) -> Vec<String> {
        lex.find(t)
            .iter()
            .map(|h| t[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn matches_stems_and_multi_word_phrases() {
        let lex = Lexicon::vague(&[], &[]);
        assert_eq!(
            found(&lex, "The page loads quickly and is User-Friendly."),
            ["quickly", "User-Friendly"]
        );
        assert_eq!(
            found(&lex, "Fix it as soon as  possible, if possible."),
            ["as soon as  possible", "if possible"]
        );
        // "easy to use" wins over "easy" (longest match).
        assert_eq!(found(&lex, "It is easy to use."), ["easy to use"]);
        assert!(found(&lex, "Export the report as CSV within 2 seconds").is_empty());
    }

    #[test]
    fn derivations_and_names_are_not_matched() {
        let lex = Lexicon::vague(&[], &[]);
        // from ../shared/data/issues/deepse (TIMOB-20490, CLOV-1666, DM-4639, GHS-2478)
        assert!(found(&lex, "so I can perform logic depending on the intent").is_empty());
        assert!(found(&lex, "I want to run test optimization for Scala tests").is_empty());
        assert!(found(&lex, "make modernizations to afw code").is_empty());
        assert!(found(&lex, "see a horizontal swimlane on my Rapid Board").is_empty());
        assert_eq!(
            found(&lex, "Fast loading, easier setup, sliding smoothly"),
            ["Fast", "easier", "smoothly"]
        );
    }

    #[test]
    fn pronouns_are_not_vague() {
        let lex = Lexicon::vague(&[], &[]);
        assert!(found(&lex, "I want my profile so it shows my name").is_empty());
    }

    #[test]
    fn team_terms_are_added_and_allowed_terms_removed() {
        let lex = Lexicon::vague(&["snappy".into()], &["secure".into()]);
        assert_eq!(found(&lex, "A snappy, secure login"), ["snappy"]);
    }
}
