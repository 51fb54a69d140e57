// Typed messages between content scripts / extension pages and the background.
//
// Every message is a plain object with a `type` discriminant; `isRequest` is the single
// guard the background runs before it touches a message, so a malformed or foreign
// message is answered with an error instead of reaching the WASM core. The shapes are
// documented as JSDoc typedefs (the lead generates TypeScript types for the Report from
// the Rust types; these are the extension's own envelope types).

/**
 * @typedef {{type: 'parse', format: string, text: string, source?: string}} ParseRequest
 *   Parse a raw tracker payload (e.g. Jira REST JSON) with the core's importer.
 * @typedef {{type: 'analyze', issues: object[], slim?: boolean, session?: string}} AnalyzeRequest
 *   Analyse normalised issues with the user's configuration.
 *   With `slim` and a `session` id, the answer carries per issue only what a badge and
 *   the popup show (key, title, verdict, passed/total, primary priority score, KPI hint
 *   count): a 500-issue report is ~1.8 MB of JSON, its badges ~80 KB. The full issue
 *   reports are kept by the background for `report-detail` (the last page-wide analysis
 *   of each session).
 * @typedef {{type: 'report-detail', session: string, key: string}} ReportDetailRequest
 *   One issue's full report from the last slim analysis of `session` (for the panel):
 *   `{report}`, or an error when the background no longer has it (restarted).
 * @typedef {{type: 'check-text', text: string, format?: string}} CheckTextRequest
 *   Parse and analyse text in one call (authoring assist, issue 14).
 * @typedef {{type: 'draft-index', scope: string, issues: object[], replace?: boolean, crawl?: CrawlRecord, defer?: boolean, project?: string}} DraftIndexRequest
 *   Add the issues a page loaded to the duplicate index of `scope` (a project: origin plus
 *   project path); with `replace`, they become the whole index. Kept by the background
 *   (memory and IndexedDB, capped) and indexed by one DraftChecker per scope.
 *   With `crawl` (a page of a project crawl, extension/crawl.js), the crawl's state is
 *   recorded too; `defer` saves it to disk with the next pages. With `project`, the
 *   answer also says where that project's crawl got to (`state`, null before the first
 *   crawl): `{changed, size, state}`.
 * @typedef {{project: string, state: {updated: string|null, complete: boolean, cancelled?: boolean, count: number, total: number|null, at: number}}} CrawlRecord
 * @typedef {{type: 'draft-check', scope: string, draft: object}} DraftCheckRequest
 *   Lint a draft issue (title, description, acceptance criteria being typed) and find
 *   likely duplicates in the scope's index: `{report, similar, indexed}`.
 * @typedef {{type: 'api-fetch', tracker: 'github'|'linear', request: ApiRequest}} ApiFetchRequest
 *   A call to a token-protected tracker API, made by the background with the token the
 *   user pasted in the options (the token never reaches the page).
 * @typedef {{path: string, query?: string, variables?: object, base?: string}} ApiRequest
 * @typedef {{type: 'settings'}} SettingsRequest  Read the public part of the settings.
 * @typedef {{type: 'validate-config', config: object}} ValidateConfigRequest
 *   Check a configuration document with the core (the error names the bad path).
 * @typedef {{type: 'version'}} VersionRequest
 * @typedef {{type: 'page-state', paused?: boolean, detail?: boolean}} PageStateRequest
 *   Sent by the popup to a tab's content script: report its issues (and pause/resume);
 *   with `detail`, also the normalised issues as analysed (for export and tests).
 * @typedef {ParseRequest|AnalyzeRequest|ReportDetailRequest|CheckTextRequest|DraftIndexRequest|DraftCheckRequest|ApiFetchRequest|SettingsRequest|ValidateConfigRequest|VersionRequest} BackgroundRequest
 * @typedef {{ok: true, [k: string]: unknown}|{ok: false, error: string}} Response
 */

/** Every request type the background answers. */
export const BACKGROUND_TYPES = Object.freeze([
  'parse',
  'analyze',
  'report-detail',
  'check-text',
  'draft-index',
  'draft-check',
  'api-fetch',
  'settings',
  'validate-config',
  'version',
]);

/** Largest payload accepted in one message (characters): a 500-issue Jira page is ~5 MB. */
export const MAX_TEXT = 32 * 1024 * 1024;

/** @type {(v: unknown) => v is string} */
const isString = (v) => typeof v === 'string';
/** @type {(v: unknown) => v is Record<string, any>} */
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Most issues one `draft-index` message may carry (the index itself is capped too). */
export const MAX_INDEXED = 20000;
/** Longest draft text accepted (characters per field). */
export const MAX_DRAFT = 200000;

