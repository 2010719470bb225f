// www/panels/own-table.js (its pure parts): the roles a file starts with, the types a
// column may take, and the configuration's table written from the roles chosen; and
// the link's text of your own table (www/schema/link-codec.js), both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultRoles, typeChoices, ownTableChoice, ownTableOf } from '../../www/panels/own-table.js';
import { encodeField, decodeField } from '../../www/schema/link-codec.js';
import { field } from '../../www/schema/fields.js';
import { missingTableText } from '../../www/lib/own-tables.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/schema.json', import.meta.url), 'utf8'));
const HASH = 'ab'.repeat(32);

/** A preview as the core gives it: size and colour categorical, weight numeric, kind the classes. */
const preview = {
  hash: HASH,
  rows: 40,
  separator: 'semicolon',
  columns: [
    { name: 'size', detected: 'nominal', levels: ['small', 'large'], missing: 0 },
    { name: 'colour', detected: 'nominal', levels: ['grey', 'brown'], missing: 0 },
    { name: 'weight', detected: 'numeric', levels: [], missing: 3 },
    { name: 'kind', detected: 'nominal', levels: ['cat', 'dog'], missing: 0 },
  ],
};

test('a file starts with the last column as the target and every other as an input', () => {
  assert.deepEqual(defaultRoles(preview), { types: ['nominal', 'nominal', 'numeric', 'nominal'], inputs: [true, true, true, false], target: 3 });
  assert.deepEqual(typeChoices(preview.columns[2]), ['numeric', 'nominal', 'ordinal']);
  assert.deepEqual(typeChoices(preview.columns[0]), ['nominal', 'ordinal'], 'text is never numbers');
});

test('the table choice names the file, the roles and only the types changed', () => {
  const roles = defaultRoles(preview);
  assert.deepEqual(ownTableChoice(preview, roles, 'pets.csv'), {
    kind: 'own',
    code: {},
    own: { hash: HASH, name: 'pets.csv', target: 'kind', inputs: ['size', 'colour', 'weight'] },
  });
  // weight as the target, size ordinal, colour left out (its type change not written).
  const picked = { types: ['ordinal', 'numeric', 'numeric', 'nominal'], inputs: [true, false, true, true], target: 2 };
  const { own } = ownTableChoice(preview, picked, 'x'.repeat(200));
  assert.equal(own.target, 'weight');
  assert.deepEqual(own.inputs, ['size', 'kind'], 'the target is never an input');
  assert.deepEqual(own.types, { size: { type: 'ordinal', levels: [] } });
  assert.equal(own.name.length, 120, 'a long name is cut to the core\'s limit');
  assert.equal(ownTableOf({ data: { table: { kind: 'own', code: {}, own } } }), own);
  assert.equal(ownTableOf({ data: { table: { kind: 'iris', code: {} } } }), null);
  assert.equal(ownTableOf({ data: {} }), null);
});

test('a link carries your own table beside its code and reads it back', () => {
  const param = field(schema, 'data.table');
  const value = { kind: 'own', code: { encodings: { size: 'one_hot' } }, own: { hash: HASH, name: 'pets.csv', target: 'kind', inputs: ['size'] } };
  const text = encodeField(param, value);
  assert.ok(text.startsWith('own:{') && text.includes(HASH), text);
  assert.deepEqual(decodeField(param, text), value);
  assert.deepEqual(decodeField(param, encodeField(param, { ...value, code: {} })), { ...value, code: {} });
  assert.deepEqual(decodeField(param, 'iris'), { kind: 'iris', code: {} }, 'a built-in table as before');
});

test('a table not in this browser is named by its file and the start of its hash', () => {
  assert.equal(missingTableText(HASH, 'pets.csv'), `Your table pets.csv (${HASH.slice(0, 12)}…) is not in this browser: import its file to train on it.`);
  assert.equal(missingTableText(HASH), `Your table ${HASH.slice(0, 12)}… is not in this browser: import its file to train on it.`);
});
