//! Jira wiki markup (REST v2, Server/Data Center, CSV exports).
//!
//! Block macros (`{code}`, `{noformat}`, `{quote}`, `{panel}`, `{html}`) are cut out
//! first, wherever they sit on a line (they often share a line with text); the text
//! between them is read line by line: `h1.`–`h6.` headings, `*`/`#`/`-` lists (`**`
//! nested, `*#` mixed), `||head||` and `|cell|` tables, `bq.` quotes, `----` rules.
//! Inline markup is reduced to plain text; links keep their URL: `[text|url]` →
//! "text (url)".
//!
//! Every scan is linear (look-aheads are bounded), so a 10 MB description is fine.

use super::html;
use crate::model::{Block, Doc};

/// How deep `{quote}`/`{panel}` bodies are read as markup before being kept as text.
const MAX_NESTING: u8 = 8;

pub fn to_doc(src: &str) -> Doc {
    Doc {
        blocks: to_blocks(src, 0),
    }
}

/// Read a description whose line breaks were flattened into runs of spaces (as in the
/// Deep-SE data set, where each CR and LF became a space). When the text has no line
/// break but shows block markup after a double space ("  h3. Problem", "  * item",
/// "  ||head||"), runs of 2–3 spaces become a line break and longer runs a blank line
/// before the markup is read. Code and `{noformat}` bodies keep their spaces.
pub fn to_doc_flattened(src: &str) -> Doc {
    if src.contains('\n') || !looks_flattened(src) {
        return to_doc(src);
    }
    Doc {
        blocks: parse(src, 0, true),
    }
}

fn looks_flattened(s: &str) -> bool {
    let starts_block = |t: &str| {
        let t = t.trim_start_matches(' ');
        heading(t).is_some()
            || list_marker(t).is_some()
            || t.starts_with("||")
            || t.starts_with("bq. ")
            || t.starts_with("----")
    };
    if starts_block(s) {
        return true;
    }
    // Check where each run of two or more spaces ends (one pass over the text).
    let mut run = 0usize;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            run += 1;
            continue;
        }
        if run >= 2 && starts_block(s.get(i..).unwrap_or("")) {
            return true;
        }
        run = 0;
    }
    false
}

fn unflatten(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut spaces = 0usize;
    for c in s.chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        match spaces {
            0 => {}
            1 => out.push(' '),
            2 | 3 => out.push('\n'),
            _ => out.push_str("\n\n"),
        }
        spaces = 0;
        out.push(c);
    }
    out
}

pub fn to_blocks(src: &str, depth: u8) -> Vec<Block> {
    parse(src, depth, false)
}

fn parse(src: &str, depth: u8, flattened: bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(off) = src.get(i..).and_then(|r| r.find('{')) {
        let pos = i + off;
        let Some(open) = macro_open(src, pos) else {
            i = pos + 1;
            continue;
        };
        lines(src.get(text_start..pos).unwrap_or(""), &mut out, flattened);
        let close_tag = format!("{{{}}}", open.name);
        let body_start = open.end;
        let (body, next) = match src.get(body_start..).and_then(|r| r.find(&close_tag)) {
            Some(c) => (
                src.get(body_start..body_start + c).unwrap_or(""),
                body_start + c + close_tag.len(),
            ),
            None => (src.get(body_start..).unwrap_or(""), src.len()),
        };
        emit_macro(&open, body, depth, flattened, &mut out);
        i = next;
        text_start = next;
    }
    lines(src.get(text_start..).unwrap_or(""), &mut out, flattened);
    out
}

struct MacroOpen<'a> {
    name: &'static str,
    params: &'a str,
    /// Byte offset just after the closing `}` of the opening tag.
    end: usize,
}

const MACROS: [&str; 5] = ["code", "noformat", "quote", "panel", "html"];

fn macro_open(src: &str, pos: usize) -> Option<MacroOpen<'_>> {
    let after = src.get(pos + 1..)?;
    let name = MACROS.into_iter().find(|m| {
        after.starts_with(m) && matches!(after.as_bytes().get(m.len()), Some(b'}') | Some(b':'))
    })?;
    let rest = after.get(name.len()..)?;
    // Parameters are short: look for the closing brace within 512 bytes.
    let close = rest
        .char_indices()
        .take(512)
        .find(|&(_, c)| c == '}' || c == '{' || c == '\n')
        .filter(|&(_, c)| c == '}')
        .map(|(i, _)| i)?;
    let params = rest.get(..close)?.trim_start_matches(':');
    Some(MacroOpen {
        name,
        params,
        end: pos + 1 + name.len() + close + 1,
    })
}

