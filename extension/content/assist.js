// Authoring assist (issue 14): while an issue is written in a tracker's create dialog /
// page or edit field, lint the draft after a short idle pause and show a compact hints
// panel beside the editor: the Definition of Ready preview, the story and
// acceptance-criteria findings with the quoted words, and likely duplicates from the
// project's backlog (indexed by the background). Shadow DOM, text only; the page's text
// is changed only when the user clicks "Apply suggestion".

import { sendToBackground } from '../browser-api.js';
import { ASSIST_DELAY, applySuggestion, assistView, blocksFromText, debounce, draftIssue, hasText, kindOf, sameOriginUrl } from '../authoring.js';
import { blocksFromElement, text } from '../trackers/common.js';
import { ASSIST_CSS, styleRoot } from './styles.js';
import { themeAt } from './badge.js';
import { CRAWLERS, USER_STOP, progressText, runCrawl } from '../crawl.js';
import { abortableSleep } from '../trackers/crawl-common.js';

/** Tag name of the hints panel host. */
export const ASSIST_TAG = 'readylens-assist';
const WIDTH = 340;
const GAP = 12;

/**
 * While a crawl adds pages, the draft is checked again soon after the first page, then
 * at most every REFRESH_EVERY ms (the background adds each page to the project's index in
 * place and refreshes its statistics once the pages stop: tens of milliseconds for 20,000
 * issues), and at once when the crawl ends.
 */
const REFRESH_FIRST = 1000;
const REFRESH_EVERY = 10000;

/**
 * Same-origin fetch as the page makes it (Firefox: `content.fetch` carries the page's
 * Origin; `content` can also be an element with id="content", hence the checks).
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
 * One project crawl of this page.
 * @typedef {object} CrawlJob
 * @property {AbortController} controller
 * @property {boolean} running
 * @property {import('../crawl.js').CrawlTarget} target
 * @property {import('../crawl.js').Progress|null} progress
 */

/** @param {Element} e */
const isPlainField = (e) => /^(input|textarea)$/i.test(e.tagName);

/**
 * The text of a title field.
 * @param {Element|null} e
 */
function titleOf(e) {
  if (!e) return '';
  return isPlainField(e) ? /** @type {HTMLInputElement} */ (e).value : text(e);
}

/**
 * Blocks of one or more description / acceptance editors.
 * @param {Element[]} els
 */
function blocksOf(els) {
  const blocks = [];
  for (const e of els) {
    if (isPlainField(e)) blocks.push(...blocksFromText(/** @type {HTMLTextAreaElement} */ (e).value));
    // A plain contenteditable holds its first line as a bare text node and the next ones
    // in <div>s (Chromium) or between <br>s: read it as lines of text.
    else if ([...e.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim()) || !e.children.length) {
      blocks.push(...blocksFromText(/** @type {HTMLElement} */ (e).innerText ?? e.textContent ?? ''));
    } else blocks.push(...blocksFromElement(e));
  }
  return blocks;
}

function el(doc, tag, className, textContent) {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (textContent !== undefined) e.textContent = textContent;
  return e;
}

/**
 * One form being written in.
 * @typedef {object} FormState
 * @property {Element} form
 * @property {import('../trackers/common.js').EditorSpec} spec
 * @property {Element} field   the field last typed in (the panel is anchored beside it)
 * @property {any} run         debounced check
 * @property {number} seq
 * @property {string} lastDraft
 * @property {boolean} dismissed
 */

export class Assist {
  /**
   * @param {import('../trackers/common.js').TrackerModule} tracker
   * @param {Document} doc
   */
  constructor(tracker, doc) {
    this.tracker = tracker;
    this.doc = doc;
    /** @type {WeakMap<Element, FormState>} */
    this.forms = new WeakMap();
    /** @type {FormState|null} the form the panel shows */
    this.active = null;
    this.host = null;
    this.root = null;
    this.lastView = '';
    this.collapsed = false;
    this.started = false;
    this.onInput = (e) => this.input(e);
    this.onMove = () => this.schedulePosition();
    this.raf = 0;
    /** @type {Map<string, CrawlJob>} project crawls by scope + project */
    this.crawls = new Map();
    /** @type {CrawlJob|null} the crawl the panel shows */
    this.crawlJob = null;
    this.refreshTimer = 0;
    this.refreshed = false;
  }

