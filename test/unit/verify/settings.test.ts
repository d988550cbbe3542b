import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVerificationSettings } from '../../../src/core/verify/settings';

test('defaults: after the task, 2 fix attempts', () => {
  assert.deepEqual(resolveVerificationSettings({ user: {}, workspace: {} }), { when: 'afterTask', maxFixAttempts: 2, warnings: [] });
});

test('a workspace may verify more often and with fewer fix rounds', () => {
  const r = resolveVerificationSettings({ user: {}, workspace: { when: 'afterEachBatch', maxFixAttempts: 0 } });
  assert.deepEqual([r.when, r.maxFixAttempts, r.warnings], ['afterEachBatch', 0, []]);
});

test('a workspace cannot turn verification off or raise the fix rounds: ignored, with a line saying so', () => {
  const r = resolveVerificationSettings({ user: {}, workspace: { when: 'never', maxFixAttempts: 10 } });
  assert.equal(r.when, 'afterTask');
  assert.equal(r.maxFixAttempts, 2);
  assert.equal(r.warnings.length, 2);
  assert.match(r.warnings[0], /verification\.when "never".*set it in your own settings/);
  assert.match(r.warnings[1], /maxFixAttempts 10.*not raise it/);
});

test("the user's own settings may turn it off; a bad workspace value is named and ignored", () => {
  assert.equal(resolveVerificationSettings({ user: { when: 'never' }, workspace: {} }).when, 'never');
  const r = resolveVerificationSettings({ user: { maxFixAttempts: 5 }, workspace: { when: 'sometimes' } });
  assert.deepEqual([r.when, r.maxFixAttempts], ['afterTask', 5]);
  assert.match(r.warnings[0], /"sometimes".*afterTask, afterEachBatch or never/);
});
