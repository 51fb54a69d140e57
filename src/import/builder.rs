//! A small, non-recursive builder that turns a stream of structural events (open a
//! list, some text, close a cell, …) into [`Block`]s. The HTML, Markdown and ADF readers
//! all drive it, so lists, checklists, tables, quotes and links come out the same way
//! whatever the tracker's markup was.
//!
//! It keeps explicit stacks instead of recursing, so arbitrarily deep or badly nested
//! input cannot overflow the stack, and every operation is amortised O(text length).

use crate::model::Block;

#[derive(Debug, Clone)]
struct Item {
    /// `lists.len()` when the item was opened.
    level: usize,
    ordered: bool,
    depth: u8,
    checked: Option<bool>,
}

#[derive(Debug, Default)]
pub(crate) struct DocBuilder {
    blocks: Vec<Block>,
    buf: String,
    heading: Option<u8>,
    lists: Vec<bool>,
    items: Vec<Item>,
    /// Inside a code block: its language (`Some(None)` = no language).
    code: Option<Option<String>>,
    quote: usize,
    quote_lines: Vec<String>,
    /// Nesting of tables; only the outermost keeps its structure.
    tables: usize,
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<String>,
    /// Open links: href and where their text starts in `buf`.
    links: Vec<(String, usize)>,
}

