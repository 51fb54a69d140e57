// End-to-end: GitLab (self-managed under /gitlab, same-origin REST API), Azure DevOps
// (work item batch API, dark theme, hostile title), GitHub Enterprise and Linear (no
// token: page text) — each recognised from the page itself on a granted host
// (http://127.0.0.1), as issue 12 asks. Expected verdicts come from the WASM core in Node.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ADO_ITEMS, GITHUB_ISSUES, GITHUB_TOKEN, GITLAB_ISSUES, startFakeTracker } from './fake-tracker.mjs';
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


/** Analyse `issues` together (as the content script does) and index by key. */
function analyse(issues) {
  return new Map(core.analyze(issues, defaultConfig()).issues.map((r) => [r.key, r]));
}

const pageIssue = (tracker, key, title, url) => ({ tracker, key, title, kind: 'other', description: { blocks: [] }, url });

async function checkPage(path, { count, expected, shot }) {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}${path}`);
  await waitForVerdicts(page, count);
  await settle(browser, page);
  await page.waitForTimeout(300);
  const got = await badges(page);
  assert.equal(got.length, count, `one badge per issue: ${JSON.stringify(got)}`);
  assert.equal(await page.locator('[data-readylens-key]').count(), count, 'one marked element per issue');
  const exp = analyse(expected);
  assert.deepEqual(got.map((b) => b.key).sort(), [...exp.keys()].sort());
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  const analysed = await analysedIssues(browser, page);
  for (const i of expected) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  await page.screenshot({ path: join(SCREENSHOTS, shot) });
  return { page, exp };
}

test('GitLab self-managed board under /gitlab: body[data-page] detection and the same-origin REST API', async () => {
  const from = server.log.length;
  const viaApi = importerWorks(core, 'gitlab-json', JSON.stringify(GITLAB_ISSUES.slice(0, 1)));
  const expected = GITLAB_ISSUES.map((i) => {
    const key = `data/packages#${i.iid}`;
    if (viaApi) return { ...core.parseIssues(JSON.stringify([i]), 'gitlab-json', 'x').issues[0], key };
    return pageIssue('gitlab', key, i.title, `${server.origin}/gitlab/data/packages/-/issues/${i.iid}`);
  });
  const { page } = await checkPage('/gitlab/data/packages/-/boards/1', { count: GITLAB_ISSUES.length, expected, shot: 'gitlab-board.png' });
  const api = server.log.slice(from).map((r) => r.url).filter((u) => u.includes('/api/'));
  assert.ok(api.length >= 1 && api.every((u) => u.startsWith('/gitlab/api/v4/projects/data%2Fpackages/issues?')), api.join('\n'));
  await page.close();
});

test('Azure DevOps board: data-provider detection, work item batch API, dark theme, hostile title inert', async () => {
  const from = server.log.length;
  const viaApi = importerWorks(core, 'ado-json', JSON.stringify({ count: 1, value: ADO_ITEMS.slice(0, 1) }));
  const expected = ADO_ITEMS.map((w) => {
    const key = String(w.id);
    if (viaApi) return { ...core.parseIssues(JSON.stringify({ count: 1, value: [w] }), 'ado-json', 'x').issues[0], key };
    return pageIssue('azure-devops', key, w.fields['System.Title'], `${server.origin}/org/_workitems/edit/${key}`);
  });
  const { page, exp } = await checkPage('/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories', { count: ADO_ITEMS.length, expected, shot: 'ado-board-dark.png' });
  const api = server.log.slice(from).map((r) => r.url).filter((u) => u.includes('_apis'));
  assert.ok(api.length >= 1 && api.every((u) => u.startsWith('/org/_apis/wit/workitems?ids=')), api.join('\n'));
  const themes = await page.$$eval('readylens-badge', (bs) => bs.map((b) => b.getAttribute('theme')));
  assert.ok(themes.every((t) => t === 'dark'), `badges follow the dark theme: ${themes}`);
  const panel = await openPanel(page, '2304');
  assert.equal(panel.title, exp.get('2304').title);
  assert.ok(panel.title.startsWith('<img'), 'the hostile title is shown as text');
  const inert = await page.evaluate(() => ({
    flag: window.__readylensPwned ?? null,
    nodes: document.querySelector('readylens-panel').shadowRoot.querySelectorAll('img, script').length,
  }));
  assert.deepEqual(inert, { flag: null, nodes: 0 });
  await page.screenshot({ path: join(SCREENSHOTS, 'ado-panel-hostile.png') });
  await page.close();
});

