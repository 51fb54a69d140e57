// End-to-end: the options page. The configuration is validated by the core (the error
// names the bad path), saved settings change what the badges say, and export / import
// share everything but the API tokens.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTracker } from './fake-tracker.mjs';
import { SCREENSHOTS, analysedIssues, badges, defaultConfig, launchWithExtension, loadCore, waitForVerdicts } from './harness.mjs';
import { settle } from './extension-settle.mjs';
import { formatScore } from '../../extension/report-view.js';

let browser;
let server;
let optionsUrl;

before(async () => {
  server = await startFakeTracker();
  browser = await launchWithExtension();
  optionsUrl = `chrome-extension://${new URL(browser.worker.url()).host}/extension/options.html`;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const stored = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('readylens')).readylens ?? null);

test('unsaved edits in the JSON editor survive a re-render of the page', async () => {
  // A paused site to resume: resuming re-renders the page from storage (as the first
  // render does, which can finish after the user, or a test, has started typing).
  await browser.worker.evaluate(async () => {
    const cur = (await chrome.storage.local.get('readylens')).readylens ?? { version: 1, config: { version: 1 } };
    await chrome.storage.local.set({ readylens: { ...cur, disabledSites: ['https://paused.example'] } });
  });
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.waitForSelector('#disabled li button');
  const draft = '{"version": 1, "readiness": {"preset": "strict"}}';
  await page.fill('#config', draft);
  await page.click('#disabled li button');
  await page.waitForFunction(() => document.querySelectorAll('#disabled li').length === 0);
  assert.equal(await page.inputValue('#config'), draft, 'the unsaved edit is kept');
  assert.equal(await page.inputValue('#preset'), 'strict');
  await browser.worker.evaluate(async () => chrome.storage.local.clear());
  await page.close();
});

test('a configuration the core rejects is not saved, and the message names the path', async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.fill('#config', '{"version": 1, "duplicates": {"top": "five"}}');
  await page.click('#save-config');
  await page.waitForFunction(() => document.getElementById('config-status').textContent.length > 0);
  const status = await page.textContent('#config-status');
  assert.match(status, /duplicates\.top/);
  assert.equal(await page.getAttribute('#config-status', 'class'), 'error');
  assert.equal(await stored(), null, 'nothing saved');
  await page.fill('#config', '{ not json');
  await page.click('#save-config');
  await page.waitForFunction(() => /Not JSON/.test(document.getElementById('config-status').textContent));
  await page.screenshot({ path: join(SCREENSHOTS, 'options-error.png') });
  await page.close();
});

test('a saved configuration changes the verdicts on the page (acceptance criteria check off)', async () => {
  const list = await browser.context.newPage();
  await list.goto(`${server.origin}/jira/issues/`);
  await waitForVerdicts(list, 7);
  await settle(browser, list);
  const before = new Map((await badges(list)).map((b) => [b.key, b]));
  await list.close();

  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  const config = { version: 1, readiness: { checks: { 'ready/acceptance-criteria': 'off', 'ready/estimate': 'off' } } };
  await page.fill('#config', JSON.stringify(config));
  await page.click('#save-config');
  await page.waitForFunction(() => /Saved/.test(document.getElementById('config-status').textContent));
  assert.deepEqual((await stored()).config, config);
  await page.close();

  const again = await browser.context.newPage();
  await again.goto(`${server.origin}/jira/issues/`);
  await waitForVerdicts(again, 7);
  await settle(browser, again);
  const after = new Map((await badges(again)).map((b) => [b.key, b]));
  // SEC-1 fails exactly these two checks with the default configuration.
  assert.equal(before.get('SEC-1').verdict, 'not-ready', JSON.stringify(before.get('SEC-1')));
  assert.equal(after.get('SEC-1').verdict, 'ready', JSON.stringify(after.get('SEC-1')));
  await again.close();
});

