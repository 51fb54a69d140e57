// Issue 8: badges never shift the tracker's layout, checked in Firefox (the Chromium
// counterpart measures every fixture page). Each page loads with the site paused (no
// trace of the extension), every element and text box is measured; resuming decorates
// the page, and every box must be where it was, to the hundredth of a pixel.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADO_ITEMS, startFakeTracker } from '../e2e/fake-tracker.mjs';
import { launchWithExtension, settle, waitForVerdicts } from './harness.mjs';

let browser;
let server;

before(async () => {
  server = await startFakeTracker();
  browser = await launchWithExtension();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const page = await browser.ff.newPage();
  await page.goto(`${server.origin}${path}`);
  return page;
}

test('Firefox: badges never move the tracker\'s layout: every element and text box is the same undecorated (paused) and decorated', async () => {
  /** Boxes of every page element and text node outside our own elements, in document order. */
  const boxes = (page) => page.evaluate(() => {
    const ours = (n) => Boolean(n.closest?.('readylens-badge, readylens-panel, readylens-assist') ?? n.parentElement?.closest('readylens-badge, readylens-panel, readylens-assist'));
    const out = [];
    const r2 = (r) => [r.left, r.top, r.width, r.height].map((v) => Math.round(v * 100) / 100).join(',');
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (ours(n)) continue;
      if (n.nodeType === 1) out.push(`${n.tagName}:${r2(n.getBoundingClientRect())}`);
      else if (n.textContent.trim()) {
        range.selectNodeContents(n);
        out.push(`#text:${[...range.getClientRects()].map(r2).join('|')}`);
      }
    }
    return { out, scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight] };
  });
  const pages = [
    ['/jira/software/c/projects/MESOS/boards/7', 5],
    ['/jira/issues/?jql=project%20in%20(MESOS%2CSTUDIO%2CSEC)', 7],
    ['/fedspend/broker/issues', 4],
    ['/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories', ADO_ITEMS.length],
  ];
  await browser.ext.evaluate(async (o) => {
    await browser.storage.local.set({ readylens: { version: 1, config: { version: 1 }, hosts: [], tokens: {}, disabledSites: [o] } });
  }, server.origin);
  try {
    for (const [path, count] of pages) {
      const page = await open(`${path}${path.includes('?') ? '&' : '?'}layout`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await page.evaluate(() => document.querySelectorAll('readylens-badge').length), 0, `${path} loads paused`);
      const plain = await boxes(page);
      assert.ok(plain.out.filter((b) => b.startsWith('#text')).length >= count, `${path}: the measure sees the page's text`);
      const url = await page.url();
      await browser.ext.evaluate(async (u) => {
        const tab = (await browser.tabs.query({})).find((t) => t.url === u);
        return browser.tabs.sendMessage(tab.id, { type: 'page-state', paused: false });
      }, url);
      await waitForVerdicts(page, count);
      await settle(browser.ext, page);
      await new Promise((r) => setTimeout(r, 500));
      const decorated = await boxes(page);
      assert.deepEqual(decorated.scroll, plain.scroll, `${path}: scroll size`);
      const moved = plain.out.map((b, i) => [b, decorated.out[i]]).filter(([a, b]) => a !== b).slice(0, 5);
      assert.equal(decorated.out.length, plain.out.length, `${path}: same elements`);
      assert.deepEqual(moved, [], `${path}: boxes that moved`);
      await page.screenshot(`firefox-layout-${path.split('/').filter(Boolean)[0]}-${count}.png`);
      await page.close();
    }
  } finally {
    await browser.ext.evaluate(() => browser.storage.local.remove('readylens'));
  }
});
