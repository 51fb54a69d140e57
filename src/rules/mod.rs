//! Story and acceptance-criteria quality rules (issue #3).
//!
//! Every rule lives in its own file under a category folder (`story/`, `criteria/`) and
//! is listed in [`REGISTRY`]; [`check_issue`] runs the per-issue rules, [`check_backlog`]
//! the rules that compare issues with each other (`story/uniform`, `story/unique`).
//!
//! Rule ids are stable (`category/name`); when a rule is renamed its old id goes into
//! [`RENAMED`] so a team's saved configuration keeps working.
//!
//! Issue types: each rule has a default severity per issue type ([`Rule::defaults`]).
//! Bugs and epics are not judged as user stories; an issue of unknown type that is
//! written as a user story ("As a …, I want …") counts as a story.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostic::{Diagnostic, Field, Severity, Span};
use crate::model::{Issue, IssueKind};

pub mod criteria;
pub mod criteria_extract;
pub mod lexicon;
pub(crate) mod sort;
pub mod story;
pub mod story_parse;
pub(crate) mod text;

pub use criteria_extract::{
    extract_criteria, Criteria, CriteriaSource, Criterion, Scenario, StepKeyword,
};
pub use story_parse::{parse_story, Story, StoryForm};

use lexicon::Lexicon;

// ---------------------------------------------------------------------------------------
// Configuration

/// A level a team can set for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Error,
    Warning,
    Info,
}

impl RuleLevel {
    fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Info => Some(Severity::Info),
        }
    }
}

/// Per-issue-type levels for one rule. `severity` replaces the default severity where
/// the rule is on by default; an issue type named explicitly is set exactly (this is
/// how a rule that is off for a type by default is turned on for it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct RuleOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bug: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtask: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epic: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spike: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub improvement: Option<RuleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<RuleLevel>,
    /// `criteria/too-many`: the most criteria an issue may have (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<usize>,
    /// `story/vague`, `criteria/vague-term`: extra vague words or phrases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<String>>,
    /// `story/vague`, `criteria/vague-term`: built-in terms this team accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow: Option<Vec<String>>,
    /// `story/uniform`: the least number of template stories before a dominant
    /// template is enforced (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_stories: Option<usize>,
    /// `story/unique`: word-set similarity (0–1) from which two stories count as the
    /// same (default 0.85).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

impl RuleOverride {
    /// Names of the options set here.
    fn options_set(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.max.is_some() {
            v.push("max");
        }
        if self.terms.is_some() {
            v.push("terms");
        }
        if self.allow.is_some() {
            v.push("allow");
        }
        if self.min_stories.is_some() {
            v.push("min_stories");
        }
        if self.similarity.is_some() {
            v.push("similarity");
        }
        v
    }

    fn for_kind(&self, kind: IssueKind) -> Option<RuleLevel> {
        match kind {
            IssueKind::Story => self.story,
            IssueKind::Bug => self.bug,
            IssueKind::Task => self.task,
            IssueKind::Subtask => self.subtask,
            IssueKind::Epic => self.epic,
            IssueKind::Feature => self.feature,
            IssueKind::Spike => self.spike,
            IssueKind::Improvement => self.improvement,
            IssueKind::Other => self.other,
        }
    }
}

/// How one rule is set: `"off"`, a level, or per issue type (with the rule's options).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum RuleSetting {
    RuleLevel(RuleLevel),
    PerType(RuleOverride),
}

/// What a rule or check setting may be, as its decode errors say ("invalid type: …,
/// expected …"): shared by [`RuleSetting`] and `readiness::CheckSetting`.
pub(crate) const LEVEL_OR_OBJECT: &str =
    r#"a level ("off", "error", "warning", "info") or an object"#;

// Hand-written so errors name the bad level or field instead of serde's "did not match
// any variant of untagged enum", and read without buffering the value: an error inside
// it keeps its position in the text, from which `crate::json_path` names its JSON path.
impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
        struct Setting;
        impl<'de> Visitor<'de> for Setting {
            type Value = RuleSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(LEVEL_OR_OBJECT)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RuleSetting, E> {
                RuleLevel::deserialize(s.into_deserializer())
                    .map(RuleSetting::RuleLevel)
                    .map_err(|e: E| E::custom(format!("{e} (use off, error, warning or info)")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RuleSetting, A::Error> {
                RuleOverride::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RuleSetting::PerType)
            }
        }
        d.deserialize_any(Setting)
    }
}

