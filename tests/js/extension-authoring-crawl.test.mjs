// The authoring assist's project crawl (issue 14): each tracker's crawl URLs, paging,
// incremental windows and back-off, driven by fake servers; the driver (runCrawl) against
// the real backlog store. Issue text is real: SeaMonkey bugs from
// tests/fixtures/pages/authoring/seamonkey-crawl.json (from
// ../shared/data/duplicates/seamonkey/SeaMonkey_bugs.csv, GitBugs, Patil & Jadon, I2CT
// 2023, CC BY 4.0). The importers are the real WASM core (pkg/), skipped when not built.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRAWLERS, USER_STOP, progressText, runCrawl } from '../../extension/crawl.js';
import { newer, newestOf, parseTime, requestJson, retryAfterMs } from '../../extension/trackers/crawl-common.js';
import { crawlJql, jiraProject } from '../../extension/trackers/crawl-jira.js';
import { gitlabIssuesUrl } from '../../extension/trackers/crawl-gitlab.js';
import { adoProject, crawlWiql } from '../../extension/trackers/crawl-ado.js';
import { githubIssuesPath, githubRepo } from '../../extension/trackers/crawl-github.js';
import { linearFilter, linearTeam } from '../../extension/trackers/crawl-linear.js';
import { BacklogStore, MAX_ISSUE_TEXT, slim } from '../../extension/draft-store.js';
import { isRequest } from '../../extension/messages.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', 'authoring', 'seamonkey-crawl.json'), 'utf8'));
const BUGS = DATA.backlog.slice(0, 30);
const HAVE_CORE = existsSync(join(ROOT, 'pkg', 'readylens_bg.wasm'));
const NOW = Date.parse('2024-03-01T12:00:00Z');
/** `updated` of bug n: one hour apart going back from NOW - 1 day. */
const updatedOf = (n) => new Date(NOW - 86400000 - n * 3600000).toISOString();

let corePromise = null;
function core() {
  corePromise ??= (async () => {
    const mod = await import('../../pkg/readylens.js');
    await mod.default({ module_or_path: readFileSync(join(ROOT, 'pkg', 'readylens_bg.wasm')) });
    return mod;
  })();
  return corePromise;
}

/** A fake fetch: `route(url, init)` → [status, body, headers]; every call is logged. */
function fakeFetch(route) {
  const calls = [];
  const fn = async (url, init = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body) : undefined, headers: init.headers ?? {} });
    const [status, body, headers = {}] = route(new URL(url), init);
    const h = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status, headers: { get: (k) => h.get(k.toLowerCase()) ?? null }, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) };
  };
  return { fn, calls };
}

function ctxWith(fetchFn, { api = async () => null, signal = new AbortController().signal, loc = 'https://jira.example.com/browse/SM-1', doc = emptyDoc() } = {}) {
  const sleeps = [];
  return {
    sleeps,
    ctx: {
      document: doc,
      location: new URL(loc),
      fetch: fetchFn,
      sleep: async (ms, s) => {
        sleeps.push(ms);
        if (s?.aborted) throw s.reason;
      },
      parse: async (format, text) => ((await core()).parseIssues(text, format, 'test')),
      api,
      signal,
      now: () => NOW,
    },
  };
}

function emptyDoc() {
  return { querySelector: () => null, querySelectorAll: () => [], body: null };
}

const jiraJson = (b, n) => ({
  id: String(b.id), key: `SM-${b.id}`,
  fields: { summary: b.summary, description: b.description, issuetype: { name: 'Bug' }, status: { name: 'Open', statusCategory: { key: 'new' } }, updated: updatedOf(n).replace('Z', '+0000') },
});

async function collect(pages) {
  const out = [];
  for await (const p of pages) out.push(p);
  return out;
}

