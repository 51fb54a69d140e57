// The analysis worker: parses and analyses a backlog off the main thread and posts
// progress, so the page stays responsive with 20,000 issues.
//
// Messages in:  {type: 'info', id}
//               {type: 'analyze', id, text, format, source, config}
//               {type: 'check-config', id, config}
//               {type: 'export-json', id, of, meta}   (the JSON export of analysis `of`)
// Messages out: {type: 'progress', id, stage, done, total}
//               {type: 'info', id, version, formats, defaultConfig}
//               {type: 'result', id, format, problems, backlog, rows, timings}
//               {type: 'json', id, text} | {type: 'config-ok', id} | {type: 'error', id, message}
//
// The full report stays here (the rows carry everything the page shows): posting it to
// the page as well would double the structured-clone cost on the main thread, which is
// the largest pause the page has with 20,000 issues. The JSON export asks for it.
//
// The core's `analyze` is called once on the whole backlog, not per chunk: duplicate
// detection and the backlog-level rules compare issues with each other, so analysing
// chunks separately would silently miss duplicates across chunks. Progress is therefore
// reported per stage (parse, analyse) and per chunk where the work is divisible (building
// the table rows). The page can cancel a long run by terminating the worker.

import init, * as readylens from '../pkg/readylens.js';
import { buildRows } from './report-model.js';
import { analysisJson } from './export-formats.js';

const ROW_CHUNK = 2000;
/** The last analysis: its request id and report. */
let last = { id: -1, report: null };
const ready = init();

/**
 * @param {number} id
 * @param {string} stage
 * @param {number} done
 * @param {number} total
 */
function progress(id, stage, done, total) {
  postMessage({ type: 'progress', id, stage, done, total });
}

/** @param {unknown} e */
function messageOf(e) {
  if (e instanceof Error) return e.message;
  return String(e);
}

self.onmessage = async (/** @type {MessageEvent} */ ev) => {
  const msg = ev.data ?? {};
  const id = msg.id;
  try {
    await ready;
    if (msg.type === 'info') {
      let defaultConfig = null;
      if (typeof readylens.defaultConfig === 'function') {
        try {
          defaultConfig = readylens.defaultConfig();
        } catch {
          defaultConfig = null;
        }
      }
      postMessage({ type: 'info', id, version: readylens.version(), formats: readylens.formats(), defaultConfig });
    } else if (msg.type === 'check-config') {
      // An empty backlog analyses instantly and makes the core validate the configuration.
      readylens.analyze([], msg.config ?? undefined);
      postMessage({ type: 'config-ok', id });
    } else if (msg.type === 'export-json') {
      if (last.id !== msg.of || !last.report) throw new Error('this analysis is no longer in memory; load the backlog again');
      postMessage({ type: 'json', id, text: analysisJson({ ...msg.meta, report: last.report }) });
    } else if (msg.type === 'analyze') {
      const t0 = performance.now();
      progress(id, 'parse', 0, 1);
      const format = msg.format && msg.format !== 'auto' ? msg.format : undefined;
      const imported = readylens.parseIssues(String(msg.text ?? ''), format, msg.source || 'input');
      const issues = Array.isArray(imported.issues) ? imported.issues : [];
      const t1 = performance.now();
      progress(id, 'analyse', 0, issues.length);
      const report = readylens.analyze(issues, msg.config ?? undefined);
      const t2 = performance.now();
      const rows = [];
      const total = Array.isArray(report.issues) ? report.issues.length : 0;
      for (let start = 0; start < total; start += ROW_CHUNK) {
        progress(id, 'rows', start, total);
        rows.push(...buildRows(issues, report, start, start + ROW_CHUNK));
      }
      progress(id, 'rows', total, total);
      const t3 = performance.now();
      last = { id, report };
      postMessage({
        type: 'result',
        id,
        format: imported.format,
        problems: Array.isArray(imported.problems) ? imported.problems : [],
        backlog: report.backlog ?? {},
        rows,
        timings: { parse: t1 - t0, analyse: t2 - t1, rows: t3 - t2 },
      });
    }
  } catch (e) {
    postMessage({ type: 'error', id, message: messageOf(e) });
  }
};
