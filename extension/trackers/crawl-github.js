// GitHub repository crawl for the authoring assist's duplicate index (issue 14; driver in
// extension/crawl.js). Only with the token pasted in the options: the background calls
// the REST API (api.github.com, or `{host}/api/v3` for a GitHub Enterprise host the user
// added) and the page never sees the token. Without one, the index holds the issues the
// user has viewed.
//   GET /repos/{o}/{r}/issues?state=all&per_page=100&sort=updated&direction=desc&page=N
//       [&since=ISO]   (pull requests, also listed there, are dropped by the importer)

import { CRAWL_PAGE, apiWithBackoff, newestOf, parseTime } from './crawl-common.js';

/** Pages read at most (the REST list stops paging far beyond this anyway). */
const MAX_PAGES = 200;

/**
 * `owner/repo` of a repository page, or ''.
 * @param {Location|URL} loc
 * @returns {string}
 */
export function githubRepo(loc) {
  const m = /^\/([\w.-]+)\/([\w.-]+)(?:\/|$)/.exec(loc.pathname);
  if (!m || ['orgs', 'settings', 'notifications', 'search', 'marketplace'].includes(m[1])) return '';
  return `${m[1]}/${m[2]}`;
}

/**
 * The REST path of one page (':' of the time escaped: the background accepts a plain
 * path only).
 * @param {string} repo
 * @param {string|null} since
 * @param {number} page
 */
export function githubIssuesPath(repo, since, page) {
  const q = `state=all&per_page=${CRAWL_PAGE}&sort=updated&direction=desc&page=${page}`;
  const s = since && Number.isFinite(parseTime(since)) ? `&since=${encodeURIComponent(new Date(parseTime(since)).toISOString())}` : '';
  return `/repos/${repo}/issues?${q}${s}`;
}

/** @type {import('../crawl.js').Crawler} */
export const githubCrawler = {
  needsToken: true,
  target(_doc, loc) {
    const repo = githubRepo(loc);
    return repo ? { project: repo, label: repo, extra: { base: loc.hostname === 'github.com' ? undefined : `${loc.origin}/api/v3` } } : null;
  },
  async *pages(t, ctx, since) {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await apiWithBackoff(ctx, 'github', { path: githubIssuesPath(t.project, since, page), base: t.extra?.base });
      if (!res) return; // no token
      if (res.status !== 200) throw new Error(`the GitHub API answered HTTP ${res.status}`);
      let list;
      try {
        list = JSON.parse(res.text);
      } catch {
        list = null;
      }
      if (!Array.isArray(list)) throw new Error('the GitHub API answered with malformed JSON');
      const parsed = list.length ? await ctx.parse('github-json', res.text) : { issues: [] };
      yield { issues: parsed.issues, total: null, newest: newestOf(list.map((i) => i?.updated_at)) };
      if (list.length < CRAWL_PAGE) return;
    }
  },
};
