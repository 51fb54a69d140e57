//! Reading priority inputs out of an issue: tracker fields, tagged lines and tables in
//! the text, labels, the estimate, the tracker priority and demand signals.
//!
//! Every value becomes a [`Candidate`] with its source and a precedence rank; the
//! framework code later validates candidates and keeps the best-ranked valid one, so a
//! value found twice is reported, not silently merged. Precedence, highest first: tracker
//! field, tagged text line (`RICE: …`), table in the description, untagged line
//! (`Business value: 8`), estimate, tracker priority, demand, team default.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::scale::{norm_name, quote};
use super::{EffortMapping, Input};
use super::{
    Framework, Kano, KanoClass, Moscow, MoscowClass, PriorityConfig, Source, TShirtTable,
    TrackerPriority,
};
use crate::model::{Block, Estimate, EstimateUnit, Issue, Priority, Tracker};

/// A raw value before validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    Num(f64),
    Text(String),
}

/// A possible value for one framework input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub framework: Framework,
    pub input: &'static str,
    pub raw: Raw,
    pub source: Source,
    pub from: String,
    /// Precedence: lower wins.
    pub rank: u8,
    /// Conversions already applied to get `raw` (estimate → person-months, …).
    pub pre_notes: Vec<String>,
}

const R_FIELD: u8 = 0;
const R_TAGGED: u8 = 1;
const R_TABLE: u8 = 2;
const R_LINE: u8 = 3;
const R_LABEL: u8 = 4;
const R_ESTIMATE: u8 = 5;
const R_PRIORITY: u8 = 6;
const R_DEMAND: u8 = 7;
const R_DEFAULT: u8 = 9;

/// Everything read from one issue.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub candidates: Vec<Candidate>,
    pub moscow: Option<MoscowClass>,
    pub kano: Option<KanoClass>,
    pub tracker_priority: Option<TrackerPriority>,
    pub demand: Vec<Input>,
    pub notes: Vec<String>,
    /// Scores the tracker computed itself (a Jira WSJF app's `WSJF` field, …).
    pub tracker_scores: Vec<(Framework, f64, String)>,
}

/// A field holding a score the tracker (or a plugin) computed.
fn tracker_score_field(norm: &str) -> Option<Framework> {
    match norm {
        "wsjf" | "wsjfscore" | "wsjfvalue" => Some(Framework::Wsjf),
        "rice" | "ricescore" => Some(Framework::Rice),
        "ice" | "icescore" => Some(Framework::Ice),
        "cd3" | "cd3score" => Some(Framework::Cd3),
        _ => None,
    }
}

/// Tracker field names (display names and Azure DevOps reference names) per input.
/// Matching ignores case, spaces and punctuation, so `RR|OE`, `RR/OE` and `RROE` match.
const FIELD_NAMES: &[(Framework, &str, &[&str])] = &[
    (Framework::Rice, "reach", &["Reach", "RICE Reach"]),
    (Framework::Rice, "impact", &["Impact", "RICE Impact"]),
    (
        Framework::Rice,
        "confidence",
        &["Confidence", "RICE Confidence"],
    ),
    (
        Framework::Rice,
        "effort",
        &[
            "Effort",
            "RICE Effort",
            "Effort (person-months)",
            "Person-months",
        ],
    ),
    (Framework::Ice, "impact", &["ICE Impact"]),
    (Framework::Ice, "confidence", &["ICE Confidence"]),
    (Framework::Ice, "ease", &["Ease", "ICE Ease"]),
    (
        Framework::Wsjf,
        "business_value",
        &[
            "Business Value",
            "User-Business Value",
            "User Business Value",
            "User/Business Value",
            "Microsoft.VSTS.Common.BusinessValue",
        ],
    ),
    (
        Framework::Wsjf,
        "time_criticality",
        &["Time Criticality", "Microsoft.VSTS.Common.TimeCriticality"],
    ),
    (
        Framework::Wsjf,
        "risk_reduction",
        &[
            "RR|OE",
            "Risk Reduction",
            "Opportunity Enablement",
            "Risk Reduction / Opportunity Enablement",
            "Risk Reduction and/or Opportunity Enablement",
        ],
    ),
    (Framework::Wsjf, "job_size", &["Job Size"]),
    (
        Framework::Cd3,
        "cost_of_delay",
        &["Cost of Delay", "Cost of Delay per week"],
    ),
    (
        Framework::Cd3,
        "duration",
        &["Duration", "Duration (weeks)"],
    ),
    (
        Framework::ValueEffort,
        "value",
        &[
            "Value",
            "Business Value",
            "Microsoft.VSTS.Common.BusinessValue",
        ],
    ),
    (
        Framework::ValueEffort,
        "effort",
        &["Effort", "Effort (person-months)", "Person-months"],
    ),
];

/// Field names read as an estimate when `Issue.estimate` is empty.
const ESTIMATE_FIELDS: &[&str] = &[
    "Story Points",
    "Story point",
    "Story Point Estimate",
    "Microsoft.VSTS.Scheduling.StoryPoints",
    "Microsoft.VSTS.Scheduling.Effort",
    "Microsoft.VSTS.Scheduling.Size",
    "Weight",
];

const MOSCOW_NAMES: &[&str] = &["moscow", "moscowpriority", "moscowcategory", "moscowrating"];
const KANO_NAMES: &[&str] = &["kano", "kanocategory", "kanomodel", "kanoclass"];

/// Names too generic to trust on an untagged line of prose ("Impact: users cannot log
/// in"); they are still read in tagged lines, tables and tracker fields.
const GENERIC: &[&str] = &["impact", "confidence", "effort", "value", "duration"];

fn parse_key(key: &str) -> Option<(Framework, &'static str)> {
    let (fw, input) = key.split_once('.')?;
    let fw = Framework::ALL.into_iter().find(|f| f.id() == fw)?;
    let input = fw.inputs().iter().find(|i| **i == input)?;
    Some((fw, input))
}

