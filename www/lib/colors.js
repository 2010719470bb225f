// @ts-check
// Colour scales: map a value to a colour, nothing more.
//
// Two-valued outputs and regression use a colour-blind-safe diverging scale from
// orange (low) through a light neutral to blue (high). Multi-class outputs use the
// Okabe-Ito categorical palette, which stays distinguishable for the common kinds of
// colour-vision deficiency; so do the runs compared side by side, in other Okabe-Ito
// colours than the heatmaps'.

/** @typedef {number[]} RGB  red, green, blue in 0..255 (not necessarily integers) */

// Low end, middle and high end of the diverging scale (RGB 0..255).
/** @type {RGB} */
export const LOW = [245, 147, 34]; // orange
/** @type {RGB} */
export const MID = [232, 234, 235]; // light grey
/** @type {RGB} */
export const HIGH = [8, 119, 189]; // blue

/**
 * Okabe-Ito colours, orange and blue first so two classes look the same either way.
 * @type {RGB[]}
 */
export const CLASS_COLORS = [
  [230, 159, 0], // orange
  [0, 114, 178], // blue
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky blue
];

/**
 * Colours of the runs compared side by side (A, B, C, D) on the loss chart: Okabe-Ito
 * black, vermillion, bluish green and reddish purple. They stay distinguishable for the
 * common kinds of colour-vision deficiency and leave out the Okabe-Ito orange, blue and
 * sky blue, which the heatmaps use (yellow is too light for a line on white).
 * @type {RGB[]}
 */
export const RUN_COLORS = [
  [0, 0, 0], // black
  [213, 94, 0], // vermillion
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
];

/**
 * Colour of run `i` (0 = A), repeating after the last (a copy, safe to change).
 * @param {number} i
 * @returns {RGB}
 */
export function runColor(i) {
  const n = RUN_COLORS.length;
  return [...RUN_COLORS[((Math.trunc(i) % n) + n) % n]];
}

// Point fills: a little stronger than the heatmap so points stand out.
/** @type {RGB} */
export const POINT_LOW = [232, 113, 10];
/** @type {RGB} */
export const POINT_HIGH = [8, 100, 170];

/** @param {number} t */
const clamp01 = (t) => (t < 0 ? 0 : t > 1 ? 1 : t);

/**
 * @param {RGB} a
 * @param {RGB} b
 * @param {number} t
 * @returns {RGB}
 */
function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * The diverging scale at t in [0, 1] (clamped; NaN gives the middle colour).
 * @param {number} t
 * @param {RGB} [low]
 * @param {RGB} [high]
 * @returns {RGB}
 */
export function diverging(t, low = LOW, high = HIGH) {
  if (!(t === t)) return MID; // NaN
  const u = clamp01(t);
  return u < 0.5 ? mix(low, MID, u * 2) : mix(MID, high, (u - 0.5) * 2);
}

/**
 * Colour of class `k`, mixed towards white by `1 - strength`.
 * @param {number} k
 * @param {number} [strength]
 * @returns {RGB}
 */
export function classColor(k, strength = 1) {
  const c = CLASS_COLORS[k % CLASS_COLORS.length];
  return mix([255, 255, 255], c, clamp01(strength));
}

/**
 * Lighter colour for the heatmaps (and their legend) so the points on top stand out.
 * @param {RGB} rgb
 * @param {number} [amount]  how much of the colour stays (the rest is white)
 * @returns {RGB}
 */
export function soften(rgb, amount = 0.82) {
  return [255 + (rgb[0] - 255) * amount, 255 + (rgb[1] - 255) * amount, 255 + (rgb[2] - 255) * amount];
}

/**
 * CSS colour of an RGB triple.
 * @param {RGB} rgb
 * @param {number} [alpha]
 * @returns {string}
 */
export function css(rgb, alpha = 1) {
  const [r, g, b] = rgb.map((v) => Math.round(v));
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

/**
 * Maps `v` in [lo, hi] to [0, 1] (not clamped).
 * @param {number} v
 * @param {number} lo
 * @param {number} hi
 * @returns {number}
 */
export function unit(v, lo, hi) {
  return (v - lo) / (hi - lo);
}
