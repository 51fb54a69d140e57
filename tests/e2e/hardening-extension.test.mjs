// Hardening, end to end, on the Jira Data Center issue view (tests/fixtures/pages/jira/
// issue-dc.html): a proxy in front of the fake tracker makes the Jira REST API hostile.
// - HTML / script / CSS payloads in summaries, descriptions (also next to a KPI keyword,
//   so they reach KPI evidence) and labels never execute and never become elements in
//   the badges or the panel;
// - API failures (401, 403, 404, 410, malformed JSON, a request that never answers)
//   degrade to the page text with the reason in the panel, never a broken page or a
//   badge stuck loading; 429 with Retry-After is retried after the delay asked for;
// - a corrupt stored configuration is reported on the options page and kept aside;
// - the service worker stopped while a page waits for the tracker: a fresh worker
//   answers, and the badges get their verdicts.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRetriedAfter429, closeAll } from './api-failure-support.mjs';
import { createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, badges, launchWithExtension, loadCore, openPanel, stopServiceWorkers, waitForVerdicts, defaultConfig } from './harness.mjs';

let browser;
let upstream;
let proxy;
let core;
/** How the proxy answers Jira REST calls: 'pass', 'hostile', a status code, 'malformed', 'hang', 'slow', '429'. */
let mode = 'pass';
const apiLog = [];
// Every answer is uncacheable (as trackers' API answers are), so one mode's answer is
// never reused by the browser in the next test (410 is cacheable by default).
const NO_STORE = { 'cache-control': 'no-store' };

const PAYLOAD = {
  img: '<img src=x onerror="window.__readylensPwned=1">',
  script: '<script>window.__readylensPwned=2</script>',
  link: '[click me|javascript:window.__readylensPwned=3]',
  css: '</style><style>*{display:none !important}</style>',
  svg: '<svg onload="window.__readylensPwned=4">',
};

function hostile(issue) {
  const f = issue.fields ?? {};
  f.summary = `${PAYLOAD.img} ${f.summary ?? ''}`;
  // "Guided onboarding tour for first-time users" is an example from the KPI catalog
  // (src/kpi/catalog.rs, activation): the payload sits inside the KPI evidence.
  f.description = `${f.description ?? ''}\n\nGuided onboarding tour for first-time users ${PAYLOAD.script} ${PAYLOAD.link}\n${PAYLOAD.css}`;
  f.labels = [...(f.labels ?? []), PAYLOAD.svg];
  issue.fields = f;
  return issue;
}

function forward(req, res, rewrite) {
  const up = httpRequest({ host: '127.0.0.1', port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    if (!rewrite) {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, ...NO_STORE });
      r.pipe(res);
      return;
    }
    const chunks = [];
    r.on('data', (c) => chunks.push(c));
    r.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      try {
        const json = JSON.parse(body);
        if (Array.isArray(json.issues)) json.issues = json.issues.map(hostile);
        else if (json.fields) hostile(json);
        body = JSON.stringify(json);
      } catch {
        // not JSON: pass it on unchanged
      }
      res.writeHead(r.statusCode ?? 502, { 'content-type': 'application/json;charset=UTF-8', ...NO_STORE });
      res.end(body);
    });
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}

before(async () => {
  upstream = await startFakeTracker();
  proxy = createServer((req, res) => {
    const api = /^\/jira\/rest\/api\/2\/(search|issue\/)/.test(req.url ?? '');
    if (!api || mode === 'pass') return forward(req, res, false);
    apiLog.push({ url: req.url, at: Date.now(), mode });
    if (mode === 'hostile') return forward(req, res, true);
    if (mode === 'hang') return; // never answers
    if (mode === 'slow') return void setTimeout(() => forward(req, res, false), 1500);
    if (mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json', ...NO_STORE });
      return res.end('{"issues": [{"key": "STUDIO-5383", "fields": {"summary": "trunc');
    }
    if (mode === '429') {
      if (req.url.includes('/search')) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1', ...NO_STORE });
        return res.end(JSON.stringify({ errorMessages: ['Rate limit exceeded.'] }));
      }
      return forward(req, res, false);
    }
    res.writeHead(Number(mode), { 'content-type': 'application/json', ...NO_STORE });
    res.end(JSON.stringify({ errorMessages: [`status ${mode}`] }));
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  browser = await launchWithExtension();
  core = await loadCore();
});

after(() => closeAll(browser, proxy, upstream));

const origin = () => `http://127.0.0.1:${proxy.address().port}`;

async function openIssueView() {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(`${origin()}/jira/browse/STUDIO-5383`);
  return { page, errors };
}

test('hostile summaries, descriptions, labels and KPI evidence stay text in badges and panel', async () => {
  mode = 'hostile';
  // The payload really reaches KPI evidence: the core links the hostile description.
  const sample = core.parseIssues(JSON.stringify({ issues: [hostile({ key: 'X-1', fields: { summary: 'Onboarding', description: 'x' } })] }), 'jira-json', 'x');
  const rep = core.analyze(sample.issues, defaultConfig());
  assert.ok(rep.issues[0].kpis.length > 0, 'the hostile description links a KPI');
  const { page, errors } = await openIssueView();
  await waitForVerdicts(page, 2);
  const panel = await openPanel(page, 'STUDIO-5383');
  assert.ok(panel.title.startsWith('<img'), `the hostile summary is shown as text: ${panel.title}`);
  await page.waitForTimeout(300);
  const inert = await page.evaluate(() => {
    const roots = [...document.querySelectorAll('readylens-badge, readylens-panel')].map((h) => h.shadowRoot).filter(Boolean);
    const all = (sel) => roots.flatMap((r) => [...r.querySelectorAll(sel)]);
    return {
      flag: window.__readylensPwned ?? null,
      elements: all('img, script, svg, style, iframe, object').map((e) => e.tagName),
      jsLinks: all('a').map((a) => a.getAttribute('href') ?? '').filter((h) => /^\s*javascript:/i.test(h)),
      onAttrs: all('*').flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      bodyShown: getComputedStyle(document.body).display !== 'none',
      badgeShown: roots.length > 0 && getComputedStyle(roots[0].querySelector('button') ?? roots[0].host).display !== 'none',
      panelText: document.querySelector('readylens-panel')?.shadowRoot?.textContent ?? '',
    };
  });
  assert.deepEqual(
    { flag: inert.flag, elements: inert.elements, jsLinks: inert.jsLinks, onAttrs: inert.onAttrs, bodyShown: inert.bodyShown, badgeShown: inert.badgeShown },
    { flag: null, elements: [], jsLinks: [], onAttrs: [], bodyShown: true, badgeShown: true },
  );
  assert.ok(inert.panelText.includes('onboarding'), 'the KPI evidence is shown (as text)');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(SCREENSHOTS, 'hardening-hostile-panel.png') });
  await page.close();
});

