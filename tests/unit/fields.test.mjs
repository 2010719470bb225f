// www/schema/fields.js: reading the core's table of configuration fields (fixture:
// tests/unit/fixtures/schema.json, written from the bindings' schema() by
// fixtures/update.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  field,
  choiceId,
  choiceOf,
  numberDefault,
  variantValue,
  applies,
  pickChoice,
  featureLabels,
  activationLabel,
} from '../../www/schema/fields.js';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const schema = fixture('schema.json');
const defaults = Object.freeze(fixture('default-config.json'));

test('field: the field at a path; an unknown path throws', () => {
  assert.equal(field(schema, 'learning_rate').path, 'learning_rate');
  assert.equal(field(schema, 'stopping.patience').type, 'number');
  assert.throws(() => field(schema, 'no.such.field'), /no\.such\.field/);
});

test('choiceId: the id of a tagged or plain choice value; null for auto', () => {
  assert.equal(choiceId(field(schema, 'optimizer'), { kind: 'adam', beta1: 0.9 }), 'adam');
  assert.equal(choiceId(field(schema, 'loss'), 'mse'), 'mse');
  assert.equal(choiceId(field(schema, 'output_activation'), null), null);
  assert.equal(choiceId(field(schema, 'output_activation'), undefined), null);
});

test('choiceOf: the variant with that id, or undefined', () => {
  const opt = field(schema, 'optimizer');
  assert.deepEqual(choiceOf(opt, 'adam').params.map((p) => p.path), ['beta1', 'beta2', 'epsilon']);
  assert.equal(choiceOf(opt, 'nadam'), undefined);
  assert.equal(choiceOf(opt, null), undefined);
  assert.equal(choiceOf(field(schema, 'learning_rate'), 'x'), undefined, 'a number field has no choices');
});

test('numberDefault: the default, else the suggested value, else the minimum', () => {
  assert.equal(numberDefault(field(schema, 'learning_rate')), 0.03);
  assert.equal(numberDefault(field(schema, 'stopping.max_epochs')), 1000, 'off by default: the suggested value');
  assert.equal(numberDefault({ path: 'x', min: 3 }), 3);
  assert.equal(numberDefault({ path: 'x' }), 0);
  assert.equal(numberDefault({ path: 'x', default: 0, suggested: 5 }), 0, 'a default of 0 is a default');
});

test('variantValue: the id, or {kind, parameters at their defaults}, keeping parameters of the same name', () => {
  const act = field(schema, 'activation');
  assert.deepEqual(variantValue(act, 'sigmoid'), { kind: 'sigmoid', steepness: 1 });
  assert.deepEqual(variantValue(act, 'relu', { kind: 'tanh', steepness: 3 }), { kind: 'relu' });
  assert.deepEqual(variantValue(act, 'sigmoid', { kind: 'tanh', steepness: 3 }), { kind: 'sigmoid', steepness: 3 });
  assert.deepEqual(variantValue(act, 'leaky_relu', { kind: 'tanh', steepness: 3 }), { kind: 'leaky_relu', slope: 0.01 });
  assert.deepEqual(variantValue(act, 'sigmoid', { kind: 'tanh', steepness: 'x' }), { kind: 'sigmoid', steepness: 1 }, 'only numbers are kept');
  assert.equal(variantValue(field(schema, 'loss'), 'sse'), 'sse');
  assert.equal(variantValue(field(schema, 'output_activation'), null), null);
});

test('applies: a field with a condition applies only where it holds', () => {
  const classes = field(schema, 'data.classes');
  const spiral = { ...defaults, data: { ...defaults.data, task: 'spiral' } };
  assert.equal(applies(classes, spiral), true);
  assert.equal(applies(classes, defaults), false, 'circle has two classes, fixed');
  assert.equal(applies(field(schema, 'learning_rate'), defaults), true, 'no condition');
});

test('pickChoice: the variant, and the fields it sets; the original is not changed', () => {
  const spiral = pickChoice(schema, defaults, 'data.task', 'spiral');
  assert.equal(spiral.data.task, 'spiral');
  assert.equal(spiral.data.classes, 2);
  const blobs = pickChoice(schema, { ...defaults, data: { ...defaults.data, classes: 6 } }, 'data.task', 'blobs');
  assert.equal(blobs.data.classes, 3);
  const adam = pickChoice(schema, defaults, 'optimizer', 'adam');
  assert.equal(adam.optimizer.kind, 'adam');
  assert.deepEqual(Object.keys(adam.optimizer).sort(), ['beta1', 'beta2', 'epsilon', 'kind']);
  const steep = pickChoice(schema, { ...defaults, activation: { kind: 'tanh', steepness: 4 } }, 'activation', 'sigmoid');
  assert.deepEqual(steep.activation, { kind: 'sigmoid', steepness: 4 });
  assert.equal(defaults.data.task, 'circle');
  assert.deepEqual(defaults.optimizer, { kind: 'sgd' });
});

test('featureLabels and activationLabel: labels from the table, the id when unknown', () => {
  assert.deepEqual(featureLabels(schema, ['x1', 'x1_squared', 'sin_x2', 'mystery']), ['x1', 'x1²', 'sin x2', 'mystery']);
  assert.equal(activationLabel(schema, 'relu'), 'ReLU');
  assert.equal(activationLabel(schema, 'softmax'), 'softmax', 'from the output layer list');
  assert.equal(activationLabel(schema, 'mystery'), 'mystery');
});
