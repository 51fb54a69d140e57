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
