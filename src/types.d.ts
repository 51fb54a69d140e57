// Generated from the Rust types by src/ts_types.rs; do not edit.
// Regenerate: UPDATE_TYPES=1 cargo test --lib ts_types
/**
 * Numbers about the whole backlog.
 */
export type BacklogSummary = { issues: number, ready: number, almost_ready: number, not_ready: number, 
/**
 * Share of issues that are ready, 0–1.
 */
readiness_rate: number, errors: number, warnings: number, infos: number, 
/**
 * Share of all issues with a KPI hint or an explicit success metric, 0–1.
 */
kpi_coverage: number, 
/**
 * KPI coverage in detail: by KPI, KPIs with no work, features and epics with no
 * outcome.
 */
kpi: KpiCoverage, 
/**
 * Issues with at least one likely duplicate.
 */
with_duplicates: number, 
/**
 * Backlog health index, 0–1: the share of issues that have acceptance criteria, an
 * estimate and a clear outcome (a KPI hint, an explicit success metric, or a story's
 * "so that" benefit).
 */
health_index: number, 
/**
 * How many issues fail each readiness check, by check id.
 */
failing_checks: { [key in string]: number }, 
/**
 * Keys of the not-yet-ready issues closest to ready (fewest blocking gaps, then
 * highest score), at most ten.
 */
closest_to_ready: Array<string>, 
/**
 * Backlog hygiene: stale, aging, oversized, orphaned and blocked work, duplicate
 * clusters, and the worst offenders.
 */
hygiene: HygieneSummary, };
export type Block = { "type": "heading", level: number, text: string, } | { "type": "paragraph", text: string, } | { "type": "list-item", ordered: boolean, depth: number, 
/**
 * `Some(done)` for checklist / task-list items.
 */
checked?: boolean | null, text: string, } | { "type": "code", lang?: string | null, text: string, } | { "type": "quote", text: string, } | { "type": "table", rows: Array<Array<string>>, } | { "type": "rule" };
/**
 * A likely duplicate of an issue.
 */
export type Candidate = { key: string, 
/**
 * Score in `[0, 1]`, what candidates are ordered by: the text similarity, raised
 * by the recency prior when both issues have a creation date.
 */
score: number, 
/**
 * Text similarity in `[0, 1]` (title, description, criteria), what the threshold
 * and the clusters use.
 */
similarity: number, 
/**
 * Days between the two issues' creation, when both are known.
 */
days_apart?: number, 
/**
 * Words both issues use, most telling first (stemmed matches shown as written in
 * the backlog).
 */
evidence?: Array<string>, };
/**
 * Whether the team's KPI tree adds to the built-in catalog or replaces it.
 */
export type CatalogMode = "merge" | "replace";
export type CheckOverride = { 
/**
 * `"off"`, `"error"`, `"warning"` or `"info"`.
 */
severity: string | null, 
/**
 * Issue types the check applies to (`story`, `bug`, `task`, …); empty = the
 * check's own default types.
 */
types: Array<IssueKind>, };
/**
 * The outcome of one readiness check on one issue.
 */
export type CheckResult = { check: string, passed: boolean, severity: Severity, 
/**
 * Why it passed or failed.
 */
reason: string, 
/**
 * The concrete next step (empty when passed).
 */
next_step?: string, };
/**
 * How one built-in check is set: `"off"`, a severity, or an object.
 */
export type CheckSetting = string | CheckOverride;
/**
 * A group of issues that are all linked, directly or through each other, by a
 * similarity at or above the threshold.
 */
export type Cluster = { 
/**
 * Positions of the members in the analysed backlog, in backlog order.
 */
members: Array<number>, 
/**
 * Keys of the members, in the same order.
 */
keys: Array<string>, 
/**
 * The strongest link inside the cluster.
 */
score: number, };
/**
 * How far a score can be trusted, from the provenance of its inputs.
 */
