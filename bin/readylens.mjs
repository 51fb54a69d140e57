#!/usr/bin/env node
// readylens for Node: `npx readylens check FILE… --format junit --fail-on not-ready`.
//
// Runs the same WebAssembly core as the browser extension and the dashboard (pkg/), so
// a CI job needs only Node (>= 18). Reads tracker exports from files, or straight from
// Jira, GitHub, GitLab, Linear or Azure DevOps with the native CLI's options, variables,
// paging, back-off and error messages (mirrors src/remote/*.rs; every page goes to the
// core's importers, so field mapping stays in Rust). The JUnit, GitHub-annotation and
// Markdown-summary outputs mirror src/gate.rs byte for byte; tests/js/cli-node*.test.mjs
// check them against the native CLI's golden files and against the native CLI itself.
//
// Exit codes: 0 gate passed, 1 gate failed, 2 usage, input, configuration or credential
// error, 3 tracker unreachable or incomplete (nothing is analysed then).

import { readFileSync, existsSync, appendFileSync, writeFileSync, statSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import http from 'node:http';
import https from 'node:https';
import process from 'node:process';

const EXIT_OK = 0;
const EXIT_GATE = 1;
const EXIT_USAGE = 2;
const EXIT_UNREACHABLE = 3;
const FAIL_ON = ['not-ready', 'almost', 'error', 'warning', 'never'];
const FORMATS = ['text', 'json', 'junit', 'github'];

const USAGE = `Usage: readylens check [options] FILE...   (FILE may be - for standard input)
       readylens check [options] --jira URL --jql "…" | --github OWNER/REPO | --gitlab URL --project P
                                 | --linear | --ado ORG/PROJECT --wiql "…"

Check tracker exports (Jira/Linear/GitHub/Azure DevOps/GitLab JSON or CSV, plain text),
or issues read straight from the tracker, against your Definition of Ready, with the
same WebAssembly core as the extension and the native CLI.

Options:
  --format text|json|junit|github   output (default text)
  --fail-on not-ready|almost|error|warning|never
                                    exit 1 when any issue is not ready / not ready or
                                    almost ready / has an error / an error or warning
                                    finding (default never)
  --min-readiness-rate SHARE        exit 1 when the share of ready issues is below SHARE (0-1)
  --config FILE                     configuration (default: readylens.json in the current
                                    directory or at the git repository root)
  --input-format NAME               input format of FILES (default: detected)
  --now YYYY-MM-DD                  today's date for the staleness check
  --summary FILE                    write the Markdown gate summary (also appended to
                                    $GITHUB_STEP_SUMMARY when set)
  --history FILE                    append one JSON line for this run
  --version, --help

Tracker sources (instead of FILES; tokens only from the environment, never printed):
  --jira URL --jql "…"          Jira Cloud: READYLENS_JIRA_EMAIL + READYLENS_JIRA_TOKEN (REST v3)
                                Jira Data Center: READYLENS_JIRA_PAT (REST v2, bearer)
  --jira-api v2|v3              force the Jira REST API (default: from the variables set)
  --github OWNER/REPO [--query "…" | --milestone M]
                                READYLENS_GITHUB_TOKEN or GITHUB_TOKEN (optional for public repos)
  --gitlab URL --project P [--labels L]
                                READYLENS_GITLAB_TOKEN (optional for public projects)
  --linear [--team KEY] [--cycle N]
                                READYLENS_LINEAR_TOKEN
  --ado ORG/PROJECT --wiql "…"  READYLENS_ADO_TOKEN (personal access token, Work Items: Read)
  --api-url URL                 API endpoint for GitHub Enterprise, Linear or Azure DevOps Server
  --timeout SECS                timeout of each HTTP request (default 30)
  --retries N                   retries of a failed or rate-limited request (default 3)
  --max-wait SECS               longest Retry-After accepted (default 60); longer fails (exit 3)
Only the host named is contacted. 429/503 are retried (--retries, capped by --max-wait).

Exit codes: 0 = gate passed, 1 = gate failed (--fail-on, --min-readiness-rate),
2 = usage, input, configuration or credential error (incl. HTTP 400/401/403/404),
3 = tracker unreachable or incomplete (network, timeout, 5xx, 429 after retries,
    malformed page); nothing is analysed then.`;

class UsageError extends Error {}

/** A tracker could not be read: `code` 2 (credentials, permissions, query) or 3 (unreachable, incomplete). */
export class RemoteError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const configError = (m) => new RemoteError(EXIT_USAGE, m);
const unreachable = (m) => new RemoteError(EXIT_UNREACHABLE, m);

const VALUED = {
  '--format': 'format', '--fail-on': 'failOn', '--min-readiness-rate': 'minRate', '--config': 'config', '--input-format': 'inputFormat', '--now': 'now', '--summary': 'summary', '--history': 'history',
  '--jira': 'jira', '--jql': 'jql', '--jira-api': 'jiraApi', '--github': 'github', '--query': 'query', '--milestone': 'milestone', '--gitlab': 'gitlab', '--project': 'project', '--labels': 'labels',
  '--team': 'team', '--cycle': 'cycle', '--ado': 'ado', '--wiql': 'wiql', '--api-url': 'apiUrl', '--timeout': 'timeout', '--retries': 'retries', '--max-wait': 'maxWait',
};

/** A whole number as clap reads it (`+` allowed), at most `max`. */
function whole(flag, value, max) {
  if (!/^\+?\d+$/.test(value) || Number(value) > max) throw new UsageError(`invalid value '${value}' for '${flag}': expected a whole number from 0 to ${max}`);
  return Number(value);
}

/** Parse `check` arguments. */
export function parseArgs(argv) {
  const opts = { files: [], format: 'text', failOn: 'never', minRate: null, config: null, inputFormat: null, now: null, summary: null, history: null, linear: false, timeout: '30', retries: '3', maxWait: '60' };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) { value = a.slice(eq + 1); a = a.slice(0, eq); }
    if (a in VALUED) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
        value = argv[++i];
      }
      opts[VALUED[a]] = value;
    } else if (a === '--linear' && value === undefined) {
      opts.linear = true;
    } else if (a === '-' || !a.startsWith('-')) {
      opts.files.push(a);
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
  if (opts.jiraApi !== undefined && !['v2', 'v3'].includes(opts.jiraApi)) throw new UsageError(`invalid value '${opts.jiraApi}' for '--jira-api': use v2 or v3`);
  if (opts.cycle !== undefined) opts.cycle = whole('--cycle', opts.cycle, 4294967295);
  // Timers hold at most 2^31-1 ms: longer waits and timeouts are capped (~24 days).
  const TIMER_MAX = 2147483;
  opts.net = {
    timeout: Math.min(Math.max(whole('--timeout', opts.timeout, Number.MAX_SAFE_INTEGER), 1), TIMER_MAX),
    retries: whole('--retries', opts.retries, 4294967295),
    maxWait: Math.min(whole('--max-wait', opts.maxWait, Number.MAX_SAFE_INTEGER), TIMER_MAX),
  };
  opts.source = sourceOf(opts);
  if (opts.source) {
    if (opts.files.length > 0) throw new UsageError('give either FILES or a tracker source, not both');
    if (opts.inputFormat !== null) throw new UsageError('--input-format applies to FILES, not to a tracker source');
  } else if (opts.files.length === 0) {
    throw new UsageError('nothing to check: give FILES (or `-` for standard input) or a tracker source (--jira, --github, --gitlab, --linear, --ado)');
  }
  return opts;
}

