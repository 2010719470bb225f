// @ts-check
// The loss chart's histories and the pure helpers over them (no DOM): the x of a point
// on each horizontal axis (epochs, weight updates, seconds), the x range over several
// runs, and the points nearest to an x (for the readout and the hover guide).

/** @typedef {import('../lib/colors.js').RGB} RGB */

/**
 * One point of the loss history.
 * @typedef {{epoch: number, train: number, test: number}} LossPoint
 */

/**
 * One point of a compared run's history: `updates` (weight updates so far) and
 * `seconds` (training time so far, as the time limit counts it) and `compute` (the
 * run's own compute: what the seconds axis draws) may be missing in older histories; the measures
 * beside the loss (the core's accuracy and mean squared error against the coded
 * targets, on each split) only on the points the worker sent metrics with.
 * @typedef {{epoch: number, updates?: number, seconds?: number, compute?: number, train: number, test: number,
 *   trainAccuracy?: number, testAccuracy?: number, trainError?: number, testError?: number}} RunPoint
 */

/**
 * What the compare chart draws for every run: its own loss, its accuracy, or the mean
 * squared error of its outputs against the coded targets (the same measure whatever
 * the run's loss, so runs with different losses compare like for like).
 * @typedef {'loss' | 'accuracy' | 'error'} Measure
 */

/** The measures the compare chart can draw, in the order offered. */
export const MEASURES = /** @type {const} */ (['loss', 'accuracy', 'error']);

/**
 * One run of the comparison: its name ('A'), the legend's label ('A: loss = SSE'), its
 * colour and its history in order of time.
 * @typedef {{name: string, label: string, color: RGB, history: RunPoint[]}} Run
 */

/** @typedef {'epochs' | 'updates' | 'seconds'} Axis  the unit of the horizontal axis */

/**
 * A run's values at one x for the readout; `point` undefined: the run has none there.
 * @typedef {{name: string, color?: RGB, point: RunPoint | LossPoint | undefined}} ReadoutEntry
 */

/**
 * A point's seconds on the seconds axis: the run's own compute, or the training time
 * of a history kept before compute was recorded.
 * @param {RunPoint} p
 */
const computeSeconds = (p) => p.compute ?? p.seconds;

/**
 * The x value of a point on an axis; undefined when the point has none (an older
 * history without `updates` or `seconds`) or it is not finite.
 * @param {RunPoint | LossPoint} p
 * @param {Axis} axis
 * @returns {number | undefined}
 */
