//! Priority scoring: RICE, ICE, WSJF, cost of delay / CD3, value ÷ effort, and the MoSCoW
//! and Kano classifications (issue #5).
//!
//! A score is only as good as its inputs, so every score here carries each input, where
//! it came from ([`Source`]: a tracker field, a line or table in the text, a label, the
//! estimate, the tracker priority, a demand signal, or a team default), every adjustment
//! made to it (a value snapped to the framework's published scale, a cap), what is
//! missing, and a one-line human explanation such as `RICE 266.7 = 500 × 2 × 0.8 ÷ 3`.
//! A missing input is never silently zero: the score is `None` and the input is listed.
//!
//! Definitions followed (see `docs/priority.md` for the details and worked examples):
//! - RICE = Reach × Impact × Confidence ÷ Effort; impact 3/2/1/0.5/0.25, confidence
//!   100/80/50 %, effort in person-months. Sean McBride, "RICE: Simple prioritization for
//!   product managers", Intercom blog, 2016,
//!   <https://www.intercom.com/blog/rice-simple-prioritization-for-product-managers/>.
//! - ICE = Impact × Confidence × Ease, each 1–10 (Sean Ellis, GrowthHackers; the team may
//!   choose Ellis's original average instead, [`IceMethod`]).
//! - WSJF = (user-business value + time criticality + risk reduction | opportunity
//!   enablement) ÷ job size, each on the modified Fibonacci scale 1, 2, 3, 5, 8, 13, 20.
//!   Scaled Agile Framework, "WSJF", <https://scaledagileframework.com/wsjf/>.
//! - CD3 = cost of delay per unit of time ÷ duration. Donald G. Reinertsen, *The
//!   Principles of Product Development Flow*, 2009 (principle F16, WSJF); Joshua Arnold,
//!   "Cost of Delay Divided by Duration", <https://blackswanfarming.com/cost-of-delay-divided-by-duration/>.
//! - MoSCoW: Must / Should / Could / Won't have this time. DSDM Agile Project Framework,
//!   chapter 10 "MoSCoW Prioritisation" (Agile Business Consortium).
//! - Kano: attractive, one-dimensional, must-be, indifferent, reverse (and questionable
//!   from a questionnaire). N. Kano, N. Seraku, F. Takahashi, S. Tsuji, "Attractive
//!   quality and must-be quality", *Journal of the Japanese Society for Quality Control*
//!   14(2), 39–48, 1984; evaluation table as in Berger et al., *Center for Quality of
//!   Management Journal* 2(4), 1993.
//!
//! [`score`] reads one issue; [`rank`] and [`ranking`] order a backlog deterministically;
//! [`inversions`] compares that order with the tracker's; [`what_if`] re-scores with
//! changed inputs without reading the issue again; [`moscow_balance`] checks DSDM's
//! Must-have share; [`ranked_table`] prints the ranked backlog for the CLI.

mod extract;
mod frameworks;
mod rank;
pub mod scale;
mod table;

pub use rank::{
    inversions, moscow_balance, rank, ranking, what_if, what_if_rank, InputChange, Inversion,
    InversionKind, MoscowBalance, RankedItem, TieBreak, MAX_TIES_LISTED,
};
pub use table::ranked_table;

use crate::model::Issue;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A numeric prioritisation framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// Intercom RICE: reach × impact × confidence ÷ effort.
    Rice,
    /// ICE: impact × confidence × ease (or their average).
    Ice,
    /// SAFe WSJF: (business value + time criticality + RR|OE) ÷ job size.
    Wsjf,
    /// Reinertsen / Arnold CD3: cost of delay ÷ duration.
    Cd3,
    /// The simplest fallback: value ÷ effort.
    ValueEffort,
}

impl Framework {
    pub const ALL: [Framework; 5] = [
        Framework::Rice,
        Framework::Ice,
        Framework::Wsjf,
        Framework::Cd3,
        Framework::ValueEffort,
    ];

