// What the Chromium (tests/e2e/harness.mjs, Playwright) and Firefox (tests/firefox/harness.mjs,
// WebDriver BiDi) harnesses share: the WASM core in Node, the configuration the extension
// hands it by default, and the functions both run inside a tracker page to read badges.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let corePromise = null;

/**
 * The WASM core loaded in Node (pkg/), to compute what the extension should show.
 * @returns {Promise<any>}
 */
export function loadCore() {
  corePromise ??= (async () => {
    const mod = await import('../../pkg/readylens.js');
    await mod.default({ module_or_path: readFileSync(join(ROOT, 'pkg', 'readylens_bg.wasm')) });
    return mod;
  })();
  return corePromise;
}

/**
 * The configuration the extension hands the core with default settings: version 1 and
 * today's local date for the staleness check.
 */
export function defaultConfig() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return { version: 1, readiness: { now: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` } };
}

/** The badge's `verdict` attribute for a report entry. */
export const verdictOf = (r) => ({ ready: 'ready', 'almost-ready': 'almost', 'not-ready': 'not-ready' })[r.readiness.verdict];

/**
 * In the page: the badges as [{key, verdict, score, state, label, marked}] (marked: the
 * decorated element's key).
 */
export const pageBadges = () => [...document.querySelectorAll('readylens-badge')].map((b) => ({
  key: b.getAttribute('key'),
  verdict: b.getAttribute('verdict'),
  score: b.getAttribute('score'),
  state: b.getAttribute('state'),
  label: b.shadowRoot?.querySelector('button')?.getAttribute('aria-label') ?? null,
  marked: b.closest('[data-readylens-key]')?.getAttribute('data-readylens-key') ?? b.previousElementSibling?.getAttribute('data-readylens-key') ?? null,
}));

/** In the page: at least `n` badges exist and each has a verdict (or failed). */
export const pageVerdictsDone = (n) => {
  const all = [...document.querySelectorAll('readylens-badge')];
  return all.length >= n && all.every((b) => b.hasAttribute('verdict') || b.getAttribute('state') === 'failed');
};
