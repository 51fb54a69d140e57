//! `story/solution-oriented`: the means prescribes a UI or a technology.
//!
//! ## What it does
//! Looks in the means for user-interface widgets and actions ("button", "drop-down",
//! "checkbox", "pop-up", "click", "drag and drop"…) and technologies ("database", "SQL",
//! "REST", "JSON", "microservice", "Kafka", "React", "machine learning"…). A term that
//! also appears in the role ("As an API user, I want an API …") is the user's own
//! world, not a prescribed solution, and is not reported.
//!
//! ## Why it matters
//! A story should state the problem and leave the solution to the team; fixing the
//! widget or the technology up front rules out better options and hides the actual
//! need. (QUS *problem-oriented*.)
//!
//! ## Examples
//! ```text
//! fail: As a clerk, I want a drop-down to choose the carrier.
//! pass: As a clerk, I want to choose the carrier for a parcel.
//! ```

use crate::diagnostic::{Severity, Span};
use crate::model::IssueKind;
use crate::rules::lexicon::{Lexicon, VagueKind};
use crate::rules::{story_defaults, Category, Check, Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    id: "story/solution-oriented",
    category: Category::Story,
    summary: "A story states the need, not the UI widget or technology",
    why: "Prescribing the widget or the technology rules out better solutions and hides the actual need.",
    defaults,
    options: &[],
    check: Check::Issue(check),
};

fn defaults(kind: IssueKind) -> Option<Severity> {
    story_defaults(kind, Severity::Info)
}

/// UI widgets and gestures, then technologies.
const TERMS: &[&str] = &[
    "button",
    "drop-down",
    "dropdown",
    "drop down",
    "combo box",
    "combobox",
    "checkbox",
    "check box",
    "radio button",
    "pop-up",
    "popup",
    "modal",
    "dialog box",
    "text box",
    "textbox",
    "text field",
    "input field",
    "tooltip",
    "sidebar",
    "navbar",
    "navigation bar",
    "hamburger menu",
    "carousel",
    "slider",
    "toggle",
    "click",
    "double-click",
    "right-click",
    "drag and drop",
    "drag-and-drop",
    "hover",
    "swipe",
    "iframe",
    "splash screen",
    "database",
    "sql",
    "mysql",
    "postgresql",
    "postgres",
    "mongodb",
    "redis",
    "elasticsearch",
    "stored procedure",
    "cron job",
    "cronjob",
    "rest",
    "restful",
    "graphql",
    "json",
    "xml",
    "microservice",
    "kafka",
    "rabbitmq",
    "aws",
    "s3 bucket",
    "lambda function",
    "docker",
    "kubernetes",
    "react",
    "angular",
    "vue",
    "jquery",
    "javascript",
    "java",
    "python",
    "php",
    "websocket",
    "local storage",
    "cookie",
    "machine learning",
    "deep learning",
    "neural network",
    "blockchain",
];

fn lexicon() -> &'static Lexicon {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEX.get_or_init(|| {
        Lexicon::new(
            TERMS
                .iter()
                .map(|t| (t.to_string(), VagueKind::Custom))
                .collect(),
            &[],
        )
    })
}

fn check(cx: &Ctx) -> Vec<Finding> {
    let Some((ls, means)) = super::story_with_means(cx) else {
        return Vec::new();
    };
    let lex = lexicon();
    let role = ls.story.role.map(|r| ls.part(Some(r))).unwrap_or("");
    let role_hits: Vec<String> = lex
        .find(role)
        .iter()
        .filter_map(|h| lex.entry(h.entry).map(|e| e.0.to_string()))
        .collect();
    let t = ls.part(Some(means));
    let mut out = Vec::new();
    for h in lex.find(t) {
        let Some((term, _)) = lex.entry(h.entry) else {
            continue;
        };
        if role_hits.iter().any(|r| r == term) {
            continue;
        }
        // "REST" is a technology only in capitals; "rest" is a word.
        let written = t.get(h.start..h.end).unwrap_or("");
        if term == "rest" && written != "REST" {
            continue;
        }
        out.push(Finding {
            message: format!("The story prescribes a solution: \"{written}\"."),
            help: "Describe what the user needs to achieve and leave the widget or technology to the team (put constraints in the description if they are real).".into(),
            field: Some(ls.field),
            span: Some(ls.abs(Span::new(means.start + h.start, means.start + h.end))),
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::story::test_util::{run, story};

    const ID: &str = "story/solution-oriented";

    #[test]
    fn widgets_and_technology_fail() {
        let d = run(
            ID,
            &story("As a clerk, I want a drop-down to choose the carrier."),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].1, "drop-down");
        let d = run(
            ID,
            &story("As a clerk, I want the orders stored in a MySQL database."),
        );
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn needs_and_the_roles_own_world_pass() {
        assert!(run(
            ID,
            &story("As a clerk, I want to choose the carrier for a parcel.")
        )
        .is_empty());
        assert!(run(
            ID,
            &story("As a database administrator, I want a database backup every night.")
        )
        .is_empty());
        assert!(run(
            ID,
            &story("As a user, I want to rest my account during holidays.")
        )
        .is_empty());
    }
}