test('time helpers: Jira offsets, the newer of two times, Retry-After in seconds or as a date', () => {
  assert.equal(parseTime('2024-03-01T12:00:00.000+0000'), NOW);
  assert.equal(parseTime('2024-03-01T13:30:00.000+0130'), NOW);
  assert.ok(Number.isNaN(parseTime('yesterday')));
  assert.equal(newer('2024-03-01T12:00:00.000+0000', '2024-02-01T12:00:00Z'), '2024-03-01T12:00:00.000+0000');
  assert.equal(newer(null, '2024-02-01T12:00:00Z'), '2024-02-01T12:00:00Z');
  assert.equal(newer('2024-02-01T12:00:00Z', 'garbage'), '2024-02-01T12:00:00Z');
  assert.equal(newestOf([updatedOf(3), updatedOf(0), null, 7, updatedOf(1)]), updatedOf(0));
  assert.equal(retryAfterMs('2', NOW), 2000);
  assert.equal(retryAfterMs('3600', NOW), 60000, 'capped');
  assert.equal(retryAfterMs(new Date(NOW + 5000).toUTCString(), NOW), 5000);
  assert.equal(retryAfterMs(null, NOW), null);
  assert.equal(retryAfterMs('soon', NOW), null);
});

test('requestJson waits out 429s (Retry-After, else exponential) and gives up after the retries', async () => {
  let n = 0;
  const f = fakeFetch(() => (++n <= 2 ? [429, { errorMessages: ['slow down'] }, n === 1 ? { 'Retry-After': '3' } : {}] : [200, { ok: 1 }]));
  const { ctx, sleeps } = ctxWith(f.fn);
  const res = await requestJson(ctx, 'https://jira.example.com/x');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { ok: 1 });
  assert.deepEqual(sleeps, [3000, 2000]);
  const always = fakeFetch(() => [429, {}]);
  const c2 = ctxWith(always.fn);
  assert.equal((await requestJson(c2.ctx, 'https://jira.example.com/x', { retries: 2 })).status, 429);
  assert.equal(always.calls.length, 3);
});

test('Jira: the project comes from the create form picker, the issue viewed, the URL or the rows on the page', () => {
  const picker = { querySelectorAll: (sel) => (sel.includes('project-picker') ? [{ value: undefined, textContent: 'SeaMonkey (SM)' }] : []) };
  assert.equal(jiraProject(emptyDoc(), new URL('https://x.atlassian.net/jira/your-work'), /** @type {any} */ (picker)), 'SM');
  assert.equal(jiraProject(emptyDoc(), new URL('https://x.atlassian.net/browse/MESOS-1234'), null), 'MESOS');
  assert.equal(jiraProject(emptyDoc(), new URL('https://x.atlassian.net/jira/software/c/projects/XD/boards/7'), null), 'XD');
  assert.equal(jiraProject(emptyDoc(), new URL('https://jira.example.com/issues/?jql=project%20%3D%20sm%20ORDER%20BY%20created'), null), 'SM');
  const rows = { ...emptyDoc(), querySelectorAll: () => ['SM-1', 'SM-2', 'MESOS-3'].map((k) => ({ getAttribute: (a) => (a === 'data-issuekey' ? k : null) })) };
  assert.equal(jiraProject(/** @type {any} */ (rows), new URL('https://jira.example.com/issues/'), null), 'SM');
  assert.equal(jiraProject(emptyDoc(), new URL('https://jira.example.com/secure/Dashboard.jspa'), null), '');
});

test('Jira JQL: the whole project newest first, then only what changed since (relative minutes plus a margin)', () => {
  assert.equal(crawlJql('SM', null, NOW), 'project = "SM" ORDER BY updated DESC');
  assert.equal(crawlJql('SM', '2024-03-01T11:00:00.000+0000', NOW), 'project = "SM" AND updated >= "-70m" ORDER BY updated DESC');
  assert.equal(crawlJql('SM', 'not a time', NOW), 'project = "SM" ORDER BY updated DESC');
});

