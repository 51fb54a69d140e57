// readylens: the package's ergonomic entry (issue #9, and #14's lintDraft / similar).
//
// A thin layer over the raw wasm-bindgen exports in ./readylens.js (also published as
// `readylens/raw`): one `init()` for browsers (with or without a bundler), Web Workers
// and Node; plain objects in and out; every failure an `Error` whose message is the
// core's own ("readylens: …"), after which the next call works as usual.
//
// Before `init()`: in Node (>= 20.16, which has `process.getBuiltinModule`) the first
// call loads the WebAssembly module synchronously from the package folder; everywhere
// else it throws an Error saying to `await init()` first.

import wbgInit, * as raw from './readylens.js';

/** @type {Promise<void> | null} */
let loading = null;
let ready = false;

/** The .wasm beside this file. Written literally so bundlers copy the file. */
const wasmUrl = () => new URL('./readylens_bg.wasm', import.meta.url);

/** Node (or a runtime with Node's API), without naming `node:*` for bundlers to see. */
function isNode() {
  const p = /** @type {any} */ (globalThis).process;
  return typeof p?.versions?.node === 'string' && typeof (/** @type {any} */ (globalThis).document) === 'undefined';
}

/** `node:fs`, synchronously, when the runtime offers `process.getBuiltinModule`. */
function nodeFsSync() {
  const p = /** @type {any} */ (globalThis).process;
  return typeof p?.getBuiltinModule === 'function' ? p.getBuiltinModule('node:fs') : null;
}

/** `node:fs` in any Node >= 18 (a specifier bundlers do not try to resolve). */
async function nodeFs() {
  const sync = nodeFsSync();
  if (sync) return sync;
  const name = 'node:fs';
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name);
}

/**
 * Load the WebAssembly module. Safe to call any number of times, concurrently too: the
 * first call loads, later ones wait for it. A failed load is not remembered, so calling
 * again retries.
 *
 * `input` is optional: by default the `readylens_bg.wasm` beside this file is fetched
 * (browsers, Workers, bundlers) or read from disk (Node). Pass a URL, a `Response`, the
 * bytes or a compiled `WebAssembly.Module` to load it from elsewhere.
 * @param {import('./index.js').InitInput} [input]
 * @returns {Promise<void>}
 */
export function init(input) {
  if (ready) return Promise.resolve();
  if (!loading) {
    loading = (async () => {
      let source = input;
      if (source && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype && 'module_or_path' in source) {
        source = /** @type {any} */ (source).module_or_path;
      }
      if (source === undefined || source === null) {
        source = isNode() ? (await nodeFs()).readFileSync(wasmUrl()) : wasmUrl();
      } else if (isNode() && (typeof source === 'string' || source instanceof URL) && !/^(https?|data|blob):/i.test(String(source))) {
        // Node's fetch cannot read files: a path or file: URL is read from disk.
        const file = typeof source === 'string' && /^file:/i.test(source) ? new URL(source) : source;
        source = (await nodeFs()).readFileSync(file);
      }
      await wbgInit({ module_or_path: /** @type {any} */ (source) });
      ready = true;
    })().finally(() => {
      loading = null;
    });
  }
  return loading;
}

/** Has the WebAssembly module been loaded? */
export function isReady() {
  return ready || probe();
}

/** Whether the raw bindings were initialised some other way (`readylens/raw`). */
function probe() {
  try {
    raw.version();
    ready = true;
  } catch {
    ready = false;
  }
  return ready;
}

/**
 * The raw bindings, loading them synchronously in Node when needed.
 * @param {string} caller
 */
function core(caller) {
  if (ready || probe()) return raw;
  const fs = isNode() ? nodeFsSync() : null;
  if (fs) {
    raw.initSync({ module: fs.readFileSync(wasmUrl()) });
    ready = true;
    return raw;
  }
  throw new Error(
    `readylens: ${caller}() was called before the WebAssembly module was loaded; call \`await init()\` once first`,
  );
}

