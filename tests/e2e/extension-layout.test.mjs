// End-to-end: badges never move the tracker's layout (issue 8). On every tracker
// fixture page, each decorated card / row / view and every text node inside it is
// measured decorated and undecorated (the popup's pause removes every trace of the
// extension, resuming decorates again), and the boxes must be identical to the pixel;
// so must the document's scroll size and every element's box on the page. Screenshots
// of each decorated page go to dist/e2e-screenshots/layout-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, launchWithExtension, waitForVerdicts } from './harness.mjs';
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

/** Every tracker fixture page the fake tracker serves, with its badge count. */
const PAGES = [
  ['jira-issue-dc', '/jira/browse/STUDIO-5383'],
  ['jira-list-dc', '/jira/issues/'],
  ['jira-board-dc', '/jira/secure/RapidBoard.jspa?rapidView=12'],
  ['jira-board-cloud', '/jira/software/c/projects/MESOS/boards/7'],
  ['jira-backlog-cloud', '/jira/software/c/projects/MESOS/boards/7/backlog'],
  ['jira-issue-cloud', '/browse/STUDIO-2824'],
  ['jira-board-500', '/jira/software/c/projects/MESOS/boards/500'],
  ['gitlab-board', '/gitlab/data/packages/-/boards/1'],
  ['gitlab-list', '/gitlab/data/packages/-/issues'],
  ['gitlab-issue', '/gitlab/data/packages/-/issues/7'],
  ['ado-board', '/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories'],
  ['ado-backlog', '/org/OpenSpending/_backlogs/backlog/OpenSpending%20Team/Stories'],
  ['ado-workitem', '/org/OpenSpending/_workitems/edit/2301'],
  ['github-issues', '/fedspend/broker/issues'],
  ['github-project-board', '/orgs/fedspend/projects/3'],
  ['github-issue', '/fedspend/broker/issues/101'],
  ['linear-list', '/loudoun/team/LOU/all'],
  ['linear-board', '/loudoun/team/LOU/board'],
  ['linear-issue', '/loudoun/issue/LOU-12/search-for-information'],
];

/**
 * Boxes of the decorated elements (kept in `window.__cards` from the first call on, so
 * they can be measured again once the extension has removed its marks), of every text
 * node inside them, of every element of the page, and the document's scroll size.
 */
function measure() {
  const w = /** @type {any} */ (window);
  w.__cards ??= [...document.querySelectorAll('[data-readylens-key]')];
  const box = (r) => [r.x, r.y, r.width, r.height];
  const cards = w.__cards.map((el) => {
    const texts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      range.selectNodeContents(n);
      texts.push([n.textContent.trim().slice(0, 30), ...[...range.getClientRects()].map(box)]);
    }
    return { card: box(el.getBoundingClientRect()), texts };
  });
  const all = [...document.body.querySelectorAll('*')]
    .filter((e) => !/^readylens-/i.test(e.tagName))
    .map((e) => `${e.tagName}${e.id ? `#${e.id}` : ''} ${box(e.getBoundingClientRect()).join(',')}`);
  return {
    count: w.__cards.length,
    cards,
    all,
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  };
}

async function setPaused(page, paused) {
  await browser.worker.evaluate(async ([url, p]) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.tabs.sendMessage(tab.id, { type: 'page-state', paused: p });
  }, [page.url(), paused]);
}

for (const [name, path] of PAGES) {
  test(`${name}: decorating moves no card, no text and no element by a pixel`, async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}${path}`);
    await page.waitForSelector('readylens-badge', { state: 'attached', timeout: 30000 });
    const n = await page.locator('[data-readylens-key]').count();
    await waitForVerdicts(page, n, 60000);
    await settle(browser, page);
    await page.waitForTimeout(300);
    const decorated = await page.evaluate(measure);
    assert.ok(decorated.count > 0);
    await page.screenshot({ path: join(SCREENSHOTS, `layout-${name}.png`) });
    // Every badge is visible and can be reached with the keyboard.
    const shown = await page.$$eval('readylens-badge', (bs) => bs.map((b) => {
      const r = b.shadowRoot.querySelector('button').getBoundingClientRect();
      return r.width > 0 && r.height > 0 && b.shadowRoot.querySelector('button').tabIndex === 0;
    }));
    assert.ok(shown.every(Boolean), 'every badge has a visible, focusable button');
    if (name === 'linear-list') {
      // Dense rows whose long titles run to the right edge: no badge covers any of the
      // row's text (a row with no free full-size place gets the dot in its trailing space).
      const overlaps = await page.$$eval('readylens-badge', (bs) => bs.flatMap((b) => {
        const r = b.shadowRoot.querySelector('button').getBoundingClientRect();
        const row = b.closest('[data-readylens-key]');
        const range = document.createRange();
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        const hits = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent.trim()) continue;
          range.selectNodeContents(n);
          for (const t of range.getClientRects()) {
            if (t.width > 0 && r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom) hits.push(`${row.getAttribute('data-readylens-key')}: ${n.textContent.trim().slice(-30)}`);
          }
        }
        return hits;
      }));
      assert.deepEqual(overlaps, [], 'no badge covers title text');
      const sizes = await page.$$eval('readylens-badge', (bs) => bs.map((b) => b.getAttribute('size')));
      assert.ok(sizes.includes('compact') && sizes.includes(null), `the one-line rows get the dot, the two-line rows the full badge: ${sizes}`);
    }
    await setPaused(page, true);
    await page.waitForFunction(() => document.querySelectorAll('readylens-badge, [data-readylens-key]').length === 0);
    const clean = await page.evaluate(measure);
    assert.deepEqual(decorated.scroll, clean.scroll, 'document scroll size');
    for (let i = 0; i < clean.cards.length; i++) {
      assert.deepEqual(decorated.cards[i], clean.cards[i], `card ${i} and its text`);
    }
    assert.deepEqual(decorated.all, clean.all, 'every element of the page');
    // Decorated again: the same boxes once more.
    await setPaused(page, false);
    await waitForVerdicts(page, n, 60000);
    await settle(browser, page);
    await page.evaluate(() => {
      /** @type {any} */ (window).__cards = null;
    });
    const again = await page.evaluate(measure);
    assert.deepEqual(again.cards, clean.cards);
    await page.close();
  });
}

test('keyboard: Tab from a card\'s key link reaches its badge, Enter opens the panel, Escape comes back', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
  await page.waitForSelector('readylens-badge', { state: 'attached', timeout: 30000 });
  await waitForVerdicts(page, 5);
  await settle(browser, page);
  const key = await page.evaluate(() => document.querySelector('[data-readylens-key]').getAttribute('data-readylens-key'));
  await page.focus(`[data-readylens-key="${key}"] a[href$="/browse/${key}"]`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const host = document.activeElement;
    return { tag: host?.tagName.toLowerCase(), key: host?.getAttribute('key'), inner: host?.shadowRoot?.activeElement?.tagName.toLowerCase(), label: host?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? '' };
  });
  assert.deepEqual({ tag: focused.tag, key: focused.key, inner: focused.inner }, { tag: 'readylens-badge', key, inner: 'button' });
  assert.match(focused.label, new RegExp(`^readylens ${key}: (Ready|Almost ready|Not ready), readiness \\d+/\\d+`));
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => document.querySelector('readylens-panel')?.getAttribute('key') === k && !document.querySelector('readylens-panel').hidden, key);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('readylens-panel').hidden);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('key')), key, 'focus returns to the badge');
  await page.close();
});
