// The Firefox package itself: the zip `node scripts/build-web.mjs` writes
// (dist/readylens-firefox.zip, what a user or AMO gets) installs in Firefox without a
// manifest warning, its options page reaches the background's WASM core, and it stays
// off hosts it was not granted. And Firefox's event-page background: suspended when
// idle, woken by the next page's messages with a fresh core.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeTracker } from '../e2e/fake-tracker.mjs';
import { EXTENSION_BASE, EXTENSION_ID, ROOT, addonState, badges, launchFirefox, launchWithExtension, settle, waitForVerdicts } from './harness.mjs';

const DIST = process.env.READYLENS_DIST ?? join(ROOT, 'dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('Firefox: the shipped readylens-firefox.zip installs cleanly, its options page reaches the WASM core, and it stays off 127.0.0.1', async () => {
  const zip = join(DIST, 'readylens-firefox.zip');
  const manifestPath = join(DIST, 'extension-firefox', 'manifest.json');
  assert.ok(existsSync(zip) && existsSync(manifestPath), `${zip} is missing: run \`node scripts/build-web.mjs\` after the wasm-pack build`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  // The Firefox shape (issue 8): background scripts (an event page), a gecko id.
  assert.deepEqual(manifest.background, { scripts: ['extension/background.js'], type: 'module' });
  assert.equal(manifest.browser_specific_settings?.gecko?.id, EXTENSION_ID);
  assert.equal(manifest.minimum_chrome_version, undefined);
  assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] }, 'declares that it collects nothing');
  const server = await startFakeTracker();
  let ff;
  try {
    ff = await launchFirefox({ extensionPages: true });
    assert.equal(await ff.installExtension(zip), EXTENSION_ID);
    const state = await addonState(ff);
    assert.deepEqual({ warnings: state.warnings, errors: state.errors, manifestVersion: state.manifestVersion }, { warnings: [], errors: [], manifestVersion: 3 },
      'Firefox reads the manifest without a warning');
    const dataCollection = JSON.parse(await ff.chromeEval(`JSON.stringify(WebExtensionPolicy.getByID(${JSON.stringify(EXTENSION_ID)}).extension.getDataCollectionPermissions())`));
    assert.deepEqual(dataCollection.required, ['none'], 'Firefox reads "no data collected"');

    const options = await ff.newPage();
    await options.goto(`${EXTENSION_BASE}extension/options.html`);
    const version = await options.evaluate(() => browser.runtime.sendMessage({ type: 'version' }));
    assert.equal(version.ok, true, JSON.stringify(version));
    assert.equal(version.version, manifest.version, 'the core in the zip is the crate version the manifest names');
    assert.ok(version.formats.includes('jira-json'), JSON.stringify(version.formats));
    await options.waitFor((v) => document.body.textContent.includes(`readylens core ${v}`), [version.version], { what: 'the options page shows the core version' });
    // The options page's configuration editor holds the stored (default) configuration.
    const perms = await options.evaluate(() => browser.permissions.getAll());
    assert.ok(!perms.origins.some((o) => o.includes('127.0.0.1')), 'the shipped build asks for no test host');
    assert.deepEqual(await options.evaluate(() => browser.scripting.getRegisteredContentScripts()), [], 'no dynamic content script without a granted host');
    await options.screenshot('firefox-options.png', { fullPage: true });
    assert.deepEqual(options.errors, []);

    // A Jira board on a host the user never granted: nothing is drawn, nothing is asked.
    const from = server.log.length;
    const page = await ff.newPage();
    await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
    await sleep(3000);
    assert.equal(await page.evaluate(() => document.querySelectorAll('readylens-badge, [data-readylens-key], readylens-panel').length), 0);
    assert.deepEqual(server.log.slice(from).map((r) => r.url).filter((u) => u !== '/favicon.ico'), ['/jira/software/c/projects/MESOS/boards/7']);
  } finally {
    await ff?.close();
    await server.close();
  }
});

