// A fake tracker for the end-to-end tests: serves the saved fixture pages and a fake
// Jira REST API on http://127.0.0.1:<port>/, built from tests/fixtures/pages/jira/issues.json.
//
//   /jira/...                  Jira Data Center under the context path /jira: REST v2,
//                              wiki-markup descriptions, startAt paging
//   /jira/software/..., /rest  Jira Cloud reached through a reverse proxy: serverInfo
//                              says Cloud, REST v3 search/jql with ADF and nextPageToken
//                              paging (3 per page), one 429 before the first answer
//
// Every request is logged so tests can assert that nothing else was asked for.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pages');

/** The fixture issues (neutral form; rendered as v2 or v3 JSON below). */
export const ISSUES = JSON.parse(readFileSync(join(FIXTURES, 'jira', 'issues.json'), 'utf8')).issues;

const PAGES = {
  '/jira/browse/STUDIO-5383': 'jira/issue-dc.html',
  '/jira/issues/': 'jira/list-dc.html',
  '/jira/issues/duplicates': 'jira/list-duplicates-dc.html',
  '/jira/secure/RapidBoard.jspa': 'jira/board-dc.html',
  '/jira/software/c/projects/MESOS/boards/7': 'jira/board-cloud.html',
  '/plain/notes.html': 'plain/notes.html',
  '/wiki/display/ENG/Release+planning': 'plain/confluence.html',
  '/gitlab/data/packages/-/boards/1': 'gitlab/board.html',
  '/org/OpenSpending/_boards/board/t/OpenSpending%20Team/Stories': 'azure-devops/board.html',
  '/fedspend/broker/issues': 'github/issues.html',
  '/orgs/fedspend/projects/3': 'github/project-board.html',
  '/loudoun/team/LOU/all': 'linear/list.html',
  '/loudoun/team/LOU/board': 'linear/board.html',
  '/org/OpenSpending/_backlogs/backlog/OpenSpending%20Team/Stories': 'azure-devops/backlog.html',
  '/gitlab/data/packages/-/issues': 'gitlab/list.html',
  '/browse/STUDIO-2824': 'jira/issue-cloud.html',
  '/jira/software/c/projects/MESOS/boards/7/backlog': 'jira/backlog-cloud.html',
  '/gitlab/data/packages/-/issues/7': 'gitlab/issue.html',
  '/org/OpenSpending/_workitems/edit/2301': 'azure-devops/workitem.html',
  '/fedspend/broker/issues/101': 'github/issue.html',
  '/loudoun/issue/LOU-12/search-for-information': 'linear/issue.html',
};

/** 500 real Mesos issues for the large and virtualised boards. */
export const MESOS_500 = JSON.parse(readFileSync(join(FIXTURES, 'jira', 'mesos-500.json'), 'utf8')).issues
  .map((i) => ({ type: 'Bug', status: ['Open', 'new'], priority: null, labels: [], ...i }));

const escapeHtml = (t) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A Jira Cloud board with the card markup of jira/board-cloud.html for `issues`. With
 * `virtual`, only `size` card elements exist and `showWindow(start)` recycles them for
 * other issues, as virtualised boards do.
 */
export function bigBoard(issues, { virtual = false, size = 100 } = {}) {
  const template = readFileSync(join(FIXTURES, 'jira', 'board-cloud.html'), 'utf8');
  const shown = virtual ? issues.slice(0, size) : issues;
  const card = (i) => `<div data-testid="platform-board-kit.ui.card.card" id="card-${i.key}" role="button" tabindex="0" class="card">` +
    `<div data-testid="platform-card.ui.card.card-content"><span data-testid="platform-card.common.ui.summary.summary">${escapeHtml(i.summary)}</span>` +
    `<div class="card-footer"><a href="/browse/${i.key}" data-testid="platform-card.common.ui.key.key" class="key">${i.key}</a></div></div></div>`;
  const script = virtual ? `<script>
const ALL = ${JSON.stringify(issues.map((i) => [i.key, i.summary])).replace(/</g, '\\u003c')};
// Re-use the same card elements for another window of issues (no element is created).
function showWindow(start) {
  const cards = document.querySelectorAll('#cards > .card');
  cards.forEach((c, n) => {
    const [key, summary] = ALL[start + n];
    c.id = 'card-' + key;
    c.querySelector('span').textContent = summary;
    const a = c.querySelector('a.key');
    a.href = '/browse/' + key;
    a.textContent = key;
  });
}
</script>` : '';
  return template
    .replace(/<div id="cards">[\s\S]*?<\/div>\s*<\/div>\s*<\/main>/, () => `<div id="cards">${shown.map(card).join('')}</div></div></main>`)
    .replace(/<script>[\s\S]*<\/script>/, () => script);
}