/// Inputs a tracker field / table header named `norm` (already [`norm_name`]d) feeds.
fn field_targets(norm: &str, config: &PriorityConfig) -> Vec<(Framework, &'static str)> {
    static NORMALISED: OnceLock<Vec<(Framework, &'static str, String)>> = OnceLock::new();
    let table = NORMALISED.get_or_init(|| {
        FIELD_NAMES
            .iter()
            .flat_map(|(fw, input, names)| names.iter().map(|n| (*fw, *input, norm_name(n))))
            .collect()
    });
    let mut out = Vec::new();
    for (fw, input, name) in table {
        if name == norm && !out.contains(&(*fw, *input)) {
            out.push((*fw, *input));
        }
    }
    for (key, names) in &config.aliases {
        if let Some(t) = parse_key(key) {
            if names.iter().any(|n| norm_name(n) == norm) && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// An input of `fw` by a short name used inside a tagged line or a framework table.
fn short_key(fw: Framework, k: &str) -> Option<&'static str> {
    let r = match fw {
        Framework::Rice => match k {
            "reach" | "r" => "reach",
            "impact" | "i" => "impact",
            "confidence" | "conf" | "c" => "confidence",
            "effort" | "e" | "personmonths" | "pm" | "effortpersonmonths" | "months" => "effort",
            _ => return None,
        },
        Framework::Ice => match k {
            "impact" | "i" => "impact",
            "confidence" | "conf" | "c" => "confidence",
            "ease" | "e" => "ease",
            _ => return None,
        },
        Framework::Wsjf => match k {
            "businessvalue" | "userbusinessvalue" | "ubv" | "bv" | "value" | "uv" => {
                "business_value"
            }
            "timecriticality" | "tc" | "time" | "criticality" => "time_criticality",
            "rroe"
            | "rr"
            | "oe"
            | "riskreduction"
            | "opportunityenablement"
            | "riskreductionopportunityenablement"
            | "riskreductionandoropportunityenablement"
            | "risk" => "risk_reduction",
            "jobsize" | "size" | "js" | "job" | "effort" | "duration" => "job_size",
            _ => return None,
        },
        Framework::Cd3 => match k {
            "costofdelay" | "cod" | "cost" | "costofdelayperweek" | "delaycost" => "cost_of_delay",
            "duration" | "dur" | "d" | "weeks" | "durationweeks" | "time" => "duration",
            _ => return None,
        },
        Framework::ValueEffort => match k {
            "value" | "v" | "businessvalue" => "value",
            "effort" | "e" => "effort",
            _ => return None,
        },
    };
    Some(r)
}

fn resolve_in(fw: Framework, k: &str, config: &PriorityConfig) -> Option<&'static str> {
    short_key(fw, k).or_else(|| {
        field_targets(k, config)
            .into_iter()
            .find(|(f, _)| *f == fw)
            .map(|(_, i)| i)
    })
}

/// A JSON field value as a raw value; `None` for null, empty, booleans.
fn json_raw(v: &Value, depth: u8) -> Option<Raw> {
    match v {
        Value::Number(n) => n.as_f64().map(Raw::Num),
        Value::String(s) if !s.trim().is_empty() => Some(Raw::Text(s.clone())),
        Value::Object(m) if depth < 3 => ["value", "name", "displayName"]
            .iter()
            .find_map(|k| m.get(*k))
            .and_then(|x| json_raw(x, depth + 1)),
        Value::Array(a) if depth < 3 => a.first().and_then(|x| json_raw(x, depth + 1)),
        _ => None,
    }
}

fn raw_string(r: &Raw) -> String {
    match r {
        Raw::Num(x) => super::scale::fmt_num(*x),
        Raw::Text(s) => s.clone(),
    }
}

/// Read everything priority-related from `issue`.
pub(crate) fn gather(issue: &Issue, config: &PriorityConfig) -> Gathered {
    let mut g = Gathered::default();
    let mut moscow: Vec<ClassCand<Moscow>> = Vec::new();
    let mut kano: Vec<ClassCand<Kano>> = Vec::new();

    // Tracker fields, in the map's (sorted, deterministic) order.
    for (name, value) in &issue.fields {
        let norm = norm_name(name);
        let alias_of = |key: &str| {
            config
                .aliases
                .get(key)
                .is_some_and(|ns| ns.iter().any(|n| norm_name(n) == norm))
        };
        if MOSCOW_NAMES.contains(&norm.as_str()) || alias_of("moscow") {
            if let Some(r) = json_raw(value, 0) {
                let s = raw_string(&r);
                match moscow_word(&norm_name(&s), true) {
                    Some(m) => moscow.push(ClassCand::new(m, Source::Field, field_from(name), s, R_FIELD)),
                    None => g.notes.push(format!(
                        "field `{name}` = `{}` is not a MoSCoW category (must, should, could, won't)",
                        quote(&s, 40)
                    )),
                }
            }
            continue;
        }
        if KANO_NAMES.contains(&norm.as_str()) || alias_of("kano") {
            if let Some(r) = json_raw(value, 0) {
                let s = raw_string(&r);
                match kano_text(&s) {
                    Some((k, how, coef)) => kano.push(ClassCand {
                        how,
                        coef,
                        ..ClassCand::new(k, Source::Field, field_from(name), s, R_FIELD)
                    }),
                    None => g.notes.push(format!(
                        "field `{name}` = `{}` is not a Kano category",
                        quote(&s, 40)
                    )),
                }
            }
            continue;
        }
        if let Some(fw) = tracker_score_field(&norm) {
            let v = match json_raw(value, 0) {
                Some(Raw::Num(x)) => Some(x),
                Some(Raw::Text(t)) => super::scale::parse_number(&t).map(|p| p.value),
                None => None,
            };
            if let Some(v) = v.filter(|v| v.is_finite()) {
                g.tracker_scores.push((fw, v, field_from(name)));
            }
            continue;
        }
        if issue.tracker == Tracker::AzureDevOps
            && matches!(norm.as_str(), "effort" | "size")
            && !config
                .aliases
                .values()
                .flatten()
                .any(|n| norm_name(n) == norm)
        {
            // Azure DevOps `Effort` / `Size` (Microsoft.VSTS.Scheduling.*) are the
            // estimate in the team's unit, not RICE person-months; the importer puts
            // them in `Issue.estimate`, which is mapped below.
            continue;
        }
        for (fw, input) in field_targets(&norm, config) {
            if let Some(raw) = json_raw(value, 0) {
                g.candidates.push(Candidate {
                    framework: fw,
                    input,
                    raw,
                    source: Source::Field,
                    from: field_from(name),
                    rank: R_FIELD,
                    pre_notes: Vec::new(),
                });
            }
        }
    }

    read_text(issue, config, &mut g, &mut moscow, &mut kano);
    read_labels(issue, &mut g, &mut moscow, &mut kano);
    read_estimate(issue, config, &mut g);
    read_priority(issue, config, &mut g);
    read_demand(issue, config, &mut g);

    // Team defaults, looked up by "framework.input" (no key to build when there are none).
    let defaults = if config.defaults.is_empty() {
        &[][..]
    } else {
        &Framework::ALL[..]
    };
    for &fw in defaults {
        for input in fw.inputs() {
            let key = format!("{}.{}", fw.id(), input);
            if let Some(v) = config.defaults.get(&key) {
                g.candidates.push(Candidate {
                    framework: fw,
                    input,
                    raw: Raw::Num(*v),
                    source: Source::Default,
                    from: format!("team default `{key}`"),
                    rank: R_DEFAULT,
                    pre_notes: Vec::new(),
                });
            }
        }
    }

    g.moscow = pick_class(moscow, "MoSCoW", Moscow::label).map(|c| MoscowClass {
        category: c.value,
        source: c.source,
        explanation: format!("MoSCoW: {} ({})", c.value.label(), c.from),
        from: c.from,
        raw: c.raw,
        notes: c.notes,
    });
    g.kano = pick_class(kano, "Kano", Kano::label).map(|c| KanoClass {
        category: c.value,
        source: c.source,
        explanation: match &c.how {
            Some(how) => format!("Kano: {} ({how}; {})", c.value.label(), c.from),
            None => format!("Kano: {} ({})", c.value.label(), c.from),
        },
        satisfaction: c.coef.map(|x| x.0),
        dissatisfaction: c.coef.map(|x| x.1),
        from: c.from,
        raw: c.raw,
        notes: c.notes,
    });
    g
}

fn field_from(name: &str) -> String {
    format!("field `{name}`")
}

/// A classification candidate.
struct ClassCand<T> {
    value: T,
    source: Source,
    from: String,
    raw: String,
    rank: u8,
    /// How it was derived, when not read directly (Kano evaluation table).
    how: Option<String>,
    /// Berger et al.'s (satisfaction, dissatisfaction) coefficients, from counts.
    coef: Option<(f64, f64)>,
    notes: Vec<String>,
}

impl<T> ClassCand<T> {
    fn new(value: T, source: Source, from: String, raw: String, rank: u8) -> Self {
        ClassCand {
            value,
            source,
            from,
            raw,
            rank,
            how: None,
            coef: None,
            notes: Vec::new(),
        }
    }
}

/// The best-ranked classification; disagreeing ones become notes on it.
fn pick_class<T: Copy + PartialEq>(
    mut cands: Vec<ClassCand<T>>,
    what: &str,
    label: fn(T) -> &'static str,
) -> Option<ClassCand<T>> {
    crate::rules::sort::sort_by_key(&mut cands, |c| c.rank);
    let mut it = cands.into_iter();
    let mut best = it.next()?;
    for other in it {
        if other.value != best.value {
            let note = format!(
                "{what}: {} says {}, but {} ({}) takes precedence",
                other.from,
                label(other.value),
                best.from,
                label(best.value)
            );
            best.notes.push(note);
        }
    }
    Some(best)
}

/// MoSCoW category from a normalised word. Single letters only where the context says
/// MoSCoW already (a MoSCoW field or tagged line).
fn moscow_word(n: &str, allow_short: bool) -> Option<Moscow> {
    match n {
        "musthave" | "must" | "mustbe" => Some(Moscow::Must),
        "shouldhave" | "should" => Some(Moscow::Should),
        "couldhave" | "could" | "nicetohave" => Some(Moscow::Could),
        "wonthave" | "wont" | "wonthavethistime" | "willnothave" | "wonthavenow" => {
            Some(Moscow::Wont)
        }
        "m" if allow_short => Some(Moscow::Must),
        "s" if allow_short => Some(Moscow::Should),
        "c" if allow_short => Some(Moscow::Could),
        "w" if allow_short => Some(Moscow::Wont),
        _ => None,
    }
}

fn kano_word(n: &str) -> Option<Kano> {
    match n {
        "attractive" | "attractivequality" | "delighter" | "delight" | "exciter" | "excitement" => {
            Some(Kano::Attractive)
        }
        "onedimensional"
        | "onedimensionalquality"
        | "performance"
        | "linear"
        | "satisfier"
        | "moreisbetter" => Some(Kano::OneDimensional),
        "mustbe" | "mustbequality" | "basic" | "basicneed" | "threshold" | "expected"
        | "mustbeattribute" => Some(Kano::MustBe),
        "indifferent" | "indifferentquality" => Some(Kano::Indifferent),
        "reverse" | "reversequality" => Some(Kano::Reverse),
        "questionable" => Some(Kano::Questionable),
        _ => None,
    }
}

/// A Kano questionnaire answer: 0 like, 1 must-be (expect), 2 neutral, 3 live with,
/// 4 dislike (Kano et al. 1984; wording as in Berger et al. 1993).
fn kano_answer(n: &str) -> Option<usize> {
    match n {
        "like" | "ilike" | "ilikeit" | "ilikeitthatway" => Some(0),
        "mustbe" | "expect" | "iexpect" | "expected" | "iexpectit" | "itmustbethatway" => Some(1),
        "neutral" | "indifferent" | "imneutral" | "idontcare" | "dontcare" => Some(2),
        "livewith" | "icanlivewith" | "icanlivewithit" | "tolerate" => Some(3),
        "dislike" | "idislike" | "idislikeit" | "idislikeitthatway" => Some(4),
        _ => None,
    }
}

/// Kano's evaluation table: rows the answer to the functional question, columns the
/// answer to the dysfunctional one (like, must-be, neutral, live with, dislike).
const KANO_TABLE: [[Kano; 5]; 5] = {
    use Kano::*;
    [
        [
            Questionable,
            Attractive,
            Attractive,
            Attractive,
            OneDimensional,
        ],
        [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
        [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
        [Reverse, Indifferent, Indifferent, Indifferent, MustBe],
        [Reverse, Reverse, Reverse, Reverse, Questionable],
    ]
};

use crate::rules::text::cached_regex as re;

/// A Kano reading: the category, how it was derived, and Berger's coefficients.
type KanoRead = (Kano, Option<String>, Option<(f64, f64)>);

/// A Kano category from text: a category name; a questionnaire answer pair
/// `functional=like dysfunctional=neutral` (Kano's evaluation table); or answer counts
/// over many respondents `A=12 O=5 M=3 I=10 R=1 Q=0` (the most frequent category, ties
/// broken M > O > A > I as Berger et al. 1993 advise, plus their customer-satisfaction
/// coefficients CS+ = (A+O)/(A+O+M+I) and CS− = −(O+M)/(A+O+M+I)).
fn kano_text(s: &str) -> Option<KanoRead> {
    static PAIR: OnceLock<Option<Regex>> = OnceLock::new();
    if let Some(re) = re(
        &PAIR,
        r"(?i)\b(dys|func)[a-z]*\s*[=:]\s*([a-z][a-z'’-]*(?:\s+(?:with|it|that|way|be))*)",
    ) {
        let mut functional = None;
        let mut dysfunctional = None;
        for c in re.captures_iter(s) {
            let which = c.get(1).map(|m| m.as_str().to_lowercase());
            let ans = c.get(2).map(|m| m.as_str().to_string()).unwrap_or_default();
            if let Some(a) = kano_answer(&norm_name(&ans)) {
                match which.as_deref() {
                    Some("dys") => dysfunctional = Some((a, ans)),
                    _ => functional = Some((a, ans)),
                }
            }
        }
        if let (Some((f, fa)), Some((d, da))) = (functional, dysfunctional) {
            let k = KANO_TABLE.get(f).and_then(|row| row.get(d)).copied()?;
            return Some((
                k,
                Some(format!(
                    "functional answer `{}`, dysfunctional answer `{}`, Kano evaluation table",
                    fa.trim(),
                    da.trim()
                )),
                None,
            ));
        }
    }
    if let Some(read) = kano_counts(s) {
        return Some(read);
    }
    kano_word(&norm_name(s)).map(|k| (k, None, None))
}

/// `A=12 O=5 M=3 I=10` (letters or category names): at least two counts.
fn kano_counts(s: &str) -> Option<KanoRead> {
    static COUNT: OnceLock<Option<Regex>> = OnceLock::new();
    let re = re(
        &COUNT,
        r"(?i)\b(attractive|one-dimensional|onedimensional|must-be|mustbe|indifferent|reverse|questionable|a|o|m|i|r|q)\s*[=:]\s*(\d{1,9})\b",
    )?;
    // Order is the tie-break: must-be, one-dimensional, attractive, indifferent, …
    let order = [
        Kano::MustBe,
        Kano::OneDimensional,
        Kano::Attractive,
        Kano::Indifferent,
        Kano::Reverse,
        Kano::Questionable,
    ];
    let mut counts = [0u64; 6];
    let mut seen = 0;
    for c in re.captures_iter(s) {
        let name = c.get(1).map(|m| norm_name(m.as_str())).unwrap_or_default();
        let n: u64 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let slot = match name.as_str() {
            "m" | "mustbe" => 0,
            "o" | "onedimensional" => 1,
            "a" | "attractive" => 2,
            "i" | "indifferent" => 3,
            "r" | "reverse" => 4,
            _ => 5,
        };
        if let Some(x) = counts.get_mut(slot) {
            *x = x.saturating_add(n);
            seen += 1;
        }
    }
    if seen < 2 {
        return None;
    }
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let mut best = 0;
    for (i, c) in counts.iter().enumerate() {
        if *c > counts.get(best).copied().unwrap_or(0) {
            best = i;
        }
    }
    let k = order.get(best).copied()?;
    let [m, o, a, i, r, q] = counts.map(|c| c as f64);
    let base = a + o + m + i;
    let coef = if base > 0.0 {
        Some(((a + o) / base, -(o + m) / base))
    } else {
        None
    };
    let fmt = super::scale::Num;
    let mut how = format!(
        "most frequent of {total} answers: M {}, O {}, A {}, I {}, R {}, Q {}",
        fmt(m),
        fmt(o),
        fmt(a),
        fmt(i),
        fmt(r),
        fmt(q)
    );
    if let Some((plus, minus)) = coef {
        how.push_str(&format!(
            "; CS+ {}, CS− {} (Berger et al. 1993)",
            fmt((plus * 100.0).round() / 100.0),
            fmt((minus * 100.0).round() / 100.0)
        ));
    }
    Some((k, Some(how), coef))
}

/// One unit of text: a line, or a table (rows of cells).
enum Item<'a> {
    Line {
        text: &'a str,
        /// The line number in the description; `None` for the title.
        line: Option<usize>,
    },
    Table {
        rows: Vec<Vec<String>>,
        from: String,
    },
}

impl Item<'_> {
    /// Where a line is: "title" or "description line N".
    fn line_from(line: Option<usize>) -> String {
        match line {
            None => "title".to_string(),
            Some(n) => format!("description line {n}"),
        }
    }
}

/// A block's text as [`Block::text`] gives it, borrowed when the block holds it as is.
fn block_text(b: &Block) -> std::borrow::Cow<'_, str> {
    match b {
        Block::Heading { text, .. }
        | Block::Paragraph { text }
        | Block::Code { text, .. }
        | Block::Quote { text } => std::borrow::Cow::Borrowed(text.as_str()),
        other => std::borrow::Cow::Owned(other.text()),
    }
}

/// Title and description as lines and tables, in order, to `f`; line numbers count
/// lines of `Doc::text()` from 1, so they match what a reader sees.
fn items(issue: &Issue, mut f: impl FnMut(Item<'_>)) {
    f(Item::Line {
        text: &issue.title,
        line: None,
    });
    let mut n = 0usize;
    let mut pipe_rows: Vec<Vec<String>> = Vec::new();
    let mut pipe_start = 0usize;
    let flush = |rows: &mut Vec<Vec<String>>, start: usize, f: &mut dyn FnMut(Item<'_>)| {
        if !rows.is_empty() {
            f(Item::Table {
                rows: std::mem::take(rows),
                from: format!("description table at line {start}"),
            });
        }
    };
    for block in &issue.description.blocks {
        if let Block::Table { rows } = block {
            flush(&mut pipe_rows, pipe_start, &mut f);
            f(Item::Table {
                rows: rows.clone(),
                from: format!("description table at line {}", n + 1),
            });
            n += rows.len().max(1);
            continue;
        }
        let text = block_text(block);
        for line in text.lines() {
            n += 1;
            let t = line.trim();
            if t.starts_with('|') {
                if pipe_rows.is_empty() {
                    pipe_start = n;
                }
                pipe_rows.push(split_pipe_row(t));
                continue;
            }
            flush(&mut pipe_rows, pipe_start, &mut f);
            f(Item::Line {
                text: line,
                line: Some(n),
            });
        }
    }
    flush(&mut pipe_rows, pipe_start, &mut f);
}

/// Cells of a Markdown (`| a | b |`) or Jira wiki (`||a||b||`, `|a|b|`) table row.
fn split_pipe_row(t: &str) -> Vec<String> {
    let sep = if t.starts_with("||") { "||" } else { "|" };
    let mut cells: Vec<String> = t.split(sep).map(|c| c.trim().to_string()).collect();
    if cells.first().is_some_and(String::is_empty) {
        cells.remove(0);
    }
    if cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

fn is_separator_row(row: &[String]) -> bool {
    !row.is_empty()
        && row.iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ' | '='))
        })
}

fn read_text(
    issue: &Issue,
    config: &PriorityConfig,
    g: &mut Gathered,
    moscow: &mut Vec<ClassCand<Moscow>>,
    kano: &mut Vec<ClassCand<Kano>>,
) {
    items(issue, |item| match item {
        Item::Table { rows, from } => read_table(&rows, &from, config, g),
        Item::Line { text, line } => {
            let Some((key, body)) = split_key_line(text) else {
                return;
            };
            let tag = norm_name(key);
            if body.is_empty() {
                return;
            }
            let from = Item::line_from(line);
            if let Some(fw) = Framework::from_name(&tag) {
                read_tagged(fw, body, &from, config, g);
            } else if MOSCOW_NAMES.contains(&tag.as_str()) {
                match moscow_word(&norm_name(body), true) {
                    Some(m) => moscow.push(ClassCand::new(
                        m,
                        Source::Text,
                        from,
                        body.to_string(),
                        R_TAGGED,
                    )),
                    None => g.notes.push(format!(
                        "{from}: `{}` is not a MoSCoW category",
                        quote(body, 40)
                    )),
                }
            } else if KANO_NAMES.contains(&tag.as_str()) {
                match kano_text(body) {
                    Some((k, how, coef)) => kano.push(ClassCand {
                        how,
                        coef,
                        ..ClassCand::new(k, Source::Text, from, body.to_string(), R_TAGGED)
                    }),
                    None => g.notes.push(format!(
                        "{from}: `{}` is not a Kano category or answer pair",
                        quote(body, 40)
                    )),
                }
            } else if !GENERIC.contains(&tag.as_str()) {
                for (fw, input) in field_targets(&tag, config) {
                    g.candidates.push(Candidate {
                        framework: fw,
                        input,
                        raw: Raw::Text(body.to_string()),
                        source: Source::Text,
                        from: format!("{from} (`{}`)", quote(key.trim(), 40)),
                        rank: R_LINE,
                        pre_notes: Vec::new(),
                    });
                }
            }
        }
    });
}

/// Split `Key: value` / `Key = value` with a short key (a letter first, at most 60
/// characters, list markers and `*bold*` / `_emphasis_` around it allowed). Cheaper than
/// a regex on every line of prose, which matters on large backlogs.
fn split_key_line(line: &str) -> Option<(&str, &str)> {
    // The first `:` or `=`, when it is within the first 80 bytes (ASCII: byte search).
    let idx = line.bytes().take(81).position(|b| b == b':' || b == b'=')?;
    let key = line.get(..idx)?;
    let key = key.trim_start_matches(|c: char| c.is_whitespace() || "-+>#*_".contains(c));
    let key = key.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let ok = key.starts_with(char::is_alphabetic)
        && key.chars().count() <= 60
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || " .|/()&'+-".contains(c));
    if !ok {
        return None;
    }
    let body = line.get(idx + 1..)?;
    let body = body.trim().trim_start_matches(['*', '_']).trim();
    Some((key, body))
}