test('export leaves the tokens out; import keeps the local tokens and validates first', async () => {
  await browser.worker.evaluate(async () => {
    const cur = (await chrome.storage.local.get('readylens')).readylens ?? { version: 1, config: { version: 1 } };
    await chrome.storage.local.set({ readylens: { ...cur, tokens: { github: 'ghp_secret_token' }, disabledSites: ['https://paused.example'] } });
  });
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(!text.includes('ghp_secret_token'));
  const exported = JSON.parse(text);
  assert.deepEqual(exported.disabledSites, ['https://paused.example']);

  const dir = mkdtempSync(join(tmpdir(), 'rl-import-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ version: 1, config: { version: 1, nonsense: true } }));
  await page.setInputFiles('#import', bad);
  await page.waitForFunction(() => document.getElementById('config-status').className === 'error');
  assert.match(await page.textContent('#config-status'), /nonsense/);

  const good = join(dir, 'team.json');
  writeFileSync(good, JSON.stringify({ ...exported, config: { version: 1, readiness: { preset: 'minimal' } }, disabledSites: [] }));
  await page.setInputFiles('#import', good);
  await page.waitForFunction(() => /Imported/.test(document.getElementById('config-status').textContent));
  const s = await stored();
  assert.deepEqual(s.config, { version: 1, readiness: { preset: 'minimal' } });
  assert.deepEqual(s.disabledSites, []);
  assert.equal(s.tokens.github, 'ghp_secret_token', 'tokens stay local');
  assert.deepEqual(JSON.parse(await page.inputValue('#config')), { version: 1, readiness: { preset: 'minimal' } });
  await page.screenshot({ path: join(SCREENSHOTS, 'options.png'), fullPage: true });
  await page.close();
});

test('the preset and framework controls edit the JSON document and follow it', async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.fill('#config', JSON.stringify({ version: 1, readiness: { checks: { 'ready/estimate': 'off' } } }));
  await page.dispatchEvent('#config', 'input');
  await page.selectOption('#preset', 'strict');
  await page.selectOption('#framework', 'wsjf');
  assert.deepEqual(JSON.parse(await page.inputValue('#config')), {
    version: 1, readiness: { checks: { 'ready/estimate': 'off' }, preset: 'strict' }, priority: { primary: 'wsjf' },
  });
  await page.selectOption('#framework', '');
  assert.deepEqual(JSON.parse(await page.inputValue('#config')).priority, undefined);
  await page.fill('#config', '{"version": 1, "readiness": {"preset": "safe"}}');
  await page.dispatchEvent('#config', 'input');
  assert.equal(await page.inputValue('#preset'), 'safe');
  await page.close();
});

test('with a primary priority framework configured, badges carry its score', async () => {
  const config = { version: 1, priority: { primary: 'value-effort' } };
  await browser.worker.evaluate(async (c) => chrome.storage.local.set({ readylens: { version: 1, config: c } }), config);
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/jira/issues/`);
    await waitForVerdicts(page, 7);
    await settle(browser, page);
    const core = await loadCore();
    // Analyse exactly what the extension analysed, with the same configuration.
    const issues = [...(await analysedIssues(browser, page)).values()];
    const effective = { ...config, readiness: defaultConfig().readiness };
    const exp = new Map(core.analyze(issues, effective).issues.map((r) => [r.key, r]));
    const got = await badges(page);
    let scored = 0;
    for (const b of got) {
      const s = exp.get(b.key).priority.primary_score;
      assert.equal(b.score, s === undefined || s === null ? null : formatScore(s), `score of ${b.key}`);
      if (b.score !== null) scored++;
    }
    assert.ok(scored > 0, 'value/effort scores at least one fixture issue (priority + estimate)');
    await page.screenshot({ path: join(SCREENSHOTS, 'jira-dc-list-scores.png') });
    await page.close();
  } finally {
    await browser.worker.evaluate(() => chrome.storage.local.remove('readylens'));
  }
});
