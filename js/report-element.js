// <readylens-report>: a drop-in view of a backlog's analysis for any web page: headline
// numbers, three SVG charts (readiness, findings by rule, KPI coverage) and a sortable
// table (key, title, type, verdict, score, top findings, KPI hint, duplicates).
//
//   import 'readylens/report-element';          // defines <readylens-report>
//   el.issues = parse(text).issues;              // analysed in the element (after init())
//   el.report = analyze(issues, config);         // or an analysis made elsewhere
//
// Every piece of issue text is set as text (textContent / createTextNode), never parsed
// as HTML. Links are only made from http(s) URLs. The table is a real <table> with a
// caption; its headers are buttons (keyboard-operable) and carry aria-sort.
//
// The row model, sorting and chart data come from the dashboard's own modules
// (www/js/, copied unchanged into lib/ by scripts/build-pkg.mjs), so the element and the
// dashboard show the same numbers.

import { init, analyze } from './index.js';
import { buildRows, kpiLabel, VERDICTS, VERDICT_LABELS } from './lib/report-model.js';
import { sortRows, nextSort } from './lib/table-query.js';
import { readinessDistribution, findingsByRule, kpiCoverage, healthPercent } from './lib/backlog-insights.js';
import { barChart, columnChart } from './lib/svg-charts.js';

/** The tag name `import 'readylens/report-element'` defines. */
export const TAG = 'readylens-report';

/** Columns: id (a table-query.js sort key), header text. */
const COLUMNS = /** @type {const} */ ([
  ['key', 'Key'],
  ['title', 'Title'],
  ['kind', 'Type'],
  ['verdict', 'Verdict'],
  ['score', 'Score'],
  ['findings', 'Top findings'],
  ['kpi', 'KPI hint'],
  ['duplicates', 'Duplicates'],
]);

const DEFAULT_PAGE_SIZE = 200;
const TOP_FINDINGS = 3;
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

const STYLE = `
:host {
  --readylens-bg: #ffffff; --readylens-text: #1b1f24; --readylens-muted: #57606a;
  --readylens-border: #d0d7de; --readylens-accent: #0b5cad; --readylens-focus: #0969da;
  --readylens-ready: #1a7f37; --readylens-almost: #9a6700; --readylens-not-ready: #cf222e;
  --readylens-info: #0969da; --readylens-kpi: #8250df; --readylens-none: #6e7781;
  --readylens-badge-text: #ffffff; --readylens-stripe: #f6f8fa;
  display: block; color: var(--readylens-text); background: var(--readylens-bg);
  font: 14px/1.45 var(--readylens-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
@media (prefers-color-scheme: dark) {
  :host {
    --readylens-bg: #0d1117; --readylens-text: #e6edf3; --readylens-muted: #9da7b3;
    --readylens-border: #30363d; --readylens-accent: #4493f8; --readylens-focus: #79c0ff;
    --readylens-ready: #3fb950; --readylens-almost: #d29922; --readylens-not-ready: #f85149;
    --readylens-info: #58a6ff; --readylens-kpi: #a371f7; --readylens-none: #8b949e;
    --readylens-badge-text: #0d1117; --readylens-stripe: #161b22;
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.headline { display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 0 0 12px; padding: 0; list-style: none; }
.headline li { display: flex; flex-direction: column; }
.headline .value { font-size: 1.35rem; font-weight: 650; }
.headline .label { color: var(--readylens-muted); font-size: .8rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin-bottom: 12px; }
figure { margin: 0; border: 1px solid var(--readylens-border); border-radius: 8px; padding: 8px 10px; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; display: block; overflow: visible; }
svg .bar { fill: var(--readylens-accent); }
svg .bar.verdict-ready { fill: var(--readylens-ready); }
svg .bar.verdict-almost-ready, svg .bar.sev-warning { fill: var(--readylens-almost); }
svg .bar.verdict-not-ready, svg .bar.sev-error { fill: var(--readylens-not-ready); }
svg .bar.sev-info { fill: var(--readylens-info); }
svg .bar.kpi { fill: var(--readylens-kpi); }
svg .bar.none { fill: var(--readylens-none); }
svg .axis { stroke: var(--readylens-muted); }
svg .axis-label { fill: var(--readylens-muted); font-size: 11px; }
svg .value-label { fill: var(--readylens-text); font-size: 11px; }
.status:empty { display: none; }
.status { margin: 0 0 8px; }
.error { color: var(--readylens-not-ready); font-weight: 600; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--readylens-border); }
tbody tr:nth-child(even) { background: var(--readylens-stripe); }
th { white-space: nowrap; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 2px 4px; margin: -2px -4px; cursor: pointer; border-radius: 4px; }
th button:focus-visible, a:focus-visible, button.more:focus-visible { outline: 3px solid var(--readylens-focus); outline-offset: 1px; }
th button .arrow { display: inline-block; width: 1em; color: var(--readylens-muted); }
td.score, th.score { text-align: right; }
td.key { white-space: nowrap; }
td.title { min-width: 16em; }
td.findings { min-width: 14em; }
a { color: var(--readylens-accent); }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: .78rem; font-weight: 600; white-space: nowrap; color: var(--readylens-badge-text); background: var(--readylens-none); }
.verdict-ready { background: var(--readylens-ready); }
.verdict-almost-ready { background: var(--readylens-almost); }
.verdict-not-ready { background: var(--readylens-not-ready); }
ul.findings { margin: 0; padding: 0; list-style: none; font-size: .9rem; }
ul.findings li + li { margin-top: 2px; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .7rem; margin-right: 4px; }
.sev-error { color: var(--readylens-not-ready); }
.sev-warning { color: var(--readylens-almost); }
.sev-info { color: var(--readylens-info); }
.rule, .more-count, .none-text { color: var(--readylens-muted); }
.rule { font-size: .8rem; }
button.more { margin-top: 8px; font: inherit; padding: 4px 10px; border: 1px solid var(--readylens-border); border-radius: 6px; background: var(--readylens-bg); color: inherit; cursor: pointer; }
`;

