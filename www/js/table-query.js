// Filtering, sorting and paging the issue table. Pure functions over rows built by
// report-model.js, so they are unit-tested in Node.

import { VERDICTS, naturalCompare } from './report-model.js';

/**
 * @typedef {object} Filters
 * @property {string} [text] case-insensitive search in key, title, labels and findings
 * @property {string} [verdict] one verdict, or '' for all
 * @property {string} [kind]
 * @property {string} [label]
 * @property {string} [epic]
 * @property {string} [assignee]
 * @property {string} [status]
 * @property {string} [rule] only issues with a finding of this rule
 */

/**
 * Keep the rows that pass every non-empty filter.
 * @param {import('./report-model.js').Row[]} rows
 * @param {Filters} filters
 * @returns {import('./report-model.js').Row[]}
 */
export function filterRows(rows, filters = {}) {
  const text = (filters.text ?? '').trim().toLowerCase();
  const terms = text ? text.split(/\s+/) : [];
  return rows.filter((r) => {
    if (filters.verdict && r.verdict !== filters.verdict) return false;
    if (filters.kind && r.kind !== filters.kind) return false;
    if (filters.label && !r.labels.includes(filters.label)) return false;
    if (filters.epic && r.epic !== filters.epic) return false;
    if (filters.assignee && r.assignee !== filters.assignee) return false;
    if (filters.status && r.status !== filters.status) return false;
    if (filters.rule && !r.diagnostics.some((d) => d.rule === filters.rule)) return false;
    if (terms.length) {
      const hay = searchText(r);
      if (!terms.every((t) => hay.includes(t))) return false;
    }
    return true;
  });
}

const searchCache = new WeakMap();

/**
 * @param {import('./report-model.js').Row} r
 * @returns {string}
 */
function searchText(r) {
  let s = searchCache.get(r);
  if (s === undefined) {
    s = [r.key, r.title, r.kind, r.kindName, r.epic, r.assignee, r.status, ...r.labels,
      ...r.diagnostics.map((d) => `${d.rule ?? ''} ${d.message ?? ''}`)].join('\n').toLowerCase();
    searchCache.set(r, s);
  }
  return s;
}

/** The table's sortable columns. */
export const COLUMNS = /** @type {const} */ (['key', 'title', 'kind', 'verdict', 'score', 'findings', 'kpi', 'duplicates']);

/**
 * The comparison of two rows on one column, ascending.
 * Verdicts sort ready → almost ready → not ready; findings by errors, then warnings,
 * then infos; KPI by the best hint's confidence; duplicates by count, then best score.
 * @param {string} column
 * @returns {(a: import('./report-model.js').Row, b: import('./report-model.js').Row) => number}
 */
export function comparator(column) {
  switch (column) {
    case 'title':
      return (a, b) => naturalCompare(a.title, b.title);
    case 'kind':
      return (a, b) => naturalCompare(a.kind, b.kind);
    case 'verdict':
      return (a, b) => verdictRank(a.verdict) - verdictRank(b.verdict);
    case 'score':
      return (a, b) => a.score - b.score;
    case 'findings':
      return (a, b) =>
        a.counts.error - b.counts.error || a.counts.warning - b.counts.warning || a.counts.info - b.counts.info;
    case 'kpi':
      return (a, b) => conf(a) - conf(b) || naturalCompare(a.kpi?.kpi ?? '', b.kpi?.kpi ?? '');
    case 'duplicates':
      return (a, b) => a.duplicates.length - b.duplicates.length || bestDup(a) - bestDup(b);
    default:
      return (a, b) => naturalCompare(a.key, b.key);
  }
}

/**
 * Sort rows by a column (stable: ties keep backlog order). Returns a new array.
 * @param {import('./report-model.js').Row[]} rows
 * @param {{column: string, direction: 'asc' | 'desc'}} sort
 * @returns {import('./report-model.js').Row[]}
 */
export function sortRows(rows, sort) {
  const cmp = comparator(sort?.column ?? 'key');
  const dir = sort?.direction === 'desc' ? -1 : 1;
  return rows.slice().sort((a, b) => dir * cmp(a, b) || a.idx - b.idx);
}

/**
 * The next sort state when a header is activated: a new column sorts ascending (score,
 * findings, KPI and duplicates start descending, biggest first); the same column flips.
 * @param {{column: string, direction: 'asc' | 'desc'}} current
 * @param {string} column
 * @returns {{column: string, direction: 'asc' | 'desc'}}
 */
export function nextSort(current, column) {
  if (current && current.column === column) {
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  const descFirst = ['score', 'findings', 'kpi', 'duplicates'].includes(column);
  return { column, direction: descFirst ? 'desc' : 'asc' };
}

/**
 * One page of rows.
 * @template T
 * @param {T[]} rows
 * @param {number} page 0-based; clamped to the available pages
 * @param {number} size rows per page
 * @returns {{rows: T[], page: number, pages: number, from: number, to: number}}
 */
export function paginate(rows, page, size) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  const from = p * size;
  const slice = rows.slice(from, from + size);
  return { rows: slice, page: p, pages, from, to: from + slice.length };
}

/**
 * @param {string} v
 * @returns {number}
 */
export function verdictRank(v) {
  const i = VERDICTS.indexOf(/** @type {any} */ (v));
  return i < 0 ? VERDICTS.length : i;
}

/** @param {import('./report-model.js').Row} r */
function conf(r) {
  const c = Number(r.kpi?.confidence);
  return Number.isFinite(c) ? c : -1;
}

/** @param {import('./report-model.js').Row} r */
function bestDup(r) {
  let best = -1;
  for (const d of r.duplicates) {
    const s = Number(d.score);
    if (Number.isFinite(s) && s > best) best = s;
  }
  return best;
}
