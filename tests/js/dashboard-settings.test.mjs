import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText, loadConfig, saveConfig, configFileText, STORAGE_KEY, STORE_VERSION } from '../../www/js/settings-store.js';

function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    map: m,
  };
}

test('configuration text must be a JSON object', () => {
  assert.deepEqual(parseConfigText('{"version": 1, "duplicates": {"top": 3}}'), { ok: true, config: { version: 1, duplicates: { top: 3 } } });
  const bad = parseConfigText('{"version": 1,');
  assert.equal(bad.ok, false);
  assert.match(bad.error, /not valid JSON/);
  assert.equal(parseConfigText('[1]').ok, false);
  assert.equal(parseConfigText('null').ok, false);
});

test('configurations round-trip through storage in a versioned envelope', () => {
  const s = memoryStorage();
  assert.equal(loadConfig(s), null);
  const cfg = { version: 1, duplicates: { top: 3, threshold: 0.6 } };
  assert.equal(saveConfig(s, cfg), true);
  assert.deepEqual(JSON.parse(s.map.get(STORAGE_KEY)), { version: STORE_VERSION, config: cfg });
  assert.deepEqual(loadConfig(s), cfg);
  assert.equal(saveConfig(s, null), true);
  assert.equal(loadConfig(s), null);
});

test('unreadable, foreign or newer stored settings are ignored, broken storage is survived', () => {
  const s = memoryStorage();
  s.setItem(STORAGE_KEY, '{not json');
  assert.equal(loadConfig(s), null);
  s.setItem(STORAGE_KEY, JSON.stringify({ version: STORE_VERSION + 1, config: { version: 1 } }));
  assert.equal(loadConfig(s), null);
  s.setItem(STORAGE_KEY, JSON.stringify({ version: STORE_VERSION, config: [1] }));
  assert.equal(loadConfig(s), null);
  const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('quota'); }, removeItem() {} };
  assert.equal(loadConfig(throwing), null);
  assert.equal(saveConfig(throwing, { version: 1 }), false);
  assert.equal(saveConfig(null, { version: 1 }), false);
});

test('the exported file is pretty JSON that parses back to the configuration', () => {
  const cfg = { version: 1, duplicates: { top: 5 } };
  const text = configFileText(cfg);
  assert.ok(text.endsWith('\n'));
  assert.deepEqual(JSON.parse(text), cfg);
});
