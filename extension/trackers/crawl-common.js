// Shared by the project crawlers (extension/crawl.js, trackers/crawl-*.js): page size,
// JSON requests with 429 / 503 back-off (`Retry-After`), abortable sleeps, and `updated`
// time comparison. No tracker knowledge here.

/** Issues asked for per page. */
export const CRAWL_PAGE = 100;
/** Pages followed at most in one crawl (the index keeps 20,000 issues per scope). */
export const MAX_CRAWL_PAGES = 250;
/** Longest wait honoured from a `Retry-After` header (seconds). */
export const MAX_RETRY_AFTER = 60;

/**
 * A sleep that ends early (rejecting) when `signal` aborts.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function abortableSleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Seconds to wait from a `Retry-After` value (seconds or an HTTP date), capped; null
 * when absent or unreadable.
 * @param {string|null|undefined} value
 * @param {number} now ms
 * @returns {number|null}
 */
export function retryAfterMs(value, now) {
  if (value === null || value === undefined || value === '') return null;
  const s = Number(value);
  if (Number.isFinite(s) && s >= 0) return Math.min(s, MAX_RETRY_AFTER) * 1000;
  const at = Date.parse(String(value));
  if (Number.isFinite(at)) return Math.max(0, Math.min(at - now, MAX_RETRY_AFTER * 1000));
  return null;
}

/**
 * A JSON request with back-off on 429 / 503 (`Retry-After`, else 1 s, 2 s, 4 s…),
 * abortable. Same-origin credentials. Resolves to `{status, json, text, headers}`.
 * @param {import('../crawl.js').CrawlCtx} ctx
 * @param {string} url
 * @param {{method?: string, body?: any, headers?: Record<string, string>, retries?: number}} [opts]
 */
export async function requestJson(ctx, url, { method = 'GET', body, headers = {}, retries = 5 } = {}) {
  const now = ctx.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    const init = { method, credentials: /** @type {RequestCredentials} */ ('same-origin'), signal: ctx.signal, headers: { Accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const res = await ctx.fetch(url, init);
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      const wait = retryAfterMs(res.headers?.get?.('Retry-After'), now()) ?? 1000 * 2 ** attempt;
      await ctx.sleep(wait, ctx.signal);
      continue;
    }
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
}

/**
 * A token API call through the background, with the same back-off.
 * @param {import('../crawl.js').CrawlCtx} ctx
 * @param {'github'|'linear'} tracker
 * @param {any} request
 * @param {number} [retries]
 * @returns {Promise<{status: number, text: string}|null>} null without a token
 */
export async function apiWithBackoff(ctx, tracker, request, retries = 5) {
  const now = ctx.now ?? Date.now;
  for (let attempt = 0; ; attempt++) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
    const res = await ctx.api(tracker, request);
    if (res && (res.status === 429 || res.status === 503) && attempt < retries) {
      await ctx.sleep(retryAfterMs(res.retryAfter, now()) ?? 1000 * 2 ** attempt, ctx.signal);
      continue;
    }
    return res;
  }
}

/**
 * Milliseconds of an ISO 8601 time as trackers write it (Jira's `+0000` offsets
 * included, which not every browser's Date.parse reads); NaN when unreadable.
 * @param {unknown} v
 * @returns {number}
 */
export function parseTime(v) {
  if (typeof v !== 'string' || !v) return NaN;
  return Date.parse(v.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/**
 * The later of two ISO times (either may be null).
 * @param {string|null} a
 * @param {string|null} b
 * @returns {string|null}
 */
export function newer(a, b) {
  if (!a) return b ?? null;
  if (!b) return a;
  const ta = parseTime(a);
  const tb = parseTime(b);
  if (!Number.isFinite(tb)) return a;
  if (!Number.isFinite(ta)) return b;
  return tb > ta ? b : a;
}

/**
 * The newest of several raw `updated` values.
 * @param {unknown[]} values
 * @returns {string|null}
 */
export function newestOf(values) {
  let best = null;
  for (const v of values) if (typeof v === 'string' && v) best = newer(best, v);
  return best;
}

