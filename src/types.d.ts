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
 * Issues with at least one KPI hint, 0–1.
 */
kpi_coverage: number, 
/**
 * Issues with at least one likely duplicate.
 */
with_duplicates: number, };
export type Block = { "type": "heading", level: number, text: string, } | { "type": "paragraph", text: string, } | { "type": "list-item", ordered: boolean, depth: number, 
/**
 * `Some(done)` for checklist / task-list items.
 */
checked?: boolean | null, text: string, } | { "type": "code", lang?: string | null, text: string, } | { "type": "quote", text: string, } | { "type": "table", rows: Array<Array<string>>, } | { "type": "rule" };
/**
 * A likely duplicate of an issue.
 */
export type Candidate = { key: string, score: number, };
export type Config = { version: number, readiness: ReadinessConfig, priority: PriorityConfig, kpi: KpiConfig, duplicates: DuplicatesConfig, rules: { [key in string]: JsonValue }, };
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
export type DuplicatesConfig = { top: number, threshold: number, };
/**
 * An estimate with its unit.
 */
export type Estimate = { value: number, unit: EstimateUnit, };
export type EstimateUnit = "points" | "hours" | "days" | "t-shirt" | "weight";
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
export type KpiConfig = Record<symbol, never>;
/**
 * A likely KPI for an issue, with confidence and evidence.
 */
export type KpiHint = { kpi: string, confidence: number, };
export type LinkKind = "blocks" | "blocked-by" | "duplicates" | "duplicated-by" | "relates" | "parent" | "child" | "other";
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
export type PriorityConfig = Record<symbol, never>;
/**
 * Every framework's score for one issue, with the provenance of its inputs.
 */
export type PriorityReport = Record<symbol, never>;
/**
 * The readiness verdict for one issue.
 */
export type Readiness = { verdict: Verdict, 
/**
 * 0–100: share of the applicable checks that pass.
 */
score: number, };
export type ReadinessConfig = Record<symbol, never>;
export type Report = { issues: Array<IssueReport>, backlog: BacklogSummary, };
export type Severity = "error" | "warning" | "info";
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
 * Where an issue came from.
 */
export type Tracker = "jira" | "linear" | "github" | "azure-devops" | "gitlab" | "csv" | "text";
export type Verdict = "ready" | "almost-ready" | "not-ready";
export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;
