#!/usr/bin/env node
// Build the browser extension and the dashboard into dist/:
//
//   dist/extension/            unpacked Chrome extension (load this folder)
//   dist/extension-firefox/    unpacked Firefox extension
//   dist/readylens-chrome.zip  dist/readylens-firefox.zip
//   dist/www/                  the dashboard (www/ as is, plus pkg/ in dist/www/pkg/)
//
// The WASM package must be built first (`wasm-pack build --target web --profile wasm-release
// --mode no-install --out-dir pkg`). No dependencies beyond Node: the content script
// is bundled by a tiny module concatenator (manifest content scripts cannot be ES
// modules) and the zips are written with node:zlib.
//
// Options:
//   --out DIR              output folder (default dist)
//   --extra-host PATTERN   add a host permission (repeatable), e.g. http://127.0.0.1/*.
//                          The host is *granted*, not added to the static content
//                          scripts: the background registers the content script there
//                          exactly as for a self-hosted host the user granted at run
//                          time (issue 12). Used by the end-to-end tests.
//   --no-zip               skip the zips      --no-www   skip the dashboard copy

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync, deflateSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files of pkg/ the extension and dashboard need. */
const PKG_FILES = ['readylens.js', 'readylens_bg.wasm'];
const PKG_OPTIONAL = ['readylens.d.ts', 'readylens_bg.wasm.d.ts'];
/** Entry of the content script bundle and its output path inside the extension. */
const CONTENT_ENTRY = 'extension/content/main.js';
const CONTENT_OUT = 'extension/content-script.js';
/** Folders of extension/ that only feed the content script bundle. */
const BUNDLED_ONLY = new Set(['content', 'trackers']);
const GECKO_ID = 'readylens@readylens.invalid';

// ---------------------------------------------------------------------------------
// A tiny ES module bundler for our own code: relative named imports and `export`
// declarations only (anything else is an error, so the limits are explicit).

const IMPORT_RE = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?[ \t]*$/gm;
const ANY_IMPORT_RE = /^import\s/m;
const EXPORT_DECL_RE = /^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm;

/**
 * Bundle an ES module graph into one classic script (an IIFE per module, in dependency
 * order). Supports `import {a, b as c} from './x.js'` and `export function|const|let|class`.
 * @param {string} entry absolute path of the entry module
 * @returns {string}
 */
export function bundle(entry) {
  const order = [];
  const ids = new Map();
  const visiting = new Set();
  const sources = new Map();
  const visit = (file) => {
    if (ids.has(file)) return;
    if (visiting.has(file)) throw new Error(`bundle: import cycle through ${relative(ROOT, file)}`);
    visiting.add(file);
    const src = readFileSync(file, 'utf8');
    const imports = [];
    const body = src.replace(IMPORT_RE, (_m, names, spec) => {
      if (!spec.startsWith('.')) throw new Error(`bundle: ${relative(ROOT, file)}: only relative imports are bundled (${spec})`);
      const target = resolve(dirname(file), spec);
      imports.push({ names, target });
      return '';
    });
    if (ANY_IMPORT_RE.test(body)) throw new Error(`bundle: ${relative(ROOT, file)}: unsupported import form`);
    if (/^export\s+(default|\{|\*)/m.test(body)) throw new Error(`bundle: ${relative(ROOT, file)}: only \`export <declaration>\` is supported`);
    for (const i of imports) visit(i.target);
    visiting.delete(file);
    ids.set(file, `__readylens_m${ids.size}`);
    sources.set(file, { body, imports });
    order.push(file);
  };
  visit(resolve(entry));
  const parts = ['// Built by scripts/build-web.mjs from extension/ (do not edit).', '(() => {', "'use strict';"];
  for (const file of order) {
    const { body, imports } = sources.get(file);
    const exported = [...body.matchAll(EXPORT_DECL_RE)].map((m) => m[1]);
    const lines = imports.map(({ names, target }) => {
      const bindings = names.split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/\s+as\s+/, ': '));
      return `const { ${bindings.join(', ')} } = ${ids.get(target)};`;
    });
    parts.push(`// ${relative(ROOT, file).split(sep).join('/')}`);
    parts.push(`const ${ids.get(file)} = (() => {`);
    parts.push(...lines);
    parts.push(body.replace(/^export\s+(?=(?:async\s+)?(?:function|const|let|class)\b)/gm, '').trim());
    parts.push(`return { ${exported.join(', ')} };`);
    parts.push('})();');
  }
  parts.push('})();', '');
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------
// A minimal zip writer (deflate, fixed timestamps so builds are reproducible).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32 (IEEE) of `buf`.
 * @param {Uint8Array} buf
 * @returns {number}
 */