export type ConfidenceLevel = "none" | "low" | "medium" | "high";
export type Config = { version: number, 
/**
 * The `rules` section: rule id → setting.
 */
rules: { [key in string]: RuleSetting }, readiness: ReadinessConfig, priority: PriorityConfig, kpi: KpiConfig, duplicates: DuplicatesConfig, 
/**
 * Stale, aging, oversized, orphaned and blocked work (the analysis date is
 * `readiness.now`).
 */
hygiene: HygieneSettings, };
export type CustomCheck = { 
/**
 * The check's id as it appears in reports, e.g. `team/design-link`.
 */
id: string, 
/**
 * What is wrong when the check fails.
 */
message: string, 
/**
 * What to do about it.
 */
help: string, 
/**
 * `error`, `warning` or `info` (default `error`).
 */
severity: string | null, 
/**
 * Issue types it applies to; empty = all.
 */
types: Array<IssueKind>, require_field: string | null, require_section: string | null, require_pattern: string | null, forbid_pattern: string | null, 
/**
 * Where patterns are matched: `title`, `description`, `acceptance-criteria` or `all`
 * (default).
 */
in: string | null, 
/**
 * A numeric field for `min`/`max`.
 */
field: string | null, min: number | null, max: number | null, };
/**
 * One finding: what is wrong, why it matters and what to do, pointing at the text.
 */
export type Diagnostic = { 
/**
 * Stable id, `category/name`.
 */
rule: string, severity: Severity, category: string, 
/**
 * What is wrong.
 */
message: string, 
/**
 * Why it matters.
 */
why: string, 
/**
 * What to do.
 */
help: string, field?: Field | null, span?: Span | null, 
/**
 * A suggested replacement for the spanned text (or the whole field), where safe.
 */
suggestion?: string | null, };
/**
 * Structured text: what a description or acceptance-criteria field holds once the
 * tracker's markup (ADF, wiki markup, Markdown, HTML) has been read.
 */
export type Doc = { blocks: Array<Block>, };
/**
 * Per-issue candidates and backlog clusters from one pass.
 */
export type DuplicateReport = { 
/**
 * For every issue (same order as the input), its likely duplicates, best first.
 */
candidates: Array<Array<Candidate>>, 
/**
 * Clusters of two or more issues, ordered by their first member.
 */
clusters: Array<Cluster>, };
/**
 * The `duplicates` section of the team's configuration.
 */
export type DuplicatesConfig = { 
/**
 * Candidates kept per issue.
 */
top: number, 
/**
 * Minimum similarity (0–1) for a candidate to be reported and for two issues to
 * join the same cluster.
 */
threshold: number, 
/**
 * Weight (0–1) of the recency prior: among candidates that pass the threshold,
 * those created closer in time to the issue rank higher (duplicates are usually
 * reported within weeks of each other). 0 turns it off; it never lets a pair
 * below the threshold through.
 */
recency: number, 
/**
 * How fast the prior fades, in days: a candidate created this many days apart
 * gets 37% of the full boost.
 */
recency_days: number, };
/**
 * How an estimate becomes effort (person-months), WSJF job size and CD3 duration
 * (weeks). The defaults are documented assumptions; set your team's own velocity.
 */
export type EffortMapping = { 
/**
 * Story points one person completes in a month (default 10).
 */
points_per_person_month: number, 
/**
 * GitLab weight per person-month (default 10, weight read like points).
 */
weight_per_person_month: number, 
/**
 * Working hours per person-month (default 160 = 8 h × 20 days).
 */
hours_per_person_month: number, 
/**
 * Working days per person-month (default 20).
 */
days_per_person_month: number, 
/**
 * Calendar weeks per person-month, for CD3 duration (default 52 ÷ 12 ≈ 4.33).
 */
weeks_per_person_month: number, 
/**
 * Person-months per t-shirt size (default XS 0.25, S 0.5, M 1, L 2, XL 4, XXL 8).
 */
tshirt_person_months: TShirtTable, 
/**
 * WSJF job size per t-shirt size (default XS 1, S 2, M 3, L 5, XL 8, XXL 13).
 */
tshirt_job_size: TShirtTable, };
/**
 * An estimate with its unit.
 */
export type Estimate = { value: number, unit: EstimateUnit, };
export type EstimateUnit = "points" | "hours" | "days" | "t-shirt" | "weight";
/**
 * One piece of evidence for a hint.
 */