    /// The id used in configuration keys (`"rice"`, `"value-effort"`, …).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Rice => "rice",
            Framework::Ice => "ice",
            Framework::Wsjf => "wsjf",
            Framework::Cd3 => "cd3",
            Framework::ValueEffort => "value-effort",
        }
    }

    /// The name shown in explanations.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Rice => "RICE",
            Framework::Ice => "ICE",
            Framework::Wsjf => "WSJF",
            Framework::Cd3 => "CD3",
            Framework::ValueEffort => "Value/effort",
        }
    }

    /// The framework's inputs, in formula order.
    pub fn inputs(self) -> &'static [&'static str] {
        match self {
            Framework::Rice => &["reach", "impact", "confidence", "effort"],
            Framework::Ice => &["impact", "confidence", "ease"],
            Framework::Wsjf => &[
                "business_value",
                "time_criticality",
                "risk_reduction",
                "job_size",
            ],
            Framework::Cd3 => &["cost_of_delay", "duration"],
            Framework::ValueEffort => &["value", "effort"],
        }
    }

    /// Look a framework up by id or label, case-insensitively.
    pub fn from_name(s: &str) -> Option<Framework> {
        match scale::norm_name(s).as_str() {
            "rice" => Some(Framework::Rice),
            "ice" => Some(Framework::Ice),
            "wsjf" => Some(Framework::Wsjf),
            "cd3" => Some(Framework::Cd3),
            "valueeffort" | "valuevseffort" => Some(Framework::ValueEffort),
            _ => None,
        }
    }
}

/// How ICE combines its three 1–10 ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum IceMethod {
    /// Impact × Confidence × Ease (1–1000).
    #[default]
    Product,
    /// (Impact + Confidence + Ease) ÷ 3 (1–10), as Sean Ellis's original ICE score.
    Average,
}

/// Person-months (or job size) per t-shirt size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TShirtTable {
    pub xs: f64,
    pub s: f64,
    pub m: f64,
    pub l: f64,
    pub xl: f64,
    pub xxl: f64,
}

impl TShirtTable {
    /// The entry for t-shirt size `n` (1 = XS … 6 = XXL), with its name.
    pub fn get(&self, n: u8) -> Option<(f64, &'static str)> {
        match n {
            1 => Some((self.xs, "XS")),
            2 => Some((self.s, "S")),
            3 => Some((self.m, "M")),
            4 => Some((self.l, "L")),
            5 => Some((self.xl, "XL")),
            6 => Some((self.xxl, "XXL")),
            _ => None,
        }
    }
}

/// How an estimate becomes effort (person-months), WSJF job size and CD3 duration
/// (weeks). The defaults are documented assumptions; set your team's own velocity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct EffortMapping {
    /// Story points one person completes in a month (default 10).
    pub points_per_person_month: f64,
    /// GitLab weight per person-month (default 10, weight read like points).
    pub weight_per_person_month: f64,
    /// Working hours per person-month (default 160 = 8 h × 20 days).
    pub hours_per_person_month: f64,
    /// Working days per person-month (default 20).
    pub days_per_person_month: f64,
    /// Calendar weeks per person-month, for CD3 duration (default 52 ÷ 12 ≈ 4.33).
    pub weeks_per_person_month: f64,
    /// Person-months per t-shirt size (default XS 0.25, S 0.5, M 1, L 2, XL 4, XXL 8).
    pub tshirt_person_months: TShirtTable,
    /// WSJF job size per t-shirt size (default XS 1, S 2, M 3, L 5, XL 8, XXL 13).
    pub tshirt_job_size: TShirtTable,
}