/// The options of individual rules, resolved from [`RulesConfig`] (each option is set
/// in its rule's object, e.g. `"criteria/too-many": {"max": 8}`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOptions {
    pub max_criteria: usize,
    pub story_terms: Vec<String>,
    pub story_allow: Vec<String>,
    pub criteria_terms: Vec<String>,
    pub criteria_allow: Vec<String>,
    pub uniform_min_stories: usize,
    pub unique_similarity: f64,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            max_criteria: 10,
            story_terms: Vec::new(),
            story_allow: Vec::new(),
            criteria_terms: Vec::new(),
            criteria_allow: Vec::new(),
            uniform_min_stories: 5,
            unique_similarity: 0.85,
        }
    }
}

impl RuleOptions {
    pub fn from_config(config: &RulesConfig) -> RuleOptions {
        let mut o = RuleOptions::default();
        let get = |id: &str| match config.rules.get(id) {
            Some(RuleSetting::PerType(p)) => Some(p),
            _ => None,
        };
        if let Some(p) = get("criteria/too-many") {
            o.max_criteria = p.max.unwrap_or(o.max_criteria);
        }
        if let Some(p) = get("story/vague") {
            o.story_terms = p.terms.clone().unwrap_or_default();
            o.story_allow = p.allow.clone().unwrap_or_default();
        }
        if let Some(p) = get("criteria/vague-term") {
            o.criteria_terms = p.terms.clone().unwrap_or_default();
            o.criteria_allow = p.allow.clone().unwrap_or_default();
        }
        if let Some(p) = get("story/uniform") {
            o.uniform_min_stories = p.min_stories.unwrap_or(o.uniform_min_stories);
        }
        if let Some(p) = get("story/unique") {
            o.unique_similarity = p.similarity.unwrap_or(o.unique_similarity);
        }
        o
    }
}

/// Rule configuration, flattened into the top level of the team's configuration:
/// `{"rules": {"story/atomic": "off", "criteria/missing": {"severity": "warning",
/// "story": "error", "bug": "off"}, "criteria/too-many": {"max": 8}}}`.
/// Unknown rule ids and options a rule does not have are rejected (renamed ids are
/// accepted and mapped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct RulesConfig {
    #[cfg_attr(test, ts(as = "BTreeMap<String, RuleSetting>"))]
    pub rules: RuleSettings,
}

/// Rule id → setting. Deserialising maps renamed ids to their current id and rejects
/// unknown ids, so a typo cannot silently leave a rule on.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RuleSettings(pub BTreeMap<String, RuleSetting>);

impl std::ops::Deref for RuleSettings {
    type Target = BTreeMap<String, RuleSetting>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'de> Deserialize<'de> for RuleSettings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_rules(d).map(RuleSettings)
    }
}