export type Evidence = { source: EvidenceSource, 
/**
 * The field `span` points into (byte offsets into `crate::diagnostic::field_text`).
 * `None` for components and custom fields; labels and the parent have a field but no
 * span (their text is not part of `field_text`).
 */
field?: string | null, span?: { start: number, end: number } | null, 
/**
 * The words as written in the issue.
 */
text: string, 
/**
 * The catalog or team phrase they matched.
 */
term: string, 
/**
 * `term weight × place weight`: this evidence's share of the score.
 */
weight: number, };
/**
 * Where in the issue a phrase was found, and how much that place counts.
 */
export type EvidenceSource = "title" | "benefit" | "description" | "acceptance-criteria" | "success-metric" | "label" | "component" | "parent" | "custom-field";
/**
 * The issue field a diagnostic points at. Spans are byte offsets into that field's
 * text as returned by [`field_text`] (UTF-16 code units once they cross into JS).
 */
export type Field = "title" | "description" | "acceptance-criteria" | "estimate" | "priority" | "labels" | "links" | "parent" | "status" | "assignee" | "updated";
/**
 * Every input format readylens reads.
 */
export type Format = "text" | "jira-csv" | "linear-csv" | "gitlab-csv" | "csv" | "jira-json" | "linear-json" | "github-json" | "ado-json" | "gitlab-json";
/**
 * A numeric prioritisation framework.
 */
export type Framework = "rice" | "ice" | "wsjf" | "cd3" | "value-effort";
/**
 * One framework's score for one issue.
 */
export type FrameworkScore = { framework: Framework, 
/**
 * `None` when an input is missing and has no team default.
 */
score: number | null, 
/**
 * "RICE 266.7 = 500 × 2 × 0.8 ÷ 3", or why there is no score.
 */
explanation: string, 
/**
 * The inputs used, in formula order.
 */
inputs: Array<Input>, 
/**
 * Inputs the issue does not give (a team default may still fill them).
 */
missing: Array<string>, 
/**
 * 0–1: the mean [`Source::weight`] of the inputs; 0 when not scored.
 */
confidence: number, confidence_level: ConfidenceLevel, 
/**
 * Values that were found but not used (not a number, out of range, overridden).
 */
notes?: Array<string>, };
/**
 * The `hygiene` section: backlog hygiene beyond the Definition of Ready (stale, aging,
 * oversized, orphaned and blocked work). Thresholds left unset follow the `readiness`
 * section, so the gate and the hygiene report never disagree about what is too big or
 * too old.
 */
export type HygieneSettings = { 
/**
 * Days without an update before an open issue is stale (default: the readiness
 * `stale_days`, 90, or 30 for strict; 0 turns the check off).
 */
stale_days: number | null, 
/**
 * Days an issue may wait unstarted after it was created (default 180; 0 = off).
 */
aging_days: number, 
/**
 * Largest estimate in story points (default: the readiness `max_points`).
 */
max_points: number | null, 
/**
 * Largest estimate in hours; days count 8 hours (default: readiness `max_hours`, 40).
 */
max_hours: number | null, 
/**
 * Largest T-shirt size, 1 (XS) … 6 (XXL) (default: readiness `max_tshirt`, 4).
 */
max_tshirt: number | null, 
/**
 * Issue kinds that must have a parent or epic; empty (the default) turns the orphan
 * check off.
 */
require_parent: Array<IssueKind>, };
/**
 * Counts per hygiene problem and the worst offenders, for CLI, WASM and dashboard.
 */
export type HygieneSummary = { issues: number, stale: number, aging: number, oversized: number, orphans: number, blocked: number, 
/**
 * Duplicate clusters and the issues in them.
 */
duplicate_clusters: number, issues_in_clusters: number, 
/**
 * Up to ten issues with the most findings (then backlog order).
 */
worst: Array<Offender>, };
/**
 * How ICE combines its three 1–10 ratings.
 */
export type IceMethod = "product" | "average";
/**
 * A problem with the input: where, and what was wrong.
 */