export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Write a zip archive of `files` ([name, bytes], names with forward slashes).
 * @param {[string, Buffer][]} files
 * @returns {Buffer}
 */
export function zip(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const [name, data] of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(useDeflate ? 8 : 0, 10);
    cen.writeUInt16LE(DOS_TIME, 12);
    cen.writeUInt16LE(DOS_DATE, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    central.push(cen, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cenBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cenBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cenBuf, end]);
}

// ---------------------------------------------------------------------------------
// Icons, drawn here so the repository holds no binary files: a lens (ring) around a
// check-coloured dot, anti-aliased, as RGBA PNGs.

/** Icon sizes the manifest lists. */
export const ICON_SIZES = [16, 32, 48, 128];

/**
 * Encode RGBA pixels as a PNG.
 * @param {number} w
 * @param {number} h
 * @param {Uint8Array} rgba
 * @returns {Buffer}
 */
export function png(w, h, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * w * 4, w * 4).copy(raw, y * (w * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The readylens icon at `size` pixels.
 * @param {number} size
 * @returns {Buffer}
 */
export function icon(size) {
  const rgba = new Uint8Array(size * size * 4);
  const c = size / 2;
  const ring = [12, 102, 228]; // blue lens
  const dot = [31, 132, 90]; // green "ready"
  const sub = 4; // supersampling per axis
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / sub - c, y + (sy + 0.5) / sub - c) / c;
          let col = null;
          if (d <= 0.95 && d >= 0.72) col = ring;
          else if (d <= 0.42) col = dot;
          if (col) {
            r += col[0]; g += col[1]; b += col[2]; a += 255;
          }
        }
      }
      const n = sub * sub;
      const i = (y * size + x) * 4;
      const cover = a / 255;
      rgba[i] = cover ? r / cover : 0;
      rgba[i + 1] = cover ? g / cover : 0;
      rgba[i + 2] = cover ? b / cover : 0;
      rgba[i + 3] = a / n;
    }
  }
  return png(size, size, rgba);
}

// ---------------------------------------------------------------------------------

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

function crateVersion() {
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const m = /^\[package\][\s\S]*?^version\s*=\s*"([^"]+)"/m.exec(toml);
  return m ? m[1].replace(/[-+].*$/, '') : null;
}

/**
 * The manifest for one browser, from the root manifest.json.
 * @param {'chrome'|'firefox'} browser
 * @param {{extraHosts?: string[]}} opts
 * @returns {object}
 */
