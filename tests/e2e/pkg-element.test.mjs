// The npm package in headless Chromium, without a bundler: the README's browser examples
// run as written (js/README.md: ```html browser, ```js bundler and ```js worker blocks),
// served from a project folder whose node_modules/readylens is the built pkg/, with
// backlog.csv = www/samples/mesos-sample.csv (the first 40 Apache Mesos issues of the
// Deep-SE data set, Choetkiertikul et al., IEEE TSE 2018). The ```js bundler examples
// run in a page whose import map stands in for the bundler's module resolution (no
// bundler is installed here).
//
// Checked against the same package's analysis in Node: one table row per issue, the
// verdict cells, sorting by mouse and keyboard with aria-sort, the charts, hostile text
// staying text, a Worker doing the analysis, and no request leaving the local server.
// Screenshots: /tmp/readylens-shots/ (look at them).
//
// Needs pkg/ built (wasm-pack, then node scripts/build-pkg.mjs) and /usr/bin/chromium
// (or CHROME_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './dashboard-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = path.join(ROOT, 'pkg');
const SHOTS = '/tmp/readylens-shots';
const SAMPLE = fs.readFileSync(path.join(ROOT, 'www/samples/mesos-sample.csv'), 'utf8');
const README = fs.readFileSync(path.join(ROOT, 'js/README.md'), 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The fenced code blocks of the README: `{lang, tag, attrs, code}` (as in tests/js/pkg-readme.test.mjs). */
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
let browser;
let expected; // {issues, report} from the package in Node

/** A page of the site; `code` is HTML (with the README's import map added when it has none). */
function writePage(name, code) {
  const html = code.includes('type="importmap"') ? code : `${IMPORT_MAP}\n${code}`;
  fs.writeFileSync(path.join(site, name), `<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n<title>${name}</title>\n<body>\n${html}\n</body>\n</html>\n`);
}

before(async () => {
  for (const f of ['index.js', 'report-element.js', 'lib/report-model.js', 'readylens.js', 'readylens_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(PKG, f)), `pkg/${f} is missing: build the package first (bash scripts/build.sh && node scripts/build-pkg.mjs)`);
  }
  assert.ok(IMPORT_MAP, 'the README\'s first browser example has an import map');
  fs.mkdirSync(SHOTS, { recursive: true });
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-pkg-e2e-'));
  fs.mkdirSync(path.join(site, 'node_modules'));
  fs.symlinkSync(PKG, path.join(site, 'node_modules', 'readylens'), 'dir');
  fs.writeFileSync(path.join(site, 'backlog.csv'), SAMPLE);
  for (const b of BLOCKS) {
    if (b.tag === 'browser') writePage(`${b.attrs.id}.html`, b.code);
    else if (b.tag === 'bundler') writePage(`${b.attrs.id}.html`, `<script type="module">\n${b.code}</script>`);
    else if (b.tag === 'worker') fs.writeFileSync(path.join(site, b.attrs.file), b.code);
  }
  const rl = await import(pathToFileURL(path.join(PKG, 'index.js')).href);
  await rl.init();
  const issues = rl.parse(SAMPLE).issues;
  expected = { issues, report: rl.analyze(issues), rl };
  server = await serve(site);
  browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

/** Open a page of the site; records dialogs, page errors, console errors and requests that leave the server. */
async function open(name, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const log = { dialogs: [], errors: [], external: [], requests: [] };
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  context.on('request', (r) => {
    const u = r.url();
    log.requests.push(u);
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) log.external.push(u);
  });
  await page.goto(`${server.url}${name}`);
  return { context, page, log };
}

/** Wait for a <readylens-report> to render (or fail) and read its table. */
async function readTable(page, selector = 'readylens-report') {
  await page.waitForFunction((sel) => ['ready', 'error'].includes(document.querySelector(sel)?.getAttribute('state') ?? ''), selector);
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const root = el.shadowRoot;
    const rows = [...root.querySelectorAll('tbody tr')].map((tr) => ({
      key: tr.querySelector('td.key').textContent,
      title: tr.querySelector('td.title').textContent,
      verdict: tr.querySelector('td.verdict').dataset.verdict ?? '',
      score: tr.querySelector('td.score').textContent,
      findings: tr.querySelector('td.findings').textContent,
      kpi: tr.querySelector('td.kpi').textContent,
    }));
    const headers = [...root.querySelectorAll('thead th')].map((th) => ({ text: th.querySelector('button').textContent.replace(/[▲▼]/g, '').trim(), sort: th.getAttribute('aria-sort') }));
    return {
      state: el.getAttribute('state'),
      caption: root.querySelector('caption').textContent,
      rows,
      headers,
      status: root.querySelector('.status').textContent,
      charts: [...root.querySelectorAll('figure')].map((f) => ({ id: f.dataset.chart, label: f.querySelector('svg')?.getAttribute('aria-label') ?? '', bars: f.querySelectorAll('rect').length })),
      headline: [...root.querySelectorAll('.headline li')].map((li) => li.textContent),
      images: root.querySelectorAll('img, script, iframe').length,
    };
  }, selector);
}

const verdicts = (report) => Object.fromEntries(report.issues.map((r) => [r.key, r.readiness.verdict]));

test('no bundler: the README page shows one row per issue with the verdicts analyze() gives, charts and headline numbers', async () => {
  const { context, page, log } = await open('no-bundler.html');
  const t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, expected.issues.length);
  assert.deepEqual(new Set(t.rows.map((r) => r.key)), new Set(expected.issues.map((i) => i.key)));
  const want = verdicts(expected.report);
  for (const r of t.rows) assert.equal(r.verdict, want[r.key], r.key);
  for (const r of t.rows) {
    const rep = expected.report.issues.find((x) => x.key === r.key);
    assert.equal(r.title, rep.title);
    assert.equal(r.score, String(rep.readiness.score));
    if (rep.diagnostics.length === 0) assert.equal(r.findings, 'none');
    else assert.ok(rep.diagnostics.some((d) => r.findings.includes(d.message)), `${r.key}: ${r.findings}`);
  }
  assert.match(t.caption, /^Mesos backlog \(40 issues/);
  assert.equal(t.headline[0], `${expected.issues.length}issues`);
  const b = expected.report.backlog;
  assert.equal(t.headline[1], `${Math.round(b.readiness_rate * 1000) / 10}%ready`);
  assert.equal(t.headline[4], `${Math.round(b.health_index * 1000) / 10}%health index`);
  assert.deepEqual(t.charts.map((c) => c.id), ['readiness', 'findings', 'kpi']);
  assert.match(t.charts[0].label, new RegExp(`${b.ready} ready, ${b.almost_ready} almost ready, ${b.not_ready} not ready`));
  assert.equal(t.charts[0].bars, 3);
  const rules = new Set(expected.report.issues.flatMap((r) => r.diagnostics.map((d) => d.rule)));
  assert.equal(t.charts[1].bars, Math.min(8, rules.size));
  assert.deepEqual(t.headers.map((h) => h.text), ['Key', 'Title', 'Type', 'Verdict', 'Score', 'Top findings', 'KPI hint', 'Duplicates']);
  assert.deepEqual(t.headers.map((h) => h.sort), ['ascending', 'none', 'none', 'none', 'none', 'none', 'none', 'none']);
  await page.screenshot({ path: path.join(SHOTS, 'pkg-element.png') });
  await page.screenshot({ path: path.join(SHOTS, 'pkg-element-full.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.external, []);
  assert.deepEqual(log.dialogs, []);
  await context.close();
});

test('sorting: header buttons by mouse and keyboard, aria-sort on one header, rows in order, announced', async () => {
  const { context, page } = await open('no-bundler.html');
  await readTable(page);
  const header = (name) => page.locator('readylens-report').locator(`thead button[data-column="${name}"]`);
  await header('score').click();
  let t = await readTable(page);
  const scores = t.rows.map((r) => Number(r.score));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'score sorts descending first');
  assert.equal(t.headers.find((h) => h.text === 'Score').sort, 'descending');
  assert.equal(t.headers.filter((h) => h.sort !== 'none').length, 1);
  assert.equal(t.status, 'Sorted by Score, descending.');

  // Keyboard: focus the Key header, Enter sorts ascending, Space flips.
  await header('key').focus();
  await page.keyboard.press('Enter');
  t = await readTable(page);
  const num = (k) => Number(k.split('-')[1]);
  assert.deepEqual(t.rows.map((r) => num(r.key)), t.rows.map((r) => num(r.key)).sort((a, b) => a - b), 'natural key order');
  assert.equal(t.headers[0].sort, 'ascending');
  await page.keyboard.press('Space');
  t = await readTable(page);
  assert.deepEqual(t.rows.map((r) => num(r.key)), t.rows.map((r) => num(r.key)).sort((a, b) => b - a));
  assert.equal(t.headers[0].sort, 'descending');
  assert.equal(await page.evaluate(() => document.querySelector('readylens-report').shadowRoot.activeElement?.dataset.column), 'key', 'focus stays on the header');

  // Verdict: ready → almost → not ready.
  await header('verdict').click();
  t = await readTable(page);
  const rank = { ready: 0, 'almost-ready': 1, 'not-ready': 2 };
  const order = t.rows.map((r) => rank[r.verdict]);
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  await context.close();
});

test('hostile text stays text: a title of <img src=x onerror=alert(1)>, a javascript: URL, the hostile GitHub fixture', async () => {
  // tests/fixtures/remote/hostile_github.json: a real GitHub issue shape with markup and
  // control characters in the title and body; plus one issue made hostile here.
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
  const { context, page, log } = await open('hostile.html');
  const t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, 2);
  assert.ok(t.rows.some((r) => r.title === HOSTILE), JSON.stringify(t.rows));
  assert.ok(t.rows.some((r) => r.title === fixture[0].title));
  assert.equal(t.images, 0, 'no element made from issue text');
  const links = await page.evaluate(() => [...document.querySelector('readylens-report').shadowRoot.querySelectorAll('a')].map((a) => a.href));
  assert.deepEqual(links, [fixture[0].html_url], 'only the http(s) URL is a link');
  await page.waitForTimeout(300);
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  await page.screenshot({ path: path.join(SHOTS, 'pkg-element-hostile.png'), fullPage: true });
  await context.close();
});

test('Worker: the README worker analyses, the page shows its report; the .wasm is fetched once, by the worker', async () => {
  const { context, page, log } = await open('worker.html');
  const t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, expected.issues.length);
  const want = verdicts(expected.report);
  for (const r of t.rows) assert.equal(r.verdict, want[r.key], r.key);
  assert.equal(log.requests.filter((u) => u.endsWith('/analysis-worker.js')).length, 1);
  assert.equal(log.requests.filter((u) => u.endsWith('/readylens_bg.wasm')).length, 1);
  assert.equal(await page.evaluate(() => window.performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length), 0, 'the page itself never loaded the .wasm');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.external, []);
  await context.close();
});

