// The duplicate index behind the authoring assist (issue 14): per scope (a project:
// origin plus project path), the issues the extension has loaded there, so a draft typed
// on a create page can be compared with the project's backlog. Kept in the background:
// in memory, and in IndexedDB (extension origin, this machine only) so a restarted
// service worker or a new browser session re-indexes lazily. Capped per scope and in
// number of scopes; issue text never leaves the machine.

/** Issues kept per scope (the oldest-updated are dropped first). */
export const MAX_PER_SCOPE = 20000;
/** Scopes kept (in memory and on disk); the least recently used are dropped. */
export const MAX_SCOPES = 20;

/**
 * What the index and the assist need of an issue: everything but the bag of raw
 * tracker fields (which can be large and is not read by the similarity engine).
 * @param {any} issue
 * @returns {any}
 */
export function slim(issue) {
  const { fields: _fields, ...rest } = issue;
  return rest;
}

/**
 * @typedef {object} Persist  where scopes are saved (IndexedDB in the background)
 * @property {(scope: string) => Promise<any[]|null>} load
 * @property {(scope: string, issues: any[]) => Promise<void>} save
 * @property {(scope: string) => Promise<void>} remove
 * @property {() => Promise<string[]>} [scopes]
 */

/**
 * @typedef {object} ScopeEntry
 * @property {Map<string, any>} issues  by key, oldest first
 * @property {number} version           bumped on every change (the checker is rebuilt)
 * @property {number} used              last use (for eviction)
 */

export class BacklogStore {
  /**
   * @param {Persist|null} persist
   * @param {{maxPerScope?: number, maxScopes?: number, now?: () => number}} [opts]
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
        const entry = { issues: new Map(), version: ++this.versions, used: this.now() };
        for (const i of Array.isArray(saved) ? saved : []) {
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
   * @returns {Promise<{changed: boolean, size: number}>}
   */
  async add(scope, issues, replace = false) {
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
    if (changed) {
      entry.version = ++this.versions;
      if (this.persist) {
        try {
          await this.persist.save(scope, [...entry.issues.values()]);
        } catch (err) {
          console.warn('readylens: could not save the index', err);
        }
      }
    }
    return { changed, size: entry.issues.size };
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
    load: async (scope) => (await run('readonly', (s) => s.get(scope)))?.issues ?? null,
    save: async (scope, issues) => {
      await run('readwrite', (s) => s.put({ issues, saved: Date.now() }, scope));
    },
    remove: async (scope) => {
      await run('readwrite', (s) => s.delete(scope));
    },
  };
}