impl Default for EffortMapping {
    fn default() -> Self {
        EffortMapping {
            points_per_person_month: 10.0,
            weight_per_person_month: 10.0,
            hours_per_person_month: 160.0,
            days_per_person_month: 20.0,
            weeks_per_person_month: 52.0 / 12.0,
            tshirt_person_months: TShirtTable {
                xs: 0.25,
                s: 0.5,
                m: 1.0,
                l: 2.0,
                xl: 4.0,
                xxl: 8.0,
            },
            tshirt_job_size: TShirtTable {
                xs: 1.0,
                s: 2.0,
                m: 3.0,
                l: 5.0,
                xl: 8.0,
                xxl: 13.0,
            },
        }
    }
}

/// The `priority` section of the team's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct PriorityConfig {
    /// The framework behind [`PriorityReport::primary_score`] and the default ranking.
    pub primary: Framework,
    /// The frameworks to compute (default: all five). The primary is always computed.
    pub frameworks: Vec<Framework>,
    /// Team defaults for missing inputs, keyed `"<framework>.<input>"`, e.g.
    /// `{"rice.confidence": 0.5, "wsjf.risk_reduction": 1}`. A defaulted input is shown
    /// with source `default` and still counted as missing for tie-breaks.
    pub defaults: BTreeMap<String, f64>,
    /// Extra tracker field names per input, keyed like `defaults`, plus `"estimate"`,
    /// `"moscow"` and `"kano"`: `{"rice.reach": ["Customers per quarter"]}`.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// How estimates become effort, job size and duration.
    pub effort: EffortMapping,
    /// How ICE combines its ratings.
    pub ice_method: IceMethod,
    /// Use the estimate (story points, hours, t-shirt, weight) when effort, job size or
    /// duration is not given explicitly (default true).
    pub use_estimate: bool,
    /// Infer value ÷ effort's value from the tracker priority (Highest → 5 … Lowest → 1)
    /// when no value is given (default true).
    pub value_from_priority: bool,
    /// Use demand (👍 reactions, votes, upvotes, customer tickets) as RICE reach when no
    /// reach is given (default false: demand is a different unit than reach per quarter).
    pub reach_from_demand: bool,
}

impl Default for PriorityConfig {
    fn default() -> Self {
        PriorityConfig {
            primary: Framework::Rice,
            frameworks: Framework::ALL.to_vec(),
            defaults: BTreeMap::new(),
            aliases: BTreeMap::new(),
            effort: EffortMapping::default(),
            ice_method: IceMethod::Product,
            use_estimate: true,
            value_from_priority: true,
            reach_from_demand: false,
        }
    }
}

impl PriorityConfig {
    /// Problems with this configuration that deserialisation cannot see: unknown input
    /// keys in `defaults` / `aliases`, and non-positive effort mappings.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let known = |k: &str| {
            Framework::ALL
                .iter()
                .any(|f| f.inputs().iter().any(|i| k == format!("{}.{}", f.id(), i)))
        };
        for k in self.defaults.keys() {
            if !known(k) {
                out.push(format!(
                    "priority.defaults: unknown input `{k}` (expected `<framework>.<input>`, e.g. `rice.confidence`)"
                ));
            }
        }
        for k in self.aliases.keys() {
            if !known(k) && !matches!(k.as_str(), "estimate" | "moscow" | "kano") {
                out.push(format!("priority.aliases: unknown input `{k}`"));
            }
        }
        let e = &self.effort;
        for (name, v) in [
            ("points_per_person_month", e.points_per_person_month),
            ("weight_per_person_month", e.weight_per_person_month),
            ("hours_per_person_month", e.hours_per_person_month),
            ("days_per_person_month", e.days_per_person_month),
            ("weeks_per_person_month", e.weeks_per_person_month),
        ] {
            if !(v.is_finite() && v > 0.0) {
                out.push(format!(
                    "priority.effort.{name} must be a positive number; the default is used"
                ));
            }
        }
        out
    }
}

