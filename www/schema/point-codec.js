// Every setting in the page's link, so a link reproduces a run exactly and a reload
// keeps it.
//
//   ?data=spiral&seed=7&layers=8,8&act=tanh:1&loss=mse&lr=0.03&noise=0.1&test=1
//
// The query string holds the fields of the configuration that differ from the core's
// defaults (plus the few that say what the run is: data, seed, layers, act, loss, lr),
// each under a short key, and the page's own settings (speed, test points, ...).
// Enumerations are written `kind:param:param` (`opt=adam:0.9:0.999:1e-8`), lists with
// commas. Your own points travel compactly in `pts` (see `encodePoints`).
//
// Reading a link checks each field on its own: the text must parse, numbers must lie
// within the core's `limits()`, and the core must be able to read the field (a name it
// knows, the right type) on top of its defaults. Then the whole configuration goes to
// the core; while it refuses, the field its message names (the message starts with the
// field's path) falls back to its default. Every field that fell back is listed in a notice. Nothing here decides
// what is valid beyond reading text: the core does.

import { rpc } from './worker-rpc.js';

/** Parameter names of the tagged enumerations, in the order a link writes them. */
const PARAMS = {
  sigmoid: ['steepness'],
  tanh: ['steepness'],
  leaky_relu: ['slope'],
  elu: ['alpha'],
  mini_batch: ['size'],
  momentum: ['momentum'],
  adam: ['beta1', 'beta2', 'epsilon'],
  l1: ['rate'],
  l2: ['rate'],
  small_uniform: ['scale'],
  step_decay: ['every', 'factor'],
  exponential: ['factor'],
};

/** Most points a link carries on the 0.01 grid (5 or 7 characters each). */
export const MAX_LINK_POINTS = 1000;
/** Most characters of points written out in full (when they are off the grid). */
const MAX_EXACT_CHARS = 12000;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const WORD = /^[a-z][a-z0-9_]*$/;

function number(text) {
  if (!NUMBER.test(text)) throw new Error(`${JSON.stringify(text)} is not a number`);
  return Number(text);
}

function integer(text) {
  const v = number(text);
  if (!Number.isSafeInteger(v)) throw new Error(`${text} is not a whole number`);
  return v;
}

function within(v, lo, hi) {
  if (!(v >= lo && v <= hi)) throw new Error(`${v} is outside ${lo}..${hi}`);
  return v;
}

function word(text) {
  if (!WORD.test(text)) throw new Error(`${JSON.stringify(text)} is not a name`);
  return text;
}

/** `{kind: 'adam', beta1: 0.9, ...}` as `adam:0.9:...`. */
function encodeTagged(value) {
  const names = PARAMS[value.kind] ?? [];
  const params = names.filter((n) => value[n] !== undefined && value[n] !== null).map((n) => String(value[n]));
  return [value.kind, ...params].join(':');
}

function decodeTagged(text) {
  const [kind, ...params] = text.split(':');
  const value = { kind: word(kind) };
  const names = PARAMS[kind] ?? [];
  if (params.length > names.length) throw new Error(`${kind} takes ${names.length} parameters`);
  params.forEach((p, i) => {
    value[names[i]] = number(p);
  });
  return value;
}

const list = (text, one) => (text === '' ? [] : text.split(',').map(one));

// ---- your own points ------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function b64(n, width) {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = B64[n & 63] + s;
    n >>= 6;
  }
  return s;
}

function unb64(text) {
  let n = 0;
  for (const ch of text) {
    const d = B64.indexOf(ch);
    if (d < 0) throw new Error(`${JSON.stringify(ch)} is not a point digit`);
    n = n * 64 + d;
  }
  return n;
}

/** Coordinates on a 0.01 grid and values on a 0.001 grid: what a link stores compactly. */
const COORD = 100; // 1 / 0.01
const VALUE = 1000; // 1 / 0.001
const COORD_OFFSET = 2048; // 2 digits: -20.48 .. 20.47
const VALUE_OFFSET = 131072; // 3 digits: -131.072 .. 131.071

/** Whether `v` is exactly `k / scale` for a whole `k` with `|k| < offset`. */
export const gridded = (v, scale, offset = Infinity) => Math.round(v * scale) / scale === v && Math.abs(Math.round(v * scale)) < offset;

/**
 * Points as link text: `c` + 5 characters a point (two coordinates on the 0.01 grid,
 * then the class) or `r` + 7 (a value on the 0.001 grid), or, off the grid, `C`/`R` +
 * `x1_x2_label` joined by `~` in full precision. `undefined` when it would not fit.
 */
