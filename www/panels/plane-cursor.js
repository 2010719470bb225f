// @ts-check
// The output plane from the keyboard: the overlay canvas takes the focus and shows a
// cursor (a cross) at a point of the plane. The arrow keys move it (Shift: farther),
// Enter acts as a click there (adds a point of the class picked, or removes with
// "Click removes" ticked), Delete or Backspace removes the nearest point within reach
// (ringed in red), a digit picks the class of new points, Home brings the cursor back to
// the origin. Each move and edit is said in a polite live region beside the plane.
// What an edit does is data-tools.js's; this file owns the cursor and its keys.

import { keyboardWidget, setText } from '../lib/dom.js';
import { toPixel } from '../lib/plane.js';
import { onCoordGrid } from '../schema/point-codec.js';

/** How far an arrow key moves the cursor, in plane units; with Shift, BIG_STEP. */
const STEP = 0.25;
const BIG_STEP = 1;

/**
 * A number as the cursor's messages write it: two decimals, a real minus sign.
 * @param {number} v
 */
const coord = (v) => (v < 0 ? `\u2212${(-v).toFixed(2)}` : v.toFixed(2));

/**
 * Where the cursor is, in words.
 * @param {{x1: number, x2: number}} p
 */
export const cursorWords = (p) => `x1 ${coord(p.x1)}, x2 ${coord(p.x2)}`;

/**
 * What the keyboard does on the plane: the edits are data-tools.js's.
 * @typedef {object} CursorActions
 * @property {() => number} extent  half-width of the plane
 * @property {(p: {x1: number, x2: number}) => string} click  adds (or in remove mode removes) at p; says what happened
 * @property {(p: {x1: number, x2: number}) => string} remove  removes the point nearest p within reach; says what happened
 * @property {(k: number) => string} pick  picks class k for new points; says what happened ('' if none)
 * @property {() => void} draw  redraws the overlay
 */

/**
 * Draws the keyboard cursor at plane point `p`: a cross, dark with a white halo, so it
 * shows on every colour of the plane.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} extent
 * @param {{w: number, h: number, radius: number}} size
 * @param {{x1: number, x2: number}} p
 */
export function drawCursor(ctx, extent, { w, h, radius }, p) {
  const { x, y } = toPixel(extent, w, h, p.x1, p.x2);
  const arm = radius + 9;
  const gap = radius + 2;
  ctx.beginPath();
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
    ctx.moveTo(x + dx * gap, y + dy * gap);
    ctx.lineTo(x + dx * arm, y + dy * arm);
  }
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 5;
  ctx.stroke();
  ctx.strokeStyle = '#1f2933';
  ctx.lineWidth = 2.5;
  ctx.stroke();
  ctx.lineCap = 'butt';
}

/**
 * The cursor moved by (dx, dy) plane units, kept on the plane and on the 0.01 grid.
 * @param {{x1: number, x2: number}} p
 * @param {number} dx
 * @param {number} dy
 * @param {number} extent
 */
function moved(p, dx, dy, extent) {
  const clamp = (/** @type {number} */ v) => Math.max(-extent, Math.min(extent, onCoordGrid(v)));
  return { x1: clamp(p.x1 + dx), x2: clamp(p.x2 + dy) };
}

/** Arrow keys: the direction they move the cursor (x2 grows upwards). */
const ARROWS = /** @type {Record<string, [number, number]>} */ ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] });

/**
 * What a key does to the cursor `ui.cursor`; returns the sentence to say, or null for a
 * key the plane leaves to the page.
 * @param {KeyboardEvent} event
 * @param {{cursor: {x1: number, x2: number}}} ui
 * @param {CursorActions} act
 * @returns {string | null}
 */
function cursorKey(event, ui, act) {
  const key = event.key;
  const arrow = ARROWS[key];
  if (arrow) {
    const step = event.shiftKey ? BIG_STEP : STEP;
    ui.cursor = moved(ui.cursor, arrow[0] * step, arrow[1] * step, act.extent());
    return `Cursor at ${cursorWords(ui.cursor)}.`;
  }
  if (key === 'Home') {
    ui.cursor = { x1: 0, x2: 0 };
    return `Cursor at ${cursorWords(ui.cursor)}.`;
  }
  if (key === 'Enter') return act.click(ui.cursor);
  if (key === 'Delete' || key === 'Backspace') return act.remove(ui.cursor);
  if (/^[0-9]$/.test(key)) return act.pick(Number(key));
  return null;
}

/**
 * Makes the overlay `overlay` a keyboard widget with a live region after it. The cursor
 * shows while the overlay has the keyboard's focus (`ui.focused`).
 * @param {HTMLCanvasElement} overlay
 * @param {{cursor: {x1: number, x2: number}, focused: boolean}} ui
 * @param {CursorActions} act
 * @returns {HTMLElement} the live region
 */
export function mountPlaneCursor(overlay, ui, act) {
  const live = keyboardWidget(
    overlay,
    'plane-live',
    'point editor',
    'Output plane. Click to add a point, shift-click to remove the nearest. Keyboard: arrow keys move a cursor (Shift: farther), Enter adds a point of the chosen class, Delete removes the nearest, a digit picks the class.',
  );
  const say = (/** @type {string} */ text) => setText(live, text);
  overlay.addEventListener('focus', () => {
    // A mouse click also focuses the plane: the cursor shows only for the keyboard.
    ui.focused = overlay.matches(':focus-visible');
    if (!ui.focused) return;
    say(`Cursor at ${cursorWords(ui.cursor)}.`);
    act.draw();
  });
  overlay.addEventListener('blur', () => {
    ui.focused = false;
    act.draw();
  });
  overlay.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const said = cursorKey(event, ui, act);
    if (said === null) return;
    // The page's own keys (→ steps, space plays) do not see the keys the plane used.
    event.preventDefault();
    event.stopPropagation();
    ui.focused = true;
    if (said) say(said);
    act.draw();
  });
  return live;
}
