// Pure helpers of the tracker modules: URL and key parsing, type names, batching.
// (Selector matching on the saved fixture pages is tested in tests/e2e/, in Chromium.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyFromHref, viewKey, KEY_RE } from '../../extension/trackers/jira.js';
import { parseIssuePath, gitlab, urlRoot } from '../../extension/trackers/gitlab.js';
import { collectionBase, idFromHref, azureDevops } from '../../extension/trackers/azure-devops.js';
import { keyFromPath as githubKey, github } from '../../extension/trackers/github.js';
import { keyFromPath as linearKey, issuesQuery } from '../../extension/trackers/linear.js';
import { chunks, kindFromName, pageIssue, sameOrigin } from '../../extension/trackers/common.js';
import { TRACKERS } from '../../extension/trackers/index.js';

test('Jira keys from routes and the selectedIssue parameter', () => {
  assert.equal(keyFromHref('/browse/MESOS-1715'), 'MESOS-1715');
  assert.equal(keyFromHref('https://h/jira/browse/STUDIO-5383?focusedCommentId=1'), 'STUDIO-5383');
  assert.equal(keyFromHref('/browse/MESOS'), '');
  assert.equal(keyFromHref('/browse/mesos-1'), '');
  assert.equal(viewKey(new URL('https://x.atlassian.net/jira/software/c/projects/A/boards/1?selectedIssue=A-12')), 'A-12');
  assert.equal(viewKey(new URL('https://x.atlassian.net/browse/A_B-3')), 'A_B-3');
  assert.ok(KEY_RE.test('C2-10') && !KEY_RE.test('2C-10'));
  const here = new URL('https://jira.example.com/jira/browse/A-1');
  assert.equal(sameOrigin('/jira/browse/B-2', here), true);
  assert.equal(sameOrigin('https://jira.example.com/browse/B-2', here), true);
  assert.equal(sameOrigin('https://other.atlassian.net/browse/B-2', here), false);
  assert.equal(sameOrigin('http://jira.example.com/browse/B-2', here), false);
});

test('GitLab issue paths with and without a relative URL root', () => {
  assert.deepEqual(parseIssuePath('/group/sub/project/-/issues/12'), { project: 'group/sub/project', iid: '12' });
  assert.deepEqual(parseIssuePath('/gitlab/data/packages/-/work_items/7', '/gitlab'), { project: 'data/packages', iid: '7' });
  assert.equal(parseIssuePath('/group/project/-/merge_requests/3'), null);
  const wanted = new Set(['data/packages#7', 'other/packages#8']);
  assert.equal(gitlab.keyFor({ key: '7', url: 'https://g/gitlab/data/packages/-/issues/7' }, wanted), 'data/packages#7');
  assert.equal(gitlab.keyFor({ key: 'data/packages#7' }, wanted), 'data/packages#7');
  assert.equal(gitlab.keyFor({ key: '9' }, wanted), null);
});

test('Azure DevOps collection base and work item ids', () => {
  assert.equal(collectionBase('/org/Project/_boards/board/t/Team/Stories'), '/org');
  assert.equal(collectionBase('/tfs/DefaultCollection/Project/_workitems/edit/5'), '/tfs/DefaultCollection');
  assert.equal(collectionBase('/Project/_workitems/edit/5'), '');
  assert.equal(collectionBase('/org/Project'), null);
  assert.equal(idFromHref('/org/P/_workitems/edit/2301/'), '2301');
  assert.equal(idFromHref('/org/P/_workitems/recentlyupdated'), '');
  assert.equal(azureDevops.keyFor({ key: '#2301' }, new Set(['2301'])), '2301');
});

