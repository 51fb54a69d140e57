// End-to-end: single-page apps re-render and navigate (issue 8): no duplicate badges, no
// flicker, no leaks. On the Jira Cloud board (tests/fixtures/pages/jira/board-cloud.html)
// the cards are re-created twelve times as React re-renders do; on the Jira Cloud issue
// view (issue-cloud.html) the app navigates between two issues twelve times, re-using the
// heading. Checked each time: one badge per card with the right key and verdict; a badge
// for an issue already analysed is never drawn in the loading state again (no flicker);
// no issue is fetched twice; and after garbage collection the page holds as many DOM
// nodes and event listeners after the twelfth round as after the second (nothing of the
// replaced cards is kept alive by the extension).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeTracker } from './fake-tracker.mjs';
import { badges, launchWithExtension, openPanel, stopServiceWorkers, waitForVerdicts } from './harness.mjs';
import { settle } from './extension-settle.mjs';

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

/** Installed in the page's own world: badges of an already-analysed key drawn as loading. */
function flickerProbe() {
  const w = /** @type {any} */ (window);
  w.__flicker = [];
  const known = new Map();
  const look = (b) => {
    const key = b.getAttribute('key');
    if (b.hasAttribute('verdict')) known.set(key, b.getAttribute('verdict'));
    else if (known.has(key)) w.__flicker.push(`${key} drawn as ${b.getAttribute('state') ?? 'no verdict'} after ${known.get(key)}`);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.nodeName === 'READYLENS-BADGE' && r.target.isConnected) look(/** @type {Element} */ (r.target));
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const el = /** @type {Element} */ (n);
        for (const b of el.nodeName === 'READYLENS-BADGE' ? [el] : el.querySelectorAll('readylens-badge')) look(b);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['verdict', 'state'] });
}

/** DOM nodes and event listeners the page's renderer holds, after a full garbage collection. */
async function counters(page) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const c = await cdp.send('Memory.getDOMCounters');
  await cdp.detach();
  return c;
}

async function oneBadgePerElement(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-readylens-key]')].every((el) => {
    const bs = [...el.querySelectorAll('readylens-badge')];
    return bs.length === 1 && bs[0].getAttribute('key') === el.getAttribute('data-readylens-key') && bs[0].hasAttribute('verdict');
  }));
}

test('a board re-rendered twelve times: one badge per card, no flicker, nothing fetched twice, no leak', async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(flickerProbe);
  await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
  await waitForVerdicts(page, 5);
  await settle(browser, page);
  const first = new Map((await badges(page)).map((b) => [b.key, b.verdict]));
  const fetched = server.log.length;
  let baseline = null;
  for (let round = 1; round <= 12; round++) {
    // React-style re-render: every card element is replaced by a fresh copy.
    await page.evaluate(() => {
      const list = document.getElementById('cards');
      list.replaceChildren(...[...list.children].map((c) => {
        const n = /** @type {Element} */ (c.cloneNode(true));
        for (const b of n.querySelectorAll('readylens-badge')) b.remove();
        n.removeAttribute('data-readylens-key');
        return n;
      }));
    });
    await page.waitForFunction(() => document.querySelectorAll('#cards readylens-badge[verdict]').length === 5);
    await settle(browser, page);
    assert.ok(await oneBadgePerElement(page), `round ${round}: one badge per card`);
    const now = await badges(page);
    assert.equal(now.length, 5, `round ${round}: no badge left behind`);
    for (const b of now) assert.equal(b.verdict, first.get(b.key), `round ${round}: ${b.key} keeps its verdict`);
    if (round === 2) baseline = await counters(page);
  }
  const end = await counters(page);
  console.log(`# DOM counters after GC: round 2 ${JSON.stringify(baseline)}, round 12 ${JSON.stringify(end)}`);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).__flicker), [], 'no badge drawn as loading again');
  assert.equal(server.log.length, fetched, 'no issue fetched again after a re-render');
  assert.ok(end.nodes <= baseline.nodes + 20, `DOM nodes after GC: ${baseline.nodes} after round 2, ${end.nodes} after round 12`);
  assert.ok(end.jsEventListeners <= baseline.jsEventListeners + 10, `listeners: ${baseline.jsEventListeners} -> ${end.jsEventListeners}`);
  await page.close();
});

test('single-page navigation back and forth twelve times: one badge, the shown issue, no leak', async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(flickerProbe);
  await page.goto(`${server.origin}/browse/STUDIO-2824`);
  await waitForVerdicts(page, 1);
  await settle(browser, page);
  const issues = [
    ['MESOS-1739', 'Allow slave reconfiguration on restart', 'Allow the slave to pick up a new configuration on restart.'],
    ['STUDIO-2824', 'Select the sort direction connector queries', 'As a user I want to choose the sort direction.'],
  ];
  let baseline = null;
  for (let round = 1; round <= 12; round++) {
    const [key, summary, text] = issues[round % 2 === 1 ? 0 : 1];
    await page.evaluate(([k, s, d]) => /** @type {any} */ (window).openIssue(k, s, d), [key, summary, text]);
    await page.waitForFunction((k) => {
      const b = document.querySelectorAll('readylens-badge');
      return b.length === 1 && b[0].getAttribute('key') === k && b[0].hasAttribute('verdict');
    }, key);
    await settle(browser, page);
    assert.equal(await page.locator('readylens-badge').count(), 1, `round ${round}: one badge`);
    assert.equal(await page.getAttribute('[data-readylens-key]', 'data-readylens-key'), key, `round ${round}: the shown issue`);
    if (round === 2) baseline = await counters(page);
  }
  const end = await counters(page);
  console.log(`# DOM counters after GC: round 2 ${JSON.stringify(baseline)}, round 12 ${JSON.stringify(end)}`);
  assert.ok(end.nodes <= baseline.nodes + 20, `DOM nodes after GC: ${baseline.nodes} after round 2, ${end.nodes} after round 12`);
  assert.ok(end.jsEventListeners <= baseline.jsEventListeners + 10, `listeners: ${baseline.jsEventListeners} -> ${end.jsEventListeners}`);
  await page.close();
});

// Badges hold slim reports; the panel asks the background for the full one. A restarted
// service worker has lost them: the panel then has the page analysed again.
test('the panel after a service worker restart: the full report is analysed again', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/jira/issues/`);
  await waitForVerdicts(page, 7);
  await settle(browser, page);
  const before = await openPanel(page, 'MESOS-1733');
  assert.ok(before.findings.length + before.checks.length > 0, 'the panel shows the full report');
  await page.keyboard.press('Escape');
  await stopServiceWorkers(browser.context, page);
  const after = await openPanel(page, 'MESOS-1733');
  assert.deepEqual(after.findings, before.findings, 'the same findings');
  assert.deepEqual(after.checks, before.checks, 'the same checks');
  await page.close();
});
