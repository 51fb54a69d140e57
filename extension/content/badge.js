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
 * Create a badge for `key` (initially in the "loading" state).
 * @param {Document} doc
 * @param {string} key
 * @param {(badge: HTMLElement) => void} onOpen  called on click / Enter / Space
 * @returns {HTMLElement}
 */
export function createBadge(doc, key, onOpen) {
  const host = doc.createElement(BADGE_TAG);
  host.setAttribute('key', key);
  const root = host.attachShadow({ mode: 'open' });
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
  root.append(button);
  styleRoot(root, BADGE_CSS);
  roots.set(host, { button, label, score, kpi });
  // Keep the tracker from treating a badge click as a click on the card (open / drag).
  const stop = (e) => e.stopPropagation();
  for (const t of ['pointerdown', 'mousedown', 'mouseup', 'dragstart', 'keydown', 'keyup']) host.addEventListener(t, stop);
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
 * @param {{key: string, report: any, state?: 'loading'|'failed', theme?: 'light'|'dark'}} view
 */
export function setBadgeState(host, { key, report, state, theme }) {
  const parts = roots.get(host);
  if (!parts) return;
  const setAttr = (name, value) => {
    if (value === null || value === undefined) {
      if (host.hasAttribute(name)) host.removeAttribute(name);
    } else if (host.getAttribute(name) !== value) host.setAttribute(name, value);
  };
  const setText = (el, t) => {
    if (el.textContent !== t) el.textContent = t;
  };
  setAttr('key', key);
  if (theme) setAttr('theme', theme);
  if (!report) {
    setAttr('verdict', null);
    setAttr('score', null);
    setAttr('state', state ?? 'loading');
    setText(parts.label, state === 'failed' ? 'readylens: n/a' : '…');
    setText(parts.score, '');
    setText(parts.kpi, '');
    parts.button.setAttribute('aria-label', `readylens ${key}: ${state === 'failed' ? 'could not be analysed' : 'analysing'}`);
    return;
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
  const label = `${words.join(', ')}. Open details`;
  if (parts.button.getAttribute('aria-label') !== label) parts.button.setAttribute('aria-label', label);
  parts.button.title = `${words.join(' · ')}`;
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
