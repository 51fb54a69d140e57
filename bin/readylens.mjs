#!/usr/bin/env node
// readylens for Node: `npx readylens check FILE… --format junit --fail-on not-ready`.
//
// Runs the same WebAssembly core as the browser extension and the dashboard (pkg/), so
// a CI job needs only Node (>= 18). Reads tracker exports from files (the native CLI
// also reads straight from trackers). The JUnit, GitHub-annotation and Markdown-summary
// outputs mirror src/gate.rs byte for byte; tests/js/cli-node.test.mjs checks them
// against the same golden files as the native CLI.
//
// Exit codes: 0 gate passed, 1 gate failed, 2 usage, input or configuration error.

import { readFileSync, existsSync, appendFileSync, writeFileSync, statSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import process from 'node:process';

const EXIT_OK = 0;
const EXIT_GATE = 1;
const EXIT_USAGE = 2;
const FAIL_ON = ['not-ready', 'almost', 'error', 'warning', 'never'];
const FORMATS = ['text', 'json', 'junit', 'github'];

const USAGE = `Usage: readylens check [options] FILE...   (FILE may be - for standard input)

Check tracker exports (Jira/Linear/GitHub/Azure DevOps/GitLab JSON or CSV, plain text)
against your Definition of Ready, with the same WebAssembly core as the extension.

Options:
  --format text|json|junit|github   output (default text)
  --fail-on not-ready|almost|error|warning|never
                                    exit 1 when any issue is not ready / not ready or
                                    almost ready / has an error / an error or warning
                                    finding (default never)
  --min-readiness-rate SHARE        exit 1 when the share of ready issues is below SHARE (0-1)
  --config FILE                     configuration (default: readylens.json in the current
                                    directory or at the git repository root)
  --input-format NAME               input format (default: detected)
  --now YYYY-MM-DD                  today's date for the staleness check
  --summary FILE                    write the Markdown gate summary (also appended to
                                    $GITHUB_STEP_SUMMARY when set)
  --history FILE                    append one JSON line for this run
  --version, --help

Exit codes: 0 = gate passed, 1 = gate failed, 2 = usage, input or configuration error.
Reading straight from Jira, GitHub, GitLab, Linear or Azure DevOps needs the native CLI.`;

class UsageError extends Error {}

/** Parse `check` arguments. */
export function parseArgs(argv) {
  const opts = { files: [], format: 'text', failOn: 'never', minRate: null, config: null, inputFormat: null, now: null, summary: null, history: null };
  const valued = { '--format': 'format', '--fail-on': 'failOn', '--min-readiness-rate': 'minRate', '--config': 'config', '--input-format': 'inputFormat', '--now': 'now', '--summary': 'summary', '--history': 'history' };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) { value = a.slice(eq + 1); a = a.slice(0, eq); }
    if (a in valued) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
        value = argv[++i];
      }
      opts[valued[a]] = value;
    } else if (a === '-' || !a.startsWith('-')) {
      opts.files.push(a);
    } else if (['--jira', '--github', '--gitlab', '--linear', '--ado'].includes(a)) {
      throw new UsageError(`${a}: reading straight from a tracker needs the native readylens CLI; the Node command checks exported files`);
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  if (!FORMATS.includes(opts.format)) throw new UsageError(`unknown --format \`${opts.format}\` (use ${FORMATS.join(', ')})`);
  if (!FAIL_ON.includes(opts.failOn)) throw new UsageError(`unknown --fail-on \`${opts.failOn}\` (use ${FAIL_ON.join(', ')})`);
  if (opts.minRate !== null) {
    const r = Number(opts.minRate);
    if (!Number.isFinite(r) || r < 0 || r > 1 || opts.minRate.trim() === '') throw new UsageError(`--min-readiness-rate must be between 0 and 1 (got ${opts.minRate}); 0.8 means 80%`);
    opts.minRate = r;
  }
  if (opts.now !== null && !/^\d{4}-\d{2}-\d{2}$/.test(opts.now)) throw new UsageError(`--now: \`${opts.now}\` is not a date (expected YYYY-MM-DD)`);
  if (opts.files.length === 0) throw new UsageError('nothing to check: give FILES (or - for standard input)');
  return opts;
}

