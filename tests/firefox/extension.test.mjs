// The extension in headless Firefox (issue 8: "a zip for Chrome and for Firefox"):
// the Firefox build (background scripts, browser_specific_settings) with
// http://127.0.0.1/* granted, installed as a temporary add-on, against the saved tracker
// pages and the fake Jira API of tests/e2e/fake-tracker.mjs. Expected verdicts come from
// the same WASM core run in Node on the same data.
// Screenshots: /tmp/readylens-shots/firefox-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADO_ITEMS, ISSUES, jiraIssue, names, startFakeTracker } from '../e2e/fake-tracker.mjs';
import { EXTENSION_BASE, analysedIssues, badges, defaultConfig, launchWithExtension, loadCore, openPanel, settle, verdictOf, waitForVerdicts } from './harness.mjs';

let browser;
let server;
let core;
/** Every page opened here, to check their requests at the end. */
const pages = [];

before(async () => {
  server = await startFakeTracker();
  core = await loadCore();
  browser = await launchWithExtension();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const byKey = new Map(ISSUES.map((i) => [i.key, i]));

/** Analyse `issues` together (as the content script does) and index the reports by key. */
function analyse(issues) {
  return new Map(core.analyze(issues, defaultConfig()).issues.map((r) => [r.key, r]));
}

/** The issue as the core's Jira importer reads the fake API's payload for `key`. */
function jiraExpected(key, v, { storyPoints = false } = {}) {
  const n = names(v);
  if (storyPoints) n.customfield_10016 = 'Story Points';
  const parsed = core.parseIssues(JSON.stringify({ issues: [jiraIssue(byKey.get(key), v)], names: n }), 'jira-json', 'expected');
  return { ...parsed.issues[0], key };
}

async function open(path) {
  const page = await browser.ff.newPage();
  pages.push(page);
  await page.goto(`${server.origin}${path}`);
  return page;
}

/** The keys of the elements marked with data-readylens-key. */
const marked = (page) => page.evaluate(() => [...document.querySelectorAll('[data-readylens-key]')].map((e) => e.getAttribute('data-readylens-key')));

test('Firefox: Jira Cloud board through the fake REST v3 API: a badge on every card with the core verdict, the panel opens on click', async () => {
  const from = server.log.length;
  const page = await open('/jira/software/c/projects/MESOS/boards/7');
  const cardKeys = await page.evaluate(() => [...document.querySelectorAll('[data-testid="platform-board-kit.ui.card.card"]')].map((c) => c.id.replace('card-', '')));
  assert.equal(cardKeys.length, 5);
  await waitForVerdicts(page, cardKeys.length);
  await settle(browser.ext, page);
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...cardKeys].sort(), 'one badge per card');
  assert.deepEqual((await marked(page)).sort(), [...cardKeys].sort(), 'every card carries data-readylens-key');
  for (const b of got) assert.equal(b.marked, b.key, `badge ${b.key} sits on its card`);

  const expIssues = cardKeys.map((k) => jiraExpected(k, 3, { storyPoints: true }));
  const analysed = await analysedIssues(browser.ext, page);
  for (const i of expIssues) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  const exp = analyse(expIssues);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  // The content script read the tracker's own API with the page's origin (content.fetch).
  const log = server.log.slice(from).map((r) => r.url);
  assert.ok(log.some((u) => u.startsWith('/rest/api/3/search/jql?')), log.join('\n'));
  assert.ok(log.includes('/rest/agile/1.0/board/7/configuration'), 'read the story-point field from the board');
  await page.screenshot('firefox-jira-cloud-board.png');

  const key = cardKeys[0];
  const panel = await openPanel(page, key);
  assert.equal(panel.title, exp.get(key).title);
  const failedChecks = new Set(exp.get(key).readiness.checks.filter((c) => !c.passed).map((c) => c.check));
  const diags = exp.get(key).diagnostics.filter((d) => !failedChecks.has(d.rule));
  assert.equal(panel.findings.length, diags.length, panel.text);
  for (const d of diags) assert.ok(panel.findings.some((f) => f.rule === d.rule && f.text.includes(d.message)), `finding ${d.rule} shown`);
  assert.deepEqual([...panel.checks].sort(), exp.get(key).readiness.checks.map((c) => c.check).sort());
  assert.equal(panel.focused, 'close', 'focus moves into the panel');
  await page.screenshot('firefox-jira-cloud-panel.png');
  await page.press('Escape');
  await page.waitFor(() => document.querySelector('readylens-panel')?.hidden === true, [], { what: 'Escape closes the panel' });
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.dialogs, []);
  await page.close();
});

