// Azure DevOps Services (dev.azure.com, *.visualstudio.com) and Azure DevOps Server.
//
// Selectors and the fixture pages they were checked against
// (tests/fixtures/pages/azure-devops/):
//   board.html  `<script id="dataProviders" type="application/json">`, board cards
//               `.wit-card[data-itemid]` with `.title-text`
//   backlog.html backlog grid rows `[role="row"]` with `a[href*="/_workitems/edit/"]`
//   workitem.html work item form `.work-item-form-header`, title
//               `.work-item-title-textfield input`, route `/_workitems/edit/{id}`
// Data: `GET {collection}/_apis/wit/workitems?ids=…&$expand=all` with the session and
// `X-TFS-FedAuthRedirect: Suppress` (answers 401 instead of a sign-in redirect).

import { apiProblem, blocksFromElement, chunks, getJson, pageIssue, sameOrigin, text, within } from './common.js';

/** API version: 7.1 on the cloud, 6.0 on Server (2020 and later). */
const apiVersion = (loc) => (/(^|\.)dev\.azure\.com$|\.visualstudio\.com$/.test(loc.hostname) ? '7.1' : '6.0');

/**
 * The collection base path: everything before the project segment, i.e. before the
 * segment that precedes the first `_xxx` route segment (`/org/project/_boards/…` →
 * `/org`; `/tfs/DefaultCollection/project/_workitems/…` → `/tfs/DefaultCollection`;
 * `project.visualstudio.com/project/_workitems` → '').
 * @param {string} pathname
 * @returns {string|null}
 */
export function collectionBase(pathname) {
  const segs = pathname.split('/').filter(Boolean);
  const i = segs.findIndex((s) => s.startsWith('_'));
  if (i < 0) return null;
  const proj = i >= 1 ? i - 1 : 0;
  return segs.length && i >= 1 ? `/${segs.slice(0, proj).join('/')}`.replace(/\/$/, '') : '';
}

/**
 * The work item id in a `/_workitems/edit/{id}` path, or ''.
 * @param {string} href
 * @returns {string}
 */
