// The content script: find the tracker, discover issue keys, load their data, ask the
// background to analyse, and draw badges and the panel. On a page that is not a
// tracker it does nothing at all: no DOM change, no request, no message.
//
// Built into one classic script (`extension/content-script.js`) by scripts/build-web.mjs,
// because manifest content scripts cannot be ES modules.

import { ext, sendToBackground } from '../browser-api.js';
import { isPageRequest } from '../messages.js';
import { pickTracker } from '../trackers/index.js';
import { BADGE_TAG, createBadge, focusBadge, setBadgeState, themeAt } from './badge.js';
import { PANEL_TAG, createPanel } from './panel.js';
import { ASSIST_TAG, Assist } from './assist.js';
import { pageSummary } from '../report-view.js';

/** Attribute set on every decorated issue element. */
export const MARK = 'data-readylens-key';
const SCAN_DELAY = 150;
const MAX_SCAN_WAIT = 1000;
/** Issues kept in memory per page session. */
const MAX_CACHED = 3000;
/** Elements we insert: their insertion must not trigger another scan. */
const OWN_TAGS = new Set([BADGE_TAG, PANEL_TAG, ASSIST_TAG]);
const LOAD_DELAY = 100;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Same-origin fetch as the page makes it. Firefox: the content script's own fetch
 * carries no page Origin, `content.fetch` does. (`content` can also be an element with
 * id="content" through named access on other browsers, hence the checks.)
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
function pageFetch(url, init) {
  const page = /** @type {any} */ (globalThis).content;
  if (page && !(page instanceof Element) && typeof page.fetch === 'function') return page.fetch(url, init);
  return fetch(url, init);
}

/**
 * Put a new badge in the page. Inline, beside the key or title, so it adds no line:
 * inside the title on an issue view (unless the title is an editor or a form field,
 * where our element would become part of what the user types), after the anchor
 * elsewhere, or at the end of the container when there is no better anchor.
 * @param {HTMLElement} badge
 * @param {import('../trackers/common.js').Found} f
 */
function place(badge, { element, anchor, place: where }) {
  const editable = /** @type {HTMLElement} */ (anchor).isContentEditable || /^(input|textarea|select)$/i.test(anchor.tagName);
  if (where === 'view' && !editable && anchor.querySelector('input, textarea, select, [contenteditable]') === null) anchor.append(badge);
  else if (anchor === element && where !== 'link') element.append(badge);
  else anchor.after(badge);
}

/** Attributes on <html> / <body> through which trackers switch light and dark themes. */
const THEME_ATTRIBUTES = ['class', 'style', 'data-color-mode', 'data-theme', 'data-color-scheme', 'theme'];

/**
 * One tracker page being decorated.
 */
class Session {
  /**
   * @param {import('../trackers/common.js').TrackerModule} tracker
   * @param {Document} doc
   */
  constructor(tracker, doc) {
    this.tracker = tracker;
    this.doc = doc;
    /** normalised issues by key */
    this.issues = new Map();
    /** issue reports by key */
    this.reports = new Map();
    /** keys that could not be loaded, with the reason */
    this.failed = new Map();
    /** keys read from the page text because the tracker API failed, with the reason */
    this.notes = new Map();
    this.queue = new Set();
    this.pending = new Set();
    /** @type {WeakMap<Element, HTMLElement>} decorated element → its badge */
    this.badges = new WeakMap();
    /** badges currently on the page */
    this.live = new Set();
    /** latest Found per key (for page-text fallback) */
    this.lastFound = new Map();
    this.panel = null;
    this.observer = null;
    this.scanTimer = 0;
    /** time by which a pending scan must run */
    this.scanDue = 0;
    this.themeTimer = 0;
    /** @type {MutationObserver|null} */
    this.themeObserver = null;
    this.loadTimer = 0;
    this.chain = Promise.resolve();
    this.href = doc.location.href;
    /** the sorted keys of the last analysed page set */
    this.analysedSet = '';
    this.stopped = false;
    /** authoring assist on this page's create / edit fields (null when switched off) */
    this.assist = null;
    /** what was last sent to the duplicate index */
    this.indexed = '';
  }

