import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows } from '../../www/js/report-model.js';
import {
  healthPercent, blockingCount, failingChecks, nextUp, blockers, readinessDistribution, findingsByRule,
  kpiCoverage, duplicateClusters, priorityFrameworks, valueEffortPoints, scoreEntries,
} from '../../www/js/backlog-insights.js';
import { sampleBacklog } from './dashboard-fixtures.mjs';

const rows = () => {
  const { issues, report } = sampleBacklog();
  return buildRows(issues, report);
};

test('the health index is the core\'s share, as a percentage', () => {
  const { report } = sampleBacklog();
  assert.equal(healthPercent(report.backlog), 20);
  assert.equal(healthPercent({ health_index: 0.12345 }), 12.3);
  assert.equal(healthPercent({ health_index: 0 }), 0);
  assert.equal(healthPercent({}), null, 'an older core without the field');
  assert.equal(healthPercent(undefined), null);
  assert.equal(healthPercent({ health_index: 'x' }), null);
});

test('next up follows the core\'s closest_to_ready, in its order', () => {
  const rs = rows();
  assert.deepEqual(nextUp(rs, { closest_to_ready: ['MESOS-313', 'NOT-IN-BACKLOG', '7'] }).map((r) => r.key), ['MESOS-313', '7']);
  assert.deepEqual(nextUp(rs, { closest_to_ready: [] }), []);
  assert.deepEqual(nextUp(rs, { closest_to_ready: ['1', '2', '7'] }, 2).map((r) => r.key), ['1', '2']);
});

test('without the core\'s list, next up orders by blocking gaps, then score, then backlog order', () => {
  const rs = rows();
  // 2: no failing error check, 80; 7: no checks and no error finding, 80; MESOS-336: one
  // failing error check; MESOS-313: two.
  assert.deepEqual(rs.map(blockingCount), [0, 0, 2, 1, 0]);
  assert.deepEqual(nextUp(rs, undefined).map((r) => r.key), ['2', '7', 'MESOS-336', 'MESOS-313']);
  assert.deepEqual(nextUp(rs, {}, 1).map((r) => r.key), ['2']);
  // With readiness checks: the failing checks, errors first, with their next steps.
  assert.deepEqual(blockers(rs[2]), [
    { rule: 'ready/acceptance-criteria', severity: 'error', message: 'ready/acceptance-criteria fails', help: 'fix ready/acceptance-criteria' },
    { rule: 'ready/estimate', severity: 'error', message: 'ready/estimate fails', help: 'fix ready/estimate' },
  ]);
  // Without checks: error and warning findings, else infos.
  assert.deepEqual(blockers(rs[4]).map((d) => d.rule), ['story/vague-terms'], 'infos when nothing worse');
  rs[2].checks = [];
  assert.deepEqual(blockers(rs[2]).map((d) => d.rule), ['ac/missing', 'story/template']);
});

test('failing checks come from the core, or are counted from the rows', () => {
  const rs = rows();
  const { report } = sampleBacklog();
  const expected = [
    { check: 'ready/acceptance-criteria', count: 2 }, { check: 'ready/estimate', count: 1 }, { check: 'ready/story-format', count: 1 },
  ];
  assert.deepEqual(failingChecks(rs, report.backlog), expected);
  assert.deepEqual(failingChecks(rs, {}), expected, 'the rows\' checks give the same counts');
});

test('readiness distribution counts verdicts and score bands', () => {
  const d = readinessDistribution(rows());
  assert.deepEqual(d.verdicts, [{ verdict: 'ready', count: 1 }, { verdict: 'almost-ready', count: 2 }, { verdict: 'not-ready', count: 2 }]);
  assert.equal(d.scores.length, 10);
  assert.equal(d.scores[9].count, 1, '100 falls in the top band');
  assert.equal(d.scores[8].count, 2);
  assert.equal(d.scores[6].count, 1);
  assert.equal(d.scores[4].count, 1);
  assert.equal(d.scores.reduce((s, b) => s + b.count, 0), 5);
});

test('findings by rule count findings and issues with the worst severity', () => {
  const f = findingsByRule(rows());
  assert.deepEqual(f[0], { rule: 'ac/missing', count: 2, issues: 2, severity: 'error', category: 'ac' });
  assert.equal(f.length, 4);
  assert.equal(f.reduce((s, r) => s + r.count, 0), 5);
});

test('KPI coverage counts each issue by its most confident hint', () => {
  assert.deepEqual(kpiCoverage(rows()), { kpis: [{ kpi: 'cost', count: 1 }], uncovered: 4, covered: 1 });
});

test('duplicate clusters join candidates in either direction and ignore unknown keys', () => {
  const rs = rows();
  assert.deepEqual(duplicateClusters(rs), [{ keys: ['1', '2'], best: 0.62 }]);
  rs[4].duplicates = [{ key: '2', score: 0.9 }, { key: 'NOT-IN-BACKLOG', score: 1 }];
  rs[3].duplicates = [{ key: 'MESOS-313', score: 0.55 }];
  const c = duplicateClusters(rs);
  assert.deepEqual(c.map((x) => x.keys), [['1', '2', '7'], ['MESOS-313', 'MESOS-336']]);
  assert.equal(c[0].best, 0.9);
});

test('priority frameworks and value vs effort points come from priority.scores', () => {
  const rs = rows();
  assert.deepEqual(priorityFrameworks(rs), ['value-effort', 'rice', 'ice'], 'frameworks with a score, WSJF had none');
  // RICE: MESOS-336 has effort 3 → value = score × effort = reach × impact × confidence;
  // 7 has a RICE score but neither an effort input nor an estimate → left out.
  assert.deepEqual(valueEffortPoints(rs, 'rice'), [{ key: 'MESOS-336', title: rs[3].title, value: 12.5 * 3, effort: 3, score: 12.5, verdict: 'not-ready' }]);
  assert.equal(100 * 1 * 0.375, 12.5 * 3);
  // ICE has no effort input: the issue's estimate (8 points) stands in, value is the score.
  assert.deepEqual(valueEffortPoints(rs, 'ice').map((p) => [p.key, p.value, p.effort]), [['MESOS-336', 6, 8]]);
  assert.deepEqual(valueEffortPoints(rs, 'value-effort').map((p) => [p.key, p.value, p.effort, p.score]), [['MESOS-313', 8, 4, 2]]);
  assert.deepEqual(valueEffortPoints(rs, 'wsjf'), []);
  assert.deepEqual(scoreEntries({ priority: {} }), []);
  assert.ok(Number.isNaN(scoreEntries(rs[3])[2].score));
});
