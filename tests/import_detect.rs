#![cfg(not(target_arch = "wasm32"))]
//! Format detection, explicit overrides, bad input (encoding, malformed and absurdly
//! nested JSON) and huge inputs (10 MB descriptions in every markup) without quadratic
//! blow-ups.

mod support;
use support::fixture;

use readylens::import::{detect, import, Format};
use readylens::model::Block;
use std::time::{Duration, Instant};

#[test]
fn every_fixture_is_detected() {
    let cases = [
        ("jira_v3_issue.json", Format::JiraJson),
        ("jira_v3_search_jql.json", Format::JiraJson),
        ("jira_agile_backlog.json", Format::JiraJson),
        ("linear_issue.json", Format::LinearJson),
        ("linear_issues.json", Format::LinearJson),
        ("github_issues.json", Format::GithubJson),
        ("ado_workitems.json", Format::AdoJson),
        ("gitlab_issues.json", Format::GitlabJson),
        ("jira_export.csv", Format::JiraCsv),
        ("linear_export.csv", Format::LinearCsv),
        ("gitlab_export.csv", Format::GitlabCsv),
        ("deepse_sample.csv", Format::Csv),
        ("deepse_mulestudio_sample.csv", Format::Csv),
        ("seamonkey_sample.csv", Format::Csv),
    ];
    for (name, format) in cases {
        let bytes = fixture(name);
        assert_eq!(detect(&String::from_utf8_lossy(&bytes)), format, "{name}");
        assert_eq!(import(name, &bytes, None).unwrap().format, format, "{name}");
    }
}

#[test]
fn text_is_not_mistaken_for_csv_or_json() {
    // from ../shared/data/stories/dalpiaz/g05-openspending.txt (Dalpiaz, CC BY 4.0)
    let text = "#G05# As a Data Publishing User, I want to be able to edit a dataset I have published, So that I can correct or enhance existing data.\n#G05# As a Data Publishing User, I want to be able to delete a dataset I have published, So that I can remove unwanted data from OpenSpending.\n";
    assert_eq!(detect(text), Format::Text);
    let out = import("g05.txt", text.as_bytes(), None).unwrap();
    assert_eq!(out.issues.len(), 2);
    assert_eq!(out.issues[1].key, "2");
    assert_eq!(
        detect("[WIP] As a user, I want to export, so that I can share"),
        Format::Text
    );
    assert_eq!(detect(""), Format::Text);
    assert!(import("empty", b"", None).unwrap().issues.is_empty());
}

#[test]
fn explicit_format_overrides_detection() {
    let out = import("j.csv", &fixture("jira_export.csv"), Some(Format::Text)).unwrap();
    assert_eq!(out.format, Format::Text);
    assert!(out.issues.len() > 3);
    // A Jira CSV read as a generic CSV still finds its key and summary.
    let out = import("j.csv", &fixture("jira_export.csv"), Some(Format::Csv)).unwrap();
    assert_eq!(out.format, Format::Csv);
    assert_eq!(
        out.issues.first().map(|i| i.key.as_str()),
        Some("STUDIO-5383")
    );
    // CSV text forced through a JSON importer: a JSON error, not a panic.
    let err = import(
        "j.csv",
        &fixture("jira_export.csv"),
        Some(Format::LinearJson),
    )
    .unwrap_err();
    assert!(err.location.starts_with("line 1, column 1"), "{err}");
}