  start() {
    if (this.started || !this.tracker.editors?.length) return;
    this.started = true;
    this.doc.addEventListener('input', this.onInput, true);
    this.doc.defaultView?.addEventListener('scroll', this.onMove, { passive: true, capture: true });
    this.doc.defaultView?.addEventListener('resize', this.onMove, { passive: true });
  }

  stop() {
    if (!this.started) return;
    this.started = false;
    this.doc.removeEventListener('input', this.onInput, true);
    this.doc.defaultView?.removeEventListener('scroll', this.onMove, { capture: true });
    this.doc.defaultView?.removeEventListener('resize', this.onMove);
    this.active?.run.cancel();
    this.active = null;
    // Leaving (or pausing) the page ends its crawls; the next visit picks up from the
    // last complete one.
    for (const job of this.crawls.values()) job.controller.abort();
    this.crawls.clear();
    this.crawlJob = null;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = 0;
    this.host?.remove();
    this.host = null;
    this.root = null;
    this.lastView = '';
  }

  /**
   * After page changes (called from the session's debounced scan): the form that was
   * being written in is gone (dialog closed, single-page navigation): hide its hints.
   */
  sweep() {
    const state = this.active;
    if (!state) return;
    if (!state.form.isConnected) {
      state.run.cancel();
      this.active = null;
      this.hide();
    } else this.schedulePosition();
  }

  /** The backlog index changed: check the draft being written again. */
  refresh() {
    const state = this.active;
    if (!state || !this.started) return;
    state.lastDraft = '';
    state.run();
  }

