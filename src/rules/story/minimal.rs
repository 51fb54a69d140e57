//! `story/minimal`: the story holds only role, means and ends.
//!
//! ## What it does
//! Reports text in brackets, examples and clarifications ("e.g.", "i.e.", "such as",
//! "for example", "including", "tools like X"), and, when the story is the whole title
//! or line, extra sentences or notes after it. Removing a bracketed abbreviation such
//! as "(AVs)" is offered as a fix.
//!
//! ## Why it matters
//! Details, examples and notes belong in the description or the acceptance criteria;
//! inside the story they blur what is asked and invite scope creep. (QUS *minimal*.)
//!
//! ## Examples
//! ```text
//! fail: As a driver, I want Autonomous Vehicles (AVs) to brake for me.
//! fail: As a user, I want to search books. Note: use the new index.
//! pass: As a user, I want to search books, so that I can find one to borrow.
//! ```

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::text;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/minimal",
    category: Category::Story,
    summary: "A story holds only role, means and ends: no brackets, examples or notes",
    why: "Details, examples and notes inside the story blur what is asked; they belong in the description or the acceptance criteria.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

/// Words before "like" that make it a verb ("I would like"), not "such as".
const LIKE_VERB: &[&str] = &[
    "would",
    "d",
    "i'd",
    "we'd",
    "you'd",
    "they'd",
    "i",
    "we",
    "you",
    "they",
    "he",
    "she",
    "it",
    "feel",
    "feels",
    "look",
    "looks",
    "looked",
    "seem",
    "seems",
    "sound",
    "sounds",
    "just",
    "also",
    "really",
    "not",
    "don't",
    "doesn't",
    "didn't",
    "more",
    "much",
    "is",
    "are",
    "be",
    "something",
    "anything",
];

fn example_markers(t: &str) -> Vec<(Span, &'static str)> {
    let words = text::words(t);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|n| n.lower.as_str()).unwrap_or("");
        let prev = if i > 0 {
            words.get(i - 1).map(|p| p.lower.as_str()).unwrap_or("")
        } else {
            ""
        };
        let end_next = words.get(i + 1).map(|n| n.end).unwrap_or(w.end);
        let (hit, what) = match (w.lower.as_str(), next) {
            ("e", "g") | ("i", "e") if t.get(w.end..w.end + 1) == Some(".") => (
                Some(Span::new(w.start, (end_next + 1).min(t.len()))),
                "an example or clarification",
            ),
            ("eg", _) | ("ie", _) => (
                Some(Span::new(w.start, w.end)),
                "an example or clarification",
            ),
            ("such", "as") | ("for", "example") | ("for", "instance") => {
                (Some(Span::new(w.start, end_next)), "examples")
            }
            ("including", _) => (Some(Span::new(w.start, w.end)), "examples"),
            ("like", n) if i > 0 && !LIKE_VERB.contains(&prev) && !n.is_empty() && n != "to" => {
                (Some(Span::new(w.start, w.end)), "examples")
            }
            _ => (None, ""),
        };
        if let Some(s) = hit {
            out.push((s, what));
        }
    }
    out
}

