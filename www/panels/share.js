// @ts-check
// The link: every setting of the run written into the address as it changes
// (schema/link-codec.js), a notice for what a link got wrong, and the "Share / lesson
// link" panel that hides chosen controls for a class (`hide=loss,layers`). Controls
// belong to a lesson group through their `data-hide` attribute.

import { byId, pill, setText } from '../lib/dom.js';
import { watch } from '../app/store.js';
import { field } from '../schema/fields.js';
import { linkQuery, viewParams } from '../schema/link-codec.js';
import { PAGE_FIELDS, HIDE_LABELS, PAGE_HIDE_GROUPS } from '../schema/page-table.js';
import { compareParams } from '../compare/diff.js';
import { challengeParams } from '../schema/challenge-link.js';

/** @typedef {import('../app/state.js').State} State */
/** @typedef {import('../app/store.js').Store<State>} Store */

/**
 * The lesson-link groups in link order, with their labels: the groups of the page's
 * fields (labelled by the core's label of their first field), then the page's own.
 * @param {import('../schema/fields.js').Schema} schema
 * @returns {Array<{key: string, label: string}>}
 */
export function hideGroups(schema) {
  /** @type {Map<string, string>} */
  const groups = new Map();
  for (const pf of PAGE_FIELDS) {
    if (pf.hide && !groups.has(pf.hide)) groups.set(pf.hide, HIDE_LABELS[/** @type {keyof HIDE_LABELS} */ (pf.hide)] ?? field(schema, pf.path).label);
  }
  for (const key of PAGE_HIDE_GROUPS) groups.set(key, HIDE_LABELS[/** @type {keyof HIDE_LABELS} */ (key)] ?? key);
  return [...groups].map(([key, label]) => ({ key, label }));
}

/**
 * The elements of a lesson group.
 * @param {string} key
 */
const members = (key) => document.querySelectorAll(`[data-hide~="${key}"]`);

/**
 * Writes the address and the share panel whenever the run or the view changes.
 * @param {Store} store
 */
export function mountShare(store) {
  const { schema } = store.get();
  const offered = hideGroups(schema).filter((g) => members(g.key).length > 0);
  let dropped = /** @type {string[]} */ ([]);
  const boxes = offered.map((g) => {
    const p = pill('checkbox', `hide-${g.key}`, g.key, g.label);
    byId('hide-choices').append(p.label);
    p.input.addEventListener('change', () => showShare(store.get(), dropped, offered));
    return p.input;
  });
  const write = (/** @type {State} */ s) => {
    if (!s.run) return;
    const result = linkQuery({ schema, config: s.run.config, defaults: s.defaults, view: { ...viewParams(s.view), ...compareParams(s.compare), ...challengeParams(s.challenge) } });
    dropped = result.dropped;
    const url = `${location.pathname}${result.query ? `?${result.query}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
    showShare(s, dropped, offered);
  };
  watch(store, (s) => s.run, (_, s) => write(s));
  // One style rule per hidden group, so controls built later (compare cards) hide too. A
  // constructed style sheet, not a <style> element: the page's Content-Security-Policy
  // (style-src 'self') refuses inline style elements but not sheets built through the CSSOM.
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  watch(store, (s) => s.view, (view, s) => {
    sheet.replaceSync(view.hidden.map((key) => `[data-hide~="${CSS.escape(key)}"] { display: none !important; }`).join('\n'));
    boxes.forEach((box, i) => (box.checked = box.checked || view.hidden.includes(offered[i].key)));
    document.body.dataset.hidden = view.hidden.join(',');
    write(s);
  });
  watch(store, (s) => s.compare, (_, s) => write(s));
  watch(store, (s) => s.challenge, (_, s) => write(s));
  watch(store, (s) => s.notices, showNotice);
  byId('link-notice-close').addEventListener('click', () => (byId('link-notice').hidden = true));
  byId('copy-link').addEventListener('click', () => copy(lessonLink(offered)));
}

/**
 * The address with the ticked groups as `hide`.
 * @param {Array<{key: string}>} offered
 */
function lessonLink(offered) {
  const ticked = offered.filter((g) => /** @type {HTMLInputElement} */ (byId(`hide-${g.key}`)).checked).map((g) => g.key);
  const params = location.search.slice(1).split('&').filter((p) => p && !p.startsWith('hide='));
  if (ticked.length) params.push(`hide=${ticked.join(',')}`);
  return `${location.origin}${location.pathname}${params.length ? `?${params.join('&')}` : ''}`;
}

/**
 * @param {State} s
 * @param {string[]} dropped
 * @param {Array<{key: string}>} offered
 */
function showShare(s, dropped, offered) {
  const url = lessonLink(offered);
  /** @type {HTMLInputElement} */ (byId('share-link')).value = url;
  byId('open-link').setAttribute('href', url);
  const n = s.config?.data?.samples?.length ?? 0;
  setText(byId('share-message'), dropped.includes('pts') ? `Your ${n} points are too many for a link: the link opens with the default data. Share them with Export CSV.` : '');
}

/** @param {string[]} notices */
function showNotice(notices) {
  setText(byId('link-notice-text'), notices.join(' '));
  byId('link-notice').hidden = notices.length === 0;
}

/** @param {string} url */
async function copy(url) {
  /** @type {HTMLInputElement} */ (byId('share-link')).value = url;
  try {
    await navigator.clipboard.writeText(url);
    setText(byId('share-message'), 'Link copied.');
  } catch {
    /** @type {HTMLInputElement} */ (byId('share-link')).select();
    setText(byId('share-message'), 'Select the link and copy it (Ctrl+C).');
  }
}
