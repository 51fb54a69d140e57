// The Node command (bin/readylens.mjs) reading straight from fake Jira Cloud, Jira Data
// Center, GitHub, GitLab, Linear and Azure DevOps APIs on 127.0.0.1 (tests/js/fake-trackers.mjs,
// payloads in tests/fixtures/remote/ with text from ../shared/data/issues/deepse/*.csv,
// Choetkiertikul et al., IEEE TSE 2018): paging across several pages, a 429 with
// Retry-After, a 401, a malformed page and an empty result for each source; exit codes;
// and, when the native CLI is built (target/debug/readylens), the same JUnit, annotations,
// summary, history and error messages as the native CLI on the same fake tracker.
// No token may appear in stdout, stderr or any file written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fake from './fake-trackers.mjs';

const { json, status, fixture } = fake;
const skip = (t) => (fake.HAVE_CORE ? false : (t.skip('pkg/ not built'), true));

const JQL = 'project = MESOS AND sprint in futureSprints()';
const WIQL = "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.State] = 'New'";
const JIRA_TOKEN = 'ATATT3xFfGF0-test-token-7f3a9c';
const JIRA_PAT = 'NjM4MTY2-dc-pat-secret-4411';
const GITHUB_TOKEN = 'ghp_testToken0123456789abcdefABCDEF';
const GITLAB_TOKEN = 'glpat-TestToken_abcdefghijkl';
const LINEAR_KEY = 'lin_api_TestKey0123456789abcdef';
const ADO_PAT = 'adoPat5rq7xk2mtestsecretvalue0000';

/** The six ways of reading a tracker, with what each fixture holds. */
const TRACKERS = {
  'jira cloud': {
    handler: () => fake.jiraV3,
    args: (base) => ['--jira', base, '--jql', JQL],
    env: { READYLENS_JIRA_EMAIL: 'dev@example.com', READYLENS_JIRA_TOKEN: JIRA_TOKEN },
    secrets: [JIRA_TOKEN, 'ZGV2QGV4YW1wbGUuY29tOkFUQVRUM3hGZkdGMC10ZXN0LXRva2VuLTdmM2E5Yw=='],
    keys: ['MESOS-313', 'MESOS-336', 'MESOS-343', 'MESOS-487', 'MESOS-598'],
    requests: 3,
    empty: () => json('{"issues":[],"isLast":true}'),
    unauthorized: () => status(401, '{"errorMessages":["You are not authenticated. Authentication required to perform this operation."]}'),
    variables: /READYLENS_JIRA_EMAIL.*READYLENS_JIRA_TOKEN/,
  },
  'jira data center': {
    handler: () => fake.jiraV2,
    args: (base) => ['--jira', `${base}/jira/`, '--jql', JQL],
    env: { READYLENS_JIRA_PAT: JIRA_PAT },
    secrets: [JIRA_PAT],
    keys: ['USERGRID-16', 'USERGRID-17', 'USERGRID-19'],
    requests: 2,
    empty: () => json('{"startAt":0,"maxResults":100,"total":0,"issues":[]}'),
    unauthorized: () => status(401, '<html><body>Unauthorized (401)</body></html>', { 'Content-Type': 'text/html' }),
    variables: /READYLENS_JIRA_PAT/,
  },
  github: {
    handler: (base) => fake.github(base),
    args: (base) => ['--github', 'appcelerator/titanium', '--api-url', base],
    env: { GITHUB_TOKEN },
    secrets: [GITHUB_TOKEN],
    keys: ['appcelerator/titanium#101', 'appcelerator/titanium#102', 'appcelerator/titanium#104', 'appcelerator/titanium#105'],
    requests: 2,
    empty: () => json('[]'),
    unauthorized: () => status(401, '{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}'),
    variables: /READYLENS_GITHUB_TOKEN \(or GITHUB_TOKEN\)/,
  },
  gitlab: {
    handler: () => fake.gitlab,
    args: (base) => ['--gitlab', base, '--project', 'moodle/moodle'],
    env: { READYLENS_GITLAB_TOKEN: GITLAB_TOKEN },
    secrets: [GITLAB_TOKEN],
    keys: ['moodle/moodle#11', 'moodle/moodle#12', 'moodle/moodle#13', 'moodle/moodle#14'],
    requests: 2,
    empty: () => json('[]', { 'x-total': '0', 'x-next-page': '' }),
    unauthorized: () => status(401, '{"message":"401 Unauthorized"}'),
    variables: /READYLENS_GITLAB_TOKEN \(a personal, project or group access token with the read_api scope\)/,
  },
  linear: {
    handler: () => fake.linear,
    args: (base) => ['--linear', '--api-url', `${base}/graphql`, '--team', 'ENG', '--cycle', '12'],
    env: { READYLENS_LINEAR_TOKEN: LINEAR_KEY },
    secrets: [LINEAR_KEY],
    keys: ['ENG-1', 'ENG-2', 'ENG-3', 'ENG-4'],
    requests: 2,
    empty: () => json('{"data":{"issues":{"nodes":[],"pageInfo":{"hasNextPage":false,"endCursor":null}}}}'),
    unauthorized: () => status(401, '{"errors":[{"message":"Authentication required, not authenticated","extensions":{"code":"AUTHENTICATION_ERROR"}}]}'),
    variables: /READYLENS_LINEAR_TOKEN/,
  },
  'azure devops': {
    handler: () => fake.ado,
    args: (base) => ['--ado', 'talend/esb team', '--wiql', WIQL, '--api-url', base],
    env: { READYLENS_ADO_TOKEN: ADO_PAT },
    secrets: [ADO_PAT, 'OmFkb1BhdDVycTd4azJtdGVzdHNlY3JldHZhbHVlMDAwMA=='],
    keys: Array.from({ length: 250 }, (_, i) => String(1000 + i)),
    requests: 3,
    empty: () => json('{"queryType":"flat","workItems":[]}'),
    unauthorized: () => status(401, ''),
    variables: /READYLENS_ADO_TOKEN \(expired, revoked, or for another organization\)/,
  },
};

