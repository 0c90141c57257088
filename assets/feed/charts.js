// @ts-check
// Plain SVG charts, drawn in a fixed coordinate space (viewBox) that the stylesheet scales to
// the width there is: no library, no inline style (colours come from classes in feed.css). Each
// chart is an image with a name; the numbers themselves are in the table beside it.

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 400;

/**
 * @param {string} tag @param {Record<string, string | number>} attributes @param {...(SVGElement | string)} children
 * @returns {SVGElement}
 */
function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

/** A hover note on a shape: SVG's own tooltip. @param {string} text */
const tip = (text) => svg('title', {}, text);

/** The chart's frame: an image named `label`, as wide as its container. @param {number} height @param {string} label */
function frame(height, label) {
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'chart-svg' });
}

/** A round top for an axis, with at most four steps of 1, 2 or 5 times a power of ten. @param {number} max */
export function axisTop(max) {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  return { top: step * Math.ceil(max / step), step };
}

/**
 * @typedef {{ key: string, label: string }} Series
 * @typedef {{ label: string, long: string, values: Record<string, number> }} Bar
 */

/**
 * Bars stacked by series, one per entry of `bars`, oldest on the left.
 * @param {{ label: string, bars: Bar[], series: Series[], tickEvery: number }} chart
 */
export function stackedBars({ label, bars, series, tickEvery }) {
  const height = 200;
  const plot = { left: 30, right: WIDTH - 4, top: 8, bottom: height - 22 };
  const totals = bars.map((bar) => series.reduce((sum, { key }) => sum + (bar.values[key] || 0), 0));
  const { top, step } = axisTop(Math.max(0, ...totals));
  const y = (/** @type {number} */ value) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const slot = (plot.right - plot.left) / bars.length;
  const root = frame(height, label);
  for (let value = 0; value <= top; value += step) {
    root.append(
      svg('line', { x1: plot.left, x2: plot.right, y1: y(value), y2: y(value), class: 'grid' }),
      svg('text', { x: plot.left - 4, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' }, String(value)),
    );
  }
  bars.forEach((bar, i) => {
    const x = plot.left + i * slot + slot * 0.15;
    const parts = series.filter(({ key }) => bar.values[key] > 0).map(({ key, label: name }) => `${bar.values[key]} ${name.toLowerCase()}`);
    const group = svg(
      'g',
      {},
      tip(`${bar.long}: ${totals[i]} ${totals[i] === 1 ? 'call' : 'calls'}${parts.length ? ` (${parts.join(', ')})` : ''}`),
    );
    let base = 0;
    for (const { key } of series) {
      const value = bar.values[key] || 0;
      if (value === 0) continue;
      group.append(svg('rect', { x, width: slot * 0.7, y: y(base + value), height: y(base) - y(base + value), class: `seg ${key}` }));
      base += value;
    }
    root.append(group);
    // Labelled from the newest back, so the last day always has its date.
    if ((bars.length - 1 - i) % tickEvery === 0) {
      // The newest label ends at its bar, inside the frame.
      const last = i === bars.length - 1;
      const at = last ? { x: x + slot * 0.7, 'text-anchor': 'end' } : { x: x + slot * 0.35, 'text-anchor': 'middle' };
      root.append(svg('text', { ...at, y: height - 6, class: 'axis' }, bar.label));
    }
  });
  return root;
}

/**
 * A grid of cells shaded by count: rows by columns, such as weekdays by hours.
 * @param {{ label: string, rows: string[], columns: string[], columnTicks: number, values: number[][], describe: (row: number, column: number) => string }} chart
 */
export function heatGrid({ label, rows, columns, columnTicks, values, describe }) {
  const left = 40;
  const head = 14;
  const cell = (WIDTH - left - 2) / columns.length;
  const rowHeight = 17;
  const root = frame(head + rows.length * rowHeight + 2, label);
  const max = Math.max(0, ...values.flat());
  columns.forEach((name, column) => {
    if (column % columnTicks === 0) root.append(svg('text', { x: left + column * cell + 1, y: head - 4, class: 'axis' }, name));
  });
  rows.forEach((name, row) => {
    const y = head + row * rowHeight;
    root.append(svg('text', { x: left - 4, y: y + rowHeight - 5, class: 'axis', 'text-anchor': 'end' }, name));
    columns.forEach((_, column) => {
      const value = values[row][column];
      // Five shades: none, then quarters of the busiest hour.
      const level = value === 0 ? 0 : Math.max(1, Math.ceil((value / max) * 4));
      const rect = svg('rect', {
        x: left + column * cell + 0.5,
        y: y + 0.5,
        width: cell - 1,
        height: rowHeight - 1,
        rx: 2,
        class: `heat-${level}`,
      });
      rect.append(tip(describe(row, column)));
      root.append(rect);
    });
  });
  return root;
}