/// `key=value|key=value` or a bare first value (`{code:java}`).
fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    params.split('|').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case(key).then_some(v.trim())
    })
}

fn emit_macro(open: &MacroOpen<'_>, body: &str, depth: u8, flattened: bool, out: &mut Vec<Block>) {
    match open.name {
        "code" | "noformat" => {
            let lang = if open.name == "code" {
                param(open.params, "language")
                    .or_else(|| open.params.split('|').next().filter(|p| !p.contains('=')))
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
            } else {
                None
            };
            let text = if body.contains('\n') {
                body.trim_matches(|c| c == '\n' || c == '\r').trim_end()
            } else {
                body.trim()
            };
            if !text.is_empty() {
                // CRLF exports keep their line ends inside code bodies: normalise them.
                out.push(Block::Code {
                    lang,
                    text: text.replace("\r\n", "\n"),
                });
            }
        }
        "html" => out.extend(html::to_blocks(body)),
        "quote" => {
            let text = if depth < MAX_NESTING {
                Doc {
                    blocks: parse(body, depth + 1, flattened),
                }
                .text()
            } else {
                body.trim().to_string()
            };
            if !text.trim().is_empty() {
                out.push(Block::Quote { text });
            }
        }
        _ => {
            // {panel:title=…}: the title reads as a heading over the panel's content.
            if let Some(title) = param(open.params, "title").filter(|t| !t.is_empty()) {
                out.push(Block::Heading {
                    level: 4,
                    text: inline(title),
                });
            }
            if depth < MAX_NESTING {
                out.extend(parse(body, depth + 1, flattened));
            } else if !body.trim().is_empty() {
                out.push(Block::Paragraph {
                    text: body.trim().to_string(),
                });
            }
        }
    }
}

fn heading(line: &str) -> Option<(u8, &str)> {
    if let [b'h' | b'H', digit, b'.', ..] = line.as_bytes() {
        let level = digit.wrapping_sub(b'0');
        if (1..=6).contains(&level) {
            let rest = line.get(3..)?;
            if rest.is_empty() || rest.starts_with(' ') {
                return Some((level, rest.trim()));
            }
        }
    }
    None
}

/// `* item`, `## item`, `*# item`, `- item`: (ordered, depth, text).
fn list_marker(line: &str) -> Option<(bool, u8, &str)> {
    let run = line
        .find(|c: char| c != '*' && c != '#' && c != '-')
        .unwrap_or(line.len());
    if run == 0 {
        return None;
    }
    let marker = line.get(..run)?;
    let rest = line.get(run..)?;
    if !rest.starts_with(' ') || rest.trim().is_empty() {
        return None;
    }
    if marker.contains('-') && marker != "-" {
        return None;
    }
    let ordered = marker.ends_with('#');
    let depth = u8::try_from(run - 1).unwrap_or(u8::MAX);
    Some((ordered, depth, rest.trim()))
}

fn lines(seg: &str, out: &mut Vec<Block>, flattened: bool) {
    if seg.trim().is_empty() {
        return;
    }
    let restored;
    let seg = if flattened {
        restored = unflatten(seg);
        restored.as_str()
    } else {
        seg
    };
    let mut para: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush_para = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph {
                text: para.join("\n"),
            });
            para.clear();
        }
    };
    let flush_table = |table: &mut Vec<Vec<String>>, out: &mut Vec<Block>| {
        if !table.is_empty() {
            out.push(Block::Table {
                rows: std::mem::take(table),
            });
        }
    };
    for raw in seg.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush_para(&mut para, out);
            flush_table(&mut table, out);
            continue;
        }
        if line.starts_with('|') {
            flush_para(&mut para, out);
            table.push(cells(line));
            continue;
        }
        flush_table(&mut table, out);
        if let Some((level, text)) = heading(line) {
            flush_para(&mut para, out);
            out.push(Block::Heading {
                level,
                text: inline(text),
            });
        } else if let Some(text) = line.strip_prefix("bq.") {
            flush_para(&mut para, out);
            out.push(Block::Quote {
                text: inline(text.trim()),
            });
        } else if line.len() >= 4 && line.chars().all(|c| c == '-') {
            flush_para(&mut para, out);
            out.push(Block::Rule);
        } else if let Some((ordered, depth, text)) = list_marker(line) {
            flush_para(&mut para, out);
            out.push(Block::ListItem {
                ordered,
                depth,
                checked: None,
                text: inline(text),
            });
        } else {
            let text = inline(line);
            if !text.is_empty() {
                para.push(text);
            }
        }
    }
    flush_para(&mut para, out);
    flush_table(&mut table, out);
}

