// Authoring assist (issue 14), the pure parts: editor text → draft Issue, the debouncer,
// the hints view model, applying a suggestion, the message guards and the backlog store.
// Real text: SeaMonkey bug 1719819 and its duplicate 1718839 (from
// ../shared/data/duplicates/seamonkey/, GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0, via
// tests/fixtures/pages/authoring/seamonkey.json) and a story from
// ../shared/data/stories/dalpiaz/g05-openspending.txt (Dalpiaz, CC BY 4.0).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applySuggestion, assistView, blocksFromText, debounce, draftIssue, hasText, kindOf, sameOriginUrl,
} from '../../extension/authoring.js';
import { isDraft, isRequest } from '../../extension/messages.js';
import { BacklogStore, slim } from '../../extension/draft-store.js';
import { docText } from '../../extension/report-view.js';
import { TRACKERS } from '../../extension/trackers/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', 'authoring', 'seamonkey.json'), 'utf8'));
const ARCHIVE = DATA.drafts.find((d) => d.id === 1719819);

test('textarea text becomes blocks: paragraphs per line, Markdown headings, lists with depth, task boxes and code', () => {
  const text = 'As a Data Publishing User, I want to be able to edit a dataset I have published\r\n\n' +
    '## Acceptance criteria\n- Given a published dataset\n  - when I edit its title\n1. then the new title is shown\n- [x] reviewed\n```js\nlet a = 1;\n```\nplain # not a heading';
  assert.deepEqual(blocksFromText(text), [
    { type: 'paragraph', text: 'As a Data Publishing User, I want to be able to edit a dataset I have published' },
    { type: 'heading', level: 2, text: 'Acceptance criteria' },
    { type: 'list-item', ordered: false, depth: 0, text: 'Given a published dataset' },
    { type: 'list-item', ordered: false, depth: 1, text: 'when I edit its title' },
    { type: 'list-item', ordered: true, depth: 0, text: 'then the new title is shown' },
    { type: 'list-item', ordered: false, depth: 0, checked: true, text: 'reviewed' },
    { type: 'code', lang: 'js', text: 'let a = 1;' },
    { type: 'paragraph', text: 'plain # not a heading' },
  ]);
  assert.deepEqual(blocksFromText(''), []);
  assert.deepEqual(blocksFromText('-\n#\n'), [{ type: 'paragraph', text: '-' }, { type: 'paragraph', text: '#' }]);
  // An unclosed fence keeps the rest as code instead of looping or throwing.
  assert.deepEqual(blocksFromText('```\nx'), [{ type: 'code', lang: null, text: 'x' }]);
});

test('a draft Issue from the fields of a real bug report: the shape the core and the guard accept', () => {
  const lines = ARCHIVE.description.split('\n').filter((l) => l.trim());
  const draft = draftIssue({ tracker: 'jira', title: `  ${ARCHIVE.summary}\n`, description: blocksFromText(ARCHIVE.description) });
  assert.equal(draft.title, ARCHIVE.summary);
  assert.equal(draft.key, '');
  assert.equal(draft.kind, 'story');
  assert.equal(draft.description.blocks.length, lines.length);
  assert.equal('acceptance_criteria' in draft, false);
  assert.equal(isDraft(draft), true);
  assert.equal(isRequest({ type: 'draft-check', scope: 'https://jira.example.com/jira', draft }), true);
  assert.deepEqual(draft.description.blocks.filter((b) => b.type === 'list-item').map((b) => b.ordered), [true, true], 'the "1)" steps are a list');
  // Plain lines render as the lines joined by "\n": the text the core's spans point into.
  const plain = lines.filter((l) => !/^\s*\d+\)/.test(l));
  const prose = draftIssue({ tracker: 'jira', title: 'x', description: blocksFromText(plain.join('\n')) });
  assert.equal(docText(prose.description), plain.map((l) => l.trim()).join('\n'));
  const withAc = draftIssue({ tracker: 'azure-devops', kind: kindOf('Product Backlog Item'), title: 'T', acceptance: blocksFromText('Given a, when b, then c') });
  assert.deepEqual(withAc.acceptance_criteria, { blocks: [{ type: 'paragraph', text: 'Given a, when b, then c' }] });
  assert.equal(withAc.kind, 'story');
  assert.equal(kindOf('Bug'), 'bug');
  assert.equal(kindOf(''), 'story');
  assert.equal(kindOf('Weird type'), 'other');
  assert.equal(hasText(draftIssue({ tracker: 'github', title: '  ' })), false);
  assert.equal(hasText(draftIssue({ tracker: 'github', title: '', description: [{ type: 'paragraph', text: 'x' }] })), true);
});

