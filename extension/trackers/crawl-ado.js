// Azure DevOps project crawl for the authoring assist's duplicate index (issue 14; driver
// in extension/crawl.js), with the user's session on the same origin:
//   POST {collection}/{project}/_apis/wit/wiql  (ids, newest changed first; WIQL answers
//        at most 20,000)
//   POST {collection}/{project}/_apis/wit/workitemsbatch  (200 ids a call, the fields the
//        index reads)
// `X-TFS-FedAuthRedirect: Suppress` makes an expired session answer 401, not a sign-in page.

import { newestOf, parseTime, requestJson } from './crawl-common.js';

/** Work items per workitemsbatch call (the API's limit). */
export const ADO_BATCH = 200;
/** Fields every process has. */
export const ADO_FIELDS = ['System.Id', 'System.Title', 'System.Description', 'System.WorkItemType', 'System.State',
  'System.ChangedDate', 'System.CreatedDate'];
/**
 * Read too where the process has them (Agile, Scrum, CMMI); a collection without them
 * answers 400 to the batch, which is then asked again without.
 */
export const ADO_OPTIONAL_FIELDS = ['Microsoft.VSTS.Common.AcceptanceCriteria', 'Microsoft.VSTS.TCM.ReproSteps'];

const apiVersion = (loc) => (/(^|\.)dev\.azure\.com$|\.visualstudio\.com$/.test(loc.hostname) ? '7.1' : '6.0');
const HEADERS = { 'X-TFS-FedAuthRedirect': 'Suppress' };

/**
 * The collection path and project of a project page (`/org/Project/_workitems/…`,
 * `/tfs/DefaultCollection/Project/_boards/…`).
 * @param {Location|URL} loc
 * @returns {{collection: string, project: string}|null}
 */
export function adoProject(loc) {
  const segs = loc.pathname.split('/').filter(Boolean);
  const i = segs.findIndex((s) => s.startsWith('_'));
  if (i < 1) return null;
  let project = segs[i - 1];
  try {
    project = decodeURIComponent(project);
  } catch {
    // keep it encoded
  }
  return { collection: segs.slice(0, i - 1).length ? `/${segs.slice(0, i - 1).join('/')}` : '', project };
}

/**
 * The WIQL of a crawl (`@project` is the project in the URL).
 * @param {string|null} since
 * @returns {string}
 */
export function crawlWiql(since) {
  const t = since ? parseTime(since) : NaN;
  const when = Number.isFinite(t) ? ` AND [System.ChangedDate] >= '${new Date(t).toISOString()}'` : '';
  return `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project${when} ORDER BY [System.ChangedDate] DESC`;
}

/** @type {import('../crawl.js').Crawler} */
export const adoCrawler = {
  target(_doc, loc) {
    const p = adoProject(loc);
    return p ? { project: `${p.collection}/${p.project}`, label: p.project, extra: p } : null;
  },
  async *pages(t, ctx, since) {
    const p = t.extra ?? adoProject(ctx.location);
    if (!p) return;
    const root = `${ctx.location.origin}${p.collection}/${encodeURIComponent(p.project)}/_apis/wit`;
    const v = apiVersion(ctx.location);
    const wiql = await requestJson(ctx, `${root}/wiql?api-version=${v}${since ? '&timePrecision=true' : ''}`, { method: 'POST', body: { query: crawlWiql(since) }, headers: HEADERS });
    if (wiql.status !== 200 || !Array.isArray(wiql.json?.workItems)) throw new Error(`the Azure DevOps API answered HTTP ${wiql.status}`);
    const ids = wiql.json.workItems.map((w) => w?.id).filter((id) => Number.isInteger(id));
    const total = ids.length;
    if (!ids.length) {
      yield { issues: [], total, newest: null };
      return;
    }
    let fields = [...ADO_FIELDS, ...ADO_OPTIONAL_FIELDS];
    for (let i = 0; i < ids.length; i += ADO_BATCH) {
      const batch = ids.slice(i, i + ADO_BATCH);
      const ask = () => requestJson(ctx, `${root}/workitemsbatch?api-version=${v}`, { method: 'POST', body: { ids: batch, fields, errorPolicy: 'omit' }, headers: HEADERS });
      let res = await ask();
      if (res.status === 400 && fields.length > ADO_FIELDS.length) {
        fields = [...ADO_FIELDS];
        res = await ask();
      }
      if (res.status !== 200 || !Array.isArray(res.json?.value)) throw new Error(`the Azure DevOps API answered HTTP ${res.status}`);
      const items = res.json.value.filter(Boolean);
      const parsed = items.length ? await ctx.parse('ado-json', JSON.stringify({ count: items.length, value: items })) : { issues: [] };
      yield { issues: parsed.issues, total, newest: newestOf(items.map((w) => w?.fields?.['System.ChangedDate'])) };
    }
  },
};
