// Linear team crawl for the authoring assist's duplicate index (issue 14; driver in
// extension/crawl.js). Only with the personal API key pasted in the options: the
// background posts the GraphQL query to api.linear.app. Pages of 100 by `endCursor`,
// filtered to the team and, after the first crawl, to `updatedAt > since`.

import { ISSUE_FIELDS, keyFromPath } from './linear.js';
import { CRAWL_PAGE, apiWithBackoff, newestOf, parseTime } from './crawl-common.js';

const MAX_PAGES = 200;

/** The crawl query (variables `filter`, `after`). */
export const CRAWL_QUERY = `query ReadylensCrawl($filter: IssueFilter, $after: String) { issues(first: ${CRAWL_PAGE}, after: $after, orderBy: updatedAt, filter: $filter) { nodes { ${ISSUE_FIELDS} } pageInfo { hasNextPage endCursor } } }`;

/**
 * The team key of a page (`/{ws}/team/KEY/…`, or the prefix of `/{ws}/issue/KEY-12`).
 * @param {Document} doc
 * @param {Location|URL} loc
 * @returns {string}
 */
export function linearTeam(doc, loc) {
  const m = /^\/[^/]+\/team\/([A-Z][A-Z0-9]*)(?:\/|$)/.exec(loc.pathname);
  if (m) return m[1];
  const key = keyFromPath(loc.pathname);
  return key ? key.replace(/-\d+$/, '') : '';
}

/**
 * The filter of a crawl.
 * @param {string} team
 * @param {string|null} since
 */
export function linearFilter(team, since) {
  /** @type {any} */
  const filter = { team: { key: { eq: team } } };
  if (since && Number.isFinite(parseTime(since))) filter.updatedAt = { gt: new Date(parseTime(since)).toISOString() };
  return filter;
}

/** @type {import('../crawl.js').Crawler} */
export const linearCrawler = {
  needsToken: true,
  target(doc, loc) {
    const team = linearTeam(doc, loc);
    return team ? { project: team, label: team } : null;
  },
  async *pages(t, ctx, since) {
    let after = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await apiWithBackoff(ctx, 'linear', { path: '/graphql', query: CRAWL_QUERY, variables: { filter: linearFilter(t.project, since), after } });
      if (!res) return; // no key
      if (res.status !== 200) throw new Error(`the Linear API answered HTTP ${res.status}`);
      let data;
      try {
        data = JSON.parse(res.text)?.data?.issues;
      } catch {
        data = null;
      }
      if (!data || !Array.isArray(data.nodes)) throw new Error('the Linear API answered without issues');
      const nodes = data.nodes.filter(Boolean);
      const parsed = nodes.length ? await ctx.parse('linear-json', JSON.stringify({ data: { issues: { nodes } } })) : { issues: [] };
      yield { issues: parsed.issues, total: null, newest: newestOf(nodes.map((n) => n?.updatedAt)) };
      if (!data.pageInfo?.hasNextPage || typeof data.pageInfo.endCursor !== 'string') return;
      after = data.pageInfo.endCursor;
    }
  },
};
