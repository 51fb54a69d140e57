// Pure helpers that turn the core's Report into what the page shows. The Report grows
// while the rules, priority, KPI and duplicate modules are written, so every reader here
// tolerates missing or unexpected fields and shows only what is there.

/**
 * The badge's `verdict` attribute: ready | almost | not-ready (the core says
 * `almost-ready`; the stable hook in issue 8 is the short form).
 * @param {any} issueReport one entry of `report.issues`
 * @returns {'ready'|'almost'|'not-ready'|'unknown'}
 */
export function verdictAttr(issueReport) {
  const v = issueReport?.readiness?.verdict;
  if (v === 'ready') return 'ready';
  if (v === 'almost-ready' || v === 'almost') return 'almost';
  if (v === 'not-ready') return 'not-ready';
  return 'unknown';
}

/** Human words for a verdict attribute. */
export const VERDICT_WORDS = Object.freeze({
  ready: 'Ready',
  almost: 'Almost ready',
  'not-ready': 'Not ready',
  unknown: 'Not checked',
});

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The readiness figure for the badge: "4/6" when the core reports passed/total checks,
 * else the 0–100 score as a percentage.
 * @param {any} issueReport
 * @returns {string}
 */
export function readinessLabel(issueReport) {
  const r = issueReport?.readiness ?? {};
  const passed = num(r.passed);
  const total = num(r.total);
  if (passed !== null && total !== null && total > 0) return `${passed}/${total}`;
  if (Array.isArray(r.checks) && r.checks.length) {
    const p = r.checks.filter((c) => c && (c.passed === true || c.status === 'pass' || c.status === 'passed')).length;
    return `${p}/${r.checks.length}`;
  }
  const score = num(r.score);
  return score === null ? '–' : `${Math.round(score)}%`;
}

/**
 * The headline priority score, or null when none was computed. Accepts the shapes the
 * priority module may settle on: `{score}`, `{primary: {score}}`, `{headline: {score}}`,
 * or a list / map of framework results each with a numeric `score` (the first wins).
 * @param {any} issueReport
 * @returns {{score: number, framework: string|null}|null}
 */
export function priorityScore(issueReport) {
  const p = issueReport?.priority;
  if (!p || typeof p !== 'object') return null;
  // The team chose a primary framework: its score or nothing (another framework's
  // number on the badge would read as the team's priority).
  if (typeof p.primary === 'string') return num(p.primary_score) !== null ? { score: p.primary_score, framework: p.primary } : null;
  if (num(p.primary_score) !== null) return { score: p.primary_score, framework: null };
  if (num(p.score) !== null) return { score: p.score, framework: typeof p.framework === 'string' ? p.framework : null };
  for (const k of ['primary', 'headline', 'main']) {
    const s = p[k];
    if (!s || typeof s !== 'object') continue;
    if (s && num(s.score) !== null) return { score: s.score, framework: s.framework ?? s.model ?? k };
  }
  const lists = [p.scores, p.frameworks, p.models, p.results].filter(Boolean);
  for (const list of lists) {
    const entries = Array.isArray(list) ? list.map((v) => [v?.framework ?? v?.model ?? v?.name ?? null, v]) : Object.entries(list);
    for (const [name, v] of entries) {
      if (v && num(v.score) !== null) return { score: v.score, framework: name };
      if (num(v) !== null) return { score: v, framework: name };
    }
  }
  return null;
}

/**
 * Format a score compactly (integers as is, others with up to one decimal).
 * @param {number} n
 * @returns {string}
 */
export function formatScore(n) {
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/**
 * Plain-text rendering of a normalised Doc, identical to `Doc::text` in src/model.rs, so
 * diagnostic spans (UTF-16 offsets into that text) can be highlighted.
 * @param {any} doc
 * @returns {string}
 */
export function docText(doc) {
  if (!doc || !Array.isArray(doc.blocks)) return '';
  return doc.blocks.map(blockText).join('\n');
}

function blockText(b) {
  switch (b?.type) {
    case 'list-item': {
      const indent = '  '.repeat(Number(b.depth) || 0);
      const marker = b.checked === true ? '[x] ' : b.checked === false ? '[ ] ' : '';
      return `${indent}${b.ordered ? '1. ' : '- '}${marker}${b.text ?? ''}`;
    }
    case 'table':
      return (b.rows ?? []).map((r) => r.join(' | ')).join('\n');
    case 'rule':
      return '---';
    default:
      return typeof b?.text === 'string' ? b.text : '';
  }
}

/**
 * The text of an issue field that diagnostic spans refer to (`field_text` in Rust).
 * @param {any} issue normalised Issue
 * @param {string} field
 * @returns {string}
 */
export function fieldText(issue, field) {
  if (!issue) return '';
  if (field === 'title') return issue.title ?? '';
  if (field === 'description') return docText(issue.description);
  if (field === 'acceptance-criteria') return docText(issue.acceptance_criteria);
  return '';
}

/**
 * The highlighted excerpt of a diagnostic: text before, the flagged part, text after,
 * trimmed to `context` characters each side. Null when the diagnostic has no usable span.
 * @param {any} issue
 * @param {any} diagnostic
 * @param {number} [context]
 * @returns {{before: string, match: string, after: string}|null}
 */
export function excerpt(issue, diagnostic, context = 60) {
  const span = diagnostic?.span;
  if (!span || !diagnostic.field) return null;
  const text = fieldText(issue, diagnostic.field);
  const start = num(span.start);
  const end = num(span.end);
  if (start === null || end === null || start < 0 || end < start || end > text.length) return null;
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, start),
    match: text.slice(start, end),
    after: text.slice(end, to) + (to < text.length ? '…' : ''),
  };
}

