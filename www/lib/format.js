// @ts-check
// Numbers as the page writes them: losses, chart values, epochs, weights, learning
// rates and axis ticks. Pure functions of their arguments.

/**
 * Text of a non-finite number: NaN, ∞ or −∞.
 * @param {number} v
 * @returns {string}
 */
function nonFinite(v) {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
}

/**
 * Short text for a loss value on the chart's axis and readout: 3 significant digits,
 * exponent form (with a real minus sign) when very large or small.
 * @param {number} v
 * @returns {string}
 */
export function formatValue(v) {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e-', 'e−');
  return Number(v.toPrecision(3)).toString();
}

/**
 * A loss for the readouts: `digits` decimals, exponent form when very large or small.
 * @param {number} v
 * @param {number} [digits]
 * @returns {string}
 */
export function formatLoss(v, digits = 3) {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return v.toFixed(digits);
}

/**
 * The epoch counter: at least 6 digits, zero-padded, with thousands commas (000,042).
 * @param {number} n
 * @returns {string}
 */
export function formatEpoch(n) {
  return String(n).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** en-US number format, made once: toLocaleString builds a formatter on every call. */
const EN_US = new Intl.NumberFormat('en-US');

/**
 * A number with thousands commas, as en-US writes it (1,234).
 * @param {number} n
 * @returns {string}
 */
export function thousands(n) {
  return EN_US.format(n);
}

/**
 * A weight or bias for the diagram's tooltip: 4 decimals, exponent form when very
 * large or small, NaN and Infinity as JavaScript writes them.
 * @param {number} v
 * @returns {string}
 */
export function formatWeight(v) {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

/**
 * A learning rate in a select: below 0.001 in exponent form (1e−4, real minus sign), else as written.
 * @param {number} v
 * @returns {string}
 */
export function formatRate(v) {
  return v < 0.001 ? v.toExponential(0).replace('e-', 'e−') : String(v);
}

/**
 * A tick value of the plane's axes, with a real minus sign.
 * @param {number} v
 * @returns {string}
 */
export function formatTick(v) {
  return String(v).replace('-', '−');
}

/**
 * An entry of a matrix in the step panel: 4 significant digits (`digits`), exponent
 * form when very large or small, real minus signs; 0 as "0", NaN and infinities as
 * NaN, ∞ and −∞.
 * @param {number} v
 * @param {number} [digits]
 * @returns {string}
 */
export function formatSignificant(v, digits = 4) {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : v.toPrecision(digits);
  return text.replace(/-/g, '−');
}
