// Exports of the analysis: CSV (issues, findings), JSON and a Markdown grooming report.
// Pure string builders; the page turns them into downloads.

import { VERDICT_LABELS, kpiLabel } from './report-model.js';
import { healthPercent, nextUp, blockers, findingsByRule, failingChecks, duplicateClusters } from './backlog-insights.js';

/**
 * One CSV cell. Numbers are written as they are. Text that a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, tab or carriage return; OWASP "CSV
 * injection") gets a leading `'`; cells with a comma, quote or line break are quoted,
 * with quotes doubled (RFC 4180).
 * @param {unknown} value
 * @returns {string}
 */
export function csvCell(value) {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * A CSV document (CRLF line ends, as RFC 4180 and spreadsheets expect).
 * @param {string[]} header
 * @param {unknown[][]} records
 * @returns {string}
 */
export function toCsv(header, records) {
  return [header, ...records].map((rec) => rec.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Columns of the issues CSV. */
export const ISSUE_CSV_HEADER = [
  'key', 'title', 'type', 'tracker', 'verdict', 'score', 'errors', 'warnings', 'infos',
  'rules', 'top_finding', 'kpi', 'kpi_confidence', 'duplicates', 'labels', 'epic', 'status',
  'assignee', 'url',
];

/**
 * The issues CSV: one line per issue.
 * @param {import('./report-model.js').Row[]} rows
 * @returns {string}
 */
export function issuesCsv(rows) {
  return toCsv(
    ISSUE_CSV_HEADER,
    rows.map((r) => [
      r.key, r.title, r.kindName || r.kind, r.tracker, r.verdict, r.score >= 0 ? r.score : null,
      r.counts.error, r.counts.warning, r.counts.info,
      [...new Set(r.diagnostics.map((d) => d.rule))].join('; '),
      r.diagnostics[0]?.message ?? '',
      r.kpi ? String(r.kpi.kpi ?? '') : '',
      r.kpi && Number.isFinite(Number(r.kpi.confidence)) ? Number(r.kpi.confidence) : null,
      r.duplicates.map((d) => d.key).join('; '),
      r.labels.join('; '), r.epic, r.status, r.assignee, r.url,
    ]),
  );
}

/** Columns of the findings CSV. */
export const FINDING_CSV_HEADER = [
  'key', 'rule', 'severity', 'category', 'field', 'span_start', 'span_end', 'message', 'why', 'help', 'suggestion',
];

/**
 * The findings CSV: one line per finding (spans in UTF-16 code units).
 * @param {import('./report-model.js').Row[]} rows
 * @returns {string}
 */
export function findingsCsv(rows) {
  const recs = [];
  for (const r of rows) {
    for (const d of r.diagnostics) {
      recs.push([
        r.key, d.rule, d.severity, d.category, d.field ?? '',
        d.span ? d.span.start : null, d.span ? d.span.end : null,
        d.message, d.why, d.help, d.suggestion ?? '',
      ]);
    }
  }
  return toCsv(FINDING_CSV_HEADER, recs);
}

/**
 * The analysis as JSON: the core's report unchanged, with where it came from.
 * @param {{report: any, format?: string, source?: string, version?: string, config?: any}} a
 * @returns {string}
 */
export function analysisJson({ report, format, source, version, config }) {
  return JSON.stringify({ readylens: version ?? null, source: source ?? null, format: format ?? null, config: config ?? null, report }, null, 2) + '\n';
}

/**
 * Escape text for inline Markdown: backslash-escape the characters that start markup
 * (CommonMark allows escaping any ASCII punctuation) so issue text can neither format
 * the report nor inject HTML; line breaks become spaces.
 * @param {unknown} text
 * @returns {string}
 */
export function mdEscape(text) {
  return String(text ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()<>#|!~&]/g, (c) => `\\${c}`);
}

/**
 * A Markdown grooming report: headline numbers, health index, next up, Definition of
 * Ready gaps, findings by rule, duplicate clusters and every issue that is not ready with what to fix.
 * @param {{rows: import('./report-model.js').Row[], backlog?: any, source?: string, date?: string, version?: string, limit?: number}} a
 * @returns {string}
 */
export function markdownReport({ rows, backlog, source, date, version, limit = 50 }) {
  const out = [];
  const n = rows.length;
  const count = (v) => rows.filter((r) => r.verdict === v).length;
  const pct = (x) => `${Math.round(x * 1000) / 10}%`;
  out.push('# Backlog grooming report', '');
  const meta = [];
  if (source) meta.push(`Source: ${mdEscape(source)}`);
  if (date) meta.push(`Date: ${mdEscape(date)}`);
  if (version) meta.push(`readylens ${mdEscape(version)}`);
  if (meta.length) out.push(meta.join(' · '), '');
  const ready = count('ready');
  const rate = backlog && Number.isFinite(backlog.readiness_rate) ? backlog.readiness_rate : n ? ready / n : 0;
  const health = healthPercent(backlog);
  out.push('## Summary', '');
  out.push(`| measure | value |`, `|---|---|`);
  out.push(`| issues | ${n} |`);
  out.push(`| ready | ${ready} |`, `| almost ready | ${count('almost-ready')} |`, `| not ready | ${count('not-ready')} |`);
  out.push(`| readiness rate | ${pct(rate)} |`);
  if (backlog && Number.isFinite(backlog.kpi_coverage)) out.push(`| KPI coverage | ${pct(backlog.kpi_coverage)} |`);
  const errs = rows.reduce((s, r) => s + r.counts.error, 0);
  const warns = rows.reduce((s, r) => s + r.counts.warning, 0);
  const infos = rows.reduce((s, r) => s + r.counts.info, 0);
  out.push(`| findings | ${errs} errors, ${warns} warnings, ${infos} infos |`);
  if (health !== null) out.push(`| health index (criteria, estimate and outcome) | ${health}% |`);
  out.push('');

  const next = nextUp(rows, backlog, 10);
  if (next.length) {
    out.push('## Next up (closest to ready)', '');
    next.forEach((r, i) => {
      const todo = blockers(r).slice(0, 3).map((d) => mdEscape(d.message)).join('; ');
      out.push(`${i + 1}. **${mdEscape(r.key)}** ${mdEscape(r.title)} (${VERDICT_LABELS[r.verdict] ?? r.verdict}, ${r.score}%)${todo ? ` — ${todo}` : ''}`);
    });
    out.push('');
  }

  const checks = failingChecks(rows, backlog);
  if (checks.length) {
    out.push('## Definition of Ready gaps', '', '| check | issues failing |', '|---|---|');
    for (const c of checks) out.push(`| ${mdEscape(c.check)} | ${c.count} |`);
    out.push('');
  }

  const rules = findingsByRule(rows);
  if (rules.length) {
    out.push('## Findings by rule', '', '| rule | severity | findings | issues |', '|---|---|---|---|');
    for (const r of rules) out.push(`| ${mdEscape(r.rule)} | ${r.severity} | ${r.count} | ${r.issues} |`);
    out.push('');
  }

  const clusters = duplicateClusters(rows);
  if (clusters.length) {
    out.push('## Likely duplicates', '');
    for (const c of clusters.slice(0, 20)) out.push(`- ${c.keys.map(mdEscape).join(', ')} (best match ${Math.round(c.best * 100)}%)`);
    out.push('');
  }

  const todo = rows.filter((r) => r.verdict && r.verdict !== 'ready');
  if (todo.length) {
    out.push('## Issues to groom', '');
    for (const r of todo.slice(0, limit)) {
      out.push(`### ${mdEscape(r.key)}: ${mdEscape(r.title)}`, '');
      out.push(`${VERDICT_LABELS[r.verdict] ?? r.verdict}, readiness ${r.score}%${r.kpi ? `, KPI: ${mdEscape(kpiLabel(r.kpi))}` : ''}`, '');
      for (const d of r.diagnostics) {
        out.push(`- [ ] **${mdEscape(d.severity)}** ${mdEscape(d.message)} (\`${String(d.rule).replace(/`/g, '')}\`)`);
        if (d.help) out.push(`  - what to do: ${mdEscape(d.help)}`);
        if (d.suggestion) out.push(`  - suggestion: ${mdEscape(d.suggestion)}`);
      }
      out.push('');
    }
    if (todo.length > limit) out.push(`…and ${todo.length - limit} more issues that are not ready.`, '');
  }
  return out.join('\n');
}

/**
 * A grooming note for one issue, to paste into the tracker or the session's notes: the
 * readiness verdict, the failing Definition of Ready checks with their next steps, and
 * the findings with what to do (duplicates of a failing check's message are left out).
 * Plain Markdown-flavoured text; the issue's own text is quoted as it is.
 * @param {import('./report-model.js').Row} r
 * @returns {string}
 */
export function issueNote(r) {
  const out = [`${r.key}: ${r.title}`];
  const verdict = VERDICT_LABELS[r.verdict] ?? (r.verdict || 'not analysed');
  out.push(`${verdict}${r.score >= 0 ? `, readiness ${r.score}%` : ''}`);
  const failed = r.checks.filter((c) => c.passed === false);
  if (failed.length) {
    out.push('', 'Definition of Ready:');
    for (const c of failed) out.push(`- [ ] ${c.next_step || c.reason} (${c.check})`);
  }
  const seen = new Set(failed.map((c) => c.check));
  const rest = r.diagnostics.filter((d) => !seen.has(d.rule));
  if (rest.length) {
    out.push('', 'Findings:');
    for (const d of rest) {
      out.push(`- [ ] ${d.message}${d.help ? ` — ${d.help}` : ''}${d.suggestion ? ` (suggested: "${d.suggestion}")` : ''}`);
    }
  }
  if (r.kpi) out.push('', `Likely KPI: ${kpiLabel(r.kpi)}`);
  if (r.duplicates.length) out.push('', `Possible duplicates: ${r.duplicates.map((d) => d.key).join(', ')}`);
  return `${out.join('\n')}\n`;
}