  /** Re-check the draft soon (see REFRESH_EVERY). */
  refreshSoon() {
    if (this.refreshTimer) return;
    const wait = this.refreshed ? REFRESH_EVERY : REFRESH_FIRST;
    this.refreshed = true;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = 0;
      this.refresh();
    }, wait);
  }

  /**
   * Index the project the form belongs to from the tracker's API (extension/crawl.js):
   * in the background of typing, once per page and project (again with `force`, when the
   * user asks after stopping it).
   * @param {Element|null} form
   * @param {boolean} [force]
   */
  startCrawl(form, force = false) {
    const crawler = CRAWLERS[this.tracker.id];
    if (!crawler || !this.started) return;
    let target = null;
    try {
      target = crawler.target(this.doc, this.doc.location, form);
    } catch {
      target = null;
    }
    if (!target) return;
    const scope = this.scope();
    const id = `${scope}\n${target.project}`;
    const have = this.crawls.get(id);
    if (have && (have.running || !force)) return;
    /** @type {CrawlJob} */
    const job = { controller: new AbortController(), running: true, target, progress: null };
    this.crawls.set(id, job);
    this.crawlJob = job;
    const run = async () => {
      if (crawler.needsToken) {
        // GitHub / Linear: only with the user's token (else the viewed issues are the index).
        const s = await sendToBackground({ type: 'settings' });
        if (!s.ok || !s.tokens?.[this.tracker.id]) return;
      }
      /** @type {import('../crawl.js').CrawlCtx} */
      const ctx = {
        document: this.doc,
        location: this.doc.location,
        fetch: pageFetch,
        sleep: abortableSleep,
        signal: job.controller.signal,
        parse: async (format, text) => {
          const res = await sendToBackground({ type: 'parse', format, text, source: this.doc.location.origin });
          if (!res.ok) throw new Error(res.error);
          return { issues: res.issues ?? [] };
        },
        api: async (tracker, request) => {
          const res = await sendToBackground({ type: 'api-fetch', tracker, request });
          return res.ok ? { status: res.status, text: res.text, retryAfter: res.retryAfter ?? null } : null;
        },
      };
      await runCrawl({
        crawler, target, scope, ctx, force,
        send: sendToBackground,
        onProgress: (p) => {
          job.progress = p;
          this.showProgress(job);
          if (p.phase !== 'running' && this.refreshTimer) {
            // The crawl ended with a check pending: check the draft against all of it now.
            clearTimeout(this.refreshTimer);
            this.refreshTimer = 0;
            this.refresh();
          }
        },
        onChanged: () => this.refreshSoon(),
      });
    };
    run().catch((err) => console.debug('readylens: project crawl failed', err)).finally(() => {
      job.running = false;
    });
  }

  /**
   * The current crawl as the toolbar popup shows it ("Indexing PROJ: 1,200 / 4,800"), or
   * null when there is none to show (the same rule as the panel's crawl line: the first
   * crawl of a project, a skipped one, or one the user stopped).
   * @returns {{phase: string, text: string, label: string, done: number, total: number|null}|null}
   */
  crawlStatus() {
    const job = this.crawlJob;
    const p = job?.progress;
    if (!job || !p) return null;
    const visible = p.first || p.phase === 'skipped' || (p.phase === 'stopped' && job.controller.signal.reason === USER_STOP);
    if (!visible) return null;
    return { phase: p.phase, text: progressText(p), label: p.label, done: p.done, total: p.total ?? null };
  }

  /**
   * The crawl line of the panel: "Indexing PROJ: 1,200 / 4,800" with a Stop button the
   * first time; after a stop, a button to index again. Later (incremental) crawls are
   * silent.
   * @param {CrawlJob|null} job
   * @returns {HTMLElement|null}
   */
  crawlRow(job) {
    const p = job?.progress;
    if (!job || !p) return null;
    const visible = p.first || p.phase === 'skipped' || (p.phase === 'stopped' && job.controller.signal.reason === USER_STOP);
    if (!visible) return null;
    const doc = this.doc;
    const row = el(doc, 'div', 'crawl muted');
    row.setAttribute('data-phase', p.phase);
    row.append(el(doc, 'span', 'crawl-text', progressText(p)));
    if (p.phase === 'running') {
      if (p.total) {
        const bar = /** @type {HTMLProgressElement} */ (el(doc, 'progress'));
        bar.max = p.total;
        bar.value = Math.min(p.done, p.total);
        bar.setAttribute('aria-label', `Issues of ${p.label} indexed`);
        row.append(' ', bar);
      }
      const stop = el(doc, 'button', 'apply', 'Stop');
      stop.type = 'button';
      stop.setAttribute('data-action', 'crawl-stop');
      stop.setAttribute('aria-label', `Stop indexing ${p.label}`);
      stop.addEventListener('click', () => job.controller.abort(USER_STOP));
      row.append(' ', stop);
    } else if (p.phase === 'stopped' || p.phase === 'skipped') {
      const again = el(doc, 'button', 'apply', `Index ${p.label}`);
      again.type = 'button';
      again.setAttribute('data-action', 'crawl-start');
      again.addEventListener('click', () => this.startCrawl(this.active?.form ?? null, true));
      row.append(' ', again);
    }
    return row;
  }

  /** Update the crawl line in place (the rest of the panel is left alone). */
  showProgress(job) {
    if (job !== this.crawlJob || !this.root) return;
    const panel = this.root.querySelector('section.assist');
    if (!panel) return;
    const hadFocus = this.root.activeElement?.getAttribute('data-action') ?? null;
    const next = this.crawlRow(job);
    const cur = panel.querySelector(':scope > .crawl');
    if (cur && next) cur.replaceWith(next);
    else if (cur) cur.remove();
    else if (next) panel.querySelector(':scope > header')?.after(next);
    if (hadFocus?.startsWith('crawl-')) /** @type {HTMLElement|null} */ (panel.querySelector('[data-action^="crawl-"]'))?.focus();
  }

  /** The scope (project) of the page, for the duplicate index. */
  scope() {
    const loc = this.doc.location;
    try {
      return this.tracker.scope?.(this.doc, loc) || loc.origin;
    } catch {
      return loc.origin;
    }
  }

  /**
   * Which editor form does `target` belong to?
   * @param {Element} target
   * @returns {{spec: import('../trackers/common.js').EditorSpec, form: Element, field: Element}|null}
   */
  locate(target) {
    for (const spec of this.tracker.editors ?? []) {
      const sel = [spec.title, spec.description, spec.acceptance].filter(Boolean).join(', ');
      const field = target.closest(sel);
      if (!field) continue;
      const form = field.closest(spec.form);
      if (form) return { spec, form, field };
    }
    return null;
  }

  /** @param {Event} e */
  input(e) {
    const target = e.composedPath?.()[0] ?? e.target;
    if (!(target instanceof Element) || target.closest(ASSIST_TAG)) return;
    const hit = this.locate(target);
    if (!hit) return;
    let state = this.forms.get(hit.form);
    if (!state) {
      state = {
        form: hit.form,
        spec: hit.spec,
        field: hit.field,
        run: null,
        seq: 0,
        lastDraft: '',
        dismissed: false,
      };
      const s = state;
      s.run = debounce(() => this.check(s), ASSIST_DELAY);
      this.forms.set(hit.form, state);
      this.startCrawl(hit.form);
    }
    state.field = hit.field;
    if (this.active && this.active !== state) this.active.run.cancel();
    this.active = state;
    state.run();
  }

  /** Read the form into a draft Issue. */
  draft(state) {
    const { spec, form } = state;
    const loc = this.doc.location;
    const titleEl = form.querySelector(spec.title) ?? this.doc.querySelector(spec.title);
    const description = blocksOf([...form.querySelectorAll(spec.description)]);
    const accEls = spec.acceptance ? [...form.querySelectorAll(spec.acceptance)] : [];
    let kindName = '';
    try {
      kindName = spec.kind?.(form, loc) ?? '';
    } catch {
      kindName = '';
    }
    return draftIssue({
      tracker: this.tracker.id,
      kind: kindOf(kindName),
      title: titleOf(titleEl),
      description,
      acceptance: accEls.length ? blocksOf(accEls) : null,
    });
  }

  async check(state) {
    if (!this.started || !state.form.isConnected) return;
    const draft = this.draft(state);
    if (!hasText(draft)) {
      state.lastDraft = '';
      if (this.active === state) this.hide();
      return;
    }
    const sig = JSON.stringify(draft);
    if (sig === state.lastDraft && this.host?.isConnected) return;
    state.lastDraft = sig;
    const seq = ++state.seq;
    const res = await sendToBackground({ type: 'draft-check', scope: this.scope(), draft });
    // A newer pause already asked, or the user moved on: drop this answer.
    if (seq !== state.seq || this.active !== state || !this.started) return;
    if (!res.ok) {
      console.debug('readylens: draft check failed', res.error);
      return;
    }
    let editing = '';
    try {
      editing = state.spec.key?.(state.form, this.doc.location) ?? '';
    } catch {
      editing = '';
    }
    const loc = this.doc.location;
    const similar = (res.similar ?? []).filter((c) => c.key !== editing).map((c) => {
      // Links the importer took from the API (`self`) may name another host; the
      // tracker knows its own issue URLs.
      if (sameOriginUrl(c.url, loc.origin)) return c;
      let url = null;
      try {
        url = this.tracker.issueUrl?.(c.key, this.doc, loc) ?? null;
      } catch {
        url = null;
      }
      return { ...c, url };
    });
    const view = assistView({ report: res.report, similar }, draft, this.doc.location.origin);
    if (state.dismissed) return;
    this.render(state, view);
  }

  hide() {
    if (this.host) this.host.hidden = true;
    this.lastView = '';
  }

  ensureHost() {
    if (this.host?.isConnected && this.root) return;
    const host = this.doc.createElement(ASSIST_TAG);
    const root = host.attachShadow({ mode: 'open' });
    styleRoot(root, ASSIST_CSS);
    (this.doc.body ?? this.doc.documentElement).append(host);
    this.host = host;
    this.root = root;
  }

  /**
   * Draw the panel (only when what it says changed: no flicker while typing).
   * @param {FormState} state
   * @param {import('../authoring.js').AssistView} view
   */
  render(state, view) {
    this.ensureHost();
    const host = /** @type {HTMLElement} */ (this.host);
    const root = /** @type {ShadowRoot} */ (this.root);
    const sig = JSON.stringify(view);
    host.setAttribute('verdict', view.verdict);
    host.setAttribute('theme', themeAt(state.field));
    host.hidden = false;
    this.position();
    if (sig === this.lastView) return;
    this.lastView = sig;
    const doc = this.doc;
    const hadFocus = root.activeElement?.getAttribute('data-action') ?? null;
    const panel = el(doc, 'section', 'assist');
    panel.setAttribute('aria-label', 'readylens draft check');
    const head = el(doc, 'header');
    const toggle = el(doc, 'button', 'toggle');
    toggle.type = 'button';
    toggle.setAttribute('data-action', 'toggle');
    toggle.setAttribute('aria-expanded', String(!this.collapsed));
    toggle.append(el(doc, 'span', `verdict ${view.verdict}`, view.verdictText), el(doc, 'span', 'summary', view.summary));
    toggle.addEventListener('click', () => {
      this.collapsed = !this.collapsed;
      this.lastView = '';
      this.render(state, view);
    });
    const close = el(doc, 'button', 'close', '×');
    close.type = 'button';
    close.setAttribute('data-action', 'dismiss');
    close.setAttribute('aria-label', 'Dismiss readylens hints for this form');
    close.addEventListener('click', () => {
      state.dismissed = true;
      this.hide();
    });
    head.append(toggle, close);
    panel.append(head);
    const crawl = this.crawlRow(this.crawlJob);
    if (crawl) panel.append(crawl);
    const live = el(doc, 'div', 'live', view.announce);
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    panel.append(live);
    const body = el(doc, 'div', 'body');
    body.hidden = this.collapsed;
    if (view.duplicates.length) {
      body.append(el(doc, 'h3', '', 'Possibly a duplicate of'));
      const ul = el(doc, 'ul', 'duplicates');
      for (const c of view.duplicates) {
        const li = el(doc, 'li', 'duplicate');
        li.setAttribute('data-key', c.key);
        const label = c.url ? el(doc, 'a', 'dup-key', c.key) : el(doc, 'span', 'dup-key', c.key);
        if (c.url) {
          label.href = c.url;
          label.target = '_blank';
          label.rel = 'noopener noreferrer';
        }
        li.append(label, el(doc, 'span', 'score', c.percent), el(doc, 'span', 'dup-title', c.title));
        if (c.evidence.length) li.append(el(doc, 'div', 'muted', `Shared words: ${c.evidence.join(', ')}`));
        ul.append(li);
      }
      body.append(ul);
    }
    if (view.missing.length) {
      body.append(el(doc, 'h3', '', 'Missing for Ready'));
      const ul = el(doc, 'ul', 'missing');
      for (const m of view.missing) {
        const li = el(doc, 'li', '', m.next || m.reason || m.name);
        li.setAttribute('data-check', m.name);
        ul.append(li);
      }
      body.append(ul);
    }
    if (view.findings.length) {
      body.append(el(doc, 'h3', '', 'Findings'));
      const ul = el(doc, 'ul', 'findings');
      for (const f of view.findings) ul.append(this.finding(state, f));
      body.append(ul);
    }
    panel.append(body);
    root.replaceChildren(panel);
    if (hadFocus) /** @type {HTMLElement|null} */ (root.querySelector(`[data-action="${hadFocus}"]`))?.focus();
  }

  /**
   * One finding: what, the quoted words, why, how to fix, and "Apply suggestion" where a
   * safe rewrite of a plain-text field exists.
   */
  finding(state, f) {
    const doc = this.doc;
    const li = el(doc, 'li', `finding ${f.severity}`);
    li.setAttribute('data-rule', f.rule);
    li.append(el(doc, 'div', 'msg', f.message));
    if (f.quote) {
      const q = el(doc, 'div', 'quote');
      q.append(doc.createTextNode(f.quote.before), el(doc, 'mark', '', f.quote.match), doc.createTextNode(f.quote.after));
      li.append(q);
    }
    if (f.why) li.append(el(doc, 'div', 'why', f.why));
    if (f.help) li.append(el(doc, 'div', 'help', f.help));
    if (f.suggestion) {
      const target = this.suggestionTarget(state, f);
      const row = el(doc, 'div', 'suggestion', `Suggestion: ${f.suggestion}`);
      if (target) {
        const apply = el(doc, 'button', 'apply', 'Apply suggestion');
        apply.type = 'button';
        apply.setAttribute('data-action', `apply-${f.rule}`);
        apply.addEventListener('click', () => {
          const next = applySuggestion(target.value, f.quote, f.suggestion);
          if (next !== null) setFieldValue(target, next);
        });
        row.append(apply);
      }
      li.append(row);
    }
    li.append(el(doc, 'div', 'muted rule', f.rule));
    return li;
  }

  /** The plain-text field a suggestion can be applied to, or null. */
  suggestionTarget(state, f) {
    const sel = f.field === 'title' ? state.spec.title : f.field === 'description' ? state.spec.description : f.field === 'acceptance-criteria' ? state.spec.acceptance : null;
    if (!sel) return null;
    const fields = [...state.form.querySelectorAll(sel)].filter(isPlainField);
    if (fields.length !== 1) return null;
    const t = /** @type {HTMLInputElement} */ (fields[0]);
    return applySuggestion(t.value, f.quote, f.suggestion) === null ? null : t;
  }

  schedulePosition() {
    if (!this.host || this.host.hidden || this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.position();
    });
  }

  /**
   * Beside the field being typed in, never over it: to its right when there is room,
   * else to its left, else under it (in the viewport).
   */
  position() {
    const host = this.host;
    const field = this.active?.field;
    if (!host || !field?.isConnected) return;
    const win = this.doc.defaultView;
    if (!win) return;
    const r = (this.active?.form.contains(field) ? field : this.active?.form ?? field).getBoundingClientRect();
    const vw = win.innerWidth;
    const vh = win.innerHeight;
    const width = Math.min(WIDTH, vw - 2 * GAP);
    let left;
    let top = Math.max(GAP, Math.min(r.top, vh - 200));
    if (r.right + GAP + width <= vw - GAP) left = r.right + GAP;
    else if (r.left - GAP - width >= GAP) left = r.left - GAP - width;
    else {
      left = Math.max(GAP, Math.min(r.left, vw - width - GAP));
      top = Math.min(r.bottom + GAP, vh - 120);
    }
    host.style.setProperty('left', `${Math.round(left)}px`);
    host.style.setProperty('top', `${Math.round(top)}px`);
    host.style.setProperty('width', `${Math.round(width)}px`);
    host.style.setProperty('max-height', `${Math.max(120, Math.round(vh - top - GAP))}px`);
  }
}

/**
 * Set a plain field's value the way typing does, so the tracker's framework (React,
 * Vue) sees the change: the prototype's value setter, then an `input` event.
 * @param {HTMLInputElement|HTMLTextAreaElement} field
 * @param {string} value
 */
function setFieldValue(field, value) {
  const proto = Object.getPrototypeOf(field);
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}