impl DocBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append text as-is (code keeps its whitespace; ADF and Markdown text is exact).
    pub fn text(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Append text collapsing runs of whitespace to one space (HTML outside `<pre>`).
    pub fn text_collapsed(&mut self, s: &str) {
        if self.code.is_some() {
            self.buf.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                if !(self.buf.is_empty() || self.buf.ends_with(' ') || self.buf.ends_with('\n')) {
                    self.buf.push(' ');
                }
            } else {
                self.buf.push(c);
            }
        }
    }

    pub fn line_break(&mut self) {
        if self.code.is_some() {
            self.buf.push('\n');
            return;
        }
        while self.buf.ends_with(' ') {
            self.buf.pop();
        }
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }

    /// End the current run of inline text, emitting it where it belongs.
    pub fn flush(&mut self) {
        if self.code.is_some() {
            return;
        }
        let text = tidy(&self.buf);
        self.buf.clear();
        // Links whose text straddled a flush keep their href but restart at 0.
        for l in &mut self.links {
            l.1 = 0;
        }
        if text.is_empty() {
            return;
        }
        if let Some(cell) = self.cell.as_mut() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&text.replace('\n', " "));
        } else if let Some(level) = self.heading {
            self.blocks.push(Block::Heading { level, text });
        } else if self.quote > 0 {
            let line = match self.items.last() {
                Some(it) => format!(
                    "{}{}{}",
                    "  ".repeat(it.depth as usize),
                    if it.ordered { "1. " } else { "- " },
                    text
                ),
                None => text,
            };
            self.quote_lines.push(line);
        } else if let Some(it) = self.items.last_mut() {
            let checked = it.checked.take();
            self.blocks.push(Block::ListItem {
                ordered: it.ordered,
                depth: it.depth,
                checked,
                text,
            });
        } else {
            self.blocks.push(Block::Paragraph { text });
        }
    }

    pub fn open_heading(&mut self, level: u8) {
        self.flush();
        self.heading = Some(level.clamp(1, 6));
    }

    pub fn close_heading(&mut self) {
        self.flush();
        self.heading = None;
    }

    pub fn open_list(&mut self, ordered: bool) {
        self.flush();
        self.lists.push(ordered);
    }

    pub fn close_list(&mut self) {
        self.flush();
        let level = self.lists.len();
        while self.items.last().is_some_and(|it| it.level >= level) {
            self.items.pop();
        }
        self.lists.pop();
    }

    pub fn open_item(&mut self) {
        self.flush();
        let level = self.lists.len();
        // `<li>a<li>b`: an unclosed sibling ends here.
        while self.items.last().is_some_and(|it| it.level >= level) {
            self.items.pop();
        }
        let ordered = self.lists.last().copied().unwrap_or(false);
        let depth = u8::try_from(level.saturating_sub(1)).unwrap_or(u8::MAX);
        self.items.push(Item {
            level,
            ordered,
            depth,
            checked: None,
        });
    }

    pub fn close_item(&mut self) {
        self.flush();
        self.items.pop();
    }

    /// Mark the innermost open list item as a checklist item.
    pub fn set_checked(&mut self, done: bool) {
        if let Some(it) = self.items.last_mut() {
            it.checked = Some(done);
        } else {
            self.buf.push_str(if done { "[x] " } else { "[ ] " });
        }
    }

    pub fn open_code(&mut self, lang: Option<String>) {
        if self.code.is_some() {
            return;
        }
        self.flush();
        self.code = Some(lang.filter(|l| !l.trim().is_empty()));
    }

    pub fn close_code(&mut self) {
        let Some(lang) = self.code.take() else {
            return;
        };
        let text = std::mem::take(&mut self.buf);
        let text = text.trim_matches(|c| c == '\n' || c == '\r').to_string();
        if text.trim().is_empty() {
            return;
        }
        if let Some(cell) = self.cell.as_mut() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&text.replace('\n', " "));
        } else if self.quote > 0 {
            self.quote_lines.push(text);
        } else {
            self.blocks.push(Block::Code { lang, text });
        }
    }

    pub fn open_quote(&mut self) {
        self.flush();
        self.quote += 1;
    }

    pub fn close_quote(&mut self) {
        self.flush();
        if self.quote == 0 {
            return;
        }
        self.quote -= 1;
        if self.quote == 0 && !self.quote_lines.is_empty() {
            let text = std::mem::take(&mut self.quote_lines).join("\n");
            self.blocks.push(Block::Quote { text });
        }
    }

    pub fn open_table(&mut self) {
        self.flush();
        self.tables += 1;
    }

    pub fn close_table(&mut self) {
        self.flush();
        if self.tables == 0 {
            return;
        }
        self.tables -= 1;
        if self.tables == 0 {
            self.close_row();
            let rows = std::mem::take(&mut self.rows);
            if !rows.is_empty() {
                self.blocks.push(Block::Table { rows });
            }
        }
    }

    pub fn open_row(&mut self) {
        if self.tables > 1 {
            return;
        }
        self.close_row();
        self.row = Some(Vec::new());
    }

    pub fn close_row(&mut self) {
        if self.tables > 1 {
            return;
        }
        self.close_cell();
        if let Some(row) = self.row.take() {
            if row.iter().any(|c| !c.is_empty()) {
                self.rows.push(row);
            }
        }
    }

    pub fn open_cell(&mut self) {
        if self.tables > 1 {
            self.text(" ");
            return;
        }
        self.close_cell();
        if self.tables == 0 {
            // A stray cell outside any table: plain text.
            self.flush();
            return;
        }
        if self.row.is_none() {
            self.row = Some(Vec::new());
        }
        self.cell = Some(String::new());
    }

    pub fn close_cell(&mut self) {
        if self.tables > 1 {
            self.text(" ");
            return;
        }
        if self.cell.is_none() {
            return;
        }
        self.flush();
        if let Some(cell) = self.cell.take() {
            if let Some(row) = self.row.as_mut() {
                row.push(cell);
            }
        }
    }

    pub fn rule(&mut self) {
        self.flush();
        if self.cell.is_none() && self.quote == 0 {
            self.blocks.push(Block::Rule);
        }
    }

    pub fn open_link(&mut self, href: &str) {
        self.links.push((href.trim().to_string(), self.buf.len()));
    }

    /// Close a link, keeping its URL visible: "text (url)".
    pub fn close_link(&mut self) {
        let Some((href, start)) = self.links.pop() else {
            return;
        };
        if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
            return;
        }
        let label = self.buf.get(start..).unwrap_or("").trim();
        // A label that is itself a (shortened) URL: "example.com/a" for "https://example.com/a".
        let label_is_url = !label.contains(char::is_whitespace)
            && (label.contains('.') || label.contains('/'))
            && href.contains(label);
        if label.is_empty() {
            self.buf.push_str(&href);
        } else if label.contains(href.as_str()) {
            // The URL is already visible.
        } else if label_is_url {
            let keep = self.buf.trim_end().len().saturating_sub(label.len());
            if self.buf.is_char_boundary(keep) && keep >= start {
                self.buf.truncate(keep);
                self.buf.push_str(&href);
            }
        } else {
            self.buf.push_str(" (");
            self.buf.push_str(&href);
            self.buf.push(')');
        }
    }

    /// An image: its alt text and, for web images, its URL.
    pub fn image(&mut self, alt: &str, src: &str) {
        let alt = alt.trim();
        let src = src.trim();
        let web = src.starts_with("http://") || src.starts_with("https://");
        if alt.is_empty() && !web {
            return;
        }
        if !self.buf.is_empty() && !self.buf.ends_with(char::is_whitespace) {
            self.buf.push(' ');
        }
        self.buf.push_str("[image");
        if !alt.is_empty() {
            self.buf.push_str(": ");
            self.buf.push_str(alt);
        }
        self.buf.push(']');
        if web {
            self.buf.push_str(" (");
            self.buf.push_str(src);
            self.buf.push(')');
        }
    }

    /// Emit whatever is still open and return the blocks.
    pub fn finish(mut self) -> Vec<Block> {
        self.close_code();
        self.flush();
        while self.tables > 0 {
            self.close_table();
        }
        while self.quote > 0 {
            self.close_quote();
        }
        self.blocks
    }
}