/// A tagged line: `RICE: reach=500 impact=2 confidence=80% effort=3`, `ICE: 7/8/6`.
fn read_tagged(fw: Framework, body: &str, from: &str, config: &PriorityConfig, g: &mut Gathered) {
    static PAIR: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(pair_re) = re(
        &PAIR,
        r"([A-Za-z][A-Za-z _|/&'-]*?)\s*[=:]\s*([^\s,;]+(?:\s*%)?)",
    ) else {
        return;
    };
    let mut found = 0;
    for c in pair_re.captures_iter(body) {
        found += 1;
        let key = c.get(1).map(|m| m.as_str().trim()).unwrap_or("");
        let val = c.get(2).map(|m| m.as_str()).unwrap_or("");
        let k = norm_name(key);
        let last = key
            .split_whitespace()
            .last()
            .map(norm_name)
            .unwrap_or_default();
        match resolve_in(fw, &k, config).or_else(|| resolve_in(fw, &last, config)) {
            Some(input) => g.candidates.push(Candidate {
                framework: fw,
                input,
                raw: Raw::Text(val.to_string()),
                source: Source::Text,
                from: from.to_string(),
                rank: R_TAGGED,
                pre_notes: Vec::new(),
            }),
            None => g.notes.push(format!(
                "{from}: `{}` is not a {} input ({})",
                quote(key, 30),
                fw.label(),
                fw.inputs().join(", ")
            )),
        }
    }
    if found > 0 {
        return;
    }
    // Positional: the inputs in formula order, e.g. `ICE: 7/8/6`.
    let tokens: Vec<&str> = body
        .split(|c: char| c == '/' || c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let numeric = tokens
        .iter()
        .all(|t| super::scale::parse_number(t).is_some());
    if numeric && tokens.len() == fw.inputs().len() {
        for (input, tok) in fw.inputs().iter().zip(&tokens) {
            g.candidates.push(Candidate {
                framework: fw,
                input,
                raw: Raw::Text((*tok).to_string()),
                source: Source::Text,
                from: from.to_string(),
                rank: R_TAGGED,
                pre_notes: Vec::new(),
            });
        }
    } else if numeric && tokens.len() == 1 {
        g.notes.push(format!(
            "{from}: `{}` looks like a precomputed {} score; readylens computes it from its inputs ({})",
            quote(body, 30),
            fw.label(),
            fw.inputs().join(", ")
        ));
    } else {
        g.notes.push(format!(
            "{from}: `{}` not understood; write e.g. `{}`",
            quote(body, 40),
            example(fw)
        ));
    }
}

fn example(fw: Framework) -> &'static str {
    match fw {
        Framework::Rice => "RICE: reach=500 impact=2 confidence=80% effort=3",
        Framework::Ice => "ICE: 7/8/6 (impact/confidence/ease)",
        Framework::Wsjf => "WSJF: bv=8 tc=5 rr=3 size=5",
        Framework::Cd3 => "CD3: cod=5000 duration=2",
        Framework::ValueEffort => "Value/effort: value=8 effort=2",
    }
}

