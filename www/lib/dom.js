// @ts-check
// Small DOM helpers: find an element that must exist, build one with attributes, show a
// message, save a file through the browser.

/**
 * The element with `id`; throws when the page lacks it (a wiring mistake).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
}

/**
 * An element with attributes (`text`, `class`, `on<event>` and plain ones) and children.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {Array<Node|string|null|undefined>} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(.../** @type {Array<Node|string>} */ (children.filter((c) => c !== null && c !== undefined)));
  return el;
}

/**
 * A pill: `<label class="pill"><input type id value><span>text</span></label>`.
 * @param {'radio'|'checkbox'} type
 * @param {string} id
 * @param {string} value
 * @param {string} text
 * @param {string} [name]
 */
export function pill(type, id, value, text, name) {
  const input = /** @type {HTMLInputElement} */ (h('input', { type, id, value, name }));
  const span = h('span', { text });
  return { label: h('label', { class: 'pill' }, input, span), input, span };
}

/**
 * Sets an element's text only when it differs (no needless layout).
 * @param {HTMLElement} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Saves `text` as a file called `name` through the browser's download.
 * @param {string} name
 * @param {string} text
 * @param {string} [type]
 */
export function download(name, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Shows `text` in a message element (hidden when empty); `kind` styles it.
 * @param {HTMLElement} el
 * @param {string} text
 * @param {'info'|'error'} [kind]
 */
export function say(el, text, kind = 'info') {
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

/**
 * The text of a message element, '' while hidden.
 * @param {HTMLElement} el
 */
export const shown = (el) => (el.hidden ? '' : el.textContent ?? '');

/**
 * Makes `el` (a canvas) a keyboard widget: focusable, passing its keys through screen
 * readers (role application), named `label`, with a polite live region `#liveId` after it.
 * Returns the live region.
 * @param {HTMLElement} el
 * @param {string} liveId
 * @param {string} kind   what it is (aria-roledescription)
 * @param {string} label  its name, with the keys it takes
 * @returns {HTMLElement}
 */
export function keyboardWidget(el, liveId, kind, label) {
  const live = h('p', { id: liveId, class: 'visually-hidden', 'aria-live': 'polite' });
  el.after(live);
  el.tabIndex = 0;
  el.setAttribute('role', 'application');
  el.setAttribute('aria-roledescription', kind);
  el.setAttribute('aria-label', label);
  return live;
}
