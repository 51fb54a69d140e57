// The build step: the content-script bundler, the per-browser manifests and the zips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { inflateRawSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { ICON_SIZES, build, bundle, crc32, icon, manifestFor, zip } from '../../scripts/build-web.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Read a zip's central directory and inflate every entry. */
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    assert.equal(crc32(data), crc, `CRC of ${name}`);
    out.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('zip round-trips stored and deflated entries with UTF-8 names', () => {
  const files = [['a.txt', Buffer.from('hello '.repeat(100))], ['dir/ü.bin', Buffer.from([1, 2, 3])], ['empty', Buffer.alloc(0)]];
  const back = unzip(zip(files));
  assert.deepEqual([...back.keys()], files.map((f) => f[0]));
  for (const [name, data] of files) assert.deepEqual(back.get(name), data);
});

test('the bundler orders modules, wires named imports and refuses other forms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rl-bundle-'));
  try {
    writeFileSync(join(dir, 'a.js'), "import { b as bee, C } from './b.js';\nexport const out = bee() + C;\nglobalThis.__result = out;\n");
    writeFileSync(join(dir, 'b.js'), "import {\n  c,\n} from './c.js';\nexport function b() { return c * 2; }\nexport const C = 1;\n");
    writeFileSync(join(dir, 'c.js'), 'export const c = 20;\n');
    const code = bundle(join(dir, 'a.js'));
    const ctx = {};
    new Script(code).runInNewContext({ globalThis: ctx });
    assert.equal(ctx.__result, 41);
    writeFileSync(join(dir, 'd.js'), "import x from './c.js';\n");
    assert.throws(() => bundle(join(dir, 'd.js')), /unsupported import form/);
    writeFileSync(join(dir, 'e.js'), "import { y } from 'left-pad';\n");
    assert.throws(() => bundle(join(dir, 'e.js')), /only relative imports/);
    writeFileSync(join(dir, 'f.js'), "import { g } from './g.js';\nexport const f = 1;\n");
    writeFileSync(join(dir, 'g.js'), "import { f } from './f.js';\nexport const g = 1;\n");
    assert.throws(() => bundle(join(dir, 'f.js')), /import cycle/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the real content script bundles into one classic script that compiles', () => {
  const code = bundle(join(ROOT, 'extension/content/main.js'));
  assert.doesNotThrow(() => new Script(code));
  assert.ok(!/^\s*(import|export)\s/m.test(code), 'no module syntax left');
  for (const m of ['trackers/jira.js', 'trackers/gitlab.js', 'trackers/azure-devops.js', 'trackers/github.js', 'trackers/linear.js']) {
    assert.ok(code.includes(`// extension/${m}`), `${m} bundled`);
  }
  assert.ok(!/\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=|document\.write/.test(code), 'issue text never goes through an HTML parser');
});

test('per-browser manifests: a module service worker for Chrome, background scripts and a gecko id for Firefox', () => {
  const chrome = manifestFor('chrome');
  assert.deepEqual(chrome.background, { service_worker: 'extension/background.js', type: 'module' });
  const firefox = manifestFor('firefox', { extraHosts: ['http://127.0.0.1/*'] });
  assert.deepEqual(firefox.background, { scripts: ['extension/background.js'], type: 'module' });
  assert.match(firefox.browser_specific_settings.gecko.id, /@/);
  assert.equal(firefox.minimum_chrome_version, undefined);
  assert.deepEqual(firefox.host_permissions, ['http://127.0.0.1/*']);
  assert.equal(chrome.host_permissions, undefined, 'test hosts only when asked for');
  const cargo = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
  assert.equal(chrome.version, cargo.replace(/[-+].*$/, ''), 'the extension version follows the crate');
});

test('a full build: loadable folders, zips holding every file, the dashboard with pkg/', (t) => {
  if (!existsSync(join(ROOT, 'pkg/readylens_bg.wasm'))) return t.skip('pkg/ not built');
  const out = mkdtempSync(join(tmpdir(), 'rl-build-'));
  try {
    const res = build({ out });
    for (const browser of ['chrome', 'firefox']) {
      const files = unzip(readFileSync(join(out, `readylens-${browser}.zip`)));
      for (const f of ['manifest.json', 'extension/background.js', 'extension/content-script.js', 'extension/options.html', 'extension/popup.html', 'pkg/readylens.js', 'pkg/readylens_bg.wasm']) {
        assert.ok(files.has(f), `${browser} zip has ${f}`);
      }
      assert.ok(![...files.keys()].some((f) => f.startsWith('extension/trackers/') || f.startsWith('extension/content/')), 'bundled sources are not shipped twice');
      const m = JSON.parse(files.get('manifest.json'));
      for (const cs of m.content_scripts) for (const js of cs.js) assert.ok(files.has(js), `${js} exists`);
      const pages = [m.action.default_popup, m.options_ui.page, m.background.service_worker ?? m.background.scripts[0]];
      for (const p of pages) assert.ok(files.has(p), `${p} exists`);
      assert.deepEqual(files.get('pkg/readylens_bg.wasm'), readFileSync(join(ROOT, 'pkg/readylens_bg.wasm')));
    }
    assert.ok(existsSync(join(res.chrome, 'manifest.json')));
    assert.ok(existsSync(join(out, 'www/pkg/readylens.js')) && existsSync(join(out, 'www/pkg/readylens_bg.wasm')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the extension type-checks through its JSDoc (tsc --checkJs)', (t) => {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  if (!existsSync(tsc)) return t.skip('typescript not installed');
  if (!existsSync(join(ROOT, 'pkg/readylens.d.ts'))) return t.skip('pkg/ not built (core.js imports its types)');
  const res = spawnSync(tsc, ['-p', join(ROOT, 'extension')], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stdout + res.stderr);
});

test('icons are valid PNGs of the declared sizes, and the manifest points at them', () => {
  for (const size of ICON_SIZES) {
    const buf = icon(size);
    assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(buf.toString('ascii', 12, 16), 'IHDR');
    assert.equal(buf.readUInt32BE(16), size);
    assert.equal(buf.readUInt32BE(20), size);
    // Every chunk's CRC is right.
    for (let p = 8; p < buf.length;) {
      const len = buf.readUInt32BE(p);
      assert.equal(buf.readUInt32BE(p + 8 + len), crc32(buf.subarray(p + 4, p + 8 + len)), `chunk at ${p}`);
      p += 12 + len;
    }
  }
  const m = manifestFor('chrome');
  assert.deepEqual(Object.keys(m.icons), ICON_SIZES.map(String));
});
