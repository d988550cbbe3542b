import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal, readJournal, replay, journalPath } from '../../../src/core/state/journal';
import { listTasks, unfinishedTasks, loadTask, newTaskId } from '../../../src/core/state/tasks';
import type { Proposal } from '../../../src/core/types';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'harness-journal-'));
}

const proposal = (toolCallId: string): Proposal => ({
  id: `p-${toolCallId}`,
  taskId: 't1',
  toolCallId,
  path: 'a.txt',
  kind: 'modify',
  before: 'x',
  after: 'y',
  beforeHash: 'h',
  diff: '',
  hunks: [],
});

async function writeSample(dir: string, id: string) {
  const j = await TaskJournal.open(fsStateStore(dir), id);
  await j.append({ type: 'start', task: 'fix the bug', startedAt: 1000, root: '/w', budgets: { maxSteps: 10 }, model: 'm' });
  await j.append({ type: 'message', message: { role: 'system', content: 'sys' } });
  await j.append({ type: 'message', message: { role: 'user', content: 'fix the bug ✓ "quoted"\nnewline' } });
  await j.append({
    type: 'message',
    message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'edit_file', arguments: '{"path":"a.txt"}' } }] },
  });
  await j.append({ type: 'tool-start', toolCallId: 'c1', tool: 'edit_file', args: { path: 'a.txt' } });
  await j.append({ type: 'proposal', proposal: proposal('c1') });
  await j.append({ type: 'approval', toolCallId: 'c1', result: { approved: true, by: 'user' } });
  await j.append({ type: 'edit', path: 'a.txt', status: 'applied', checkpointId: 'cabc', afterHash: 'h2' });
  await j.append({ type: 'tool-end', toolCallId: 'c1', result: 'ok', ok: true });
  await j.append({ type: 'message', message: { role: 'tool', tool_call_id: 'c1', content: 'ok' } });
  await j.append({ type: 'step', step: 1, usage: { promptTokens: 10, completionTokens: 5 } });
  await j.append({ type: 'tool-start', toolCallId: 'c2', tool: 'write_file', args: { path: 'b.txt' }, intent: { path: 'b.txt', beforeHash: 'absent', afterHash: 'h3' } });
  await j.append({ type: 'proposal', proposal: proposal('c2') });
  return j;
}

test('journal round trip: replay rebuilds conversation, step, pending calls and proposals', async () => {
  const dir = tmp();
  const written = await writeSample(dir, 't1');
  const read = await readJournal(fsStateStore(dir), 't1');
  assert.ok(read);
  assert.deepEqual(read.warnings, []);
  assert.deepEqual(read.records, written.records);
  const snap = replay('t1', read.records);
  assert.equal(snap.task, 'fix the bug');
  assert.equal(snap.status, 'running');
  assert.equal(snap.ended, false);
  assert.equal(snap.step, 1);
  assert.deepEqual(snap.usage, { promptTokens: 10, completionTokens: 5 });
  assert.deepEqual(snap.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
  assert.equal(snap.messages[1].content, 'fix the bug ✓ "quoted"\nnewline');
  assert.deepEqual(snap.pendingToolCalls.map((c) => c.toolCallId), ['c2']);
  assert.equal(snap.pendingToolCalls[0].intent?.afterHash, 'h3');
  assert.deepEqual(snap.pendingProposals.map((p) => p.toolCallId), ['c2']);
  assert.deepEqual(snap.edits, [{ path: 'a.txt', status: 'applied', checkpointId: 'cabc' }]);

  // Each line is JSON on its own.
  const lines = readFileSync(join(dir, journalPath('t1')), 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 13);
  for (const l of lines) assert.equal(typeof JSON.parse(l).rec.type, 'string');
});

test('a tail cut mid-line is dropped, and the next append lands after the last good record', async () => {
  const dir = tmp();
  await writeSample(dir, 't1');
  const file = join(dir, journalPath('t1'));
  const full = readFileSync(file);
  truncateSync(file, full.length - 7); // killed in the middle of writing the last line

  const j = await TaskJournal.open(fsStateStore(dir), 't1');
  assert.equal(j.records.length, 12);
  assert.match(j.warnings[0], /incomplete last line/);
  assert.deepEqual(j.snapshot().pendingProposals, []); // the torn proposal is gone
  await j.append({ type: 'end', status: 'completed', summary: 'done' });

  const again = await readJournal(fsStateStore(dir), 't1');
  assert.ok(again);
  assert.deepEqual(again.warnings, []);
  assert.equal(again.records.length, 13);
  assert.equal(again.records[12].type, 'end');
  assert.equal(replay('t1', again.records).status, 'completed');
  // The dropped bytes were kept for inspection, not silently lost.
  assert.ok(readdirSync(join(dir, 'tasks', 't1')).some((n) => n.startsWith('dropped-')));
});

test('garbage bytes after the last line are dropped and never break later appends', async () => {
  const dir = tmp();
  await writeSample(dir, 't1');
  const file = join(dir, journalPath('t1'));
  appendFileSync(file, Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x0a, 0x41, 0x42, 0xc3]));

  const j = await TaskJournal.open(fsStateStore(dir), 't1');
  assert.equal(j.records.length, 13);
  assert.ok(j.warnings.length > 0);
  await j.append({ type: 'status', status: 'cancelled' });
  const again = await readJournal(fsStateStore(dir), 't1');
  assert.ok(again);
  assert.deepEqual(again.warnings, []);
  assert.equal(again.records.length, 14);
  assert.equal(replay('t1', again.records).status, 'cancelled');
});