// ---------------------------------------------------------------------------------
// The gate and its outputs (mirrors src/gate.rs)
// ---------------------------------------------------------------------------------

const plural = (n, one, many) => (n === 1 ? one : many);

/** 0.8 → "80%", 0.125 → "12.5%" (round half away from zero, like Rust's f64::round). */
export function percent(share) {
  const x = share * 1000;
  const p = (Math.sign(x) * Math.round(Math.abs(x))) / 10;
  return Number.isInteger(p) ? `${p}%` : `${p.toFixed(1)}%`;
}

const verdictName = (v) => ({ ready: 'ready', 'almost-ready': 'almost ready', 'not-ready': 'not ready' })[v] ?? v;

export function evaluateGate(report, gate) {
  const b = report.backlog;
  const reasons = [];
  const count = (v) => report.issues.filter((r) => r.readiness.verdict === v).length;
  if (gate.failOn === 'not-ready') {
    const n = count('not-ready');
    if (n > 0) reasons.push(`${n} ${plural(n, 'issue is', 'issues are')} not ready`);
  } else if (gate.failOn === 'almost') {
    const n = count('not-ready') + count('almost-ready');
    if (n > 0) reasons.push(`${n} ${plural(n, 'issue is', 'issues are')} not ready yet (almost ready or not ready)`);
  } else if (gate.failOn === 'error') {
    if (b.errors > 0) reasons.push(`${b.errors} error-level ${plural(b.errors, 'finding', 'findings')}`);
  } else if (gate.failOn === 'warning') {
    const n = b.errors + b.warnings;
    if (n > 0) reasons.push(`${n} error- or warning-level ${plural(n, 'finding', 'findings')}`);
  }
  if (gate.minRate !== null && gate.minRate !== undefined && b.issues > 0 && b.readiness_rate < gate.minRate) {
    reasons.push(`readiness rate ${percent(b.readiness_rate)} is below the minimum ${percent(gate.minRate)}`);
  }
  return { passed: reasons.length === 0, reasons };
}

/** XML 1.0 escaping; characters XML cannot carry are dropped. */
export function xmlEscape(s) {
  let out = '';
  for (const c of String(s)) {
    const cp = c.codePointAt(0);
    if (c === '&') out += '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else if (c === "'") out += '&apos;';
    else if (c === '\t' || c === '\n' || c === '\r') out += c;
    else if (cp < 0x20 || cp === 0xfffe || cp === 0xffff) continue;
    else out += c;
  }
  return out;
}

const blocking = (r) => r.readiness.checks.filter((c) => !c.passed && c.severity === 'error').length;