export function xValue(p, axis) {
  const v = axis === 'updates' ? /** @type {RunPoint} */ (p).updates : axis === 'seconds' ? computeSeconds(/** @type {RunPoint} */ (p)) : p.epoch;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The smallest and largest x of a history's points on an axis; null when none has one.
 * @param {Array<RunPoint | LossPoint>} history
 * @param {Axis} axis
 * @returns {[number, number] | null}
 */
export function xExtent(history, axis) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of history) {
    const x = xValue(p, axis);
    if (x === undefined) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The horizontal axis's range over several runs: from the smallest x of any run to the
 * largest (at least 1 wide, or a decade on a `log` axis); null when no point has an x
 * on this axis.
 * @param {Array<{history: Array<RunPoint | LossPoint>}>} series
 * @param {Axis} axis
 * @param {boolean} [log]
 * @returns {[number, number] | null}
 */
export function xRange(series, axis, log = false) {
  const extents = series.map((run) => xExtent(run.history, axis)).filter((e) => e !== null);
  if (extents.length === 0) return null;
  const lo = Math.min(...extents.map((e) => e[0]));
  const hi = Math.max(...extents.map((e) => e[1]));
  return [lo, hi > lo ? hi : log ? lo * 10 : lo + 1];
}

/**
 * The point of a history nearest to `x` on an axis (the first of equals), among the
 * points that have an x there; undefined when none has.
 * @template {RunPoint | LossPoint} P
 * @param {P[]} history
 * @param {Axis} axis
 * @param {number} x
 * @returns {P | undefined}
 */
export function nearestByX(history, axis, x) {
  /** @type {P | undefined} */
  let best;
  let bestDistance = Infinity;
  for (const p of history) {
    const px = xValue(p, axis);
    if (px === undefined) continue;
    const d = Math.abs(px - x);
    if (d < bestDistance) {
      best = p;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Each run's latest point with an x on the axis, and that x when all of them share it
 * (undefined otherwise, or when no run has a point).
 * @param {Run[]} series
 * @param {Axis} axis
 * @returns {{x: number | undefined, entries: ReadoutEntry[]}}
 */
export function latestEntries(series, axis) {
  const entries = series.map((run) => ({
    name: run.name,
    color: run.color,
    point: run.history.findLast((p) => xValue(p, axis) !== undefined),
  }));
  const xs = new Set(entries.filter((e) => e.point).map((e) => xValue(e.point, axis)));
  return { x: xs.size === 1 ? [...xs][0] : undefined, entries };
}

/**
 * The runs' values near `at` on an axis: `x` is the x of the point of any run nearest
 * to `at`, and each run gives its point nearest to `x`, or none when `x` lies more than
 * `slack` outside the run's span (a run that stopped earlier, or started later).
 * @param {Run[]} series
 * @param {Axis} axis
 * @param {number} at
 * @param {number} slack  in units of the axis
 * @returns {{x: number | undefined, entries: ReadoutEntry[]}}
 */
export function entriesAt(series, axis, at, slack) {
  const nearest = series.map((run) => nearestByX(run.history, axis, at)).filter((p) => p !== undefined);
  const x = nearestByX(nearest, axis, at);
  const snapped = x === undefined ? undefined : xValue(x, axis);
  const entries = series.map((run) => {
    const extent = xExtent(run.history, axis);
    const inside = snapped !== undefined && extent && snapped >= extent[0] - slack && snapped <= extent[1] + slack;
    return { name: run.name, color: run.color, point: inside ? nearestByX(run.history, axis, snapped) : undefined };
  });
  return { x: snapped, entries };
}

/**
 * The point of the history nearest to epoch `epoch` (the first of equals).
 * @param {LossPoint[]} history
 * @param {number} epoch
 * @returns {LossPoint}
 */
export function nearestPoint(history, epoch) {
  let best = history[0];
  for (const p of history) if (Math.abs(p.epoch - epoch) < Math.abs(best.epoch - epoch)) best = p;
  return best;
}

/**
 * A history as the compare chart draws it: each point's `train` and `test` are the
 * chosen measure's (points without it left out), and on a log x axis only points with
 * a positive x are kept.
 * @param {RunPoint[]} history
 * @param {Measure} measure
 * @param {Axis} axis
 * @param {boolean} logX
 * @returns {RunPoint[]}
 */
export function shownHistory(history, measure, axis, logX) {
  const kept = logX ? history.filter((p) => (xValue(p, axis) ?? 0) > 0) : history;
  if (measure === 'loss') return kept;
  const [train, test] = measure === 'accuracy' ? ['trainAccuracy', 'testAccuracy'] : ['trainError', 'testError'];
  return kept.flatMap((p) => {
    const a = /** @type {number | undefined} */ (p[/** @type {keyof RunPoint} */ (train)]);
    const b = /** @type {number | undefined} */ (p[/** @type {keyof RunPoint} */ (test)]);
    if (typeof a !== 'number' && typeof b !== 'number') return [];
    return [{ epoch: p.epoch, updates: p.updates, seconds: p.seconds, ...(p.compute === undefined ? {} : { compute: p.compute }), train: a ?? NaN, test: b ?? NaN }];
  });
}

/**
 * The horizontal scale from `x0` to `x1` over `plotW` pixels from `padL`, linear or
 * logarithmic (then x0 > 0): `X` gives a value's pixel, `at` a pixel's value.
 * @param {[number, number]} range
 * @param {boolean} log
 * @param {number} padL
 * @param {number} plotW
 * @returns {{X: (x: number) => number, at: (px: number) => number}}
 */
export function xScale([x0, x1], log, padL, plotW) {
  if (!log) return { X: (x) => padL + ((x - x0) / (x1 - x0)) * plotW, at: (px) => x0 + ((px - padL) / plotW) * (x1 - x0) };
  const [l0, l1] = [Math.log10(x0), Math.log10(x1)];
  return { X: (x) => padL + ((Math.log10(x) - l0) / (l1 - l0)) * plotW, at: (px) => 10 ** (l0 + ((px - padL) / plotW) * (l1 - l0)) };
}