test('Jira Data Center: startAt paging with the total, the fields the index reads, real issues imported', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  const f = fakeFetch((url) => {
    if (url.pathname === '/jira/rest/api/2/serverInfo') return [200, { deploymentType: 'Server' }];
    assert.equal(url.pathname, '/jira/rest/api/2/search');
    const start = Number(url.searchParams.get('startAt'));
    const page = BUGS.slice(start, start + 12).map((b, i) => jiraJson(b, start + i));
    return [200, { startAt: start, maxResults: 12, total: BUGS.length, issues: page }];
  });
  const { ctx } = ctxWith(f.fn, { loc: 'https://jira.example.com/jira/browse/SM-1' });
  const t = { project: 'SM', label: 'SM', extra: { base: 'https://jira.example.com/jira' } };
  const pages = await collect(CRAWLERS.jira.pages(t, ctx, null));
  assert.deepEqual(pages.map((p) => p.issues.length), [12, 12, 6]);
  assert.deepEqual(pages.map((p) => p.total), [30, 30, 30]);
  assert.equal(pages[0].newest, updatedOf(0).replace('Z', '+0000'));
  assert.deepEqual(pages.flatMap((p) => p.issues.map((i) => i.title)), BUGS.map((b) => b.summary));
  const searches = f.calls.filter((c) => c.url.includes('/search'));
  assert.deepEqual(searches.map((c) => new URL(c.url).searchParams.get('startAt')), ['0', '12', '24']);
  for (const c of searches) {
    const q = new URL(c.url).searchParams;
    assert.equal(q.get('jql'), 'project = "SM" ORDER BY updated DESC');
    assert.equal(q.get('fields'), 'summary,description,issuetype,status,updated');
    assert.equal(c.method, 'GET');
  }
});

test('Jira Cloud: search/jql with nextPageToken, the approximate count, a refused search is an error', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  const f = fakeFetch((url, init) => {
    if (url.pathname === '/rest/api/3/search/approximate-count') {
      assert.equal(init.method, 'POST');
      return [200, { count: BUGS.length }];
    }
    assert.equal(url.pathname, '/rest/api/3/search/jql');
    const off = Number(url.searchParams.get('nextPageToken') ?? 0);
    const body = { issues: BUGS.slice(off, off + 20).map((b, i) => jiraJson(b, off + i)), isLast: off + 20 >= BUGS.length };
    if (!body.isLast) body.nextPageToken = String(off + 20);
    return [200, body];
  });
  const { ctx } = ctxWith(f.fn, { loc: 'https://seamonkey.atlassian.net/browse/SM-1' });
  const pages = await collect(CRAWLERS.jira.pages({ project: 'SM', label: 'SM', extra: { base: 'https://seamonkey.atlassian.net' } }, ctx, updatedOf(5)));
  assert.deepEqual(pages.map((p) => p.issues.length), [20, 10]);
  assert.deepEqual(pages.map((p) => p.total), [30, 30]);
  const jqls = f.calls.map((c) => c.body?.jql ?? new URL(c.url).searchParams.get('jql'));
  assert.ok(jqls.every((j) => j === 'project = "SM" AND updated >= "-1750m" ORDER BY updated DESC'), JSON.stringify(jqls));
  assert.equal(new URL(f.calls[2].url).searchParams.get('nextPageToken'), '20');

  const refused = fakeFetch(() => [400, { errorMessages: ["The value 'SM' does not exist for the field 'project'."] }]);
  const c2 = ctxWith(refused.fn, { loc: 'https://seamonkey.atlassian.net/browse/SM-1' });
  await assert.rejects(collect(CRAWLERS.jira.pages({ project: 'SM', label: 'SM' }, c2.ctx, null)), /HTTP 400/);
});

test('GitLab: updated_at order, X-Next-Page paging, X-Total, updated_after when incremental', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  const gl = BUGS.map((b, n) => ({ id: 1000 + n, iid: n + 1, project_id: 7, title: b.summary, description: b.description, state: 'opened', labels: [], created_at: updatedOf(n + 40), updated_at: updatedOf(n), web_url: `https://gitlab.example.com/seamonkey/suite/-/issues/${n + 1}` }));
  const f = fakeFetch((url) => {
    assert.equal(url.pathname, '/gitlab/api/v4/projects/seamonkey%2Fsuite/issues');
    const page = Number(url.searchParams.get('page'));
    const slice = gl.slice((page - 1) * 16, page * 16);
    return [200, slice, { 'X-Total': gl.length, 'X-Next-Page': page * 16 < gl.length ? page + 1 : '' }];
  });
  const { ctx } = ctxWith(f.fn, { loc: 'https://gitlab.example.com/gitlab/seamonkey/suite/-/issues/new' });
  const t = { project: 'seamonkey/suite', label: 'seamonkey/suite', extra: { api: 'https://gitlab.example.com/gitlab/api/v4' } };
  const pages = await collect(CRAWLERS.gitlab.pages(t, ctx, '2024-02-20T00:00:00Z'));
  assert.deepEqual(pages.map((p) => p.issues.length), [16, 14]);
  assert.equal(pages[0].total, 30);
  assert.equal(pages[1].issues[0].title, BUGS[16].summary);
  const q = new URL(f.calls[1].url).searchParams;
  assert.deepEqual(Object.fromEntries(q), { scope: 'all', order_by: 'updated_at', sort: 'desc', per_page: '100', page: '2', updated_after: '2024-02-20T00:00:00Z' });
  assert.equal(gitlabIssuesUrl('https://g/api/v4', 'a/b', null, '1'), 'https://g/api/v4/projects/a%2Fb/issues?scope=all&order_by=updated_at&sort=desc&per_page=100&page=1');
});