export type ImportError = { 
/**
 * The source (file name, "-" for stdin, "input" in the browser).
 */
source: string, 
/**
 * Where in it: "line 3", "row 12", "$.issues[4].fields.summary", or empty.
 */
location: string, message: string, };
/**
 * The result of importing one input.
 */
export type Imported = { format: Format, issues: Array<Issue>, 
/**
 * Rows or items that could not be read (the rest were kept).
 */
problems: Array<ImportError>, };
/**
 * One input of a score.
 */
export type Input = { 
/**
 * The input's name within its framework (`reach`, `job_size`, …).
 */
name: string, 
/**
 * The value used in the formula, after any adjustment.
 */
value: number, 
/**
 * The value as read ("80%", "Massive", "5 points").
 */
raw: string, source: Source, 
/**
 * Where exactly: "field `Reach`", "description line 3", "label `must-have`", …
 */
from: string, 
/**
 * Every change made to the raw value, and why.
 */
adjustments?: Array<string>, };
/**
 * A changed input for [`what_if`].
 */
export type InputChange = { 
/**
 * The input's name within the framework (`reach`, `job_size`, …).
 */
input: string, value: number, };
/**
 * An issue the tracker and the score place far apart.
 */
export type Inversion = { index: number, 
/**
 * 1-based place among the scored issues in the tracker's order.
 */
tracker_position: number, 
/**
 * 1-based place among the scored issues by score.
 */
score_position: number, kind: InversionKind, explanation: string, };
/**
 * Which way the tracker and the score disagree.
 */
export type InversionKind = "tracker-higher" | "score-higher";
/**
 * A normalised issue.
 */
export type Issue = { tracker: Tracker, key: string, url?: string | null, kind: IssueKind, 
/**
 * The tracker's own type name ("Story", "Product Backlog Item", …).
 */
kind_name?: string | null, title: string, description: Doc, 
/**
 * A dedicated acceptance-criteria field, when the tracker has one.
 */
acceptance_criteria?: Doc | null, status?: Status | null, priority?: Priority | null, estimate?: Estimate | null, labels?: Array<string>, components?: Array<string>, parent?: string | null, links?: Array<IssueLink>, assignee?: string | null, 
/**
 * ISO 8601 timestamps as the tracker gave them.
 */
created?: string | null, updated?: string | null, 
/**
 * Every other field by display name (custom fields resolved through Jira `names`).
 */
fields?: { [key in string]: JsonValue }, };
/**
 * The kind of work item, normalised from the tracker's own type name.
 */
export type IssueKind = "story" | "bug" | "task" | "subtask" | "epic" | "feature" | "spike" | "improvement" | "other";
/**
 * A link to another issue.
 */
export type IssueLink = { kind: LinkKind, 
/**
 * The other issue's key (or URL when no key is known).
 */
target: string, 
/**
 * Whether the other issue is done, when the tracker says.
 */
target_done?: boolean | null, };
/**
 * The analysis of one issue.
 */
export type IssueReport = { key: string, title: string, tracker: Tracker, kind: IssueKind, url?: string | null, readiness: Readiness, diagnostics: Array<Diagnostic>, priority: PriorityReport, kpis: Array<KpiHint>, duplicates: Array<Candidate>, };
/**
 * Kano (1984) quality category.
 */
export type Kano = "must-be" | "one-dimensional" | "attractive" | "indifferent" | "reverse" | "questionable";
/**
 * A Kano classification with its evidence.
 */
export type KanoClass = { category: Kano, source: Source, from: string, raw: string, 
/**
 * "Kano: attractive (functional `like`, dysfunctional `neutral`; Kano evaluation table)".
 */
explanation: string, 
/**
 * Berger et al.'s satisfaction coefficient CS+ = (A+O)/(A+O+M+I), 0–1, when the
 * issue gives answer counts.
 */
satisfaction?: number | null, 
/**
 * Berger et al.'s dissatisfaction coefficient CS− = −(O+M)/(A+O+M+I), −1–0.
 */
dissatisfaction?: number | null, notes?: Array<string>, };
/**
 * The `kpi` section of the configuration.
 */
