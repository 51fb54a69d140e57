//! `story/atomic`: one story, one feature.
//!
//! ## What it does
//! Looks at the means ("I want …") for conjunctions that join two actions: "and",
//! "or", "&", "+", "/", "as well as", "and then", and a second "I want". It reports
//! them only when the word after the conjunction starts a new action (a verb, also after
//! an adverb as in "and potentially identify"; "to" + verb; a modal, "and can reduce";
//! "and be able to"; a second gerund, "by identifying and filtering out ads"; or a new
//! clause), so a single compound object such as "the name and address fields",
//! adjectives such as "fast and accurate", fixed pairs that name one action ("compare
//! and contrast", "drag and drop") and lists after "such as", "e.g." or "between" are
//! left alone. The benefit ("so that …") is not judged.
//!
//! ## Why it matters
//! A story with two features cannot be estimated, prioritised or finished one at a
//! time; one half is often done while the other lingers. (QUS *atomic*.)
//!
//! ## Examples
//! ```text
//! fail: As an editor, I want to add and delete articles.
//! fail: As a user, I want to log in and see my orders.
//! pass: As a clerk, I want to edit the name and address fields.
//! pass: As a clerk, I want a fast and accurate search.
//! ```

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::text::{self, Word};
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/atomic",
    category: Category::Story,
    summary: "A story asks for one feature, not two joined by and/or",
    why: "Two features in one story cannot be estimated, prioritised or finished separately; one half is often done while the other lingers.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Warning)
}

/// Verbs that are rarely nouns: after a conjunction they start a new action.
const VERBS: &[&str] = &[
    "accept",
    "adapt",
    "add",
    "adjust",
    "aggregate",
    "allow",
    "analyse",
    "analyze",
    "annotate",
    "apply",
    "approve",
    "archive",
    "assess",
    "assign",
    "attach",
    "attend",
    "automate",
    "avoid",
    "book",
    "bookmark",
    "browse",
    "build",
    "calculate",
    "cancel",
    "capture",
    "categorise",
    "categorize",
    "change",
    "check",
    "choose",
    "cite",
    "classify",
    "clear",
    "click",
    "close",
    "collect",
    "combine",
    "comment",
    "communicate",
    "compare",
    "compile",
    "compute",
    "conduct",
    "configure",
    "confirm",
    "connect",
    "contact",
    "convert",
    "copy",
    "correct",
    "create",
    "crop",
    "curate",
    "customise",
    "customize",
    "decline",
    "define",
    "delete",
    "deploy",
    "deposit",
    "describe",
    "design",
    "detect",
    "determine",
    "develop",
    "differentiate",
    "disable",
    "discover",
    "display",
    "distribute",
    "download",
    "duplicate",
    "edit",
    "email",
    "embed",
    "enable",
    "enhance",
    "enrol",
    "enroll",
    "ensure",
    "enter",
    "evaluate",
    "examine",
    "execute",
    "explain",
    "explore",
    "export",
    "extract",
    "favorite",
    "favourite",
    "fill",
    "find",
    "fix",
    "follow",
    "forward",
    "gather",
    "generate",
    "get",
    "give",
    "harvest",
    "hide",
    "highlight",
    "identify",
    "implement",
    "import",
    "improve",
    "include",
    "increase",
    "indicate",
    "inform",
    "ingest",
    "insert",
    "inspect",
    "install",
    "integrate",
    "interpret",
    "intervene",
    "investigate",
    "invite",
    "justify",
    "keep",
    "know",
    "label",
    "launch",
    "learn",
    "leave",
    "leverage",
    "link",
    "load",
    "locate",
    "log",
    "login",
    "maintain",
    "make",
    "manage",
    "mark",
    "maximise",
    "maximize",
    "measure",
    "merge",
    "migrate",
    "minimise",
    "minimize",
    "modify",
    "monitor",
    "move",
    "mute",
    "navigate",
    "notify",
    "obtain",
    "open",
    "operate",
    "optimise",
    "optimize",
    "order",
    "organise",
    "organize",
    "pay",
    "perform",
    "pick",
    "pin",
    "place",
    "predict",
    "prepare",
    "preprocess",
    "present",
    "preserve",
    "prevent",
    "preview",
    "print",
    "prioritise",
    "prioritize",
    "produce",
    "promote",
    "protect",
    "provide",
    "publish",
    "purchase",
    "put",
    "query",
    "rank",
    "rate",
    "read",
    "receive",
    "recognise",
    "recognize",
    "recommend",
    "reduce",
    "refine",
    "register",
    "reject",
    "remove",
    "rename",
    "reopen",
    "reorder",
    "replace",
    "replicate",
    "reply",
    "reproduce",
    "reschedule",
    "resend",
    "reset",
    "resize",
    "respond",
    "restore",
    "resubmit",
    "retrieve",
    "reuse",
    "review",
    "revoke",
    "rotate",
    "run",
    "save",
    "scan",
    "schedule",
    "see",
    "select",
    "send",
    "set",
    "share",
    "show",
    "sign",
    "simulate",
    "sort",
    "specify",
    "start",
    "stop",
    "store",
    "streamline",
    "submit",
    "subscribe",
    "suggest",
    "summarise",
    "summarize",
    "support",
    "suspend",
    "switch",
    "sync",
    "synchronise",
    "synchronize",
    "tag",
    "take",
    "tell",
    "track",
    "train",
    "transfer",
    "translate",
    "transmit",
    "unassign",
    "understand",
    "undo",
    "unlock",
    "unpublish",
    "unsubscribe",
    "update",
    "upgrade",
    "upload",
    "use",
    "utilise",
    "utilize",
    "validate",
    "verify",
    "view",
    "visualise",
    "visualize",
    "vote",
    "watch",
    "withdraw",
    "write",
    "zoom",
];