/** The tracker source asked for, validated like the native CLI (src/remote/mod.rs), or null. */
export function sourceOf(o) {
  const chosen = [o.jira, o.github, o.gitlab, o.linear || undefined, o.ado].filter((x) => x !== undefined).length;
  if (chosen > 1) throw new UsageError('choose one source: --jira, --github, --gitlab, --linear or --ado');
  const stray = (flag, set, owner) => { if (set) throw new UsageError(`${flag} needs ${owner}`); };
  const has = (k) => o[k] !== undefined;
  stray('--jql', has('jql') && !has('jira'), '--jira');
  stray('--jira-api', has('jiraApi') && !has('jira'), '--jira');
  stray('--query', has('query') && !has('github'), '--github');
  stray('--milestone', has('milestone') && !has('github'), '--github');
  stray('--project', has('project') && !has('gitlab'), '--gitlab');
  stray('--labels', has('labels') && !has('gitlab'), '--gitlab');
  stray('--team', has('team') && !o.linear, '--linear');
  stray('--cycle', has('cycle') && !o.linear, '--linear');
  stray('--wiql', has('wiql') && !has('ado'), '--ado');
  stray('--api-url', has('apiUrl') && !has('github') && !o.linear && !has('ado'), '--github, --linear or --ado');
  const trim = (s) => s.trim().replace(/\/+$/, '');
  if (has('jira')) {
    if (!has('jql') || o.jql.trim() === '') throw new UsageError('--jira needs --jql "…" (e.g. --jql "project = ABC AND sprint in futureSprints()")');
    return { kind: 'jira', base: trim(o.jira), jql: o.jql, api: o.jiraApi ?? null };
  }
  if (has('github')) {
    const repo = o.github.trim();
    const parts = repo.split('/');
    if (parts.length !== 2 || parts.some((p) => p === '')) throw new UsageError('--github expects OWNER/REPO');
    if (has('query') && has('milestone')) throw new UsageError('--github takes --query or --milestone, not both (put `milestone:"…"` in the query)');
    return { kind: 'github', api: has('apiUrl') ? trim(o.apiUrl) : 'https://api.github.com', repo, query: o.query ?? null, milestone: o.milestone ?? null };
  }
  if (has('gitlab')) {
    if (!has('project') || o.project.trim() === '') throw new UsageError('--gitlab needs --project (an id or group/project path)');
    return { kind: 'gitlab', base: trim(o.gitlab), project: o.project.trim(), labels: o.labels ?? null };
  }
  if (o.linear) {
    return { kind: 'linear', api: has('apiUrl') ? trim(o.apiUrl) : 'https://api.linear.app/graphql', team: o.team ?? null, cycle: o.cycle ?? null };
  }
  if (has('ado')) {
    const op = o.ado.trim();
    const slash = op.indexOf('/');
    const org = slash < 0 ? '' : op.slice(0, slash);
    const project = slash < 0 ? '' : op.slice(slash + 1);
    if (!org || !project || project.includes('/')) throw new UsageError('--ado expects ORGANIZATION/PROJECT');
    if (!has('wiql') || o.wiql.trim() === '') throw new UsageError('--ado needs --wiql "SELECT [System.Id] FROM WorkItems WHERE …"');
    return { kind: 'ado', api: has('apiUrl') ? trim(o.apiUrl) : 'https://dev.azure.com', org, project, wiql: o.wiql };
  }
  return null;
}

