// Jira project crawl for the authoring assist's duplicate index (issue 14; driver in
// extension/crawl.js). Same-origin GETs with the user's session:
//   Cloud: GET /rest/api/3/search/jql?jql=project = "KEY" ORDER BY updated DESC
//          &fields=summary,description,issuetype,status,updated&maxResults=100
//          &nextPageToken=…   (no total: asked once, best effort, from
//          POST /rest/api/3/search/approximate-count)
//   Data Center: GET /rest/api/2/search?…&startAt=N (total in each page)
// Incremental: `AND updated >= "-Nm"`, N the minutes since the newest `updated` the last
// complete crawl saw plus a margin. Relative minutes, because JQL reads absolute dates in
// the user's Jira time zone, which the extension does not know.

import { isCloud, jiraBase } from './jira-api.js';
import { viewKey } from './jira.js';
import { CRAWL_PAGE, newestOf, requestJson, parseTime } from './crawl-common.js';

/** Fields read for the index. */
export const CRAWL_FIELDS = 'summary,description,issuetype,status,updated';
/** Minutes added to the incremental window (clock skew between browser and server). */
export const MARGIN_MINUTES = 10;

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

/**
 * The JQL of a crawl.
 * @param {string} project
 * @param {string|null} since   newest `updated` of the last complete crawl
 * @param {number} now ms
 * @returns {string}
 */
export function crawlJql(project, since, now) {
  const where = [`project = "${project}"`];
  const t = since ? parseTime(since) : NaN;
  if (Number.isFinite(t)) where.push(`updated >= "-${Math.max(1, Math.ceil((now - t) / 60000)) + MARGIN_MINUTES}m"`);
  return `${where.join(' AND ')} ORDER BY updated DESC`;
}

/** The project key in a "Name (KEY)" picker text or a bare key. */
function keyIn(s) {
  const t = String(s ?? '').trim();
  const m = /\(([A-Z][A-Z0-9_]*)\)\s*$/.exec(t);
  if (m) return m[1];
  return PROJECT_KEY.test(t) ? t : '';
}

/**
 * Which project is the form for? The create form's project picker, the issue being
 * viewed, the URL (`/projects/KEY`, `jql=project = KEY`), else the most common key
 * prefix of the issues on the page.
 * @param {Document} doc
 * @param {Location|URL} loc
 * @param {Element|null} form
 * @returns {string}
 */
export function jiraProject(doc, loc, form) {
  const pickers = '[data-testid="issue-create.ui.modal.create-form.project-picker.project-select"] [class*="singleValue"], ' +
    '#issue-create\\.ui\\.modal\\.create-form\\.project-picker\\.project-select [class*="singleValue"], ' +
    '[data-testid="issue-field-project.ui.project-select.single-value"], #project-single-select input, #project-field';
  for (const el of [...(form?.querySelectorAll(pickers) ?? []), ...doc.querySelectorAll(pickers)]) {
    const k = keyIn(/** @type {HTMLInputElement} */ (el).value || el.textContent);
    if (k) return k;
  }
  const view = viewKey(loc);
  if (view) return view.replace(/-\d+$/, '');
  let m = /\/projects\/([A-Z][A-Z0-9_]*)(?:\/|$)/.exec(loc.pathname);
  if (m) return m[1];
  const jql = new URLSearchParams(loc.search).get('jql') ?? '';
  m = /\bproject\s*(?:=|in\s*\()\s*"?([A-Z][A-Z0-9_]*)"?/i.exec(jql);
  if (m && PROJECT_KEY.test(m[1].toUpperCase())) return m[1].toUpperCase();
  const counts = new Map();
  for (const el of doc.querySelectorAll('[data-issuekey], [data-issue-key]')) {
    const k = (el.getAttribute('data-issuekey') ?? el.getAttribute('data-issue-key') ?? '').replace(/-\d+$/, '');
    if (PROJECT_KEY.test(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : '';
}

/** @type {import('../crawl.js').Crawler} */
export const jiraCrawler = {
  target(doc, loc, form) {
    const project = jiraProject(doc, loc, form);
    return project ? { project, label: project, extra: { base: jiraBase(doc, loc) } } : null;
  },
  async *pages(t, ctx, since) {
    const base = t.extra?.base ?? jiraBase(ctx.document, ctx.location);
    const now = ctx.now ?? Date.now;
    const cloud = await isCloud(base, ctx.location, ctx.fetch, (ms) => ctx.sleep(ms, ctx.signal));
    const jql = crawlJql(t.project, since, now());
    let total = null;
    if (cloud) {
      try {
        const c = await requestJson(ctx, `${base}/rest/api/3/search/approximate-count`, { method: 'POST', body: { jql }, retries: 1 });
        if (c.status === 200 && Number.isFinite(c.json?.count)) total = c.json.count;
      } catch (err) {
        if (ctx.signal.aborted) throw err;
      }
    }
    let token = '';
    let startAt = 0;
    for (;;) {
      const q = new URLSearchParams({ jql, fields: CRAWL_FIELDS, maxResults: String(CRAWL_PAGE) });
      if (cloud && token) q.set('nextPageToken', token);
      if (!cloud) q.set('startAt', String(startAt));
      const url = cloud ? `${base}/rest/api/3/search/jql?${q}` : `${base}/rest/api/2/search?${q}`;
      const { status, json, text } = await requestJson(ctx, url);
      if (status !== 200 || !json || !Array.isArray(json.issues)) throw new Error(`the Jira API answered HTTP ${status}`);
      if (!cloud && Number.isFinite(json.total)) total = json.total;
      const parsed = json.issues.length ? await ctx.parse('jira-json', text) : { issues: [] };
      yield { issues: parsed.issues, total, newest: newestOf(json.issues.map((i) => i?.fields?.updated)) };
      if (!json.issues.length) return;
      if (cloud) {
        if (json.isLast === true || !json.nextPageToken) return;
        token = json.nextPageToken;
      } else {
        startAt = (Number.isFinite(json.startAt) ? json.startAt : startAt) + json.issues.length;
        if (startAt >= (json.total ?? 0)) return;
      }
    }
  },
};
