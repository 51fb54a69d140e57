// The dashboard page: loading, the worker round trips, and rendering every view. The
// analysed backlog lives in the worker (backlog-session.js); the page asks it for the
// summary, one page of the table, one issue or an export.
// All issue text reaches the page through textContent (the `h` helper below); nothing
// built from input is ever assigned to innerHTML.

import { VERDICTS, VERDICT_LABELS, FIELD_LABELS, TEXT_FIELDS, kpiLabel } from './report-model.js';
import { nextSort } from './table-query.js';
import { healthPercent, scoreEntries, EFFORT_INPUT } from './backlog-insights.js';
import { issueNote } from './export-formats.js';
import { segments, resolveSpan } from './span-segments.js';
import { loadConfig, saveConfig, parseConfigText, configFileText } from './settings-store.js';
import { barChart, columnChart, scatterChart } from './svg-charts.js';

/** Display names of the priority frameworks (`Framework::label` in src/priority/mod.rs). */
const FRAMEWORK_LABELS = { rice: 'RICE', ice: 'ICE', wsjf: 'WSJF', cd3: 'CD3', 'value-effort': 'Value/effort' };

/** Bundled real samples (sources in samples/README.md). */
const SAMPLES = {
  g03: { url: 'samples/g03-loudoun.txt', name: 'g03-loudoun.txt (Dalpiaz user stories, CC BY 4.0)' },
  mesos: { url: 'samples/mesos-rice.csv', name: 'mesos-rice.csv (Apache Mesos issues, Choetkiertikul et al. 2018)' },
};

/** The current analysis: the worker's id for it and its summary (backlog-session.js). */
/** @type {{analysis: number, summary: any, backlog: any, format: string, source: string, problems: any[], analysisDate: string | null} | null} */
let data = null;
/** What was analysed last (to re-analyse after a settings change). */
/** @type {{text?: string, issues?: any[], source: string, format: string} | null} */
let lastInput = null;
let info = { version: '', formats: /** @type {string[]} */ ([]), defaultConfig: null };
let config = loadConfig(safeStorage()) ?? {};
const view = {
  filters: /** @type {import('./table-query.js').Filters} */ ({}),
  sort: /** @type {{column: string, direction: 'asc' | 'desc'}} */ ({ column: 'key', direction: 'asc' }),
  page: 0,
  pageSize: 50,
};
/** Sequence number of the latest table query: older answers are dropped. */
let querySeq = 0;
/** Keys of the table page on screen, in order: the drawer steps through them. */
let pageKeys = /** @type {string[]} */ ([]);
/** The key shown in the drawer. */
let drawerKey = '';

// ---------------------------------------------------------------- DOM helpers

/**
 * Create an element. `attrs` keys: `class`, `text` (textContent), `dataset`, `on<event>`
 * handlers, anything else as an attribute. Children: nodes or strings (as text).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c == null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** @param {number} x share 0–1 */
const pct = (x) => `${Math.round(x * 1000) / 10}%`;

/**
 * Only http(s) links from issue data become clickable (never `javascript:` and the like).
 * @param {string} url
 * @returns {string | null}
 */
function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the worker

let worker = /** @type {Worker | null} */ (null);
let nextId = 1;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (ev) => {
    const msg = ev.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg);
      return;
    }
    pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  };
  worker.onerror = (ev) => {
    const err = new Error(ev.message || 'the analysis worker failed to start');
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
}

/**
 * @param {Record<string, any>} msg
 * @param {(m: any) => void} [onProgress]
 * @returns {Promise<any>}
 */
function ask(msg, onProgress) {
  if (!worker) startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker?.postMessage({ ...msg, id });
  });
}

