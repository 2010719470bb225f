// @ts-check
// Teachers' own challenges, in the share panel: the current settings as the start, a goal,
// limits and the controls students may change; the core checks the challenge and the
// panel writes its link (`ch=` with the challenge as JSON, schema/challenge-link.js).

import { byId, h, pill, setText } from '../lib/dom.js';
import { linkQuery } from '../schema/link-codec.js';
import { PAGE_FIELDS } from '../schema/page-table.js';
import { openFieldsOf } from '../schema/challenge-link.js';
import { REQUESTS } from '../worker/protocol.js';
import { hideGroups } from './share.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */

/**
 * A whole number from an input, or null when it is empty.
 * @param {string} id
 * @returns {number | null}
 */
function limit(id) {
  const text = /** @type {HTMLInputElement} */ (byId(id)).value.trim();
  return text === '' ? null : Number(text);
}

/** @param {string} id */
const text = (id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();

/**
 * Mounts the challenge maker.
 * @param {{store: Store, connection: {request: (method: string, args?: any) => Promise<any>}, catalog: import('./challenge.js').Catalog}} deps
 */
export function mountChallengeMaker({ store, connection, catalog }) {
  const { schema } = store.get();
  const measure = /** @type {HTMLSelectElement} */ (byId('maker-measure'));
  measure.replaceChildren(...catalog.measures.map((m) => h('option', { value: m.id, text: m.label })));
  const fieldGroups = new Set(PAGE_FIELDS.map((pf) => pf.hide).filter(Boolean));
  const groups = hideGroups(schema).filter((g) => fieldGroups.has(g.key));
  const boxes = groups.map((g) => {
    const p = pill('checkbox', `maker-open-${g.key}`, g.key, g.label);
    byId('maker-open').append(p.label);
    return p.input;
  });
  byId('maker-make').addEventListener('click', async () => {
    const s = store.get();
    if (!s.run) return;
    const visible = groups.filter((_, i) => boxes[i].checked).map((g) => g.key);
    const challenge = {
      title: text('maker-title') || 'A challenge',
      hint: text('maker-hint'),
      teaches: '',
      start: s.run.config,
      open: openFieldsOf(visible, PAGE_FIELDS, schema.params.map((p) => p.path)),
      limits: { max_hidden_neurons: limit('maker-neurons'), max_hidden_layers: limit('maker-layers'), max_epochs: limit('maker-epochs') },
      goal: { measure: measure.value, target: Number(text('maker-target')) },
    };
    const json = JSON.stringify(challenge);
    const checked = await connection.request(REQUESTS.checkChallenge, { challenge: json });
    const link = /** @type {HTMLInputElement} */ (byId('maker-link'));
    if (checked.problems.length > 0) {
      link.value = '';
      setText(byId('maker-message'), `The core refuses this challenge: ${checked.problems.map((/** @type {any} */ p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}.`);
      return;
    }
    const { query } = linkQuery({ schema, config: s.run.config, defaults: s.defaults, view: { ch: JSON.stringify(checked.challenge) } });
    link.value = `${location.origin}${location.pathname}?${query}`;
    setText(byId('maker-message'), `Goal: ${checked.goal}. Rules: ${checked.constraints.map((/** @type {any} */ c) => c.text).join('; ')}.`);
  });
}
