//! `story/full-sentence`: the story reads as one complete sentence.
//!
//! ## What it does
//! Reports a story that starts with a lower-case letter, repeats a word ("the the",
//! "so that that"), ends its means or benefit on a dangling word ("… and", "… to"), or
//! stops right after "so that". Capitalising and removing the repeated word are
//! offered as fixes.
//!
//! ## Why it matters
//! A story is read by many people; a broken sentence makes them guess what was meant
//! and signals it was never reviewed. (QUS *full sentence*.)
//!
//! ## Examples
//! ```text
//! fail: as a user, I want to reset my password.
//! fail: As an owner, I want to edit my profile, so that that it is updated.
//! pass: As an owner, I want to edit my profile, so that it stays current.
//! ```

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::text;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/full-sentence",
    category: Category::Story,
    summary: "A story is one complete, well-formed sentence",
    why: "A broken sentence makes every reader guess what was meant and signals the story was never reviewed.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

const DANGLING: &[&str] = &[
    "and", "or", "to", "the", "a", "an", "of", "for", "with", "that", "by", "in", "on", "from",
];

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(ls) = &cx.story else {
        return Vec::new();
    };
    let s = &ls.story;
    let stext = ls.part(Some(s.span));
    let mut out = Vec::new();
    if let Some(c) = stext.chars().next() {
        if c.is_lowercase() {
            out.push(Finding {
                message: "The story starts with a lower-case letter.".into(),
                help: "Start the sentence with a capital letter.".into(),
                field: Some(ls.field),
                span: Some(ls.abs(Span::new(s.span.start, s.span.start + c.len_utf8()))),
                suggestion: Some(c.to_uppercase().collect()),
                ..Default::default()
            });
        }
    }
    let words = text::words(stext);
    for pair in words.windows(2) {
        let [a, b] = pair else { continue };
        let gap = stext.get(a.end..b.start).unwrap_or("");
        if a.lower == b.lower
            && gap.chars().all(|c| c == ' ')
            && !a.lower.chars().all(|c| c.is_ascii_digit())
            && a.lower != "had"
        {
            out.push(Finding {
                message: format!(
                    "The word \"{}\" is repeated.",
                    stext.get(a.start..a.end).unwrap_or("")
                ),
                help: "Remove the repeated word.".into(),
                field: Some(ls.field),
                span: Some(ls.abs(Span::new(s.span.start + a.start, s.span.start + b.end))),
                suggestion: Some(stext.get(a.start..a.end).unwrap_or("").to_string()),
                ..Default::default()
            });
        }
    }
    for (part, name) in [(s.means, "what is wanted"), (s.ends, "the benefit")] {
        let Some(p) = part else { continue };
        let t = ls.part(Some(p));
        if let Some(last) = text::words(t).last() {
            let trailing = t.get(last.end..).unwrap_or("").trim();
            if DANGLING.contains(&last.lower.as_str()) && trailing.is_empty() {
                out.push(Finding {
                    message: format!(
                        "The sentence stops mid-way: {name} ends with \"{}\".",
                        last.lower
                    ),
                    help: "Finish the sentence.".into(),
                    field: Some(ls.field),
                    span: Some(ls.abs(Span::new(p.start + last.start, p.start + last.end))),
                    ..Default::default()
                });
            }
        }
    }
    if let (Some(ind), None) = (s.ends_indicator, s.ends) {
        out.push(Finding {
            message: format!("The story stops after \"{}\".", ls.part(Some(ind))),
            help: "Say what the user gains, or remove the dangling indicator.".into(),
            field: Some(ls.field),
            span: Some(ls.abs(ind)),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/full-sentence";

    #[test]
    fn broken_sentences_fail() {
        let d = run(ID, &story("as a user, I want to reset my password."));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0.suggestion.as_deref(), Some("A"));
        // from ../shared/data/stories/dalpiaz/g14-datahub.txt (Dalpiaz 2018, CC BY 4.0)
        let d = run(ID, &story("As an Owner, I want to edit my profile, so that that it is updated with new information."));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "that that");
        assert_eq!(d[0].0.suggestion.as_deref(), Some("that"));
        let d = run(ID, &story("As a user, I want to search for and"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "and");
    }

    #[test]
    fn complete_sentences_pass() {
        assert!(run(
            ID,
            &story("As an owner, I want to edit my profile, so that it stays current.")
        )
        .is_empty());
        assert!(run(ID, &story("As a user, I want to see 2 2-bed rooms.")).is_empty());
    }
}
