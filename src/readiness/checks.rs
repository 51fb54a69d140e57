//! The built-in readiness checks, in registry order (the order they are reported in).
//!
//! Each check returns `None` when it does not apply (nothing to judge, or the input
//! carries no such data at all), otherwise a pass with its reason or a failure with the
//! reason, why it matters, and the next step.

use regex::Regex;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::fmt;
use std::sync::OnceLock;

use super::{BacklogContext, ReadinessConfig};
use crate::diagnostic::{Field, Span};
use crate::kpi::KpiHint;
use crate::model::{Block, Doc, Estimate, EstimateUnit, Issue, IssueKind, LinkKind};

/// Text that is a literal for most outcomes and formatted only where it varies.
pub(super) type Text = Cow<'static, str>;

pub(super) struct Input<'a> {
    pub issue: &'a Issue,
    pub known: &'a super::Known,
    pub kpis: &'a [KpiHint],
    pub ctx: &'a BacklogContext,
    pub config: &'a ReadinessConfig,
    /// The description rendered once ([`Doc::text`]), for the checks that search it.
    description: OnceCell<String>,
    /// [`Input::is_story`] once worked out, when `known` does not say.
    story: Cell<Option<bool>>,
}

impl<'a> Input<'a> {
    pub(super) fn new(
        issue: &'a Issue,
        known: &'a super::Known,
        kpis: &'a [KpiHint],
        ctx: &'a BacklogContext,
        config: &'a ReadinessConfig,
    ) -> Self {
        Input {
            issue,
            known,
            kpis,
            ctx,
            config,
            description: OnceCell::new(),
            story: Cell::new(known.is_story),
        }
    }

    pub(super) fn is_story(&self) -> bool {
        if let Some(s) = self.story.get() {
            return s;
        }
        let s = crate::rules::locate_story(self.issue).is_some();
        self.story.set(Some(s));
        s
    }

    /// The description as [`Doc::text`] renders it, rendered on first use.
    pub(super) fn description_text(&self) -> &str {
        self.description
            .get_or_init(|| self.issue.description.text())
    }

    pub(super) fn has_criteria(&self) -> bool {
        self.known.has_criteria.unwrap_or_else(|| {
            let acceptance = self
                .issue
                .acceptance_criteria
                .as_ref()
                .map(Doc::text)
                .unwrap_or_default();
            !crate::rules::criteria_extract::extract_criteria_in(
                self.issue,
                self.description_text(),
                &acceptance,
            )
            .is_empty()
        })
    }

    fn has_success_metric(&self) -> bool {
        self.known
            .has_success_metric
            .unwrap_or_else(|| crate::kpi::has_explicit_success_metric(self.issue))
    }
}

pub(super) struct Failure {
    pub reason: Text,
    pub why: &'static str,
    pub next_step: Text,
    pub field: Option<Field>,
    pub span: Option<Span>,
}

pub(super) enum Outcome {
    Pass(Text),
    Fail(Failure),
}

fn pass(reason: impl Into<Text>) -> Option<Outcome> {
    Some(Outcome::Pass(reason.into()))
}

fn fail(reason: impl Into<Text>, why: &'static str, next: impl Into<Text>) -> Outcome {
    Outcome::Fail(Failure {
        reason: reason.into(),
        why,
        next_step: next.into(),
        field: None,
        span: None,
    })
}

fn fail_at(
    reason: impl Into<Text>,
    why: &'static str,
    next: impl Into<Text>,
    field: Field,
    span: Span,
) -> Outcome {
    Outcome::Fail(Failure {
        reason: reason.into(),
        why,
        next_step: next.into(),
        field: Some(field),
        span: Some(span),
    })
}

/// A built-in check: its id, what it asks, the issue types it judges at full severity,
/// and the types where it can at most warn.
pub struct Check {
    pub id: &'static str,
    pub summary: &'static str,
    pub types: &'static [IssueKind],
    pub soft_types: &'static [IssueKind],
    /// A quality rule that reports the same gap: when it already fired on the issue,
    /// the failed check is recorded but not reported a second time as a diagnostic.
    pub covered_by: Option<&'static str>,
    pub(super) run: fn(&Input) -> Option<Outcome>,
}

