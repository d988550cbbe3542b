// Checkpoint retention at the end of a task: the oldest checkpoints beyond the limit go, and the
// audit log says which, how much was freed and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointStore } from '../../../src/core/state/checkpoints';
import { fsStateStore } from '../../../src/core/state/store';
import { acceptAll, runWithScript, tempWorkspace } from './helpers';

const write = (id: string, p: string, content: string) => ({ toolCalls: [{ id, name: 'write_file', arguments: { path: p, content } }] });
const read = (id: string, p: string) => ({ toolCalls: [{ id, name: 'read_file', arguments: { path: p } }] });

test('a task beyond the retention limit prunes its oldest checkpoints and records what it pruned', async () => {
  const ws = tempWorkspace({ 'a.txt': 'v0\n' });
  const { result } = await runWithScript([read('r1', 'a.txt'), write('c1', 'a.txt', 'v1\n'), write('c2', 'a.txt', 'v2\n'), write('c3', 'a.txt', 'v3\n'), { content: 'done' }], {
    ws,
    level: 3,
    approver: acceptAll(),
    retention: { maxCount: 1 },
  });
  assert.equal(result.status, 'completed');
  const made = result.edits.map((e) => e.checkpointId!);
  assert.equal(made.length, 3);
  const left = await new CheckpointStore(fsStateStore(path.join(ws.root, '.harness')), ws.root).list();
  assert.deepEqual(left.map((m) => m.id), [made[2]], 'only the newest checkpoint is kept');

  const audit = fs.readFileSync(result.auditLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  const pruned = audit.find((e) => e.kind === 'checkpoints-pruned');
  assert.ok(pruned, 'the audit log records the pruning');
  assert.deepEqual([...pruned.removed].sort(), [made[0], made[1]].sort());
  assert.equal(pruned.freedBytes, 'v0\n'.length + 'v1\n'.length);
  assert.match(pruned.reason, /keep at most 1 checkpoints/);
});

test('an after-log that cannot be written (a folder planted in its place) does not turn a landed edit into a failure', async () => {
  const ws = tempWorkspace({ 'a.txt': 'v0\n' });
  fs.mkdirSync(path.join(ws.root, '.harness', 'checkpoints', 'after.log'), { recursive: true });
  const { result } = await runWithScript([read('r1', 'a.txt'), write('c1', 'a.txt', 'v1\n'), { content: 'done' }], { ws, level: 3, approver: acceptAll() });
  assert.equal(ws.read('a.txt'), 'v1\n');
  assert.deepEqual(result.edits.map((e) => e.status), ['applied']);
  assert.ok(result.toolCalls.find((c) => c.tool === 'write_file')?.ok, 'the tool call that applied the edit is reported as it happened');
  const audit = fs.readFileSync(result.auditLog, 'utf8');
  assert.match(audit, /could not record the written content for checkpoint/);
});
