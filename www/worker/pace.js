// @ts-check
// The worker's pacing: how much to train between frames, how fine the output grid can
// be, and the loop that trains in the background between the page's messages.
//
// While playing, the worker trains in slices of at most SLICE_MS and answers each frame
// request at once with the current picture, so a request waits at most one slice plus
// the pictures (output grid, neuron grids, losses, weights): a few milliseconds, well
// inside a 60 fps frame, and training uses the time in between. Each frame request
// allows `epochsPerFrame` more epochs (a fraction is slow motion; Infinity, "max",
// trains for as long as the page keeps asking). Epochs run in as few `train(k)` calls
// as fit a slice, `k` sized from the measured time per epoch, because every call ends
// with a pass over the training set (the core's divergence check). A frame request may
// also cap what is owed (compare mode's lockstep: no run gets ahead of epoch `until`);
// a run at its cap is owed nothing and waits for the next request. A frame request may
// also give the worker a share of the time between frames to train in (compare mode:
// several workers on few cores); past it the worker waits for the next request, so the
// page's thread gets a core to draw on and every worker answers its next request at once
// instead of when the system next schedules it.
//
// No worker globals here (only performance.now and MessageChannel, which Node has too),
// so it can be tested outside a browser.

/** Longest stretch of training between two looks at the message queue (ms). */
export const SLICE_MS = 3;
/**
 * Sides of the output grid while training, finest first; paused frames use the first.
 * The coarsest are for the biggest networks (10 × 32: a 32² grid costs about what a 100²
 * grid of the default network does).
 */
export const GRID_SIDES = [100, 80, 64, 50, 40, 32];
/** Cells per side of a neuron's small heatmap in the diagram, at most. */
export const NEURON_SIDE = 24;
/**
 * Cells of all the neurons' heatmaps together, at most: what 6 hidden layers of 8 and
 * an output neuron take at NEURON_SIDE. A bigger network's heatmaps get fewer cells each
 * (10 × 32: 9 × 9), which is also about what its smaller boxes in the diagram can show.
 */
const NEURON_CELLS = NEURON_SIDE * NEURON_SIDE * 49;
/** Most time for the output grid of one frame while training (ms): big networks go coarser. */
const GRID_MS = 2.5;
/** Training stops when the page has not asked for a frame for this long (ms): hidden tab. */
const IDLE_MS = 250;
/** The time between frames assumed until two requests were measured (ms): 60 Hz. */
const FRAME_MS = 1000 / 60;

/**
 * The share of the time between frames each of `runs` training workers may train in when
 * the machine has `cores` cores: all of it while the workers leave a core to the page
 * (runs < cores), else an equal part of all cores but one (the page's thread draws on that
 * one), at least a tenth. 2 cores: 1 run 1, 2 runs 0.5, 4 runs 0.25.
 * @param {number} runs
 * @param {number} cores  navigator.hardwareConcurrency (2 when unknown)
 * @returns {number}
 */
export function trainShare(runs, cores) {
  const c = Number.isFinite(cores) && cores > 0 ? cores : 2;
  if (runs < c) return 1;
  return Math.max(0.1, Math.min(1, Math.max(1, c - 1) / runs));
}

/** Metrics cost a pass over both splits: at most this often while training (ms). */
export const METRICS_EVERY_MS = 250;

/**
 * Cells per side of each neuron's heatmap when there are `count` neurons (hidden and
 * output): NEURON_SIDE up to 49 neurons, then as many as keep the total within
 * NEURON_CELLS, at least 4.
 * @param {number} count
 * @returns {number}
 */
export function neuronSide(count) {
  return Math.max(4, Math.min(NEURON_SIDE, Math.floor(Math.sqrt(NEURON_CELLS / Math.max(1, count)))));
}

/**
 * What the Pacer trains: the wasm Playground, or anything with its `train`.
 * @typedef {object} Trainable
 * @property {(epochs: number) => number} train  trains up to `epochs` epochs; returns how many ran
 */

/**
 * Exponential moving average, with `v` replacing a missing estimate.
 * @param {number} old
 * @param {number} v
 * @param {number} [weight]
 * @returns {number}
 */
function blend(old, v, weight = 0.25) {
  return old > 0 ? old + weight * (v - old) : v;
}

/** Decides how many epochs to train, and trains them a slice at a time. */
export class Pacer {
  /** @param {() => number} [now] the clock in ms (tests pass a fake one) */
  constructor(now = () => performance.now()) {
    /** The clock (ms). */
    this.now = now;
    /** Measured time of one epoch (ms), per run; 0 until measured. */
    this.msPerEpoch = 0;
    /** The run the measurements are for. */
    this.run = -1;
    /** Epochs allowed before the next frame request. */
    this.quota = 0;
    /** When the page last asked for a frame (performance.now()). */
    this.askedAt = -Infinity;
    /** Measured cost of one cell of the output grid (ms), per run. */
    this.cellMs = 0;
    /** Measured time between frame requests (ms), 0 until measured. */
    this.frameMs = 0;
    /** Training time left until the next frame request (ms): the request's share. */
    this.budgetMs = Infinity;
  }

