// @ts-check
// The runs of a comparison: run A is the page's own (the main store and its worker);
// every other run has a store and a worker of its own, fed A's configuration with the
// run's differences. Play, pause, step and reset act on all runs; in lockstep (the
// default) no run trains more than a few epochs ahead of the slowest, in a race each
// goes as fast as it can. A run that stops or diverges pauses alone. A run kept in the
// browser (app/saved-run.js) resumes when its configuration is the one asked for.

import { createStore, watch } from '../app/store.js';
import { initialState } from '../app/state.js';
import { connect } from '../app/connection.js';
import { REQUESTS } from '../worker/protocol.js';
import { trainShare } from '../worker/pace.js';
import { runConfig, SOLVE } from './diff.js';
import { canonical, resumable, resumeRun, refusedNotice } from '../app/saved-run.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('../app/connection.js').Connection} Connection */
/** @typedef {import('./diff.js').Compare} Compare */

/**
 * In lockstep at "max" speed, how many epochs a run may train ahead of the slowest at
 * least; more when the slowest trains more per frame (two frames' worth, as at a set speed).
 */
const MAX_LEAD = 50;

/** One run of a comparison after A: its own store and worker. */
export class RunSlot {
  /**
   * @param {string} name
   * @param {State} main  the page's state (the table, the defaults, the view)
   * @param {{kept?: import('../app/saved-run.js').SavedRun, tell?: (notice: string) => void}} [resume]
   *   the run kept for this name, to resume (app.js chose it); `tell` says it failed
   */
  constructor(name, main, { kept, tell = () => {} } = {}) {
    this.name = name;
    /** @type {any} */
    this.diff = {};
    this.store = createStore({ ...initialState(), schema: main.schema, defaults: main.defaults, view: main.view });
    /** @type {any} */
    this.wanted = null; // the configuration to build once the worker is ready
    this.connection = connect(this.store, () => {
      if (!kept || !resumable(kept, kept.config)) {
        this.store.update({ config: this.wanted, ready: true });
        return;
      }
      const failed = (/** @type {string} */ why) => {
        tell(refusedNotice(name, why));
        this.store.update({ config: this.wanted, progress: initialState().progress });
      };
      this.store.update({ ...resumeRun({ store: this.store, connection: this.connection, saved: kept, failed }), ready: true });
    });
    this.solvedRun = 0;
    watch(this.store, (s) => s.run, (run) => this.solveIfAsked(run));
  }

  /**
   * A's configuration with this run's differences; a difference that cannot be read is
   * reported as the run's problem.
   * @param {State} main
   * @param {any} diff
   */
  follow(main, diff) {
    this.diff = diff;
    const before = this.wanted;
    let config;
    try {
      config = runConfig(main.schema, main.config, diff);
    } catch (err) {
      this.store.update({ problems: [{ message: err instanceof Error ? err.message : String(err) }] });
      return;
    }
    this.wanted = config;
    // Against the configuration wanted before, not the run's: a resumed run's is the core's
    // own writing of it (every field spelled out), which the same wish must not rebuild.
    if (this.store.get().ready && canonical(config) !== canonical(before)) this.store.update({ config });
    if (this.store.get().view !== main.view) this.store.update({ view: main.view });
  }

  /**
   * A run asked to be solved by least squares is solved once per new run.
   * @param {any} run
   */
  async solveIfAsked(run) {
    if (!run || !this.diff[SOLVE] || this.solvedRun === run.id) return;
    this.solvedRun = run.id;
    try {
      const value = await this.connection.request(REQUESTS.leastSquares);
      if (this.store.get().run?.id === run.id) this.store.update({ leastSquares: value });
    } catch (err) {
      this.store.update({ leastSquares: { error: err instanceof Error ? err.message : String(err) } });
    }
  }

  close() {
    this.connection.close();
  }
}

/**
 * Keeps the runs of the comparison in the main store's `compare` alive and fed.
 * @param {Store} main
 * @param {Connection} connection  run A's
 */