#[test]
fn flattened_deepse_acceptance_criteria_become_list_items() {
    // STUDIO-2825, ../shared/data/issues/deepse/mulestudio.csv (Choetkiertikul et al. 2018)
    let out = import("m.csv", &fixture("deepse_mulestudio_sample.csv"), None).unwrap();
    let issue = out.issues.iter().find(|i| i.key == "STUDIO-2825").unwrap();
    let items: Vec<&str> = issue
        .description
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::ListItem { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(items.len(), 5);
    assert_eq!(items[0], "Salesforce SOQL expressions are displayed");
    assert!(issue
        .description
        .text()
        .contains("\nAcceptance Criteria:\n- Salesforce"));
    // STUDIO-5593: "#" items are an ordered list.
    let other = out.issues.iter().find(|i| i.key == "STUDIO-5593").unwrap();
    assert!(other
        .description
        .blocks
        .iter()
        .any(|b| matches!(b, Block::ListItem { ordered: true, .. })));
}

#[test]
fn bad_bytes_bom_and_unrecognised_json() {
    let mut bytes = b"\xEF\xBB\xBFissuekey,title\nA-1,ok\nA-2,caf".to_vec();
    bytes.extend_from_slice(b"\xE9 bad\n");
    let out = import("latin1.csv", &bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.issues.len(), 2);
    assert_eq!(out.issues[1].title, "caf\u{FFFD} bad");
    assert_eq!(out.problems.len(), 1);
    assert!(out.problems[0].message.contains("invalid UTF-8"));

    let err = import("x.json", br#"{"hello": "world"}"#, None).unwrap_err();
    assert!(err.message.starts_with("unrecognised JSON"), "{err}");
    assert!(err.message.contains("found hello"), "{err}");
    let err = import("x.json", b"42", Some(Format::JiraJson)).unwrap_err();
    assert_eq!(
        err.message,
        "expected an issue object or a list of issues, found a number"
    );
}

#[test]
fn absurd_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(200_000) + &"]".repeat(200_000);
    let err = import("deep.json", deep.as_bytes(), None).unwrap_err();
    assert!(err.message.contains("recursion limit"), "{err}");
    // ADF nested as deep as serde_json allows still imports, text kept.
    let mut adf = String::from(r#"{"type":"text","text":"bottom"}"#);
    for _ in 0..60 {
        adf = format!(r#"{{"type":"blockquote","content":[{adf}]}}"#);
    }
    let issue = format!(
        r#"{{"key":"A-1","fields":{{"summary":"deep","description":{{"type":"doc","content":[{adf}]}}}}}}"#
    );
    let out = import("adf.json", issue.as_bytes(), None).unwrap();
    assert!(out.issues[0].description.text().contains("bottom"));
}

/// About 10 MB of real Jira wiki markup (TISTUD-882, ../shared/data/issues/deepse/
/// appceleratorstudio.csv, Choetkiertikul et al. 2018) with line breaks restored.
fn big_wiki() -> String {
    let unit = "As demonstrated in [this twitter conversation|http://www.exquisitetweets.com/tweets?eids=kHGGcM2MyP], for some reason some browsers, in certain circumstances, will not download files with filenames that contain spaces.\n* Fix the installer process to generate the new names for *Titanium Studio* on OS X and Windows\n** Update preview.appcelerator.com to respect the new names\n||name||size||\n|a|1|\n{code}x = [1, 2]{code}\n";
    unit.repeat(10_000_000 / unit.len() + 1)
}

const LIMIT: Duration = Duration::from_secs(60);

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < LIMIT, "{what} took {took:?}");
    out
}

#[test]
fn ten_megabyte_descriptions_import_in_linear_time() {
    let wiki = big_wiki();
    assert!(wiki.len() >= 10_000_000);

    // Jira CSV with a 10 MB wiki description.
    let mut csv = String::from("Issue key,Summary,Description\nBIG-1,Big one,\"");
    csv.push_str(&wiki.replace('"', "\"\""));
    csv.push_str("\"\n");
    let out = timed("jira csv 10MB", || {
        import("big.csv", csv.as_bytes(), None).unwrap()
    });
    assert!(out.issues[0].description.blocks.len() > 100_000);

    // The same text flattened onto one line, as in the Deep-SE data.
    let flat = wiki.replace('\n', "    ");
    let mut csv = String::from("issuekey,title,description\nBIG-2,Flat,\"");
    csv.push_str(&flat.replace('"', "\"\""));
    csv.push_str("\"\n");
    let out = timed("flattened csv 10MB", || {
        import("flat.csv", csv.as_bytes(), None).unwrap()
    });
    assert!(out.issues[0].description.blocks.len() > 100_000);

    // Jira v2 JSON with the wiki text, and v3 with an ADF doc of many paragraphs.
    let v2 = serde_json::json!({"key": "BIG-3", "fields": {"summary": "v2", "description": wiki}});
    let bytes = serde_json::to_vec(&v2).unwrap();
    timed("jira v2 json 10MB", || {
        import("v2.json", &bytes, None).unwrap()
    });
    let para = serde_json::json!({"type": "paragraph", "content": [{"type": "text", "text": "Given a user When they log in Then they see the dashboard ", "marks": [{"type": "strong"}]}]});
    let content: Vec<serde_json::Value> = std::iter::repeat(para).take(100_000).collect();
    let v3 = serde_json::json!({"key": "BIG-4", "fields": {"summary": "v3", "description": {"type": "doc", "version": 1, "content": content}}});
    let bytes = serde_json::to_vec(&v3).unwrap();
    assert!(bytes.len() > 10_000_000);
    let out = timed("jira v3 adf 10MB+", || {
        import("v3.json", &bytes, None).unwrap()
    });
    assert_eq!(out.issues[0].description.blocks.len(), 100_000);

    // Markdown (GitHub) and HTML (Azure DevOps) of the same size.
    let md =
        "- [ ] Given a user with *emphasis* and a [link](https://example.com/a)\n".repeat(140_000);
    let gh = serde_json::json!([{"number": 1, "title": "md", "html_url": "https://github.com/o/r/issues/1", "body": md}]);
    let bytes = serde_json::to_vec(&gh).unwrap();
    let out = timed("github markdown 10MB", || {
        import("gh.json", &bytes, None).unwrap()
    });
    assert_eq!(out.issues[0].description.blocks.len(), 140_000);
    let html = "<li><input type=\"checkbox\" checked>Deposit works &amp; <a href=\"https://x.example/a\">link</a></li>".repeat(100_000);
    let ado = serde_json::json!({"id": 1, "fields": {"System.Title": "html", "System.Description": format!("<ul>{html}</ul>")}});
    let bytes = serde_json::to_vec(&ado).unwrap();
    let out = timed("ado html 10MB", || {
        import("ado.json", &bytes, None).unwrap()
    });
    assert_eq!(out.issues[0].description.blocks.len(), 100_000);
}

#[test]
fn pathological_markup_stays_linear() {
    // Long runs of unmatched openers and spaces: each was quadratic once.
    for (what, text) in [
        ("brackets", "[a ".repeat(300_000)),
        ("stars", "*a ".repeat(300_000)),
        ("spaces", " ".repeat(1_000_000) + "h1. x"),
        ("braces", "{code:".repeat(150_000)),
        ("lt", "<a ".repeat(300_000)),
        ("amp", "&amp".repeat(300_000)),
    ] {
        let csv = format!("issuekey,title,description\nP-1,{what},\"{text}\"\n");
        timed(what, || import(what, csv.as_bytes(), None).unwrap());
        let v = serde_json::json!({"id": 1, "fields": {"System.Title": what, "System.Description": text}});
        let bytes = serde_json::to_vec(&v).unwrap();
        timed(what, || import(what, &bytes, None).unwrap());
    }
}

/// Truncated and corrupted variants of every fixture (a deterministic pseudo-random
/// walk): the importers return issues or errors, and never panic.
#[test]
fn mangled_fixtures_never_panic() {
    let names = [
        "jira_v3_issue.json",
        "jira_v3_search_jql.json",
        "jira_agile_backlog.json",
        "linear_issue.json",
        "linear_issues.json",
        "github_issues.json",
        "ado_workitems.json",
        "gitlab_issues.json",
        "jira_export.csv",
        "linear_export.csv",
        "gitlab_export.csv",
        "deepse_sample.csv",
        "seamonkey_sample.csv",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let noise: &[&[u8]] = &[
        b"{", b"}", b"[", b"]", b"\"", b",", b"\n", b"|", b"<", b"*", b"\xFF", b"{code}", b"<li>",
    ];
    for name in names {
        let bytes = fixture(name);
        for _ in 0..60 {
            let len = bytes.len().max(1);
            let cut = (next() as usize) % len;
            let mut mangled = bytes.get(..cut).unwrap_or(&bytes).to_vec();
            let at = (next() as usize) % mangled.len().max(1);
            let piece = noise[(next() as usize) % noise.len()];
            if at <= mangled.len() {
                mangled.splice(at..at, piece.iter().copied());
            }
            mangled.extend_from_slice(bytes.get(cut..).unwrap_or(&[]));
            for format in [None, Some(Format::Csv), Some(Format::JiraJson)] {
                let _ = import(name, &mangled, format);
                let _ = import(name, mangled.get(..cut).unwrap_or(&[]), format);
            }
        }
    }
}