fn deserialize_rules<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, RuleSetting>, D::Error> {
    let raw: BTreeMap<String, RuleSetting> = BTreeMap::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (id, setting) in raw {
        match resolve_id(&id) {
            Some(rule) => {
                if let RuleSetting::PerType(p) = &setting {
                    if let Some(bad) = p
                        .options_set()
                        .into_iter()
                        .find(|o| !rule.options.contains(o))
                    {
                        return Err(serde::de::Error::custom(format!(
                            "rule `{}` has no option `{bad}` (its options: {})",
                            rule.id,
                            if rule.options.is_empty() {
                                "none".to_string()
                            } else {
                                rule.options.join(", ")
                            }
                        )));
                    }
                }
                out.insert(rule.id.to_string(), setting);
            }
            None => {
                return Err(serde::de::Error::custom(format!(
                    "unknown rule `{id}` (known rules: {})",
                    REGISTRY.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Rules

/// A rule's category (the part of its id before the slash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Story,
    Criteria,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Story => "story",
            Category::Criteria => "criteria",
        }
    }
}

/// What a rule reports before the engine adds id, severity and category.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finding {
    pub message: String,
    pub help: String,
    /// Replaces the rule's general `why` when set.
    pub why: Option<String>,
    pub field: Option<Field>,
    pub span: Option<Span>,
    pub suggestion: Option<String>,
}

/// How a rule runs.
#[derive(Clone, Copy)]
pub enum Check {
    /// Looks at one issue.
    Issue(fn(&Ctx) -> Vec<Finding>),
    /// Compares the issues of a backlog; returns `(issue index, finding)`.
    Backlog(fn(&[Ctx]) -> Vec<(usize, Finding)>),
}

/// A registered rule.
pub struct Rule {
    /// Stable id, `category/name`.
    pub id: &'static str,
    pub category: Category,
    /// One line for rule tables.
    pub summary: &'static str,
    /// Why it matters (the diagnostic's default `why`).
    pub why: &'static str,
    /// Default severity per (effective) issue type; `None` = off for that type.
    pub defaults: fn(IssueKind) -> Option<Severity>,
    /// Option names accepted in the rule's configuration object.
    pub options: &'static [&'static str],
    pub check: Check,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

/// Default used by most story rules: on for stories and for any other issue written as
/// a story, off for bugs and epics.
pub fn story_defaults(kind: IssueKind, sev: Severity) -> Option<Severity> {
    match kind {
        IssueKind::Bug | IssueKind::Epic => None,
        _ => Some(sev),
    }
}

/// Every rule, in the order diagnostics are reported.
pub static REGISTRY: &[&Rule] = &[
    &story::well_formed::RULE,
    &story::missing_benefit::RULE,
    &story::atomic::RULE,
    &story::minimal::RULE,
    &story::full_sentence::RULE,
    &story::uniform::RULE,
    &story::unique::RULE,
    &story::solution_oriented::RULE,
    &story::vague::RULE,
    &criteria::missing::RULE,
    &criteria::gherkin_incomplete::RULE,
    &criteria::untestable::RULE,
    &criteria::vague_term::RULE,
    &criteria::open_ended::RULE,
    &criteria::placeholder::RULE,
    &criteria::weak_modal::RULE,
    &criteria::compound::RULE,
    &criteria::unbounded_negative::RULE,
    &criteria::too_many::RULE,
    &criteria::duplicate::RULE,
];

/// Old rule id → current id. Add a line whenever a rule is renamed; never reuse an id.
pub static RENAMED: &[(&str, &str)] = &[];

/// The rule for `id`, following [`RENAMED`].
pub fn resolve_id(id: &str) -> Option<&'static Rule> {
    resolve_with(id, RENAMED)
}

fn resolve_with(id: &str, renamed: &[(&str, &str)]) -> Option<&'static Rule> {
    let mut cur = id;
    // Follow chains of renames, bounded so a cycle cannot loop.
    for _ in 0..=renamed.len() {
        if let Some(r) = REGISTRY.iter().find(|r| r.id == cur) {
            return Some(r);
        }
        match renamed.iter().find(|(old, _)| *old == cur) {
            Some((_, new)) => cur = new,
            None => return None,
        }
    }
    None
}

/// The severity `rule` has for an issue of (effective) type `kind` under `config`.
pub fn severity_for(rule: &Rule, kind: IssueKind, config: &RulesConfig) -> Option<Severity> {
    let default = (rule.defaults)(kind);
    match config.rules.get(rule.id) {
        None => default,
        Some(RuleSetting::RuleLevel(RuleLevel::Off)) => None,
        Some(RuleSetting::RuleLevel(l)) => default.and(l.severity()),
        Some(RuleSetting::PerType(o)) => match o.for_kind(kind) {
            Some(l) => l.severity(),
            None => match o.severity {
                Some(l) => default.and(l.severity()),
                None => default,
            },
        },
    }
}

// ---------------------------------------------------------------------------------------
// Context shared by the rules

/// Where an issue's user story was found.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedStory {
    pub field: Field,
    /// Offset of the parsed text inside the field's text; add it to the story's spans.
    pub base: usize,
    /// The parsed text (one line/block of the field).
    pub text: String,
    pub story: Story,
    /// The story is the whole field (title or single-line text), so text after its
    /// sentence belongs to the story, not to surrounding context.
    pub standalone: bool,
}

impl LocatedStory {
    /// A story span shifted into field coordinates.
    pub fn abs(&self, s: Span) -> Span {
        Span::new(self.base + s.start, self.base + s.end)
    }

    /// The text of a story part.
    pub fn part(&self, s: Option<Span>) -> &str {
        Story::slice(&self.text, s)
    }
}

