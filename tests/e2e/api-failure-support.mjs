// What every tracker-API failure test asserts about the board, and their shared teardown
// (extension-api-failures, extension-token-api-failures, hardening-extension).

import assert from 'node:assert/strict';
import { badges, openPanel } from './harness.mjs';

/** The API answered normally: one badge per card, none drawn quiet, and the first card's
 * panel is not "read from the page text". Returns that panel. */
export async function assertNormalBoard(page, keys) {
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...keys].sort());
  assert.equal(await page.locator('readylens-badge[degraded]').count(), 0);
  const panel = await openPanel(page, keys[0]);
  assert.ok(!panel.text.includes('Read from the page text'), panel.text.slice(0, 200));
  return panel;
}

/** The API failed: every card still has a verdict, from the page text, on a quiet
 * (`degraded`) badge that says so to screen readers, and the first card's panel names
 * `reason` and still shows the issue. */
export async function assertQuietBoard(page, keys, reason) {
  const got = await badges(page);
  assert.deepEqual(got.map((b) => b.key).sort(), [...keys].sort(), 'one badge per card');
  assert.ok(got.every((b) => b.verdict && !b.state), `every card has a verdict from the page text: ${JSON.stringify(got)}`);
  assert.equal(await page.locator('readylens-badge[degraded]').count(), keys.length, 'every badge is drawn quiet');
  assert.ok(got.every((b) => b.label.includes('read from the page text')), 'and says so to screen readers');
  const panel = await openPanel(page, keys[0]);
  assert.ok(panel.text.includes(`Read from the page text: ${reason}.`), `the panel names the reason "${reason}": ${panel.text.slice(0, 300)}`);
  assert.ok(panel.title.length > 0, 'the issue is still shown, from the page text');
}

/** The tracker's page itself is untouched: shown, and no page error. */
export async function assertPageIntact(page, errors) {
  assert.ok(await page.evaluate(() => getComputedStyle(document.body).display !== 'none'), 'the page is shown');
  assert.deepEqual(errors, [], 'the page is not broken');
}

/** Calls of one failing mode, `calls[i].at` in ms: after HTTP 429 with Retry-After: 1,
 * one call and three retries, each at least ~1 s after the previous one. */
export function assertRetriedAfter429(calls, what = 'one call and three retries') {
  assert.equal(calls.length, 4, what);
  for (let i = 1; i < calls.length; i++) assert.ok(calls[i].at - calls[i - 1].at >= 900, `retry ${i} waited for Retry-After: 1`);
}

/** Closes the browser, the proxy (with its open connections) and the fake tracker. */
export async function closeAll(browser, proxy, upstream) {
  await browser?.close();
  proxy?.closeAllConnections?.();
  await new Promise((r) => proxy?.close(() => r()) ?? r());
  await upstream?.close();
}