test('draft messages: malformed drafts and scopes are refused before reaching the core', () => {
  const draft = draftIssue({ tracker: 'github', title: ARCHIVE.summary, description: blocksFromText(ARCHIVE.description) });
  const bad = [
    { type: 'draft-check', scope: 'javascript:alert(1)', draft },
    { type: 'draft-check', scope: 'https://x', draft: { ...draft, title: 5 } },
    { type: 'draft-check', scope: 'https://x', draft: { ...draft, description: 'text' } },
    { type: 'draft-check', scope: 'https://x', draft: { ...draft, description: { blocks: ['p'] } } },
    { type: 'draft-check', scope: 'https://x', draft: { ...draft, acceptance_criteria: [] } },
    { type: 'draft-check', scope: 'https://x', draft: { ...draft, title: 'x'.repeat(200001) } },
    { type: 'draft-check', scope: 'https://x' },
    { type: 'draft-index', scope: 'https://x', issues: [{ key: '', title: 'x' }] },
    { type: 'draft-index', scope: 'https://x', issues: [{ key: 'A-1' }] },
    { type: 'draft-index', scope: 'https://x', issues: 'A-1' },
    { type: 'draft-index', scope: 'https://x', issues: [], replace: 'yes' },
    { type: 'draft-index', scope: 'ftp://x', issues: [] },
  ];
  for (const m of bad) assert.equal(isRequest(m), false, JSON.stringify(m).slice(0, 120));
});

test('debounce: one call after the pause, with the last arguments; cancel and flush', () => {
  let now = 0;
  const timers = new Map();
  let id = 0;
  const fake = {
    setTimeout: (fn, ms) => {
      timers.set(++id, { fn, at: now + ms });
      return id;
    },
    clearTimeout: (t) => timers.delete(t),
  };
  const advance = (ms) => {
    now += ms;
    for (const [t, { fn, at }] of [...timers]) {
      if (at <= now) {
        timers.delete(t);
        fn();
      }
    }
  };
  const calls = [];
  const d = debounce((x) => calls.push(x), 300, /** @type {any} */ (fake));
  d('a');
  advance(200);
  d('ab');
  advance(200);
  assert.deepEqual(calls, [], 'typing keeps postponing');
  assert.equal(d.pending(), true);
  advance(100);
  assert.deepEqual(calls, ['ab'], 'one call, last arguments');
  d('abc');
  d.cancel();
  advance(1000);
  assert.deepEqual(calls, ['ab']);
  d('abcd');
  d.flush();
  assert.deepEqual(calls, ['ab', 'abcd']);
  assert.equal(d.pending(), false);
  d.flush();
  assert.deepEqual(calls, ['ab', 'abcd'], 'nothing pending, nothing run');
});

