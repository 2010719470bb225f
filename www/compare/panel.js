// @ts-check
// Compare mode on the page: the bar (lecture experiments, add a run, race, the chart's
// x axis, leave), a card per run, and one loss chart with every run. Everything it
// changes goes to the main store's `compare` (and, for a preset, run A's configuration);
// the controller (compare/controller.js) keeps the runs' workers in step with it.

import { byId, h, setText } from '../lib/dom.js';
import { runColor } from '../lib/colors.js';
import { watch } from '../app/store.js';
import { LossChart } from '../views/loss-chart.js';
import { keepSize } from '../lib/canvas.js';
import { MEASURES, shownHistory } from '../views/chart-series.js';
import { PRESETS } from './presets.js';
import { RUN_NAMES, AXES, SOLVE, describe, presetState, pageField } from './diff.js';
import { diffEditor, nextDifference, newRunDifference } from './editor.js';
import { RunCard, reachedText } from './cards.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {import('./diff.js').Compare} Compare */

const AXIS_LABELS = { epochs: 'epochs', updates: 'weight updates', seconds: 'seconds' };
/** What the chart can draw of every run (views/chart-series.js MEASURES). */
const MEASURE_LABELS = { loss: 'each run\'s loss', accuracy: 'accuracy', error: 'mean squared error' };

/**
 * Changes the comparison.
 * @param {Store} store
 * @param {(c: Compare) => Compare|null} change
 */
const updateCompare = (store, change) => store.update((s) => (s.compare ? { compare: change(s.compare) } : null));

/**
 * A comparison of A with one more run that differs in one setting.
 * @param {State} s
 * @returns {Compare}
 */
function firstComparison(s) {
  const [key, text] = nextDifference(s.schema, s.config, {}, s.run?.table);
  return { runs: [{ name: 'B', diff: { [key]: text } }], race: false, axis: 'epochs', preset: null };
}

/**
 * The bar's controls.
 * @param {Store} store
 */
function mountBar(store) {
  const preset = /** @type {HTMLSelectElement} */ (byId('compare-preset'));
  preset.replaceChildren(h('option', { value: '', text: 'your own comparison' }), ...PRESETS.map((p) => h('option', { value: p.id, text: p.title })));
  preset.addEventListener('change', () => {
    const p = PRESETS.find((q) => q.id === preset.value);
    if (p) store.update((s) => presetState(s.schema, s.defaults, p));
    else updateCompare(store, (c) => ({ ...c, preset: null }));
  });
  const axis = /** @type {HTMLSelectElement} */ (byId('compare-axis'));
  axis.replaceChildren(...AXES.map((a) => h('option', { value: a, text: AXIS_LABELS[a] })));
  axis.addEventListener('change', () => updateCompare(store, (c) => ({ ...c, axis: /** @type {Compare['axis']} */ (axis.value) })));
  const measure = /** @type {HTMLSelectElement} */ (byId('compare-measure'));
  measure.replaceChildren(...MEASURES.map((m) => h('option', { value: m, text: MEASURE_LABELS[m] })));
  measure.addEventListener('change', () => updateCompare(store, (c) => {
    const { measure: _, ...rest } = c;
    return measure.value === 'loss' ? rest : { ...rest, measure: /** @type {import('./diff.js').Compare['measure']} */ (measure.value) };
  }));
  const logX = /** @type {HTMLInputElement} */ (byId('compare-logx'));
  logX.addEventListener('change', () => updateCompare(store, (c) => {
    const { logX: _, ...rest } = c;
    return logX.checked ? { ...rest, logX: true } : rest;
  }));
  const race = /** @type {HTMLInputElement} */ (byId('compare-race'));
  race.addEventListener('change', () => updateCompare(store, (c) => ({ ...c, race: race.checked })));
  byId('compare-open').addEventListener('click', () => store.update((s) => (s.compare ? null : { compare: firstComparison(s) })));
  byId('compare-leave').addEventListener('click', () => store.update({ compare: null }));
  byId('compare-add').addEventListener('click', () => updateCompare(store, (c) => {
    if (c.runs.length >= RUN_NAMES.length) return c;
    const s = store.get();
    const [key, text] = newRunDifference(s.schema, s.config, c.runs, s.run?.table);
    return { ...c, preset: null, runs: [...c.runs, { name: RUN_NAMES[c.runs.length], diff: { [key]: text } }] };
  }));
  watch(store, (s) => s.compare, (c) => {
    byId('compare').hidden = !c;
    byId('compare-open').setAttribute('aria-pressed', String(Boolean(c)));
    document.body.classList.toggle('comparing', Boolean(c));
    if (!c) return;
    preset.value = c.preset ?? '';
    axis.value = c.axis;
    measure.value = c.measure ?? 'loss';
    logX.checked = Boolean(c.logX);
    race.checked = c.race;
    byId('compare-add').toggleAttribute('disabled', c.runs.length >= RUN_NAMES.length);
    setText(byId('compare-caption'), PRESETS.find((p) => p.id === c.preset)?.caption ?? 'Each run is run A with the differences listed on its card: the same data, the same seed, the same initial weights.');
  });
}

/**
 * Run A's controls that some run changes are highlighted.
 * @param {State} s
 */