test('GitHub Enterprise issue list recognised by its meta tags; without a token the page text is used and no API is called', async () => {
  const from = server.log.length;
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/fedspend/broker/issues`);
  const links = await page0.$$eval('a[data-testid="issue-pr-title-link"]', (as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
  await page0.close();
  const expected = links.map(([href, title]) => {
    const n = href.split('/').pop();
    return pageIssue('github', `fedspend/broker#${n}`, title, `${server.origin}/fedspend/broker/issues/${n}`);
  });
  const { page } = await checkPage('/fedspend/broker/issues', { count: links.length, expected, shot: 'github-list.png' });
  assert.deepEqual(server.log.slice(from).map((r) => r.url).filter((u) => u !== '/favicon.ico'), ['/fedspend/broker/issues', '/fedspend/broker/issues']);
  await page.close();
});

test('Linear list recognised by data-view-id markers; rows decorated from page text', async () => {
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/loudoun/team/LOU/all`);
  const rows = await page0.$$eval('a[data-list-key]', (as) => as.map((a) => [a.querySelector('[data-column-id="issueId"]').textContent, a.querySelector('[data-column-id="title"]').textContent]));
  await page0.close();
  const expected = rows.map(([key, title]) => pageIssue('linear', key, title, `${server.origin}/loudoun/issue/${key}`));
  const { page } = await checkPage('/loudoun/team/LOU/all', { count: rows.length, expected, shot: 'linear-list.png' });
  // Clicking a badge inside a row link opens the panel instead of following the link.
  const before = page.url();
  await openPanel(page, rows[0][0]);
  assert.equal(page.url(), before);
  await page.close();
});

test('GitHub Enterprise with a token: the background reads the GHE API (only because the user added the host)', async () => {
  await browser.worker.evaluate(async ([origin, token]) => {
    await chrome.storage.local.set({ readylens: { version: 1, config: { version: 1 }, hosts: [origin], tokens: { github: token } } });
  }, [server.origin, GITHUB_TOKEN]);
  try {
    const from = server.log.length;
    assert.ok(importerWorks(core, 'github-json', JSON.stringify(GITHUB_ISSUES[0])), 'the GitHub importer reads the fixture');
    const expected = GITHUB_ISSUES.map((i) => ({ ...core.parseIssues(JSON.stringify(i), 'github-json', 'x').issues[0], key: `fedspend/broker#${i.number}` }));
    const { page } = await checkPage('/fedspend/broker/issues', { count: GITHUB_ISSUES.length, expected, shot: 'github-list-token.png' });
    const api = server.log.slice(from).map((r) => r.url).filter((u) => u.startsWith('/api/'));
    assert.deepEqual(api.sort(), GITHUB_ISSUES.map((i) => `/api/v3/repos/fedspend/broker/issues/${i.number}`).sort());
    await page.close();
  } finally {
    await browser.worker.evaluate(() => chrome.storage.local.remove('readylens'));
  }
});