export function junit(report, suite) {
  const failedCases = report.issues.filter((r) => blocking(r) > 0).length;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="readylens" tests="${report.issues.length}" failures="${failedCases}" errors="0">\n`;
  out += `  <testsuite name="${xmlEscape(suite)}" tests="${report.issues.length}" failures="${failedCases}" errors="0" skipped="0">\n`;
  for (const r of report.issues) {
    out += `    <testcase classname="readylens.${xmlEscape(r.tracker)}" name="${xmlEscape(`${r.key}: ${r.title}`)}"`;
    const failed = r.readiness.checks.filter((c) => !c.passed);
    if (failed.length === 0) { out += '/>\n'; continue; }
    out += '>\n';
    let advice = '';
    for (const c of failed) {
      const next = c.next_step ?? '';
      if (c.severity === 'error') {
        let body = c.reason;
        if (next) body += `\nNext step: ${next}`;
        out += `      <failure type="${xmlEscape(c.check)}" message="${xmlEscape(c.reason)}">${xmlEscape(body)}</failure>\n`;
      } else {
        advice += `${c.severity} ${c.check}: ${c.reason}`;
        if (next) advice += ` (next step: ${next})`;
        advice += '\n';
      }
    }
    const url = r.url ? `${xmlEscape(r.url)}\n` : '';
    out += `      <system-out>${url}verdict: ${verdictName(r.readiness.verdict)}, readiness ${r.readiness.score}%\n${xmlEscape(advice)}</system-out>\n`;
    out += '    </testcase>\n';
  }
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

export const githubEscapeData = (s) => String(s).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
export const githubEscapeProperty = (s) => githubEscapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

export function github(report, fileOf) {
  let out = '';
  report.issues.forEach((r, i) => {
    const level = { 'almost-ready': 'warning', 'not-ready': 'error' }[r.readiness.verdict];
    if (!level) return;
    const props = [];
    const f = fileOf(i);
    if (f) props.push(`file=${githubEscapeProperty(f)}`);
    props.push(`title=${githubEscapeProperty(`${r.key} is ${verdictName(r.readiness.verdict)} (${r.readiness.score}%)`)}`);
    let msg = r.title;
    for (const c of r.readiness.checks.filter((c) => !c.passed)) {
      msg += `\n${c.severity} ${c.check}: ${c.reason}`;
      if (c.next_step) msg += ` → ${c.next_step}`;
    }
    if (r.url) msg += `\n${r.url}`;
    out += `::${level} ${props.join(',')}::${githubEscapeData(msg)}\n`;
  });
  const b = report.backlog;
  out += `::notice title=readylens::${githubEscapeData(`${b.issues} issues: ${b.ready} ready, ${b.almost_ready} almost ready, ${b.not_ready} not ready; readiness rate ${percent(b.readiness_rate)}, health index ${percent(b.health_index)}, KPI coverage ${percent(b.kpi_coverage)}`)}\n`;
  return out;
}

/** Text safe inside a Markdown table cell. */
export function mdCell(s) {
  const map = { '|': '\\|', '<': '&lt;', '>': '&gt;', '&': '&amp;', '\\': '\\\\', '`': '\\`', '*': '\\*', _: '\\_', '[': '\\[', ']': '\\]', '\n': ' ', '\r': ' ', '\t': ' ' };
  let out = '';
  for (const c of String(s)) {
    if (c in map) out += map[c];
    else if (/\p{Cc}/u.test(c)) continue;
    else out += c;
  }
  return out;
}

const safeUrl = (u) => /^https?:\/\//.test(u) && !/[\s\p{Cc}()<>|[\]`]/u.test(u);

function oneLine(s, max) {
  const t = String(s).split(/\s+/u).filter(Boolean).join(' ');
  const chars = [...t];
  return chars.length <= max ? t : `${chars.slice(0, max - 1).join('')}…`;
}

