// End-to-end: the authoring assist's duplicate index built by crawling the project from
// the tracker's own API (issue 14), in headless Chromium against the fake tracker
// (tests/e2e/fake-tracker.mjs, `CRAWL`): a Jira Cloud create modal for project SM whose
// page shows no issue at all. The project is 110 real SeaMonkey bugs
// (tests/fixtures/pages/authoring/seamonkey-crawl.json, from
// ../shared/data/duplicates/seamonkey/, GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0);
// the draft is bug 1677410, a known duplicate of 1677316, which the crawl only reaches on
// its third page. The same project is then crawled as a GitLab project (paged by GitLab's
// headers) and as an Azure DevOps project (WIQL, then workitemsbatch). What the panel must list is computed by the WASM core in Node from the
// issues the extension saved in IndexedDB.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CRAWL, CRAWL_ADO_PAGE, CRAWL_GITLAB_PAGE, CRAWL_PAGE, CRAWL_PAGE_SIZE, startFakeTracker } from './fake-tracker.mjs';
import { paragraphs } from './authoring-support.mjs';
import { SCREENSHOTS, defaultConfig, launchWithExtension, loadCore, stopServiceWorkers } from './harness.mjs';

let browser;
let tracker;
let core;
const requests = [];

before(async () => {
  tracker = await startFakeTracker();
  browser = await launchWithExtension();
  core = await loadCore();
  browser.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await tracker?.close();
});

/** An extension page kept open to read the background's IndexedDB (same origin). */
let extensionPage = null;

/**
 * Run `op` ('get' or 'delete') on the record of `scope` in the background's IndexedDB;
 * null when the database does not exist yet (it is not created here: the background
 * creates it with its object store). It runs in an extension page rather than in the
 * service worker, which test 3 stops: the page outlives any worker.
 */
