// Headless Firefox for the end-to-end tests, driven over WebDriver BiDi (Firefox's own
// remote agent on --remote-debugging-port; no geckodriver, no Playwright build of
// Firefox). Each launch gets a fresh profile in a temporary folder; `close()` ends the
// browser (its whole process group) and removes the profile.
//
// Firefox: FIREFOX_BIN, else /usr/bin/firefox-esr (`bash scripts/setup-firefox.sh`).
// A missing Firefox is an error, not a skip: setup installs it.
// Screenshots: /tmp/readylens-shots/firefox-*.png (READYLENS_SHOTS to change).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bidi, openWebSocket } from './bidi.mjs';
import { pageBadges, pageVerdictsDone } from '../support/browser-shared.mjs';

export { defaultConfig, loadCore, verdictOf } from '../support/browser-shared.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';
export const SHOTS = process.env.READYLENS_SHOTS || '/tmp/readylens-shots';
/** The gecko id the build gives the Firefox extension (scripts/build-web.mjs). */
export const EXTENSION_ID = 'readylens@readylens.invalid';
/** Fixed internal UUID of the extension in the test profile, so its pages have a known URL. */
export const EXTENSION_UUID = '5f0c6d2e-8a55-4d4e-9b1c-2f3e4a5b6c7d';
export const EXTENSION_BASE = `moz-extension://${EXTENSION_UUID}/`;

/**
 * Preferences of the test profile: nothing starts on its own (updates, telemetry,
 * experiments, remote settings, safe browsing, captive portal checks), pages are light,
 * and the extension gets a known UUID. Host permissions of an MV3 add-on are granted at
 * install (`extensions.originControls.grantByDefault`, the default since Firefox 127).
 */
const PREFS = {
  'app.normandy.api_url': '',
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.update.disabledForTesting': true,
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.sessionstore.resume_from_crash': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.tabs.warnOnClose': false,
  'browser.topsites.contile.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.originControls.grantByDefault': true,
  'extensions.update.enabled': false,
  'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: EXTENSION_UUID }),
  'layout.css.prefers-color-scheme.content-override': 1,
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'toolkit.startup.max_resumed_crashes': -1,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
};

