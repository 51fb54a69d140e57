//! CSV exports: Jira (repeated `Labels,Labels` columns, `Custom field (Story Points)`,
//! wiki-markup descriptions, `Inward/Outward issue link (Blocks)` columns), Linear
//! (`ID, Team, Title, …`; labels in one cell split by ", "), GitLab (`Issue ID, URL,
//! Title, State, …, Weight, Labels`) and any other CSV whose columns have recognisable
//! names (`issuekey`/`Issue id`/`key`/`ID`, `title`/`Summary`, `description`/`body`,
//! `storypoint`/`Story Points`/`Estimate`, `status`, `priority`, `labels`, `type`, …).
//!
//! Every column the model has no place for goes to `Issue.fields` under its header
//! name (a Jira `Custom field (Reach)` as "Reach", matching the JSON importer's display
//! names). A ragged row, or one without its key or title, is reported with its row
//! and line number and skipped; the other rows still load.

use serde_json::Value;
use std::collections::BTreeMap;

use super::json::kind_from_labels;
use super::{gitlab, markdown, wiki, Format, ImportError, Imported};
use crate::model::{
    Doc, Estimate, EstimateUnit, Issue, IssueKind, IssueLink, LinkKind, Priority, Status,
    StatusCategory, Tracker,
};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Key,
    Title,
    Description,
    Acceptance,
    Estimate(EstimateUnit),
    Status,
    Priority,
    Labels,
    Kind,
    Components,
    Parent,
    Assignee,
    Created,
    Updated,
    Url,
    Link(LinkKind),
    Field,
}

/// Roles that take one column: the best-ranked candidate wins, the rest are fields.
const SINGLE: &[Role] = &[
    Role::Key,
    Role::Title,
    Role::Description,
    Role::Acceptance,
    Role::Status,
    Role::Priority,
    Role::Kind,
    Role::Parent,
    Role::Assignee,
    Role::Created,
    Role::Updated,
    Role::Url,
];

fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A header's role and rank (lower wins) for `format`.
fn role(h: &str, format: Format) -> (Role, u8) {
    let points = Role::Estimate(EstimateUnit::Points);
    match h {
        "issue key" | "key" | "issuekey" | "issue_key" => (Role::Key, 0),
        "identifier" => (Role::Key, 2),
        "id" => (Role::Key, 3),
        "work item id" => (Role::Key, 3),
        "issue id" | "issue_id" | "issueid" => {
            (Role::Key, if format == Format::JiraCsv { 9 } else { 4 })
        }
        "iid" => (Role::Key, 5),
        "number" | "issue number" | "ticket" | "ticket id" => (Role::Key, 6),
        "summary" | "title" => (Role::Title, 0),
        "issue title" => (Role::Title, 1),
        "name" | "subject" => (Role::Title, 2),
        "story" | "user story" | "headline" => (Role::Title, 3),
        "description" => (Role::Description, 0),
        "body" | "issue description" => (Role::Description, 1),
        "details" | "desc" => (Role::Description, 2),
        "acceptance criteria"
        | "custom field (acceptance criteria)"
        | "acceptance criterion"
        | "acceptance_criteria" => (Role::Acceptance, 0),
        "custom field (story points)"
        | "custom field (story point estimate)"
        | "story points"
        | "story point estimate"
        | "story point"
        | "storypoint"
        | "storypoints"
        | "story_points" => (points, 0),
        "estimate" | "points" => (points, 1),
        "weight" => (Role::Estimate(EstimateUnit::Weight), 1),
        "sp" | "effort" => (points, 2),
        "status" => (Role::Status, 0),
        "state" => (Role::Status, 1),
        "priority" => (Role::Priority, 0),
        "labels" | "label" | "tags" | "tag" => (Role::Labels, 0),
        "issue type" | "issuetype" | "work item type" | "issue_type" => (Role::Kind, 0),
        "type" => (Role::Kind, 1),
        "kind" => (Role::Kind, 2),
        "component/s" | "components" | "component" => (Role::Components, 0),
        "parent" | "parent issue" | "parent key" => (Role::Parent, 0),
        "parent id" => (Role::Parent, 2),
        "assignee" | "assigned to" => (Role::Assignee, 0),
        "created" | "created at" | "created at (utc)" | "createdat" | "created date"
        | "created_at" => (Role::Created, 0),
        "creation date" | "date created" => (Role::Created, 1),
        "updated" | "updated at" | "updated at (utc)" | "updatedat" | "changed date"
        | "updated_at" => (Role::Updated, 0),
        "last updated" | "modified" => (Role::Updated, 1),
        "url" | "web url" | "html url" | "web_url" | "html_url" => (Role::Url, 0),
        "link" => (Role::Url, 1),
        "blocked by" => (Role::Link(LinkKind::BlockedBy), 0),
        "blocks" => (Role::Link(LinkKind::Blocks), 0),
        "duplicate of" => (Role::Link(LinkKind::Duplicates), 0),
        "related to" => (Role::Link(LinkKind::Relates), 0),
        "sub-tasks" | "subtasks" | "sub-issues" => (Role::Link(LinkKind::Child), 0),
        other => match jira_link(other) {
            Some(kind) => (Role::Link(kind), 0),
            None => (Role::Field, 0),
        },
    }
}