test('Azure DevOps: WIQL for the ids (changed since, when incremental), then workitemsbatch 200 at a time', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  assert.deepEqual(adoProject(new URL('https://dev.azure.com/org/Sea%20Monkey/_workitems/create/Bug')), { collection: '/org', project: 'Sea Monkey' });
  assert.deepEqual(adoProject(new URL('https://tfs.example.com/tfs/DefaultCollection/SM/_boards/board')), { collection: '/tfs/DefaultCollection', project: 'SM' });
  assert.equal(adoProject(new URL('https://dev.azure.com/org')), null);
  assert.equal(crawlWiql(null), 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.ChangedDate] DESC');
  assert.match(crawlWiql('2024-02-20T10:00:00.000+0000'), /\[System\.ChangedDate\] >= '2024-02-20T10:00:00\.000Z'/);
  const ids = Array.from({ length: 450 }, (_, n) => 5000 + n);
  const f = fakeFetch((url, init) => {
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['X-TFS-FedAuthRedirect'], 'Suppress');
    if (url.pathname.endsWith('/_apis/wit/wiql')) return [200, { workItems: ids.map((id) => ({ id })) }];
    assert.equal(url.pathname, '/org/Sea%20Monkey/_apis/wit/workitemsbatch');
    const body = JSON.parse(init.body);
    // A Basic-process collection: no acceptance-criteria field.
    if (body.fields.includes('Microsoft.VSTS.Common.AcceptanceCriteria')) return [400, { message: "TF51535: Cannot find field Microsoft.VSTS.Common.AcceptanceCriteria." }];
    return [200, { count: body.ids.length, value: body.ids.map((id, n) => ({ id, fields: { 'System.Id': id, 'System.Title': BUGS[n % BUGS.length].summary, 'System.WorkItemType': 'Bug', 'System.State': 'New', 'System.ChangedDate': updatedOf(id - 5000) } })) }];
  });
  const { ctx } = ctxWith(f.fn, { loc: 'https://dev.azure.com/org/Sea%20Monkey/_workitems/create/Bug' });
  const t = CRAWLERS['azure-devops'].target(/** @type {any} */ (emptyDoc()), ctx.location, null);
  assert.deepEqual(t, { project: '/org/Sea Monkey', label: 'Sea Monkey', extra: { collection: '/org', project: 'Sea Monkey' } });
  const pages = await collect(CRAWLERS['azure-devops'].pages(/** @type {any} */ (t), ctx, updatedOf(3)));
  assert.deepEqual(pages.map((p) => p.issues.length), [200, 200, 50]);
  assert.ok(pages.every((p) => p.total === 450));
  assert.equal(pages[0].newest, updatedOf(0));
  assert.match(f.calls[0].url, /\/org\/Sea%20Monkey\/_apis\/wit\/wiql\?api-version=7\.1&timePrecision=true$/);
  assert.match(f.calls[0].body.query, /ChangedDate\] >= /);
  // Asked with the optional fields once; refused, then without them for every batch.
  assert.ok(f.calls[1].body.fields.includes('Microsoft.VSTS.Common.AcceptanceCriteria'));
  assert.deepEqual(f.calls.slice(2).map((c) => c.body.fields.length), [7, 7, 7]);
  assert.deepEqual(f.calls[4].body.ids, ids.slice(400));
});