/// Find the user story of an issue: the title if it is written as a story, else the
/// first description block (of the first three) that starts with a story template.
pub fn locate_story(issue: &Issue) -> Option<LocatedStory> {
    title_story(issue).or_else(|| description_story(issue, &issue.description.text()))
}

/// [`locate_story`] with the description already rendered ([`crate::model::Doc::text`]).
fn locate_story_in(issue: &Issue, rendered: &str) -> Option<LocatedStory> {
    title_story(issue).or_else(|| description_story(issue, rendered))
}

fn title_story(issue: &Issue) -> Option<LocatedStory> {
    let story = parse_story(&issue.title)?;
    Some(LocatedStory {
        field: Field::Title,
        base: 0,
        text: issue.title.clone(),
        story,
        standalone: true,
    })
}

/// The story in the first description block (of the first three non-empty ones) that starts with a
/// story template; `rendered` is the description's text.
fn description_story(issue: &Issue, rendered: &str) -> Option<LocatedStory> {
    let nonempty = issue
        .description
        .blocks
        .iter()
        .filter(|b| !text::block_text(b).trim().is_empty())
        .count();
    // Bytes of `rendered` before this block: `Doc::text` writes "\n" before a block only
    // once some text was written, so empty leading blocks take no room.
    let mut len = 0usize;
    let mut seen = 0;
    for b in &issue.description.blocks {
        let bt = text::block_text(b);
        if seen >= 3 {
            break;
        }
        // Empty blocks (an empty leading ADF paragraph) are not among the first three.
        if !bt.is_empty() {
            seen += 1;
        }
        let base = if len > 0 { len + 1 } else { 0 };
        if let Some(story) = parse_story(&bt) {
            return Some(LocatedStory {
                field: Field::Description,
                base,
                text: rendered
                    .get(base..base + bt.len())
                    .unwrap_or(&bt)
                    .to_string(),
                story,
                standalone: nonempty == 1 && issue.title.trim().is_empty(),
            });
        }
        len = base + bt.len();
    }
    None
}

/// Everything the rules look at for one issue, computed once.
pub struct Ctx<'a> {
    pub issue: &'a Issue,
    /// The issue type used for defaults: [`IssueKind::Other`] becomes
    /// [`IssueKind::Story`] when the issue is written as a user story.
    pub kind: IssueKind,
    pub story: Option<LocatedStory>,
    pub criteria: Criteria,
    pub title: String,
    pub description: String,
    pub acceptance: String,
    pub options: &'a RuleOptions,
    /// Vague-term lexicon for `story/vague`.
    pub story_lexicon: &'a Lexicon,
    /// Vague-term lexicon for `criteria/vague-term`.
    pub lexicon: &'a Lexicon,
}

impl<'a> Ctx<'a> {
    pub fn new(issue: &'a Issue, options: &'a RuleOptions, lex: &'a Lexicons) -> Ctx<'a> {
        // The description and criteria field are rendered once, here, for every rule.
        let description = issue.description.text();
        let acceptance = issue
            .acceptance_criteria
            .as_ref()
            .map(crate::model::Doc::text)
            .unwrap_or_default();
        let story = locate_story_in(issue, &description);
        let kind = if issue.kind == IssueKind::Other && story.is_some() {
            IssueKind::Story
        } else {
            issue.kind
        };
        Ctx {
            issue,
            kind,
            story,
            criteria: criteria_extract::extract_criteria_in(issue, &description, &acceptance),
            title: issue.title.clone(),
            description,
            acceptance,
            options,
            story_lexicon: lex.story.get(),
            lexicon: lex.criteria.get(),
        }
    }

    /// The text a span in `field` refers to.
    pub fn field_text(&self, field: Field) -> &str {
        match field {
            Field::Title => &self.title,
            Field::Description => &self.description,
            Field::AcceptanceCriteria => &self.acceptance,
            _ => "",
        }
    }

    /// The text of `span` in `field`.
    pub fn slice(&self, field: Field, span: Span) -> &str {
        self.field_text(field)
            .get(span.start..span.end)
            .unwrap_or("")
    }
}

fn default_lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::vague(&[], &[]))
}