/// "inward issue link (blocks)" → is blocked by; "outward issue link (duplicate)" → duplicates.
fn jira_link(h: &str) -> Option<LinkKind> {
    let (dir, rest) = if let Some(r) = h.strip_prefix("inward issue link (") {
        (true, r)
    } else {
        (false, h.strip_prefix("outward issue link (")?)
    };
    let name = rest.trim_end_matches(')');
    Some(if name.contains("block") || name.contains("depend") {
        if dir {
            LinkKind::BlockedBy
        } else {
            LinkKind::Blocks
        }
    } else if name.contains("duplicate") {
        if dir {
            LinkKind::DuplicatedBy
        } else {
            LinkKind::Duplicates
        }
    } else if name.contains("relat") {
        LinkKind::Relates
    } else {
        LinkKind::Other
    })
}

/// A field's display name: Jira's `Custom field (Reach)` is "Reach".
fn field_name(header: &str) -> String {
    let h = header.trim();
    match h
        .strip_prefix("Custom field (")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => inner.trim().to_string(),
        None => h.to_string(),
    }
}

/// Which CSV export this header row belongs to, if any.
pub fn classify(headers: &[String]) -> Option<Format> {
    let h: Vec<String> = headers.iter().map(|x| norm(x)).collect();
    if h.len() < 2 || h.iter().any(|x| x.chars().count() > 80) {
        return None;
    }
    let has = |n: &str| h.iter().any(|x| x == n);
    if has("issue key") && has("summary") {
        return Some(Format::JiraCsv);
    }
    if has("issue id") && has("url") && has("title") && (has("state") || has("weight")) {
        return Some(Format::GitlabCsv);
    }
    if has("id") && has("title") && (has("team") || has("cycle number") || has("creator")) {
        return Some(Format::LinearCsv);
    }
    let recognised = h
        .iter()
        .filter(|x| matches!(role(x, Format::Csv).0, Role::Key | Role::Title))
        .count();
    let any_title = h.iter().any(|x| role(x, Format::Csv).0 == Role::Title);
    (any_title
        || recognised >= 1
            && h.iter()
                .any(|x| role(x, Format::Csv).0 == Role::Description))
    .then_some(Format::Csv)
}

/// The format of a CSV text, from its header row.
pub fn detect(text: &str) -> Option<Format> {
    let mut rdr = reader(text);
    let first = rdr.records().next()?.ok()?;
    let headers: Vec<String> = first.iter().map(str::to_string).collect();
    classify(&headers)
}

/// The field separator, from the header line: `,` unless `;` (spreadsheets in many
/// European locales) or a tab is clearly what separates the header's cells.
fn delimiter(text: &str) -> u8 {
    let (mut comma, mut semi, mut tab) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for c in text.chars().take(4096) {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes())
}

struct Columns {
    headers: Vec<String>,
    roles: Vec<Role>,
    /// Estimate columns, best first.
    estimates: Vec<usize>,
}

impl Columns {
    fn new(headers: &[String], format: Format) -> Self {
        let ranked: Vec<(Role, u8)> = headers.iter().map(|h| role(&norm(h), format)).collect();
        let mut roles: Vec<Role> = ranked.iter().map(|(r, _)| *r).collect();
        for single in SINGLE {
            let best = ranked
                .iter()
                .enumerate()
                .filter(|(_, (r, _))| r == single)
                .min_by_key(|(i, (_, rank))| (*rank, *i))
                .map(|(i, _)| i);
            for (i, r) in roles.iter_mut().enumerate() {
                if r == single && Some(i) != best {
                    *r = Role::Field;
                }
            }
        }
        let mut estimates: Vec<(u8, usize)> = ranked
            .iter()
            .enumerate()
            .filter(|(_, (r, _))| matches!(r, Role::Estimate(_)))
            .map(|(i, (_, rank))| (*rank, i))
            .collect();
        crate::rules::sort::sort(&mut estimates);
        Columns {
            headers: headers.to_vec(),
            roles,
            estimates: estimates.into_iter().map(|(_, i)| i).collect(),
        }
    }

