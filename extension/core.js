// The WASM core, initialised lazily on first use. Chrome stops an idle service worker
// after ~30 s, so nothing here is relied on to survive: the next message simply
// initialises the core again.

import init, { parseIssues, analyze, checkText, formats, version, DraftChecker } from '../pkg/readylens.js';

/** @type {Promise<void>|null} */
let loading = null;

/**
 * Resolve once the WASM module is instantiated. A failed load is forgotten so the next
 * call retries instead of caching the failure.
 * @param {string} wasmUrl URL of readylens_bg.wasm inside the extension
 * @returns {Promise<void>}
 */
export function ensureCore(wasmUrl) {
  if (!loading) {
    loading = init({ module_or_path: wasmUrl }).then(
      () => undefined,
      (err) => {
        loading = null;
        throw err;
      },
    );
  }
  return loading;
}

/**
 * The core's functions (call `ensureCore` first).
 */
export const core = { parseIssues, analyze, checkText, formats, version, DraftChecker };