enum LexRef {
    Shared(&'static Lexicon),
    Own(Box<Lexicon>),
}

impl LexRef {
    fn new(terms: &[String], allow: &[String]) -> LexRef {
        if terms.is_empty() && allow.is_empty() {
            LexRef::Shared(default_lexicon())
        } else {
            LexRef::Own(Box::new(Lexicon::vague(terms, allow)))
        }
    }
    fn get(&self) -> &Lexicon {
        match self {
            LexRef::Shared(l) => l,
            LexRef::Own(l) => l,
        }
    }
}

/// The vague-term lexicons of a configuration (shared when not customised).
pub struct Lexicons {
    story: LexRef,
    criteria: LexRef,
}

impl Lexicons {
    pub fn new(o: &RuleOptions) -> Lexicons {
        Lexicons {
            story: LexRef::new(&o.story_terms, &o.story_allow),
            criteria: LexRef::new(&o.criteria_terms, &o.criteria_allow),
        }
    }
}

fn to_diagnostic(rule: &Rule, severity: Severity, f: Finding) -> Diagnostic {
    Diagnostic {
        rule: rule.id.to_string(),
        severity,
        category: rule.category.as_str().to_string(),
        message: f.message,
        why: f.why.unwrap_or_else(|| rule.why.to_string()),
        help: f.help,
        field: f.field,
        span: f.span,
        suggestion: f.suggestion,
    }
}

fn sort_key(d: &Diagnostic) -> (usize, usize, usize) {
    let f = match d.field {
        Some(Field::Title) => 0,
        Some(Field::Description) => 1,
        Some(Field::AcceptanceCriteria) => 2,
        Some(_) => 3,
        None => 4,
    };
    let s = d.span.map(|s| s.start).unwrap_or(0);
    (f, s, d.span.map(|s| s.end).unwrap_or(0))
}

fn run_issue(cx: &Ctx, config: &RulesConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in REGISTRY {
        let Check::Issue(check) = rule.check else {
            continue;
        };
        let Some(sev) = severity_for(rule, cx.kind, config) else {
            continue;
        };
        let mut ds: Vec<Diagnostic> = check(cx)
            .into_iter()
            .map(|f| to_diagnostic(rule, sev, f))
            .collect();
        crate::rules::sort::sort_by_key(&mut ds, sort_key);
        out.extend(ds);
    }
    out
}

/// Run every enabled per-issue rule on `issue`. Diagnostics come in registry order,
/// then by field and position.
pub fn check_issue(issue: &Issue, config: &RulesConfig) -> Vec<Diagnostic> {
    let options = RuleOptions::from_config(config);
    let lex = Lexicons::new(&options);
    let cx = Ctx::new(issue, &options, &lex);
    run_issue(&cx, config)
}

/// Run the backlog-level rules; returns `(issue index, diagnostic)` pairs, ordered by
/// rule, then issue index.
pub fn check_backlog(issues: &[Issue], config: &RulesConfig) -> Vec<(usize, Diagnostic)> {
    let options = RuleOptions::from_config(config);
    let lex = Lexicons::new(&options);
    let ctxs: Vec<Ctx> = issues.iter().map(|i| Ctx::new(i, &options, &lex)).collect();
    backlog_findings(&ctxs, config)
}

/// The backlog-level rules on prepared contexts, ordered by rule, then issue index.
fn backlog_findings(ctxs: &[Ctx], config: &RulesConfig) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    for rule in REGISTRY {
        let Check::Backlog(check) = rule.check else {
            continue;
        };
        let mut found: Vec<(usize, Diagnostic)> = check(ctxs)
            .into_iter()
            .filter_map(|(i, f)| {
                let cx = ctxs.get(i)?;
                let sev = severity_for(rule, cx.kind, config)?;
                Some((i, to_diagnostic(rule, sev, f)))
            })
            .collect();
        crate::rules::sort::sort_by(&mut found, |a, b| {
            a.0.cmp(&b.0).then(sort_key(&a.1).cmp(&sort_key(&b.1)))
        });
        out.extend(found);
    }
    out
}

/// What the quality rules worked out about an issue that later stages ask again
/// (readiness, the health index), so they need not parse the issue a second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IssueFacts {
    /// Written as a user or job story ([`locate_story`] finds one).
    pub is_story: bool,
    /// Acceptance criteria found ([`extract_criteria`] is not empty).
    pub has_criteria: bool,
}