test('bundler examples (import map in place of the bundler): a report set directly, and an element analysing with a config, sorted by score', async () => {
  let { context, page, log } = await open('bundler.html');
  let t = await readTable(page);
  assert.equal(t.state, 'ready', t.status);
  assert.equal(t.rows.length, 2);
  const scrum = expected.rl.analyze(
    'As a shopper, I want to save my cart so that I can finish checking out later.\nAs an admin, I want to export the audit log.',
    expected.rl.defaultConfig('scrum'),
  );
  assert.deepEqual(t.rows.map((r) => r.verdict), scrum.issues.map((r) => r.readiness.verdict));
  assert.deepEqual(log.errors, []);
  await context.close();

  ({ context, page, log } = await open('element.html'));
  await page.waitForFunction(() => document.querySelector('readylens-report')?.sort.column === 'score');
  t = await readTable(page);
  assert.equal(t.rows.length, 1);
  assert.match(t.caption, /^Sprint 12 candidates/);
  assert.equal(t.headers.find((h) => h.text === 'Score').sort, 'descending');
  const one = expected.rl.analyze('As a shopper, I want a wish list so that I can buy later.', { readiness: { preset: 'scrum' } });
  assert.equal(t.rows[0].verdict, one.issues[0].readiness.verdict);
  assert.deepEqual(log.errors, []);
  await context.close();
});