use IssueKind::*;
const ALL: &[IssueKind] = &[
    Story,
    Bug,
    Task,
    Subtask,
    Epic,
    Feature,
    Spike,
    Improvement,
    Other,
];
const WORK: &[IssueKind] = &[Story, Bug, Task, Feature, Improvement, Spike, Other];
const SIZED: &[IssueKind] = &[Story, Bug, Task, Subtask, Feature, Improvement, Other];

/// Every built-in check, in report order.
pub static CHECKS: &[Check] = &[
    Check {
        id: "ready/title",
        summary: "A clear title: more than one word, not a placeholder",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: title,
    },
    Check {
        id: "ready/description",
        summary: "A description is present",
        types: &[Story, Bug, Task, Feature, Improvement, Epic, Spike, Other],
        soft_types: &[],
        covered_by: None,
        run: description,
    },
    Check {
        id: "ready/story-format",
        summary: "Stories state who wants what (As a … I want …, or a job story)",
        types: &[Story],
        soft_types: &[],
        covered_by: Some("story/well-formed"),
        run: story_format,
    },
    Check {
        id: "ready/acceptance-criteria",
        summary: "Testable acceptance criteria are written down",
        types: &[Story, Feature],
        soft_types: &[Task, Improvement, Other],
        covered_by: Some("criteria/missing"),
        run: acceptance_criteria,
    },
    Check {
        id: "ready/estimate",
        summary: "An estimate is present",
        types: &[Story, Task, Subtask, Feature, Improvement, Other],
        soft_types: &[Bug],
        covered_by: None,
        run: estimate,
    },
    Check {
        id: "ready/estimate-size",
        summary: "The estimate is within the team's maximum",
        types: SIZED,
        soft_types: &[],
        covered_by: None,
        run: estimate_size,
    },
    Check {
        id: "ready/priority",
        summary: "A priority is set",
        types: WORK,
        soft_types: &[Epic],
        covered_by: None,
        run: priority,
    },
    Check {
        id: "ready/parent",
        summary: "Linked to a parent feature or epic",
        types: &[Story, Task, Feature],
        soft_types: &[Bug, Improvement, Other],
        covered_by: None,
        run: parent,
    },
    Check {
        id: "ready/dependencies",
        summary: "No unresolved blocking dependency",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: dependencies,
    },
    Check {
        id: "ready/dependencies-linked",
        summary: "Dependencies mentioned in the text are linked",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: dependencies_linked,
    },
    Check {
        id: "ready/open-questions",
        summary: "No open questions or placeholders (TBD, TODO, ???) left",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: open_questions,
    },
    Check {
        id: "ready/assignee",
        summary: "An owner is assigned",
        types: WORK,
        soft_types: &[],
        covered_by: None,
        run: assignee,
    },
    Check {
        id: "ready/design-link",
        summary: "UI work links its design",
        types: &[Story, Feature, Task, Improvement],
        soft_types: &[],
        covered_by: None,
        run: design_link,
    },
    Check {
        id: "ready/success-metric",
        summary: "Features and epics name the outcome (KPI) they should move",
        types: &[Feature, Epic],
        soft_types: &[],
        covered_by: Some("kpi/missing-outcome"),
        run: success_metric,
    },
    Check {
        id: "ready/not-stale",
        summary: "Updated recently",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: not_stale,
    },
    Check {
        id: "ready/not-flagged",
        summary: "Not flagged as impeded",
        types: ALL,
        soft_types: &[],
        covered_by: None,
        run: not_flagged,
    },
];

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are literals in this file, each exercised by the unit tests, so a
    // bad one fails the tests rather than a user's run.
    cell.get_or_init(|| Regex::new(pattern).expect("built-in readiness pattern compiles"))
}

const PLACEHOLDER_TITLES: &[&str] = &[
    "tbd",
    "todo",
    "new issue",
    "untitled",
    "test",
    "fix",
    "bug",
    "story",
    "task",
    "xxx",
    "placeholder",
    "change",
    "update",
    "issue",
    "new story",
    "new task",
    "wip",
];

