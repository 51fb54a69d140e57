// Jira REST: same-origin GETs with the user's session (TRACKERS.md). Cloud uses
// `/rest/api/3/search/jql` (ADF descriptions, `nextPageToken` paging; the old `/search`
// answers 410); Server / Data Center use `/rest/api/2/search` (wiki markup, `startAt`
// paging) under the instance's context path. Only GET: Jira's XSRF check rejects POSTs
// from an extension. Everything here takes `fetch` and `sleep` as arguments so the unit
// tests drive it with a fake server.

import { chunks, getJson } from './common.js';

/** Keys per JQL query (`key in (…)`); Jira accepts far more, but URLs stay short. */
export const KEYS_PER_QUERY = 50;
/** Results per page asked for. */
export const PAGE_SIZE = 100;
/**
 * Fields asked for: all of them (custom fields such as acceptance criteria and story
 * points have site-specific ids, resolved through `names`) except the heavy lists the
 * analysis does not read. Votes stay: they are a demand signal for priority.
 */
export const SEARCH_FIELDS = '*all,-comment,-worklog,-attachment';
/** Safety limit on pages followed per query. */
const MAX_PAGES = 20;

/**
 * The instance's base URL: origin plus context path (e.g. `https://host/jira`). Uses
 * `<meta name="ajs-context-path">` (Server/DC) when present, else the part of the path
 * before a known Jira route.
 * @param {Document} doc
 * @param {Location|URL} loc
 * @returns {string}
 */
