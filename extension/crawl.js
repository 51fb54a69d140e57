// The project crawl behind the authoring assist's duplicate index (issue 14): when the
// user starts writing an issue, the project being edited is read from the tracker's own
// API (same origin, with the user's session; GitHub and Linear only with the token
// pasted in the options, through the background) and handed to the background's index
// page by page. The first crawl reads every issue (newest updated first) and shows its
// progress; later ones ask only for issues updated since the newest `updated` time the
// last complete crawl saw. 429 / 503 answers are retried after `Retry-After`; the user
// can stop a crawl (and it is not restarted on its own until they ask). Nothing here
// runs on the main thread for long: each page is one request and one message.
//
// The tracker-specific parts (which project, which URLs) are in trackers/crawl-*.js;
// everything takes `fetch`, `sleep` and the message sender as arguments so the unit
// tests drive it with fake servers.

import { adoCrawler } from './trackers/crawl-ado.js';
import { githubCrawler } from './trackers/crawl-github.js';
import { gitlabCrawler } from './trackers/crawl-gitlab.js';
import { jiraCrawler } from './trackers/crawl-jira.js';
import { linearCrawler } from './trackers/crawl-linear.js';
import { MAX_CRAWL_PAGES, newer } from './trackers/crawl-common.js';

/**
 * @typedef {object} CrawlTarget  the project a form belongs to
 * @property {string} project  its id in the tracker's API (Jira key, GitLab path, ADO project, repo, team key)
 * @property {string} label    what the progress line calls it
 * @property {any} [extra]     tracker-specific (e.g. the ADO collection path)
 */

/**
 * @typedef {object} CrawlPage
 * @property {any[]} issues         normalised issues (the core's importers)
 * @property {number|null} total    the project's issue count, when the tracker says
 * @property {string|null} newest   the newest `updated` time on the page (raw, ISO 8601)
 */

/**
 * @typedef {object} CrawlCtx
 * @property {Document} document
 * @property {Location|URL} location
 * @property {(url: string, init?: RequestInit) => Promise<Response>} fetch  same-origin fetch
 * @property {(ms: number, signal?: AbortSignal) => Promise<void>} sleep
 * @property {(format: string, text: string) => Promise<{issues: any[]}>} parse
 * @property {(tracker: string, request: any) => Promise<{status: number, text: string, retryAfter?: string|null}|null>} api
 * @property {AbortSignal} signal
 * @property {() => number} [now]
 */

/**
 * @typedef {object} Crawler
 * @property {(doc: Document, loc: Location|URL, form: Element|null) => CrawlTarget|null} target
 * @property {(t: CrawlTarget, ctx: CrawlCtx, since: string|null) => AsyncIterable<CrawlPage>} pages
 * @property {boolean} [needsToken]  GitHub / Linear: only with a token from the options
 */

/** @type {Record<string, Crawler>} */
export const CRAWLERS = {
  jira: jiraCrawler,
  gitlab: gitlabCrawler,
  'azure-devops': adoCrawler,
  github: githubCrawler,
  linear: linearCrawler,
};

/** The abort reason of a crawl the user stopped (recorded: not restarted on its own). */
export const USER_STOP = 'readylens: indexing stopped by the user';

/**
 * @typedef {object} Progress
 * @property {'running'|'done'|'stopped'|'failed'|'skipped'} phase
 * @property {string} label
 * @property {number} done       issues read so far in this crawl
 * @property {number|null} total
 * @property {boolean} first     the project's first crawl (progress is shown)
 * @property {string} [error]
 */

/**
 * Run one crawl of `target` into `scope`'s index.
 * @param {object} p
 * @param {Crawler} p.crawler
 * @param {CrawlTarget} p.target
 * @param {string} p.scope
 * @param {CrawlCtx} p.ctx
 * @param {(msg: any) => Promise<any>} p.send    message to the background
 * @param {(p: Progress) => void} [p.onProgress]
 * @param {() => void} [p.onChanged]              the index changed (re-check the draft)
 * @param {boolean} [p.force]                     run even if the user stopped it before
 * @returns {Promise<Progress>}
 */
export async function runCrawl({ crawler, target, scope, ctx, send, onProgress = () => {}, onChanged = () => {}, force = false }) {
  const now = ctx.now ?? Date.now;
  const begin = await send({ type: 'draft-index', scope, issues: [], project: target.project });
  if (!begin?.ok) throw new Error(begin?.error ?? 'the background did not answer');
  /** @type {import('./draft-store.js').CrawlState|null} */
  const prev = begin.state ?? null;
  const base = { label: target.label, first: !prev?.complete };
  if (prev?.cancelled && !force) {
    const p = { ...base, phase: /** @type {const} */ ('skipped'), done: 0, total: prev.total ?? null };
    onProgress(p);
    return p;
  }
  const since = prev?.complete ? prev.updated : null;
  let newest = null;
  let done = 0;
  let total = null;
  const state = (extra) => ({
    updated: prev?.updated ?? null,
    complete: Boolean(prev?.complete),
    count: done,
    total,
    at: now(),
    ...extra,
  });
  onProgress({ ...base, phase: 'running', done, total });
  try {
    let pages = 0;
    for await (const page of crawler.pages(target, ctx, since)) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
      done += page.issues.length;
      if (page.total !== null && page.total !== undefined) total = page.total;
      newest = newer(newest, page.newest);
      const res = page.issues.length
        ? await send({ type: 'draft-index', scope, issues: page.issues, crawl: { project: target.project, state: state({}) }, defer: true })
        : null;
      if (res?.ok && res.changed) onChanged();
      onProgress({ ...base, phase: 'running', done, total });
      if (++pages >= MAX_CRAWL_PAGES) break;
    }
  } catch (err) {
    if (ctx.signal.aborted) {
      // Stopped by the user: remembered. The page going away: the next visit goes on.
      if (ctx.signal.reason === USER_STOP) {
        await send({ type: 'draft-index', scope, issues: [], crawl: { project: target.project, state: state({ cancelled: true }) } }).catch(() => undefined);
      }
      const p = { ...base, phase: /** @type {const} */ ('stopped'), done, total };
      onProgress(p);
      return p;
    }
    const p = { ...base, phase: /** @type {const} */ ('failed'), done, total, error: err instanceof Error ? err.message : String(err) };
    onProgress(p);
    return p;
  }
  await send({ type: 'draft-index', scope, issues: [], crawl: { project: target.project, state: state({ updated: newer(prev?.updated ?? null, newest), complete: true }) } });
  const p = { ...base, phase: /** @type {const} */ ('done'), done, total: total ?? (since ? null : done) };
  onProgress(p);
  return p;
}

/**
 * The progress line: "Indexing PROJ: 1,200 / 4,800".
 * @param {Progress} p
 * @returns {string}
 */
export function progressText(p) {
  const n = (x) => x.toLocaleString('en-US');
  switch (p.phase) {
    case 'running':
      return p.total !== null ? `Indexing ${p.label}: ${n(p.done)} / ${n(p.total)}` : `Indexing ${p.label}: ${n(p.done)}`;
    case 'done':
      return `Indexed ${p.label}: ${n(p.done)} issue${p.done === 1 ? '' : 's'}${p.first ? '' : ' updated'}`;
    case 'stopped':
      return `Indexing ${p.label} stopped at ${n(p.done)}`;
    case 'skipped':
      return `${p.label} is not indexed from the tracker`;
    default:
      return `Could not index ${p.label}${p.error ? `: ${p.error}` : ''}`;
  }
}
