// The toolbar popup: the current tab's issues sorted by readiness then priority score,
// the page's readiness rate, and a switch to pause readylens on this site.

import { ext } from './browser-api.js';
import { loadSettings, saveSettings } from './settings.js';
import { VERDICT_WORDS } from './report-view.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

async function activeTab() {
  // `popup.html?tab=ID` shows another tab (used when the page is opened in a tab, and by tests).
  const forced = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(forced) && forced > 0) return { id: forced };
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function ask(tabId, paused) {
  try {
    return await ext.tabs.sendMessage(tabId, paused === undefined ? { type: 'page-state' } : { type: 'page-state', paused });
  } catch {
    return null; // no content script on this tab
  }
}

/**
 * Rows in the chosen order: the content script sends them worst-readiness first; by
 * score puts the highest primary priority score first (unscored last).
 * @param {any[]} rows
 * @param {'readiness'|'score'} by
 */
export function sortRows(rows, by) {
  if (by !== 'score') return rows;
  return [...rows].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.key.localeCompare(b.key));
}

let lastState = null;

/**
 * The page's project crawl (authoring assist), as the panel shows it: "Indexing SM:
 * 1,200 / 4,800" with a bar while it runs.
 * @param {{phase: string, text: string, label: string, done: number, total: number|null}|null|undefined} crawl
 */
function showCrawl(crawl) {
  const line = $('crawl');
  line.hidden = !crawl;
  if (!crawl) return;
  line.setAttribute('data-phase', crawl.phase);
  $('crawl-text').textContent = crawl.text;
  const bar = $('crawl-bar');
  bar.hidden = !(crawl.phase === 'running' && crawl.total);
  if (!bar.hidden) {
    bar.max = crawl.total;
    bar.value = Math.min(crawl.done, crawl.total);
    bar.setAttribute('aria-label', `Issues of ${crawl.label} indexed`);
  }
}

function show(state) {
  lastState = state;
  showCrawl(state?.crawl);
  const summary = $('summary');
  const table = $('issues');
  if (!state || !state.tracker) {
    summary.textContent = 'This page is not a tracker page readylens knows.';
    table.hidden = true;
    $('pause').disabled = true;
    return;
  }
  $('pause').checked = Boolean(state.paused);
  if (state.paused) {
    summary.textContent = 'Paused on this site.';
    table.hidden = true;
    return;
  }
  const rate = state.readinessRate === null || state.readinessRate === undefined ? '–' : `${Math.round(state.readinessRate * 100)}%`;
  summary.textContent = `${state.rows.length} issue${state.rows.length === 1 ? '' : 's'} on this page · ${rate} ready`;
  const body = table.querySelector('tbody');
  body.replaceChildren(...sortRows(state.rows, $('sort').value).map((r) => {
    const tr = document.createElement('tr');
    const key = document.createElement('td');
    key.textContent = r.key;
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = r.title;
    title.title = r.title;
    key.append(title);
    const verdict = document.createElement('td');
    verdict.className = r.verdict;
    verdict.textContent = `${VERDICT_WORDS[r.verdict] ?? r.verdict} (${r.readiness})`;
    const score = document.createElement('td');
    score.textContent = r.score === null ? '–' : String(r.score);
    tr.append(key, verdict, score);
    return tr;
  }));
  table.hidden = state.rows.length === 0;
}

async function main() {
  const tab = await activeTab();
  if (!tab?.id) return show(null);
  const state = await ask(tab.id);
  show(state);
  // While the page indexes its project, follow the count (once a second).
  const follow = async () => {
    if (lastState?.crawl?.phase !== 'running') return;
    const next = await ask(tab.id);
    if (next) show(next);
    setTimeout(follow, 1000);
  };
  setTimeout(follow, 1000);
  $('sort').addEventListener('change', () => show(lastState));
  $('pause').addEventListener('change', async (e) => {
    const paused = e.target.checked;
    const origin = state?.origin;
    if (origin) {
      const s = await loadSettings(ext);
      s.disabledSites = paused ? [...new Set([...s.disabledSites, origin])] : s.disabledSites.filter((o) => o !== origin);
      await saveSettings(ext, s);
    }
    show(await ask(tab.id, paused));
  });
}

main();
