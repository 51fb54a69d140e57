// The WebExtension API object: `browser` on Firefox, `chrome` on Chromium. Both return
// promises from their MV3 APIs, so no polyfill is needed (as Ruffle and refined-github do).

/**
 * The extension API namespace, or `undefined` outside an extension (unit tests).
 * @type {any}
 */
export const ext = globalThis.browser ?? globalThis.chrome;

/**
 * Send a message to the background and wait for its answer. Resolves to
 * `{ok: false, error}` instead of throwing when the background is unreachable (for
 * example while the extension is being reloaded), so callers degrade quietly.
 * @param {object} message a request accepted by `isRequest` in messages.js
 * @returns {Promise<{ok: boolean, [k: string]: any}>}
 */
export async function sendToBackground(message) {
  let last = 'no answer from the background';
  // Chrome may stop the service worker between two messages; the first message after
  // that can fail while it restarts, so try once more.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const answer = await ext.runtime.sendMessage(message);
      if (answer && typeof answer === 'object') return answer;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
      if (!ext?.runtime?.id) break; // the extension was reloaded or removed: give up quietly
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ok: false, error: last };
}
