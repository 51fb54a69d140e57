// A corrupt or newer stored configuration is reported and kept aside, never silently
// replaced by defaults: readSettings copies the stored value to UNREADABLE_KEY before
// anything can save over it, keeps the first copy, and tokens stay in storage.local.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STORAGE_KEY, UNREADABLE_KEY, defaultSettings, loadSettings, readSettings, saveSettings,
} from '../../extension/settings.js';

/** A minimal `storage.local` / `storage.sync` pair with the extension API's shape. */
function fakeExt(initial = {}) {
  const local = { ...initial };
  const sync = {};
  const area = (data) => ({
    async get(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
  });
  return { storage: { local: area(local), sync: area(sync) }, local, sync };
}

// A team configuration from tests/kpi_linking.rs (team_tree_merges_and_replaces).
const TEAM = { version: 1, kpi: { metrics: [{ id: 'report-shares', name: 'Reports shared', keywords: ['share report'], owner: 'Ana' }] } };

test('a corrupt stored configuration is reported and kept aside before a save replaces it', async () => {
  const corrupt = { version: 1, config: '{"kpi": {"metrics": [', hosts: 'jira.example.com', tokens: { github: 'ghp_secret' } };
  const ext = fakeExt({ [STORAGE_KEY]: corrupt });
  const first = await readSettings(ext);
  assert.ok(first.errors.some((e) => e.startsWith('settings.config')), first.errors.join('\n'));
  assert.ok(first.errors.some((e) => e.startsWith('settings.hosts')), first.errors.join('\n'));
  assert.deepEqual(first.settings.config, defaultSettings().config, 'defaults are used meanwhile');
  assert.deepEqual(ext.local[UNREADABLE_KEY].stored, corrupt, 'the stored value is kept aside');
  assert.deepEqual(ext.local[UNREADABLE_KEY].errors, first.errors);
  // The user saves something: the kept copy survives, and is not overwritten by a
  // later unreadable value either.
  await saveSettings(ext, { ...first.settings, assist: false });
  ext.local[STORAGE_KEY] = { version: 'x' };
  const again = await readSettings(ext);
  assert.ok(again.errors.length > 0);
  assert.deepEqual(ext.local[UNREADABLE_KEY].stored, corrupt, 'the first unreadable copy is kept');
  assert.deepEqual(Object.keys(ext.sync), [], 'nothing, tokens included, goes to storage.sync');
});

test('settings from a newer extension are refused, reported and kept', async () => {
  const newer = { version: 99, config: TEAM, hosts: ['https://jira.example.com'] };
  const ext = fakeExt({ [STORAGE_KEY]: newer });
  const { settings, errors } = await readSettings(ext);
  assert.match(errors.join('\n'), /newer than this extension understands/);
  assert.deepEqual(ext.local[UNREADABLE_KEY].stored, newer);
  assert.equal(typeof settings.config, 'object');
});

test('readable settings load as they are, with no copy made', async () => {
  const good = { ...defaultSettings(), config: TEAM, tokens: { linear: 'lin_api_x' } };
  const ext = fakeExt({ [STORAGE_KEY]: good });
  const { settings, errors, unreadable } = await readSettings(ext);
  assert.deepEqual(errors, []);
  assert.equal(unreadable, null);
  assert.deepEqual(settings.config, TEAM);
  assert.deepEqual(await loadSettings(ext), settings);
  assert.ok(!(UNREADABLE_KEY in ext.local));
});

test('nothing stored: defaults, no error, no copy', async () => {
  const ext = fakeExt();
  const { settings, errors } = await readSettings(ext);
  assert.deepEqual(errors, []);
  assert.deepEqual(settings, defaultSettings());
  assert.ok(!(UNREADABLE_KEY in ext.local));
});

test('an envelope without a version (written before versioning) migrates as version 1, config intact', async () => {
  const old = { config: TEAM, hosts: ['https://jira.example.com'], disabledSites: [], tokens: { github: 'ghp_x' } };
  const ext = fakeExt({ [STORAGE_KEY]: old });
  const { settings, errors } = await readSettings(ext);
  assert.deepEqual(errors, []);
  assert.equal(settings.version, 1);
  assert.deepEqual(settings.config, TEAM);
  assert.deepEqual(settings.hosts, ['https://jira.example.com']);
  assert.equal(settings.tokens.github, 'ghp_x');
  assert.equal(settings.assist, true, 'a preference added later gets its default');
});
