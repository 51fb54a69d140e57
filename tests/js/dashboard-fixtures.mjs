// Shared test data for the dashboard unit tests: real issue titles with hand-written
// analysis results shaped like the core's Report (src/analyze.rs).
//
// Titles: lines 1, 2, 7 and 20 of www/samples/g03-loudoun.txt (Dalpiaz, "Requirements
// data sets (user stories)", doi 10.17632/7zbk8zsd8y.1, CC BY 4.0), and MESOS-313 / MESOS-336
// (titles and description) from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al., IEEE TSE 2018).

export const TITLES = {
  g1: 'As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties, County services, processes and other general information.',
  g2: 'As a ProspectiveApplicant, I want to research requirements and to select a service, so that I can find the relevant service and/or application type to initiate via the online portal.',
  g7: 'As an Applicant, I want to Pay Fee, so that I can satisfy outstanding charge associated with the service requested or received from the County.',
  g20: 'As a staff member, I want to denote an application with a Final Action status. So that I can finish it.',
  m313: 'Report executor terminations to framework schedulers.',
  m336: 'Mesos slave should cache executors',
};

/**
 * A diagnostic shaped like the core's.
 * @param {string} rule
 * @param {'error'|'warning'|'info'} severity
 * @param {object} [extra]
 */
export function diag(rule, severity, extra = {}) {
  return {
    rule,
    severity,
    category: rule.split('/')[0],
    message: `${rule} message`,
    why: `${rule} why`,
    help: `${rule} help`,
    ...extra,
  };
}

/** Issues (as parseIssues returns them) and a report for them. */
export function sampleBacklog() {
  const issues = [
    { tracker: 'text', key: '1', kind: 'story', title: TITLES.g1, description: { blocks: [] }, labels: ['G03'] },
    { tracker: 'text', key: '2', kind: 'story', title: TITLES.g2, description: { blocks: [] }, labels: ['G03'] },
    { tracker: 'jira', key: 'MESOS-313', kind: 'bug', title: TITLES.m313, description: { blocks: [{ type: 'paragraph', text: 'The Scheduler interface has a callback for executorLost, but currently it is never called.' }] }, labels: ['slave'], status: { name: 'Open', category: 'todo' }, assignee: 'benh', parent: 'MESOS-336' },
    { tracker: 'jira', key: 'MESOS-336', kind: 'epic', title: TITLES.m336, description: { blocks: [] }, status: { name: 'Resolved', category: 'done' }, estimate: { value: 8, unit: 'points' } },
    { tracker: 'text', key: '7', kind: 'story', title: TITLES.g7, labels: ['G03'] },
  ];
  const rep = (i, verdict, score, diagnostics, more = {}, checks = undefined) => ({
    key: issues[i].key, title: issues[i].title, tracker: issues[i].tracker, kind: issues[i].kind,
    readiness: checks ? { verdict, score, checks } : { verdict, score }, diagnostics, priority: {}, kpis: [], duplicates: [], ...more,
  });
  const check = (id, passed, severity = 'error') => ({
    check: id, passed, severity, reason: `${id} ${passed ? 'passes' : 'fails'}`, ...(passed ? {} : { next_step: `fix ${id}` }),
  });
  const report = {
    issues: [
      rep(0, 'ready', 100, [], {}, [check('ready/acceptance-criteria', true), check('ready/title', true)]),
      rep(1, 'almost-ready', 80, [diag('story/conjunctions', 'warning', { field: 'title', span: { start: TITLES.g2.indexOf(' and ') + 1, end: TITLES.g2.indexOf(' and ') + 4 } })],
        { duplicates: [{ key: '1', score: 0.62, evidence: ['service', 'information'] }] },
        [check('ready/story-format', false, 'warning'), check('ready/title', true)]),
      rep(2, 'not-ready', 40, [diag('ac/missing', 'error'), diag('story/template', 'warning')],
        {
          kpis: [{ kpi: 'uptime', confidence: 0.4 }, { kpi: 'cost', confidence: 0.7 }],
          priority: { primary: 'rice', scores: [{ framework: 'value-effort', score: 2, inputs: [{ name: 'value', value: 8 }, { name: 'effort', value: 4 }] }] },
        },
        [check('ready/acceptance-criteria', false), check('ready/estimate', false), check('ready/title', true)]),
      rep(3, 'not-ready', 60, [diag('ac/missing', 'error')], {
        priority: {
          primary: 'rice', primary_score: 12.5,
          scores: [
            { framework: 'rice', score: 12.5, inputs: [{ name: 'reach', value: 100 }, { name: 'impact', value: 1 }, { name: 'confidence', value: 0.375 }, { name: 'effort', value: 3 }] },
            { framework: 'ice', score: 6, inputs: [] },
            { framework: 'wsjf', score: null, inputs: [], missing: ['job_size'] },
          ],
        },
      }, [check('ready/acceptance-criteria', false), check('ready/title', true)]),
      rep(4, 'almost-ready', 80, [diag('story/vague-terms', 'info')], { priority: { primary: 'rice', scores: [{ framework: 'rice', score: 30, inputs: [] }] } }),
    ],
    backlog: {
      issues: 5, ready: 1, almost_ready: 2, not_ready: 2, readiness_rate: 0.2, errors: 2, warnings: 2, infos: 1, kpi_coverage: 0.2, with_duplicates: 1,
      health_index: 0.2,
      failing_checks: { 'ready/acceptance-criteria': 2, 'ready/estimate': 1, 'ready/story-format': 1 },
      closest_to_ready: ['2', '7', 'MESOS-336', 'MESOS-313'],
    },
  };
  return { issues, report };
}
