// GitLab (gitlab.com and self-managed, including a relative URL root such as /gitlab).
//
// Selectors and the fixture pages they were checked against
// (tests/fixtures/pages/gitlab/):
//   issue.html  `body[data-page="projects:issues:show"]`, `data-project-full-path`,
//               title `[data-testid="issue-title"]`, description `.description .md`
//   board.html  board cards `[data-testid="board-card"]` / `.board-card` with an issue link
//   list.html   list rows `li.issue`; URL root also from `link[rel=search]` (OpenSearch)
// Data: same-origin `GET /api/v4/projects/{path}/issues?iids[]=…` with the session cookie.

import { apiProblem, blocksFromElement, chunks, getJson, hasMeta, pageIssue, sameOrigin, text, within } from './common.js';

/** `group/sub/project#12` ⇄ parts. */
const KEY_RE = /^(.+)#(\d+)$/;
const CONTAINERS = '[data-testid="board-card"], .board-card, li.issue, [data-testid="issuable-container"]';

/**
 * The project path and iid of an issue URL path, given the instance's URL root.
 * @param {string} pathname
 * @param {string} root  relative URL root ('' on gitlab.com)
 * @returns {{project: string, iid: string}|null}
 */
export function parseIssuePath(pathname, root = '') {
  let p = pathname;
  if (root && p.startsWith(`${root}/`)) p = p.slice(root.length);
  const m = /^\/(.+?)\/-\/(?:issues|work_items)\/(\d+)(?:[/?#]|$)/.exec(p);
  return m ? { project: m[1], iid: m[2] } : null;
}

/**
 * The relative URL root: the part of the path before the project path on a project page.
 * @param {Document} doc
 * @param {Location|URL} loc
 * @returns {string}
 */
export function urlRoot(doc, loc) {
  const project = doc.body?.getAttribute('data-project-full-path');
  if (project) {
    const i = loc.pathname.indexOf(`/${project}/`);
    if (i >= 0) return loc.pathname.slice(0, i);
  }
  // Group and dashboard pages: every GitLab page links its OpenSearch description under
  // the URL root (`<root>/search/opensearch.xml`).
  const search = doc.querySelector('link[rel="search"][type="application/opensearchdescription+xml"]')?.getAttribute('href') ?? '';
  const m = /^(?:https?:\/\/[^/]+)?((?:\/[^/]+)*?)\/search\/opensearch\.xml$/.exec(search);
  return m ? m[1] : '';
}

/**
 * Editors the authoring assist reads (issue 14): the new issue page
 * (`form.issue-form`, `#issue_title`, `textarea#issue-description` in Markdown mode, the
 * rich-text ProseMirror otherwise), checked on tests/fixtures/pages/gitlab/new-issue.html,
 * and the issue page's edit form (`form[data-testid="issuable-form"]`,
 * `input#issuable-title`, the same description editor), checked on
 * tests/fixtures/pages/gitlab/issue-edit.html; there the issue being edited is not
 * offered as its own duplicate.
 * @type {import('./common.js').EditorSpec[]}
 */
export const GITLAB_EDITORS = [
  {
    form: 'form.issue-form, form.js-issuable-form, [data-testid="issuable-form"], [data-testid="work-item-create-form"], .detail-page-description form',
    title: '#issue_title, input[name="issue[title]"], [data-testid="issuable-form-title-field"], input#issuable-title, [data-testid="work-item-title-input"]',
    description: '#issue-description, textarea[name="issue[description]"], textarea[name="description"], .ProseMirror[contenteditable="true"]',
    kind: (form) => {
      const sel = /** @type {HTMLSelectElement|null} */ (form.querySelector('select#issue_issue_type, select[name="issue[issue_type]"]'));
      return sel ? (sel.selectedOptions[0]?.textContent ?? sel.value) : '';
    },
    key: (form, loc) => {
      const here = parseIssuePath(loc.pathname, urlRoot(form.ownerDocument, loc));
      return here ? `${here.project}#${here.iid}` : '';
    },
  },
];

/** @type {import('./common.js').TrackerModule} */
export const gitlab = {
  id: 'gitlab',
  editors: GITLAB_EDITORS,
  scope: (doc, loc) => {
    const root = urlRoot(doc, loc);
    const project = doc.body?.getAttribute('data-project-full-path');
    if (project) return `${loc.origin}${root}/${project}`;
    const i = loc.pathname.indexOf('/-/');
    return i > 0 ? `${loc.origin}${loc.pathname.slice(0, i)}` : loc.origin;
  },
  hostMatch: (loc) => loc.hostname === 'gitlab.com',
  detect(doc) {
    const page = doc.body?.getAttribute('data-page') ?? '';
    if (/^(projects|groups|dashboard|boards):/.test(page)) return true;
    return hasMeta(doc, 'og:site_name', /^GitLab/);
  },
  discover(doc, loc) {
    const root = urlRoot(doc, loc);
    /** @type {import('./common.js').Found[]} */
    const found = [];
    const taken = new Set();
    const page = doc.body?.getAttribute('data-page') ?? '';
    if (/^projects:(issues|work_items):show$/.test(page)) {
      const here = parseIssuePath(loc.pathname, root);
      const title = doc.querySelector('[data-testid="issue-title"], [data-testid="work-item-title"]');
      if (here && title?.parentElement) {
        found.push({ key: `${here.project}#${here.iid}`, element: title.parentElement, anchor: title, place: 'view' });
        taken.add(title.parentElement);
      }
    }
    for (const el of doc.querySelectorAll(CONTAINERS)) {
      if (within(taken, el)) continue;
      for (const a of el.querySelectorAll('a[href*="/-/issues/"], a[href*="/-/work_items/"]')) {
        if (!sameOrigin(a.getAttribute('href') ?? '', loc)) continue;
        const parsed = parseIssuePath(new URL(a.getAttribute('href') ?? '', loc.href).pathname, root);
        if (!parsed) continue;
        found.push({ key: `${parsed.project}#${parsed.iid}`, element: el, anchor: a, place: el.matches('li.issue') ? 'row' : 'card' });
        taken.add(el);
        break;
      }
    }
    return found;
  },
  keyFor(issue, wanted) {
    // The importer may key by iid alone; match on the web URL's project and iid.
    if (wanted.has(issue.key)) return issue.key;
    const url = typeof issue.url === 'string' ? issue.url : '';
    const parsed = url ? parseIssuePath(new URL(url, 'https://x.invalid').pathname) : null;
    const iid = parsed?.iid ?? /(\d+)$/.exec(String(issue.key))?.[1];
    for (const k of wanted) {
      const m = KEY_RE.exec(k);
      if (!m || m[2] !== iid) continue;
      if (!parsed || parsed.project.endsWith(m[1])) return k;
    }
    return null;
  },
  async load(keys, ctx) {
    const root = urlRoot(ctx.document, ctx.location);
    const byProject = new Map();
    for (const k of keys) {
      const m = KEY_RE.exec(k);
      if (!m) continue;
      if (!byProject.has(m[1])) byProject.set(m[1], []);
      byProject.get(m[1]).push(m[2]);
    }
    const issues = [];
    for (const [project, iids] of byProject) {
      for (const batch of chunks(iids, 100)) {
        const q = batch.map((i) => `iids[]=${encodeURIComponent(i)}`).join('&');
        const url = `${ctx.location.origin}${root}/api/v4/projects/${encodeURIComponent(project)}/issues?${q}&per_page=100`;
        const answer = await getJson(ctx.fetch, url, { sleep: ctx.sleep });
        const why = apiProblem('GitLab API', answer, Array.isArray);
        if (why) {
          ctx.fail?.(batch.map((i) => `${project}#${i}`), why);
          continue;
        }
        const parsed = await ctx.parse('gitlab-json', answer.text);
        issues.push(...parsed.issues);
      }
    }
    return issues;
  },
  fromPage(found, doc, loc) {
    const { key, element, anchor, place } = found;
    let title = '';
    let blocks = [];
    if (place === 'view') {
      title = text(anchor);
      blocks = blocksFromElement(doc.querySelector('.description .md, [data-testid="work-item-description"] .md'));
    } else {
      title = text(element.querySelector('[data-testid="board-card-title-link"], .board-card-title a, .issue-title a, [data-testid="issuable-title"] a')) || text(anchor);
    }
    if (!title) return null;
    const m = KEY_RE.exec(key);
    const url = m ? `${loc.origin}${urlRoot(doc, loc)}/${m[1]}/-/issues/${m[2]}` : undefined;
    return pageIssue({ tracker: 'gitlab', key, title, blocks, url });
  },
};
