// How a task ends and what it keeps: the task's own state stays out of the model's reach wherever it
// lives in the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { policy, rejectAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const call = (id: string, name: string, args: object) => ({ id, name, arguments: args });

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