/// Words that are verbs or nouns ("report", "search"): a verb only when an object
/// follows or when the word before the conjunction is a verb too.
const VERB_OR_NOUN: &[&str] = &[
    "access", "alert", "answer", "comment", "control", "count", "filter", "flag", "group", "help",
    "list", "map", "message", "note", "plan", "post", "process", "record", "release", "report",
    "request", "reserve", "return", "search", "sort", "test", "trace", "transfer", "update",
    "visit", "edit", "export", "import", "download", "upload", "design", "review", "share",
    "display", "order", "print", "view", "store", "check", "log", "link", "tag", "rate", "rank",
    "label", "mark", "query", "run", "schedule", "sign", "support", "use", "vote", "watch", "book",
    "change", "contact", "copy", "email", "increase", "load", "start", "stop", "switch", "sync",
    "track", "train", "design", "respond", "reply", "block", "estimate", "forecast", "handle",
];

/// Fixed pairs that name one action ("drag and drop"): not two features.
const BINOMIALS: &[(&str, &str)] = &[
    ("compare", "contrast"),
    ("copy", "paste"),
    ("cut", "paste"),
    ("drag", "drop"),
    ("find", "replace"),
    ("pick", "choose"),
    ("search", "replace"),
    ("search", "rescue"),
    ("plug", "play"),
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "my", "our", "their", "your", "his", "her", "its", "this", "these", "those",
    "that", "all", "any", "each", "every", "some", "them", "it", "him", "me", "us", "new",
    "existing", "other", "which", "what", "how", "whether", "when", "where",
];

const SUBJECTS: &[&str] = &["i", "we", "they", "he", "she", "it", "you"];

/// Words before a list of examples or a range: conjunctions after them join items.
const LIST_INTRO: &[&str] = &[
    "between",
    "both",
    "including",
    "like",
    "e",
    "eg",
    "such",
    "either",
    "from",
];

/// Words that can sit between a conjunction and the next action ("and then", "and also").
const FILLERS: &[&str] = &[
    "also",
    "then",
    "later",
    "finally",
    "easily",
    "quickly",
    "directly",
    "even",
    "maybe",
    "possibly",
    "automatically",
];

