// The GitHub Actions workflow and the GitLab CI job of docs/ci.md, run as written: their
// YAML blocks are parsed, and every `npx --yes readylens check` command line is executed
// by `sh` with the variables the runner would set, the Node command installed npm-style
// (node_modules/readylens with pkg/'s WebAssembly core, on PATH as `readylens`) and the
// tracker a fake GitHub or GitLab on 127.0.0.1 (tests/js/fake-trackers.mjs; payloads
// from tests/fixtures/remote/, text from ../shared/data/issues/deepse/titanium.csv and
// moodle.csv, Choetkiertikul et al., IEEE TSE 2018).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as fake from './fake-trackers.mjs';

const skip = (t) => (fake.HAVE_CORE ? false : (t.skip('pkg/ not built'), true));

// ---- A reader for the YAML the examples use: block mappings and sequences, plain and
// quoted scalars, `|` literal blocks, comments. Anything else is an error, so the
// examples cannot drift into YAML this test would misread. ----

function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") { if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = c; continue; }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function scalar(v) {
  if (v.startsWith('"')) {
    assert.ok(v.endsWith('"') && v.length >= 2, `unterminated string ${v}`);
    return JSON.parse(v);
  }
  if (v.startsWith("'")) {
    assert.ok(v.endsWith("'") && v.length >= 2, `unterminated string ${v}`);
    return v.slice(1, -1).replaceAll("''", "'");
  }
  assert.ok(!/^[[{&*!%@`]/.test(v), `unsupported YAML: ${v}`);
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

const ENTRY = /^("[^"]*"|'[^']*'|[^\s"'#:][^:]*?):(?:\s+(.*))?$/;

export function parseYaml(src) {
  const lines = src.split('\n').map((raw) => {
    const text = stripComment(raw).trimEnd();
    return text.trim() === '' ? { blank: true, raw } : { indent: raw.length - raw.trimStart().length, text: text.trim(), raw };
  });
  let i = 0;
  const skipBlank = () => { while (i < lines.length && lines[i].blank) i++; };
  const isItem = (t) => t === '-' || t.startsWith('- ');
  function node(min) {
    skipBlank();
    if (i >= lines.length || lines[i].indent < min) return null;
    const l = lines[i];
    if (isItem(l.text)) return seq(l.indent);
    if (ENTRY.test(l.text)) return map(l.indent);
    i++;
    return scalar(l.text);
  }
  function seq(indent) {
    const out = [];
    for (;;) {
      skipBlank();
      if (i >= lines.length || lines[i].indent !== indent || !isItem(lines[i].text)) return out;
      const l = lines[i];
      const rest = l.text.slice(1).trimStart();
      if (rest === '') { i++; out.push(node(indent + 1)); continue; }
      lines[i] = { indent: indent + l.text.length - rest.length, text: rest, raw: l.raw };
      out.push(node(lines[i].indent));
    }
  }
  function block(indent) {
    const body = [];
    while (i < lines.length && (lines[i].blank || lines[i].indent > indent)) body.push(lines[i++].raw);
    while (body.length && body[body.length - 1].trim() === '') body.pop();
    const cut = Math.min(...body.filter((b) => b.trim()).map((b) => b.length - b.trimStart().length));
    return `${body.map((b) => b.slice(cut)).join('\n')}\n`;
  }
  function map(indent) {
    const out = {};
    for (;;) {
      skipBlank();
      if (i >= lines.length || lines[i].indent !== indent || isItem(lines[i].text)) return out;
      const m = ENTRY.exec(lines[i].text);
      assert.ok(m, `cannot read YAML line: ${lines[i].raw}`);
      const key = m[1].startsWith('"') || m[1].startsWith("'") ? scalar(m[1]) : m[1];
      assert.ok(!(key in out), `duplicate key ${key}`);
      const v = (m[2] ?? '').trim();
      i++;
      if (v === '|') out[key] = block(indent);
      else if (v !== '') out[key] = scalar(v);
      else {
        skipBlank();
        // A sequence may sit at the key's own indentation.
        out[key] = i < lines.length && lines[i].indent === indent && isItem(lines[i].text) ? seq(indent) : node(indent + 1);
      }
    }
  }
  const doc = node(0);
  skipBlank();
  assert.equal(i, lines.length, `YAML not read to the end: ${lines[i]?.raw}`);
  return doc;
}

test('the YAML reader reads what it must and refuses what it cannot', () => {
  const doc = parseYaml('# c\na:\n  b: 1 # n\n  c: "x # y"\nl:\n- p: q\n  r: s\n- "t"\nm: |\n  one\n    two\nn: \'it\'\'s\'\n');
  assert.deepEqual(doc, { a: { b: 1, c: 'x # y' }, l: [{ p: 'q', r: 's' }, 't'], m: 'one\n  two\n', n: "it's" });
  assert.throws(() => parseYaml('a: [1, 2]\n'));
  assert.throws(() => parseYaml('a: 1\na: 2\n'));
});

/** The YAML block under `## heading` in docs/ci.md, parsed. */
function example(heading) {
  const doc = readFileSync(join(fake.ROOT, 'docs/ci.md'), 'utf8');
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/ci.md has no "## ${heading}"`);
  const rest = doc.slice(start + 1);
  const end = rest.indexOf('\n## ');
  const blocks = [...(end > 0 ? rest.slice(0, end) : rest).matchAll(/```yaml\n([\s\S]*?)```/g)];
  assert.equal(blocks.length, 1, `one YAML block under ${heading}`);
  return parseYaml(blocks[0][1]);
}

/** An npm-style install of the Node command (node_modules/readylens + .bin) in `dir`; returns the PATH entry. */
function install(dir) {
  const pkg = join(dir, 'node_modules', 'readylens');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  for (const f of ['readylens.js', 'readylens_bg.wasm', 'package.json']) writeFileSync(join(pkg, f), readFileSync(join(fake.ROOT, 'pkg', f)));
  // The command as the build copies it into pkg/bin (from the working tree, so the test sees edits).
  writeFileSync(join(pkg, 'bin', 'readylens.mjs'), readFileSync(fake.BIN));
  chmodSync(join(pkg, 'bin', 'readylens.mjs'), 0o755);
  mkdirSync(join(dir, 'node_modules', '.bin'));
  symlinkSync(join('..', 'readylens', 'bin', 'readylens.mjs'), join(dir, 'node_modules', '.bin', 'readylens'));
  return join(dir, 'node_modules', '.bin');
}

/** Run a documented command line: `npx --yes readylens` is the installed command. */
function runLine(line, { cwd, env, bin }) {
  assert.match(line, /^npx --yes readylens check /);
  const cmd = line.replace(/^npx --yes readylens /, 'readylens ');
  // `node` first on PATH is the one running the tests (the shebang says /usr/bin/env node).
  const PATH = [bin, join(process.execPath, '..'), process.env.PATH].join(delimiter);
  return fake.runShell(cmd, { cwd, env: { ...env, PATH } });
}

const GH_TOKEN = 'ghs_actionsJobToken0123456789ABCDEFabcdef';

test('the GitHub Actions workflow of docs/ci.md runs as written against a fake GitHub', async (t) => {
  if (skip(t)) return;
  const wf = example('GitHub Actions (Node command)');
  assert.deepEqual(wf.permissions, { contents: 'read', issues: 'read' }, 'the token can read issues and nothing more');
  const job = wf.jobs.readiness;
  assert.equal(job.env.GITHUB_TOKEN, '${{ github.token }}');
  const node = job.steps.find((s) => s.uses === 'actions/setup-node@v4');
  assert.ok(node.with['node-version'] >= 18, 'Node 18 or later');
  const steps = job.steps.filter((s) => typeof s.run === 'string' && s.run.startsWith('npx --yes readylens check'));
  assert.equal(steps.length, 2);

  const dir = mkdtempSync(join(tmpdir(), 'readylens-gha-'));
  let base = '';
  const server = await fake.startServer(fake.github(() => base));
  base = server.base;
  try {
    const bin = install(dir);
    const step = join(dir, 'step-summary.md');
    // What the runner sets; the job's env with the expression evaluated.
    const env = { GITHUB_REPOSITORY: 'appcelerator/titanium', GITHUB_API_URL: base, GITHUB_STEP_SUMMARY: step, GITHUB_TOKEN: GH_TOKEN };

    // Step 1: annotations and the gate. #101 and #104 are ready, #102 and #105 lack
    // criteria (almost ready): 2 of 4 ready, below 80%; none is *not ready*.
    const check = await runLine(steps[0].run, { cwd: dir, env, bin });
    assert.equal(check.code, 1, check.err);
    assert.match(check.err, /read 4 issues from github appcelerator\/titanium: milestone Sprint 42 \(2 pages\)/);
    assert.match(check.err, /gate failed: readiness rate 50% is below the minimum 80%/);
    assert.match(check.out, /^::warning title=appcelerator\/titanium#102 is almost ready/m);
    assert.match(check.out, /^::notice title=readylens::4 issues: 2 ready, 2 almost ready, 0 not ready/m);
    const summary = readFileSync(step, 'utf8');
    assert.match(summary, /^## readylens: Definition of Ready\n\nScope: github appcelerator\/titanium: milestone Sprint 42\n\n\*\*Gate failed\*\*/);
    const history = readFileSync(join(dir, 'readiness-history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(history.length, 1);
    assert.equal(JSON.parse(history[0]).gate_passed, false);
    // The milestone title was resolved to its number; the job token authenticated every request.
    assert.equal(server.requests[0].path, '/repos/appcelerator/titanium/milestones');
    assert.equal(server.requests[1].query('milestone'), '3');
    assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${GH_TOKEN}`));

    // Step 2 (always): the JUnit file, with the default --fail-on never.
    const junit = await runLine(steps[1].run, { cwd: dir, env, bin });
    assert.equal(junit.code, 0, junit.err);
    const xml = readFileSync(join(dir, 'readylens-junit.xml'), 'utf8');
    assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
    assert.match(xml, /<testsuite name="readylens: github appcelerator\/titanium: milestone Sprint 42"/);

    // The artifact step uploads exactly what the steps wrote.
    const upload = job.steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    for (const p of upload.with.path.trim().split('\n')) assert.ok(existsSync(join(dir, p)), `${p} was written`);
    for (const f of readdirSync(dir).filter((f) => f !== 'node_modules')) assert.ok(!readFileSync(join(dir, f), 'utf8').includes(GH_TOKEN), `token in ${f}`);
    for (const r of [check, junit]) assert.ok(!r.out.includes(GH_TOKEN) && !r.err.includes(GH_TOKEN));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const GL_TOKEN = 'glpat-ciVariableToken_0123456789';

test('the GitLab CI job of docs/ci.md runs as written against a fake GitLab', async (t) => {
  if (skip(t)) return;
  const ci = example('GitLab CI (Node command)');
  const job = ci.readiness;
  assert.match(job.image, /^node:(\d+)$/);
  assert.ok(Number(job.image.split(':')[1]) >= 18);
  assert.equal(job.script.length, 1);
  const dir = mkdtempSync(join(tmpdir(), 'readylens-gitlab-'));
  const server = await fake.startServer(fake.gitlab);
  try {
    const bin = install(dir);
    // Predefined variables (CI_SERVER_URL, CI_PROJECT_PATH) and the masked CI/CD variable.
    const env = { CI_SERVER_URL: server.base, CI_PROJECT_PATH: 'moodle/moodle', READYLENS_GITLAB_TOKEN: GL_TOKEN };
    const r = await runLine(job.script[0], { cwd: dir, env, bin });
    // moodle#12 lacks criteria (almost ready, not "not ready"); 3 of 4 ready = 75% < 80%.
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /read 4 issues from gitlab http:\/\/127\.0\.0\.1:\d+ moodle\/moodle: open issues labelled Sprint::Next \(2 pages\)/);
    assert.match(r.err, /readiness rate 75% is below the minimum 80%/);
    assert.ok(server.requests.every((q) => q.headers['private-token'] === GL_TOKEN && q.query('labels') === 'Sprint::Next'));
    const xml = readFileSync(join(dir, job.artifacts.reports.junit), 'utf8');
    assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
    assert.match(xml, /classname="readylens.gitlab" name="moodle\/moodle#12: /);
    for (const p of job.artifacts.paths) assert.match(readFileSync(join(dir, p), 'utf8'), /moodle\/moodle#12/);
    assert.equal(job.artifacts.when, 'always', 'the report is kept when the gate fails');
    for (const f of readdirSync(dir).filter((f) => f !== 'node_modules')) assert.ok(!readFileSync(join(dir, f), 'utf8').includes(GL_TOKEN), `token in ${f}`);
    assert.ok(!r.out.includes(GL_TOKEN) && !r.err.includes(GL_TOKEN));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