async function savedRecord(op, scope) {
  if (!extensionPage || extensionPage.isClosed()) {
    const id = new URL(browser.worker.url()).host;
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${id}/extension/options.html`);
  }
  return extensionPage.evaluate(({ op, s }) => new Promise((resolve, reject) => {
    const req = indexedDB.open('readylens-drafts');
    req.onupgradeneeded = () => req.transaction.abort();
    req.onerror = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      try {
        const tx = db.transaction('backlogs', op === 'get' ? 'readonly' : 'readwrite');
        const r = op === 'get' ? tx.objectStore('backlogs').get(s) : tx.objectStore('backlogs').delete(s);
        tx.oncomplete = () => {
          db.close();
          resolve(op === 'get' ? r.result ?? null : null);
        };
        tx.onerror = () => reject(tx.error);
      } catch (err) {
        db.close();
        reject(err);
      }
    };
  }), { op, s: scope });
}

/** The saved index record of `scope`. */
const savedIndex = (scope) => savedRecord('get', scope);

/** Type the draft into the create modal (summary, then description lines). */
async function typeDraft(page, lines) {
  await page.click('#summary-field');
  await page.keyboard.insertText(CRAWL.draft.summary);
  await page.click('#ak-editor-textarea');
  for (const [n, line] of lines.entries()) {
    if (n) await page.keyboard.press('Enter');
    await page.keyboard.insertText(line);
  }
}

const crawlText = (page) => page.evaluate(() => document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl')?.textContent ?? null);

test('first visit: progress is shown while every page of the project is indexed; a never-viewed issue from page 3 is listed as the original', async () => {
  const page = await browser.context.newPage();
  // Record every text the crawl line shows (progress changes while the pages arrive).
  await page.addInitScript(() => {
    window.__crawlTexts = [];
    setInterval(() => {
      const t = document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent;
      if (t && window.__crawlTexts.at(-1) !== t) window.__crawlTexts.push(t);
    }, 20);
  });
  const from = requests.length;
  const logFrom = tracker.log.length;
  await page.goto(`${tracker.origin}${CRAWL_PAGE}`);
  const lines = CRAWL.draft.description.split('\n').filter((l) => l.trim()).slice(0, 4);
  await typeDraft(page, lines);
  const total = CRAWL.backlog.length;
  await page.waitForFunction((n) => (window.__crawlTexts ?? []).some((t) => new RegExp(`^Indexing SM: \\d+ / ${n}$`).test(t)), total, { timeout: 15000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-progress.png') });
  await page.waitForFunction((n) => (window.__crawlTexts ?? []).includes(`Indexed SM: ${n} issues`), total, { timeout: 30000 });
  const texts = await page.evaluate(() => window.__crawlTexts);
  const counts = texts.map((t) => /^Indexing SM: (\d+) \//.exec(t)).filter(Boolean).map((m) => Number(m[1]));
  assert.ok(counts.length >= 3, `progress moved page by page: ${JSON.stringify(texts)}`);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'the count only goes up');

  // The API was asked page by page, newest updated first, after one 429 and its Retry-After.
  const crawled = tracker.crawl.requests;
  assert.deepEqual(crawled.map((r) => r.offset), [0, 25, 50, 75, 100]);
  for (const r of crawled) {
    assert.equal(r.jql, 'project = "SM" ORDER BY updated DESC');
    assert.equal(r.fields, 'summary,description,issuetype,status,updated');
  }
  const original = `SM-${CRAWL.pair.original}`;
  assert.ok(crawled[2].keys.includes(original), 'the original is on the third page');
  assert.equal(crawled.reduce((n, r) => n + r.keys.length, 0), total);
  const searches = tracker.log.slice(logFrom).filter((l) => l.url.startsWith('/rest/api/3/search/jql'));
  assert.equal(searches.length, crawled.length + 1, 'one request was refused with 429 and retried');

  // Everything is in the saved index, with the crawl's state.
  const scope = tracker.origin;
  const saved = await savedIndex(scope);
  assert.equal(saved.issues.length, total);
  assert.equal(saved.crawls.SM.complete, true);
  assert.equal(saved.crawls.SM.total, total);
  assert.equal(Date.parse(saved.crawls.SM.updated), Math.max(...tracker.crawl.issues.map((i) => i.updated)));

  // The panel lists the original, as the core computes it from the indexed issues.
  await page.waitForFunction((k) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector(`li.duplicate[data-key="${k}"]`), original, { timeout: 15000 });
  const typed = await page.$$eval('#ak-editor-textarea > *', (els) => els.map((e) => e.textContent));
  const checker = new core.DraftChecker(saved.issues, defaultConfig());
  const exp = checker.check({ tracker: 'jira', key: '', kind: 'bug', title: CRAWL.draft.summary, description: { blocks: paragraphs(typed.join('\n')) }, labels: [] });
  checker.free();
  const shown = await page.evaluate(() => [...document.querySelector('readylens-assist').shadowRoot.querySelectorAll('li.duplicate')].map((li) => ({
    key: li.getAttribute('data-key'), score: li.querySelector('.score').textContent, href: li.querySelector('a')?.href ?? null,
  })));
  assert.ok(exp.similar.some((c) => c.key === original), 'the core finds the original');
  assert.deepEqual(shown.map((c) => c.key), exp.similar.slice(0, 5).map((c) => c.key));
  assert.deepEqual(shown.map((c) => c.score), exp.similar.slice(0, 5).map((c) => `${Math.round(c.score * 100)}%`));
  assert.equal(shown.find((c) => c.key === original).href, `${tracker.origin}/browse/${original}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-duplicate.png') });
  const foreign = requests.slice(from).filter((u) => !u.startsWith(tracker.origin) && !u.startsWith('chrome-extension://'));
  assert.deepEqual(foreign, [], 'no request beyond the page origin');
  await page.close();
});