/**
 * Diagnostics grouped for the panel, errors first (the core already sorts them).
 * @param {any} issueReport
 * @returns {{errors: any[], warnings: any[], infos: any[]}}
 */
export function groupDiagnostics(issueReport) {
  const all = Array.isArray(issueReport?.diagnostics) ? issueReport.diagnostics : [];
  return {
    errors: all.filter((d) => d?.severity === 'error'),
    warnings: all.filter((d) => d?.severity === 'warning'),
    infos: all.filter((d) => d?.severity === 'info'),
  };
}

/**
 * The Definition of Ready checks the core evaluated (`readiness.checks`), split into
 * failed and passed, each with its reason and (when failed) the next step.
 * @param {any} issueReport
 * @returns {{failed: Check[], passed: Check[]}}
 * @typedef {{name: string, severity: string, reason: string, next: string}} Check
 */
export function readinessChecks(issueReport) {
  const checks = issueReport?.readiness?.checks;
  const failed = [];
  const passed = [];
  if (!Array.isArray(checks)) return { failed, passed };
  for (const c of checks) {
    if (!c || typeof c !== 'object') continue;
    const item = {
      name: String(c.check ?? c.name ?? c.id ?? 'check'),
      severity: String(c.severity ?? ''),
      reason: String(c.reason ?? c.message ?? ''),
      next: String(c.next_step ?? c.help ?? ''),
    };
    if (c.passed === true || c.status === 'pass' || c.status === 'passed') passed.push(item);
    else failed.push(item);
  }
  return { failed, passed };
}

/**
 * The page summary the popup shows: issues sorted by readiness (worst first) then by
 * priority score (highest first), and the page's readiness rate.
 * @param {any[]} issueReports
 * @returns {{rows: {key: string, title: string, verdict: string, readiness: string, score: number|null}[], readinessRate: number|null}}
 */
export function pageSummary(issueReports) {
  const order = { 'not-ready': 0, almost: 1, unknown: 2, ready: 3 };
  const rows = issueReports.map((r) => ({
    key: String(r.key ?? ''),
    title: String(r.title ?? ''),
    verdict: verdictAttr(r),
    readiness: readinessLabel(r),
    score: priorityScore(r)?.score ?? null,
  }));
  rows.sort((a, b) => order[a.verdict] - order[b.verdict] || (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.key.localeCompare(b.key));
  const judged = rows.filter((r) => r.verdict !== 'unknown');
  const readinessRate = judged.length ? judged.filter((r) => r.verdict === 'ready').length / judged.length : null;
  return { rows, readinessRate };
}

/**
 * The priority section of the panel: one line per framework (score or what is missing),
 * its inputs with provenance, and the tracker's own priority / MoSCoW / Kano. Null when
 * the report has no priority data in the known shape.
 * @param {any} issueReport
 * @returns {{primary: string|null, frameworks: {name: string, primary: boolean, score: number|null, explanation: string, confidence: string, inputs: string[], missing: string[]}[], notes: string[]}|null}
 */
export function priorityView(issueReport) {
  const p = issueReport?.priority;
  if (!p || typeof p !== 'object' || !Array.isArray(p.scores)) return null;
  const frameworks = p.scores.filter((f) => f && typeof f === 'object').map((f) => ({
    name: String(f.framework ?? ''),
    primary: f.framework === p.primary,
    score: num(f.score),
    explanation: String(f.explanation ?? ''),
    confidence: String(f.confidence_level ?? ''),
    inputs: (Array.isArray(f.inputs) ? f.inputs : []).filter(Boolean).map((i) => `${i.name} = ${formatScore(Number(i.value))}${i.raw !== undefined && String(i.raw) !== String(i.value) ? ` ("${i.raw}")` : ''}${i.from ? `, from ${i.from}` : i.source ? `, ${i.source}` : ''}`),
    missing: (Array.isArray(f.missing) ? f.missing : []).map(String),
  }));
  frameworks.sort((a, b) => Number(b.primary) - Number(a.primary) || Number(b.score !== null) - Number(a.score !== null));
  const notes = [];
  if (p.tracker_priority?.name) notes.push(`Tracker priority: ${p.tracker_priority.name}`);
  for (const k of ['moscow', 'kano']) if (p[k]?.explanation) notes.push(String(p[k].explanation));
  if (Array.isArray(p.demand) && p.demand.length) notes.push(`Demand: ${p.demand.map((d) => `${d.name} ${formatScore(Number(d.value))}`).join(', ')}`);
  return { primary: typeof p.primary === 'string' ? p.primary : null, frameworks, notes };
}

/**
 * A short label for a priority framework on the badge ("WSJF", "V/E"), "P" when unknown.
 * @param {string|null|undefined} framework
 * @returns {string}
 */
export function frameworkLabel(framework) {
  if (!framework) return 'P';
  if (framework === 'value-effort') return 'V/E';
  return String(framework).toUpperCase();
}
