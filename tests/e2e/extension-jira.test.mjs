// End-to-end: the built extension in headless Chromium against saved Jira pages and a
// fake Jira REST API on 127.0.0.1 (self-hosted Data Center under /jira with REST v2, and
// Cloud behind a reverse proxy with REST v3). Expected verdicts come from the same WASM
// core run in Node on the same data. Screenshots land in dist/e2e-screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ISSUES, jiraIssue, names, startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, analysedIssues, badges, importerWorks, launchWithExtension, loadCore, openPanel, waitForVerdicts, defaultConfig, verdictOf } from './harness.mjs';
import { settle } from './extension-settle.mjs';

let browser;
let server;
let core;
let useImporter;
const requests = [];

before(async () => {
  server = await startFakeTracker();
  browser = await launchWithExtension();
  core = await loadCore();
  useImporter = importerWorks(core, 'jira-json', JSON.stringify({ issues: [jiraIssue(ISSUES[0], 2)], names: names(2) }));
  browser.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const byKey = new Map(ISSUES.map((i) => [i.key, i]));

/**
 * The issue the extension should have analysed for `key`: the importer's reading of the
 * API payload when the importer exists, else the page text (what the content script
 * falls back to).
 */
function expectedIssue(key, { v, base, storyPoints = false, pageTitle, pageBlocks = [] }) {
  const raw = byKey.get(key);
  if (useImporter && raw) {
    const n = names(v);
    if (storyPoints) n.customfield_10016 = 'Story Points';
    const parsed = core.parseIssues(JSON.stringify({ issues: [jiraIssue(raw, v)], names: n }), 'jira-json', 'expected');
    return { ...parsed.issues[0], key };
  }
  return { tracker: 'jira', key, title: pageTitle ?? raw.summary, kind: 'other', description: { blocks: pageBlocks }, url: `${base}/browse/${key}` };
}


function expectedReports(issues) {
  const report = core.analyze(issues, defaultConfig());
  return new Map(report.issues.map((r) => [r.key, r]));
}

function wikiBlocks(wiki) {
  const blocks = [];
  for (const line of (wiki ?? '').split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('* ')) blocks.push({ type: 'list-item', ordered: false, depth: 0, text: line.slice(2) });
    else blocks.push({ type: 'paragraph', text: line });
  }
  return blocks;
}

test('Jira Data Center issue view under a context path: badges with the core verdicts, panel with findings', async () => {
  const page = await browser.context.newPage();
  const from = server.log.length;
  await page.goto(`${server.origin}/jira/browse/STUDIO-5383`);
  await waitForVerdicts(page, 2);
  await settle(browser, page);
  const got = await badges(page);
  const keys = got.map((b) => b.key).sort();
  assert.deepEqual(keys, ['MESOS-1739', 'STUDIO-5383'], 'the issue view and the linked issue are decorated once each');
  const base = `${server.origin}/jira`;
  const expIssues = [
    expectedIssue('STUDIO-5383', { v: 2, base, pageBlocks: wikiBlocks(byKey.get('STUDIO-5383').description) }),
    expectedIssue('MESOS-1739', { v: 2, base, pageTitle: 'Allow slave reconfiguration on restart' }),
  ];
  const exp = expectedReports(expIssues);
  const analysed = await analysedIssues(browser, page);
  for (const i of expIssues) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  assert.equal(await page.locator('[data-readylens-key="STUDIO-5383"]').count(), 1);
  // Data came from the instance's own REST v2 under /jira.
  const api = server.log.slice(from).map((r) => r.url).filter((u) => u.includes('/rest/'));
  assert.ok(api.some((u) => u.startsWith('/jira/rest/api/2/serverInfo')), api.join('\n'));
  assert.ok(api.some((u) => u.startsWith('/jira/rest/api/2/search?')), api.join('\n'));
  assert.ok(api.every((u) => u.startsWith('/jira/rest/')), `API calls stay under the context path:\n${api.join('\n')}`);
  const panel = await openPanel(page, 'STUDIO-5383');
  assert.equal(panel.title, exp.get('STUDIO-5383').title);
  // Diagnostics of failed Definition of Ready checks are shown with their check.
  const failedChecks = new Set(exp.get('STUDIO-5383').readiness.checks.filter((c) => !c.passed).map((c) => c.check));
  const diags = exp.get('STUDIO-5383').diagnostics.filter((d) => !failedChecks.has(d.rule));
  assert.equal(panel.findings.length, diags.length, panel.text);
  for (const d of diags) assert.ok(panel.findings.some((f) => f.rule === d.rule && f.text.includes(d.message)), `finding ${d.rule} shown`);
  assert.deepEqual(panel.checks, (exp.get('STUDIO-5383').readiness.checks ?? []).map((c) => c.check).sort((a, b) => {
    const failed = (k) => !exp.get('STUDIO-5383').readiness.checks.find((c) => c.check === k).passed;
    return Number(failed(b)) - Number(failed(a));
  }));
  assert.equal(panel.focused, 'close', 'focus moves into the panel');
  await page.screenshot({ path: join(SCREENSHOTS, 'jira-dc-issue-panel.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.querySelector('readylens-panel').hidden), true, 'Escape closes the panel');
  await page.close();
});

test('Jira Data Center list: every row decorated, a deleted key falls back to page text, hostile text stays inert', async () => {
  const page = await browser.context.newPage();
  const from = server.log.length;
  await page.goto(`${server.origin}/jira/issues/?jql=project%20in%20(MESOS%2CSTUDIO%2CSEC)`);
  const rowKeys = await page.$$eval('tr.issuerow', (rows) => rows.map((r) => r.getAttribute('data-issuekey')));
  await waitForVerdicts(page, rowKeys.length);
  await settle(browser, page);
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...rowKeys].sort(), 'one badge per row');
  for (const k of rowKeys) assert.equal(await page.locator(`tr[data-readylens-key="${k}"]`).count(), 1, `row ${k} marked`);
  const base = `${server.origin}/jira`;
  const expIssues = rowKeys.map((k) => expectedIssue(k, {
    v: 2,
    base,
    pageTitle: k === 'MESOS-99999' ? 'Flaky test in the sandbox directory cleanup (issue since deleted)' : undefined,
  }));
  const exp = expectedReports(expIssues);
  const analysed = await analysedIssues(browser, page);
  for (const i of expIssues) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  // The search was refused (400: unknown key) and each key was fetched alone.
  const api = server.log.slice(from).map((r) => r.url);
  assert.ok(api.some((u) => u.startsWith('/jira/rest/api/2/issue/MESOS-99999')), api.join('\n'));
  // Hostile text: rendered as text, never as HTML.
  const panel = await openPanel(page, 'SEC-1');
  assert.equal(panel.title, byKey.get('SEC-1').summary);
  const pwned = await page.evaluate(() => ({
    flag: window.__readylensPwned ?? null,
    imgs: document.querySelectorAll('img').length,
    panelImgs: document.querySelector('readylens-panel').shadowRoot.querySelectorAll('img, script, b').length,
    badgeImgs: [...document.querySelectorAll('readylens-badge')].reduce((n, b) => n + b.shadowRoot.querySelectorAll('img, script').length, 0),
  }));
  assert.deepEqual(pwned, { flag: null, imgs: 0, panelImgs: 0, badgeImgs: 0 });
  await page.screenshot({ path: join(SCREENSHOTS, 'jira-dc-list-hostile.png') });
  await page.close();
});

test('Jira Cloud board behind a proxy: REST v3 with 429 back-off and paging; re-rendered cards stay decorated once', async () => {
  const page = await browser.context.newPage();
  const from = server.log.length;
  await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
  await waitForVerdicts(page, 5);
  await settle(browser, page);
  const cardKeys = await page.$$eval('[data-testid="platform-board-kit.ui.card.card"]', (cs) => cs.map((c) => c.id.replace('card-', '')));
  let got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...cardKeys].sort());
  const base = server.origin;
  let exp = expectedReports(cardKeys.map((k) => expectedIssue(k, { v: 3, base, storyPoints: true })));
  got = await badges(page);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  const log = server.log.slice(from).map((r) => r.url);
  const searches = log.filter((u) => u.startsWith('/rest/api/3/search/jql'));
  assert.ok(searches.length >= 3, `one 429, then two pages:\n${log.join('\n')}`);
  assert.ok(searches.some((u) => u.includes('nextPageToken=')), 'followed nextPageToken');
  assert.ok(log.includes('/rest/agile/1.0/board/7/configuration'), 'read the story-point field from the board');
  await page.screenshot({ path: join(SCREENSHOTS, 'jira-cloud-board.png') });

  // Jira re-creates every card and adds one (single-page navigation to ?selectedIssue=).
  // With the page mutating every 40 ms, the debounced scan must still run.
  await page.evaluate(() => window.startTicker());
  await page.waitForTimeout(300);
  await page.evaluate(() => window.rerenderBoard());
  await waitForVerdicts(page, 6);
  await settle(browser, page);
  await page.waitForTimeout(400);
  exp = expectedReports([...cardKeys, 'STUDIO-5350'].map((k) => expectedIssue(k, { v: 3, base, storyPoints: true })));
  got = await badges(page);
  const keys = got.map((b) => b.key).sort();
  assert.deepEqual(keys, [...cardKeys, 'STUDIO-5350'].sort(), 'exactly one badge per card after the re-render');
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key} after re-render`);
  await page.close();
});

test('Jira Data Center board (ghx cards, rapidView): badges, story-point field from the board under /jira', async () => {
  const page = await browser.context.newPage();
  const from = server.log.length;
  await page.goto(`${server.origin}/jira/secure/RapidBoard.jspa?rapidView=3`);
  const keys = await page.$$eval('.ghx-issue[data-issue-key]', (cs) => cs.map((c) => c.getAttribute('data-issue-key')));
  await waitForVerdicts(page, keys.length);
  await settle(browser, page);
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...keys].sort());
  const base = `${server.origin}/jira`;
  const expIssues = keys.map((k) => {
    if (!useImporter) {
      return { tracker: 'jira', key: k, title: byKey.get(k).summary, kind: 'other', description: { blocks: [] }, url: `${base}/browse/${k}` };
    }
    const n = names(2);
    n.customfield_10016 = 'Story Points';
    return { ...core.parseIssues(JSON.stringify({ issues: [jiraIssue(byKey.get(k), 2)], names: n }), 'jira-json', 'x').issues[0], key: k };
  });
  const exp = expectedReports(expIssues);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  const analysed = await analysedIssues(browser, page);
  for (const i of expIssues) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  assert.ok(server.log.slice(from).some((r) => r.url === '/jira/rest/agile/1.0/board/3/configuration'));
  assert.equal(await page.evaluate(() => window.__readylensPwned ?? null), null);
  await page.screenshot({ path: join(SCREENSHOTS, 'jira-dc-board.png') });
  await page.close();
});

test('possible duplicates on the page: the panel lists what the core found (SeaMonkey duplicate pairs)', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/jira/issues/duplicates`);
  const keys = await page.$$eval('tr.issuerow', (rows) => rows.map((r) => r.getAttribute('data-issuekey')));
  await waitForVerdicts(page, keys.length);
  await settle(browser, page);
  const exp = expectedReports(keys.map((k) => expectedIssue(k, { v: 2, base: `${server.origin}/jira` })));
  let shown = 0;
  for (const k of keys) {
    await openPanel(page, k);
    const dups = await page.evaluate(() => [...document.querySelector('readylens-panel').shadowRoot.querySelectorAll('ul.duplicates > li')]
      .map((li) => ({ key: li.querySelector('.msg').textContent.split(' ')[0], title: li.querySelector('.why')?.textContent ?? null })));
    const want = exp.get(k).duplicates.map((d) => d.key);
    assert.deepEqual(dups.map((d) => d.key), want, `duplicates of ${k}`);
    for (const d of dups) assert.equal(d.title, byKey.get(d.key).summary, 'the other issue is named by its title');
    shown += dups.length;
    if (dups.length) await page.screenshot({ path: join(SCREENSHOTS, 'jira-duplicates-panel.png') });
    await page.keyboard.press('Escape');
  }
  console.log(`# duplicate candidates shown: ${shown}`);
  await page.close();
});

for (const [name, path] of [['a page without tracker markers', '/plain/notes.html'], ['a Confluence page (ajs-* metas, Jira links)', '/wiki/display/ENG/Release+planning']]) {
  test(`${name}: no DOM change and no request`, async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.__mutations = 0;
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((rs) => { window.__mutations += rs.length; }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    });
    const from = server.log.length;
    const seen = requests.length;
    await page.goto(`${server.origin}${path}`);
    await page.waitForTimeout(6000); // past the content script's late re-detection (1.5 s, 4 s)
    assert.equal(await page.evaluate(() => window.__mutations), 0, 'no DOM mutation');
    assert.equal(await page.locator('readylens-badge, [data-readylens-key], readylens-panel').count(), 0);
    const served = server.log.slice(from).map((r) => r.url).filter((u) => u !== '/favicon.ico');
    assert.deepEqual(served, [path]);
    await page.close();
    assert.ok(requests.slice(seen).every((u) => u.startsWith(server.origin)), requests.slice(seen).join('\n'));
  });
}

test('no request from the extension leaves for another host', () => {
  const foreign = requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('chrome-extension://') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
});