export type KpiConfig = { catalog: CatalogMode, 
/**
 * The team's North Star; it takes the built-in `north-star` slot.
 */
north_star: TeamKpi | null, 
/**
 * The team's input metrics.
 */
metrics: Array<TeamKpi>, 
/**
 * Built-in KPI ids to leave out (merge mode).
 */
disable: Array<string>, 
/**
 * Hints below this confidence are not reported (0–1).
 */
min_confidence: number, 
/**
 * At most this many hints per issue.
 */
max_hints: number, 
/**
 * Issue kinds that get `kpi/missing-outcome` when nothing links them to an outcome.
 */
missing_outcome_kinds: Array<string>, 
/**
 * Issue kinds counted by the backlog KPI coverage.
 */
coverage_kinds: Array<string>, };
/**
 * KPI coverage of a backlog.
 */
export type KpiCoverage = { 
/**
 * Issues of the counted kinds (stories, features, epics by default).
 */
considered: number, 
/**
 * Of those, issues with a KPI hint or an explicit success metric.
 */
linked: number, 
/**
 * `linked / considered`, 0–1.
 */
coverage: number, 
/**
 * KPIs with at least one issue, catalog order.
 */
per_kpi: Array<KpiUsage>, 
/**
 * KPIs of the active catalog with no planned work.
 */
kpis_without_work: Array<string>, 
/**
 * Keys of features/epics (configurable) with neither a hint nor a success metric.
 */
without_outcome: Array<string>, };
/**
 * A likely KPI for an issue, with confidence and evidence.
 */
export type KpiHint = { 
/**
 * The KPI's id (catalog or team id).
 */
id: string, 
/**
 * The KPI's display name.
 */
kpi: string, 
/**
 * 0–1.
 */
confidence: number, evidence: Array<Evidence>, 
/**
 * One sentence: which words, where, and what the KPI measures.
 */
reason: string, 
/**
 * The KPI's owner, from the team's KPI tree.
 */
owner?: string | null, 
/**
 * The KPI's ancestors in the team's tree, nearest first (e.g. the North Star).
 */
parents?: Array<string>, 
/**
 * True when the issue names this KPI itself (a `kpi:` label, a KPI field, or a
 * success metric that mentions it).
 */
explicit: boolean, };
/**
 * One KPI's planned work.
 */
export type KpiUsage = { id: string, kpi: string, 
/**
 * Keys of the issues with a hint for this KPI.
 */
issues: Array<string>, };
export type LinkKind = "blocks" | "blocked-by" | "duplicates" | "duplicated-by" | "relates" | "parent" | "child" | "other";
/**
 * DSDM MoSCoW category.
 */
export type Moscow = "must" | "should" | "could" | "wont";
/**
 * DSDM's check on a MoSCoW-classified backlog: Must-haves should take no more than
 * about 60 % of the effort of the timebox (DSDM Agile Project Framework, ch. 10
 * "MoSCoW Prioritisation"), so the Should and Could work leaves room for contingency.
 */
export type MoscowBalance = { must: number, should: number, could: number, wont: number, unclassified: number, 
/**
 * Must / Should / Could issues whose effort (person-months) is known.
 */
with_effort: number, 
/**
 * Must-have share of the known Must + Should + Could effort, 0–1.
 */
must_effort_share?: number | null, 
/**
 * True when the share is above DSDM's 60 %.
 */
over_guideline: boolean, explanation: string, };
/**
 * A MoSCoW classification with its evidence.
 */
export type MoscowClass = { category: Moscow, source: Source, from: string, raw: string, 
/**
 * "MoSCoW: Must have (label `must-have`)".
 */
explanation: string, notes?: Array<string>, };
/**
 * One issue with many hygiene findings.
 */
export type Offender = { key: string, title: string, 
/**
 * Rule ids of its findings, sorted.
 */
rules: Array<string>, };
/**
 * A starting point for a team's Definition of Ready.
 */
export type Preset = "minimal" | "scrum" | "safe" | "strict";
/**
 * Priority: the tracker's own name plus a normalised level.
 */