fn title(i: &Input) -> Option<Outcome> {
    let t = i.issue.title.trim();
    let words = t.split_whitespace().count();
    // Lower-casing never makes or removes '.', '!' or ':', so trimming them before
    // comparing the lower-cased characters is the same test as trimming after.
    let bare = t.trim_end_matches(['.', '!', ':']);
    if t.is_empty() {
        return Some(fail(
            "The issue has no title",
            "A title is what people scan in planning; without one the issue cannot be discussed.",
            "Write a title that names the outcome, e.g. \"Export the report as CSV\".",
        ));
    }
    if PLACEHOLDER_TITLES.iter().any(|p| lowercase_is(bare, p)) {
        return Some(fail_at(
            format!("The title \"{t}\" is a placeholder"),
            "A placeholder title hides what the work is; it cannot be prioritised or estimated.",
            "Replace it with a short phrase naming the user-visible change.",
            Field::Title,
            Span::new(0, i.issue.title.len()),
        ));
    }
    if words < 2 {
        return Some(fail_at(
            "The title is a single word",
            "Very short titles are ambiguous on a board full of similar cards.",
            "Say what changes for whom in a short phrase (3–12 words).",
            Field::Title,
            Span::new(0, i.issue.title.len()),
        ));
    }
    pass(format!("Title has {words} words"))
}

/// Whether `s.to_lowercase() == lower`, without building the lower-cased copy. `lower`
/// holds no sigma, the one letter `str::to_lowercase` lower-cases by context, so
/// lower-casing `s` a character at a time decides the same.
fn lowercase_is(s: &str, lower: &str) -> bool {
    s.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

fn description(i: &Input) -> Option<Outcome> {
    // A plain-text story line carries everything in its title.
    if i.issue.tracker == crate::model::Tracker::Text {
        return None;
    }
    if i.issue.description.is_empty() {
        return Some(fail(
            "The description is empty",
            "Without context, whoever picks the issue up has to rediscover the problem.",
            "Describe the problem or need, the context, and how to know it is done.",
        ));
    }
    pass("Description present")
}

fn story_format(i: &Input) -> Option<Outcome> {
    // The quality rules' story parser decides, so both modules agree on what a story is.
    if i.is_story() {
        pass("Written as a user or job story")
    } else {
        Some(fail(
            "The story does not say who wants what",
            "The role and the need keep the team building for a person, and let them test against that person's goal.",
            "Write it as \"As a <role>, I want <goal>, so that <benefit>\" (or \"When <situation>, I want <motivation>, so I can <outcome>\").",
        ))
    }
}

/// Whether the issue carries acceptance criteria anywhere readylens can see them: the
/// tracker's own field, a section headed like "Acceptance Criteria", a checklist, or
/// Gherkin steps. The quality rules' extraction decides, so `criteria/missing` and this
/// check always agree.
pub fn acceptance_criteria_present(issue: &Issue) -> bool {
    !crate::rules::extract_criteria(issue).is_empty()
}

fn acceptance_criteria(i: &Input) -> Option<Outcome> {
    if i.has_criteria() {
        pass("Acceptance criteria found")
    } else {
        Some(fail(
            "No acceptance criteria found",
            "Criteria are how the team and the reviewer agree the work is done; without them \"done\" is decided at review time.",
            "Add an \"Acceptance criteria\" section with 2–6 testable statements (Given/When/Then or a checklist).",
        ))
    }
}

fn estimate(i: &Input) -> Option<Outcome> {
    if !i.ctx.has_estimate {
        return None;
    }
    match &i.issue.estimate {
        Some(e) if e.value > 0.0 => pass(format!("Estimated at {}", ShowEstimate(e))),
        Some(_) => Some(fail(
            "The estimate is zero",
            "A zero estimate usually means \"not estimated yet\"; it hides the work from capacity planning.",
            "Estimate it in the team's unit, or split out the real work if it is truly trivial.",
        )),
        None => Some(fail(
            "No estimate",
            "Unestimated work cannot be planned into a sprint with confidence.",
            "Estimate it with the team (story points, t-shirt size or hours).",
        )),
    }
}

/// An estimate as the reasons show it ("5 points", "size L"), written straight into the
/// reason instead of formatted on its own first.
struct ShowEstimate<'a>(&'a Estimate);

