// What the badge and panel show, from Reports of the shapes the core produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  docText, excerpt, fieldText, formatScore, frameworkLabel, groupDiagnostics, pageSummary, priorityScore, priorityView, readinessChecks, readinessLabel, verdictAttr,
} from '../../extension/report-view.js';

test('verdicts map to the stable badge attribute values', () => {
  assert.equal(verdictAttr({ readiness: { verdict: 'ready' } }), 'ready');
  assert.equal(verdictAttr({ readiness: { verdict: 'almost-ready' } }), 'almost');
  assert.equal(verdictAttr({ readiness: { verdict: 'not-ready' } }), 'not-ready');
  assert.equal(verdictAttr({}), 'unknown');
  assert.equal(verdictAttr(null), 'unknown');
});

test('readiness label: passed/total checks when listed, else the score', () => {
  const checks = [
    { check: 'has-acceptance-criteria', passed: false, severity: 'error', reason: 'No acceptance criteria', next_step: 'Add them' },
    { check: 'has-estimate', passed: true, severity: 'warning', reason: 'Estimated: 3 points' },
    { check: 'has-priority', passed: true, severity: 'warning', reason: 'Priority High' },
  ];
  assert.equal(readinessLabel({ readiness: { verdict: 'not-ready', score: 40, checks } }), '2/3');
  assert.equal(readinessLabel({ readiness: { verdict: 'ready', score: 100, checks: [] } }), '100%');
  assert.equal(readinessLabel({ readiness: {} }), '–');
  const { failed, passed } = readinessChecks({ readiness: { checks: [...checks, null] } });
  assert.deepEqual(failed, [{ name: 'has-acceptance-criteria', severity: 'error', reason: 'No acceptance criteria', next: 'Add them' }]);
  assert.deepEqual(passed.map((c) => c.name), ['has-estimate', 'has-priority']);
});

test('priority score: primary_score first, then other shapes; null when nothing was scored', () => {
  assert.deepEqual(priorityScore({ priority: { primary: 'wsjf', primary_score: 4.5, scores: [] } }), { score: 4.5, framework: 'wsjf' });
  // The primary framework could not be scored: no number, even if another framework has one.
  assert.equal(priorityScore({ priority: { primary: 'rice', scores: [{ framework: 'rice', score: null }, { framework: 'ice', score: 7 }] } }), null);
  assert.deepEqual(priorityScore({ priority: { scores: [{ framework: 'rice', score: null }, { framework: 'ice', score: 7 }] } }), { score: 7, framework: 'ice' });
  assert.equal(priorityScore({ priority: { primary: 'rice', scores: [{ framework: 'rice', score: null }] } }), null);
  assert.equal(priorityScore({ priority: {} }), null);
  assert.equal(priorityScore({}), null);
  assert.equal(formatScore(12), '12');
  assert.equal(formatScore(3.14159), '3.1');
  assert.equal(formatScore(1234.5), '1235');
});

test('docText matches Doc::text in src/model.rs', () => {
  // The same document as the Rust test `doc_text_renders_lists_and_checklists`.
  const doc = { blocks: [
    { type: 'heading', level: 2, text: 'Acceptance Criteria' },
    { type: 'list-item', ordered: false, depth: 0, checked: true, text: 'Login works' },
  ] };
  assert.equal(docText(doc), 'Acceptance Criteria\n- [x] Login works');
  const more = { blocks: [
    { type: 'list-item', ordered: true, depth: 1, checked: false, text: 'nested' },
    { type: 'table', rows: [['a', 'b'], ['c', 'd']] },
    { type: 'rule' },
    { type: 'code', lang: 'js', text: 'x()' },
  ] };
  assert.equal(docText(more), '  1. [ ] nested\na | b\nc | d\n---\nx()');
  assert.equal(fieldText({ title: 'T', description: doc }, 'description'), docText(doc));
  assert.equal(fieldText({ title: 'T' }, 'acceptance-criteria'), '');
});

test('excerpts slice UTF-16 spans, so text after emoji and accents is highlighted exactly', () => {
  const issue = { title: 'Café 🚀 should be fast, etc.', description: { blocks: [] } };
  // "etc." starts at UTF-16 offset 24 (é is 1 unit, 🚀 is 2).
  const start = issue.title.indexOf('etc.');
  assert.equal(start, 24);
  const ex = excerpt(issue, { field: 'title', span: { start, end: start + 4 } }, 5);
  assert.deepEqual(ex, { before: '…ast, ', match: 'etc.', after: '' });
  assert.equal(excerpt(issue, { field: 'title', span: { start: 5, end: 999 } }), null);
  assert.equal(excerpt(issue, { field: 'title' }), null);
});