/** Start a fake whose handler may need its own base URL (GitHub `Link` headers). */
async function serve(make) {
  let base = '';
  const server = await fake.startServer(make(() => base));
  base = server.base;
  return server;
}

const COMMON = ['check', '--now', '2026-11-28'];
const scrub = (s, bases) => bases.reduce((acc, b) => acc.split(b).join('BASE'), s);

/**
 * Run the Node command against one fake and (when built) the native CLI against a
 * second, identical one, at the same time; outputs with the fake's URL replaced by BASE.
 */
async function both(make, args, env, { files = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'readylens-node-remote-'));
  const one = async (kind) => {
    const server = await serve(make);
    const sub = join(dir, kind);
    const paths = Object.fromEntries(files.map((f) => [f, join(dir, `${kind}-${f}`)]));
    const argv = [...COMMON, ...args(server.base, paths)];
    try {
      const r = await (kind === 'node' ? fake.runNode : fake.runNative)(argv, { env, cwd: dir });
      const written = Object.fromEntries(files.map((f) => [f, existsSync(paths[f]) ? scrub(readFileSync(paths[f], 'utf8'), [server.base]) : null]));
      return { code: r.code, out: scrub(r.out, [server.base]), err: scrub(r.err, [server.base]), raw: r, written, requests: server.requests, sub };
    } finally {
      await server.close();
    }
  };
  try {
    const [node, native] = await Promise.all([one('node'), fake.NATIVE ? one('native') : null]);
    return { node, native };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertNoSecret(run, secrets) {
  for (const s of secrets) {
    assert.ok(!run.raw.out.includes(s), `secret in stdout: ${s}`);
    assert.ok(!run.raw.err.includes(s), `secret in stderr: ${run.raw.err}`);
    for (const [f, text] of Object.entries(run.written)) assert.ok(text === null || !text.includes(s), `secret in ${f}`);
  }
}

/** The native CLI says the same (when it is built). */
function sameAsNative(r, what = 'stderr') {
  if (!r.native) return;
  assert.equal(r.node.code, r.native.code, `exit code: node ${r.node.err} / native ${r.native.err}`);
  if (what === 'stderr') assert.equal(r.node.err, r.native.err);
}

/** Wrap a tracker handler: `fn(req, n, reply)` may replace the answer to request n. */
const around = (t, fn) => (base) => {
  const h = t.handler(base);
  return async (req, n) => fn(req, n, () => h(req, n));
};

const junitCases = (xml) => [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*?): /g)].map((m) => m[1].replaceAll('&amp;', '&'));