test('assist view: readiness preview, findings with the quoted words, duplicates sorted, capped and linked on the same origin only', () => {
  const draft = draftIssue({ tracker: 'jira', title: ARCHIVE.summary, description: blocksFromText('Archiving a message from the toolbar does nothing.') });
  const result = {
    report: {
      readiness: {
        verdict: 'almost-ready',
        checks: [
          { check: 'acceptance-criteria', passed: false, severity: 'warning', reason: 'no criteria', next_step: 'Add an "Acceptance criteria" section.' },
          { check: 'title', passed: true, severity: 'error', reason: 'ok' },
          { check: 'description', passed: true, severity: 'error', reason: 'ok' },
        ],
      },
      diagnostics: [
        { rule: 'acceptance-criteria', severity: 'warning', message: 'dup of the check', why: 'w', help: 'h', field: null, span: null },
        { rule: 'story/well-formed', severity: 'warning', message: 'Not a user story.', why: 'Why.', help: 'Rewrite.', field: 'title', span: { start: 8, end: 17 }, suggestion: null },
        { rule: 'x/hostile', severity: 'bogus', message: '<img src=x onerror=alert(1)>', why: '', help: '', field: 'description', span: { start: 0, end: 999 } },
      ],
    },
    similar: [
      { key: 'SM-1', score: 0.52, title: 'a', url: 'https://jira.example.com/browse/SM-1', evidence: ['archive'] },
      { key: 'SM-1718839', score: 0.7, title: 'Archive message action does not work', url: 'https://evil.example/browse/SM-1718839', evidence: ['archive', 'message'] },
      { key: 'SM-3', score: 0.51, title: 'c', url: 'javascript:alert(1)' },
      { key: 'SM-4', score: 0.5, title: 'd' },
      { key: 'SM-5', score: 0.6, title: 'e', url: '/browse/SM-5' },
      { key: 'SM-6', score: 0.55, title: 'f' },
      { bogus: true },
    ],
  };
  const v = assistView(result, draft, 'https://jira.example.com');
  assert.equal(v.verdict, 'almost');
  assert.equal(v.verdictText, 'Almost ready');
  assert.equal(v.summary, '2 of 3 checks met: Add an "Acceptance criteria" section');
  assert.deepEqual(v.missing.map((m) => m.name), ['acceptance-criteria']);
  assert.deepEqual(v.findings.map((f) => f.rule), ['story/well-formed', 'x/hostile'], 'a failed check is not listed twice');
  assert.deepEqual(v.findings[0].quote, { before: 'message ', match: ARCHIVE.summary.slice(8, 17), after: ARCHIVE.summary.slice(17) });
  assert.equal(v.findings[1].quote, null, 'an out-of-range span quotes nothing');
  assert.equal(v.findings[1].severity, 'info');
  assert.deepEqual(v.duplicates.map((c) => c.key), ['SM-1718839', 'SM-5', 'SM-6', 'SM-1', 'SM-3'], 'best five');
  assert.equal(v.duplicates[0].percent, '70%');
  assert.equal(v.duplicates[0].url, null, 'another host is not linked');
  assert.equal(v.duplicates[1].url, 'https://jira.example.com/browse/SM-5');
  assert.equal(v.duplicates[3].url, 'https://jira.example.com/browse/SM-1');
  assert.equal(v.duplicates[4].url, null, 'javascript: is not linked');
  assert.match(v.announce, /^Almost ready, 2 of 3 checks met; 2 findings; possibly a duplicate of SM-1718839/);
  const empty = assistView({ report: null, similar: null }, draft, 'https://x.example');
  assert.equal(empty.verdict, 'unknown');
  assert.deepEqual([empty.findings, empty.duplicates, empty.missing], [[], [], []]);
  assert.equal(sameOriginUrl('//evil.example/x', 'https://x.example'), null);
});

test('a suggestion is applied only to a fragment found exactly once, and only on request', () => {
  const title = 'message archiving does not work';
  assert.equal(applySuggestion(title, { match: 'message' }, 'Message'), 'Message archiving does not work');
  assert.equal(applySuggestion('work and work', { match: 'work' }, 'job'), null, 'ambiguous');
  assert.equal(applySuggestion(title, { match: 'gone' }, 'x'), null, 'stale span');
  assert.equal(applySuggestion(title, null, 'x'), null);
  assert.equal(applySuggestion(title, { match: 'message' }, null), null);
});

