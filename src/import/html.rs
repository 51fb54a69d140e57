//! A small, tolerant HTML reader for rich-text fields (Azure DevOps descriptions and
//! acceptance criteria, Jira `{html}` blocks, HTML inside Markdown).
//!
//! It is not a browser: it reads tags one after another, never builds a tree, never
//! recurses, and treats anything it does not know as inline text. `<script>` and
//! `<style>` contents are dropped; entities are decoded; link URLs stay visible.

use super::builder::DocBuilder;
use crate::model::{Block, Doc};

pub fn to_doc(html: &str) -> Doc {
    Doc {
        blocks: to_blocks(html),
    }
}

pub fn to_blocks(html: &str) -> Vec<Block> {
    let mut b = DocBuilder::new();
    feed(&mut b, html);
    b.finish()
}

/// Read `html` into an existing builder (used for HTML blocks inside Markdown).
pub(crate) fn feed(b: &mut DocBuilder, html: &str) {
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(b, rest);
            break;
        };
        let (before, after) = rest.split_at(lt);
        text(b, before);
        rest = tag(b, after);
    }
}

fn text(b: &mut DocBuilder, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    b.text_collapsed(&decoded);
}

/// Handle the markup at the start of `s` (which starts with `<`); return what follows.
fn tag<'a>(b: &mut DocBuilder, s: &'a str) -> &'a str {
    let after = s.get(1..).unwrap_or("");
    if let Some(body) = after.strip_prefix("!--") {
        return match body.find("-->") {
            Some(end) => body.get(end + 3..).unwrap_or(""),
            None => "",
        };
    }
    if after.starts_with('!') || after.starts_with('?') {
        return match after.find('>') {
            Some(end) => after.get(end + 1..).unwrap_or(""),
            None => "",
        };
    }
    let (closing, name_start) = match after.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if !name_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // A lone `<` ("a < b"): text.
        b.text_collapsed("<");
        return after;
    }
    let name_len = name_start
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(name_start.len());
    let name = name_start
        .get(..name_len)
        .unwrap_or("")
        .to_ascii_lowercase();
    let attrs_start = name_start.get(name_len..).unwrap_or("");
    let (attr_text, rest) = split_tag_end(attrs_start);
    if closing {
        close(b, &name);
        return rest;
    }
    let attrs = parse_attrs(attr_text);
    if name == "script" || name == "style" || name == "template" {
        return skip_to_close(rest, &name);
    }
    open(b, &name, &attrs);
    if attr_text.trim_end().ends_with('/') {
        close(b, &name);
    }
    rest
}

/// Split at the `>` ending a tag, ignoring `>` inside quoted attribute values.
fn split_tag_end(s: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '>') => return (s.get(..i).unwrap_or(""), s.get(i + 1..).unwrap_or("")),
            _ => {}
        }
    }
    (s, "")
}

fn skip_to_close<'a>(s: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(off) = s.get(from..).and_then(|r| r.find("</")) {
        let at = from + off + 2;
        let candidate = s.get(at..at + name.len()).unwrap_or("");
        if candidate.eq_ignore_ascii_case(name) {
            let tail = s.get(at + name.len()..).unwrap_or("");
            return match tail.find('>') {
                Some(end) => tail.get(end + 1..).unwrap_or(""),
                None => "",
            };
        }
        from = at;
    }
    ""
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars
            .peek()
            .is_some_and(|(_, c)| c.is_whitespace() || *c == '/')
        {
            chars.next();
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut end = s.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                end = i;
                break;
            }
            chars.next();
        }
        let name = s.get(start..end).unwrap_or("").to_ascii_lowercase();
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().map(|&(_, c)| c) {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        if !name.is_empty() {
            out.push((name, decode_entities(&value)));
        }
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "details",
    "summary",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "center",
    "form",
    "fieldset",
    "address",
    "body",
    "html",
    "caption",
];

fn open(b: &mut DocBuilder, name: &str, attrs: &[(String, String)]) {
    if let Some(level) = heading_level(name) {
        b.open_heading(level);
        return;
    }
    match name {
        "br" => b.line_break(),
        "ul" | "menu" => b.open_list(false),
        "ol" => b.open_list(true),
        "li" => b.open_item(),
        "input" if attr(attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) => {
            b.set_checked(attr(attrs, "checked").is_some());
        }
        "pre" => {
            let lang = attr(attrs, "lang").map(str::to_string);
            b.open_code(lang);
        }
        "blockquote" => b.open_quote(),
        "table" => b.open_table(),
        "tr" => b.open_row(),
        "td" | "th" => b.open_cell(),
        "hr" => b.rule(),
        "a" => b.open_link(attr(attrs, "href").unwrap_or("")),
        "img" => b.image(
            attr(attrs, "alt").unwrap_or(""),
            attr(attrs, "src").unwrap_or(""),
        ),
        _ if BLOCKS.contains(&name) => b.flush(),
        _ => {}
    }
}