for (const [name, t] of Object.entries(TRACKERS)) {
  test(`${name}: every page is read; JUnit, annotations, summary, history and text are the native CLI's`, async (tt) => {
    if (skip(tt)) return;
    const r = await both(t.handler, (b, p) => [...t.args(b), '--format', 'junit', '--summary', p.summary, '--history', p.history], t.env, { files: ['summary', 'history'] });
    assert.equal(r.node.code, 0, r.node.err);
    assert.deepEqual(junitCases(r.node.out), t.keys);
    assert.equal(r.node.requests.length, t.requests);
    const pages = t.requests - (name === 'azure devops' ? 1 : 0);
    assert.match(r.node.err, new RegExp(`read ${t.keys.length} issues from .* \\(${pages} pages\\)`));
    assert.match(r.node.written.summary, /^## readylens: Definition of Ready/);
    const h = JSON.parse(r.node.written.history);
    assert.equal(h.issues, t.keys.length);
    assertNoSecret(r.node, t.secrets);
    if (r.native) {
      assert.equal(r.native.code, 0, r.native.err);
      assert.equal(r.node.out, r.native.out, 'JUnit');
      assert.equal(r.node.written.summary, r.native.written.summary, 'summary');
      assert.equal(r.node.written.history, r.native.written.history, 'history');
      assert.equal(r.node.err, r.native.err, 'stderr');
      assert.deepEqual(r.node.requests.map((q) => [q.method, q.target]), r.native.requests.map((q) => [q.method, q.target]), 'the same requests');
    }
    const gh = await both(t.handler, (b) => [...t.args(b), '--format', 'github', '--fail-on', 'not-ready'], t.env);
    assert.ok(gh.node.code === 0 || gh.node.code === 1);
    assert.ok(gh.node.out.split('\n').filter(Boolean).every((l) => l.startsWith('::')), gh.node.out);
    assert.ok(!gh.node.out.includes('file='), 'tracker issues have no file');
    sameAsNative(gh);
    if (gh.native) {
      assert.equal(gh.node.out, gh.native.out, 'annotations');
      const txt = await both(t.handler, (b) => [...t.args(b), '--format', 'text'], { ...t.env, NO_COLOR: '1' });
      assert.equal(txt.node.code, 0, txt.node.err);
      assert.equal(txt.node.out, txt.native.out, 'the plain-text report, duplicates included');
      assert.match(txt.node.out, new RegExp(`^${t.keys.length} issues: `, 'm'));
    }
  });

  test(`${name}: a 429 with Retry-After is waited out, then every page is read`, async (tt) => {
    if (skip(tt)) return;
    const make = around(t, (req, n, reply) => (n === 2 ? status(429, '{"message":"API rate limit exceeded"}', { 'Retry-After': '1' }) : reply()));
    const started = Date.now();
    const r = await both(make, (b) => [...t.args(b), '--format', 'json'], t.env);
    assert.equal(r.node.code, 0, r.node.err);
    assert.ok(Date.now() - started >= 1000);
    assert.deepEqual(JSON.parse(r.node.out).issues.map((i) => i.key), t.keys);
    assert.equal(r.node.requests.length, t.requests + 1, 'the limited request asked twice');
    assert.equal(r.node.requests[1].target, r.node.requests[2].target);
    assert.match(r.node.err, /waited 1 s for rate limits/);
    sameAsNative(r);
  });

  test(`${name}: a 401 names the variable to fix and never the token`, async (tt) => {
    if (skip(tt)) return;
    const r = await both(() => () => t.unauthorized(), (b) => [...t.args(b), '--format', 'json'], t.env);
    assert.equal(r.node.code, 2, r.node.err);
    assert.match(r.node.err, /401/);
    assert.match(r.node.err, t.variables);
    assert.equal(r.node.out, '');
    assertNoSecret(r.node, t.secrets);
    sameAsNative(r);
  });

  test(`${name}: a malformed second page fails the run (exit 3) and nothing is reported`, async (tt) => {
    if (skip(tt)) return;
    const make = around(t, async (req, n, reply) => {
      const good = await reply();
      return n === 2 ? { ...good, body: good.body.slice(0, Math.floor(good.body.length / 2)) } : good;
    });
    const r = await both(make, (b, p) => [...t.args(b), '--format', 'junit', '--fail-on', 'never', '--summary', p.summary], t.env, { files: ['summary'] });
    assert.equal(r.node.code, 3, r.node.err);
    assert.equal(r.node.out, '', 'a partial result must not be reported');
    assert.equal(r.node.written.summary, null, 'no summary of a partial result');
    assert.match(r.node.err, /page 2 from BASE\/\S+ is malformed \(line \d+, column \d+ \(at \$[^)]*\): the JSON ends too early/);
    sameAsNative(r);
  });

  test(`${name}: an empty result passes every gate with a warning`, async (tt) => {
    if (skip(tt)) return;
    const r = await both(() => () => t.empty(), (b) => [...t.args(b), '--format', 'json', '--fail-on', 'almost', '--min-readiness-rate', '0.8'], t.env);
    assert.equal(r.node.code, 0, r.node.err);
    assert.deepEqual(JSON.parse(r.node.out).issues, []);
    assert.match(r.node.err, /read 0 issues/);
    assert.match(r.node.err, /warning: no issues to check in/);
    sameAsNative(r);
  });
}
