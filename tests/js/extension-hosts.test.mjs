// Which granted hosts get the dynamically registered content script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extraMatches, parsePattern, patternCovers } from '../../extension/hosts.js';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));
const staticMatches = manifest.content_scripts.flatMap((c) => c.matches);

test('match patterns parse and cover like the browser does (ports ignored)', () => {
  assert.deepEqual(parsePattern('*://*.atlassian.net/*'), { scheme: '*', host: '*.atlassian.net' });
  assert.deepEqual(parsePattern('http://127.0.0.1:8080/*'), { scheme: 'http', host: '127.0.0.1' });
  assert.equal(parsePattern('<all_urls>'), null);
  assert.equal(patternCovers('https://*.atlassian.net/*', 'https://acme.atlassian.net/*'), true);
  assert.equal(patternCovers('https://*.atlassian.net/*', 'https://atlassian.net.evil.com/*'), false);
  assert.equal(patternCovers('https://gitlab.com/*', 'http://gitlab.com/*'), false);
  assert.equal(patternCovers('*://gitlab.com/*', 'https://gitlab.com/*'), true);
});

test('only user-granted self-hosted origins need the extra content script', () => {
  const granted = [
    'https://*.atlassian.net/*', // a static content-script host
    'https://acme.atlassian.net/*', // covered by the static one
    'https://jira.example.com/*',
    'http://127.0.0.1/*',
    'https://api.github.com/*', // token API: background only
    'https://api.linear.app/*',
    'https://*/*', // a blanket grant is not an opt-in for a host
    '<all_urls>',
    'https://jira.example.com/*',
  ];
  assert.deepEqual(extraMatches(granted, staticMatches), ['http://127.0.0.1/*', 'https://jira.example.com/*']);
  assert.deepEqual(extraMatches([], staticMatches), []);
});

test('the manifest asks for no host permission up front and allows WASM only in extension pages', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.host_permissions, undefined);
  // Nothing is exposed to pages: a site cannot probe for the extension's files.
  assert.equal(manifest.web_accessible_resources, undefined);
  assert.deepEqual(manifest.permissions.sort(), ['scripting', 'storage']);
  assert.match(manifest.content_security_policy.extension_pages, /'wasm-unsafe-eval'/);
  const tokens = manifest.content_security_policy.extension_pages.split(/[\s;]+/);
  assert.ok(!tokens.includes("'unsafe-eval'") && !tokens.some((t) => /^https?:/.test(t)), 'no eval, no remote scripts');
});

test('syncExtraHosts registers, updates and removes the content script for granted hosts', async () => {
  const { syncExtraHosts, EXTRA_SCRIPT_ID } = await import('../../extension/hosts.js');
  let granted = ['https://*.atlassian.net/*', 'https://jira.example.com/*'];
  let registered = [];
  const log = [];
  const ext = {
    permissions: { getAll: async () => ({ origins: granted }) },
    runtime: { getManifest: () => manifest },
    scripting: {
      getRegisteredContentScripts: async ({ ids }) => registered.filter((r) => ids.includes(r.id)),
      unregisterContentScripts: async ({ ids }) => { log.push(['unregister', ids]); registered = registered.filter((r) => !ids.includes(r.id)); },
      registerContentScripts: async (list) => { log.push(['register', list.map((l) => l.matches)]); registered.push(...list); },
    },
  };
  assert.deepEqual(await syncExtraHosts(ext, 'extension/content-script.js'), ['https://jira.example.com/*']);
  assert.deepEqual(registered, [{ id: EXTRA_SCRIPT_ID, matches: ['https://jira.example.com/*'], js: ['extension/content-script.js'], runAt: 'document_idle' }]);
  granted = [...granted, 'http://gitlab.internal/*'];
  await syncExtraHosts(ext, 'extension/content-script.js');
  assert.deepEqual(registered.map((r) => r.matches), [['http://gitlab.internal/*', 'https://jira.example.com/*']], 'replaced, not duplicated');
  granted = ['https://*.atlassian.net/*'];
  assert.deepEqual(await syncExtraHosts(ext, 'extension/content-script.js'), []);
  assert.deepEqual(registered, [], 'revoked hosts lose the script');
  assert.deepEqual(log.map((l) => l[0]), ['register', 'unregister', 'register', 'unregister']);
});
