//! Parse a user story into role / means / ends with byte spans (Connextra template and
//! its common variants), and job stories into situation / motivation / outcome.
//!
//! Recognised shapes (case-insensitive, any punctuation between the parts):
//! - `As a|an|the <role>, I want|need|would like|can|… [to] <means>[, so that|so|in order to <ends>]`
//! - `I want <means> [so that <ends>]` (no role: the means is still there)
//! - `In order to <ends>, as a <role>, I want <means>` (feature-file order)
//! - `When <situation>, I want to <motivation>[, so I can <outcome>]` (job story)
//!
//! Leading bullets, `[tags]` and a `Story:` label are skipped. The story ends at the end
//! of its sentence; anything after that is reported as `rest`.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::text;
use crate::diagnostic::Span;

/// Which template a story follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoryForm {
    /// `As a <role>, I want <means>, so that <ends>`.
    User,
    /// `When <situation>, I want to <motivation>, so I can <outcome>`.
    Job,
}

/// A parsed story. Every span is a byte range into the text given to [`parse_story`].
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub form: StoryForm,
    /// From the first word of the template to the end of its sentence.
    pub span: Span,
    /// "As a", "As an", "As the", "As".
    pub role_indicator: Option<Span>,
    pub role: Option<Span>,
    /// Job stories: the situation after "When".
    pub situation: Option<Span>,
    /// "I want to", "I need", "I would like to", "I can", …
    pub means_indicator: Option<Span>,
    /// What is wanted (job stories: the motivation).
    pub means: Option<Span>,
    /// "so that", "so", "in order to", …
    pub ends_indicator: Option<Span>,
    /// Why it is wanted (job stories: the outcome).
    pub ends: Option<Span>,
    /// Text after the story's sentence.
    pub rest: Option<Span>,
    /// Further means indicators ("… and I want …") after the first one.
    pub repeated_means: Vec<Span>,
}

impl Story {
    /// The text of `span` in `text` (empty when out of range).
    pub fn slice(text: &str, span: Option<Span>) -> &str {
        span.and_then(|s| text.get(s.start..s.end)).unwrap_or("")
    }
}

use crate::rules::text::cached_regex as re;

/// "I want to", "we need", "I'd like to", "I should be able to", …
fn means_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)(?:^|[\s,;:(])((?:i|we)(?:\s+(?:also|only|just|really|then|still|now|always|do\s+not|don't|dont))?(?:\s+(?:want|wants|need|wish|expect|require|hope)|\s*(?:would|'d|’d)\s+(?:like|love|prefer)|\s+(?:can|could|should|must|shall|will|would)(?:\s+(?:also|only|then))?(?:\s+be\s+able)?|\s+(?:am|are)\s+(?:able|interested\s+in|looking)|\s+have\s+to|\s+like)(?:\s+to)?)\b",
    )
}

/// The ends indicator, searched after the means indicator.
fn ends_re() -> Option<&'static Regex> {
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    re(
        &CELL,
        r"(?i)(,\s*|\s+|\(\s*)(so\s+that(?:\s+that)?|so\s+as\s+to|in\s+order\s+(?:to|that)|such\s+that|so)\b",
    )
}

/// Words after a bare "so" that show it is not "so that" ("so far", "so many").
const SO_NOT_ENDS: &[&str] = &[
    "far", "much", "many", "long", "on", "forth", "called", "to", "as", "it's", "is", "are", "be",
];
/// Words after a bare "so" without a comma that start a clause ("so I can", "so the …").
const SO_CLAUSE: &[&str] = &[
    "i",
    "we",
    "you",
    "they",
    "it",
    "he",
    "she",
    "the",
    "my",
    "our",
    "their",
    "that",
    "users",
    "user",
    "people",
    "customers",
    "there",
    "all",
    "everyone",
    "others",
    "a",
    "an",
    "this",
];

