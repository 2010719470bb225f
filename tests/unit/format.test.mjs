// www/lib/format.js: numbers as the page writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatValue,
  formatLoss,
  formatEpoch,
  thousands,
  formatWeight,
  formatRate,
  formatTick,
} from '../../www/lib/format.js';

const MINUS = '\u2212';

test('formatValue: 3 significant digits, exponent form with a real minus when very large or small', () => {
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(0.5), '0.5');
  assert.equal(formatValue(0.012345), '0.0123');
  assert.equal(formatValue(1234.5), '1230');
  assert.equal(formatValue(9999), '10000');
  assert.equal(formatValue(-2.71828), '-2.72');
  assert.equal(formatValue(0.30000000000000004), '0.3', 'float noise of a tick does not show');
  assert.equal(formatValue(12345), '1.2e+4');
  assert.equal(formatValue(0.0001234), `1.2e${MINUS}4`);
  assert.equal(formatValue(0.001), '0.001');
});

test('formatValue and formatLoss: NaN and infinities', () => {
  for (const f of [formatValue, formatLoss]) {
    assert.equal(f(NaN), 'NaN');
    assert.equal(f(Infinity), '∞');
    assert.equal(f(-Infinity), `${MINUS}∞`);
  }
});

test('formatLoss: fixed decimals, exponent form when very large or small', () => {
  assert.equal(formatLoss(0.5), '0.500');
  assert.equal(formatLoss(0), '0.000');
  assert.equal(formatLoss(0.123456, 5), '0.12346');
  assert.equal(formatLoss(1.5, 1), '1.5');
  assert.equal(formatLoss(12345), '1.23e+4');
  assert.equal(formatLoss(0.00012345), '1.23e-4');
  assert.equal(formatLoss(9999.5), '9999.500');
});

test('formatLoss: the readout reads back as the loss (3 significant digits or 3 decimals)', () => {
  for (const v of [0.001, 0.0009, 0.693147, 1.23e-7, 2.5e6, 42, 9999.9994]) {
    const back = Number(formatLoss(v));
    assert.ok(Number.isFinite(back), `${v} -> ${formatLoss(v)}`);
    assert.ok(Math.abs(back - v) <= Math.max(Math.abs(v) * 5e-3, 5e-4), `${v} -> ${formatLoss(v)}`);
  }
});

test('formatEpoch: at least six digits, zero-padded, with thousands commas', () => {
  assert.equal(formatEpoch(0), '000,000');
  assert.equal(formatEpoch(42), '000,042');
  assert.equal(formatEpoch(123456), '123,456');
  assert.equal(formatEpoch(1234567), '1,234,567');
  assert.equal(formatEpoch(10000000), '10,000,000');
});

test('thousands: commas as en-US writes them', () => {
  assert.equal(thousands(0), '0');
  assert.equal(thousands(999), '999');
  assert.equal(thousands(1234), '1,234');
  assert.equal(thousands(1234567), '1,234,567');
});

test('formatWeight: 4 decimals, exponent form when very large or small', () => {
  assert.equal(formatWeight(0.5), '0.5000');
  assert.equal(formatWeight(-1.23456), '-1.2346');
  assert.equal(formatWeight(0), '0.0000');
  assert.equal(formatWeight(12345), '1.235e+4');
  assert.equal(formatWeight(-0.00012), '-1.200e-4');
  assert.equal(formatWeight(NaN), 'NaN');
  assert.equal(formatWeight(Infinity), 'Infinity');
  assert.equal(formatWeight(-Infinity), '-Infinity');
});

test('formatRate: exponent form with a real minus below 0.001', () => {
  assert.equal(formatRate(0.03), '0.03');
  assert.equal(formatRate(1), '1');
  assert.equal(formatRate(0.001), '0.001');
  assert.equal(formatRate(0.0001), `1e${MINUS}4`);
  assert.equal(formatRate(0.0003), `3e${MINUS}4`);
  assert.equal(formatRate(0.00001), `1e${MINUS}5`);
});

test('formatTick: a real minus sign', () => {
  assert.equal(formatTick(2), '2');
  assert.equal(formatTick(0), '0');
  assert.equal(formatTick(-2), `${MINUS}2`);
  assert.equal(formatTick(-0.333333), `${MINUS}0.333333`);
});
