// Authoring assist (issue 14), the pure parts: the text of an editor → a draft Issue,
// a debouncer, and the view model of the hints panel. No DOM access here (the content
// script reads the editors; tests/js/extension-authoring.test.mjs tests this module).

import { excerpt, readinessChecks, VERDICT_WORDS } from './report-view.js';
import { kindFromName } from './trackers/common.js';

/** Idle pause after the last keystroke before a draft is checked (ms). */
export const ASSIST_DELAY = 300;
/** Most duplicate candidates shown. */
export const MAX_CANDIDATES = 5;

const HEADING_RE = /^(#{1,6})\s+(.*)$/;
const TASK_RE = /^(\s*)[-*+]\s+\[([ xX])\]\s+(.*)$/;
const BULLET_RE = /^(\s*)[-*+•]\s+(.*)$/;
const ORDERED_RE = /^(\s*)\d+[.)]\s+(.*)$/;

/**
 * Blocks (src/model.rs `Block`) from plain or Markdown-ish text as typed in a textarea:
 * one block per non-empty line; `#` headings, `-`/`*` and numbered list items (with
 * depth from the indent, and task boxes) are recognised, everything else is a paragraph.
 * Fenced code is kept as one code block.
 * @param {string} text
 * @returns {object[]}
 */
export function blocksFromText(text) {
  const blocks = [];
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body = [];
      let m = n + 1;
      while (m < lines.length && !lines[m].trim().startsWith(fence[1])) body.push(lines[m++]);
      blocks.push({ type: 'code', lang: fence[2] || null, text: body.join('\n') });
      n = m;
      continue;
    }
    if (!line.trim()) continue;
    let m = HEADING_RE.exec(line.trim());
    if (m && m[2].trim()) {
      blocks.push({ type: 'heading', level: m[1].length, text: m[2].trim() });
      continue;
    }
    m = TASK_RE.exec(line);
    if (m) {
      blocks.push({ type: 'list-item', ordered: false, depth: depthOf(m[1]), checked: m[2] !== ' ', text: m[3].trim() });
      continue;
    }
    m = BULLET_RE.exec(line) ?? null;
    const ordered = m ? null : ORDERED_RE.exec(line);
    if (m || ordered) {
      const mm = /** @type {RegExpExecArray} */ (m ?? ordered);
      if (mm[2].trim()) {
        blocks.push({ type: 'list-item', ordered: Boolean(ordered), depth: depthOf(mm[1]), text: mm[2].trim() });
        continue;
      }
    }
    blocks.push({ type: 'paragraph', text: line.trim() });
  }
  return blocks;
}

const depthOf = (indent) => Math.min(8, Math.floor(indent.replace(/\t/g, '  ').length / 2));

/**
 * The draft Issue the core checks.
 * @param {object} f
 * @param {string} f.tracker
 * @param {string} [f.key]         the key of the issue being edited ('' for a new one)
 * @param {string} [f.kind]        normalised kind ('story' when unknown)
 * @param {string} [f.title]
 * @param {object[]} [f.description]  blocks
 * @param {object[]|null} [f.acceptance] blocks of a dedicated acceptance-criteria field
 * @returns {object}
 */
export function draftIssue({ tracker, key = '', kind = 'story', title = '', description = [], acceptance = null }) {
  const issue = {
    tracker,
    key,
    kind,
    title: String(title).replace(/\s+/g, ' ').trim(),
    description: { blocks: description },
    labels: [],
  };
  if (acceptance) issue.acceptance_criteria = { blocks: acceptance };
  return issue;
}

/**
 * The kind of a draft from the create form's type picker ('story' when none is shown).
 * @param {string|null|undefined} name the tracker's type name
 * @returns {string}
 */
export function kindOf(name) {
  const n = String(name ?? '').trim();
  return n ? kindFromName(n) : 'story';
}

/**
 * Has the draft anything worth checking? (Nothing is shown for an empty form.)
 * @param {any} draft
 * @returns {boolean}
 */
export function hasText(draft) {
  const blocks = [...(draft?.description?.blocks ?? []), ...(draft?.acceptance_criteria?.blocks ?? [])];
  return Boolean(draft?.title?.trim()) || blocks.some((b) => typeof b.text === 'string' && b.text.trim());
}

/**
 * A debounced function: `fn` runs once `wait` ms after the last call, with the last
 * call's arguments. `cancel()` drops a pending call, `flush()` runs it now.
 * @template {any[]} A
 * @param {(...args: A) => void} fn
 * @param {number} wait
 * @param {{setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout}} [timers]
 * @returns {((...args: A) => void) & {cancel: () => void, flush: () => void, pending: () => boolean}}
 */
export function debounce(fn, wait, timers = globalThis) {
  /** @type {any} */
  let timer = null;
  /** @type {A|null} */
  let last = null;
  const run = () => {
    timer = null;
    const args = last;
    last = null;
    if (args) fn(...args);
  };
  const d = /** @type {any} */ ((/** @type {A} */ ...args) => {
    last = args;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(run, wait);
  });
  d.cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    last = null;
  };
  d.flush = () => {
    if (timer !== null) timers.clearTimeout(timer);
    run();
  };
  d.pending = () => timer !== null;
  return d;
}

