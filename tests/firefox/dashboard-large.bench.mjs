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
import { ROOT, firefoxVersion, launchFirefox } from './harness.mjs';

const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const DEEPSE = path.join(ROOT, '../shared/data/issues/deepse');
const N = 20000;

/** One title a line, `N` lines. */
function backlogText() {
  const lines = [];
  if (fs.existsSync(DEEPSE)) {
    for (const f of fs.readdirSync(DEEPSE).filter((x) => x.endsWith('.csv')).sort()) {
      // issuekey,title,description,storypoint — titles are the second, quoted field.
      const text = fs.readFileSync(path.join(DEEPSE, f), 'utf8');
      for (const m of text.matchAll(/^[A-Z][A-Z0-9]*-\d+,"((?:[^"]|"")*)"/gm)) {
        const t = m[1].replace(/""/g, '"').replace(/\s+/g, ' ').trim();
        if (t && !t.startsWith('#')) lines.push(t);
        if (lines.length === N) return { text: lines.join('\n'), source: 'deepse' };
      }
    }
  }
  const sample = fs.readFileSync(path.join(ROOT, 'www/samples/g03-loudoun.txt'), 'utf8').split('\n').filter(Boolean);
  for (let i = lines.length; i < N; i++) lines.push(`${sample[i % sample.length]} (${i})`);
  return { text: lines.join('\n'), source: 'g03 repeated' };
}

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
  const { text, source } = backlogText();
  t.diagnostic(`Firefox ${firefoxVersion()}; backlog: ${N} titles (${source}), ${(text.length / 1e6).toFixed(1)} MB`);
  const file = path.join(dir, 'backlog-20k.txt');
  fs.writeFileSync(file, text);
  const page = await ff.newPage();
  await page.goto(server.url);
  await page.waitFor(() => document.body.dataset.ready === 'true', [], { timeout: 60000 });
  // Status messages, and the longest gap between 20 ms timer ticks once the worker has
  // the text (a blocked main thread shows up as a long gap).
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__statuses = [];
    w.__armed = false;
    new MutationObserver(() => {
      const s = document.getElementById('status-text')?.textContent ?? '';
      w.__statuses.push(s);
      if (/^(Parsing|Analysing)/.test(s)) w.__armed = true;
    }).observe(document.getElementById('status-text'), { childList: true, characterData: true, subtree: true });
    w.__maxGap = 0;
    let last = performance.now();
    w.__tick = setInterval(() => {
      const now = performance.now();
      if (w.__armed) w.__maxGap = Math.max(w.__maxGap, now - last);
      last = now;
    }, 20);
  });
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
