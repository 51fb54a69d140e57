// End-to-end test of the grooming dashboard in headless Chromium: the built dashboard
// (dist/www, from `node scripts/build-web.mjs`) served on 127.0.0.1, the real WASM core.
// Expected numbers are computed by running the same WASM package in Node, so the test
// checks that the page shows what the analysis says, whatever the rules currently find.
//
// Screenshots go to dist/e2e-screenshots/ (light and dark) for a person to look at.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, TODAY_CONFIG } from './dashboard-server.mjs';


const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = process.env.DASHBOARD_DIR ?? path.join(ROOT, 'dist/www');
const SHOTS = path.join(ROOT, 'dist/e2e-screenshots');
const SAMPLE = fs.readFileSync(path.join(ROOT, 'www/samples/g03-loudoun.txt'), 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let server;
let browser;
let expected;

/** The analysis of `text` by the same WASM package the page loads. */
async function analyseInNode(text) {
  const mod = await import(pathToFileURL(path.join(WWW, 'pkg/readylens.js')).href);
  await mod.default({ module_or_path: fs.readFileSync(path.join(WWW, 'pkg/readylens_bg.wasm')) });
  const imported = mod.parseIssues(text, undefined, 'input');
  return { imported, report: mod.analyze(imported.issues, TODAY_CONFIG) };
}

before(async () => {
  for (const f of ['index.html', 'js/dashboard-app.js', 'pkg/readylens.js', 'pkg/readylens_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `${path.join(WWW, f)} is missing: run \`node scripts/build-web.mjs\` after the wasm-pack build`);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  expected = await analyseInNode(SAMPLE);
  server = await serve(WWW);
  browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A fresh page that records dialogs, page errors and every request that leaves the
 * local server.
 * @param {{colorScheme?: 'light' | 'dark'}} [opts]
 */
async function openDashboard(opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: opts.colorScheme ?? 'light', acceptDownloads: true });
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
  return { context, page, log };
}

/** @param {import('playwright-core').Page} page */
async function metric(page, id) {
  return (await page.textContent(`[data-metric="${id}"] .metric-value`))?.trim();
}

const pct = (x) => `${Math.round(x * 1000) / 10}%`;

test('the sample backlog loads and the page shows the WASM analysis', async () => {
  const { context, page, log } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const b = expected.report.backlog;
  assert.equal(b.issues, 58, 'the sample has 58 stories');
  assert.equal(await metric(page, 'issues'), String(b.issues));
  assert.equal(await metric(page, 'ready'), String(b.ready));
  assert.equal(await metric(page, 'almost-ready'), String(b.almost_ready));
  assert.equal(await metric(page, 'not-ready'), String(b.not_ready));
  assert.equal(await metric(page, 'readiness-rate'), pct(b.readiness_rate));
  assert.equal(await metric(page, 'kpi-coverage'), pct(b.kpi_coverage));
  assert.equal(await metric(page, 'findings'), `${b.errors} / ${b.warnings} / ${b.infos}`);
  assert.equal(await metric(page, 'duplicates'), String(b.with_duplicates));
  if (Number.isFinite(b.health_index)) assert.equal(await metric(page, 'health'), pct(b.health_index));
  // "Next up" is the core's closest-to-ready list.
  if (Array.isArray(b.closest_to_ready)) {
    const next = await page.$$eval('#next-up li button strong', (ss) => ss.map((s) => s.textContent));
    assert.deepEqual(next, b.closest_to_ready);
  }
  assert.match(await page.textContent('#status-text'), /Analysed 58 issues/);

  // Table: 50 rows on the first page, in key order, each with the core's verdict and score.
  const rows = await page.$$eval('#issue-table tbody tr[data-key]', (trs) => trs.map((tr) => ({
    key: tr.getAttribute('data-key'), verdict: tr.getAttribute('data-verdict'),
    title: tr.querySelector('td.title')?.textContent, score: tr.querySelector('td.num')?.textContent,
  })));
  assert.equal(rows.length, 50);
  const byKey = new Map(expected.report.issues.map((r) => [r.key, r]));
  assert.deepEqual(rows.slice(0, 3).map((r) => r.key), ['1', '2', '3']);
  for (const r of rows) {
    const e = byKey.get(r.key);
    assert.ok(e, `row ${r.key} is in the analysis`);
    assert.equal(r.verdict, e.readiness.verdict);
    assert.equal(r.title, e.title);
    assert.equal(r.score, String(e.readiness.score));
  }
  assert.equal(await page.textContent('#table-count'), '58 issues');

  // Charts are inline SVG built from the same numbers.
  const verdictBars = await page.$$eval('#chart-readiness svg .bar title', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(verdictBars, [
    `Ready: ${b.ready} issues (show them)`, `Almost ready: ${b.almost_ready} issues (show them)`, `Not ready: ${b.not_ready} issues (show them)`,
  ]);
  const ruleCounts = new Map();
  for (const r of expected.report.issues) for (const d of r.diagnostics) ruleCounts.set(d.rule, (ruleCounts.get(d.rule) ?? 0) + 1);
  const ruleBars = await page.$$('#chart-rules svg .bar');
  assert.equal(ruleBars.length, Math.min(15, ruleCounts.size));

  await page.screenshot({ path: path.join(SHOTS, 'dashboard-sample-light.png'), fullPage: true });
  assert.deepEqual(log.external, [], 'no request leaves the local server');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('headers sort by mouse and keyboard, filters narrow the table', async () => {
  const { context, page } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const sortedBy = (col, dir, firstKey) => page.waitForFunction(([c, d, k]) =>
    document.querySelector(`th[data-col="${c}"]`)?.getAttribute('aria-sort') === d
    && document.querySelector('#issue-table tbody tr')?.getAttribute('data-key') === k, [col, dir, firstKey]);
  await page.click('th[data-col="key"] button');
  await sortedBy('key', 'descending', '58');
  await page.focus('th[data-col="key"] button');
  await page.keyboard.press('Enter');
  await sortedBy('key', 'ascending', '1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the Title header
  await page.waitForFunction(() => document.querySelector('th[data-col="title"]')?.getAttribute('aria-sort') === 'ascending');
  const titles = await page.$$eval('#issue-table tbody td.title', (tds) => tds.map((t) => t.textContent));
  const sorted = [...titles].sort(new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare);
  assert.deepEqual(titles, sorted);

  // Text filter: the real story "As an Applicant, I want to Pay Fee, …" is line 7.
  await page.fill('#f-text', 'pay fee');
  await page.waitForFunction(() => document.querySelectorAll('#issue-table tbody tr[data-key]').length === 1);
  assert.equal(await page.getAttribute('#issue-table tbody tr', 'data-key'), '7');
  assert.equal(await page.textContent('#table-count'), '1 of 58 issues match');
  await page.click('#filters button[type="reset"]');
  await page.waitForFunction(() => document.querySelector('#table-count')?.textContent === '58 issues');
  // Verdict filter agrees with the analysis.
  const ready = expected.report.issues.filter((r) => r.readiness.verdict === 'ready').length;
  await page.selectOption('#f-verdict', 'ready');
  await page.waitForFunction((n) => document.querySelector('#table-count')?.textContent === (n === 58 ? '58 issues' : `${n} of 58 issues match`), ready);
  // The label facet holds the sample's #G03# tag.
  assert.deepEqual(await page.$$eval('#f-label option', (os) => os.map((o) => o.value)), ['', 'G03']);
  // A bar of "findings by rule" is a keyboard button that filters the table by its rule.
  await page.click('#filters button[type="reset"]');
  const bars = await page.$$('#chart-rules svg g.clickable');
  if (bars.length) {
    await bars[0].focus();
    await page.keyboard.press('Enter');
    const rule = await page.inputValue('#f-rule');
    const n = expected.report.issues.filter((r) => r.diagnostics.some((d) => d.rule === rule)).length;
    await page.waitForFunction((k) => document.querySelector('#table-count')?.textContent === (k === 58 ? '58 issues' : `${k} of 58 issues match`), n);
    assert.equal(await page.getAttribute('#chart-rules svg', 'role'), 'group');
  }
  await context.close();
});

test('the detail drawer shows findings and marks their spans in the field text', async (t) => {
  const { context, page } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  // Prefer an issue with a spanned finding, else one with any finding, else the first.
  const issues = expected.report.issues;
  const target = issues.find((r) => r.diagnostics.some((d) => d.span && d.field === 'title'))
    ?? issues.find((r) => r.diagnostics.length) ?? issues[0];
  await page.fill('#f-text', target.title.slice(0, 60));
  await page.waitForSelector(`#issue-table tbody tr[data-key="${target.key}"]`);
  await page.click(`#issue-table tbody tr[data-key="${target.key}"] td.key button`);
  await page.waitForSelector('#drawer[open]');
  assert.equal(await page.textContent('#drawer-title'), `${target.key}: ${target.title}`);
  assert.equal(await page.$$eval('#drawer li.finding', (l) => l.length), target.diagnostics.length);
  assert.equal(await page.textContent('#drawer .field-title'), target.title, 'the title is shown whole, marks included');
  const spanned = target.diagnostics.map((d, i) => ({ d, i })).filter(({ d }) => d.span && d.field === 'title');
  for (const { d, i } of spanned) {
    const marked = await page.$$eval('#drawer .field-title mark', (ms, idx) => ms
      .filter((m) => (m.getAttribute('data-marks') ?? '').split(' ').includes(`f${idx}`))
      .map((m) => m.textContent).join(''), i);
    assert.equal(marked, target.title.slice(d.span.start, d.span.end), `span of ${d.rule}`);
  }
  if (!spanned.length) t.diagnostic('no finding with a title span in the sample analysis: span marking not exercised');
  else {
    // "Show in text" emphasises exactly that finding's marks.
    const { i } = spanned[0];
    await page.click(`#drawer li.finding[data-index="${i}"] button:text("Show in text")`);
    const current = await page.$$eval('#drawer mark.current', (ms) => ms.map((m) => m.textContent).join(''));
    assert.equal(current, target.title.slice(spanned[0].d.span.start, spanned[0].d.span.end));
  }
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-drawer.png') });
  await page.keyboard.press('Escape');
  // Walking through the table page from the drawer: buttons and Alt+arrows.
  await page.click('#filters button[type="reset"]');
  await page.waitForFunction(() => document.querySelector('#table-count')?.textContent === '58 issues');
  await page.click('#issue-table tbody tr[data-key="1"] td.title');
  await page.waitForFunction(() => document.getElementById('drawer-title')?.textContent?.startsWith('1: '));
  assert.ok(await page.isDisabled('#drawer-prev'));
  await page.click('#drawer-next');
  await page.waitForFunction(() => document.getElementById('drawer-title')?.textContent?.startsWith('2: '));
  await page.keyboard.press('Alt+ArrowRight');
  await page.waitForFunction(() => document.getElementById('drawer-title')?.textContent?.startsWith('3: '));
  await page.keyboard.press('Alt+ArrowLeft');
  await page.waitForFunction(() => document.getElementById('drawer-title')?.textContent?.startsWith('2: '));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !(/** @type {HTMLDialogElement} */ (document.getElementById('drawer'))).open);
  await context.close();
});

test('hostile pasted text is shown as text, never run as HTML', async () => {
  const { context, page, log } = await openDashboard({ colorScheme: 'dark' });
  // A hostile title, a real story (line 20 of the sample), hostile text inside a story,
  // and (made up) a story with an accent and an emoji before its KPI evidence ("stay
  // available", "under load"), whose offsets differ between UTF-8 and UTF-16.
  const lines = [HOSTILE, SAMPLE.split('\n')[19], `As a user, I want ${HOSTILE} so that "quotes" & <b>tags</b> stay text.`,
    'As a café owner 🚀, I want the portal to stay available under load so that customers can always pay online.'];
  await page.click('#paste-box summary');
  await page.fill('#paste-input', lines.join('\n'));
  await page.click('#analyse-paste');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  assert.equal(await page.$$eval('#issue-table tbody tr[data-key]', (l) => l.length), 4);
  const titles = await page.$$eval('#issue-table tbody td.title', (tds) => tds.map((t) => t.textContent));
  assert.equal(titles[0], HOSTILE);
  assert.equal(titles[2], lines[2]);
  assert.equal(await page.$$eval('#issue-table img, #issue-table b', (l) => l.length), 0);
  await page.click('#issue-table tbody tr[data-key="1"] td.key button');
  await page.waitForSelector('#drawer[open]');
  assert.equal(await page.textContent('#drawer-title'), `1: ${HOSTILE}`);
  assert.equal(await page.textContent('#drawer .field-title'), HOSTILE);
  assert.equal(await page.$$eval('#drawer img, #next-up img, #print-report img', (l) => l.length), 0);
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-hostile-dark.png') });
  await page.keyboard.press('Escape');
  // Non-ASCII text: every mark covers exactly the words its finding or KPI evidence names.
  const { report: emojiReport } = await analyseInNode(lines[3]);
  const evidence = emojiReport.issues[0].kpis.flatMap((k) => k.evidence ?? []).filter((e) => e.field === 'title');
  assert.ok(evidence.length > 0, 'the KPI linker finds evidence in the story (update the story if the catalogue changed)');
  await page.click('#issue-table tbody tr[data-key="4"] td.key button');
  await page.waitForSelector('#drawer[open]');
  const kpiMarks = await page.$$eval('#drawer .field-title mark.kpi', (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(kpiMarks, evidence.map((e) => e.text));
  await page.keyboard.press('Escape');
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-pasted-dark.png'), fullPage: true });
  assert.deepEqual(log.dialogs, [], 'no script ran');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('exports: CSV, JSON and Markdown match the analysis', async () => {
  const { context, page } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const grab = async (kind) => {
    await page.click('#export-menu summary');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
    return { name: dl.suggestedFilename(), text: fs.readFileSync(await dl.path(), 'utf8') };
  };
  const json = await grab('json');
  assert.equal(json.name, 'g03-loudoun-readylens.json');
  const doc = JSON.parse(json.text);
  assert.deepEqual(doc.report, expected.report, 'the JSON export is the core report unchanged');
  assert.equal(doc.format, 'text');

  const csv = await grab('issues-csv');
  const lines = csv.text.trimEnd().split('\r\n');
  assert.equal(lines.length, 59, 'a header and one line per issue');
  assert.match(lines[0], /^key,title,type,tracker,verdict,score,/);
  assert.ok(lines[1].startsWith(`1,"${expected.report.issues[0].title}",story,text,${expected.report.issues[0].readiness.verdict},`));

  const md = await grab('markdown');
  assert.match(md.name, /^g03-loudoun-grooming-report\.md$/);
  assert.match(md.text, /^# Backlog grooming report/);
  assert.match(md.text, /\| issues \| 58 \|/);
  assert.ok(md.text.includes(`| ready | ${expected.report.backlog.ready} |`));
  await context.close();
});

test('settings: invalid configuration is refused with its path, valid is stored', async () => {
  const { context, page } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  await page.click('#open-settings');
  await page.waitForSelector('#settings[open]');
  assert.deepEqual(JSON.parse(await page.inputValue('#config-text')).version, 1);
  await page.fill('#config-text', '{"version": 1, "no_such_section": {}}');
  await page.click('#config-apply');
  await page.waitForFunction(() => /no_such_section/.test(document.querySelector('#config-status')?.textContent ?? ''));
  await page.fill('#config-text', '{"version": 1,');
  await page.click('#config-apply');
  await page.waitForFunction(() => /not valid JSON/.test(document.querySelector('#config-status')?.textContent ?? ''));
  await page.fill('#config-text', '{"version": 1}');
  await page.click('#config-apply');
  await page.waitForFunction(() => !(/** @type {HTMLDialogElement} */ (document.getElementById('settings'))).open);
  await page.waitForFunction(() => /Analysed 58 issues/.test(document.querySelector('#status-text')?.textContent ?? ''));
  const stored = await page.evaluate(() => localStorage.getItem('readylens.dashboard.settings'));
  assert.deepEqual(JSON.parse(stored ?? 'null'), { version: 1, config: { version: 1 } });
  // A stored configuration the core rejects (e.g. written by a newer readylens) is
  // reported with a way out, not silently ignored.
  await page.evaluate(() => localStorage.setItem('readylens.dashboard.settings', JSON.stringify({ version: 1, config: { version: 1, no_such_section: {} } })));
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#load-sample');
  await page.waitForFunction(() => /no_such_section.*Open Settings/.test(document.getElementById('status-text')?.textContent ?? ''));
  await context.close();
});

test('drag and drop loads a file', async () => {
  const { context, page } = await openDashboard();
  const text = SAMPLE.split('\n').slice(0, 5).join('\n');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], 'dropped-stories.txt', { type: 'text/plain' }));
    return d;
  }, text);
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: dt });
  assert.ok(await page.$eval('#drop-zone', (z) => z.classList.contains('dragging')), 'the drop zone shows it accepts the drop');
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dt });
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  assert.match(await page.textContent('#status-text'), /Analysed 5 issues from dropped-stories\.txt \(text\)/);
  assert.equal(await page.$$eval('#issue-table tbody tr[data-key]', (l) => l.length), 5);
  await context.close();
});

test('pasting on the page (outside a field) loads the clipboard', async () => {
  const { context, page } = await openDashboard();
  const text = SAMPLE.split('\n').slice(10, 13).join('\n');
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  assert.match(await page.textContent('#status-text'), /Analysed 3 issues from pasted text \(text\)/);
  assert.equal(await page.inputValue('#paste-input'), text);
  await context.close();
});

test('a page of the same origin can hand over normalised issues; other origins are ignored', async () => {
  const { context, page } = await openDashboard();
  // Normalised issues as the extension holds them (real Mesos text; see the file's _source).
  const fixture = path.join(ROOT, 'tests/fixtures/priority/backlog.json');
  const issues = fs.existsSync(fixture)
    ? JSON.parse(fs.readFileSync(fixture, 'utf8'))
    : (await analyseInNode(SAMPLE)).imported.issues.slice(0, 5);
  await page.evaluate((list) => {
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'readylens/load', issues: list.slice(0, 1), source: 'evil' }, origin: 'https://evil.example' }));
  }, issues);
  await page.waitForTimeout(300);
  assert.ok(await page.isHidden('#results'), 'a message from another origin is ignored');
  await page.evaluate((list) => window.postMessage({ type: 'readylens/load', issues: list, source: 'board MESOS' }, location.origin), issues);
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  assert.match(await page.textContent('#status-text'), new RegExp(`Analysed ${issues.length} issues from board MESOS \\(issues\\)`));
  const keys = await page.$$eval('#issue-table tbody tr[data-key]', (trs) => trs.map((tr) => tr.getAttribute('data-key')));
  assert.deepEqual(keys.sort(), issues.map((i) => i.key).sort());
  await context.close();
});