test('a damaged line in the middle stops replay there with a warning', async () => {
  const dir = tmp();
  await writeSample(dir, 't1');
  const file = join(dir, journalPath('t1'));
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[3] = lines[3].replace('edit_file', 'edit_filX'); // checksum no longer matches
  writeFileSync(file, lines.join('\n'));
  const read = await readJournal(fsStateStore(dir), 't1');
  assert.ok(read);
  assert.equal(read.records.length, 3);
  assert.match(read.warnings[0], /line 4 is damaged/);
  assert.equal(read.damaged, true);
});

test('tasks are listed newest first; a journal without an end is interrupted and resumable', async () => {
  const dir = tmp();
  const store = fsStateStore(dir);
  const a = await TaskJournal.open(store, 'ta');
  await a.append({ type: 'start', task: 'old task', startedAt: 1000, root: '/w', budgets: { maxSteps: 5 } });
  await a.append({ type: 'step', step: 3, usage: { promptTokens: 1, completionTokens: 1 } });
  await a.append({ type: 'end', status: 'completed', summary: 'ok' });
  const b = await TaskJournal.open(store, 'tb');
  await b.append({ type: 'start', task: 'new task', startedAt: 2000, root: '/w', budgets: { maxSteps: 5 } });
  await b.append({ type: 'edit', path: 'x.ts', status: 'applied', checkpointId: 'c1' });
  const c = await TaskJournal.open(store, 'tc');
  await c.append({ type: 'start', task: 'live task', startedAt: 1500, root: '/w', budgets: { maxSteps: 5 } });

  const list = await listTasks(store, { running: ['tc'] });
  assert.deepEqual(list.map((t) => [t.id, t.status, t.steps]), [['tb', 'interrupted', 0], ['tc', 'running', 0], ['ta', 'completed', 3]]);
  assert.equal(list[0].edits.length, 1);
  assert.deepEqual((await unfinishedTasks(store, { running: ['tc'] })).map((t) => t.id), ['tb']);
  assert.equal((await loadTask(store, 'tb'))?.task, 'new task');
  assert.equal(await loadTask(store, 'nope'), null);
});

test('task ids sort by creation time and refuse path tricks', () => {
  const a = newTaskId(1_000);
  const b = newTaskId(2_000_000_000_000);
  assert.ok(a < b);
  assert.throws(() => journalPath('../escape'), /invalid task id/);
  assert.throws(() => journalPath('a/b'), /invalid task id/);
});

test('replay: a revert marks the edit it undid (by checkpoint, else the file\'s latest) instead of adding an edit', () => {
  const at = 1;
  const snap = replay('t1', [
    { type: 'edit', path: 'a.ts', status: 'applied', checkpointId: 'c1', at },
    { type: 'edit', path: 'a.ts', status: 'applied', checkpointId: 'c2', at },
    { type: 'edit', path: 'b.ts', status: 'applied', checkpointId: 'c3', at },
    { type: 'edit', path: 'b.ts', status: 'applied', checkpointId: 'c4', at },
    { type: 'edit', path: 'a.ts', status: 'reverted', checkpointId: 'c1', at }, // a task-level revert names each edit
    { type: 'edit', path: 'b.ts', status: 'reverted', at }, // an editor Undo: the file's latest edit
  ]);
  assert.deepEqual(snap.edits.map((e) => [e.path, e.checkpointId, e.status]), [
    ['a.ts', 'c1', 'reverted'],
    ['a.ts', 'c2', 'applied'],
    ['b.ts', 'c3', 'applied'],
    ['b.ts', 'c4', 'reverted'],
  ]);
});
