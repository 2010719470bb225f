// @ts-check
// Reading and writing a nested object by a dotted path (`data.noise`), without
// changing the original: `setPath` returns a copy with new objects along the path.

/**
 * The value at `path` of `object`, or undefined.
 * @param {any} object
 * @param {string} path
 * @returns {any}
 */
export function getPath(object, path) {
  return path.split('.').reduce((o, key) => (o == null ? undefined : o[key]), object);
}

/**
 * A copy of `object` with `value` at `path` (the key is removed when `value` is undefined).
 * @template T
 * @param {T} object
 * @param {string} path
 * @param {any} value
 * @returns {T}
 */
export function setPath(object, path, value) {
  const [key, ...rest] = path.split('.');
  const base = /** @type {any} */ (object ?? {});
  const copy = Array.isArray(base) ? [...base] : { ...base };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  } else {
    copy[key] = setPath(base[key], rest.join('.'), value);
  }
  return /** @type {T} */ (copy);
}
