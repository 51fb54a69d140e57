//! `story/well-formed`: a user story names a role and what is wanted.
//!
//! ## What it does
//! Reports a story template with no role ("I want to export…" without "As a …"), a
//! template whose wish is empty ("As a user, I want."), and an issue of type Story
//! that is not written as a user story or job story at all (including "As a user, the
//! page should load", which names a role but no wish).
//!
//! ## Why it matters
//! The role says whose problem this is and the means says what they need. Without the
//! role the team cannot judge value or talk to the right people; without the means
//! there is nothing to build. (Quality User Story framework, *well-formed*.)
//!
//! ## Examples
//! ```text
//! fail: I want to export the report as CSV.             (no role)
//! fail: As a clerk, the report page should load fast.   (no wish: not a story)
//! pass: As a clerk, I want to export the report as CSV.
//! ```

use crate::diagnostic::{Field, Severity, Span};
use crate::model::IssueKind;
use crate::rules::story_parse::StoryForm;
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/well-formed",
    category: Category::Story,
    summary: "A story names a role (As a …) and what is wanted (I want …)",
    why: "Without the role nobody can judge the value or ask the right people; without the means there is nothing to build.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Warning)
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some(ls) = &cx.story else {
        // Only an issue the tracker calls a story must be written as one.
        if cx.issue.kind == IssueKind::Story && !cx.title.trim().is_empty() {
            return vec![Finding {
                message: "This story is not written as a user story (\"As a <role>, I want <goal>, so that <benefit>\").".into(),
                help: "Rewrite it as \"As a <role>, I want <goal>, so that <benefit>\" or as a job story \"When <situation>, I want to <motivation>, so I can <outcome>\".".into(),
                field: Some(Field::Title),
                span: Some(Span::new(0, cx.title.len())),
                ..Default::default()
            }];
        }
        return Vec::new();
    };
    let s = &ls.story;
    let mut out = Vec::new();
    if s.form == StoryForm::User && s.role.is_none() {
        let at = s.means_indicator.or(s.role_indicator).unwrap_or(s.span);
        out.push(Finding {
            message: "The story has no role: who wants this?".into(),
            help: "Start with \"As a <role>, …\" naming the user or stakeholder who needs it."
                .into(),
            field: Some(ls.field),
            span: Some(ls.abs(at)),
            ..Default::default()
        });
    }
    if s.means.is_none() {
        let at = match (s.role_indicator, s.role) {
            (Some(a), Some(b)) => Span::new(a.start, b.end),
            _ => s.span,
        };
        out.push(Finding {
            message: "The story names a role but not what they want.".into(),
            help: "Add \"I want <goal>\" after the role, describing what the user wants to do or have.".into(),
            field: Some(ls.field),
            span: Some(ls.abs(at)),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::IssueKind;
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/well-formed";

    #[test]
    fn fails() {
        let d = run(ID, &story("I want to export the report as CSV."));
        assert_eq!(d.len(), 1);
        assert!(d[0].0.message.contains("no role"));
        assert_eq!(d[0].1, "I want to");
        let d = run(ID, &story("As a clerk, the report page should load."));
        assert_eq!(d.len(), 1);
        assert!(d[0].0.message.contains("not written as a user story"));
        // from ../shared/data/issues/deepse/mesos.csv, MESOS-336 (Choetkiertikul et al. 2018)
        assert_eq!(
            run(ID, &story("Mesos slave should cache executors")).len(),
            1
        );
    }

    #[test]
    fn passes() {
        assert!(run(
            ID,
            &story("As a clerk, I want to export the report as CSV.")
        )
        .is_empty());
        assert!(run(
            ID,
            &story("When an order ships, I want to be told, so I can plan.")
        )
        .is_empty());
        let mut bug = story("Login page crashes on submit");
        bug.kind = IssueKind::Bug;
        assert!(run(ID, &bug).is_empty());
        let mut other = story("Mesos slave should cache executors");
        other.kind = IssueKind::Other;
        assert!(run(ID, &other).is_empty());
    }
}
