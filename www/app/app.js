// @ts-check
// The page: one store, the worker connection, the panels that change the store and
// the views that draw it.
//
//   controls --> store (configuration, view, run) --> worker (wasm) --> store --> canvases
//
// When the worker is ready the page reads its link (checked by the core), builds the
// controls from the core's table of fields, and from then on every change goes
// through the store.

import { createStore } from './store.js';
import { initialState } from './state.js';
import { connect } from './connection.js';
import { mountViews } from './views.js';
import { readLink, viewOf } from '../schema/link-codec.js';
import { REQUESTS } from '../worker/protocol.js';
import { mountControls } from '../panels/controls.js';
import { mountNetworkPanel } from '../panels/network-panel.js';
import { mountRunBar } from '../panels/run-bar.js';
import { mountShare, hideGroups } from '../panels/share.js';
import { mountDataTools } from '../panels/data-tools.js';
import { mountOwnTable } from '../panels/own-table.js';
import { mountModelTools } from '../panels/model-tools.js';
import { mountDiagramEditor } from '../panels/diagram-editor.js';
import { mountLecture } from '../panels/lecture.js';
import { mountStepPanel } from '../inside/step-panel.js';
import { mountActivity } from '../inside/activity.js';
import { mountHiddenSpace } from '../inside/hidden-space.js';
import { mountRowPass } from '../inside/row-pass.js';
import { mountSliceView } from '../inside/slice-view.js';
import { mountReadouts } from '../views/readouts.js';
import { mountDataView } from '../views/data-view.js';
import { mountTableResults } from './table-results-panel.js';
import { mountWeights } from '../weights/mount.js';
import { mountCompare } from '../compare/controller.js';
import { mountComparePanel } from '../compare/panel.js';
import { readCompare, COMPARE_KEYS, compareParams } from '../compare/diff.js';
import {
  browserShelves, ownTab, readKept, prune, choose, resumable, canonical, resumeRun, restoredNotice, refusedNotice, withoutRestored, mountSavedRun,
} from './saved-run.js';
import { freshProgress } from './state.js';
import { mountChallenges, challengeFromLink } from '../panels/challenge.js';
import { mountChallengeMaker } from '../panels/challenge-maker.js';
import { CHALLENGE_KEYS, hiddenByChallenge } from '../schema/challenge-link.js';
import { PAGE_FIELDS } from '../schema/page-table.js';

/** @typedef {import('./state.js').State} State */

/**
 * What the user is told about a link that could not be used as it was.
 * @param {{invalid: string[], notes: string[]}} link
 */
function noticesOf(link) {
  const notes = [...link.notes];
  if (link.invalid.length) notes.unshift(`Some settings in the link were invalid and were reset: ${link.invalid.join(', ')}.`);
  return notes;
}

/**
 * Where the page starts: the link's configuration and comparison, or on a bare address
 * those of the kept page; and which kept runs resume (A first, if it does): A when it has
 * the configuration the page starts from, B, C, D when A's kept configuration is that one
 * and the run differs from it as it did.
 * @param {import('../schema/fields.js').Schema} schema
 * @param {{config: any, compare: import('../compare/diff.js').Compare | null}} link
 * @param {import('./saved-run.js').SavedPage | undefined} page
 * @param {boolean} bare
 */
function startFrom(schema, link, page, bare) {
  if (!page) return { ...link, runs: [] };
  let { config, compare } = link;
  if (bare) {
    config = page.runs[0].config;
    try {
      compare = page.compare ? readCompare(schema, compareParams(page.compare)).compare : null;
    } catch {
      compare = null; // a comparison that cannot be read: none
    }
  }
  const diffOf = (/** @type {any} */ c, /** @type {string} */ name) => c?.runs.find((/** @type {any} */ r) => r.name === name)?.diff;
  const sameA = canonical(page.runs[0].config) === canonical(config);
  const fits = (/** @type {import('./saved-run.js').SavedRun} */ r) => (r.name === 'A'
    ? resumable(r, config)
    : sameA && resumable(r, r.config) && diffOf(compare, r.name) !== undefined && canonical(diffOf(compare, r.name)) === canonical(diffOf(page.compare, r.name)));
  return { config, compare, runs: page.runs.filter(fits) };
}

/**
 * The view a challenge asks for: the controls it fixes hidden, and a solution's replay at
 * speed max.
 * @param {import('./state.js').View} view
 * @param {import('../schema/challenge-link.js').ChallengeEntry | null} entry
 * @returns {import('./state.js').View}
 */
function withChallenge(view, entry) {
  if (!entry) return view;
  const hidden = [...new Set([...view.hidden, ...hiddenByChallenge(entry.challenge.open, PAGE_FIELDS)])];
  return { ...view, hidden, ...(entry.claimed === null ? {} : { speed: Infinity }) };
}