/// A table: either a header row of input names over a row of values, or rows of
/// `name | value`. A table is read only when it names at least two inputs or a
/// framework, so an unrelated two-column table is left alone.
fn read_table(rows: &[Vec<String>], from: &str, config: &PriorityConfig, g: &mut Gathered) {
    let rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| !is_separator_row(r) && r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some(header) = rows.first() else {
        return;
    };
    let first_col = rows.iter().filter_map(|r| r.first());
    let mut ctx = header
        .iter()
        .chain(first_col.clone())
        .find_map(|c| Framework::from_name(c));
    if ctx.is_none()
        && header
            .iter()
            .chain(first_col)
            .any(|c| norm_name(c) == "ease")
    {
        ctx = Some(Framework::Ice);
    }
    let resolve = |cell: &str| -> Vec<(Framework, &'static str)> {
        let k = norm_name(cell);
        match ctx {
            Some(fw) => resolve_in(fw, &k, config)
                .map(|i| vec![(fw, i)])
                .unwrap_or_default(),
            None => field_targets(&k, config),
        }
    };
    let header_hits = header.iter().filter(|c| !resolve(c).is_empty()).count();
    let mut cands = Vec::new();
    if header_hits >= 2 && rows.len() >= 2 {
        if rows.len() > 2 {
            g.notes.push(format!(
                "{from}: the table has {} rows of values; only the first is read",
                rows.len() - 1
            ));
        }
        if let Some(data) = rows.get(1) {
            for (j, h) in header.iter().enumerate() {
                let Some(cell) = data.get(j).filter(|c| !c.trim().is_empty()) else {
                    continue;
                };
                for (fw, input) in resolve(h) {
                    cands.push(Candidate {
                        framework: fw,
                        input,
                        raw: Raw::Text(cell.clone()),
                        source: Source::Text,
                        from: format!("{from}, column `{}`", quote(h, 30)),
                        rank: R_TABLE,
                        pre_notes: Vec::new(),
                    });
                }
            }
        }
    } else {
        let mut keys = 0;
        for row in &rows {
            let (Some(k), Some(v)) = (row.first(), row.get(1)) else {
                continue;
            };
            if v.trim().is_empty() {
                continue;
            }
            let targets = resolve(k);
            if !targets.is_empty() {
                keys += 1;
            }
            for (fw, input) in targets {
                cands.push(Candidate {
                    framework: fw,
                    input,
                    raw: Raw::Text(v.clone()),
                    source: Source::Text,
                    from: format!("{from}, row `{}`", quote(k, 30)),
                    rank: R_TABLE,
                    pre_notes: Vec::new(),
                });
            }
        }
        if keys < 2 && ctx.is_none() {
            cands.clear();
        }
    }
    g.candidates.extend(cands);
}