/** esbuild's JS API: a dev dependency of the repository, or READYLENS_ESBUILD=<the esbuild package folder>. */
async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    const dir = process.env.READYLENS_ESBUILD;
    return dir ? import(pathToFileURL(path.join(dir, 'lib', 'main.js')).href) : null;
  }
}

test('bundled with esbuild: the README bundler examples, bundled for the browser, run with the .wasm copied beside the bundle', async (t) => {
  const esbuild = await loadEsbuild();
  if (!esbuild) {
    t.skip('esbuild is not installed (add it to devDependencies, or set READYLENS_ESBUILD to its package folder)');
    return;
  }
  const out = path.join(site, 'esbuild');
  fs.mkdirSync(out, { recursive: true });
  for (const b of BLOCKS.filter((x) => x.tag === 'bundler')) {
    fs.writeFileSync(path.join(site, `${b.attrs.id}.entry.js`), b.code);
    const r = await esbuild.build({
      entryPoints: [path.join(site, `${b.attrs.id}.entry.js`)],
      outfile: path.join(out, `${b.attrs.id}.js`),
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, logLevel: 'silent',
      nodePaths: [path.join(site, 'node_modules')],
    });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings.map((w) => w.text), [], 'no bundler warning (Node\'s fs is never named for the bundler)');
    const bundle = fs.readFileSync(path.join(out, `${b.attrs.id}.js`), 'utf8');
    assert.ok(!bundle.includes('readylens/'), 'every import is bundled');
    fs.writeFileSync(path.join(out, `${b.attrs.id}.html`), `<!doctype html>\n<html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>${b.attrs.id}</title><body><script type="module" src="${b.attrs.id}.js"></script></body></html>\n`);
  }
  // esbuild keeps new URL('./readylens_bg.wasm', import.meta.url) as is: the file goes beside the bundle.
  fs.copyFileSync(path.join(PKG, 'readylens_bg.wasm'), path.join(out, 'readylens_bg.wasm'));

  let { context, page, log } = await open('esbuild/bundler.html');
  let tb = await readTable(page);
  assert.equal(tb.state, 'ready', tb.status);
  assert.equal(tb.rows.length, 2);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.external, []);
  await context.close();

  ({ context, page, log } = await open('esbuild/element.html'));
  await page.waitForFunction(() => document.querySelector('readylens-report')?.sort.column === 'score');
  tb = await readTable(page);
  assert.equal(tb.rows.length, 1);
  assert.match(tb.caption, /^Sprint 12 candidates/);
  assert.ok(!log.requests.some((u) => u.includes('/node_modules/')), 'nothing is loaded from node_modules: all is in the bundle');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('in a browser, a call before init() throws a clear Error; bad issues show the core\'s message in the element and the next set works', async () => {
  writePage('errors.html', `<readylens-report page-size="5"></readylens-report>
<script type="module">
  import { init, parse } from 'readylens';
  import 'readylens/report-element';
  try { parse('As a user, I want x'); window.early = 'no error'; } catch (e) { window.early = e instanceof Error ? e.message : 'not an Error'; }
  await init();
  window.parseIssues = (t) => parse(t).issues;
</script>`);
  const { context, page } = await open('errors.html');
  await page.waitForFunction(() => typeof window.parseIssues === 'function');
  assert.match(await page.evaluate(() => window.early), /parse\(\) was called before the WebAssembly module was loaded; call `await init\(\)` once first/);
  await page.evaluate(() => { document.querySelector('readylens-report').issues = [{ key: 'X-1' }]; });
  let t = await readTable(page);
  assert.equal(t.state, 'error');
  assert.match(t.status, /readylens: issues: at `\[0\]`/);
  await page.evaluate((text) => { document.querySelector('readylens-report').issues = window.parseIssues(text); }, SAMPLE);
  await page.waitForFunction(() => document.querySelector('readylens-report').getAttribute('state') === 'ready');
  t = await readTable(page);
  assert.equal(t.rows.length, 5, 'page-size rows first');
  const more = page.locator('readylens-report').locator('button.more');
  assert.match(await more.textContent(), /^Show 5 more of 35$/);
  await more.click();
  t = await readTable(page);
  assert.equal(t.rows.length, 10);
  await context.close();
});