/// Split a table row on `|` outside `[…]` links and `{…}` macros.
fn cells(line: &str) -> Vec<String> {
    let header = line.starts_with("||");
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut brackets = 0usize;
    for c in line.chars() {
        match c {
            '[' | '{' => {
                brackets += 1;
                cur.push(c);
            }
            ']' | '}' => {
                brackets = brackets.saturating_sub(1);
                cur.push(c);
            }
            '|' if brackets == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    let mut cells: Vec<String> = parts.iter().map(|p| inline(p.trim())).collect();
    if header {
        cells.retain(|c| !c.is_empty());
    } else {
        if cells.first().is_some_and(String::is_empty) {
            cells.remove(0);
        }
        if cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
    }
    cells
}

/// Reduce inline markup to plain text: links keep their URL, emphasis markers go.
pub fn inline(s: &str) -> String {
    let s = strip_color(s);
    let mut out = String::with_capacity(s.len());
    let mut plain = String::new();
    let mut pos = 0;
    // Next `[` and next bare URL, found once and searched again only after passing
    // them, so a long line with many brackets stays linear.
    let mut next_bracket = find_char(&s, 0, '[');
    let mut next_url = find_url(&s, 0);
    loop {
        if next_bracket.is_some_and(|b| b < pos) {
            next_bracket = find_char(&s, pos, '[');
        }
        if next_url.is_some_and(|u| u < pos) {
            next_url = find_url(&s, pos);
        }
        let next = match (next_bracket, next_url) {
            (Some(b), Some(u)) => Some(b.min(u)),
            (b, u) => b.or(u),
        };
        let Some(at) = next else {
            plain.push_str(s.get(pos..).unwrap_or(""));
            break;
        };
        plain.push_str(s.get(pos..at).unwrap_or(""));
        let tail = s.get(at..).unwrap_or("");
        if tail.starts_with('[') {
            match link(tail) {
                Some((text, used)) => {
                    out.push_str(&emphasis(&std::mem::take(&mut plain)));
                    out.push_str(&text);
                    pos = at + used;
                }
                None => {
                    plain.push('[');
                    pos = at + 1;
                }
            }
        } else {
            let end = tail
                .find(|c: char| c.is_whitespace() || c == '|' || c == ']')
                .unwrap_or(tail.len());
            out.push_str(&emphasis(&std::mem::take(&mut plain)));
            out.push_str(tail.get(..end).unwrap_or(""));
            pos = at + end.max(1);
        }
    }
    out.push_str(&emphasis(&plain));
    let out = out.replace("\\\\", "\n");
    out.trim().to_string()
}

fn find_char(s: &str, from: usize, c: char) -> Option<usize> {
    s.get(from..)?.find(c).map(|i| i + from)
}

fn find_url(s: &str, from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(off) = s.get(i..)?.find("http") {
        let at = i + off;
        let tail = s.get(at + 4..).unwrap_or("");
        if tail.starts_with("://") || tail.starts_with("s://") {
            return Some(at);
        }
        i = at + 4;
    }
    None
}

/// `[text|url]`, `[url]`, `[~user]`, `[^attachment]`: (text, bytes used). Only links
/// within 2000 bytes are read, so a stray `[` never triggers a long scan.
fn link(s: &str) -> Option<(String, usize)> {
    let close = s
        .char_indices()
        .take(2000)
        .skip(1)
        .find(|&(_, c)| c == ']' || c == '[' || c == '\n')
        .filter(|&(_, c)| c == ']')
        .map(|(i, _)| i)?;
    let inner = s.get(1..close)?;
    let used = close + 1;
    if let Some(user) = inner.strip_prefix('~') {
        return Some((format!("@{user}"), used));
    }
    if let Some(file) = inner.strip_prefix('^') {
        return Some((format!("attachment {file}"), used));
    }
    if let Some((text, target)) = inner.rsplit_once('|') {
        let target = target.trim();
        let text = text.trim();
        let text = if text.is_empty() || text == target {
            target.to_string()
        } else {
            format!("{} ({target})", emphasis(text))
        };
        return Some((text, used));
    }
    if inner.contains("://") || inner.starts_with("mailto:") || inner.starts_with('#') {
        return Some((inner.trim().trim_start_matches('#').to_string(), used));
    }
    None
}

/// Drop `{color:…}`/`{color}` and similar formatting-only macros.
fn strip_color(s: &str) -> String {
    if !s.contains('{') {
        return s.replace("{{", "").replace("}}", "");
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('{') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let formatting = ["{color", "{anchor", "{toc"]
            .iter()
            .any(|m| tail.starts_with(m));
        let close = tail
            .char_indices()
            .take(64)
            .find(|&(_, c)| c == '}')
            .map(|(i, _)| i);
        match (formatting, close) {
            (true, Some(end)) => rest = tail.get(end + 1..).unwrap_or(""),
            _ if tail.starts_with("{{") => rest = tail.get(2..).unwrap_or(""),
            _ => {
                out.push('{');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out.replace("}}", "")
}

/// Remove paired `*bold*`, `_italic_`, `+underline+`, `??citation??` markers; a marker
/// opens only after a non-word character and closes within the next 300 bytes.
fn emphasis(s: &str) -> String {
    let mut text = s.to_string();
    for m in ['*', '_', '+'] {
        if text.contains(m) {
            text = strip_pairs(&text, m);
        }
    }
    text.replace("??", "")
}

fn strip_pairs(s: &str, m: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut drop = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let opens = chars.get(i) == Some(&m)
            && (i == 0
                || chars
                    .get(i - 1)
                    .is_some_and(|p| !p.is_alphanumeric() && *p != m))
            && chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != m);
        if !opens {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let limit = (i + 300).min(chars.len());
        let mut found = None;
        while j < limit {
            let c = chars.get(j).copied().unwrap_or(' ');
            if c == '\n' {
                break;
            }
            if c == m {
                let prev_ok = chars.get(j - 1).is_some_and(|p| !p.is_whitespace());
                let next_ok = chars
                    .get(j + 1)
                    .map_or(true, |n| !n.is_alphanumeric() && *n != m);
                if prev_ok && next_ok {
                    found = Some(j);
                    break;
                }
                if !prev_ok {
                    // Another opener candidate: restart from it rather than rescanning.
                    break;
                }
            }
            j += 1;
        }
        match found {
            Some(j) => {
                if let Some(d) = drop.get_mut(i) {
                    *d = true;
                }
                if let Some(d) = drop.get_mut(j) {
                    *d = true;
                }
                i = j + 1;
            }
            None => i = j.max(i + 1),
        }
    }
    chars
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_and_macros() {
        let src = "h2. Acceptance Criteria\n* Given a *logged in* user\n** When they open _Settings_\n# first\n#* mixed\n\n||Field||Rule||\n|email|[RFC 5322|https://www.rfc-editor.org/rfc/rfc5322]|\n\n{code:java}\nint x = 1;\n{code}\nbq. quoted line\n----\n{quote}\nsaid *this*\n{quote}\n{panel:title=Design|borderStyle=dashed}\nSee [Figma|https://www.figma.com/file/abc]\n{panel}";
        let doc = to_doc(src);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading {
                    level: 2,
                    text: "Acceptance Criteria".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "Given a logged in user".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 1,
                    checked: None,
                    text: "When they open Settings".into()
                },
                Block::ListItem {
                    ordered: true,
                    depth: 0,
                    checked: None,
                    text: "first".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 1,
                    checked: None,
                    text: "mixed".into()
                },
                Block::Table {
                    rows: vec![
                        vec!["Field".into(), "Rule".into()],
                        vec![
                            "email".into(),
                            "RFC 5322 (https://www.rfc-editor.org/rfc/rfc5322)".into()
                        ]
                    ]
                },
                Block::Code {
                    lang: Some("java".into()),
                    text: "int x = 1;".into()
                },
                Block::Quote {
                    text: "quoted line".into()
                },
                Block::Rule,
                Block::Quote {
                    text: "said this".into()
                },
                Block::Heading {
                    level: 4,
                    text: "Design".into()
                },
                Block::Paragraph {
                    text: "See Figma (https://www.figma.com/file/abc)".into()
                },
            ]
        );
    }

    #[test]
    fn deepse_inline_code_and_links() {
        // from ../shared/data/issues/deepse/appceleratorstudio.csv, TISTUD-1294 (Choetkiertikul et al. 2018)
        let src = "Same issues as referenced in [TIDEV-115|https://jira.appcelerator.org/browse/TIDEV-115]    If you specify an app id as simply a single word, as opposed to a reverse domain format, you get an error when building for android (but not ios):    {code}  [ERROR] Error generating R.java from manifest  {code}    It's a very cryptic error and really hard to track down.";
        let doc = to_doc(src);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph {
                    text: "Same issues as referenced in TIDEV-115 (https://jira.appcelerator.org/browse/TIDEV-115)    If you specify an app id as simply a single word, as opposed to a reverse domain format, you get an error when building for android (but not ios):".into()
                },
                Block::Code {
                    lang: None,
                    text: "[ERROR] Error generating R.java from manifest".into()
                },
                Block::Paragraph {
                    text: "It's a very cryptic error and really hard to track down.".into()
                },
            ]
        );
    }

    #[test]
    fn deepse_html_block_is_read_as_html() {
        // from ../shared/data/issues/deepse/appceleratorstudio.csv (Choetkiertikul et al. 2018)
        let src = "{html}<div><p>At least fix feature icons, associated natures. Perhaps other screens as well.</p></div>{html}";
        assert_eq!(
            to_doc(src).blocks,
            vec![Block::Paragraph {
                text:
                    "At least fix feature icons, associated natures. Perhaps other screens as well."
                        .into()
            }]
        );
    }

    #[test]
    fn flattened_descriptions_recover_their_lines() {
        // from ../shared/data/issues/deepse/appceleratorstudio.csv, TISTUD-656 (Choetkiertikul
        // et al. 2018): line breaks were flattened to spaces in the data set.
        let src = "h3. Problem    The log file created by Titanium is being saved in the Documents folder of the app.  The main problem is that the Documents folder gets backed up by iCloud, and it would be better not to include logs in the user backups.     h3. Expected behavior    Customer wants to change the location of the logs in somewhere else like in the Application Support/Logs.    h3. Additional Information:  http://www.apple.com/icloud/what-is.html    h3. Associated HD Ticket:  http://appc.me/c/APP-525161";
        let doc = to_doc_flattened(src);
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings,
            vec![
                "Problem",
                "Expected behavior",
                "Additional Information:",
                "Associated HD Ticket:"
            ]
        );
        assert_eq!(
            doc.blocks.get(1),
            Some(&Block::Paragraph {
                text: "The log file created by Titanium is being saved in the Documents folder of the app.\nThe main problem is that the Documents folder gets backed up by iCloud, and it would be better not to include logs in the user backups.".into()
            })
        );
        // from ../shared/data/issues/deepse/appceleratorstudio.csv, TISTUD-882
        let src = "Please consider renaming the Windows and OSX install packages in [resources|https://my.appcelerator.com/resources] to *TitaniumStudio + extension*    * Fix the installer process to generate the new names for Titanium Studio on OS X and Windows  * Update preview.appcelerator.com to respect the new names    ";
        let doc = to_doc_flattened(src);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph {
                    text: "Please consider renaming the Windows and OSX install packages in resources (https://my.appcelerator.com/resources) to TitaniumStudio + extension".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "Fix the installer process to generate the new names for Titanium Studio on OS X and Windows".into()
                },
                Block::ListItem {
                    ordered: false,
                    depth: 0,
                    checked: None,
                    text: "Update preview.appcelerator.com to respect the new names".into()
                },
            ]
        );
        // Code keeps its spaces; prose with double spaces but no markup is left alone.
        assert!(to_doc_flattened("h1. x  {code}a  =  b{code}")
            .blocks
            .contains(&Block::Code {
                lang: None,
                text: "a  =  b".into()
            }));
        // from ../shared/data/issues/deepse/mesos.csv, MESOS-336
        let prose = "The slave should be smarter about how it handles pulling down executors.  In our environment, executors rarely change but the slave will always pull it down from regardless HDFS.";
        assert_eq!(to_doc_flattened(prose).blocks.len(), 1);
    }

    #[test]
    fn malformed_markup_is_kept_as_text() {
        let doc = to_doc("{code}never closed\nstill code");
        assert_eq!(
            doc.blocks,
            vec![Block::Code {
                lang: None,
                text: "never closed\nstill code".into()
            }]
        );
        assert_eq!(
            to_doc("[not a link and *no close").text(),
            "[not a link and *no close"
        );
        assert_eq!(to_doc("{panel:title=x").text(), "{panel:title=x");
        assert_eq!(
            to_doc("snake_case_name and 2*3*4").text(),
            "snake_case_name and 2*3*4"
        );
        assert_eq!(to_doc("{color:red}red{color} text").text(), "red text");
        assert_eq!(
            to_doc("[~jdoe] see [http://x.org/a_b_]").text(),
            "@jdoe see http://x.org/a_b_"
        );
    }

    #[test]
    fn nested_quotes_are_bounded() {
        let src = "{panel}".repeat(10_000);
        let _ = to_doc(&src);
        let src = "{quote}a{panel}b{quote}c{panel}".repeat(1_000);
        assert!(to_doc(&src).text().contains('a'));
    }
}