for (const [m, reason] of [
  ['401', 'HTTP 401'],
  ['403', 'HTTP 403'],
  ['404', 'HTTP 404'],
  ['410', 'HTTP 410'],
  ['malformed', 'malformed JSON'],
  ['hang', 'did not answer in time'],
]) {
  test(`Jira API ${m}: badges fall back to the page text, the panel says why`, { timeout: 60000 }, async () => {
    mode = m;
    const { page, errors } = await openIssueView();
    await waitForVerdicts(page, 2, 40000);
    const got = await badges(page);
    assert.ok(got.every((b) => b.verdict && b.state !== 'loading'), JSON.stringify(got));
    const panel = await openPanel(page, 'STUDIO-5383');
    assert.ok(panel.text.includes(reason), `the panel gives the reason "${reason}": ${panel.text.slice(0, 300)}`);
    assert.ok(panel.title.length > 0, 'the issue is still shown, from the page text');
    assert.deepEqual(errors, [], 'the page is not broken');
    await page.close();
  });
}

test('Jira API 429 with Retry-After: the search is retried after the delay, then the issues load one by one', async () => {
  mode = '429';
  const from = apiLog.length;
  const { page, errors } = await openIssueView();
  await waitForVerdicts(page, 2);
  const searches = apiLog.slice(from).filter((r) => r.url.includes('/search'));
  assertRetriedAfter429(searches);
  const panel = await openPanel(page, 'STUDIO-5383');
  assert.ok(!panel.text.includes('Read from the page text'), 'the per-issue API answered, so no fallback note');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a corrupt stored configuration is reported on the options page and kept aside', async () => {
  mode = 'pass';
  const corrupt = { version: 1, config: '{"kpi": {"metrics": [', hosts: 'jira.example.com', tokens: { github: 'ghp_secret' } };
  await browser.worker.evaluate(async (c) => {
    await chrome.storage.local.remove('readylens.unreadable');
    await chrome.storage.local.set({ readylens: c });
  }, corrupt);
  const id = new URL(browser.worker.url()).host;
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${id}/extension/options.html`);
  await page.waitForSelector('#unreadable-download');
  const status = await page.textContent('#config-status');
  assert.match(status ?? '', /could not be read/);
  assert.match(status ?? '', /settings\.config/);
  const kept = await browser.worker.evaluate(async () => (await chrome.storage.local.get('readylens.unreadable'))['readylens.unreadable']);
  assert.deepEqual(kept.stored, corrupt);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#unreadable-download')]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const saved = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(saved.config, corrupt.config, 'the download holds the unreadable settings');
  assert.ok(!('tokens' in saved), 'but not the tokens');
  await browser.worker.evaluate(async () => chrome.storage.local.remove(['readylens', 'readylens.unreadable']));
  await page.close();
});

// Last: it stops the service worker, so `browser.worker` is stale afterwards.
test('the service worker stopped while the page waits for the tracker: a fresh worker analyses', async () => {
  mode = 'slow';
  await browser.worker.evaluate(() => {
    globalThis.__readylensBeforeStop = true;
  });
  const from = apiLog.length;
  const { page, errors } = await openIssueView();
  // Wait until the content script is waiting on the (slow) Jira API, then stop the worker.
  const deadline = Date.now() + 10000;
  while (apiLog.length === from && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(apiLog.length > from, 'the page called the Jira API');
  await stopServiceWorkers(browser.context, page);
  await waitForVerdicts(page, 2);
  const got = await badges(page);
  assert.ok(got.every((b) => b.verdict), JSON.stringify(got));
  const panel = await openPanel(page, 'STUDIO-5383');
  assert.ok(!panel.text.includes('Read from the page text'), 'the API answer was analysed, not the page text');
  const workers = browser.context.serviceWorkers();
  const fresh = workers[workers.length - 1];
  assert.equal(await fresh.evaluate(() => globalThis.__readylensBeforeStop ?? false), false, 'a new service worker answered');
  assert.deepEqual(errors, []);
  await page.close();
});