test('a strict page CSP (no inline style, Trusted Types) does not stop the badges or their styles', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/strict-csp/fedspend/broker/issues`);
  await waitForVerdicts(page, 4);
  await settle(browser, page);
  const styled = await page.evaluate(() => [...document.querySelectorAll('readylens-badge')].map((b) => {
    const cs = getComputedStyle(b.shadowRoot.querySelector('button'));
    return { height: cs.height, radius: cs.borderTopLeftRadius, sheets: b.shadowRoot.adoptedStyleSheets.length, styleTags: b.shadowRoot.querySelectorAll('style').length };
  }));
  assert.equal(styled.length, 4);
  for (const s of styled) assert.deepEqual(s, { height: '16px', radius: '8px', sheets: 1, styleTags: 0 });
  const shared = await page.evaluate(() => {
    const [a, b] = document.querySelectorAll('readylens-badge');
    return a.shadowRoot.adoptedStyleSheets[0] === b.shadowRoot.adoptedStyleSheets[0];
  });
  assert.equal(shared, true, 'one stylesheet shared by every badge');
  await page.close();
});

test('GitHub Projects board cards ([data-board-card-id]) are decorated from page text', async () => {
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/orgs/fedspend/projects/3`);
  const cards = await page0.$$eval('[data-board-card-id] a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
  await page0.close();
  const expected = cards.map(([href, title]) => {
    const n = href.split('/').pop();
    return pageIssue('github', `fedspend/broker#${n}`, title, `${server.origin}/fedspend/broker/issues/${n}`);
  });
  const { page } = await checkPage('/orgs/fedspend/projects/3', { count: cards.length, expected, shot: 'github-project-board.png' });
  assert.equal(await page.locator('[data-board-card-id][data-readylens-key]').count(), cards.length, 'the card itself is marked');
  await page.close();
});

test('Linear board cards, Azure DevOps backlog rows and GitLab list rows', async () => {
  const viaAdo = importerWorks(core, 'ado-json', JSON.stringify({ count: 1, value: ADO_ITEMS.slice(0, 1) }));
  const viaGitlab = importerWorks(core, 'gitlab-json', JSON.stringify(GITLAB_ISSUES.slice(0, 1)));
  const page0 = await browser.context.newPage();
  await page0.goto(`${server.origin}/loudoun/team/LOU/board`);
  const linearCards = await page0.$$eval('a[data-board-item]', (as) => as.map((a) => [a.querySelector('.sc-id').textContent, a.querySelector('[data-board-item-title]').textContent]));
  await page0.close();
  let { page } = await checkPage('/loudoun/team/LOU/board', {
    count: linearCards.length,
    expected: linearCards.map(([k, t]) => pageIssue('linear', k, t, `${server.origin}/loudoun/issue/${k}`)),
    shot: 'linear-board.png',
  });
  await page.close();
  const ado = ADO_ITEMS.slice(0, 3);
  ({ page } = await checkPage('/org/OpenSpending/_backlogs/backlog/OpenSpending%20Team/Stories', {
    count: ado.length,
    expected: ado.map((w) => (viaAdo
      ? { ...core.parseIssues(JSON.stringify({ count: 1, value: [w] }), 'ado-json', 'x').issues[0], key: String(w.id) }
      : pageIssue('azure-devops', String(w.id), w.fields['System.Title'], `${server.origin}/org/_workitems/edit/${w.id}`))),
    shot: 'ado-backlog.png',
  }));
  assert.equal(await page.locator('[role="row"][data-readylens-key]').count(), ado.length, 'rows are marked');
  await page.close();
  ({ page } = await checkPage('/gitlab/data/packages/-/issues', {
    count: GITLAB_ISSUES.length,
    expected: GITLAB_ISSUES.map((i) => (viaGitlab
      ? { ...core.parseIssues(JSON.stringify([i]), 'gitlab-json', 'x').issues[0], key: `data/packages#${i.iid}` }
      : pageIssue('gitlab', `data/packages#${i.iid}`, i.title, `${server.origin}/gitlab/data/packages/-/issues/${i.iid}`))),
    shot: 'gitlab-list.png',
  }));
  assert.equal(await page.locator('li.issue[data-readylens-key]').count(), GITLAB_ISSUES.length);
  await page.close();
});
