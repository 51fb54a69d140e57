//! Plain text: one story a line. The key is the 1-based line number; a leading
//! `#GNN# ` tag (as in the Dalpiaz backlogs) becomes a label.

use super::{Format, ImportError, Imported};
use crate::model::{Issue, IssueKind, Tracker};

pub fn import(_source: &str, text: &str) -> Result<Imported, ImportError> {
    let mut issues = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut labels = Vec::new();
        if let Some(rest) = line.strip_prefix('#') {
            if let Some(end) = rest.find('#') {
                let tag = &rest[..end];
                if !tag.is_empty() && !tag.contains(char::is_whitespace) {
                    labels.push(tag.to_string());
                    line = rest[end + 1..].trim_start();
                }
            }
        }
        issues.push(Issue {
            tracker: Tracker::Text,
            key: (i + 1).to_string(),
            kind: IssueKind::Story,
            title: line.to_string(),
            labels,
            ..Default::default()
        });
    }
    Ok(Imported {
        format: Format::Text,
        issues,
        problems: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_line_numbers_and_tags_become_labels() {
        // First lines of ../shared/data/stories/dalpiaz/g03-loudoun.txt (Dalpiaz, CC BY 4.0).
        let text = "#G03# As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties, County services, processes and other general information.\n\n#G03# As an Applicant, I want to Request PreApplication Assistance, so that I can receive a response to a request for a meeting or information that is a result of the preapplication assistance.\n";
        let out = import("g03.txt", text).unwrap();
        assert_eq!(out.issues.len(), 2);
        assert_eq!(out.issues[0].key, "1");
        assert_eq!(out.issues[1].key, "3");
        assert_eq!(out.issues[0].labels, vec!["G03".to_string()]);
        assert!(out.issues[0].title.starts_with("As a Public User"));
    }

    #[test]
    fn a_hash_without_closing_tag_is_text() {
        let out = import("x", "#123 fix the login").unwrap();
        assert_eq!(out.issues[0].title, "#123 fix the login");
        assert!(out.issues[0].labels.is_empty());
    }
}
