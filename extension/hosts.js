// Which hosts the extension works on: the cloud trackers listed in the manifest's
// content scripts, plus self-hosted origins the user granted at run time (options page,
// `permissions.request`). Granted extra hosts get the same content script registered
// dynamically; it detects the tracker from the page and stays silent elsewhere.

/** Id of the dynamically registered content script. */
export const EXTRA_SCRIPT_ID = 'readylens-extra-hosts';

/** Hosts only the background calls, with the user's own token; never content-script hosts. */
export const API_HOSTS = Object.freeze(['api.github.com', 'api.linear.app']);

/**
 * Split a match pattern into scheme and host ("*://*.atlassian.net/*" → ["*", "*.atlassian.net"]).
 * @param {string} pattern
 * @returns {{scheme: string, host: string}|null}
 */
export function parsePattern(pattern) {
  const m = /^(\*|https?|wss?):\/\/([^/]+)\/.*$/.exec(pattern);
  if (!m) return null;
  return { scheme: m[1], host: m[2].replace(/:\d+$/, '') };
}

function hostCovered(host, patternHost) {
  if (patternHost === '*') return true;
  if (patternHost.startsWith('*.')) {
    const base = patternHost.slice(2);
    return host === base || host.endsWith(`.${base}`);
  }
  return host === patternHost;
}

/**
 * Does the match pattern `pattern` cover every URL of `other`?
 * @param {string} pattern
 * @param {string} other
 * @returns {boolean}
 */
export function patternCovers(pattern, other) {
  const a = parsePattern(pattern);
  const b = parsePattern(other);
  if (!a || !b) return false;
  const schemeOk = a.scheme === b.scheme || (a.scheme === '*' && b.scheme !== 'ws' && b.scheme !== 'wss');
  return schemeOk && !b.host.startsWith('*') && hostCovered(b.host, a.host);
}

/**
 * The granted origins that need the dynamically registered content script: granted
 * host patterns not already covered by a static content script, excluding the API hosts
 * and catch-all patterns (an "all sites" grant is not an opt-in for a particular host).
 * @param {string[]} granted   `permissions.getAll().origins`
 * @param {string[]} staticMatches  matches of the manifest's content scripts
 * @returns {string[]} sorted, de-duplicated match patterns
 */
export function extraMatches(granted, staticMatches) {
  const out = new Set();
  for (const g of granted) {
    const p = parsePattern(g);
    if (!p || p.host === '*' || p.host.startsWith('*')) continue;
    if (API_HOSTS.includes(p.host)) continue;
    if (staticMatches.some((s) => patternCovers(s, g))) continue;
    out.add(g);
  }
  return [...out].sort();
}

/**
 * Register (or update, or remove) the content script for the granted extra hosts.
 * @param {any} ext the extension API namespace
 * @param {string} scriptPath extension-relative path of the content script bundle
 * @returns {Promise<string[]>} the matches now registered
 */
export async function syncExtraHosts(ext, scriptPath) {
  const granted = (await ext.permissions.getAll()).origins ?? [];
  const staticMatches = (ext.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.matches ?? []);
  const matches = extraMatches(granted, staticMatches);
  const existing = await ext.scripting.getRegisteredContentScripts({ ids: [EXTRA_SCRIPT_ID] });
  if (existing.length) await ext.scripting.unregisterContentScripts({ ids: [EXTRA_SCRIPT_ID] });
  if (matches.length) {
    await ext.scripting.registerContentScripts([
      { id: EXTRA_SCRIPT_ID, matches, js: [scriptPath], runAt: 'document_idle' },
    ]);
  }
  return matches;
}
