#!/usr/bin/env bash
# WASM size report (issue #10; docs/size.md): the shipped `.wasm` raw and gzip (level 9,
# like scripts/bench-web.mjs), then the largest functions and data segments of the
# unoptimised, still-named build that wasm-pack started from
# (target/wasm32-unknown-unknown/wasm-release/readylens.wasm), grouped by crate and listed
# one by one. Reads existing build outputs; build first with
#   flock /work/build.lock bash scripts/build.sh      (or wasm-pack build … --profile wasm-release)
# Usage: bash scripts/size.sh [pkg/readylens_bg.wasm] [named.wasm] [top N]
set -euo pipefail
cd "$(dirname "$0")/.."
SHIPPED=${1:-pkg/readylens_bg.wasm}
NAMED=${2:-target/wasm32-unknown-unknown/wasm-release/readylens.wasm}
TOP=${3:-30}
for f in "$SHIPPED" "$NAMED"; do
  [ -f "$f" ] || { echo "size: $f is missing (build first: wasm-pack build --target web --profile wasm-release)" >&2; exit 1; }
done
node - "$SHIPPED" "$NAMED" "$TOP" <<'EOF'
const { readFileSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const [shipped, named, topArg] = process.argv.slice(2);
const top = Number(topArg) || 30;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const ship = readFileSync(shipped);
console.log(`${shipped}: raw ${ship.length} B (${kb(ship.length)}), gzip -9 ${gzipSync(ship, { level: 9 }).length} B (${kb(gzipSync(ship, { level: 9 }).length)})`);

// Minimal WebAssembly reader: section sizes, each function body's size, the name section.
const buf = readFileSync(named);
let pos = 8;
const uleb = () => {
  let result = 0, shift = 0, byte;
  do { byte = buf[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return result;
};
const str = () => { const n = uleb(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };
let importedFuncs = 0;
const bodies = [];
const names = new Map();
const segments = [];
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = uleb();
  const start = pos, end = pos + size;
  let label = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] || `id ${id}`;
  if (id === 0) {
    const name = str();
    label = `custom "${name}"`;
    if (name === 'name') {
      while (pos < end) {
        const sub = buf[pos++]; const subSize = uleb(); const subEnd = pos + subSize;
        if (sub === 1) { const n = uleb(); for (let i = 0; i < n; i++) { const idx = uleb(); names.set(idx, str()); } }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const n = uleb();
    for (let i = 0; i < n; i++) {
      str(); str(); const kind = buf[pos++];
      if (kind === 0) { uleb(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = uleb(); uleb(); if (f & 1) uleb(); }
      else if (kind === 2) { const f = uleb(); uleb(); if (f & 1) uleb(); }
      else if (kind === 3) { pos += 2; }
      else { uleb(); }
    }
  } else if (id === 10) {
    const n = uleb();
    for (let i = 0; i < n; i++) { const s = uleb(); bodies.push({ index: importedFuncs + i, size: s }); pos += s; }
  } else if (id === 11) {
    const n = uleb();
    for (let i = 0; i < n; i++) {
      const flags = uleb();
      if (flags === 2) uleb();
      if (flags !== 1) { while (buf[pos] !== 0x0b) pos++; pos++; }
      const s = uleb(); segments.push({ name: `data segment ${i}`, size: s }); pos += s;
    }
  }
  sections.push({ label, size });
  pos = end;
}
console.log(`\n${named} (before wasm-bindgen and wasm-opt; function names kept): ${kb(buf.length)}`);
console.log('\nsections:');
for (const s of sections.sort((a, b) => b.size - a.size)) console.log(`  ${String(s.size).padStart(9)}  ${s.label}`);

// Rust symbol names: legacy `_ZN…E` (length-prefixed parts, `$LT$`-style escapes) and
// v0 `_R…` (read roughly: its length-prefixed identifiers joined by `::`).
const ESC = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', SP: '@', u20: ' ', u27: "'", u5b: '[', u5d: ']', u7b: '{', u7d: '}', u7e: '~', u3b: ';', u21: '!', u2b: '+' };
const idents = (s, i, v0) => {
  const out = [];
  while (i < s.length) {
    const m = (v0 ? /^(\d+)_?/ : /^(\d+)/).exec(s.slice(i));
    if (!m) { i++; continue; }
    const n = Number(m[1]);
    const start = i + m[0].length;
    out.push(s.slice(start, start + n));
    i = start + n;
  }
  return out;
};
const demangle = (raw) => {
  let n = raw;
  if (n.startsWith('_ZN') && n.endsWith('E')) {
    n = idents(n.slice(3, -1), 0, false).filter((p) => !/^h[0-9a-f]{16}$/.test(p)).join('::')
      .replace(/\$([A-Za-z0-9]+)\$/g, (all, e) => ESC[e] ?? all).replace(/\.\./g, '::');
    n = n.replace(/(^|::)_(?=[<{])/g, '$1');
  } else if (n.startsWith('_R')) {
    n = idents(n.replace(/C[s][0-9a-zA-Z]*_/g, ' '), 2, true).filter((p) => /^[A-Za-z_]/.test(p)).join('::');
  }
  return n.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
};
const items = bodies.map((b) => ({ name: demangle(names.get(b.index) || `function ${b.index}`), size: b.size }));
const crate = (n) => {
  const m = n.replace(/^<+/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return n.slice(0, 40);
  return ['readylens', 'core', 'alloc'].includes(m[1]) && m[2] ? `${m[1]}::${m[2]}` : m[1];
};
const groups = new Map();
for (const it of items) {
  const g = groups.get(crate(it.name)) || { size: 0, count: 0 };
  g.size += it.size; g.count += 1; groups.set(crate(it.name), g);
}
console.log(`\ncode by crate (module for readylens, core and alloc), top ${top}:`);
for (const [k, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(`  ${String(g.size).padStart(9)}  ${String(g.count).padStart(5)} fns  ${k}`);
}
console.log(`\nlargest functions and data segments, top ${top}:`);
for (const it of [...items, ...segments].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`  ${String(it.size).padStart(9)}  ${it.name.slice(0, 150)}`);
}
EOF
