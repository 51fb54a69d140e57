//! Atlassian Document Format (Jira REST v3 descriptions and rich-text custom fields).
//!
//! Every node type of the ADF schema that carries text is read: `doc`, `paragraph`,
//! `heading`, `bulletList`, `orderedList`, `listItem`, `taskList`/`taskItem`,
//! `decisionList`/`decisionItem`, `codeBlock`, `blockquote`, `panel`, `table`,
//! `tableRow`, `tableHeader`, `tableCell`, `expand`, `nestedExpand`, `mediaSingle`,
//! `mediaGroup`, `media`, `rule`, `layoutSection`/`layoutColumn`, `blockCard`,
//! `embedCard`, `bodiedExtension`; inline `text` (with `link` marks), `hardBreak`,
//! `mention`, `emoji`, `date`, `status`, `inlineCard`, `mediaInline`. Unknown nodes are
//! skipped, but their content (or `attrs.text`) is still read.
//!
//! Recursion is bounded by [`MAX_DEPTH`]: below it, a node's text is gathered with an
//! explicit stack, so deeply nested JSON cannot overflow the stack.

use serde_json::Value;

use super::builder::DocBuilder;
use crate::model::{Block, Doc};

/// Deepest node nesting read structurally; deeper content is kept as flat text.
pub const MAX_DEPTH: usize = 48;

/// Is this value an ADF document (or an ADF node)?
pub fn is_adf(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str).is_some() && v.get("content").is_some_and(Value::is_array)
}

pub fn to_doc(v: &Value) -> Doc {
    Doc {
        blocks: to_blocks(v),
    }
}

pub fn to_blocks(v: &Value) -> Vec<Block> {
    let mut b = DocBuilder::new();
    node(&mut b, v, 0);
    b.finish()
}

fn children(b: &mut DocBuilder, v: &Value, depth: usize) {
    if let Some(items) = v.get("content").and_then(Value::as_array) {
        for c in items {
            node(b, c, depth + 1);
        }
    }
}

fn attr<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.get("attrs").and_then(|a| a.get(name))
}

fn attr_str<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    attr(v, name).and_then(Value::as_str)
}

