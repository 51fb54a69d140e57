//! Story rules (Quality User Story framework, Lucassen et al. 2016, plus job stories).
//! Each rule is one file; they only judge issues whose story template was found
//! (`story/well-formed` also reports stories that are not written as one).

pub mod atomic;
pub mod full_sentence;
pub mod minimal;
pub mod missing_benefit;
pub mod solution_oriented;
pub mod uniform;
pub mod unique;
pub mod vague;
pub mod well_formed;

use super::{Ctx, LocatedStory};
use crate::diagnostic::Span;

/// The issue's story when it has its means (most rules judge the means).
pub(crate) fn story_with_means<'a>(cx: &'a Ctx) -> Option<(&'a LocatedStory, Span)> {
    let ls = cx.story.as_ref()?;
    let means = ls.story.means?;
    Some((ls, means))
}

/// Shorten `s` to about `max` bytes on a char boundary, with an ellipsis.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s[..end].trim_end())
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::diagnostic::Diagnostic;
    use crate::model::{Doc, Issue, IssueKind};
    use crate::rules::{check_all, RulesConfig};

    pub fn story(title: &str) -> Issue {
        Issue {
            key: "S-1".into(),
            kind: IssueKind::Story,
            title: title.into(),
            ..Default::default()
        }
    }

    pub fn with_ac(title: &str, ac: &str) -> Issue {
        let mut i = story(title);
        i.acceptance_criteria = Some(Doc::from_plain(ac));
        i
    }

    /// Diagnostics of `rule` for one issue, as (message, spanned text).
    pub fn run(rule: &str, issue: &Issue) -> Vec<(Diagnostic, String)> {
        run_backlog(rule, std::slice::from_ref(issue))
            .into_iter()
            .map(|(_, d, t)| (d, t))
            .collect()
    }

    pub fn run_backlog(rule: &str, issues: &[Issue]) -> Vec<(usize, Diagnostic, String)> {
        let per = check_all(issues, &RulesConfig::default());
        let mut out = Vec::new();
        for (i, ds) in per.into_iter().enumerate() {
            for d in ds.into_iter().filter(|d| d.rule == rule) {
                let issue = &issues[i];
                let t = match (d.field, d.span) {
                    (Some(f), Some(s)) => crate::diagnostic::field_text(issue, f)
                        .get(s.start..s.end)
                        .unwrap_or("")
                        .to_string(),
                    _ => String::new(),
                };
                out.push((i, d, t));
            }
        }
        out
    }
}
