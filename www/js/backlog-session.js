// One analysed backlog, held where it was analysed (the worker), answering the page's
// questions: the summary behind the headline and charts, one page of the table, one
// issue for the drawer, the exports. The page never receives all rows at once: with
// 20,000 issues the full rows (findings with their explanations, readiness checks,
// priority inputs) are tens of megabytes, and copying them to the main thread froze it
// for seconds. Pure (no DOM, no WASM), so it is unit-tested in Node.

import { facets } from './report-model.js';
import { filterRows, sortRows, paginate } from './table-query.js';
import {
  nextUp, blockers, readinessDistribution, findingsByRule, failingChecks, kpiCoverage,
  duplicateClusters, priorityFrameworks, valueEffortPoints,
} from './backlog-insights.js';
import { issuesCsv, findingsCsv, analysisJson, markdownReport } from './export-formats.js';

/**
 * @typedef {object} Query
 * @property {import('./table-query.js').Filters} [filters]
 * @property {{column: string, direction: 'asc' | 'desc'}} [sort]
 * @property {number} [page]
 * @property {number} [pageSize]
 */

/** Most duplicate clusters the summary lists. */
const CLUSTER_LIMIT = 12;

/**
 * A session over analysed rows.
 * @param {import('./report-model.js').Row[]} rows
 * @param {any} backlog the core's backlog summary
 * @param {any} [report] the core's report, kept for the JSON export
 */
export function createSession(rows, backlog, report = null) {
  /** @type {Map<string, import('./report-model.js').Row>} */
  const byKey = new Map();
  for (const r of rows) if (!byKey.has(r.key)) byKey.set(r.key, r);
  /** @type {{key: string, rows: import('./report-model.js').Row[]} | null} */
  let cache = null;

  /**
   * Filtered and sorted rows; the last result is cached so paging is instant.
   * @param {Query} q
   */
  function select(q) {
    const key = JSON.stringify([q.filters ?? {}, q.sort ?? null]);
    if (!cache || cache.key !== key) cache = { key, rows: sortRows(filterRows(rows, q.filters ?? {}), q.sort ?? { column: 'key', direction: 'asc' }) };
    return cache.rows;
  }

  return {
    /** Everything the headline, the filters, "next up" and the charts need. */
    summary() {
      const clusters = duplicateClusters(rows);
      const primary = rows.find((r) => typeof r.priority?.primary === 'string')?.priority.primary ?? null;
      return {
        total: rows.length,
        backlog,
        facets: facets(rows),
        distribution: readinessDistribution(rows),
        checks: failingChecks(rows, backlog),
        rules: findingsByRule(rows),
        kpi: kpiCoverage(rows),
        clusters: clusters.slice(0, CLUSTER_LIMIT).map((c) => ({ ...c, titles: c.keys.map((k) => byKey.get(k)?.title ?? '') })),
        clusterCount: clusters.length,
        frameworks: priorityFrameworks(rows),
        primary,
        nextUp: nextUp(rows, backlog, 10).map((r) => ({
          key: r.key, title: r.title, verdict: r.verdict, score: r.score,
          todo: blockers(r).slice(0, 3).map((d) => String(d.message ?? d.rule ?? '')),
        })),
      };
    },

    /**
     * One page of the table.
     * @param {Query} q
     */
    query(q) {
      const sel = select(q);
      const p = paginate(sel, q.page ?? 0, q.pageSize ?? 50);
      return { matched: sel.length, total: rows.length, page: p.page, pages: p.pages, from: p.from, to: p.to, rows: p.rows };
    },

    /**
     * One issue with the titles of its likely duplicates (for the drawer).
     * @param {string} key
     */
    row(key) {
      const r = byKey.get(key);
      if (!r) return null;
      const titles = {};
      for (const d of r.duplicates) titles[d.key] = byKey.get(String(d.key))?.title ?? null;
      return { row: r, duplicateTitles: titles };
    },

    /**
     * Value vs effort points of one framework.
     * @param {string} framework
     */
    scatter(framework) {
      return valueEffortPoints(rows, framework);
    },

    /**
     * Issues that are not ready, with what to fix, for the printable report.
     * @param {number} [limit]
     */
    toGroom(limit = 200) {
      const todo = rows.filter((r) => r.verdict && r.verdict !== 'ready');
      return {
        total: todo.length,
        rows: todo.slice(0, limit).map((r) => ({
          key: r.key, title: r.title, verdict: r.verdict, score: r.score,
          findings: r.diagnostics.map((d) => ({ severity: d.severity, message: d.message, help: d.help })),
        })),
      };
    },

    /**
     * An export as text. CSVs follow the table's filters and order; the Markdown report
     * and the JSON cover the whole backlog.
     * @param {'issues-csv' | 'findings-csv' | 'markdown' | 'json'} kind
     * @param {Query} q
     * @param {{source?: string, format?: string, version?: string, config?: any, date?: string}} meta
     * @returns {string}
     */
    exportText(kind, q, meta) {
      if (kind === 'issues-csv') return issuesCsv(select(q));
      if (kind === 'findings-csv') return findingsCsv(select(q));
      if (kind === 'markdown') return markdownReport({ rows, backlog, source: meta.source, date: meta.date, version: meta.version });
      if (kind === 'json') return analysisJson({ report: report ?? { issues: [], backlog }, format: meta.format, source: meta.source, version: meta.version, config: meta.config });
      throw new Error(`unknown export ${kind}`);
    },
  };
}
