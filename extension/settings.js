// The extension's settings: the team's readylens configuration (the same JSON document
// the CLI and dashboard read) plus extension-only preferences. Stored in
// `storage.local` only: API tokens must never be synced, and one place is simpler.

/** Version of the settings envelope (not of the core configuration inside it). */
export const SETTINGS_VERSION = 1;

/** Storage key. */
export const STORAGE_KEY = 'readylens';

/**
 * @typedef {object} Settings
 * @property {number} version        envelope version
 * @property {object} config         core configuration (`Config` in src/config.rs)
 * @property {string[]} disabledSites origins where the extension is paused
 * @property {string[]} hosts        self-hosted tracker origins the user added
 * @property {{github?: string, linear?: string}} tokens  local-only API tokens
 * @property {boolean} assist        authoring assist on create / edit fields (issue 14)
 */

/**
 * Fresh default settings.
 * @returns {Settings}
 */
export function defaultSettings() {
  return { version: SETTINGS_VERSION, config: { version: 1 }, disabledSites: [], hosts: [], tokens: {}, assist: true };
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Normalise an origin typed by the user ("jira.example.com/jira", "https://x.y/") to
 * `scheme://host[:port]`, or `null` when it is not an http(s) origin.
 * @param {string} input
 * @returns {string|null}
 */
export function normaliseOrigin(input) {
  if (typeof input !== 'string') return null;
  let s = input.trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (!u.hostname) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * The match pattern that grants `origin` (ports are not part of match patterns).
 * @param {string} origin
 * @returns {string}
 */
export function originPattern(origin) {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * Validate and migrate stored or imported settings. Unknown keys are dropped; a newer
 * envelope version is refused so an old extension does not silently lose a team's setup.
 * @param {any} raw
 * @returns {{settings: Settings, errors: string[]}}
 */
export function validateSettings(raw) {
  const errors = [];
  const out = defaultSettings();
  if (raw === undefined || raw === null) return { settings: out, errors };
  if (!isObj(raw)) return { settings: out, errors: ['settings: expected a JSON object'] };
  const version = raw.version ?? SETTINGS_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    errors.push('settings.version: expected a positive integer');
  } else if (version > SETTINGS_VERSION) {
    errors.push(`settings.version: ${version} is newer than this extension understands (${SETTINGS_VERSION})`);
  }
  if (raw.config !== undefined) {
    if (!isObj(raw.config)) errors.push('settings.config: expected an object');
    else out.config = raw.config;
  }
  for (const key of ['disabledSites', 'hosts']) {
    if (raw[key] === undefined) continue;
    if (!Array.isArray(raw[key])) {
      errors.push(`settings.${key}: expected an array of origins`);
      continue;
    }
    raw[key].forEach((v, i) => {
      const o = normaliseOrigin(v);
      if (o === null) errors.push(`settings.${key}[${i}]: not an http(s) origin`);
      else if (!out[key].includes(o)) out[key].push(o);
    });
  }
  if (raw.assist !== undefined) {
    if (typeof raw.assist !== 'boolean') errors.push('settings.assist: expected true or false');
    else out.assist = raw.assist;
  }
  if (raw.tokens !== undefined) {
    if (!isObj(raw.tokens)) errors.push('settings.tokens: expected an object');
    else {
      for (const t of ['github', 'linear']) {
        const v = raw.tokens[t];
        if (v === undefined || v === '') continue;
        if (typeof v !== 'string') errors.push(`settings.tokens.${t}: expected a string`);
        else out.tokens[t] = v.trim();
      }
    }
  }
  return { settings: out, errors };
}

/**
 * The settings as a shareable JSON document: everything except the tokens.
 * @param {Settings} settings
 * @returns {string}
 */
export function exportSettings(settings) {
  const { tokens: _tokens, ...shared } = settings;
  return JSON.stringify(shared, null, 2);
}

/**
 * Import a shared JSON document, keeping the local tokens.
 * @param {string} text
 * @param {Settings} current
 * @returns {{settings: Settings, errors: string[]}}
 */
export function importSettings(text, current) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { settings: current, errors: [`not JSON: ${err instanceof Error ? err.message : err}`] };
  }
  const { settings, errors } = validateSettings(raw);
  if (errors.length) return { settings: current, errors };
  settings.tokens = { ...current.tokens };
  return { settings, errors };
}

/**
 * Is the extension paused on `origin`?
 * @param {Settings} settings
 * @param {string} origin
 * @returns {boolean}
 */
export function isPaused(settings, origin) {
  return settings.disabledSites.includes(origin);
}

/** Storage key of the copy of stored settings that could not be read. */
export const UNREADABLE_KEY = 'readylens.unreadable';

/**
 * Read the settings from extension storage, validated, with what was wrong. Settings
 * that cannot be read (corrupt, or from a newer extension) are not silently dropped:
 * the stored value is copied to `UNREADABLE_KEY` (once: an earlier copy is kept) before
 * anything can overwrite it, and the options page reports the errors and offers it for
 * download.
 * @param {any} ext the extension API namespace
 * @returns {Promise<{settings: Settings, errors: string[], unreadable: {at: string, errors: string[], stored: any} | null}>}
 */
export async function readSettings(ext) {
  const stored = await ext.storage.local.get([STORAGE_KEY, UNREADABLE_KEY]);
  const { settings, errors } = validateSettings(stored?.[STORAGE_KEY]);
  let unreadable = stored?.[UNREADABLE_KEY] ?? null;
  if (errors.length && !unreadable) {
    unreadable = { at: new Date().toISOString(), errors, stored: stored[STORAGE_KEY] };
    await ext.storage.local.set({ [UNREADABLE_KEY]: unreadable });
  }
  return { settings, errors, unreadable };
}

/**
 * Read the settings from extension storage (validated; defaults when absent or bad; a
 * bad stored value is kept aside, see `readSettings`).
 * @param {any} ext the extension API namespace
 * @returns {Promise<Settings>}
 */
export async function loadSettings(ext) {
  return (await readSettings(ext)).settings;
}

/**
 * Write the settings to extension storage.
 * @param {any} ext the extension API namespace
 * @param {Settings} settings
 * @returns {Promise<void>}
 */
export async function saveSettings(ext, settings) {
  await ext.storage.local.set({ [STORAGE_KEY]: settings });
}

/**
 * Today's date as `YYYY-MM-DD` in the user's time zone.
 * @param {Date} [date]
 * @returns {string}
 */
export function localDate(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The configuration handed to the core: the team's document plus today's date for the
 * staleness check (the core never reads the clock), unless the team pinned one.
 * @param {object} config
 * @param {string} today `YYYY-MM-DD`
 * @returns {object}
 */
export function effectiveConfig(config, today) {
  const c = structuredClone(config && typeof config === 'object' ? config : { version: 1 });
  const readiness = c.readiness && typeof c.readiness === 'object' ? { ...c.readiness } : {};
  if (readiness.now === undefined) readiness.now = today;
  c.readiness = readiness;
  return c;
}