  /**
   * The side of the output grid for the next frame: finest when paused.
   * @param {boolean} playing
   * @returns {number}
   */
  gridSide(playing) {
    if (!playing || !(this.cellMs > 0)) return GRID_SIDES[0];
    return GRID_SIDES.find((s) => s * s * this.cellMs <= GRID_MS) ?? GRID_SIDES[GRID_SIDES.length - 1];
  }

  /**
   * Records that an output grid of `side`² cells took `ms`.
   * @param {number} side
   * @param {number} ms
   */
  gridTime(side, ms) {
    this.cellMs = blend(this.cellMs, ms / (side * side));
  }

  /** Forgets what is owed (paused, stepped, or a new run). */
  clear() {
    this.quota = 0;
  }

  /**
   * A frame request while playing at `perFrame` epochs per frame: allows that many more,
   * but never more than `cap`, and training for `share` of the time between frames.
   * @param {number} perFrame  epochs per frame; a fraction is slow motion, Infinity "max"
   * @param {number} run       the current run: a new one forgets the measurements
   * @param {number} [cap]     most epochs allowed until the next request (lockstep: epochs
   *                           left before the page's `until`); Infinity, the default, is none
   * @param {number} [share]   the part of the time between frames to train in (1, the
   *                           default: all of it; see trainShare)
   */
  request(perFrame, run, cap = Infinity, share = 1) {
    if (run !== this.run) {
      this.run = run;
      this.msPerEpoch = 0;
      this.cellMs = 0;
      this.quota = 0;
    }
    const now = this.now();
    const gap = now - this.askedAt;
    if (gap > 0 && gap < IDLE_MS) this.frameMs = blend(this.frameMs, gap);
    this.askedAt = now;
    this.budgetMs = share >= 1 || !(share > 0) ? Infinity : share * (this.frameMs || FRAME_MS);
    // Owed epochs do not pile up beyond one frame's worth: a slow network slows down.
    this.quota = perFrame === Infinity ? Infinity : Math.min(this.quota + perFrame, Math.max(perFrame, 1));
    // Lockstep: not beyond the cap (a run that reached it is owed nothing and waits).
    if (this.quota > cap) this.quota = Math.max(0, cap);
  }

  /**
   * Whether a slice of training is due.
   * @returns {boolean}
   */
  due() {
    return this.quota >= 1 && this.budgetMs > 0 && this.now() - this.askedAt < IDLE_MS;
  }

  /**
   * Trains one slice of what is owed; returns the epochs trained.
   * @param {Trainable} playground
   * @returns {number}
   */
  slice(playground) {
    const start = this.now();
    const ran = this.train(playground, Math.floor(this.quota), Math.min(SLICE_MS, this.budgetMs));
    this.quota -= ran;
    this.budgetMs -= this.now() - start;
    return ran;
  }

  /**
   * Trains up to `epochs` epochs, stopping once `budgetMs` have passed (at least one).
   * @param {Trainable} playground
   * @param {number} epochs
   * @param {number} [budgetMs]
   * @returns {number} the epochs trained
   */
  train(playground, epochs, budgetMs = Infinity) {
    const start = this.now();
    let done = 0;
    while (done < epochs) {
      const left = budgetMs - (this.now() - start);
      if (done > 0 && left <= 0) break;
      let chunk = epochs - done;
      if (budgetMs !== Infinity) {
        // Unknown speed: one epoch to measure; then what fits in 90% of what is left.
        const fit = this.msPerEpoch > 0 ? Math.floor((0.9 * left) / this.msPerEpoch) : 1;
        chunk = Math.max(1, Math.min(chunk, fit));
      }
      chunk = Math.min(chunk, 1_000_000);
      const t0 = this.now();
      const ran = playground.train(chunk);
      const dt = this.now() - t0;
      if (ran > 0) this.msPerEpoch = blend(this.msPerEpoch, dt / ran, 0.5);
      done += ran;
      if (ran < chunk) break; // stopped or diverged
    }
    return done;
  }
}

/**
 * Runs `slice()` again and again as separate tasks (through a MessageChannel, which
 * unlike setTimeout is not clamped to 4 ms), so messages from the page are handled
 * between slices. `slice()` returns whether to go on; the returned `kick()` starts the
 * loop (a kick while a slice is already scheduled does nothing). The port listens only
 * while a slice is scheduled, so an idle loop does not keep a Node process alive.
 * @param {() => boolean} slice
 * @returns {() => void} kick
 */
export function backgroundLoop(slice) {
  const channel = new MessageChannel();
  let scheduled = false;
  const run = () => {
    scheduled = false;
    if (slice()) kick();
    else if (!scheduled) channel.port2.onmessage = null;
  };
  const kick = () => {
    if (scheduled) return;
    scheduled = true;
    channel.port2.onmessage = run;
    channel.port1.postMessage(0);
  };
  return kick;
}
