// Shared by the extension end-to-end tests: wait until the content script of a page has
// nothing left to do. A page whose issues come in several API answers is drawn answer by
// answer first (each chunk analysed on its own), then analysed as a whole (duplicates,
// fields the whole page lacks), which may change a few verdicts; tests that compare
// verdicts or the panel with the core's page-wide report wait for that.

/**
 * Poll the page's content script (the popup's `page-state` message) until it reports
 * `settled`: no scan, load, analysis or drawing pending.
 * @param {{worker: import('playwright-core').Worker}} browser
 * @param {import('playwright-core').Page} page
 * @param {number} [timeout]
 */
export async function settle(browser, page, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await browser.worker.evaluate(async (url) => {
      const tabs = await chrome.tabs.query({ url });
      const tab = tabs[tabs.length - 1];
      return tab ? chrome.tabs.sendMessage(tab.id, { type: 'page-state' }).catch(() => null) : null;
    }, page.url());
    if (state?.settled) return;
    if (Date.now() > deadline) throw new Error(`the page never settled: ${JSON.stringify(state)?.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
