// Property-based tests (fast-check) of what the page reads from a link: any query
// string and any damaged saved link. readLink (www/schema/link-codec.js) never throws,
// gives a configuration the core accepts (the stand-in of core-stand-in.mjs), keeps
// exactly the fields of the link that it does not list as refused, and writes a link
// that reads back the same; readCompare (www/compare/diff.js) never throws and keeps
// only runs whose differences parse; decodePoints (www/schema/point-codec.js) gives
// finite numbers or throws an Error.
//
// Each property prints its number of cases and the seed. The seed is fixed, so the test
// suite (and CI) gives the same verdict every run; FC_SEED=<seed> tries other inputs
// (FC_SEED=random: a new seed each run), FC_SCALE=<n> runs n times as many cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { readLink, linkQuery, decodeField } from '../../www/schema/link-codec.js';
import { decodePoints, encodePoints } from '../../www/schema/point-codec.js';
import { readCompare, compareParams, parseDiff, runConfig, describe, COMPARE_KEYS, DIFFABLE, RUN_NAMES, SOLVE, AXES } from '../../www/compare/diff.js';
import { PRESETS } from '../../www/compare/presets.js';
import { field } from '../../www/schema/fields.js';
import { getPath, setPath } from '../../www/lib/paths.js';
import { PAGE_FIELDS, VIEW_SETTINGS, SPEEDS, PAGE_HIDE_GROUPS } from '../../www/schema/page-table.js';

const VIEW_KEYS = VIEW_SETTINGS.map((vs) => vs.key);
import { verdict } from './core-stand-in.mjs';

const fixture = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const schema = fixture('./fixtures/schema.json');
const defaults = Object.freeze(fixture('./fixtures/default-config.json'));
const SAVED = fixture('../fixtures/saved-links.json').links.map((l) => l.link);

/**
 * Cases per property: about 2.5 s for each link property and under 0.5 s for the
 * others on the project's machine (the file in about 6 s). FC_SCALE=10 runs ten times as many.
 */
const SCALE = Number(process.env.FC_SCALE ?? 1);
const RUNS = { arbitrary: 5000 * SCALE, mutated: 5000 * SCALE, compare: 5000 * SCALE, points: 5000 * SCALE };
const FIXED_SEED = 20261125;
const SEED = process.env.FC_SEED === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.env.FC_SEED ?? FIXED_SEED);

/** The lesson-link groups as the page gives them (panels/share.js hideGroups, without labels). */
const GROUPS = [...new Set([...PAGE_FIELDS.map((pf) => pf.hide).filter(Boolean), ...PAGE_HIDE_GROUPS])];
const LINKED = PAGE_FIELDS.filter((pf) => pf.key !== '');
const LINK_KEYS = LINKED.map((pf) => pf.key);
const KNOWN = new Set([...LINK_KEYS, ...VIEW_KEYS, 'hide', ...COMPARE_KEYS]);
const ALL_KEYS = [...KNOWN, SOLVE];
const CHOICE_IDS = [...new Set(schema.params.flatMap((p) => (p.choices ?? []).map((c) => c.id)))];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// ---------------------------------------------------------------- arbitraries

/** Any UTF-16 unit, a lone surrogate too. */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/**
 * Any text: ASCII, any code point (what fc.unicodeString gave before fast-check 4),
 * graphemes, raw UTF-16 units with lone surrogates.
 */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: utf16Unit }),
);

/** Texts of numbers, well formed or nearly. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.double().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential()),
  fc.bigInt().map(String),
  fc.constantFrom('1e999', '-1e999', '1e309', '2e308', '1e-999', '1e+21', '-0', '+0', '.5', '5.', '1e', '0x10', '1_000', '٣', '１', ' 1', '1 ', 'Infinity', '-Infinity', 'NaN', '9007199254740993', '1e-7', '0.03', '10', '11', 'off', 'auto', ''),
);

/** `kind:param:param` with a real or made-up kind. */
const taggedText = fc
  .tuple(fc.oneof(fc.constantFrom(...CHOICE_IDS), fc.string({ maxLength: 6 })), fc.array(numberText, { maxLength: 4 }))
  .map(([kind, params]) => [kind, ...params].join(':'));

