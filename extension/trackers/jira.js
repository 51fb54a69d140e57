// Jira Cloud and Jira Server / Data Center.
//
// Selectors and the fixture pages they were checked against
// (tests/fixtures/pages/jira/):
//   board-cloud.html   board cards `[data-testid="platform-board-kit.ui.card.card"]#card-KEY`
//   backlog-cloud.html backlog rows `[data-testid^="software-backlog.card-list.card.content-container."]`
//   issue-dc.html      DC issue view `#key-val`, `#summary-val`, `#description-val`;
//                      `<meta name="application-name" content="JIRA">`, `ajs-context-path`
//   list-dc.html       DC navigator rows `tr.issuerow[data-issuekey]`, `.ghx-issue[data-issue-key]`
// Issue view on Cloud: summary heading and breadcrumb key `data-testid`s (TRACKERS.md).

import { blocksFromElement, pageIssue, sameOrigin, text, within } from './common.js';
import { boardId, fetchIssues, isCloud, jiraBase, storyPointField } from './jira-api.js';

/** A Jira issue key. */
export const KEY_RE = /^[A-Z][A-Z0-9_]*-\d+$/;
const KEY_IN_TEXT = /\b([A-Z][A-Z0-9_]*-\d+)\b/;

/**
 * Selectors, each `[selector, place, how to read the key]`. Both `data-testid` and the older `data-test-id` are matched.
 * @type {[string, import('./common.js').Found['place'], (el: Element) => string][]}
 */
const CONTAINERS = [
  ['[data-testid="platform-board-kit.ui.card.card"], [data-test-id="platform-board-kit.ui.card.card"]', 'card', (el) => el.id.replace(/^card-/, '')],
  ['[data-testid^="software-backlog.card-list.card.content-container."], [data-test-id^="software-backlog.card-list.card.content-container."]', 'row',
    (el) => (el.getAttribute('data-testid') ?? el.getAttribute('data-test-id') ?? '').split('.').pop() ?? ''],
  ['tr[data-testid="native-issue-table.ui.issue-row"]', 'row', (el) => keyFromLinks(el)],
  ['.ghx-issue[data-issue-key], .js-issue[data-issue-key]', 'card', (el) => el.getAttribute('data-issue-key') ?? ''],
  ['tr.issuerow[data-issuekey]', 'row', (el) => el.getAttribute('data-issuekey') ?? ''],
];

const SUMMARY_HEADING = 'h1[data-testid="issue.views.issue-base.foundation.summary.heading"], h1[data-test-id="issue.views.issue-base.foundation.summary.heading"]';
const BREADCRUMB_KEY = '[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"], [data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]';
const CLOUD_DESCRIPTION = '[data-testid="issue.views.field.rich-text.description"] .ak-renderer-document';

function keyFromLinks(el) {
  for (const a of el.querySelectorAll('a[href*="/browse/"]')) {
    const k = keyFromHref(a.getAttribute('href') ?? '');
    if (k) return k;
  }
  return '';
}

/**
 * The issue key in a `/browse/KEY-1` link, or ''.
 * @param {string} href
 * @returns {string}
 */