/**
 * Create an element with a class and text (text is never parsed as HTML).
 * @param {string} name
 * @param {string} [cls]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
function el(name, cls, text) {
  const e = document.createElement(name);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** @param {number} share 0–1 */
const pct = (share) => `${Math.round(share * 1000) / 10}%`;

/** @param {unknown} url */
function safeUrl(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? class {});

/**
 * The `<readylens-report>` element. Properties: `issues`, `report`, `config`; attributes
 * `caption` (the table caption) and `page-size` (rows shown before "Show more").
 * Events: `readylens-rendered` (detail `{report}`) after each render, `readylens-error`
 * (detail `{error}`) when the issues cannot be analysed.
 */
export class ReadylensReportElement extends Base {
  static get observedAttributes() {
    return ['caption', 'page-size'];
  }

  constructor() {
    super();
    /** @type {any[] | null} */
    this._issues = null;
    /** @type {any} */
    this._givenReport = null;
    /** @type {any} */
    this._config = null;
    /** @type {any} the report shown */
    this._report = null;
    /** @type {any[]} rows in the current order */
    this._rows = [];
    /** @type {{column: string, direction: 'asc' | 'desc'}} */
    this._sort = { column: 'key', direction: 'asc' };
    this._shown = 0;
    this._generation = 0;
    this._scheduled = false;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this._headline = el('ul', 'headline');
    this._headline.setAttribute('aria-label', 'Backlog summary');
    this._charts = el('div', 'charts');
    this._status = el('p', 'status');
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    const wrap = el('div', 'table-wrap');
    this._table = /** @type {HTMLTableElement} */ (el('table'));
    this._caption = el('caption');
    const thead = el('thead');
    const tr = el('tr');
    /** @type {Map<string, HTMLTableCellElement>} */
    this._headers = new Map();
    for (const [id, label] of COLUMNS) {
      const th = /** @type {HTMLTableCellElement} */ (el('th', id));
      th.scope = 'col';
      const b = /** @type {HTMLButtonElement} */ (el('button'));
      b.type = 'button';
      b.dataset.column = id;
      b.append(document.createTextNode(label), el('span', 'arrow'));
      b.querySelector('.arrow')?.setAttribute('aria-hidden', 'true');
      b.addEventListener('click', () => this.sortBy(id));
      th.append(b);
      tr.append(th);
      this._headers.set(id, th);
    }
    thead.append(tr);
    this._tbody = el('tbody');
    this._table.append(this._caption, thead, this._tbody);
    wrap.append(this._table);
    this._more = /** @type {HTMLButtonElement} */ (el('button', 'more'));
    this._more.type = 'button';
    this._more.hidden = true;
    this._more.addEventListener('click', () => this._showMore());
    root.append(style, this._headline, this._charts, this._status, wrap, this._more);
    this._updateCaption();
    this._updateSortHeaders();
  }

