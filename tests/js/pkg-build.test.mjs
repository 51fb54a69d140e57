// scripts/build-pkg.mjs on a copy of wasm-pack's output (pkg/'s generated files with
// the package.json wasm-pack writes): the entry, element, dashboard modules, README and
// Node command land in the package, package.json publishes them with an exports map, and
// a second run changes nothing. Needs pkg/ built by wasm-pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/build-pkg.mjs');

/** A folder shaped like fresh `wasm-pack build --target web --out-dir pkg` output. */
function wasmPackOutput() {
  for (const f of ['readylens.js', 'readylens.d.ts', 'readylens_bg.wasm']) {
    assert.ok(existsSync(join(ROOT, 'pkg', f)), `pkg/${f} is missing: run wasm-pack first (bash scripts/build.sh)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'readylens-build-pkg-'));
  for (const f of ['readylens.js', 'readylens.d.ts', 'readylens_bg.wasm', 'readylens_bg.wasm.d.ts']) copyFileSync(join(ROOT, 'pkg', f), join(dir, f));
  // What wasm-pack writes (Cargo.toml's name, description, version, licence, repository).
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'readylens',
    type: 'module',
    version: '0.1.0',
    license: 'MIT',
    files: ['readylens_bg.wasm', 'readylens.js', 'readylens.d.ts'],
    main: 'readylens.js',
    types: 'readylens.d.ts',
    sideEffects: ['./snippets/*'],
  }, null, 2));
  writeFileSync(join(dir, 'README.md'), '# the crate README wasm-pack copies\n');
  return dir;
}

const build = (dir) => spawnSync(process.execPath, [SCRIPT, '--pkg', dir], { encoding: 'utf8' });

test('build-pkg finishes wasm-pack output into the published package', () => {
  const dir = wasmPackOutput();
  try {
    const r = build(dir);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(p.main, 'index.js');
    assert.equal(p.module, 'index.js');
    assert.equal(p.types, 'index.d.ts');
    assert.deepEqual(p.exports['.'], { types: './index.d.ts', default: './index.js' });
    assert.deepEqual(p.exports['./report-element'], { types: './report-element.d.ts', default: './report-element.js' });
    assert.deepEqual(p.exports['./raw'], { types: './readylens.d.ts', default: './readylens.js' });
    for (const target of Object.values(p.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))) {
      assert.ok(existsSync(join(dir, target)), `exports target ${target} exists`);
    }
    for (const f of p.files) assert.ok(existsSync(join(dir, f)), `files entry ${f} exists`);
    for (const f of ['index.js', 'index.d.ts', 'report-element.js', 'report-element.d.ts']) {
      assert.ok(p.files.includes(f), f);
      assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(ROOT, 'js', f), 'utf8'));
    }
    // The dashboard modules the element imports, unchanged below a one-line note.
    for (const f of readdirSync(join(dir, 'lib'))) {
      const shipped = readFileSync(join(dir, 'lib', f), 'utf8');
      assert.equal(shipped.slice(shipped.indexOf('\n') + 1), readFileSync(join(ROOT, 'www/js', f), 'utf8'), f);
      assert.ok(p.files.includes(`lib/${f}`));
    }
    const imports = [...readFileSync(join(dir, 'report-element.js'), 'utf8').matchAll(/^import .* from '\.\/(lib\/[^']+)';$/gm)].map((m) => m[1]);
    assert.ok(imports.length >= 4, imports.join(', '));
    for (const f of imports) assert.ok(existsSync(join(dir, f)), `report-element.js imports ${f}, which ships`);
    assert.deepEqual(p.sideEffects, ['./report-element.js', './snippets/*']);
    assert.deepEqual(p.bin, { readylens: 'bin/readylens.mjs' });
    assert.ok(statSync(join(dir, 'bin/readylens.mjs')).mode & 0o100, 'the command is executable');
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), readFileSync(join(ROOT, 'js/README.md'), 'utf8'));

    const before = readdirSync(dir, { recursive: true }).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f), 'utf8') : '']);
    assert.equal(build(dir).status, 0);
    const again = readdirSync(dir, { recursive: true }).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f), 'utf8') : '']);
    assert.deepEqual(again, before, 'a second run changes nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build-pkg refuses a folder without wasm-pack output, naming the missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readylens-build-pkg-empty-'));
  try {
    const r = build(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /package\.json is missing; run wasm-pack first/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