fn node(b: &mut DocBuilder, v: &Value, depth: usize) {
    if depth > MAX_DEPTH {
        let text = flat_text(v);
        if !text.trim().is_empty() {
            b.text(&text);
            b.text(" ");
        }
        return;
    }
    let Some(kind) = v.get("type").and_then(Value::as_str) else {
        // Not a node (a bare string in a hand-made payload): keep text, skip the rest.
        if let Some(s) = v.as_str() {
            b.text(s);
        }
        return;
    };
    match kind {
        "doc"
        | "layoutSection"
        | "layoutColumn"
        | "bodiedExtension"
        | "extensionFrame"
        | "multiBodiedExtension" => children(b, v, depth),
        "paragraph" => {
            b.flush();
            children(b, v, depth);
            b.flush();
        }
        "heading" => {
            let level = attr(v, "level").and_then(Value::as_u64).unwrap_or(1);
            b.open_heading(u8::try_from(level.clamp(1, 6)).unwrap_or(1));
            children(b, v, depth);
            b.close_heading();
        }
        "bulletList" | "taskList" | "decisionList" => {
            b.open_list(false);
            children(b, v, depth);
            b.close_list();
        }
        "orderedList" => {
            b.open_list(true);
            children(b, v, depth);
            b.close_list();
        }
        "listItem" | "decisionItem" => {
            b.open_item();
            children(b, v, depth);
            b.close_item();
        }
        "taskItem" => {
            b.open_item();
            b.set_checked(attr_str(v, "state") == Some("DONE"));
            children(b, v, depth);
            b.close_item();
        }
        "codeBlock" => {
            b.open_code(attr_str(v, "language").map(str::to_string));
            children(b, v, depth);
            b.close_code();
        }
        "blockquote" => {
            b.open_quote();
            children(b, v, depth);
            b.close_quote();
        }
        "panel" | "mediaSingle" | "mediaGroup" => {
            b.flush();
            children(b, v, depth);
            b.flush();
        }
        "expand" | "nestedExpand" => {
            b.flush();
            if let Some(title) = attr_str(v, "title").filter(|t| !t.trim().is_empty()) {
                b.text(title);
                b.flush();
            }
            children(b, v, depth);
            b.flush();
        }
        "table" => {
            b.open_table();
            children(b, v, depth);
            b.close_table();
        }
        "tableRow" => {
            b.open_row();
            children(b, v, depth);
            b.close_row();
        }
        "tableHeader" | "tableCell" => {
            b.open_cell();
            children(b, v, depth);
            b.close_cell();
        }
        "rule" => b.rule(),
        "text" => {
            let text = v.get("text").and_then(Value::as_str).unwrap_or("");
            let href = v
                .get("marks")
                .and_then(Value::as_array)
                .and_then(|marks| {
                    marks
                        .iter()
                        .find(|m| m.get("type").and_then(Value::as_str) == Some("link"))
                })
                .and_then(|m| attr_str(m, "href"));
            match href {
                Some(href) => {
                    b.open_link(href);
                    b.text(text);
                    b.close_link();
                }
                None => b.text(text),
            }
        }
        "hardBreak" => b.line_break(),
        "mention" => {
            let t = attr_str(v, "text").unwrap_or("");
            if t.starts_with('@') || t.is_empty() {
                b.text(if t.is_empty() { "@someone" } else { t });
            } else {
                b.text(&format!("@{t}"));
            }
        }
        "emoji" => {
            if let Some(t) = attr_str(v, "text").or_else(|| attr_str(v, "shortName")) {
                b.text(t);
            }
        }
        "date" => {
            let ts = attr(v, "timestamp").and_then(|t| match t {
                Value::String(s) => s.parse::<i64>().ok(),
                Value::Number(n) => n.as_i64(),
                _ => None,
            });
            if let Some(ms) = ts {
                b.text(&date_from_millis(ms));
            }
        }
        "status" => {
            if let Some(t) = attr_str(v, "text") {
                b.text(t);
            }
        }
        "inlineCard" | "blockCard" | "embedCard" => {
            let block = kind != "inlineCard";
            if block {
                b.flush();
            }
            if let Some(url) = attr_str(v, "url") {
                b.text(url);
            }
            if block {
                b.flush();
            }
        }
        "media" | "mediaInline" => {
            let alt = attr_str(v, "alt").unwrap_or("");
            let url = attr_str(v, "url").unwrap_or("");
            b.image(alt, url);
        }
        "placeholder" => {}
        _ => {
            // Unknown node: skip it, but keep its text.
            if v.get("content").is_some_and(Value::is_array) {
                children(b, v, depth);
            } else if let Some(t) =
                attr_str(v, "text").or_else(|| v.get("text").and_then(Value::as_str))
            {
                b.text(t);
            }
        }
    }
}

/// Every `text` string under `v`, space-separated, without recursion.
pub fn flat_text(v: &Value) -> String {
    let mut out = String::new();
    let mut stack = vec![v];
    while let Some(n) = stack.pop() {
        if let Some(t) = n.get("text").and_then(Value::as_str) {
            if !out.is_empty() && !out.ends_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str(t);
        }
        if let Some(items) = n.get("content").and_then(Value::as_array) {
            stack.extend(items.iter().rev());
        }
    }
    out
}

