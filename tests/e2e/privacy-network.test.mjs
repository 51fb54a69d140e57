// Privacy, end to end: record every network request the browser makes during a session
// with the extension on the fixture pages of every tracker (plus the options page and
// the popup), and fail on any host other than the tracker under test (the fake tracker
// on 127.0.0.1). Requests are recorded twice: by Playwright for pages and the service
// worker, and by the fake tracker's own log, which proves the recording sees the
// worker's API calls (a positive control: a recorder that sees nothing would pass).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeTracker } from './fake-tracker.mjs';
import { launchWithExtension, waitForVerdicts } from './harness.mjs';

let browser;
let server;
const seen = [];

before(async () => {
  server = await startFakeTracker();
  browser = await launchWithExtension();
  const record = (from) => (r) => seen.push({ url: r.url(), from });
  browser.context.on('request', record('context'));
  browser.worker.on?.('request', record('worker'));
  browser.context.on('serviceworker', (w) => w.on?.('request', record('worker')));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Hosts allowed: the tracker under test, and the extension's own packaged files. */
function offenders(origin) {
  const tracker = new URL(origin).host;
  return seen
    .map((s) => s.url)
    .filter((u) => {
      const url = new URL(u);
      if (url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') return false;
      return url.host !== tracker;
    });
}

// One page per tracker view the extension decorates (fixtures in tests/fixtures/pages/).
const PAGES = [
  ['/jira/browse/STUDIO-5383', 2],
  ['/jira/issues/', 1],
  ['/jira/software/c/projects/MESOS/boards/7', 1],
  ['/browse/STUDIO-2824', 1],
  ['/gitlab/data/packages/-/issues', 1],
  ['/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories', 1],
  ['/fedspend/broker/issues', 1],
  ['/loudoun/team/LOU/all', 1],
  ['/plain/notes.html', 0],
];

test('a session on every tracker page, the options page and the popup talks to no host but the tracker', async () => {
  const fromLog = server.log.length;
  for (const [path, min] of PAGES) {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}${path}`);
    if (min > 0) await waitForVerdicts(page, min);
    else await page.waitForTimeout(500);
    await page.close();
  }
  const id = new URL(browser.worker.url()).host;
  for (const view of ['options.html', 'popup.html']) {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${id}/extension/${view}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await page.close();
  }
  // Positive control: the worker's REST calls reached the fake tracker, and the
  // recorder saw at least one of them.
  const apiCalls = server.log.slice(fromLog).filter((r) => r.url.includes('/rest/api/'));
  assert.ok(apiCalls.length > 0, 'the extension called the tracker API (Jira pages)');
  const recordedApi = seen.filter((s) => s.url.includes('/rest/api/'));
  assert.ok(recordedApi.length > 0, `the recorder sees API calls (recorded ${seen.length} requests)`);
  assert.deepEqual(offenders(server.origin), [], 'no request to any other host');
});
