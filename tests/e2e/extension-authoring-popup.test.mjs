// End-to-end: the project crawl of the authoring assist (issue 14) shows its progress in
// the toolbar popup as well as in the panel: "Indexing SM: 50 / 110" while it runs (with
// a progress bar), "Indexed SM: 110 issues" at the end. Jira Cloud create modal for
// project SM against the fake tracker's crawl routes (tests/e2e/fake-tracker.mjs, CRAWL:
// 110 real SeaMonkey bugs from tests/fixtures/pages/authoring/seamonkey-crawl.json), each
// page answered slowly enough for the popup to be read mid-crawl.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CRAWL, CRAWL_PAGE, startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, launchWithExtension } from './harness.mjs';

let browser;
let tracker;

before(async () => {
  tracker = await startFakeTracker();
  browser = await launchWithExtension();
});

after(async () => {
  await browser?.close();
  await tracker?.close();
});

test('the popup follows the crawl: "Indexing SM: n / 110" with a bar while it runs, the same line as the panel, then "Indexed SM: 110 issues"', { timeout: 90000 }, async () => {
  tracker.crawl.delay = 1200;
  const total = CRAWL.backlog.length;
  const page = await browser.context.newPage();
  await page.goto(`${tracker.origin}${CRAWL_PAGE}`);
  await page.click('#summary-field');
  await page.keyboard.insertText(CRAWL.draft.summary);
  const panelLine = () => page.evaluate(() => document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent ?? '');
  await page.waitForFunction((n) => new RegExp(`^Indexing SM: \\d+ / ${n}$`).test(document.querySelector('readylens-assist')?.shadowRoot?.querySelector('.crawl .crawl-text')?.textContent ?? ''), total, { timeout: 20000 });

  const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, page.url());
  const id = new URL(browser.worker.url()).host;
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${id}/extension/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => !document.getElementById('crawl').hidden, null, { timeout: 10000 });
  const seen = [];
  const deadline = Date.now() + 60000;
  for (;;) {
    const line = await popup.textContent('#crawl-text');
    if (seen.at(-1) !== line) seen.push(line);
    if (line === `Indexed SM: ${total} issues` || Date.now() > deadline) break;
    if (seen.length === 1) {
      // Mid-crawl: the bar shows the same count as the text, and the panel says the same.
      // Text and bar are read in one evaluate (the popup sets both in one task), so a
      // progress message arriving between two reads cannot split them (it did in CI).
      const { text, bar } = await popup.evaluate(() => {
        const b = document.getElementById('crawl-bar');
        return { text: document.getElementById('crawl-text').textContent, bar: { hidden: b.hidden, max: b.max, value: b.value } };
      });
      const m = /^Indexing SM: (\d+) \/ (\d+)$/.exec(text);
      assert.ok(m, `the popup shows the running crawl: "${text}"`);
      assert.deepEqual(bar, { hidden: false, max: total, value: Number(m[1]) });
      assert.match(await panelLine(), /^Indexing SM: \d+ \/ 110$/);
      await popup.screenshot({ path: join(SCREENSHOTS, 'popup-crawl-progress.png') });
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  const counts = seen.map((t) => /^Indexing SM: (\d+) \//.exec(t)).filter(Boolean).map((m) => Number(m[1]));
  assert.ok(counts.length >= 2, `the popup's count moved on its own while the crawl ran: ${JSON.stringify(seen)}`);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'and only went up');
  assert.equal(seen.at(-1), `Indexed SM: ${total} issues`, `the popup ends on the finished crawl: ${JSON.stringify(seen)}`);
  assert.equal(await panelLine(), `Indexed SM: ${total} issues`, 'as the panel does');
  assert.equal(await popup.evaluate(() => document.getElementById('crawl-bar').hidden), true, 'no bar once done');
  await popup.close();
  await page.close();
  tracker.crawl.delay = 250;
});
