// The worker's pacing and lecture extras: training between frames, when the metrics
// are due, the least-squares request, and telling a Rust panic from an error.
//
// Pacing: while playing, the worker trains in the background in slices of at most
// SLICE_MS and answers each frame request at once with the current picture, so a
// request waits at most one slice plus the pictures (output grid, neuron grids, losses,
// weights): a few milliseconds, well inside a 60 fps frame, and training uses the time
// in between. Each frame request allows `epochsPerFrame` more epochs (a fraction is
// slow motion; Infinity, "max", trains for as long as the page keeps asking). Epochs
// run in as few `train(k)` calls as fit a slice, `k` sized from the measured time per
// epoch, because every call ends with a pass over the training set (the core's
// divergence check).
//
// Page -> worker                     Worker -> page
//   {type:'leastSquares', rid}         {type:'reply', rid, ok, value:{before, after}} | error
//   {type:'crashTest'}                 {type:'panic', ...} (exercises the recovery path)
//   (any wasm trap)                    {type:'panic', where, message}

/** Longest stretch of training between two looks at the message queue (ms). */
export const SLICE_MS = 3;
/** Sides of the output grid while training, finest first; paused frames use the first. */
export const GRID_SIDES = [100, 80, 64, 50];
/** Most time for the output grid of one frame while training (ms): big networks go coarser. */
const GRID_MS = 2.5;
/** Training stops when the page has not asked for a frame for this long (ms): hidden tab. */
const IDLE_MS = 250;
/** Metrics cost a pass over both splits: at most this often while training (ms). */
export const METRICS_EVERY_MS = 250;

/** Exponential moving average, with `v` replacing a missing estimate. */
function blend(old, v, weight = 0.25) {
  return old > 0 ? old + weight * (v - old) : v;
}

/** Decides how many epochs to train, and trains them a slice at a time. */
export class Pacer {
  constructor() {
    this.msPerEpoch = 0; // measured, per run
    this.run = -1;
    this.quota = 0; // epochs allowed before the next frame request
    this.askedAt = -Infinity; // when the page last asked for a frame
    this.cellMs = 0; // measured cost of one cell of the output grid, per run
  }

  /** The side of the output grid for the next frame: finest when paused. */
  gridSide(playing) {
    if (!playing || !(this.cellMs > 0)) return GRID_SIDES[0];
    return GRID_SIDES.find((s) => s * s * this.cellMs <= GRID_MS) ?? GRID_SIDES[GRID_SIDES.length - 1];
  }

  /** Records that an output grid of `side`² cells took `ms`. */
  gridTime(side, ms) {
    this.cellMs = blend(this.cellMs, ms / (side * side));
  }

  /** Forgets what is owed (paused, stepped, or a new run). */
  clear() {
    this.quota = 0;
  }

  /** A frame request while playing at `perFrame` epochs per frame: allows that many more. */
  request(perFrame, run) {
    if (run !== this.run) {
      this.run = run;
      this.msPerEpoch = 0;
      this.cellMs = 0;
      this.quota = 0;
    }
    this.askedAt = performance.now();
    // Owed epochs do not pile up beyond one frame's worth: a slow network slows down.
    this.quota = perFrame === Infinity ? Infinity : Math.min(this.quota + perFrame, Math.max(perFrame, 1));
  }

  /** Whether a slice of training is due. */
  due() {
    return this.quota >= 1 && performance.now() - this.askedAt < IDLE_MS;
  }

  /** Trains one slice of what is owed; returns the epochs trained. */
  slice(playground) {
    const ran = this.train(playground, Math.floor(this.quota), SLICE_MS);
    this.quota -= ran;
    return ran;
  }

  /** Trains up to `epochs` epochs, stopping once `budgetMs` have passed (at least one). */
  train(playground, epochs, budgetMs = Infinity) {
    const start = performance.now();
    let done = 0;
    while (done < epochs) {
      const left = budgetMs - (performance.now() - start);
      if (done > 0 && left <= 0) break;
      let chunk = epochs - done;
      if (budgetMs !== Infinity) {
        // Unknown speed: one epoch to measure; then what fits in 90% of what is left.
        const fit = this.msPerEpoch > 0 ? Math.floor((0.9 * left) / this.msPerEpoch) : 1;
        chunk = Math.max(1, Math.min(chunk, fit));
      }
      chunk = Math.min(chunk, 1_000_000);
      const t0 = performance.now();
      const ran = playground.train(chunk);
      const dt = performance.now() - t0;
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
 * between slices. `slice()` returns whether to go on; `kick()` starts the loop.
 */
export function backgroundLoop(slice) {
  const channel = new MessageChannel();
  let scheduled = false;
  const kick = () => {
    if (scheduled) return;
    scheduled = true;
    channel.port1.postMessage(0);
  };
  channel.port2.onmessage = () => {
    scheduled = false;
    if (slice()) kick();
  };
  return kick;
}

// ---- panics -------------------------------------------------------------------------

let lastPanic = null;

/**
 * Remembers what `console_error_panic_hook` prints ("panicked at ..."), so the page
 * can be told which Rust panic the trap that follows came from.
 */
export function capturePanics() {
  const original = console.error.bind(console);
  console.error = (...args) => {
    const text = args.map(String).join(' ');
    if (/panicked at/.test(text)) lastPanic = text.split('\n\nStack:')[0].trim();
    original(...args);
  };
}

/** Whether `err` is a WebAssembly trap (a Rust panic aborts with `unreachable`). */
export function isPanic(err) {
  return (
    (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) ||
    (err instanceof Error && /unreachable/i.test(err.message) && /RuntimeError/.test(err.name))
  );
}

/** Tells the page that the wasm instance is dead; it restarts the worker. */
export function reportPanic(where, err) {
  const detail = lastPanic ?? (err instanceof Error ? err.message || String(err) : String(err));
  postMessage({ type: 'panic', where, message: detail });
}

// ---- lecture requests ---------------------------------------------------------------

/** Metrics of both splits as plain objects (accuracy + confusion, or R²). */
export function metricsOf(playground) {
  return {
    train: JSON.parse(playground.metricsJson(false)),
    test: JSON.parse(playground.metricsJson(true)),
  };
}

/**
 * Handlers of the lecture's requests. `current()` is the run, `touch()` marks it
 * changed so the next frame carries the new weights.
 */
export function lectureHandlers({ current, touch }) {
  return {
    leastSquares({ rid }) {
      const p = current();
      try {
        if (!p) throw new Error('there is no run yet');
        const losses = () => ({ epoch: p.epoch, train: p.trainLoss(), test: p.testLoss() });
        const before = losses();
        p.solveLeastSquares(); // throws: not linear, or X^T X singular
        touch();
        postMessage({ type: 'reply', rid, ok: true, value: { before, after: losses() } });
      } catch (err) {
        if (isPanic(err)) throw err;
        postMessage({ type: 'reply', rid, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    },
    crashTest() {
      // What a Rust panic looks like from JavaScript: a trap out of the wasm instance.
      throw new WebAssembly.RuntimeError('unreachable (simulated panic for the recovery test)');
    },
  };
}