export function idFromHref(href) {
  const m = /\/_workitems\/edit\/(\d+)(?:[/?#]|$)/.exec(href);
  return m ? m[1] : '';
}

/**
 * Editors the authoring assist reads (issue 14): the work item form, new
 * (`/_workitems/create/{type}`) and existing: title `.work-item-title-textfield input`,
 * the rich-text Description and Acceptance Criteria fields (contenteditable, found by
 * their `aria-label`), on tests/fixtures/pages/azure-devops/create.html (new) and
 * azure-devops/workitem-edit.html (an existing work item being edited).
 * @type {import('./common.js').EditorSpec[]}
 */
export const ADO_EDITORS = [
  {
    form: '.work-item-form, [role="dialog"] .work-item-form-main, .work-item-form-main',
    title: '.work-item-title-textfield input, input[aria-label="Title field"], input[aria-label="Title"]',
    description: '[contenteditable="true"][aria-label="Description"], [aria-label="Description"] [contenteditable="true"], [contenteditable="true"][aria-label="Repro Steps"]',
    acceptance: '[contenteditable="true"][aria-label="Acceptance Criteria"], [aria-label="Acceptance Criteria"] [contenteditable="true"]',
    kind: (form, loc) => {
      const m = /\/_workitems\/create\/([^/?#]+)/.exec(loc.pathname);
      if (m) {
        try {
          return decodeURIComponent(m[1]);
        } catch {
          return m[1];
        }
      }
      return text(form.querySelector('.work-item-form-header .work-item-type-icon-text, .work-item-type-name'));
    },
    key: (_form, loc) => idFromHref(loc.pathname),
  },
];

/** @type {import('./common.js').TrackerModule} */
export const azureDevops = {
  id: 'azure-devops',
  editors: ADO_EDITORS,
  scope: (_doc, loc) => {
    const segs = loc.pathname.split('/').filter(Boolean);
    const i = segs.findIndex((s) => s.startsWith('_'));
    return i > 0 ? `${loc.origin}/${segs.slice(0, i).join('/')}` : loc.origin;
  },
  hostMatch: (loc) => /(^|\.)dev\.azure\.com$|\.visualstudio\.com$/.test(loc.hostname),
  detect(doc, loc) {
    if (doc.querySelector('script#dataProviders[type="application/json"]')) return true;
    return /\/_workitems\//.test(loc.pathname) && Boolean(doc.querySelector('.work-item-form, .work-item-form-header'));
  },
  discover(doc, loc) {
    /** @type {import('./common.js').Found[]} */
    const found = [];
    const taken = new Set();
    const header = doc.querySelector('.work-item-form-header');
    const id = idFromHref(loc.pathname) || text(doc.querySelector('.work-item-form-id, .work-item-form-header .info-text-wrapper a'));
    if (header && /^\d+$/.test(id)) {
      const anchor = header.querySelector('.work-item-title-textfield') ?? header;
      found.push({ key: id, element: header, anchor, place: 'view' });
      taken.add(header);
    }
    for (const card of doc.querySelectorAll('.wit-card[data-itemid]')) {
      const key = card.getAttribute('data-itemid') ?? '';
      if (!/^\d+$/.test(key)) continue;
      const anchor = card.querySelector('.title-text, .id-title-container, .title') ?? card;
      found.push({ key, element: card, anchor, place: 'card' });
      taken.add(card);
    }
    for (const a of doc.querySelectorAll('a[href*="/_workitems/edit/"]')) {
      const href = a.getAttribute('href') ?? '';
      const key = idFromHref(href);
      if (!key || !sameOrigin(href, loc) || within(taken, a)) continue;
      const row = a.closest('[role="row"], tr');
      if (row && !taken.has(row)) {
        found.push({ key, element: row, anchor: a, place: 'row' });
        taken.add(row);
      }
    }
    return found;
  },
  keyFor(issue, wanted) {
    const id = /(\d+)$/.exec(String(issue.key))?.[1];
    return id && wanted.has(id) ? id : null;
  },
  async load(keys, ctx) {
    const base = collectionBase(ctx.location.pathname);
    if (base === null) return [];
    const issues = [];
    for (const batch of chunks(keys.filter((k) => /^\d+$/.test(k)), 200)) {
      const url = `${ctx.location.origin}${base}/_apis/wit/workitems?ids=${batch.join(',')}&$expand=all&errorPolicy=omit&api-version=${apiVersion(ctx.location)}`;
      const answer = await getJson(ctx.fetch, url, { sleep: ctx.sleep, init: { headers: { 'X-TFS-FedAuthRedirect': 'Suppress', Accept: 'application/json' } } });
      const why = apiProblem('Azure DevOps API', answer, (j) => Array.isArray(j?.value));
      if (why) {
        ctx.fail?.(batch, why);
        continue;
      }
      const parsed = await ctx.parse('ado-json', answer.text);
      issues.push(...parsed.issues);
    }
    return issues;
  },
  fromPage(found, doc, loc) {
    const { key, element, anchor, place } = found;
    let title = '';
    let blocks = [];
    if (place === 'view') {
      /** @type {HTMLInputElement|null} */
      const input = element.querySelector('.work-item-title-textfield input, input[aria-label="Title field"]');
      title = (input?.value ?? input?.getAttribute('value') ?? '').trim();
      blocks = blocksFromElement(doc.querySelector('[aria-label="Description"] .html-field, .html-field[aria-label="Description"]'));
    } else {
      title = text(element.querySelector('.title-text, .clickable-title')) || text(anchor);
    }
    if (!title) return null;
    const base = collectionBase(loc.pathname) ?? '';
    return pageIssue({ tracker: 'azure-devops', key, title, blocks, url: `${loc.origin}${base}/_workitems/edit/${key}` });
  },
};
