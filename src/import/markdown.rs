//! Markdown (GitHub, GitLab and Linear descriptions) via pulldown-cmark.
//!
//! GitHub-flavoured extensions are on: task lists (`- [x]` → `checked`), tables and
//! strikethrough. HTML inside Markdown (issue-template comments, `<details>`) goes
//! through the tolerant HTML reader, so comments never reach the text.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::builder::DocBuilder;
use super::html;
use crate::model::{Block, Doc};

pub fn to_doc(md: &str) -> Doc {
    Doc {
        blocks: to_blocks(md),
    }
}

pub fn to_blocks(md: &str) -> Vec<Block> {
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut b = DocBuilder::new();
    let mut html_block: Option<String> = None;
    for event in Parser::new_ext(md, options) {
        if let Some(buf) = html_block.as_mut() {
            match event {
                Event::Html(s) | Event::Text(s) => {
                    buf.push_str(&s);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let buf = std::mem::take(buf);
                    html_block = None;
                    b.flush();
                    html::feed(&mut b, &buf);
                    b.flush();
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => start(&mut b, tag, &mut html_block),
            Event::End(tag) => end(&mut b, tag),
            Event::Text(s) => b.text(&s),
            Event::Code(s) => b.text(&s),
            Event::InlineMath(s) | Event::DisplayMath(s) => b.text(&s),
            Event::Html(s) | Event::InlineHtml(s) => html::feed(&mut b, &s),
            Event::FootnoteReference(s) => {
                b.text("[^");
                b.text(&s);
                b.text("]");
            }
            Event::SoftBreak | Event::HardBreak => b.line_break(),
            Event::Rule => b.rule(),
            Event::TaskListMarker(done) => b.set_checked(done),
        }
    }
    if let Some(buf) = html_block {
        html::feed(&mut b, &buf);
    }
    b.finish()
}

fn start(b: &mut DocBuilder, tag: Tag<'_>, html_block: &mut Option<String>) {
    match tag {
        Tag::Paragraph => b.flush(),
        Tag::Heading { level, .. } => b.open_heading(level as u8),
        Tag::BlockQuote(_) => b.open_quote(),
        Tag::CodeBlock(kind) => {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
                CodeBlockKind::Indented => None,
            };
            b.open_code(lang);
        }
        Tag::HtmlBlock => *html_block = Some(String::new()),
        Tag::List(first) => b.open_list(first.is_some()),
        Tag::Item => b.open_item(),
        Tag::Table(_) => b.open_table(),
        Tag::TableHead | Tag::TableRow => b.open_row(),
        Tag::TableCell => b.open_cell(),
        Tag::Link { dest_url, .. } => b.open_link(&dest_url),
        Tag::Image { dest_url, .. } => {
            // The alt text arrives as Text events; keep the URL after it.
            b.open_link(&dest_url);
        }
        Tag::FootnoteDefinition(label) => {
            b.flush();
            b.text("[^");
            b.text(&label);
            b.text("]: ");
        }
        _ => {}
    }
}

fn end(b: &mut DocBuilder, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => b.flush(),
        TagEnd::Heading(_) => b.close_heading(),
        TagEnd::BlockQuote(_) => b.close_quote(),
        TagEnd::CodeBlock => b.close_code(),
        TagEnd::List(_) => b.close_list(),
        TagEnd::Item => b.close_item(),
        TagEnd::Table => b.close_table(),
        TagEnd::TableHead | TagEnd::TableRow => b.close_row(),
        TagEnd::TableCell => b.close_cell(),
        TagEnd::Link | TagEnd::Image => b.close_link(),
        TagEnd::FootnoteDefinition => b.flush(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_issue_template_body() {
        // Shape of a GitHub issue created from a template (comments, task list, table).
        let md = "<!-- Please describe the problem -->\n<!--\nmulti-line\ntemplate comment\n-->\n\n## Acceptance criteria\n\n- [x] Export button visible\n- [ ] CSV includes **all** columns\n  - nested note\n\n1. first\n2. second\n\n| Column | Type |\n|---|---|\n| id | int |\n\n```rust\nlet x = 1;\n```\n\n> quoted *text*\n\nSee [mockups](https://www.figma.com/file/abc) and <https://example.com/spec>.\n\n---\n";
        let doc = to_doc(md);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading {
                    level: 2,
                    text: "Acceptance criteria".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(true),
                    text: "Export button visible".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(false),
                    text: "CSV includes all columns".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 1,
                    checked: None,
                    text: "nested note".into()
                },
                Block::ListItem {
                    ordered: true,
                    depth: 0,
                    checked: None,
                    text: "first".into()
                },
                Block::ListItem {
                    ordered: true,
                    depth: 0,
                    checked: None,
                    text: "second".into()
                },
                Block::Table {
                    rows: vec![
                        vec!["Column".into(), "Type".into()],
                        vec!["id".into(), "int".into()]
                    ]
                },
                Block::Code {
                    lang: Some("rust".into()),
                    text: "let x = 1;".into()
                },
                Block::Quote {
                    text: "quoted text".into()
                },
                Block::Paragraph {
                    text:
                        "See mockups (https://www.figma.com/file/abc) and https://example.com/spec."
                            .into()
                },
                Block::Rule,
            ]
        );
    }

    #[test]
    fn seamonkey_markdown_link_and_images() {
        // from ../shared/data/duplicates/seamonkey/SeaMonkey_bugs.csv, bug 1607002 (GitBugs, CC BY 4.0)
        let md = "AFAIK there has never been useful contents on the SeaMonkey [Features Pages](https://wiki.mozilla.org/SeaMonkey/Features/)  for ages:\n\n"
            // (the image line is made up, to cover images)
            .to_string()
            + "![screenshot](https://bug.example/shot.png)";
        let text = to_doc(&md).text();
        assert!(text.contains("Features Pages (https://wiki.mozilla.org/SeaMonkey/Features/)"));
        assert!(text.contains("screenshot (https://bug.example/shot.png)"));
    }

    #[test]
    fn pathological_markdown_terminates() {
        let deep = ">".repeat(5_000) + " x\n" + &"- ".repeat(5_000) + "y\n" + &"[".repeat(20_000);
        let doc = to_doc(&deep);
        assert!(doc.text().contains('x'));
    }
}