/** Every Jira issue the fake API serves, by key (the hand-picked ISSUES win over MESOS_500). */
export const JIRA_BY_KEY = new Map([...MESOS_500, ...ISSUES].map((i) => [i.key, i]));

/** GitHub REST issues (GitHub Enterprise API under /api/v3, token required). */
export const GITHUB_ISSUES = JSON.parse(readFileSync(join(FIXTURES, 'github', 'issues.json'), 'utf8')).issues;
/** The token the fake GitHub Enterprise API accepts. */
export const GITHUB_TOKEN = 'ghp_fixture_token_for_tests';

/** GitLab REST issues (project data/packages) and Azure DevOps work items. */
export const GITLAB_ISSUES = JSON.parse(readFileSync(join(FIXTURES, 'gitlab', 'issues.json'), 'utf8')).issues;
export const ADO_ITEMS = JSON.parse(readFileSync(join(FIXTURES, 'azure-devops', 'workitems.json'), 'utf8')).value;

const CREATED = '2014-08-26T10:11:12.000+0000';

/** Jira wiki markup → ADF (paragraphs and bullet lists: what the fixtures use). */
export function wikiToAdf(wiki) {
  if (wiki === null) return null;
  const content = [];
  for (const para of wiki.split(/\n\s*\n/)) {
    const lines = para.split('\n');
    const bullets = lines.filter((l) => l.startsWith('* '));
    const plain = lines.filter((l) => !l.startsWith('* ') && l.trim());
    if (plain.length) content.push({ type: 'paragraph', content: [{ type: 'text', text: plain.join(' ') }] });
    if (bullets.length) {
      content.push({
        type: 'bulletList',
        content: bullets.map((b) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: b.slice(2) }] }] })),
      });
    }
  }
  return { type: 'doc', version: 1, content };
}

/**
 * One issue as Jira REST returns it.
 * @param {any} i neutral fixture issue
 * @param {2|3} v REST version
 */
export function jiraIssue(i, v) {
  const pointsField = v === 3 ? 'customfield_10016' : 'customfield_10002';
  const n = Number(i.key.split('-')[1]);
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(10000 + n),
    self: `https://jira.example.invalid/rest/api/${v}/issue/${10000 + n}`,
    key: i.key,
    fields: {
      summary: i.summary,
      description: v === 3 ? wikiToAdf(i.description) : i.description,
      issuetype: { name: i.type, subtask: false },
      status: { name: i.status[0], statusCategory: { key: i.status[1] } },
      priority: i.priority ? { name: i.priority } : null,
      labels: i.labels,
      components: [],
      issuelinks: [],
      created: CREATED,
      updated: CREATED,
      [pointsField]: i.points,
    },
  };
}

/** The `names` map Jira returns with `expand=names`. */
export function names(v) {
  return {
    summary: 'Summary',
    description: 'Description',
    issuetype: 'Issue Type',
    status: 'Status',
    priority: 'Priority',
    labels: 'Labels',
    [v === 3 ? 'customfield_10016' : 'customfield_10002']: v === 3 ? 'Story point estimate' : 'Story Points',
  };
}