  /** The issues to show, as from `parse()`; analysed here with `config` unless `report` is set. */
  get issues() {
    return this._issues;
  }

  /** @param {any} v */
  set issues(v) {
    this._issues = Array.isArray(v) ? v : v && Array.isArray(v.issues) ? v.issues : null;
    this._schedule();
  }

  /** The analysis shown: as set, or as computed from `issues`. Setting null analyses `issues` again. */
  get report() {
    return this._report;
  }

  /** @param {any} v */
  set report(v) {
    this._givenReport = v && typeof v === 'object' && Array.isArray(v.issues) ? v : null;
    this._schedule();
  }

  /** The configuration `issues` are analysed with (ignored when `report` is given). */
  get config() {
    return this._config;
  }

  /** @param {any} v */
  set config(v) {
    this._config = v ?? null;
    this._schedule();
  }

  /** The current sort: `{column, direction}`. */
  get sort() {
    return { ...this._sort };
  }

  connectedCallback() {
    // A property set before the element was defined sits on the instance and hides the
    // class's setter: move it through the setter.
    for (const prop of ['config', 'issues', 'report']) {
      if (Object.prototype.hasOwnProperty.call(this, prop)) {
        const value = /** @type {any} */ (this)[prop];
        delete (/** @type {any} */ (this))[prop];
        /** @type {any} */ (this)[prop] = value;
      }
    }
  }

  attributeChangedCallback() {
    this._updateCaption();
    if (this._report) this._renderRows(true);
  }

  /**
   * Sort the table by a column (`key`, `title`, `kind`, `verdict`, `score`, `findings`,
   * `kpi`, `duplicates`); the same column again flips the direction.
   * @param {string} column
   * @param {'asc' | 'desc'} [direction]
   */
  sortBy(column, direction) {
    if (!this._headers.has(column)) throw new Error(`readylens-report: unknown column \`${column}\``);
    this._sort = direction ? { column, direction } : nextSort(this._sort, column);
    this._rows = sortRows(this._rows, this._sort);
    this._updateSortHeaders();
    this._renderRows(true);
    const label = COLUMNS.find(([id]) => id === column)?.[1] ?? column;
    this._status.textContent = `Sorted by ${label}, ${this._sort.direction === 'asc' ? 'ascending' : 'descending'}.`;
  }

  /** Render again on the next microtask (several property sets give one render). */
  _schedule() {
    this._generation += 1;
    if (this._scheduled) return;
    this._scheduled = true;
    queueMicrotask(() => {
      this._scheduled = false;
      void this._update(this._generation);
    });
  }

  /** @param {number} generation */
  async _update(generation) {
    let report = this._givenReport;
    try {
      if (!report && this._issues) {
        this.setAttribute('state', 'analysing');
        this._table.setAttribute('aria-busy', 'true');
        await init();
        if (generation !== this._generation) return;
        report = analyze(this._issues, this._config);
      }
    } catch (error) {
      if (generation !== this._generation) return;
      this._table.removeAttribute('aria-busy');
      this.setAttribute('state', 'error');
      this._status.replaceChildren(el('span', 'error', error instanceof Error ? error.message : String(error)));
      this.dispatchEvent(new CustomEvent('readylens-error', { detail: { error }, bubbles: true, composed: true }));
      return;
    }
    if (generation !== this._generation) return;
    this._table.removeAttribute('aria-busy');
    this._report = report ?? null;
    const issues = this._issues && report && this._issues.length === report.issues.length ? this._issues : [];
    this._rows = report ? sortRows(buildRows(issues, report), this._sort) : [];
    this._status.textContent = '';
    this._renderSummary();
    this._renderCharts();
    this._renderRows(true);
    this.setAttribute('state', report ? 'ready' : 'empty');
    this.dispatchEvent(new CustomEvent('readylens-rendered', { detail: { report }, bubbles: true, composed: true }));
  }