export type Priority = { 
/**
 * The tracker's own value, e.g. "Highest", "P2", "Urgent", "2".
 */
name: string, 
/**
 * Normalised level, 1 (highest) … 5 (lowest); `None` when the tracker says "no priority".
 */
level: number | null, };
/**
 * The `priority` section of the team's configuration.
 */
export type PriorityConfig = { 
/**
 * The framework behind [`PriorityReport::primary_score`] and the default ranking.
 */
primary: Framework, 
/**
 * The frameworks to compute (default: all five). The primary is always computed.
 */
frameworks: Array<Framework>, 
/**
 * Team defaults for missing inputs, keyed `"<framework>.<input>"`, e.g.
 * `{"rice.confidence": 0.5, "wsjf.risk_reduction": 1}`. A defaulted input is shown
 * with source `default` and still counted as missing for tie-breaks.
 */
defaults: { [key in string]: number }, 
/**
 * Extra tracker field names per input, keyed like `defaults`, plus `"estimate"`,
 * `"moscow"` and `"kano"`: `{"rice.reach": ["Customers per quarter"]}`.
 */
aliases: { [key in string]: Array<string> }, 
/**
 * How estimates become effort, job size and duration.
 */
effort: EffortMapping, 
/**
 * How ICE combines its ratings.
 */
ice_method: IceMethod, 
/**
 * Use the estimate (story points, hours, t-shirt, weight) when effort, job size or
 * duration is not given explicitly (default true).
 */
use_estimate: boolean, 
/**
 * Infer value ÷ effort's value from the tracker priority (Highest → 5 … Lowest → 1)
 * when no value is given (default true).
 */
value_from_priority: boolean, 
/**
 * Use demand (👍 reactions, votes, upvotes, customer tickets) as RICE reach when no
 * reach is given (default false: demand is a different unit than reach per quarter).
 */
reach_from_demand: boolean, };
/**
 * Every framework's score for one issue, with the provenance of its inputs.
 */
export type PriorityReport = { 
/**
 * The team's primary framework (`None` only in a default-constructed report).
 */
primary?: Framework | null, 
/**
 * The primary framework's score, when it could be computed.
 */
primary_score?: number | null, 
/**
 * One entry per computed framework, in [`Framework::ALL`] order.
 */
scores: Array<FrameworkScore>, moscow?: MoscowClass | null, kano?: KanoClass | null, tracker_priority?: TrackerPriority | null, 
/**
 * Demand signals: `upvotes` (👍 reactions, GitLab upvotes), `votes` (Jira),
 * `customer_tickets` (Linear), `comments`.
 */
demand?: Array<Input>, 
/**
 * Things read from the issue that no framework used, and configuration problems.
 */
notes?: Array<string>, };
/**
 * One row of the ranked backlog.
 */
export type RankedItem = { 
/**
 * Position of the issue in the analysed backlog.
 */
index: number, 
/**
 * 1-based rank.
 */
position: number, score: number | null, 
/**
 * Number of missing inputs (the first tie-break).
 */
missing: number, 
/**
 * How many other issues have the same score.
 */
tie_count: number, 
/**
 * Indices of other issues with the same score, in rank order (at most
 * [`MAX_TIES_LISTED`]).
 */
tied_with?: Array<number>, decided_by: TieBreak, 
/**
 * The framework's explanation for this issue.
 */
explanation: string, };
/**
 * The readiness verdict for one issue.
 */