function cancelWork() {
  worker?.terminate();
  worker = null;
  const err = new Error('cancelled');
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

// ---------------------------------------------------------------- loading

/**
 * @param {string} text
 * @param {{value?: number, max?: number} | null} [progress] null hides the bar; no value = indeterminate
 */
function setStatus(text, progress = null) {
  $('status-text').textContent = text;
  const bar = /** @type {HTMLProgressElement} */ ($('progress'));
  if (progress) {
    bar.hidden = false;
    bar.max = progress.max ?? 1;
    if (progress.value === undefined) bar.removeAttribute('value');
    else bar.value = progress.value;
  } else {
    bar.hidden = true;
  }
}

const STAGES = { parse: 'Parsing', analyse: 'Analysing', rows: 'Preparing the table' };

/**
 * Parse and analyse `text` in the worker, then render.
 * @param {string} text
 * @param {string} source
 */
function analyseText(text, source) {
  const format = /** @type {HTMLSelectElement} */ ($('format-select')).value;
  return analyseInput({ text, source, format });
}

/**
 * Analyse tracker text (any format `parseIssues` reads) or already normalised issues.
 * @param {{text?: string, issues?: any[], source: string, format: string}} input
 */
async function analyseInput(input) {
  const { text, issues, source, format } = input;
  lastInput = input;
  delete document.body.dataset.rendered;
  // The worker drops the previous backlog when a new analysis starts, so the old results
  // stay on screen but inert until the new ones replace them.
  data = null;
  $('results').inert = true;
  /** @type {HTMLDialogElement} */ ($('drawer')).close();
  const started = performance.now();
  let ticker = 0;
  $('cancel').hidden = false;
  document.body.classList.add('busy');
  setStatus(`Reading ${source}…`, {});
  try {
    const res = await ask({ type: 'analyze', text, issues, format, source, config }, (m) => {
      const label = STAGES[m.stage] ?? m.stage;
      clearInterval(ticker);
      if (m.stage === 'rows') setStatus(`${label}: ${m.done.toLocaleString()} of ${m.total.toLocaleString()} issues…`, { value: m.done, max: Math.max(1, m.total) });
      else if (m.stage === 'analyse') {
        // The core analyses the backlog in one call (duplicates compare issues across the
        // whole backlog), so there is no percentage to show: show that time passes.
        const text = `${label} ${m.total.toLocaleString()} issues…`;
        const since = performance.now();
        setStatus(text, {});
        ticker = window.setInterval(() => setStatus(`${text} ${Math.round((performance.now() - since) / 1000)} s`, {}), 1000);
      } else setStatus(`${label} ${source}…`, {});
    });
    clearInterval(ticker);
    data = { analysis: res.analysis, summary: res.summary, backlog: res.summary.backlog ?? {}, format: res.format, source, problems: res.problems, analysisDate: res.analysisDate ?? null };
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    const tm = res.timings ?? {};
    const s1 = (ms) => `${(Number(ms) / 1000).toFixed(1)} s`;
    setStatus(`Analysed ${res.summary.total.toLocaleString()} issues from ${source} (${res.format}) in ${secs} s.`);
    $('status-text').title = `parse ${s1(tm.parse)}, analysis ${s1(tm.analyse)}, rows and summary ${s1(tm.rows)}`;
    view.page = 0;
    $('results').inert = false;
    await renderAll();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /(^|: )configuration\b/.test(msg) ? ' Open Settings to fix or reset the configuration.' : '';
    setStatus(msg === 'cancelled' ? 'Cancelled.' : `Could not analyse ${source}: ${msg}${hint}`);
    $('results').hidden = true;
    $('results').inert = false;
    for (const b of document.querySelectorAll('[data-export]')) /** @type {HTMLButtonElement} */ (b).disabled = true;
  } finally {
    clearInterval(ticker);
    $('cancel').hidden = true;
    document.body.classList.remove('busy');
  }
}

/** @param {File} file */
async function loadFile(file) {
  setStatus(`Reading ${file.name}…`, {});
  try {
    const text = await file.text();
    await analyseText(text, file.name);
  } catch (e) {
    setStatus(`Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** @param {keyof typeof SAMPLES} which */
async function loadSample(which) {
  const sample = SAMPLES[which] ?? SAMPLES.g03;
  setStatus('Loading the sample backlog…', {});
  try {
    const res = await fetch(sample.url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    /** @type {HTMLSelectElement} */ ($('format-select')).value = 'auto';
    await analyseText(await res.text(), sample.name);
  } catch (e) {
    setStatus(`Could not load the sample: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------- rendering

async function renderAll() {
  if (!data) return;
  const analysis = data.analysis;
  $('results').hidden = false;
  $('source-name').textContent = `· ${data.source}`;
  for (const b of document.querySelectorAll('[data-export]')) /** @type {HTMLButtonElement} */ (b).disabled = false;
  renderProblems();
  renderHeadline();
  renderFacets();
  renderNextUp();
  renderHygiene();
  renderCharts();
  await Promise.all([renderTable(), renderPriorityChart()]);
  // `data-rendered` tells tests (and anyone scripting the page) that all is drawn.
  if (data?.analysis === analysis) document.body.dataset.rendered = String(analysis);
}

function renderProblems() {
  const list = $('problem-list');
  list.replaceChildren();
  const problems = data?.problems ?? [];
  $('problems').hidden = problems.length === 0;
  for (const p of problems.slice(0, 100)) {
    list.append(h('li', { text: [p.location, p.message].filter(Boolean).join(': ') }));
  }
  if (problems.length > 100) list.append(h('li', { text: `…and ${problems.length - 100} more` }));
}

function renderHeadline() {
  if (!data) return;
  const b = data.backlog;
  const total = data.summary.total;
  const num = (v, fallback) => (Number.isFinite(v) ? v : fallback);
  const count = (v) => data?.summary.distribution.verdicts.find((x) => x.verdict === v)?.count ?? 0;
  const health = healthPercent(b);
  const items = [
    ['issues', 'Issues', String(num(b.issues, total))],
    ['readiness-rate', 'Readiness rate', Number.isFinite(b.readiness_rate) ? pct(b.readiness_rate) : '–'],
    ['health', 'Health index', health === null ? '–' : `${health}%`, 'criteria + estimate + outcome'],
    ['ready', 'Ready', String(num(b.ready, count('ready')))],
    ['almost-ready', 'Almost ready', String(num(b.almost_ready, count('almost-ready')))],
    ['not-ready', 'Not ready', String(num(b.not_ready, count('not-ready')))],
    ['kpi-coverage', 'KPI coverage', Number.isFinite(b.kpi_coverage) ? pct(b.kpi_coverage) : '–'],
    ['findings', 'Findings', `${num(b.errors, 0)} / ${num(b.warnings, 0)} / ${num(b.infos, 0)}`, 'errors / warnings / infos'],
    ['duplicates', 'With duplicates', String(num(b.with_duplicates, 0))],
  ];
  const dl = $('headline');
  dl.replaceChildren();
  for (const [id, label, value, note] of items) {
    dl.append(
      h('div', { class: `metric metric-${id}`, dataset: { metric: id } },
        h('dt', { text: label }),
        h('dd', {}, h('span', { class: 'metric-value', text: value }), note ? h('span', { class: 'metric-note', text: note }) : null)),
    );
  }
}

function renderNextUp() {
  const ol = $('next-up');
  ol.replaceChildren();
  const list = data?.summary.nextUp ?? [];
  if (!list.length) {
    ol.append(h('li', { class: 'muted', text: data?.summary.total ? 'Every issue is ready.' : 'No issues.' }));
    return;
  }
  for (const r of list) {
    ol.append(h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => openDrawer(r.key) }, h('strong', { text: r.key }), ` ${r.title}`),
      ' ', verdictBadge(r), h('span', { class: 'score', text: ` ${r.score}%` }),
      r.todo.length ? h('div', { class: 'muted small', text: `Left to do: ${r.todo.slice(0, 2).join(' · ')}` }) : null));
  }
}

const HYGIENE_COUNTS = [
  ['stale', 'Stale'],
  ['aging', 'Aging'],
  ['oversized', 'Oversized'],
  ['orphans', 'Without a parent'],
  ['blocked', 'Blocked'],
  ['duplicate_clusters', 'Duplicate clusters'],
];

function renderHygiene() {
  const hy = data?.backlog?.hygiene ?? {};
  $('hygiene-date').textContent = data?.analysisDate || 'no date';
  const dl = $('hygiene-counts');
  dl.replaceChildren();
  for (const [id, label] of HYGIENE_COUNTS) {
    const n = Number.isFinite(hy[id]) ? hy[id] : 0;
    dl.append(h('div', { class: 'metric', dataset: { hygiene: id } },
      h('dt', { text: label }), h('dd', {}, h('span', { class: 'metric-value', text: String(n) }))));
  }
  const ol = $('hygiene-worst');
  ol.replaceChildren();
  const worst = Array.isArray(hy.worst) ? hy.worst : [];
  if (!worst.length) {
    ol.append(h('li', { class: 'muted', text: 'No hygiene problems found.' }));
    return;
  }
  for (const o of worst) {
    const rules = Array.isArray(o.rules) ? o.rules : [];
    ol.append(h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => openDrawer(String(o.key)) }, h('strong', { text: String(o.key) }), ` ${o.title ?? ''}`),
      h('div', { class: 'muted small', text: rules.map((r) => String(r).replace(/^hygiene\//, '')).join(' · ') })));
  }
}

/** @param {{verdict: string}} r */
function verdictBadge(r) {
  return h('span', { class: `badge verdict-${r.verdict || 'unknown'}`, text: VERDICT_LABELS[r.verdict] ?? 'unknown' });
}

/** @param {string} sev */
function severityBadge(sev) {
  return h('span', { class: `badge sev-${sev}`, text: sev });
}

function renderFacets() {
  if (!data) return;
  const f = data.summary.facets;
  const fill = (id, values, labels = {}) => {
    const sel = /** @type {HTMLSelectElement} */ ($(id));
    const keep = sel.value;
    sel.replaceChildren(h('option', { value: '', text: 'all' }));
    for (const v of values) sel.append(h('option', { value: v, text: labels[v] ?? v }));
    sel.value = values.includes(keep) ? keep : '';
    sel.disabled = values.length === 0;
  };
  fill('f-verdict', [...VERDICTS], VERDICT_LABELS);
  fill('f-kind', f.kind);
  fill('f-label', f.label);
  fill('f-epic', f.epic);
  fill('f-assignee', f.assignee);
  fill('f-status', f.status);
  fill('f-rule', f.rule);
  readFilters();
}

function readFilters() {
  const val = (id) => /** @type {HTMLInputElement} */ ($(id)).value;
  view.filters = {
    text: val('f-text'), verdict: val('f-verdict'), kind: val('f-kind'), label: val('f-label'),
    epic: val('f-epic'), assignee: val('f-assignee'), status: val('f-status'), rule: val('f-rule'),
  };
}

/**
 * Set one filter from elsewhere on the page (a chart bar) and show the table.
 * @param {string} name
 * @param {string} value
 */
function applyFilter(name, value) {
  const sel = /** @type {HTMLSelectElement} */ ($(`f-${name}`));
  sel.value = value;
  readFilters();
  view.page = 0;
  renderTable().then(() => $('table-section').focus());
}

function renderCharts() {
  if (!data) return;
  const sum = data.summary;
  const total = sum.total;
  const place = (id, node, table) => {
    const fig = $(id);
    for (const el of [...fig.children]) if (el.tagName !== 'FIGCAPTION') el.remove();
    fig.append(node);
    if (table) fig.append(table);
  };
  const dist = sum.distribution;
  place('chart-readiness', barChart(
    dist.verdicts.map((v) => ({
      label: VERDICT_LABELS[v.verdict], value: v.count, cls: `verdict-${v.verdict}`,
      title: `${VERDICT_LABELS[v.verdict]}: ${v.count} issues (show them)`, onActivate: () => applyFilter('verdict', v.verdict),
    })),
    { label: `Readiness: ${dist.verdicts.map((v) => `${v.count} ${VERDICT_LABELS[v.verdict].toLowerCase()}`).join(', ')}`, labelWidth: 110 },
  ));
  place('chart-scores', columnChart(
    dist.scores.map((s) => ({ label: `${s.from}`, value: s.count, title: `score ${s.from}–${s.to}: ${s.count} issues` })),
    { label: `Readiness scores in bands of ten: ${dist.scores.map((s) => s.count).join(', ')}` },
  ));
  const checks = sum.checks;
  const ruleSet = new Set(sum.facets.rule);
  place('chart-checks', checks.length
    ? barChart(checks.slice(0, 12).map((c) => ({
      label: c.check.replace(/^ready\//, ''), value: c.count, cls: 'sev-error',
      title: `${c.check}: ${c.count} issues fail it${ruleSet.has(c.check) ? ' (show them)' : ''}`,
      onActivate: ruleSet.has(c.check) ? () => applyFilter('rule', c.check) : undefined,
    })), { label: `Failing Definition of Ready checks: ${checks.map((c) => `${c.check} ${c.count}`).join(', ')}`, labelWidth: 170 })
    : h('p', { class: 'muted', text: 'Every issue passes every readiness check.' }));
  const rules = sum.rules;
  place('chart-rules', rules.length
    ? barChart(rules.slice(0, 15).map((r) => ({
      label: r.rule, value: r.count, cls: `sev-${r.severity}`,
      title: `${r.rule} (${r.severity}): ${r.count} findings in ${r.issues} issues (show them)`, onActivate: () => applyFilter('rule', r.rule),
    })), { label: `Findings by rule: ${rules.slice(0, 15).map((r) => `${r.rule} ${r.count}`).join(', ')}`, labelWidth: 190 })
    : h('p', { class: 'muted', text: 'No findings.' }),
    rules.length > 15 ? h('p', { class: 'muted small', text: `Top 15 of ${rules.length} rules; the Rule filter lists them all.` }) : null);
  const kc = sum.kpi;
  place('chart-kpi', barChart(
    [...kc.kpis.slice(0, 11).map((k) => ({ label: k.kpi, value: k.count, cls: 'kpi' })), { label: 'no KPI', value: kc.uncovered, cls: 'none' }],
    { label: `KPI coverage: ${kc.covered} of ${total} issues linked to a KPI`, labelWidth: 150 },
  ));
  const clusters = sum.clusters;
  const dupBox = h('div', { class: 'clusters' });
  if (!clusters.length) dupBox.append(h('p', { class: 'muted', text: 'No likely duplicates found.' }));
  for (const c of clusters) {
    dupBox.append(h('div', { class: 'cluster' },
      h('span', { class: 'muted small', text: `${c.keys.length} issues, best match ${Math.round(c.best * 100)}%: ` }),
      ...c.keys.map((k, i) => h('button', { type: 'button', class: 'chip', title: c.titles[i] || k, onclick: () => openDrawer(k) }, k))));
  }
  if (sum.clusterCount > clusters.length) dupBox.append(h('p', { class: 'muted small', text: `…and ${sum.clusterCount - clusters.length} more clusters.` }));
  place('chart-duplicates', dupBox);
}

async function renderPriorityChart() {
  if (!data) return;
  const analysis = data.analysis;
  const frameworks = data.summary.frameworks;
  const sel = /** @type {HTMLSelectElement} */ ($('framework-select'));
  const keep = sel.value;
  sel.replaceChildren(...frameworks.map((f) => h('option', { value: f, text: FRAMEWORK_LABELS[f] ?? f })));
  const primary = data.summary.primary;
  sel.value = frameworks.includes(keep) ? keep : frameworks.includes(primary) ? primary : frameworks[0] ?? '';
  $('framework-picker').hidden = frameworks.length === 0;
  const framework = sel.value;
  let pts = [];
  if (framework) {
    try {
      pts = (await ask({ type: 'scatter', analysis, framework })).points;
    } catch {
      pts = [];
    }
  }
  if (data?.analysis !== analysis || sel.value !== framework) return;
  const fig = $('chart-priority');
  for (const el of [...fig.children]) if (el.tagName !== 'FIGCAPTION') el.remove();
  if (!pts.length) {
    fig.append(h('p', { class: 'muted', text: frameworks.length ? 'No issue has both a value and an effort for this framework.' : 'No issue could be scored by a priority framework: the export has no value inputs (e.g. RICE reach/impact/confidence, WSJF business value, a "Value" field) to score.' }));
    return;
  }
  const fw = FRAMEWORK_LABELS[sel.value] ?? sel.value;
  const round = (n) => Math.round(n * 100) / 100;
  fig.append(scatterChart(pts.map((p) => ({
    x: p.effort, y: p.value, cls: `verdict-${p.verdict}`,
    title: `${p.key}: ${p.title} (value ${round(p.value)}, effort ${round(p.effort)}, ${fw} ${round(p.score)})`,
    onActivate: () => openDrawer(p.key),
  })), {
    label: `Value against effort by ${fw} for ${pts.length} issues`,
    xLabel: EFFORT_INPUT[sel.value] ? EFFORT_INPUT[sel.value].replace('_', ' ') : 'estimate',
    yLabel: 'value',
  }));
  fig.append(h('p', { class: 'muted small', text: `${pts.length} of ${data.summary.total} issues have both; top left are quick wins. Colours show the readiness verdict.` }));
}

/** Ask the worker for the current page of the table and draw it. */
async function renderTable() {
  if (!data) return;
  const seq = ++querySeq;
  let page;
  try {
    page = await ask({ type: 'query', analysis: data.analysis, query: { filters: view.filters, sort: view.sort, page: view.page, pageSize: view.pageSize } });
  } catch (e) {
    setStatus(`Could not show the table: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (seq !== querySeq || !data) return;
  view.page = page.page;
  const tbody = /** @type {HTMLTableSectionElement} */ ($('issue-table').querySelector('tbody'));
  const frag = document.createDocumentFragment();
  for (const r of page.rows) frag.append(tableRow(r));
  pageKeys = page.rows.map((r) => r.key);
  tbody.replaceChildren(frag);
  if (!page.rows.length) tbody.append(h('tr', {}, h('td', { colspan: '8', class: 'muted', text: 'No issue matches these filters.' })));
  $('table-count').textContent = page.matched === page.total
    ? `${page.total.toLocaleString()} issues`
    : `${page.matched.toLocaleString()} of ${page.total.toLocaleString()} issues match`;
  $('page-info').textContent = page.matched ? `Rows ${page.from + 1}–${page.to} of ${page.matched}, page ${page.page + 1} of ${page.pages}` : '';
  /** @type {HTMLButtonElement} */ ($('prev-page')).disabled = page.page === 0;
  /** @type {HTMLButtonElement} */ ($('next-page')).disabled = page.page >= page.pages - 1;
  for (const th of document.querySelectorAll('#issue-table th[data-col]')) {
    const col = /** @type {HTMLElement} */ (th).dataset.col;
    if (col === view.sort.column) th.setAttribute('aria-sort', view.sort.direction === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  }
}

/** @param {import('./report-model.js').Row} r */
function tableRow(r) {
  const top = r.diagnostics.slice(0, 2);
  const findings = h('td', { class: 'findings' });
  for (const d of top) findings.append(h('div', { class: 'finding-line' }, severityBadge(d.severity), ` ${d.message ?? d.rule}`));
  if (r.diagnostics.length > 2) findings.append(h('div', { class: 'muted small', text: `+${r.diagnostics.length - 2} more` }));
  if (!r.diagnostics.length) findings.append(h('span', { class: 'muted', text: 'none' }));
  const dups = h('td', { class: 'dups' });
  for (const d of r.duplicates.slice(0, 3)) {
    const s = Number(d.score);
    dups.append(h('div', { text: `${d.key}${Number.isFinite(s) ? ` (${Math.round(s * 100)}%)` : ''}` }));
  }
  if (r.duplicates.length > 3) dups.append(h('div', { class: 'muted small', text: `+${r.duplicates.length - 3} more` }));
  return h('tr', {
    dataset: { key: r.key, verdict: r.verdict },
    // A click anywhere on the row opens it too (the key button is the keyboard way in);
    // selecting text in the row does not.
    onclick: (/** @type {MouseEvent} */ e) => {
      if (e.target instanceof Element && e.target.closest('button, a')) return;
      if (String(window.getSelection() ?? '')) return;
      openDrawer(r.key);
    },
  },
    h('td', { class: 'key' }, h('button', { type: 'button', class: 'link', onclick: () => openDrawer(r.key), 'aria-label': `Open ${r.key}` }, r.key)),
    h('td', { class: 'title', text: r.title }),
    h('td', { class: 'kind', text: r.kindName || r.kind }),
    h('td', {}, verdictBadge(r)),
    h('td', { class: 'num', text: r.score >= 0 ? String(r.score) : '–' }),
    findings,
    h('td', { class: 'kpi', text: r.kpi ? kpiLabel(r.kpi) : '' }),
    dups);
}

// ---------------------------------------------------------------- drawer

/**
 * Copy text to the clipboard; falls back to a hidden textarea where the Clipboard API
 * is unavailable (older browsers, insecure origins).
 * @param {string} text
 * @param {HTMLElement} button shows "Copied"
 */
async function copyText(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const ta = /** @type {HTMLTextAreaElement} */ (h('textarea', { class: 'visually-hidden' }));
    ta.value = text;
    document.body.append(ta);
    ta.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
  }
  const old = button.textContent;
  button.textContent = ok ? 'Copied' : 'Copy failed';
  setTimeout(() => { button.textContent = old; }, 1500);
}

/**
 * Fetch one issue from the worker and show it in the drawer.
 * @param {string} key
 */
async function openDrawer(key) {
  if (!data) return;
  let found;
  try {
    found = await ask({ type: 'row', analysis: data.analysis, key });
  } catch (e) {
    setStatus(`Could not open ${key}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  drawIssue(found.row, found.duplicateTitles ?? {});
}

/**
 * Step the drawer to the previous (-1) or next (+1) issue of the table page.
 * @param {number} step
 */
function stepDrawer(step) {
  const i = pageKeys.indexOf(drawerKey);
  const key = pageKeys[i + step];
  if (i >= 0 && key) openDrawer(key);
}

/**
 * @param {import('./report-model.js').Row} r
 * @param {Record<string, string | null>} duplicateTitles
 */
function drawIssue(r, duplicateTitles) {
  const dlg = /** @type {HTMLDialogElement} */ ($('drawer'));
  drawerKey = r.key;
  $('drawer-title').textContent = `${r.key}: ${r.title}`;
  const at = pageKeys.indexOf(r.key);
  /** @type {HTMLButtonElement} */ ($('drawer-prev')).disabled = at <= 0;
  /** @type {HTMLButtonElement} */ ($('drawer-next')).disabled = at < 0 || at >= pageKeys.length - 1;
  const body = $('drawer-body');
  body.replaceChildren();
  const meta = h('dl', { class: 'meta' });
  const addMeta = (k, v) => { if (v) meta.append(h('div', {}, h('dt', { text: k }), h('dd', { text: v }))); };
  addMeta('Type', r.kindName || r.kind);
  addMeta('Tracker', r.tracker);
  addMeta('Status', r.status);
  addMeta('Assignee', r.assignee);
  addMeta('Epic / parent', r.epic);
  addMeta('Labels', r.labels.join(', '));
  addMeta('Components', r.components.join(', '));
  addMeta('Estimate', r.estimate ? `${r.estimate.value} ${r.estimate.unit ?? ''}` : '');
  body.append(h('p', {}, verdictBadge(r), ` readiness score ${r.score >= 0 ? r.score : '–'}%`), meta);
  const link = safeUrl(r.url);
  const actions = h('p', { class: 'row' });
  if (link) actions.append(h('a', { href: link, target: '_blank', rel: 'noopener noreferrer', text: `Open ${r.key} in ${r.tracker}` }));
  const noteBtn = h('button', { type: 'button', class: 'small-button copy', id: 'copy-note' }, 'Copy grooming note');
  noteBtn.addEventListener('click', () => copyText(issueNote(r), noteBtn));
  actions.append(noteBtn);
  body.append(actions);

  // Findings, with what/why/help and copyable suggestions.
  const findings = h('section', { class: 'drawer-findings' }, h('h3', { text: `Findings (${r.diagnostics.length})` }));
  if (!r.diagnostics.length) findings.append(h('p', { class: 'muted', text: 'No findings: this issue passes every check.' }));
  const suggestions = [];
  const list = h('ol', { class: 'finding-list' });
  r.diagnostics.forEach((d, i) => {
    const li = h('li', { class: `finding sev-${d.severity}`, dataset: { index: String(i), rule: String(d.rule ?? '') } },
      h('div', { class: 'finding-head' }, severityBadge(d.severity), ' ', h('strong', { text: d.message ?? '' }), ' ', h('code', { text: d.rule ?? '' })),
      d.why ? h('p', {}, h('span', { class: 'label', text: 'Why it matters: ' }), d.why) : null,
      d.help ? h('p', {}, h('span', { class: 'label', text: 'What to do: ' }), d.help) : null,
      d.field ? h('p', { class: 'muted small', text: `Field: ${FIELD_LABELS[d.field] ?? d.field}${d.span ? ` (characters ${d.span.start}–${d.span.end})` : ''}` }) : null);
    if (d.span && d.field && TEXT_FIELDS.includes(d.field)) {
      li.append(h('button', { type: 'button', class: 'small-button', onclick: () => showSpan(`f${i}`) }, 'Show in text'));
    }
    if (d.suggestion) {
      suggestions.push(`- [ ] ${d.message}: ${d.suggestion}`);
      const btn = h('button', { type: 'button', class: 'small-button copy' }, 'Copy');
      btn.addEventListener('click', () => copyText(String(d.suggestion), btn));
      li.append(h('div', { class: 'suggestion' }, h('span', { class: 'label', text: 'Suggestion: ' }), h('q', { text: d.suggestion }), ' ', btn));
    }
    list.append(li);
  });
  findings.append(list);
  if (suggestions.length > 1) {
    const btn = h('button', { type: 'button', class: 'small-button copy' }, 'Copy all suggestions');
    btn.addEventListener('click', () => copyText(`${r.key}: ${r.title}\n${suggestions.join('\n')}\n`, btn));
    findings.append(btn);
  }
  body.append(findings);

  // Field texts: findings' spans as <mark class="finding">, KPI evidence as <mark class="kpi">.
  const fieldBox = h('section', { class: 'fields' }, h('h3', { text: 'Text' }));
  /** @type {{id: string, field: string, span: any, note: string}[]} */
  const marks = [];
  r.diagnostics.forEach((d, i) => { if (d.field && d.span) marks.push({ id: `f${i}`, field: d.field, span: d.span, note: d.message ?? '' }); });
  r.kpis.forEach((k, ki) => {
    (Array.isArray(k.evidence) ? k.evidence : []).forEach((e, ei) => {
      const span = e && e.field in r.texts ? resolveSpan(r.texts[e.field], e.span, e.text) : null;
      if (span) marks.push({ id: `k${ki}-${ei}`, field: e.field, span, note: `KPI evidence: ${k.kpi ?? ''} (${e.term ?? e.text ?? ''})` });
    });
  });
  for (const field of TEXT_FIELDS) {
    const text = r.texts[field];
    if (!text && field !== 'title') continue;
    const here = marks.filter((m) => m.field === field);
    const box = h('div', { class: `field-text field-${field}`, dataset: { field } });
    for (const seg of segments(text, here.map((m) => m.span))) {
      if (!seg.marks.length) {
        box.append(document.createTextNode(seg.text));
        continue;
      }
      const ids = seg.marks.map((i) => here[i].id);
      const kind = ids.some((id) => id.startsWith('f')) ? 'finding' : 'kpi';
      box.append(h('mark', { class: kind, dataset: { marks: ids.join(' ') }, title: seg.marks.map((i) => here[i].note).join('\n') }, seg.text));
    }
    fieldBox.append(h('h4', { text: FIELD_LABELS[field] }), box);
  }
  if (marks.length) fieldBox.append(h('p', { class: 'muted small' }, h('mark', { class: 'finding', text: 'finding' }), ' ', h('mark', { class: 'kpi', text: 'KPI evidence' })));
  body.append(fieldBox);

  // The Definition of Ready checklist: failed checks with their next step, then passed.
  if (r.checks.length) {
    const failed = r.checks.filter((c) => c.passed === false);
    const passed = r.checks.filter((c) => c.passed !== false);
    const ul = h('ul', { class: 'checks' });
    for (const c of failed) {
      ul.append(h('li', { class: 'check failed' }, h('span', { class: 'check-mark', 'aria-label': 'fails', text: '✗' }), ' ',
        h('code', { text: c.check }), ' ', severityBadge(c.severity), ` ${c.reason ?? ''}`,
        c.next_step ? h('div', { class: 'small' }, h('span', { class: 'label', text: 'Next step: ' }), c.next_step) : null));
    }
    const passedList = h('ul', { class: 'checks' });
    for (const c of passed) passedList.append(h('li', { class: 'check passed' }, h('span', { class: 'check-mark', 'aria-label': 'passes', text: '✓' }), ' ', h('code', { text: c.check }), ` ${c.reason ?? ''}`));
    body.append(h('section', {}, h('h3', { text: `Definition of Ready (${passed.length} of ${r.checks.length} checks pass)` }), ul,
      passed.length ? h('details', {}, h('summary', { text: `${passed.length} passing checks` }), passedList) : null));
  }

  if (r.kpis.length) {
    const ul = h('ul');
    for (const k of r.kpis) {
      ul.append(h('li', {}, h('strong', { text: kpiLabel(k) }), k.explicit ? ' (stated in the issue)' : '',
        k.reason ? h('div', { class: 'muted small', text: String(k.reason) }) : null));
    }
    body.append(h('section', {}, h('h3', { text: 'KPI hints' }), ul));
  }

  const scores = scoreEntries(r);
  if (scores.length || r.priority?.moscow || r.priority?.kano) {
    const ul = h('ul', { class: 'priority' });
    for (const s of scores) {
      const label = FRAMEWORK_LABELS[s.framework] ?? s.framework;
      const primary = r.priority?.primary === s.framework ? ' (primary)' : '';
      const li = h('li', {}, h('strong', { text: `${label}${primary}: ` }), Number.isFinite(s.score) ? String(Math.round(s.score * 100) / 100) : 'not scored',
        s.explanation ? h('div', { class: 'muted small', text: s.explanation }) : null);
      const inputs = Array.isArray(s.inputs) ? s.inputs : [];
      if (inputs.length) {
        const table = h('table', { class: 'inputs' }, h('thead', {}, h('tr', {}, ...['input', 'value', 'from', 'source'].map((c) => h('th', { scope: 'col', text: c })))));
        const tb = h('tbody');
        for (const i of inputs) tb.append(h('tr', {}, h('td', { text: i.name ?? '' }), h('td', { text: String(i.value ?? '') }), h('td', { text: i.from ?? '' }), h('td', { text: i.source ?? '' })));
        table.append(tb);
        li.append(h('details', {}, h('summary', { text: 'inputs' }), table));
      }
      ul.append(li);
    }
    for (const cls of ['moscow', 'kano']) {
      const c = r.priority?.[cls];
      if (c && typeof c === 'object') ul.append(h('li', {}, h('strong', { text: `${cls === 'moscow' ? 'MoSCoW' : 'Kano'}: ` }), String(c.category ?? ''), c.explanation ? h('div', { class: 'muted small', text: String(c.explanation) }) : null));
    }
    body.append(h('section', {}, h('h3', { text: 'Priority' }), ul));
  }

  if (r.duplicates.length) {
    const ul = h('ul');
    for (const d of r.duplicates) {
      const otherTitle = duplicateTitles[String(d.key)];
      // The text similarity; the order also weighs how close in time the two were filed.
      const s = Number(d.similarity ?? d.score);
      const n = Number(d.days_apart);
      const apart = Number.isInteger(n) && n >= 0 ? (n === 0 ? ', filed the same day' : `, filed ${n} day${n === 1 ? '' : 's'} apart`) : '';
      ul.append(h('li', {},
        otherTitle != null ? h('button', { type: 'button', class: 'link', onclick: () => openDrawer(String(d.key)) }, String(d.key)) : String(d.key),
        ` ${otherTitle ?? ''}${Number.isFinite(s) ? ` (${Math.round(s * 100)}% similar${apart})` : ''}`,
        Array.isArray(d.evidence) && d.evidence.length ? h('div', { class: 'muted small', text: `shared terms: ${d.evidence.join(', ')}` }) : null));
    }
    body.append(h('section', {}, h('h3', { text: 'Likely duplicates' }), ul));
  }
  const wasOpen = dlg.open;
  if (!wasOpen) dlg.showModal();
  body.scrollTop = 0;
  if (!wasOpen) $('drawer-close').focus();
}

/**
 * Emphasise the marks of one finding (`f<index>`) and scroll to the first.
 * @param {string} id
 */
function showSpan(id) {
  const marks = /** @type {HTMLElement[]} */ ([...$('drawer-body').querySelectorAll('mark[data-marks]')]);
  let first = null;
  for (const m of marks) {
    const on = (m.dataset.marks ?? '').split(' ').includes(id);
    m.classList.toggle('current', on);
    if (on && !first) first = m;
  }
  first?.scrollIntoView({ block: 'center' });
}

// ---------------------------------------------------------------- exports

/**
 * @param {string} name
 * @param {string} text
 * @param {string} type
 */
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function baseName() {
  return (data?.source ?? 'backlog').replace(/\s*\(.*$/, '').replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-') || 'backlog';
}

/** @param {string} kind */
async function exportAs(kind) {
  /** @type {HTMLDetailsElement} */ ($('export-menu')).open = false;
  if (!data) return;
  if (kind === 'print') {
    await printReport();
    return;
  }
  const name = baseName();
  const files = {
    'issues-csv': [`${name}-readylens-issues.csv`, 'text/csv;charset=utf-8'],
    'findings-csv': [`${name}-readylens-findings.csv`, 'text/csv;charset=utf-8'],
    json: [`${name}-readylens.json`, 'application/json'],
    markdown: [`${name}-grooming-report.md`, 'text/markdown;charset=utf-8'],
  };
  const file = files[kind];
  if (!file) return;
  const meta = { format: data.format, source: data.source, version: info.version, config, date: new Date().toISOString().slice(0, 10) };
  try {
    // CSVs follow the table's filters and order; the report and the JSON are the whole backlog.
    const res = await ask({ type: 'export', analysis: data.analysis, kind, query: { filters: view.filters, sort: view.sort }, meta });
    download(file[0], res.text, file[1]);
  } catch (e) {
    setStatus(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Build the print-only report section from the analysis, then print. */
async function printReport() {
  if (!data) return;
  let groom;
  try {
    groom = await ask({ type: 'to-groom', analysis: data.analysis, limit: 200 });
  } catch (e) {
    setStatus(`Could not build the report: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const sec = $('print-report');
  sec.replaceChildren();
  sec.append(h('h1', { text: 'Backlog grooming report' }),
    h('p', { text: `${data.source} · ${new Date().toISOString().slice(0, 10)} · readylens ${info.version}` }));
  sec.append(/** @type {HTMLElement} */ ($('headline').cloneNode(true)));
  const next = data.summary.nextUp;
  if (next.length) {
    const ol = h('ol');
    for (const r of next) ol.append(h('li', {}, h('strong', { text: r.key }), ` ${r.title} (${VERDICT_LABELS[r.verdict]}, ${r.score}%): ${r.todo.join('; ')}`));
    sec.append(h('h2', { text: 'Next up' }), ol);
  }
  const charts = h('div', { class: 'print-charts' });
  for (const id of ['chart-readiness', 'chart-checks', 'chart-rules', 'chart-kpi']) charts.append(/** @type {HTMLElement} */ ($(id).cloneNode(true)));
  sec.append(h('h2', { text: 'Charts' }), charts);
  if (groom.total) {
    sec.append(h('h2', { text: `Issues to groom (${groom.total})` }));
    for (const r of groom.rows) {
      const ul = h('ul');
      for (const d of r.findings) ul.append(h('li', {}, h('strong', { text: `${d.severity}: ` }), `${d.message}${d.help ? ` — ${d.help}` : ''}`));
      sec.append(h('div', { class: 'print-issue' }, h('h3', { text: `${r.key}: ${r.title}` }), h('p', { text: `${VERDICT_LABELS[r.verdict]}, readiness ${r.score}%` }), ul));
    }
    if (groom.total > groom.rows.length) sec.append(h('p', { text: `…and ${groom.total - groom.rows.length} more (see the Markdown or CSV export).` }));
  }
  window.print();
}

// ---------------------------------------------------------------- settings

function configText() {
  return configFileText(Object.keys(config).length ? config : info.defaultConfig ?? { version: 1 });
}

async function applyConfig() {
  const status = $('config-status');
  const parsed = parseConfigText(/** @type {HTMLTextAreaElement} */ ($('config-text')).value);
  if (!parsed.ok) {
    status.textContent = 'error' in parsed ? parsed.error : 'invalid configuration';
    return;
  }
  try {
    await ask({ type: 'check-config', config: parsed.config });
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  config = parsed.config;
  const stored = saveConfig(safeStorage(), config);
  status.textContent = stored ? 'Saved.' : 'Applied (this browser does not allow saving it).';
  if (lastInput) {
    /** @type {HTMLDialogElement} */ ($('settings')).close();
    await analyseInput(lastInput);
  }
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('file-input').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const f = input.files?.[0];
    if (f) loadFile(f);
    input.value = '';
  });
  for (const b of document.querySelectorAll('[data-sample]')) {
    b.addEventListener('click', () => loadSample(/** @type {any} */ (/** @type {HTMLElement} */ (b).dataset.sample)));
  }
  $('analyse-paste').addEventListener('click', () => {
    const text = /** @type {HTMLTextAreaElement} */ ($('paste-input')).value;
    if (text.trim()) analyseText(text, 'pasted text');
    else setStatus('Paste some issues first.');
  });
  $('paste-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      $('analyse-paste').click();
    }
  });
  // Pasting anywhere on the page (outside a form field) loads what was pasted: a copied
  // file, or text (CSV rows copied from a spreadsheet, JSON, stories).
  document.addEventListener('paste', (e) => {
    const t = /** @type {HTMLElement | null} */ (e.target instanceof HTMLElement ? e.target : null);
    if (t && (t.closest('input, textarea, select, [contenteditable], dialog'))) return;
    const file = e.clipboardData?.files?.[0];
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (file) {
      e.preventDefault();
      loadFile(file);
    } else if (text.trim()) {
      e.preventDefault();
      /** @type {HTMLTextAreaElement} */ ($('paste-input')).value = text;
      /** @type {HTMLDetailsElement} */ ($('paste-box')).open = true;
      analyseText(text, 'pasted text');
    }
  });
  $('cancel').addEventListener('click', cancelWork);

  const zone = $('drop-zone');
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
      zone.classList.add('dragging');
    }
  });
  document.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', (e) => {
    const f = e.dataTransfer?.files?.[0];
    zone.classList.remove('dragging');
    if (!f) return;
    e.preventDefault();
    loadFile(f);
  });

  const filters = /** @type {HTMLFormElement} */ ($('filters'));
  let debounce = 0;
  filters.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = window.setTimeout(() => { readFilters(); view.page = 0; renderTable(); }, 120);
  });
  filters.addEventListener('submit', (e) => e.preventDefault());
  filters.addEventListener('reset', () => setTimeout(() => { readFilters(); view.page = 0; renderTable(); }));

  for (const th of document.querySelectorAll('#issue-table th[data-col]')) {
    th.querySelector('button')?.addEventListener('click', () => {
      view.sort = nextSort(view.sort, /** @type {HTMLElement} */ (th).dataset.col ?? 'key');
      view.page = 0;
      renderTable();
    });
  }
  $('prev-page').addEventListener('click', () => { view.page -= 1; renderTable(); });
  $('next-page').addEventListener('click', () => { view.page += 1; renderTable(); });
  $('page-size').addEventListener('change', (e) => {
    view.pageSize = Number(/** @type {HTMLSelectElement} */ (e.target).value) || 50;
    view.page = 0;
    renderTable();
  });
  $('framework-select').addEventListener('change', renderPriorityChart);

  const drawer = /** @type {HTMLDialogElement} */ ($('drawer'));
  $('drawer-close').addEventListener('click', () => drawer.close());
  $('drawer-prev').addEventListener('click', () => stepDrawer(-1));
  $('drawer-next').addEventListener('click', () => stepDrawer(1));
  // Alt+← / Alt+→ step through the table while the drawer is open.
  drawer.addEventListener('keydown', (e) => {
    if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault();
      stepDrawer(e.key === 'ArrowLeft' ? -1 : 1);
    }
  });
  drawer.addEventListener('click', (e) => { if (e.target === drawer) drawer.close(); });

  for (const b of document.querySelectorAll('[data-export]')) {
    b.addEventListener('click', () => exportAs(/** @type {HTMLElement} */ (b).dataset.export ?? ''));
  }

  const settings = /** @type {HTMLDialogElement} */ ($('settings'));
  $('open-settings').addEventListener('click', () => {
    /** @type {HTMLTextAreaElement} */ ($('config-text')).value = configText();
    $('config-status').textContent = '';
    settings.showModal();
  });
  $('config-close').addEventListener('click', () => settings.close());
  $('config-apply').addEventListener('click', applyConfig);
  $('config-export').addEventListener('click', () => {
    const parsed = parseConfigText(/** @type {HTMLTextAreaElement} */ ($('config-text')).value);
    download('readylens.config.json', configFileText(parsed.ok ? parsed.config : config), 'application/json');
  });
  $('config-reset').addEventListener('click', () => {
    /** @type {HTMLTextAreaElement} */ ($('config-text')).value = configFileText(info.defaultConfig ?? { version: 1 });
    $('config-status').textContent = 'Default shown; save to apply.';
  });
  $('config-file').addEventListener('change', async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    /** @type {HTMLTextAreaElement} */ ($('config-text')).value = await f.text();
    $('config-status').textContent = `Imported ${f.name}; save to apply.`;
  });
}

/**
 * Another page of the same origin (the browser extension opening the dashboard for the
 * issues on a board) can hand over a backlog:
 *   postMessage({type: 'readylens/load', issues | text, format?, source?}, origin)
 * Messages from any other origin are ignored. When opened by such a page, the dashboard
 * announces itself with {type: 'readylens/ready'} once the core is loaded.
 * @param {MessageEvent} e
 */
function onMessage(e) {
  if (e.origin !== location.origin) return;
  const d = e.data;
  if (!d || typeof d !== 'object' || d.type !== 'readylens/load') return;
  const source = typeof d.source === 'string' && d.source ? d.source : 'another page';
  if (Array.isArray(d.issues)) analyseInput({ issues: d.issues, source, format: 'issues' });
  else if (typeof d.text === 'string') analyseInput({ text: d.text, source, format: typeof d.format === 'string' ? d.format : 'auto' });
}

async function boot() {
  wire();
  window.addEventListener('message', onMessage);
  try {
    const res = await ask({ type: 'info' });
    info = { version: res.version, formats: res.formats, defaultConfig: res.defaultConfig };
    $('version').textContent = `readylens ${info.version} · runs in your browser, nothing is uploaded`;
    const sel = $('format-select');
    for (const f of info.formats) sel.append(h('option', { value: f, text: f }));
    document.body.dataset.ready = 'true';
    if (window.opener && window.opener !== window) {
      try {
        window.opener.postMessage({ type: 'readylens/ready', version: info.version }, location.origin);
      } catch {
        // the opener is of another origin or gone: nothing to announce to
      }
    }
  } catch (e) {
    $('version').textContent = `The analysis core could not start: ${e instanceof Error ? e.message : String(e)}`;
  }
}

boot();
