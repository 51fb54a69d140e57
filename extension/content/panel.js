// The detail panel opened from a badge: failed and passed readiness checks with the
// reason and the next step, the highlighted problem text, priority inputs, KPI hints and
// possible duplicates on the page. One panel per page, in Shadow DOM, fixed-positioned so
// it never moves the tracker's layout. Every piece of issue text goes in through
// `textContent`; nothing is ever parsed as HTML.

import { PANEL_CSS, styleRoot } from './styles.js';
import {
  VERDICT_WORDS, excerpt, formatScore, groupDiagnostics, priorityScore, priorityView, readinessChecks, readinessLabel, verdictAttr,
} from '../report-view.js';

/** Tag name of the panel host element. */
export const PANEL_TAG = 'readylens-panel';

/**
 * "the same day", "1 day apart", "12 days apart".
 * @param {number} n days between the two issues' creation dates
 * @returns {string}
 */
export function daysApart(n) {
  return n === 0 ? 'the same day' : n === 1 ? '1 day apart' : `${n} days apart`;
}

/**
 * Create an element with text (never HTML).
 * @param {Document} doc
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [textContent]
 * @returns {any} the element (typed loosely: callers set tag-specific properties)
 */
function el(doc, tag, className, textContent) {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (textContent !== undefined) e.textContent = textContent;
  return e;
}

const SKIP_KEYS = new Set(['inputs', 'missing']);

/** Render a small JSON value as a definition list (priority inputs, KPI evidence). */
function describe(doc, value, depth = 0) {
  if (value === null || value === undefined) return el(doc, 'span', 'muted', '—');
  if (typeof value !== 'object') return el(doc, 'span', '', typeof value === 'number' ? formatScore(value) : String(value));
  if (Array.isArray(value)) {
    if (!value.length) return el(doc, 'span', 'muted', 'none');
    if (value.every((v) => typeof v !== 'object' || v === null)) return el(doc, 'span', '', value.map(String).join(', '));
    const ul = el(doc, 'ul');
    for (const v of value.slice(0, 20)) {
      const li = el(doc, 'li');
      li.append(describe(doc, v, depth + 1));
      ul.append(li);
    }
    return ul;
  }
  if (depth > 3) return el(doc, 'span', 'muted', '…');
  const dl = el(doc, 'dl');
  for (const [k, v] of Object.entries(value)) {
    if (depth === 0 && SKIP_KEYS.has(k) && (v === null || (Array.isArray(v) && !v.length))) continue;
    dl.append(el(doc, 'dt', '', k.replace(/_/g, ' ')));
    const dd = el(doc, 'dd');
    dd.append(describe(doc, v, depth + 1));
    dl.append(dd);
  }
  return dl;
}

function finding(doc, d, issue) {
  const li = el(doc, 'li', `finding ${['error', 'warning', 'info'].includes(d?.severity) ? d.severity : 'info'}`);
  li.setAttribute('data-rule', String(d?.rule ?? ''));
  const head = el(doc, 'div');
  head.append(el(doc, 'span', 'sev', String(d?.severity ?? '')), el(doc, 'span', 'msg', String(d?.message ?? '')));
  li.append(head);
  const ex = excerpt(issue, d);
  if (ex) {
    const box = el(doc, 'div', 'excerpt');
    box.append(doc.createTextNode(ex.before), el(doc, 'mark', '', ex.match), doc.createTextNode(ex.after));
    li.append(box);
  }
  if (d?.why) li.append(el(doc, 'div', 'why', String(d.why)));
  if (d?.help) li.append(el(doc, 'div', 'help', String(d.help)));
  if (d?.suggestion) li.append(el(doc, 'div', 'suggestion', `Suggestion: ${d.suggestion}`));
  if (d?.rule) li.append(el(doc, 'div', 'muted', String(d.rule)));
  return li;
}

/**
 * @typedef {object} PanelContext
 * @property {any} report   one entry of `report.issues` (null when not analysed)
 * @property {any} issue    the normalised issue it was computed from
 * @property {string} key
 * @property {(key: string) => string|null} titleOf  title of another issue on the page
 * @property {string} [error] why the issue could not be analysed
 * @property {string} [note] why it was read from the page text (the tracker API failed)
 */

/**
 * Create the panel (hidden) and attach it to the page.
 * @param {Document} doc
 * @returns {{open: (ctx: PanelContext, opener?: HTMLElement, theme?: string) => void, close: () => void, destroy: () => void, host: HTMLElement, isOpen: () => boolean, key: () => string|null}}
 */
