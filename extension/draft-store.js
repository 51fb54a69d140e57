// The duplicate index behind the authoring assist (issue 14): per scope (a project:
// origin plus project path), the issues the extension has loaded there, so a draft typed
// on a create page can be compared with the project's backlog. Kept in the background:
// in memory, and in IndexedDB (extension origin, this machine only) so a restarted
// service worker or a new browser session re-indexes lazily. Capped per scope and in
// number of scopes; issue text never leaves the machine.
//
// Size cap: at most MAX_PER_SCOPE issues per scope (the least recently updated in the
// index are dropped first), MAX_SCOPES scopes, and each issue's description cut to
// MAX_ISSUE_TEXT characters. Measured by tests/e2e/assist.bench.mjs on 20,000 Deep-SE
// Jira issues: about 11 MB saved in IndexedDB; in memory, the background's copy plus the
// WASM duplicate index (see BENCHMARKS.md). Cutting descriptions at 1,000 characters
// instead of 4,000 shrinks the WASM index by a fifth and finds the same known duplicates
// of the SeaMonkey pairs in the top 5 (48 of 62 either way).
//
// The project crawl (extension/crawl.js) also keeps, per scope and project, where it got
// to (`CrawlState`), so the next visit only asks the tracker for issues updated since.

/** Issues kept per scope (the oldest-updated are dropped first). */
export const MAX_PER_SCOPE = 20000;
/** Scopes kept (in memory and on disk); the least recently used are dropped. */
export const MAX_SCOPES = 20;
/** Characters of description text kept per indexed issue. */
export const MAX_ISSUE_TEXT = 1000;
/** A crawl's pages are saved together at most this often (ms); the last page at once. */
export const SAVE_DELAY = 3000;

/**
 * What the index and the assist need of an issue: everything but the bag of raw
 * tracker fields (which can be large and is not read by the similarity engine).
 * @param {any} issue
 * @returns {any}
 */
export function slim(issue) {
  const { fields: _fields, ...rest } = issue;
  const blocks = rest.description?.blocks;
  if (Array.isArray(blocks)) {
    let left = MAX_ISSUE_TEXT;
    const kept = [];
    for (const b of blocks) {
      if (left <= 0) break;
      const t = typeof b?.text === 'string' ? b.text : '';
      if (t.length > left) {
        kept.push({ ...b, text: t.slice(0, left) });
        left = 0;
      } else {
        kept.push(b);
        left -= t.length;
      }
    }
    if (kept.length !== blocks.length || left === 0) rest.description = { ...rest.description, blocks: kept };
  }
  return rest;
}

/**
 * Where a project crawl got to.
 * @typedef {object} CrawlState
 * @property {string|null} updated  the newest `updated` time seen (the next crawl asks for
 *   issues updated since then); null until a crawl completed
 * @property {boolean} complete     a full crawl finished once
 * @property {boolean} [cancelled]  the user stopped it: not restarted on its own
 * @property {number} count         issues the last crawl returned
 * @property {number|null} total    issues the tracker said the project has (when it says)
 * @property {number} at            when it last ran (ms)
 */

/**
 * @typedef {object} Persist  where scopes are saved (IndexedDB in the background)
 * @property {(scope: string) => Promise<any[]|{issues: any[], crawls?: Record<string, CrawlState>}|null>} load
 * @property {(scope: string, issues: any[], crawls?: Record<string, CrawlState>) => Promise<void>} save
 * @property {(scope: string) => Promise<void>} remove
 * @property {() => Promise<string[]>} [scopes]
 */

/**
 * @typedef {object} ScopeEntry
 * @property {Map<string, any>} issues  by key, oldest first
 * @property {number} version           bumped on every change (the checker is rebuilt)
 * @property {number} used              last use (for eviction)
 * @property {Record<string, CrawlState>} crawls  by project
 * @property {any} [saveTimer]          a pending deferred save
 */

export class BacklogStore {
  /**
   * @param {Persist|null} persist
   * @param {{maxPerScope?: number, maxScopes?: number, now?: () => number, saveDelay?: number}} [opts]
   */
  constructor(persist, opts = {}) {
    this.persist = persist;
    this.maxPerScope = opts.maxPerScope ?? MAX_PER_SCOPE;
    this.maxScopes = opts.maxScopes ?? MAX_SCOPES;
    this.now = opts.now ?? (() => Date.now());
    /** @type {Map<string, ScopeEntry>} */
    this.scopes = new Map();
    /** @type {Map<string, Promise<ScopeEntry>>} */
    this.loading = new Map();
    this.versions = 0;
    this.saveDelay = opts.saveDelay ?? SAVE_DELAY;
  }

  /**
   * The scope's entry, read from disk the first time it is asked for.
   * @param {string} scope
   * @returns {Promise<ScopeEntry>}
   */
  async get(scope) {
    const have = this.scopes.get(scope);
    if (have) {
      have.used = this.now();
      return have;
    }
    let pending = this.loading.get(scope);
    if (!pending) {
      pending = (async () => {
        let saved = null;
        try {
          saved = this.persist ? await this.persist.load(scope) : null;
        } catch (err) {
          console.warn('readylens: could not read the saved index', err);
        }
        /** @type {ScopeEntry} */
        const entry = { issues: new Map(), version: ++this.versions, used: this.now(), crawls: {} };
        const list = Array.isArray(saved) ? saved : Array.isArray(saved?.issues) ? saved.issues : [];
        if (saved && !Array.isArray(saved) && saved.crawls && typeof saved.crawls === 'object') entry.crawls = { ...saved.crawls };
        for (const i of list) {
          if (i && typeof i.key === 'string') entry.issues.set(i.key, i);
        }
        this.scopes.set(scope, entry);
        this.loading.delete(scope);
        this.evict(scope);
        return entry;
      })();
      this.loading.set(scope, pending);
    }
    return pending;
  }

