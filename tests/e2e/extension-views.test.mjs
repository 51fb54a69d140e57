// End-to-end: the issue view of every tracker and Jira Cloud's backlog, each on the
// granted 127.0.0.1 host. The view is decorated once (not again through its own
// breadcrumb link), data comes from the tracker API where one exists, and the
// page-text fallback reads headings, paragraphs and checklists.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ADO_ITEMS, GITLAB_ISSUES, ISSUES, jiraIssue, names, startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, analysedIssues, badges, importerWorks, launchWithExtension, loadCore, openPanel, waitForVerdicts, defaultConfig, verdictOf } from './harness.mjs';
import { settle } from './extension-settle.mjs';

let browser;
let server;
let core;

before(async () => {
  server = await startFakeTracker();
  browser = await launchWithExtension();
  core = await loadCore();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const jiraByKey = new Map(ISSUES.map((i) => [i.key, i]));

/** Load `path`, wait for `keys` to be decorated, compare verdicts with the core's. */
async function view(path, keys, issues, shot) {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}${path}`);
  await waitForVerdicts(page, keys.length);
  await settle(browser, page);
  await page.waitForTimeout(300);
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...keys].sort(), 'exactly these issues, once each');
  const exp = new Map(core.analyze(issues, defaultConfig()).issues.map((r) => [r.key, r]));
  // The issues the extension built are exactly the expected ones (API or page text).
  const analysed = await analysedIssues(browser, page);
  for (const i of issues) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  if (shot) await page.screenshot({ path: join(SCREENSHOTS, shot) });
  return page;
}

function jiraExpected(key, pageIssue, { board = false } = {}) {
  const sample = JSON.stringify({ issues: [jiraIssue(ISSUES[0], 3)], names: names(3) });
  if (!importerWorks(core, 'jira-json', sample)) return pageIssue;
  const n = names(3);
  // On a board or backlog the extension names the board's estimation field "Story Points".
  if (board) n.customfield_10016 = 'Story Points';
  return { ...core.parseIssues(JSON.stringify({ issues: [jiraIssue(jiraByKey.get(key), 3)], names: n }), 'jira-json', 'x').issues[0], key };
}

test('Jira Cloud issue view (dark): one badge, not repeated on the breadcrumb; dark badge', async () => {
  const i = jiraByKey.get('STUDIO-2824');
  const lines = i.description.split('\n');
  const fallback = {
    tracker: 'jira', key: i.key, title: i.summary, kind: 'other', url: `${server.origin}/browse/${i.key}`,
    description: { blocks: [
      { type: 'paragraph', text: lines[0] }, { type: 'paragraph', text: lines[2] },
      { type: 'list-item', ordered: false, depth: 0, text: lines[3].slice(2) }, { type: 'list-item', ordered: false, depth: 0, text: lines[4].slice(2) },
    ] },
  };
  const page = await view('/browse/STUDIO-2824', ['STUDIO-2824'], [jiraExpected(i.key, fallback)], 'jira-cloud-issue-dark.png');
  assert.equal(await page.getAttribute('readylens-badge', 'theme'), 'dark');
  // The badge sits inside the title line (no extra line in the tracker's layout).
  assert.equal(await page.evaluate(() => document.querySelector('readylens-badge').parentElement.tagName), 'H1');
  // The user switches Jira to the light theme: the badge follows.
  await page.evaluate(() => {
    document.documentElement.dataset.colorMode = 'light';
    document.body.style.background = '#ffffff';
  });
  await page.waitForFunction(() => document.querySelector('readylens-badge').getAttribute('theme') === 'light');
  // Single-page navigation to another issue re-uses the heading: the badge follows.
  const next = jiraByKey.get('MESOS-1739');
  await page.evaluate(([k, t, d]) => window.openIssue(k, t, d), [next.key, next.summary, next.description]);
  await page.waitForFunction((k) => {
    const b = document.querySelectorAll('readylens-badge');
    return b.length === 1 && b[0].getAttribute('key') === k && b[0].hasAttribute('verdict');
  }, next.key);
  assert.equal(await page.locator('[data-readylens-key]').count(), 1);
  assert.equal(await page.getAttribute('[data-readylens-key]', 'data-readylens-key'), next.key);
  const analysed = await analysedIssues(browser, page);
  const expNext = jiraExpected(next.key, null);
  if (expNext) assert.deepEqual(analysed.get(next.key), expNext);
  await page.close();
});

test('Jira Cloud backlog rows keyed by their data-testid suffix', async () => {
  const keys = ['MESOS-1715', 'MESOS-1733', 'STUDIO-5350'];
  const issues = keys.map((k) => jiraExpected(k, { tracker: 'jira', key: k, title: jiraByKey.get(k).summary, kind: 'other', description: { blocks: [] }, url: `${server.origin}/browse/${k}` }, { board: true }));
  const page = await view('/jira/software/c/projects/MESOS/boards/7/backlog', keys, issues, 'jira-cloud-backlog.png');
  await page.close();
});

test('GitLab issue view under /gitlab', async () => {
  const g = GITLAB_ISSUES[0];
  const key = `data/packages#${g.iid}`;
  const viaApi = importerWorks(core, 'gitlab-json', JSON.stringify([g]));
  const issue = viaApi ? { ...core.parseIssues(JSON.stringify([g]), 'gitlab-json', 'x').issues[0], key } : {
    tracker: 'gitlab', key, title: g.title, kind: 'other', url: `${server.origin}/gitlab/data/packages/-/issues/${g.iid}`,
    description: { blocks: [
      { type: 'paragraph', text: g.description.split('\n')[0] },
      { type: 'heading', level: 2, text: 'Acceptance criteria' },
      { type: 'list-item', ordered: false, depth: 0, checked: false, text: 'The package loads with its schema' },
      { type: 'list-item', ordered: false, depth: 0, checked: false, text: 'Types are preserved' },
    ] },
  };
  const page = await view('/gitlab/data/packages/-/issues/7', [key], [issue], 'gitlab-issue.png');
  await page.close();
});