fn close(b: &mut DocBuilder, name: &str) {
    if heading_level(name).is_some() {
        b.close_heading();
        return;
    }
    match name {
        "ul" | "ol" | "menu" => b.close_list(),
        "li" => b.close_item(),
        "pre" => b.close_code(),
        "blockquote" => b.close_quote(),
        "table" => b.close_table(),
        "tr" => b.close_row(),
        "td" | "th" => b.close_cell(),
        "a" => b.close_link(),
        _ if BLOCKS.contains(&name) => b.flush(),
        _ => {}
    }
}

/// Decode HTML character references (named ones in common use, decimal and hex).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp + 1..).unwrap_or("");
        // A reference is short: look for `;` within 32 bytes.
        let semi = tail
            .char_indices()
            .take(32)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|end| {
            let name = tail.get(..end)?;
            let c = entity(name)?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = tail.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "divide" => '÷',
        "deg" => '°',
        "plusmn" => '±',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "rArr" => '⇒',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "check" => '✓',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "shy" => '\u{AD}',
        "thinsp" | "ensp" | "emsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> String {
        to_doc(html).text()
    }

    #[test]
    fn azure_devops_description_with_lists_checkboxes_and_link() {
        // Shape of an Azure DevOps System.Description (rich-text editor output).
        let html = r#"<div><b>As a</b> shopper&nbsp;I want to save my cart</div><div><br></div>
<h2>Acceptance&nbsp;Criteria</h2>
<ul><li><input type="checkbox" checked> Cart survives logout</li>
<li><input type="checkbox"> Cart merges on login
<ol><li>newest quantity wins</li></ol></li></ul>
<p>Design: <a href="https://www.figma.com/file/Xy12/cart">Figma cart</a></p>
<script>alert('x')</script><style>p{color:red}</style>"#;
        let doc = to_doc(html);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph {
                    text: "As a shopper I want to save my cart".into()
                },
                Block::Heading {
                    level: 2,
                    text: "Acceptance Criteria".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(true),
                    text: "Cart survives logout".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: Some(false),
                    text: "Cart merges on login".into()
                },
                Block::ListItem {
                    ordered: true,
                    depth: 1,
                    checked: None,
                    text: "newest quantity wins".into()
                },
                Block::Paragraph {
                    text: "Design: Figma cart (https://www.figma.com/file/Xy12/cart)".into()
                },
            ]
        );
    }

    #[test]
    fn tables_pre_and_entities() {
        let html = "<table><tr><th>Field</th><th>Rule</th></tr><tr><td>email</td><td>&lt;required&gt; &amp; unique</td></tr></table><pre>fn main() {\n    println!(\"hi\");\n}</pre><p>caf&eacute; &#233; &#x1F600;</p>";
        let doc = to_doc(html);
        assert_eq!(
            doc.blocks.first(),
            Some(&Block::Table {
                rows: vec![
                    vec!["Field".into(), "Rule".into()],
                    vec!["email".into(), "<required> & unique".into()]
                ]
            })
        );
        assert_eq!(
            doc.blocks.get(1),
            Some(&Block::Code {
                lang: None,
                text: "fn main() {\n    println!(\"hi\");\n}".into()
            })
        );
        // Unknown named entities stay as written; numeric ones decode.
        assert_eq!(
            doc.blocks.get(2),
            Some(&Block::Paragraph {
                text: "caf&eacute; é 😀".into()
            })
        );
    }

    #[test]
    fn malformed_html_is_read_tolerantly() {
        assert_eq!(
            texts("a < b and <p>unclosed <b>bold"),
            "a < b and\nunclosed bold"
        );
        assert_eq!(texts("<li>one<li>two"), "- one\n- two");
        assert_eq!(
            texts("<!-- hidden --><p>shown</p><!-- unterminated"),
            "shown"
        );
        assert_eq!(texts("<script>never closed"), "");
        assert_eq!(texts("<a href='x>y'>q</a>"), "q (x>y)");
        assert_eq!(texts("</div></ul></li></table>text"), "text");
        assert_eq!(texts("<p>x</p><"), "x\n<");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div><ul><li>".repeat(50_000) + "deep";
        let doc = to_doc(&html);
        assert!(doc.text().contains("deep"));
    }
}
