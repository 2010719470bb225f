// @ts-check
// The weight views in `#weights-tools`: W as the lecture writes it (every run), and for
// image tables the first layer's templates and the drawing pad.

import { byId } from '../lib/dom.js';
import { mountWPanel } from './w-panel.js';
import { mountTemplatesPanel } from './templates-panel.js';
import { mountPadPanel } from './pad-panel.js';

/** @typedef {import('../app/store.js').Store<import('../app/state.js').State>} Store */

/**
 * Builds the three panels; `snapshot()` is what the tests read of them.
 * @param {{store: Store, connection: {request: (method: string, args?: any) => Promise<any>}}} deps
 */
export function mountWeights({ store, connection }) {
  const host = byId('weights-tools');
  const w = mountWPanel({ store, connection, host });
  const templates = mountTemplatesPanel({ store, host });
  const pad = mountPadPanel({ store, connection, host });
  return { snapshot: () => ({ w: w.snapshot(), templates: templates.snapshot(), pad: pad.snapshot() }) };
}