test('second visit: only issues updated since the last crawl are fetched, and their new text replaces the old', async () => {
  const before = tracker.crawl.requests.length;
  const saved = await savedIndex(tracker.origin);
  const lastCrawl = saved.crawls.SM.at;
  // One issue changed in the tracker since: its summary was edited.
  const changed = tracker.crawl.issues.at(-1);
  const edited = `${changed.summary} (edited)`;
  tracker.crawl.touch(changed.key, edited);
  const page = await browser.context.newPage();
  await page.goto(`${tracker.origin}${CRAWL_PAGE}`);
  await page.click('#summary-field');
  await page.keyboard.insertText('Drop-down menus are blank');
  await page.waitForFunction(() => document.querySelector('readylens-assist')?.hidden === false, null, { timeout: 15000 });
  // Wait for the incremental crawl to record its state.
  let after = null;
  for (let n = 0; n < 100; n++) {
    after = await savedIndex(tracker.origin);
    if (after.crawls.SM.at > lastCrawl) break;
    await page.waitForTimeout(100);
  }
  assert.ok(after.crawls.SM.at > lastCrawl, 'the incremental crawl finished');
  const incremental = tracker.crawl.requests.slice(before);
  assert.equal(incremental.length, 1, 'one page is enough');
  const m = /^project = "SM" AND updated >= "-(\d+)m" ORDER BY updated DESC$/.exec(incremental[0].jql);
  assert.ok(m, incremental[0].jql);
  // The window starts at the newest `updated` of the first crawl (minus the margin).
  const newest = Date.parse(saved.crawls.SM.updated);
  const minutes = Number(m[1]);
  assert.ok(minutes * 60000 >= Date.now() - newest - 60000 && minutes * 60000 <= Date.now() - newest + 12 * 60000, `window of ${minutes} minutes`);
  // Only the edited issue and the one updated at the very start of the window came back.
  assert.ok(incremental[0].keys.includes(changed.key));
  assert.ok(incremental[0].keys.length <= 2, JSON.stringify(incremental[0].keys));
  assert.ok(incremental[0].keys.length < CRAWL_PAGE_SIZE);
  assert.equal(after.issues.length, CRAWL.backlog.length, 'no issue added twice');
  assert.equal(after.issues.find((i) => i.key === changed.key).title, edited);
  assert.equal(after.crawls.SM.updated.slice(0, 19), new Date(changed.updated).toISOString().slice(0, 19), 'the newest time moved forward');
  assert.equal(await crawlText(page), null, 'an incremental crawl shows no progress line');
  await page.close();
});

test('a crawl can be stopped from the panel, is not restarted on its own, and can be started again', async () => {
  // A fresh project state. The service worker holds the index in memory (and could still
  // write it back): stop it first, wait until it is gone, then forget the saved crawl of SM.
  const page = await browser.context.newPage();
  await stopServiceWorkers(browser.context, page);
  await savedRecord('delete', tracker.origin);
  assert.equal(await savedIndex(tracker.origin), null, 'the saved index is gone');
  const before = tracker.crawl.requests.length;
  tracker.crawl.delay = 1000;
  await page.goto(`${tracker.origin}${CRAWL_PAGE}`);
  await page.click('#summary-field');
  await page.keyboard.insertText(CRAWL.draft.summary);
  const stop = page.locator('readylens-assist >> button[data-action="crawl-stop"]');
  await stop.waitFor({ timeout: 30000 });
  await stop.click();
  await page.waitForFunction(() => /^Indexing SM stopped at \d+$/.test(document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent ?? ''), null, { timeout: 10000 });
  await page.waitForTimeout(1500);
  const stoppedAt = tracker.crawl.requests.length;
  assert.ok(stoppedAt - before < 5, 'the crawl stopped before the last page');
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-stopped.png') });
  await page.close();

  // Next visit: not restarted; the panel offers to index the project.
  const again = await browser.context.newPage();
  await again.goto(`${tracker.origin}${CRAWL_PAGE}`);
  await again.click('#summary-field');
  await again.keyboard.insertText(CRAWL.draft.summary);
  const start = again.locator('readylens-assist >> button[data-action="crawl-start"]');
  await start.waitFor({ timeout: 15000 });
  assert.equal(tracker.crawl.requests.length, stoppedAt, 'no request while stopped');
  tracker.crawl.delay = 0;
  await start.click();
  await again.waitForFunction((n) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent === `Indexed SM: ${n} issues`, CRAWL.backlog.length, { timeout: 30000 });
  const saved = await savedIndex(tracker.origin);
  assert.equal(saved.issues.length, CRAWL.backlog.length);
  assert.equal(saved.crawls.SM.complete, true);
  assert.equal(saved.crawls.SM.cancelled, undefined);
  await again.close();
});