export function encodePoints(samples, regression) {
  const grid = samples.length <= MAX_LINK_POINTS &&
    samples.every(
      (s) =>
        gridded(s.x1, COORD, COORD_OFFSET) &&
        gridded(s.x2, COORD, COORD_OFFSET) &&
        (regression ? gridded(s.target, VALUE, VALUE_OFFSET) : Number.isInteger(s.target) && s.target >= 0 && s.target < 64),
    );
  if (grid) {
    let out = regression ? 'r' : 'c';
    for (const s of samples) {
      out += b64(Math.round(s.x1 * COORD) + COORD_OFFSET, 2) + b64(Math.round(s.x2 * COORD) + COORD_OFFSET, 2);
      out += regression ? b64(Math.round(s.target * VALUE) + VALUE_OFFSET, 3) : B64[s.target];
    }
    return out;
  }
  const exact = (regression ? 'R' : 'C') + samples.map((s) => `${s.x1}_${s.x2}_${s.target}`).join('~');
  return exact.length <= MAX_EXACT_CHARS ? exact : undefined;
}

/** The inverse of `encodePoints`: `{samples, regression}`; throws on malformed text. */
export function decodePoints(text) {
  const kind = text[0];
  const body = text.slice(1);
  const samples = [];
  if (kind === 'c' || kind === 'r') {
    const regression = kind === 'r';
    const size = regression ? 7 : 5;
    if (body.length % size !== 0) throw new Error('the points are cut off');
    for (let i = 0; i < body.length; i += size) {
      const x1 = (unb64(body.slice(i, i + 2)) - COORD_OFFSET) / COORD;
      const x2 = (unb64(body.slice(i + 2, i + 4)) - COORD_OFFSET) / COORD;
      const target = regression ? (unb64(body.slice(i + 4, i + 7)) - VALUE_OFFSET) / VALUE : unb64(body[i + 4]);
      samples.push({ x1, x2, target });
    }
    return { samples, regression };
  }
  if (kind === 'C' || kind === 'R') {
    for (const point of body.split('~')) {
      const parts = point.split('_');
      if (parts.length !== 3) throw new Error('a point needs x1_x2_label');
      const [x1, x2, target] = parts.map(number);
      samples.push({ x1, x2, target });
    }
    return { samples, regression: kind === 'R' };
  }
  throw new Error('unknown point format');
}

// ---- the fields -----------------------------------------------------------------------

const clone = (v) => structuredClone(v);

/** A field stored at a dotted path of the configuration. */
function at(path) {
  const keys = path.split('.');
  return {
    path,
    get: (c) => keys.reduce((o, k) => o?.[k], c),
    set: (c, v) => {
      const last = keys[keys.length - 1];
      const parent = keys.slice(0, -1).reduce((o, k) => (o[k] ??= {}), c);
      if (v === undefined) delete parent[last];
      else parent[last] = v;
    },
  };
}

const optional = (decode) => (text) => (text === '' || text === 'off' ? null : decode(text));
const encodeOptional = (v) => (v === null || v === undefined ? 'off' : String(v));

/**
 * The configuration's fields in link order: the key, the configuration path it owns
 * (error messages name these), how to write and read its text.
 */
