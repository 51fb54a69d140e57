import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docText, blockText, buildRows, buildRow, facets, naturalCompare, epicOf, kpiLabel, fieldTexts } from '../../www/js/report-model.js';
import { sampleBacklog, TITLES } from './dashboard-fixtures.mjs';

test('docText renders blocks exactly like Doc::text in src/model.rs', () => {
  // The Rust unit test doc_text_renders_lists_and_checklists expects this string.
  const doc = { blocks: [
    { type: 'heading', level: 2, text: 'Acceptance Criteria' },
    { type: 'list-item', ordered: false, depth: 0, checked: true, text: 'Login works' },
  ] };
  assert.equal(docText(doc), 'Acceptance Criteria\n- [x] Login works');
  assert.equal(blockText({ type: 'list-item', ordered: true, depth: 2, checked: false, text: 'b' }), '    1. [ ] b');
  assert.equal(blockText({ type: 'table', rows: [['a', 'b'], ['c', 'd']] }), 'a | b\nc | d');
  assert.equal(blockText({ type: 'rule' }), '---');
  assert.equal(blockText({ type: 'code', lang: 'sh', text: 'make' }), 'make');
  assert.equal(docText(undefined), '');
  assert.equal(docText({ blocks: 'nope' }), '');
});

test('fieldTexts gives the texts spans point into', () => {
  const t = fieldTexts({ title: TITLES.g20, description: { blocks: [{ type: 'paragraph', text: 'x' }, { type: 'quote', text: 'y' }] } });
  assert.equal(t.title, TITLES.g20);
  assert.equal(t.description, 'x\ny');
  assert.equal(t['acceptance-criteria'], '');
});

test('buildRows joins issues and reports by position', () => {
  const { issues, report } = sampleBacklog();
  const rows = buildRows(issues, report);
  assert.equal(rows.length, 5);
  const m = rows[2];
  assert.equal(m.key, 'MESOS-313');
  assert.equal(m.verdict, 'not-ready');
  assert.equal(m.score, 40);
  assert.deepEqual(m.counts, { error: 1, warning: 1, info: 0 });
  assert.equal(m.kpi.kpi, 'cost', 'the most confident KPI hint comes first');
  assert.equal(m.epic, 'MESOS-336');
  assert.equal(m.status, 'Open');
  assert.equal(m.assignee, 'benh');
  assert.deepEqual(m.labels, ['slave']);
  assert.match(m.texts.description, /executorLost/);
  assert.equal(rows[3].estimate.value, 8);
  // chunked building gives the same rows
  assert.deepEqual([...buildRows(issues, report, 0, 2), ...buildRows(issues, report, 2, 99)], rows);
});

test('buildRow tolerates missing and malformed report parts', () => {
  const r = buildRow(0, undefined, { key: 'K-1' });
  assert.equal(r.key, 'K-1');
  assert.equal(r.verdict, '');
  assert.equal(r.score, -1);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.kpis, []);
  assert.equal(r.kpi, null);
  assert.deepEqual(r.duplicates, []);
  assert.deepEqual(r.priority, {});
  const r2 = buildRow(1, { title: 'T', labels: 'x' }, { readiness: { verdict: 'bogus', score: 'high' }, diagnostics: [null, 3, { rule: 'a/b', severity: 'error' }], kpis: {}, duplicates: null });
  assert.equal(r2.title, 'T');
  assert.equal(r2.verdict, '');
  assert.equal(r2.score, -1);
  assert.equal(r2.diagnostics.length, 1);
  assert.deepEqual(r2.labels, []);
  assert.deepEqual(buildRows(null, null), []);
});

test('epicOf reads the parent or an Epic Link custom field', () => {
  assert.equal(epicOf({ parent: 'MESOS-336' }), 'MESOS-336');
  assert.equal(epicOf({ fields: { 'Epic Link': 'MDL-12' } }), 'MDL-12');
  assert.equal(epicOf({ fields: { Sprint: 'S1' } }), '');
  assert.equal(epicOf(null), '');
});

test('facets lists distinct values, naturally sorted', () => {
  const { issues, report } = sampleBacklog();
  const f = facets(buildRows(issues, report));
  assert.deepEqual(f.kind, ['bug', 'epic', 'story']);
  assert.deepEqual(f.label, ['G03', 'slave']);
  assert.deepEqual(f.rule, ['ac/missing', 'story/conjunctions', 'story/template', 'story/vague-terms']);
  assert.deepEqual(f.status, ['Open', 'Resolved']);
  assert.deepEqual(f.epic, ['MESOS-336']);
});

test('naturalCompare orders keys by number', () => {
  assert.deepEqual(['MESOS-10', 'MESOS-9', 'MESOS-100'].sort(naturalCompare), ['MESOS-9', 'MESOS-10', 'MESOS-100']);
  assert.equal(kpiLabel({ kpi: 'cost', confidence: 0.7 }), 'cost (70%)');
  assert.equal(kpiLabel(null), '');
});