test('Firefox: a self-hosted site added on the shipped build\'s options page (real click) is granted, and its Jira board is decorated', async () => {
  const zip = join(DIST, 'readylens-firefox.zip');
  assert.ok(existsSync(zip), `${zip} is missing: run \`node scripts/build-web.mjs\``);
  const server = await startFakeTracker();
  let ff;
  try {
    // Firefox asks with a doorhanger the test cannot click; this preference (used by
    // Firefox's own tests) grants optional permissions without it. permissions.request
    // still has to come from a user input handler, which the real click provides.
    ff = await launchFirefox({ extensionPages: true, prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
    await ff.installExtension(zip);
    const options = await ff.newPage();
    await options.goto(`${EXTENSION_BASE}extension/options.html`);
    // Outside a user input handler Firefox refuses the request.
    const scripted = await options.evaluate(() => browser.permissions.request({ origins: ['http://127.0.0.1/*'] }).then(() => 'granted', (e) => String(e.message)));
    assert.match(scripted, /user input handler/);

    await options.click('#host');
    await options.type(server.origin);
    await options.click('#host-form button[type="submit"]');
    await options.waitFor((o) => document.getElementById('hosts-status').textContent.includes(`readylens now runs on ${o}`), [server.origin], { what: 'the host is added' });
    assert.ok((await options.evaluate(() => browser.permissions.getAll())).origins.includes('http://127.0.0.1/*'));
    await options.waitFor(async () => (await browser.scripting.getRegisteredContentScripts()).some((s) => s.id === 'readylens-extra-hosts' && s.matches.includes('http://127.0.0.1/*')), [], {
      what: 'the background registers the content script on the granted host (permissions.onAdded)',
    });
    assert.deepEqual((await options.evaluate(async () => (await browser.storage.local.get('readylens')).readylens)).hosts, [server.origin]);
    await options.screenshot('firefox-options-host-added.png');

    const page = await ff.newPage();
    await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
    await waitForVerdicts(page, 5);
    assert.equal((await badges(page)).filter((b) => b.verdict).length, 5);
    assert.deepEqual([...options.errors, ...page.errors], []);
  } finally {
    await ff?.close();
    await server.close();
  }
});

test('Firefox: the background is an event page: suspended when idle, woken by the next page, which still gets verdicts', async () => {
  const server = await startFakeTracker();
  let browser;
  try {
    // Suspend the idle background after 2 s instead of 30 s.
    browser = await launchWithExtension({ prefs: { 'extensions.background.idle.timeout': 2000 } });
    let page = await browser.ff.newPage();
    await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
    await waitForVerdicts(page, 5);
    await settle(browser.ext, page);
    const first = (await badges(page)).map((b) => [b.key, b.verdict]);
    await page.close();
    await browser.ext.close(); // an open extension page must not be what keeps it alive

    const deadline = Date.now() + 30000;
    let state;
    while ((state = (await addonState(browser.ff)).backgroundState) !== 'stopped') {
      assert.ok(Date.now() < deadline, `the background was never suspended (state ${state})`);
      await sleep(250);
    }
    page = await browser.ff.newPage();
    await page.goto(`${server.origin}/jira/software/c/projects/MESOS/boards/7`);
    await waitForVerdicts(page, 5);
    assert.notEqual((await addonState(browser.ff)).backgroundState, 'stopped', 'the page woke the background');
    const ext = await browser.ff.newPage();
    await ext.goto(`${EXTENSION_BASE}extension/options.html`);
    await settle(ext, page);
    const second = (await badges(page)).map((b) => [b.key, b.verdict]);
    assert.ok(second.every(([, v]) => v), `every badge has a verdict after the wake-up: ${JSON.stringify(second)}`);
    assert.deepEqual(second.sort(), first.sort(), 'the same verdicts from a fresh background and core');
    assert.deepEqual(page.errors, []);
  } finally {
    await browser?.close();
    await server.close();
  }
});
