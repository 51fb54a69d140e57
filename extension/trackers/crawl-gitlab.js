// GitLab project crawl for the authoring assist's duplicate index (issue 14; driver in
// extension/crawl.js): same-origin GETs with the user's session,
//   GET {root}/api/v4/projects/{path}/issues?scope=all&order_by=updated_at
//       &sort=desc&per_page=100&page=N[&updated_after=ISO]   (no `state`: open and closed)
// following the `X-Next-Page` header; `X-Total` (absent above 10,000) is the total.

import { parseIssuePath, urlRoot } from './gitlab.js';
import { CRAWL_PAGE, newestOf, requestJson } from './crawl-common.js';

/**
 * The project path of a project page (`{root}/group/sub/project/-/…`), or ''.
 * @param {Document} doc
 * @param {Location|URL} loc
 * @returns {string}
 */
export function gitlabProject(doc, loc) {
  const attr = doc.body?.getAttribute('data-project-full-path');
  if (attr) return attr;
  const root = urlRoot(doc, loc);
  const issue = parseIssuePath(loc.pathname, root);
  if (issue) return issue.project;
  let p = loc.pathname;
  if (root && p.startsWith(`${root}/`)) p = p.slice(root.length);
  const m = /^\/(.+?)\/-\//.exec(p);
  return m ? m[1] : '';
}

/**
 * One page's URL.
 * @param {string} api  `{origin}{root}/api/v4`
 * @param {string} project
 * @param {string|null} since
 * @param {string} page
 */
export function gitlabIssuesUrl(api, project, since, page) {
  const q = new URLSearchParams({ scope: 'all', order_by: 'updated_at', sort: 'desc', per_page: String(CRAWL_PAGE), page });
  if (since) q.set('updated_after', since);
  return `${api}/projects/${encodeURIComponent(project)}/issues?${q}`;
}

/** @type {import('../crawl.js').Crawler} */
export const gitlabCrawler = {
  target(doc, loc) {
    const project = gitlabProject(doc, loc);
    return project ? { project, label: project, extra: { api: `${loc.origin}${urlRoot(doc, loc)}/api/v4` } } : null;
  },
  async *pages(t, ctx, since) {
    const api = t.extra?.api ?? `${ctx.location.origin}${urlRoot(ctx.document, ctx.location)}/api/v4`;
    let page = '1';
    for (;;) {
      const { status, json, text, headers } = await requestJson(ctx, gitlabIssuesUrl(api, t.project, since, page));
      if (status !== 200 || !Array.isArray(json)) throw new Error(`the GitLab API answered HTTP ${status}`);
      const total = Number(headers?.get?.('X-Total'));
      const parsed = json.length ? await ctx.parse('gitlab-json', text) : { issues: [] };
      yield { issues: parsed.issues, total: Number.isFinite(total) && headers?.get?.('X-Total') ? total : null, newest: newestOf(json.map((i) => i?.updated_at)) };
      const next = (headers?.get?.('X-Next-Page') ?? '').trim();
      if (!json.length || !/^\d+$/.test(next)) return;
      page = next;
    }
  },
};
