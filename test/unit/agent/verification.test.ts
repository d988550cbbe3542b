// The verification loop through runTask: a broken edit's failure goes back to the model, a fix
// round follows, and a leaked credential stops the task for a human without a fix round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptAll, rejectAll, runWithScript, tempWorkspace } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });
const CHECK = `const { add } = require('./lib');\nconst got = add(2, 3);\nif (got !== 5) { console.error('CHECK FAILED: add(2, 3) expected 5 got ' + got); process.exit(1); }\nconsole.log('check ok');\n`;
const rules = [{ action: 'allow' as const, command: 'node check.js' }];

test('a failing check goes back to the model, the fix round passes: verified after two rounds', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n', 'check.js': CHECK });
  const approver = rejectAll();
  const { result, mock } = await runWithScript(
    [
      { toolCalls: [call('r0', 'read_file', { path: 'lib.js' }), call('e1', 'edit_file', { path: 'lib.js', old_text: 'a + b', new_text: 'a - b' })] },
      { content: 'Refactored add.' },
      { toolCalls: [call('e2', 'edit_file', { path: 'lib.js', old_text: 'a - b', new_text: 'a + b' })] },
      { content: 'Fixed add.' },
    ],
    { ws, level: 3, rules, approver, verification: { commands: ['node check.js'] } },
  );
  assert.equal(result.status, 'completed');
  assert.equal(approver.requests.length, 0, 'the allowed verification command and level-3 edits ask nothing');
  assert.equal(mock.requests.length, 4);
  // The request after the model said "done" carries the failure.
  const feedback = (mock.requests[2].body.messages as { role: string; content: string }[]).at(-1)!;
  assert.equal(feedback.role, 'user');
  assert.match(feedback.content, /Verification failed/);
  assert.match(feedback.content, /CHECK FAILED: add\(2, 3\) expected 5 got -1/);
  assert.equal(result.verification?.verdict, 'verified');
  assert.equal(result.verification?.rounds.length, 2);
  assert.equal(ws.read('lib.js'), 'exports.add = (a, b) => a + b;\n');
  assert.equal(result.summary, 'Fixed add.');
});

test('a diff that adds an AWS-style key is needs_review and the loop stops without a fix round', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n', 'check.js': CHECK });
  const { result, mock } = await runWithScript(
    [
      { toolCalls: [call('e1', 'write_file', { path: 'config.js', content: 'module.exports = { awsKey: "AKIAQ7RZ3MXK2WLPBN4T" };\n' })] },
      { content: 'Added config.' },
      { content: 'should never be asked' },
    ],
    { ws, level: 3, rules, verification: { commands: ['node check.js'] } },
  );
  assert.equal(result.verification?.verdict, 'needs_review');
  assert.equal(result.status, 'failed', 'a task that needs review has not succeeded');
  assert.match(result.error ?? '', /needs review.*secrets/);
  assert.equal(result.verification?.rounds.length, 1);
  assert.equal(mock.requests.length, 2, 'no fix round after a critical finding');
  const secretCheck = result.verification!.rounds[0].checks.find((c) => !c.passed && c.severity === 'critical');
  assert.ok(secretCheck, 'a critical check failed');
  assert.ok(!JSON.stringify(result.verification).includes('AKIAQ7RZ3MXK2WLPBN4T'), 'the report masks the key');
});

test('a verification command the human rejects is not run: the task is not verified but needs review', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n', 'check.js': CHECK });
  const approver = rejectAll('not now');
  const { result, mock } = await runWithScript(
    [{ toolCalls: [call('r0', 'read_file', { path: 'lib.js' }), call('e1', 'edit_file', { path: 'lib.js', old_text: 'a + b', new_text: 'a - b' })] }, { content: 'Refactored add.' }, { content: 'should never be asked' }],
    { ws, level: 3, approver, verification: { commands: ['node check.js'] } },
  );
  // Level 3 asks before a command no rule allows; the verification command goes through the same policy.
  assert.equal(approver.requests.length, 1);
  assert.equal(approver.requests[0].kind, 'command');
  assert.match(approver.requests[0].decision.reason, /^verification check: /);
  assert.equal(result.verification?.verdict, 'needs_review');
  assert.equal(result.status, 'failed');
  assert.equal(mock.requests.length, 2, 'no fix round: the model cannot approve a command');
  const c = result.verification!.rounds[0].checks.find((x) => x.name === 'command: node check.js')!;
  assert.deepEqual([c.passed, c.skipped], [false, true]);
  assert.match(c.summary, /not run: rejected by user: not now/);
});

test('out of fix attempts: failed verification, status failed, every round kept', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n', 'check.js': CHECK });
  const { result, mock } = await runWithScript(
    [
      { toolCalls: [call('r0', 'read_file', { path: 'lib.js' }), call('e1', 'edit_file', { path: 'lib.js', old_text: 'a + b', new_text: 'a - b' })] },
      { content: 'Done.' },
      { content: 'Still done.' },
      { content: 'should never be asked' },
    ],
    { ws, level: 3, rules, approver: acceptAll(), verification: { commands: ['node check.js'], maxFixAttempts: 1 } },
  );
  assert.equal(result.verification?.verdict, 'failed_verification');
  assert.equal(result.verification?.rounds.length, 2);
  assert.equal(mock.requests.length, 3);
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', /failed verification/);
});

test('batch verification: a check that did not run does not stop the task half-way', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n', 'check.js': CHECK });
  const { result, mock } = await runWithScript(
    [
      { toolCalls: [call('e1', 'write_file', { path: 'one.js', content: 'exports.one = 1;\n' })] },
      { toolCalls: [call('e2', 'write_file', { path: 'two.js', content: 'exports.two = 2;\n' })] },
      { content: 'Added both.' },
    ],
    { ws, level: 3, approver: rejectAll(), verification: { commands: ['node check.js'], when: 'afterEachBatch' } },
  );
  assert.equal(mock.requests.length, 3, 'the model got to finish');
  assert.equal(ws.read('two.js'), 'exports.two = 2;\n');
  assert.equal(result.verification?.verdict, 'needs_review');
});

test('a rejected edit and a final "done": needs review at once, no extra model call for a fix round', async () => {
  const ws = tempWorkspace({ 'lib.js': 'exports.add = (a, b) => a + b;\n' });
  const { result, mock } = await runWithScript(
    [{ toolCalls: [call('r0', 'read_file', { path: 'lib.js' }), call('e1', 'edit_file', { path: 'lib.js', old_text: 'a + b', new_text: 'b + a' })] }, { content: 'Done.' }, { content: 'should never be asked' }],
    { ws, level: 2, approver: rejectAll('keep it'), verification: { commands: [] } },
  );
  assert.equal(mock.requests.length, 2, 'the model is not asked to fix what only the user can decide');
  assert.equal(result.verification?.verdict, 'needs_review');
  const claim = result.verification?.rounds[0].checks.find((c) => c.name === 'rejected-edits');
  assert.equal(claim?.passed, false);
  assert.match(claim?.summary ?? '', /claims the work is done, but edits to 1 file\(s\) were rejected: lib\.js/);
  assert.equal(ws.read('lib.js'), 'exports.add = (a, b) => a + b;\n');
});