  _pageSize() {
    const n = Number(this.getAttribute('page-size'));
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_PAGE_SIZE;
  }

  _updateCaption() {
    const text = this.getAttribute('caption') || 'Backlog readiness';
    const n = this._rows.length;
    this._caption.textContent = this._report ? `${text} (${n} ${n === 1 ? 'issue' : 'issues'}; activate a column header to sort)` : text;
  }

  _updateSortHeaders() {
    for (const [id, th] of this._headers) {
      const arrow = th.querySelector('.arrow');
      if (id === this._sort.column) {
        th.setAttribute('aria-sort', this._sort.direction === 'asc' ? 'ascending' : 'descending');
        if (arrow) arrow.textContent = this._sort.direction === 'asc' ? '▲' : '▼';
      } else {
        th.setAttribute('aria-sort', 'none');
        if (arrow) arrow.textContent = '';
      }
    }
  }

  _renderSummary() {
    const b = this._report?.backlog;
    if (!b) {
      this._headline.replaceChildren();
      return;
    }
    /** @type {[string, string][]} */
    const items = [
      [String(b.issues), b.issues === 1 ? 'issue' : 'issues'],
      [pct(b.readiness_rate ?? 0), 'ready'],
      [String(b.almost_ready ?? 0), 'almost ready'],
      [String(b.not_ready ?? 0), 'not ready'],
      [`${healthPercent(b) ?? 0}%`, 'health index'],
      [pct(b.kpi_coverage ?? 0), 'linked to a KPI'],
    ];
    this._headline.replaceChildren(
      ...items.map(([value, label]) => {
        const li = el('li');
        li.append(el('span', 'value', value), el('span', 'label', label));
        return li;
      }),
    );
  }

  _renderCharts() {
    if (!this._report) {
      this._charts.replaceChildren();
      return;
    }
    const rows = this._rows;
    const dist = readinessDistribution(rows);
    const readiness = columnChart(
      dist.verdicts.map((v) => ({ label: VERDICT_LABELS[/** @type {'ready'} */ (v.verdict)], value: v.count, cls: `verdict-${v.verdict}` })),
      { label: `Readiness: ${dist.verdicts.map((v) => `${v.count} ${VERDICT_LABELS[/** @type {'ready'} */ (v.verdict)].toLowerCase()}`).join(', ')}`, width: 320, height: 180 },
    );
    const rules = findingsByRule(rows).slice(0, 8);
    const findings = barChart(
      rules.map((r) => ({ label: r.rule, value: r.count, cls: `sev-${r.severity}`, title: `${r.rule}: ${r.count} findings in ${r.issues} issues` })),
      { label: rules.length ? `Findings by rule: ${rules.map((r) => `${r.rule} ${r.count}`).join(', ')}` : 'No findings', width: 320, labelWidth: 150 },
    );
    const cov = kpiCoverage(rows);
    const kpiItems = cov.kpis.slice(0, 6).map((k) => ({ label: k.kpi, value: k.count, cls: 'kpi' }));
    kpiItems.push({ label: 'no KPI', value: cov.uncovered, cls: 'none' });
    const kpis = barChart(kpiItems, { label: `KPI coverage: ${cov.covered} of ${rows.length} issues linked to a KPI; ${kpiItems.map((k) => `${k.label} ${k.value}`).join(', ')}`, width: 340, labelWidth: 165 });
    /**
     * @param {string} id
     * @param {string} caption
     * @param {Element} chart
     */
    const figure = (id, caption, chart) => {
      const f = el('figure');
      f.dataset.chart = id;
      f.append(el('figcaption', '', caption), chart);
      return f;
    };
    this._charts.replaceChildren(
      figure('readiness', 'Readiness', readiness),
      figure('findings', 'Findings by rule', findings),
      figure('kpi', 'KPI coverage', kpis),
    );
  }

