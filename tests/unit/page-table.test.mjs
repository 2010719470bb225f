// www/schema/page-table.js: what only the page knows about each configuration field,
// checked against the core's table (fixture) and against itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PAGE_FIELDS, HIDE_LABELS, PAGE_HIDE_GROUPS, VIEW_KEYS, SPEEDS } from '../../www/schema/page-table.js';

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
  for (const k of [...Object.keys(VIEW_KEYS), 'hide']) assert.equal(keys.includes(k), false, k);
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

test('view settings: the default speed is one the page offers', () => {
  const speeds = SPEEDS.map((s) => (s === Infinity ? 'max' : String(s)));
  assert.ok(speeds.includes(VIEW_KEYS.speed));
  assert.deepEqual([...SPEEDS].sort((a, b) => a - b), SPEEDS, 'ascending');
  for (const [key, value] of Object.entries(VIEW_KEYS)) if (key !== 'speed') assert.ok(['0', '1'].includes(value), key);
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