test('GitHub: only with a token (through the background), state=all newest updated first, since when incremental', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  assert.equal(githubRepo(new URL('https://github.com/seamonkey/suite/issues/new')), 'seamonkey/suite');
  assert.equal(githubRepo(new URL('https://github.com/orgs/seamonkey/projects/3')), '');
  assert.equal(githubIssuesPath('o/r', '2024-02-20T10:00:00.000+0000', 2), '/repos/o/r/issues?state=all&per_page=100&sort=updated&direction=desc&page=2&since=2024-02-20T10%3A00%3A00.000Z');
  const all = Array.from({ length: 130 }, (_, n) => ({ number: n + 1, title: BUGS[n % BUGS.length].summary, body: '', state: 'open', labels: [], html_url: `https://github.com/seamonkey/suite/issues/${n + 1}`, created_at: updatedOf(n + 200), updated_at: updatedOf(n) }));
  const asked = [];
  let limited = false;
  const api = async (tracker, req) => {
    asked.push({ tracker, ...req });
    if (!limited) {
      limited = true;
      return { status: 429, text: '{}', retryAfter: '7' };
    }
    const page = Number(/[?&]page=(\d+)/.exec(req.path)[1]);
    return { status: 200, text: JSON.stringify(all.slice((page - 1) * 100, page * 100)) };
  };
  const { ctx, sleeps } = ctxWith(fakeFetch(() => [500, {}]).fn, { api, loc: 'https://github.com/seamonkey/suite/issues/new' });
  assert.equal(CRAWLERS.github.needsToken, true);
  const t = CRAWLERS.github.target(/** @type {any} */ (emptyDoc()), ctx.location, null);
  const pages = await collect(CRAWLERS.github.pages(/** @type {any} */ (t), ctx, null));
  assert.deepEqual(pages.map((p) => p.issues.length), [100, 30]);
  assert.deepEqual(sleeps, [7000]);
  assert.ok(asked.every((a) => a.tracker === 'github' && a.base === undefined));
  assert.ok(asked.every((a) => isRequest({ type: 'api-fetch', tracker: 'github', request: a })), 'the background accepts the paths');
  // No token: the background answers null and nothing is crawled.
  const none = ctxWith(fakeFetch(() => [500, {}]).fn, { api: async () => null });
  assert.deepEqual(await collect(CRAWLERS.github.pages(/** @type {any} */ (t), none.ctx, null)), []);
});

test('Linear: the team from the URL, pages by endCursor, updatedAt filter when incremental', { skip: !HAVE_CORE && 'pkg/ not built' }, async () => {
  assert.equal(linearTeam(emptyDoc(), new URL('https://linear.app/seamonkey/team/SM/all')), 'SM');
  assert.equal(linearTeam(emptyDoc(), new URL('https://linear.app/seamonkey/issue/SM-12/slug')), 'SM');
  assert.deepEqual(linearFilter('SM', '2024-02-20T10:00:00.000+0000'), { team: { key: { eq: 'SM' } }, updatedAt: { gt: '2024-02-20T10:00:00.000Z' } });
  const nodes = BUGS.slice(0, 12).map((b, n) => ({ id: `id${n}`, identifier: `SM-${n + 1}`, title: b.summary, description: b.description, url: `https://linear.app/seamonkey/issue/SM-${n + 1}`, updatedAt: updatedOf(n), createdAt: updatedOf(n + 50), state: { name: 'Todo', type: 'unstarted' }, labels: { nodes: [] }, team: { key: 'SM' } }));
  const asked = [];
  const api = async (_t, req) => {
    asked.push(req);
    const after = req.variables.after ? Number(req.variables.after) : 0;
    return { status: 200, text: JSON.stringify({ data: { issues: { nodes: nodes.slice(after, after + 5), pageInfo: { hasNextPage: after + 5 < nodes.length, endCursor: String(after + 5) } } } }) };
  };
  const { ctx } = ctxWith(fakeFetch(() => [500, {}]).fn, { api });
  const pages = await collect(CRAWLERS.linear.pages({ project: 'SM', label: 'SM' }, ctx, null));
  assert.deepEqual(pages.map((p) => p.issues.length), [5, 5, 2]);
  assert.deepEqual(asked.map((a) => a.variables.after), [null, '5', '10']);
  assert.deepEqual(asked[0].variables.filter, { team: { key: { eq: 'SM' } } });
  assert.match(asked[0].query, /issues\(first: 100, after: \$after, orderBy: updatedAt, filter: \$filter\)/);
  assert.equal(pages[2].issues[1].title, BUGS[11].summary);
});

