// The pure parts of the data view (views/data-view.js), the table's link text
// (schema/link-codec.js) and the table actions (app/actions.js).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCode, pageText, pageStart, codeText, sameRows, PAGE_ROWS } from '../../www/views/data-view.js';
import { encodeField, decodeField } from '../../www/schema/link-codec.js';
import { pickDataset, setTableCode } from '../../www/app/actions.js';
import { field } from '../../www/schema/fields.js';
import { readFileSync } from 'node:fs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const schema = fixture('schema.json');
const defaults = fixture('default-config.json');

test('encoded inputs show two decimals and no negative zero', () => {
  assert.equal(formatCode(-1), '-1.00');
  assert.equal(formatCode(0.333), '0.33');
  assert.equal(formatCode(-0.0001), '0.00');
});

test('the page line counts rows and errors; pages start at multiples of the page size', () => {
  assert.equal(pageText(0, 20, 35, 3, true), 'rows 1–20 of 35 · 3 misclassified');
  assert.equal(pageText(20, 15, 35, 0, false), 'rows 21–35 of 35');
  assert.equal(pageText(0, 0, 0, 0, true), 'no rows · 0 misclassified');
  assert.equal(pageStart(0, 35), 0);
  assert.equal(pageStart(PAGE_ROWS + 3, 35), PAGE_ROWS);
  assert.equal(pageStart(100, 35), PAGE_ROWS, 'past the end: the last page');
  assert.equal(pageStart(-5, 35), 0);
  assert.equal(pageStart(40, 0), 0);
});

test("a column's code in words, with its statistics", () => {
  assert.equal(codeText({ kind: 'numeric', name: 'wind', encoding: 'min_max', scale: { offset: 4.5, scale: 2.5 } }), 'wind: min-max, x′ = (x − 4.5) / 2.5');
  assert.equal(codeText({ kind: 'numeric', name: 'wind', encoding: 'none', scale: { offset: 0, scale: 1 } }), 'wind: none, as it is');
  assert.equal(codeText({ kind: 'categorical', name: 'fur', encoding: 'one_hot_signed', levels: ['none', 'short', 'long'], slots: [0, 2] }), 'fur: one hot signed over none, long');
});

test('a table in a link: its kind, and its code as JSON when set; bad text refused', () => {
  const param = field(schema, 'data.table');
  assert.equal(encodeField(param, { kind: 'iris', code: {} }), 'iris');
  const coded = { kind: 'animals', code: { encodings: { fur: 'one_hot' } } };
  assert.deepEqual(decodeField(param, encodeField(param, coded)), coded);
  assert.deepEqual(decodeField(param, 'digits'), { kind: 'digits', code: {} });
  assert.throws(() => decodeField(param, 'penguins'), /not a choice of data.table/);
  assert.throws(() => decodeField(param, 'auto'), /not a choice/);
  assert.throws(() => decodeField(param, 'animals:{oops'), /not JSON/);
  assert.throws(() => decodeField(param, 'animals:[1]'), /not an object/);
});

test('picking a table sets data.table; a plane task removes it; a code setting keeps the rest', () => {
  const s = { schema, config: structuredClone(defaults) };
  const onTable = pickDataset(s, 'data.table', 'animals').config;
  assert.deepEqual(onTable.data.table, { kind: 'animals', code: {} });
  assert.equal(onTable.data.task, defaults.data.task, 'the plane task stays for the way back');
  const coded = setTableCode({ ...s, config: onTable }, 'encodings', { fur: 'one_hot' }).config;
  assert.deepEqual(coded.data.table, { kind: 'animals', code: { encodings: { fur: 'one_hot' } } });
  const back = pickDataset({ ...s, config: coded }, 'data.task', 'xor').config;
  assert.equal(back.data.table, undefined);
  assert.equal(back.data.task, 'xor');
  assert.equal(setTableCode(s, 'missing', 'fill'), null, 'no table: nothing to set');
});

test('sameRows: the same rows in the same order (then only the predictions are set again)', () => {
  const page = (...rows) => ({ rows: rows.map((row) => ({ row, predicted: 'cat' })), matching: 10, errors: 0 });
  assert.equal(sameRows(page(3, 7, 9), page(3, 7, 9)), true);
  assert.equal(sameRows(page(3, 7, 9), page(3, 9, 7)), false, 'another order');
  assert.equal(sameRows(page(3, 7, 9), page(3, 7)), false, 'fewer rows');
  assert.equal(sameRows(page(3, 7), page(4, 8)), false, 'the next page');
});
