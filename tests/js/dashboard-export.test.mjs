import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows } from '../../www/js/report-model.js';
import { csvCell, toCsv, issuesCsv, findingsCsv, analysisJson, markdownReport, mdEscape, ISSUE_CSV_HEADER } from '../../www/js/export-formats.js';
import { sampleBacklog, TITLES, diag } from './dashboard-fixtures.mjs';

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text) {
  const recs = [];
  let rec = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rec.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { rec.push(cell); recs.push(rec); rec = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell || rec.length) { rec.push(cell); recs.push(rec); }
  return recs;
}

test('csvCell neutralises formula cells with a leading quote', () => {
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(csvCell('+1+2'), "'+1+2");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\tcmd'), "'\tcmd");
  assert.equal(csvCell('a=b'), 'a=b', 'only a leading character is dangerous');
  assert.equal(csvCell(-3), '-3', 'numbers are numbers, not formulas');
  assert.equal(csvCell(0.5), '0.5');
  assert.equal(csvCell(NaN), '');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(undefined), '');
});

test('csvCell quotes commas, quotes and line breaks', () => {
  assert.equal(csvCell(TITLES.g1), `"${TITLES.g1}"`);
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('plain'), 'plain');
});

test('toCsv round-trips through an RFC 4180 reader', () => {
  const records = [[TITLES.g2, 'x"y', 'a\r\nb', 3], ['=1+1', '', null, -1]];
  const parsed = parseCsv(toCsv(['a', 'b', 'c', 'd'], records));
  assert.deepEqual(parsed, [['a', 'b', 'c', 'd'], [TITLES.g2, 'x"y', 'a\r\nb', '3'], ["'=1+1", '', '', '-1']]);
});

test('issues CSV has one line per issue with the analysis numbers', () => {
  const { issues, report } = sampleBacklog();
  const rows = buildRows(issues, report);
  rows[0].title = '=cmd|" /C calc"!A0';
  const parsed = parseCsv(issuesCsv(rows));
  assert.deepEqual(parsed[0], ISSUE_CSV_HEADER);
  assert.equal(parsed.length, 6);
  const col = (name) => ISSUE_CSV_HEADER.indexOf(name);
  assert.equal(parsed[1][col('title')], `'=cmd|" /C calc"!A0`);
  const m = parsed.find((r) => r[0] === 'MESOS-313');
  assert.equal(m[col('verdict')], 'not-ready');
  assert.equal(m[col('score')], '40');
  assert.equal(m[col('errors')], '1');
  assert.equal(m[col('rules')], 'ac/missing; story/template');
  assert.equal(m[col('kpi')], 'cost');
  assert.equal(m[col('kpi_confidence')], '0.7');
  assert.equal(m[col('epic')], 'MESOS-336');
  assert.equal(parsed.find((r) => r[0] === '2')[col('duplicates')], '1');
});

test('findings CSV has one line per finding with spans', () => {
  const { issues, report } = sampleBacklog();
  const parsed = parseCsv(findingsCsv(buildRows(issues, report)));
  assert.equal(parsed.length, 1 + 5);
  const conj = parsed.find((r) => r[1] === 'story/conjunctions');
  const start = TITLES.g2.indexOf(' and ') + 1;
  assert.deepEqual(conj.slice(0, 7), ['2', 'story/conjunctions', 'warning', 'story', 'title', String(start), String(start + 3)]);
});

test('analysis JSON keeps the core report unchanged', () => {
  const { report } = sampleBacklog();
  const doc = JSON.parse(analysisJson({ report, format: 'text', source: 'g03', version: '0.1.0', config: { version: 1 } }));
  assert.deepEqual(doc.report, report);
  assert.equal(doc.format, 'text');
  assert.equal(doc.readylens, '0.1.0');
  assert.deepEqual(doc.config, { version: 1 });
});

