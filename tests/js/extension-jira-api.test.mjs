// Jira REST loading against a fake fetch: batching, paging (v3 cursor, v2 startAt), 429
// back-off, refused searches, context paths and the board's story-point field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEYS_PER_QUERY, boardId, fetchIssues, isCloud, jiraBase, markStoryPoints, searchUrl, storyPointField } from '../../extension/trackers/jira-api.js';
import { chunks, getJson } from '../../extension/trackers/common.js';

/** A fake fetch answering from `route(url)` → [status, body, headers]. */
function fakeFetch(route) {
  const calls = [];
  const fn = async (url, init) => {
    calls.push({ url, init });
    const [status, body, headers = {}] = route(new URL(url));
    return {
      status,
      headers: { get: (h) => headers[h.toLowerCase()] ?? null },
      text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
    };
  };
  fn.calls = calls;
  return fn;
}
const noSleep = () => Promise.resolve();
const keysOf = (u) => /key in \(([^)]*)\)/.exec(u.searchParams.get('jql'))[1].split(',');
const issue = (key) => ({ key, fields: { summary: `summary of ${key}` } });

test('the instance base honours ajs-context-path, else the path before a Jira route', () => {
  const doc = (ctx) => ({ querySelector: (s) => (s.includes('ajs-context-path') && ctx !== null ? { getAttribute: () => ctx } : null) });
  assert.equal(jiraBase(doc('/jira'), new URL('https://h.example/jira/browse/A-1')), 'https://h.example/jira');
  assert.equal(jiraBase(doc(''), new URL('https://h.example/browse/A-1')), 'https://h.example');
  assert.equal(jiraBase(doc(null), new URL('https://h.example/tools/jira/browse/A-1')), 'https://h.example/tools/jira');
  assert.equal(jiraBase(doc(null), new URL('https://x.atlassian.net/jira/software/c/projects/A/boards/7')), 'https://x.atlassian.net');
  assert.equal(jiraBase(doc('javascript:alert(1)'), new URL('https://h.example/secure/Dashboard.jspa')), 'https://h.example');
});

test('Cloud domains answer at once; other hosts ask serverInfo once', async () => {
  const f = fakeFetch(() => [200, { deploymentType: 'Cloud' }]);
  assert.equal(await isCloud('https://x.atlassian.net', new URL('https://x.atlassian.net/browse/A-1'), f, noSleep), true);
  assert.equal(f.calls.length, 0);
  assert.equal(await isCloud('https://proxy.example', new URL('https://proxy.example/browse/A-1'), f, noSleep), true);
  assert.equal(f.calls[0].url, 'https://proxy.example/rest/api/2/serverInfo');
  const dc = fakeFetch(() => [200, { deploymentType: 'Server' }]);
  assert.equal(await isCloud('https://h/jira', new URL('https://h/jira/browse/A-1'), dc, noSleep), false);
  const down = fakeFetch(() => [500, 'oops']);
  assert.equal(await isCloud('https://h', new URL('https://h/browse/A-1'), down, noSleep), false);
});

test('v3: keys are batched and every nextPageToken followed', async () => {
  const keys = Array.from({ length: 120 }, (_, i) => `ENG-${i + 1}`);
  const f = fakeFetch((u) => {
    assert.equal(u.pathname, '/rest/api/3/search/jql');
    assert.equal(u.searchParams.get('fields'), '*all,-comment,-worklog,-attachment');
    assert.equal(u.searchParams.get('expand'), 'names');
    const batch = keysOf(u);
    const off = Number(u.searchParams.get('nextPageToken') ?? 0);
    const page = batch.slice(off, off + 30).map(issue);
    const last = off + 30 >= batch.length;
    return [200, { issues: page, isLast: last, ...(last ? {} : { nextPageToken: String(off + 30) }), names: {} }];
  });
  const pages = await fetchIssues(keys, { base: 'https://x.atlassian.net', cloud: true, fetch: f, sleep: noSleep });
  const got = pages.flatMap((p) => p.issues.map((i) => i.key));
  assert.deepEqual(got, keys);
  const batches = chunks(keys, KEYS_PER_QUERY);
  assert.equal(batches.length, 3);
  // 50 keys → 2 pages, 50 → 2, 20 → 1
  assert.equal(f.calls.length, 5);
});

