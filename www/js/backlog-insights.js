// Numbers the dashboard derives from the analysis: the health index, the "next up" list,
// failing readiness checks, duplicate clusters and the data behind each chart. Where the
// core already computes a number (health index, closest to ready, failing checks) it is
// used as is, so the dashboard, the CLI and the extension agree. Pure functions (Node-tested); the
// SVG drawing lives in svg-charts.js.

import { VERDICTS, naturalCompare } from './report-model.js';

/**
 * The backlog health index as the core computes it (`backlog.health_index`, 0–1: the
 * share of issues that have acceptance criteria, an estimate and a clear outcome — a KPI
 * hint, an explicit success metric or a story's "so that" benefit), as a percentage.
 * The same number the CLI and the extension report. `null` when the core gave none.
 * @param {any} backlog
 * @returns {number | null}
 */
export function healthPercent(backlog) {
  const h = Number(backlog?.health_index);
  if (backlog?.health_index == null || !Number.isFinite(h)) return null;
  return Math.round(Math.min(1, Math.max(0, h)) * 1000) / 10;
}

/**
 * Failing error-level readiness checks of a row: what blocks "ready". Falls back to the
 * error findings when the core gave no checks.
 * @param {import('./report-model.js').Row} r
 * @returns {number}
 */
export function blockingCount(r) {
  if (r.checks.length) return r.checks.filter((c) => c.passed === false && c.severity === 'error').length;
  return r.counts.error;
}

/**
 * The issues closest to ready. Uses the core's `backlog.closest_to_ready` when present
 * (so the page, the CLI and the Markdown report agree); otherwise the same ordering
 * computed here: not ready yet, fewest blocking gaps, then highest readiness score,
 * then backlog order.
 * @param {import('./report-model.js').Row[]} rows
 * @param {any} [backlog]
 * @param {number} [limit]
 * @returns {import('./report-model.js').Row[]}
 */
export function nextUp(rows, backlog, limit = 10) {
  if (Array.isArray(backlog?.closest_to_ready)) {
    const byKey = new Map();
    for (const r of rows) if (!byKey.has(r.key)) byKey.set(r.key, r);
    return backlog.closest_to_ready.map((k) => byKey.get(String(k))).filter(Boolean).slice(0, limit);
  }
  return rows
    .filter((r) => r.verdict && r.verdict !== 'ready')
    .map((r) => ({ r, b: blockingCount(r) }))
    .sort((a, b) => a.b - b.b || b.r.score - a.r.score || a.r.idx - b.r.idx)
    .map((x) => x.r)
    .slice(0, limit);
}

/**
 * How many issues fail each readiness check, most first: the core's
 * `backlog.failing_checks` when present, else counted from the rows' checks.
 * @param {import('./report-model.js').Row[]} rows
 * @param {any} [backlog]
 * @returns {{check: string, count: number}[]}
 */
export function failingChecks(rows, backlog) {
  /** @type {Map<string, number>} */
  const m = new Map();
  const fc = backlog?.failing_checks;
  if (fc && typeof fc === 'object' && !Array.isArray(fc)) {
    for (const [k, v] of Object.entries(fc)) if (Number.isFinite(Number(v))) m.set(k, Number(v));
  } else {
    for (const r of rows) for (const c of r.checks) if (c.passed === false) m.set(String(c.check), (m.get(String(c.check)) ?? 0) + 1);
  }
  return [...m.entries()].map(([check, count]) => ({ check, count })).sort((a, b) => b.count - a.count || naturalCompare(a.check, b.check));
}

/**
 * What still stands between an issue and "ready": its failing Definition of Ready checks
 * (the core's verdict is made of them), worst first; without checks, its error and
 * warning findings (or, failing those, its infos).
 * @param {import('./report-model.js').Row} row
 * @returns {{rule: string, severity: string, message: string, help: string}[]}
 */
export function blockers(row) {
  const failed = row.checks.filter((c) => c.passed === false);
  if (failed.length) {
    const rank = { error: 0, warning: 1, info: 2 };
    return failed
      .slice()
      .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))
      .map((c) => ({ rule: String(c.check), severity: String(c.severity), message: String(c.reason ?? c.check), help: String(c.next_step ?? '') }));
  }
  const serious = row.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  return serious.length ? serious : row.diagnostics.slice();
}

/**
 * Counts per verdict and a histogram of readiness scores in ten bands (0–9 … 90–100).
 * @param {import('./report-model.js').Row[]} rows
 * @returns {{verdicts: {verdict: string, count: number}[], scores: {from: number, to: number, count: number}[]}}
 */
export function readinessDistribution(rows) {
  const verdicts = VERDICTS.map((v) => ({ verdict: v, count: 0 }));
  const scores = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 9, count: 0 }));
  for (const r of rows) {
    const v = verdicts.find((x) => x.verdict === r.verdict);
    if (v) v.count += 1;
    if (r.score >= 0) scores[Math.min(9, Math.floor(r.score / 10))].count += 1;
  }
  return { verdicts, scores };
}

/**
 * Findings per rule, most frequent first, with the worst severity seen for the rule and
 * how many issues have it.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {{rule: string, count: number, issues: number, severity: string, category: string}[]}
 */
export function findingsByRule(rows) {
  /** @type {Map<string, {rule: string, count: number, issues: number, severity: string, category: string}>} */
  const m = new Map();
  const sevRank = { error: 0, warning: 1, info: 2 };
  for (const r of rows) {
    const seen = new Set();
    for (const d of r.diagnostics) {
      const rule = String(d.rule ?? 'unknown');
      let e = m.get(rule);
      if (!e) {
        e = { rule, count: 0, issues: 0, severity: String(d.severity ?? 'info'), category: String(d.category ?? '') };
        m.set(rule, e);
      }
      e.count += 1;
      if (!seen.has(rule)) {
        e.issues += 1;
        seen.add(rule);
      }
      if ((sevRank[d.severity] ?? 3) < (sevRank[e.severity] ?? 3)) e.severity = d.severity;
    }
  }
  return [...m.values()].sort((a, b) => b.count - a.count || naturalCompare(a.rule, b.rule));
}