test('GitLab new issue page: the project is crawled page by page through the X-Next-Page header, then only issues updated after the last crawl', async () => {
  const from = requests.length;
  tracker.crawl.delay = 100;
  const page = await browser.context.newPage();
  await page.goto(`${tracker.origin}${CRAWL_GITLAB_PAGE}`);
  await page.fill('#issue_title', CRAWL.draft.summary);
  const lines = CRAWL.draft.description.split('\n').filter((l) => l.trim()).slice(0, 4);
  await page.click('#issue-description');
  await page.keyboard.insertText(lines.join('\n'));
  const total = CRAWL.backlog.length;
  await page.waitForFunction((n) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent === `Indexed seamonkey/suite: ${n} issues`, total, { timeout: 30000 });
  const asked = tracker.crawl.gitlab;
  assert.deepEqual(asked.map((r) => r.query.page), ['1', '2', '3', '4', '5']);
  for (const r of asked) assert.deepEqual({ ...r.query, page: undefined }, { scope: 'all', order_by: 'updated_at', sort: 'desc', per_page: '100', page: undefined });
  const iid = tracker.crawl.issues.findIndex((i) => i.key === `SM-${CRAWL.pair.original}`) + 1;
  const original = `seamonkey/suite#${iid}`;
  await page.waitForFunction((k) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector(`li.duplicate[data-key="${k}"]`), original, { timeout: 15000 });
  const saved = await savedIndex(`${tracker.origin}/gitlab/seamonkey/suite`);
  assert.equal(saved.issues.length, total);
  const typed = await page.inputValue('#issue-description');
  const checker = new core.DraftChecker(saved.issues, defaultConfig());
  const exp = checker.check({ tracker: 'gitlab', key: '', kind: 'other', title: CRAWL.draft.summary, description: { blocks: paragraphs(typed) }, labels: [] });
  checker.free();
  const shown = await page.evaluate(() => [...document.querySelector('readylens-assist').shadowRoot.querySelectorAll('li.duplicate')].map((li) => ({ key: li.getAttribute('data-key'), href: li.querySelector('a')?.href ?? null })));
  assert.deepEqual(shown.map((c) => c.key), exp.similar.slice(0, 5).map((c) => c.key));
  assert.equal(shown.find((c) => c.key === original).href, `${tracker.origin}/gitlab/seamonkey/suite/-/issues/${iid}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-gitlab.png') });
  await page.close();

  // Second visit: `updated_after` the newest time the first crawl saw.
  const newest = saved.crawls['seamonkey/suite'].updated;
  const changed = tracker.crawl.issues[20];
  tracker.crawl.touch(changed.key, `${changed.summary} (edited in GitLab)`);
  const before = asked.length;
  const again = await browser.context.newPage();
  await again.goto(`${tracker.origin}${CRAWL_GITLAB_PAGE}`);
  await again.fill('#issue_title', 'Drop-down menus are blank');
  let after = null;
  for (let n = 0; n < 100; n++) {
    after = await savedIndex(`${tracker.origin}/gitlab/seamonkey/suite`);
    if (after.crawls['seamonkey/suite'].at > saved.crawls['seamonkey/suite'].at) break;
    await again.waitForTimeout(100);
  }
  const incremental = asked.slice(before);
  assert.equal(incremental.length, 1);
  assert.equal(incremental[0].query.updated_after, newest);
  assert.ok(incremental[0].keys.includes(changed.key) && incremental[0].keys.length <= 2, JSON.stringify(incremental[0].keys));
  assert.equal(after.issues.find((i) => i.key === `seamonkey/suite#${tracker.crawl.issues.indexOf(changed) + 1}`).title, `${changed.summary}`);
  assert.deepEqual(requests.slice(from).filter((u) => !u.startsWith(tracker.origin) && !u.startsWith('chrome-extension://')), []);
  await again.close();
});

test('Azure DevOps new work item: WIQL for the ids and workitemsbatch for the items (POST, same origin), then only items changed since', async () => {
  const from = requests.length;
  const page = await browser.context.newPage();
  await page.goto(`${tracker.origin}${CRAWL_ADO_PAGE}`);
  await page.fill('input[aria-label="Title field"]', CRAWL.draft.summary);
  const total = CRAWL.backlog.length;
  await page.waitForFunction((n) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent === `Indexed SeaMonkey: ${n} issues`, total, { timeout: 30000 });
  const asked = tracker.crawl.ado;
  assert.deepEqual(asked.map((r) => r.path.split('/').pop()), ['wiql', 'workitemsbatch', 'workitemsbatch'], 'the batch is asked again without the fields this collection lacks');
  assert.equal(asked[0].body.query, 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.ChangedDate] DESC');
  assert.equal(asked[0].search, '?api-version=6.0');
  assert.ok(asked.every((r) => r.redirect === 'Suppress'));
  assert.equal(asked[2].body.ids.length, total);
  const original = String(CRAWL.pair.original);
  await page.waitForFunction((k) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector(`li.duplicate[data-key="${k}"]`), original, { timeout: 15000 });
  const scope = `${tracker.origin}/org/SeaMonkey`;
  const saved = await savedIndex(scope);
  assert.equal(saved.issues.length, total);
  const checker = new core.DraftChecker(saved.issues, defaultConfig());
  const exp = checker.check({ tracker: 'azure-devops', key: '', kind: 'story', title: CRAWL.draft.summary, description: { blocks: [] }, labels: [] });
  checker.free();
  const shown = await page.evaluate(() => [...document.querySelector('readylens-assist').shadowRoot.querySelectorAll('li.duplicate')].map((li) => li.getAttribute('data-key')));
  assert.deepEqual(shown, exp.similar.slice(0, 5).map((c) => c.key));
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-ado.png') });
  await page.close();

  const newest = saved.crawls['/org/SeaMonkey'].updated;
  const changed = tracker.crawl.issues[40];
  tracker.crawl.touch(changed.key, `${changed.summary} (edited in Azure DevOps)`);
  const before = asked.length;
  const again = await browser.context.newPage();
  await again.goto(`${tracker.origin}${CRAWL_ADO_PAGE}`);
  await again.fill('input[aria-label="Title field"]', 'Drop-down menus are blank');
  let after = null;
  for (let n = 0; n < 100; n++) {
    after = await savedIndex(scope);
    if (after.crawls['/org/SeaMonkey'].at > saved.crawls['/org/SeaMonkey'].at) break;
    await again.waitForTimeout(100);
  }
  const incremental = asked.slice(before);
  assert.equal(incremental[0].search, '?api-version=6.0&timePrecision=true');
  assert.equal(incremental[0].body.query, `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.ChangedDate] >= '${new Date(Date.parse(newest)).toISOString()}' ORDER BY [System.ChangedDate] DESC`);
  const batch = incremental.at(-1).body.ids;
  assert.ok(batch.includes(Number(changed.key.split('-')[1])) && batch.length <= 2, JSON.stringify(batch));
  assert.equal(after.issues.find((i) => i.key === changed.key.split('-')[1]).title, changed.summary);
  assert.deepEqual(requests.slice(from).filter((u) => !u.startsWith(tracker.origin) && !u.startsWith('chrome-extension://')), []);
  await again.close();
});
