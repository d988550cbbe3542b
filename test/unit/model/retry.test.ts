// Reading the server's wait hints and the backoff between attempts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, retryAfterMs, sleepUnlessAborted } from '../../../src/core/model/retry';
import { ModelError } from '../../../src/core/model/types';

test('retry-after-ms wins over retry-after; seconds and HTTP dates are both read', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' }), now), 2000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now), 500);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), now), 0, 'a past date means now');
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
  assert.equal(retryAfterMs(new Headers(), now), undefined);
  assert.equal(retryAfterMs(undefined, now), undefined);
});

test('backoff doubles, is capped, and jitters between half and all of the step', () => {
  assert.equal(backoffMs(0, 500, 30_000, () => 1), 500);
  assert.equal(backoffMs(3, 500, 30_000, () => 1), 4000);
  assert.equal(backoffMs(3, 500, 30_000, () => 0), 2000);
  assert.equal(backoffMs(20, 500, 30_000, () => 1), 30_000);
  const seen = new Set(Array.from({ length: 50 }, () => backoffMs(2, 500, 30_000)));
  assert.ok(seen.size > 1, 'jitter should vary the wait');
  for (const wait of seen) assert.ok(wait >= 1000 && wait <= 2000);
});

test('sleepUnlessAborted ends early with "cancelled" on abort', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(sleepUnlessAborted(10_000, controller.signal), (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
  assert.ok(Date.now() - started < 1000);
  await sleepUnlessAborted(5); // resolves without a signal
});