/** Comma lists of ids, tagged values and numbers. */
const listText = fc.array(fc.oneof(fc.constantFrom(...CHOICE_IDS), taggedText, numberText, fc.constantFrom(...GROUPS)), { maxLength: 6 }).map((a) => a.join(','));

/** A point as `x1_x2_label`, the parts numbers or not. */
const exactPoint = fc.array(numberText, { minLength: 1, maxLength: 4 }).map((a) => a.join('_'));

/** Own points: valid encodings, and texts of their shapes. */
const pointsText = fc.oneof(
  fc.tuple(fc.constantFrom('c', 'r', 'C', 'R', 'x', ''), fc.array(fc.constantFrom(...B64), { maxLength: 40 })).map(([k, ds]) => k + ds.join('')),
  fc.tuple(fc.constantFrom('C', 'R', 'c'), fc.array(exactPoint, { maxLength: 6 })).map(([k, ps]) => k + ps.join('~')),
  fc
    .tuple(
      fc.array(fc.record({ x1: fc.double({ noNaN: true, noDefaultInfinity: true }), x2: fc.integer({ min: -2048, max: 2047 }).map((n) => n / 100), target: fc.integer({ min: 0, max: 70 }) }), { maxLength: 8 }),
      fc.boolean(),
    )
    .map(([samples, regression]) => encodePoints(samples, regression) ?? 'omitted'),
  fc.constant('omitted'),
);

/** A field's value as link text, or something like one. */
const fieldValue = fc.oneof(anyText, numberText, numberText, fc.constantFrom(...CHOICE_IDS), taggedText, taggedText, listText, pointsText);

/** A number near the stand-in core's limits (learning rate 0..10, noise 0..1, widths 1..8). */
const nearText = fc.oneof(
  fc.integer({ min: -2, max: 12 }).map(String),
  fc.double({ min: -1, max: 12, noNaN: true }).map(String),
  fc.constantFrom('0', '1', '0.5', '0.03', '10', '10.5', '-0', '1e-7', '0.999'),
);

/** A tagged value of `param` with a real kind and up to one parameter too many. */
const taggedOf = (param) =>
  fc
    .constantFrom(...param.choices)
    .chain((c) => fc.array(fc.oneof(nearText, nearText, numberText), { maxLength: c.params.length + 1 }).map((ps) => [c.id, ...ps].join(':')));

/**
 * Text for a page field that is often right, sometimes nearly: what a hand-edited link has.
 * @param {string} key
 * @returns {fc.Arbitrary<string>}
 */
function plausible(key) {
  const param = field(schema, LINKED.find((pf) => pf.key === key).path);
  const ids = (param.choices ?? []).map((c) => c.id);
  switch (param.type) {
    case 'number':
      return fc.oneof(nearText, nearText, param.optional ? fc.constantFrom('off', '') : nearText, numberText);
    case 'choice':
      return fc.oneof(param.tagged ? taggedOf(param) : fc.constantFrom(...ids), fc.constantFrom('auto', 'custom', 'softmax'));
    case 'per_layer':
      return fc.array(taggedOf(param), { maxLength: 4 }).map((a) => a.join(','));
    case 'flags':
      return fc.subarray([...ids, 'x3']).map((a) => a.join(','));
    case 'layers':
      return fc.oneof(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 5 }).map((a) => a.join(',')), fc.constantFrom('0', '', '4,,2', '4.5'));
    default:
      return pointsText;
  }
}

/** A page field's key and text, often readable. */
const fieldPair = fc.constantFrom(...LINK_KEYS).chain((k) => plausible(k).map((v) => /** @type {[string, string]} */ ([k, v])));