test('defineReportElement() under another name; a new config re-analyses the issues', async () => {
  // www/samples/mesos-rice.csv: Mesos issues with status, priority and (made-up) RICE columns.
  fs.copyFileSync(path.join(ROOT, 'www/samples/mesos-rice.csv'), path.join(site, 'rice.csv'));
  writePage('define.html', `<team-backlog></team-backlog>
<script type="module">
  import { init, parse } from 'readylens';
  import { defineReportElement, ReadylensReportElement } from 'readylens/report-element';
  const cls = defineReportElement('team-backlog');
  window.same = defineReportElement('team-backlog') === cls && cls.prototype instanceof ReadylensReportElement;
  await init();
  document.querySelector('team-backlog').issues = parse(await (await fetch('rice.csv')).text()).issues;
</script>`);
  const { context, page, log } = await open('define.html');
  let t = await readTable(page, 'team-backlog');
  assert.equal(t.state, 'ready', t.status);
  assert.equal(await page.evaluate(() => window.same), true);
  const rice = expected.rl.parse(fs.readFileSync(path.join(ROOT, 'www/samples/mesos-rice.csv'), 'utf8')).issues;
  assert.equal(t.rows.length, rice.length);
  const count = (rows, v) => rows.filter((r) => r.verdict === v).length;
  assert.equal(count(t.rows, 'not-ready'), expected.rl.analyze(rice).backlog.not_ready);
  await page.evaluate(() => {
    const el = document.querySelector('team-backlog');
    el.removeAttribute('state');
    el.config = { readiness: { preset: 'strict' } };
  });
  t = await readTable(page, 'team-backlog');
  const strict = expected.rl.analyze(rice, { readiness: { preset: 'strict' } });
  assert.equal(count(t.rows, 'not-ready'), strict.backlog.not_ready);
  for (const r of t.rows) assert.equal(r.verdict, strict.issues.find((x) => x.key === r.key).readiness.verdict, r.key);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a report set on the element before the element is defined is shown once it is', async () => {
  writePage('early.html', `<readylens-report></readylens-report>
<script type="module">
  import { init, parse, analyze } from 'readylens';
  await init();
  const el = document.querySelector('readylens-report');
  el.report = analyze(parse(await (await fetch('backlog.csv')).text()).issues);
  window.definedBefore = Boolean(customElements.get('readylens-report'));
  await import('readylens/report-element');
</script>`);
  const { context, page, log } = await open('early.html');
  const t = await readTable(page);
  assert.equal(await page.evaluate(() => window.definedBefore), false);
  assert.equal(t.state, 'ready');
  assert.equal(t.rows.length, expected.issues.length);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('dark colour scheme: the element follows the page preference (screenshot)', async () => {
  const { context, page } = await open('no-bundler.html', { colorScheme: 'dark' });
  await readTable(page);
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('readylens-report')).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  await page.screenshot({ path: path.join(SHOTS, 'pkg-element-dark.png') });
  await context.close();
});

test('every piece of text in the element has at least 4.5:1 contrast with what is behind it, light and dark (WCAG AA)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open('no-bundler.html', { colorScheme });
    await readTable(page);
    const low = await page.evaluate(() => {
      const rgba = (c) => {
        const m = /rgba?\(([^)]+)\)/.exec(c);
        if (!m) return null;
        const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
        return { r, g, b, a };
      };
      const lum = ({ r, g, b }) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const behind = (el) => {
        for (let e = el; e; e = e.parentElement ?? (e.getRootNode() instanceof ShadowRoot ? e.getRootNode().host : null)) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c && c.a > 0.5) return c;
        }
        return { r: 255, g: 255, b: 255, a: 1 };
      };
      const root = document.querySelector('readylens-report').shadowRoot;
      const out = [];
      for (const el of root.querySelectorAll('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        if (!own || el.closest('style') || el.localName === 'title') continue; // SVG <title> is a tooltip
        const style = getComputedStyle(el);
        const fg = rgba(el instanceof SVGElement ? style.fill : style.color);
        const bg = behind(el instanceof SVGElement ? el.closest('figure') : el);
        const r = ratio(fg, bg);
        if (r < 4.5) out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${el.textContent.trim().slice(0, 30)}": ${r.toFixed(2)}`);
      }
      return [...new Set(out)];
    });
    assert.deepEqual(low, [], `${colorScheme}: text below 4.5:1`);
    await context.close();
  }
});

test('every browser, bundler and worker example of the README is opened by a test above', () => {
  const ids = BLOCKS.filter((b) => b.tag === 'browser' || b.tag === 'bundler').map((b) => b.attrs.id).sort();
  assert.deepEqual(ids, ['bundler', 'element', 'no-bundler', 'worker'], 'a new browser example needs a test here');
  assert.deepEqual(BLOCKS.filter((b) => b.tag === 'worker').map((b) => b.attrs.file), ['analysis-worker.js']);
});
