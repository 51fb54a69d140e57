// The `<readylens-badge>` element: a compact readiness / priority / KPI badge drawn in
// Shadow DOM. The element name and its `key`, `verdict` and `score` attributes are
// stable hooks for tests and users' styles (issue 8). Content scripts cannot define
// custom elements (no `customElements` in the isolated world), so the element stays an
// undefined custom element with an attached shadow root, which needs no registration.

import { BADGE_CSS, styleRoot } from './styles.js';
import { VERDICT_WORDS, formatScore, frameworkLabel, priorityScore, readinessLabel, verdictAttr } from '../report-view.js';

/** Tag name of the badge element. */
export const BADGE_TAG = 'readylens-badge';

const roots = new WeakMap();

/**
 * The host's own geometry, set inline with `!important`: out of the flow (absolutely
 * positioned at its static position, i.e. where it was inserted), zero-size, no margin.
 * Inline `!important` beats every page stylesheet, so a tracker rule such as
 * `.card-footer > * { position: relative; margin-left: 8px }` cannot put the badge back
 * into the layout. (Set through CSSOM, which a page's style-src CSP does not block.)
 */
const HOST_GEOMETRY = [
  ['position', 'absolute'], ['display', 'inline-block'], ['width', '0'], ['height', '0'],
  ['min-width', '0'], ['min-height', '0'], ['max-width', 'none'], ['max-height', 'none'],
  ['margin', '0'], ['padding', '0'], ['border', '0'], ['float', 'none'], ['inset', 'auto'],
  ['overflow', 'visible'], ['transform', 'none'], ['flex', 'none'], ['order', '0'],
];

/** Events that must not reach the tracker's card (open / drag on pointer down). */
const SWALLOWED = ['pointerdown', 'mousedown', 'mouseup', 'dragstart', 'keydown', 'keyup'];
const stop = (e) => e.stopPropagation();

/**
 * Create a badge for `key` (initially in the "loading" state). It is not in the page
 * yet: the caller inserts it (badges are inserted in batches, see main.js).
 * @param {Document} doc
 * @param {string} key
 * @param {(badge: HTMLElement) => void} onOpen  called on click / Enter / Space
 * @param {{compact?: boolean, theme?: 'light'|'dark'}} [opts]  compact: a dot only
 *   (key links in running text, where a full badge would cover the words after it)
 * @returns {HTMLElement}
 */
export function createBadge(doc, key, onOpen, { compact = false, theme } = {}) {
  const host = doc.createElement(BADGE_TAG);
  for (const [p, v] of HOST_GEOMETRY) host.style.setProperty(p, v, 'important');
  host.setAttribute('key', key);
  if (compact) host.setAttribute('size', 'compact');
  if (theme) host.setAttribute('theme', theme);
  const root = host.attachShadow({ mode: 'open' });
  styleRoot(root, BADGE_CSS);
  const wrap = doc.createElement('span');
  wrap.className = 'wrap';
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'button');
  const dot = doc.createElement('span');
  dot.className = 'dot';
  dot.setAttribute('aria-hidden', 'true');
  const label = doc.createElement('span');
  label.className = 'label';
  const score = doc.createElement('span');
  score.className = 'score';
  const kpi = doc.createElement('span');
  kpi.className = 'kpi';
  button.append(dot, label, score, kpi);
  wrap.append(button);
  root.append(wrap);
  roots.set(host, { button, label, score, kpi, wrap, placed: '', room: 0, compact, shrunk: false });
  // Keep the tracker from treating a badge click as a click on the card (open / drag).
  for (const t of SWALLOWED) host.addEventListener(t, stop);
  host.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    onOpen(host);
  });
  setBadgeState(host, { key, report: null, state: 'loading' });
  return host;
}

/**
 * Show `report` (one entry of `report.issues`) on the badge, or a loading / failed state.
 * Only attributes and text that changed are touched, so re-drawing does not flicker.
 * @param {HTMLElement} host
 * `note`: why the tracker's API could not be used (the issue was read from the page
 * text, or not at all): the badge is drawn muted (`degraded`) and says so to screen
 * readers; the panel gives the reason in full.
 * @param {{key: string, report: any, state?: 'loading'|'failed', theme?: 'light'|'dark', note?: string|null}} view
 * @returns {boolean} whether the badge may now be wider than the room it was placed in
 *   (the caller then places it again)
 */