test('the Jira sample draws value vs effort for the chosen framework', async () => {
  const { context, page } = await openDashboard();
  await page.click('[data-sample="mesos"]');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const text = fs.readFileSync(path.join(ROOT, 'www/samples/mesos-rice.csv'), 'utf8');
  const { imported, report } = await analyseInNode(text);
  assert.equal(imported.format, 'jira-csv');
  const { buildRows } = await import('../../www/js/report-model.js');
  const { valueEffortPoints, priorityFrameworks } = await import('../../www/js/backlog-insights.js');
  const rows = buildRows(imported.issues, report);
  const frameworks = priorityFrameworks(rows);
  assert.ok(frameworks.includes('rice'), 'the RICE custom fields are scored');
  assert.deepEqual(await page.$$eval('#framework-select option', (os) => os.map((o) => o.value)), frameworks);
  assert.equal(await page.inputValue('#framework-select'), report.issues[0].priority.primary, 'the primary framework is shown first');
  const dots = async () => page.$$eval('#chart-priority svg circle.dot title', (ts) => ts.map((t) => t.textContent));
  const rice = valueEffortPoints(rows, 'rice');
  assert.equal((await dots()).length, rice.length);
  assert.ok((await dots()).some((d) => d.startsWith(`${rice[0].key}: `)));
  await page.selectOption('#framework-select', 'value-effort');
  const ve = valueEffortPoints(rows, 'value-effort');
  await page.waitForFunction((n) => document.querySelectorAll('#chart-priority svg circle.dot').length === n, ve.length);
  // Filters for this export: the made-up statuses and labels are offered.
  const statuses = [...new Set(imported.issues.map((i) => i.status?.name).filter(Boolean))].sort();
  assert.deepEqual((await page.$$eval('#f-status option', (os) => os.map((o) => o.value))).slice(1).sort(), statuses);
  await page.screenshot({ path: path.join(SHOTS, 'dashboard-jira-sample.png'), fullPage: true });
  await context.close();
});

