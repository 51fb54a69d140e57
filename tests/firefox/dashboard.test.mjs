// The grooming dashboard in headless Firefox (issue 9: "works in Chromium and
// Firefox"): the built dashboard (dist/www, from `node scripts/build-web.mjs`) served on
// 127.0.0.1, its Web Worker and the real WASM core. Expected numbers come from the same
// WASM package run in Node. Screenshots: /tmp/readylens-shots/firefox-dashboard-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../e2e/dashboard-server.mjs';
import { ROOT, launchFirefox } from './harness.mjs';

const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const SAMPLE = fs.readFileSync(path.join(ROOT, 'www/samples/g03-loudoun.txt'), 'utf8');

let server;
let ff;
let mod;
let expected;

before(async () => {
  for (const f of ['index.html', 'js/dashboard-app.js', 'pkg/readylens.js', 'pkg/readylens_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `${path.join(WWW, f)} is missing: run \`node scripts/build-web.mjs\` after the wasm-pack build`);
  }
  mod = await import(pathToFileURL(path.join(WWW, 'pkg/readylens.js')).href);
  await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg/readylens_bg.wasm')) });
  const imported = mod.parseIssues(SAMPLE, undefined, 'input');
  expected = { imported, report: mod.analyze(imported.issues, undefined) };
  server = await serve(WWW);
  ff = await launchFirefox();
});

after(async () => {
  await ff?.close();
  await server?.close();
});

/** A new tab on the dashboard, ready for input. */
async function openDashboard() {
  const page = await ff.newPage();
  await page.goto(server.url);
  await page.waitFor(() => document.body.dataset.ready === 'true', [], { timeout: 60000, what: 'the dashboard to be ready' });
  return page;
}

/** Requests of the page that left the local server. */
const external = (page) => page.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'));

const metric = (page, id) => page.evaluate((m) => document.querySelector(`[data-metric="${m}"] .metric-value`)?.textContent.trim() ?? null, id);
const pct = (x) => `${Math.round(x * 1000) / 10}%`;

test('Firefox: the bundled sample loads and the page shows the WASM analysis (headline numbers, table, charts)', async () => {
  const page = await openDashboard();
  await page.click('#load-sample');
  await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 60000, what: 'the sample to be analysed' });
  const b = expected.report.backlog;
  assert.equal(b.issues, 58, 'the sample has 58 stories');
  assert.equal(await metric(page, 'readiness-rate'), pct(b.readiness_rate), 'headline readiness rate');
  assert.equal(await metric(page, 'issues'), String(b.issues));
  assert.equal(await metric(page, 'ready'), String(b.ready));
  assert.equal(await metric(page, 'almost-ready'), String(b.almost_ready));
  assert.equal(await metric(page, 'not-ready'), String(b.not_ready));
  assert.equal(await metric(page, 'kpi-coverage'), pct(b.kpi_coverage));
  assert.equal(await metric(page, 'findings'), `${b.errors} / ${b.warnings} / ${b.infos}`);
  if (Number.isFinite(b.health_index)) assert.equal(await metric(page, 'health'), pct(b.health_index));
  assert.match(await page.evaluate(() => document.querySelector('#status-text').textContent), /Analysed 58 issues/);

  // The table: 50 rows on the first page, in key order, each with the core's verdict,
  // title and readiness score.
  const rows = await page.evaluate(() => [...document.querySelectorAll('#issue-table tbody tr[data-key]')].map((tr) => ({
    key: tr.getAttribute('data-key'),
    verdict: tr.getAttribute('data-verdict'),
    title: tr.querySelector('td.title')?.textContent,
    score: tr.querySelector('td.num')?.textContent,
  })));
  assert.equal(rows.length, 50);
  assert.deepEqual(rows.slice(0, 3).map((r) => r.key), ['1', '2', '3']);
  const byKey = new Map(expected.report.issues.map((r) => [r.key, r]));
  for (const r of rows) {
    const e = byKey.get(r.key);
    assert.ok(e, `row ${r.key} is in the analysis`);
    assert.deepEqual({ verdict: r.verdict, title: r.title, score: r.score }, { verdict: e.readiness.verdict, title: e.title, score: String(e.readiness.score) }, `row ${r.key}`);
  }
  assert.equal(await page.evaluate(() => document.querySelector('#table-count').textContent), '58 issues');

  // Inline SVG charts from the same numbers.
  const verdictBars = await page.evaluate(() => [...document.querySelectorAll('#chart-readiness svg .bar title')].map((t) => t.textContent));
  assert.deepEqual(verdictBars, [
    `Ready: ${b.ready} issues (show them)`, `Almost ready: ${b.almost_ready} issues (show them)`, `Not ready: ${b.not_ready} issues (show them)`,
  ]);
  const rules = new Set(expected.report.issues.flatMap((r) => r.diagnostics.map((d) => d.rule)));
  assert.equal(await page.evaluate(() => document.querySelectorAll('#chart-rules svg .bar').length), Math.min(15, rules.size));
  await page.screenshot('firefox-dashboard-sample.png');
  const shot = await page.screenshot('firefox-dashboard-sample-full.png', { fullPage: true });
  assert.ok(fs.statSync(shot).size > 10000, 'a real screenshot');
  assert.deepEqual(external(page), [], 'no request leaves the local server');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.dialogs, []);
  await page.close();
});