test('GitHub and Linear keys', () => {
  assert.equal(githubKey('/rust-lang/rust/issues/12345'), 'rust-lang/rust#12345');
  assert.equal(githubKey('/o/r/pull/1'), '');
  assert.equal(github.keyFor({ key: '101', url: 'https://github.example.com/fedspend/broker/issues/101' }, new Set(['fedspend/broker#101'])), 'fedspend/broker#101');
  assert.equal(linearKey('/acme/issue/ENG-123/fix-login'), 'ENG-123');
  assert.equal(linearKey('/acme/team/ENG/all'), '');
  const q = issuesQuery(['ENG-1', 'ENG-2"}']);
  assert.match(q, /i0: issue\(id: "ENG-1"\)/);
  assert.match(q, /i1: issue\(id: "ENG-2\\"}"\)/, 'identifiers are JSON-quoted');
});

test('type names normalise like IssueKind::from_name; page issues carry only what is seen', () => {
  assert.equal(kindFromName('Product Backlog Item'), 'story');
  assert.equal(kindFromName('Sub-task'), 'subtask');
  assert.equal(kindFromName('Whatever'), 'other');
  assert.deepEqual(pageIssue({ tracker: 'jira', key: 'A-1', title: 'T', kindName: 'Bug' }),
    { tracker: 'jira', key: 'A-1', title: 'T', kind: 'bug', kind_name: 'Bug', description: { blocks: [] } });
  assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

test('one module per tracker, each with the full interface', () => {
  assert.deepEqual(TRACKERS.map((t) => t.id).sort(), ['azure-devops', 'github', 'gitlab', 'jira', 'linear']);
  for (const t of TRACKERS) {
    for (const f of ['hostMatch', 'detect', 'discover', 'load', 'fromPage']) assert.equal(typeof t[f], 'function', `${t.id}.${f}`);
  }
  const cloud = { jira: 'acme.atlassian.net', gitlab: 'gitlab.com', 'azure-devops': 'dev.azure.com', github: 'github.com', linear: 'linear.app' };
  for (const t of TRACKERS) {
    assert.equal(t.hostMatch(new URL(`https://${cloud[t.id]}/x`)), true, t.id);
    assert.equal(t.hostMatch(new URL('https://example.com/x')), false, t.id);
  }
});

/** A load context with a fake fetch / parse / api (no DOM needed). */
function fakeCtx({ url, body = null, fetchRoute = () => [404, ''], apiRoute = null }) {
  const calls = { fetch: [], parse: [], api: [] };
  const location = new URL(url);
  return {
    calls,
    ctx: {
      document: { body: { getAttribute: (n) => body?.[n] ?? null }, querySelector: () => null },
      location,
      sleep: async () => {},
      fetch: async (u, init) => {
        calls.fetch.push({ url: u, init });
        const [status, text] = fetchRoute(new URL(u));
        return { status, headers: { get: () => null }, text: async () => (typeof text === 'string' ? text : JSON.stringify(text)) };
      },
      parse: async (format, text) => {
        calls.parse.push({ format, text });
        return { issues: [{ parsed: format, text }], problems: [] };
      },
      api: async (tracker, request) => {
        calls.api.push({ tracker, request });
        return apiRoute ? apiRoute(tracker, request) : null;
      },
    },
  };
}

test('GitLab load: one same-origin API call per project with iids, under the URL root', async () => {
  const { ctx, calls } = fakeCtx({
    url: 'https://git.example.com/gitlab/data/packages/-/boards/1',
    body: { 'data-project-full-path': 'data/packages' },
    fetchRoute: () => [200, [{ iid: 7 }]],
  });
  const issues = await gitlab.load(['data/packages#7', 'data/packages#8', 'other/x#1', 'bad'], ctx);
  assert.deepEqual(calls.fetch.map((c) => c.url), [
    'https://git.example.com/gitlab/api/v4/projects/data%2Fpackages/issues?iids[]=7&iids[]=8&per_page=100',
    'https://git.example.com/gitlab/api/v4/projects/other%2Fx/issues?iids[]=1&per_page=100',
  ]);
  assert.ok(calls.fetch.every((c) => c.init.method === 'GET' && c.init.credentials === 'same-origin'));
  assert.deepEqual(calls.parse.map((p) => p.format), ['gitlab-json', 'gitlab-json']);
  assert.equal(issues.length, 2);
});

test('Azure DevOps load: batch work item GET at the collection level, with the no-redirect header', async () => {
  const { ctx, calls } = fakeCtx({
    url: 'https://dev.azure.com/org/Project/_boards/board/t/Team/Stories',
    fetchRoute: () => [200, { count: 0, value: [] }],
  });
  await azureDevops.load(['2301', '2302', 'x'], ctx);
  assert.equal(calls.fetch.length, 1);
  const u = new URL(calls.fetch[0].url);
  assert.equal(u.origin + u.pathname, 'https://dev.azure.com/org/_apis/wit/workitems');
  assert.equal(u.searchParams.get('ids'), '2301,2302');
  assert.equal(u.searchParams.get('$expand'), 'all');
  assert.equal(u.searchParams.get('api-version'), '7.1');
  assert.equal(calls.fetch[0].init.headers['X-TFS-FedAuthRedirect'], 'Suppress');
  assert.deepEqual(calls.parse.map((p) => p.format), ['ado-json']);
  // A refused call (401) parses nothing.
  const denied = fakeCtx({ url: 'https://tfs.example.com/tfs/DefaultCollection/P/_workitems/edit/5', fetchRoute: () => [401, ''] });
  assert.deepEqual(await azureDevops.load(['5'], denied.ctx), []);
  assert.equal(new URL(denied.calls.fetch[0].url).pathname, '/tfs/DefaultCollection/_apis/wit/workitems');
  assert.equal(new URL(denied.calls.fetch[0].url).searchParams.get('api-version'), '6.0');
});

test('GitHub load: no token means no API call beyond the first refusal; GHE uses /api/v3', async () => {
  const none = fakeCtx({ url: 'https://github.com/o/r/issues' });
  assert.deepEqual(await github.load(['o/r#1', 'o/r#2'], none.ctx), []);
  assert.equal(none.calls.api.length, 1, 'stops at the first "no token"');
  const ghe = fakeCtx({ url: 'https://ghe.example.com/o/r/issues', apiRoute: () => ({ status: 200, text: '{"number":1}' }) });
  await github.load(['o/r#1'], ghe.ctx);
  assert.deepEqual(ghe.calls.api[0], { tracker: 'github', request: { path: '/repos/o/r/issues/1', base: 'https://ghe.example.com/api/v3' } });
  assert.deepEqual(ghe.calls.parse.map((p) => p.format), ['github-json']);
});

test('Linear load: one aliased GraphQL query per 25 keys, nodes handed to the importer', async () => {
  const { linear } = await import('../../extension/trackers/linear.js');
  const keys = Array.from({ length: 30 }, (_, i) => `ENG-${i + 1}`);
  const { ctx, calls } = fakeCtx({
    url: 'https://linear.app/acme/team/ENG/all',
    apiRoute: (_t, req) => {
      const n = (req.query.match(/issue\(id:/g) ?? []).length;
      const data = Object.fromEntries(Array.from({ length: n }, (_, i) => [`i${i}`, { identifier: `X-${i}` }]));
      return { status: 200, text: JSON.stringify({ data }) };
    },
  });
  await linear.load(keys, ctx);
  assert.equal(calls.api.length, 2);
  assert.equal((calls.api[0].request.query.match(/issue\(id:/g) ?? []).length, 25);
  assert.deepEqual(calls.parse.map((p) => p.format), ['linear-json', 'linear-json']);
  assert.equal(JSON.parse(calls.parse[1].text).data.issues.nodes.length, 5);
});

test('GitLab URL root from the project path, else from the OpenSearch link', () => {
  const doc = (project, search) => ({
    body: { getAttribute: (n) => (n === 'data-project-full-path' ? project : null) },
    querySelector: (sel) => (sel.startsWith('link[rel="search"]') && search ? { getAttribute: () => search } : null),
  });
  assert.equal(urlRoot(doc('data/packages', null), new URL('https://g.example/gitlab/data/packages/-/issues/7')), '/gitlab');
  assert.equal(urlRoot(doc('data/packages', null), new URL('https://gitlab.com/data/packages/-/issues/7')), '');
  assert.equal(urlRoot(doc(null, '/gitlab/search/opensearch.xml'), new URL('https://g.example/gitlab/groups/data/-/boards')), '/gitlab');
  assert.equal(urlRoot(doc(null, 'https://g.example/tools/gitlab/search/opensearch.xml'), new URL('https://g.example/tools/gitlab/dashboard/issues')), '/tools/gitlab');
  assert.equal(urlRoot(doc(null, '/search/opensearch.xml'), new URL('https://gitlab.com/dashboard/issues')), '');
  assert.equal(urlRoot(doc(null, null), new URL('https://gitlab.com/dashboard/issues')), '');
});
