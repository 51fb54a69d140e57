// Inline SVG charts built with DOM APIs (no innerHTML, no library). Colours come from CSS
// classes, so the charts follow the light / dark theme and print well.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Create an SVG element with attributes.
 * @param {string} name
 * @param {Record<string, string | number>} [attrs]
 * @param {string} [text] text content (set as text, never parsed)
 * @returns {SVGElement}
 */
export function svgEl(name, attrs = {}, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * @param {number} width
 * @param {number} height
 * @param {string} label accessible summary of the chart
 * @param {boolean} [interactive] whether parts of it can be activated
 * @returns {SVGSVGElement}
 */
function frame(width, height, label, interactive = false) {
  // A chart with focusable bars or dots is a group of buttons; a static one is an image
  // (whose children assistive technology would not expose).
  const svg = /** @type {SVGSVGElement} */ (svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: interactive ? 'group' : 'img', class: 'chart' }));
  svg.setAttribute('aria-label', label);
  return svg;
}

/**
 * Make an SVG element act as a button (click, Enter, Space).
 * @param {SVGElement} el
 * @param {string} label
 * @param {() => void} onActivate
 */
function actionable(el, label, onActivate) {
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', label);
  el.classList.add('clickable');
  el.addEventListener('click', onActivate);
  el.addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate();
    }
  });
}

/**
 * A horizontal bar chart: one labelled bar per item, the value at its end.
 * @param {{label: string, value: number, cls?: string, title?: string, onActivate?: () => void}[]} items
 * @param {{label: string, width?: number, labelWidth?: number, max?: number}} opts
 * @returns {SVGSVGElement}
 */
export function barChart(items, opts) {
  const width = opts.width ?? 420;
  const labelWidth = opts.labelWidth ?? 150;
  const barH = 20;
  const gap = 6;
  const height = Math.max(1, items.length) * (barH + gap) + gap;
  const svg = frame(width, height, opts.label, items.some((i) => i.onActivate));
  const max = opts.max ?? Math.max(1, ...items.map((i) => i.value));
  const room = width - labelWidth - 50;
  items.forEach((it, k) => {
    const y = gap + k * (barH + gap);
    const g = svgEl('g', { class: 'bar-row' });
    const label = it.label.length > 24 ? `${it.label.slice(0, 23)}…` : it.label;
    g.append(svgEl('text', { x: labelWidth - 6, y: y + barH * 0.7, class: 'axis-label', 'text-anchor': 'end' }, label));
    const w = max > 0 ? Math.max(it.value > 0 ? 2 : 0, (it.value / max) * room) : 0;
    const rect = svgEl('rect', { x: labelWidth, y, width: w.toFixed(1), height: barH, rx: 3, class: `bar ${it.cls ?? ''}` });
    rect.append(svgEl('title', {}, it.title ?? `${it.label}: ${it.value}`));
    g.append(rect);
    g.append(svgEl('text', { x: labelWidth + w + 4, y: y + barH * 0.7, class: 'value-label' }, String(it.value)));
    if (it.onActivate) actionable(g, it.title ?? `${it.label}: ${it.value}`, it.onActivate);
    svg.append(g);
  });
  return svg;
}

/**
 * A vertical column chart (histogram).
 * @param {{label: string, value: number, cls?: string, title?: string}[]} items
 * @param {{label: string, width?: number, height?: number}} opts
 * @returns {SVGSVGElement}
 */
export function columnChart(items, opts) {
  const width = opts.width ?? 420;
  const height = opts.height ?? 200;
  const bottom = 24;
  const top = 16;
  const svg = frame(width, height, opts.label);
  const max = Math.max(1, ...items.map((i) => i.value));
  const slot = width / Math.max(1, items.length);
  items.forEach((it, k) => {
    const h = ((height - bottom - top) * it.value) / max;
    const x = k * slot + 3;
    const y = height - bottom - h;
    const rect = svgEl('rect', { x: x.toFixed(1), y: y.toFixed(1), width: (slot - 6).toFixed(1), height: h.toFixed(1), rx: 2, class: `bar ${it.cls ?? ''}` });
    rect.append(svgEl('title', {}, it.title ?? `${it.label}: ${it.value}`));
    svg.append(rect);
    if (it.value > 0) svg.append(svgEl('text', { x: (x + (slot - 6) / 2).toFixed(1), y: (y - 3).toFixed(1), class: 'value-label', 'text-anchor': 'middle' }, String(it.value)));
    svg.append(svgEl('text', { x: (x + (slot - 6) / 2).toFixed(1), y: height - 8, class: 'axis-label', 'text-anchor': 'middle' }, it.label));
  });
  svg.append(svgEl('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  return svg;
}

/**
 * A scatter plot with labelled axes; each point has a tooltip and may be activated.
 * @param {{x: number, y: number, cls?: string, title: string, onActivate?: () => void}[]} points
 * @param {{label: string, xLabel: string, yLabel: string, width?: number, height?: number}} opts
 * @returns {SVGSVGElement}
 */
export function scatterChart(points, opts) {
  const width = opts.width ?? 420;
  const height = opts.height ?? 260;
  const left = 46;
  const bottom = 34;
  const top = 10;
  const right = 10;
  const svg = frame(width, height, opts.label, points.some((p) => p.onActivate));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xMax = Math.max(1e-9, ...xs);
  const yMax = Math.max(1e-9, ...ys);
  const xMin = Math.min(0, ...xs);
  const yMin = Math.min(0, ...ys);
  const sx = (x) => left + ((x - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const sy = (y) => height - bottom - ((y - yMin) / (yMax - yMin || 1)) * (height - bottom - top);
  svg.append(svgEl('line', { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: 'axis' }));
  svg.append(svgEl('line', { x1: left, x2: left, y1: top, y2: height - bottom, class: 'axis' }));
  // Quadrant guides at the midpoints: top-left is high value for low effort ("quick wins").
  const mx = sx((xMin + xMax) / 2);
  const my = sy((yMin + yMax) / 2);
  svg.append(svgEl('line', { x1: mx, x2: mx, y1: top, y2: height - bottom, class: 'guide' }));
  svg.append(svgEl('line', { x1: left, x2: width - right, y1: my, y2: my, class: 'guide' }));
  svg.append(svgEl('text', { x: left + 4, y: top + 12, class: 'axis-label' }, 'quick wins'));
  svg.append(svgEl('text', { x: (left + width - right) / 2, y: height - 6, class: 'axis-label', 'text-anchor': 'middle' }, `${opts.xLabel} (0–${fmt(xMax)})`));
  const yl = svgEl('text', { x: 12, y: (top + height - bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(top + height - bottom) / 2})` }, `${opts.yLabel} (0–${fmt(yMax)})`);
  svg.append(yl);
  for (const p of points) {
    const c = svgEl('circle', { cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 5, class: `dot ${p.cls ?? ''}` });
    c.append(svgEl('title', {}, p.title));
    if (p.onActivate) actionable(c, p.title, p.onActivate);
    svg.append(c);
  }
  return svg;
}

/**
 * @param {number} n
 * @returns {string}
 */
function fmt(n) {
  return Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}