/// Modal verbs: "… and can reduce emissions" coordinates a second predicate.
const MODALS: &[&str] = &["can", "could", "will", "would", "should", "must", "may"];

fn is_verb(w: &str) -> bool {
    VERBS.contains(&w)
}

/// A filler or an adverb in -ly ("and potentially identify", "and automatically block").
fn is_filler(w: &str) -> bool {
    FILLERS.contains(&w)
        || (w.len() > 4 && w.ends_with("ly") && !is_verb(w) && !ambiguous(w) && w != "family")
}

/// "detecting" → "detect", "managing" → "manage", "running" → "run": the verb of a
/// gerund, when it is one we know.
fn gerund_verb(w: &str) -> Option<&'static str> {
    let stem = w.strip_suffix("ing")?;
    let mut candidates = vec![stem.to_string(), format!("{stem}e")];
    let b = stem.as_bytes();
    if b.len() >= 2 && b.last() == b.get(b.len() - 2) {
        candidates.push(stem.get(..stem.len() - 1).unwrap_or(stem).to_string());
    }
    candidates.iter().find_map(|c| {
        VERBS
            .iter()
            .chain(VERB_OR_NOUN.iter())
            .find(|v| **v == c.as_str())
            .copied()
    })
}

fn ambiguous(w: &str) -> bool {
    VERB_OR_NOUN.contains(&w)
}

/// A conjunction in `means` that joins two actions: (span of the conjunction).
pub(crate) fn feature_conjunctions(means: &str) -> Vec<Span> {
    let words = text::words(means);
    let mut out = Vec::new();
    let mut conj: Vec<(usize, Span)> = Vec::new(); // (index of the next word, conj span)
    for (i, w) in words.iter().enumerate() {
        if matches!(w.lower.as_str(), "and" | "or") {
            // "as well as" is handled below; "and/or" counts once.
            if i > 0 && words.get(i - 1).is_some_and(|p| p.lower == "and") && w.lower == "or" {
                continue;
            }
            let mut next = i + 1;
            if w.lower == "and" && words.get(i + 1).is_some_and(|n| n.lower == "or") {
                next += 1;
            }
            conj.push((next, Span::new(w.start, w.end)));
        } else if w.lower == "well"
            && i >= 1
            && i + 1 < words.len()
            && words.get(i - 1).is_some_and(|p| p.lower == "as")
            && words.get(i + 1).is_some_and(|n| n.lower == "as")
        {
            if let (Some(a), Some(b)) = (words.get(i - 1), words.get(i + 1)) {
                conj.push((i + 2, Span::new(a.start, b.end)));
            }
        }
        // Symbols between words: "&", "+", and "x/y".
        if let Some(nw) = words.get(i + 1) {
            let gap = means.get(w.end..nw.start).unwrap_or("");
            let g = gap.trim();
            if g == "&" || g == "+" || (gap == "/") {
                let at = w.end + gap.find(['&', '+', '/']).unwrap_or(0);
                conj.push((i + 1, Span::new(at, at + 1)));
            }
        }
    }
    for (next, span) in conj {
        if joins_actions(means, &words, next, span) {
            out.push(span);
        }
    }
    crate::rules::sort::sort_by_key(&mut out, |s| s.start);
    out.dedup();
    out
}

