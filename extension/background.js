// The background: the only place the WASM core runs (a module service worker on
// Chrome, background scripts on Firefox). It answers typed messages (messages.js),
// keeps the dynamically registered content script in step with the hosts the user
// granted, and calls token-protected tracker APIs on the content scripts' behalf.
// It makes no other network request: no telemetry, no update checks of its own.

import { ext } from './browser-api.js';
import { ensureCore, core } from './core.js';
import { isRequest, ok, fail } from './messages.js';
import { STORAGE_KEY, effectiveConfig, loadSettings, localDate } from './settings.js';
import { syncExtraHosts } from './hosts.js';
import { BacklogStore, indexedDbPersist } from './draft-store.js';
import { priorityScore, readinessLabel } from './report-view.js';

/** Extension-relative path of the content script bundle built by scripts/build-web.mjs. */
export const CONTENT_SCRIPT = 'extension/content-script.js';

/** @type {Promise<import('./settings.js').Settings>|null} */
let settingsCache = null;
const settings = () => (settingsCache ??= loadSettings(ext));

/**
 * Set when the core trapped (a panic aborts inside WASM): its memory and stack may be
 * inconsistent, so it is not called again. wasm-bindgen cannot re-instantiate a module
 * in the same worker; the browser starts a fresh background (and a fresh core) after
 * about 30 s without messages.
 */
let crashed = null;

async function ready() {
  if (crashed) throw new Error(`readylens: the analysis core stopped (${crashed}); it restarts after a short idle period`);
  await ensureCore(ext.runtime.getURL('pkg/readylens_bg.wasm'));
}

/**
 * The configuration object passed to the core (with today's date for the staleness
 * check); the core validates it and names the offending path when it is wrong.
 */
async function config() {
  return effectiveConfig((await settings()).config, localDate());
}

/**
 * One DraftChecker per scope. A crawl page updates it in place (`add` / `remove`: only
 * the page is read; the index statistics are redone at the next check); it is built
 * from IndexedDB, a few hundred issues at a time, when missing (after a service-worker
 * restart), after a settings change, or if it missed a change.
 * @type {Map<string, {checker: any, version: number, settings: number, refresh?: any}>}
 */
const checkers = new Map();
/** Checkers kept at once (each holds its scope's index in WASM memory). */
const MAX_CHECKERS = 4;
/** Issues passed to the core per call when a checker is built from disk. */
const BUILD_CHUNK = 250;
/** Quiet time after a crawl page before the index statistics are redone (ms). */
const REFRESH_AFTER = 400;
let settingsVersion = 0;
/** Draft checks run one after the other (see `draft-check`). */
let draftChain = Promise.resolve();

/** Per-scope backlogs for the authoring assist (IndexedDB, capped). */
const backlogs = new BacklogStore(globalThis.indexedDB ? indexedDbPersist(globalThis.indexedDB) : null, {
  onChange(scope, change) {
    const have = checkers.get(scope);
    if (!have) return;
    try {
      if (change.added.length) have.checker.add(change.added);
      if (change.removed.length) have.checker.remove(change.removed);
      have.version = change.version;
      // The statistics are redone once the crawl pauses, not at the next keystroke.
      clearTimeout(have.refresh);
      have.refresh = setTimeout(() => {
        if (checkers.get(scope) === have) have.checker.refresh?.();
      }, REFRESH_AFTER);
    } catch (err) {
      // Rebuilt from disk at the next check.
      if (err instanceof WebAssembly.RuntimeError) crashed = err.message;
      have.checker.free?.();
      checkers.delete(scope);
    }
  },
});