  start() {
    this.stopped = false;
    this.assist?.start();
    this.scan();
    this.observer = new MutationObserver((records) => {
      // Ignore mutations we caused (badge insertions) to avoid re-scan loops.
      const foreign = records.some((r) => [...r.addedNodes, ...r.removedNodes].some((n) => !OWN_TAGS.has(n.nodeName.toLowerCase())));
      if (foreign) this.scheduleScan();
    });
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true });
    // Follow the tracker's theme switch without re-scanning.
    this.themeObserver = new MutationObserver(() => {
      clearTimeout(this.themeTimer);
      this.themeTimer = setTimeout(() => this.retheme(), SCAN_DELAY);
    });
    for (const n of [this.doc.documentElement, this.doc.body]) {
      if (n) this.themeObserver.observe(n, { attributes: true, attributeFilter: THEME_ATTRIBUTES });
    }
  }

  /** Re-pick light / dark for every badge (and the open panel) from the page colours. */
  retheme() {
    for (const b of this.live) {
      if (!b.isConnected) continue;
      const t = themeAt(b.parentElement ?? b);
      if (b.getAttribute('theme') !== t) b.setAttribute('theme', t);
    }
    if (this.panel?.isOpen()) {
      const opener = [...this.live].find((b) => b.getAttribute('key') === this.panel.key());
      if (opener) this.panel.host.setAttribute('theme', themeAt(opener.parentElement ?? opener));
    }
  }

  /** Remove everything we added. */
  stop() {
    this.stopped = true;
    this.assist?.stop();
    this.observer?.disconnect();
    this.themeObserver?.disconnect();
    clearTimeout(this.themeTimer);
    clearTimeout(this.scanTimer);
    clearTimeout(this.loadTimer);
    for (const b of this.live) b.remove();
    this.live.clear();
    for (const e of this.doc.querySelectorAll(`[${MARK}]`)) e.removeAttribute(MARK);
    this.panel?.destroy();
    this.panel = null;
  }

  /**
   * Debounced scan, with a ceiling: a page that never stops mutating (a ticking clock,
   * a live feed) still gets scanned at least every MAX_SCAN_WAIT ms.
   */
  scheduleScan() {
    clearTimeout(this.scanTimer);
    const now = Date.now();
    if (!this.scanDue) this.scanDue = now + MAX_SCAN_WAIT;
    const wait = Math.max(0, Math.min(SCAN_DELAY, this.scanDue - now));
    this.scanTimer = setTimeout(() => {
      this.scanDue = 0;
      this.scan();
    }, wait);
  }

  scan() {
    if (this.stopped) return;
    this.assist?.sweep();
    const navigated = this.doc.location.href !== this.href;
    if (navigated) {
      this.href = this.doc.location.href;
      this.panel?.close();
    }
    let found = [];
    try {
      found = this.tracker.discover(this.doc, this.doc.location);
    } catch (err) {
      console.debug('readylens: discovery failed', err);
      return;
    }
    for (const b of this.live) if (!b.isConnected) this.live.delete(b);
    // Only the latest elements are kept (no references to detached cards).
    this.lastFound.clear();
    for (const f of found) {
      // Opening an issue (SPA navigation) re-reads it: it may have been edited since.
      if (navigated && f.place === 'view' && !this.pending.has(f.key)) {
        this.issues.delete(f.key);
        this.failed.delete(f.key);
      }
      this.lastFound.set(f.key, f);
      this.decorate(f);
      if (!this.issues.has(f.key) && !this.pending.has(f.key) && !this.failed.has(f.key)) this.queue.add(f.key);
    }
    if (this.queue.size) {
      clearTimeout(this.loadTimer);
      this.loadTimer = setTimeout(() => {
        this.chain = this.chain.then(() => this.flush());
      }, LOAD_DELAY);
    } else {
      // Same issues loaded, but a different set on the page (scrolling a virtual list
      // back, a filter): the backlog changed, so analyse it again.
      const signature = [...this.lastFound.keys()].sort().join('\n');
      if (signature !== this.analysedSet && [...this.lastFound.keys()].every((k) => this.issues.has(k) || this.failed.has(k))) {
        this.chain = this.chain.then(() => this.analyze());
      }
    }
  }

  /** Mark `f.element` and give it exactly one up-to-date badge. */
  decorate(f) {
    const { element, anchor, key } = f;
    let badge = this.badges.get(element);
    if (element.getAttribute(MARK) !== key) {
      // A recycled element now showing another issue (virtualised lists).
      if (badge) {
        badge.remove();
        this.live.delete(badge);
        badge = undefined;
      }
      element.setAttribute(MARK, key);
    }
    if (!badge || !badge.isConnected) {
      badge = createBadge(this.doc, key, (b) => this.openPanel(b.getAttribute('key') ?? key, b));
      badge.addEventListener('readylens-focus', () => focusBadge(badge));
      place(badge, f);
      this.badges.set(element, badge);
      this.live.add(badge);
      setBadgeState(badge, { key, report: null, theme: themeAt(anchor) });
    }
    this.paint(badge, key);
  }

  paint(badge, key) {
    const report = this.reports.get(key) ?? null;
    setBadgeState(badge, { key, report, state: this.failed.has(key) && !report ? 'failed' : 'loading' });
  }

  repaint() {
    for (const b of this.live) {
      if (!b.isConnected) {
        this.live.delete(b);
        continue;
      }
      this.paint(b, b.getAttribute('key') ?? '');
    }
    const open = this.panel?.isOpen() ? this.panel.key() : null;
    if (open) {
      const opener = [...this.live].find((b) => b.getAttribute('key') === open);
      this.openPanel(open, opener);
    }
  }

  async flush() {
    if (this.stopped || !this.queue.size) return;
    const keys = [...this.queue];
    this.queue.clear();
    for (const k of keys) this.pending.add(k);
    const ctx = {
      document: this.doc,
      location: this.doc.location,
      fetch: pageFetch,
      sleep,
      parse: async (format, text) => {
        const res = await sendToBackground({ type: 'parse', format, text, source: this.doc.location.origin });
        if (!res.ok) throw new Error(res.error);
        return { issues: res.issues ?? [], problems: res.problems ?? [] };
      },
      api: async (tracker, request) => {
        const res = await sendToBackground({ type: 'api-fetch', tracker, request });
        return res.ok ? { status: res.status, text: res.text } : null;
      },
    };
    let loaded = [];
    let loadError = '';
    try {
      loaded = await this.tracker.load(keys, ctx);
    } catch (err) {
      console.debug('readylens: API load failed, using page text', err);
      loadError = err instanceof Error && err.name === 'TimeoutError' ? 'the tracker API did not answer in time' : String(err instanceof Error ? err.message : err);
    }
    const wanted = new Set(keys);
    for (const issue of loaded) {
      const key = this.tracker.keyFor ? this.tracker.keyFor(issue, wanted) : issue?.key;
      if (key && wanted.has(key)) this.issues.set(key, { ...issue, key });
    }
    for (const key of keys) {
      this.pending.delete(key);
      this.notes.delete(key);
      if (this.issues.has(key)) continue;
      const f = this.lastFound.get(key);
      const fallback = f ? this.tracker.fromPage(f, this.doc, this.doc.location) : null;
      if (fallback) this.issues.set(key, fallback);
      else this.failed.set(key, loadError || 'no data on the page or from the tracker API');
      if (fallback && loadError) this.notes.set(key, `Read from the page text: ${loadError}.`);
    }
    await this.analyze();
  }

  async analyze() {
    // The page's issues are the backlog the core sees: duplicates and backlog-wide
    // context (e.g. whether this team uses priorities at all) are about what is shown.
    const onPage = new Set(this.lastFound.keys());
    this.prune(onPage);
    const issues = [...this.issues.values()].filter((i) => onPage.has(i.key));
    this.analysedSet = [...onPage].sort().join('\n');
    if (!issues.length) {
      this.repaint();
      return;
    }
    const res = await sendToBackground({ type: 'analyze', issues });
    if (!res.ok) {
      console.debug('readylens: analysis failed', res.error);
      for (const i of issues) if (!this.reports.has(i.key)) this.failed.set(i.key, res.error);
    } else {
      for (const r of res.report?.issues ?? []) this.reports.set(r.key, r);
      this.backlog = res.report?.backlog ?? null;
    }
    this.repaint();
    await this.index(issues);
  }

  /**
   * Hand the issues loaded here to the project's duplicate index (kept by the
   * background), so a draft typed on a create page of the same project is compared
   * with them. Sent only when the set or its content changed.
   * @param {object[]} issues
   */
  async index(issues) {
    if (!this.assist || !issues.length) return;
    const scope = this.assist.scope();
    const sig = `${scope}\n${issues.map((i) => `${i.key}\t${i.updated ?? ''}\t${i.title}`).sort().join('\n')}`;
    if (sig === this.indexed) return;
    this.indexed = sig;
    const res = await sendToBackground({ type: 'draft-index', scope, issues });
    if (!res.ok) console.debug('readylens: indexing failed', res.error);
    else if (res.changed) this.assist.refresh();
  }

  /**
   * Keep the caches bounded on long single-page sessions: past MAX_CACHED issues, the
   * oldest ones not on the page are forgotten (they are fetched again if they return).
   * @param {Set<string>} onPage
   */
  prune(onPage) {
    if (this.issues.size <= MAX_CACHED) return;
    for (const key of this.issues.keys()) {
      if (this.issues.size <= MAX_CACHED * 0.75) break;
      if (onPage.has(key) || this.pending.has(key)) continue;
      this.issues.delete(key);
      this.reports.delete(key);
      this.failed.delete(key);
    }
  }

  openPanel(key, opener) {
    if (!this.panel) this.panel = createPanel(this.doc);
    this.panel.open({
      key,
      report: this.reports.get(key) ?? null,
      issue: this.issues.get(key) ?? null,
      error: this.failed.get(key),
      note: this.notes.get(key),
      titleOf: (k) => this.issues.get(k)?.title ?? null,
    }, opener, opener ? themeAt(opener) : 'light');
  }

  /** What the popup shows. */
  summary() {
    const onPage = new Set([...this.live].filter((b) => b.isConnected).map((b) => b.getAttribute('key')));
    const reports = [...this.reports.values()].filter((r) => onPage.has(r.key));
    return { tracker: this.tracker.id, origin: this.doc.location.origin, ...pageSummary(reports) };
  }
}