function markCompared(s) {
  const keys = (s.compare?.runs ?? []).flatMap((r) => Object.keys(r.diff)).filter((k) => k !== SOLVE);
  const paths = new Set(keys.map((k) => pageField(k).path));
  for (const el of document.querySelectorAll('[data-field]')) {
    el.classList.toggle('compared', paths.has(/** @type {HTMLElement} */ (el).dataset.field ?? ''));
  }
}

/**
 * Mounts compare mode.
 * @param {{store: Store, compare: {slots: () => import('./controller.js').RunSlot[]}}} args
 */
export function mountComparePanel({ store, compare }) {
  mountBar(store);
  const chartCanvas = /** @type {HTMLCanvasElement} */ (byId('compare-chart'));
  const chart = new LossChart(chartCanvas, byId('compare-readout'));
  /** @type {Array<() => void>} */
  let unsubscribe = [];
  /** @type {Array<{card: RunCard, store: Store}>} */
  let cards = [];
  /** @type {Set<RunCard>} cards whose run changed since the last frame */
  const changed = new Set();
  let queued = false;
  const redraw = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const s = store.get();
      if (!s.compare) return;
      // Once per frame, all pictures first, then all words: one layout at most.
      const due = cards.filter(({ card }) => changed.has(card));
      changed.clear();
      for (const { card, store: st } of due) card.draw(st.get());
      const series = cards.map(({ card, store: st }, i) => ({ name: card.name, label: `${card.name}: ${card.diff.textContent}`, color: runColor(i), history: st.get().progress.history }));
      chart.drawRuns(series, { log: s.view.logScale, axis: s.compare.axis, measure: s.compare.measure ?? 'loss', logX: Boolean(s.compare.logX) });
      for (const { card, store: st } of due) card.show(st.get());
      showReached(cards);
    });
  };
  // Drawn at every frame while the runs train: its size is kept, not read.
  keepSize(chartCanvas, redraw);
  const build = () => {
    for (const stop of unsubscribe) stop();
    const s = store.get();
    if (!s.compare) {
      cards = [];
      byId('compare-runs').replaceChildren();
      return;
    }
    cards = [{ name: 'A', store }, ...compare.slots().map((sl) => ({ name: sl.name, store: sl.store }))].map((r, i) => ({ card: new RunCard(r.name, i, s.schema.extent), store: r.store }));
    for (const { card } of cards) {
      card.resized = () => {
        changed.add(card);
        redraw();
      };
    }
    byId('compare-runs').replaceChildren(...cards.map((c) => c.card.element));
    unsubscribe = cards.map(({ card, store: st }) => st.subscribe(() => {
      changed.add(card);
      redraw();
    }));
    showDiffs(store, cards);
    for (const { card, store: st } of cards) card.update(st.get());
    markCompared(s);
    redraw();
  };
  watch(store, (s) => s.compare, build);
  watch(store, (s) => s.config, (_, s) => s.compare && markCompared(s));
  watch(store, (s) => s.view.logScale, redraw);
  return {
    /**
     * The curves the chart drew last: one pair (training, test) per run, with the points
     * of its history and those drawn (`shown`: with the chart's measure, on its x axis).
     */
    snapshot: () => ({
      chart: (chart.series ?? []).map((r) => ({ name: r.name, label: r.label, points: r.history.length, shown: shownHistory(r.history, chart.measure, chart.axis, chart.logX).length })),
    }),
  };
}

/**
 * On the cards of runs trained by gradient descent, when another run of the comparison
 * was solved by least squares: the epoch each came within reach of the solved loss.
 * @param {Array<{card: RunCard, store: Store}>} cards
 */
function showReached(cards) {
  const solved = cards.map(({ store }) => store.get()).filter((s) => Number.isFinite(s.leastSquares?.after?.train));
  for (const { card, store } of cards) {
    const s = store.get();
    // The same loss on the same data: the same E, comparable.
    const same = solved.filter((o) => o.run?.config.loss === s.run?.config.loss).map((o) => Number(o.leastSquares?.after?.train));
    card.setReached(same.length && !s.leastSquares ? reachedText(s.progress.history, Math.min(...same)) : '');
  }
}

/**
 * Each card's differences, and the editors of runs B, C, D.
 * @param {Store} store
 * @param {Array<{card: RunCard, store: Store}>} cards
 */
function showDiffs(store, cards) {
  const s = store.get();
  for (const { card } of cards) {
    const run = s.compare?.runs.find((r) => r.name === card.name);
    card.setDiff(run ? describe(s.schema, run.diff, s.run?.table?.choices) : []);
    if (!run) continue;
    const set = (/** @type {import('./diff.js').Diff} */ diff) =>
      updateCompare(store, (c) => ({ ...c, preset: null, runs: c.runs.map((r) => (r.name === run.name ? { ...r, diff } : r)) }));
    const remove = h('button', { type: 'button', class: 'text-button small', text: `Remove run ${run.name}` });
    remove.addEventListener('click', () => updateCompare(store, (c) => {
      const runs = c.runs.filter((r) => r.name !== run.name).map((r, i) => ({ ...r, name: RUN_NAMES[i] }));
      return runs.length ? { ...c, preset: null, runs } : null;
    }));
    card.tools.replaceChildren(diffEditor(s.schema, run.name, run.diff, set, () => store.get().config, () => store.get().run?.table ?? null), remove);
  }
}