/** The background's `draft-index` answer, from a real BacklogStore (as background.js does). */
function backgroundFor(store) {
  const sent = [];
  const send = async (msg) => {
    sent.push(msg);
    assert.equal(isRequest(msg), true, `a valid message: ${JSON.stringify(msg).slice(0, 200)}`);
    const { changed, size } = await store.add(msg.scope, msg.issues, msg.replace ?? false, { crawl: msg.crawl, defer: msg.defer });
    const state = msg.project ? (await store.crawlState(msg.scope, msg.project)).state : undefined;
    return { ok: true, changed, size, state };
  };
  return { send, sent };
}

test('runCrawl: a first crawl with progress, then an incremental one from the newest updated time; a user stop is remembered', async () => {
  const saved = new Map();
  const persist = { load: async (s) => saved.get(s) ?? null, save: async (s, issues, crawls) => void saved.set(s, { issues, crawls }), remove: async (s) => void saved.delete(s) };
  const store = new BacklogStore(persist, { saveDelay: 5 });
  const { send, sent } = backgroundFor(store);
  const issue = (b, n) => ({ tracker: 'jira', key: `SM-${b.id}`, title: b.summary, updated: updatedOf(n) });
  let sinceAsked = [];
  const crawler = {
    target: () => ({ project: 'SM', label: 'SM' }),
    async *pages(_t, _ctx, since) {
      sinceAsked.push(since);
      const list = since ? [issue({ ...BUGS[29], summary: `${BUGS[29].summary} (edited)` }, -30)] : BUGS.map(issue);
      for (let i = 0; i < list.length; i += 10) yield { issues: list.slice(i, i + 10), total: since ? null : BUGS.length, newest: newestOf(list.slice(i, i + 10).map((x) => x.updated)) };
    },
  };
  const scope = 'https://jira.example.com';
  const progress = [];
  let changes = 0;
  const ctx = { signal: new AbortController().signal, now: () => NOW };
  const first = await runCrawl({ crawler, target: crawler.target(), scope, ctx: /** @type {any} */ (ctx), send, onProgress: (p) => progress.push(progressText(p)), onChanged: () => changes++ });
  assert.equal(first.phase, 'done');
  assert.deepEqual(progress, ['Indexing SM: 0 / ?'.replace(' / ?', ''), 'Indexing SM: 10 / 30', 'Indexing SM: 20 / 30', 'Indexing SM: 30 / 30', 'Indexed SM: 30 issues']);
  assert.equal(changes, 3);
  assert.deepEqual(sinceAsked, [null]);
  assert.ok(sent.filter((m) => m.issues.length).every((m) => m.defer === true), 'pages are saved together');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(saved.get(scope).issues.length, 30);
  assert.deepEqual(saved.get(scope).crawls.SM, { updated: updatedOf(0), complete: true, count: 30, total: 30, at: NOW });

  // A new store (a restarted background) reads the state back; the next crawl is incremental.
  const store2 = new BacklogStore(persist, { saveDelay: 5 });
  const bg2 = backgroundFor(store2);
  progress.length = 0;
  sinceAsked = [];
  const second = await runCrawl({ crawler, target: crawler.target(), scope, ctx: /** @type {any} */ (ctx), send: bg2.send, onProgress: (p) => progress.push(progressText(p)) });
  assert.deepEqual(sinceAsked, [updatedOf(0)]);
  assert.equal(second.first, false);
  assert.deepEqual(progress, ['Indexing SM: 0', 'Indexing SM: 1', 'Indexed SM: 1 issue updated']);
  const entry = await store2.get(scope);
  assert.equal(entry.issues.size, 30);
  const { issues: indexed } = await store2.issues(scope);
  assert.equal(indexed.find((i) => i.key === `SM-${BUGS[29].id}`).title, `${BUGS[29].summary} (edited)`);
  assert.equal(indexed.at(-1).key, `SM-${BUGS[29].id}`, 'an edited issue moves to the newest end');
  assert.equal(entry.crawls.SM.updated, updatedOf(-30));

  // Stopped by the user mid-crawl: recorded, and the next run is skipped unless forced.
  const stopper = new AbortController();
  const slow = {
    ...crawler,
    async *pages() {
      yield { issues: BUGS.slice(0, 5).map(issue), total: 30, newest: updatedOf(0) };
      stopper.abort(USER_STOP);
      yield { issues: BUGS.slice(5, 10).map(issue), total: 30, newest: updatedOf(5) };
    },
  };
  const other = 'https://jira.example.com/other';
  const stopped = await runCrawl({ crawler: slow, target: crawler.target(), scope: other, ctx: /** @type {any} */ ({ signal: stopper.signal, now: () => NOW }), send });
  assert.equal(stopped.phase, 'stopped');
  assert.equal(stopped.done, 5);
  assert.equal((await store.crawlState(other, 'SM')).state.cancelled, true);
  const skipped = await runCrawl({ crawler, target: crawler.target(), scope: other, ctx: /** @type {any} */ (ctx), send });
  assert.equal(skipped.phase, 'skipped');
  const forced = await runCrawl({ crawler, target: crawler.target(), scope: other, ctx: /** @type {any} */ (ctx), send, force: true });
  assert.equal(forced.phase, 'done');
  assert.equal((await store.crawlState(other, 'SM')).state.cancelled, undefined);

  // The page going away (not the user): nothing recorded as stopped.
  const leaving = new AbortController();
  const gone = { ...slow, async *pages() {
    yield { issues: [], total: 30, newest: null };
    leaving.abort();
    yield { issues: [], total: 30, newest: null };
  } };
  const third = 'https://jira.example.com/third';
  assert.equal((await runCrawl({ crawler: gone, target: crawler.target(), scope: third, ctx: /** @type {any} */ ({ signal: leaving.signal, now: () => NOW }), send })).phase, 'stopped');
  assert.equal((await store.crawlState(third, 'SM')).state, null);

  // A failing tracker: reported, state unchanged.
  const broken = { ...crawler, async *pages() {
    yield { issues: [], total: null, newest: null };
    throw new Error('the Jira API answered HTTP 401');
  } };
  const failed = await runCrawl({ crawler: broken, target: crawler.target(), scope: third, ctx: /** @type {any} */ (ctx), send });
  assert.equal(progressText(failed), 'Could not index SM: the Jira API answered HTTP 401');
});