test('diagnostics group by severity; the page summary sorts worst first, then by score', () => {
  const g = groupDiagnostics({ diagnostics: [{ severity: 'info' }, { severity: 'error' }, { severity: 'warning' }, null] });
  assert.deepEqual([g.errors.length, g.warnings.length, g.infos.length], [1, 1, 1]);
  const rows = pageSummary([
    { key: 'A-1', title: 'a', readiness: { verdict: 'ready', score: 100 } },
    { key: 'A-2', title: 'b', readiness: { verdict: 'not-ready', score: 20 }, priority: { primary_score: 3 } },
    { key: 'A-3', title: 'c', readiness: { verdict: 'not-ready', score: 10 }, priority: { primary_score: 9 } },
    { key: 'A-4', title: 'd', readiness: { verdict: 'almost-ready', score: 70 } },
  ]);
  assert.deepEqual(rows.rows.map((r) => r.key), ['A-3', 'A-2', 'A-4', 'A-1']);
  assert.equal(rows.readinessRate, 0.25);
  assert.equal(pageSummary([]).readinessRate, null);
});

test('with the real core: every diagnostic span of a non-ASCII backlog excerpts inside its field', async (t) => {
  const pkg = new URL('../../pkg/readylens_bg.wasm', import.meta.url);
  if (!existsSync(pkg)) return t.skip('pkg/ not built');
  const core = await import('../../pkg/readylens.js');
  await core.default({ module_or_path: readFileSync(pkg) });
  // Real stories (../shared/data/stories/dalpiaz/g05-openspending.txt, CC BY 4.0) with
  // accents and emoji added in front, so byte and UTF-16 offsets differ.
  const lines = [
    'Ünïcödé 🚀 As a Data Publishing User, I want to be able to delete a dataset I have published, So that I can remove unwanted data from OpenSpending.',
    '日本語 As a Platform Administrator, I want to be able to Hide any dataset already added as Public etc.',
    '🚀🚀 fix the thing asap',
  ];
  const imported = core.parseIssues(lines.join('\n'), 'text', 't');
  const report = core.analyze(imported.issues, { version: 1 });
  assert.equal(report.issues.length, 3);
  for (const [i, r] of report.issues.entries()) {
    for (const d of r.diagnostics) {
      if (!d.span || !d.field) continue;
      const text = fieldText(imported.issues[i], d.field);
      assert.ok(d.span.end <= text.length, `${d.rule}: span ${JSON.stringify(d.span)} inside ${text.length} UTF-16 units`);
      const ex = excerpt(imported.issues[i], d);
      assert.ok(ex, `${d.rule} excerpts`);
      assert.equal(ex.match, text.slice(d.span.start, d.span.end));
      // A span never splits a surrogate pair.
      assert.ok(!/^[\uDC00-\uDFFF]/.test(ex.match) && !/[\uD800-\uDBFF]$/.test(ex.match), `${d.rule}: whole characters`);
    }
  }
});

test('priority view: primary first, inputs with provenance, what is missing', () => {
  const v = priorityView({ priority: {
    primary: 'wsjf', primary_score: 4,
    scores: [
      { framework: 'rice', score: null, explanation: 'RICE not scored: missing reach', inputs: [], missing: ['reach'], confidence_level: 'none' },
      { framework: 'wsjf', score: 4, explanation: 'WSJF 4 = 12 ÷ 3', inputs: [{ name: 'job_size', value: 3, raw: '3 points', source: 'estimate', from: 'estimate' }], missing: [], confidence_level: 'medium' },
    ],
    tracker_priority: { name: 'High', level: 2, source: 'field' },
  } });
  assert.deepEqual(v.frameworks.map((f) => f.name), ['wsjf', 'rice']);
  assert.deepEqual(v.frameworks[0].inputs, ['job_size = 3 ("3 points"), from estimate']);
  assert.deepEqual(v.frameworks[1].missing, ['reach']);
  assert.deepEqual(v.notes, ['Tracker priority: High']);
  assert.equal(priorityView({ priority: {} }), null);
});

test('framework labels for the badge', () => {
  assert.equal(frameworkLabel('wsjf'), 'WSJF');
  assert.equal(frameworkLabel('value-effort'), 'V/E');
  assert.equal(frameworkLabel(null), 'P');
});