let session = null;
let paused = false;

async function boot() {
  let tracker = pickTracker(document, location);
  // Single-page apps may render their markers after load: look twice more, quietly.
  for (const wait of [1500, 4000]) {
    if (tracker) break;
    await sleep(wait);
    tracker = pickTracker(document, location);
  }
  if (!tracker) return;
  const settings = await sendToBackground({ type: 'settings' });
  paused = Boolean(settings.ok && settings.disabledSites?.includes(location.origin));
  session = new Session(tracker, document);
  // Authoring assist: on unless switched off in the options (older settings: on).
  if (!settings.ok || settings.assist !== false) session.assist = new Assist(tracker, document);
  if (!paused) session.start();
}

if (!globalThis.__readylensContent && ext?.runtime?.id) {
  globalThis.__readylensContent = true;
  ext.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    if (!isPageRequest(msg)) return false;
    if (session && msg.paused !== undefined && msg.paused !== paused) {
      paused = msg.paused;
      if (paused) session.stop();
      else session.start();
    }
    const detail = msg.detail && session ? { issues: [...session.issues.values()] } : {};
    sendResponse(session ? { ok: true, paused, ...session.summary(), ...detail } : { ok: true, tracker: null, origin: location.origin, paused, rows: [], readinessRate: null });
    return false;
  });
  boot();
}
