import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows } from '../../www/js/report-model.js';
import { createSession } from '../../www/js/backlog-session.js';
import { sampleBacklog, TITLES } from './dashboard-fixtures.mjs';

const session = () => {
  const { issues, report } = sampleBacklog();
  return { s: createSession(buildRows(issues, report), report.backlog, report), report };
};

test('the summary carries what the headline, filters, next up and charts need', () => {
  const { s, report } = session();
  const sum = s.summary();
  assert.equal(sum.total, 5);
  assert.deepEqual(sum.backlog, report.backlog);
  assert.deepEqual(sum.facets.label, ['G03', 'slave']);
  assert.deepEqual(sum.distribution.verdicts.map((v) => v.count), [1, 2, 2]);
  assert.equal(sum.checks[0].check, 'ready/acceptance-criteria');
  assert.equal(sum.rules[0].rule, 'ac/missing');
  assert.deepEqual(sum.kpi.kpis, [{ kpi: 'cost', count: 1 }]);
  assert.deepEqual(sum.clusters, [{ keys: ['1', '2'], best: 0.62, titles: [TITLES.g1, TITLES.g2] }]);
  assert.equal(sum.clusterCount, 1);
  assert.deepEqual(sum.frameworks, ['value-effort', 'rice', 'ice']);
  assert.equal(sum.primary, 'rice');
  assert.deepEqual(sum.nextUp.map((r) => r.key), report.backlog.closest_to_ready);
  assert.deepEqual(sum.nextUp[3], { key: 'MESOS-313', title: TITLES.m313, verdict: 'not-ready', score: 40, todo: ['ready/acceptance-criteria fails', 'ready/estimate fails'] });
  // The summary is plain data: it survives structured cloning to the page.
  assert.deepEqual(structuredClone(sum), sum);
});

test('queries filter, sort and page; the page holds full rows', () => {
  const { s } = session();
  const p = s.query({ filters: { label: 'G03' }, sort: { column: 'score', direction: 'desc' }, page: 0, pageSize: 2 });
  assert.equal(p.matched, 3);
  assert.equal(p.total, 5);
  assert.equal(p.pages, 2);
  assert.deepEqual(p.rows.map((r) => r.key), ['1', '2']);
  assert.equal(p.rows[1].diagnostics[0].rule, 'story/conjunctions');
  const p2 = s.query({ filters: { label: 'G03' }, sort: { column: 'score', direction: 'desc' }, page: 1, pageSize: 2 });
  assert.deepEqual(p2.rows.map((r) => r.key), ['7']);
  assert.equal(s.query({ page: 99, pageSize: 2 }).page, 2, 'pages are clamped');
  assert.equal(s.query({ filters: { text: 'nothing like this' } }).matched, 0);
});

test('row, scatter, to-groom and exports answer from the same rows', () => {
  const { s, report } = session();
  const r = s.row('2');
  assert.equal(r.row.title, TITLES.g2);
  assert.deepEqual(r.duplicateTitles, { 1: TITLES.g1 });
  assert.equal(s.row('NOPE'), null);
  assert.deepEqual(s.scatter('value-effort').map((p) => p.key), ['MESOS-313']);
  const g = s.toGroom(1);
  assert.equal(g.total, 4);
  assert.deepEqual(g.rows.map((x) => x.key), ['2']);
  assert.deepEqual(g.rows[0].findings, [{ severity: 'warning', message: 'story/conjunctions message', help: 'story/conjunctions help' }]);
  // CSVs follow the query; JSON and Markdown are the whole backlog.
  const csv = s.exportText('issues-csv', { filters: { verdict: 'not-ready' }, sort: { column: 'key', direction: 'desc' } }, {});
  assert.deepEqual(csv.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]), ['MESOS-336', 'MESOS-313']);
  assert.deepEqual(JSON.parse(s.exportText('json', {}, { format: 'text', source: 's' })).report, report);
  assert.match(s.exportText('markdown', { filters: { verdict: 'ready' } }, { source: 'g03' }), /\| issues \| 5 \|/);
  assert.throws(() => s.exportText(/** @type {any} */ ('xml'), {}, {}), /unknown export/);
});