export function manifestFor(browser, { extraHosts = [] } = {}) {
  const m = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  const version = crateVersion();
  if (version) m.version = version;
  m.icons = Object.fromEntries(ICON_SIZES.map((s) => [String(s), `icons/icon-${s}.png`]));
  m.action = { ...m.action, default_icon: Object.fromEntries(ICON_SIZES.slice(0, 2).map((s) => [String(s), `icons/icon-${s}.png`])) };
  if (extraHosts.length) m.host_permissions = [...new Set([...(m.host_permissions ?? []), ...extraHosts])];
  if (browser === 'firefox') {
    const worker = m.background?.service_worker;
    m.background = { scripts: [worker], type: 'module' };
    delete m.minimum_chrome_version;
    // data_collection_permissions (Firefox 140+, required by addons.mozilla.org for new
    // add-ons): readylens collects and transmits nothing. Older Firefox ignores the key.
    m.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return m;
}

/**
 * Build the extension for one browser into `dir`.
 * @param {string} dir
 * @param {'chrome'|'firefox'} browser
 * @param {{extraHosts?: string[]}} opts
 */
function buildExtension(dir, browser, opts) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'extension'), { recursive: true });
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'extension'))) {
    if (BUNDLED_ONLY.has(name) || name.endsWith('.md') || name === 'tsconfig.json') continue;
    cpSync(join(ROOT, 'extension', name), join(dir, 'extension', name), { recursive: true });
  }
  writeFileSync(join(dir, CONTENT_OUT), bundle(join(ROOT, CONTENT_ENTRY)));
  mkdirSync(join(dir, 'icons'), { recursive: true });
  for (const s of ICON_SIZES) writeFileSync(join(dir, 'icons', `icon-${s}.png`), icon(s));
  for (const f of PKG_FILES) cpSync(join(ROOT, 'pkg', f), join(dir, 'pkg', f));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(browser, opts), null, 2)}\n`);
  // Chrome refuses unpacked extensions with names starting with "_".
  for (const f of listFiles(dir)) {
    if (relative(dir, f).split(sep).some((p) => p.startsWith('_'))) throw new Error(`build: ${f}: names starting with "_" are reserved`);
  }
}

function zipDir(dir, out) {
  const files = listFiles(dir).map((f) => [relative(dir, f).split(sep).join('/'), readFileSync(f)]);
  writeFileSync(out, zip(files));
}

/**
 * Build everything.
 * @param {{out?: string, extraHosts?: string[], zips?: boolean, www?: boolean, browsers?: ('chrome'|'firefox')[]}} [opts]
 * @returns {{out: string, chrome: string, firefox: string|null}}
 */
export function build({ out = join(ROOT, 'dist'), extraHosts = [], zips = true, www = true, browsers = ['chrome', 'firefox'] } = {}) {
  for (const f of PKG_FILES) {
    if (!existsSync(join(ROOT, 'pkg', f))) {
      throw new Error(`build: pkg/${f} is missing; run: wasm-pack build --target web --profile wasm-release --mode no-install --out-dir pkg`);
    }
  }
  mkdirSync(out, { recursive: true });
  const chrome = join(out, 'extension');
  const firefox = join(out, 'extension-firefox');
  if (browsers.includes('chrome')) buildExtension(chrome, 'chrome', { extraHosts });
  if (browsers.includes('firefox')) buildExtension(firefox, 'firefox', { extraHosts });
  if (zips) {
    if (browsers.includes('chrome')) zipDir(chrome, join(out, 'readylens-chrome.zip'));
    if (browsers.includes('firefox')) zipDir(firefox, join(out, 'readylens-firefox.zip'));
  }
  if (www && existsSync(join(ROOT, 'www'))) {
    const wwwOut = join(out, 'www');
    rmSync(wwwOut, { recursive: true, force: true });
    cpSync(join(ROOT, 'www'), wwwOut, { recursive: true });
    mkdirSync(join(wwwOut, 'pkg'), { recursive: true });
    for (const f of [...PKG_FILES, ...PKG_OPTIONAL]) {
      if (existsSync(join(ROOT, 'pkg', f))) cpSync(join(ROOT, 'pkg', f), join(wwwOut, 'pkg', f));
    }
  }
  return { out, chrome, firefox: browsers.includes('firefox') ? firefox : null };
}

function main(argv) {
  const opts = { extraHosts: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i]);
    else if (a === '--extra-host') opts.extraHosts.push(argv[++i]);
    else if (a === '--no-zip') opts.zips = false;
    else if (a === '--no-www') opts.www = false;
    else throw new Error(`build-web: unknown option ${a}`);
  }
  const res = build(opts);
  const size = (p) => (existsSync(p) ? `${(statSync(p).size / 1024).toFixed(0)} KiB` : 'skipped');
  const wasm = readFileSync(join(ROOT, 'pkg', 'readylens_bg.wasm'));
  console.error(`build-web: ${relative(ROOT, res.chrome)}/ and ${relative(ROOT, res.firefox ?? '')}/ (wasm ${(wasm.length / 1024).toFixed(0)} KiB, sha256 ${createHash('sha256').update(wasm).digest('hex').slice(0, 12)})`);
  if (opts.zips !== false) console.error(`build-web: readylens-chrome.zip ${size(join(res.out, 'readylens-chrome.zip'))}, readylens-firefox.zip ${size(join(res.out, 'readylens-firefox.zip'))}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