test('Firefox: a header sorts on click, the text filter narrows, the drawer opens on click and closes on Escape', async () => {
  const page = await openDashboard();
  await page.click('#load-sample');
  await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 60000 });
  await page.click('th[data-col="key"] button');
  await page.waitFor(() => document.querySelector('th[data-col="key"]')?.getAttribute('aria-sort') === 'descending'
    && document.querySelector('#issue-table tbody tr')?.getAttribute('data-key') === '58', [], { what: 'keys sorted descending' });

  // The issue with the most findings: its drawer lists each of them.
  const target = [...expected.report.issues].sort((a, b) => b.diagnostics.length - a.diagnostics.length)[0];
  await page.click('#f-text');
  for (const ch of target.title.slice(0, 40)) await page.press(ch);
  await page.waitFor((k) => {
    const keys = [...document.querySelectorAll('#issue-table tbody tr[data-key]')].map((tr) => tr.getAttribute('data-key'));
    return keys.includes(k) && keys.length < 58;
  }, [target.key], { what: 'the typed filter narrows the table' });
  await page.click(`#issue-table tbody tr[data-key="${target.key}"] td.key button`);
  await page.waitFor(() => document.getElementById('drawer')?.hasAttribute('open'), [], { what: 'the drawer opens' });
  const drawer = await page.evaluate(() => ({
    title: document.querySelector('#drawer-title').textContent,
    findings: document.querySelectorAll('#drawer li.finding').length,
    field: document.querySelector('#drawer .field-title')?.textContent ?? null,
  }));
  assert.deepEqual(drawer, { title: `${target.key}: ${target.title}`, findings: target.diagnostics.length, field: target.title });
  await page.screenshot('firefox-dashboard-drawer.png');
  await page.press('Escape');
  await page.waitFor(() => !document.getElementById('drawer')?.hasAttribute('open'), [], { what: 'Escape closes the drawer' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Firefox: exports (JSON, issues CSV, Markdown) are downloaded and match the analysis; settings apply, export and survive a reload', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-ff-downloads-'));
  try {
    await ff.allowDownloads(dir);
    const page = await openDashboard();
    await page.click('#load-sample');
    await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 60000 });
    const grab = (kind) => page.download(async () => {
      await page.click('#export-menu summary');
      await page.click(`[data-export="${kind}"]`);
    });
    const json = await grab('json');
    assert.equal(json.name, 'g03-loudoun-readylens.json');
    const doc = JSON.parse(json.text);
    assert.deepEqual(doc.report, expected.report, 'the JSON export is the core report unchanged');

    const csv = await grab('issues-csv');
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines.length, 59, 'a header and one line per issue');
    assert.match(lines[0], /^key,title,type,tracker,verdict,score,/);
    assert.ok(lines[1].startsWith(`1,"${expected.report.issues[0].title}",story,text,${expected.report.issues[0].readiness.verdict},`), lines[1]);

    const md = await grab('markdown');
    assert.equal(md.name, 'g03-loudoun-grooming-report.md');
    assert.match(md.text, /^# Backlog grooming report/);
    assert.ok(md.text.includes(`| ready | ${expected.report.backlog.ready} |`));

    // Settings: a configuration applied in the <dialog> re-analyses, exports as a file
    // and is still there after a reload (localStorage).
    const config = { version: 1, duplicates: { top: 3, threshold: 0.6 } };
    await page.click('#open-settings');
    await page.waitFor(() => document.getElementById('settings').open, [], { what: 'the settings dialog opens' });
    await page.evaluate((text) => {
      const t = document.getElementById('config-text');
      t.value = text;
      t.dispatchEvent(new Event('input', { bubbles: true }));
    }, JSON.stringify(config));
    await page.click('#config-apply');
    await page.waitFor(() => !document.getElementById('settings').open && document.body.hasAttribute('data-rendered'), [], { timeout: 60000, what: 'the configuration applied' });
    await page.click('#open-settings');
    const exported = await page.download(() => page.click('#config-export'));
    assert.equal(exported.name, 'readylens.config.json');
    assert.deepEqual(JSON.parse(exported.text), config);
    await page.reload();
    await page.waitFor(() => document.body.dataset.ready === 'true', [], { timeout: 60000 });
    // Firefox restores form fields on reload: empty the field, then let the dialog fill it.
    await page.evaluate(() => { document.getElementById('config-text').value = ''; });
    await page.click('#open-settings');
    assert.deepEqual(JSON.parse(await page.evaluate(() => document.getElementById('config-text').value)), config, 'the stored settings survive a reload');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Firefox with a dark colour scheme: the dashboard turns dark and keeps its text readable', async () => {
  // prefers-color-scheme is a profile preference in Firefox (0 = dark): a browser of its own.
  const dark = await launchFirefox({ prefs: { 'layout.css.prefers-color-scheme.content-override': 0 } });
  try {
    const page = await dark.newPage();
    await page.goto(server.url);
    await page.waitFor(() => document.body.dataset.ready === 'true', [], { timeout: 60000 });
    await page.click('#load-sample');
    await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 60000 });
    const colours = await page.evaluate(() => {
      const lum = (c) => {
        const [r, g, b] = (/rgba?\(([^)]+)\)/.exec(c)?.[1] ?? '0,0,0').split(',').map((x) => Number(x.trim()) / 255);
        const f = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const bg = getComputedStyle(document.body).backgroundColor;
      const cell = document.querySelector('#issue-table tbody td.title');
      const fg = getComputedStyle(cell).color;
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      return { dark: matchMedia('(prefers-color-scheme: dark)').matches, bgLum: lum(bg), contrast: (hi + 0.05) / (lo + 0.05) };
    });
    assert.equal(colours.dark, true);
    assert.ok(colours.bgLum < 0.1, `a dark page background (${JSON.stringify(colours)})`);
    assert.ok(colours.contrast >= 4.5, `table text contrast ${colours.contrast.toFixed(1)}:1 (WCAG AA)`);
    await page.screenshot('firefox-dashboard-dark.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await dark.close();
  }
});

