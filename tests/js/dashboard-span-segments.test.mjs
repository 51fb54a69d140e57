import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segments } from '../../www/js/span-segments.js';
import { TITLES } from './dashboard-fixtures.mjs';

const marked = (text, spans) => segments(text, spans).filter((s) => s.marks.length).map((s) => [s.text, s.marks]);

test('a span cuts the text into before, marked and after', () => {
  const t = TITLES.g20;
  const start = t.indexOf('So that');
  const segs = segments(t, [{ start, end: start + 7 }]);
  assert.deepEqual(segs.map((s) => s.text), [t.slice(0, start), 'So that', t.slice(start + 7)]);
  assert.deepEqual(segs.map((s) => s.marks), [[], [0], []]);
  assert.equal(segs.map((s) => s.text).join(''), t, 'segments always rebuild the text');
});

test('UTF-16 offsets slice emoji and accents correctly', () => {
  // "é" is one UTF-16 unit, "🚀" two; the WASM boundary emits UTF-16 spans.
  const t = 'Café 🚀 launch page';
  const i = t.indexOf('launch');
  assert.equal(i, 8);
  assert.deepEqual(marked(t, [{ start: 5, end: 7 }, { start: i, end: i + 6 }]), [['🚀', [0]], ['launch', [1]]]);
});

test('overlapping spans split into pieces listing every covering span', () => {
  const t = TITLES.g7;
  const segs = segments(t, [{ start: 3, end: 15 }, { start: 10, end: 20 }]);
  assert.deepEqual(segs.filter((s) => s.marks.length).map((s) => [s.text, s.marks]), [
    [t.slice(3, 10), [0]], [t.slice(10, 15), [0, 1]], [t.slice(15, 20), [1]],
  ]);
  assert.equal(segs.map((s) => s.text).join(''), t);
});

test('out-of-range, reversed, empty and missing spans are harmless', () => {
  const t = 'short';
  assert.deepEqual(marked(t, [{ start: 3, end: 999 }]), [['rt', [0]]]);
  assert.deepEqual(marked(t, [{ start: 4, end: 2 }, { start: 2, end: 2 }, null, undefined, { start: 'x', end: NaN }]), []);
  assert.deepEqual(segments('', [{ start: 0, end: 5 }]), []);
  assert.deepEqual(segments(t, []).map((s) => s.text), ['short']);
});

test('UTF-8 byte offsets convert to UTF-16 like utf16_offset in src/diagnostic.rs', async () => {
  const { utf16FromByte } = await import('../../www/js/span-segments.js');
  // The Rust unit test utf16_offsets_count_surrogate_pairs_and_accents uses "é🚀a".
  const t = 'é🚀a';
  assert.equal(utf16FromByte(t, 0), 0);
  assert.equal(utf16FromByte(t, 2), 1);
  assert.equal(utf16FromByte(t, 6), 3);
  assert.equal(utf16FromByte(t, 7), 4);
  assert.equal(utf16FromByte(t, 99), 4);
  assert.equal(utf16FromByte(t, 3), 1, 'inside 🚀 rounds down');
});

test('spans that carry their text are checked, converted from bytes, or dropped', async () => {
  const { resolveSpan } = await import('../../www/js/span-segments.js');
  const t = 'Café 🚀 availability of the portal';
  const i = t.indexOf('availability');
  const bytes = Buffer.byteLength(t.slice(0, i));
  assert.equal(bytes, i + 1 + 2, 'é is 2 bytes, 🚀 is 4 bytes but 2 UTF-16 units');
  assert.deepEqual(resolveSpan(t, { start: i, end: i + 12 }, 'availability'), { start: i, end: i + 12 });
  assert.deepEqual(resolveSpan(t, { start: bytes, end: bytes + 12 }, 'availability'), { start: i, end: i + 12 });
  assert.equal(resolveSpan(t, { start: 0, end: 4 }, 'portal'), null);
  assert.deepEqual(resolveSpan(t, { start: 0, end: 4 }), { start: 0, end: 4 }, 'no text to check against');
  assert.equal(resolveSpan(t, null, 'x'), null);
});
