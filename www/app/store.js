// @ts-check
// The page's one store: every piece of state (the configuration asked for, the view
// settings, the run and its progress, messages) lives here. Controls and tools change
// it with `update`; views `subscribe` and draw what changed. State is replaced, never
// edited in place, so a listener compares references to see what changed.

/**
 * @template S
 * @typedef {object} Store
 * @property {() => S} get                                        the current state
 * @property {(change: Partial<S> | ((s: S) => Partial<S> | null | undefined)) => void} update
 *   merges a patch (or the patch a function returns) into the state
 * @property {(listener: (state: S, previous: S) => void) => () => void} subscribe
 *   calls `listener` after every change; returns the unsubscribe function
 */

/**
 * A store holding `initial`. Listeners see every change in order: a change made by a
 * listener is announced after the current one has reached every listener.
 * @template {object} S
 * @param {S} initial
 * @returns {Store<S>}
 */
export function createStore(initial) {
  let state = initial;
  let announcing = false;
  /** @type {Set<(state: S, previous: S) => void>} */
  const listeners = new Set();
  return {
    get: () => state,
    update(change) {
      const patch = typeof change === 'function' ? change(state) : change;
      if (!patch) return;
      const before = state;
      state = /** @type {S} */ (Object.assign({}, state, patch));
      if (announcing) return;
      announcing = true;
      try {
        let from = before;
        while (from !== state) {
          const to = state;
          for (const listener of [...listeners]) listener(to, from);
          from = to;
        }
      } finally {
        announcing = false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Calls `react(value, state)` whenever `select(state)` changes (by reference), and once now.
 * @template S, V
 * @param {Store<S>} store
 * @param {(state: S) => V} select
 * @param {(value: V, state: S) => void} react
 */
export function watch(store, select, react) {
  let last = select(store.get());
  react(last, store.get());
  return store.subscribe((state) => {
    const value = select(state);
    if (value === last) return;
    last = value;
    react(value, state);
  });
}