// A hostile GitHub export: story text from www/samples/g03-loudoun.txt (Dalpiaz, CC BY
// 4.0) with payloads added, as in tests/e2e/hardening-dashboard.test.mjs; "Guided
// onboarding tour for first-time users" is a KPI catalogue example, so the payload
// beside it lands in KPI evidence.
const P = {
  img: '<img src=x onerror="window.__readylensPwned=1">',
  script: '<script>window.__readylensPwned=2</script>',
  css: '</style><style>*{display:none !important}</style>',
  svg: '<svg onload="window.__readylensPwned=3">',
};
const HOSTILE = [
  {
    title: `${P.img} As a Staff member, I want to Record an Internal Note, so that I can share information with other Staff collaborating on the record.`,
    body: `Guided onboarding tour for first-time users ${P.script}\n\n[open the record](javascript:window.__readylensPwned=4) and ${P.css}\n\n## Acceptance criteria\n- [ ] ${P.svg} the note is saved`,
    labels: [{ name: P.img }, { name: 'javascript:alert(1)' }],
  },
  {
    title: 'As a Public User, I want to Search for Information, so that I can obtain publicly available information concerning properties.',
    body: '<a href="javascript:window.__readylensPwned=5">click</a> <iframe src="javascript:window.__readylensPwned=6"></iframe>',
    labels: [{ name: P.css }],
  },
].map((i, n) => ({ html_url: `https://github.com/loudoun/permits/issues/${n + 1}`, number: n + 1, state: 'open', ...i }));

test('Firefox: a hostile GitHub export picked with the file input stays text in the table, filters and drawer', async () => {
  const text = JSON.stringify(HOSTILE);
  const imported = mod.parseIssues(text, undefined, 'hostile.json');
  const report = mod.analyze(imported.issues, undefined);
  assert.ok(report.issues[0].kpis.length > 0, 'the payload sits in KPI evidence (update the text if the catalogue changed)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readylens-ff-hostile-'));
  const file = path.join(dir, 'hostile.json');
  fs.writeFileSync(file, text);
  try {
    const page = await openDashboard();
    await page.setInputFiles('#file-input', [file]);
    await page.waitFor(() => document.body.hasAttribute('data-rendered'), [], { timeout: 60000, what: 'the export to be analysed' });
    const labels = await page.evaluate(() => [...document.querySelectorAll('#f-label option')].map((o) => o.value));
    assert.ok(labels.includes(P.img), 'the hostile label is offered as text');
    for (const issue of imported.issues) {
      await page.click(`#issue-table tbody tr[data-key="${issue.key}"] td.key button`);
      await page.waitFor(() => document.getElementById('drawer')?.hasAttribute('open'), [], { what: 'the drawer opens' });
      await new Promise((r) => setTimeout(r, 200));
      const inert = await page.evaluate(() => {
        const scope = [...document.querySelectorAll('main, #drawer, dialog, #issue-table')];
        const all = (sel) => scope.flatMap((r) => [...r.querySelectorAll(sel)]);
        return {
          flag: window.__readylensPwned ?? null,
          elements: all('img, script, iframe, object, embed, svg').filter((e) => !e.closest('[data-chart], .chart, .charts') && !e.matches('svg[role="img"], svg[role="group"]')).map((e) => e.outerHTML.slice(0, 80)),
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
      if (issue.key === imported.issues[0].key) await page.screenshot('firefox-dashboard-hostile.png');
      await page.press('Escape');
      await page.waitFor(() => !document.getElementById('drawer')?.hasAttribute('open'), [], { what: 'Escape closes the drawer' });
    }
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(external(page), [], 'no request leaves the local server');
    await page.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
