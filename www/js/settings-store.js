// The dashboard's settings: the same configuration JSON document as the CLI and the
// extension, kept in localStorage inside a small versioned envelope. The core validates
// the configuration itself (unknown keys are rejected with the JSON path); this module
// only checks that it is a JSON object and manages storage.

/** localStorage key. */
export const STORAGE_KEY = 'readylens.dashboard.settings';

/** Version of the stored envelope (not of the configuration, which has its own `version`). */
export const STORE_VERSION = 1;

/**
 * Parse configuration text: must be a JSON object (`{}` is the default configuration).
 * @param {string} text
 * @returns {{ok: true, config: object} | {ok: false, error: string}}
 */
export function parseConfigText(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `configuration is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'configuration must be a JSON object, e.g. {"version": 1}' };
  }
  return { ok: true, config: value };
}

/**
 * Load the stored configuration, or `null` when there is none or it cannot be read
 * (an envelope from a newer dashboard is ignored rather than misread).
 * @param {Pick<Storage, 'getItem'> | null | undefined} storage
 * @returns {object | null}
 */
export function loadConfig(storage) {
  let raw;
  try {
    raw = storage?.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const env = JSON.parse(raw);
    if (!env || typeof env !== 'object' || env.version !== STORE_VERSION) return null;
    const c = env.config;
    return c && typeof c === 'object' && !Array.isArray(c) ? c : null;
  } catch {
    return null;
  }
}

/**
 * Store a configuration (or remove it when `config` is null). Returns false when storage
 * is unavailable or full.
 * @param {Pick<Storage, 'setItem' | 'removeItem'> | null | undefined} storage
 * @param {object | null} config
 * @returns {boolean}
 */
export function saveConfig(storage, config) {
  try {
    if (!storage) return false;
    if (config === null) storage.removeItem(STORAGE_KEY);
    else storage.setItem(STORAGE_KEY, JSON.stringify({ version: STORE_VERSION, config }));
    return true;
  } catch {
    return false;
  }
}

/**
 * The configuration as a file to share with the CLI and the extension.
 * @param {object} config
 * @returns {string}
 */
export function configFileText(config) {
  return JSON.stringify(config, null, 2) + '\n';
}
