// GitHub Issues and Projects (github.com and GitHub Enterprise Server).
//
// Selectors and the fixture pages they were checked against
// (tests/fixtures/pages/github/):
//   issues.html  list links `a[data-testid="issue-pr-title-link"]` in `[role="listitem"]` rows
//   issue.html   title `[data-testid="issue-title"]`, body `.react-issue-body .markdown-body`
//   project-board.html  Projects cards `[data-board-card-id]` with an issue link
// GitHub Enterprise is recognised by its meta tags (`expected-hostname`, `octolytics-url`,
// `og:site_name` "GitHub"). The REST API does not accept the session cookie, so full
// data needs a token pasted in the options (called from the background); otherwise the
// page text is used. GitHub's page CSP forbids WASM in content scripts: it runs in the
// background anyway.

import { blocksFromElement, hasMeta, pageIssue, sameOrigin, text, tokenApi, tokenApiProblem, within } from './common.js';

const KEY_RE = /^([\w.-]+)\/([\w.-]+)#(\d+)$/;

/**
 * `owner/repo#n` from an issue URL path, or ''.
 * @param {string} pathname
 * @returns {string}
 */
export function keyFromPath(pathname) {
  const m = /^\/([\w.-]+)\/([\w.-]+)\/issues\/(\d+)(?:[/?#]|$)/.exec(pathname);
  return m ? `${m[1]}/${m[2]}#${m[3]}` : '';
}

/**
 * Editors the authoring assist reads (issue 14): the new issue page (`form#new_issue`,
 * `#issue_title`, `#issue_body`), checked on tests/fixtures/pages/github/new-issue.html;
 * issue forms (`textarea[name^="issue_form["]`, a field whose id names "acceptance" read
 * as the acceptance criteria), on github/issue-form.html; the React issue viewer in edit
 * mode (`input[aria-label="Title"]`, `textarea[aria-label="Markdown value"]`), on
 * github/issue-edit.html; the classic edit forms (`issue[title]`, `issue[body]`).
 * @type {import('./common.js').EditorSpec[]}
 */
export const GITHUB_EDITORS = [
  {
    form: 'form#new_issue, form.js-new-issue-form, form.js-issue-form, form.js-comment-update, [data-testid="issue-create-pane-container"], [data-testid="issue-viewer-container"]',
    title: '#issue_title, input[name="issue[title]"], input[aria-label="Add a title"], input[aria-label="Title"]',
    description: '#issue_body, textarea[name="issue[body]"], textarea[name^="issue_form["]:not([id*="acceptance" i]), textarea[aria-label="Markdown value"]',
    acceptance: 'textarea[name^="issue_form["][id*="acceptance" i]',
    key: (_form, loc) => keyFromPath(loc.pathname),
  },
];

/** @type {import('./common.js').TrackerModule} */
export const github = {
  id: 'github',
  editors: GITHUB_EDITORS,
  scope: (_doc, loc) => {
    const m = /^\/([\w.-]+)\/([\w.-]+)(?:\/|$)/.exec(loc.pathname);
    return m ? `${loc.origin}/${m[1]}/${m[2]}` : loc.origin;
  },
  hostMatch: (loc) => loc.hostname === 'github.com',
  detect(doc) {
    return hasMeta(doc, 'expected-hostname') || hasMeta(doc, 'octolytics-url') || hasMeta(doc, 'og:site_name', /^GitHub/);
  },
  discover(doc, loc) {
    /** @type {import('./common.js').Found[]} */
    const found = [];
    const taken = new Set();
    const title = doc.querySelector('[data-testid="issue-title"]');
    const here = keyFromPath(loc.pathname);
    if (title && here) {
      const element = title.closest('h1, [data-testid="issue-header"]') ?? title.parentElement;
      if (element) {
        found.push({ key: here, element, anchor: title, place: 'view' });
        taken.add(element);
      }
    }
    for (const a of doc.querySelectorAll('a[data-testid="issue-pr-title-link"], [data-board-card-id] a[href*="/issues/"]')) {
      const href = a.getAttribute('href') ?? '';
      if (!sameOrigin(href, loc)) continue;
      const key = keyFromPath(new URL(href, loc.href).pathname);
      if (!key) continue;
      const element = a.closest('[data-board-card-id], [role="listitem"], li') ?? a;
      if (taken.has(element) || within(taken, element.parentElement)) continue;
      found.push({ key, element, anchor: a, place: element.matches('[data-board-card-id]') ? 'card' : element === a ? 'link' : 'row' });
      taken.add(element);
    }
    return found;
  },
  keyFor(issue, wanted) {
    if (wanted.has(issue.key)) return issue.key;
    const url = typeof issue.url === 'string' ? issue.url : '';
    const fromUrl = url ? keyFromPath(new URL(url, 'https://x.invalid').pathname) : '';
    if (fromUrl && wanted.has(fromUrl)) return fromUrl;
    const n = /(\d+)$/.exec(String(issue.key))?.[1];
    const hits = [...wanted].filter((k) => k.endsWith(`#${n}`));
    return hits.length === 1 ? hits[0] : null;
  },
  async load(keys, ctx) {
    const base = ctx.location.hostname === 'github.com' ? undefined : `${ctx.location.origin}/api/v3`;
    const issues = [];
    const wanted = keys.slice(0, 60).filter((k) => KEY_RE.test(k));
    for (let i = 0; i < wanted.length; i++) {
      const key = wanted[i];
      const m = KEY_RE.exec(key);
      if (!m) continue;
      const answer = await tokenApi(ctx, 'github', { path: `/repos/${m[1]}/${m[2]}/issues/${m[3]}`, base });
      if (!answer) break; // no token: the page text is all there is
      const why = tokenApiProblem('GitHub API', answer, (j) => Boolean(j) && typeof j === 'object' && !Array.isArray(j));
      if (why) {
        // A refused token, a missing scope or a spent quota holds for every issue: stop
        // asking. Anything else (404, 410, a bad body) is about this issue alone.
        const all = [401, 403, 429].includes(answer.status);
        ctx.fail?.(all ? wanted.slice(i) : [key], why);
        if (all) break;
        continue;
      }
      const parsed = await ctx.parse('github-json', answer.text);
      issues.push(...parsed.issues);
    }
    return issues;
  },
  fromPage(found, doc, loc) {
    const { key, anchor, place } = found;
    const title = text(anchor);
    if (!title) return null;
    const blocks = place === 'view' ? blocksFromElement(doc.querySelector('.react-issue-body .markdown-body, [data-testid="issue-body"] .markdown-body')) : [];
    const m = KEY_RE.exec(key);
    return pageIssue({ tracker: 'github', key, title, blocks, url: m ? `${loc.origin}/${m[1]}/${m[2]}/issues/${m[3]}` : undefined });
  },
};