/** @param {unknown} v */
function kindOf(v) {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * @param {string} caller
 * @param {unknown} text
 */
function needText(caller, text) {
  if (typeof text !== 'string') throw new TypeError(`readylens: ${caller}(): the text must be a string, got ${kindOf(text)}`);
}

/** @param {any} v */
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** @param {any} v */
const isReport = (v) => isPlainObject(v) && Array.isArray(v.issues) && isPlainObject(v.backlog);

/**
 * Issues from an issue array, an `Imported` result of `parse`, or export text.
 * @param {string} caller
 * @param {any} input
 * @param {{format?: string}} [opts]
 * @returns {any[]}
 */
function issuesOf(caller, input, opts = {}) {
  if (typeof input === 'string') return parse(input, opts).issues;
  if (Array.isArray(input)) return input;
  if (isPlainObject(input) && Array.isArray(input.issues) && !isReport(input)) return input.issues;
  throw new TypeError(`readylens: ${caller}(): expected an array of issues, the result of parse(), or export text; got ${kindOf(input)}`);
}

/**
 * Parse a tracker export or payload (Jira, Linear, GitHub, Azure DevOps, GitLab JSON or
 * CSV, generic CSV, plain-text stories) into normalised issues.
 * @param {string} text
 * @param {{format?: string, source?: string}} [options] `format`: a name from `formats()`
 *   or `"auto"` (the default: detected from the content); `source`: a name for messages
 * @returns {import('./index.js').Imported}
 */
export function parse(text, options = {}) {
  needText('parse', text);
  const { format, source } = options ?? {};
  return core('parse').parseIssues(text, /** @type {any} */ (format ?? null), source ?? null);
}

/**
 * Analyse a backlog: per issue its readiness verdict and score, quality findings,
 * priority scores, KPI hints and likely duplicates; plus the backlog summary.
 * @param {any} input issues, the result of `parse()`, or export text
 * @param {any} [config] a (partial) configuration, as from `defaultConfig()`
 * @param {{format?: string}} [options] the format of `input` when it is text
 * @returns {import('./index.js').Report}
 */
export function analyze(input, config, options = {}) {
  const c = core('analyze');
  if (typeof input === 'string') return c.checkText(input, /** @type {any} */ (options?.format ?? null), config ?? null);
  return c.analyze(issuesOf('analyze', input), config ?? null);
}

/**
 * Rank a backlog by a priority framework, best first.
 * @param {any} input issues, the result of `parse()`, export text, or a report from `analyze()`
 * @param {any} [config] a (partial) configuration; its `priority.primary` is the default framework
 * @param {{framework?: string, format?: string}} [options]
 * @returns {import('./index.js').RankedIssue[]}
 */
export function scoreBacklog(input, config, options = {}) {
  const c = core('scoreBacklog');
  const framework = options?.framework ?? config?.priority?.primary ?? c.defaultConfig().priority.primary;
  /** @type {any} */
  let report;
  if (isReport(input)) {
    report = input;
  } else {
    // Make sure the chosen framework is computed, whatever the configuration lists.
    let cfg = config ?? null;
    const listed = cfg?.priority?.frameworks;
    if (Array.isArray(listed) && !listed.includes(framework)) {
      cfg = { ...cfg, priority: { ...cfg.priority, frameworks: [...listed, framework] } };
    }
    report = c.analyze(issuesOf('scoreBacklog', input, options), cfg);
  }
  const priorities = report.issues.map((/** @type {any} */ r) => r.priority ?? {});
  const order = c.rankBacklog(priorities, String(framework));
  return Array.from(order, (index, k) => {
    const r = report.issues[index];
    const fs = (r.priority?.scores ?? []).find((/** @type {any} */ s) => s.framework === framework);
    return {
      position: k + 1,
      index,
      key: r.key,
      title: r.title,
      framework,
      score: fs?.score ?? null,
      missing: fs?.missing ?? [],
      explanation: fs?.explanation ?? '',
      priority: r.priority,
    };
  });
}

/**
 * Likely duplicates across a backlog: per issue (input order) its candidates, best
 * first, and the clusters they form.
 * @param {any} input issues, the result of `parse()`, or export text
 * @param {{top?: number, threshold?: number, format?: string}} [options] candidates kept
 *   per issue (default 5) and the minimum similarity 0–1 (default 0.5)
 * @param {any} [config] a configuration whose `duplicates` section `options` override
 * @returns {import('./index.js').DuplicateReport}
 */
export function findDuplicates(input, options = {}, config) {
  const c = core('findDuplicates');
  const { top, threshold } = options ?? {};
  const duplicates = { ...(config?.duplicates ?? {}) };
  if (top !== undefined) duplicates.top = top;
  if (threshold !== undefined) duplicates.threshold = threshold;
  const cfg = Object.keys(duplicates).length ? { ...(config ?? {}), duplicates } : config ?? null;
  return c.findDuplicates(issuesOf('findDuplicates', input, options ?? {}), cfg);
}

const PRESETS = ['minimal', 'scrum', 'safe', 'strict'];

/**
 * The default configuration, every section filled in; with a Definition of Ready preset
 * (`minimal`, `scrum`, `safe` or `strict`) when given.
 * @param {string} [preset]
 * @returns {import('./index.js').Config}
 */
export function defaultConfig(preset) {
  const config = core('defaultConfig').defaultConfig();
  if (preset !== undefined) {
    if (!PRESETS.includes(/** @type {any} */ (preset))) {
      throw new Error(`readylens: unknown preset \`${String(preset)}\` (known: ${PRESETS.join(', ')})`);
    }
    config.readiness.preset = /** @type {any} */ (preset);
  }
  return config;
}

/** The crate version of the core. */
export function version() {
  return core('version').version();
}

/** The names of every input format. */
export function formats() {
  return core('formats').formats();
}

/**
 * One CSV cell.
 * @param {string} s
 */
const csvCell = (s) => `"${s.replace(/"/g, '""')}"`;

/**
 * @param {any} v
 * @param {string} name
 * @returns {string | undefined}
 */
function textOrDoc(v, name) {
  if (v === undefined || v === null || isPlainObject(v)) return undefined;
  if (typeof v !== 'string') throw new TypeError(`readylens: draft.${name} must be a string or a Doc ({blocks: […]}), got ${kindOf(v)}`);
  return v;
}

/**
 * A full `Issue` from a draft: `title`, `description` and acceptance criteria may be
 * plain or Markdown text (read by the core's own Markdown reader, as for CSV exports);
 * `kind` may be the tracker's type name ("User Story", "Bug"); every other Issue field
 * is kept as given.
 * @param {any} draft
 * @param {string} caller
 * @returns {any}
 */
export function draftIssue(draft, caller = 'draftIssue') {
  if (!isPlainObject(draft)) throw new TypeError(`readylens: ${caller}(): the draft must be an object like {title, description}, got ${kindOf(draft)}`);
  const { title = '', description, acceptance_criteria, acceptanceCriteria, kind, key = '', tracker = 'text', estimate, ...rest } = draft;
  if (typeof title !== 'string') throw new TypeError(`readylens: draft.title must be a string, got ${kindOf(title)}`);
  const criteria = acceptance_criteria ?? acceptanceCriteria;
  const descText = textOrDoc(description, 'description');
  const criteriaText = textOrDoc(criteria, 'acceptanceCriteria');
  const header = ['Key', 'Title', 'Description'];
  const cells = [csvCell(String(key) || 'DRAFT'), csvCell(title), csvCell(descText ?? '')];
  if (criteriaText !== undefined) {
    header.push('Acceptance Criteria');
    cells.push(csvCell(criteriaText));
  }
  if (typeof kind === 'string' && kind) {
    header.push('Issue Type');
    cells.push(csvCell(kind));
  }
  const imported = core(caller).parseIssues(`${header.join(',')}\n${cells.join(',')}\n`, 'csv', 'draft');
  const issue = imported.issues[0];
  if (!issue) throw new Error('readylens: the draft could not be read');
  issue.key = String(key);
  issue.title = title.replace(/\s+/g, ' ').trim();
  issue.tracker = tracker;
  if (isPlainObject(description)) issue.description = description;
  if (isPlainObject(criteria)) issue.acceptance_criteria = criteria;
  if (typeof estimate === 'number') issue.estimate = { value: estimate, unit: 'points' };
  else if (estimate !== undefined) issue.estimate = estimate;
  return { ...issue, ...rest };
}

/**
 * Lint an issue while it is being written: its quality findings (story and acceptance
 * criteria), the Definition of Ready preview for its type, priority and KPI hints.
 * @param {any} draft an `Issue`, or `{title, description, acceptanceCriteria, kind, …}` with text fields
 * @param {any} [config]
 * @returns {import('./index.js').IssueReport}
 */
export function lintDraft(draft, config) {
  const issue = draftIssue(draft, 'lintDraft');
  const report = core('lintDraft').analyze([issue], config ?? null);
  return report.issues[0];
}

/** Most candidates an index returns per query. */
export const MAX_SIMILAR = 50;

/** @type {WeakMap<object, {checker: any, issues: Map<string, {title: string, url: any}>, top: number}>} */
const indexes = new WeakMap();

/**
 * A duplicate index over a backlog, built by `buildIndex()` and queried by `similar()`.
 * It holds WebAssembly memory: call `free()` (or use `using`) when done with it.
 */
export class DuplicateIndex {
  /** @param {any} state (use `buildIndex()`) */
  constructor(state) {
    indexes.set(this, state);
  }

  /** How many issues are indexed. */
  get size() {
    return live(this).checker.size;
  }

  /** Release the index's memory; the index cannot be used afterwards. */
  free() {
    const s = indexes.get(this);
    if (s) {
      indexes.delete(this);
      s.checker.free();
    }
  }
}

// `using index = buildIndex(…)` where the runtime has explicit resource management.
if (typeof Symbol.dispose === 'symbol') {
  Object.defineProperty(DuplicateIndex.prototype, Symbol.dispose, { value: DuplicateIndex.prototype.free, writable: true, configurable: true });
}

/** @param {DuplicateIndex} index */
function live(index) {
  const s = index instanceof DuplicateIndex ? indexes.get(index) : undefined;
  if (!s) throw new Error(index instanceof DuplicateIndex ? 'readylens: this index was freed' : `readylens: similar(): the index must come from buildIndex(), got ${kindOf(index)}`);
  return s;
}

/**
 * Index a backlog for `similar()`. Building costs about one duplicate pass over the
 * backlog; each query then costs one lookup.
 * @param {any} input issues, the result of `parse()`, or export text
 * @param {any} [config] its `duplicates.threshold` is the minimum similarity `similar()`
 *   reports, its `duplicates.top` the default `k`
 * @returns {DuplicateIndex}
 */
export function buildIndex(input, config) {
  const c = core('buildIndex');
  const issues = issuesOf('buildIndex', input);
  const defaults = c.defaultConfig().duplicates;
  const top = config?.duplicates?.top ?? defaults.top;
  const threshold = config?.duplicates?.threshold ?? defaults.threshold;
  const cfg = { ...(config ?? {}), duplicates: { top: MAX_SIMILAR, threshold } };
  const checker = new c.DraftChecker(issues, cfg);
  /** @type {Map<string, {title: string, url: any}>} */
  const byKey = new Map();
  for (const i of issues) if (i && typeof i.key === 'string' && !byKey.has(i.key)) byKey.set(i.key, { title: String(i.title ?? ''), url: i.url ?? null });
  return new DuplicateIndex({ checker, issues: byKey, top });
}

/**
 * The backlog issues most like a draft, best first: at most `k`, only those at or above
 * the index's similarity threshold, never the draft itself (same key).
 * @param {any} draft an `Issue`, or `{title, description, …}` as for `lintDraft`
 * @param {DuplicateIndex} index from `buildIndex()`
 * @param {number} [k] how many at most (default: the configuration's `duplicates.top`, 5)
 * @returns {import('./index.js').SimilarIssue[]}
 */
export function similar(draft, index, k) {
  const s = live(index);
  const n = k === undefined ? s.top : k;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`readylens: similar(): k must be a whole number >= 0, got ${String(k)}`);
  const issue = draftIssue(draft, 'similar');
  const result = s.checker.check(issue);
  return result.similar.slice(0, Math.min(n, MAX_SIMILAR)).map((/** @type {any} */ cand) => {
    const known = s.issues.get(cand.key);
    return { ...cand, title: known?.title ?? '', url: known?.url ?? null };
  });
}
