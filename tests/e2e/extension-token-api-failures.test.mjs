// End-to-end: the token APIs (GitHub REST with the token pasted in the options, here a
// GitHub Enterprise host under /api/v3; Linear GraphQL at api.linear.app) failing, as
// extension-api-failures.test.mjs does for GitLab and Azure DevOps. GitHub calls go
// through a proxy in front of the fake tracker; api.linear.app is played by a Playwright
// route on the browser context (it sees the background's requests too). Answers: 401 (bad
// token), 403 (missing scope; GitHub's spent quota with x-ratelimit-remaining: 0), 404,
// 429 with Retry-After: 1, Linear's GraphQL error codes, malformed JSON, or never.
// Every card still gets a verdict from the page text on a quiet (`degraded`) badge; the
// panel names the reason; the page is never broken.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_ISSUES, GITHUB_TOKEN, startFakeTracker } from './fake-tracker.mjs';
import { ROOT, SCREENSHOTS, launchWithExtension, waitForVerdicts } from './harness.mjs';
import { assertNormalBoard, assertPageIntact, assertQuietBoard, assertRetriedAfter429, closeAll } from './api-failure-support.mjs';
import { settle } from './extension-settle.mjs';

let browser;
let upstream;
let proxy;
/** How the tracker API answers: 'pass', a status code, 'malformed', 'hang', or a named case. */
let mode = 'pass';
const apiLog = [];
const NO_STORE = { 'cache-control': 'no-store' };
const LINEAR_TOKEN = 'lin_api_fixture_token_for_tests';

