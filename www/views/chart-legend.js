// @ts-check
// The legend of the loss chart's compared runs: where its items go (pure, with the
// width of a text given) and drawing it above the plot.

import { css } from '../lib/colors.js';
import { LABEL_COLOR } from './chart-axes.js';

/** @typedef {import('./chart-series.js').Run} Run */

/**
 * `text`, cut short with an ellipsis when wider than `maxW`.
 * @param {string} text
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @returns {string}
 */
export function fitText(text, measure, maxW) {
  if (measure(text) <= maxW) return text;
  let n = text.length - 1;
  while (n > 0 && measure(`${text.slice(0, n)}…`) > maxW) n--;
  return `${text.slice(0, n)}…`;
}

/**
 * Where the legend's items go, left to right in rows `maxW` wide: each item is a line
 * sample `lead` wide then its text (cut short to fit a row), `gap` apart.
 * @param {string[]} texts
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @param {number} lead
 * @param {number} gap
 * @returns {Array<{text: string, x: number, row: number}>}  x from the left end of the row
 */
export function legendLayout(texts, measure, maxW, lead, gap) {
  /** @type {Array<{text: string, x: number, row: number}>} */
  const slots = [];
  let x = 0;
  let row = 0;
  for (const full of texts) {
    const text = fitText(full, measure, Math.max(0, maxW - lead));
    const width = lead + measure(text);
    if (x > 0 && x + width > maxW) {
      row += 1;
      x = 0;
    }
    slots.push({ text, x, row });
    x += width + gap;
  }
  return slots;
}

/**
 * The legend that fits in `maxRows` rows: the runs' labels and the key of the lines
 * (`keyTexts`: training, test) as legendLayout places them; else the labels alone; else
 * the labels cut short to share one row. `withKey` says whether the key is in `slots`.
 * @param {string[]} labels
 * @param {string[]} keyTexts
 * @param {(text: string) => number} measure  the width of a text
 * @param {number} maxW
 * @param {number} lead
 * @param {number} gap
 * @param {number} maxRows
 * @returns {{slots: Array<{text: string, x: number, row: number}>, withKey: boolean}}
 */
export function fitLegend(labels, keyTexts, measure, maxW, lead, gap, maxRows) {
  /** @type {(slots: Array<{row: number}>) => boolean} */
  const fits = (slots) => slots.every((slot) => slot.row < maxRows);
  const full = legendLayout([...labels, ...keyTexts], measure, maxW, lead, gap);
  if (fits(full)) return { slots: full, withKey: true };
  const alone = legendLayout(labels, measure, maxW, lead, gap);
  if (fits(alone)) return { slots: alone, withKey: false };
  const share = (maxW - gap * (labels.length - 1)) / labels.length - lead;
  const cut = labels.map((label) => fitText(label, measure, Math.max(0, share)));
  return { slots: legendLayout(cut, measure, maxW, lead, gap), withKey: false };
}

/**
 * One item of the legend: a line sample of `color` (dashed when `dash`) and a text.
 * @typedef {{text: string, color: string, dash: number[]}} LegendItem
 */

/**
 * Lays out and draws the legend above the plot from `left`, in at most `maxRows` rows
 * (see fitLegend): each run's label after a line of its colour, then the key of the
 * lines (training solid, test dashed) when it fits; returns the height it took (0
 * without runs).
 * @param {CanvasRenderingContext2D} ctx
 * @param {Run[]} series
 * @param {number} left
 * @param {number} maxW
 * @param {number} font
 * @param {number} maxRows
 * @returns {number}
 */
export function drawLegend(ctx, series, left, maxW, font, maxRows) {
  if (series.length === 0) return 0;
  const lead = Math.round(font * 1.6);
  const rowH = font + 3;
  ctx.font = `${font}px system-ui, sans-serif`;
  /** @type {(text: string) => number} */
  const measure = (text) => ctx.measureText(text).width;
  const { slots, withKey } = fitLegend(series.map((run) => run.label), ['training', 'test'], measure, maxW, lead, font, maxRows);
  const lines = [...series.map((run) => ({ color: css(run.color), dash: [] })), { color: LABEL_COLOR, dash: [] }, { color: LABEL_COLOR, dash: [4, 2] }];
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 2;
  slots.slice(0, withKey ? slots.length : series.length).forEach(({ text, x, row }, i) => {
    const y = Math.round(3 + row * rowH + font / 2) + 0.5;
    ctx.strokeStyle = lines[i].color;
    ctx.setLineDash(lines[i].dash);
    ctx.beginPath();
    ctx.moveTo(left + x, y);
    ctx.lineTo(left + x + lead - 4, y);
    ctx.stroke();
    ctx.fillStyle = '#3e4852';
    ctx.fillText(text, left + x + lead, y);
  });
  ctx.setLineDash([]);
  return (Math.max(...slots.map((slot) => slot.row)) + 1) * rowH + 2;
}