fn joins_actions(means: &str, words: &[Word], next: usize, span: Span) -> bool {
    // Inside brackets or after "such as"/"between": items of a list, not features.
    let before = means.get(..span.start).unwrap_or("");
    if before.matches('(').count() > before.matches(')').count() {
        return false;
    }
    let prev_idx = words.iter().rposition(|w| w.end <= span.start);
    let window_start = prev_idx.map(|p| p.saturating_sub(5)).unwrap_or(0);
    if let Some(p) = prev_idx {
        if words
            .get(window_start..=p)
            .is_some_and(|ws| ws.iter().any(|w| LIST_INTRO.contains(&w.lower.as_str())))
        {
            return false;
        }
    }
    let mut n = next;
    while words.get(n).is_some_and(|w| is_filler(&w.lower)) {
        n += 1;
    }
    let Some(w) = words.get(n) else {
        return false;
    };
    let after = words.get(n + 1).map(|w| w.lower.as_str()).unwrap_or("");
    let prev = prev_idx
        .and_then(|p| words.get(p))
        .map(|w| w.lower.as_str())
        .unwrap_or("");
    let w = w.lower.as_str();
    if BINOMIALS.contains(&(prev, w)) {
        return false;
    }
    if w == "to" {
        // "and to verify …" (a second infinitive), not "to the …".
        return !after.is_empty() && !DETERMINERS.contains(&after);
    }
    if w == "that" {
        // "… and that patients have control": a second requirement clause.
        return !after.is_empty();
    }
    if SUBJECTS.contains(&w) && w != "it" {
        // "… and I can …", "… and we want …"
        return true;
    }
    if MODALS.contains(&w) {
        // "… that can track activity and can alert me": a second predicate.
        return !after.is_empty();
    }
    if w == "be" && after == "able" {
        // "… and be able to control the data".
        return true;
    }
    if gerund_verb(w).is_some() && gerund_verb(prev).is_some() {
        // "for detecting and managing incidents": two actions named as gerunds. Not
        // "printing and imaging devices", where the gerunds are modifiers of a noun
        // (a noun after the pair that is not an object: checked by a determiner or
        // a preposition after the second gerund).
        return DETERMINERS.contains(&after)
            || matches!(
                after,
                "" | "of" | "out" | "in" | "on" | "with" | "to" | "from"
            );
    }
    if is_verb(w) && !ambiguous(w) {
        // A plain verb after a determiner-less conjunction starts a new action, unless
        // the word before is a determiner ("the add and edit buttons" is rare) .
        return !DETERMINERS.contains(&prev);
    }
    if ambiguous(w) {
        let object_follows = DETERMINERS.contains(&after) && after != "that" || after.is_empty();
        let verb_pair = is_verb(prev) || ambiguous(prev) && preceded_by_to(words, prev_idx);
        return object_follows || verb_pair;
    }
    false
}