/// First words after "As" that show it is not a role ("As soon as", "As discussed").
const NOT_ROLE: &[&str] = &[
    "soon",
    "long",
    "well",
    "far",
    "much",
    "many",
    "part",
    "such",
    "of",
    "per",
    "discussed",
    "mentioned",
    "described",
    "noted",
    "requested",
    "agreed",
    "stated",
    "shown",
    "seen",
    "explained",
    "before",
    "above",
    "below",
    "usual",
    "expected",
    "follows",
    "for",
    "to",
    "if",
    "it",
    "is",
    "this",
    "that",
    "we",
    "i",
    "you",
    "result",
    "with",
    "in",
    "opposed",
    "a result",
];

/// Offset of the first character of the template after bullets, tags and labels.
fn skip_prefix(text: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = text.get(i..).unwrap_or_default();
        let trimmed = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '*' | '•' | '>' | '_' | '"' | '“')
        });
        i += rest.len() - trimmed.len();
        let rest = trimmed;
        // "[Tag] " and "#G03# "
        if let Some(r) = rest.strip_prefix('[') {
            if let Some(close) = r.find(']') {
                if close < 60 {
                    i += close + 2;
                    continue;
                }
            }
        }
        if let Some(r) = rest.strip_prefix('#') {
            if let Some(close) = r.find('#') {
                if close < 12 && !r[..close].contains(' ') {
                    i += close + 2;
                    continue;
                }
            }
        }
        // "1. " / "1) "
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits < 4 {
            let after = &rest[digits..];
            if after.starts_with(". ") || after.starts_with(") ") {
                i += digits + 2;
                continue;
            }
        }
        // "User story:" / "Story:"
        let lower: String = rest.chars().take(12).collect::<String>().to_lowercase();
        if let Some(label) = ["user story:", "story:"]
            .iter()
            .find(|l| lower.starts_with(*l))
        {
            i += label.len();
            continue;
        }
        return i.min(text.len());
    }
}

fn starts_with_word(text: &str, at: usize, word: &str) -> bool {
    let Some(rest) = text.get(at..) else {
        return false;
    };
    rest.len() >= word.len()
        && rest
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && rest
            .get(word.len()..)
            .and_then(|r| r.chars().next())
            .map_or(true, |c| c.is_whitespace() || c == ',' || c == ':')
}

/// Find the first means indicator at or after `from`.
fn find_means(text: &str, from: usize) -> Option<Span> {
    let re = means_re()?;
    let hay = text.get(from..)?;
    for m in re.find_iter(hay) {
        let (start, end) = means_group(m.as_str());
        let (start, end) = (m.start() + start, m.start() + end);
        // "I can't", "I won't": a negated modal is not a wish.
        let next = hay.get(end..).and_then(|r| r.chars().next());
        if matches!(next, Some('\'' | '’')) {
            continue;
        }
        return Some(Span::new(from + start, from + end));
    }
    None
}

/// Capture group 1 of [`means_re`] (offsets into `matched`, a whole match of it), read
/// without running the capture engine (the PikeVM in the WebAssembly build, where it
/// made this search the costliest regex of the analysis). The group is the match without
/// its leading separator: a match starts either at the haystack's start (`^`) with the
/// group's "i"/"we" (case-insensitive: `i`, `I`, `w`, `W` only), or with one separator
/// character (`[\s,;:(]`, never one of those four), and the group runs to the match's
/// end (only `\b` follows it). Tested against the capture in `tests/story_means.rs`.
pub fn means_group(matched: &str) -> (usize, usize) {
    match matched.chars().next() {
        Some(c) if !matches!(c, 'i' | 'I' | 'w' | 'W') => (c.len_utf8(), matched.len()),
        _ => (0, matched.len()),
    }
}

/// [`means_re`]'s capture group 1 in every match of `hay`, by the capture engine (for
/// tests of [`means_group`]).
#[doc(hidden)]
pub fn means_groups_by_captures(hay: &str) -> Vec<(usize, usize)> {
    means_re().map_or_else(Vec::new, |re| {
        re.captures_iter(hay)
            .filter_map(|c| c.get(1).map(|m| (m.start(), m.end())))
            .collect()
    })
}