test('suggestions copy to the clipboard; the printable report holds the analysis', async () => {
  const { context, page } = await openDashboard();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const withSuggestion = expected.report.issues.find((r) => r.diagnostics.some((d) => d.suggestion));
  if (withSuggestion) {
    const d = withSuggestion.diagnostics.find((x) => x.suggestion);
    await page.fill('#f-text', withSuggestion.title.slice(0, 50));
    await page.waitForSelector(`#issue-table tbody tr[data-key="${withSuggestion.key}"]`);
    await page.click(`#issue-table tbody tr[data-key="${withSuggestion.key}"] td.key button`);
    await page.waitForSelector('#drawer[open]');
    await page.click('#drawer .suggestion button.copy');
    await page.waitForFunction(() => document.querySelector('#drawer .suggestion button.copy')?.textContent === 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), d.suggestion);
    await page.click('#copy-note');
    await page.waitForFunction(() => document.getElementById('copy-note')?.textContent === 'Copied');
    const note = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(note.startsWith(`${withSuggestion.key}: ${withSuggestion.title}\n`), note);
    assert.ok(note.includes(`(suggested: "${d.suggestion}")`));
    await page.keyboard.press('Escape');
  }
  // Printable report: built from the analysis, the only thing visible in print.
  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await page.click('#export-menu summary');
  await page.click('[data-export="print"]');
  await page.waitForSelector('body[data-printed="yes"]');
  const notReady = expected.report.issues.filter((r) => r.readiness.verdict !== 'ready').length;
  if (notReady) assert.match(await page.textContent('#print-report'), new RegExp(`Issues to groom \\(${notReady}\\)`));
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('#print-report'));
  assert.ok(await page.isHidden('#results'));
  assert.ok(await page.isHidden('#loader'));
  await page.pdf({ path: path.join(SHOTS, 'dashboard-report.pdf') });
  await context.close();
});