test('Azure DevOps work item form', async () => {
  const w = ADO_ITEMS[0];
  const viaApi = importerWorks(core, 'ado-json', JSON.stringify({ count: 1, value: [w] }));
  const issue = viaApi ? { ...core.parseIssues(JSON.stringify({ count: 1, value: [w] }), 'ado-json', 'x').issues[0], key: String(w.id) } : {
    tracker: 'azure-devops', key: String(w.id), title: w.fields['System.Title'], kind: 'other', url: `${server.origin}/org/_workitems/edit/${w.id}`,
    description: { blocks: [{ type: 'paragraph', text: w.fields['System.Description'].replace(/<[^>]+>/g, '') }] },
  };
  const page = await view('/org/OpenSpending/_workitems/edit/2301', [String(w.id)], [issue], 'ado-workitem.png');
  await page.close();
});

test('GitHub issue view from page text: paragraph, heading and checklist state', async () => {
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/fedspend/broker/issues/101`);
  const para = await page0.textContent('.markdown-body p');
  await page0.close();
  const issue = {
    tracker: 'github', key: 'fedspend/broker#101', title: 'Redesign the Resources page', kind: 'other', url: `${server.origin}/fedspend/broker/issues/101`,
    description: { blocks: [
      { type: 'paragraph', text: para.trim() },
      { type: 'heading', level: 3, text: 'Done when' },
      { type: 'list-item', ordered: false, depth: 0, checked: true, text: 'Matches the new Broker design styles' },
      { type: 'list-item', ordered: false, depth: 0, checked: false, text: 'Reviewed by the agencies' },
    ] },
  };
  const page = await view('/fedspend/broker/issues/101', ['fedspend/broker#101'], [issue], 'github-issue.png');
  const panel = await openPanel(page, 'fedspend/broker#101');
  assert.equal(panel.title, 'Redesign the Resources page');
  await page.keyboard.press('Escape');
  // Keyboard: the badge is a real button with a label; Enter opens, Escape returns focus.
  const label = await page.locator('readylens-badge >> button').getAttribute('aria-label');
  assert.match(label, /^readylens fedspend\/broker#101: (Ready|Almost ready|Not ready), readiness \d+\/\d+/);
  await page.locator('readylens-badge >> button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('readylens-panel').hidden);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('readylens-panel').hidden);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName.toLowerCase()), 'readylens-badge', 'focus is back on the badge');
  await page.close();
});

test('Linear issue view from page text', async () => {
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/loudoun/issue/LOU-12/search-for-information`);
  const para = await page0.textContent('[aria-label="Issue description"] p');
  await page0.close();
  const issue = {
    tracker: 'linear', key: 'LOU-12', title: 'Search for Information', kind: 'other', url: `${server.origin}/loudoun/issue/LOU-12`,
    description: { blocks: [{ type: 'paragraph', text: para.trim() }] },
  };
  const page = await view('/loudoun/issue/LOU-12/search-for-information', ['LOU-12'], [issue], 'linear-issue.png');
  await page.close();
});
