// Settings: validation, migration guard, origins, import/export without tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SETTINGS_VERSION, defaultSettings, exportSettings, importSettings, isPaused, normaliseOrigin, originPattern, validateSettings,
} from '../../extension/settings.js';

test('origins typed by users are normalised, non-web schemes refused', () => {
  assert.equal(normaliseOrigin('jira.example.com/jira/browse/X-1'), 'https://jira.example.com');
  assert.equal(normaliseOrigin(' http://127.0.0.1:8080/ '), 'http://127.0.0.1:8080');
  assert.equal(normaliseOrigin('HTTPS://GitLab.Example.com'), 'https://gitlab.example.com');
  assert.equal(normaliseOrigin('ftp://x.y'), null);
  assert.equal(normaliseOrigin('javascript:alert(1)'), null);
  assert.equal(normaliseOrigin(''), null);
  assert.equal(normaliseOrigin(7), null);
  assert.equal(originPattern('http://127.0.0.1:8080'), 'http://127.0.0.1/*');
});

test('stored settings are validated field by field', () => {
  const { settings, errors } = validateSettings({
    version: 1, config: { version: 1, rules: {} }, hosts: ['jira.example.com', 'https://jira.example.com', 'nonsense://'],
    disabledSites: 'all', tokens: { github: ' ghp_x ', linear: 5 }, unknown: true,
  });
  assert.deepEqual(settings.hosts, ['https://jira.example.com']);
  assert.deepEqual(settings.disabledSites, []);
  assert.deepEqual(settings.tokens, { github: 'ghp_x' });
  assert.deepEqual(settings.config, { version: 1, rules: {} });
  assert.ok(!('unknown' in settings));
  assert.deepEqual(errors, [
    'settings.disabledSites: expected an array of origins',
    'settings.hosts[2]: not an http(s) origin',
    'settings.tokens.linear: expected a string',
  ]);
  assert.deepEqual(validateSettings(undefined), { settings: defaultSettings(), errors: [] });
  assert.match(validateSettings([]).errors[0], /expected a JSON object/);
});

test('a newer settings version is refused on import, and tokens never leave', () => {
  const current = validateSettings({ tokens: { github: 'secret-token' }, hosts: ['https://gitlab.example.com'] }).settings;
  const exported = exportSettings(current);
  assert.ok(!exported.includes('secret-token'));
  assert.ok(!('tokens' in JSON.parse(exported)));
  const back = importSettings(exported, current);
  assert.deepEqual(back.errors, []);
  assert.equal(back.settings.tokens.github, 'secret-token', 'local tokens are kept');
  assert.deepEqual(back.settings.hosts, ['https://gitlab.example.com']);
  const newer = importSettings(JSON.stringify({ version: SETTINGS_VERSION + 1 }), current);
  assert.match(newer.errors[0], /newer than this extension/);
  assert.equal(newer.settings, current, 'a refused import changes nothing');
  assert.match(importSettings('{', current).errors[0], /not JSON/);
});

test('pause is per origin', () => {
  const s = validateSettings({ disabledSites: ['https://x.atlassian.net'] }).settings;
  assert.equal(isPaused(s, 'https://x.atlassian.net'), true);
  assert.equal(isPaused(s, 'https://y.atlassian.net'), false);
});

test("the core gets today's date for staleness unless the team pinned one; the stored config is untouched", async () => {
  const { effectiveConfig, localDate } = await import('../../extension/settings.js');
  assert.equal(localDate(new Date(2026, 0, 5)), '2026-01-05');
  const stored = { version: 1, readiness: { preset: 'strict' } };
  assert.deepEqual(effectiveConfig(stored, '2026-11-28'), { version: 1, readiness: { preset: 'strict', now: '2026-11-28' } });
  assert.deepEqual(stored, { version: 1, readiness: { preset: 'strict' } });
  assert.equal(effectiveConfig({ version: 1, readiness: { now: '2020-01-01' } }, '2026-11-28').readiness.now, '2020-01-01');
  assert.deepEqual(effectiveConfig(undefined, '2026-11-28'), { version: 1, readiness: { now: '2026-11-28' } });
});
