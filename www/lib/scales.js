// @ts-check
// Scales that depend on the run or on the data shown: a hidden neuron's heatmap range,
// the regression surface's range, how a run's values map to colours, and the tick
// values of the loss chart's and the plane's axes. Values only; the colours themselves
// are in colors.js.

/** @typedef {{lo: number, hi: number}} Range */

/**
 * How the values of a run map to colours: `classes` (one output per class), `binary`
 * (one output, two classes) or `regression`, with the value range [lo, hi].
 * @typedef {{kind: 'classes' | 'binary' | 'regression', lo: number, hi: number}} ColorMode
 */

/**
 * The colour range of a neuron's heatmap in layer `layer` (0 = first hidden layer):
 * the activation's output range from the core's `layerRanges()` (flattened lo, hi
 * pairs, NaN where unbounded); an unbounded side is set by the largest |value| of
 * the neuron's own grid `values`.
 * @param {ArrayLike<number> | null | undefined} ranges
 * @param {number} layer
 * @param {ArrayLike<number>} values
 * @returns {Range}
 */
export function neuronScale(ranges, layer, values) {
  let lo = ranges?.[2 * layer];
  let hi = ranges?.[2 * layer + 1];
  if (lo === undefined || hi === undefined) return { lo: -1, hi: 1 };
  if (Number.isNaN(lo) || Number.isNaN(hi)) {
    let m = 0;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]);
      if (a > m && a !== Infinity) m = a;
    }
    if (!(m > 0)) m = 1;
    if (Number.isNaN(lo)) lo = -m;
    if (Number.isNaN(hi)) hi = Math.max(m, lo + 1e-6);
  }
  return { lo, hi };
}

/**
 * A symmetric range around 0 that holds every regression target of the run.
 * @param {{train?: ArrayLike<number> | null, test?: ArrayLike<number> | null}} run
 *   points as x1, x2, target triples
 * @returns {Range}
 */
export function targetScale(run) {
  let m = 0;
  for (const points of [run.train, run.test]) {
    if (!points) continue;
    for (let i = 2; i < points.length; i += 3) {
      const a = Math.abs(points[i]);
      if (a > m && Number.isFinite(a)) m = a;
    }
  }
  if (!(m > 0)) m = 1;
  // A round number, so the legend reads well (1, 1.5, 2, 3, 5, 10, ...).
  const steps = [1, 1.5, 2, 3, 5, 7.5, 10];
  const p = 10 ** Math.floor(Math.log10(m));
  const nice = steps.map((s) => s * p).find((s) => s >= m * 0.999) ?? 10 * p;
  return { lo: -nice, hi: nice };
}

/**
 * How values of a run map to colours (regression: a symmetric range holding every target).
 * @param {{regression: boolean, outputs: number, targetRange: number[],
 *   train?: ArrayLike<number> | null, test?: ArrayLike<number> | null}} info
 * @returns {ColorMode}
 */
export function colorMode(info) {
  if (info.regression) return { kind: 'regression', ...targetScale(info) };
  if (info.outputs > 1) return { kind: 'classes', lo: info.targetRange[0], hi: info.targetRange[1] };
  return { kind: 'binary', lo: info.targetRange[0], hi: info.targetRange[1] };
}

/**
 * Round steps (1, 2, 5 times a power of ten), about `count` of them, over [lo, hi].
 * @param {number} lo
 * @param {number} hi
 * @param {number} count
 * @returns {number[]}
 */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * Ticks for a log axis over [10^lo, 10^hi]: powers of ten, with 2 and 5 (or 3) when few.
 * @param {number} lo  log10 of the axis's low end
 * @param {number} hi  log10 of the axis's high end
 * @returns {number[]}  the tick values (not their logarithms)
 */
export function logTicks(lo, hi) {
  const ticks = [];
  const decades = hi - lo;
  const mantissas = decades < 1.2 ? [1, 2, 5] : decades < 3 ? [1, 3] : [1];
  for (let p = Math.floor(lo); p <= Math.ceil(hi); p++) {
    for (const m of mantissas) {
      const v = m * 10 ** p;
      const l = Math.log10(v);
      if (l >= lo - 1e-9 && l <= hi + 1e-9) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * The tick values along the plane's axes: 7 of them, from -extent to extent in steps of
 * extent / 3 (rounded to 6 significant digits).
 * @param {number} extent  half-width of the plane
 * @returns {number[]}
 */
export function planeTicks(extent) {
  const step = extent / 3;
  const ticks = [];
  for (let i = -3; i <= 3; i++) ticks.push(Number((i * step).toPrecision(6)));
  return ticks;
}