export type Readiness = { verdict: Verdict, 
/**
 * 0–100: weighted share of the applicable checks that pass (errors weigh 3,
 * warnings 1, notes 0).
 */
score: number, 
/**
 * Every applicable check, failed first (errors, then warnings), then passed.
 */
checks: Array<CheckResult>, };
export type ReadinessConfig = { preset: Preset, 
/**
 * Per-check overrides by id (`ready/estimate`, …).
 */
checks: { [key in string]: CheckSetting }, 
/**
 * Largest estimate in story points before splitting is suggested (preset default
 * when unset: 13, or 8 for safe and strict).
 */
max_points: number | null, 
/**
 * Largest estimate in hours (default 40).
 */
max_hours: number | null, 
/**
 * Largest t-shirt size, 1 = XS … 6 = XXL (default 4 = L).
 */
max_tshirt: number | null, 
/**
 * Days without an update after which an issue is stale (preset default 90, strict 30).
 */
stale_days: number | null, 
/**
 * Today's date (`YYYY-MM-DD`) for the staleness check. The core never reads the
 * clock; the CLI and the extension pass it. Without it, staleness is not checked.
 */
now: string | null, 
/**
 * How many failing error-level checks still count as "almost ready".
 */
almost_ready_gaps: number, 
/**
 * The team's own declarative checks.
 */
custom: Array<CustomCheck>, };
export type Report = { issues: Array<IssueReport>, backlog: BacklogSummary, };
/**
 * A level a team can set for a rule.
 */
export type RuleLevel = "off" | "error" | "warning" | "info";
/**
 * Per-issue-type levels for one rule. `severity` replaces the default severity where
 * the rule is on by default; an issue type named explicitly is set exactly (this is
 * how a rule that is off for a type by default is turned on for it).
 */
export type RuleOverride = { severity: RuleLevel | null, story: RuleLevel | null, bug: RuleLevel | null, task: RuleLevel | null, subtask: RuleLevel | null, epic: RuleLevel | null, feature: RuleLevel | null, spike: RuleLevel | null, improvement: RuleLevel | null, other: RuleLevel | null, 
/**
 * `criteria/too-many`: the most criteria an issue may have (default 10).
 */
max: number | null, 
/**
 * `story/vague`, `criteria/vague-term`: extra vague words or phrases.
 */
terms: Array<string> | null, 
/**
 * `story/vague`, `criteria/vague-term`: built-in terms this team accepts.
 */
allow: Array<string> | null, 
/**
 * `story/uniform`: the least number of template stories before a dominant
 * template is enforced (default 5).
 */
min_stories: number | null, 
/**
 * `story/unique`: word-set similarity (0–1) from which two stories count as the
 * same (default 0.85).
 */
similarity: number | null, };
/**
 * How one rule is set: `"off"`, a level, or per issue type (with the rule's options).
 */
export type RuleSetting = RuleLevel | RuleOverride;
export type Severity = "error" | "warning" | "info";
/**
 * Where an input came from.
 */
export type Source = "field" | "text" | "label" | "estimate" | "priority" | "inferred" | "default" | "what-if";
/**
 * A half-open byte range `[start, end)` into a field's text.
 */
export type Span = { start: number, end: number, };
/**
 * The tracker's status with its normalised category.
 */
export type Status = { name: string, category: StatusCategory, };
export type StatusCategory = "todo" | "in-progress" | "done" | "unknown";
/**
 * Person-months (or job size) per t-shirt size.
 */
export type TShirtTable = { xs: number, s: number, m: number, l: number, xl: number, xxl: number, };
/**
 * A KPI of the team's own tree.
 */
export type TeamKpi = { 
/**
 * Stable id; reusing a built-in id (e.g. `activation`) extends that KPI.
 */
id: string, name: string, definition: string, 
/**
 * Words and phrases that show an issue moves this KPI (stemmed, case-insensitive).
 */
keywords: Array<string>, 
/**
 * Weaker words, counted at half weight.
 */
related: Array<string>, owner: string | null, 
/**
 * The id of the KPI this one feeds (defaults to the North Star when there is one).
 */
parent: string | null, 
/**
 * The target as the team states it, e.g. "40% of new teams active in week 1".
 */
target: string | null, };
/**
 * What placed an issue after the one ranked just above it.
 */
export type TieBreak = "score" | "missing-inputs" | "original-order" | "unscored";
/**
 * Where an issue came from.
 */
export type Tracker = "jira" | "linear" | "github" | "azure-devops" | "gitlab" | "csv" | "text";
/**
 * The tracker's own priority, normalised.
 */
export type TrackerPriority = { name: string, 
/**
 * 1 (highest) … 5 (lowest).
 */
level: number, source: Source, };
export type Verdict = "ready" | "almost-ready" | "not-ready";
export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;