/** A comparison run's differences, `key~value!key~value`. */
const diffText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...DIFFABLE).chain((k) => plausible(k).map((v) => `${k}~${v}`)) },
      { weight: 1, arbitrary: fc.constantFrom(`${SOLVE}~1`, `${SOLVE}~`, SOLVE, '~', '') },
      { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...DIFFABLE, SOLVE, 'seed', 'data', 'pts', ''), fc.string({ maxLength: 5 })), fieldValue).map(([k, v]) => `${k}~${v}`) },
      { weight: 1, arbitrary: anyText },
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.join('!'));

/** The page's own settings and the comparison's keys, with their values or others. */
const viewPair = fc.oneof(
  fc.tuple(fc.constantFrom(...VIEW_KEYS), fc.constantFrom('0', '1', 'max', ...SPEEDS.map(String), '3', 'yes', '')),
  fc.tuple(fc.constant('hide'), fc.subarray([...GROUPS, 'bogus', '']).map((a) => a.join(','))),
  fc.tuple(fc.constantFrom(...RUN_NAMES), diffText),
  fc.tuple(fc.constantFrom('race', 'axis', 'preset'), fc.constantFrom('0', '1', 'yes', ...AXES, 'furlongs', ...PRESETS.map((p) => p.id), 'no-such')),
);

/** Percent-encodings, broken ones too (`%`, `%G1`, half a UTF-8 sequence). */
const percentText = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('%', '%G1', '%E2%82', '%F0%9F', '%C0%AF', '+', '%2B', '%26', '%3D', '%23', '%00', '%EF%BF%BF'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** @type {fc.Arbitrary<string>} */
const value = fc.oneof(
  { weight: 3, arbitrary: anyText },
  { weight: 4, arbitrary: numberText },
  { weight: 3, arbitrary: fc.constantFrom(...CHOICE_IDS) },
  { weight: 4, arbitrary: taggedText },
  { weight: 2, arbitrary: listText },
  { weight: 2, arbitrary: pointsText },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', 'max', ...SPEEDS.map(String), ...AXES, ...PRESETS.map((p) => p.id)) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: diffText },
);

const key = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ALL_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'LR', 'lr ', ' lr', '', '?lr', 'lr[]') },
);

/** Percent-encoding of any text (a lone surrogate as U+FFFD, which encodeURIComponent cannot write). */
const encode = (/** @type {string} */ t) => encodeURIComponent(t.toWellFormed());
/** The way the page writes a value (link-codec.js escape): `,` and `:` kept. */
const pageEscape = (/** @type {string} */ t) => encode(t).replace(/%2C/gi, ',').replace(/%3A/gi, ':');

/** How a text goes into a query: as it is, percent-encoded, the way the page writes it, or with stray encodings. */
const written = (/** @type {fc.Arbitrary<string>} */ text) =>
  fc.oneof(
    text,
    text.map(encode),
    text.map((t) => pageEscape(t)),
    fc.tuple(text, percentText).map(([t, p]) => t + p),
    percentText,
  );

/** `key=value&...` from the real keys and values, and some others. */
const builtQuery = fc
  .tuple(
    fc.constantFrom('?', '', '??', '&'),
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.oneof(fieldPair, fieldPair, viewPair).chain(([k, v]) => written(fc.constant(v)).map((w) => `${k}=${w}`)) },
        { weight: 4, arbitrary: fc.tuple(written(key), written(fc.oneof(value, diffText))).map(([k, v]) => `${k}=${v}`) },
        { weight: 1, arbitrary: written(key) }, // a key without `=`
        { weight: 1, arbitrary: fc.tuple(written(key), written(value), written(value)).map(([k, a, b]) => `${k}=${a}=${b}`) },
      ),
      { maxLength: 14 },
    ),
    fc.constantFrom('&', '&', '&', '&&', ';'),
  )
  .map(([head, pairs, sep]) => head + pairs.join(sep));