/** The scope's checker, built (or rebuilt) as needed. */
async function checkerFor(scope) {
  const entry = await backlogs.get(scope);
  const have = checkers.get(scope);
  if (have && have.version === entry.version && have.settings === settingsVersion) {
    checkers.delete(scope);
    checkers.set(scope, have); // most recently used last
    return { checker: have.checker, entry };
  }
  if (have) {
    have.checker.free?.();
    checkers.delete(scope);
  }
  const settingsNow = settingsVersion;
  const checker = new core.DraftChecker([], await config());
  const { issues, version } = await backlogs.issues(scope);
  try {
    for (let i = 0; i < issues.length; i += BUILD_CHUNK) checker.add(issues.slice(i, i + BUILD_CHUNK));
  } catch (err) {
    checker.free?.();
    throw err;
  }
  const built = { checker, version, settings: settingsNow };
  // Changes made while reading the disk reach the map's checker through onChange only
  // once it is there: a version behind means a rebuild at the next check.
  checkers.get(scope)?.checker.free?.();
  checkers.set(scope, built);
  while (checkers.size > MAX_CHECKERS) {
    const [oldest, c] = checkers.entries().next().value;
    c.checker.free?.();
    checkers.delete(oldest);
  }
  return { checker, entry };
}

/**
 * Full issue reports of the last slim analysis per page session (see `analyze` with
 * `slim`), for the panel: the badges get a slim copy, the panel asks for one issue.
 * A few sessions are kept; a restarted worker has none (the page then asks again).
 * @type {Map<string, Map<string, any>>}
 */
const details = new Map();
const MAX_SESSIONS = 8;

function keepReports(session, report) {
  details.delete(session);
  details.set(session, new Map(report.issues.map((r) => [r.key, r])));
  while (details.size > MAX_SESSIONS) details.delete(details.keys().next().value);
}

/** What a badge and the popup need of an issue report (report-view.js reads these). */
function slimReport(r) {
  const prio = priorityScore(r);
  return {
    key: r.key,
    title: r.title,
    tracker: r.tracker,
    readiness: { verdict: r.readiness?.verdict, ...readinessCounts(r) },
    priority: prio ? (prio.framework ? { primary: prio.framework, primary_score: prio.score } : { primary_score: prio.score }) : null,
    kpis: (Array.isArray(r.kpis) ? r.kpis : []).map(() => ({})),
    slim: true,
  };
}

/** `passed` / `total` as the badge shows them ("7/9"). */
function readinessCounts(r) {
  const label = readinessLabel(r);
  const m = /^(\d+)\/(\d+)$/.exec(label);
  return m ? { passed: Number(m[1]), total: Number(m[2]) } : { score: r.readiness?.score };
}

/** How long a GitHub / Linear call may take, body included, before it is abandoned. */
const API_TIMEOUT_MS = 20000;

/**
 * Calls to GitHub / Linear with the user's token (only when one was pasted). Each call is
 * abandoned after API_TIMEOUT_MS (the error then says "did not answer in time"); the
 * answer carries Retry-After and GitHub's x-ratelimit-remaining, which the tracker
 * modules turn into the reason the panel shows.
 */
