// Shared set-up for the end-to-end tests: build the extension into a temporary folder
// (with http://127.0.0.1/* granted as an extra host, the same path a user's self-hosted
// host takes: the background registers the content script there at run time), launch
// headless Chromium with it, and compute expected results with the real WASM core.

import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from '../../scripts/build-web.mjs';
import { pageBadges, pageVerdictsDone } from '../support/browser-shared.mjs';

export { defaultConfig, loadCore, verdictOf } from '../support/browser-shared.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(ROOT, 'dist', 'e2e-screenshots');
const CHROMIUM = process.env.CHROME_BIN || '/usr/bin/chromium';

/**
 * Build the extension and launch Chromium with it.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, worker: import('playwright-core').Worker, close: () => Promise<void>}>}
 */
export async function launchWithExtension() {
  const tmp = mkdtempSync(join(tmpdir(), 'readylens-e2e-'));
  const { chrome } = build({ out: join(tmp, 'dist'), extraHosts: ['http://127.0.0.1/*'], zips: false, www: false, browsers: ['chrome'] });
  const context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${chrome}`,
      `--load-extension=${chrome}`,
    ],
  });
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20000 });
  // The background registers the content script for granted extra hosts on install.
  const deadline = Date.now() + 15000;
  for (;;) {
    const ids = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id));
    if (ids.includes('readylens-extra-hosts')) break;
    if (Date.now() > deadline) throw new Error('the extra-host content script was never registered');
    await new Promise((r) => setTimeout(r, 200));
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    worker,
    close: async () => {
      await context.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Stop the extension's service worker (what Chrome does after ~30 s idle) and wait until
 * Chromium reports every worker version stopped, so the next message wakes a fresh one
 * (`stopAllWorkers` returns before the worker is gone).
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page any page of the context (for the CDP session)
 */
export async function stopServiceWorkers(context, page) {
  const cdp = await context.newCDPSession(page);
  /** @type {Map<string, string>} running status by worker version */
  const status = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) status.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const stopped = () => status.size > 0 && [...status.values()].every((s) => s === 'stopped');
  for (let n = 0; n < 150 && !stopped(); n++) await page.waitForTimeout(100);
  await cdp.detach();
  if (!stopped()) throw new Error(`the service worker did not stop: ${JSON.stringify([...status])}`);
}

/**
 * Does the core's importer read `format` yet? (Importers are being written alongside
 * the extension; until one exists the extension falls back to the page text.)
 * @param {any} core
 * @param {string} format
 * @param {string} sample
 */
export function importerWorks(core, format, sample) {
  try {
    core.parseIssues(sample, format, 'probe');
    return true;
  } catch {
    return false;
  }
}

/** The badges on the page: [{key, verdict, score, state, label, marked}] (marked: the decorated element's key). */
export const badges = (page) => page.evaluate(pageBadges);

/** Wait until every badge has a verdict (or failed), and at least `min` badges exist. */
export async function waitForVerdicts(page, min, timeout = 30000) {
  await page.waitForFunction(pageVerdictsDone, min, { timeout });
}

/** Open the panel for `key` by clicking its badge; returns the panel's text and findings. */
export async function openPanel(page, key) {
  await page.locator(`readylens-badge[key="${key}"] >> button`).first().click();
  await page.waitForFunction((k) => {
    const p = document.querySelector('readylens-panel');
    return p && !p.hidden && p.getAttribute('key') === k;
  }, key);
  return page.evaluate(() => {
    const root = document.querySelector('readylens-panel').shadowRoot;
    return {
      title: root.querySelector('h2')?.textContent ?? '',
      text: root.textContent,
      findings: [...root.querySelectorAll('ul.findings > li')].map((li) => ({ rule: li.getAttribute('data-rule'), text: li.textContent })),
      checks: [...root.querySelectorAll('ul.checks > li')].map((li) => li.getAttribute('data-check')),
      focused: root.activeElement?.className ?? null,
    };
  });
}

/**
 * The normalised issues the content script of `page` analysed (page-state with detail).
 * @param {{worker: import('playwright-core').Worker}} browser
 * @param {import('playwright-core').Page} page
 */
export async function analysedIssues(browser, page) {
  const state = await browser.worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.tabs.sendMessage(tab.id, { type: 'page-state', detail: true });
  }, page.url());
  return new Map(state.issues.map((i) => [i.key, i]));
}
