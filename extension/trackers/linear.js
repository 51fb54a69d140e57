// Linear (linear.app). Class names are minified, so only attributes are used.
//
// Selectors and the fixture pages they were checked against
// (tests/fixtures/pages/linear/):
//   list.html   rows `a[data-list-key]` with `span[data-column-id="issueId"]`, view
//               markers `[data-view-id]`
//   board.html  board cards `a[data-board-item]` (title `[data-board-item-title]`)
//   issue.html  `div[data-view-id="issue-view"]`, title `[aria-label="Issue title"]`
// Linear has no session API for extensions: with a personal key pasted in the options
// the background asks the GraphQL API; otherwise the page text is used.

import { blocksFromElement, pageIssue, sameOrigin, text, tokenApi, tokenApiProblem } from './common.js';

const KEY_RE = /^[A-Z][A-Z0-9]*-\d+$/;

/**
 * The identifier in a Linear issue URL path (`/{workspace}/issue/ENG-123/slug`), or ''.
 * @param {string} pathname
 * @returns {string}
 */
export function keyFromPath(pathname) {
  const m = /^\/[^/]+\/issue\/([A-Z][A-Z0-9]*-\d+)(?:[/?#]|$)/.exec(pathname);
  return m ? m[1] : '';
}

/** GraphQL fields read for each issue (TRACKERS.md, linear/linear schema). */
export const ISSUE_FIELDS = 'id identifier title description url priority priorityLabel estimate dueDate createdAt updatedAt customerTicketCount ' +
  'state { name type } labels { nodes { name } } team { key issueEstimationType } project { name } cycle { number name } parent { identifier } assignee { name }';

/**
 * One aliased GraphQL query for several identifiers.
 * @param {string[]} keys
 * @returns {string}
 */
export function issuesQuery(keys) {
  return `query { ${keys.map((k, i) => `i${i}: issue(id: ${JSON.stringify(k)}) { ${ISSUE_FIELDS} }`).join(' ')} }`;
}

/**
 * Editors the authoring assist reads (issue 14): the new-issue modal and the issue
 * editor, both contenteditable (`[aria-label="Issue title"]`,
 * `[aria-label="Issue description"]`), inside a `[role="dialog"]` or the issue view;
 * the modal is checked on tests/fixtures/pages/linear/new-issue.html, the editor of an
 * existing issue on linear/issue-edit.html.
 * @type {import('./common.js').EditorSpec[]}
 */
export const LINEAR_EDITORS = [
  {
    form: '[role="dialog"], div[data-view-id="issue-view"]',
    title: '[aria-label="Issue title"]',
    description: '[aria-label="Issue description"][contenteditable="true"], [aria-label="Issue description"] [contenteditable="true"]',
    key: (form, loc) => (form.matches('[role="dialog"]') ? '' : keyFromPath(loc.pathname)),
  },
];

/**
 * Why a Linear GraphQL answer cannot be used ('' when it can). Linear reports a refused
 * key and its rate limit as GraphQL errors (`extensions.code` AUTHENTICATION_ERROR,
 * RATELIMITED), often with HTTP 400; an answer without `data` names the first error.
 * @param {{status: number, json: any, retryAfter?: string|null}} answer
 * @returns {string}
 */
export function linearProblem(answer) {
  const errors = Array.isArray(answer.json?.errors) ? answer.json.errors : [];
  const code = String(errors[0]?.extensions?.code ?? '').toUpperCase();
  if (code === 'RATELIMITED') return `the Linear API answered HTTP ${answer.status} (rate limited)`;
  if (code === 'AUTHENTICATION_ERROR') return `the Linear API answered HTTP ${answer.status} (the token in the options was refused: wrong, expired or revoked)`;
  const usable = (j) => Boolean(j) && typeof j === 'object' && j.data !== null && typeof j.data === 'object';
  if (answer.status === 200 && !usable(answer.json) && errors.length) {
    return `the Linear API answered with an error (${String(errors[0]?.message ?? 'no message').slice(0, 120)})`;
  }
  return tokenApiProblem('Linear API', answer, usable);
}

/** @type {import('./common.js').TrackerModule} */
export const linear = {
  id: 'linear',
  editors: LINEAR_EDITORS,
  scope: (_doc, loc) => {
    const m = /^\/([^/]+)/.exec(loc.pathname);
    return m ? `${loc.origin}/${m[1]}` : loc.origin;
  },
  hostMatch: (loc) => loc.hostname === 'linear.app',
  detect(doc) {
    return Boolean(doc.querySelector('[data-view-id="issue-view"], a[data-list-key] span[data-column-id="issueId"], a[data-board-item]'));
  },
  discover(doc, loc) {
    /** @type {import('./common.js').Found[]} */
    const found = [];
    const taken = new Set();
    const view = doc.querySelector('div[data-view-id="issue-view"]');
    const here = keyFromPath(loc.pathname) || (/^([A-Z][A-Z0-9]*-\d+)\s/.exec(doc.title)?.[1] ?? '');
    const title = view?.querySelector('[aria-label="Issue title"]');
    if (view && title && KEY_RE.test(here) && title.parentElement) {
      found.push({ key: here, element: title.parentElement, anchor: title, place: 'view' });
      taken.add(title.parentElement);
    }
    for (const row of doc.querySelectorAll('a[data-list-key]')) {
      const id = row.querySelector('span[data-column-id="issueId"]');
      const key = text(id);
      if (!KEY_RE.test(key) || taken.has(row)) continue;
      found.push({ key, element: row, anchor: id, place: 'row' });
      taken.add(row);
    }
    for (const card of doc.querySelectorAll('a[data-board-item]')) {
      const href = card.getAttribute('href') ?? '';
      const key = sameOrigin(href, loc) ? keyFromPath(new URL(href, loc.href).pathname) : '';
      if (!key || taken.has(card)) continue;
      const anchor = [...card.querySelectorAll('span, div')].find((e) => text(e) === key && !e.children.length) ?? card;
      found.push({ key, element: card, anchor, place: 'card' });
      taken.add(card);
    }
    return found;
  },
  async load(keys, ctx) {
    const issues = [];
    const wanted = keys.filter((k) => KEY_RE.test(k));
    for (let i = 0; i < wanted.length; i += 25) {
      const batch = wanted.slice(i, i + 25);
      const answer = await tokenApi(ctx, 'linear', { path: '/graphql', query: issuesQuery(batch) });
      if (!answer) break; // no key configured
      const why = linearProblem(answer);
      if (why) {
        const all = [400, 401, 403, 429].includes(answer.status) || /token|rate limited/.test(why);
        ctx.fail?.(all ? wanted.slice(i) : batch, why);
        if (all) break;
        continue;
      }
      const nodes = Object.values(answer.json.data).filter(Boolean);
      const parsed = await ctx.parse('linear-json', JSON.stringify({ data: { issues: { nodes } } }));
      issues.push(...parsed.issues);
    }
    return issues;
  },
  fromPage(found, doc, loc) {
    const { key, element, place } = found;
    let title = '';
    let blocks = [];
    if (place === 'view') {
      title = text(found.anchor);
      blocks = blocksFromElement(doc.querySelector('[aria-label="Issue description"], div[data-view-id="issue-view"] .ProseMirror'));
    } else {
      title = text(element.querySelector('[data-column-id="title"], [data-board-item-title]')) ||
        text(element).replace(key, '').trim();
    }
    if (!title) return null;
    const ws = /^\/([^/]+)\//.exec(loc.pathname)?.[1];
    return pageIssue({ tracker: 'linear', key, title, blocks, url: ws ? `${loc.origin}/${ws}/issue/${key}` : undefined });
  },
};