async function apiFetch(msg) {
  const s = await settings();
  const token = s.tokens[msg.tracker];
  if (!token) throw new Error(`no ${msg.tracker} token configured`);
  const { request } = msg;
  const name = msg.tracker === 'github' ? 'GitHub API' : 'Linear API';
  /** @param {Response} res */
  const answer = async (res) => ({
    status: res.status,
    text: await res.text(),
    retryAfter: res.headers.get('retry-after'),
    rateLimitRemaining: res.headers.get('x-ratelimit-remaining'),
  });
  const signal = AbortSignal.timeout(API_TIMEOUT_MS);
  try {
    if (msg.tracker === 'github') {
      // github.com's API, or a GitHub Enterprise host the user added in the options.
      const base = request.base ?? 'https://api.github.com';
      const allowed = base === 'https://api.github.com' ||
        s.hosts.some((h) => base === `${h}/api/v3`);
      if (!allowed) throw new Error(`GitHub API base ${base} is not configured`);
      if (!/^\/[A-Za-z0-9_.\-/?=&%,]*$/.test(request.path)) throw new Error('bad GitHub API path');
      const res = await fetch(`${base}${request.path}`, {
        headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${token}` },
        credentials: 'omit',
        signal,
      });
      return await answer(res);
    }
    const res = await fetch('https://api.linear.app/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: token },
      credentials: 'omit',
      body: JSON.stringify({ query: request.query ?? '', variables: request.variables ?? {} }),
      signal,
    });
    return await answer(res);
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new Error(`the ${name} did not answer in time`);
    if (err instanceof TypeError) throw new Error(`the ${name} could not be reached (${err.message})`);
    throw err;
  }
}

/**
 * Answer one request. Exported for tests; the listener below wraps it.
 * @param {unknown} msg
 * @returns {Promise<import('./messages.js').Response>}
 */
export async function handle(msg) {
  if (!isRequest(msg)) return fail('readylens: malformed message');
  try {
    switch (msg.type) {
      case 'parse': {
        await ready();
        const imported = core.parseIssues(msg.text, /** @type {any} */ (msg.format), msg.source ?? 'page');
        return ok(imported);
      }
      case 'analyze': {
        await ready();
        const report = core.analyze(msg.issues, await config());
        if (!msg.slim || !msg.session) return ok({ report });
        keepReports(msg.session, report);
        return ok({ report: { ...report, issues: report.issues.map(slimReport) }, slim: true });
      }
      case 'report-detail': {
        const report = details.get(msg.session)?.get(msg.key);
        return report ? ok({ report }) : fail('readylens: that analysis is no longer kept');
      }
      case 'check-text': {
        await ready();
        const report = core.checkText(msg.text, /** @type {any} */ (msg.format ?? 'text'), await config());
        return ok({ report });
      }
      case 'draft-index': {
        const { changed, size } = await backlogs.add(msg.scope, msg.issues, msg.replace ?? false, { crawl: msg.crawl, defer: msg.defer });
        const state = msg.project ? (await backlogs.crawlState(msg.scope, msg.project)).state : undefined;
        return ok({ changed, size, state });
      }
      case 'draft-check': {
        await ready();
        // One at a time: two tabs pausing together must not build the same checker twice.
        const run = draftChain.then(async () => {
          const { checker, entry } = await checkerFor(msg.scope);
          // Titles and links of the candidates come from the index itself.
          const { report, similar } = checker.check(msg.draft);
          return ok({ report, similar, indexed: entry.issues.size });
        });
        draftChain = run.catch(() => undefined);
        return await run;
      }
      case 'api-fetch':
        return ok(await apiFetch(msg));
      case 'settings': {
        const s = await settings();
        return ok({
          disabledSites: s.disabledSites,
          assist: s.assist,
          hosts: s.hosts,
          tokens: { github: Boolean(s.tokens.github), linear: Boolean(s.tokens.linear) },
        });
      }
      case 'validate-config': {
        await ready();
        core.analyze([], msg.config);
        return ok({});
      }
      case 'version':
        await ready();
        return ok({ version: core.version(), formats: core.formats() });
      default:
        return fail('readylens: unknown message');
    }
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) crashed = err.message;
    return fail(err);
  }
}

function resync() {
  syncExtraHosts(ext, CONTENT_SCRIPT).catch((err) => console.warn('readylens: host sync failed', err));
}

if (ext?.runtime?.onMessage) {
  ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    // Only this extension's own pages and content scripts may ask.
    if (sender.id !== ext.runtime.id) return false;
    handle(msg).then(sendResponse);
    return true;
  });
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STORAGE_KEY in changes) {
      settingsCache = null;
      settingsVersion++;
    }
  });
  ext.runtime.onInstalled.addListener(resync);
  ext.runtime.onStartup.addListener(resync);
  ext.permissions.onAdded.addListener(resync);
  ext.permissions.onRemoved.addListener(resync);
}
