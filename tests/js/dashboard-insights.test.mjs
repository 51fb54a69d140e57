import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows } from '../../www/js/report-model.js';
import {
  healthIndex, healthBand, HEALTH_WEIGHTS, nextUp, blockers, readinessDistribution, findingsByRule,
  kpiCoverage, duplicateClusters, priorityFrameworks, valueEffortPoints,
} from '../../www/js/backlog-insights.js';
import { sampleBacklog } from './dashboard-fixtures.mjs';

const rows = () => {
  const { issues, report } = sampleBacklog();
  return buildRows(issues, report);
};

test('health index is the documented weighted mean of four shares', () => {
  const h = healthIndex(rows());
  // Scores 100, 80, 40, 60, 80 → mean 72; 3 of 5 without errors; 1 of 5 with a KPI;
  // 4 of 5 without duplicates.
  assert.deepEqual(h.components, { readiness: 0.72, clean: 0.6, linked: 0.2, unique: 0.8 });
  const expected = 100 * (0.5 * 0.72 + 0.2 * 0.6 + 0.15 * 0.2 + 0.15 * 0.8);
  assert.equal(h.index, Math.round(expected * 10) / 10);
  assert.equal(h.band, 'needs grooming');
  assert.equal(Object.values(HEALTH_WEIGHTS).reduce((a, b) => a + b, 0), 1);
  assert.equal(healthIndex([]), null);
  assert.equal(healthBand(80), 'healthy');
  assert.equal(healthBand(79.9), 'needs grooming');
  assert.equal(healthBand(59.9), 'unhealthy');
});

test('next up lists issues that are not ready, closest first', () => {
  const n = nextUp(rows());
  assert.deepEqual(n.map((r) => r.key), ['7', '2', 'MESOS-336', 'MESOS-313']);
  assert.deepEqual(nextUp(rows(), 2).map((r) => r.key), ['7', '2']);
  const m = rows()[2];
  assert.deepEqual(blockers(m).map((d) => d.rule), ['ac/missing', 'story/template']);
  assert.deepEqual(blockers(rows()[4]).map((d) => d.rule), ['story/vague-terms'], 'infos when nothing worse');
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

test('priority frameworks and value vs effort points come from what the core reports', () => {
  const rs = rows();
  assert.deepEqual(priorityFrameworks(rs), ['ice', 'rice']);
  // MESOS-336: rice effort 3 from its inputs; 7 has a RICE score but no effort → left out.
  assert.deepEqual(valueEffortPoints(rs, 'rice'), [{ key: 'MESOS-336', title: rs[3].title, value: 12.5, effort: 3, verdict: 'not-ready' }]);
  // ICE is a bare number; the effort falls back to the issue's estimate (8 points).
  assert.deepEqual(valueEffortPoints(rs, 'ice').map((p) => [p.key, p.value, p.effort]), [['MESOS-336', 6, 8]]);
  assert.deepEqual(valueEffortPoints(rs, 'wsjf'), []);
});