impl fmt::Display for ShowEstimate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let e = self.0;
        match e.unit {
            EstimateUnit::Points => write!(f, "{} points", e.value),
            EstimateUnit::Hours => write!(f, "{} hours", e.value),
            EstimateUnit::Days => write!(f, "{} days", e.value),
            EstimateUnit::Weight => write!(f, "weight {}", e.value),
            EstimateUnit::TShirt => {
                let sizes = ["XS", "S", "M", "L", "XL", "XXL"];
                let idx = (e.value.round() as usize).clamp(1, 6) - 1;
                write!(f, "size {}", sizes.get(idx).copied().unwrap_or("?"))
            }
        }
    }
}

fn estimate_size(i: &Input) -> Option<Outcome> {
    let e = i.issue.estimate.as_ref()?;
    let max = match e.unit {
        EstimateUnit::Points | EstimateUnit::Weight => i.config.effective_max_points(),
        EstimateUnit::Hours => i.config.effective_max_hours(),
        EstimateUnit::Days => i.config.effective_max_hours() / 8.0,
        EstimateUnit::TShirt => i.config.effective_max_tshirt(),
    };
    if e.value > max {
        Some(fail(
            format!("Estimated at {}, above the team's maximum", ShowEstimate(e)),
            "Large items hide risk and rarely finish inside one sprint.",
            "Split it into smaller stories that each deliver value (by workflow step, data variation or acceptance criterion).",
        ))
    } else {
        pass(format!("{} is within the maximum", ShowEstimate(e)))
    }
}

fn priority(i: &Input) -> Option<Outcome> {
    if !i.ctx.has_priority {
        return None;
    }
    match &i.issue.priority {
        Some(p) if p.level.is_some() => pass(format!("Priority {}", p.name)),
        _ => Some(fail(
            "No priority set",
            "Without a priority the team cannot tell what to pull next.",
            "Set a priority, or score it (RICE, WSJF) to decide one.",
        )),
    }
}

fn parent(i: &Input) -> Option<Outcome> {
    if !i.ctx.has_parent {
        return None;
    }
    match &i.issue.parent {
        Some(p) => pass(format!("Part of {p}")),
        None => Some(fail(
            "Not linked to a parent feature or epic",
            "Work without a parent is hard to trace to a goal and easy to orphan.",
            "Link it to the epic or feature it delivers.",
        )),
    }
}

fn dependencies(i: &Input) -> Option<Outcome> {
    let open: Vec<&str> = i
        .issue
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::BlockedBy && l.target_done != Some(true))
        .map(|l| l.target.as_str())
        .collect();
    if open.is_empty() {
        let n = i
            .issue
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::BlockedBy)
            .count();
        return if n == 0 {
            pass("No blocking links")
        } else {
            pass(format!("{n} blocking link(s), all resolved"))
        };
    }
    Some(fail(
        format!("Blocked by {} (not done)", open.join(", ")),
        "Pulling blocked work into a sprint stalls it and the sprint goal.",
        format!(
            "Resolve {} first, or agree a plan to remove the dependency.",
            open.join(", ")
        ),
    ))
}

fn dependency_text_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(depends\s+on|dependent\s+on|blocked\s+by|waiting\s+(on|for)|requires)\s+(#\d+|[A-Z][A-Z0-9]+-\d+)",
    )
}

/// A word every [`dependency_text_regex`] match contains. It holds no space, so it lies
/// inside one block's text (blocks are joined by "\n"; a list item's bullet and checkbox
/// hold no letters that could start it): a description none of whose blocks contains one
/// has no match, and need not be rendered to know.
fn dependency_word_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)depend|blocked|waiting|requires")
}