/// Where an input came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A tracker field (custom field by display name, Azure DevOps reference name, …).
    Field,
    /// A line or table in the title or description.
    Text,
    /// A label / tag.
    Label,
    /// Converted from the issue's estimate with the team's effort mapping.
    Estimate,
    /// Inferred from the tracker priority.
    Priority,
    /// Inferred from another signal (demand used as reach).
    Inferred,
    /// The team's configured default.
    Default,
    /// Supplied to [`what_if`].
    WhatIf,
}

impl Source {
    /// How much a score can lean on an input from this source (documented in
    /// `docs/priority.md`): explicit values 1, converted estimates 0.8, the tracker
    /// priority 0.6, inferred values and team defaults 0.5.
    pub fn weight(self) -> f64 {
        match self {
            Source::Field | Source::Text | Source::Label | Source::WhatIf => 1.0,
            Source::Estimate => 0.8,
            Source::Priority => 0.6,
            Source::Inferred | Source::Default => 0.5,
        }
    }
}

/// One input of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Input {
    /// The input's name within its framework (`reach`, `job_size`, …).
    // Borrowed from `Framework::inputs`: no allocation per issue and input.
    pub name: Cow<'static, str>,
    /// The value used in the formula, after any adjustment.
    pub value: f64,
    /// The value as read ("80%", "Massive", "5 points").
    pub raw: String,
    pub source: Source,
    /// Where exactly: "field `Reach`", "description line 3", "label `must-have`", …
    pub from: String,
    /// Every change made to the raw value, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<String>,
}

/// How far a score can be trusted, from the provenance of its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ConfidenceLevel {
    /// Not scored.
    None,
    Low,
    Medium,
    High,
}

impl ConfidenceLevel {
    /// High from 0.9, medium from 0.7, low above 0.
    pub fn from_value(c: f64) -> Self {
        if c.is_nan() || c <= 0.0 {
            ConfidenceLevel::None
        } else if c >= 0.9 {
            ConfidenceLevel::High
        } else if c >= 0.7 {
            ConfidenceLevel::Medium
        } else {
            ConfidenceLevel::Low
        }
    }
}

/// One framework's score for one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FrameworkScore {
    pub framework: Framework,
    /// `None` when an input is missing and has no team default.
    pub score: Option<f64>,
    /// "RICE 266.7 = 500 × 2 × 0.8 ÷ 3", or why there is no score.
    pub explanation: String,
    /// The inputs used, in formula order.
    pub inputs: Vec<Input>,
    /// Inputs the issue does not give (a team default may still fill them).
    pub missing: Vec<Cow<'static, str>>,
    /// 0–1: the mean [`Source::weight`] of the inputs; 0 when not scored.
    pub confidence: f64,
    pub confidence_level: ConfidenceLevel,
    /// Values that were found but not used (not a number, out of range, overridden).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// DSDM MoSCoW category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Moscow {
    Must,
    Should,
    Could,
    /// Won't have this time.
    Wont,
}

impl Moscow {
    pub fn label(self) -> &'static str {
        match self {
            Moscow::Must => "Must have",
            Moscow::Should => "Should have",
            Moscow::Could => "Could have",
            Moscow::Wont => "Won't have this time",
        }
    }
}

/// Kano (1984) quality category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Kano {
    /// Must-be (basic, threshold): expected; absence dissatisfies.
    MustBe,
    /// One-dimensional (performance): satisfaction grows with fulfilment.
    OneDimensional,
    /// Attractive (delighter): unexpected; presence satisfies.
    Attractive,
    /// Indifferent: customers do not care either way.
    Indifferent,
    /// Reverse: presence dissatisfies.
    Reverse,
    /// Questionable: contradictory questionnaire answers.
    Questionable,
}

impl Kano {
    pub fn label(self) -> &'static str {
        match self {
            Kano::MustBe => "must-be",
            Kano::OneDimensional => "one-dimensional",
            Kano::Attractive => "attractive",
            Kano::Indifferent => "indifferent",
            Kano::Reverse => "reverse",
            Kano::Questionable => "questionable",
        }
    }
}

