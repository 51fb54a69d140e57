// End-to-end: the GitLab and Azure DevOps APIs failing (issue 11), as the Jira ones are
// tested in hardening-extension.test.mjs. A proxy in front of the fake tracker answers
// the tracker's REST calls with 401, 403, 404, 410, 429 (Retry-After: 1), malformed JSON
// or never. Every card still gets a verdict, from the page text, on a quiet badge
// (`degraded`: dashed, and said to screen readers); the panel names the reason; the page
// is never broken.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ADO_ITEMS, GITLAB_ISSUES, startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, launchWithExtension, waitForVerdicts } from './harness.mjs';
import { assertNormalBoard, assertPageIntact, assertQuietBoard, assertRetriedAfter429, closeAll } from './api-failure-support.mjs';
import { settle } from './extension-settle.mjs';

let browser;
let upstream;
let proxy;
/** How the proxy answers the tracker API: 'pass', a status code, 'malformed', 'hang'. */
let mode = 'pass';
const apiLog = [];
const NO_STORE = { 'cache-control': 'no-store' };

const TRACKERS = {
  gitlab: {
    page: '/gitlab/data/packages/-/boards/1',
    api: /^\/gitlab\/api\/v4\//,
    keys: GITLAB_ISSUES.map((i) => `data/packages#${i.iid}`),
    name: 'GitLab API',
  },
  ado: {
    page: '/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories',
    api: /^\/org\/_apis\//,
    keys: ADO_ITEMS.map((w) => String(w.id)),
    name: 'Azure DevOps API',
  },
};

before(async () => {
  upstream = await startFakeTracker();
  proxy = createServer((req, res) => {
    const api = Object.values(TRACKERS).some((t) => t.api.test(req.url ?? ''));
    if (api && mode !== 'pass') {
      apiLog.push({ url: req.url, at: Date.now(), mode });
      if (mode === 'hang') return undefined; // never answers
      if (mode === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json', ...NO_STORE });
        return res.end('{"count": 2, "value": [{"id": 2301, "fields": {"System.Title": "trunc');
      }
      const headers = { 'content-type': 'application/json', ...NO_STORE };
      if (mode === '429') headers['retry-after'] = '1';
      res.writeHead(Number(mode), headers);
      return res.end(JSON.stringify({ message: `${mode} from the proxy` }));
    }
    const up = httpRequest({ host: '127.0.0.1', port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, ...NO_STORE });
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
    return undefined;
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  browser = await launchWithExtension();
});

after(() => closeAll(browser, proxy, upstream));

const origin = () => `http://127.0.0.1:${proxy.address().port}`;

async function open(tracker) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin()}${TRACKERS[tracker].page}`);
  await waitForVerdicts(page, TRACKERS[tracker].keys.length, 45000);
  await settle(browser, page, 45000);
  return { page, errors };
}

for (const tracker of Object.keys(TRACKERS)) {
  const { keys, name } = TRACKERS[tracker];

  test(`${tracker}: the API answering normally leaves the badges undimmed`, async () => {
    mode = 'pass';
    const { page, errors } = await open(tracker);
    await assertNormalBoard(page, keys);
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const [m, reason] of [
    ['401', `the ${name} answered HTTP 401 (not signed in, or the session expired)`],
    ['403', `the ${name} answered HTTP 403 (no permission to read these issues)`],
    ['404', `the ${name} answered HTTP 404 (not found, or not visible to you)`],
    ['410', `the ${name} answered HTTP 410 (this API is gone)`],
    ['429', `the ${name} answered HTTP 429 (rate limited; it asked to retry after 1 s)`],
    ['malformed', `the ${name} answered with malformed JSON`],
    ['hang', 'the tracker API did not answer in time'],
  ]) {
    test(`${tracker} API ${m}: quiet badges from the page text, the panel names the reason`, { timeout: 90000 }, async () => {
      mode = m;
      const from = apiLog.length;
      const { page, errors } = await open(tracker);
      await assertQuietBoard(page, keys, reason);
      if (m === '429') assertRetriedAfter429(apiLog.slice(from));
      await assertPageIntact(page, errors);
      if (m === '401') await page.screenshot({ path: join(SCREENSHOTS, `api-failure-${tracker}-401.png`) });
      await page.close();
    });
  }
}
