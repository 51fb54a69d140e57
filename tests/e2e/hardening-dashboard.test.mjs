// The grooming dashboard with a hostile tracker export: a GitHub issue list whose titles,
// bodies (Markdown links with `javascript:` URLs, raw HTML, CSS that would hide the
// page, a payload inside KPI evidence) and labels are hostile. Nothing may execute or
// render as markup in the table, the filters or the drawer, and no request may leave
// the local server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, TODAY_CONFIG } from './dashboard-server.mjs';


const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const P = {
  img: '<img src=x onerror="window.__readylensPwned=1">',
  script: '<script>window.__readylensPwned=2</script>',
  css: '</style><style>*{display:none !important}</style>',
  svg: '<svg onload="window.__readylensPwned=3">',
};

// Story text from www/samples/g03-loudoun.txt (Dalpiaz, CC BY 4.0) with payloads added;
// "Guided onboarding tour for first-time users" is a KPI catalogue example
// (src/kpi/catalog.rs), so the payload beside it lands in KPI evidence.
const ISSUES = [
  {
    title: `${P.img} As a Staff member, I want to Record an Internal Note, so that I can share information with other Staff collaborating on the record.`,
    body: `Guided onboarding tour for first-time users ${P.script}\n\n[open the record](javascript:window.__readylensPwned=4) and ${P.css}\n\n## Acceptance criteria\n- [ ] ${P.svg} the note is saved`,
    labels: [{ name: P.img }, { name: 'javascript:alert(1)' }],
  },
  {
    title: 'As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties.',
    body: `<a href="javascript:window.__readylensPwned=5">click</a> <iframe src="javascript:window.__readylensPwned=6"></iframe>`,
    labels: [{ name: `${P.css}` }],
  },
].map((i, n) => ({ html_url: `https://github.com/loudoun/permits/issues/${n + 1}`, number: n + 1, state: 'open', ...i }));

let server;
let browser;

before(async () => {
  for (const f of ['index.html', 'pkg/readylens_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `${path.join(WWW, f)} is missing: run \`node scripts/build-web.mjs\``);
  }
  server = await serve(WWW);
  browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a hostile GitHub export stays text in the table, filters and drawer', async () => {
  const mod = await import(pathToFileURL(path.join(WWW, 'pkg/readylens.js')).href);
  await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg/readylens_bg.wasm')) });
  const text = JSON.stringify(ISSUES);
  const imported = mod.parseIssues(text, undefined, 'hostile.json');
  const report = mod.analyze(imported.issues, TODAY_CONFIG);
  assert.ok(report.issues[0].kpis.length > 0, 'the payload sits in KPI evidence (update the text if the catalogue changed)');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const log = { dialogs: [], errors: [], external: [] };
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => log.errors.push(e.message));
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) log.external.push(u);
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.setInputFiles('#file-input', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const labels = await page.$$eval('#f-label option', (os) => os.map((o) => o.value));
  assert.ok(labels.includes(P.img), 'the hostile label is offered as text');
  for (const issue of imported.issues) {
    await page.click(`#issue-table tbody tr[data-key="${issue.key}"] td.key button`);
    await page.waitForSelector('#drawer[open]');
    await page.waitForTimeout(200);
    const inert = await page.evaluate(() => {
      const scope = [...document.querySelectorAll('main, #drawer, dialog, #issue-table')];
      const all = (sel) => scope.flatMap((r) => [...r.querySelectorAll(sel)]);
      return {
        flag: window.__readylensPwned ?? null,
        elements: all('img, script, iframe, object, embed, svg:not([data-chart] svg, [class*="chart"] svg, svg[role="img"])').filter((e) => !e.closest('[data-chart], .chart, .charts')).map((e) => e.outerHTML.slice(0, 80)),
        onAttrs: all('*').flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
        styles: [...document.querySelectorAll('style')].filter((s) => s.textContent.includes('display:none !important')).length,
        jsLinks: all('a, iframe').map((a) => a.getAttribute('href') ?? a.getAttribute('src') ?? '').filter((h) => /^\s*javascript:/i.test(h)),
        shown: getComputedStyle(document.body).display !== 'none' && getComputedStyle(document.getElementById('drawer')).display !== 'none',
        drawerText: document.getElementById('drawer')?.textContent ?? '',
      };
    });
    assert.deepEqual(
      { flag: inert.flag, elements: inert.elements, onAttrs: inert.onAttrs, styles: inert.styles, jsLinks: inert.jsLinks, shown: inert.shown },
      { flag: null, elements: [], onAttrs: [], styles: 0, jsLinks: [], shown: true },
      `issue ${issue.key}`,
    );
    assert.ok(inert.drawerText.includes(issue.title), 'the title is shown as text');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('drawer')?.hasAttribute('open'));
  }
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.external, [], 'no request leaves the local server');
  await context.close();
});