/// A MoSCoW classification with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MoscowClass {
    pub category: Moscow,
    pub source: Source,
    pub from: String,
    pub raw: String,
    /// "MoSCoW: Must have (label `must-have`)".
    pub explanation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A Kano classification with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KanoClass {
    pub category: Kano,
    pub source: Source,
    pub from: String,
    pub raw: String,
    /// "Kano: attractive (functional `like`, dysfunctional `neutral`; Kano evaluation table)".
    pub explanation: String,
    /// Berger et al.'s satisfaction coefficient CS+ = (A+O)/(A+O+M+I), 0–1, when the
    /// issue gives answer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
    /// Berger et al.'s dissatisfaction coefficient CS− = −(O+M)/(A+O+M+I), −1–0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissatisfaction: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The tracker's own priority, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackerPriority {
    pub name: String,
    /// 1 (highest) … 5 (lowest).
    pub level: u8,
    pub source: Source,
}

/// Every framework's score for one issue, with the provenance of its inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PriorityReport {
    /// The team's primary framework (`None` only in a default-constructed report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<Framework>,
    /// The primary framework's score, when it could be computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_score: Option<f64>,
    /// One entry per computed framework, in [`Framework::ALL`] order.
    pub scores: Vec<FrameworkScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moscow: Option<MoscowClass>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kano: Option<KanoClass>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracker_priority: Option<TrackerPriority>,
    /// Demand signals: `upvotes` (👍 reactions, GitLab upvotes), `votes` (Jira),
    /// `customer_tickets` (Linear), `comments`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demand: Vec<Input>,
    /// Things read from the issue that no framework used, and configuration problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl PriorityReport {
    /// The score entry of `framework`, when it was computed.
    pub fn get(&self, framework: Framework) -> Option<&FrameworkScore> {
        self.scores.iter().find(|s| s.framework == framework)
    }

    /// The numeric score of `framework`, when there is one.
    pub fn score_of(&self, framework: Framework) -> Option<f64> {
        self.get(framework).and_then(|s| s.score)
    }
}

/// Score one issue with every configured framework and classify it.
pub fn score(issue: &Issue, config: &PriorityConfig) -> PriorityReport {
    let mut gathered = extract::gather(issue, config);
    let mut scores = Vec::new();
    for fw in Framework::ALL {
        if fw == config.primary || config.frameworks.contains(&fw) {
            let mut fs = frameworks::evaluate(fw, &mut gathered.candidates, config);
            for (_, theirs, from) in gathered.tracker_scores.iter().filter(|t| t.0 == fw) {
                if let Some(note) = compare_tracker_score(&fs, *theirs, from) {
                    fs.notes.push(note);
                }
            }
            scores.push(fs);
        }
    }
    let primary_score = scores
        .iter()
        .find(|s| s.framework == config.primary)
        .and_then(|s| s.score);
    PriorityReport {
        primary: Some(config.primary),
        primary_score,
        scores,
        moscow: gathered.moscow,
        kano: gathered.kano,
        tracker_priority: gathered.tracker_priority,
        demand: gathered.demand,
        notes: gathered.notes,
    }
}

/// A note when the tracker's own score (a WSJF app's field, …) disagrees with ours by
/// more than 1 %, or cannot be checked. The tracker's number is never used as the score:
/// it carries no inputs to explain it.
fn compare_tracker_score(fs: &FrameworkScore, theirs: f64, from: &str) -> Option<String> {
    let label = fs.framework.label();
    let t = scale::fmt_score(theirs);
    match fs.score {
        Some(ours) if (ours - theirs).abs() > 0.01 * ours.abs().max(theirs.abs()) => Some(format!(
            "{from} says {label} {t}; readylens computes {} from the inputs listed (the tracker may use other inputs or round them)",
            scale::fmt_score(ours)
        )),
        Some(_) => None,
        None => Some(format!(
            "{from} says {label} {t}, but its inputs are not on the issue, so it cannot be checked or explained"
        )),
    }
}
