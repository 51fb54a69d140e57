// The dashboard's row model: one flat object per issue, joining the normalised issue
// (for its field text, labels, status…) with its analysis (verdict, findings, KPI hints,
// duplicates). Pure functions only, so the worker and the Node tests can use them.
//
// The analysis report keeps growing while the analysis modules are written, so every
// sub-object is read defensively: a missing field means "not computed", never a crash.

/** Verdicts in order from best to worst. */
export const VERDICTS = /** @type {const} */ (['ready', 'almost-ready', 'not-ready']);

/** Human names of the verdicts. */
export const VERDICT_LABELS = {
  ready: 'Ready',
  'almost-ready': 'Almost ready',
  'not-ready': 'Not ready',
};

/** Severities in order from worst to mildest. */
export const SEVERITIES = /** @type {const} */ (['error', 'warning', 'info']);

/**
 * The text of one block of a normalised `Doc`, exactly as the Rust core renders it
 * (`Block::text` in src/model.rs): diagnostic spans are offsets into this text.
 * @param {any} block
 * @returns {string}
 */
export function blockText(block) {
  if (!block || typeof block !== 'object') return '';
  switch (block.type) {
    case 'list-item': {
      const indent = '  '.repeat(Number(block.depth) || 0);
      const marker = block.checked === true ? '[x] ' : block.checked === false ? '[ ] ' : '';
      const bullet = block.ordered ? '1. ' : '- ';
      return `${indent}${bullet}${marker}${str(block.text)}`;
    }
    case 'table':
      return Array.isArray(block.rows)
        ? block.rows.map((r) => (Array.isArray(r) ? r.map(str).join(' | ') : '')).join('\n')
        : '';
    case 'rule':
      return '---';
    default:
      return str(block.text);
  }
}

/**
 * The plain text of a normalised `Doc` (`Doc::text` in src/model.rs): one block a line.
 * @param {any} doc
 * @returns {string}
 */
export function docText(doc) {
  if (!doc || !Array.isArray(doc.blocks)) return '';
  return doc.blocks.map(blockText).join('\n');
}

/** Fields whose text diagnostics can point into, in display order. */
export const TEXT_FIELDS = /** @type {const} */ (['title', 'description', 'acceptance-criteria']);

/** Human names of diagnostic fields. */
export const FIELD_LABELS = {
  title: 'Title',
  description: 'Description',
  'acceptance-criteria': 'Acceptance criteria',
  estimate: 'Estimate',
  priority: 'Priority',
  labels: 'Labels',
  links: 'Links',
  parent: 'Parent',
  status: 'Status',
  assignee: 'Assignee',
  updated: 'Updated',
};

/**
 * The texts that spans refer to (`field_text` in src/diagnostic.rs).
 * @param {any} issue a normalised issue from `parseIssues`
 * @returns {{title: string, description: string, 'acceptance-criteria': string}}
 */
export function fieldTexts(issue) {
  return {
    title: str(issue?.title),
    description: docText(issue?.description),
    'acceptance-criteria': docText(issue?.acceptance_criteria),
  };
}

/**
 * Count diagnostics by severity.
 * @param {any[]} diagnostics
 * @returns {{error: number, warning: number, info: number}}
 */
export function severityCounts(diagnostics) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) if (d && d.severity in c) c[d.severity] += 1;
  return c;
}

/**
 * The epic (or parent) of an issue: the `parent` key, or a custom "Epic Link"/"Epic"
 * field when the tracker export has one.
 * @param {any} issue
 * @returns {string}
 */
