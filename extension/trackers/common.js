// Helpers shared by the tracker modules: reading text from the page and building a
// normalised Issue (src/model.rs) from it when the tracker's API is not reachable.

/**
 * @typedef {object} Found  An issue located on the page.
 * @property {string} key       the tracker's issue key ("ENG-12", "group/project#3", "123")
 * @property {Element} element  the issue's card / row / view container; it gets
 *                              `data-readylens-key`
 * @property {Element} anchor   the badge is inserted right after this element (inside
 *                              `element`, or `element` itself when they are equal: then
 *                              the badge is appended to it)
 * @property {'card'|'row'|'view'|'link'} place
 */

/**
 * @typedef {object} LoadContext
 * @property {Document} document
 * @property {Location|URL} location
 * @property {(url: string, init?: RequestInit) => Promise<Response>} fetch  same-origin fetch
 * @property {(format: string, text: string) => Promise<{issues: object[], problems: any[]}>} parse
 *   the core's importer, run in the background
 * @property {(tracker: string, request: object) => Promise<{status: number, text: string, retryAfter?: string|null, rateLimitRemaining?: string|null}|null>} api
 *   token-protected API call through the background (null when no token; rejects when
 *   the call itself failed, e.g. timed out)
 * @property {(ms: number) => Promise<void>} sleep
 * @property {(keys: string[], why: string) => void} [fail]  the API could not give these
 *   keys, and why (the page text is used for them; the panel says why)
 */

/**
 * @typedef {object} TrackerModule
 * @property {string} id                      tracker id as in the Issue model
 * @property {(loc: Location|URL) => boolean} hostMatch  fast path: a cloud domain
 * @property {(doc: Document, loc: Location|URL) => boolean} detect  page markers
 * @property {(doc: Document, loc: Location|URL) => Found[]} discover
 * @property {(keys: string[], ctx: LoadContext) => Promise<object[]>} load
 *   normalised issues for as many keys as the API gives
 * @property {(found: Found, doc: Document, loc: Location|URL) => object|null} fromPage
 *   page-text fallback
 * @property {(issue: any, wanted: Set<string>) => string|null} [keyFor]
 * @property {EditorSpec[]} [editors]  create / edit fields the authoring assist reads
 * @property {(doc: Document, loc: Location|URL) => string} [scope]
 *   the project the page belongs to (origin + project path): the duplicate index key
 * @property {(key: string, doc: Document, loc: Location|URL) => string|null} [issueUrl]
 *   the page URL of an issue by key (when the importer's URL names another host)
 *   the page key of an issue the importer returned (when the importer keys differently)
 */

/**
 * @typedef {object} EditorSpec  A create dialog / page or edit form (issue 14).
 * @property {string} form         its container (the fields are looked up inside it)
 * @property {string} title        the title field (inside the form, else in the page)
 * @property {string} description  description editor(s): textarea, input or contenteditable
 * @property {string} [acceptance] a dedicated acceptance-criteria editor
 * @property {(form: Element, loc: Location|URL) => string} [kind]  the chosen type's name
 * @property {(form: Element, loc: Location|URL) => string} [key]   the key being edited
 */

/**
 * Does `href` (relative or absolute) point at the page's own origin?
 * @param {string} href
 * @param {Location|URL} loc
 * @returns {boolean}
 */
export function sameOrigin(href, loc) {
  try {
    return new URL(href, loc.href).origin === loc.origin;
  } catch {
    return false;
  }
}

/**
 * Is `node` one of `set` or inside one of them? (Walks up the ancestors: linear in the
 * depth, where `[...set].some((t) => t.contains(node))` is linear in the set's size,
 * which made discovery quadratic on a 500-card board.)
 * @param {Set<Element>} set
 * @param {Element|null} node
 * @returns {boolean}
 */
export function within(set, node) {
  for (let n = node; n; n = n.parentElement) if (set.has(n)) return true;
  return false;
}

/**
 * Collapsed text content of an element ('' for null).
 * @param {Element|null|undefined} el
 * @returns {string}
 */