/// `YYYY-MM-DD` (UTC) from Unix milliseconds.
fn date_from_millis(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(content: Value) -> Value {
        json!({"type": "paragraph", "content": content})
    }

    fn t(s: &str) -> Value {
        json!({"type": "text", "text": s})
    }

    #[test]
    fn every_listed_node_type() {
        let doc = json!({"type": "doc", "version": 1, "content": [
            {"type": "heading", "attrs": {"level": 2}, "content": [t("Acceptance criteria")]},
            {"type": "taskList", "attrs": {"localId": "a"}, "content": [
                {"type": "taskItem", "attrs": {"localId": "b", "state": "DONE"}, "content": [t("Export works")]},
                {"type": "taskItem", "attrs": {"localId": "c", "state": "TODO"}, "content": [t("Import works")]}
            ]},
            {"type": "bulletList", "content": [
                {"type": "listItem", "content": [p(json!([t("Given a user")])),
                    {"type": "orderedList", "attrs": {"order": 1}, "content": [
                        {"type": "listItem", "content": [p(json!([t("When they log in")]))]}
                    ]}
                ]}
            ]},
            {"type": "codeBlock", "attrs": {"language": "sql"}, "content": [t("SELECT 1;\nSELECT 2;")]},
            {"type": "blockquote", "content": [p(json!([t("quoted")]))]},
            {"type": "panel", "attrs": {"panelType": "info"}, "content": [p(json!([t("in a panel")]))]},
            {"type": "table", "attrs": {"isNumberColumnEnabled": false, "layout": "default"}, "content": [
                {"type": "tableRow", "content": [
                    {"type": "tableHeader", "attrs": {}, "content": [p(json!([t("Role")]))]},
                    {"type": "tableHeader", "attrs": {}, "content": [p(json!([t("Can edit")]))]}
                ]},
                {"type": "tableRow", "content": [
                    {"type": "tableCell", "attrs": {}, "content": [p(json!([t("Admin")]))]},
                    {"type": "tableCell", "attrs": {}, "content": [p(json!([t("yes")]))]}
                ]}
            ]},
            {"type": "expand", "attrs": {"title": "Details"}, "content": [p(json!([t("hidden text")]))]},
            {"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [
                {"type": "media", "attrs": {"type": "external", "url": "https://www.figma.com/design.png", "alt": "mockup"}}
            ]},
            {"type": "rule"},
            p(json!([
                t("Owner "),
                {"type": "mention", "attrs": {"id": "5b10", "text": "@Alana Grant"}},
                t(" "),
                {"type": "emoji", "attrs": {"shortName": ":smile:", "text": "😄"}},
                {"type": "hardBreak"},
                t("due "),
                {"type": "date", "attrs": {"timestamp": "1735689600000"}},
                t(" "),
                {"type": "status", "attrs": {"text": "IN REVIEW", "color": "blue"}},
                t(" see "),
                {"type": "inlineCard", "attrs": {"url": "https://example.atlassian.net/browse/PROJ-2"}},
                t(" and "),
                {"type": "text", "text": "the spec", "marks": [{"type": "link", "attrs": {"href": "https://example.com/spec"}}, {"type": "strong"}]}
            ]))
        ]});
        let d = to_doc(&doc);
        assert_eq!(
            d.blocks,
            vec![
                Block::Heading { level: 2, text: "Acceptance criteria".into() },
                Block::ListItem { ordered: false, depth: 0, checked: Some(true), text: "Export works".into() },
                Block::ListItem { ordered: false, depth: 0, checked: Some(false), text: "Import works".into() },
                Block::ListItem { ordered: false, depth: 0, checked: None, text: "Given a user".into() },
                Block::ListItem { ordered: true, depth: 1, checked: None, text: "When they log in".into() },
                Block::Code { lang: Some("sql".into()), text: "SELECT 1;\nSELECT 2;".into() },
                Block::Quote { text: "quoted".into() },
                Block::Paragraph { text: "in a panel".into() },
                Block::Table { rows: vec![vec!["Role".into(), "Can edit".into()], vec!["Admin".into(), "yes".into()]] },
                Block::Paragraph { text: "Details".into() },
                Block::Paragraph { text: "hidden text".into() },
                Block::Paragraph { text: "[image: mockup] (https://www.figma.com/design.png)".into() },
                Block::Rule,
                Block::Paragraph {
                    text: "Owner @Alana Grant 😄\ndue 2025-01-01 IN REVIEW see https://example.atlassian.net/browse/PROJ-2 and the spec (https://example.com/spec)".into()
                },
            ]
        );
    }

    #[test]
    fn unknown_nodes_are_skipped_but_their_text_kept() {
        let doc = json!({"type": "doc", "version": 1, "content": [
            {"type": "futureWidget", "attrs": {"x": 1}},
            {"type": "futureContainer", "content": [p(json!([t("kept text")]))]},
            p(json!([{"type": "futureInline", "attrs": {"text": "inline kept"}}, 42, null])),
            "stray string",
            {"no": "type"}
        ]});
        assert_eq!(to_doc(&doc).text(), "kept text\ninline kept\nstray string");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        // Built bottom-up so no recursion is needed to construct it.
        let mut v = t("bottom");
        for _ in 0..100 {
            v = json!({"type": "bulletList", "content": [{"type": "listItem", "content": [v]}]});
        }
        let doc = json!({"type": "doc", "content": [v]});
        let d = to_doc(&doc);
        assert!(d.text().contains("bottom"));
    }

    #[test]
    fn dates_convert() {
        assert_eq!(date_from_millis(0), "1970-01-01");
        assert_eq!(date_from_millis(1_709_251_200_000), "2024-03-01");
        assert_eq!(date_from_millis(-86_400_000), "1969-12-31");
    }
}