/**
 * @typedef {object} AssistView
 * @property {string} verdict      'ready' | 'almost' | 'not-ready' | 'unknown'
 * @property {string} verdictText  e.g. "Almost ready"
 * @property {string} summary      e.g. "4 of 6 checks met: add acceptance criteria, add an estimate"
 * @property {{name: string, reason: string, next: string}[]} missing
 * @property {{rule: string, severity: string, message: string, why: string, help: string,
 *   field: string, quote: {before: string, match: string, after: string}|null,
 *   suggestion: string|null}[]} findings
 * @property {{key: string, title: string, score: number, percent: string, url: string|null, evidence: string[]}[]} duplicates
 * @property {string} announce     one sentence for the polite live region
 */

const VERDICT_ATTR = { ready: 'ready', 'almost-ready': 'almost', 'not-ready': 'not-ready' };

/**
 * Is `url` a link to the page's own origin? (Only such links are shown.)
 * @param {unknown} url
 * @param {string} origin
 * @returns {string|null} the absolute URL, or null
 */
export function sameOriginUrl(url, origin) {
  if (typeof url !== 'string' || !url) return null;
  try {
    const u = new URL(url, origin);
    return u.origin === origin && (u.protocol === 'https:' || u.protocol === 'http:') ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The hints panel's content for one `draft-check` answer.
 * @param {{report: any, similar: any[]}} result
 * @param {any} draft the draft that was checked (for the quoted fragments)
 * @param {string} origin the page origin (duplicate links stay on it)
 * @returns {AssistView}
 */
export function assistView(result, draft, origin) {
  const report = result?.report ?? null;
  const verdict = VERDICT_ATTR[report?.readiness?.verdict] ?? 'unknown';
  const { failed, passed } = readinessChecks(report);
  const total = failed.length + passed.length;
  const missing = failed.map((c) => ({ name: c.name, reason: c.reason, next: c.next }));
  const steps = missing.map((c) => (c.next || c.reason || c.name).replace(/[.\s]+$/, '')).filter(Boolean);
  const summary = total
    ? `${passed.length} of ${total} checks met${steps.length ? `: ${steps.join('; ')}` : ''}`
    : 'No Definition of Ready checks apply';
  const failedNames = new Set(failed.map((c) => c.name));
  const findings = [];
  for (const d of Array.isArray(report?.diagnostics) ? report.diagnostics : []) {
    if (!d || typeof d !== 'object') continue;
    // A failed readiness check is already listed under "missing".
    if (failedNames.has(d.rule)) continue;
    findings.push({
      rule: String(d.rule ?? ''),
      severity: ['error', 'warning', 'info'].includes(d.severity) ? d.severity : 'info',
      message: String(d.message ?? ''),
      why: String(d.why ?? ''),
      help: String(d.help ?? ''),
      field: String(d.field ?? ''),
      quote: excerpt(draft, d, 40),
      suggestion: typeof d.suggestion === 'string' && d.suggestion ? d.suggestion : null,
    });
  }
  const duplicates = (Array.isArray(result?.similar) ? result.similar : [])
    .filter((c) => c && typeof c.key === 'string' && typeof c.score === 'number')
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CANDIDATES)
    .map((c) => ({
      key: c.key,
      title: typeof c.title === 'string' ? c.title : '',
      score: c.score,
      percent: `${Math.round(c.score * 100)}%`,
      url: sameOriginUrl(c.url, origin),
      evidence: Array.isArray(c.evidence) ? c.evidence.filter((e) => typeof e === 'string').slice(0, 6) : [],
    }));
  const verdictText = VERDICT_WORDS[verdict] ?? 'Not analysed';
  const parts = [`${verdictText}, ${summary.split(':')[0]}`];
  if (findings.length) parts.push(`${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  if (duplicates.length) parts.push(`possibly a duplicate of ${duplicates.map((c) => c.key).join(', ')}`);
  return { verdict, verdictText, summary, missing, findings, duplicates, announce: `${parts.join('; ')}.` };
}

/**
 * Where a suggestion can be applied to a plain-text field: the spanned fragment, found
 * exactly once in the field's current value (so a stale or ambiguous span never edits
 * the wrong words). Returns the new value, or null when there is no safe rewrite.
 * @param {string} value the field's current text
 * @param {{match: string}|null} quote the fragment the diagnostic points at
 * @param {string|null} suggestion
 * @returns {string|null}
 */
export function applySuggestion(value, quote, suggestion) {
  if (typeof suggestion !== 'string' || !quote || !quote.match) return null;
  const at = value.indexOf(quote.match);
  if (at < 0 || value.indexOf(quote.match, at + 1) >= 0) return null;
  return value.slice(0, at) + suggestion + value.slice(at + quote.match.length);
}