test('Firefox: GitHub issue list on a granted host: every issue decorated from the page text, the panel opens', async () => {
  const from = server.log.length;
  const page = await open('/fedspend/broker/issues');
  const links = await page.evaluate(() => [...document.querySelectorAll('a[data-testid="issue-pr-title-link"]')].map((a) => [a.getAttribute('href'), a.textContent.trim()]));
  assert.ok(links.length >= 4, 'the fixture lists issues');
  await waitForVerdicts(page, links.length);
  await settle(browser.ext, page);
  const expected = links.map(([href, title]) => {
    const n = href.split('/').pop();
    return { tracker: 'github', key: `fedspend/broker#${n}`, title, kind: 'other', description: { blocks: [] }, url: `${server.origin}/fedspend/broker/issues/${n}` };
  });
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), expected.map((i) => i.key).sort(), 'one badge per issue');
  assert.deepEqual((await marked(page)).sort(), expected.map((i) => i.key).sort(), 'every issue row carries data-readylens-key');
  const analysed = await analysedIssues(browser.ext, page);
  for (const i of expected) assert.deepEqual(analysed.get(i.key), i, `issue ${i.key} as analysed`);
  const exp = analyse(expected);
  for (const b of got) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key}`);
  // Without a token nothing but the page itself is asked for.
  assert.deepEqual(server.log.slice(from).map((r) => r.url).filter((u) => u !== '/favicon.ico'), ['/fedspend/broker/issues']);
  // The badge sits inside the title link: clicking it opens the panel, not the link.
  const before = await page.url();
  const panel = await openPanel(page, expected[0].key);
  assert.equal(panel.title, expected[0].title);
  assert.equal(await page.url(), before);
  await page.screenshot('firefox-github-list-panel.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: Jira REST calls go out as same-origin requests with the page\'s session cookie, also where the page has an element id="content"', async () => {
  // A proxy in front of the fake tracker records the headers of the API calls. (Firefox
  // 153 sends a content script's own GET as same-origin with cookies too; main.js
  // prefers `content.fetch`, which also carries the page's Origin on other methods.)
  const seen = [];
  const proxy = createServer((req, res) => {
    if ((req.url ?? '').includes('/rest/')) {
      seen.push({ url: req.url, origin: req.headers.origin ?? null, site: req.headers['sec-fetch-site'] ?? null, cookie: req.headers.cookie ?? null });
    }
    const up = httpRequest({ host: '127.0.0.1', port: server.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', () => r(undefined)));
  const base = `http://127.0.0.1:${proxy.address().port}`;
  try {
    // Jira Data Center list (its layout has <section id="content">) and the Cloud board.
    for (const [path, cards] of [['/jira/issues/?jql=project%20in%20(MESOS%2CSTUDIO%2CSEC)', 7], ['/jira/software/c/projects/MESOS/boards/7', 5]]) {
      const page = await browser.ff.newPage();
      await page.goto(`${base}${path}`);
      await page.evaluate(() => { document.cookie = 'JSESSIONID=firefox-session; path=/'; });
      const from = seen.length;
      await page.reload();
      await waitForVerdicts(page, cards);
      const calls = seen.slice(from);
      assert.ok(calls.length > 0, `API calls from ${path}`);
      for (const c of calls) {
        assert.deepEqual({ site: c.site, cookie: c.cookie, origin: c.origin }, { site: 'same-origin', cookie: 'JSESSIONID=firefox-session', origin: null }, c.url);
      }
      await page.close();
    }
  } finally {
    proxy.closeAllConnections?.();
    await new Promise((r) => proxy.close(() => r(undefined)));
  }
});

/** What hostile text could have produced on the page: a flag, elements in our shadow roots, dialogs. */
const inertState = (page) => page.evaluate(() => ({
  flag: window.__readylensPwned ?? null,
  hostileImgs: document.querySelectorAll('img[src="x"]').length,
  panelNodes: document.querySelector('readylens-panel')?.shadowRoot.querySelectorAll('img, script, svg, iframe, b, style').length ?? null,
  badgeNodes: [...document.querySelectorAll('readylens-badge')].reduce((n, b) => n + b.shadowRoot.querySelectorAll('img, script, svg, iframe, b, style').length, 0),
}));