test('v2: startAt paging under the context path', async () => {
  const keys = ['MESOS-1', 'MESOS-2', 'MESOS-3', 'MESOS-4', 'MESOS-5'];
  const f = fakeFetch((u) => {
    assert.equal(u.pathname, '/jira/rest/api/2/search');
    const start = Number(u.searchParams.get('startAt'));
    const batch = keysOf(u);
    return [200, { startAt: start, maxResults: 2, total: batch.length, issues: batch.slice(start, start + 2).map(issue) }];
  });
  const pages = await fetchIssues(keys, { base: 'https://h/jira', cloud: false, fetch: f, sleep: noSleep });
  assert.deepEqual(pages.flatMap((p) => p.issues.map((i) => i.key)), keys);
  assert.deepEqual(f.calls.map((c) => new URL(c.url).searchParams.get('startAt')), ['0', '2', '4']);
});

test('429 backs off for Retry-After seconds (else exponentially) and then succeeds', async () => {
  let n = 0;
  const waits = [];
  const f = fakeFetch(() => (n++ < 2 ? [429, '', n === 1 ? { 'retry-after': '2' } : {}] : [200, { issues: [issue('A-1')], isLast: true }]));
  const pages = await fetchIssues(['A-1'], { base: 'https://x.atlassian.net', cloud: true, fetch: f, sleep: async (ms) => waits.push(ms) });
  assert.deepEqual(waits, [2000, 2000]);
  assert.equal(pages.length, 1);
  // Gives up after the retries and reports the last status.
  const always = fakeFetch(() => [429, '']);
  const res = await getJson(always, 'https://h/x', { sleep: noSleep, retries: 3 });
  assert.equal(res.status, 429);
  assert.equal(always.calls.length, 4);
});

test('a refused search (400: unknown key) falls back to one GET per key; missing keys are left out', async () => {
  const known = new Set(['A-1', 'A-3']);
  const f = fakeFetch((u) => {
    if (u.pathname.endsWith('/search')) return [400, { errorMessages: ["An issue with key 'A-2' does not exist for field 'key'."] }];
    const key = u.pathname.split('/').pop();
    return known.has(key) ? [200, issue(key)] : [404, { errorMessages: ['nope'] }];
  });
  const pages = await fetchIssues(['A-1', 'A-2', 'A-3', 'not a key'], { base: 'https://h', cloud: false, fetch: f, sleep: noSleep });
  assert.deepEqual(pages.map((p) => p.key), ['A-1', 'A-3']);
  assert.ok(f.calls.every((c) => !c.url.includes('not')), 'invalid keys never reach a URL');
  assert.ok(f.calls.every((c) => c.init.method === 'GET'), 'GET only (Jira rejects extension POSTs)');
});

test('the board story-point field is read and named for the importer', async () => {
  assert.equal(boardId(new URL('https://x/jira/software/c/projects/A/boards/7/backlog')), '7');
  assert.equal(boardId(new URL('https://x/secure/RapidBoard.jspa?rapidView=12')), '12');
  assert.equal(boardId(new URL('https://x/browse/A-1')), null);
  const f = fakeFetch(() => [200, { estimation: { field: { fieldId: 'customfield_10016', displayName: 'Story point estimate' } } }]);
  const field = await storyPointField('https://x', '7', f, noSleep);
  assert.deepEqual(field, { id: 'customfield_10016', name: 'Story point estimate' });
  assert.equal(f.calls[0].url, 'https://x/rest/agile/1.0/board/7/configuration');
  assert.deepEqual(markStoryPoints({ issues: [], names: { summary: 'Summary' } }, field).names, { summary: 'Summary', customfield_10016: 'Story Points' });
  assert.equal(await storyPointField('https://x', '7', fakeFetch(() => [404, '']), noSleep), null);
});

test('search URLs carry the JQL, fields and cursor', () => {
  const v3 = new URL(searchUrl('https://x', true, ['A-1', 'B-2'], { nextPageToken: 'abc' }));
  assert.equal(v3.searchParams.get('jql'), 'key in (A-1,B-2)');
  assert.equal(v3.searchParams.get('nextPageToken'), 'abc');
  const v2 = new URL(searchUrl('https://x/jira', false, ['A-1'], { startAt: 100 }));
  assert.equal(v2.pathname, '/jira/rest/api/2/search');
  assert.equal(v2.searchParams.get('startAt'), '100');
});
