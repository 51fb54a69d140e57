import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows } from '../../www/js/report-model.js';
import { filterRows, sortRows, nextSort, paginate, comparator } from '../../www/js/table-query.js';
import { sampleBacklog } from './dashboard-fixtures.mjs';

const rows = () => {
  const { issues, report } = sampleBacklog();
  return buildRows(issues, report);
};
const keys = (rs) => rs.map((r) => r.key);

test('filters by verdict, type, label, epic, assignee, status and rule', () => {
  const rs = rows();
  assert.deepEqual(keys(filterRows(rs, { verdict: 'not-ready' })), ['MESOS-313', 'MESOS-336']);
  assert.deepEqual(keys(filterRows(rs, { kind: 'story' })), ['1', '2', '7']);
  assert.deepEqual(keys(filterRows(rs, { label: 'G03', verdict: 'almost-ready' })), ['2', '7']);
  assert.deepEqual(keys(filterRows(rs, { epic: 'MESOS-336' })), ['MESOS-313']);
  assert.deepEqual(keys(filterRows(rs, { assignee: 'benh' })), ['MESOS-313']);
  assert.deepEqual(keys(filterRows(rs, { status: 'Resolved' })), ['MESOS-336']);
  assert.deepEqual(keys(filterRows(rs, { rule: 'ac/missing' })), ['MESOS-313', 'MESOS-336']);
  assert.deepEqual(keys(filterRows(rs, {})), keys(rs));
  assert.deepEqual(keys(filterRows(rs, { verdict: '' })), keys(rs));
});

test('text search matches every word in key, title, labels and findings, ignoring case', () => {
  const rs = rows();
  assert.deepEqual(keys(filterRows(rs, { text: 'pay FEE' })), ['7']);
  assert.deepEqual(keys(filterRows(rs, { text: 'mesos-3' })), ['MESOS-313', 'MESOS-336']);
  assert.deepEqual(keys(filterRows(rs, { text: 'vague-terms' })), ['7']);
  assert.deepEqual(keys(filterRows(rs, { text: 'g03 applicant' })), ['2', '7']);
  assert.deepEqual(keys(filterRows(rs, { text: 'no such words' })), []);
  assert.deepEqual(keys(filterRows(rs, { text: '   ' })), keys(rs));
});

test('sorting: natural keys, verdict order, score, findings, KPI, duplicates', () => {
  const rs = rows();
  assert.deepEqual(keys(sortRows(rs, { column: 'key', direction: 'asc' })), ['1', '2', '7', 'MESOS-313', 'MESOS-336']);
  assert.deepEqual(keys(sortRows(rs, { column: 'verdict', direction: 'asc' })), ['1', '2', '7', 'MESOS-313', 'MESOS-336']);
  assert.deepEqual(keys(sortRows(rs, { column: 'verdict', direction: 'desc' })), ['MESOS-313', 'MESOS-336', '2', '7', '1']);
  assert.deepEqual(keys(sortRows(rs, { column: 'score', direction: 'asc' })), ['MESOS-313', 'MESOS-336', '2', '7', '1']);
  // errors first, then warnings: MESOS-313 (1e,1w) > MESOS-336 (1e) > 2 (1w) > 7 (1i) > 1
  assert.deepEqual(keys(sortRows(rs, { column: 'findings', direction: 'desc' })), ['MESOS-313', 'MESOS-336', '2', '7', '1']);
  assert.equal(sortRows(rs, { column: 'kpi', direction: 'desc' })[0].key, 'MESOS-313');
  assert.equal(sortRows(rs, { column: 'duplicates', direction: 'desc' })[0].key, '2');
  assert.deepEqual(keys(sortRows(rs, { column: 'kind', direction: 'asc' })), ['MESOS-313', 'MESOS-336', '1', '2', '7']);
  assert.deepEqual(keys(rs), ['1', '2', 'MESOS-313', 'MESOS-336', '7'], 'sorting does not mutate its input');
});

test('sorting is stable: ties keep backlog order in both directions', () => {
  const rs = rows();
  const byScoreDesc = keys(sortRows(rs, { column: 'score', direction: 'desc' }));
  assert.deepEqual(byScoreDesc, ['1', '2', '7', 'MESOS-336', 'MESOS-313']);
  assert.equal(comparator('unknown-column')(rs[0], rs[1]) < 0, true);
});

test('nextSort flips the same column and starts numeric columns descending', () => {
  assert.deepEqual(nextSort({ column: 'key', direction: 'asc' }, 'key'), { column: 'key', direction: 'desc' });
  assert.deepEqual(nextSort({ column: 'key', direction: 'desc' }, 'key'), { column: 'key', direction: 'asc' });
  assert.deepEqual(nextSort({ column: 'key', direction: 'asc' }, 'title'), { column: 'title', direction: 'asc' });
  assert.deepEqual(nextSort({ column: 'key', direction: 'asc' }, 'score'), { column: 'score', direction: 'desc' });
});

test('paginate clamps the page and reports the range', () => {
  const items = Array.from({ length: 120 }, (_, i) => i);
  const p = paginate(items, 2, 50);
  assert.equal(p.pages, 3);
  assert.equal(p.rows.length, 20);
  assert.equal(p.from, 100);
  assert.equal(p.to, 120);
  assert.equal(paginate(items, 99, 50).page, 2);
  assert.equal(paginate(items, -3, 50).page, 0);
  const empty = paginate([], 0, 50);
  assert.equal(empty.pages, 1);
  assert.equal(empty.rows.length, 0);
});