test('Firefox: hostile issue text (Jira Data Center list, Azure DevOps board) is shown as text and never runs', async () => {
  // Jira DC: SEC-1's summary and description carry <img onerror> and <script>.
  let page = await open('/jira/issues/?jql=project%20in%20(MESOS%2CSTUDIO%2CSEC)');
  const rowKeys = await page.evaluate(() => [...document.querySelectorAll('tr.issuerow')].map((r) => r.getAttribute('data-issuekey')));
  assert.ok(rowKeys.includes('SEC-1'));
  await waitForVerdicts(page, rowKeys.length);
  assert.deepEqual((await badges(page)).map((b) => b.key).sort(), [...rowKeys].sort(), 'one badge per row');
  let panel = await openPanel(page, 'SEC-1');
  assert.equal(panel.title, byKey.get('SEC-1').summary, 'the hostile summary is the panel title, as text');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await inertState(page), { flag: null, hostileImgs: 0, panelNodes: 0, badgeNodes: 0 });
  await page.screenshot('firefox-jira-dc-hostile.png');
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.close();

  // Azure DevOps board (dark theme): work item 2304's title is an <img onerror>.
  page = await open('/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories');
  await waitForVerdicts(page, ADO_ITEMS.length);
  const hostile = ADO_ITEMS.find((w) => w.id === 2304);
  assert.ok(hostile.fields['System.Title'].includes('<img'), 'the fixture work item is hostile');
  panel = await openPanel(page, '2304');
  assert.equal(panel.title, hostile.fields['System.Title']);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await inertState(page), { flag: null, hostileImgs: 0, panelNodes: 0, badgeNodes: 0 });
  const themes = await page.evaluate(() => [...document.querySelectorAll('readylens-badge')].map((b) => b.getAttribute('theme')));
  assert.ok(themes.length && themes.every((t) => t === 'dark'), `badges follow the dark theme: ${themes}`);
  await page.screenshot('firefox-ado-hostile-dark.png');
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: a strict page CSP (no inline style, Trusted Types) does not stop the badges or their shared stylesheet', async () => {
  const page = await open('/strict-csp/fedspend/broker/issues');
  await waitForVerdicts(page, 4);
  const styled = await page.evaluate(() => [...document.querySelectorAll('readylens-badge')].map((b) => {
    const cs = getComputedStyle(b.shadowRoot.querySelector('button'));
    return { height: cs.height, radius: cs.borderTopLeftRadius, sheets: b.shadowRoot.adoptedStyleSheets.length, styleTags: b.shadowRoot.querySelectorAll('style').length };
  }));
  assert.equal(styled.length, 4);
  for (const s of styled) assert.deepEqual(s, { height: '16px', radius: '8px', sheets: 1, styleTags: 0 });
  assert.equal(await page.evaluate(() => {
    const [a, b] = document.querySelectorAll('readylens-badge');
    return a.shadowRoot.adoptedStyleSheets[0] === b.shadowRoot.adoptedStyleSheets[0];
  }), true, 'one stylesheet shared by every badge');
  await page.screenshot('firefox-strict-csp.png');
  await page.close();
});

test('Firefox: the popup lists the tab\'s issues with the readiness rate; its switch pauses the site and resumes it', async () => {
  // A URL of its own, so the tab found below is this one.
  const board = await open('/jira/software/c/projects/MESOS/boards/7?popup-test');
  await waitForVerdicts(board, 5);
  await settle(browser.ext, board);
  const url = await board.url();
  const tabId = await browser.ext.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
  assert.ok(tabId, 'the board tab is found');
  const popup = await browser.ff.newPage({ width: 420, height: 600 });
  await popup.goto(`${EXTENSION_BASE}extension/popup.html?tab=${tabId}`);
  await popup.waitFor(() => document.querySelectorAll('#issues tbody tr').length === 5, [], { what: 'five rows in the popup' });
  const verdicts = (await badges(board)).map((b) => b.verdict);
  const rate = Math.round((verdicts.filter((v) => v === 'ready').length / verdicts.length) * 100);
  assert.equal(await popup.evaluate(() => document.querySelector('#summary').textContent), `5 issues on this page · ${rate}% ready`);
  await popup.screenshot('firefox-popup.png');
  try {
    await popup.click('#pause');
    await board.waitFor(() => document.querySelectorAll('readylens-badge, [data-readylens-key]').length === 0, [], { what: 'pausing removes every badge and mark' });
    const stored = await popup.evaluate(async () => (await browser.storage.local.get('readylens')).readylens);
    assert.deepEqual(stored.disabledSites, [server.origin]);
  } finally {
    if (await popup.evaluate(() => document.querySelector('#pause').checked)) await popup.click('#pause');
  }
  await waitForVerdicts(board, 5);
  assert.deepEqual((await popup.evaluate(async () => (await browser.storage.local.get('readylens')).readylens)).disabledSites, []);
  assert.deepEqual(popup.errors, []);
  await popup.close();
  await board.close();
});

