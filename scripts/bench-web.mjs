#!/usr/bin/env node
// Web-side benchmarks, printed as Markdown (scripts/bench.sh puts them in BENCHMARKS.md):
//   - sizes: the .wasm raw and gzip, the JS glue, the extension zip;
//   - the WASM core in headless Chromium: instantiate time, parse + full analysis of the
//     23,313 Deep-SE issues;
//   - the same WASM core in Node, side by side with write-good and alex on the same text.
// Needs pkg/ (wasm-pack build) and dist/ (node scripts/build-web.mjs); write-good and alex
// are installed by scripts/bench.sh (not needed for the tests).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.READYLENS_DATA ?? join(ROOT, '..', 'shared', 'data');
const out = (s = '') => process.stdout.write(s + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const SAMPLE = Number(process.env.READYLENS_BENCH_SAMPLE ?? 2000);
// READYLENS_PKG: measure another wasm-bindgen output directory (e.g. a build kept for a
// before/after comparison) instead of pkg/.
const PKG = process.env.READYLENS_PKG ? resolve(process.env.READYLENS_PKG) : join(ROOT, 'pkg');

function sizes() {
  out('## Sizes\n');
  out('| file | raw | gzip |');
  out('|---|---:|---:|');
  const budget = [];
  for (const rel of ['pkg/readylens_bg.wasm', 'pkg/readylens.js', 'dist/readylens-chrome.zip', 'dist/readylens-firefox.zip']) {
    const p = rel.startsWith('pkg/') ? join(PKG, rel.slice(4)) : join(ROOT, rel);
    if (!existsSync(p)) { out(`| ${rel} | missing | |`); continue; }
    const raw = readFileSync(p);
    const gz = rel.endsWith('.zip') ? '' : kb(gzipSync(raw, { level: 9 }).length);
    out(`| \`${rel}\` | ${kb(raw.length)} | ${gz} |`);
    if (rel.endsWith('.wasm')) budget.push(['`.wasm` ≤ 350 KB gzip', gzipSync(raw, { level: 9 }).length / 1024, 350, 'KB']);
  }
  out('');
  return budget;
}

/** Every Deep-SE CSV as text, in file order. */
function deepse() {
  const dir = join(DATA, 'issues', 'deepse');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Runs of each full analysis: the first call (V8 is still compiling the module's hot
 * functions with its optimising tier) and the best of RUNS, as the native benchmark
 * reports the best of 3 after warm-up. */
const RUNS = Number(process.env.READYLENS_BENCH_RUNS ?? 3);

async function inNode(files) {
  const mod = await import(join(PKG, 'readylens.js'));
  const bytes = readFileSync(join(PKG, 'readylens_bg.wasm'));
  const t0 = performance.now();
  mod.initSync({ module: bytes });
  const init = performance.now() - t0;
  const t1 = performance.now();
  let issues = [];
  for (const f of files) issues = issues.concat(mod.parseIssues(f.text, 'csv', f.name).issues);
  const parse = performance.now() - t1;
  const runs = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const t2 = performance.now();
    report = mod.analyze(issues, undefined);
    runs.push(performance.now() - t2);
    report = null;
  }
  // Side by side with the prose linters: the first SAMPLE issues (the linters are too slow
  // for all 23,313 in a benchmark run); the same issues for every tool, best of RUNS each.
  const sample = issues.slice(0, SAMPLE);
  const texts = sample.map((i) => [i.title, ...(i.description?.blocks ?? []).map((b) => b.text ?? (b.rows ?? []).flat().join(' '))].join('\n'));
  let sampleMs = Infinity;
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const t3 = performance.now();
    const sampleReport = mod.analyze(sample, undefined);
    sampleMs = Math.min(sampleMs, performance.now() - t3);
    findings = sampleReport.issues.reduce((a, r) => a + r.diagnostics.length, 0);
  }
  return { init, parse, first: runs[0], analyse: Math.min(...runs), n: issues.length, texts, sampleMs, findings };
}

async function linters(texts) {
  const rows = [];
  try {
    const { default: writeGood } = await import('write-good');
    // Best of RUNS, like readylens's own sample time (alex, at ~10 s a run, runs once).
    let best = Infinity;
    let n = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      n = 0;
      for (const s of texts) n += writeGood(s).length;
      best = Math.min(best, performance.now() - t);
    }
    rows.push(['write-good', best, n]);
  } catch (e) {
    rows.push(['write-good', null, `not installed (${e.code ?? e.message})`]);
  }
  try {
    const alex = await import('alex');
    const t = performance.now();
    let n = 0;
    for (const s of texts) n += alex.text(s).messages.length;
    rows.push(['alex', performance.now() - t, n]);
  } catch (e) {
    rows.push(['alex', null, `not installed (${e.code ?? e.message})`]);
  }
  return rows;
}