  /**
   * Add (or, with `replace`, set) the scope's issues. Returns whether anything changed
   * and the index size; saves to disk when something did.
   * @param {string} scope
   * @param {any[]} issues
   * @param {boolean} [replace]
   * @param {{crawl?: {project: string, state: CrawlState}, defer?: boolean}} [opts]
   *   `crawl`: record the project crawl's state with the issues; `defer`: one page of a
   *   crawl (saved with the next ones, at most every `saveDelay` ms)
   * @returns {Promise<{changed: boolean, size: number}>}
   */
  async add(scope, issues, replace = false, opts = {}) {
    const entry = await this.get(scope);
    let changed = false;
    if (replace) {
      const keep = new Set(issues.map((i) => i.key));
      for (const k of [...entry.issues.keys()]) {
        if (!keep.has(k)) {
          entry.issues.delete(k);
          changed = true;
        }
      }
    }
    for (const raw of issues) {
      const issue = slim(raw);
      const before = entry.issues.get(issue.key);
      if (before && JSON.stringify(before) === JSON.stringify(issue)) continue;
      // Re-inserting moves the issue to the newest end.
      entry.issues.delete(issue.key);
      entry.issues.set(issue.key, issue);
      changed = true;
    }
    while (entry.issues.size > this.maxPerScope) {
      const oldest = entry.issues.keys().next().value;
      if (oldest === undefined) break;
      entry.issues.delete(oldest);
    }
    if (changed) entry.version = ++this.versions;
    if (opts.crawl) entry.crawls[opts.crawl.project] = { ...opts.crawl.state };
    if (changed || opts.crawl) {
      if (opts.defer) this.saveLater(scope, entry);
      else await this.save(scope, entry);
    }
    return { changed, size: entry.issues.size };
  }

  /**
   * Write the scope to disk now (dropping a pending deferred save).
   * @param {string} scope
   * @param {ScopeEntry} entry
   */
  async save(scope, entry) {
    if (entry.saveTimer) clearTimeout(entry.saveTimer);
    entry.saveTimer = null;
    if (!this.persist || this.scopes.get(scope) !== entry) return;
    try {
      await this.persist.save(scope, [...entry.issues.values()], entry.crawls);
    } catch (err) {
      console.warn('readylens: could not save the index', err);
    }
  }

  /** Save within `saveDelay` ms (pages of one crawl are written together). */
  saveLater(scope, entry) {
    if (entry.saveTimer) return;
    entry.saveTimer = setTimeout(() => {
      entry.saveTimer = null;
      this.save(scope, entry).catch(() => undefined);
    }, this.saveDelay);
  }

  /**
   * Where the crawl of `project` in `scope` got to, and the index size.
   * @param {string} scope
   * @param {string} project
   * @returns {Promise<{state: CrawlState|null, size: number}>}
   */
  async crawlState(scope, project) {
    const entry = await this.get(scope);
    return { state: entry.crawls[project] ?? null, size: entry.issues.size };
  }

  /**
   * Drop the least recently used scopes beyond the cap (memory and disk).
   * @param {string} keep the scope just used
   */
  evict(keep) {
    if (this.scopes.size <= this.maxScopes) return;
    const order = [...this.scopes.entries()].filter(([s]) => s !== keep).sort((a, b) => a[1].used - b[1].used);
    while (this.scopes.size > this.maxScopes && order.length) {
      const next = order.shift();
      if (!next) break;
      if (next[1].saveTimer) clearTimeout(next[1].saveTimer);
      this.scopes.delete(next[0]);
      this.persist?.remove(next[0]).catch(() => undefined);
    }
  }
}

/**
 * IndexedDB persistence (background only): one record per scope.
 * @param {IDBFactory} idb
 * @returns {Persist}
 */
export function indexedDbPersist(idb) {
  const DB = 'readylens-drafts';
  const STORE = 'backlogs';
  /** @type {Promise<IDBDatabase>|null} */
  let opening = null;
  const db = () => (opening ??= new Promise((resolve, reject) => {
    const req = idb.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
  }));
  /** @type {(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest) => Promise<any>} */
  const run = async (mode, f) => {
    const d = await db();
    return new Promise((resolve, reject) => {
      const req = f(d.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  };
  return {
    load: async (scope) => {
      const rec = await run('readonly', (s) => s.get(scope));
      return rec && Array.isArray(rec.issues) ? { issues: rec.issues, crawls: rec.crawls ?? {} } : null;
    },
    save: async (scope, issues, crawls = {}) => {
      await run('readwrite', (s) => s.put({ issues, crawls, saved: Date.now() }, scope));
    },
    remove: async (scope) => {
      await run('readwrite', (s) => s.delete(scope));
    },
  };
}