export function setBadgeState(host, { key, report, state, theme, note = null }) {
  const parts = roots.get(host);
  if (!parts) return false;
  let changed = false;
  const setAttr = (name, value) => {
    if (value === null || value === undefined) {
      if (host.hasAttribute(name)) host.removeAttribute(name);
    } else if (host.getAttribute(name) !== value) host.setAttribute(name, value);
  };
  const setText = (el, t) => {
    if (el.textContent !== t) {
      el.textContent = t;
      changed = true;
    }
  };
  setAttr('key', key);
  if (theme) setAttr('theme', theme);
  setAttr('degraded', note ? '' : null);
  if (!report) {
    setAttr('verdict', null);
    setAttr('score', null);
    setAttr('state', state ?? 'loading');
    setText(parts.label, state === 'failed' ? 'readylens: n/a' : '…');
    setText(parts.score, '');
    setText(parts.kpi, '');
    parts.button.setAttribute('aria-label', `readylens ${key}: ${state === 'failed' ? 'could not be analysed' : 'analysing'}${state === 'failed' && note ? ` (${note})` : ''}`);
    return changed && estimateWidth(parts) > parts.room;
  }
  const verdict = verdictAttr(report);
  const readiness = readinessLabel(report);
  const prio = priorityScore(report);
  const kpis = Array.isArray(report.kpis) ? report.kpis.length : 0;
  setAttr('state', null);
  setAttr('verdict', verdict);
  setAttr('score', prio ? formatScore(prio.score) : null);
  setText(parts.label, `${readiness} ${verdict === 'ready' ? 'ready' : verdict === 'almost' ? 'almost' : verdict === 'not-ready' ? 'not ready' : ''}`.trim());
  setText(parts.score, prio ? `· ${frameworkLabel(prio.framework)} ${formatScore(prio.score)}` : '');
  setText(parts.kpi, kpis ? '· ◎' : '');
  const words = [`readylens ${key}: ${VERDICT_WORDS[verdict]}`, `readiness ${readiness}`];
  if (prio) words.push(`priority score ${formatScore(prio.score)}${prio.framework ? ` (${prio.framework})` : ''}`);
  if (kpis) words.push(`${kpis} KPI hint${kpis > 1 ? 's' : ''}`);
  if (note) words.push('read from the page text, the tracker API could not be used');
  const label = `${words.join(', ')}. Open details`;
  if (parts.button.getAttribute('aria-label') !== label) parts.button.setAttribute('aria-label', label);
  parts.button.title = `${words.join(' · ')}`;
  return changed && estimateWidth(parts) > parts.room;
}

/**
 * Room kept for a badge when it is placed: the usual "8/10 not ready" fits, so drawing
 * the verdict over the loading badge does not need the page's geometry read again.
 */
const ROOM = 112;

/** A generous guess of the badge's width from its text (10px bold, about 6.2px a char). */
function estimateWidth(parts) {
  if (parts.compact) return 10;
  const chars = (parts.label.textContent?.length ?? 0) + (parts.score.textContent?.length ?? 0) + (parts.kpi.textContent?.length ?? 0);
  return 26 + 6.2 * chars;
}

/**
 * Where to draw the badge so it covers none of the card's text, pictures or controls: right of the anchor's
 * last line, else under it, else in the card's top-right or bottom-right corner, or at
 * its right edge on the anchor's line, inside the card; the first that covers nothing
 * wins, else the one that covers least.
 * Reads geometry only (call it in the read half of a frame, before any write).
 * @param {HTMLElement} host    the (already inserted) badge
 * @param {Element} anchor
 * @param {Element} element     the card / row / view the badge belongs to
 * @returns {{dx: number, dy: number, compact: boolean}|null}  offset from the host's own
 *   position; `compact`: shrink the badge to its dot (no full-size place is free)
 */
