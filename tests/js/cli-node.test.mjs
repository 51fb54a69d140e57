// The Node command (bin/readylens.mjs) on the WebAssembly core in pkg/: the same JUnit,
// GitHub-annotation and Markdown-summary output as the native CLI (same golden files in
// tests/golden/), exit codes for every gate outcome, usage errors, history, configuration
// discovery and the packaged layout. (Trackers: cli-node-remote*.test.mjs; the CI
// examples of docs/ci.md: cli-node-ci.test.mjs.)
// Inputs: tests/fixtures/remote/ (text from ../shared/data/issues/deepse/mesos.csv,
// titanium.csv, moodle.csv; Choetkiertikul et al., IEEE TSE 2018): MESOS-313, -343, -598
// are ready, MESOS-336 almost ready (no criteria), MESOS-487 not ready (no criteria, no
// points) by construction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/readylens.mjs');
const HAVE_CORE = existsSync(join(ROOT, 'pkg/readylens_bg.wasm'));
const PAGES = [1, 2, 3].map((i) => `tests/fixtures/remote/jira_v3_page${i}.json`);
const HOSTILE = 'tests/fixtures/remote/hostile_github.json';

function run(args, { cwd = ROOT, env = {} } = {}) {
  const e = { ...process.env, ...env };
  delete e.GITHUB_STEP_SUMMARY;
  Object.assign(e, env);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: e, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const golden = (name) => readFileSync(join(ROOT, 'tests/golden', name), 'utf8');
const skip = (t) => (HAVE_CORE ? false : (t.skip('pkg/ not built'), true));

test('JUnit, GitHub annotations and the summary match the native CLI byte for byte', (t) => {
  if (skip(t)) return;
  const files = [...PAGES, HOSTILE];
  const junit = run(['check', ...files, '--now', '2026-11-28', '--format', 'junit']);
  assert.equal(junit.code, 0, junit.err);
  assert.equal(junit.out, golden('report.junit.xml'));
  const gh = run(['check', ...files, '--now', '2026-11-28', '--format', 'github']);
  assert.equal(gh.out, golden('annotations.txt'));
  const dir = mkdtempSync(join(tmpdir(), 'readylens-node-'));
  try {
    const summary = join(dir, 'summary.md');
    const step = join(dir, 'step.md');
    writeFileSync(step, 'earlier step\n');
    const r = run(['check', ...files, '--now', '2026-11-28', '--format', 'json', '--fail-on', 'not-ready', '--min-readiness-rate', '0.8', '--summary', summary], { env: { GITHUB_STEP_SUMMARY: step } });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /gate failed: 2 issues are not ready; readiness rate 50% is below the minimum 80%/);
    assert.equal(readFileSync(summary, 'utf8'), golden('summary.md'));
    assert.equal(readFileSync(step, 'utf8'), `earlier step\n${golden('summary.md')}`);
    const report = JSON.parse(r.out);
    assert.deepEqual(report.issues.map((i) => i.key), ['MESOS-313', 'MESOS-336', 'MESOS-343', 'MESOS-487', 'MESOS-598', 'appcelerator/titanium#900']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit codes for each gate outcome', (t) => {
  if (skip(t)) return;
  const code = (files, ...extra) => run(['check', ...files, '--now', '2026-11-28', '--format', 'json', ...extra]).code;
  assert.equal(code(PAGES), 0);
  assert.equal(code(PAGES, '--fail-on', 'never'), 0);
  assert.equal(code(PAGES, '--fail-on', 'not-ready'), 1);
  assert.equal(code(PAGES, '--fail-on', 'almost'), 1);
  assert.equal(code(PAGES, '--fail-on', 'error'), 1);
  assert.equal(code(PAGES, '--fail-on', 'warning'), 1);
  assert.equal(code([PAGES[0]], '--fail-on', 'not-ready'), 0, 'page 1: ready + almost ready');
  assert.equal(code([PAGES[0]], '--fail-on', 'almost'), 1);
  assert.equal(code([PAGES[2]], '--fail-on', 'almost'), 0, 'page 3: one ready issue');
  assert.equal(code([PAGES[2]], '--fail-on', 'warning'), 1, 'not written as a user story');
  assert.equal(code(PAGES, '--min-readiness-rate', '0.6'), 0, '3 of 5 ready');
  assert.equal(code(PAGES, '--min-readiness-rate', '0.61'), 1);
});

test('usage and input errors exit 2', (t) => {
  if (skip(t)) return;
  const cases = [
    ['check'],
    ['check', PAGES[0], '--fail-on', 'sometimes'],
    ['check', PAGES[0], '--format', 'xml'],
    ['check', PAGES[0], '--min-readiness-rate', '80'],
    ['check', PAGES[0], '--min-readiness-rate'],
    ['check', PAGES[0], '--now', 'tomorrow'],
    ['check', 'no-such-file.json'],
    ['check', PAGES[0], '--config', 'no-such-config.json'],
    ['check', PAGES[0], '--input-format', 'yaml'],
    ['lint', PAGES[0]],
    [],
  ];
  for (const args of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
  }
  const tracker = run(['check', '--jira', 'https://example.atlassian.net']);
  assert.equal(tracker.code, 2);
  assert.match(tracker.err, /--jira needs --jql/);
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Exit codes: 0 = gate passed, 1 = gate failed/);
  assert.match(help.out, /3 = tracker unreachable/);
});

test('history, configuration discovery and a bad configuration', (t) => {
  if (skip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'readylens-node-'));
  try {
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'sub'));
    const files = PAGES.map((p) => join(ROOT, p));
    // Criteria only warn: MESOS-336 becomes ready.
    writeFileSync(join(dir, 'readylens.json'), JSON.stringify({ readiness: { preset: 'scrum', checks: { 'ready/acceptance-criteria': 'warning' } } }));
    const hist = join(dir, 'history.jsonl');
    for (let i = 0; i < 2; i++) {
      const r = run(['check', ...files, '--now', '2026-11-28', '--format', 'json', '--history', hist], { cwd: join(dir, 'sub') });
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /using configuration/);
      assert.equal(JSON.parse(r.out).backlog.ready, 4);
    }
    const lines = readFileSync(hist, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    const h = JSON.parse(lines[1]);
    assert.equal(h.date, '2026-11-28');
    assert.equal(h.issues, 5);
    assert.equal(h.ready, 4);
    assert.equal(h.readiness_rate, 0.8);
    assert.equal(h.gate_passed, true);
    assert.equal(h.failing_checks['ready/estimate'], 1);
    writeFileSync(join(dir, 'readylens.json'), '{"readyness": {}}');
    const bad = run(['check', ...files], { cwd: join(dir, 'sub') });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /readyness/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runs from the packaged layout (pkg/bin/readylens.mjs) through an npm-style bin symlink', (t) => {
  if (skip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'readylens-pkg-'));
  try {
    const pkg = join(dir, 'node_modules', 'readylens');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    for (const f of ['readylens.js', 'readylens_bg.wasm', 'package.json']) {
      writeFileSync(join(pkg, f), readFileSync(join(ROOT, 'pkg', f)));
    }
    writeFileSync(join(pkg, 'bin', 'readylens.mjs'), readFileSync(BIN));
    mkdirSync(join(dir, 'node_modules', '.bin'));
    const link = join(dir, 'node_modules', '.bin', 'readylens');
    symlinkSync(join('..', 'readylens', 'bin', 'readylens.mjs'), link);
    const version = spawnSync(process.execPath, [link, '--version'], { cwd: dir, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^readylens \d+\.\d+\.\d+/);
    const r = spawnSync(process.execPath, [link, 'check', join(ROOT, PAGES[1]), '--now', '2026-11-28', '--fail-on', 'not-ready'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /NOT READY MESOS-487/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
