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
import { mountModelTools } from '../panels/model-tools.js';
import { mountDiagramEditor } from '../panels/diagram-editor.js';
import { mountLecture } from '../panels/lecture.js';
import { mountStepPanel } from '../inside/step-panel.js';
import { mountActivity } from '../inside/activity.js';
import { mountHiddenSpace } from '../inside/hidden-space.js';
import { mountReadouts } from '../views/readouts.js';
import { mountCompare } from '../compare/controller.js';
import { mountComparePanel } from '../compare/panel.js';
import { readCompare, COMPARE_KEYS } from '../compare/diff.js';
import { browserShelf, readSaved, shouldResume, resumeSaved, mountSavedRun } from './saved-run.js';

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

/** Starts the page; returns what tests and the console may look at. */
export function startApp() {
  const store = createStore(initialState());
  /** @type {{data?: any, model?: any, diagram?: any, compare?: any, activity?: any, hidden?: any, step?: any, lecture?: {onDrawn: (ms: number) => void, snapshot: () => any}}} */
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
      extra: COMPARE_KEYS,
    });
    const compared = readCompare(schema, link.extra);
    const views = mountViews(store, { onDrawn: (ms) => panels.lecture?.onDrawn?.(ms) });
    mountControls(store);
    mountNetworkPanel(store);
    const compare = mountCompare(store, connection);
    runs.slots = compare.slots;
    mountRunBar(store, compare.fleet);
    panels.data = mountDataTools({ store, connection });
    panels.model = mountModelTools({ store, connection });
    panels.diagram = mountDiagramEditor({ store, connection, networkView: views.network });
    panels.lecture = mountLecture({ store, connection });
    mountShare(store);
    panels.compare = mountComparePanel({ store, compare });
    panels.activity = mountActivity({ store, networkView: views.network });
    panels.hidden = mountHiddenSpace({ store, connection });
    panels.step = mountStepPanel({ store, connection, networkView: views.network, outputView: views.output });
    // A run kept in the browser (a reload, a closed tab) resumes where it was.
    const shelf = browserShelf();
    const kept = readSaved(shelf);
    const bare = location.search === '';
    const resumed = kept.saved && shouldResume(kept.saved, { config: link.config, bare, compare: compared.compare !== null })
      ? resumeSaved({ store, connection, saved: kept.saved, fallback: link.config })
      : null;
    mountSavedRun({ store, connection, shelf });
    const notices = noticesOf({ ...link, invalid: [...link.invalid, ...compared.invalid] });
    for (const notice of [kept.notice, resumed?.notice]) if (notice) notices.push(notice);
    const start = resumed ? { config: resumed.config, progress: resumed.progress } : { config: link.config };
    store.update((s) => ({ ...start, view: viewOf(link.view, s.view), compare: compared.compare, notices, ready: true }));
  });
  return { store, connection, panels, runs };
}