/// The same groups through [`means_group`] on plain matches.
#[doc(hidden)]
pub fn means_groups_by_find(hay: &str) -> Vec<(usize, usize)> {
    means_re().map_or_else(Vec::new, |re| {
        re.find_iter(hay)
            .map(|m| {
                let (s, e) = means_group(m.as_str());
                (m.start() + s, m.start() + e)
            })
            .collect()
    })
}

/// A role-less story must open with a clear wish ("I want", "I need", "I'd like"),
/// not "I can …" / "I would …", which open ordinary prose ("I can reproduce it").
/// "We need to …" opens team prose in trackers far more often than a story, so only
/// "I" counts here.
fn is_strong_means(indicator: &str) -> bool {
    let l = indicator.to_lowercase();
    let mut words = l
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty());
    words.next() == Some("i")
        && ["want", "need", "wish", "like", "love"]
            .iter()
            .any(|w| l.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
}

/// Phrases after "As a/an/the" that open prose, not a role ("As a result", "As an
/// example", "As a workaround"). Whole phrases, so "As a first-time user" and "As a
/// test manager" stay roles.
const NOT_ROLE_AFTER_ARTICLE: &[&str] = &[
    "result",
    "workaround",
    "way of",
    "way to",
    "example",
    "side effect",
    "side note",
    "consequence",
    "first step",
    "next step",
    "second step",
    "final step",
    "last step",
    "first pass",
    "part of",
    "follow-up",
    "follow up",
    "followup",
    "reminder",
    "rule",
    "matter of",
    "bonus",
    "fallback",
    "precaution",
    "courtesy",
    "note",
    "stopgap",
    "temporary",
    "short-term",
    "long-term",
    "sanity check",
    "quick fix",
    "quick test",
    "test,",
    "minimum",
    "start",
    "starting point",
    "compromise",
    "prerequisite",
    "proof of concept",
    "baseline",
    "general rule",
    "reference",
    "heads up",
    "hack",
    "replacement",
    "substitute",
    "placeholder",
    "preliminary",
    "further",
];

fn first_word_after(text: &str, at: usize) -> String {
    text.get(at..)
        .and_then(|r| text::words(r).into_iter().next())
        .map(|w| w.lower)
        .unwrap_or_default()
}