export function keyFromHref(href) {
  const m = /\/browse\/([A-Z][A-Z0-9_]*-\d+)(?:[/?#]|$)/.exec(href);
  return m ? m[1] : '';
}

/**
 * The key of the issue the page is showing (issue view, or an issue opened over a board).
 * @param {Location|URL} loc
 * @returns {string}
 */
export function viewKey(loc) {
  const sel = new URLSearchParams(loc.search).get('selectedIssue');
  if (sel && KEY_RE.test(sel)) return sel;
  return keyFromHref(loc.pathname);
}

/**
 * Editors the authoring assist reads (issue 14). Checked on
 * tests/fixtures/pages/jira/create-modal.html: the global issue create modal (summary
 * `#summary-field`, ProseMirror `#ak-editor-textarea`, issue type picker). Also listed,
 * from Jira Data Center's markup: the create / edit dialogs
 * (`#create-issue-dialog`, `#edit-issue-dialog`: `input#summary`, wiki `textarea#description`);
 * the edit dialog is checked on jira/edit-dialog-dc.html.
 * The inline description editor of the issue view is checked on jira/issue-edit.html.
 * The issue view's inline description editor is the same ProseMirror inside the
 * description field; its title is the page's summary heading.
 * @type {import('./common.js').EditorSpec[]}
 */
export const JIRA_EDITORS = [
  {
    form: '[data-testid="issue-create.ui.modal.create-form"], [data-testid="issue-create.ui.modal.modal-wrapper"], #create-issue-dialog, #edit-issue-dialog, #issue-create, #issue-edit',
    title: '#summary-field, input[name="summary"], input#summary',
    description: '#description-container .ProseMirror[contenteditable="true"], [data-testid*="description"] .ProseMirror[contenteditable="true"], #ak-editor-textarea, textarea#description, textarea[name="description"]',
    kind: (form) => text(form.querySelector('#issue-create\\.ui\\.modal\\.create-form\\.type-picker\\.issue-type-select [class*="singleValue"], [data-testid="issue-field-issue-type.ui.issue-type-select.single-value"], #issuetype-single-select input, #issuetype-field')) ||
      (form.querySelector('#issuetype-field')?.getAttribute('value') ?? ''),
    // An edit dialog edits the issue being viewed: it is not its own duplicate.
    key: (form, loc) => (form.matches('#edit-issue-dialog, #issue-edit') ? viewKey(loc) : ''),
  },
  {
    form: '[data-testid="issue.views.field.rich-text.description"]',
    title: SUMMARY_HEADING,
    description: '.ProseMirror[contenteditable="true"]',
    key: (_form, loc) => viewKey(loc),
  },
];

/** @type {import('./common.js').TrackerModule} */
export const jira = {
  id: 'jira',
  editors: JIRA_EDITORS,
  scope: (doc, loc) => jiraBase(doc, loc),
  issueUrl: (key, doc, loc) => (KEY_RE.test(key) ? `${jiraBase(doc, loc)}/browse/${key}` : null),
  hostMatch: (loc) => /\.(atlassian\.net|jira\.com)$/.test(loc.hostname),
  detect(doc, loc) {
    const app = doc.querySelector('meta[name="application-name"]')?.getAttribute('content') ?? null;
    if (app !== null) return /^JIRA$/i.test(app.trim()); // Confluence, Bitbucket, Bamboo share the ajs-* metas
    if (doc.querySelector('[data-testid^="platform-board-kit"], [data-testid^="issue.views."], [data-testid^="software-backlog"], .ghx-issue, #ghx-board')) return true;
    if (doc.querySelector('meta[name="ajs-version-number"]') && doc.querySelector('body#jira')) return true;
    // A /browse/KEY-1 route alone is weak evidence; require a Jira-looking heading too.
    return Boolean(keyFromHref(loc.pathname) && doc.querySelector('#key-val, #summary-val'));
  },
  discover(doc, loc) {
    /** @type {import('./common.js').Found[]} */
    const found = [];
    const taken = new Set();
    for (const [sel, place, read] of CONTAINERS) {
      for (const el of doc.querySelectorAll(sel)) {
        const key = read(el);
        if (!KEY_RE.test(key)) continue;
        const anchor = [...el.querySelectorAll('a[href*="/browse/"]')].find((a) => keyFromHref(a.getAttribute('href') ?? '') === key) ?? el;
        found.push({ key, element: el, anchor, place });
        taken.add(el);
      }
    }
    // Issue view: Cloud's summary heading, or Server/DC's #summary-val.
    const heading = doc.querySelector(SUMMARY_HEADING) ?? doc.querySelector('#summary-val');
    if (heading) {
      const crumb = text(doc.querySelector(BREADCRUMB_KEY)) || text(doc.querySelector('#key-val'));
      const key = KEY_RE.test(crumb) ? crumb : viewKey(loc);
      const container = heading.parentElement;
      if (KEY_RE.test(key) && container && !within(taken, container)) {
        found.push({ key, element: container, anchor: heading, place: 'view' });
        taken.add(container);
      }
    }
    // Any other `/browse/KEY` link whose text is the key (links in descriptions, lists),
    // except links to the issue the page is showing (its breadcrumb).
    const shown = new Set(found.filter((f) => f.place === 'view').map((f) => f.key));
    for (const a of doc.querySelectorAll('a[href*="/browse/"]')) {
      const href = a.getAttribute('href') ?? '';
      const key = keyFromHref(href);
      if (!key || shown.has(key) || text(a) !== key) continue;
      // Only this instance's issues: a link to another Jira cannot be read from here.
      if (!sameOrigin(href, loc)) continue;
      if (within(taken, a) || a.closest('[data-readylens-key]')) continue;
      found.push({ key, element: a, anchor: a, place: 'link' });
    }
    return found;
  },
  async load(keys, ctx) {
    const base = jiraBase(ctx.document, ctx.location);
    const cloud = await isCloud(base, ctx.location, ctx.fetch, ctx.sleep);
    const board = boardId(ctx.location);
    const storyPoints = board ? await storyPointField(base, board, ctx.fetch, ctx.sleep) : null;
    // Each page is parsed (and, by the caller, analysed) while the next one loads.
    const parsing = [];
    await fetchIssues(keys, {
      base, cloud, fetch: ctx.fetch, sleep: ctx.sleep, storyPoints,
      onPage: (page) => {
        const p = ctx.parse('jira-json', JSON.stringify(page));
        p.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        parsing.push(p);
      },
    });
    const issues = [];
    for (const parsed of await Promise.all(parsing)) issues.push(...parsed.issues);
    return issues;
  },
  fromPage(found, doc, loc) {
    const { key, element, place } = found;
    let title = '';
    let blocks = [];
    if (place === 'view') {
      title = text(doc.querySelector(SUMMARY_HEADING) ?? doc.querySelector('#summary-val'));
      blocks = blocksFromElement(doc.querySelector(CLOUD_DESCRIPTION) ?? doc.querySelector('#description-val .user-content-block, #description-val'));
    } else if (place === 'link') {
      // A key link in running text: the summary, when shown, sits beside it.
      title = text(element.parentElement).replace(key, '').trim();
    } else {
      const summary = element.querySelector('[data-testid*="summary"], .ghx-summary, td.summary a.issue-link, td.summary');
      title = summary?.getAttribute('title') || text(summary);
      if (!title) title = text(element).replace(key, '').replace(KEY_IN_TEXT, '').trim();
    }
    if (!title) return null;
    return pageIssue({ tracker: 'jira', key, title, blocks, url: `${jiraBase(doc, loc)}/browse/${key}` });
  },
};
