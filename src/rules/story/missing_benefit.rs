//! `story/missing-benefit`: the story says what, but not why.
//!
//! ## What it does
//! Reports a user story without an ends part ("so that …", "in order to …") and a job
//! story without its outcome ("so I can …").
//!
//! ## Why it matters
//! The benefit explains the value and lets the team find a simpler way to reach the
//! same goal; it is also what the acceptance criteria should prove. (QUS: the ends is
//! optional but recommended.)
//!
//! ## Examples
//! ```text
//! fail: As a researcher, I want to view thumbnails of photos.
//! pass: As a researcher, I want to view thumbnails of photos, so that I can pick one to license.
//! ```

use crate::diagnostic::Severity;
use crate::model::IssueKind;
use crate::rules::story_parse::StoryForm;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/missing-benefit",
    category: Category::Story,
    summary: "A story says why (so that …)",
    why: "The benefit explains the value, lets the team propose a cheaper way to reach it, and is what the acceptance criteria should prove.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some((ls, _)) = super::story_with_means(cx) else {
        return Vec::new();
    };
    if ls.story.ends.is_some() {
        return Vec::new();
    }
    let (message, help) = match ls.story.form {
        StoryForm::User => (
            "The story does not say why: there is no \"so that …\".",
            "Add \", so that <benefit>\" naming what the user gains.",
        ),
        StoryForm::Job => (
            "The job story has no outcome (\"so I can …\").",
            "Add \", so I can <outcome>\".",
        ),
    };
    vec![Finding {
        message: message.into(),
        help: help.into(),
        field: Some(ls.field),
        span: Some(ls.abs(ls.story.span)),
        ..Default::default()
    }]
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/missing-benefit";

    #[test]
    fn fails_and_passes() {
        // from ../shared/data/stories/dalpiaz/g26-racdam.txt (Dalpiaz 2018, CC BY 4.0)
        let d = run(
            ID,
            &story("As a researcher, I want to view thumbnails of photos."),
        );
        assert_eq!(d.len(), 1);
        assert!(run(ID, &story("As a researcher, I want to view thumbnails of photos, so that I can make a selection.")).is_empty());
        assert!(run(
            ID,
            &story("As a researcher, I want thumbnails in order to choose.")
        )
        .is_empty());
        assert!(run(ID, &story("Fix the build")).is_empty());
    }
}