/** A hand-made link: real keys, values often right, own points with the custom task now and then. */
const plausibleQuery = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: fieldPair }, { weight: 1, arbitrary: viewPair }), { minLength: 1, maxLength: 8 }),
    fc.option(fc.tuple(fc.constantFrom('custom', 'custom', 'spiral', 'blobs'), pointsText), { freq: 3 }),
  )
  .map(([pairs, own]) => {
    const all = own ? [['data', own[0]], ...pairs, ['pts', own[1]]] : pairs;
    return `?${all.map(([k, v]) => `${k}=${pageEscape(v)}`).join('&')}`;
  });

const anyQuery = fc.oneof(
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: anyText.map((t) => `?${t}`) },
  { weight: 4, arbitrary: builtQuery },
  { weight: 4, arbitrary: plausibleQuery },
);

/** One change to a saved link: a character in, out or replaced, a pair duplicated, moved, dropped or given another value. */
const mutation = fc.oneof(
  fc.tuple(fc.constant('insert'), fc.nat(), fc.oneof(fc.constantFrom(...'&=%,:~!+#?;_.-0123456789eE'), fc.string({ minLength: 1, maxLength: 2, unit: 'binary' }))),
  fc.tuple(fc.constant('delete'), fc.nat(), fc.integer({ min: 1, max: 4 })),
  fc.tuple(fc.constant('replace'), fc.nat(), fc.oneof(fc.constantFrom(...'&=%,:~!+#?;_.-0123456789eEaz'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }))),
  fc.tuple(fc.constant('duplicate'), fc.nat(), fc.oneof(fc.constant(null), value)),
  fc.tuple(fc.constant('swap'), fc.nat(), fc.nat()),
  fc.tuple(fc.constant('drop'), fc.nat(), fc.constant(null)),
  fc.tuple(fc.constant('revalue'), fc.nat(), value),
  fc.tuple(fc.constant('append'), fc.nat(), fc.oneof(fieldPair, viewPair)),
);

/**
 * @param {string} link
 * @param {any[]} m
 */
function mutate(link, [kind, a, b]) {
  const at = link.length ? a % (link.length + 1) : 0;
  const pairs = link.replace(/^\?/, '').split('&');
  const i = a % pairs.length;
  switch (kind) {
    case 'insert':
      return link.slice(0, at) + b + link.slice(at);
    case 'delete':
      return link.slice(0, at) + link.slice(at + b);
    case 'replace':
      return link.slice(0, at) + b + link.slice(at + 1);
    case 'duplicate': {
      const [k] = pairs[i].split('=');
      const copy = b === null ? pairs[i] : `${k}=${encode(b)}`;
      pairs.splice((i * 7 + 3) % (pairs.length + 1), 0, copy);
      return `?${pairs.join('&')}`;
    }
    case 'swap': {
      const j = b % pairs.length;
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
      return `?${pairs.join('&')}`;
    }
    case 'drop':
      pairs.splice(i, 1);
      return `?${pairs.join('&')}`;
    case 'revalue': {
      const [k] = pairs[i].split('=');
      pairs[i] = `${k}=${encode(b)}`;
      return `?${pairs.join('&')}`;
    }
    case 'append':
      pairs.splice(a % (pairs.length + 1), 0, `${b[0]}=${encode(b[1])}`);
      return `?${pairs.join('&')}`;
    default:
      throw new Error(kind);
  }
}

const mutatedLink = fc.tuple(fc.constantFrom(...SAVED), fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([link, ms]) => ms.reduce(mutate, link));

// ---------------------------------------------------------------- the properties

const validate = async (/** @type {any[]} */ configs) => configs.map(verdict);

/** Every number in `value`, with its path. */
function* numbers(value, path = '') {
  if (typeof value === 'number') yield [path, value];
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* numbers(v, `${path}.${k}`);
}

/** JSON for comparing values (-0 as 0, as the link writes it). */
const json = (v) => JSON.stringify(v ?? null);

/**
 * What readLink must give for `search`: the defaults with every field of the link that
 * it does not list as refused, the view settings that were not refused, the extra keys.
 * @param {string} search
 * @param {Awaited<ReturnType<typeof readLink>>} read
 */