/** A scope is an http(s) origin followed by an optional project path. */
const isScope = (v) => isString(v) && v.length <= 2048 && /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v);

/** A project name in a crawl record (a Jira key, a GitLab path, a team…). */
const isProject = (v) => isString(v) && v.length > 0 && v.length <= 512;
const isTime = (v) => v === null || (isString(v) && v.length <= 64);
const isCount = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A crawl record sent with a page of issues. */
const isCrawl = (v) => isPlainObject(v) && isProject(v.project) && isPlainObject(v.state) &&
  isTime(v.state.updated) && typeof v.state.complete === 'boolean' &&
  (v.state.cancelled === undefined || typeof v.state.cancelled === 'boolean') &&
  isCount(v.state.count) && (v.state.total === null || isCount(v.state.total)) && isCount(v.state.at);

/** A `{blocks: [...]}` document whose blocks are objects. */
const isDoc = (v) => isPlainObject(v) && Array.isArray(v.blocks) && v.blocks.every(isPlainObject) &&
  v.blocks.reduce((n, b) => n + (isString(b.text) ? b.text.length : 0), 0) <= MAX_DRAFT;

/**
 * Is `v` a draft issue the background may hand to the core: a title, a description
 * document, optional acceptance criteria, no key yet (or the key of the issue being
 * edited).
 * @param {unknown} v
 * @returns {boolean}
 */
export function isDraft(v) {
  return isPlainObject(v) && isString(v.tracker) && isString(v.key) && isString(v.kind) &&
    isString(v.title) && v.title.length <= MAX_DRAFT && isDoc(v.description) &&
    (v.acceptance_criteria === undefined || v.acceptance_criteria === null || isDoc(v.acceptance_criteria)) &&
    (v.labels === undefined || (Array.isArray(v.labels) && v.labels.every(isString)));
}

/**
 * Is `msg` a well-formed request for the background? Checks the discriminant and the
 * type of every field the handler reads.
 * @param {unknown} msg
 * @returns {msg is BackgroundRequest}
 */
export function isRequest(msg) {
  if (!isPlainObject(msg) || !isString(msg.type)) return false;
  switch (msg.type) {
    case 'parse':
      return isString(msg.format) && isString(msg.text) && msg.text.length <= MAX_TEXT &&
        (msg.source === undefined || isString(msg.source));
    case 'analyze':
      return Array.isArray(msg.issues) && msg.issues.every(isPlainObject) &&
        (msg.slim === undefined || typeof msg.slim === 'boolean') &&
        (msg.session === undefined || (isString(msg.session) && msg.session.length <= 200));
    case 'report-detail':
      return isString(msg.session) && msg.session.length <= 200 && isString(msg.key) && msg.key.length <= 2048;
    case 'check-text':
      return isString(msg.text) && msg.text.length <= MAX_TEXT &&
        (msg.format === undefined || isString(msg.format));
    case 'draft-index':
      return isScope(msg.scope) && Array.isArray(msg.issues) && msg.issues.length <= MAX_INDEXED &&
        msg.issues.every((i) => isPlainObject(i) && isString(i.key) && i.key !== '' && isString(i.title)) &&
        (msg.replace === undefined || typeof msg.replace === 'boolean') &&
        (msg.crawl === undefined || isCrawl(msg.crawl)) &&
        (msg.defer === undefined || typeof msg.defer === 'boolean') &&
        (msg.project === undefined || isProject(msg.project));
    case 'draft-check':
      return isScope(msg.scope) && isDraft(msg.draft);
    case 'api-fetch':
      return (msg.tracker === 'github' || msg.tracker === 'linear') &&
        isPlainObject(msg.request) && isString(msg.request.path) &&
        (msg.request.query === undefined || isString(msg.request.query)) &&
        (msg.request.base === undefined || isString(msg.request.base)) &&
        (msg.request.variables === undefined || isPlainObject(msg.request.variables));
    case 'validate-config':
      return isPlainObject(msg.config);
    case 'settings':
    case 'version':
      return true;
    default:
      return false;
  }
}

/**
 * Is `msg` a request from the popup to a content script?
 * @param {unknown} msg
 * @returns {msg is PageStateRequest}
 */
export function isPageRequest(msg) {
  return isPlainObject(msg) && msg.type === 'page-state' &&
    (msg.paused === undefined || typeof msg.paused === 'boolean') &&
    (msg.detail === undefined || typeof msg.detail === 'boolean');
}

/**
 * Build a successful response.
 * @param {object} body
 * @returns {Response}
 */
export function ok(body) {
  return { ok: true, ...body };
}

/**
 * Build an error response from anything thrown.
 * @param {unknown} err
 * @returns {Response}
 */
export function fail(err) {
  const error = err instanceof Error ? err.message : String(err);
  return { ok: false, error };
}
