// The analysis worker: parses and analyses a backlog off the main thread, posts
// progress, then keeps the analysed backlog and answers the page's questions about it
// (a page of the table, one issue, an export), so 20,000 issues never block the page.
//
// Messages in (each with an `id` echoed in the answer):
//   {type: 'info'}                               → {type: 'info', version, formats, defaultConfig}
//   {type: 'check-config', config}               → {type: 'config-ok'}
//   {type: 'analyze', text | issues, format, source, config}
//        → {type: 'progress', stage, done, total}… then {type: 'result', analysis, format, problems, summary, timings}
//   {type: 'query', analysis, query}             → {type: 'page', …}
//   {type: 'row', analysis, key}                 → {type: 'row', row, duplicateTitles}
//   {type: 'scatter', analysis, framework}       → {type: 'scatter', points}
//   {type: 'to-groom', analysis, limit}          → {type: 'to-groom', total, rows}
//   {type: 'export', analysis, kind, query, meta}→ {type: 'export', text}
// Any failure answers {type: 'error', message}.
//
// The core's `analyze` is called once on the whole backlog, not per chunk: duplicate
// detection and the backlog-level rules compare issues with each other, so analysing
// chunks separately would silently miss duplicates across chunks. Progress is reported
// per stage (parse, analyse) and per chunk where the work is divisible (building rows).
// The page can cancel a long run by terminating the worker.

import init, * as readylens from '../pkg/readylens.js';
import { buildRows } from './report-model.js';
import { createSession } from './backlog-session.js';

const ROW_CHUNK = 2000;
const ready = init();
/** The current analysis: the id of the request that made it, and its session. */
let current = { analysis: -1, session: /** @type {ReturnType<typeof createSession> | null} */ (null) };

/**
 * @param {number} id
 * @param {string} stage
 * @param {number} done
 * @param {number} total
 */
function progress(id, stage, done, total) {
  postMessage({ type: 'progress', id, stage, done, total });
}

/** @param {number} analysis */
function sessionOf(analysis) {
  if (current.analysis !== analysis || !current.session) throw new Error('this analysis is no longer in memory; load the backlog again');
  return current.session;
}

/** @param {any} msg */
async function handle(msg) {
  await ready;
  const id = msg.id;
  switch (msg.type) {
    case 'info': {
      let defaultConfig = null;
      if (typeof readylens.defaultConfig === 'function') {
        try {
          defaultConfig = readylens.defaultConfig();
        } catch {
          defaultConfig = null;
        }
      }
      return { type: 'info', version: readylens.version(), formats: readylens.formats(), defaultConfig };
    }
    case 'check-config':
      // An empty backlog analyses instantly and makes the core validate the configuration.
      readylens.analyze([], msg.config ?? undefined);
      return { type: 'config-ok' };
    case 'analyze': {
      current = { analysis: -1, session: null }; // free the previous backlog first
      const t0 = performance.now();
      progress(id, 'parse', 0, 1);
      // Either tracker text to parse, or issues already normalised (handed over by the
      // extension); the core validates the latter when it decodes them.
      const imported = Array.isArray(msg.issues)
        ? { format: 'issues', issues: msg.issues, problems: [] }
        : readylens.parseIssues(String(msg.text ?? ''), msg.format && msg.format !== 'auto' && msg.format !== 'issues' ? msg.format : undefined, msg.source || 'input');
      const issues = Array.isArray(imported.issues) ? imported.issues : [];
      const t1 = performance.now();
      progress(id, 'analyse', 0, issues.length);
      const config = withAnalysisDate(msg.config, msg.today);
      const report = readylens.analyze(issues, config);
      const t2 = performance.now();
      const rows = [];
      const total = Array.isArray(report.issues) ? report.issues.length : 0;
      for (let start = 0; start < total; start += ROW_CHUNK) {
        progress(id, 'rows', start, total);
        rows.push(...buildRows(issues, report, start, start + ROW_CHUNK));
      }
      progress(id, 'rows', total, total);
      const session = createSession(rows, report.backlog ?? {}, report);
      current = { analysis: id, session };
      const summary = session.summary();
      const t3 = performance.now();
      return {
        type: 'result',
        analysis: id,
        format: imported.format,
        problems: Array.isArray(imported.problems) ? imported.problems : [],
        summary,
        analysisDate: config?.readiness?.now ?? null,
        timings: { parse: t1 - t0, analyse: t2 - t1, rows: t3 - t2 },
      };
    }
    case 'query':
      return { type: 'page', ...sessionOf(msg.analysis).query(msg.query ?? {}) };
    case 'row': {
      const found = sessionOf(msg.analysis).row(String(msg.key));
      if (!found) throw new Error(`no issue ${msg.key} in this analysis`);
      return { type: 'row', ...found };
    }
    case 'scatter':
      return { type: 'scatter', points: sessionOf(msg.analysis).scatter(String(msg.framework)) };
    case 'to-groom':
      return { type: 'to-groom', ...sessionOf(msg.analysis).toGroom(msg.limit) };
    case 'export':
      return { type: 'export', text: sessionOf(msg.analysis).exportText(msg.kind, msg.query ?? {}, msg.meta ?? {}) };
    default:
      throw new Error(`unknown request ${msg.type}`);
  }
}

self.onmessage = async (/** @type {MessageEvent} */ ev) => {
  const msg = ev.data ?? {};
  try {
    const answer = await handle(msg);
    postMessage({ ...answer, id: msg.id });
  } catch (e) {
    postMessage({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  }
};

/**
 * The configuration with the analysis date the stale, aging and not-stale checks judge
 * against: the team's own `readiness.now` when set, else today (as the CLI does). The
 * core never reads the clock, so the date is chosen here, once per analysis.
 * @param {any} config
 * @param {string} [today] YYYY-MM-DD, for tests
 */
export function withAnalysisDate(config, today) {
  const day = typeof today === 'string' && today ? today : new Date().toISOString().slice(0, 10);
  const base = config && typeof config === 'object' && !Array.isArray(config) ? config : {};
  const readiness = base.readiness && typeof base.readiness === 'object' ? base.readiness : {};
  if (typeof readiness.now === 'string' && readiness.now) return config ?? undefined;
  return { ...base, readiness: { ...readiness, now: day } };
}