export function createPanel(doc) {
  const host = el(doc, PANEL_TAG);
  host.hidden = true;
  host.setAttribute('role', 'dialog');
  host.setAttribute('aria-modal', 'false');
  const root = host.attachShadow({ mode: 'open' });
  const box = el(doc, 'div', 'panel');
  root.append(box);
  styleRoot(root, PANEL_CSS);
  doc.documentElement.append(host);
  let opener = null;
  let current = null;

  const close = () => {
    if (host.hidden) return;
    host.hidden = true;
    current = null;
    const o = opener;
    opener = null;
    if (o?.isConnected) o.dispatchEvent(new CustomEvent('readylens-focus'));
  };
  host.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  });

  const open = (ctx, openerEl, theme) => {
    opener = openerEl ?? null;
    current = ctx.key;
    host.setAttribute('key', ctx.key);
    host.setAttribute('theme', theme ?? 'light');
    const { report, issue } = ctx;
    box.replaceChildren();
    const header = el(doc, 'header');
    const titles = el(doc, 'div', 'titles');
    titles.append(el(doc, 'div', 'key', ctx.key));
    const h2 = el(doc, 'h2', '', String(report?.title ?? issue?.title ?? ''));
    h2.id = 'readylens-title';
    titles.append(h2);
    const verdict = verdictAttr(report);
    const pill = el(doc, 'span', `verdict ${verdict}`, report ? `${VERDICT_WORDS[verdict]} · ${readinessLabel(report)}` : VERDICT_WORDS.unknown);
    titles.append(pill);
    const closeBtn = el(doc, 'button', 'close', '×');
    closeBtn.type = 'button';
    closeBtn.setAttribute('aria-label', 'Close readylens details');
    closeBtn.addEventListener('click', close);
    header.append(titles, closeBtn);
    box.append(header);
    host.setAttribute('aria-label', `readylens details for ${ctx.key}`);
    if (ctx.note) box.append(el(doc, 'p', 'muted note', ctx.note));

    if (!report) {
      box.append(el(doc, 'p', 'muted', ctx.error ? `Not analysed: ${ctx.error}` : 'Not analysed yet.'));
    } else {
      const { failed, passed } = readinessChecks(report);
      // A failed check is also reported as a diagnostic with the same id: show it once,
      // here, with the diagnostic's "why" and highlighted text.
      const diagsByRule = new Map((Array.isArray(report.diagnostics) ? report.diagnostics : []).map((d) => [d?.rule, d]));
      const check = (c, ok) => {
        const li = el(doc, 'li', `finding ${ok ? 'passed' : c.severity === 'error' ? 'error' : c.severity === 'warning' ? 'warning' : 'info'}`);
        li.setAttribute('data-check', c.name);
        const head = el(doc, 'div');
        head.append(el(doc, 'span', 'sev', ok ? 'pass' : c.severity || 'fail'), el(doc, 'span', 'msg', c.name));
        li.append(head);
        if (c.reason) li.append(el(doc, 'div', 'why', c.reason));
        const d = ok ? null : diagsByRule.get(c.name);
        if (d) {
          const ex = excerpt(issue, d);
          if (ex) {
            const box2 = el(doc, 'div', 'excerpt');
            box2.append(doc.createTextNode(ex.before), el(doc, 'mark', '', ex.match), doc.createTextNode(ex.after));
            li.append(box2);
          }
          if (d.why) li.append(el(doc, 'div', 'why', String(d.why)));
        }
        if (!ok && c.next) li.append(el(doc, 'div', 'help', c.next));
        return li;
      };
      const shownAsCheck = new Set(failed.map((c) => c.name));
      if (failed.length || passed.length) {
        box.append(el(doc, 'h3', '', `Definition of Ready (${passed.length}/${failed.length + passed.length} passed)`));
        if (failed.length) {
          const ul = el(doc, 'ul', 'checks');
          for (const c of failed) ul.append(check(c, false));
          box.append(ul);
        }
        if (passed.length) {
          // Passed checks matter less than the gaps: listed, but folded.
          const details = el(doc, 'details', 'passed');
          if (!failed.length) details.open = true;
          details.append(el(doc, 'summary', '', `Passed checks (${passed.length})`));
          const ul = el(doc, 'ul', 'checks');
          for (const c of passed) ul.append(check(c, true));
          details.append(ul);
          box.append(details);
        }
      }
      const { errors, warnings, infos } = groupDiagnostics(report);
      const problems = [...errors, ...warnings, ...infos].filter((d) => !shownAsCheck.has(d?.rule));
      box.append(el(doc, 'h3', '', `Findings (${problems.length})`));
      if (problems.length) {
        const ul = el(doc, 'ul', 'findings');
        for (const d of problems) ul.append(finding(doc, d, issue));
        box.append(ul);
      } else {
        box.append(el(doc, 'p', 'muted', 'No problems found by the enabled checks.'));
      }
      const dups = Array.isArray(report.duplicates) ? report.duplicates : [];
      if (dups.length) {
        box.append(el(doc, 'h3', '', 'Possible duplicates on this page'));
        const ul = el(doc, 'ul', 'duplicates');
        for (const d of dups) {
          const li = el(doc, 'li', 'finding info');
          // The text similarity (the candidate's order also weighs how close in time
          // the two were filed: days_apart).
          const sim = typeof d?.similarity === 'number' ? d.similarity : d?.score;
          const score = typeof sim === 'number' ? ` · ${Math.round(sim * 100)}% similar` : '';
          const apart = Number.isInteger(d?.days_apart) ? ` · filed ${daysApart(d.days_apart)}` : '';
          li.append(el(doc, 'div', 'msg', `${d?.key ?? ''}${score}${apart}`));
          const t = ctx.titleOf(String(d?.key ?? ''));
          if (t) li.append(el(doc, 'div', 'why', t));
          ul.append(li);
        }
        box.append(ul);
      }
      const prio = priorityScore(report);
      const view = priorityView(report);
      const prioObj = report.priority && typeof report.priority === 'object' ? report.priority : null;
      if (view && (view.frameworks.length || view.notes.length)) {
        box.append(el(doc, 'h3', '', prio ? `Priority · ${formatScore(prio.score)} (${prio.framework})` : 'Priority'));
        const ul = el(doc, 'ul', 'priority');
        const unscored = el(doc, 'ul', 'priority');
        for (const f of view.frameworks) {
          const li = el(doc, 'li', `finding ${f.score !== null ? 'passed' : 'info'}`);
          li.setAttribute('data-framework', f.name);
          const head = el(doc, 'div');
          if (f.primary) head.append(el(doc, 'span', 'sev', 'primary'));
          head.append(el(doc, 'span', 'msg', f.score !== null ? `${f.name.toUpperCase()} ${formatScore(f.score)}` : `${f.name.toUpperCase()} not scored`));
          li.append(head);
          if (f.explanation) li.append(el(doc, 'div', 'why', f.explanation));
          for (const i of f.inputs) li.append(el(doc, 'div', 'evidence', i));
          if (f.missing.length && f.score === null) li.append(el(doc, 'div', 'help', `Add ${f.missing.join(', ')}`));
          if (f.score !== null && f.confidence) li.append(el(doc, 'div', 'muted', `confidence ${f.confidence}`));
          // The primary framework is always shown; the others only when they scored.
          (f.score !== null || f.primary ? ul : unscored).append(li);
        }
        box.append(ul);
        if (unscored.children.length) {
          const details = el(doc, 'details', 'passed');
          details.append(el(doc, 'summary', '', `Not scored: ${[...unscored.children].map((li) => li.getAttribute('data-framework').toUpperCase()).join(', ')}`));
          details.append(unscored);
          box.append(details);
        }
        for (const n of view.notes) box.append(el(doc, 'p', 'muted', n));
      } else if (prio || (prioObj && Object.keys(prioObj).length)) {
        box.append(el(doc, 'h3', '', prio ? `Priority · ${formatScore(prio.score)}${prio.framework ? ` (${prio.framework})` : ''}` : 'Priority'));
        const sec = el(doc, 'div', 'priority');
        sec.append(describe(doc, prioObj));
        box.append(sec);
      }
      const kpis = Array.isArray(report.kpis) ? report.kpis : [];
      if (kpis.length) {
        box.append(el(doc, 'h3', '', `KPI hints (${kpis.length})`));
        const ul = el(doc, 'ul', 'kpis');
        for (const k of kpis) {
          const li = el(doc, 'li', 'finding info');
          const conf = typeof k?.confidence === 'number' ? ` · ${Math.round(k.confidence * 100)}%` : '';
          li.append(el(doc, 'div', 'msg', `${k?.kpi ?? k?.name ?? k?.id ?? 'KPI'}${conf}`));
          if (k?.reason) li.append(el(doc, 'div', 'why', String(k.reason)));
          const evidence = Array.isArray(k?.evidence) ? k.evidence : [];
          if (evidence.length) {
            li.append(el(doc, 'div', 'evidence', `Evidence: ${evidence.map((e) => `"${e?.text ?? ''}"${e?.field ? ` in ${e.field}` : e?.source ? ` (${e.source})` : ''}`).join(', ')}`));
          }
          if (Array.isArray(k?.parents) && k.parents.length) li.append(el(doc, 'div', 'muted', `Contributes to: ${k.parents.join(' → ')}`));
          if (k?.owner) li.append(el(doc, 'div', 'muted', `Owner: ${k.owner}`));
          ul.append(li);
        }
        box.append(ul);
      }
    }
    host.hidden = false;
    closeBtn.focus();
  };

  return {
    open,
    close,
    destroy: () => host.remove(),
    host,
    isOpen: () => !host.hidden,
    key: () => current,
  };
}
