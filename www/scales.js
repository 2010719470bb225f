// Colour scales that depend on the run: a hidden neuron's heatmap range and the
// regression surface's range. Values only; the colours themselves are in colors.js.

/**
 * The colour range of a neuron's heatmap in layer `layer` (0 = first hidden layer):
 * the activation's output range from the core's `layerRanges()` (flattened lo, hi
 * pairs, NaN where unbounded); an unbounded side is set by the largest |value| of
 * the neuron's own grid `values`.
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

/** A symmetric range around 0 that holds every regression target of the run. */
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
