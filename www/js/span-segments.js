// Splitting a field's text at the boundaries of diagnostic spans, so the drawer can wrap
// each covered piece in a <mark>. Spans are UTF-16 code unit offsets (what the WASM
// boundary emits), the same unit JavaScript strings index by, so slicing is direct.

/**
 * @typedef {object} Segment
 * @property {string} text
 * @property {number} start offset of the piece in the field text
 * @property {number[]} marks indices (into the given spans) of the spans covering it
 */

/**
 * Cut `text` into consecutive segments; each lists the spans that cover it. Spans out of
 * range are clamped, reversed or empty spans are ignored, overlaps are allowed.
 * @param {string} text
 * @param {({start: number, end: number} | null | undefined)[]} spans
 * @returns {Segment[]}
 */
export function segments(text, spans) {
  const len = text.length;
  const valid = [];
  spans.forEach((s, i) => {
    if (!s) return;
    const start = clamp(s.start, len);
    const end = clamp(s.end, len);
    if (end > start) valid.push({ i, start, end });
  });
  const cuts = new Set([0, len]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    if (b <= a) continue;
    const marks = valid.filter((s) => s.start <= a && s.end >= b).map((s) => s.i);
    out.push({ text: text.slice(a, b), start: a, marks });
  }
  return out;
}

/**
 * @param {unknown} v
 * @param {number} len
 * @returns {number}
 */
function clamp(v, len) {
  const n = Math.floor(Number(v));
  if (!Number.isFinite(n)) return 0;
  return Math.min(Math.max(0, n), len);
}

/**
 * Convert a UTF-8 byte offset in `text` to a UTF-16 code unit offset (rounding down
 * inside a character), as `utf16_offset` does in src/diagnostic.rs.
 * @param {string} text
 * @param {number} byte
 * @returns {number}
 */
export function utf16FromByte(text, byte) {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = /** @type {number} */ (text.codePointAt(i));
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + len > byte) break;
    bytes += len;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * A span that carries the text it should cover (KPI evidence does) is checked against
 * the field text: UTF-16 offsets are used as they are; offsets that only fit as UTF-8
 * bytes (a core whose WASM boundary did not convert them) are converted; a span that
 * fits neither is dropped rather than marking the wrong words.
 * @param {string} text
 * @param {{start: number, end: number}} span
 * @param {string} [expected]
 * @returns {{start: number, end: number} | null}
 */
export function resolveSpan(text, span, expected) {
  if (!span || !Number.isFinite(span.start) || !Number.isFinite(span.end)) return null;
  if (typeof expected !== 'string' || !expected) return span;
  if (text.slice(span.start, span.end) === expected) return span;
  const start = utf16FromByte(text, span.start);
  const end = utf16FromByte(text, span.end);
  if (text.slice(start, end) === expected) return { start, end };
  return null;
}
