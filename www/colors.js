// Colour scales: map a value to a colour, nothing more.
//
// Two-valued outputs and regression use a colour-blind-safe diverging scale from
// orange (low) through a light neutral to blue (high). Multi-class outputs use the
// Okabe-Ito categorical palette, which stays distinguishable for the common kinds of
// colour-vision deficiency.

/** Low end, middle and high end of the diverging scale (RGB 0..255). */
export const LOW = [245, 147, 34]; // orange
export const MID = [232, 234, 235]; // light grey
export const HIGH = [8, 119, 189]; // blue

/** Okabe-Ito colours, orange and blue first so two classes look the same either way. */
export const CLASS_COLORS = [
  [230, 159, 0], // orange
  [0, 114, 178], // blue
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky blue
];

/** Point fills: a little stronger than the heatmap so points stand out. */
export const POINT_LOW = [232, 113, 10];
export const POINT_HIGH = [8, 100, 170];

const clamp01 = (t) => (t < 0 ? 0 : t > 1 ? 1 : t);

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** The diverging scale at t in [0, 1] (clamped; NaN gives the middle colour). */
export function diverging(t, low = LOW, high = HIGH) {
  if (!(t === t)) return MID; // NaN
  const u = clamp01(t);
  return u < 0.5 ? mix(low, MID, u * 2) : mix(MID, high, (u - 0.5) * 2);
}

/** Colour of class `k`, mixed towards white by `1 - strength`. */
export function classColor(k, strength = 1) {
  const c = CLASS_COLORS[k % CLASS_COLORS.length];
  return mix([255, 255, 255], c, clamp01(strength));
}

/** CSS colour of an RGB triple. */
export function css(rgb, alpha = 1) {
  const [r, g, b] = rgb.map((v) => Math.round(v));
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** Maps `v` in [lo, hi] to [0, 1] (not clamped). */
export function unit(v, lo, hi) {
  return (v - lo) / (hi - lo);
}