async function inChromium(files) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return null;
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><title>bench</title>');
      return;
    }
    const p = join(PKG, url.pathname.replace(/^\/pkg\//, ''));
    if (!url.pathname.startsWith('/pkg/') || !existsSync(p)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    res.end(readFileSync(p));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    // Main-thread CPU time from the DevTools protocol (the native figure is thread CPU
    // time); wall-clock is what the budget uses.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const result = await page.evaluate(async (files) => {
      const mod = await import('/pkg/readylens.js');
      const t0 = performance.now();
      await mod.default({ module_or_path: '/pkg/readylens_bg.wasm' });
      const init = performance.now() - t0;
      const t1 = performance.now();
      let issues = [];
      for (const f of files) issues = issues.concat(mod.parseIssues(f.text, 'csv', f.name).issues);
      const parse = performance.now() - t1;
      globalThis.__issues = issues;
      globalThis.__analyze = mod.analyze;
      return { init, parse, n: issues.length };
    }, files);
    const wall = [];
    const cpu = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = await threadTime();
      wall.push(await page.evaluate(() => {
        const t = performance.now();
        const report = globalThis.__analyze(globalThis.__issues, undefined);
        const ms = performance.now() - t;
        if (report.issues.length !== globalThis.__issues.length) throw new Error('short report');
        return ms;
      }));
      cpu.push(((await threadTime()) - c0) * 1000);
    }
    Object.assign(result, { first: wall[0], analyse: Math.min(...wall), cpu: Math.min(...cpu) });
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}

const fmt = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main() {
  const budgets = sizes();
  const files = deepse();
  if (files.length === 0) {
    out('No Deep-SE data (../shared/data or READYLENS_DATA): skipping the throughput benchmarks.');
    return;
  }
  const browser = await inChromium(files);
  const node = await inNode(files);
  out('## WASM core\n');
  out(`Full analysis: the first call (V8 still compiles the module's hot functions with its optimising tier) and the best of ${RUNS} calls in the same page or process (the native figure is the best of 3 after warm-up). Main-thread CPU: the renderer main thread's CPU time from the DevTools protocol during the best call (background JIT and GC threads excluded).\n`);
  out('| runtime | instantiate | parse 16 CSVs | full analysis, first call | full analysis, best | main-thread CPU | issues | issues/s (best) |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, r] of [['headless Chromium', browser], ['Node ' + process.version, node]]) {
    if (!r) { out(`| ${name} | not available | | | | | | |`); continue; }
    out(`| ${name} | ${fmt(r.init)} | ${fmt(r.parse)} | ${fmt(r.first)} | ${fmt(r.analyse)} | ${r.cpu == null ? '—' : fmt(r.cpu)} | ${r.n} | ${Math.round(r.n / (r.analyse / 1000))} |`);
  }
  if (browser) budgets.push(['WASM instantiate ≤ 50 ms (Chromium)', browser.init, 50, 'ms']);
  // The native figure comes from the same bench.sh run (examples/bench.rs, full analysis
  // of the same 23,313 issues, parse excluded as here).
  const native = Number(process.env.READYLENS_NATIVE_FULL_S);
  if (browser && native > 0) {
    budgets.push([`WASM full analysis within 2× native (Chromium wall-clock, best of ${RUNS}, ${fmt(browser.analyse)} / native thread CPU, best of 3, ${native.toFixed(2)} s)`, browser.analyse / 1000 / native, 2, '×', false, 2]);
  }
  out('');
  out('## Side by side with prose linters (same text, Node, one thread)\n');
  out(`Text: title + description of the first ${node.texts.length} Deep-SE issues. readylens runs the full analysis (quality rules, readiness, priority, KPI, duplicates) on the same issues, after the full analysis above (warm); the linters only lint prose. readylens and write-good: best of ${RUNS} runs each; alex: one run.\n`);
  out('| tool | time | findings | readylens speed-up |');
  out('|---|---:|---:|---:|');
  out(`| readylens (WASM, full analysis, best of ${RUNS}) | ${fmt(node.sampleMs)} | ${node.findings} | 1× |`);
  const lint = await linters(node.texts);
  for (const [name, ms, n] of lint) {
    out(`| ${name} | ${fmt(ms)} | ${n} | ${ms == null ? '—' : (ms / node.sampleMs).toFixed(1) + '×'} |`);
    if (name === 'write-good' && ms != null) budgets.push(['≥ 20× write-good throughput (WASM in Node)', ms / node.sampleMs, 20, '×', true]);
  }
  // The native build (the CLI) on the same issues, from examples/bench.rs in the same
  // bench.sh run: thread CPU time, and no JSON boundary (issues in, report out as JS
  // values). Information beside the budget, which is judged on the WASM build.
  const nativeSample = Number(process.env.READYLENS_NATIVE_SAMPLE_S) * 1000;
  const wg = lint.find(([name, ms]) => name === 'write-good' && ms != null);
  if (nativeSample > 0) {
    out('');
    out(`The native build (the CLI) analyses the same ${node.texts.length} issues in ${fmt(nativeSample)} (thread CPU time, best of 3; no JSON boundary)${wg ? `: ${(wg[1] / nativeSample).toFixed(1)}× write-good` : ''}. The budget is judged on the WASM build above, which the extension, the dashboard and the npm package run.`);
  }
  out('');
  out('## Budgets (web)\n');
  out('| budget | measured | |');
  out('|---|---:|---|');
  for (const [name, v, limit, unit, higherIsBetter, digits = 1] of budgets) {
    const ok = higherIsBetter ? v >= limit : v <= limit;
    out(`| ${name} | ${v.toFixed(digits)} ${unit} | ${ok ? 'pass' : '**FAIL**'} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