fn read_labels(
    issue: &Issue,
    g: &mut Gathered,
    moscow: &mut Vec<ClassCand<Moscow>>,
    kano: &mut Vec<ClassCand<Kano>>,
) {
    for label in &issue.labels {
        let lower = label.trim().to_lowercase();
        let from = format!("label `{label}`");
        if let Some(rest) = strip_prefix_word(&lower, "moscow") {
            match moscow_word(&norm_name(rest), true) {
                Some(m) => moscow.push(ClassCand::new(
                    m,
                    Source::Label,
                    from,
                    label.clone(),
                    R_LABEL,
                )),
                None => g.notes.push(format!("{from} is not a MoSCoW category")),
            }
            continue;
        }
        let n = norm_name(&lower);
        if matches!(
            n.as_str(),
            "musthave"
                | "shouldhave"
                | "couldhave"
                | "nicetohave"
                | "wonthave"
                | "wonthavethistime"
        ) {
            if let Some(m) = moscow_word(&n, false) {
                moscow.push(ClassCand::new(
                    m,
                    Source::Label,
                    from,
                    label.clone(),
                    R_LABEL,
                ));
            }
            continue;
        }
        if let Some(rest) = strip_prefix_word(&lower, "kano") {
            match kano_word(&norm_name(rest)) {
                Some(k) => kano.push(ClassCand::new(
                    k,
                    Source::Label,
                    from,
                    label.clone(),
                    R_LABEL,
                )),
                None => g.notes.push(format!("{from} is not a Kano category")),
            }
            continue;
        }
        if g.tracker_priority.is_none() && issue.priority.as_ref().and_then(|p| p.level).is_none() {
            let rest = strip_prefix_word(&lower, "priority");
            let candidate = match rest {
                Some(r) => Some(r),
                None if n.len() == 2 && n.starts_with('p') => Some(lower.as_str()),
                None => None,
            };
            if let Some(level) = candidate.and_then(|r| Priority::from_name(r).level) {
                g.tracker_priority = Some(TrackerPriority {
                    name: label.clone(),
                    level,
                    source: Source::Label,
                });
            }
        }
    }
}