test('the index keeps at most MAX_ISSUE_TEXT characters of description per issue', () => {
  const part = Math.ceil(MAX_ISSUE_TEXT * 0.75);
  const long = { tracker: 'jira', key: 'SM-1', title: 't', fields: { x: 1 }, description: { blocks: [{ type: 'paragraph', text: 'a'.repeat(part) }, { type: 'paragraph', text: 'b'.repeat(part) }, { type: 'paragraph', text: 'c' }] } };
  const s = slim(long);
  assert.equal(s.fields, undefined);
  assert.equal(s.description.blocks.length, 2);
  assert.equal(s.description.blocks[0].text, long.description.blocks[0].text);
  assert.equal(s.description.blocks.reduce((n, b) => n + b.text.length, 0), MAX_ISSUE_TEXT);
  assert.equal(long.description.blocks.length, 3, 'the original is not changed');
  const short = { tracker: 'jira', key: 'SM-2', title: 't', description: { blocks: [{ type: 'paragraph', text: 'short' }] } };
  assert.deepEqual(slim(short), short);
});

test('the background guard: a crawl record must be well formed, the project a short non-empty string', () => {
  const base = { type: 'draft-index', scope: 'https://jira.example.com', issues: [] };
  const state = { updated: '2024-03-01T12:00:00.000+0000', complete: true, count: 30, total: 30, at: NOW };
  assert.equal(isRequest({ ...base, project: 'SM' }), true);
  assert.equal(isRequest({ ...base, crawl: { project: 'SM', state }, defer: true }), true);
  assert.equal(isRequest({ ...base, crawl: { project: 'SM', state: { ...state, updated: null, total: null, cancelled: true } } }), true);
  for (const bad of [
    { ...base, project: '' },
    { ...base, project: 'x'.repeat(513) },
    { ...base, crawl: { project: 'SM' } },
    { ...base, crawl: { project: 'SM', state: { ...state, count: -1 } } },
    { ...base, crawl: { project: 'SM', state: { ...state, total: '30' } } },
    { ...base, crawl: { project: 'SM', state: { ...state, complete: 'yes' } } },
    { ...base, crawl: { project: 'SM', state: { ...state, at: Infinity } } },
    { ...base, crawl: { project: 'SM', state }, defer: 1 },
  ]) assert.equal(isRequest(bad), false, JSON.stringify(bad));
});