test('every form control has an accessible name, settings export the stored JSON', async () => {
  const { context, page } = await openDashboard();
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  const unnamed = await page.$$eval('input, select, textarea, button', (els) => els
    .filter((el) => {
      const e = /** @type {HTMLInputElement} */ (el);
      const named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent?.trim());
      return !named;
    })
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await page.click('#open-settings');
  await page.fill('#config-text', '{"version": 1, "duplicates": {"top": 3, "threshold": 0.6}}');
  await page.click('#config-apply');
  await page.waitForFunction(() => !(/** @type {HTMLDialogElement} */ (document.getElementById('settings'))).open);
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  await page.click('#open-settings');
  assert.deepEqual(JSON.parse(await page.inputValue('#config-text')), { version: 1, duplicates: { top: 3, threshold: 0.6 } });
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#config-export')]);
  assert.equal(dl.suggestedFilename(), 'readylens.config.json');
  assert.deepEqual(JSON.parse(fs.readFileSync(await dl.path(), 'utf8')), { version: 1, duplicates: { top: 3, threshold: 0.6 } });
  // The stored settings survive a reload.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#open-settings');
  assert.deepEqual(JSON.parse(await page.inputValue('#config-text')), { version: 1, duplicates: { top: 3, threshold: 0.6 } });
  await context.close();
});

