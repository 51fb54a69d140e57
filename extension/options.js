// The options page: the team configuration (validated by the core), self-hosted hosts
// (run-time permission requests), paused sites, local-only API tokens, and import /
// export of everything but the tokens as one JSON file.

import { ext, sendToBackground } from './browser-api.js';
import {
  exportSettings, importSettings, loadSettings, normaliseOrigin, originPattern, readSettings, saveSettings,
} from './settings.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/** Hosts the token-protected APIs live on (requested when a token is saved). */
const API_ORIGINS = { github: 'https://api.github.com/*', linear: 'https://api.linear.app/*' };

function status(id, message, kind = 'ok') {
  const el = $(id);
  el.textContent = message;
  el.className = kind;
}

function item(textContent, buttonLabel, onClick) {
  const li = document.createElement('li');
  li.append(document.createTextNode(textContent));
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = buttonLabel;
  b.addEventListener('click', onClick);
  li.append(b);
  return li;
}

/** The JSON editor holds edits not saved yet (typed, or from the quick controls): a
 * re-render (the first one finishing after the user started typing, or one after a site
 * was added) must not replace them with the stored configuration. */
let configEdited = false;

/** Reflect the JSON editor's preset / primary framework in the quick controls. */
function syncQuick() {
  let c = {};
  try {
    c = JSON.parse($('config').value || '{}') ?? {};
  } catch {
    return; // half-typed JSON: leave the controls as they are
  }
  $('preset').value = c?.readiness?.preset ?? '';
  $('framework').value = c?.priority?.primary ?? '';
}

/** Write a quick control's value into the JSON editor (`section.key`), or remove it. */
function setInConfig(section, key, value) {
  let c;
  try {
    c = JSON.parse($('config').value || '{}');
  } catch (err) {
    status('config-status', `Fix the JSON first: ${err.message}`, 'error');
    syncQuick();
    return;
  }
  if (!c || typeof c !== 'object' || Array.isArray(c)) c = { version: 1 };
  const sec = c[section] && typeof c[section] === 'object' ? { ...c[section] } : {};
  if (value) sec[key] = value;
  else delete sec[key];
  if (Object.keys(sec).length) c[section] = sec;
  else delete c[section];
  $('config').value = JSON.stringify(c, null, 2);
  configEdited = true;
  status('config-status', 'Not saved yet.', 'muted');
}

$('preset').addEventListener('change', (e) => setInConfig('readiness', 'preset', e.target.value));
$('framework').addEventListener('change', (e) => setInConfig('priority', 'primary', e.target.value));
$('config').addEventListener('input', () => {
  configEdited = true;
  syncQuick();
});

async function render() {
  const s = await loadSettings(ext);
  if (!configEdited) {
    $('config').value = JSON.stringify(s.config, null, 2);
    syncQuick();
  }
  /** @type {HTMLInputElement} */ ($('assist')).checked = s.assist;
  $('token-github').value = s.tokens.github ?? '';
  $('token-linear').value = s.tokens.linear ?? '';
  const granted = new Set((await ext.permissions.getAll()).origins ?? []);
  $('hosts').replaceChildren(...s.hosts.map((h) => item(
    `${h}${granted.has(originPattern(h)) ? '' : ' (access not granted)'}`,
    'Remove',
    async () => {
      await ext.permissions.remove({ origins: [originPattern(h)] }).catch(() => false);
      const cur = await loadSettings(ext);
      cur.hosts = cur.hosts.filter((x) => x !== h);
      await saveSettings(ext, cur);
      render();
    },
  )));
  $('disabled').replaceChildren(...s.disabledSites.map((site) => item(site, 'Resume', async () => {
    const cur = await loadSettings(ext);
    cur.disabledSites = cur.disabledSites.filter((x) => x !== site);
    await saveSettings(ext, cur);
    render();
  })));
  const v = await sendToBackground({ type: 'version' });
  $('version').textContent = v.ok ? `readylens core ${v.version}` : '';
}