/// Whether any block of `doc` contains a [`dependency_word_regex`] match.
fn mentions_dependency(doc: &Doc) -> bool {
    doc.blocks.iter().any(|b| match b {
        Block::ListItem { text, .. } => dependency_word_regex().is_match(text),
        Block::Table { .. } => dependency_word_regex().is_match(&b.text()),
        other => dependency_word_regex().is_match(&crate::rules::text::block_text(other)),
    })
}

fn dependencies_linked(i: &Input) -> Option<Outcome> {
    if !mentions_dependency(&i.issue.description) {
        return None;
    }
    let text = i.description_text();
    let linked = |key: &str| {
        i.issue
            .links
            .iter()
            .any(|l| l.target.eq_ignore_ascii_case(key) || l.target.ends_with(key))
    };
    for cap in dependency_text_regex().captures_iter(text) {
        let (Some(all), Some(key)) = (cap.get(0), cap.get(3)) else {
            continue;
        };
        if !linked(key.as_str()) {
            return Some(fail_at(
                format!("The description says \"{}\" but {} is not linked", all.as_str(), key.as_str()),
                "A dependency only written in prose is invisible to boards and reports, so nobody sees when it blocks.",
                format!("Add an \"is blocked by\" link to {}.", key.as_str()),
                Field::Description,
                Span::new(all.start(), all.end()),
            ));
        }
    }
    None
}

/// The placeholders shared with `criteria/placeholder`, plus what marks a question in free
/// text: "???" (three or more, since "??" is common emphasis in bug reports), "open
/// question(s)", "needs clarification" and "(?)".
pub(super) fn open_question_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    static PATTERN: OnceLock<String> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        format!(
            r"{}|\?\?\?+|(?i:\bopen\s+questions?\b)|(?i:\bneeds?\s+clarification\b)|\(\?\)",
            crate::rules::lexicon::PLACEHOLDER_MARKERS
        )
    });
    re(&R, pattern)
}

/// The first placeholder in a document, skipping code blocks (a `// TODO` in a pasted
/// snippet is not a question to the team); the span is into [`Doc::text`].
fn placeholder_in(doc: &Doc) -> Option<Span> {
    // Bytes of `Doc::text` so far: it writes "\n" before a block only once some text was
    // written, so empty leading blocks take no room.
    let mut len = 0;
    for b in &doc.blocks {
        let offset = if len > 0 { len + 1 } else { 0 };
        let found = match b {
            Block::Code { .. } => None,
            // A list item is searched without its bullet and checkbox: no match can
            // start in them, and they end in a space, which `\b` sees as the start of
            // the text does.
            Block::ListItem {
                ordered,
                depth,
                checked,
                text,
            } => {
                let prefix = Block::list_prefix_len(*ordered, *depth, *checked);
                open_question_regex()
                    .find(text)
                    .map(|m| (prefix + m.start(), prefix + m.end()))
            }
            Block::Table { .. } => open_question_regex()
                .find(&b.text())
                .map(|m| (m.start(), m.end())),
            other => open_question_regex()
                .find(&crate::rules::text::block_text(other))
                .map(|m| (m.start(), m.end())),
        };
        if let Some((start, end)) = found {
            return Some(Span::new(offset + start, offset + end));
        }
        len = offset + b.text_len();
    }
    None
}

fn open_questions(i: &Input) -> Option<Outcome> {
    let title = open_question_regex()
        .find(&i.issue.title)
        .map(|m| (Field::Title, Span::new(m.start(), m.end())));
    let found = title
        .or_else(|| placeholder_in(&i.issue.description).map(|s| (Field::Description, s)))
        .or_else(|| {
            let ac = i.issue.acceptance_criteria.as_ref()?;
            placeholder_in(ac).map(|s| (Field::AcceptanceCriteria, s))
        });
    let Some((field, span)) = found else {
        return pass("No open questions or placeholders");
    };
    let text = crate::diagnostic::field_text(i.issue, field);
    let words = text.get(span.start..span.end).unwrap_or_default();
    Some(fail_at(
        format!("Open question or placeholder left: \"{words}\""),
        "Unanswered questions turn into mid-sprint surprises and re-estimation.",
        "Answer it with the product owner before planning, or split out a spike to find the answer.",
        field,
        span,
    ))
}