test('Firefox: the options page refuses a configuration the core rejects (naming the path) and a saved one changes the verdicts', async () => {
  const stored = () => browser.ext.evaluate(async () => (await browser.storage.local.get('readylens')).readylens ?? null);
  const setConfig = async (page, text) => {
    await page.evaluate((t) => {
      const el = document.getElementById('config');
      el.value = t;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.click('#save-config');
  };
  const listPath = '/jira/issues/?jql=project%20in%20(MESOS%2CSTUDIO%2CSEC)';
  let list = await open(listPath);
  await waitForVerdicts(list, 7);
  await settle(browser.ext, list);
  const before = new Map((await badges(list)).map((b) => [b.key, b.verdict]));
  await list.close();
  assert.equal(before.get('SEC-1'), 'not-ready');

  const options = await browser.ff.newPage();
  await options.goto(`${EXTENSION_BASE}extension/options.html`);
  const storedBefore = await stored();
  await setConfig(options, '{"version": 1, "duplicates": {"top": "five"}}');
  await options.waitFor(() => document.getElementById('config-status').textContent.length > 0, [], { what: 'a status after saving' });
  assert.match(await options.evaluate(() => document.getElementById('config-status').textContent), /duplicates\.top/);
  assert.deepEqual(await stored(), storedBefore, 'nothing saved');
  const config = { version: 1, readiness: { checks: { 'ready/acceptance-criteria': 'off', 'ready/estimate': 'off' } } };
  try {
    await setConfig(options, JSON.stringify(config));
    await options.waitFor(() => /Saved/.test(document.getElementById('config-status').textContent), [], { what: 'Saved' });
    assert.deepEqual((await stored()).config, config);
    await options.close();

    list = await open(listPath);
    await waitForVerdicts(list, 7);
    await settle(browser.ext, list);
    const after = await badges(list);
    // SEC-1 fails exactly these two checks with the default configuration.
    assert.equal(after.find((b) => b.key === 'SEC-1').verdict, 'ready');
    const analysed = [...(await analysedIssues(browser.ext, list)).values()];
    const exp = new Map(core.analyze(analysed, { ...config, readiness: { ...config.readiness, now: defaultConfig().readiness.now } }).issues.map((r) => [r.key, r]));
    for (const b of after) assert.equal(b.verdict, verdictOf(exp.get(b.key)), `verdict of ${b.key} under the saved configuration`);
    await list.close();
  } finally {
    await browser.ext.evaluate(() => browser.storage.local.remove('readylens'));
  }
});

test('Firefox: options export downloads the settings without the tokens; import of that file restores the configuration', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'readylens-ff-options-'));
  const config = { version: 1, readiness: { checks: { 'ready/estimate': 'off' } } };
  try {
    await browser.ff.allowDownloads(dir);
    await browser.ext.evaluate(async (c) => {
      await browser.storage.local.set({ readylens: { version: 1, config: c, hosts: [], tokens: { github: 'ghp_secret_token' }, disabledSites: [] } });
    }, config);
    const options = await browser.ff.newPage();
    await options.goto(`${EXTENSION_BASE}extension/options.html`);
    const file = await options.download(() => options.click('#export'));
    assert.equal(file.name, 'readylens-settings.json');
    assert.ok(!file.text.includes('ghp_secret_token'), 'the token is not exported');
    assert.deepEqual(JSON.parse(file.text).config, config);

    // Start over, then import the exported file with the file picker.
    await options.evaluate(() => browser.storage.local.remove('readylens'));
    await options.setInputFiles('#import', [file.path]);
    await options.waitFor(() => /Imported readylens-settings\.json/.test(document.getElementById('config-status').textContent), [], { what: 'the import is confirmed' });
    assert.deepEqual((await options.evaluate(async () => (await browser.storage.local.get('readylens')).readylens)).config, config);
    assert.deepEqual(options.errors, []);
    await options.close();
  } finally {
    await browser.ext.evaluate(() => browser.storage.local.remove('readylens'));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Firefox: no page request leaves for another host, and the extension page logged no error', () => {
  // data: URLs (a fixture page's inline font) are not requests to anyone.
  const foreign = pages.flatMap((p) => p.requests).filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:')).map((u) => u.slice(0, 120));
  assert.deepEqual(foreign, []);
  assert.deepEqual(browser.ext.errors, []);
});