export function jiraBase(doc, loc) {
  const meta = doc.querySelector('meta[name="ajs-context-path"]');
  if (meta) {
    const ctx = (meta.getAttribute('content') ?? '').replace(/\/+$/, '');
    if (ctx === '' || /^\/[^\s?#]*$/.test(ctx)) return `${loc.origin}${ctx}`;
  }
  const m = /^(.*?)\/(?:browse|secure|projects|issues|jira\/software|jira\/core|jira\/servicedesk|jira\/your-work|plugins)(?:\/|$|\?)/.exec(loc.pathname);
  return `${loc.origin}${m ? m[1] : ''}`;
}

/**
 * Is this Jira Cloud (REST v3) rather than Server/DC (REST v2)? Cloud domains answer at
 * once; other hosts (self-hosted, or Cloud behind a reverse proxy) are asked once
 * through `/rest/api/2/serverInfo`.
 * @param {string} base
 * @param {Location|URL} loc
 * @param {(url: string, init?: RequestInit) => Promise<Response>} fetchFn
 * @param {(ms: number) => Promise<void>} sleep
 * @returns {Promise<boolean>}
 */
export async function isCloud(base, loc, fetchFn, sleep) {
  if (/\.(atlassian\.net|jira\.com|jira-dev\.com)$/.test(loc.hostname)) return true;
  try {
    const { status, json } = await getJson(fetchFn, `${base}/rest/api/2/serverInfo`, { sleep });
    return status === 200 && json?.deploymentType === 'Cloud';
  } catch {
    return false;
  }
}

/**
 * The board id in a board / backlog URL, or null.
 * @param {Location|URL} loc
 * @returns {string|null}
 */
export function boardId(loc) {
  const m = /\/boards\/(\d+)/.exec(loc.pathname) ?? /[?&]rapidView=(\d+)/.exec(loc.search);
  return m ? m[1] : null;
}

/**
 * The story-point field configured on a board (`estimation.field.fieldId`), or null.
 * @param {string} base
 * @param {string} board
 * @param {(url: string, init?: RequestInit) => Promise<Response>} fetchFn
 * @param {(ms: number) => Promise<void>} sleep
 * @returns {Promise<{id: string, name: string}|null>}
 */
export async function storyPointField(base, board, fetchFn, sleep) {
  try {
    const { status, json } = await getJson(fetchFn, `${base}/rest/agile/1.0/board/${encodeURIComponent(board)}/configuration`, { sleep });
    const f = json?.estimation?.field;
    if (status !== 200 || typeof f?.fieldId !== 'string') return null;
    return { id: f.fieldId, name: typeof f.displayName === 'string' ? f.displayName : 'Story Points' };
  } catch {
    return null;
  }
}

/**
 * Record the board's estimation field in a search page's `names` map, so the importer
 * (which reads custom fields by display name) sees it as the story-point field.
 * @param {any} page
 * @param {{id: string}|null} field
 * @returns {any} the same page
 */
export function markStoryPoints(page, field) {
  if (!field || !page || typeof page !== 'object') return page;
  page.names = { ...(page.names ?? {}), [field.id]: 'Story Points' };
  return page;
}

/**
 * The search URLs for one query page.
 * @param {string} base
 * @param {boolean} cloud
 * @param {string[]} keys
 * @param {{nextPageToken?: string, startAt?: number}} cursor
 * @returns {string}
 */
export function searchUrl(base, cloud, keys, cursor = {}) {
  const jql = `key in (${keys.join(',')})`;
  const q = new URLSearchParams({ jql, fields: SEARCH_FIELDS, expand: 'names', maxResults: String(PAGE_SIZE) });
  if (cloud) {
    if (cursor.nextPageToken) q.set('nextPageToken', cursor.nextPageToken);
    return `${base}/rest/api/3/search/jql?${q}`;
  }
  q.set('startAt', String(cursor.startAt ?? 0));
  return `${base}/rest/api/2/search?${q}`;
}

/**
 * Fetch the raw REST pages for `keys`: batched `key in (…)` searches with paging; when a
 * search is refused (Jira answers 400 for the whole query if one key no longer exists)
 * each key of that batch is fetched alone from `/issue/{key}`. Keys that still fail are
 * left out; the caller falls back to the page text for them. `onPage` sees each page
 * as soon as it arrives (so it can be parsed while the next one loads).
 * @param {string[]} keys
 * @param {{base: string, cloud: boolean, fetch: (url: string, init?: RequestInit) => Promise<Response>, sleep: (ms: number) => Promise<void>, storyPoints?: {id: string}|null, onPage?: (page: any) => void}} opts
 * @returns {Promise<any[]>} search pages / single issues, as Jira returned them
 */
export async function fetchIssues(keys, { base, cloud, fetch: fetchFn, sleep, storyPoints = null, onPage }) {
  const out = [];
  const push = (page) => {
    out.push(page);
    onPage?.(page);
  };
  let why = '';
  const valid = keys.filter((k) => /^[A-Z][A-Z0-9_]*-\d+$/.test(k));
  for (const batch of chunks(valid, KEYS_PER_QUERY)) {
    let cursor = {};
    let refused = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { status, json } = await getJson(fetchFn, searchUrl(base, cloud, batch, cursor), { sleep });
      if (status !== 200 || !json || !Array.isArray(json.issues)) {
        why = status !== 200 ? `the Jira API answered HTTP ${status}` : 'the Jira API answered with malformed JSON';
        refused = page === 0;
        break;
      }
      push(markStoryPoints(json, storyPoints));
      if (cloud) {
        if (!json.nextPageToken || json.isLast === true || json.issues.length === 0) break;
        cursor = { nextPageToken: json.nextPageToken };
      } else {
        const next = (json.startAt ?? 0) + json.issues.length;
        if (json.issues.length === 0 || next >= (json.total ?? 0)) break;
        cursor = { startAt: next };
      }
    }
    if (refused) {
      const v = cloud ? 3 : 2;
      for (const key of batch) {
        const { status, json } = await getJson(fetchFn, `${base}/rest/api/${v}/issue/${encodeURIComponent(key)}?expand=names`, { sleep });
        if (status === 200 && json && typeof json.key === 'string') push(markStoryPoints(json, storyPoints));
      }
    }
  }
  if (!out.length && why) throw new Error(why);
  return out;
}