test('backlog store: merge, replace, cap per scope, scope eviction, persistence and changed flags', async () => {
  const saved = new Map();
  const persist = {
    load: async (s) => saved.get(s) ?? null,
    save: async (s, issues) => {
      saved.set(s, issues);
    },
    remove: async (s) => {
      saved.delete(s);
    },
  };
  let t = 0;
  const store = new BacklogStore(persist, { maxPerScope: 3, maxScopes: 2, now: () => ++t });
  const issue = (n, extra = {}) => ({ tracker: 'jira', key: `SM-${n}`, title: `bug ${n}`, kind: 'bug', description: { blocks: [] }, fields: { big: 'x'.repeat(100) }, ...extra });
  assert.deepEqual(await store.add('https://j/x', [issue(1), issue(2)]), { changed: true, size: 2 });
  const v1 = (await store.get('https://j/x')).version;
  assert.deepEqual(await store.add('https://j/x', [issue(1), issue(2)]), { changed: false, size: 2 }, 'same issues: no rebuild');
  assert.equal((await store.get('https://j/x')).version, v1);
  assert.deepEqual(await store.add('https://j/x', [issue(2, { title: 'edited' }), issue(3), issue(4)]), { changed: true, size: 3 });
  const keys = [...(await store.get('https://j/x')).issues.keys()];
  assert.deepEqual(keys, ['SM-2', 'SM-3', 'SM-4'], 'capped: the oldest goes first, an edited issue counts as new');
  assert.equal(saved.get('https://j/x').find((i) => i.key === 'SM-2').fields, undefined, 'raw fields are not stored');
  assert.equal(saved.get('https://j/x').find((i) => i.key === 'SM-2').title, 'edited');
  assert.equal(typeof (await store.get('https://j/x')).issues.get('SM-2'), 'number', 'in memory only a fingerprint per key');
  assert.deepEqual(saved.get('https://j/x').map((i) => i.key), keys);
  assert.deepEqual(await store.add('https://j/x', [issue(4)], true), { changed: true, size: 1 });
  // A fresh store (a restarted service worker) reads the scope back.
  const again = new BacklogStore(persist, { maxPerScope: 3, maxScopes: 2, now: () => ++t });
  assert.deepEqual([...(await again.get('https://j/x')).issues.keys()], ['SM-4']);
  // Scopes beyond the cap: the least recently used is dropped, from disk too.
  await again.add('https://j/y', [issue(5)]);
  await again.get('https://j/x');
  await again.add('https://j/z', [issue(6)]);
  assert.deepEqual([...again.scopes.keys()].sort(), ['https://j/x', 'https://j/z']);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(saved.has('https://j/y'), false);
  assert.deepEqual(slim({ key: 'A', fields: {} }), { key: 'A' });
});

test('every tracker lists its editors and names the project a page belongs to (the duplicate index scope)', () => {
  const byId = new Map(TRACKERS.map((t) => [t.id, t]));
  for (const t of TRACKERS) {
    assert.ok(t.editors?.length, `${t.id} has editor specs`);
    for (const spec of t.editors) for (const k of ['form', 'title', 'description']) assert.equal(typeof spec[k], 'string', `${t.id}.${k}`);
  }
  // Pages without a body / metas: only the URL decides (a document stub is enough).
  const doc = /** @type {any} */ ({ body: null, querySelector: () => null });
  const scope = (id, url) => byId.get(id).scope(doc, new URL(url));
  // The list and the create page of one project share a scope; other projects do not.
  assert.equal(scope('github', 'https://github.com/seamonkey/suite/issues'), 'https://github.com/seamonkey/suite');
  assert.equal(scope('github', 'https://github.com/seamonkey/suite/issues/new'), 'https://github.com/seamonkey/suite');
  assert.equal(scope('gitlab', 'https://gitlab.example/gitlab/data/packages/-/issues/new'), 'https://gitlab.example/gitlab/data/packages');
  assert.equal(scope('azure-devops', 'https://dev.azure.com/org/SeaMonkey/_workitems/create/User%20Story'), 'https://dev.azure.com/org/SeaMonkey');
  assert.equal(scope('azure-devops', 'https://dev.azure.com/org/SeaMonkey/_backlogs/backlog/T/Stories'), 'https://dev.azure.com/org/SeaMonkey');
  assert.equal(scope('linear', 'https://linear.app/acme/team/ENG/all'), 'https://linear.app/acme');
  assert.equal(scope('jira', 'https://x.atlassian.net/jira/software/projects/SM/boards/1'), 'https://x.atlassian.net');
  for (const t of TRACKERS) assert.equal(isRequest({ type: 'draft-index', scope: scope(t.id, 'https://h.example/a/b/_x/issues'), issues: [] }), true, `${t.id} scope passes the guard`);
  assert.equal(byId.get('jira').issueUrl('SM-1', doc, new URL('https://x.atlassian.net/browse/SM-2')), 'https://x.atlassian.net/browse/SM-1');
  assert.equal(byId.get('jira').issueUrl('not a key', doc, new URL('https://x.atlassian.net/')), null);
});