$('assist').addEventListener('change', async (e) => {
  const cur = await loadSettings(ext);
  cur.assist = /** @type {HTMLInputElement} */ (e.target).checked;
  await saveSettings(ext, cur);
  status('assist-status', cur.assist ? 'Hints on (pages opened from now on).' : 'Hints off (pages opened from now on).');
});

$('save-config').addEventListener('click', async () => {
  let config;
  try {
    config = JSON.parse($('config').value || '{}');
  } catch (err) {
    status('config-status', `Not JSON: ${err.message}`, 'error');
    return;
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    status('config-status', 'The configuration must be a JSON object.', 'error');
    return;
  }
  const check = await sendToBackground({ type: 'validate-config', config });
  if (!check.ok) {
    status('config-status', check.error, 'error');
    return;
  }
  const s = await loadSettings(ext);
  s.config = config;
  await saveSettings(ext, s);
  configEdited = false;
  status('config-status', 'Saved. Reload tracker tabs to re-check their issues.');
});

$('export').addEventListener('click', async () => {
  const s = await loadSettings(ext);
  const blob = new Blob([exportSettings(s)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'readylens-settings.json';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

$('import').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  const current = await loadSettings(ext);
  const { settings, errors } = importSettings(await file.text(), current);
  if (errors.length) {
    status('config-status', errors.join('\n'), 'error');
    return;
  }
  const check = await sendToBackground({ type: 'validate-config', config: settings.config });
  if (!check.ok) {
    status('config-status', check.error, 'error');
    return;
  }
  await saveSettings(ext, settings);
  configEdited = false; // the imported configuration replaces the editor's text
  status('config-status', `Imported ${file.name}. Self-hosted sites still need access: use "Add and grant access" for each.`);
  render();
});

$('host-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const origin = normaliseOrigin($('host').value);
  if (!origin) {
    status('hosts-status', 'Enter a site address such as https://jira.example.com', 'error');
    return;
  }
  // Must run inside the click: browsers only show the permission prompt for a user gesture.
  const granted = await ext.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
  if (!granted) {
    status('hosts-status', `Access to ${origin} was not granted.`, 'error');
    return;
  }
  const s = await loadSettings(ext);
  if (!s.hosts.includes(origin)) s.hosts.push(origin);
  await saveSettings(ext, s);
  $('host').value = '';
  status('hosts-status', `readylens now runs on ${origin}. Reload its tabs.`);
  render();
});

$('save-tokens').addEventListener('click', async () => {
  const tokens = { github: $('token-github').value.trim(), linear: $('token-linear').value.trim() };
  const wanted = Object.entries(tokens).filter(([, v]) => v).map(([k]) => API_ORIGINS[k]);
  if (wanted.length) {
    const granted = await ext.permissions.request({ origins: wanted }).catch(() => false);
    if (!granted) {
      status('tokens-status', 'Access to the API host was not granted; tokens not saved.', 'error');
      return;
    }
  }
  const s = await loadSettings(ext);
  s.tokens = Object.fromEntries(Object.entries(tokens).filter(([, v]) => v));
  await saveSettings(ext, s);
  status('tokens-status', 'Saved in this browser only.');
});

/**
 * Stored settings that could not be read (corrupt, or from a newer extension): say so,
 * and offer the copy `readSettings` kept aside (without tokens) before anything is saved
 * over it.
 */
async function reportUnreadable() {
  const { errors, unreadable } = await readSettings(ext);
  if (!errors.length || !unreadable) return;
  status('config-status', `The stored settings could not be read, so defaults are shown: ${errors.join('; ')}. Download the unreadable copy before saving.`, 'error');
  const kept = unreadable.stored && typeof unreadable.stored === 'object' ? { ...unreadable.stored, tokens: undefined } : unreadable.stored;
  const a = document.createElement('a');
  a.id = 'unreadable-download';
  a.href = URL.createObjectURL(new Blob([JSON.stringify(kept ?? null, null, 2)], { type: 'application/json' }));
  a.download = 'readylens-settings-unreadable.json';
  a.textContent = 'Download the unreadable settings';
  $('config-status').after(a);
}

render().then(reportUnreadable);
