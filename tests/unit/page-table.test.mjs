// www/schema/page-table.js: what only the page knows about each configuration field,
// checked against the core's table (fixture) and against itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PAGE_FIELDS, HIDE_LABELS, PAGE_HIDE_GROUPS, VIEW_SETTINGS, SPEEDS, speedText, speedOf } from '../../www/schema/page-table.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/schema.json', import.meta.url), 'utf8'));

test("every field of the core's table has one page field, and every page field is in the table", () => {
  const paths = PAGE_FIELDS.map((pf) => pf.path);
  assert.equal(new Set(paths).size, paths.length, 'no field twice');
  assert.deepEqual([...paths].sort(), schema.params.map((p) => p.path).sort());
});

test('link keys are unique, short words, and not used by the view settings', () => {
  const keys = PAGE_FIELDS.map((pf) => pf.key).filter((k) => k !== '');
  assert.equal(new Set(keys).size, keys.length);
  for (const k of keys) assert.match(k, /^[a-z][a-z0-9]*$/, k);
  for (const k of [...VIEW_SETTINGS.map((vs) => vs.key), 'hide']) assert.equal(keys.includes(k), false, k);
});

test('control ids are unique across fields and their parameters', () => {
  const ids = [];
  for (const pf of PAGE_FIELDS) {
    if (!pf.control) continue;
    ids.push(pf.control.id);
    for (const p of Object.values(pf.control.params ?? {})) if (p.id) ids.push(p.id);
  }
  assert.equal(new Set(ids).size, ids.length, ids.filter((id, i) => ids.indexOf(id) !== i).join());
});

test("parameter controls name parameters of the field's choices", () => {
  for (const pf of PAGE_FIELDS) {
    const param = schema.params.find((p) => p.path === pf.path);
    const names = new Set((param.choices ?? []).flatMap((c) => c.params.map((q) => q.path)));
    for (const name of Object.keys(pf.control?.params ?? {})) assert.ok(names.has(name), `${pf.path}: ${name}`);
  }
});

test('lesson-link groups: every labelled group is used, the page groups are labelled', () => {
  const fieldGroups = new Set(PAGE_FIELDS.map((pf) => pf.hide).filter(Boolean));
  for (const g of PAGE_HIDE_GROUPS) assert.ok(g in HIDE_LABELS, g);
  for (const g of Object.keys(HIDE_LABELS)) assert.ok(fieldGroups.has(g) || PAGE_HIDE_GROUPS.includes(g), g);
  for (const g of fieldGroups) assert.match(g, /^[a-z]+$/, g);
});

test('view settings: unique names, keys and controls; each initial value is one the setting takes', () => {
  for (const prop of ['name', 'key', 'control']) {
    const values = VIEW_SETTINGS.map((vs) => vs[prop]);
    assert.equal(new Set(values).size, values.length, prop);
  }
  const pageIds = PAGE_FIELDS.map((pf) => pf.control?.id).filter(Boolean);
  for (const vs of VIEW_SETTINGS) {
    assert.equal(pageIds.includes(vs.control), false, `${vs.control} is a field's control`);
    if (vs.kind === 'speed') assert.ok(SPEEDS.includes(vs.initial), vs.name);
    else assert.equal(typeof vs.initial, 'boolean', vs.name);
  }
  assert.deepEqual([...SPEEDS].sort((a, b) => a - b), SPEEDS, 'ascending');
});

test('speeds: each is written as one text and read back from it; "max" is the speed without limit', () => {
  const texts = SPEEDS.map(speedText);
  assert.equal(new Set(texts).size, SPEEDS.length);
  for (const speed of SPEEDS) assert.equal(speedOf(speedText(speed)), speed);
  assert.equal(speedText(Infinity), 'max');
  assert.equal(speedOf('max'), Infinity);
  for (const text of ['3', 'Infinity', '', ' 10', '1e1', 'MAX']) assert.equal(speedOf(text), undefined, text);
});

test('select presets lie within the bounds of the core', () => {
  for (const pf of PAGE_FIELDS) {
    const param = schema.params.find((p) => p.path === pf.path);
    for (const v of pf.control?.presets ?? []) {
      assert.ok(v > param.min || (v === param.min && !param.min_exclusive), `${pf.path} ${v}`);
      assert.ok(param.max === null || v <= param.max, `${pf.path} ${v}`);
    }
  }
});