/**
 * KPI coverage: issues per KPI (by each issue's most confident hint) and the number of
 * issues with no KPI at all.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {{kpis: {kpi: string, count: number}[], uncovered: number, covered: number}}
 */
export function kpiCoverage(rows) {
  const m = new Map();
  let uncovered = 0;
  for (const r of rows) {
    if (!r.kpi) {
      uncovered += 1;
      continue;
    }
    const name = String(r.kpi.kpi ?? r.kpi.name ?? 'unnamed');
    m.set(name, (m.get(name) ?? 0) + 1);
  }
  const kpis = [...m.entries()].map(([kpi, count]) => ({ kpi, count }));
  kpis.sort((a, b) => b.count - a.count || naturalCompare(a.kpi, b.kpi));
  return { kpis, uncovered, covered: rows.length - uncovered };
}

/**
 * Clusters of likely duplicates: connected groups of issues linked by duplicate
 * candidates (either direction), biggest first. Candidates whose key is not in the
 * backlog are ignored.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {{keys: string[], best: number}[]}
 */
export function duplicateClusters(rows) {
  const index = new Map(rows.map((r, i) => [r.key, i]));
  const parent = rows.map((_, i) => i);
  const find = (i) => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const best = new Map();
  rows.forEach((r, i) => {
    for (const d of r.duplicates) {
      const j = index.get(String(d.key));
      if (j === undefined || j === i) continue;
      const a = find(i);
      const b = find(j);
      if (a !== b) parent[a] = b;
      const s = Number(d.score);
      if (Number.isFinite(s)) {
        best.set(i, Math.max(best.get(i) ?? 0, s));
        best.set(j, Math.max(best.get(j) ?? 0, s));
      }
    }
  });
  const groups = new Map();
  rows.forEach((r, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(i);
  });
  const clusters = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    clusters.push({
      keys: members.map((i) => rows[i].key),
      best: Math.max(...members.map((i) => best.get(i) ?? 0)),
    });
  }
  return clusters.sort((a, b) => b.keys.length - a.keys.length || b.best - a.best || naturalCompare(a.keys[0], b.keys[0]));
}

/**
 * The effort input of each framework (`Framework::inputs` in src/priority/mod.rs); ICE
 * has none (its "ease" is the inverse), so the issue's estimate stands in.
 */
export const EFFORT_INPUT = Object.freeze({ rice: 'effort', wsjf: 'job_size', cd3: 'duration', 'value-effort': 'effort' });

/**
 * The priority frameworks with at least one computed score, in the core's order.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {string[]}
 */
export function priorityFrameworks(rows) {
  const found = [];
  for (const r of rows) {
    for (const s of scoreEntries(r)) {
      if (Number.isFinite(s.score) && !found.includes(s.framework)) found.push(s.framework);
    }
  }
  return found;
}

/**
 * The value vs effort points for one framework. Effort is the framework's effort input
 * (RICE effort, WSJF job size, CD3 duration, value/effort effort) or, for ICE and when
 * missing, the issue's estimate. Value is the benefit side of the formula: the "value"
 * input (value/effort), the cost of delay (CD3; WSJF: business value + time criticality +
 * risk reduction), reach × impact × confidence (RICE: score × effort), or the ICE score.
 * Issues without both are left out.
 * @param {import('./report-model.js').Row[]} rows
 * @param {string} framework
 * @returns {{key: string, title: string, value: number, effort: number, score: number, verdict: string}[]}
 */
export function valueEffortPoints(rows, framework) {
  const pts = [];
  for (const r of rows) {
    const s = scoreEntries(r).find((x) => x.framework === framework);
    if (!s || !Number.isFinite(s.score)) continue;
    const input = (name) => {
      const i = (Array.isArray(s.inputs) ? s.inputs : []).find((x) => x && x.name === name);
      const v = Number(i?.value);
      return i && Number.isFinite(v) ? v : null;
    };
    const effortName = EFFORT_INPUT[framework];
    const effortInput = effortName ? input(effortName) : null;
    const effort = effortInput ?? (r.estimate ? Number(r.estimate.value) : null);
    if (effort === null || !Number.isFinite(effort)) continue;
    let value = null;
    if (framework === 'value-effort') value = input('value');
    else if (framework === 'cd3') value = input('cost_of_delay');
    else if (framework === 'wsjf') {
      const parts = ['business_value', 'time_criticality', 'risk_reduction'].map(input);
      value = parts.every((p) => p !== null) ? parts.reduce((a, b) => a + b, 0) : null;
    } else if (framework === 'rice' && effortInput !== null) value = s.score * effortInput;
    if (value === null) value = s.score;
    pts.push({ key: r.key, title: r.title, value, effort, score: s.score, verdict: r.verdict });
  }
  return pts;
}

/**
 * The framework score entries of a row's priority report (`priority.scores`), with
 * `score` as a number (NaN when the framework could not score the issue).
 * @param {import('./report-model.js').Row} r
 * @returns {{framework: string, score: number, inputs?: any[], missing?: string[], explanation?: string}[]}
 */
export function scoreEntries(r) {
  const scores = r.priority?.scores;
  if (!Array.isArray(scores)) return [];
  return scores
    .filter((s) => s && typeof s === 'object' && typeof s.framework === 'string')
    .map((s) => ({ ...s, score: s.score == null ? NaN : Number(s.score) }));
}
