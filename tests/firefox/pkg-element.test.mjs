// The npm package in headless Firefox, without a bundler (issue 9: "works in browsers
// (with and without a bundler), Web Workers"): the README's browser examples run as
// written (js/README.md ```html browser and ```js worker blocks; import maps, module
// workers and WASM in Firefox), served from a project folder whose node_modules/readylens
// is the built pkg/, with backlog.csv = www/samples/mesos-sample.csv (the first 40 Apache
// Mesos issues of the Deep-SE data set, Choetkiertikul et al., IEEE TSE 2018). Checked
// against the same package's analysis in Node. The Chromium counterpart is
// tests/e2e/pkg-element.test.mjs. Screenshots: /tmp/readylens-shots/firefox-pkg-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../e2e/dashboard-server.mjs';
import { ROOT, launchFirefox } from './harness.mjs';

const PKG = path.join(ROOT, 'pkg');
const SAMPLE = fs.readFileSync(path.join(ROOT, 'www/samples/mesos-sample.csv'), 'utf8');
const README = fs.readFileSync(path.join(ROOT, 'js/README.md'), 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';

/** The fenced code blocks of the README: `{lang, tag, attrs, code}`. */
function codeBlocks(md) {
  const blocks = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [lang = '', tag = '', ...rest] = open[1].trim().split(/\s+/);
    const attrs = Object.fromEntries(rest.map((kv) => kv.split('=')));
    const body = [];
    for (i += 1; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({ lang, tag, attrs, code: `${body.join('\n')}\n` });
  }
  return blocks;
}

const BLOCKS = codeBlocks(README);
const IMPORT_MAP = /<script type="importmap">[\s\S]*?<\/script>/.exec(BLOCKS.find((b) => b.tag === 'browser')?.code ?? '')?.[0];

let site;
let server;
let ff;
let expected;

function writePage(name, code) {
  const html = code.includes('type="importmap"') ? code : `${IMPORT_MAP}\n${code}`;
  fs.writeFileSync(path.join(site, name), `<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>${name}</title>\n<body>\n${html}\n</body>\n</html>\n`);
}

before(async () => {
  for (const f of ['index.js', 'report-element.js', 'readylens.js', 'readylens_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(PKG, f)), `pkg/${f} is missing: build the package first (bash scripts/build.sh && node scripts/build-pkg.mjs)`);
  }
  assert.ok(IMPORT_MAP, 'the README\'s first browser example has an import map');
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-ff-pkg-'));
  fs.mkdirSync(path.join(site, 'node_modules'));
  fs.symlinkSync(PKG, path.join(site, 'node_modules', 'readylens'), 'dir');
  fs.writeFileSync(path.join(site, 'backlog.csv'), SAMPLE);
  for (const b of BLOCKS) {
    if (b.tag === 'browser') writePage(`${b.attrs.id}.html`, b.code);
    else if (b.tag === 'worker') fs.writeFileSync(path.join(site, b.attrs.file), b.code);
  }
  const rl = await import(pathToFileURL(path.join(PKG, 'index.js')).href);
  await rl.init();
  const issues = rl.parse(SAMPLE).issues;
  expected = { issues, report: rl.analyze(issues) };
  server = await serve(site);
  ff = await launchFirefox();
});

after(async () => {
  await ff?.close();
  await server?.close();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

async function open(name) {
  const page = await ff.newPage();
  await page.goto(`${server.url}${name}`);
  return page;
}

/** Wait for the element to render (or fail) and read its table. */
async function readTable(page) {
  await page.waitFor(() => ['ready', 'error'].includes(document.querySelector('readylens-report')?.getAttribute('state') ?? ''), [], { timeout: 60000, what: '<readylens-report> rendered' });
  return page.evaluate(() => {
    const el = document.querySelector('readylens-report');
    const root = el.shadowRoot;
    return {
      state: el.getAttribute('state'),
      status: root.querySelector('.status')?.textContent ?? '',
      rows: [...root.querySelectorAll('tbody tr')].map((tr) => ({
        key: tr.querySelector('td.key').textContent,
        title: tr.querySelector('td.title').textContent,
        verdict: tr.querySelector('td.verdict').dataset.verdict ?? '',
        score: tr.querySelector('td.score').textContent,
      })),
      headers: [...root.querySelectorAll('thead th')].map((th) => th.getAttribute('aria-sort')),
      headline: [...root.querySelectorAll('.headline li')].map((li) => li.textContent),
      images: root.querySelectorAll('img, script, iframe').length,
    };
  });
}

const external = (page) => page.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'));

test('Firefox, no bundler: the README page shows one row per issue with analyze()\'s verdicts; a header click sorts', async () => {
  const page = await open('no-bundler.html');
  let t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, expected.issues.length);
  const byKey = new Map(expected.report.issues.map((r) => [r.key, r]));
  for (const r of t.rows) {
    const rep = byKey.get(r.key);
    assert.ok(rep, r.key);
    assert.deepEqual({ title: r.title, verdict: r.verdict, score: r.score }, { title: rep.title, verdict: rep.readiness.verdict, score: String(rep.readiness.score) }, r.key);
  }
  assert.equal(t.headline[1], `${Math.round(expected.report.backlog.readiness_rate * 1000) / 10}%ready`);
  await page.screenshot('firefox-pkg-element.png');
  await page.click(['readylens-report', 'thead button[data-column="score"]']);
  await page.waitFor(() => document.querySelector('readylens-report').shadowRoot.querySelector('th[aria-sort="descending"] button[data-column="score"]'), [], { what: 'sorted by score' });
  t = await readTable(page);
  const scores = t.rows.map((r) => Number(r.score));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'score sorts descending first');
  assert.equal(t.headers.filter((s) => s !== 'none').length, 1, 'aria-sort on one header');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(external(page), []);
  await page.close();
});

test('Firefox: hostile issue text stays text in the element; only an http(s) URL becomes a link', async () => {
  const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/remote/hostile_github.json'), 'utf8'));
  const made = { ...fixture[0], number: 901, title: HOSTILE, body: `<script>alert(2)</script> ${HOSTILE}`, html_url: 'javascript:alert(3)', url: 'javascript:alert(3)' };
  fs.writeFileSync(path.join(site, 'hostile.json'), JSON.stringify([...fixture, made]));
  writePage('hostile.html', `<readylens-report></readylens-report>
<script type="module">
  import { init, parse } from 'readylens';
  import 'readylens/report-element';
  await init();
  document.querySelector('readylens-report').issues = parse(await (await fetch('hostile.json')).text()).issues;
</script>`);
  const page = await open('hostile.html');
  const t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.ok(t.rows.some((r) => r.title === HOSTILE), JSON.stringify(t.rows));
  assert.equal(t.images, 0, 'no element made from issue text');
  const links = await page.evaluate(() => [...document.querySelector('readylens-report').shadowRoot.querySelectorAll('a')].map((a) => a.href));
  assert.deepEqual(links, [fixture[0].html_url]);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.screenshot('firefox-pkg-element-hostile.png', { fullPage: true });
  await page.close();
});

test('Firefox: the README\'s module Worker analyses and the page shows its report', async () => {
  const page = await open('worker.html');
  const t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, expected.issues.length);
  const want = Object.fromEntries(expected.report.issues.map((r) => [r.key, r.readiness.verdict]));
  for (const r of t.rows) assert.equal(r.verdict, want[r.key], r.key);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length), 0, 'the page itself never loaded the .wasm');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(external(page), []);
  await page.close();
});
