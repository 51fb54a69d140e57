// Fake tracker APIs on 127.0.0.1 for the Node command's tests (the JS twin of
// tests/remote_support/mod.rs): an HTTP server answering from a handler, every request
// recorded; the five trackers' pages from tests/fixtures/remote/ (text from
// ../shared/data/issues/deepse/*.csv, Choetkiertikul et al., IEEE TSE 2018; see
// tests/fixtures/remote/make_fixtures.py); and helpers that run the Node command and the
// native CLI as child processes (asynchronously, so the fake keeps answering).
import http from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/readylens.mjs');
export const HAVE_CORE = existsSync(join(ROOT, 'pkg/readylens_bg.wasm'));
/** The native CLI built by `cargo test` / `cargo build`, when there is one. */
export const NATIVE = [join(ROOT, 'target/debug/readylens'), join(ROOT, 'target/release/readylens')].find((p) => existsSync(p)) ?? null;

/** Every token variable readylens reads, so a developer's own never leaks into a test. */
export const TOKEN_VARS = ['READYLENS_JIRA_EMAIL', 'READYLENS_JIRA_TOKEN', 'READYLENS_JIRA_PAT', 'READYLENS_GITHUB_TOKEN', 'GITHUB_TOKEN', 'READYLENS_GITLAB_TOKEN', 'READYLENS_LINEAR_TOKEN', 'READYLENS_ADO_TOKEN'];

export const fixture = (name) => readFileSync(join(ROOT, 'tests/fixtures/remote', name), 'utf8');

export const json = (body, headers = {}) => ({ status: 200, headers: { 'Content-Type': 'application/json', ...headers }, body });
export const status = (code, body = '', headers = {}) => ({ status: code, headers: { 'Content-Type': 'application/json', ...headers }, body });

function decode(s) {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}

/**
 * Start a server answering with `handler(req)` (sync or async; `req` has method, target,
 * path, headers (lower-cased names), body and query(name), percent-decoded).
 */
export async function startServer(handler) {
  const requests = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', async () => {
      const target = request.url ?? '';
      const q = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
      const req = {
        method: request.method,
        target,
        path: target.split('?')[0],
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        query(name) {
          for (const kv of q.split('&')) {
            const i = kv.indexOf('=');
            const k = i < 0 ? kv : kv.slice(0, i);
            if (k === name) return decode(i < 0 ? '' : kv.slice(i + 1));
          }
          return null;
        },
      };
      requests.push(req);
      let reply;
      try {
        reply = await handler(req, requests.length);
      } catch (e) {
        reply = status(500, JSON.stringify({ message: `fake tracker: ${e.message}` }));
      }
      if (reply === null) return; // never answer (timeouts)
      response.writeHead(reply.status, { 'Content-Length': Buffer.byteLength(reply.body), Connection: 'close', ...reply.headers });
      response.end(reply.body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/** A port nothing listens on. */
export async function deadPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

// ---- The five trackers, answering the fixture pages like the Rust tests' fakes ----

/** Jira Cloud v3: three pages by `nextPageToken`. */
export function jiraV3(req) {
  if (req.path !== '/rest/api/3/search/jql') return status(404, '{"errorMessages":["no such resource"]}');
  switch (req.query('nextPageToken')) {
    case null: return json(fixture('jira_v3_page1.json'));
    case 'CAEaAggD': return json(fixture('jira_v3_page2.json'));
    case 'CAEaAggE': return json(fixture('jira_v3_page3.json'));
    default: return status(400, JSON.stringify({ errorMessages: [`bad token ${req.query('nextPageToken')}`] }));
  }
}

/** Jira Data Center v2 under /jira: two pages by `startAt`. */
export function jiraV2(req) {
  if (req.path !== '/jira/rest/api/2/search') return status(404, '<html>Not Found</html>');
  switch (req.query('startAt')) {
    case '0': return json(fixture('jira_v2_page1.json'));
    case '2': return json(fixture('jira_v2_page2.json'));
    default: return status(400, JSON.stringify({ errorMessages: [`startAt ${req.query('startAt')}`] }));
  }
}

/** GitHub: two issue pages joined by a `Link` header (#103 is a pull request), milestones, search. */
export function github(base) {
  return (req) => {
    const list = '/repos/appcelerator/titanium/issues';
    if (req.path === list && req.query('page') === null) {
      const next = `${base()}${list}?state=open&per_page=100&page=2`;
      return json(fixture('github_page1.json'), { Link: `<${next}>; rel="next", <${next}>; rel="last"` });
    }
    if (req.path === list && req.query('page') === '2') {
      return json(fixture('github_page2.json'), { Link: `<${base()}${list}?state=open&per_page=100&page=1>; rel="prev"` });
    }
    if (req.path === '/repos/appcelerator/titanium/milestones') return json(fixture('github_milestones.json'));
    if (req.path === '/search/issues') return json(fixture('github_search.json'));
    return status(404, '{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}');
  };
}

/** GitLab: two pages by `x-next-page`, `x-total` 4. */
export function gitlab(req) {
  if (req.path !== '/api/v4/projects/moodle%2Fmoodle/issues') return status(404, '{"message":"404 Project Not Found"}');
  switch (req.query('page')) {
    case '1': return json(fixture('gitlab_page1.json'), { 'x-next-page': '2', 'x-total': '4' });
    case '2': return json(fixture('gitlab_page2.json'), { 'x-next-page': '', 'x-total': '4' });
    default: return status(400, '{"message":"bad page"}');
  }
}

/** Linear GraphQL at /graphql: two pages by cursor. */
export function linear(req) {
  if (req.method !== 'POST' || req.path !== '/graphql') return status(404, '{"errors":[{"message":"not found"}]}');
  const body = JSON.parse(req.body);
  switch (body.variables?.after ?? null) {
    case null: return json(fixture('linear_page1.json'));
    case 'c2': return json(fixture('linear_page2.json'));
    default: return status(400, JSON.stringify({ errors: [{ message: `bad cursor ${body.variables.after}` }] }));
  }
}

/** Azure DevOps: WIQL (250 ids), then work items in batches of at most 200. */
export function ado(req) {
  if (req.method === 'POST' && req.path === '/talend/esb%20team/_apis/wit/wiql') return json(fixture('ado_wiql.json'));
  if (req.method === 'GET' && req.path === '/talend/esb%20team/_apis/wit/workitems') {
    const ids = req.query('ids') ?? '';
    if (ids.split(',').length > 200) return status(400, '{"message":"too many ids"}');
    return json(fixture(ids.startsWith('1000,') ? 'ado_batch1.json' : 'ado_batch2.json'));
  }
  return status(404, '{"message":"not found"}');
}

// ---- Running the commands ----

function spawnRun(cmd, args, { cwd = ROOT, env = {} } = {}) {
  const e = { ...process.env };
  for (const v of [...TOKEN_VARS, 'GITHUB_STEP_SUMMARY']) delete e[v];
  Object.assign(e, env);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: e });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}

/** Run the Node command with exactly the token variables in `env`. */
export const runNode = (args, opts) => spawnRun(process.execPath, [BIN, ...args], opts);
/** Run the native CLI the same way. */
export const runNative = (args, opts) => spawnRun(NATIVE, args, opts);
/** Run a shell command line (a CI example) the same way. */
export const runShell = (line, opts) => spawnRun('sh', ['-c', line], opts);