/// Find the ends indicator after `from`, not beyond `limit`.
fn find_ends(text: &str, from: usize, limit: usize) -> Option<(Span, usize)> {
    let re = ends_re()?;
    let hay = text.get(from..limit)?;
    for caps in re.captures_iter(hay) {
        let (Some(lead), Some(ind)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let ind_text = ind.as_str().to_ascii_lowercase();
        let abs = Span::new(from + ind.start(), from + ind.end());
        if ind_text == "so" {
            let next = first_word_after(text, abs.end);
            let comma = lead.as_str().contains(',') || lead.as_str().contains('(');
            let prev = text::words(text.get(..abs.start).unwrap_or_default())
                .pop()
                .map(|w| w.lower)
                .unwrap_or_default();
            if next.is_empty()
                || SO_NOT_ENDS.contains(&next.as_str())
                || prev == "do"
                || prev == "and"
                || (!comma && !SO_CLAUSE.contains(&next.as_str()))
            {
                continue;
            }
        }
        return Some((abs, from + lead.start()));
    }
    None
}

/// Parse `text` as a user story or job story. `None` when it follows neither template.
pub fn parse_story(text: &str) -> Option<Story> {
    let start = skip_prefix(text);
    let lower_head: String = text
        .get(start..)
        .unwrap_or_default()
        .chars()
        .take(16)
        .collect::<String>()
        .to_lowercase();
    if lower_head.starts_with("in order to ") {
        return parse_ends_first(text, start);
    }
    if starts_with_word(text, start, "when") {
        return parse_job(text, start);
    }
    if starts_with_word(text, start, "as") {
        return parse_role_first(text, start, start);
    }
    // "I want …" without a role: the means is there. It must start at `start`, and the
    // means indicator starts with "i" or "we" (see `means_group`): any other first
    // character spares the search through the whole text.
    if !text
        .get(start..)
        .is_some_and(|r| r.starts_with(['i', 'I', 'w', 'W']))
    {
        return None;
    }
    let m = find_means(text, start)?;
    if m.start != start || !is_strong_means(text.get(m.start..m.end).unwrap_or("")) {
        return None;
    }
    Some(finish(text, start, StoryForm::User, None, None, None, m))
}

fn parse_role_first(text: &str, story_start: usize, at: usize) -> Option<Story> {
    // Role indicator: "As" plus an optional article.
    let mut ind_end = at + 2;
    let after = first_word_after(text, ind_end);
    let has_article = matches!(after.as_str(), "a" | "an" | "the");
    if has_article {
        let rest = text.get(ind_end..)?;
        let skip = rest.len() - rest.trim_start().len();
        ind_end += skip + after.len();
        // "a/an"
        if text.get(ind_end..)?.starts_with("/an") {
            ind_end += 3;
        }
    }
    let role_indicator = Span::new(at, ind_end);
    if has_article {
        let after = text
            .get(ind_end..)
            .unwrap_or("")
            .trim_start()
            .to_lowercase();
        let prose = NOT_ROLE_AFTER_ARTICLE.iter().any(|p| {
            after.starts_with(p)
                && after
                    .get(p.len()..)
                    .and_then(|r| r.chars().next())
                    .map_or(true, |c| !c.is_alphanumeric() && c != '-')
        });
        if prose {
            return None;
        }
    }
    let means = find_means(text, ind_end);
    if !has_article && (NOT_ROLE.contains(&after.as_str()) || means.is_none()) {
        return None;
    }
    let sentence_end = text::sentence_end(text, ind_end).unwrap_or(text.len());
    match means {
        Some(m) if m.start < sentence_end || sentence_end == text.len() => {
            let (rs, re_) = text::trim_span_punct(text, ind_end, m.start);
            let role = (re_ > rs).then(|| Span::new(rs, re_));
            Some(finish(
                text,
                story_start,
                StoryForm::User,
                Some(role_indicator),
                role,
                None,
                m,
            ))
        }
        // "As a <role>" with no wish in its sentence is prose ("As a result, …",
        // "As a workaround, …"), not a story; a tracker "Story" written like this is
        // reported by `story/well-formed` as not following the template.
        _ => None,
    }
}

fn parse_ends_first(text: &str, start: usize) -> Option<Story> {
    let ind_end = start + "in order to".len();
    static CELL: OnceLock<Option<Regex>> = OnceLock::new();
    let as_re = re(&CELL, r"(?i)[,;\s]\s*(as\s+(?:an?|the)\b)")?;
    let hay = text.get(ind_end..)?;
    let caps = as_re.captures(hay)?;
    let role_at = ind_end + caps.get(1)?.start();
    let ends_end = ind_end + caps.get(0)?.start();
    let mut story = parse_role_first(text, start, role_at)?;
    let (es, ee) = text::trim_span_punct(text, ind_end, ends_end);
    story.ends_indicator = Some(Span::new(start, ind_end));
    story.ends = (ee > es).then(|| Span::new(es, ee));
    Some(story)
}

fn parse_job(text: &str, start: usize) -> Option<Story> {
    let sit_start = start + 4;
    let m = find_means(text, sit_start)?;
    if !is_strong_means(text.get(m.start..m.end).unwrap_or("")) {
        return None;
    }
    // The situation must be a clause ended by a comma right before the means.
    let between = text.get(sit_start..m.start)?;
    let sentence_end = text::sentence_end(text, sit_start).unwrap_or(text.len());
    if !between.trim_end().ends_with(',') || m.start > sentence_end {
        return None;
    }
    let (ss, se) = text::trim_span_punct(text, sit_start, m.start);
    let mut story = finish(text, start, StoryForm::Job, None, None, None, m);
    story.situation = (se > ss).then(|| Span::new(ss, se));
    story.role_indicator = Some(Span::new(start, sit_start.saturating_sub(1).max(start)));
    Some(story)
}

fn rest_after(text: &str, sentence_end: usize) -> Option<Span> {
    let (rs, re_) = text::trim_span(text, sentence_end, text.len());
    (re_ > rs).then(|| Span::new(rs, re_))
}

fn finish(
    text: &str,
    story_start: usize,
    form: StoryForm,
    role_indicator: Option<Span>,
    role: Option<Span>,
    situation: Option<Span>,
    means_ind: Span,
) -> Story {
    let sentence_end = text::sentence_end(text, means_ind.end).unwrap_or(text.len());
    let ends = find_ends(text, means_ind.end, sentence_end);
    let means_end = ends.map(|(_, lead)| lead).unwrap_or(sentence_end);
    let (ms, me) = text::trim_span_punct(text, means_ind.end, means_end);
    let (ends_indicator, ends_span) = match ends {
        Some((ind, _)) => {
            let (es, ee) = text::trim_span_punct(text, ind.end, sentence_end);
            // A closing bracket of "(so that …)" is not part of the ends.
            let ee = if text
                .get(es..ee)
                .is_some_and(|s| s.ends_with(')') && !s.contains('('))
            {
                ee - 1
            } else {
                ee
            };
            (Some(ind), (ee > es).then(|| Span::new(es, ee)))
        }
        None => (None, None),
    };
    let (ss, se) = text::trim_span(text, story_start, sentence_end);
    // A second wish inside the story's sentence ("… and I want …").
    let mut repeated = Vec::new();
    let mut from = means_ind.end;
    while let Some(m) = find_means(text, from) {
        if m.start >= sentence_end {
            break;
        }
        // "so that I can" is the ends, not a second means.
        let in_ends = ends_indicator.is_some_and(|e| m.start >= e.start && m.start <= e.end + 2);
        let wish = is_wish(text.get(m.start..m.end).unwrap_or(""));
        if wish && !in_ends && !preceded_by_ends(text, m.start) {
            repeated.push(m);
        }
        from = m.end.max(from + 1);
    }
    Story {
        form,
        span: Span::new(ss, se),
        role_indicator,
        role,
        situation,
        means_indicator: Some(means_ind),
        means: (me > ms).then(|| Span::new(ms, me)),
        ends_indicator,
        ends: ends_span,
        rest: rest_after(text, sentence_end),
        repeated_means: repeated,
    }
}

/// "I want", "we need", "I'd like": a wish (not "I can", "I will", "I expect").
fn is_wish(indicator: &str) -> bool {
    let l = indicator.to_lowercase();
    ["want", "need", "wish", "like", "love"]
        .iter()
        .any(|w| l.split(|c: char| !c.is_alphabetic()).any(|x| x == *w))
}

/// Whether the means indicator at `at` sits in a benefit or a subordinate clause:
/// "so (that) I can", "which snippets I want to", "if I need".
fn preceded_by_ends(text: &str, at: usize) -> bool {
    let words = text::words(text.get(..at).unwrap_or_default());
    let n = words.len();
    words.iter().skip(n.saturating_sub(3)).any(|w| {
        matches!(
            w.lower.as_str(),
            "so" | "that"
                | "then"
                | "where"
                | "when"
                | "whenever"
                | "if"
                | "because"
                | "which"
                | "what"
                | "whatever"
                | "how"
                | "order"
                | "unless"
                | "whether"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(t: &str) -> (String, String, String) {
        let s = parse_story(t).expect("parses");
        (
            Story::slice(t, s.role).to_string(),
            Story::slice(t, s.means).to_string(),
            Story::slice(t, s.ends).to_string(),
        )
    }

    #[test]
    fn connextra_template_with_variants() {
        // from ../shared/data/stories/dalpiaz/g03-loudoun.txt (Dalpiaz 2018, CC BY 4.0)
        let t = "As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties.";
        let (r, m, e) = parts(t);
        assert_eq!(r, "Public User");
        assert_eq!(m, "Search for Information");
        assert_eq!(
            e,
            "I can obtain publicly available information concerning properties"
        );
        let (r, m, e) =
            parts("As an API User I'd like to normalise measures by GDP so I work with datasets.");
        assert_eq!(
            (r.as_str(), m.as_str(), e.as_str()),
            (
                "API User",
                "normalise measures by GDP",
                "I work with datasets"
            )
        );
        let (_, _, e) =
            parts("As the owner, I want to edit my profile, so that that it is updated.");
        assert_eq!(e, "it is updated");
        let (r, m, e) = parts("In order to plan my week, as a driver, I want to see my shifts");
        assert_eq!(
            (r.as_str(), m.as_str(), e.as_str()),
            ("driver", "see my shifts", "plan my week")
        );
    }

    #[test]
    fn story_starting_with_i_want_has_a_means() {
        let t = "I want to export the report as CSV";
        let s = parse_story(t).unwrap();
        assert_eq!(s.role, None);
        assert_eq!(Story::slice(t, s.means), "export the report as CSV");
    }

    #[test]
    fn job_story() {
        let t = "When an order ships, I want to be notified, so I can plan my day.";
        let s = parse_story(t).unwrap();
        assert_eq!(s.form, StoryForm::Job);
        assert_eq!(Story::slice(t, s.situation), "an order ships");
        assert_eq!(Story::slice(t, s.means), "be notified");
        assert_eq!(Story::slice(t, s.ends), "I can plan my day");
        assert!(parse_story("When I click save, the app crashes.").is_none());
    }

    #[test]
    fn not_stories() {
        assert!(parse_story("As soon as possible, fix the login bug").is_none());
        assert!(parse_story("As discussed, I want this done").is_none());
        assert!(parse_story("Mesos slave should cache executors").is_none());
        assert!(parse_story("").is_none());
    }

    #[test]
    fn role_without_means_is_prose_and_extra_sentences_are_kept() {
        assert!(parse_story("As a user of the portal, the page should load.").is_none());
        assert!(parse_story("As a result, the build is slower.").is_none());
        assert!(parse_story("I can reproduce this on Linux.").is_none());
        assert!(parse_story("I can't open the file").is_none());
        // from ../shared/data/issues/deepse/appceleratorstudio.csv, TISTUD-1796, TISTUD-1632, TISTUD-1523 (shortened; Choetkiertikul et al. 2018)
        assert!(parse_story("We need to remove the project wizard from the File menu.").is_none());
        assert!(
            parse_story("When filing a ticket in JIRA, we need to reconfigure the fields.")
                .is_none()
        );
        assert!(
            parse_story("As a way of keeping ourselves safe, we need to fail the build.").is_none()
        );
        let t = "As a curator, I want to optimise playlists. I want to identify trends.";
        let s = parse_story(t).unwrap();
        assert_eq!(Story::slice(t, s.rest), "I want to identify trends.");
        assert!(s.repeated_means.is_empty());
        let t = "As a curator, I want to optimise playlists; also I need to identify trends.";
        assert_eq!(parse_story(t).unwrap().repeated_means.len(), 1);
        // A relative clause is not a second wish.
        let t =
            "As a developer, I want to view snippets, to determine which snippets I want to insert";
        assert!(parse_story(t).unwrap().repeated_means.is_empty());
    }

    #[test]
    fn so_that_i_can_is_not_a_second_means() {
        let t = "As a user, I want to log in, so that I can see my orders";
        let s = parse_story(t).unwrap();
        assert!(s.repeated_means.is_empty());
    }

    #[test]
    fn prefixes_and_odd_bytes_do_not_panic() {
        let t = "- [Launcher] As a dev, I want 🚀 logs";
        let s = parse_story(t).unwrap();
        assert_eq!(Story::slice(t, s.means), "🚀 logs");
        for t in [
            "As",
            "As a",
            "I",
            "When",
            "#",
            "[",
            "1.",
            "As a/an x, I want",
            "é",
        ] {
            let _ = parse_story(t);
        }
    }
}
