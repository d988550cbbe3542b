// How a task ends: the agent's "done" only counts as completed when verification bears it out, and
// the task's own state stays out of the model's reach wherever it lives in the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { policy, rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });

test('verification still failing after the fix rounds: status failed, with the failing check in the error', async () => {
  const ws = tempWorkspace({ 'check.js': 'process.exit(1)\n', 'a.txt': 'one\n' });
  const { result } = await runWithScript(
    [{ toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] }, { content: 'Done.' }, { content: 'Done.' }],
    { ws, level: 3, rules: [{ action: 'allow', command: 'node check.js' }], verification: { commands: ['node check.js'], maxFixAttempts: 1 } },
  );
  assert.equal(result.verification?.verdict, 'failed_verification');
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', /failed verification after 2 rounds: command: node check\.js/);
});

test('a critical verification finding (a key added) ends the task as failed, needing review', async () => {
  const ws = tempWorkspace();
  const { result } = await runWithScript(
    [{ toolCalls: [call('w1', 'write_file', { path: 'config.js', content: 'module.exports = { awsKey: "AKIAQ7RZ3MXK2WLPBN4T" };\n' })] }, { content: 'Added config.' }],
    { ws, level: 3, verification: { commands: [] } },
  );
  assert.equal(result.verification?.verdict, 'needs_review');
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', /needs review/);
});

test('verified or not run: the task is completed', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const write = { toolCalls: [call('r1', 'read_file', { path: 'a.txt' }), call('w1', 'write_file', { path: 'a.txt', content: 'two\n' })] };
  const verified = await runWithScript([write, { content: 'Done.' }], { ws, level: 3, verification: { commands: [] } });
  assert.deepEqual([verified.result.verification?.verdict, verified.result.status], ['verified', 'completed']);
  const never = await runWithScript([{ content: 'Nothing to do.' }], { ws, level: 3, verification: { commands: [], when: 'never' } });
  assert.equal(never.result.status, 'completed');
});

test('a state folder inside the workspace (--state-dir) is protected like .harness, even with a custom protected list', async () => {
  const ws = tempWorkspace({ 'a.txt': 'one\n' });
  const stateDir = path.join(ws.root, 'var', 'state');
  const approver = rejectAll('not the state');
  const { result, mock } = await runWithScript(
    [
      {
        toolCalls: [
          call('w1', 'write_file', { path: 'var/state/tasks/forged.json', content: '{}' }),
          call('w2', 'write_file', { path: 'VAR/State/audit/x.jsonl', content: 'forged\n' }),
          call('w3', 'write_file', { path: 'var/other.txt', content: 'fine\n' }),
        ],
      },
      { content: 'done' },
    ],
    { ws, level: 4, approver, policy: { ...policy(4), protectedPaths: ['secrets/**'] }, state: fsStateStore(stateDir), verification: { commands: [], when: 'never' } },
  );
  assert.equal(approver.requests.length, 2, 'both writes into the state folder asked a human');
  assert.deepEqual(result.toolCalls.map((c) => [c.risk, c.ok]), [['critical', false], ['critical', false], ['medium', true]]);
  assert.equal(fs.existsSync(path.join(stateDir, 'tasks', 'forged.json')), false);
  assert.match(toolMessage(mock, 'w1') ?? '', /rejected/);
  assert.equal(ws.read('var/other.txt'), 'fine\n');
});