/** Keys in a `key in (A-1,B-2)` JQL query. */
export function jqlKeys(jql) {
  const m = /key\s+in\s*\(([^)]*)\)/i.exec(jql ?? '');
  return m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * The SeaMonkey project "SM" behind a Jira Cloud create page, for the authoring assist's
 * project crawl (issue 14): tests/fixtures/pages/authoring/seamonkey-crawl.json, 110
 * real bugs, `updated` one hour apart going back from two days before the server started
 * (newest first). `GET /rest/api/3/search/jql` with `project = "SM"` pages them 25 at a
 * time by `nextPageToken` (each page answered after CRAWL_PAGE_DELAY ms, the very first
 * request with a 429 and `Retry-After: 1`), honours `updated >= "-Nm"`;
 * `POST /rest/api/3/search/approximate-count` counts them. The JQL received and the keys
 * served are logged in `crawl.requests`; `crawl.touch(key, summary)` updates an issue now;
 * `crawl.delay` sets the answer delay.
 */
export const CRAWL = JSON.parse(readFileSync(join(FIXTURES, 'authoring', 'seamonkey-crawl.json'), 'utf8'));
export const CRAWL_PAGE_SIZE = 25;
export const CRAWL_PAGE_DELAY = 250;
export const CRAWL_PAGE = '/jira/software/c/projects/SM/issues';
/**
 * The same 110 bugs as GitLab project seamonkey/suite under /gitlab (iid = position + 1):
 * the new issue page, and `GET /gitlab/api/v4/projects/seamonkey%2Fsuite/issues` paged 25
 * at a time by `page` with GitLab's `X-Total` / `X-Next-Page` headers, honouring
 * `updated_after`; requests are logged in `crawl.gitlab`.
 */
export const CRAWL_GITLAB_PAGE = '/gitlab/seamonkey/suite/-/issues/new';
/**
 * And as Azure DevOps project SeaMonkey (work item id = bug id): the new work item page,
 * `POST /org/SeaMonkey/_apis/wit/wiql` (ids, newest changed first, `[System.ChangedDate]
 * >= '…'` honoured) and `POST /org/SeaMonkey/_apis/wit/workitemsbatch` (a Basic-process
 * collection: asking for Microsoft.VSTS.* fields answers 400); the bodies are logged in
 * `crawl.ado`.
 */
export const CRAWL_ADO_PAGE = '/org/SeaMonkey/_workitems/create/User%20Story';

function crawlProject() {
  const start = Date.now() - 2 * 24 * 3600 * 1000;
  const issues = CRAWL.backlog.map((b, n) => ({
    key: `SM-${b.id}`, summary: b.summary, description: b.description, type: 'Bug',
    status: [b.status === 'RESOLVED' ? 'Resolved' : 'Open', b.status === 'RESOLVED' ? 'done' : 'new'],
    priority: null, labels: [], points: null, updated: start - n * 3600 * 1000,
  }));
  const state = { issues, requests: [], gitlab: [], ado: [], dc: [], limited: false, dcLimited: false, delay: CRAWL_PAGE_DELAY };
  state.touch = (key, summary) => {
    const i = issues.find((x) => x.key === key);
    if (!i) throw new Error(`no ${key}`);
    i.updated = Date.now();
    if (summary) i.summary = summary;
  };
  return state;
}

/**
 * A second, Jira Data Center instance under /jira-sm whose project SM is the same crawl
 * backlog: the classic create dialog (tests/fixtures/pages/jira/create-dialog-dc.html),
 * serverInfo (Server), and REST v2 search paged by `startAt` with `total` in each page
 * (the first request refused once with 429 and Retry-After: 1). Logged in `crawl.dc`.
 */
export const CRAWL_DC_PAGE = '/jira-sm/secure/CreateIssue!default.jspa';