export function configFields(limits) {
  const tagged = { encode: encodeTagged, decode: decodeTagged };
  return [
    { key: 'data', ...at('data.task'), always: true, encode: String, decode: word },
    { key: 'seed', ...at('seed'), always: true, encode: String, decode: (t) => within(integer(t), 0, Number.MAX_SAFE_INTEGER) },
    { key: 'noise', ...at('data.noise'), encode: String, decode: (t) => within(number(t), 0, limits.max_noise) },
    {
      key: 'train',
      ...at('data.train_fraction'),
      encode: String,
      decode: (t) => within(number(t), limits.train_fraction[0], limits.train_fraction[1]),
    },
    { key: 'points', ...at('data.points'), encode: String, decode: (t) => within(integer(t), limits.min_points, limits.max_points) },
    { key: 'classes', ...at('data.classes'), encode: String, decode: (t) => within(integer(t), 2, limits.max_classes) },
    { key: 'features', ...at('features'), encode: (v) => v.join(','), decode: (t) => list(t, word) },
    {
      key: 'layers',
      ...at('hidden_layers'),
      always: true,
      encode: (v) => (v.length === 0 ? '0' : v.join(',')),
      decode: (t) => {
        if (t === '0') return [];
        const layers = list(t, (n) => within(integer(n), 1, limits.max_neurons));
        within(layers.length, 0, limits.max_hidden_layers);
        return layers;
      },
    },
    { key: 'act', ...at('activation'), always: true, ...tagged },
    {
      key: 'acts',
      ...at('layer_activations'),
      encode: (v) => v.map(encodeTagged).join(','),
      decode: (t) => list(t, decodeTagged),
    },
    {
      key: 'out',
      ...at('output_activation'),
      encode: (v) => (v ? encodeTagged(v) : 'auto'),
      decode: (t) => (t === 'auto' ? null : decodeTagged(t)),
    },
    { key: 'loss', ...at('loss'), always: true, encode: String, decode: word },
    {
      key: 'lr',
      ...at('learning_rate'),
      always: true,
      encode: String,
      decode: (t) => {
        const v = within(number(t), 0, limits.max_learning_rate);
        if (v === 0) throw new Error('the learning rate must be above 0');
        return v;
      },
    },
    { key: 'schedule', ...at('schedule'), ...tagged },
    { key: 'batch', ...at('strategy'), ...tagged },
    { key: 'opt', ...at('optimizer'), ...tagged },
    { key: 'reg', ...at('regularization'), ...tagged },
    { key: 'init', ...at('init'), ...tagged },
    { key: 'epochs', ...at('stopping.max_epochs'), encode: encodeOptional, decode: optional(integer) },
    { key: 'time', ...at('stopping.time_limit_seconds'), encode: encodeOptional, decode: optional(number) },
    { key: 'minloss', ...at('stopping.min_train_loss'), encode: encodeOptional, decode: optional(number) },
    { key: 'patience', ...at('stopping.patience'), encode: encodeOptional, decode: optional(integer) },
    { key: 'mindw', ...at('stopping.min_weight_change'), encode: encodeOptional, decode: optional(number) },
    {
      key: 'pts',
      path: 'data.samples',
      get: (c) => (c.data.task === 'custom' ? { samples: c.data.samples ?? [], regression: Boolean(c.data.regression) } : null),
      set: (c, v) => {
        if (v === null) {
          delete c.data.samples;
          c.data.regression = false;
          return;
        }
        c.data.samples = v.samples;
        c.data.regression = v.regression;
        if (!v.regression) {
          const top = v.samples.reduce((m, s) => Math.max(m, s.target + 1), 2);
          c.data.classes = Math.max(c.data.classes ?? 2, top);
        }
      },
      encode: (v) => (v ? encodePoints(v.samples, v.regression) : undefined),
      decode: (t) => {
        const v = decodePoints(t);
        if (v.samples.length > limits.max_points) throw new Error('too many points');
        return v;
      },
    },
  ];
}

/** The page's own settings, checked by the page (page-tools.js) once its controls exist. */
export const PAGE_KEYS = ['speed', 'test', 'disc', 'log', 'big', 'hide'];

/** The field that owns a configuration path named in a core error (`schedule.factor` -> schedule). */
function ownerOf(fields, path) {
  if (path === 'data.samples') return fields.find((f) => f.key === 'pts');
  return fields.find((f) => f.path === path || path.startsWith(`${f.path}.`)) ?? null;
}

/** The field path a core message starts with (`loss: ...` -> `loss`). */
export const errorPath = (message) => /^([a-z_][a-z0-9_.]*):/.exec(message)?.[1] ?? null;

/**
 * Reads the configuration and page settings from the page's address. Never throws: any
 * field that cannot be used falls back to its default and is listed in `invalid`.
 * Returns `{config, page, invalid, notes}` (`page` maps page keys to raw text).
 */
