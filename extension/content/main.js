// The content script: find the tracker, discover issue keys, load their data, ask the
// background to analyse, and draw badges and the panel. On a page that is not a
// tracker it does nothing at all: no DOM change, no request, no message.
//
// Built into one classic script (`extension/content-script.js`) by scripts/build-web.mjs,
// because manifest content scripts cannot be ES modules.

import { ext, sendToBackground } from '../browser-api.js';
import { isPageRequest } from '../messages.js';
import { pickTracker } from '../trackers/index.js';
import { BADGE_TAG, applyPlacement, choosePlacement, createBadge, focusBadge, setBadgeState, themeAt } from './badge.js';
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
/**
 * Longest stretch of DOM writes per animation frame (ms). Badges are inserted and
 * repainted in frame-sized batches so a 500-card board never blocks the page for a long
 * task; all reads (discovery, theme) happen before the writes, so no write is followed by
 * a read that forces a style or layout pass.
 */
const FRAME_BUDGET = 8;
/**
 * Frame fallback: a hidden tab gets no animation frames (its writes run on a timer at
 * once), and a frame that has not come after this long is not waited for.
 */
const FRAME_FALLBACK = 1000;
/**
 * Badges created per frame at most (each costs a shadow root and a few elements), and
 * badges repainted per frame at most: the browser restyles each one after the script,
 * in the same task, so the JS time budget alone does not bound the frame.
 */
const INSERTS_PER_FRAME = 25;
const WRITES_PER_FRAME = 125;

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
 * Run `cb` in the next animation frame, or after FRAME_FALLBACK ms when no frame comes
 * (hidden tab), whichever is first.
 * @param {Window|null} win
 * @param {() => void} cb
 */
function nextFrame(win, cb) {
  if (win?.document.hidden || !win?.requestAnimationFrame) {
    setTimeout(cb, 0);
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cb();
  };
  const timer = setTimeout(run, FRAME_FALLBACK);
  win.requestAnimationFrame(run);
}

