// Shared by the authoring-assist end-to-end tests (issue 14), in Chromium (tests/e2e/) and
// Firefox (tests/firefox/): the SeaMonkey backlog and drafts, a server for saved tracker
// pages, and what the WASM core says a draft's panel must show.
//
// The backlog is real SeaMonkey bugs and each draft is a bug known to duplicate one of
// them (tests/fixtures/pages/authoring/seamonkey.json, from
// ../shared/data/duplicates/seamonkey/ — GitBugs, Patil & Jadon, I2CT 2023, CC BY 4.0).

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, jiraIssue, jqlKeys, names } from './fake-tracker.mjs';
import { defaultConfig } from './harness.mjs';

/** The SeaMonkey backlog, drafts and known pairs. */
export const DATA = JSON.parse(readFileSync(join(FIXTURES, 'authoring', 'seamonkey.json'), 'utf8'));
/** Drafts by bug id. */
export const DRAFTS = new Map(DATA.drafts.map((d) => [d.id, d]));
/** The id of the bug `draftId` is a known duplicate of. */
export const originalOf = (draftId) => DATA.pairs.find((p) => p.draft === draftId)?.original;

/** The SeaMonkey backlog as Jira issues (REST v2, wiki text = the bug's plain text). */
export const JIRA = new Map(DATA.backlog.map((b) => [`SM-${b.id}`, {
  key: `SM-${b.id}`, summary: b.summary, description: b.description, type: 'Bug',
  status: [b.status === 'RESOLVED' ? 'Resolved' : 'Open', b.status === 'RESOLVED' ? 'done' : 'new'], priority: null, labels: [], points: null,
}]));

/** Text typed into an editor as the core reads it: one paragraph per non-empty line. */
export const paragraphs = (text) => text.split('\n').filter((l) => l.trim()).map((l) => ({ type: 'paragraph', text: l.trim() }));

/**
 * What the core says about `draft` against `backlog` (the issues the extension indexed),
 * without the issue being edited among the candidates.
 * @param {any} core the WASM core loaded in Node (harness `loadCore`)
 * @param {any[]} backlog
 * @param {any} draft
 * @param {string} [editing] key of the issue being edited
 */
export function expectedDraft(core, backlog, draft, editing = '') {
  const checker = new core.DraftChecker(backlog, defaultConfig());
  try {
    const exp = checker.check(draft);
    return editing ? { ...exp, similar: exp.similar.filter((c) => c.key !== editing) } : exp;
  } finally {
    checker.free();
  }
}

/**
 * Jira Server's REST v2 over `JIRA` (serverInfo and search by key), for the card loading
 * of the authoring pages; pass as `api` to `startPageServer`.
 * @param {URL} url
 * @param {(status: number, body: any) => void} json
 * @returns {boolean} whether it answered
 */
export function jiraServerApi(url, json) {
  if (url.pathname === '/jira/rest/api/2/serverInfo') {
    json(200, { baseUrl: 'http://127.0.0.1/jira', deploymentType: 'Server' });
    return true;
  }
  if (url.pathname === '/jira/rest/api/2/search') {
    const keys = jqlKeys(url.searchParams.get('jql')).filter((k) => JIRA.has(k));
    json(200, { startAt: 0, maxResults: 50, total: keys.length, issues: keys.map((k) => jiraIssue(JIRA.get(k), 2)), names: names(2) });
    return true;
  }
  return false;
}

/**
 * Serve saved tracker pages (`pages`: URL path → file under tests/fixtures/pages) on
 * 127.0.0.1, with `api` answering whatever else it knows; 404 for the rest.
 * @param {Record<string, string>} pages
 * @param {((url: URL, json: (status: number, body: any) => void) => boolean) | null} [api]
 * @returns {Promise<{origin: string, close: () => Promise<void>}>}
 */
export async function startPageServer(pages, api = null) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    const page = pages[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(readFileSync(join(FIXTURES, page)));
    }
    if (api?.(url, json)) return undefined;
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
