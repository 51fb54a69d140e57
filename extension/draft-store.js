// The duplicate index behind the authoring assist (issue 14): per scope (a project:
// origin plus project path), the issues the extension has loaded there, so a draft typed
// on a create page can be compared with the project's backlog. The issues are kept in
// IndexedDB (extension origin, this machine only) and in the scope's DraftChecker (the
// WASM duplicate index, which has the titles and links the panel shows); the background
// keeps only a fingerprint per key, so an unchanged issue is not indexed again. A
// restarted service worker or a new browser session re-indexes lazily from disk. Capped
// per scope and in number of scopes; issue text never leaves the machine.
//
// Size cap: at most MAX_PER_SCOPE issues per scope (the least recently updated in the
// index are dropped first), MAX_SCOPES scopes, and each issue's description cut to
// MAX_ISSUE_TEXT characters. Measured by tests/e2e/assist.bench.mjs on 20,000 Deep-SE
// Jira issues (see BENCHMARKS.md): about 11 MB saved in IndexedDB; in memory, the WASM
// duplicate index and the fingerprints. Cutting descriptions at 1,000 characters
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
 * @property {Map<string, number>} issues  by key (oldest first): a fingerprint of the
 *   indexed issue, to tell an edit from a repeat. The issues themselves are on disk
 *   (and in the scope's DraftChecker): the background keeps no copy of them.
 * @property {Map<string, any>} pending  issues added since the last save
 * @property {number} version           bumped on every change
 * @property {number} used              last use (for eviction)
 * @property {Record<string, CrawlState>} crawls  by project
 * @property {any} [saveTimer]          a pending deferred save
 * @property {Promise<void>} saving     saves of the scope, one after the other
 * @property {boolean} [dirty]          changed since the last save
 */

/**
 * @typedef {object} Change  what an `add` changed, for the scope's DraftChecker
 * @property {any[]} added      slimmed issues to add (an indexed key is replaced), in order
 * @property {string[]} removed keys to remove (after adding)
 * @property {number} version   the scope's version after the change
 */

/**
 * A 53-bit hash of a string (cyrb53, public domain): fingerprints of indexed issues.
 * @param {string} str
 */
export function fingerprint(str) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The fingerprint of a slimmed issue. */
const fp = (issue) => fingerprint(JSON.stringify(issue));

/**
 * Persistence in this process's memory (when there is no IndexedDB, e.g. in tests).
 * @returns {Persist}
 */
export function memoryPersist() {
  /** @type {Map<string, {issues: any[], crawls: Record<string, CrawlState>}>} */
  const saved = new Map();
  return {
    load: async (scope) => saved.get(scope) ?? null,
    save: async (scope, issues, crawls = {}) => void saved.set(scope, { issues, crawls }),
    remove: async (scope) => void saved.delete(scope),
  };
}

export class BacklogStore {
  /**
   * @param {Persist|null} persist  where the issues live (in memory when null)
   * @param {{maxPerScope?: number, maxScopes?: number, now?: () => number, saveDelay?: number, onChange?: (scope: string, change: Change) => void}} [opts]
   *   `onChange`: told of every change, to update the scope's DraftChecker in place
   */
  constructor(persist, opts = {}) {
    this.persist = persist ?? memoryPersist();
    this.maxPerScope = opts.maxPerScope ?? MAX_PER_SCOPE;
    this.maxScopes = opts.maxScopes ?? MAX_SCOPES;
    this.now = opts.now ?? (() => Date.now());
    /** @type {Map<string, ScopeEntry>} */
    this.scopes = new Map();
    /** @type {Map<string, Promise<ScopeEntry>>} */
    this.loading = new Map();
    this.versions = 0;
    this.saveDelay = opts.saveDelay ?? SAVE_DELAY;
    this.onChange = opts.onChange ?? null;
  }

  /** What the disk holds for `scope`: `{issues, crawls}` (issues oldest first). */
  async loadSaved(scope) {
    let saved = null;
    try {
      saved = await this.persist.load(scope);
    } catch (err) {
      console.warn('readylens: could not read the saved index', err);
    }
    const list = Array.isArray(saved) ? saved : Array.isArray(saved?.issues) ? saved.issues : [];
    const crawls = saved && !Array.isArray(saved) && saved.crawls && typeof saved.crawls === 'object' ? { ...saved.crawls } : {};
    return { issues: list.filter((i) => i && typeof i.key === 'string'), crawls };
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
        const saved = await this.loadSaved(scope);
        /** @type {ScopeEntry} */
        const entry = { issues: new Map(), pending: new Map(), version: ++this.versions, used: this.now(), crawls: saved.crawls, saving: Promise.resolve() };
        for (const i of saved.issues) {
          entry.issues.delete(i.key);
          entry.issues.set(i.key, fp(i));
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
   * The scope's issues, oldest first, as indexed (read from disk after writing what is
   * pending): to build the scope's DraftChecker. Not kept.
   * @param {string} scope
   * @returns {Promise<{issues: any[], version: number}>}
   */
  async issues(scope) {
    const entry = await this.get(scope);
    await this.save(scope, entry);
    const version = entry.version;
    const saved = await this.loadSaved(scope);
    const byKey = new Map(saved.issues.map((i) => [i.key, i]));
    for (const [k, i] of entry.pending) byKey.set(k, i);
    const issues = [];
    for (const k of entry.issues.keys()) {
      const i = byKey.get(k);
      if (i) issues.push(i);
    }
    return { issues, version };
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
    /** @type {Map<string, any>} */
    const added = new Map();
    /** @type {string[]} */
    const removed = [];
    if (replace) {
      const keep = new Set(issues.map((i) => i.key));
      for (const k of [...entry.issues.keys()]) {
        if (!keep.has(k)) {
          entry.issues.delete(k);
          entry.pending.delete(k);
          removed.push(k);
        }
      }
    }
    for (const raw of issues) {
      const issue = slim(raw);
      const print = fp(issue);
      if (entry.issues.get(issue.key) === print) continue;
      // Re-inserting moves the issue to the newest end.
      entry.issues.delete(issue.key);
      entry.issues.set(issue.key, print);
      entry.pending.set(issue.key, issue);
      added.delete(issue.key);
      added.set(issue.key, issue);
    }
    while (entry.issues.size > this.maxPerScope) {
      const oldest = entry.issues.keys().next().value;
      if (oldest === undefined) break;
      entry.issues.delete(oldest);
      entry.pending.delete(oldest);
      removed.push(oldest);
    }
    const changed = added.size > 0 || removed.length > 0;
    if (changed) {
      entry.version = ++this.versions;
      this.onChange?.(scope, { added: [...added.values()], removed, version: entry.version });
    }
    if (opts.crawl) entry.crawls[opts.crawl.project] = { ...opts.crawl.state };
    if (changed || opts.crawl) {
      entry.dirty = true;
      if (opts.defer) this.saveLater(scope, entry);
      else await this.save(scope, entry);
    }
    return { changed, size: entry.issues.size };
  }

  /**
   * Write the scope to disk now (dropping a pending deferred save): what is on disk,
   * less the keys no longer indexed, plus the pending issues, in index order.
   * @param {string} scope
   * @param {ScopeEntry} entry
   */
  async save(scope, entry) {
    if (entry.saveTimer) clearTimeout(entry.saveTimer);
    entry.saveTimer = null;
    const run = entry.saving.then(async () => {
      if (!entry.dirty || this.scopes.get(scope) !== entry) return;
      entry.dirty = false;
      const pending = entry.pending;
      entry.pending = new Map();
      try {
        const saved = await this.loadSaved(scope);
        const byKey = new Map(saved.issues.map((i) => [i.key, i]));
        for (const [k, i] of pending) byKey.set(k, i);
        for (const [k, i] of entry.pending) byKey.set(k, i);
        const list = [];
        for (const k of entry.issues.keys()) {
          const i = byKey.get(k);
          if (i) list.push(i);
        }
        await this.persist.save(scope, list, entry.crawls);
      } catch (err) {
        for (const [k, i] of pending) if (!entry.pending.has(k) && entry.issues.has(k)) entry.pending.set(k, i);
        entry.dirty = true;
        console.warn('readylens: could not save the index', err);
      }
    });
    entry.saving = run.catch(() => undefined);
    return run;
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
      this.persist.remove(next[0]).catch(() => undefined);
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
