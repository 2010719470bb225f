// @ts-check
// The loss chart's readout: the text of the values at one x (pure) and the element it
// is written into, for one history or for several runs.

import { css } from '../lib/colors.js';
import { formatValue, thousands } from '../lib/format.js';

/** @typedef {import('./chart-series.js').RGB} RGB */
/** @typedef {import('./chart-series.js').LossPoint} LossPoint */
/** @typedef {import('./chart-series.js').Axis} Axis */
/** @typedef {import('./chart-series.js').ReadoutEntry} ReadoutEntry */

/**
 * A piece of the readout's text; `color`: a run's name, marked with its colour.
 * @typedef {{text: string, color?: RGB}} Segment
 */

/**
 * An x on an axis as the readout writes it: `epoch 1,234`, `1,234 updates`, `12.3 s`.
 * @param {Axis} axis
 * @param {number} x
 * @returns {string}
 */
export function formatX(axis, x) {
  if (axis === 'epochs') return `epoch ${thousands(x)}`;
  if (axis === 'updates') return `${thousands(x)} update${x === 1 ? '' : 's'}`;
  const a = Math.abs(x);
  return `${thousands(Number(x.toFixed(a < 10 ? 2 : a < 100 ? 1 : 0)))} s`;
}

/**
 * The readout of several runs as pieces of text: `[at ]1,234 updates: A training 0.12
 * test 0.13 · B training …` (`latest:` for the head when the runs' latest points differ
 * in x; `A –` for a run with no point there). Each run's name is its own piece, with
 * the run's colour.
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries
 * @param {boolean} hovered
 * @returns {Segment[]}
 */
export function readoutSegments(axis, x, entries, hovered) {
  const head = x === undefined ? 'latest:' : `${hovered ? 'at ' : ''}${formatX(axis, x)}:`;
  /** @type {Segment[]} */
  const segments = [{ text: `${head} ` }];
  entries.forEach(({ name, color, point }, i) => {
    if (i > 0) segments.push({ text: ' · ' });
    segments.push(color ? { text: name, color } : { text: name });
    segments.push({ text: point ? ` training ${formatValue(point.train)} test ${formatValue(point.test)}` : ' –' });
  });
  return segments;
}

/**
 * The readout's text of several runs (see readoutSegments).
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries
 * @param {boolean} hovered
 * @returns {string}
 */
export function readoutText(axis, x, entries, hovered) {
  return readoutSegments(axis, x, entries, hovered)
    .map((s) => s.text)
    .join('');
}

/**
 * Empties the readout.
 * @param {HTMLElement} readout
 */
function clearReadout(readout) {
  readout.textContent = '';
  delete readout.dataset.key;
  readout.dataset.hover = 'false';
}

/**
 * Writes the values at one point of the history into the readout element:
 * `[at ]epoch 1,234: training 0.123 test 0.456` (the values in `span.key.train` and
 * `span.key.test`), with `data-hover` "true" while it shows the point under the mouse.
 * Unchanged text is not rewritten.
 * @param {HTMLElement | null} readout
 * @param {LossPoint | undefined} p  undefined: empty
 * @param {boolean} hovered
 * @returns {void}
 */
export function showReadout(readout, p, hovered) {
  if (!readout) return;
  if (!p) {
    clearReadout(readout);
    return;
  }
  const head = `${hovered ? 'at ' : ''}epoch ${thousands(p.epoch)}:`;
  const key = `${head}|${p.train}|${p.test}`;
  if (readout.dataset.key === key) return;
  readout.dataset.key = key;
  readout.dataset.hover = hovered ? 'true' : 'false';
  /** @type {(cls: string, label: string, v: number) => HTMLSpanElement} */
  const item = (cls, label, v) => {
    const span = document.createElement('span');
    span.className = `key ${cls}`;
    span.textContent = `${label} ${formatValue(v)}`;
    return span;
  };
  readout.replaceChildren(
    document.createTextNode(`${head} `),
    item('train', 'training', p.train),
    document.createTextNode(' '),
    item('test', 'test', p.test),
  );
}

/**
 * Writes several runs' values into the readout element (the text of readoutText; each
 * run's name in `span.run[data-run]` after a short line of its colour), with `data-hover`
 * "true" while it shows the values under the mouse. Unchanged text is not rewritten.
 * @param {HTMLElement | null} readout
 * @param {Axis} axis
 * @param {number | undefined} x
 * @param {ReadoutEntry[]} entries  none: empty
 * @param {boolean} hovered
 * @returns {void}
 */
export function showRunsReadout(readout, axis, x, entries, hovered) {
  if (!readout) return;
  if (entries.length === 0) {
    clearReadout(readout);
    return;
  }
  const segments = readoutSegments(axis, x, entries, hovered);
  const key = `runs|${segments.map((s) => s.text).join('')}`;
  if (readout.dataset.key === key) return;
  readout.dataset.key = key;
  readout.dataset.hover = hovered ? 'true' : 'false';
  readout.replaceChildren(
    ...segments.flatMap(/** @returns {Node[]} */ ({ text, color }) => {
      if (!color) return [document.createTextNode(text)];
      const swatch = document.createElement('span');
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.cssText = `display:inline-block;width:12px;margin:0 3px 0 2px;vertical-align:middle;border-top:2px solid ${css(color)}`;
      const name = document.createElement('span');
      name.className = 'run';
      name.dataset.run = text;
      name.textContent = text;
      return [swatch, name];
    }),
  );
}
