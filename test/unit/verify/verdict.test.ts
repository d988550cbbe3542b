import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictFor } from '../../../src/core/verify/verdict';
import { feedbackForModel } from '../../../src/core/verify/model-feedback';
import type { CheckResult } from '../../../src/core/shared/types';

const pass = (name: string): CheckResult => ({ name, status: 'passed', passed: true, severity: 'high', summary: 'ok' });
const fail = (name: string, severity: CheckResult['severity'] = 'high', details?: string): CheckResult => ({
  name,
  status: 'failed',
  passed: false,
  severity,
  summary: `${name} failed`,
  details,
});

test('all checks passed → verified, stop', () => {
  const d = verdictFor([{ checks: [pass('a'), pass('b')] }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['verified', 'stop', false]);
});

test('a skipped check is neither a failure nor a pass: it verifies nothing on its own', () => {
  const skipped: CheckResult = { name: 'diagnostics', status: 'skipped', passed: false, skipped: true, severity: 'low', summary: 'not run: only in the editor' };
  const d = verdictFor([{ checks: [pass('a'), skipped] }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['verified', 'stop', false]);
  assert.match(d.reason, /skipped: diagnostics/);
  // Nothing that ran: nothing verified, and nothing for the model to fix.
  const alone = verdictFor([{ checks: [skipped] }], { maxFixAttempts: 2 });
  assert.deepEqual([alone.verdict, alone.action], ['not_run', 'stop']);
  // Beside a failure it changes nothing: the failure still gets its fix round.
  assert.equal(verdictFor([{ checks: [fail('tests'), skipped] }], { maxFixAttempts: 2 }).action, 'fix');
});

test('a critical failure stops at once with needs_review even with attempts left', () => {
  const d = verdictFor([{ checks: [fail('secrets', 'critical'), fail('tests')] }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['needs_review', 'stop', true]);
});

test('failures with attempts left → fix round', () => {
  const d = verdictFor([{ checks: [fail('tests')] }], { maxFixAttempts: 2 });
  assert.equal(d.action, 'fix');
  const d2 = verdictFor([{ checks: [fail('tests')] }, { checks: [fail('tests')] }], { maxFixAttempts: 2 });
  assert.equal(d2.action, 'fix');
});

test('attempts exhausted → failed_verification and a human is asked', () => {
  const rounds = [{ checks: [fail('tests')] }, { checks: [fail('tests')] }, { checks: [fail('tests')] }];
  const d = verdictFor(rounds, { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['failed_verification', 'stop', true]);
  assert.equal(verdictFor([{ checks: [fail('tests')] }], { maxFixAttempts: 0 }).action, 'stop');
});

test('a fix round that passes → verified', () => {
  assert.equal(verdictFor([{ checks: [fail('tests')] }, { checks: [pass('tests')] }], { maxFixAttempts: 2 }).verdict, 'verified');
});

test('no rounds → not_run', () => {
  assert.equal(verdictFor([], { maxFixAttempts: 2 }).verdict, 'not_run');
});

test('with batch verification, fix attempts count from the last passing round', () => {
  // fail, pass, fail, fail: the second failure streak has used one fix attempt, one is left.
  const rounds = [{ checks: [fail('tests')] }, { checks: [pass('tests')] }, { checks: [fail('lint')] }, { checks: [fail('lint')] }];
  const d = verdictFor(rounds, { maxFixAttempts: 2 });
  assert.equal(d.action, 'fix');
  assert.match(d.reason, /fix attempt 2 of 2/);
  assert.equal(verdictFor([...rounds, { checks: [fail('lint')] }], { maxFixAttempts: 2 }).action, 'stop');
});

test('only a critical failure halts the task; a check that did not run asks for review without halting', () => {
  assert.equal(verdictFor([{ checks: [fail('secrets', 'critical')] }], { maxFixAttempts: 2 }).critical, true);
  const notRun: CheckResult = { name: 'command: npm test', status: 'not_run', passed: false, skipped: true, severity: 'high', summary: 'not run: rejected' };
  const d = verdictFor([{ checks: [pass('secrets'), notRun] }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.critical], ['needs_review', 'stop', false]);
  // A real failure next to it still gets a fix round first.
  assert.equal(verdictFor([{ checks: [fail('placeholders', 'medium'), notRun] }], { maxFixAttempts: 2 }).action, 'fix');
  assert.doesNotMatch(feedbackForModel([fail('placeholders', 'medium'), notRun]), /npm test/, 'the model is not asked to fix an approval');
});

test('a failure only a human can settle stops with needs_review and spends no fix round', () => {
  const claim: CheckResult = { ...fail('rejected-edits'), forHuman: true };
  const d = verdictFor([{ checks: [pass('tests'), claim] }], { maxFixAttempts: 2 });
  assert.deepEqual([d.verdict, d.action, d.needsHuman], ['needs_review', 'stop', true]);
  assert.match(d.reason, /for a human to review: rejected-edits failed/);
  // With a fixable failure beside it the model still gets its fix round.
  assert.equal(verdictFor([{ checks: [fail('tests'), claim] }], { maxFixAttempts: 2 }).action, 'fix');
});