export function text(el) {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Structured blocks (src/model.rs `Block`) read from rendered rich text: headings,
 * paragraphs, list items with depth and checkbox state, code, quotes and tables.
 * @param {Element|null|undefined} root
 * @returns {object[]}
 */
export function blocksFromElement(root) {
  const blocks = [];
  if (!root) return blocks;
  const walk = (el, depth) => {
    for (const child of el.children) {
      const tag = child.tagName.toLowerCase();
      if (/^h[1-6]$/.test(tag)) {
        const t = text(child);
        if (t) blocks.push({ type: 'heading', level: Number(tag[1]), text: t });
      } else if (tag === 'ul' || tag === 'ol') {
        for (const li of child.children) {
          if (li.tagName.toLowerCase() !== 'li') continue;
          const nested = [...li.children].filter((c) => /^(ul|ol)$/i.test(c.tagName));
          const clone = li.cloneNode(true);
          for (const n of clone.querySelectorAll('ul,ol')) n.remove();
          const box = li.querySelector(':scope > input[type=checkbox], :scope > * > input[type=checkbox]');
          const state = li.getAttribute('data-task-state');
          let checked;
          if (box) checked = box.checked || box.hasAttribute('checked');
          else if (state) checked = state.toUpperCase() === 'DONE';
          const item = { type: 'list-item', ordered: tag === 'ol', depth, text: text(clone) };
          if (checked !== undefined) item.checked = checked;
          if (item.text) blocks.push(item);
          for (const n of nested) walk({ children: [n] }, depth + 1);
        }
      } else if (tag === 'pre') {
        blocks.push({ type: 'code', text: child.textContent ?? '' });
      } else if (tag === 'blockquote') {
        const t = text(child);
        if (t) blocks.push({ type: 'quote', text: t });
      } else if (tag === 'table') {
        const rows = [...child.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => text(c)));
        if (rows.length) blocks.push({ type: 'table', rows });
      } else if (tag === 'hr') {
        blocks.push({ type: 'rule' });
      } else if (tag === 'p') {
        const t = text(child);
        if (t) blocks.push({ type: 'paragraph', text: t });
      } else if (child.children.length && [...child.children].some((c) => /^(p|ul|ol|h[1-6]|pre|table|div|blockquote)$/i.test(c.tagName))) {
        walk(child, depth);
      } else {
        const t = text(child);
        if (t) blocks.push({ type: 'paragraph', text: t });
      }
    }
  };
  walk(root, 0);
  if (!blocks.length) {
    const t = text(root);
    if (t) blocks.push({ type: 'paragraph', text: t });
  }
  return blocks;
}

/**
 * A normalised Issue built from what the page shows. Only what is visible is set; the
 * rest stays absent so the core reports it as unknown rather than wrong.
 * @param {{tracker: string, key: string, title: string, blocks?: object[], url?: string, kindName?: string}} p
 * @returns {object}
 */
export function pageIssue({ tracker, key, title, blocks = [], url, kindName }) {
  const issue = { tracker, key, title, kind: 'other', description: { blocks } };
  if (url) issue.url = url;
  if (kindName) {
    issue.kind_name = kindName;
    issue.kind = kindFromName(kindName);
  }
  return issue;
}

/**
 * Normalise a tracker's type name like `IssueKind::from_name` in src/model.rs.
 * @param {string} name
 * @returns {string}
 */
export function kindFromName(name) {
  const n = String(name).trim().toLowerCase();
  const table = {
    story: ['story', 'user story', 'product backlog item', 'pbi', 'requirement'],
    bug: ['bug', 'defect', 'incident', 'problem'],
    task: ['task', 'chore', 'technical task', 'technical debt'],
    subtask: ['sub-task', 'subtask', 'sub task', 'sub-bug'],
    epic: ['epic', 'initiative', 'theme'],
    feature: ['feature', 'new feature', 'feature request', 'enhancement'],
    spike: ['spike', 'research', 'investigation'],
    improvement: ['improvement'],
  };
  for (const [kind, names] of Object.entries(table)) if (names.includes(n)) return kind;
  return 'other';
}

/**
 * Fetch JSON with back-off on 429 / 503 (honouring `Retry-After` seconds, else
 * exponential from 1 s), at most `retries` retries. Resolves to `{status, json, text}`;
 * `json` is null when the body is not JSON.
 * @param {(url: string, init?: RequestInit) => Promise<Response>} fetchFn
 * @param {string} url
 * Each attempt, body included, is abandoned after `timeoutMs` (a tracker that never
 * answers must not leave the badges loading for ever): the promise then rejects.
 * @param {{init?: RequestInit, sleep: (ms: number) => Promise<void>, retries?: number, timeoutMs?: number}} opts
 * @returns {Promise<{status: number, json: any, text: string, retryAfter: string|null}>}
 *   `retryAfter`: the last answer's Retry-After header (a 429 still refused after the retries)
 */