/** A failure as the tracker sends it: status, extra headers, body. */
function failure(m) {
  const json = { 'content-type': 'application/json', ...NO_STORE };
  switch (m) {
    case 'malformed':
      return { status: 200, headers: json, body: '{"data": {"i0": {"identifier": "LOU-12", "title": "trunc' };
    case '429':
      return { status: 429, headers: { ...json, 'retry-after': '1' }, body: '{"message": "slow down"}' };
    case '403-quota':
      return { status: 403, headers: { ...json, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' }, body: '{"message": "API rate limit exceeded"}' };
    case 'linear-ratelimited':
      return { status: 400, headers: json, body: JSON.stringify({ errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] }) };
    case 'linear-auth':
      return { status: 400, headers: json, body: JSON.stringify({ errors: [{ message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR' } }] }) };
    default:
      return { status: Number(m), headers: json, body: JSON.stringify({ message: `${m} from the test` }) };
  }
}

/** Linear's answer to an aliased `issue(id:)` query, from the identifiers asked for. */
function linearAnswer(query) {
  const data = {};
  for (const [, alias, id] of query.matchAll(/(i\d+): issue\(id: "([A-Z]+-\d+)"\)/g)) {
    const n = id.split('-')[1];
    data[alias] = {
      id: `uuid-${n}`,
      identifier: id,
      title: `As a resident I want to search for information (${id}) so that I find services`,
      description: '## Acceptance criteria\n- Given a search term, when I submit, then results are listed',
      url: `https://linear.app/loudoun/issue/${id}`,
      priority: 2,
      priorityLabel: 'High',
      estimate: 3,
      createdAt: '2024-01-02T03:04:05.000Z',
      updatedAt: '2024-01-03T03:04:05.000Z',
      state: { name: 'Todo', type: 'unstarted' },
      labels: { nodes: [{ name: 'Feature' }] },
      team: { key: 'LOU', issueEstimationType: 'fibonacci' },
    };
  }
  return { data };
}

const TRACKERS = {
  github: {
    page: '/fedspend/broker/issues',
    keys: GITHUB_ISSUES.map((i) => `fedspend/broker#${i.number}`),
    name: 'GitHub API',
    tokens: () => ({ github: GITHUB_TOKEN }),
  },
  linear: {
    page: '/loudoun/team/LOU/all',
    keys: [...readFileSync(join(ROOT, 'tests/fixtures/pages/linear/list.html'), 'utf8').matchAll(/issueId">([A-Z]+-\d+)</g)].map((m) => m[1]),
    name: 'Linear API',
    tokens: () => ({ linear: LINEAR_TOKEN }),
  },
};

before(async () => {
  upstream = await startFakeTracker();
  proxy = createServer((req, res) => {
    if (/^\/api\/v3\//.test(req.url ?? '') && mode !== 'pass') {
      apiLog.push({ url: req.url, at: Date.now(), mode });
      if (mode === 'hang') return undefined; // never answers
      const f = failure(mode);
      res.writeHead(f.status, f.headers);
      return res.end(f.body);
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
  await browser.context.route('https://api.linear.app/**', async (route) => {
    const req = route.request();
    apiLog.push({ url: req.url(), at: Date.now(), mode, auth: req.headers().authorization });
    // The test profile has no api.linear.app host permission (a user grants it in the
    // options, which lifts CORS), so the route answers CORS and exposes Retry-After.
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-expose-headers': 'retry-after, x-ratelimit-remaining' };
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    if (mode === 'hang') return undefined; // never answers
    if (mode === 'pass') {
      const body = JSON.parse(req.postData() ?? '{}');
      return route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(linearAnswer(String(body.query ?? ''))) });
    }
    const f = failure(mode);
    return route.fulfill({ status: f.status, headers: { ...cors, ...f.headers }, body: f.body });
  });
});

after(() => closeAll(browser, proxy, upstream));

const origin = () => `http://127.0.0.1:${proxy.address().port}`;

async function open(tracker) {
  await browser.worker.evaluate(async ([host, tokens]) => {
    await chrome.storage.local.set({ readylens: { version: 1, config: { version: 1 }, hosts: [host], tokens } });
  }, [origin(), TRACKERS[tracker].tokens()]);
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin()}${TRACKERS[tracker].page}`);
  await waitForVerdicts(page, TRACKERS[tracker].keys.length, 60000);
  await settle(browser, page, 60000);
  return { page, errors };
}

const CASES = {
  github: [
    ['401', 'the GitHub API answered HTTP 401 (the token in the options was refused: wrong, expired or revoked)'],
    ['403', 'the GitHub API answered HTTP 403 (no permission: the token may lack the scope to read these issues)'],
    ['403-quota', "the GitHub API answered HTTP 403 (rate limited: the token's hourly quota is used up)"],
    ['404', 'the GitHub API answered HTTP 404 (not found, or not visible to you)'],
    ['429', 'the GitHub API answered HTTP 429 (rate limited; it asked to retry after 1 s)'],
    ['malformed', 'the GitHub API answered with malformed JSON'],
    ['hang', 'the GitHub API did not answer in time'],
  ],
  linear: [
    ['401', 'the Linear API answered HTTP 401 (the token in the options was refused: wrong, expired or revoked)'],
    ['linear-auth', 'the Linear API answered HTTP 400 (the token in the options was refused: wrong, expired or revoked)'],
    ['403', 'the Linear API answered HTTP 403 (no permission: the token may lack the scope to read these issues)'],
    ['linear-ratelimited', 'the Linear API answered HTTP 400 (rate limited)'],
    ['404', 'the Linear API answered HTTP 404 (not found, or not visible to you)'],
    ['429', 'the Linear API answered HTTP 429 (rate limited; it asked to retry after 1 s)'],
    ['malformed', 'the Linear API answered with malformed JSON'],
    ['hang', 'the Linear API did not answer in time'],
  ],
};

assert.equal(TRACKERS.linear.keys.length, 4, 'the Linear list fixture has four rows');

for (const tracker of Object.keys(TRACKERS)) {
  const { keys } = TRACKERS[tracker];

  test(`${tracker} with a token: the API answering normally leaves the badges undimmed`, { timeout: 90000 }, async () => {
    mode = 'pass';
    const { page, errors } = await open(tracker);
    const panel = await assertNormalBoard(page, keys);
    if (tracker === 'linear') {
      assert.ok(apiLog.some((c) => c.url === 'https://api.linear.app/graphql' && c.auth === LINEAR_TOKEN), 'the background called Linear with the key');
      assert.ok(panel.title.includes('(LOU-12)'), `the panel shows the API's title: ${panel.title}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const [m, reason] of CASES[tracker]) {
    test(`${tracker} token API ${m}: quiet badges from the page text, the panel names the reason`, { timeout: 120000 }, async () => {
      mode = m;
      const from = apiLog.length;
      const { page, errors } = await open(tracker);
      await assertQuietBoard(page, keys, reason);
      const calls = apiLog.slice(from).filter((c) => c.mode === m && c.url.includes(tracker === 'linear' ? 'api.linear.app' : '/api/v3/'));
      if (m === '429') assertRetriedAfter429(calls, 'one call and three retries, then no more calls for the other issues');
      if (['401', '403', '403-quota', 'linear-auth'].includes(m)) assert.equal(calls.length, 1, 'a refused token is not asked again for each issue');
      await assertPageIntact(page, errors);
      if (m === '401') await page.screenshot({ path: join(SCREENSHOTS, `api-failure-${tracker}-token-401.png`) });
      await page.close();
    });
  }
}
