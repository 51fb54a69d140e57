//! `story/vague`: subjective or unmeasurable words in a story.
//!
//! ## What it does
//! Looks for terms from the vague-term lexicon ("fast", "user-friendly", "intuitive",
//! "appropriate", "robust", "easy", "as soon as possible", "several", "better", …) in
//! the means and the benefit (not the role). Matching is by word stem and multi-word
//! aware ("easily" and "easy" both match; "as soon as possible" across any spacing).
//! Teams add or allow terms with the rule's `terms` / `allow` options.
//! Pronouns such as "I" and "my" are never reported.
//!
//! ## Why it matters
//! "Fast" means something different to every reader; the developer, the tester and
//! the customer each assume their own bar, and disagreement surfaces only at review.
//!
//! ## Examples
//! ```text
//! fail: As a clerk, I want a fast search, so that I can serve customers quickly.
//! pass: As a clerk, I want search results within 2 seconds, so that I can serve customers while they wait.
//! ```

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/vague",
    category: Category::Story,
    summary: "A story avoids subjective or unmeasurable terms (fast, easy, user-friendly …)",
    why: "A vague word means something different to every reader; the developer, the tester and the customer each assume their own bar.",
    defaults,
    options: &["terms", "allow"],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(ls) = &cx.story else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for part in [ls.story.means, ls.story.ends].into_iter().flatten() {
        let t = ls.part(Some(part));
        for h in cx.story_lexicon.find(t) {
            let Some((_, kind)) = cx.story_lexicon.entry(h.entry) else {
                continue;
            };
            let word = t.get(h.start..h.end).unwrap_or("");
            out.push(Finding {
                message: format!("\"{word}\" is vague: how would anyone check it?"),
                help: format!("Make it measurable: {}.", kind.advice()),
                field: Some(ls.field),
                span: Some(ls.abs(Span::new(part.start + h.start, part.start + h.end))),
                ..Default::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/vague";

    #[test]
    fn vague_words_in_means_and_ends() {
        let d = run(
            ID,
            &story("As a clerk, I want a fast search, so that I can serve customers quickly."),
        );
        let words: Vec<&str> = d.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(words, ["fast", "quickly"]);
        assert!(d[0].0.help.contains("time limit"));
    }

    #[test]
    fn role_and_pronouns_are_not_judged() {
        assert!(run(
            ID,
            &story("As a fast-track applicant, I want to upload my passport, so that I can apply.")
        )
        .is_empty());
        assert!(run(
            ID,
            &story("As a user, I want my profile to show my name, so that it is mine.")
        )
        .is_empty());
    }
}
