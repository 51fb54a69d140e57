#!/usr/bin/env node
// Finish the npm package in pkg/ after `wasm-pack build --target web --out-dir pkg`
// (scripts/build.sh): add the ergonomic entry and the <readylens-report> element from
// js/, the dashboard modules the element reuses (www/js/, copied unchanged into
// pkg/lib/), the hand-written README (js/README.md), and the package.json fields that
// publish them (main/module/types, an exports map with ".", "./report-element" and
// "./raw" for the raw wasm-bindgen bindings, files, sideEffects), and the Node command
// (bin/readylens.mjs and the Linear query it sends, bin/linear-issues.graphql → pkg/bin/,
// `bin`, `engines`), so one call after wasm-pack finishes
// the package wherever it is built (scripts/build.sh, scripts/test.sh).
//
// Usage: node scripts/build-pkg.mjs [--pkg DIR]      (default: pkg/ at the repository root)
// Idempotent: running it twice gives the same package.

import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Dashboard modules the element imports (pure ES modules without further imports beyond each other). */
export const LIB_FILES = ['report-model.js', 'table-query.js', 'backlog-insights.js', 'svg-charts.js'];

/** The files of js/ that ship (tests and notes stay behind). */
export const ENTRY_FILES = ['index.js', 'index.d.ts', 'report-element.js', 'report-element.d.ts'];

/**
 * @param {string} pkg the wasm-pack output folder
 * @returns {{files: string[]}}
 */
export function buildPkg(pkg = join(ROOT, 'pkg')) {
  for (const f of ['package.json', 'readylens.js', 'readylens.d.ts', 'readylens_bg.wasm']) {
    if (!existsSync(join(pkg, f))) {
      throw new Error(`build-pkg: ${join(pkg, f)} is missing; run wasm-pack first (bash scripts/build.sh)`);
    }
  }
  for (const f of ENTRY_FILES) copyFileSync(join(ROOT, 'js', f), join(pkg, f));
  rmSync(join(pkg, 'lib'), { recursive: true, force: true });
  mkdirSync(join(pkg, 'lib'));
  for (const f of LIB_FILES) {
    const src = readFileSync(join(ROOT, 'www', 'js', f), 'utf8');
    for (const m of src.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (!spec.startsWith('./') || !LIB_FILES.includes(spec.slice(2))) {
        throw new Error(`build-pkg: www/js/${f} imports ${spec}, which is not shipped in pkg/lib/; add it to LIB_FILES or stop importing ${f}`);
      }
    }
    writeFileSync(join(pkg, 'lib', f), `// Copied unchanged from www/js/${f} by scripts/build-pkg.mjs.\n${src}`);
  }
  copyFileSync(join(ROOT, 'js', 'README.md'), join(pkg, 'README.md'));
  // The Node command (`npx readylens check …`).
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'readylens.mjs'), join(pkg, 'bin', 'readylens.mjs'));
  chmodSync(join(pkg, 'bin', 'readylens.mjs'), 0o755);
  copyFileSync(join(ROOT, 'bin', 'linear-issues.graphql'), join(pkg, 'bin', 'linear-issues.graphql'));

  const file = join(pkg, 'package.json');
  const p = JSON.parse(readFileSync(file, 'utf8'));
  p.main = 'index.js';
  p.module = 'index.js';
  p.types = 'index.d.ts';
  p.exports = {
    '.': { types: './index.d.ts', default: './index.js' },
    './report-element': { types: './report-element.d.ts', default: './report-element.js' },
    './raw': { types: './readylens.d.ts', default: './readylens.js' },
    './readylens_bg.wasm': './readylens_bg.wasm',
    './package.json': './package.json',
  };
  const files = [
    ...ENTRY_FILES,
    ...LIB_FILES.map((f) => `lib/${f}`),
    'readylens.js',
    'readylens.d.ts',
    'readylens_bg.wasm',
    'readylens_bg.wasm.d.ts',
  ];
  files.push('bin/readylens.mjs', 'bin/linear-issues.graphql');
  p.bin = { readylens: 'bin/readylens.mjs' };
  p.engines = { node: '>=18' };
  if (existsSync(join(pkg, 'snippets'))) files.push('snippets/');
  p.files = files.filter((f) => f.endsWith('/') || existsSync(join(pkg, f)));
  // Importing ./report-element.js defines the custom element; nothing else runs code on import.
  p.sideEffects = ['./report-element.js', './snippets/*'];
  p.keywords = [...new Set([...(p.keywords ?? []), 'backlog', 'definition-of-ready', 'user-stories', 'jira', 'wasm', 'custom-element'])];
  writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
  return { files: p.files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--pkg');
  const pkg = at > 0 ? process.argv[at + 1] : join(ROOT, 'pkg');
  try {
    const { files } = buildPkg(pkg);
    const extra = readdirSync(pkg).filter((f) => !files.some((x) => x === f || x.startsWith(`${f}/`)) && !['package.json', 'README.md', 'LICENSE', '.gitignore'].includes(f));
    process.stderr.write(`build-pkg: ${pkg}: ${files.length} files published${extra.length ? `; not published: ${extra.join(', ')}` : ''}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
