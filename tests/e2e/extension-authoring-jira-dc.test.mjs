// End-to-end: the authoring assist (issue 14) on Jira Data Center's classic edit dialog
// (`#edit-issue-dialog`: `input#summary`, wiki `textarea#description`, issue type field),
// open over the issue view of story OS-5 (tests/fixtures/pages/jira/edit-dialog-dc.html;
// the summary from ../shared/data/stories/dalpiaz/g05-openspending.txt, Dalpiaz, CC BY 4.0). Every Jira API answers 404 here: the
// page text is all there is. What the panel must show is computed by the WASM core in
// Node (DraftChecker) from the issues the extension indexed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectedDraft, paragraphs, startPageServer } from './authoring-support.mjs';
import { SCREENSHOTS, analysedIssues, launchWithExtension, loadCore, waitForVerdicts } from './harness.mjs';

const PAGE = '/jira/browse/OS-5';
const KEY = 'OS-5';
/** Criteria typed as a plain paragraph (Given / when / then). */
const ACCEPTANCE = 'Given a dataset I published, when I edit a value and save, then the dataset shows the new value';

let browser;
let server;
let origin;
let core;
const requests = [];

before(async () => {
  server = await startPageServer({ [PAGE]: 'jira/edit-dialog-dc.html' });
  origin = server.origin;
  browser = await launchWithExtension();
  core = await loadCore();
  browser.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const expected = (backlog, draft) => expectedDraft(core, backlog, draft);

/** Wait until the panel's missing checks and findings are exactly the core's; return them. */
async function waitForCore(page, exp) {
  const failed = exp.report.readiness.checks.filter((c) => !c.passed).map((c) => c.check);
  const rules = exp.report.diagnostics.filter((d) => !failed.includes(d.rule)).map((d) => d.rule);
  await page.waitForFunction((want) => {
    const host = document.querySelector('readylens-assist');
    const root = host?.shadowRoot;
    if (!root || host.hidden) return false;
    const missing = [...root.querySelectorAll('ul.missing > li')].map((li) => li.getAttribute('data-check'));
    const found = [...root.querySelectorAll('li.finding')].map((li) => li.getAttribute('data-rule'));
    return JSON.stringify([missing, found]) === want;
  }, JSON.stringify([failed, rules]), { timeout: 20000 });
  return { failed, rules };
}

test('Jira DC edit dialog (#edit-issue-dialog, wiki textarea): hints are the core\'s for the story being edited and follow the textarea (criteria typed clear the criteria hint); it is not its own duplicate', { timeout: 90000 }, async () => {
  const from = requests.length;
  const page = await browser.context.newPage();
  await page.goto(`${origin}${PAGE}`);
  // The issue view behind the dialog is decorated (and indexed) from the page text.
  await waitForVerdicts(page, 1);
  const backlog = [...(await analysedIssues(browser, page)).values()];
  assert.ok(backlog.some((i) => i.key === KEY), 'the viewed issue is indexed');

  await page.click('#description');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n');
  const title = await page.inputValue('#summary');
  const draft = (text) => ({ tracker: 'jira', key: '', kind: 'story', title, description: { blocks: paragraphs(text) }, labels: [] });
  const before = expected(backlog, draft(await page.inputValue('#description')));
  const first = await waitForCore(page, before);
  const dups = await page.evaluate(() => [...document.querySelector('readylens-assist').shadowRoot.querySelectorAll('li.duplicate')].map((li) => li.getAttribute('data-key')));
  assert.ok(!dups.includes(KEY), `the issue edited is not listed as its own duplicate: ${dups}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-jira-dc-edit-dialog.png') });

  assert.ok(first.failed.includes('ready/acceptance-criteria'), `the story misses its criteria: ${first.failed}`);
  // Criteria typed into the wiki textarea: the panel follows it, as the core does.
  await page.keyboard.insertText(ACCEPTANCE);
  const after = expected(backlog, draft(await page.inputValue('#description')));
  const second = await waitForCore(page, after);
  assert.ok(!second.failed.includes('ready/acceptance-criteria'), `the criteria check is met: ${second.failed}`);
  const foreign = requests.slice(from).filter((u) => !u.startsWith(origin) && !u.startsWith('chrome-extension://'));
  assert.deepEqual(foreign, [], 'no request beyond the page origin');
  await page.close();
});
