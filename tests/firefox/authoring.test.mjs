// The authoring assist (issue 14) in headless Firefox, typed with real key events: the
// GitHub new issue page (a textarea) and the Jira create modal (a contenteditable
// ProseMirror-like editor, where Firefox's editing differs most from Chromium's). The
// backlog is real SeaMonkey bugs and each draft is a bug known to duplicate one of them
// (tests/fixtures/pages/authoring/seamonkey.json, from ../shared/data/duplicates/seamonkey/
// — GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0). What the hints must say comes from
// the WASM core's DraftChecker in Node, over the issues the extension itself indexed
// (its background keeps them in IndexedDB).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, DRAFTS, JIRA, expectedDraft, jiraServerApi, originalOf, paragraphs, startPageServer } from '../e2e/authoring-support.mjs';
import { addonState, analysedIssues, launchWithExtension, loadCore, settle, waitForVerdicts } from './harness.mjs';

const PAGES = {
  '/jira/issues/': 'jira/create-modal.html',
  '/seamonkey/suite/issues': 'github/seamonkey-issues.html',
  '/seamonkey/suite/issues/new': 'github/new-issue.html',
};

let browser;
let server;
let origin;
let core;

before(async () => {
  server = await startPageServer(PAGES, jiraServerApi);
  origin = server.origin;
  core = await loadCore();
  browser = await launchWithExtension();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the core says about `draft` against the issues the extension indexed. */
const expected = (backlog, draft) => expectedDraft(core, backlog, draft);

/** The assist panel as shown, once it names `key` among the duplicates. */
async function assistShows(page, key) {
  await page.waitFor((k) => {
    const host = document.querySelector('readylens-assist');
    return Boolean(host && !host.hidden && host.shadowRoot?.querySelector(`li.duplicate[data-key="${k}"]`));
  }, [key], { timeout: 20000, what: `the assist names ${key}` });
  return page.evaluate(() => {
    const host = document.querySelector('readylens-assist');
    const root = host.shadowRoot;
    const r = host.getBoundingClientRect();
    return {
      duplicates: [...root.querySelectorAll('li.duplicate')].map((li) => ({
        key: li.getAttribute('data-key'),
        score: li.querySelector('.score')?.textContent ?? '',
        title: li.querySelector('.dup-title')?.textContent ?? '',
        href: li.querySelector('a')?.href ?? null,
      })),
      missing: [...root.querySelectorAll('ul.missing > li')].map((li) => li.getAttribute('data-check')),
      findings: [...root.querySelectorAll('li.finding')].map((li) => ({ rule: li.getAttribute('data-rule'), text: li.textContent })),
      markup: root.querySelectorAll('img, script, iframe, b').length,
      rect: { left: r.left, top: r.top, width: r.width, height: r.height },
    };
  });
}

/** The panel says what the core said: missing checks, findings, the top duplicates with scores. */
function assertMatchesCore(shown, exp, where) {
  const failed = exp.report.readiness.checks.filter((c) => !c.passed).map((c) => c.check);
  assert.deepEqual(shown.missing, failed, `${where}: missing checks`);
  const diags = exp.report.diagnostics.filter((d) => !failed.includes(d.rule));
  assert.deepEqual(shown.findings.map((f) => f.rule), diags.map((d) => d.rule), `${where}: findings`);
  for (const d of diags) assert.ok(shown.findings.find((f) => f.rule === d.rule).text.includes(d.message), `${where}: ${d.rule} says what`);
  const dups = [...exp.similar].sort((a, b) => b.score - a.score).slice(0, 5);
  assert.deepEqual(shown.duplicates.map((c) => c.key), dups.map((c) => c.key), `${where}: duplicates`);
  for (const c of dups) assert.equal(shown.duplicates.find((x) => x.key === c.key).score, `${Math.round(c.score * 100)}%`, `${where}: score of ${c.key}`);
}

test('Firefox: GitHub new issue page (textarea, real key events): the duplicate from the viewed list and the core\'s findings', async () => {
  const page = await browser.ff.newPage();
  await page.goto(`${origin}/seamonkey/suite/issues`);
  await waitForVerdicts(page, DATA.backlog.length);
  await settle(browser.ext, page);
  const backlog = [...(await analysedIssues(browser.ext, page)).values()];
  assert.equal(backlog.length, DATA.backlog.length);
  await page.goto(`${origin}/seamonkey/suite/issues/new`);
  const d = DRAFTS.get(1719819);
  const body = d.description.split('\n').filter((l) => l.trim()).slice(0, 5).join('\n');
  await page.click('#issue_title');
  await page.type(d.summary);
  await page.click('#issue_body');
  await page.type(body);
  const key = backlog.find((i) => i.title === DATA.backlog.find((b) => b.id === originalOf(d.id)).summary).key;
  const shown = await assistShows(page, key);
  assert.equal(await page.evaluate(() => document.querySelector('#issue_body').value), body, 'the text is exactly what was typed');
  const draft = { tracker: 'github', key: '', kind: 'story', title: d.summary, description: { blocks: paragraphs(body) }, labels: [] };
  assertMatchesCore(shown, expected(backlog, draft), 'GitHub');
  assert.equal(shown.duplicates.find((c) => c.key === key).href, `${origin}/seamonkey/suite/issues/${backlog.findIndex((i) => i.key === key) + 1}`);
  await page.screenshot('firefox-authoring-github.png');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  await page.close();
});

test('Firefox: after the idle background was suspended (its memory gone), a draft check rebuilds the project\'s index from IndexedDB', async () => {
  // A browser of its own whose event page is suspended after 2 s idle instead of 30 s.
  const b = await launchWithExtension({ prefs: { 'extensions.background.idle.timeout': 2000 } });
  try {
    await b.ext.close();
    let page = await b.ff.newPage();
    await page.goto(`${origin}/seamonkey/suite/issues`);
    await waitForVerdicts(page, DATA.backlog.length);
    const d = DRAFTS.get(1719819);
    const originalTitle = DATA.backlog.find((x) => x.id === originalOf(d.id)).summary;
    const n = await page.evaluate((t) => [...document.querySelectorAll('a[data-testid="issue-pr-title-link"]')].find((a) => a.textContent.trim() === t)?.getAttribute('href').split('/').pop(), originalTitle);
    assert.ok(n, 'the original is listed');
    await page.close();
    const deadline = Date.now() + 30000;
    while ((await addonState(b.ff)).backgroundState !== 'stopped') {
      assert.ok(Date.now() < deadline, 'the background was never suspended');
      await new Promise((r) => setTimeout(r, 250));
    }
    page = await b.ff.newPage();
    await page.goto(`${origin}/seamonkey/suite/issues/new`);
    await page.click('#issue_title');
    await page.type(d.summary);
    const shown = await assistShows(page, `seamonkey/suite#${n}`);
    assert.equal(shown.duplicates.find((c) => c.key === `seamonkey/suite#${n}`).title, originalTitle);
    assert.deepEqual(page.errors, []);
  } finally {
    await b.close();
  }
});

test('Firefox: Jira create modal (contenteditable, Enter between lines): duplicate named with its score, hostile text stays text', async () => {
  const page = await browser.ff.newPage();
  await page.goto(`${origin}/jira/issues/?jql=project%3DSM`);
  await waitForVerdicts(page, DATA.backlog.length);
  await settle(browser.ext, page);
  const backlog = [...(await analysedIssues(browser.ext, page)).values()];
  const d = DRAFTS.get(1798019);
  const hostile = '<img src=x onerror="window.__readylensPwned=1">';
  const lines = [...d.description.split('\n').filter((l) => l.trim()).slice(0, 4), `Seen with ${hostile}`];
  await page.click('#summary-field');
  await page.type(d.summary);
  await page.click('#ak-editor-textarea');
  await page.type(lines.join('\n'));
  const key = `SM-${originalOf(d.id)}`;
  const shown = await assistShows(page, key);
  // What Firefox's editor holds (the blocks the extension read from the DOM).
  const typed = await page.evaluate(() => [...document.querySelectorAll('#ak-editor-textarea > *')].map((e) => e.textContent).filter((t) => t.trim()));
  assert.equal(typed.length, lines.length, `one block per typed line: ${JSON.stringify(typed)}`);
  const draft = { tracker: 'jira', key: '', kind: 'story', title: d.summary, description: { blocks: paragraphs(typed.join('\n')) }, labels: [] };
  assertMatchesCore(shown, expected(backlog, draft), 'Jira');
  const dup = shown.duplicates.find((c) => c.key === key);
  assert.equal(dup.title, JIRA.get(key).summary);
  assert.equal(dup.href, `${origin}/jira/browse/${key}`, 'the duplicate links to the same origin');
  assert.ok(typed.at(-1).includes(hostile), 'the hostile line is in the editor as text');
  assert.equal(shown.markup, 0);
  assert.equal(await page.evaluate(() => window.__readylensPwned ?? null), null);
  assert.deepEqual(page.dialogs, []);
  const editor = await page.evaluate(() => {
    const r = document.querySelector('#ak-editor-textarea').getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
  const p = shown.rect;
  assert.ok(p.left >= editor.x + editor.width || p.left + p.width <= editor.x || p.top >= editor.y + editor.height,
    `the hints ${JSON.stringify(p)} do not cover the editor ${JSON.stringify(editor)}`);
  await page.screenshot('firefox-authoring-jira.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});