async function checkLink(search, read) {
  const { config, view, extra, invalid, notes } = read;
  assert.deepEqual(verdict(config).problems, [], 'the core accepts the configuration');
  for (const [path, v] of numbers(config)) assert.ok(Number.isFinite(v), `${path} = ${v} is not finite`);
  for (const note of notes) assert.match(note, /too many to fit/, 'no other notice than the one for omitted points');

  const params = new URLSearchParams(search);
  const given = new URLSearchParams(search);
  if (given.get('pts') === 'omitted') {
    given.delete('pts');
    if (given.get('data') === 'custom') given.delete('data');
  }
  for (const k of invalid) assert.ok(params.has(k), `${k} is listed as refused but is not in the link`);
  for (const k of params.keys()) if (!KNOWN.has(k)) assert.ok(invalid.includes(k), `the unknown key ${JSON.stringify(k)} is listed`);

  // The fields: given and not refused -> the link's value; otherwise the default.
  let expected = structuredClone(defaults);
  for (const pf of LINKED) {
    const text = given.get(pf.key);
    if (text === null || invalid.includes(pf.key)) continue;
    let v;
    try {
      v = decodeField(field(schema, pf.path), text);
    } catch {
      assert.fail(`${pf.key}=${JSON.stringify(text)} cannot be read and is not listed`);
    }
    if (pf.key !== 'pts') expected = setPath(expected, pf.path, v);
    else expected = setPath(setPath(expected, 'data.samples', v.samples), 'data.regression', v.regression);
  }
  if (expected.data.task === 'custom') {
    // Own points: the classes hold their labels.
    const { samples, regression } = expected.data;
    if (!regression) expected.data.classes = samples.reduce((m, s) => Math.max(m, s.target + 1), Math.max(expected.data.classes, 2));
  } else {
    // Points of another task are not kept (and leave no trace).
    expected = setPath(setPath(expected, 'data.samples', undefined), 'data.regression', false);
  }
  for (const pf of PAGE_FIELDS) {
    const got = pf.key === 'pts' ? config.data.samples : getPath(config, pf.path);
    const want = getPath(expected, pf.path);
    assert.equal(json(got), json(want), `${pf.path} (${pf.key || 'no key'}): the link's value unless listed as refused, else the default`);
  }

  for (const k of VIEW_KEYS) {
    if (params.has(k)) assert.ok(view[k] === params.get(k) || invalid.includes(k), `view ${k}`);
    else assert.equal(view[k], undefined);
  }
  if (params.has('hide')) assert.ok(view.hide === params.get('hide') || invalid.includes('hide'), 'hide');
  for (const k of COMPARE_KEYS) assert.equal(extra[k], params.get(k) ?? undefined, `extra ${k}`);

  // The link the page writes from what it read reads back the same, with nothing refused.
  const shown = Object.fromEntries(Object.entries(view).filter(([, t]) => t !== ''));
  const { query, dropped } = linkQuery({ schema, config, defaults, view: shown });
  if (dropped.length === 0) {
    const again = await readLink({ schema, defaults, search: `?${query}`, validate, groups: GROUPS });
    assert.deepEqual(again.invalid, [], `?${query} reads back without refusals`);
    assert.equal(json(again.config), json(config), `?${query} reads back the same configuration`);
    assert.deepEqual(again.view, shown);
  }

  checkCompare(extra);
}

/**
 * readCompare of `params`: the runs it keeps have differences that parse, make a
 * configuration and read back; every run it drops is listed.
 * @param {Record<string, string>} params
 */