test('bad input is reported, a long run can be cancelled, and the page recovers', async () => {
  const { context, page, log } = await openDashboard();
  await page.click('#paste-box summary');
  await page.fill('#paste-input', '{"not": "a tracker export"}');
  await page.click('#analyse-paste');
  await page.waitForFunction(() => /^Could not analyse pasted text: /.test(document.getElementById('status-text')?.textContent ?? ''));
  assert.ok(await page.isHidden('#results'));
  assert.ok(await page.isDisabled('[data-export="json"]'));
  // 100 copies of the sample take seconds to analyse: cancel while the worker is busy.
  const big = Array.from({ length: 100 }, (_, i) => SAMPLE.replace(/\n/g, ` (${i})\n`)).join('');
  await page.$eval('#paste-input', (ta, t) => { /** @type {HTMLTextAreaElement} */ (ta).value = t; }, big);
  await page.click('#analyse-paste');
  await page.waitForFunction(() => /^Analysing/.test(document.getElementById('status-text')?.textContent ?? ''));
  await page.click('#cancel');
  await page.waitForFunction(() => document.getElementById('status-text')?.textContent === 'Cancelled.');
  assert.ok(await page.isHidden('#cancel'));
  // A fresh worker takes the next load.
  await page.click('#load-sample');
  await page.waitForSelector('body[data-rendered]', { timeout: 60000 });
  assert.equal(await metric(page, 'issues'), '58');
  assert.deepEqual(log.errors, []);
  await context.close();
});