/// Whether the word at `idx` follows "to" or starts the means ("to detect and …").
fn preceded_by_to(words: &[Word], idx: Option<usize>) -> bool {
    match idx {
        Some(0) => true,
        Some(i) => words.get(i - 1).is_some_and(|w| w.lower == "to"),
        None => false,
    }
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some((ls, means)) = super::story_with_means(cx) else {
        return Vec::new();
    };
    let mtext = ls.part(Some(means));
    let mut out = Vec::new();
    for c in feature_conjunctions(mtext) {
        let a = mtext.get(..c.start).unwrap_or("").trim();
        let b = mtext.get(c.end..).unwrap_or("").trim();
        out.push(Finding {
            message: format!(
                "The story asks for more than one feature, joined by \"{}\".",
                mtext.get(c.start..c.end).unwrap_or("and")
            ),
            help: format!(
                "Split it into separate stories, e.g. one for \"{}\" and one for \"{}\".",
                super::clip(a, 60),
                super::clip(b, 60)
            ),
            field: Some(ls.field),
            span: Some(ls.abs(Span::new(means.start + c.start, means.start + c.end))),
            ..Default::default()
        });
    }
    let conj_ends: Vec<usize> = out.iter().filter_map(|f| f.span.map(|s| s.end)).collect();
    for r in &ls.story.repeated_means {
        let abs = ls.abs(*r);
        let after_conj = conj_ends.iter().any(|&e| {
            e <= abs.start
                && cx
                    .slice(ls.field, crate::diagnostic::Span::new(e, abs.start))
                    .trim()
                    .is_empty()
        });
        if after_conj {
            continue;
        }
        out.push(Finding {
            message: format!(
                "The story states a second wish (\"{}\").",
                ls.part(Some(*r))
            ),
            help: "Write each wish as its own story.".into(),
            field: Some(ls.field),
            span: Some(ls.abs(*r)),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::feature_conjunctions;
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/atomic";

    fn conj(m: &str) -> Vec<String> {
        feature_conjunctions(m)
            .iter()
            .map(|s| m[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn two_actions_are_reported() {
        assert_eq!(conj("add and delete articles"), ["and"]);
        assert_eq!(conj("log in and see my orders"), ["and"]);
        assert_eq!(conj("upload/download files"), ["/"]);
        assert_eq!(conj("search for a book & reserve it"), ["&"]);
        assert_eq!(conj("detect and report the campaigns"), ["and"]);
        // from ../shared/data/stories/dalpiaz/g05-openspending.txt (Dalpiaz 2018, CC BY 4.0)
        assert_eq!(
            conj("be able to filter, sort and aggregate data by multiple dimensions"),
            ["and"]
        );
        assert_eq!(conj("export the list, and then email it"), ["and"]);
        // from ../shared/data/stories/dalpiaz/g03-loudoun.txt (Dalpiaz 2018, CC BY 4.0)
        assert_eq!(
            conj("Conduct and Track Plan Amendments and Planning Studies"),
            ["and"]
        );
        let d = run(
            ID,
            &story(
                "As an editor, I want to add and delete articles, so that the site stays current.",
            ),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "and");
        assert!(d[0].0.help.contains("add"));
    }

    #[test]
    fn adverbs_modals_and_gerund_pairs_start_actions_too() {
        // from ../shared/data/stories/ustai/UStAI-annotated_updated.csv (Yamani et al. 2025)
        assert_eq!(
            conj("a device that can track my child's physical activity and potentially identify aggressive episodes"),
            ["and"]
        );
        assert_eq!(
            conj("AVs that are programmed for fuel efficiency and can reduce overall emissions"),
            ["and"]
        );
        assert_eq!(
            conj("improve the accuracy of search results by identifying and filtering out advertisements"),
            ["and"]
        );
        assert_eq!(
            conj("be aware of how search engines might influence the information I see and be able to make informed choices"),
            ["and"]
        );
        // One action named by a fixed pair, and gerunds that modify a noun: not two.
        assert!(
            conj("be able to compare and contrast the performance of different algorithms")
                .is_empty()
        );
        assert!(conj("be able to integrate the digital twin model with existing printing and imaging devices").is_empty());
        assert!(conj(
            "personalized product recommendations based on my browsing and purchasing history"
        )
        .is_empty());
        assert!(
            conj("ensure the robot operates safely and securely within the facility").is_empty()
        );
    }

    #[test]
    fn compound_objects_and_adjectives_are_not() {
        assert!(conj("edit the name and address fields").is_empty());
        assert!(conj("a fast and accurate search").is_empty());
        assert!(conj("see the location and status of samples").is_empty());
        assert!(conj("compare prices between shops and markets").is_empty());
        assert!(conj("tools such as filters and search").is_empty());
        assert!(conj("export to CSV (name and address)").is_empty());
        // from ../shared/data/issues/deepse/mulestudio.csv, STUDIO-2824
        assert!(conj("select a sort field and sort direction for my query").is_empty());
        assert!(run(
            ID,
            &story("As a clerk, I want to edit the name and address fields.")
        )
        .is_empty());
    }

    #[test]
    fn the_ends_is_not_judged() {
        assert!(run(
            ID,
            &story("As a user, I want to log in, so that I can see and edit my orders.")
        )
        .is_empty());
    }

    #[test]
    fn a_second_i_want_is_reported() {
        let d = run(
            ID,
            &story("As a curator, I want to optimise playlists; also I need to identify trends."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "I need to");
        // "… and I want …": reported once, at the conjunction.
        let d = run(
            ID,
            &story("As a curator, I want to optimise playlists and I want to identify trends."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "and");
        // A second sentence is `story/minimal`'s business.
        assert!(run(
            ID,
            &story("As a curator, I want to optimise playlists. I want to identify trends.")
        )
        .is_empty());
    }
}