export async function getJson(fetchFn, url, { init = {}, sleep, retries = 3, timeoutMs = 20000 }) {
  for (let attempt = 0; ; attempt++) {
    const signal = init.signal ?? AbortSignal.timeout(timeoutMs);
    const res = await fetchFn(url, { credentials: 'same-origin', signal, ...init, method: 'GET' });
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      const ra = Number(res.headers?.get?.('Retry-After'));
      const wait = Number.isFinite(ra) && ra > 0 ? Math.min(ra, 60) * 1000 : 1000 * 2 ** attempt;
      await sleep(wait);
      continue;
    }
    const body = await res.text();
    let json = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    return { status: res.status, json, text: body, retryAfter: res.headers?.get?.('Retry-After') ?? null };
  }
}

/** What an HTTP status from a tracker API means, in the words the panel shows. */
const STATUS_WORDS = {
  203: 'a sign-in page: not signed in',
  400: 'the request was refused',
  401: 'not signed in, or the session expired',
  403: 'no permission to read these issues',
  404: 'not found, or not visible to you',
  410: 'this API is gone',
  429: 'rate limited',
  500: 'server error',
  502: 'bad gateway',
  503: 'unavailable',
};

/**
 * Why a tracker API answer cannot be used ('' when it can): the HTTP status with what it
 * means (and the Retry-After of a rate limit), or malformed JSON. Shown in the panel
 * beside issues read from the page text instead.
 * @param {string} api  e.g. "GitLab API"
 * @param {{status: number, json: any, retryAfter?: string|null}} answer
 * @param {(json: any) => boolean} usable  is the JSON the shape expected?
 * @returns {string}
 */
export function apiProblem(api, { status, json, retryAfter }, usable) {
  if (status === 200) return json !== null && usable(json) ? '' : `the ${api} answered with malformed JSON`;
  let words = STATUS_WORDS[status] ?? (status >= 500 ? 'server error' : '');
  if (status === 429 && retryAfter) words += `; it asked to retry after ${retryAfter} s`;
  return `the ${api} answered HTTP ${status}${words ? ` (${words})` : ''}`;
}

/**
 * A token API call through the background (GitHub, Linear) with the same back-off as
 * `getJson`: 429 / 503 are retried at most `retries` times, after the answer's
 * Retry-After seconds (at most 60), else exponentially from 1 s. Resolves to null when
 * no token is configured.
 * @param {import('./common.js').LoadContext} ctx
 * @param {string} tracker
 * @param {object} request
 * @param {{retries?: number}} [opts]
 * @returns {Promise<{status: number, json: any, text: string, retryAfter: string|null, rateLimitRemaining: string|null}|null>}
 */
export async function tokenApi(ctx, tracker, request, { retries = 3 } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await ctx.api(tracker, request);
    if (!res) return null;
    const retryAfter = res.retryAfter ?? null;
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      const ra = Number(retryAfter);
      await ctx.sleep(Number.isFinite(ra) && ra > 0 ? Math.min(ra, 60) * 1000 : 1000 * 2 ** attempt);
      continue;
    }
    let json = null;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text: res.text, retryAfter, rateLimitRemaining: res.rateLimitRemaining ?? null };
  }
}

/**
 * Why a token API answer cannot be used ('' when it can): `apiProblem`, plus what a 401
 * and 403 mean for a pasted token (a bad or revoked token; an exhausted hourly quota
 * — GitHub's 403 with `x-ratelimit-remaining: 0` — or a token without the scope).
 * @param {string} api  e.g. "GitHub API"
 * @param {{status: number, json: any, retryAfter?: string|null, rateLimitRemaining?: string|null}} answer
 * @param {(json: any) => boolean} usable
 * @returns {string}
 */
export function tokenApiProblem(api, answer, usable) {
  const { status } = answer;
  if (status === 401) return `the ${api} answered HTTP 401 (the token in the options was refused: wrong, expired or revoked)`;
  if (status === 403 && answer.rateLimitRemaining === '0') return `the ${api} answered HTTP 403 (rate limited: the token's hourly quota is used up)`;
  if (status === 403) return `the ${api} answered HTTP 403 (no permission: the token may lack the scope to read these issues)`;
  return apiProblem(api, answer, usable);
}

/**
 * Split `items` into chunks of at most `size`.
 * @template T
 * @param {T[]} items
 * @param {number} size
 * @returns {T[][]}
 */
export function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Does the document carry `<meta name=NAME content=...>` (content matched when given)?
 * @param {Document} doc
 * @param {string} name
 * @param {RegExp} [content]
 * @returns {boolean}
 */
export function hasMeta(doc, name, content) {
  const m = doc.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
  if (!m) return false;
  return content ? content.test(m.getAttribute('content') ?? '') : true;
}