export async function readLink({ worker, send, limits, defaults, search = location.search }) {
  const params = new URLSearchParams(search);
  const result = { config: clone(defaults), defaults, page: {}, invalid: [], notes: [] };
  if (params.get('pts') === 'omitted') {
    // The data was too large for the link when it was written: say so, use the default data.
    params.delete('pts');
    if (params.get('data') === 'custom') params.delete('data');
    result.notes.push('The link was made with your own points, too many to fit in it: the default data is used.');
  }
  if ([...params.keys()].length === 0) return result;
  try {
    const request = rpc(worker, send);
    // The core's verdict on each configuration: an error message, or null.
    let filled = null; // the last accepted configuration with every field filled in
    const validate = async (configs) =>
      (await request('validate', { configs })).map((v, i) => {
        if (v.error === undefined && i === 0) filled = v.config;
        return v.error ?? null;
      });
    const fields = configFields(limits);
    const known = new Set([...fields.map((f) => f.key), ...PAGE_KEYS]);
    const invalid = new Set();
    for (const key of params.keys()) if (!known.has(key)) invalid.add(key);
    for (const key of PAGE_KEYS) if (params.has(key)) result.page[key] = params.get(key);

    // 1. Each field on its own: it parses, and the core accepts it on top of the defaults.
    const tried = [];
    for (const field of fields) {
      if (!params.has(field.key)) continue;
      let value;
      try {
        value = field.decode(params.get(field.key));
      } catch {
        invalid.add(field.key);
        continue;
      }
      const candidate = clone(defaults);
      field.set(candidate, value);
      if (field.key === 'pts') candidate.data.task = 'custom';
      tried.push({ field, value, candidate });
    }
    const verdicts = tried.length ? await validate(tried.map((t) => t.candidate)) : [];
    const config = clone(defaults);
    const given = [];
    tried.forEach(({ field, value }, i) => {
      const error = verdicts[i];
      const path = error ? errorPath(error) : null;
      // A parse error ("config": an unknown name, a wrong type) is about the value
      // alone. Any other refusal may come from the defaults around it (`acts` needs
      // its `layers`): the whole configuration below decides.
      if (error && (path === null || path === 'config')) {
        invalid.add(field.key);
        return;
      }
      field.set(config, value);
      given.push(field);
    });

    // 2. The whole configuration: reset the field the core names until it accepts.
    const reset = (c, field) => field.set(c, clone(field.get(defaults)));
    let accepted = false;
    for (let round = 0; round < fields.length + 2; round++) {
      const [error] = await validate([config]);
      if (!error) {
        accepted = true;
        break;
      }
      const owner = ownerOf(fields, errorPath(error) ?? '');
      let culprit = owner && given.includes(owner) ? owner : null;
      if (!culprit) {
        // The named field kept its default: the one that clashes with it is among the given.
        const trials = given.map((f) => {
          const c = clone(config);
          reset(c, f);
          return c;
        });
        const answers = await validate(trials);
        const fixes = given.findLastIndex((_, i) => answers[i] === null);
        const changes = given.findLastIndex((_, i) => errorPath(answers[i] ?? '') !== errorPath(error));
        culprit = given[fixes >= 0 ? fixes : changes] ?? null;
      }
      if (!culprit) break;
      reset(config, culprit);
      given.splice(given.indexOf(culprit), 1);
      invalid.add(culprit.key);
    }
    if (accepted) {
      result.config = filled ?? config; // as the core reads it: parameters it fills in are explicit
      if (result.config.data.task !== 'custom') {
        delete result.config.data.samples;
        result.config.data.regression = false;
      }
    } else {
      for (const f of given) invalid.add(f.key);
    }
    result.invalid = [...invalid];
  } catch (err) {
    result.config = clone(defaults);
    result.invalid = [...params.keys()];
    result.notes.push(`The link could not be read (${err.message}).`);
  }
  return result;
}

/**
 * The query string for a configuration (the core's validated one) and page settings.
 * Returns `{query, dropped}`: `dropped` lists fields that did not fit (`pts`).
 */
export function linkQuery({ config, defaults, limits, page }) {
  const fields = configFields(limits);
  const parts = [];
  const dropped = [];
  for (const field of fields) {
    const value = field.get(config);
    let text;
    try {
      text = field.encode(value);
    } catch {
      text = undefined;
    }
    if (text === undefined) {
      if (value) dropped.push(field.key);
      continue;
    }
    let same = false;
    try {
      same = text === field.encode(field.get(defaults));
    } catch {
      same = false;
    }
    if (same && !field.always) continue;
    parts.push(`${field.key}=${escape(text)}`);
  }
  for (const key of PAGE_KEYS) {
    if (page[key] !== undefined && page[key] !== null && page[key] !== '') parts.push(`${key}=${escape(String(page[key]))}`);
  }
  return { query: parts.join('&'), dropped };
}

/** Percent-encodes what a query value cannot hold, keeping `,` `:` `~` readable. */
function escape(text) {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/** Writes the link into the address bar without a new history entry. */
export function writeLink(query) {
  const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
}
