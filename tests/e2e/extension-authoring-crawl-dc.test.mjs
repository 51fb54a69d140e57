// End-to-end: the authoring assist's project crawl on Jira Data Center (issue 14): REST
// v2 `/rest/api/2/search` paged by `startAt`, with `total` in each page, against the fake
// tracker's second DC instance under /jira-sm (tests/e2e/fake-tracker.mjs,
// CRAWL_DC_PAGE). The project is 110 real SeaMonkey bugs
// (tests/fixtures/pages/authoring/seamonkey-crawl.json, from
// ../shared/data/duplicates/seamonkey/, GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0);
// the draft, typed into the classic create dialog (`#create-issue-dialog`, wiki
// textarea), is bug 1677410, a known duplicate of 1677316 that only the third page holds.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CRAWL, CRAWL_DC_PAGE, startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, launchWithExtension } from './harness.mjs';

let browser;
let tracker;
const requests = [];

before(async () => {
  tracker = await startFakeTracker();
  browser = await launchWithExtension();
  browser.context.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
  await tracker?.close();
});

test('Jira DC create dialog: the project is crawled through /rest/api/2/search by startAt (after one 429), progress counts up to the total, the original from page 3 is listed', { timeout: 90000 }, async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    window.__crawlTexts = [];
    setInterval(() => {
      const t = document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent;
      if (t && window.__crawlTexts.at(-1) !== t) window.__crawlTexts.push(t);
    }, 20);
  });
  const from = requests.length;
  const logFrom = tracker.log.length;
  await page.goto(`${tracker.origin}${CRAWL_DC_PAGE}`);
  await page.click('#summary');
  await page.keyboard.insertText(CRAWL.draft.summary);
  await page.click('#description');
  const lines = CRAWL.draft.description.split('\n').filter((l) => l.trim()).slice(0, 4);
  await page.keyboard.insertText(lines.join('\n'));
  const total = CRAWL.backlog.length;
  await page.waitForFunction((n) => (window.__crawlTexts ?? []).includes(`Indexed SM: ${n} issues`), total, { timeout: 45000 });
  const texts = await page.evaluate(() => window.__crawlTexts);
  const counts = texts.map((t) => new RegExp(`^Indexing SM: (\\d+) / ${total}$`).exec(t)).filter(Boolean).map((m) => Number(m[1]));
  assert.ok(counts.length >= 2, `progress against the total of each page: ${JSON.stringify(texts)}`);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'the count only goes up');

  const crawled = tracker.crawl.dc;
  assert.deepEqual(crawled.map((r) => r.startAt), [0, 25, 50, 75, 100], 'paged by startAt');
  for (const r of crawled) {
    assert.equal(r.jql, 'project = "SM" ORDER BY updated DESC');
    assert.equal(r.fields, 'summary,description,issuetype,status,updated');
  }
  assert.equal(crawled.reduce((n, r) => n + r.keys.length, 0), total);
  const original = `SM-${CRAWL.pair.original}`;
  assert.ok(crawled[2].keys.includes(original), 'the original is on the third page');
  const searches = tracker.log.slice(logFrom).filter((l) => l.url.startsWith('/jira-sm/rest/api/2/search'));
  assert.equal(searches.length, crawled.length + 1, 'one request was refused with 429 and retried');
  assert.equal(tracker.log.slice(logFrom).filter((l) => l.url.startsWith('/jira-sm/rest/api/3/')).length, 0, 'no Cloud API call on Data Center');

  await page.waitForFunction((k) => document.querySelector('readylens-assist')?.shadowRoot?.querySelector(`li.duplicate[data-key="${k}"]`), original, { timeout: 15000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'authoring-crawl-dc.png') });
  const foreign = requests.slice(from).filter((u) => !u.startsWith(tracker.origin) && !u.startsWith('chrome-extension://'));
  assert.deepEqual(foreign, [], 'no request beyond the page origin');
  await page.close();
});