/// `"moscow:must"`, `"moscow-must"`, `"moscow/must"`, `"moscow must"` → `"must"`.
fn strip_prefix_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(word)?;
    let trimmed = rest.trim_start_matches([':', '/', '-', '_', ' ', '=', '.']);
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    Some(trimmed)
}

fn positive_or(v: f64, default: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        default
    }
}

fn unit_name(e: &Estimate) -> &'static str {
    match e.unit {
        EstimateUnit::Points => "points",
        EstimateUnit::Hours => "hours",
        EstimateUnit::Days => "days",
        EstimateUnit::TShirt => "t-shirt",
        EstimateUnit::Weight => "weight",
    }
}

fn describe(e: &Estimate) -> String {
    if e.unit == EstimateUnit::TShirt {
        let size = tshirt_index(e.value)
            .and_then(|i| TShirtTable::names().get(usize::from(i) - 1).copied())
            .unwrap_or("?");
        return format!("t-shirt {size}");
    }
    format!("{} {}", super::scale::Num(e.value), unit_name(e))
}

fn tshirt_index(v: f64) -> Option<u8> {
    if v.is_finite() && (1.0..=6.0).contains(&v) && v.fract() == 0.0 {
        Some(v as u8)
    } else {
        None
    }
}

impl TShirtTable {
    fn names() -> [&'static str; 6] {
        ["XS", "S", "M", "L", "XL", "XXL"]
    }
}

