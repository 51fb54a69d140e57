// Numbers the dashboard derives from the analysis: the health index, the "next up" list,
// duplicate clusters and the data behind each chart. Pure functions (Node-tested); the
// SVG drawing lives in svg-charts.js.

import { VERDICTS, naturalCompare } from './report-model.js';
import { verdictRank } from './table-query.js';

/**
 * The weights of the health index. They are documented on the page (index.html,
 * "How the health index is computed"); keep both in step.
 */
export const HEALTH_WEIGHTS = Object.freeze({ readiness: 0.5, clean: 0.2, linked: 0.15, unique: 0.15 });

/**
 * The backlog health index, 0–100: a weighted mean of four shares, each 0–1.
 * - readiness (50%): the mean readiness score / 100, so "almost ready" earns partial credit;
 * - clean (20%): the share of issues without an error finding;
 * - linked (15%): KPI coverage, the share of issues linked to at least one KPI;
 * - unique (15%): the share of issues without a likely duplicate.
 * An empty backlog has no index (`null`).
 * @param {import('./report-model.js').Row[]} rows
 * @returns {{index: number, band: string, components: {readiness: number, clean: number, linked: number, unique: number}} | null}
 */
export function healthIndex(rows) {
  const scored = rows.filter((r) => r.score >= 0);
  if (!rows.length) return null;
  const n = rows.length;
  const components = {
    readiness: scored.length ? scored.reduce((s, r) => s + Math.min(100, r.score), 0) / scored.length / 100 : 0,
    clean: rows.filter((r) => r.counts.error === 0).length / n,
    linked: rows.filter((r) => r.kpis.length > 0).length / n,
    unique: rows.filter((r) => r.duplicates.length === 0).length / n,
  };
  let index = 0;
  for (const [k, w] of Object.entries(HEALTH_WEIGHTS)) index += w * components[k];
  index = Math.round(index * 1000) / 10;
  return { index, band: healthBand(index), components };
}

/**
 * The band a health index falls in.
 * @param {number} index
 * @returns {'healthy' | 'needs grooming' | 'unhealthy'}
 */
export function healthBand(index) {
  if (index >= 80) return 'healthy';
  if (index >= 60) return 'needs grooming';
  return 'unhealthy';
}

/**
 * The issues closest to ready: not yet ready, "almost ready" first, then by readiness
 * score (highest first), then fewest errors and warnings, then backlog order.
 * @param {import('./report-model.js').Row[]} rows
 * @param {number} [limit]
 * @returns {import('./report-model.js').Row[]}
 */
export function nextUp(rows, limit = 10) {
  return rows
    .filter((r) => r.verdict && r.verdict !== 'ready')
    .sort(
      (a, b) =>
        verdictRank(a.verdict) - verdictRank(b.verdict) ||
        b.score - a.score ||
        a.counts.error - b.counts.error ||
        a.counts.warning - b.counts.warning ||
        a.idx - b.idx,
    )
    .slice(0, limit);
}

/**
 * What still stands between an issue and "ready": its error and warning findings (or,
 * failing those, its infos), worst first.
 * @param {import('./report-model.js').Row} row
 * @returns {any[]}
 */
export function blockers(row) {
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
 * The priority frameworks present in the rows' priority reports: keys whose value is a
 * finite number or an object with a finite `score`.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {string[]}
 */
export function priorityFrameworks(rows) {
  const found = new Set();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.priority ?? {})) {
      if (frameworkScore(v) !== null) found.add(k);
    }
  }
  return [...found].sort(naturalCompare);
}

/**
 * The value vs effort points for one framework: value is the framework's score, effort
 * the framework's own effort input (`effort`, `job_size`, `size`, also inside `inputs`)
 * or else the issue's estimate. Issues without both are left out.
 * @param {import('./report-model.js').Row[]} rows
 * @param {string} framework
 * @returns {{key: string, title: string, value: number, effort: number, verdict: string}[]}
 */
export function valueEffortPoints(rows, framework) {
  const pts = [];
  for (const r of rows) {
    const f = r.priority?.[framework];
    const value = frameworkScore(f);
    if (value === null) continue;
    const effort = frameworkEffort(f) ?? (r.estimate ? Number(r.estimate.value) : null);
    if (effort === null || !Number.isFinite(effort)) continue;
    pts.push({ key: r.key, title: r.title, value, effort, verdict: r.verdict });
  }
  return pts;
}

/**
 * @param {unknown} f
 * @returns {number | null}
 */
function frameworkScore(f) {
  if (typeof f === 'number') return Number.isFinite(f) ? f : null;
  if (f && typeof f === 'object') {
    const s = /** @type {any} */ (f).score ?? /** @type {any} */ (f).value;
    if (typeof s === 'number' && Number.isFinite(s)) return s;
  }
  return null;
}

/**
 * @param {unknown} f
 * @returns {number | null}
 */
function frameworkEffort(f) {
  if (!f || typeof f !== 'object') return null;
  const o = /** @type {any} */ (f);
  for (const src of [o, o.inputs]) {
    if (!src || typeof src !== 'object') continue;
    for (const k of ['effort', 'job_size', 'size']) {
      const v = src[k];
      const n = typeof v === 'number' ? v : v && typeof v === 'object' ? Number(v.value) : NaN;
      if (Number.isFinite(n)) return n;
    }
  }
  return null;
}