test('mdEscape stops issue text from becoming markup or HTML', () => {
  assert.equal(mdEscape('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
  assert.equal(mdEscape('a | b *c* [l](u)\nnext'), 'a \\| b \\*c\\* \\[l\\]\\(u\\) next');
});

test('markdown report: summary numbers, next up, rules, duplicates, issues to groom', () => {
  const { issues, report } = sampleBacklog();
  const rows = buildRows(issues, report);
  rows[1].title = '<img src=x onerror=alert(1)> | pipe';
  const md = markdownReport({ rows, backlog: report.backlog, source: 'g03-loudoun.txt', date: '2026-11-28', version: '0.1.0' });
  assert.match(md, /^# Backlog grooming report/);
  assert.match(md, /\| issues \| 5 \|/);
  assert.match(md, /\| ready \| 1 \|/);
  assert.match(md, /\| readiness rate \| 20% \|/);
  assert.match(md, /\| KPI coverage \| 20% \|/);
  assert.match(md, /\| findings \| 2 errors, 2 warnings, 1 infos \|/);
  assert.match(md, /\| health index \(criteria, estimate and outcome\) \| 20% \|/);
  assert.match(md, /## Definition of Ready gaps\n\n\| check \| issues failing \|\n\|---\|---\|\n\| ready\/acceptance-criteria \| 2 \|/);
  // next up: the core's closest_to_ready order
  const next = md.split('## Next up (closest to ready)')[1].split('##')[0];
  const order = [...next.matchAll(/^\d+\. \*\*([^*]+)\*\*/gm)].map((m) => m[1]);
  assert.deepEqual(order, ['2', '7', 'MESOS-336', 'MESOS-313']);
  assert.match(md, /\| ac\/missing \| error \| 2 \| 2 \|/);
  assert.match(md, /## Likely duplicates\n\n- 1, 2 \(best match 62%\)/);
  assert.doesNotMatch(md, /(^|[^\\])<img/m, 'hostile title is escaped');
  assert.ok(md.includes('\\<img src=x onerror=alert\\(1\\)\\> \\| pipe'));
  assert.match(md, /### MESOS-313: Report executor terminations/);
  assert.match(md, /- \[ \] \*\*error\*\* ac\/missing message \(`ac\/missing`\)/);
  assert.match(md, /  - what to do: ac\/missing help/);
});

test('markdown report limits the issue list and says how many were left out', () => {
  const { issues, report } = sampleBacklog();
  const rows = buildRows(issues, report);
  rows.push(...rows.map((r, i) => ({ ...r, idx: 10 + i, key: `X-${i}`, diagnostics: [diag('ac/missing', 'error', { suggestion: 'Given … When … Then …' })] })));
  const md = markdownReport({ rows, limit: 3 });
  assert.equal((md.match(/^### /gm) ?? []).length, 3);
  assert.match(md, /…and 5 more issues that are not ready\./);
});

test('the grooming note lists failing checks with next steps, then the other findings', async () => {
  const { issueNote } = await import('../../www/js/export-formats.js');
  const { issues, report } = sampleBacklog();
  const rows = buildRows(issues, report);
  const m = rows[2];
  // Make one finding the failing check itself: it is listed once, as the check.
  m.diagnostics.push(diag('ready/estimate', 'error'));
  assert.equal(issueNote(m), [
    `MESOS-313: ${TITLES.m313}`,
    'Not ready, readiness 40%',
    '',
    'Definition of Ready:',
    '- [ ] fix ready/acceptance-criteria (ready/acceptance-criteria)',
    '- [ ] fix ready/estimate (ready/estimate)',
    '',
    'Findings:',
    '- [ ] ac/missing message — ac/missing help',
    '- [ ] story/template message — story/template help',
    '',
    'Likely KPI: cost (70%)',
    '',
  ].join('\n'));
  const two = issueNote(rows[1]);
  assert.match(two, /^2: As a ProspectiveApplicant/);
  assert.match(two, /- \[ \] fix ready\/story-format \(ready\/story-format\)/);
  assert.match(two, /Possible duplicates: 1\n$/);
  const ready = issueNote(rows[0]);
  assert.equal(ready, `1: ${TITLES.g1}\nReady, readiness 100%\n`);
});
