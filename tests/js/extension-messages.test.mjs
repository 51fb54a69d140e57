// The typed message guard between content scripts / pages and the background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKGROUND_TYPES, MAX_TEXT, fail, isPageRequest, isRequest, ok } from '../../extension/messages.js';

test('well-formed requests of every type pass the guard', () => {
  const good = [
    { type: 'parse', format: 'jira-json', text: '{"issues":[]}' },
    { type: 'parse', format: 'gitlab-json', text: '[]', source: 'https://gitlab.example' },
    { type: 'analyze', issues: [{ tracker: 'jira', key: 'A-1', title: 'x' }] },
    { type: 'analyze', issues: [] },
    { type: 'analyze', issues: [], slim: true, session: 'lq3x-5f2k' },
    { type: 'report-detail', session: 'lq3x-5f2k', key: 'A-1' },
    { type: 'check-text', text: 'As a user I want…' },
    { type: 'draft-index', scope: 'https://github.example.com/o/r', issues: [{ tracker: 'github', key: 'o/r#1', title: 'x' }] },
    { type: 'draft-index', scope: 'http://127.0.0.1:8080', issues: [], replace: true },
    { type: 'draft-check', scope: 'https://x.atlassian.net', draft: { tracker: 'jira', key: '', kind: 'story', title: 'T', description: { blocks: [] }, labels: [] } },
    { type: 'api-fetch', tracker: 'github', request: { path: '/repos/o/r/issues/1' } },
    { type: 'api-fetch', tracker: 'linear', request: { path: '/graphql', query: 'query { viewer { id } }', variables: {} } },
    { type: 'settings' },
    { type: 'validate-config', config: { version: 1 } },
    { type: 'version' },
  ];
  for (const m of good) assert.equal(isRequest(m), true, JSON.stringify(m));
  assert.deepEqual([...new Set(good.map((m) => m.type))].sort(), [...BACKGROUND_TYPES].sort(), 'every type is exercised');
});

test('malformed and foreign messages are refused', () => {
  const bad = [
    null, undefined, 'parse', 42, [], {},
    { type: 'nope' },
    { type: 'parse', format: 'jira-json' },
    { type: 'parse', format: 1, text: '' },
    { type: 'parse', format: 'jira-json', text: 'x'.repeat(MAX_TEXT + 1) },
    { type: 'parse', format: 'jira-json', text: '', source: 5 },
    { type: 'analyze', issues: 'A-1' },
    { type: 'analyze', issues: [null] },
    { type: 'analyze', issues: [['A-1']] },
    { type: 'check-text' },
    { type: 'api-fetch', tracker: 'gitlab', request: { path: '/x' } },
    { type: 'api-fetch', tracker: 'github', request: { path: 5 } },
    { type: 'api-fetch', tracker: 'github', request: { path: '/x', base: {} } },
    { type: 'api-fetch', tracker: 'linear', request: { path: '/graphql', variables: [] } },
    { type: 'validate-config', config: [] },
    { type: 'page-state' },
  ];
  for (const m of bad) assert.equal(isRequest(m), false, JSON.stringify(m)?.slice(0, 80));
});

test('popup page-state requests have their own guard', () => {
  assert.equal(isPageRequest({ type: 'page-state' }), true);
  assert.equal(isPageRequest({ type: 'page-state', paused: true }), true);
  assert.equal(isPageRequest({ type: 'page-state', detail: true }), true);
  assert.equal(isPageRequest({ type: 'page-state', paused: 'yes' }), false);
  assert.equal(isPageRequest({ type: 'page-state', detail: 1 }), false);
  assert.equal(isPageRequest({ type: 'settings' }), false);
});

test('responses: ok spreads the body, fail keeps only the message', () => {
  assert.deepEqual(ok({ report: 1 }), { ok: true, report: 1 });
  assert.deepEqual(fail(new Error('boom')), { ok: false, error: 'boom' });
  assert.deepEqual(fail('plain'), { ok: false, error: 'plain' });
});