fn assignee(i: &Input) -> Option<Outcome> {
    if !i.ctx.has_assignee {
        return None;
    }
    match &i.issue.assignee {
        Some(_) => pass("Has an owner"),
        None => Some(fail(
            "No owner assigned",
            "Your Definition of Ready asks for an owner who answers questions about the work.",
            "Assign the person accountable for it.",
        )),
    }
}

fn ui_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(ui|ux|screen|page|button|dialog|modal|layout|form|menu|icon|dashboard|front-?end|css|design)\b",
    )
}

fn design_link_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(figma\.com|sketch\.cloud|invisionapp\.com|zeplin\.io|miro\.com|balsamiq|framer\.com|xd\.adobe\.com|\bmock-?ups?\b|\bwireframes?\b|\bdesign:)",
    )
}

fn design_link(i: &Input) -> Option<Outcome> {
    let ui_label = i
        .issue
        .labels
        .iter()
        .chain(i.issue.components.iter())
        .any(|l| ui_regex().is_match(l));
    if !ui_label && !ui_regex().is_match(&i.issue.title) {
        return None; // not UI work
    }
    if design_link_regex().is_match(i.description_text())
        || i.issue
            .fields
            .keys()
            .any(|k| k.to_lowercase().contains("design"))
    {
        pass("Design linked")
    } else {
        Some(fail(
            "UI work without a design link",
            "Your Definition of Ready asks UI work to link the agreed design, so the build matches it.",
            "Link the Figma (or other) design or attach the wireframe.",
        ))
    }
}

fn success_metric(i: &Input) -> Option<Outcome> {
    if i.has_success_metric() {
        return pass("Names a success metric");
    }
    if let Some(k) = i.kpis.first() {
        return pass(format!("Likely moves {}", k.kpi));
    }
    Some(fail(
        "No outcome or success metric",
        "Work not tied to an outcome cannot be judged worth doing, or done well, after it ships.",
        "Name the KPI it should move and the target, e.g. \"Success metric: trial-to-paid conversion from 4% to 5%\".",
    ))
}

/// `YYYY-MM-DD` at the start of an ISO 8601 timestamp, as a day number (the hygiene
/// checks' date reader: one calendar implementation for both).
pub(super) fn parse_date(s: &str) -> Option<i64> {
    crate::hygiene::parse_day(s)
}

fn not_stale(i: &Input) -> Option<Outcome> {
    let now = parse_date(i.config.now.as_deref()?)?;
    let updated = parse_date(i.issue.updated.as_deref()?)?;
    let limit = i64::from(i.config.effective_stale_days());
    let age = now - updated;
    if age > limit {
        Some(fail(
            format!("Not updated for {age} days"),
            "Stale items often describe a need that has changed or gone; planning them wastes the sprint.",
            "Review it with the product owner: refresh it, or close it.",
        ))
    } else {
        pass(format!("Updated {age} day(s) ago"))
    }
}

fn not_flagged(i: &Input) -> Option<Outcome> {
    let label = i.issue.labels.iter().find(|l| {
        ["flagged", "impediment", "blocked", "on-hold", "on hold"]
            .iter()
            .any(|flag| lowercase_is(l, flag))
    });
    let field = i.issue.field("Flagged").filter(|v| match v {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(s) => !s.trim().is_empty(),
        serde_json::Value::Array(a) => !a.is_empty(),
        _ => true,
    });
    if let Some(l) = label {
        return Some(fail(
            format!("Flagged with the label \"{l}\""),
            "A flagged item is known to be impeded.",
            "Clear the impediment and remove the flag before planning it.",
        ));
    }
    if field.is_some() {
        return Some(fail(
            "Flagged as impeded",
            "A flagged item is known to be impeded.",
            "Clear the impediment and remove the flag before planning it.",
        ));
    }
    pass("Not flagged")
}
