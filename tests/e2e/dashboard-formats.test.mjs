// The dashboard loads every tracker export format through the file picker and shows
// what the WASM core makes of it. Inputs are the importer fixtures in
// tests/fixtures/import/ (real issue text in the trackers' real shapes; sources in the
// README there); expected values come from the same WASM package run in Node.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, TODAY_CONFIG } from './dashboard-server.mjs';
import { docText } from '../../www/js/report-model.js';


const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const FIXTURES = path.join(ROOT, 'tests/fixtures/import');
const SHOTS = path.join(ROOT, 'dist/e2e-screenshots');
const FILES = [
  ['jira_export.csv', 'jira-csv'],
  ['jira_v3_search_jql.json', 'jira-json'],
  ['linear_export.csv', 'linear-csv'],
  ['linear_issues.json', 'linear-json'],
  ['github_issues.json', 'github-json'],
  ['ado_workitems.json', 'ado-json'],
  ['gitlab_export.csv', 'gitlab-csv'],
  ['gitlab_issues.json', 'gitlab-json'],
];

let server;
let browser;
let core;

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg/readylens_bg.wasm')), 'run `node scripts/build-web.mjs` first');
  core = await import(pathToFileURL(path.join(WWW, 'pkg/readylens.js')).href);
  await core.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg/readylens_bg.wasm')) });
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await serve(WWW);
  browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('every export format loads through the file picker and matches the core', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(60000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  for (const [file, format] of FILES) {
    const full = path.join(FIXTURES, file);
    if (!fs.existsSync(full)) {
      t.diagnostic(`${file} is missing; skipped`);
      continue;
    }
    const text = fs.readFileSync(full, 'utf8');
    const imported = core.parseIssues(text, undefined, file);
    const report = core.analyze(imported.issues, TODAY_CONFIG);
    assert.equal(imported.format, format, `${file} is detected as ${format}`);
    await page.evaluate(() => { delete document.body.dataset.rendered; });
    await page.setInputFiles('#file-input', { name: file, mimeType: file.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
    assert.match(await page.textContent('#status-text'), new RegExp(`Analysed ${report.issues.length} issues from ${file.replace('.', '\\.')} \\(${format}\\)`));
    const keys = await page.$$eval('#issue-table tbody tr[data-key]', (trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.getAttribute('data-verdict')]));
    const expected = report.issues
      .map((r) => [r.key, r.readiness.verdict])
      .sort((a, b) => new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare(a[0], b[0]));
    assert.deepEqual(keys, expected, `${file}: table rows`);
    // Rows the importer could not read are listed, not lost silently.
    const problems = await page.$$eval('#problem-list li', (lis) => lis.length);
    assert.equal(problems, imported.problems.length, `${file}: problems listed`);
    assert.equal(await page.isHidden('#problems'), imported.problems.length === 0);
    // The filters offer the labels, assignees and statuses of the export.
    const labels = [...new Set(imported.issues.flatMap((i) => i.labels ?? []))].sort();
    const offered = (await page.$$eval('#f-label option', (os) => os.map((o) => o.value))).slice(1).sort();
    assert.deepEqual(offered, labels, `${file}: label filter`);
    const assignees = [...new Set(imported.issues.map((i) => i.assignee).filter(Boolean))].sort();
    assert.deepEqual((await page.$$eval('#f-assignee option', (os) => os.map((o) => o.value))).slice(1).sort(), assignees, `${file}: assignee filter`);
    // The drawer shows each field exactly as the core renders it (spans index into that
    // text): checked for every issue, across ADF, wiki markup, HTML and Markdown.
    let drawers = 0;
    for (const issue of imported.issues) {
      if (!issue.description?.blocks?.length && !issue.acceptance_criteria?.blocks?.length) continue;
      await page.click(`#issue-table tbody tr[data-key="${issue.key}"] td.key button`);
      await page.waitForFunction((k) => document.getElementById('drawer-title')?.textContent?.startsWith(`${k}: `) && document.getElementById('drawer')?.hasAttribute('open'), issue.key);
      if (issue.description?.blocks?.length) assert.equal(await page.textContent('#drawer .field-description'), docText(issue.description), `${file} ${issue.key} description`);
      if (issue.acceptance_criteria?.blocks?.length) assert.equal(await page.textContent('#drawer .field-acceptance-criteria'), docText(issue.acceptance_criteria), `${file} ${issue.key} criteria`);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.getElementById('drawer')?.hasAttribute('open'));
      drawers += 1;
    }
    t.diagnostic(`${file}: ${report.issues.length} issues, ${imported.problems.length} problems, ${labels.length} labels, ${drawers} drawers checked`);
  }
  // Open an issue with a description and acceptance criteria (Jira v3, ADF) and check the
  // drawer shows both texts in full.
  const text = fs.readFileSync(path.join(FIXTURES, 'ado_workitems.json'), 'utf8');
  const imported = core.parseIssues(text, undefined, 'ado');
  const withAc = imported.issues.find((i) => i.acceptance_criteria?.blocks?.length && i.description?.blocks?.length);
  if (withAc) {
    await page.evaluate(() => { delete document.body.dataset.rendered; });
    await page.setInputFiles('#file-input', { name: 'ado_workitems.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
    await page.click(`#issue-table tbody tr[data-key="${withAc.key}"] td.key button`);
    await page.waitForSelector('#drawer[open] .field-acceptance-criteria');
    const ac = await page.textContent('#drawer .field-acceptance-criteria');
    assert.ok(ac && ac.length > 0);
    assert.ok(withAc.acceptance_criteria.blocks.every((b) => !b.text || ac.includes(b.text)), 'every criterion is shown');
    // Spans into the description and criteria (UTF-16, from the core) mark exactly the
    // text the finding is about: the page renders the field text as the core does.
    const diags = core.analyze(imported.issues, TODAY_CONFIG).issues.find((r) => r.key === withAc.key).diagnostics;
    const fieldText = { description: docText(withAc.description), 'acceptance-criteria': docText(withAc.acceptance_criteria) };
    assert.equal(await page.textContent('#drawer .field-description'), fieldText.description);
    let checked = 0;
    for (const [i, d] of diags.entries()) {
      if (!d.span || !(d.field in fieldText)) continue;
      const marked = await page.$$eval(`#drawer .field-${d.field} mark`, (ms, id) => ms
        .filter((m) => (m.getAttribute('data-marks') ?? '').split(' ').includes(id)).map((m) => m.textContent).join(''), `f${i}`);
      assert.equal(marked, fieldText[d.field].slice(d.span.start, d.span.end), `${d.rule} span`);
      checked += 1;
    }
    t.diagnostic(`${checked} description/criteria spans checked in the drawer`);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-ado-drawer.png') });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('field texts rebuilt in JS match the core: every KPI evidence span finds its words', async (t) => {
  // KPI evidence carries the text its span covers, computed by the core on its own
  // rendering of the field (Doc::text); the dashboard's docText must give the same string.
  const { fieldTexts } = await import('../../www/js/report-model.js');
  const { resolveSpan } = await import('../../www/js/span-segments.js');
  const inputs = [
    ...FILES.map(([f]) => path.join(FIXTURES, f)),
    path.join(ROOT, 'www/samples/mesos-rice.csv'),
    path.join(ROOT, 'www/samples/g03-loudoun.txt'),
  ].filter((f) => fs.existsSync(f));
  let checked = 0;
  let converted = 0;
  for (const file of inputs) {
    const imported = core.parseIssues(fs.readFileSync(file, 'utf8'), undefined, path.basename(file));
    const report = core.analyze(imported.issues, TODAY_CONFIG);
    report.issues.forEach((r, i) => {
      const texts = fieldTexts(imported.issues[i]);
      for (const k of r.kpis ?? []) {
        for (const e of k.evidence ?? []) {
          if (!e?.span || !(e.field in texts) || typeof e.text !== 'string') continue;
          const span = resolveSpan(texts[e.field], e.span, e.text);
          assert.ok(span, `${path.basename(file)} ${r.key} ${e.field}: "${e.text}" at ${e.span.start}–${e.span.end}`);
          if (span.start !== e.span.start) converted += 1;
          checked += 1;
        }
      }
    });
  }
  t.diagnostic(`${checked} KPI evidence spans found their words (${converted} needed byte→UTF-16 conversion)`);
  assert.ok(checked > 20, 'the inputs exercise KPI evidence');
});