export function markdownSummary(report, gate, outcome, scope, maxRows = 50) {
  const b = report.backlog;
  let out = '## readylens: Definition of Ready\n\n';
  out += `Scope: ${mdCell(scope)}\n\n`;
  const rule = gate.minRate !== null && gate.minRate !== undefined
    ? `\`--fail-on ${gate.failOn}\`, minimum readiness rate ${percent(gate.minRate)}`
    : `\`--fail-on ${gate.failOn}\``;
  if (outcome.passed) out += `**Gate passed** (${rule})\n\n`;
  else {
    out += `**Gate failed** (${rule})\n\n`;
    for (const r of outcome.reasons) out += `- ${mdCell(r)}\n`;
    out += '\n';
  }
  out += '| Issues | Ready | Almost ready | Not ready | Readiness rate | Health index | KPI coverage |\n';
  out += '|---:|---:|---:|---:|---:|---:|---:|\n';
  out += `| ${b.issues} | ${b.ready} | ${b.almost_ready} | ${b.not_ready} | ${percent(b.readiness_rate)} | ${percent(b.health_index)} | ${percent(b.kpi_coverage)} |\n\n`;
  const checks = Object.entries(b.failing_checks ?? {});
  if (checks.length > 0) {
    // Count descending, then id ascending by code unit (Rust compares bytes; ids are ASCII).
    checks.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    out += '### Most common gaps\n\n| Check | Issues |\n|---|---:|\n';
    for (const [c, n] of checks) out += `| \`${c.replaceAll('`', "'")}\` | ${n} |\n`;
    out += '\n';
  }
  const pending = report.issues.filter((r) => r.readiness.verdict !== 'ready');
  if (pending.length > 0) {
    out += '### Not ready yet\n\n| Issue | Verdict | Score | Gaps | Next step |\n|---|---|---:|---|---|\n';
    for (const r of pending.slice(0, maxRows)) {
      const gaps = r.readiness.checks.filter((c) => !c.passed && c.severity === 'error').map((c) => `\`${c.check.replaceAll('`', "'")}\``);
      const first = r.readiness.checks.find((c) => !c.passed && c.next_step);
      const next = first ? mdCell(first.next_step) : '';
      const title = mdCell(oneLine(r.title, 70));
      const issue = r.url && safeUrl(r.url) ? `[${mdCell(r.key)}](${r.url}) ${title}` : `${mdCell(r.key)} ${title}`;
      out += `| ${issue} | ${verdictName(r.readiness.verdict)} | ${r.readiness.score}% | ${gaps.join(', ')} | ${next} |\n`;
    }
    if (pending.length > maxRows) out += `\n…and ${pending.length - maxRows} more not ready.\n`;
    out += '\n';
  }
  return out;
}

export function historyLine(report, date, scope, outcome) {
  const b = report.backlog;
  const round = (x) => Math.round(x * 10000) / 10000;
  return JSON.stringify({
    date, scope, issues: b.issues, ready: b.ready, almost_ready: b.almost_ready, not_ready: b.not_ready,
    readiness_rate: round(b.readiness_rate), health_index: round(b.health_index), kpi_coverage: round(b.kpi_coverage),
    failing_checks: b.failing_checks, gate_passed: outcome.passed,
  });
}

export function text(report) {
  const label = { ready: 'READY', 'almost-ready': 'ALMOST', 'not-ready': 'NOT READY' };
  let out = '';
  for (const r of report.issues) {
    out += `${(label[r.readiness.verdict] ?? '').padEnd(9)} ${r.key} ${oneLine(r.title, 80)}  (${r.kind}, readiness ${r.readiness.score}%)\n`;
    for (const d of r.diagnostics) {
      out += `    ${d.severity.padEnd(7)} ${d.rule.padEnd(28)} ${d.message}\n`;
      if (d.help) out += `            → ${d.help}\n`;
    }
  }
  const b = report.backlog;
  out += `\n${b.issues} issues: ${b.ready} ready, ${b.almost_ready} almost ready, ${b.not_ready} not ready — readiness rate ${percent(b.readiness_rate)}, health index ${percent(b.health_index)}\n`;
  return out;
}

// ---------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------

/** readylens.json here, else at the root of the git repository containing `dir`. */
export function findConfig(dir) {
  const here = join(dir, 'readylens.json');
  if (existsSync(here)) return here;
  let d = resolve(dir);
  for (;;) {
    if (existsSync(join(d, '.git'))) {
      const c = join(d, 'readylens.json');
      return existsSync(c) && statSync(c).isFile() ? c : null;
    }
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

/** The WASM core: pkg/ beside bin/ in the repository, or the package root when installed. */
async function loadCore() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..'), join(here, '..', 'pkg')]) {
    const js = join(dir, 'readylens.js');
    const wasm = join(dir, 'readylens_bg.wasm');
    if (existsSync(js) && existsSync(wasm)) {
      const core = await import(pathToFileURL(js).href);
      core.initSync({ module: readFileSync(wasm) });
      return core;
    }
  }
  throw new UsageError('the WebAssembly core (readylens.js, readylens_bg.wasm) was not found; build it with scripts/build.sh');
}

function readInput(file) {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e.code ?? e.message}`);
  }
}

export async function main(argv, { stdout = process.stdout, stderr = process.stderr, env = process.env, cwd = process.cwd() } = {}) {
  const say = (s) => stderr.write(`readylens: ${s}\n`);
  try {
    if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) { stdout.write(`${USAGE}\n`); return argv.length === 0 ? EXIT_USAGE : EXIT_OK; }
    const core = await loadCore();
    if (argv.includes('--version')) { stdout.write(`readylens ${core.version()}\n`); return EXIT_OK; }
    const [command, ...rest] = argv;
    if (command !== 'check') throw new UsageError(`unknown command \`${command}\` (the Node command runs \`check\`)`);
    const opts = parseArgs(rest);
    let configPath = opts.config;
    if (!configPath) {
      configPath = findConfig(cwd);
      if (configPath) say(`using configuration ${configPath}`);
    }
    let config = {};
    if (configPath) {
      const raw = readInput(resolve(cwd, configPath));
      try { config = JSON.parse(raw); } catch (e) { throw new UsageError(`${configPath}: configuration: invalid JSON: ${e.message}`); }
    }
    config.readiness = { ...(config.readiness ?? {}) };
    if (opts.now) config.readiness.now = opts.now;
    else if (!config.readiness.now) config.readiness.now = today();
    const known = core.formats();
    if (opts.inputFormat && !known.includes(opts.inputFormat)) throw new UsageError(`unknown --input-format \`${opts.inputFormat}\`; known: ${known.join(', ')}`);
    const issues = [];
    const origins = [];
    for (const f of opts.files) {
      const textIn = readInput(f === '-' ? '-' : resolve(cwd, f));
      let imported;
      try { imported = core.parseIssues(textIn, opts.inputFormat ?? 'auto', f); } catch (e) { throw new UsageError(String(e.message ?? e).replace(/^readylens: /, '')); }
      for (const p of imported.problems) say(`warning: ${p.source}: ${p.location ? `${p.location}: ` : ''}${p.message}`);
      issues.push(...imported.issues);
      origins.push(...imported.issues.map(() => f));
    }
    const scope = `files: ${opts.files.join(', ')}`;
    if (issues.length === 0) say(`warning: no issues to check in ${scope}`);
    let report;
    try { report = core.analyze(issues, config); } catch (e) { throw new UsageError(String(e.message ?? e).replace(/^readylens: /, '')); }
    const gate = { failOn: opts.failOn, minRate: opts.minRate };
    const outcome = evaluateGate(report, gate);
    let rendered;
    if (opts.format === 'json') rendered = `${JSON.stringify(report, null, 2)}\n`;
    else if (opts.format === 'junit') rendered = junit(report, `readylens: ${scope}`);
    else if (opts.format === 'github') rendered = github(report, (i) => origins[i] ?? null);
    else rendered = text(report);
    stdout.write(rendered);
    const md = markdownSummary(report, gate, outcome, scope, 50);
    if (opts.summary) writeFileSync(resolve(cwd, opts.summary), md);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, md);
    if (opts.history) appendFileSync(resolve(cwd, opts.history), `${historyLine(report, config.readiness.now, scope, outcome)}\n`);
    if (!outcome.passed) {
      say(`gate failed: ${outcome.reasons.join('; ')}`);
      return EXIT_GATE;
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) { say(e.message); stderr.write('Run `readylens --help` for usage.\n'); return EXIT_USAGE; }
    say(`internal error: ${e?.stack ?? e}`);
    return EXIT_USAGE;
  }
}

function invokedDirectly() {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
const invoked = invokedDirectly();
if (invoked) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