/**
 * Put a new badge in the page. The badge host is out of the flow and zero-size (see
 * badge.js), drawn from where it is inserted: inside the title on an issue view (unless
 * the title is an editor or a form field, where our element would become part of what
 * the user types), after the anchor elsewhere, or at the end of the container when there
 * is no better anchor.
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
    /** @type {WeakMap<HTMLElement, string>} what each badge last showed (skips no-op paints) */
    this.painted = new WeakMap();
    /** @type {Map<object, () => void>} DOM writes waiting for the next frame, by target */
    this.writes = new Map();
    /** @type {Map<Element, import('../trackers/common.js').Found>} elements waiting for a badge */
    this.decorating = new Map();
    /** @type {Map<HTMLElement, {anchor: Element, element: Element}>} badges to (re)place */
    this.placing = new Map();
    /** @type {WeakMap<HTMLElement, {anchor: Element, element: Element}>} where each badge belongs */
    this.spots = new WeakMap();
    this.framePending = false;
    this.resizeTimer = 0;
    this.onResize = () => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => {
        for (const b of this.live) {
          const spot = this.spots.get(b);
          if (spot && b.isConnected) this.placing.set(b, spot);
        }
        this.frame();
      }, SCAN_DELAY);
    };
    /** analysis generation that produced each key's report (a newer one always wins) */
    this.reportGen = new Map();
    this.gen = 0;
    /** this page session, for the background's copy of the full reports */
    this.id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    /** the latest panel request (an older one still waiting is dropped) */
    this.panelTicket = 0;
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
    /** loads and analyses in progress (see `settled`) */
    this.working = 0;
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
    this.doc.defaultView?.addEventListener('resize', this.onResize);
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
    // All reads first, then the writes: no style pass forced between badges.
    const themes = [...this.live].filter((b) => b.isConnected).map((b) => [b, themeAt(b.parentElement ?? b)]);
    for (const [b, t] of themes) if (b.getAttribute('theme') !== t) b.setAttribute('theme', t);
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
    this.scanTimer = 0;
    this.loadTimer = 0;
    this.writes.clear();
    this.placing.clear();
    this.decorating.clear();
    clearTimeout(this.resizeTimer);
    this.doc.defaultView?.removeEventListener('resize', this.onResize);
    for (const b of this.live) b.remove();
    this.live.clear();
    for (const e of this.doc.querySelectorAll(`[${MARK}]`)) e.removeAttribute(MARK);
    this.panel?.destroy();
    this.panel = null;
  }

  /**
   * Run `step` after the loads and analyses already queued.
   * @param {() => Promise<void>} step
   */
  then(step) {
    this.working++;
    this.chain = this.chain.then(step).catch((err) => console.debug('readylens:', err)).finally(() => {
      this.working--;
    });
  }

  /**
   * Nothing left to do until the page changes: no scan, load, analysis or drawing
   * pending (the page-wide analysis has been drawn). Reported to the popup / tests.
   */
  settled() {
    return !this.scanTimer && !this.loadTimer && !this.working && !this.queue.size && !this.pending.size &&
      !this.writes.size && !this.decorating.size && !this.placing.size;
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
      this.scanTimer = 0;
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
        this.loadTimer = 0;
        this.then(() => this.flush());
      }, LOAD_DELAY);
    } else {
      // Same issues loaded, but a different set on the page (scrolling a virtual list
      // back, a filter): the backlog changed, so analyse it again.
      const signature = [...this.lastFound.keys()].sort().join('\n');
      if (signature !== this.analysedSet && [...this.lastFound.keys()].every((k) => this.issues.has(k) || this.failed.has(k))) {
        this.then(() => this.analyze());
      }
    }
  }

  /**
   * Mark `f.element` and give it exactly one up-to-date badge. Nothing is written here:
   * the element is queued, its theme read in the read half of a frame and its badge
   * inserted in the write half.
   */
  decorate(f) {
    const { element, key } = f;
    const badge = this.badges.get(element);
    if (badge && badge.isConnected && element.getAttribute(MARK) === key) {
      this.decorating.delete(element);
      this.paint(badge, key);
      return;
    }
    this.decorating.set(element, f);
    this.frame();
  }

  /**
   * Insert (or replace) the badge of `f.element` (a write).
   * @param {import('../trackers/common.js').Found} f
   * @param {'light'|'dark'} theme
   */
  insert(f, theme) {
    const { element, anchor, key } = f;
    if (!element.isConnected) return;
    let b = this.badges.get(element);
    if (element.getAttribute(MARK) !== key) {
      // A recycled element now showing another issue (virtualised lists).
      if (b) {
        b.remove();
        this.live.delete(b);
        b = undefined;
      }
      element.setAttribute(MARK, key);
    }
    if (!b || !b.isConnected) {
      const made = createBadge(this.doc, key, (x) => this.openPanel(x.getAttribute('key') ?? key, x), { compact: f.place === 'link', theme });
      made.addEventListener('readylens-focus', () => focusBadge(made));
      place(made, f);
      this.spots.set(made, { anchor, element });
      this.badges.set(element, made);
      this.live.add(made);
      b = made;
    }
    this.paintNow(b, key);
  }

  /**
   * Queue a DOM write for the next frame (one per target: a newer write replaces an
   * older one that has not run yet).
   * @param {object} target
   * @param {() => void} fn
   */
  write(target, fn) {
    this.writes.delete(target);
    this.writes.set(target, fn);
    this.frame();
  }

  /** Make sure a frame of work is coming. */
  frame() {
    if (this.framePending) return;
    this.framePending = true;
    nextFrame(this.doc.defaultView, () => this.runWrites());
  }

  /**
   * One frame of work, at most FRAME_BUDGET ms: first the reads (where the badges drawn
   * in earlier frames should sit, from the layout the browser has just made), then their
   * moves and the queued writes, with no read after a write.
   */
  runWrites() {
    this.framePending = false;
    if (this.stopped) {
      this.writes.clear();
      this.placing.clear();
      this.decorating.clear();
      return;
    }
    const t0 = performance.now();
    // Reads: the theme around elements waiting for a badge (a bounded number per frame,
    // as each becomes a badge below), and where badges drawn earlier should sit.
    const inserts = [];
    for (const [element, f] of this.decorating) {
      this.decorating.delete(element);
      if (element.isConnected) inserts.push({ f, theme: themeAt(f.anchor) });
      if (inserts.length >= INSERTS_PER_FRAME || performance.now() - t0 > FRAME_BUDGET / 4) break;
    }
    const moves = [];
    for (const [badge, spot] of this.placing) {
      this.placing.delete(badge);
      moves.push({ badge, at: choosePlacement(badge, spot.anchor, spot.element) });
      if (performance.now() - t0 > FRAME_BUDGET / 2) break;
    }
    // Writes only from here on.
    for (const { badge, at } of moves) applyPlacement(badge, at);
    for (const { f, theme } of inserts) {
      try {
        this.insert(f, theme);
      } catch (err) {
        console.debug('readylens: drawing failed', err);
      }
    }
    let n = 0;
    for (const [target, fn] of this.writes) {
      this.writes.delete(target);
      try {
        fn();
      } catch (err) {
        console.debug('readylens: drawing failed', err);
      }
      if (++n >= WRITES_PER_FRAME || performance.now() - t0 > FRAME_BUDGET) break;
    }
    if (this.writes.size || this.placing.size || this.decorating.size) this.frame();
  }

  /** What `badge` should show for `key` now, as a comparable string. */
  view(key) {
    const report = this.reports.get(key);
    if (report) return `r${this.reportGen.get(key) ?? 0}${this.notes.has(key) ? 'n' : ''}`;
    return this.failed.has(key) ? 'failed' : 'loading';
  }

  /** Queue a repaint of `badge` when what it shows changed. */
  paint(badge, key) {
    if (this.painted.get(badge) === `${key}\n${this.view(key)}`) return;
    this.write(badge, () => {
      if (badge.isConnected) this.paintNow(badge, key);
    });
  }

  paintNow(badge, key) {
    const report = this.reports.get(key) ?? null;
    const resized = setBadgeState(badge, { key, report, state: this.failed.has(key) && !report ? 'failed' : 'loading', note: this.notes.get(key) ?? this.failed.get(key) ?? null });
    this.painted.set(badge, `${key}\n${this.view(key)}`);
    // Its width changed (or it was just drawn): find its place from the next frame's layout.
    const spot = this.spots.get(badge);
    if (spot && (resized || !badge.hasAttribute('placed'))) {
      this.placing.set(badge, spot);
      this.frame();
    }
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
    const wanted = new Set(keys);
    /** why the tracker API could not give a key (named in the panel) */
    const why = new Map();
    const ctx = {
      fail: (failed, reason) => {
        for (const k of failed) why.set(k, reason);
      },
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
        if (res.ok) return { status: res.status, text: res.text, retryAfter: res.retryAfter ?? null, rateLimitRemaining: res.rateLimitRemaining ?? null };
        // No token: the page text is all there is. Anything else (a timeout, an
        // unreachable API) is a reason the panel names.
        if (/^no \w+ token configured$/.test(res.error ?? '')) return null;
        throw new Error(res.error || 'the tracker API call failed');
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
    for (const issue of loaded) {
      const key = this.tracker.keyFor ? this.tracker.keyFor(issue, wanted) : issue?.key;
      if (key && wanted.has(key) && !this.issues.has(key)) this.issues.set(key, { ...issue, key });
    }
    for (const key of keys) {
      this.pending.delete(key);
      this.notes.delete(key);
      if (this.issues.has(key)) continue;
      const f = this.lastFound.get(key);
      const fallback = f ? this.tracker.fromPage(f, this.doc, this.doc.location) : null;
      const reason = why.get(key) || loadError;
      if (fallback) this.issues.set(key, fallback);
      else this.failed.set(key, reason || 'no data on the page or from the tracker API');
      if (fallback && reason) this.notes.set(key, `Read from the page text: ${reason}.`);
    }
    await this.analyze();
  }

  /**
   * Analyse `issues` together in the background and show the reports. A report from an
   * older request never replaces a newer one.
   * @param {object[]} issues
   * @returns {Promise<string>} '' when analysed, else why not
   */
  send(issues) {
    this.working++;
    return this.request(issues, ++this.gen).finally(() => {
      this.working--;
    });
  }

  /**
   * @param {object[]} issues
   * @param {number} gen
   * @returns {Promise<string>}
   */
  async request(issues, gen) {
    // Slim reports for the badges (a 500-issue report is ~1.8 MB of JSON, the badges'
    // part ~80 KB); the panel asks for the full report of one issue when it opens.
    const res = await sendToBackground({ type: 'analyze', issues, slim: true, session: this.id });
    if (!res.ok) {
      console.debug('readylens: analysis failed', res.error);
      return res.error || 'the analysis failed';
    }
    for (const r of res.report?.issues ?? []) {
      if ((this.reportGen.get(r.key) ?? 0) > gen) continue;
      this.reports.set(r.key, r);
      this.reportGen.set(r.key, gen);
    }
    if (this.gen === gen) this.backlog = res.report?.backlog ?? null;
    this.repaint();
    return '';
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
    // One analysis of the whole page, once everything is loaded: a verdict depends on the
    // rest of the page (checks on fields the whole page lacks, duplicates), so analysing
    // the tracker's answers chunk by chunk drew verdicts that the page-wide analysis then
    // changed (450 of 500 on the Mesos board): measured in tests/e2e/extension-500.bench.mjs.
    const error = await this.send(issues);
    if (error) {
      for (const i of issues) if (!this.reports.has(i.key)) this.failed.set(i.key, error);
      this.repaint();
    }
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
      this.reportGen.delete(key);
      this.failed.delete(key);
      this.notes.delete(key);
    }
  }

  /**
   * Open the panel for `key`. The badges hold slim reports (see `request`); the panel
   * shows the full one, asked of the background, or analysed again when the background
   * no longer has it (a restarted service worker).
   */
  async openPanel(key, opener) {
    const ticket = ++this.panelTicket;
    let report = this.reports.get(key) ?? null;
    if (report?.slim) {
      const res = await sendToBackground({ type: 'report-detail', session: this.id, key });
      if (res.ok) report = res.report;
      else {
        const page = [...this.issues.values()].filter((i) => this.lastFound.has(i.key));
        const again = await sendToBackground({ type: 'analyze', issues: page });
        const full = again.ok ? (again.report?.issues ?? []).find((r) => r.key === key) : null;
        if (full) report = full;
      }
      if (ticket !== this.panelTicket || this.stopped) return;
    }
    if (!this.panel) this.panel = createPanel(this.doc);
    this.panel.open({
      key,
      report,
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
  // Start the background's analysis core now, while the tracker's API is being read.
  sendToBackground({ type: 'version' }).catch(() => undefined);
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
    const crawl = session?.assist?.crawlStatus() ?? null;
    sendResponse(session ? { ok: true, paused, settled: session.stopped || session.settled(), ...session.summary(), crawl, ...detail } : { ok: true, tracker: null, origin: location.origin, paused, rows: [], readinessRate: null });
    return false;
  });
  boot();
}
