// Colour contrast of the dashboard's light and dark themes (WCAG 2.1 relative luminance):
// text pairs need 4.5:1, bars and marks against the panel 3:1 (non-text contrast).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CSS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../www/dashboard.css'), 'utf8');

/** The custom properties of the first block after `marker`. */
function vars(marker) {
  const start = CSS.indexOf(marker);
  assert.ok(start >= 0, `${marker} in dashboard.css`);
  const block = CSS.slice(CSS.indexOf('{', CSS.indexOf(':root', start)) + 1);
  const body = block.slice(0, block.indexOf('}'));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));
}

function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const TEXT_PAIRS = [
  ['text', 'bg'], ['text', 'panel'], ['muted', 'panel'], ['muted', 'bg'], ['accent', 'panel'],
  ['badge-text', 'ready'], ['badge-text', 'almost'], ['badge-text', 'not-ready'],
  ['badge-text', 'error'], ['badge-text', 'warning'], ['badge-text', 'info'], ['badge-text', 'none'],
  ['text', 'mark'], ['text', 'mark-current'],
  ['ready', 'panel'], ['almost', 'panel'], ['not-ready', 'panel'],
];
const GRAPHIC_PAIRS = [['kpi', 'panel'], ['none', 'panel'], ['focus', 'panel'], ['border', 'panel']];

for (const [name, marker] of [['light', ':root {'], ['dark', '@media (prefers-color-scheme: dark)']]) {
  test(`${name} theme: text contrast at least 4.5:1, graphics 3:1`, () => {
    const v = vars(marker);
    const low = [];
    for (const [fg, bg] of TEXT_PAIRS) {
      assert.ok(v[fg] && v[bg], `--${fg} and --${bg} are defined`);
      const c = contrast(v[fg], v[bg]);
      if (c < 4.5) low.push(`${fg} on ${bg}: ${c.toFixed(2)}`);
    }
    for (const [fg, bg] of GRAPHIC_PAIRS) {
      const c = contrast(v[fg], v[bg]);
      if (c < (fg === 'border' ? 1.3 : 3)) low.push(`${fg} on ${bg}: ${c.toFixed(2)}`);
    }
    assert.deepEqual(low, []);
  });
}