/// Trim each line's trailing spaces and the text's outer whitespace; drop empty lines.
fn tidy(s: &str) -> String {
    let trimmed = s.trim();
    if !trimmed.contains('\n') {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(trimmed.len());
    for line in trimmed.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_flatten_with_depth_and_checked_state() {
        let mut b = DocBuilder::new();
        b.open_list(false);
        b.open_item();
        b.text("parent");
        b.open_list(true);
        b.open_item();
        b.set_checked(true);
        b.text("child");
        b.close_item();
        b.close_list();
        b.close_item();
        b.close_list();
        b.text("after");
        let blocks = b.finish();
        assert_eq!(
            blocks,
            vec![
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "parent".into()
                },
                Block::ListItem {
                    ordered: true,
                    depth: 1,
                    checked: Some(true),
                    text: "child".into()
                },
                Block::Paragraph {
                    text: "after".into()
                },
            ]
        );
    }

    #[test]
    fn links_keep_their_url_visible() {
        let mut b = DocBuilder::new();
        b.text("See ");
        b.open_link("https://figma.com/file/abc");
        b.text("the design");
        b.close_link();
        b.open_link("https://example.com/x");
        b.text(" https://example.com/x");
        b.close_link();
        let blocks = b.finish();
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: "See the design (https://figma.com/file/abc) https://example.com/x".into()
            }]
        );
    }

    #[test]
    fn short_labels_inside_the_url_are_kept() {
        let mut b = DocBuilder::new();
        b.open_link("https://example.com/spec");
        b.text("spec");
        b.close_link();
        b.text(" and ");
        b.open_link("https://example.com/a/b");
        b.text("example.com/a/b");
        b.close_link();
        assert_eq!(
            b.finish(),
            vec![Block::Paragraph {
                text: "spec (https://example.com/spec) and https://example.com/a/b".into()
            }]
        );
    }

    #[test]
    fn unbalanced_closes_do_not_panic() {
        let mut b = DocBuilder::new();
        b.close_item();
        b.close_list();
        b.close_quote();
        b.close_table();
        b.close_row();
        b.close_cell();
        b.close_code();
        b.close_link();
        b.close_heading();
        b.open_cell();
        b.text("x");
        assert_eq!(b.finish(), vec![Block::Paragraph { text: "x".into() }]);
    }
}