function checkCompare(params) {
  const { compare, invalid } = readCompare(schema, params);
  for (const k of invalid) assert.ok(COMPARE_KEYS.includes(k) && params[k] !== undefined, `${k} is listed but not given`);
  const present = RUN_NAMES.filter((n) => params[n] !== undefined);
  const dropped = invalid.filter((k) => RUN_NAMES.includes(k));
  const runs = compare?.runs ?? [];
  assert.equal(runs.length + dropped.length, present.length, 'every run is kept or listed');
  assert.equal(compare === null, runs.length === 0);
  if (!compare) return;
  assert.deepEqual(runs.map((r) => r.name), RUN_NAMES.slice(0, runs.length));
  assert.ok(AXES.includes(compare.axis));
  assert.equal(typeof compare.race, 'boolean');
  assert.ok(compare.preset === null || PRESETS.some((p) => p.id === compare.preset));
  for (const run of runs) {
    for (const [k, text] of Object.entries(run.diff)) {
      assert.ok(k === SOLVE ? text === '1' : DIFFABLE.includes(k), `${k} may differ`);
      if (k !== SOLVE) decodeField(field(schema, LINKED.find((pf) => pf.key === k).path), text);
    }
    runConfig(schema, defaults, run.diff);
    describe(schema, run.diff);
  }
  const back = readCompare(schema, compareParams(compare));
  assert.deepEqual(back, { compare, invalid: [] }, 'the comparison reads back the same');
  for (const run of runs) assert.deepEqual(parseDiff(schema, compareParams({ ...compare, runs: [run] })[run.name]), run.diff);
}

/** readLink of `search`, checked; a throw or a rejection fails the property. */
const linkProperty = (arb) =>
  fc.asyncProperty(arb, async (search) => {
    const read = await readLink({ schema, defaults, search, validate, groups: GROUPS, extra: COMPARE_KEYS });
    await checkLink(search, read);
  });

/**
 * Runs a property and prints its number of cases.
 * @param {string} name
 * @param {fc.IAsyncPropertyWithHooks<any>|fc.IPropertyWithHooks<any>} property
 * @param {number} numRuns
 */
async function check(name, property, numRuns) {
  const start = performance.now();
  await fc.assert(property, { numRuns, seed: SEED, includeErrorInReport: true });
  console.log(`${name}: ${numRuns} cases in ${((performance.now() - start) / 1000).toFixed(1)} s (seed ${SEED})`);
}

test('the saved links are read whole (the base of the mutations)', async () => {
  for (const search of SAVED) {
    const read = await readLink({ schema, defaults, search, validate, groups: GROUPS, extra: COMPARE_KEYS });
    assert.deepEqual(read.invalid, [], search);
    await checkLink(search, read);
  }
});

test('link decoder, arbitrary query strings: never throws, the core accepts, every refused key is listed', async () => {
  await check('link decoder (arbitrary query strings)', linkProperty(anyQuery), RUNS.arbitrary);
});

test('link decoder, mutated saved links: never throws, the core accepts, every refused key is listed', async () => {
  await check('link decoder (mutated saved links)', linkProperty(mutatedLink), RUNS.mutated);
});

test('comparison reader, arbitrary parameters: never throws, kept runs parse, dropped runs are listed', async () => {
  const params = fc.dictionary(fc.constantFrom(...COMPARE_KEYS), fc.oneof(diffText, value, anyText), { maxKeys: COMPARE_KEYS.length });
  await check('comparison reader', fc.property(params, checkCompare), RUNS.compare);
});

test('point decoder: finite points or an Error, nothing else', async () => {
  const text = fc.oneof(
    pointsText,
    anyText,
    fc.tuple(pointsText, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, ms]) => ms.filter((m) => ['insert', 'delete', 'replace'].includes(m[0])).reduce(mutate, t)),
  );
  const property = fc.property(text, (t) => {
    let decoded;
    try {
      decoded = decodePoints(t);
    } catch (err) {
      assert.ok(err instanceof Error, `threw ${String(err)}, not an Error`);
      return;
    }
    assert.equal(typeof decoded.regression, 'boolean');
    assert.ok(Array.isArray(decoded.samples));
    for (const s of decoded.samples) {
      assert.deepEqual(Object.keys(s), ['x1', 'x2', 'target']);
      for (const v of Object.values(s)) assert.ok(Number.isFinite(v), `${JSON.stringify(t)}: ${v} is not finite`);
    }
  });
  await check('point decoder', property, RUNS.points);
});