/** The Data Center crawl routes (see CRAWL_DC_PAGE); true when the request was answered. */
function crawlDcRoute(state, req, url, res, json) {
  const p = url.pathname;
  if (!p.startsWith('/jira-sm/') || req.method !== 'GET') return false;
  if (p === CRAWL_DC_PAGE) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(join(FIXTURES, 'jira', 'create-dialog-dc.html')));
    return true;
  }
  if (p === '/jira-sm/rest/api/2/serverInfo') {
    json(200, { baseUrl: 'http://127.0.0.1/jira-sm', version: '9.12.2', deploymentType: 'Server' });
    return true;
  }
  const jql = url.searchParams.get('jql') ?? '';
  if (p !== '/jira-sm/rest/api/2/search' || !/project\s*=\s*"?SM"?/.test(jql)) return false;
  if (!state.dcLimited) {
    state.dcLimited = true;
    json(429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '1' });
    return true;
  }
  const since = /updated\s*>=\s*"-(\d+)m"/.exec(jql);
  const from = since ? Date.now() - Number(since[1]) * 60000 : -Infinity;
  const all = state.issues.filter((i) => i.updated >= from).sort((a, b) => b.updated - a.updated);
  const startAt = Number(url.searchParams.get('startAt') ?? 0);
  const size = Math.min(Number(url.searchParams.get('maxResults') ?? 50), CRAWL_PAGE_SIZE);
  const slice = all.slice(startAt, startAt + size);
  state.dc.push({ jql, fields: url.searchParams.get('fields'), startAt, keys: slice.map((i) => i.key) });
  const issues = slice.map((i) => {
    const j = jiraIssue(i, 2);
    j.fields.updated = new Date(i.updated).toISOString().replace('Z', '+0000');
    return j;
  });
  setTimeout(() => json(200, { startAt, maxResults: size, total: all.length, issues }), state.delay);
  return true;
}

