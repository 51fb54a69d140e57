// The dashboard's "Backlog hygiene" panel shows the core's backlog.hygiene summary, judged
// against the team's analysis date (readiness.now from the settings, else today).
// Expected numbers come from the same WASM package run in Node on the same text and
// configuration.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './dashboard-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const SHOTS = path.join(ROOT, 'dist/e2e-screenshots');
// Real GitHub REST payload shape (frictionlessdata issues; see tests/fixtures/import/README.md).
const GITHUB = fs.readFileSync(path.join(ROOT, 'tests/fixtures/import/github_issues.json'), 'utf8');
const CONFIG = { version: 1, readiness: { now: '2017-06-01' }, hygiene: { stale_days: 30, aging_days: 60 } };

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'index.html')), 'run `node scripts/build-web.mjs` first');
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(WWW);
  browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function analyseInNode(text, config) {
  const mod = await import(pathToFileURL(path.join(WWW, 'pkg/readylens.js')).href);
  await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg/readylens_bg.wasm')) });
  const imported = mod.parseIssues(text, undefined, 'input');
  return mod.analyze(imported.issues, config);
}

test('the hygiene panel shows the core summary as of the configured date', async () => {
  const expected = (await analyseInNode(GITHUB, CONFIG)).backlog.hygiene;
  // The two open issues were last updated in March 2017: stale (and aging) by June.
  assert.equal(expected.stale, 2);
  assert.equal(expected.aging, 2);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.evaluate((config) => localStorage.setItem('readylens.dashboard.settings', JSON.stringify({ version: 1, config })), CONFIG);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, GITHUB);
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });

  const count = (id) => page.textContent(`#hygiene-counts [data-hygiene="${id}"] .metric-value`);
  for (const id of ['stale', 'aging', 'oversized', 'orphans', 'blocked', 'duplicate_clusters']) {
    assert.equal(await count(id), String(expected[id]), id);
  }
  assert.equal(await page.textContent('#hygiene-date'), '2017-06-01');
  const worst = await page.$$eval('#hygiene-worst li button strong', (ss) => ss.map((s) => s.textContent));
  assert.deepEqual(worst, expected.worst.map((o) => o.key));
  // An offender opens the detail drawer, which lists its hygiene findings.
  await page.click('#hygiene-worst li button');
  await page.waitForSelector('#drawer[open]');
  assert.match(await page.textContent('#drawer'), /hygiene\/stale/);
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-hygiene.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('without a configured date the dashboard judges against today', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const shown = await page.textContent('#hygiene-date');
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  assert.ok(shown === today || shown === yesterday, `analysis date ${shown}`);
  await context.close();
});