/** Starts the page; returns what tests and the console may look at. */
export function startApp() {
  const store = createStore(initialState());
  /** @type {{data?: any, ownTable?: any, model?: any, diagram?: any, weights?: any, compare?: any, activity?: any, hidden?: any, step?: any, rowPass?: any, slice?: any, challenge?: any, lecture?: {onDrawn: (ms: number) => void, snapshot: () => any}}} */
  const panels = {};
  /** The runs of a comparison after A (compare/controller.js), once mounted. */
  const runs = { slots: () => /** @type {import('../compare/controller.js').RunSlot[]} */ ([]) };
  mountReadouts(store);
  const connection = connect(store, async ({ schema, defaultConfig }) => {
    store.update({ schema, defaults: defaultConfig });
    const link = await readLink({
      schema,
      defaults: defaultConfig,
      search: location.search,
      validate: (configs) => connection.request(REQUESTS.validate, { configs }),
      groups: hideGroups(schema).map((g) => g.key),
      extra: [...COMPARE_KEYS, ...CHALLENGE_KEYS],
    });
    const compared = readCompare(schema, link.extra);
    // A challenge in the link (checked by the core): its hidden controls; a solution replays at speed max.
    const catalog = await connection.request(REQUESTS.builtinChallenges);
    const challenged = await challengeFromLink(connection.request, link.extra, catalog);
    link.invalid.push(...challenged.invalid);
    link.notes.push(...challenged.notes);
    const views = mountViews(store, { onDrawn: (ms) => panels.lecture?.onDrawn?.(ms) });
    mountControls(store);
    mountNetworkPanel(store);
    const compare = mountCompare(store, connection);
    runs.slots = compare.slots;
    mountRunBar(store, compare.fleet);
    panels.data = mountDataTools({ store, connection });
    panels.ownTable = mountOwnTable({ store, connection });
    panels.model = mountModelTools({ store, connection });
    panels.diagram = mountDiagramEditor({ store, connection, networkView: views.network });
    panels.lecture = mountLecture({ store, connection });
    mountShare(store);
    panels.challenge = mountChallenges({ store, connection, catalog, refused: [...link.invalid] });
    mountChallengeMaker({ store, connection, catalog });
    panels.compare = mountComparePanel({ store, compare });
    panels.activity = mountActivity({ store, networkView: views.network });
    panels.hidden = mountHiddenSpace({ store, connection });
    mountDataView({ store, connection });
    mountTableResults({ store });
    panels.rowPass = mountRowPass({ store, connection, networkView: views.network });
    panels.slice = mountSliceView({ store, connection });
    panels.weights = mountWeights({ store, connection });
    panels.step = mountStepPanel({ store, connection, networkView: views.network, outputView: views.output });
    // The runs kept in the browser (a reload, a closed tab) resume where they were.
    const { shelf, session } = browserShelves();
    const tab = ownTab(session);
    const key = tab.key();
    const kept = readKept(shelf, key);
    prune(shelf, key);
    // A challenge judges runs from epoch 0: its link starts afresh rather than resume a kept run.
    const chosen = challenged.entry ? null : choose(kept, { config: link.config, bare: location.search === '' });
    const start = startFrom(schema, { config: link.config, compare: compared.compare }, chosen?.page, location.search === '');
    const fail = (/** @type {string} */ why) => store.update((s) => ({
      config: link.config, notices: [...withoutRestored(s.notices), refusedNotice('A', why)], progress: freshProgress(),
    }));
    const resumedA = start.runs[0]?.name === 'A' ? resumeRun({ store, connection, saved: start.runs[0], failed: fail }) : null;
    compare.keep(new Map(start.runs.filter((r) => r.name !== 'A').map((r) => [r.name, r])));
    mountSavedRun({
      store,
      runs: () => [{ name: 'A', store, connection }, ...compare.slots().map((sl) => ({ name: sl.name, store: sl.store, connection: sl.connection }))],
      listen: (told) => {
        connection.onSnapshot = told;
        compare.listen(told);
      },
      reset: compare.fleet.reset,
      shelf,
      key: tab.key,
    });
    const notices = noticesOf({ ...link, invalid: [...link.invalid, ...compared.invalid] });
    if (kept.notice) notices.push(kept.notice);
    if (start.runs.length && chosen) notices.push(restoredNotice(start.runs, { ms: Date.now() - chosen.page.savedAt, own: chosen.own }));
    const begin = resumedA ?? { config: start.config };
    const view = withChallenge(viewOf(link.view, store.get().view), challenged.entry);
    store.update({ ...begin, view, compare: start.compare, notices, challenge: challenged.entry, ready: true });
  });
  return { store, connection, panels, runs };
}
