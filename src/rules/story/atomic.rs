//! `story/atomic`: one story, one feature.
//!
//! ## What it does
//! Looks at the means ("I want …") for conjunctions that join two actions: "and",
//! "or", "&", "+", "/", "as well as", "and then", and a second "I want". It reports
//! them only when the word after the conjunction starts a new action (a verb, "to" +
//! verb, or a new clause), so a single compound object such as "the name and address
//! fields" or adjectives such as "fast and accurate" are left alone, and so are lists
//! after "such as", "e.g." or "between".
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
    "define",
    "delete",
    "deploy",
    "deposit",
    "describe",
    "design",
    "detect",
    "determine",
    "develop",
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
    "enrol",
    "enroll",
    "ensure",
    "enter",
    "evaluate",
    "examine",
    "execute",
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
    "invite",
    "keep",
    "know",
    "label",
    "launch",
    "learn",
    "leave",
    "link",
    "load",
    "locate",
    "log",
    "login",
    "maintain",
    "make",
    "manage",
    "mark",
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
    "reply",
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
    "sort",
    "specify",
    "start",
    "stop",
    "store",
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
    "track", "train", "design", "respond", "reply",
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

fn is_verb(w: &str) -> bool {
    VERBS.contains(&w)
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
    out.sort_by_key(|s| s.start);
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
    while words
        .get(n)
        .is_some_and(|w| FILLERS.contains(&w.lower.as_str()))
    {
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