/// The issue's estimate, or one read from an estimate field.
fn find_estimate(issue: &Issue, config: &PriorityConfig) -> Option<(Estimate, String)> {
    if let Some(e) = &issue.estimate {
        return Some((e.clone(), "estimate".to_string()));
    }
    let extra = config.aliases.get("estimate");
    for (name, value) in &issue.fields {
        let norm = norm_name(name);
        let ado_scheduling =
            issue.tracker == Tracker::AzureDevOps && matches!(norm.as_str(), "effort" | "size");
        let known = ado_scheduling
            || ESTIMATE_FIELDS.iter().any(|n| norm_name(n) == norm)
            || extra.is_some_and(|ns| ns.iter().any(|n| norm_name(n) == norm));
        if !known {
            continue;
        }
        let est = match json_raw(value, 0)? {
            Raw::Num(x) => Some(Estimate {
                value: x,
                unit: if norm == "weight" {
                    EstimateUnit::Weight
                } else {
                    EstimateUnit::Points
                },
            }),
            Raw::Text(s) => Estimate::parse(&s),
        };
        if let Some(e) = est {
            return Some((e, format!("field `{name}`")));
        }
    }
    None
}

/// Estimate → effort (person-months), WSJF job size and CD3 duration (weeks).
fn read_estimate(issue: &Issue, config: &PriorityConfig, g: &mut Gathered) {
    if !config.use_estimate {
        return;
    }
    let Some((est, from)) = find_estimate(issue, config) else {
        return;
    };
    let what = describe(&est);
    if !est.value.is_finite() || est.value < 0.0 {
        g.notes.push(format!(
            "{from} `{what}` is not a usable estimate (not a finite, non-negative number)"
        ));
        return;
    }
    let m = &config.effort;
    let d = EffortMapping::default();
    let from = format!("{from} `{what}`");
    let fmt = super::scale::Num;
    // Person-months.
    let pm: Option<(f64, String)> = match est.unit {
        EstimateUnit::TShirt => tshirt_index(est.value).and_then(|i| {
            m.tshirt_person_months.get(i).map(|(v, name)| {
                (
                    v,
                    format!("t-shirt {name} = {} person-months (team table)", fmt(v)),
                )
            })
        }),
        unit => {
            let (per, label) = match unit {
                EstimateUnit::Points => (
                    positive_or(m.points_per_person_month, d.points_per_person_month),
                    "points",
                ),
                EstimateUnit::Weight => (
                    positive_or(m.weight_per_person_month, d.weight_per_person_month),
                    "weight",
                ),
                EstimateUnit::Hours => (
                    positive_or(m.hours_per_person_month, d.hours_per_person_month),
                    "hours",
                ),
                _ => (
                    positive_or(m.days_per_person_month, d.days_per_person_month),
                    "days",
                ),
            };
            let v = est.value / per;
            Some((
                v,
                format!(
                    "{} {label} ÷ {} {label} per person-month = {} person-months",
                    fmt(est.value),
                    fmt(per),
                    fmt(v)
                ),
            ))
        }
    };
    let Some((pm, pm_note)) = pm else {
        g.notes
            .push(format!("{from}: not a t-shirt size from XS to XXL"));
        return;
    };
    for fw in [Framework::Rice, Framework::ValueEffort] {
        g.candidates.push(Candidate {
            framework: fw,
            input: "effort",
            raw: Raw::Num(pm),
            source: Source::Estimate,
            from: from.clone(),
            rank: R_ESTIMATE,
            pre_notes: vec![pm_note.clone()],
        });
    }
    // Job size: story points / weight are already relative sizes.
    let ppm = positive_or(m.points_per_person_month, d.points_per_person_month);
    let (js, js_note) = match est.unit {
        EstimateUnit::Points | EstimateUnit::Weight => (
            est.value,
            format!("job size read from the estimate ({})", describe(&est)),
        ),
        EstimateUnit::TShirt => {
            let (v, name) = tshirt_index(est.value)
                .and_then(|i| m.tshirt_job_size.get(i))
                .unwrap_or((pm * ppm, "?"));
            (
                v,
                format!("t-shirt {name} = job size {} (team table)", fmt(v)),
            )
        }
        _ => (
            pm * ppm,
            format!(
                "{} person-months × {} points per person-month = {} points",
                fmt(pm),
                fmt(ppm),
                fmt(pm * ppm)
            ),
        ),
    };
    g.candidates.push(Candidate {
        framework: Framework::Wsjf,
        input: "job_size",
        raw: Raw::Num(js),
        source: Source::Estimate,
        from: from.clone(),
        rank: R_ESTIMATE,
        pre_notes: vec![js_note],
    });
    let wpm = positive_or(m.weeks_per_person_month, d.weeks_per_person_month);
    let weeks = pm * wpm;
    g.candidates.push(Candidate {
        framework: Framework::Cd3,
        input: "duration",
        raw: Raw::Num(weeks),
        source: Source::Estimate,
        from,
        rank: R_ESTIMATE,
        pre_notes: vec![format!(
            "{pm_note}; × {} weeks per person-month = {} weeks",
            fmt(wpm),
            fmt(weeks)
        )],
    });
}

