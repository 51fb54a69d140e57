// A measurement, not part of the test run (timing depends on the machine):
//   node --test tests/firefox/dashboard-large.bench.mjs
// The Firefox counterpart of tests/e2e/dashboard-large.bench.mjs: the dashboard with
// 20,000 issues in headless Firefox: the work runs in the module Web Worker, progress is
// shown and the page keeps responding. Uses 20,000 real Jira issue titles from
// ../shared/data/issues/deepse/*.csv (Choetkiertikul et al., IEEE TSE 2018) when that
// folder exists; otherwise the 58 stories of www/samples/g03-loudoun.txt (Dalpiaz, CC BY
// 4.0) repeated with a number.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../e2e/dashboard-server.mjs';
import { largeBacklogText, recordStatusAndGaps } from '../e2e/large-backlog.mjs';
import { ROOT, firefoxVersion, launchFirefox } from './harness.mjs';

const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const N = 20000;

let server;
let ff;
let dir;

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg/readylens_bg.wasm')), 'run `node scripts/build-web.mjs` first');
  server = await serve(WWW);
  ff = await launchFirefox();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-ff-bench-'));
});

after(async () => {
  await ff?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('Firefox: 20,000 issues load with progress while the page stays responsive', async (t) => {
  const { text, source } = largeBacklogText(ROOT, N);
  t.diagnostic(`Firefox ${firefoxVersion()}; backlog: ${N} titles (${source}), ${(text.length / 1e6).toFixed(1)} MB`);
  const file = path.join(dir, 'backlog-20k.txt');
  fs.writeFileSync(file, text);
  const page = await ff.newPage();
  await page.goto(server.url);
  await page.waitFor(() => document.body.dataset.ready === 'true', [], { timeout: 60000 });
  // Status messages, and the longest gap between 20 ms timer ticks once the worker has
  // the text (a blocked main thread shows up as a long gap).
  await page.evaluate(recordStatusAndGaps);
  const started = Date.now();
  await page.setInputFiles('#file-input', [file]);
  await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 240000, interval: 250 });
  const elapsed = Date.now() - started;
  const { statuses, maxGap, status } = await page.evaluate(() => ({
    statuses: /** @type {any} */ (window).__statuses,
    maxGap: /** @type {any} */ (window).__maxGap,
    status: document.getElementById('status-text').textContent,
  }));
  t.diagnostic(`loaded in ${elapsed} ms; longest main-thread gap ${Math.round(maxGap)} ms; status steps: ${statuses.length}`);
  assert.match(status, new RegExp(`Analysed ${N.toLocaleString('en-US')} issues`));
  assert.ok(statuses.some((s) => /^Analysing 20,000 issues/.test(s)), 'the analysis stage was announced');
  assert.equal(await page.evaluate(() => document.querySelectorAll('#issue-table tbody tr[data-key]').length), 50);
  assert.ok(maxGap < 1000, `main thread blocked for ${Math.round(maxGap)} ms`);

  let t0 = Date.now();
  await page.click('#f-text');
  await page.type('crash');
  await page.waitFor(() => /match$/.test(document.getElementById('table-count')?.textContent ?? ''));
  const filterMs = Date.now() - t0;
  t0 = Date.now();
  await page.click('th[data-col="title"] button');
  await page.waitFor(() => document.querySelector('th[data-col="title"]')?.getAttribute('aria-sort') === 'ascending');
  const sortMs = Date.now() - t0;
  t.diagnostic(`filter ${filterMs} ms (typed, with 120 ms debounce), sort ${sortMs} ms`);
  await page.screenshot('firefox-dashboard-20k.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});