/** What a source reads, for messages, summaries and the history file (src/remote/mod.rs `scope`). */
export function scopeOf(s) {
  switch (s.kind) {
    case 'jira': return `jira ${s.base}: ${s.jql}`;
    case 'github':
      if (s.query !== null) return `github ${s.repo}: ${s.query}`;
      if (s.milestone !== null) return `github ${s.repo}: milestone ${s.milestone}`;
      return `github ${s.repo}: open issues`;
    case 'gitlab': return s.labels !== null ? `gitlab ${s.base} ${s.project}: open issues labelled ${s.labels}` : `gitlab ${s.base} ${s.project}: open issues`;
    case 'linear': {
      let t = 'linear: open issues';
      if (s.team !== null) t += ` of team ${s.team}`;
      if (s.cycle !== null) t += ` in cycle ${s.cycle}`;
      return t;
    }
    default: return `ado ${s.org}/${s.project}: ${s.wiql}`;
  }
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
  // Rust's split_whitespace: Unicode White_Space (not U+FEFF, unlike JS \s).
  const t = String(s).split(WS_RUNS).filter(Boolean).join(' ');
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

/** serde_json's form of an f64: whole numbers keep a `.0` (0.0, 1.0). */
const f64 = (x) => (Number.isInteger(x) ? x.toFixed(1) : JSON.stringify(x));

/** One history line, byte for byte as the native CLI writes it (src/gate.rs HistoryEntry). */
export function historyLine(report, date, scope, outcome) {
  const b = report.backlog;
  const round = (x) => Math.round(x * 10000) / 10000;
  const checks = Object.keys(b.failing_checks ?? {}).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const failing = `{${checks.map((k) => `${JSON.stringify(k)}:${b.failing_checks[k]}`).join(',')}}`;
  return `{"date":${JSON.stringify(date)},"scope":${JSON.stringify(scope)},"issues":${b.issues},"ready":${b.ready},"almost_ready":${b.almost_ready},"not_ready":${b.not_ready},`
    + `"readiness_rate":${f64(round(b.readiness_rate))},"health_index":${f64(round(b.health_index))},"kpi_coverage":${f64(round(b.kpi_coverage))},`
    + `"failing_checks":${failing},"gate_passed":${outcome.passed}}`;
}

/** Rust's `{:.N}` for f64: the exact value rounded, ties to even (JS toFixed rounds ties up). */
export function fixed(x, digits) {
  const scaled = x * 10 ** digits;
  const floor = Math.floor(scaled);
  if (digits === 0 && scaled - floor === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return x.toFixed(digits);
}

/** Control characters become spaces (terminal-safe, like src/render.rs `term`). */
const term = (s) => String(s).replace(/\p{Cc}/gu, ' ');

/** The native CLI's plain-text report without colours (src/render.rs `text`). */
export function text(report) {
  const label = { ready: 'READY', 'almost-ready': 'ALMOST', 'not-ready': 'NOT READY' };
  let out = '';
  for (const r of report.issues) {
    out += `${(label[r.readiness.verdict] ?? '').padEnd(9)} ${term(r.key)} ${term(oneLine(r.title, 80))}  (${r.kind}, readiness ${r.readiness.score}%)\n`;
    for (const d of r.diagnostics) {
      out += `    ${d.severity.padEnd(7)} ${d.rule.padEnd(28)} ${term(d.message)}\n`;
      if (d.help) out += `            → ${term(d.help)}\n`;
    }
    const k = (r.kpis ?? [])[0];
    if (k) out += `    kpi     likely moves ${term(k.kpi)} (${fixed(k.confidence * 100, 0)}%)\n`;
    for (const c of (r.duplicates ?? []).slice(0, 3)) out += `    dup     similar to ${term(c.key)} (${fixed(c.score, 2)})\n`;
  }
  const b = report.backlog;
  out += `\n${b.issues} issues: ${b.ready} ready, ${b.almost_ready} almost ready, ${b.not_ready} not ready — readiness rate ${fixed(b.readiness_rate * 100, 0)}%, health index ${fixed(b.health_index * 100, 0)}%\n`;
  out += `${b.errors} errors, ${b.warnings} warnings, ${b.infos} notes; KPI coverage ${fixed(b.kpi_coverage * 100, 0)}%; ${b.with_duplicates} with likely duplicates\n`;
  const top = Object.entries(b.failing_checks ?? {}).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).slice(0, 5);
  if (top.length > 0) out += `Most common gaps: ${top.map(([c, n]) => `${c} (${n})`).join(', ')}\n`;
  if ((b.closest_to_ready ?? []).length > 0) out += `Closest to ready: ${b.closest_to_ready.map(term).join(', ')}\n`;
  const h = b.hygiene ?? {};
  const parts = [[h.stale, 'stale'], [h.aging, 'aging'], [h.oversized, 'oversized'], [h.orphans, 'without a parent'], [h.blocked, 'blocked']]
    .filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (h.duplicate_clusters > 0) parts.push(`${h.duplicate_clusters} duplicate cluster${h.duplicate_clusters === 1 ? '' : 's'} (${h.issues_in_clusters} issues)`);
  if (parts.length > 0) out += `Hygiene: ${parts.join(', ')}\n`;
  return out;
}

// ---------------------------------------------------------------------------------
// Tracker sources (mirrors src/remote/*.rs: same URLs, paging, limits and messages)
// ---------------------------------------------------------------------------------

export const ENV = {
  jiraEmail: 'READYLENS_JIRA_EMAIL', jiraToken: 'READYLENS_JIRA_TOKEN', jiraPat: 'READYLENS_JIRA_PAT',
  githubToken: 'READYLENS_GITHUB_TOKEN', githubFallback: 'GITHUB_TOKEN', gitlabToken: 'READYLENS_GITLAB_TOKEN',
  linearToken: 'READYLENS_LINEAR_TOKEN', adoToken: 'READYLENS_ADO_TOKEN',
};
/** Largest response body read (a page of 100 Jira issues with every field is a few MB). */
const MAX_BODY = 64 * 1024 * 1024;
/** Hard stop against a server that pages forever. */
const MAX_PAGES = 10_000;

const lowerAscii = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
// Rust's char::is_whitespace (Unicode White_Space).
const WS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const HAS_WS = new RegExp(`[${WS}]`, 'u');
const WS_RUNS = new RegExp(`[${WS}]+`, 'u');

/** `scheme://host[:port]` of an http(s) URL, lower-cased; null for anything else (including URLs carrying credentials). */
export function origin(url) {
  const i = url.indexOf('://');
  if (i < 0) return null;
  const scheme = lowerAscii(url.slice(0, i));
  if (scheme !== 'http' && scheme !== 'https') return null;
  const rest = url.slice(i + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  if (authority === '' || authority.includes('@') || HAS_WS.test(authority)) return null;
  return `${scheme}://${lowerAscii(authority)}`;
}

/** Where Node's URL parser would connect (a second, independent same-host check). */
function whatwgOrigin(url) {
  try {
    const u = new URL(url);
    return u.username || u.password ? null : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** Percent-encode everything but RFC 3986 unreserved characters (UTF-8 bytes). */
export function encode(s) {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const base64 = (s) => Buffer.from(s, 'utf8').toString('base64');

/** Replace every secret (of 4 bytes or more) in `text` with `***`. */
export function redact(text, secrets) {
  let out = String(text);
  for (const s of secrets) if (s && Buffer.byteLength(s) >= 4) out = out.split(s).join('***');
  return out;
}

/** The URL without its query (for messages: queries can be long). */
const short = (url) => url.split('?')[0];

function clip(s, max) {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max).join('')}…`;
}

/** The readable part of an error body: Jira `errorMessages`, GitHub/GitLab `message`, GraphQL `errors[].message`, or the start of the text. */
export function errorText(body) {
  const textIn = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
  let v;
  try { v = JSON.parse(textIn); } catch { v = undefined; }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const msgs = [];
    if (Array.isArray(v.errorMessages)) msgs.push(...v.errorMessages.filter((m) => typeof m === 'string'));
    const errs = v.errors;
    if (errs !== null && typeof errs === 'object' && !Array.isArray(errs)) {
      // serde_json maps iterate in key order.
      for (const k of Object.keys(errs).sort(byCodeUnit)) if (typeof errs[k] === 'string') msgs.push(`${k}: ${errs[k]}`);
    }
    if (Array.isArray(errs)) for (const e of errs) if (e !== null && typeof e === 'object' && typeof e.message === 'string') msgs.push(e.message);
    for (const k of ['message', 'error_description', 'error']) if (typeof v[k] === 'string') msgs.push(v[k]);
    if (msgs.length > 0) return clip(msgs.join('; '), 400);
  }
  return clip(textIn.split(WS_RUNS).filter(Boolean).join(' '), 200);
}

function byCodeUnit(a, b) {
  // Rust compares UTF-8 bytes; for these keys (ASCII field names) code units agree.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Seconds to wait from `Retry-After` (delay-seconds) or GitHub's `x-ratelimit-reset`. */
function retryAfter(headers) {
  const get = (n) => (typeof headers[n] === 'string' ? headers[n].trim() : undefined);
  const ra = get('retry-after');
  if (ra !== undefined && /^\+?\d+$/.test(ra)) return Number(ra);
  if (get('x-ratelimit-remaining') === '0') {
    const reset = get('x-ratelimit-reset');
    if (reset === undefined || !/^\+?\d+$/.test(reset)) return null;
    return Math.max(Number(reset) - Math.floor(Date.now() / 1000), 1);
  }
  return null;
}

/** A client bound to one origin: bounded retries, Retry-After back-off, same-host redirects only, no proxy, secrets redacted. */
export class Client {
  constructor(baseUrl, secrets, net, hints, userAgent) {
    this.secrets = secrets.filter(Boolean);
    this.origin = origin(baseUrl);
    this.whatwg = whatwgOrigin(baseUrl);
    if (!this.origin || !this.whatwg) throw configError(`\`${this.redact(baseUrl)}\` is not an http(s) URL (and must not carry credentials)`);
    this.net = net;
    this.hints = hints;
    this.userAgent = userAgent;
    this.waited = 0;
    // Our own agents: no proxy from the environment, sockets kept for this origin only.
    this.agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  }

  redact(s) { return redact(s, this.secrets); }

  close() { for (const a of Object.values(this.agents)) a.destroy(); }

  sameOrigin(url) { return origin(url) === this.origin && whatwgOrigin(url) === this.whatwg; }

  async sleep(secs) {
    this.waited += secs;
    if (secs > 0) await delay(secs * 1000);
  }

  /** One request; resolves with status, lower-cased headers and the body (at most MAX_BODY bytes). */
  raw(method, url, headers, body) {
    const timeout = this.net.timeout;
    return new Promise((resolveRaw, reject) => {
      let settled = false;
      const done = (f, v) => { if (!settled) { settled = true; f(v); } };
      const signal = AbortSignal.timeout(timeout * 1000);
      const why = (e) => (signal.aborted ? new Error(`timed out after ${timeout} s`) : e);
      let req;
      try {
        const u = new URL(url);
        const h = { ...Object.fromEntries(headers), 'User-Agent': this.userAgent };
        if (body) h['Content-Length'] = String(body.length);
        req = (u.protocol === 'https:' ? https : http).request(u, { method, headers: h, agent: this.agents[u.protocol], signal }, (res) => {
          const chunks = [];
          let size = 0;
          const finish = () => done(resolveRaw, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          res.on('data', (c) => {
            if (size >= MAX_BODY) return;
            const part = c.subarray(0, MAX_BODY - size);
            chunks.push(part);
            size += part.length;
            if (size >= MAX_BODY) { finish(); res.destroy(); }
          });
          res.on('end', finish);
          res.on('error', (e) => done(reject, why(e)));
          res.on('close', () => { if (!res.complete) done(reject, why(new Error('the connection closed before the response was complete'))); });
        });
      } catch (e) {
        done(reject, e);
        return;
      }
      req.on('error', (e) => done(reject, why(e)));
      if (body) req.write(body);
      req.end();
    });
  }

  /** Send a request; return a 2xx response or throw an error saying what to fix. */
  async send(method, url, headers, body = null) {
    const red = (s) => this.redact(s);
    if (!this.sameOrigin(url)) throw unreachable(`refusing to contact ${red(short(url))}: readylens contacts only ${this.origin}`);
    let current = url;
    let attempt = 0;
    let redirects = 0;
    const attempts = () => `${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
    for (;;) {
      let raw;
      try {
        raw = await this.raw(method, current, headers, body);
      } catch (e) {
        if (attempt < this.net.retries) {
          const wait = Math.min(2 ** Math.min(attempt, 6), this.net.maxWait);
          attempt += 1;
          await this.sleep(wait);
          continue;
        }
        throw unreachable(`cannot reach ${red(short(current))}: ${red(e?.message ?? String(e))} (after ${attempts()})`);
      }
      const { status } = raw;
      const what = () => `${red(short(current))} answered HTTP ${status}: ${red(errorText(raw.body))}`;
      const ra = retryAfter(raw.headers);
      if (status === 429 || (status >= 502 && status <= 504) || (status === 403 && ra !== null)) {
        const wait = Math.max(ra ?? 2 ** Math.min(attempt, 6), 1);
        if (wait > this.net.maxWait) throw unreachable(`${what()}; the server asks to wait ${wait} s, more than --max-wait ${this.net.maxWait} s`);
        if (attempt >= this.net.retries) throw unreachable(`${what()} (gave up after ${attempts()})`);
        attempt += 1;
        await this.sleep(wait);
        continue;
      }
      if (status >= 200 && status <= 299 && status !== 203) return raw;
      // Azure DevOps answers a bad token with "203 Non-Authoritative" and a sign-in page.
      if (status === 203) throw configError(`${red(short(current))} answered with a sign-in page (HTTP 203): ${this.hints.unauthorized}`);
      if ([301, 302, 303, 307, 308].includes(status)) {
        const loc = typeof raw.headers.location === 'string' ? raw.headers.location : '';
        const next = loc.startsWith('/') && !loc.startsWith('//') ? `${this.origin}${loc}` : loc;
        if (!this.sameOrigin(next)) throw configError(`${red(short(current))} redirects to ${red(short(next))} (HTTP ${status}); readylens contacts only ${this.origin}. ${this.hints.unauthorized}`);
        redirects += 1;
        if (redirects > 3) throw unreachable(`too many redirects from ${red(short(url))}`);
        if (status === 303) { method = 'GET'; body = null; }
        current = next;
        continue;
      }
      if (status === 401) throw configError(`${what()}. ${this.hints.unauthorized}`);
      if (status === 403) throw configError(`${what()}. ${this.hints.forbidden}`);
      if (status === 404) throw configError(`${what()}. ${this.hints.notFound}`);
      if ([400, 405, 409, 410, 413, 414, 422].includes(status)) throw configError(`${what()}. The tracker rejected the request: check the query and filters.`);
      throw unreachable(what());
    }
  }
}

/**
 * Collects pages: parses each, imports its issues with the core (the same importers as
 * the native CLI), and refuses to finish with any item unread.
 */
class Pages {
  constructor(core, format) {
    this.core = core;
    this.format = format;
    this.issues = [];
    this.problems = [];
    this.count = 0; // pages imported
    this.seen = 0; // responses parsed
  }

  /** Parse a page body as JSON; a body that is not JSON fails the fetch. */
  parse(url, body) {
    this.seen += 1;
    const textIn = body.toString('utf8');
    try {
      return JSON.parse(textIn);
    } catch (e) {
      // The core's parser says where it stopped, in the native CLI's words.
      let detail = e.message;
      try {
        this.core.parseIssues(textIn, this.format, 'page');
      } catch (ce) {
        const m = /^page: (line \d+, column \d+ [\s\S]*)$/.exec(String(ce?.message ?? ce));
        if (m) detail = m[1];
      }
      throw unreachable(`page ${this.seen} from ${short(url)} is malformed (${detail}); nothing was analysed`);
    }
  }

  /** Import the issues of one page (already checked for shape by the source). */
  add(url, pageText) {
    this.count += 1;
    if (this.count > MAX_PAGES) throw unreachable(`more than ${MAX_PAGES} pages; stopping (does the server page forever?)`);
    let imported;
    try {
      imported = this.core.parseIssues(pageText, this.format, `page ${this.count}`);
    } catch (e) {
      throw unreachable(`page ${this.count} from ${short(url)} cannot be read: ${String(e?.message ?? e)}`);
    }
    for (const p of imported.problems) this.problems.push(p.location ? `${p.source}: ${p.location}: ${p.message}` : `${p.source}: ${p.message}`);
    this.issues.push(...imported.issues);
    return imported.issues.length;
  }

  get length() { return this.issues.length + this.problems.length; }

  malformed(url, what) {
    return unreachable(`page ${this.seen} from ${short(url)} is malformed: ${what}; nothing was analysed`);
  }

  finish() {
    if (this.problems.length > 0) {
      const n = this.problems.length;
      throw unreachable(`${n} item${n === 1 ? '' : 's'} could not be read, so the result would be incomplete: ${this.problems.slice(0, 5).join('; ')}`);
    }
    return this.issues;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v) => Number.isInteger(v) && v >= 0;
const at = (v, ...path) => path.reduce((x, k) => (isObject(x) ? x[k] : undefined), v);
const plainText = (buf) => buf.toString('utf8');

async function fetchJira(s, env, client0, pages) {
  const email = env(ENV.jiraEmail);
  const token = env(ENV.jiraToken);
  const pat = env(ENV.jiraPat);
  let api = s.api;
  if (api === null) {
    if (email !== null && token !== null) api = 'v3';
    else if (pat !== null) api = 'v2';
    else throw configError(`no Jira credentials: set ${ENV.jiraEmail} and ${ENV.jiraToken} (Jira Cloud, an API token from id.atlassian.com) or ${ENV.jiraPat} (Data Center personal access token)`);
  }
  let auth;
  let secrets;
  let who;
  if (api === 'v3') {
    if (email === null || token === null) throw configError(`--jira-api v3 needs ${ENV.jiraEmail} and ${ENV.jiraToken}`);
    auth = `Basic ${base64(`${email}:${token}`)}`;
    secrets = [token, base64(`${email}:${token}`)];
    who = `${ENV.jiraEmail} / ${ENV.jiraToken}`;
  } else {
    if (pat === null) throw configError(`--jira-api v2 needs ${ENV.jiraPat} (a Data Center personal access token)`);
    auth = `Bearer ${pat}`;
    secrets = [pat];
    who = ENV.jiraPat;
  }
  const client = client0(s.base, secrets, {
    unauthorized: `Jira rejected the credentials: check ${who} (the token may be expired or revoked)`,
    forbidden: 'the Jira account may not browse these projects (needs the Browse Projects permission), or CAPTCHA is required after failed logins',
    notFound: `check the Jira URL \`${s.base}\` (include the context path of a Data Center install, e.g. https://host/jira) and the REST API version (--jira-api)`,
  });
  const headers = [['Authorization', auth], ['Accept', 'application/json']];
  if (api === 'v3') {
    let next = null;
    for (;;) {
      let url = `${s.base}/rest/api/3/search/jql?jql=${encode(s.jql)}&maxResults=100&fields=*all&expand=names`;
      if (next !== null) url += `&nextPageToken=${encode(next)}`;
      const resp = await client.send('GET', url, headers);
      const page = pages.parse(url, resp.body);
      if (!Array.isArray(at(page, 'issues'))) throw pages.malformed(url, 'no `issues` array');
      pages.add(url, plainText(resp.body));
      const token2 = typeof page.nextPageToken === 'string' ? page.nextPageToken : null;
      const isLast = typeof page.isLast === 'boolean' ? page.isLast : null;
      if (isLast === true || (isLast === null && token2 === null)) break;
      if (token2 === null) throw pages.malformed(url, '`isLast` is false but there is no `nextPageToken`');
      if (token2 === next) throw pages.malformed(url, 'the same `nextPageToken` came back twice');
      next = token2;
    }
  } else {
    let start = 0;
    for (;;) {
      const url = `${s.base}/rest/api/2/search?jql=${encode(s.jql)}&startAt=${start}&maxResults=100&fields=*all&expand=names`;
      const resp = await client.send('GET', url, headers);
      const page = pages.parse(url, resp.body);
      const issues = at(page, 'issues');
      if (!Array.isArray(issues)) throw pages.malformed(url, 'no `issues` array');
      const total = at(page, 'total');
      if (!isCount(total)) throw pages.malformed(url, 'no `total`');
      pages.add(url, plainText(resp.body));
      start += issues.length;
      if (start >= total) break;
      if (issues.length === 0) throw unreachable(`Jira reported ${total} issues but stopped returning them after ${start}; the result would be incomplete`);
    }
  }
  return client;
}

/** The `rel="next"` URL of a `Link` header. */
export function nextLink(link) {
  if (typeof link !== 'string') return null;
  for (const part of link.split(',')) {
    const semi = part.indexOf(';');
    if (semi < 0) continue;
    const params = part.slice(semi + 1);
    const isNext = params.split(';').some((p) => p.trim().replaceAll(' ', '') === 'rel="next"');
    const u = part.slice(0, semi).trim();
    if (isNext && u.startsWith('<') && u.endsWith('>') && u.length >= 2) return u.slice(1, -1);
  }
  return null;
}

/** GitHub's search API returns at most this many results per query. */
const SEARCH_CAP = 1000;

async function fetchGithub(s, env, client0, pages) {
  const token = env(ENV.githubToken) ?? env(ENV.githubFallback);
  const T = `${ENV.githubToken} / ${ENV.githubFallback}`;
  const client = client0(s.api, token === null ? [] : [token], {
    unauthorized: `GitHub rejected the token: check ${ENV.githubToken} (or ${ENV.githubFallback})`,
    forbidden: `the token in ${T} lacks access: a fine-grained token needs Issues: Read on ${s.repo}; in Actions grant \`permissions: issues: read\``,
    notFound: `repository ${s.repo} not found at ${s.api}, or it is private and ${T} is unset or cannot see it`,
  });
  const headers = [['Accept', 'application/vnd.github+json'], ['X-GitHub-Api-Version', '2022-11-28']];
  if (token !== null) headers.push(['Authorization', `Bearer ${token}`]);
  const [owner, name] = s.repo.split('/');
  const repoPath = `${s.api}/repos/${encode(owner)}/${encode(name)}`;
  let url;
  if (s.query !== null) {
    url = `${s.api}/search/issues?q=${encode(`repo:${s.repo} is:issue ${s.query}`)}&per_page=100`;
  } else {
    url = `${repoPath}/issues?state=open&per_page=100`;
    if (s.milestone !== null) url += `&milestone=${await resolveMilestone(client, headers, repoPath, s.milestone)}`;
  }
  let total = null;
  for (;;) {
    const resp = await client.send('GET', url, headers);
    const page = pages.parse(url, resp.body);
    let items;
    if (s.query !== null) {
      if (at(page, 'incomplete_results') === true) throw unreachable('GitHub search timed out and returned incomplete results; run again or narrow --query');
      const t = at(page, 'total_count');
      if (!isCount(t)) throw pages.malformed(url, 'no `total_count`');
      if (t > SEARCH_CAP) throw configError(`the query matches ${t} issues but GitHub search returns at most ${SEARCH_CAP}; narrow --query (e.g. by milestone or label)`);
      total = t;
      items = at(page, 'items');
    } else {
      items = page;
    }
    if (!Array.isArray(items)) throw pages.malformed(url, 'expected a list of issues');
    // Pull requests are skipped (the issues API lists them too).
    const issues = items.filter((i) => !(isObject(i) && i.pull_request !== undefined && i.pull_request !== null));
    pages.add(url, JSON.stringify(issues));
    if (total !== null) total = Math.max(total - (items.length - issues.length), 0);
    const next = nextLink(resp.headers.link);
    if (next === null) break;
    url = next;
  }
  if (total !== null && pages.length < total) throw unreachable(`GitHub reported ${total} issues but returned ${pages.length}; the result would be incomplete`);
  return client;
}

/** A milestone number from a number or a title. */
async function resolveMilestone(client, headers, repoPath, m0) {
  const m = m0.trim();
  if (/^[0-9]+$/.test(m)) return m;
  let url = `${repoPath}/milestones?state=all&per_page=100`;
  const seen = [];
  for (let i = 0; i < MAX_PAGES; i++) {
    const resp = await client.send('GET', url, headers);
    let list;
    try { list = JSON.parse(resp.body.toString('utf8')); } catch (e) { throw unreachable(`the milestone list is malformed: ${e.message}`); }
    for (const ms of Array.isArray(list) ? list : []) {
      const title = typeof at(ms, 'title') === 'string' ? ms.title : '';
      if (title === m && isCount(at(ms, 'number'))) return String(ms.number);
      seen.push(title);
    }
    const next = nextLink(resp.headers.link);
    if (next === null) break;
    url = next;
  }
  throw configError(`no milestone titled \`${m}\` (found: ${seen.length === 0 ? 'none' : seen.join(', ')})`);
}

async function fetchGitlab(s, env, client0, pages) {
  const token = env(ENV.gitlabToken);
  const client = client0(s.base, token === null ? [] : [token], {
    unauthorized: `GitLab rejected the token: check ${ENV.gitlabToken} (a personal, project or group access token with the read_api scope)`,
    forbidden: `the token in ${ENV.gitlabToken} lacks the read_api scope or access to ${s.project}`,
    notFound: `project ${s.project} not found at ${s.base}, or it is private and ${ENV.gitlabToken} is unset or cannot see it`,
  });
  const headers = [['Accept', 'application/json']];
  if (token !== null) headers.push(['PRIVATE-TOKEN', token]);
  let pageNo = 1;
  let total = null;
  for (;;) {
    let url = `${s.base}/api/v4/projects/${encode(s.project)}/issues?state=opened&per_page=100&page=${pageNo}`;
    if (s.labels !== null) url += `&labels=${encode(s.labels)}`;
    const resp = await client.send('GET', url, headers);
    const page = pages.parse(url, resp.body);
    if (!Array.isArray(page)) throw pages.malformed(url, 'expected a list of issues');
    const xt = typeof resp.headers['x-total'] === 'string' ? resp.headers['x-total'].trim() : '';
    if (/^\+?\d+$/.test(xt)) total = Number(xt);
    pages.add(url, plainText(resp.body));
    const next = typeof resp.headers['x-next-page'] === 'string' ? resp.headers['x-next-page'].trim() : '';
    if (next === '') break;
    if (!/^\+?\d+$/.test(next) || Number(next) <= pageNo) throw pages.malformed(url, '`x-next-page` does not move forward');
    pageNo = Number(next);
  }
  if (total !== null && pages.length < total) throw unreachable(`GitLab reported ${total} issues but returned ${pages.length}; the result would be incomplete`);
  return client;
}

/** Every field the Linear importer reads (the same file the native CLI sends, src/remote/linear.rs). */
const linearQuery = () => readFileSync(new URL('./linear-issues.graphql', import.meta.url), 'utf8');

/** The Linear filter: open issues (not completed or canceled), of a team, in a cycle. */
export function linearFilter(team, cycle) {
  const f = { state: { type: { nin: ['completed', 'canceled'] } } };
  if (team !== null) f.team = { key: { eq: team } };
  if (cycle !== null) f.cycle = { number: { eq: cycle } };
  return f;
}

async function fetchLinear(s, env, client0, pages) {
  const token = env(ENV.linearToken);
  if (token === null) throw configError(`no Linear credentials: set ${ENV.linearToken} to a personal API key (Settings → Security & access → API)`);
  const client = client0(s.api, [token], {
    unauthorized: `Linear rejected the key: check ${ENV.linearToken}`,
    forbidden: `the key in ${ENV.linearToken} cannot read issues of this workspace or team`,
    notFound: `no GraphQL endpoint at ${s.api} (the default is https://api.linear.app/graphql)`,
  });
  // Personal API keys go as they are; OAuth access tokens as bearer tokens.
  const auth = token.startsWith('lin_api_') ? token : `Bearer ${token}`;
  const headers = [['Authorization', auth], ['Content-Type', 'application/json'], ['Accept', 'application/json']];
  const filter = linearFilter(s.team, s.cycle);
  let after = null;
  for (;;) {
    const body = Buffer.from(JSON.stringify({ query: linearQuery(), variables: { after, filter } }), 'utf8');
    const resp = await client.send('POST', s.api, headers, body);
    const page = pages.parse(s.api, resp.body);
    const errs = at(page, 'errors');
    if (Array.isArray(errs)) {
      const msgs = errs.filter((e) => typeof at(e, 'message') === 'string').map((e) => client.redact(e.message));
      const authError = errs.some((e) => at(e, 'extensions', 'code') === 'AUTHENTICATION_ERROR');
      const msg = `Linear answered with errors: ${msgs.join('; ')}`;
      throw configError(authError ? `${msg}. Check ${ENV.linearToken}` : msg);
    }
    const conn = at(page, 'data', 'issues');
    if (conn === undefined) throw pages.malformed(s.api, 'no `data.issues`');
    if (!Array.isArray(at(conn, 'nodes'))) throw pages.malformed(s.api, 'no `data.issues.nodes` list');
    const hasNext = typeof at(conn, 'pageInfo', 'hasNextPage') === 'boolean' ? conn.pageInfo.hasNextPage : null;
    const cursor = typeof at(conn, 'pageInfo', 'endCursor') === 'string' ? conn.pageInfo.endCursor : null;
    pages.add(s.api, plainText(resp.body));
    if (hasNext === false) break;
    if (hasNext === true && cursor !== null) {
      if (cursor === after) throw pages.malformed(s.api, 'the same `endCursor` came back twice');
      after = cursor;
    } else {
      throw pages.malformed(s.api, 'no `pageInfo.hasNextPage` / `endCursor`');
    }
  }
  return client;
}

async function fetchAdo(s, env, client0, pages) {
  const token = env(ENV.adoToken);
  if (token === null) throw configError(`no Azure DevOps credentials: set ${ENV.adoToken} to a personal access token with the Work Items (Read) scope`);
  const basic = base64(`:${token}`);
  const client = client0(s.api, [token, basic], {
    unauthorized: `Azure DevOps rejected the token: check ${ENV.adoToken} (expired, revoked, or for another organization)`,
    forbidden: `the token in ${ENV.adoToken} lacks the Work Items (Read) scope or access to ${s.org}/${s.project}`,
    notFound: `organization/project ${s.org}/${s.project} not found at ${s.api}`,
  });
  const headers = [['Authorization', `Basic ${basic}`], ['Content-Type', 'application/json'], ['Accept', 'application/json']];
  const root = `${s.api}/${encode(s.org)}/${encode(s.project)}/_apis/wit`;
  const url = `${root}/wiql?api-version=7.1`;
  const resp = await client.send('POST', url, headers, Buffer.from(JSON.stringify({ query: s.wiql }), 'utf8'));
  const result = pages.parse(url, resp.body);
  const items = at(result, 'workItems');
  if (!Array.isArray(items)) {
    if (at(result, 'workItemRelations') !== undefined) throw configError('the WIQL is a link query; use a flat query (SELECT … FROM WorkItems WHERE …)');
    throw pages.malformed(url, 'no `workItems` list in the WIQL result');
  }
  const ids = [];
  for (const item of items) {
    const id = at(item, 'id');
    if (!isCount(id)) throw pages.malformed(url, 'a work item reference without an id');
    ids.push(id);
  }
  for (let i = 0; i < ids.length; i += 200) {
    const batch = ids.slice(i, i + 200);
    const burl = `${root}/workitems?ids=${batch.join(',')}&$expand=all&api-version=7.1`;
    const bresp = await client.send('GET', burl, headers);
    const page = pages.parse(burl, bresp.body);
    const value = at(page, 'value');
    if (!Array.isArray(value)) throw pages.malformed(burl, 'no `value` list');
    if (value.length !== batch.length) throw unreachable(`Azure DevOps returned ${value.length} of ${batch.length} work items asked for; the result would be incomplete`);
    pages.add(burl, plainText(bresp.body));
  }
  return client;
}

const FETCHERS = { jira: [fetchJira, 'jira-json'], github: [fetchGithub, 'github-json'], gitlab: [fetchGitlab, 'gitlab-json'], linear: [fetchLinear, 'linear-json'], ado: [fetchAdo, 'ado-json'] };

/**
 * Read every issue the source names, or throw a RemoteError (exit 2 or 3): a partial
 * result is never returned. `env(name)` looks up a variable (empty counts as unset).
 */
export async function fetchSource(core, source, env0, net) {
  const env = (k) => { const v = env0(k); return typeof v === 'string' && v.trim() !== '' ? v : null; };
  const [fetcher, format] = FETCHERS[source.kind];
  const pages = new Pages(core, format);
  let client = null;
  const make = (base, secrets, hints) => {
    client = new Client(base, secrets, net, hints, `readylens/${core.version()}`);
    return client;
  };
  try {
    await fetcher(source, env, make, pages);
    const issues = pages.finish();
    return { issues, scope: scopeOf(source), pages: pages.count, waited: client?.waited ?? 0 };
  } catch (e) {
    // Secrets never leave in a message, whatever produced it.
    if (e instanceof RemoteError && client) e.message = client.redact(e.message);
    throw e;
  } finally {
    client?.close();
  }
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
  // Defence in depth: no token value ever reaches stderr, whatever the message.
  const secrets = Object.values(ENV).filter((k) => k !== ENV.jiraEmail).map((k) => env[k]).filter((v) => typeof v === 'string' && v.trim() !== '');
  const say = (s) => stderr.write(`readylens: ${redact(s, secrets)}\n`);
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
    let issues = [];
    const origins = [];
    let scope;
    if (opts.source) {
      const lookup = (k) => env[k];
      const f = await fetchSource(core, opts.source, lookup, opts.net);
      const n = f.issues.length;
      say(`read ${n} issue${n === 1 ? '' : 's'} from ${f.scope} (${f.pages} page${f.pages === 1 ? '' : 's'}${f.waited > 0 ? `, waited ${f.waited} s for rate limits` : ''})`);
      issues = f.issues;
      scope = f.scope;
    } else {
      for (const f of opts.files) {
        const textIn = readInput(f === '-' ? '-' : resolve(cwd, f));
        let imported;
        try { imported = core.parseIssues(textIn, opts.inputFormat ?? 'auto', f); } catch (e) { throw new UsageError(String(e.message ?? e).replace(/^readylens: /, '')); }
        for (const p of imported.problems) say(`warning: ${p.source}: ${p.location ? `${p.location}: ` : ''}${p.message}`);
        issues.push(...imported.issues);
        origins.push(...imported.issues.map(() => f));
      }
      scope = `files: ${opts.files.join(', ')}`;
    }
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
    if (e instanceof RemoteError) { say(e.message); return e.code; }
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
