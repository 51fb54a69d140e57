// Shared by the 20,000-issue dashboard benchmarks (tests/e2e/dashboard-large.bench.mjs for
// Chromium, tests/firefox/dashboard-large.bench.mjs for Firefox).
import fs from 'node:fs';
import path from 'node:path';

/**
 * One title a line, `n` lines: real Jira issue titles from
 * ../shared/data/issues/deepse (Choetkiertikul et al. 2018) when present, else the
 * bundled g03 backlog (www/samples/g03-loudoun.txt, Dalpiaz, CC BY 4.0) repeated with a
 * number, which is less realistic (many duplicates) but as large.
 * @param {string} root the repository root
 * @param {number} n
 * @returns {{ text: string, source: string }}
 */
export function largeBacklogText(root, n) {
  const deepse = path.join(root, '../shared/data/issues/deepse');
  const lines = [];
  if (fs.existsSync(deepse)) {
    for (const f of fs.readdirSync(deepse).filter((x) => x.endsWith('.csv')).sort()) {
      // issuekey,title,description,storypoint — titles are the second, quoted field.
      const text = fs.readFileSync(path.join(deepse, f), 'utf8');
      for (const m of text.matchAll(/^[A-Z][A-Z0-9]*-\d+,"((?:[^"]|"")*)"/gm)) {
        const t = m[1].replace(/""/g, '"').replace(/\s+/g, ' ').trim();
        if (t && !t.startsWith('#')) lines.push(t);
        if (lines.length === n) return { text: lines.join('\n'), source: 'deepse' };
      }
    }
  }
  const sample = fs.readFileSync(path.join(root, 'www/samples/g03-loudoun.txt'), 'utf8').split('\n').filter(Boolean);
  for (let i = lines.length; i < n; i++) lines.push(`${sample[i % sample.length]} (${i})`);
  return { text: lines.join('\n'), source: 'g03 repeated' };
}

/**
 * Runs in the page (pass it to `page.evaluate`): records the dashboard's status messages
 * in `window.__statuses` and the longest gap between 20 ms timer ticks in
 * `window.__maxGap`, from the moment the text reaches the worker (a blocked main thread
 * shows up as a long gap; the file hand-over before that is the test driver's cost).
 */
export function recordStatusAndGaps() {
  const w = /** @type {any} */ (window);
  w.__statuses = [];
  w.__armed = false;
  new MutationObserver(() => {
    const s = document.getElementById('status-text')?.textContent ?? '';
    w.__statuses.push(s);
    if (/^(Parsing|Analysing)/.test(s)) w.__armed = true;
  }).observe(/** @type {HTMLElement} */ (document.getElementById('status-text')), { childList: true, characterData: true, subtree: true });
  w.__maxGap = 0;
  let last = performance.now();
  w.__tick = setInterval(() => {
    const now = performance.now();
    if (w.__armed) w.__maxGap = Math.max(w.__maxGap, now - last);
    last = now;
  }, 20);
}