/// Bracketed groups "( … )" / "[ … ]" (outermost), as byte spans including brackets.
fn brackets(t: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            '(' | '[' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(Span::new(open, i + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// "(AVs)", "(GMM)", "(PCA)": an abbreviation whose removal loses nothing.
fn is_abbreviation(inner: &str) -> bool {
    let t = inner.trim();
    !t.is_empty()
        && t.len() <= 10
        && !t.contains(' ')
        && t.chars().filter(|c| c.is_uppercase()).count() >= 2
        && t.chars().all(|c| c.is_alphanumeric() || c == '-')
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(ls) = &cx.story else {
        return Vec::new();
    };
    let s = &ls.story;
    let body_start = s
        .role_indicator
        .or(s.means_indicator)
        .map(|x| x.start)
        .unwrap_or(s.span.start);
    let body = Span::new(body_start, s.span.end);
    let btext = ls.part(Some(body));
    let mut out = Vec::new();
    for b in brackets(btext) {
        let inner = btext
            .get(b.start + 1..b.end.saturating_sub(1))
            .unwrap_or("");
        let abbrev = is_abbreviation(inner);
        // Remove the space before the bracket too.
        let lead = if btext.get(..b.start).is_some_and(|p| p.ends_with(' ')) {
            1
        } else {
            0
        };
        let span = if abbrev {
            Span::new(body.start + b.start - lead, body.start + b.end)
        } else {
            Span::new(body.start + b.start, body.start + b.end)
        };
        out.push(Finding {
            message: format!(
                "The story contains text in brackets: \"{}\".",
                super::clip(btext.get(b.start..b.end).unwrap_or(""), 60)
            ),
            help: if abbrev {
                "Drop the abbreviation from the story; define it in the description or a glossary."
                    .into()
            } else {
                "Move the bracketed detail to the description or the acceptance criteria.".into()
            },
            field: Some(ls.field),
            span: Some(ls.abs(span)),
            suggestion: abbrev.then(String::new),
            ..Default::default()
        });
    }
    for (m, what) in example_markers(btext) {
        let inside = brackets(btext)
            .iter()
            .any(|b| m.start > b.start && m.end < b.end);
        if inside {
            continue;
        }
        out.push(Finding {
            message: format!(
                "The story spells out {what} (\"{}\").",
                btext.get(m.start..m.end).unwrap_or("")
            ),
            help:
                "Keep the story to role, means and ends; put examples in the acceptance criteria."
                    .into(),
            field: Some(ls.field),
            span: Some(ls.abs(Span::new(body.start + m.start, body.start + m.end))),
            ..Default::default()
        });
    }
    if let Some(ends) = s.ends {
        // "so that …, so that …": a second ends indicator.
        let et = ls.part(Some(ends));
        let lower = et.to_lowercase();
        if let Some(p) = lower.find(" so that ") {
            out.push(Finding {
                message: "The story gives its benefit twice (a second \"so that\").".into(),
                help: "Keep one benefit; the most important one.".into(),
                field: Some(ls.field),
                span: Some(ls.abs(Span::new(ends.start + p + 1, ends.start + p + 8))),
                ..Default::default()
            });
        }
    }
    if ls.standalone {
        if let Some(rest) = s.rest {
            let (a, b) = text::trim_span(&ls.text, rest.start, rest.end);
            out.push(Finding {
                message: format!("Text after the story: \"{}\".", super::clip(ls.part(Some(rest)), 60)),
                help: "Move notes and extra sentences to the description or the acceptance criteria; if it is a second wish, make it its own story.".into(),
                field: Some(ls.field),
                span: Some(ls.abs(Span::new(a, b))),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/minimal";

    #[test]
    fn brackets_examples_and_trailing_text_fail() {
        // from ../shared/data/stories/ustai/UStAI-annotated_updated.csv (Yamani et al. 2025)
        let t = "As a driver, I want to benefit from the increased safety that Autonomous Vehicles (AVs) can provide.";
        let d = run(ID, &story(t));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, " (AVs)");
        assert_eq!(d[0].0.suggestion.as_deref(), Some(""));
        let t = "As a researcher, I want to apply machine learning algorithms, such as support vector machines, to identify mental health states.";
        let d = run(ID, &story(t));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "such as");
        let d = run(
            ID,
            &story("As a user, I want to search books. Note: use the new index."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "Note: use the new index.");
        let d = run(
            ID,
            &story("As a user, I want a sort (if the connector supports it)."),
        );
        assert_eq!(d[0].0.suggestion, None);
    }

    #[test]
    fn plain_stories_pass() {
        assert!(run(
            ID,
            &story("As a user, I would like to search books, so that I can find one I like.")
        )
        .is_empty());
        assert!(run(
            ID,
            &story("[Launcher] As a user, I want to see the server name.")
        )
        .is_empty());
    }
}