/// [`check_issue`] on every issue, then [`check_backlog`], from one [`Ctx`] per issue
/// (the analysis pipeline): per issue, its `check_issue` diagnostics followed by its
/// `check_backlog` findings in the order `check_backlog` returns them, and its facts.
pub fn check_issues(
    issues: &[Issue],
    config: &RulesConfig,
) -> (Vec<Vec<Diagnostic>>, Vec<IssueFacts>) {
    let options = RuleOptions::from_config(config);
    let lex = Lexicons::new(&options);
    let ctxs: Vec<Ctx> = issues.iter().map(|i| Ctx::new(i, &options, &lex)).collect();
    let mut per: Vec<Vec<Diagnostic>> = ctxs.iter().map(|cx| run_issue(cx, config)).collect();
    for (i, d) in backlog_findings(&ctxs, config) {
        if let Some(v) = per.get_mut(i) {
            v.push(d);
        }
    }
    let facts = ctxs
        .iter()
        .map(|cx| IssueFacts {
            is_story: cx.story.is_some(),
            has_criteria: !cx.criteria.is_empty(),
        })
        .collect();
    (per, facts)
}

/// Both passes at once, for callers that have the whole backlog (evaluation, tests):
/// per issue, its per-issue and backlog diagnostics.
pub fn check_all(issues: &[Issue], config: &RulesConfig) -> Vec<Vec<Diagnostic>> {
    let options = RuleOptions::from_config(config);
    let lex = Lexicons::new(&options);
    let ctxs: Vec<Ctx> = issues.iter().map(|i| Ctx::new(i, &options, &lex)).collect();
    let mut per: Vec<Vec<Diagnostic>> = ctxs.iter().map(|cx| run_issue(cx, config)).collect();
    for rule in REGISTRY {
        let Check::Backlog(check) = rule.check else {
            continue;
        };
        for (i, f) in check(&ctxs) {
            if let (Some(cx), Some(v)) = (ctxs.get(i), per.get_mut(i)) {
                if let Some(sev) = severity_for(rule, cx.kind, config) {
                    v.push(to_diagnostic(rule, sev, f));
                }
            }
        }
    }
    per
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ids_are_unique_and_match_categories() {
        let mut ids: Vec<&str> = REGISTRY.iter().map(|r| r.id).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for r in REGISTRY {
            assert!(
                r.id.starts_with(&format!("{}/", r.category.as_str())),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn renames_resolve_through_chains_and_cycles_stop() {
        let renamed = [
            ("story/conjunctions", "story/and-or"),
            ("story/and-or", "story/atomic"),
        ];
        assert_eq!(
            resolve_with("story/conjunctions", &renamed).map(|r| r.id),
            Some("story/atomic")
        );
        let cyc = [("a/x", "a/y"), ("a/y", "a/x")];
        assert!(resolve_with("a/x", &cyc).is_none());
        assert!(resolve_id("story/nope").is_none());
    }

    #[test]
    fn severity_resolution_per_type() {
        let rule = &criteria::missing::RULE;
        let cfg: RulesConfig = serde_json::from_str(
            r#"{"rules": {"criteria/missing": {"severity": "warning", "task": "info", "bug": "off"}}}"#,
        )
        .unwrap();
        assert_eq!(
            severity_for(rule, IssueKind::Story, &cfg),
            Some(Severity::Warning)
        );
        assert_eq!(
            severity_for(rule, IssueKind::Task, &cfg),
            Some(Severity::Info)
        );
        assert_eq!(severity_for(rule, IssueKind::Bug, &cfg), None);
        // "severity" does not switch the rule on where it is off by default.
        assert_eq!(severity_for(rule, IssueKind::Epic, &cfg), None);
        let off: RulesConfig =
            serde_json::from_str(r#"{"rules": {"criteria/missing": "off"}}"#).unwrap();
        assert_eq!(severity_for(rule, IssueKind::Story, &off), None);
    }

    #[test]
    fn unknown_rule_ids_are_rejected() {
        let err = serde_json::from_str::<RulesConfig>(r#"{"rules": {"story/atomc": "off"}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown rule `story/atomc`"), "{err}");
        assert!(
            serde_json::from_str::<RulesConfig>(r#"{"rules": {"story/atomic": "loud"}}"#).is_err()
        );
    }
}
