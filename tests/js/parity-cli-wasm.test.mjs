// The native CLI and the WebAssembly core give the same report for the same input: the
// same verdicts, findings and priority scores with their inputs and provenance.
// Needs target/debug/readylens (built by `cargo test`) and pkg/ (wasm-pack build).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'target/debug/readylens');

// Titles and descriptions from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et
// al., IEEE TSE 2018); the RICE/WSJF/ICE lines and story points are added for the test.
// ASCII only, so byte spans (CLI) and UTF-16 spans (WASM) coincide.
const CSV = `issuekey,title,description,storypoint
MESOS-1358,Show when the leading master was elected in the webui,"This would be nice to have during debugging. RICE: reach=20 impact=0.25 confidence=50% effort=1",1
MESOS-1344,Add flags support for JSON,"Flags should accept JSON values. WSJF: bv=13 tc=8 rr=5 size=3",2
MESOS-1332,Improve Master and Slave metric names,"ICE: 7/8/6 The metric names are inconsistent; TBD which ones to keep.",3
MESOS-1371,Expose libprocess queue length from scheduler driver to metrics endpoint,,5
MESOS-1316,"As an operator, I want decent unit test coverage for the master so that I can refactor safely","Acceptance criteria: every endpoint has a test. RICE: reach=500 impact=2 confidence=80% effort=3",8
`;

test('the CLI and the WASM core report the same analysis and priority scores', async (t) => {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'pkg/readylens_bg.wasm'))) {
    assert.fail('build first: cargo test (target/debug/readylens) and wasm-pack build (pkg/)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'readylens-parity-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'backlog.csv');
  writeFileSync(file, CSV);
  const run = spawnSync(CLI, ['check', file, '--format', 'json', '--now', '2026-11-28'], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const native = JSON.parse(run.stdout);

  const core = await import(join(ROOT, 'pkg/readylens.js'));
  core.initSync({ module: readFileSync(join(ROOT, 'pkg/readylens_bg.wasm')) });
  const wasm = core.checkText(CSV, 'csv', { readiness: { now: '2026-11-28' } });

  assert.equal(wasm.issues.length, 5);
  // Priority: every framework's score, inputs and provenance, issue by issue.
  for (let i = 0; i < wasm.issues.length; i++) {
    assert.deepEqual(wasm.issues[i].priority, native.issues[i].priority, `priority of ${native.issues[i].key}`);
  }
  const scored = native.issues.filter((r) => JSON.stringify(r.priority).includes('"score":'));
  assert.ok(scored.length >= 3, 'the fixture scores at least three issues');
  // And the whole report. (The CLI names its input file; the WASM call has none.)
  assert.deepEqual(wasm, native);
});