  /** @param {boolean} reset start again from the first page */
  _renderRows(reset) {
    if (reset) {
      this._tbody.replaceChildren();
      this._shown = 0;
    }
    this._updateCaption();
    this._showMore();
  }

  _showMore() {
    const next = this._rows.slice(this._shown, this._shown + this._pageSize());
    const frag = document.createDocumentFragment();
    for (const r of next) frag.append(this._row(r));
    this._tbody.append(frag);
    this._shown += next.length;
    const left = this._rows.length - this._shown;
    this._more.hidden = left <= 0;
    this._more.textContent = `Show ${Math.min(left, this._pageSize())} more of ${left}`;
  }

  /**
   * One table row; every value is set as text.
   * @param {import('./lib/report-model.js').Row} r
   */
  _row(r) {
    const tr = el('tr');
    tr.dataset.key = r.key;
    const td = (/** @type {string} */ cls) => {
      const c = el('td', cls);
      tr.append(c);
      return c;
    };
    const key = td('key');
    const href = safeUrl(r.url);
    if (href) {
      const a = /** @type {HTMLAnchorElement} */ (el('a', '', r.key));
      a.href = href;
      a.rel = 'noopener noreferrer';
      key.append(a);
    } else {
      key.textContent = r.key;
    }
    td('title').textContent = r.title;
    td('kind').textContent = r.kindName || r.kind;
    const verdict = td('verdict');
    if (VERDICTS.includes(/** @type {any} */ (r.verdict))) {
      verdict.dataset.verdict = r.verdict;
      verdict.append(el('span', `badge verdict-${r.verdict}`, VERDICT_LABELS[/** @type {'ready'} */ (r.verdict)]));
    }
    td('score').textContent = r.score >= 0 ? String(r.score) : '—';
    const findings = td('findings');
    const diags = r.diagnostics
      .map((d, i) => ({ d, i }))
      .sort((a, b) => (SEVERITY_RANK[/** @type {'error'} */ (a.d.severity)] ?? 3) - (SEVERITY_RANK[/** @type {'error'} */ (b.d.severity)] ?? 3) || a.i - b.i)
      .map((x) => x.d);
    if (diags.length) {
      const ul = el('ul', 'findings');
      for (const d of diags.slice(0, TOP_FINDINGS)) {
        const li = el('li');
        const sev = String(d.severity ?? 'info');
        li.append(el('span', `sev sev-${sev}`, sev), document.createTextNode(String(d.message ?? '')), document.createTextNode(' '), el('span', 'rule', `(${String(d.rule ?? '')})`));
        ul.append(li);
      }
      if (diags.length > TOP_FINDINGS) ul.append(el('li', 'more-count', `+${diags.length - TOP_FINDINGS} more`));
      findings.append(ul);
    } else {
      findings.append(el('span', 'none-text', 'none'));
    }
    td('kpi').textContent = r.kpi ? kpiLabel(r.kpi) : '—';
    td('duplicates').textContent = r.duplicates.length
      ? r.duplicates.map((d) => `${String(d.key)} (${Math.round(Number(d.score) * 100)}%)`).join(', ')
      : '—';
    return tr;
  }
}

/**
 * Define the element (idempotent). Importing this module already defines
 * `<readylens-report>`; call this with another name to use that name as well.
 * @param {string} [name]
 * @returns {CustomElementConstructor | undefined} the registered class
 */
export function defineReportElement(name = TAG) {
  const registry = globalThis.customElements;
  if (!registry) return undefined;
  const existing = registry.get(name);
  if (existing) return existing;
  // One class can be registered under one name only.
  const taken = typeof registry.getName === 'function' ? registry.getName(ReadylensReportElement) !== null : registry.get(TAG) === ReadylensReportElement;
  const cls = taken ? class extends ReadylensReportElement {} : ReadylensReportElement;
  registry.define(name, cls);
  return cls;
}

defineReportElement();
