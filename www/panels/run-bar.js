// @ts-check
// The run's controls: play/pause, one step, reset, the speed, the keyboard (space,
// S or →, R), and the view switches (test points, discretized output, log scale,
// large text) and the "More settings" toggle. View settings live in the store.

import { byId, h } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { SPEEDS, PAGE_FIELDS, VIEW_SETTINGS, speedText, speedOf } from '../schema/page-table.js';
import { getPath } from '../lib/paths.js';
import { anyPlaying } from '../views/readouts.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */
/** @typedef {{play: (playing: boolean) => void, step: () => void, reset: () => void}} Transport  the run's (or every compared run's) commands */

/** @param {number} v */
const speedLabel = (v) => (v < 1 ? `1 per ${Math.round(1 / v)} frames` : speedText(v));

/** The view switches: the settings that are on or off, each with its checkbox. */
const SWITCHES = VIEW_SETTINGS.filter((vs) => vs.kind === 'switch');

/**
 * Space plays or pauses, S or → steps, R resets (not while typing in a field).
 * @param {Store} store
 * @param {Transport} connection
 */
function mountKeyboard(store, connection) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !store.get().ready) return;
    if (/** @type {HTMLElement} */ (event.target).closest?.('input, select, textarea, button')) return;
    if (event.key === ' ') {
      event.preventDefault();
      connection.play(!anyPlaying(store.get()));
    } else if (event.key === 's' || event.key === 'S' || event.key === 'ArrowRight') {
      event.preventDefault();
      connection.step();
    } else if (event.key === 'r' || event.key === 'R') {
      connection.reset();
    }
  });
}

/**
 * The "More settings" panel opens and closes; its button counts the settings changed there.
 * @param {Store} store
 */
function mountMoreToggle(store) {
  const toggle = byId('more-toggle');
  const body = byId('more-settings');
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
  watch(store, (s) => s.config, (c, s) => {
    if (!c) return;
    const changed = MORE_FIELDS.filter((path) => JSON.stringify(kindOf(getPath(c, path))) !== JSON.stringify(kindOf(getPath(s.defaults, path))));
    toggle.dataset.count = changed.length ? String(changed.length) : '';
  });
}

/**
 * The fields the "More settings" count covers: those whose controls sit there, and the
 * layers' own activations and the output's, set beside the diagram.
 */
const MORE_FIELDS = [...PAGE_FIELDS.filter((pf) => pf.control?.at.startsWith('more-')).map((pf) => pf.path), 'output_activation', 'layer_activations'];

/**
 * A choice by its variant (a schedule's factor does not count as a change), else the value.
 * @param {any} v
 */
const kindOf = (v) => v?.kind ?? v;

/**
 * Wires the transport, speed, switches and keyboard.
 * @param {Store} store
 * @param {Transport} connection
 */
export function mountRunBar(store, connection) {
  byId('play').addEventListener('click', () => connection.play(!anyPlaying(store.get())));
  byId('step').addEventListener('click', () => connection.step());
  byId('reset').addEventListener('click', () => connection.reset());
  const speed = /** @type {HTMLSelectElement} */ (byId('speed'));
  speed.replaceChildren(...SPEEDS.map((v) => h('option', { value: speedText(v), text: speedLabel(v) })));
  speed.addEventListener('change', () => store.update((s) => ({ view: { ...s.view, speed: speedOf(speed.value) ?? s.view.speed } })));
  for (const { control, name } of SWITCHES) {
    const box = /** @type {HTMLInputElement} */ (byId(control));
    box.addEventListener('change', () => store.update((s) => ({ view: { ...s.view, [name]: box.checked } })));
  }
  watch(store, (s) => s.view, (view) => {
    speed.value = speedText(view.speed);
    for (const { control, name } of SWITCHES) /** @type {HTMLInputElement} */ (byId(control)).checked = Boolean(view[name]);
    document.documentElement.classList.toggle('large-text', view.largeText);
  });
  mountKeyboard(store, connection);
  mountMoreToggle(store);
}