/// The tracker priority, and value ÷ effort's value inferred from it.
fn read_priority(issue: &Issue, config: &PriorityConfig, g: &mut Gathered) {
    if let Some(p) = &issue.priority {
        if let Some(level) = p.level {
            g.tracker_priority = Some(TrackerPriority {
                name: p.name.clone(),
                level,
                source: Source::Field,
            });
        }
    }
    if g.tracker_priority.is_none() {
        for name in ["Microsoft.VSTS.Common.Priority", "Priority"] {
            let Some(r) = issue.field(name).and_then(|v| json_raw(v, 0)) else {
                continue;
            };
            let text = raw_string(&r);
            if let Some(level) = Priority::from_name(&text).level {
                g.tracker_priority = Some(TrackerPriority {
                    name: text,
                    level,
                    source: Source::Field,
                });
                break;
            }
        }
    }
    if !config.value_from_priority {
        return;
    }
    if let Some(tp) = &g.tracker_priority {
        let level = tp.level.clamp(1, 5);
        let value = f64::from(6 - level);
        g.candidates.push(Candidate {
            framework: Framework::ValueEffort,
            input: "value",
            raw: Raw::Num(value),
            source: Source::Priority,
            from: format!("tracker priority `{}`", tp.name),
            rank: R_PRIORITY,
            pre_notes: vec![format!(
                "inferred from priority level {level} of 5 (1 highest) as value {}",
                6 - level
            )],
        });
    }
}

fn count(v: &Value, keys: &[&str]) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Array(a) => Some(a.len() as f64),
        Value::Object(m) => keys.iter().find_map(|k| m.get(*k).and_then(Value::as_f64)),
        _ => None,
    }
    .filter(|x| x.is_finite() && *x >= 0.0)
}

/// Demand signals: GitHub 👍 reactions and comments, GitLab upvotes, Jira votes, Linear
/// customer tickets.
fn read_demand(issue: &Issue, config: &PriorityConfig, g: &mut Gathered) {
    let push = |name: &'static str, field: &str, v: f64, g: &mut Gathered| {
        g.demand.push(Input {
            name: std::borrow::Cow::Borrowed(name),
            value: v,
            raw: super::scale::fmt_num(v),
            source: Source::Field,
            from: format!("field `{field}`"),
            adjustments: Vec::new(),
        });
    };
    // Field names as the importers write them ("Upvotes", "Customer ticket count",
    // "Comment") and as the tracker APIs do ("upvotes", "customerTicketCount").
    let find = |names: &[&str], keys: &[&str]| {
        issue.fields.iter().find_map(|(name, v)| {
            let n = norm_name(name);
            if names.contains(&n.as_str()) {
                count(v, keys).map(|c| (name.clone(), c))
            } else {
                None
            }
        })
    };
    // One upvote signal: an explicit upvotes field, else GitHub's 👍 reactions.
    if let Some((f, v)) = find(&["upvotes", "thumbsup"], &[]) {
        push("upvotes", &f, v, g);
    } else if let Some((f, v)) = find(&["reactions"], &["+1"]) {
        push("upvotes", &format!("{f}.+1"), v, g);
    }
    if let Some((f, v)) = find(&["votes"], &["votes"]) {
        push("votes", &f, v, g);
    }
    if let Some((f, v)) = find(&["customerticketcount", "customertickets"], &[]) {
        push("customer_tickets", &f, v, g);
    }
    if let Some((f, v)) = find(
        &["comments", "comment", "commentcount"],
        &["total", "totalCount"],
    ) {
        push("comments", &f, v, g);
    }
    if !config.reach_from_demand {
        return;
    }
    let people: Vec<&Input> = g.demand.iter().filter(|d| d.name != "comments").collect();
    if people.is_empty() {
        return;
    }
    let total: f64 = people.iter().map(|d| d.value).sum();
    let parts: Vec<String> = people
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                super::scale::fmt_num(d.value),
                d.name.replace('_', " ")
            )
        })
        .collect();
    g.candidates.push(Candidate {
        framework: Framework::Rice,
        input: "reach",
        raw: Raw::Num(total),
        source: Source::Inferred,
        from: "demand".to_string(),
        rank: R_DEMAND,
        pre_notes: vec![format!(
            "reach inferred from demand ({}); people who asked, not people reached per quarter",
            parts.join(" + ")
        )],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_accept_markup_and_reject_prose() {
        assert_eq!(split_key_line("*RICE*: reach=5"), Some(("RICE", "reach=5")));
        assert_eq!(
            split_key_line("- **Business value**: 8"),
            Some(("Business value", "8"))
        );
        assert_eq!(split_key_line("RR|OE = 3"), Some(("RR|OE", "3")));
        assert_eq!(split_key_line("2024: a year"), None);
        assert_eq!(split_key_line("no separator here"), None);
        let long = format!("{}: 5", "word ".repeat(20));
        assert_eq!(split_key_line(&long), None);
        // Team aliases may be in any language.
        assert_eq!(
            split_key_line("Geschäftswert: 5"),
            Some(("Geschäftswert", "5"))
        );
    }

    #[test]
    fn pipe_rows_in_markdown_and_jira_wiki() {
        assert_eq!(split_pipe_row("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_pipe_row("||Reach||Impact||"), vec!["Reach", "Impact"]);
        assert_eq!(split_pipe_row("|500||2|"), vec!["500", "", "2"]);
        assert!(is_separator_row(&split_pipe_row("|---|:---:|")));
        assert!(!is_separator_row(&split_pipe_row("| - | 3 |")));
    }

    #[test]
    fn prefixed_labels() {
        assert_eq!(strip_prefix_word("moscow:must", "moscow"), Some("must"));
        assert_eq!(strip_prefix_word("moscow / could", "moscow"), Some("could"));
        assert_eq!(strip_prefix_word("moscowmust", "moscow"), None);
        assert_eq!(strip_prefix_word("moscow:", "moscow"), None);
        assert_eq!(moscow_word("wonthave", false), Some(Moscow::Wont));
        assert_eq!(moscow_word("m", false), None);
        assert_eq!(kano_word("delighter"), Some(Kano::Attractive));
    }

    #[test]
    fn kano_table_matches_the_published_layout() {
        // Row: functional answer; column: dysfunctional answer.
        assert_eq!(KANO_TABLE[0][4], Kano::OneDimensional);
        assert_eq!(KANO_TABLE[2][4], Kano::MustBe);
        assert_eq!(KANO_TABLE[0][2], Kano::Attractive);
        assert_eq!(KANO_TABLE[4][0], Kano::Reverse);
        assert_eq!(KANO_TABLE[4][4], Kano::Questionable);
        assert_eq!(KANO_TABLE[2][2], Kano::Indifferent);
    }
}