/** The crawl routes (see CRAWL); true when the request was answered. */
function crawlRoute(state, req, url, res, json) {
  const p = url.pathname;
  if (crawlDcRoute(state, req, url, res, json)) return true;
  if (p === CRAWL_PAGE && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(join(FIXTURES, 'jira', 'create-cloud.html')));
    return true;
  }
  if (p === CRAWL_GITLAB_PAGE && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(join(FIXTURES, 'gitlab', 'new-issue.html')));
    return true;
  }
  if (p === CRAWL_ADO_PAGE && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(readFileSync(join(FIXTURES, 'azure-devops', 'create.html')));
    return true;
  }
  if ((p === '/org/SeaMonkey/_apis/wit/wiql' || p === '/org/SeaMonkey/_apis/wit/workitemsbatch') && req.method === 'POST') {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body = {};
      try {
        body = JSON.parse(raw);
      } catch {
        body = {};
      }
      const idOf = (i) => Number(i.key.split('-')[1]);
      state.ado.push({ path: p, search: url.search, body, redirect: req.headers['x-tfs-fedauthredirect'] ?? null });
      if (p.endsWith('/wiql')) {
        const m = /\[System\.ChangedDate\] >= '([^']+)'/.exec(body.query ?? '');
        const from = m ? Date.parse(m[1]) : -Infinity;
        const ids = state.issues.filter((i) => i.updated >= from).sort((a, b) => b.updated - a.updated).map(idOf);
        return json(200, { queryType: 'flat', workItems: ids.map((id) => ({ id, url: `http://${req.headers.host}/org/_apis/wit/workItems/${id}` })) });
      }
      if ((body.fields ?? []).some((f) => f.startsWith('Microsoft.VSTS.'))) return json(400, { message: 'TF51535: Cannot find field Microsoft.VSTS.Common.AcceptanceCriteria.' });
      const value = (body.ids ?? []).map((id) => state.issues.find((i) => idOf(i) === id)).filter(Boolean).map((i) => ({
        id: idOf(i), rev: 1,
        fields: {
          'System.Id': idOf(i), 'System.Title': i.summary, 'System.Description': i.description ? `<div>${escapeHtml(i.description).replace(/\n/g, '</div><div>')}</div>` : '',
          'System.WorkItemType': 'Bug', 'System.State': i.status[1] === 'done' ? 'Closed' : 'New',
          'System.ChangedDate': new Date(i.updated).toISOString(), 'System.CreatedDate': new Date(i.updated).toISOString(),
        },
      }));
      setTimeout(() => json(200, { count: value.length, value }), state.delay);
    });
    return true;
  }
  if (p === '/gitlab/api/v4/projects/seamonkey%2Fsuite/issues' && req.method === 'GET' && !url.searchParams.has('iids[]')) {
    const after = url.searchParams.get('updated_after');
    const from = after ? Date.parse(after) : -Infinity;
    const all = state.issues.filter((i) => i.updated >= from).sort((a, b) => b.updated - a.updated);
    const per = Math.min(Number(url.searchParams.get('per_page') ?? 20), CRAWL_PAGE_SIZE);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const slice = all.slice((page - 1) * per, page * per);
    state.gitlab.push({ query: Object.fromEntries(url.searchParams), keys: slice.map((i) => i.key) });
    const host = `http://${req.headers.host}`;
    const body = slice.map((i) => {
      const iid = state.issues.indexOf(i) + 1;
      const at = new Date(i.updated).toISOString();
      return {
        id: 50000 + iid, iid, project_id: 43, title: i.summary, description: i.description, state: i.status[1] === 'done' ? 'closed' : 'opened',
        labels: [], created_at: at, updated_at: at, web_url: `${host}/gitlab/seamonkey/suite/-/issues/${iid}`,
        references: { short: `#${iid}`, full: `seamonkey/suite#${iid}` }, issue_type: 'issue',
      };
    });
    const pages = Math.max(1, Math.ceil(all.length / per));
    setTimeout(() => json(200, body, {
      'x-total': String(all.length), 'x-total-pages': String(pages), 'x-page': String(page), 'x-per-page': String(per),
      'x-next-page': page < pages ? String(page + 1) : '',
    }), state.delay);
    return true;
  }
  const matching = (jql) => {
    const since = /updated\s*>=\s*"-(\d+)m"/.exec(jql);
    const from = since ? Date.now() - Number(since[1]) * 60000 : -Infinity;
    return state.issues.filter((i) => i.updated >= from).sort((a, b) => b.updated - a.updated);
  };
  if (p === '/rest/api/3/search/approximate-count' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let jql = '';
      try {
        jql = JSON.parse(body).jql ?? '';
      } catch {
        jql = '';
      }
      if (!/project\s*=\s*"?SM"?/.test(jql)) return json(400, { errorMessages: ['bad JQL'] });
      json(200, { count: matching(jql).length });
    });
    return true;
  }
  const jql = url.searchParams.get('jql') ?? '';
  if (p !== '/rest/api/3/search/jql' || req.method !== 'GET' || !/project\s*=\s*"?SM"?/.test(jql)) return false;
  if (!state.limited) {
    state.limited = true;
    json(429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '1' });
    return true;
  }
  const all = matching(jql);
  const offset = Number(url.searchParams.get('nextPageToken') ? Buffer.from(url.searchParams.get('nextPageToken'), 'base64url').toString() : 0);
  const size = Math.min(Number(url.searchParams.get('maxResults') ?? 50), CRAWL_PAGE_SIZE);
  const slice = all.slice(offset, offset + size);
  state.requests.push({ jql, fields: url.searchParams.get('fields'), offset, keys: slice.map((i) => i.key) });
  const issues = slice.map((i) => {
    const j = jiraIssue(i, 3);
    j.fields.updated = new Date(i.updated).toISOString().replace('Z', '+0000');
    return j;
  });
  const body = { issues, isLast: offset + size >= all.length };
  if (!body.isLast) body.nextPageToken = Buffer.from(String(offset + size)).toString('base64url');
  setTimeout(() => json(200, body), state.delay);
  return true;
}

/**
 * Start the fake tracker.
 * @returns {Promise<{port: number, origin: string, log: {method: string, url: string}[], crawl: any, close: () => Promise<void>}>}
 */
