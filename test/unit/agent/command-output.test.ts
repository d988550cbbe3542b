// run_command's output as the model gets it: start and end with the middle elided, a note that the
// full output is kept, failing tests still first; the full output saved with the task for the panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskEvent } from '../../../src/core/events/schema';
import { outputFile } from '../../../src/core/state/outputs';
import { acceptAll, runWithScript, tempWorkspace, toolMessage } from './helpers';

const run = (id: string, command: string) => ({ toolCalls: [{ id, name: 'run_command', arguments: { command } }] });
const never = { commands: [], when: 'never' as const };

test('a noisy command reaches the model as start and end, and its full output is saved with the task', async () => {
  const ws = tempWorkspace({});
  const events: TaskEvent[] = [];
  const taskId = 'task-noisy-output';
  const { mock } = await runWithScript([run('c1', 'seq 1 100000'), { content: 'done' }], { ws, taskId, level: 4, approver: acceptAll(), verification: never, onEvent: (e) => events.push(e) });
  const seen = toolMessage(mock, 'c1') ?? '';
  assert.ok(seen.length < 16_000 + 500, `the model got ${seen.length} characters`);
  assert.match(seen, /^\$ seq 1 100000\n\[exit code 0; not sandboxed/);
  assert.match(seen, /\n1\n2\n3\n/, 'the start');
  assert.match(seen, /\n99999\n100000\n/, 'the end');
  assert.match(seen, /\[… \d+ lines \(\d+ chars\) elided …\]/);
  assert.match(seen, /\[Output cut to 16000 of 588895 characters; the full output is saved with the task for the user\. Rerun with grep, head or tail to see a part\.\]$/);
  const saved = fs.readFileSync(path.join(ws.root, '.harness', outputFile(taskId, 'c1')), 'utf8');
  assert.equal(saved.split('\n').filter(Boolean).length, 100_000, 'the saved output is whole');
  const finished = events.find((e): e is Extract<TaskEvent, { type: 'command-finished' }> => e.type === 'command-finished');
  assert.equal(finished?.savedBytes, Buffer.byteLength(saved));
});

test('a failing test command still shows its failures first, within the cap', async () => {
  const fixture = fs.readFileSync(path.join(__dirname, '../verify/fixtures/runners/node-tap.txt'), 'utf8');
  const ws = tempWorkspace({ 'tap.txt': fixture + 'noise line\n'.repeat(5000) });
  const { mock } = await runWithScript([run('t1', 'cat tap.txt; exit 1'), { content: 'done' }], { ws, level: 4, approver: acceptAll(), verification: never });
  const seen = toolMessage(mock, 't1') ?? '';
  assert.match(seen, /^\$ cat tap\.txt; exit 1\n\[exit code 1; not sandboxed[^\n]*\]\n3 failing tests \(node-test\):\n1\) cart > slug\(\) > trims surrounding spaces/);
  assert.ok(seen.length < 16_000 + 500);
});

test('a short output reaches the model as it is, without a note', async () => {
  const ws = tempWorkspace({});
  const { mock } = await runWithScript([run('s1', 'echo hello'), { content: 'done' }], { ws, level: 4, approver: acceptAll(), verification: never });
  assert.match(toolMessage(mock, 's1') ?? '', /\]\nhello\n$/);
});