    fn find(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    fn header(&self, i: usize) -> &str {
        self.headers.get(i).map(String::as_str).unwrap_or("?")
    }

    /// The required columns for `format`, or a message saying what is missing.
    fn check(&self, format: Format) -> Result<(), String> {
        let key = self.find(Role::Key).is_some();
        let title = self.find(Role::Title).is_some();
        let url = self.find(Role::Url).is_some();
        let missing = match format {
            Format::JiraCsv if !key || !title => Some("`Issue key` and `Summary`"),
            Format::LinearCsv if !key || !title => Some("`ID` and `Title`"),
            Format::GitlabCsv if !title || !(key || url) => {
                Some("`Title` and `Issue ID` (or `URL`)")
            }
            Format::Csv if !title => Some(
                "a title column (`Summary`, `Title`, `Name` or `Subject`) and optionally a key column (`Issue key`, `issuekey`, `key`, `Issue id`, `ID`)",
            ),
            _ => None,
        };
        match missing {
            Some(expected) => Err(format!(
                "not a {} export: expected columns {expected}; found columns: {}",
                format.name(),
                self.headers
                    .iter()
                    .map(|h| format!("`{}`", h.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Ok(()),
        }
    }
}

/// A cell as data: trimmed, spreadsheet formula guard (`'=…`) removed, "NULL" empty.
fn clean(cell: &str) -> &str {
    let c = cell.trim();
    let c = match c.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => c,
    };
    if c == "NULL" || c == "null" {
        ""
    } else {
        c
    }
}

/// A field value: whole numbers and decimals become JSON numbers, the rest strings.
fn field_value(s: &str) -> Value {
    let numeric = !s.is_empty()
        && s.len() <= 15
        && s.trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && s.matches('.').count() <= 1
        && !(s.trim_start_matches('-').starts_with('0') && s.len() > 1 && !s.contains('.'))
        && !s.ends_with('.')
        && !s.trim_start_matches('-').starts_with('.');
    if numeric {
        if let Ok(n) = s.parse::<i64>() {
            return Value::from(n);
        }
        if let Some(n) = s.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(s.to_string())
}

fn split_list(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split([',', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Jira's locale dates ("12/Mar/24 10:15 AM") as ISO 8601 ("2024-03-12T10:15");
/// anything else is kept as written.
pub fn jira_date(s: &str) -> String {
    let parse = || -> Option<String> {
        let (date, time) = s.split_once(' ')?;
        let mut d = date.split('/');
        let day: u32 = d.next()?.parse().ok()?;
        let mon = d.next()?.to_ascii_lowercase();
        let month = MONTHS.iter().position(|m| mon.starts_with(m))? + 1;
        let year: u32 = d.next()?.parse().ok()?;
        let year = if year < 100 { 2000 + year } else { year };
        let (hm, ampm) = time.trim().split_once(' ').unwrap_or((time.trim(), ""));
        let (h, m) = hm.split_once(':')?;
        let mut h: u32 = h.parse().ok()?;
        let m: u32 = m.parse().ok()?;
        match ampm.to_ascii_uppercase().as_str() {
            "PM" if h < 12 => h += 12,
            "AM" if h == 12 => h = 0,
            _ => {}
        }
        (day <= 31 && h < 24 && m < 60)
            .then(|| format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}"))
    };
    parse().unwrap_or_else(|| s.to_string())
}

fn jira_like_key(key: &str) -> bool {
    let Some((project, num)) = key.rsplit_once('-') else {
        return false;
    };
    !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit())
        && project.starts_with(|c: char| c.is_ascii_uppercase())
        && project
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn has_wiki_markup(s: &str) -> bool {
    [
        "{code",
        "{noformat",
        "{html}",
        "{quote}",
        "{panel",
        "||",
        "h1. ",
        "h2. ",
        "h3. ",
        "h4. ",
    ]
    .iter()
    .any(|m| s.contains(m))
        || (s.contains("|http") && s.contains('['))
}

fn description(s: &str, format: Format, key: &str) -> Doc {
    if s.is_empty() {
        return Doc::default();
    }
    match format {
        Format::JiraCsv => wiki::to_doc_flattened(s),
        Format::LinearCsv | Format::GitlabCsv => markdown::to_doc(s),
        _ if jira_like_key(key) || has_wiki_markup(s) => wiki::to_doc_flattened(s),
        _ => markdown::to_doc(s),
    }
}

pub fn import(source: &str, text: &str, format: Option<Format>) -> Result<Imported, ImportError> {
    let mut rdr = reader(text);
    let mut records = rdr.records();
    let err = |location: String, message: String| ImportError {
        source: source.to_string(),
        location,
        message,
    };
    let headers: Vec<String> = match records.next() {
        None => {
            return Ok(Imported {
                format: format.unwrap_or(Format::Csv),
                issues: Vec::new(),
                problems: Vec::new(),
            })
        }
        Some(Err(e)) => return Err(err("line 1".into(), format!("unreadable header row: {e}"))),
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_string()).collect(),
    };
    let format = format.unwrap_or_else(|| classify(&headers).unwrap_or(Format::Csv));
    let cols = Columns::new(&headers, format);
    cols.check(format).map_err(|m| err("line 1".into(), m))?;

    let mut issues = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in records.enumerate() {
        let row = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(err(format!("row {row}"), format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let location = format!("row {row} (line {line})");
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() != headers.len() {
            problems.push(err(
                location,
                format!(
                    "the row has {} cells but the header has {} columns; row skipped",
                    rec.len(),
                    headers.len()
                ),
            ));
            continue;
        }
        let cells: Vec<&str> = rec.iter().map(clean).collect();
        match row_issue(&cols, &cells, format, row) {
            Ok(issue) => issues.push(issue),
            Err(m) => problems.push(err(location, m)),
        }
    }
    Ok(Imported {
        format,
        issues,
        problems,
    })
}

fn row_issue(cols: &Columns, cells: &[&str], format: Format, row: usize) -> Result<Issue, String> {
    let get = |role: Role| -> Option<&str> {
        cols.find(role)
            .and_then(|i| cells.get(i).copied())
            .filter(|c| !c.is_empty())
    };
    let url = get(Role::Url).map(str::to_string);
    let key = match (format, get(Role::Key)) {
        (Format::GitlabCsv, iid) => {
            let from_url = match (url.as_deref(), iid) {
                (Some(u), Some(iid)) => gitlab::key_from_url(u, iid),
                (Some(u), None) => u
                    .rsplit('/')
                    .next()
                    .and_then(|iid| gitlab::key_from_url(u, iid)),
                _ => None,
            };
            from_url.or_else(|| iid.map(|i| format!("#{i}")))
        }
        (_, Some(k)) => Some(k.to_string()),
        (Format::Csv, None) if cols.find(Role::Key).is_none() => Some(row.to_string()),
        _ => None,
    };
    let key = key.ok_or_else(|| {
        let col = cols
            .find(Role::Key)
            .map(|i| cols.header(i))
            .unwrap_or("key");
        format!("missing {col}; row skipped")
    })?;
    let title = get(Role::Title).ok_or_else(|| {
        let col = cols
            .find(Role::Title)
            .map(|i| cols.header(i))
            .unwrap_or("title");
        format!("missing {col} for {key}; row skipped")
    })?;
    let tracker = match format {
        Format::JiraCsv => Tracker::Jira,
        Format::LinearCsv => Tracker::Linear,
        Format::GitlabCsv => Tracker::GitLab,
        _ => Tracker::Csv,
    };
    let mut issue = Issue {
        tracker,
        title: title.to_string(),
        description: description(get(Role::Description).unwrap_or(""), format, &key),
        url,
        key,
        ..Default::default()
    };
    if let Some(ac) = get(Role::Acceptance) {
        let doc = description(ac, format, &issue.key);
        if !doc.is_empty() {
            issue.acceptance_criteria = Some(doc);
        }
    }
    for &i in &cols.estimates {
        let Some(cell) = cells.get(i).filter(|c| !c.is_empty()) else {
            continue;
        };
        let unit = match cols.roles.get(i) {
            Some(Role::Estimate(u)) => *u,
            _ => EstimateUnit::Points,
        };
        let est = match unit {
            EstimateUnit::Points => Estimate::parse(cell),
            u => cell
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map(|value| Estimate { value, unit: u }),
        };
        if est.is_some() {
            issue.estimate = est;
            break;
        }
    }
    if let Some(s) = get(Role::Status) {
        issue.status = Some(Status {
            name: s.to_string(),
            category: StatusCategory::from_name(s),
        });
    }
    if let Some(p) = get(Role::Priority) {
        issue.priority = Some(Priority::from_name(p));
    }
    if let Some(t) = get(Role::Kind) {
        issue.kind = IssueKind::from_name(t);
        issue.kind_name = Some(t.to_string());
    }
    issue.parent = get(Role::Parent).map(str::to_string);
    issue.assignee = get(Role::Assignee).map(str::to_string);
    issue.created = get(Role::Created).map(jira_date);
    issue.updated = get(Role::Updated).map(jira_date);

    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for (i, role) in cols.roles.iter().enumerate() {
        let Some(cell) = cells.get(i).copied().filter(|c| !c.is_empty()) else {
            continue;
        };
        match role {
            Role::Labels => issue.labels.extend(split_list(cell)),
            Role::Components => issue.components.extend(split_list(cell)),
            Role::Link(kind) => {
                for target in split_list(cell) {
                    issue.links.push(IssueLink {
                        kind: *kind,
                        target,
                        target_done: None,
                    });
                }
            }
            Role::Field => {
                let name = field_name(cols.header(i));
                let value = field_value(cell);
                match fields.get_mut(&name) {
                    Some(Value::Array(a)) => a.push(value),
                    Some(existing) => {
                        let first = existing.take();
                        *existing = Value::Array(vec![first, value]);
                    }
                    None => {
                        fields.insert(name, value);
                    }
                }
            }
            _ => {}
        }
    }
    if issue.kind_name.is_none() {
        if let Some((kind, name)) = kind_from_labels(&issue.labels) {
            issue.kind = kind;
            issue.kind_name = Some(name);
        }
    }
    issue.fields = fields;
    Ok(issue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_classify() {
        let h = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            classify(&h(
                "Summary,Issue key,Issue id,Issue Type,Status,Labels,Labels"
            )),
            Some(Format::JiraCsv)
        );
        assert_eq!(
            classify(&h("ID,Team,Title,Description,Status,Estimate,Priority")),
            Some(Format::LinearCsv)
        );
        assert_eq!(
            classify(&h("Issue ID,URL,Title,State,Description,Weight,Labels")),
            Some(Format::GitlabCsv)
        );
        assert_eq!(
            classify(&h("issuekey,title,description,storypoint")),
            Some(Format::Csv)
        );
        assert_eq!(
            classify(&h(
                "Summary,Issue id,Status,Priority,Resolution,Created,Resolved,Description"
            )),
            Some(Format::Csv)
        );
        // A story with commas is not a header row.
        assert_eq!(
            classify(&h("As a user, I want to log in, so that I see my data")),
            None
        );
    }

    #[test]
    fn cells_are_cleaned_and_typed() {
        assert_eq!(clean("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(clean("'quoted"), "'quoted");
        assert_eq!(clean(" NULL "), "");
        assert_eq!(field_value("42"), Value::from(42));
        assert_eq!(field_value("2.5"), serde_json::json!(2.5));
        assert_eq!(field_value("007"), Value::from("007"));
        assert_eq!(field_value("1.2.3"), Value::from("1.2.3"));
        assert_eq!(field_value("-"), Value::from("-"));
    }

    #[test]
    fn semicolon_and_tab_separated_exports() {
        assert_eq!(delimiter("Issue key;Summary;Description\nA-1;x;y"), b';');
        assert_eq!(delimiter("key\ttitle\nA-1\tx"), b'\t');
        assert_eq!(delimiter("\"a;b\",title\n"), b',');
        let out = import(
            "x.csv",
            "Issue key;Summary;Labels\nA-1;Export, then import;x\n",
            None,
        )
        .unwrap();
        assert_eq!(out.format, Format::JiraCsv);
        assert_eq!(
            out.issues.first().map(|i| i.title.as_str()),
            Some("Export, then import")
        );
        let out = import("x.tsv", "key\ttitle\nA-1\tTabbed", None).unwrap();
        assert_eq!(out.issues.first().map(|i| i.title.as_str()), Some("Tabbed"));
    }

    #[test]
    fn jira_dates_become_iso() {
        assert_eq!(jira_date("12/Mar/24 10:15 AM"), "2024-03-12T10:15");
        assert_eq!(jira_date("01/Dec/2023 12:05 PM"), "2023-12-01T12:05");
        assert_eq!(jira_date("01/Dec/23 12:05 AM"), "2023-12-01T00:05");
        assert_eq!(
            jira_date("2020-01-02 17:14:21+00:00"),
            "2020-01-02 17:14:21+00:00"
        );
    }

    #[test]
    fn jira_link_columns() {
        assert_eq!(
            jira_link("inward issue link (blocks)"),
            Some(LinkKind::BlockedBy)
        );
        assert_eq!(
            jira_link("outward issue link (blocks)"),
            Some(LinkKind::Blocks)
        );
        assert_eq!(
            jira_link("inward issue link (duplicate)"),
            Some(LinkKind::DuplicatedBy)
        );
        assert_eq!(
            jira_link("outward issue link (cloners)"),
            Some(LinkKind::Other)
        );
        assert_eq!(jira_link("labels"), None);
    }
}
