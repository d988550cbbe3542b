// Two tasks in one process sharing a FileLockManager, editing neighbouring lines of one file in turn:
// the task that hits the lock is told so as its tool result, and no update is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTask } from '../../../src/core/agent/loop';
import { FileLockManager } from '../../../src/core/state/locks';
import { startMockLlm } from '../../support/mock-llm-server';
import type { TaskEvent } from '../../../src/core/events/schema';
import { API_KEY, mockClient, policy, recordingApprover, tempWorkspace } from './helpers';

const lastTool = (body: any): string | undefined => {
  const m = [...(body.messages as { role: string; content: string }[])].reverse().find((x) => x.role === 'tool');
  return m?.content;
};

test('neighbouring edits by two tasks on one file: a clear lock refusal, then both edits present', { timeout: 20_000 }, async () => {
  const ws = tempWorkspace({ 'shared.txt': 'alpha\nbeta\ngamma\ndelta\n' });
  const locks = new FileLockManager();

  let refusedB!: () => void;
  const bWasRefused = new Promise<void>((r) => (refusedB = r));
  // Task A holds the file while its approval is pending, until task B has bumped into the lock.
  const approverA = recordingApprover(async () => {
    await bWasRefused;
    return { approved: true, by: 'user' };
  });
  const approverB = recordingApprover(() => ({ approved: true, by: 'user' }));

  const readShared = (id: string) => ({ toolCalls: [{ id, name: 'read_file', arguments: { path: 'shared.txt' } }] });
  const mockA = await startMockLlm([readShared('a0'), { toolCalls: [{ id: 'a1', name: 'edit_file', arguments: { path: 'shared.txt', old_text: 'beta\n', new_text: 'BETA by A\n' } }] }, { content: 'A done' }]);
  const editB = { toolCalls: [{ id: `b${Math.random()}`, name: 'edit_file', arguments: { path: 'shared.txt', old_text: 'gamma\n', new_text: 'GAMMA by B\n' } }], delayMs: 5 };
  // B retries while its last result says the file is locked; then it is done.
  const mockB = await startMockLlm(({ body, index }) => {
    if (index === 0) return readShared('b0');
    if (index === 1) return editB;
    return /being edited by task/.test(lastTool(body) ?? '') ? { ...editB, delayMs: 20 } : { content: 'B done' };
  });
  const eventsB: TaskEvent[] = [];
  try {
    const common = { root: ws.root, policy: policy(2), budgets: { maxSteps: 20 }, locks, secretValues: [API_KEY] };
    const a = runTask({ ...common, task: 'A', taskId: 'task-a', model: mockClient(mockA.url), approver: approverA });
    // Start B once A is waiting for its approval (and so holds the lock).
    while (approverA.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const b = runTask({
      ...common,
      task: 'B',
      taskId: 'task-b',
      model: mockClient(mockB.url),
      approver: approverB,
      onEvent: (e) => {
        eventsB.push(e);
        if (e.type === 'tool-call-ended' && /being edited by task task-a/.test(e.result)) refusedB();
      },
    });
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.status, 'completed');
    assert.equal(rb.status, 'completed');
    const refusal = eventsB.find((e) => e.type === 'tool-call-ended' && e.outcome !== 'ok');
    assert.ok(refusal && refusal.type === 'tool-call-ended');
    assert.match(refusal.result, /shared\.txt is being edited by task task-a; wait for it or edit another file/);
    assert.equal(ws.read('shared.txt'), 'alpha\nBETA by A\nGAMMA by B\ndelta\n', 'both edits are present: no lost update');
    assert.deepEqual(rb.edits.map((e) => e.status), ['applied']);
    assert.equal(locks.holder('shared.txt'), undefined, 'no lock is left behind');
  } finally {
    await mockA.close();
    await mockB.close();
  }
});

test('two level-3 tasks editing neighbouring lines concurrently keep every edit', { timeout: 20_000 }, async () => {
  const lines = Array.from({ length: 10 }, (_, i) => `row ${i}`);
  const ws = tempWorkspace({ 'rows.txt': lines.join('\n') + '\n' });
  const locks = new FileLockManager();
  // Each task reads the file, then edits its own rows, one per turn; a locked call is retried on the
  // next turn. The other task's edits land on other lines, so they never make a row's edit stale.
  const scriptFor = (rows: number[], tag: string) => ({ body, index }: { body: any; index: number }) => {
    if (index === 0) return { toolCalls: [{ id: `${tag}-read`, name: 'read_file', arguments: { path: 'rows.txt' } }] };
    const applied = (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool' && m.content.startsWith('Applied')).length;
    if (applied >= rows.length) return { content: `${tag} done` };
    const r = rows[applied];
    return { toolCalls: [{ id: `${tag}${Math.random()}`, name: 'edit_file', arguments: { path: 'rows.txt', old_text: `row ${r}\n`, new_text: `row ${r} ${tag}\n` } }], delayMs: 2 };
  };
  const m1 = await startMockLlm(scriptFor([0, 2, 4, 6, 8], 'X'));
  const m2 = await startMockLlm(scriptFor([1, 3, 5, 7, 9], 'Y'));
  try {
    const common = { root: ws.root, policy: policy(3), budgets: { maxSteps: 40 }, locks, approver: recordingApprover(() => ({ approved: true, by: 'user' })) };
    const [r1, r2] = await Promise.all([
      runTask({ ...common, task: 'X', taskId: 'task-x', model: mockClient(m1.url) }),
      runTask({ ...common, task: 'Y', taskId: 'task-y', model: mockClient(m2.url) }),
    ]);
    assert.equal(r1.status, 'completed');
    assert.equal(r2.status, 'completed');
    const expected = lines.map((l, i) => `${l} ${i % 2 === 0 ? 'X' : 'Y'}`).join('\n') + '\n';
    assert.equal(ws.read('rows.txt'), expected);
  } finally {
    await m1.close();
    await m2.close();
  }
});