export async function startFakeTracker() {
  const log = [];
  let cloud429 = 0;
  const byKey = JIRA_BY_KEY;
  const crawl = crawlProject();
  const server = createServer((req, res) => {
    log.push({ method: req.method, url: req.url });
    const url = new URL(req.url, 'http://127.0.0.1');
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (crawlRoute(crawl, req, url, res, json)) return;
    if (req.method !== 'GET') return json(405, { errorMessages: ['GET only'] });
    if (url.pathname === '/jira/software/c/projects/MESOS/boards/500' || url.pathname === '/jira/software/c/projects/MESOS/boards/100') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(bigBoard(MESOS_500, { virtual: url.pathname.endsWith('/100') }));
    }
    if (url.pathname === '/strict-csp/fedspend/broker/issues') {
      // GitHub-like strict policy: no inline scripts or styles, Trusted Types required.
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'",
      });
      return res.end(readFileSync(join(FIXTURES, 'github/issues.html')));
    }
    const page = PAGES[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(readFileSync(join(FIXTURES, page)));
    }
    const p = url.pathname;
    if (p === '/jira/rest/api/2/serverInfo') return json(200, { baseUrl: 'http://127.0.0.1/jira', version: '9.12.2', deploymentType: 'Server' });
    if (p === '/rest/api/2/serverInfo') return json(200, { baseUrl: 'https://example.atlassian.net', deploymentType: 'Cloud' });
    if (p === '/jira/rest/api/2/search') {
      const keys = jqlKeys(url.searchParams.get('jql'));
      const missing = keys.find((k) => !byKey.has(k));
      if (missing) return json(400, { errorMessages: [`An issue with key '${missing}' does not exist for field 'key'.`], errors: {} });
      const startAt = Number(url.searchParams.get('startAt') ?? 0);
      const max = Math.min(Number(url.searchParams.get('maxResults') ?? 50), 4);
      const all = keys.map((k) => jiraIssue(byKey.get(k), 2));
      return json(200, { expand: 'names,schema', startAt, maxResults: max, total: all.length, issues: all.slice(startAt, startAt + max), names: names(2) });
    }
    let m = /^\/jira\/rest\/api\/2\/issue\/([A-Z0-9_]+-\d+)$/.exec(p);
    if (m) {
      const i = byKey.get(m[1]);
      return i ? json(200, { ...jiraIssue(i, 2), names: names(2) }) : json(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'] });
    }
    if (p === '/rest/api/3/search/jql') {
      if (cloud429++ === 0 && !url.searchParams.get('jql').includes('MESOS-1)')) return json(429, { errorMessages: ['Rate limit exceeded.'] }, { 'retry-after': '1' });
      const keys = jqlKeys(url.searchParams.get('jql')).filter((k) => byKey.has(k));
      const offset = Number(url.searchParams.get('nextPageToken') ? Buffer.from(url.searchParams.get('nextPageToken'), 'base64url').toString() : 0);
      const max = keys.length > 10 ? 100 : 3;
      const slice = keys.slice(offset, offset + max).map((k) => jiraIssue(byKey.get(k), 3));
      const body = { issues: slice, names: names(3), isLast: offset + max >= keys.length };
      if (!body.isLast) body.nextPageToken = Buffer.from(String(offset + max)).toString('base64url');
      return json(200, body);
    }
    if (p === '/gitlab/api/v4/projects/data%2Fpackages/issues') {
      const iids = url.searchParams.getAll('iids[]').map(Number);
      return json(200, GITLAB_ISSUES.filter((i) => iids.includes(i.iid)));
    }
    m = /^\/api\/v3\/repos\/fedspend\/broker\/issues\/(\d+)$/.exec(p);
    if (m) {
      if (req.headers.authorization !== `Bearer ${GITHUB_TOKEN}`) return json(401, { message: 'Requires authentication' });
      const issue = GITHUB_ISSUES.find((i) => i.number === Number(m[1]));
      return issue ? json(200, issue) : json(404, { message: 'Not Found' });
    }
    if (p === '/org/_apis/wit/workitems') {
      if (req.headers['x-tfs-fedauthredirect'] !== 'Suppress') return json(302, {});
      const ids = (url.searchParams.get('ids') ?? '').split(',').map(Number);
      const value = ADO_ITEMS.filter((w) => ids.includes(w.id));
      return json(200, { count: value.length, value });
    }
    m = /^(?:\/jira)?\/rest\/agile\/1\.0\/board\/(\d+)\/configuration$/.exec(p);
    if (m) return json(200, { id: Number(m[1]), name: 'MESOS board', estimation: { type: 'field', field: { fieldId: 'customfield_10016', displayName: 'Story point estimate' } } });
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    log,
    crawl,
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}