export function mountCompare(main, connection) {
  /** @type {RunSlot[]} */
  let slots = [];
  /** @type {Map<string, import('../app/saved-run.js').SavedRun>} */
  let kept = new Map(); // runs kept in the browser, for the slots made next
  /** @type {() => void} */
  let told = () => {}; // at each snapshot of a slot's run
  const tell = (/** @type {string} */ notice) => main.update((s) => ({ notices: [...s.notices, notice] }));
  const tellMain = () => {
    const states = slots.map((sl) => sl.store.get());
    const others = { playing: states.some((o) => o.playing), trainable: states.some((o) => o.run && !o.progress.stopMessage) };
    const now = main.get().others;
    if (now.playing !== others.playing || now.trainable !== others.trainable) main.update({ others });
  };
  const sync = () => {
    const s = main.get();
    const runs = s.compare?.runs ?? [];
    for (const slot of slots.filter((sl) => !runs.some((r) => r.name === sl.name))) slot.close();
    slots = runs.map((r) => slots.find((sl) => sl.name === r.name) ?? watched(new RunSlot(r.name, s, { kept: kept.get(r.name), tell })));
    if (runs.length) kept = new Map(); // resumed once, when the comparison opens
    runs.forEach((r, i) => slots[i].follow(s, r.diff));
    tellMain();
  };
  const watched = (/** @type {RunSlot} */ slot) => {
    slot.store.subscribe(tellMain);
    slot.connection.onSnapshot = () => told();
    joinWhenPlaying(slot, main);
    return slot;
  };
  watch(main, (s) => s.compare, sync);
  watch(main, (s) => s.config, sync);
  watch(main, (s) => s.view, sync);
  const all = () => [connection, ...slots.map((sl) => sl.connection)];
  const stores = () => [main, ...slots.map((sl) => sl.store)];
  const perFrame = paces();
  /** @type {(store: Store) => (epoch?: number) => number|null} */
  const limitOf = (own) => (epoch) => lockstepLimit(main.get(), stores(), own, epoch, perFrame);
  connection.limit = limitOf(main);
  // The runs share the cores, leaving one to the page's drawing (worker/pace.js).
  const share = () => trainShare(1 + slots.length, globalThis.navigator?.hardwareConcurrency ?? 2);
  connection.share = share;
  const fleet = {
    /** @param {boolean} playing */
    play: (playing) => all().forEach((c) => c.play(playing)),
    step: () => all().forEach((c) => c.step()),
    reset: () => all().forEach((c) => c.reset()),
  };
  watch(main, (s) => s.compare, () =>
    slots.forEach((sl) => {
      sl.connection.limit = limitOf(sl.store);
      sl.connection.share = share;
    }),
  );
  return {
    fleet,
    slots: () => slots,
    /**
     * The runs kept in the browser, by name, for the comparison about to open.
     * @param {Map<string, import('../app/saved-run.js').SavedRun>} runs
     */
    keep: (runs) => (kept = runs),
    /** @param {() => void} f  called at each snapshot of a compared run */
    listen: (f) => (told = f),
  };
}

/**
 * A run built while the comparison plays joins it (play was pressed before its worker
 * had built it, or it was added mid-play); a run that a reset rebuilt stays paused.
 * @param {RunSlot} slot
 * @param {Store} main  A's store (its `others` says whether a compared run plays)
 */
function joinWhenPlaying(slot, main) {
  watch(slot.store, (st) => st.run, (run) => {
    if (!run || run.reset || slot.store.get().playing) return;
    const { playing, others } = main.get();
    if (playing || others.playing) slot.connection.play(true);
  });
}

/**
 * Epochs per frame each run trained lately (the frame it last reported against the one
 * before, smoothed), read from its store.
 * @returns {(store: Store) => number}
 */
function paces() {
  const seen = new WeakMap();
  return (st) => {
    const epoch = st.get().progress.epoch;
    const p = seen.get(st) ?? { epoch, rate: 0 };
    if (epoch !== p.epoch) p.rate = epoch > p.epoch ? p.rate + 0.25 * (epoch - p.epoch - p.rate) : 0;
    p.epoch = epoch;
    seen.set(st, p);
    return p.rate;
  };
}

/**
 * The epoch a run may train to in lockstep: no cap for the slowest running run, and for
 * the others the slowest's epoch plus two frames' worth (the epochs a run reports are a
 * frame old, so one frame's worth would hold everyone back); null (no cap) outside a
 * comparison or in a race. `own` is the run asking, and `epoch` the epoch its worker
 * just reported (its store shows it only after the request goes).
 * @param {State} main
 * @param {Store[]} stores
 * @param {Store} [own]
 * @param {number} [epoch]
 * @param {(store: Store) => number} [perFrame]  the epochs a run trained per frame lately
 *   (at "max" the lead is two frames' worth of the slowest's, at least MAX_LEAD)
 * @returns {number|null}
 */
export function lockstepLimit(main, stores, own, epoch, perFrame = () => 0) {
  if (!main.compare || main.compare.race) return null;
  const epochOf = (/** @type {Store} */ st) => (st === own && epoch !== undefined ? Math.max(epoch, st.get().progress.epoch) : st.get().progress.epoch);
  const others = stores.filter((st) => st !== own && st.get().run && !st.get().progress.stopMessage);
  if (others.length === 0) return null;
  const slowest = others.reduce((a, b) => (epochOf(b) < epochOf(a) ? b : a));
  const at = epochOf(slowest);
  if (own && epochOf(own) <= at) return null;
  const speed = main.view.speed;
  return at + (Number.isFinite(speed) ? 2 * Math.max(1, Math.ceil(speed)) : Math.max(MAX_LEAD, Math.ceil(2 * perFrame(slowest))));
}