const KEYS = { Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004', Space: ' ' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fail clearly when Firefox is not installed (setup installs it; the tests never skip). */
export function requireFirefox() {
  if (!existsSync(FIREFOX)) {
    throw new Error(`Firefox is not installed at ${FIREFOX}: run \`bash scripts/setup-firefox.sh\` (or set FIREFOX_BIN)`);
  }
}

/** One browsing context (a tab) with what happened in it. */
export class Page {
  /**
   * @param {Firefox} ff
   * @param {string} context BiDi browsing context id
   */
  constructor(ff, context) {
    this.ff = ff;
    this.context = context;
    /** Uncaught errors of the page (log.entryAdded, type javascript). */
    this.errors = [];
    /** Console messages (level and text). */
    this.console = [];
    /** alert / confirm / prompt dialogs opened by the page (each dismissed). */
    this.dialogs = [];
    /** Every URL the page requested. */
    this.requests = [];
  }

  /**
   * Load `url` and wait for its load event.
   * @param {string} url
   */
  async goto(url) {
    await this.ff.bidi.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
  }

  async reload() {
    await this.ff.bidi.send('browsingContext.reload', { context: this.context, wait: 'complete' });
  }

  /**
   * Run `fn(...args)` in the page (its own realm, not a sandbox) and return its result
   * (through JSON: plain data only).
   * @template T
   * @param {(...a: any[]) => T | Promise<T>} fn
   * @param {...any} args
   * @returns {Promise<T>}
   */
  async evaluate(fn, ...args) {
    const res = await this.ff.bidi.send('script.callFunction', {
      functionDeclaration: `async function (__json) { const __r = await (${fn.toString()})(...JSON.parse(__json)); return __r === undefined ? undefined : JSON.stringify(__r); }`,
      arguments: [{ type: 'string', value: JSON.stringify(args) }],
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (res.type === 'exception') {
      const d = res.exceptionDetails;
      throw new Error(`evaluate: ${d.text}${d.stackTrace?.callFrames?.length ? ` at ${d.stackTrace.callFrames[0].url}:${d.stackTrace.callFrames[0].lineNumber}` : ''}`);
    }
    return res.result.type === 'string' ? JSON.parse(res.result.value) : undefined;
  }

  /**
   * Poll `fn(...args)` in the page until it returns a truthy value (and return it).
   * @param {(...a: any[]) => any} fn
   * @param {any[]} [args]
   * @param {{timeout?: number, interval?: number, what?: string}} [opts]
   */
  async waitFor(fn, args = [], { timeout = 30000, interval = 100, what } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (err) {
        // a navigation in progress destroys the realm: try again
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline) throw new Error(`waitFor ${what ?? fn.toString().slice(0, 160)}: still ${JSON.stringify(last)} after ${timeout} ms`);
      await sleep(interval);
    }
  }

  /**
   * Click the element at `path`: selectors applied in turn, each after the first inside
   * the previous match's open shadow root (e.g. ['readylens-badge[key="X"]', 'button']).
   * A real pointer click at the element's centre (input.performActions).
   * @param {string | string[]} path
   */
  async click(path) {
    const sels = Array.isArray(path) ? path : [path];
    const pt = await this.evaluate((p) => {
      let el = null;
      for (let i = 0; i < p.length; i++) {
        const root = i === 0 ? document : el?.shadowRoot;
        el = root ? root.querySelector(p[i]) : null;
        if (!el) return null;
      }
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2), w: r.width, h: r.height };
    }, sels);
    if (!pt) throw new Error(`click: ${sels.join(' >> ')} not found`);
    if (!pt.w || !pt.h) throw new Error(`click: ${sels.join(' >> ')} has no size`);
    await this.ff.bidi.send('input.performActions', {
      context: this.context,
      actions: [{
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: pt.x, y: pt.y },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      }],
    });
    await this.ff.bidi.send('input.releaseActions', { context: this.context });
  }

  /**
   * Press a key (a character, or Enter, Escape, Tab, Space).
   * @param {string} key
   */
  async press(key) {
    const value = KEYS[key] ?? key;
    await this.ff.bidi.send('input.performActions', {
      context: this.context,
      actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }],
    });
  }

  /**
   * Type `text` into the focused element with real key events, one key per character
   * ("\n" presses Enter).
   * @param {string} text
   */
  async type(text) {
    const chars = [...text];
    for (let i = 0; i < chars.length; i += 200) {
      const actions = chars.slice(i, i + 200).flatMap((c) => {
        const value = c === '\n' ? KEYS.Enter : c;
        return [{ type: 'keyDown', value }, { type: 'keyUp', value }];
      });
      await this.ff.bidi.send('input.performActions', { context: this.context, actions: [{ type: 'key', id: 'keyboard', actions }] });
    }
  }

  /**
   * Save a PNG screenshot to SHOTS/`name` and return its path.
   * @param {string} name file name, e.g. firefox-dashboard.png
   * @param {{fullPage?: boolean}} [opts]
   */
  async screenshot(name, { fullPage = false } = {}) {
    const { data } = await this.ff.bidi.send('browsingContext.captureScreenshot', {
      context: this.context,
      origin: fullPage ? 'document' : 'viewport',
    });
    mkdirSync(SHOTS, { recursive: true });
    const file = join(SHOTS, name);
    writeFileSync(file, Buffer.from(data, 'base64'));
    return file;
  }

  /**
   * Give the file input matching `selector` these files (input.setFiles, as a user
   * picking them in the file dialog).
   * @param {string} selector
   * @param {string[]} files absolute paths
   */
  async setInputFiles(selector, files) {
    const res = await this.ff.bidi.send('script.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
      target: { context: this.context },
      awaitPromise: false,
      resultOwnership: 'none',
    });
    const sharedId = res.result?.sharedId;
    if (!sharedId) throw new Error(`setInputFiles: ${selector} not found`);
    await this.ff.bidi.send('input.setFiles', { context: this.context, element: { sharedId }, files });
  }

  /**
   * Run `action` and wait for the download it starts to finish (allowDownloads first).
   * @param {() => Promise<unknown>} action
   * @param {number} [timeout]
   * @returns {Promise<{name: string, path: string, text: string}>}
   */
  async download(action, timeout = 30000) {
    const bidi = this.ff.bidi;
    let begun = null;
    const done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { cleanup(); reject(new Error(`download: none finished in ${timeout} ms`)); }, timeout);
      const onBegin = (e) => { if (e.context === this.context && !begun) begun = e; };
      const onEnd = (e) => {
        if (e.context !== this.context || !begun || e.navigation !== begun.navigation) return;
        cleanup();
        if (e.status === 'complete' && e.filepath) resolve({ name: begun.suggestedFilename, path: e.filepath });
        else reject(new Error(`download of ${begun.suggestedFilename}: ${e.status}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        bidi.off('browsingContext.downloadWillBegin', onBegin);
        bidi.off('browsingContext.downloadEnd', onEnd);
      };
      bidi.on('browsingContext.downloadWillBegin', onBegin);
      bidi.on('browsingContext.downloadEnd', onEnd);
    });
    await action();
    const got = await done;
    return { ...got, text: readFileSync(got.path, 'utf8') };
  }

  /** The page's current URL. */
  async url() {
    return this.evaluate(() => location.href);
  }

  async close() {
    this.ff.pages.delete(this.context);
    await this.ff.bidi.send('browsingContext.close', { context: this.context }).catch(() => {});
  }
}

/** A running headless Firefox with one BiDi session. */
export class Firefox {
  /**
   * @param {import('node:child_process').ChildProcess} proc
   * @param {Bidi} bidi
   * @param {string} tmp temporary folder holding the profile
   */
  constructor(proc, bidi, tmp) {
    this.proc = proc;
    this.bidi = bidi;
    this.tmp = tmp;
    /** @type {Map<string, Page>} */
    this.pages = new Map();
    /** Firefox's stderr (for error messages). */
    this.stderr = '';
    bidi.on('log.entryAdded', (e) => {
      const page = this.pages.get(e.source?.context);
      if (!page) return;
      if (e.type === 'javascript') page.errors.push(e.text);
      else page.console.push({ level: e.level, text: e.text });
    });
    bidi.on('browsingContext.userPromptOpened', (e) => {
      const page = this.pages.get(e.context);
      page?.dialogs.push(`${e.type}: ${e.message}`);
      bidi.send('browsingContext.handleUserPrompt', { context: e.context, accept: false }).catch(() => {});
    });
    bidi.on('network.beforeRequestSent', (e) => {
      this.pages.get(e.context)?.requests.push(e.request.url);
    });
  }

  /**
   * Open a new tab.
   * @param {{width?: number, height?: number}} [opts]
   * @returns {Promise<Page>}
   */
  async newPage({ width = 1280, height = 900 } = {}) {
    const { context } = await this.bidi.send('browsingContext.create', { type: 'tab' });
    const page = new Page(this, context);
    this.pages.set(context, page);
    await this.bidi.send('browsingContext.setViewport', { context, viewport: { width, height } });
    return page;
  }

  /**
   * Install an unpacked extension folder or a zip / xpi as a temporary add-on (no
   * signature needed for temporary add-ons, also in release and ESR builds).
   * @param {string} path
   * @returns {Promise<string>} the add-on id
   */
  async installExtension(path) {
    const type = /\.(zip|xpi)$/.test(path) ? 'archivePath' : 'path';
    const { extension } = await this.bidi.send('webExtension.install', { extensionData: { type, path } });
    return extension;
  }

  /**
   * Evaluate `expression` in the browser's own (chrome) window: only with
   * `extensionPages` (--remote-allow-system-access). Used to read what Firefox said about
   * the installed add-on (its manifest warnings and errors).
   * @param {string} expression returns a string
   * @returns {Promise<string>}
   */
  async chromeEval(expression) {
    const tree = await this.bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const context = tree.contexts[0]?.context;
    if (!context) throw new Error('chromeEval: no chrome window (launch with extensionPages: true)');
    const res = await this.bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (res.type === 'exception') throw new Error(`chromeEval: ${res.exceptionDetails.text}`);
    return res.result.value;
  }

  /**
   * Let pages download into `dir` without asking (browser.setDownloadBehavior).
   * @param {string} dir
   */
  async allowDownloads(dir) {
    mkdirSync(dir, { recursive: true });
    await this.bidi.send('browser.setDownloadBehavior', { downloadBehavior: { type: 'allowed', destinationFolder: dir } });
  }

  async close() {
    const exited = new Promise((r) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) r(undefined);
      else this.proc.once('exit', () => r(undefined));
    });
    await this.bidi.send('browser.close', {}, 5000).catch(() => {});
    this.bidi.close();
    const timer = await Promise.race([exited.then(() => 'exited'), sleep(10000).then(() => 'timeout')]);
    if (timer === 'timeout') killGroup(this.proc, 'SIGKILL');
    await exited;
    killGroup(this.proc, 'SIGKILL'); // any content process left behind
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** Signal the process group of `proc` (Firefox runs detached, as its group's leader). */
function killGroup(proc, signal) {
  if (!proc.pid) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Launch headless Firefox with a fresh profile and open a BiDi session.
 * `extensionPages`: let BiDi navigate to moz-extension:// pages (the options page, and an
 * extension page to ask the background and content scripts what they hold). BiDi only
 * navigates to web-safe URLs unless Firefox runs with --remote-allow-system-access.
 * @param {{prefs?: Record<string, string|number|boolean>, extensionPages?: boolean}} [opts]
 * @returns {Promise<Firefox>}
 */
export async function launchFirefox({ prefs = {}, extensionPages = false } = {}) {
  requireFirefox();
  const tmp = mkdtempSync(join(tmpdir(), 'readylens-firefox-'));
  const profile = join(tmp, 'profile');
  mkdirSync(profile);
  const all = { ...PREFS, ...prefs };
  writeFileSync(join(profile, 'user.js'), Object.entries(all).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const args = ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0'];
  if (extensionPages) args.push('--remote-allow-system-access');
  const proc = spawn(FIREFOX, [...args, 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS: '1' },
  });
  const onExit = () => killGroup(proc, 'SIGKILL');
  process.once('exit', onExit);
  proc.once('exit', () => process.removeListener('exit', onExit));
  let stderr = '';
  let wsUrl;
  try {
    wsUrl = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Firefox did not open its BiDi port in 60 s:\n${stderr}`)), 60000);
      proc.stderr.on('data', (d) => {
        stderr += d.toString();
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.once('error', (err) => { clearTimeout(timer); reject(err); });
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Firefox exited (${code}) before BiDi was ready:\n${stderr}`)); });
    });
  } catch (err) {
    killGroup(proc, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const bidi = new Bidi(await openWebSocket(`${wsUrl}/session`));
  const ff = new Firefox(proc, bidi, tmp);
  proc.stderr.on('data', (d) => {
    ff.stderr = (ff.stderr + d.toString()).slice(-20000);
  });
  try {
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: 'ignore' } } } });
    await bidi.send('session.subscribe', {
      events: ['log.entryAdded', 'browsingContext.userPromptOpened', 'network.beforeRequestSent', 'browsingContext.downloadWillBegin', 'browsingContext.downloadEnd'],
    });
  } catch (err) {
    await ff.close();
    throw err;
  }
  return ff;
}

/**
 * The Firefox version string of FIREFOX (e.g. "153.8.0esr"), from application.ini.
 * @returns {string|null}
 */
export function firefoxVersion() {
  for (const dir of ['/usr/lib/firefox-esr', '/usr/lib/firefox', dirname(FIREFOX)]) {
    const ini = join(dir, 'application.ini');
    if (existsSync(ini)) return /^Version=(.+)$/m.exec(readFileSync(ini, 'utf8'))?.[1] ?? null;
  }
  return null;
}

// ---------------------------------------------------------------------------------
// The extension.

/**
 * Build the Firefox extension into a temporary folder with http://127.0.0.1/* granted
 * as an extra host (the path a self-hosted host the user granted takes: the background
 * registers the content script there; scripts/build-web.mjs --extra-host, the same
 * build the Chromium tests load), launch Firefox, install it as a temporary add-on and
 * wait until the background has registered the content script for 127.0.0.1.
 * `ext` is a tab on the extension's options page, for asking the extension (tabs,
 * scripting, storage, messages) what the Chromium tests ask its service worker.
 * @param {{prefs?: Record<string, string|number|boolean>}} [opts] extra profile preferences
 * @returns {Promise<{ff: Firefox, ext: Page, dir: string, close: () => Promise<void>}>}
 */
export async function launchWithExtension({ prefs = {} } = {}) {
  requireFirefox();
  const { build } = await import('../../scripts/build-web.mjs');
  const tmp = mkdtempSync(join(tmpdir(), 'readylens-firefox-ext-'));
  const { firefox: dir } = build({ out: tmp, extraHosts: ['http://127.0.0.1/*'], zips: false, www: false, browsers: ['firefox'] });
  let ff;
  try {
    ff = await launchFirefox({ extensionPages: true, prefs });
    const id = await ff.installExtension(dir);
    if (id !== EXTENSION_ID) throw new Error(`installed as ${id}, expected ${EXTENSION_ID}`);
    const ext = await ff.newPage();
    await ext.goto(`${EXTENSION_BASE}extension/options.html`);
    await ext.waitFor(async (sid) => (await browser.scripting.getRegisteredContentScripts()).some((s) => s.id === sid), ['readylens-extra-hosts'], {
      timeout: 20000,
      what: 'the background registers the content script for the granted host 127.0.0.1',
    });
    return {
      ff,
      ext,
      dir,
      close: async () => {
        await ff.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await ff?.close();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * What Firefox recorded about the installed add-on: manifest warnings and errors, the
 * manifest version and the background's state (starting, running, suspending, stopped).
 * @param {Firefox} ff
 * @returns {Promise<{warnings: string[], errors: string[], manifestVersion: number, backgroundState: string}>}
 */
export async function addonState(ff) {
  return JSON.parse(await ff.chromeEval(`(() => {
    const p = WebExtensionPolicy.getByID(${JSON.stringify(EXTENSION_ID)});
    const e = p?.extension;
    return JSON.stringify(e ? { warnings: e.warnings, errors: e.errors, manifestVersion: p.manifestVersion, backgroundState: e.backgroundState } : null);
  })()`));
}

/** The badges on the page: [{key, verdict, score, state, label, marked}] (marked: the decorated element's key). */
export const badges = (page) => page.evaluate(pageBadges);

/** Wait until at least `min` badges exist and each has a verdict (or failed). */
export async function waitForVerdicts(page, min, timeout = 30000) {
  await page.waitFor(pageVerdictsDone, [min], { timeout, what: `${min} badges with verdicts` });
}

/** Open the panel for `key` with a real click on its badge; returns the panel's text and findings. */
export async function openPanel(page, key) {
  await page.click([`readylens-badge[key="${key}"]`, 'button']);
  await page.waitFor((k) => {
    const p = document.querySelector('readylens-panel');
    return Boolean(p && !p.hidden && p.getAttribute('key') === k);
  }, [key], { what: `the panel of ${key}` });
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
 * Wait until the content script of `page` has nothing left to do (its page-state says
 * `settled`: no scan, load, analysis or drawing pending). Pages whose issues arrive in
 * several API answers are drawn answer by answer, then analysed as a whole, which may
 * change a few verdicts: compare verdicts with the core's page-wide report after this.
 * @param {Page} ext an extension page (launchWithExtension's `ext`)
 * @param {Page} page
 * @param {number} [timeout]
 */
export async function settle(ext, page, timeout = 30000) {
  const url = await page.url();
  await ext.waitFor(async (u) => {
    const tabs = (await browser.tabs.query({})).filter((t) => t.url === u);
    const tab = tabs[tabs.length - 1];
    const state = tab ? await browser.tabs.sendMessage(tab.id, { type: 'page-state' }).catch(() => null) : null;
    return Boolean(state?.settled);
  }, [url], { timeout, what: `${url} settles` });
}

/**
 * The normalised issues the content script of `page` analysed (its page-state with
 * detail, asked from the extension page `ext` as the popup asks it).
 * @param {Page} ext
 * @param {Page} page
 * @returns {Promise<Map<string, any>>}
 */
export async function analysedIssues(ext, page) {
  const url = await page.url();
  const state = await ext.evaluate(async (u) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url === u);
    if (!tab) return null;
    return browser.tabs.sendMessage(tab.id, { type: 'page-state', detail: true });
  }, url);
  if (!state?.issues) throw new Error(`no page-state from the content script of ${url}: ${JSON.stringify(state)}`);
  return new Map(state.issues.map((i) => [i.key, i]));
}