export function choosePlacement(host, anchor, element) {
  const parts = roots.get(host);
  if (!parts || !host.isConnected) return null;
  const doc = host.ownerDocument;
  const h = host.getBoundingClientRect();
  const b = parts.button.getBoundingClientRect();
  const e = element.getBoundingClientRect();
  if (!b.width || !e.width) return null;
  const range = doc.createRange();
  range.selectNodeContents(anchor);
  const lines = [...range.getClientRects()].filter((r) => r.width > 0);
  const a = lines.length ? lines[lines.length - 1] : anchor.getBoundingClientRect();
  const first = lines.length ? lines[0] : a;
  const texts = [];
  const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(), i = 0; n && i < 80; n = walker.nextNode(), i++) {
    if (!n.textContent?.trim()) continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width > 0) texts.push(r);
  }
  // Pictures and controls of the card (avatars, icons, buttons) are not covered either.
  for (const c of element.querySelectorAll('img, svg, button, input, select, textarea')) {
    const r = c.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) texts.push(r);
    if (texts.length > 200) break;
  }
  // A badge shrunk to a dot by an earlier placement measures as a dot: plan the full size.
  const w = parts.compact ? b.width : Math.max(parts.shrunk ? 0 : b.width, ROOM, estimateWidth(parts));
  parts.room = w;
  const ht = parts.shrunk ? FULL_HEIGHT : b.height;
  /** @type {[number, number][]} */
  const candidates = [
    [a.right + 4, a.top + (a.height - ht) / 2],
    [first.left, a.bottom + 2],
    [e.right - w - 4, e.top + 3],
    [e.right - w - 4, e.bottom - ht - 3],
    [e.right - w - 4, a.top + (a.height - ht) / 2],
  ];
  // How much of the card's text the badge would cover there (outside the card counts too:
  // it would cover the neighbour's).
  const covered = ([x, y], cw = w, ch = ht) => {
    let area = 0;
    for (const t of texts) area += Math.max(0, Math.min(t.right, x + cw) - Math.max(t.left, x)) * Math.max(0, Math.min(t.bottom, y + ch) - Math.max(t.top, y));
    const inside = Math.max(0, Math.min(e.right, x + cw) - Math.max(e.left, x)) * Math.max(0, Math.min(e.bottom, y + ch) - Math.max(e.top, y));
    return area + (cw * ch - inside);
  };
  // The first place that covers nothing, else the one that covers least.
  let best = candidates[0];
  let least = Infinity;
  for (const c of candidates) {
    const area = covered(c);
    if (area === 0) {
      best = c;
      least = 0;
      break;
    }
    if (area < least) {
      least = area;
      best = c;
    }
  }
  if (least > 0 && !parts.compact) {
    // Every full-size place covers something (a dense one-line row whose title runs to
    // its right edge): a dot in the row's trailing space (its right padding), or at the
    // end of the anchor's last line, covers nothing, where the full badge would hide the
    // title's last words. Its label stays in the tooltip and for screen readers.
    const d = COMPACT_SIZE;
    const dots = [
      [e.right - d - 3, a.top + (a.height - d) / 2],
      [e.right - d - 3, e.bottom - d - 3],
      [e.right - d - 3, e.top + 3],
      [a.right + 3, a.top + (a.height - d) / 2],
    ];
    for (const [x, y] of dots) {
      if (covered([x, y], d, d) === 0) return { dx: Math.round(x - h.left), dy: Math.round(y - h.top), compact: true };
    }
  }
  const [x, y] = best;
  return { dx: Math.round(x - h.left), dy: Math.round(y - h.top), compact: false };
}

/** The full badge's height and the dot's size (styles.js BADGE_CSS). */
const FULL_HEIGHT = 16;
const COMPACT_SIZE = 10;

/**
 * Move the badge to the place `choosePlacement` chose (a write).
 * @param {HTMLElement} host
 * @param {{dx: number, dy: number, compact?: boolean}|null} at
 */
export function applyPlacement(host, at) {
  const parts = roots.get(host);
  if (!parts) return;
  if (at) {
    const v = `${at.dx},${at.dy}`;
    if (!parts.compact && Boolean(at.compact) !== parts.shrunk) {
      parts.shrunk = Boolean(at.compact);
      if (parts.shrunk) host.setAttribute('size', 'compact');
      else host.removeAttribute('size');
    }
    if (parts.placed !== v) {
      parts.placed = v;
      parts.wrap.style.setProperty('left', `${at.dx}px`);
      parts.wrap.style.setProperty('top', `${at.dy}px`);
      parts.wrap.style.setProperty('height', 'auto');
    }
  }
  if (!host.hasAttribute('placed')) host.setAttribute('placed', '');
}

/**
 * Focus the badge's button (used to return focus after the panel closes).
 * @param {HTMLElement} host
 */
export function focusBadge(host) {
  roots.get(host)?.button.focus();
}

/**
 * Guess whether the page around `el` is dark, from the first opaque background colour
 * among its ancestors.
 * @param {Element} el
 * @returns {'light'|'dark'}
 */
export function themeAt(el) {
  const win = el.ownerDocument?.defaultView;
  for (let n = el; n && n.nodeType === 1 && win; n = n.parentElement) {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(win.getComputedStyle(n).backgroundColor);
    if (!m || (m[4] !== undefined && Number(m[4]) < 0.5)) continue;
    const [r, g, b] = [m[1], m[2], m[3]].map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
  }
  return win?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