export function epicOf(issue) {
  if (issue && typeof issue.parent === 'string' && issue.parent) return issue.parent;
  const fields = issue && typeof issue.fields === 'object' && issue.fields ? issue.fields : {};
  for (const [k, v] of Object.entries(fields)) {
    const n = k.toLowerCase();
    if ((n === 'epic link' || n === 'epic' || n === 'epic name' || n === 'parent') && v != null && v !== '') {
      return typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return '';
}

/**
 * Join issues (from `parseIssues`) and the analysis report (from `analyze`) into rows.
 * The report's issues are in the same order as the input issues.
 * @param {any[]} issues
 * @param {{issues?: any[]}} report
 * @param {number} [start] index of the first row to build (for chunked building)
 * @param {number} [end] one past the last row to build
 * @returns {Row[]}
 */
export function buildRows(issues, report, start = 0, end = Infinity) {
  const reports = Array.isArray(report?.issues) ? report.issues : [];
  const rows = [];
  const stop = Math.min(end, reports.length);
  for (let i = start; i < stop; i++) rows.push(buildRow(i, issues?.[i], reports[i]));
  return rows;
}

/**
 * @typedef {object} Row
 * @property {number} idx position in the backlog
 * @property {string} key
 * @property {string} title
 * @property {string} kind normalised type (story, bug, …)
 * @property {string} kindName the tracker's own type name
 * @property {string} tracker
 * @property {string} url
 * @property {string} verdict ready | almost-ready | not-ready ('' when missing)
 * @property {number} score 0–100 (-1 when missing)
 * @property {any[]} diagnostics
 * @property {any[]} checks the readiness checks (Definition of Ready), failed first
 * @property {{error: number, warning: number, info: number}} counts
 * @property {any[]} kpis
 * @property {any|null} kpi the most confident KPI hint
 * @property {any[]} duplicates
 * @property {any} priority the priority report as the core gave it
 * @property {string[]} labels
 * @property {string[]} components
 * @property {string} epic
 * @property {string} assignee
 * @property {string} status
 * @property {string} statusCategory
 * @property {any|null} estimate
 * @property {{title: string, description: string, 'acceptance-criteria': string}} texts
 */

/**
 * @param {number} idx
 * @param {any} issue
 * @param {any} r
 * @returns {Row}
 */
export function buildRow(idx, issue, r) {
  issue = issue && typeof issue === 'object' ? issue : {};
  r = r && typeof r === 'object' ? r : {};
  const diagnostics = Array.isArray(r.diagnostics) ? r.diagnostics.filter((d) => d && typeof d === 'object') : [];
  const kpis = Array.isArray(r.kpis) ? r.kpis.filter((k) => k && typeof k === 'object') : [];
  const sortedKpis = kpis.slice().sort((a, b) => num(b.confidence, 0) - num(a.confidence, 0));
  const readiness = r.readiness && typeof r.readiness === 'object' ? r.readiness : {};
  return {
    idx,
    key: str(r.key ?? issue.key),
    title: str(r.title ?? issue.title),
    kind: str(r.kind ?? issue.kind),
    kindName: str(issue.kind_name),
    tracker: str(r.tracker ?? issue.tracker),
    url: str(r.url ?? issue.url),
    verdict: VERDICTS.includes(readiness.verdict) ? readiness.verdict : '',
    score: Number.isFinite(readiness.score) ? readiness.score : -1,
    diagnostics,
    checks: Array.isArray(readiness.checks) ? readiness.checks.filter((c) => c && typeof c === 'object') : [],
    counts: severityCounts(diagnostics),
    kpis: sortedKpis,
    kpi: sortedKpis[0] ?? null,
    duplicates: Array.isArray(r.duplicates) ? r.duplicates.filter((d) => d && typeof d === 'object') : [],
    priority: r.priority && typeof r.priority === 'object' ? r.priority : {},
    labels: strings(issue.labels),
    components: strings(issue.components),
    epic: epicOf(issue),
    assignee: str(issue.assignee),
    status: str(issue.status?.name),
    statusCategory: str(issue.status?.category),
    estimate: issue.estimate && Number.isFinite(issue.estimate.value) ? issue.estimate : null,
    texts: fieldTexts(issue),
  };
}

/**
 * The distinct values of the facets the table can filter on, sorted.
 * @param {Row[]} rows
 * @returns {{kind: string[], label: string[], epic: string[], assignee: string[], status: string[], rule: string[]}}
 */
export function facets(rows) {
  const sets = { kind: new Set(), label: new Set(), epic: new Set(), assignee: new Set(), status: new Set(), rule: new Set() };
  for (const r of rows) {
    if (r.kind) sets.kind.add(r.kind);
    for (const l of r.labels) sets.label.add(l);
    if (r.epic) sets.epic.add(r.epic);
    if (r.assignee) sets.assignee.add(r.assignee);
    if (r.status) sets.status.add(r.status);
    for (const d of r.diagnostics) if (d.rule) sets.rule.add(String(d.rule));
  }
  const out = {};
  for (const [k, s] of Object.entries(sets)) out[k] = [...s].sort(naturalCompare);
  return /** @type {any} */ (out);
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Compare strings the way people expect keys to sort ("PROJ-9" before "PROJ-10").
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function naturalCompare(a, b) {
  return collator.compare(a, b);
}

/**
 * A short description of a KPI hint, e.g. "activation (72%)".
 * @param {any} hint
 * @returns {string}
 */
export function kpiLabel(hint) {
  if (!hint) return '';
  const name = str(hint.kpi ?? hint.name);
  const c = Number(hint.confidence);
  return Number.isFinite(c) ? `${name} (${Math.round(c * 100)}%)` : name;
}

/**
 * @param {unknown} v
 * @returns {string}
 */
function str(v) {
  return v == null ? '' : String(v);
}

/**
 * @param {unknown} v
 * @param {number} fallback
 * @returns {number}
 */
function num(v, fallback) {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * @param {unknown} v
 * @returns {string[]}
 */
function strings(v) {
  return Array.isArray(v) ? v.filter((x) => x != null).map(String) : [];
}
