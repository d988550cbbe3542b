import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal, readJournal, replay, journalPath } from '../../../src/core/state/journal';
import { encodeRecord } from '../../../src/core/state/journal-records';
import { mkdirSync } from 'node:fs';
import { listTasks, unfinishedTasks, loadTask, newTaskId } from '../../../src/core/state/tasks';
import type { Proposal } from '../../../src/core/shared/types';

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
  await j.append({ type: 'task-started', task: 'fix the bug', root: '/w', budgets: { maxSteps: 10 }, model: 'm' }, 1000);
  await j.append({ type: 'message', message: { role: 'system', content: 'sys' } });
  await j.append({ type: 'message', message: { role: 'user', content: 'fix the bug ✓ "quoted"\nnewline' } });
  await j.append({
    type: 'message',
    message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'edit_file', arguments: '{"path":"a.txt"}' } }] },
  });
  await j.append({ type: 'tool-started', toolCallId: 'c1', tool: 'edit_file', args: { path: 'a.txt' } });
  await j.append({ type: 'edit-proposed', proposal: proposal('c1') });
  await j.append({ type: 'approval-answered', toolCallId: 'c1', outcome: 'approved', by: 'user' });
  await j.append({ type: 'edit-applied', path: 'a.txt', checkpointId: 'cabc', afterHash: 'h2' });
  await j.append({ type: 'tool-call-ended', toolCallId: 'c1', tool: 'edit_file', outcome: 'ok', result: 'ok' });
  await j.append({ type: 'message', message: { role: 'tool', tool_call_id: 'c1', content: 'ok' } });
  await j.append({ type: 'step-ended', step: 1, usage: { promptTokens: 10, completionTokens: 5 } });
  await j.append({ type: 'tool-started', toolCallId: 'c2', tool: 'write_file', args: { path: 'b.txt' }, intent: { path: 'b.txt', beforeHash: 'absent', afterHash: 'h3' } });
  await j.append({ type: 'edit-proposed', proposal: proposal('c2') });
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
  await j.append({ type: 'task-ended', status: 'completed', summary: 'done', verdict: 'not_run', steps: 1, usage: { promptTokens: 10, completionTokens: 5 } });

  const again = await readJournal(fsStateStore(dir), 't1');
  assert.ok(again);
  assert.deepEqual(again.warnings, []);
  assert.equal(again.records.length, 13);
  assert.equal(again.records[12].type, 'task-ended');
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
  await j.append({ type: 'task-ended', status: 'cancelled', summary: '', verdict: 'not_run', steps: 1, usage: { promptTokens: 10, completionTokens: 5 } });
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
  await a.append({ type: 'task-started', task: 'old task', root: '/w', budgets: { maxSteps: 5 } }, 1000);
  await a.append({ type: 'step-ended', step: 3, usage: { promptTokens: 1, completionTokens: 1 } });
  await a.append({ type: 'task-ended', status: 'completed', summary: 'ok', verdict: 'not_run', steps: 3, usage: { promptTokens: 1, completionTokens: 1 } });
  const b = await TaskJournal.open(store, 'tb');
  await b.append({ type: 'task-started', task: 'new task', root: '/w', budgets: { maxSteps: 5 } }, 2000);
  await b.append({ type: 'edit-applied', path: 'x.ts', checkpointId: 'c1', afterHash: 'h' });
  const c = await TaskJournal.open(store, 'tc');
  await c.append({ type: 'task-started', task: 'live task', root: '/w', budgets: { maxSteps: 5 } }, 1500);

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
    { type: 'edit-applied', path: 'a.ts', checkpointId: 'c1', afterHash: 'h', at },
    { type: 'edit-applied', path: 'a.ts', checkpointId: 'c2', afterHash: 'h', at },
    { type: 'edit-applied', path: 'b.ts', checkpointId: 'c3', afterHash: 'h', at },
    { type: 'edit-applied', path: 'b.ts', checkpointId: 'c4', afterHash: 'h', at },
    { type: 'edit-reverted', path: 'a.ts', checkpointId: 'c1', by: 'harness', reason: 'unverified', at }, // a task-level revert names each edit
    { type: 'edit-reverted', path: 'b.ts', by: 'user', reason: 'Undo', at }, // an editor Undo: the file's latest edit
  ]);
  assert.deepEqual(snap.edits.map((e) => [e.path, e.checkpointId, e.status]), [
    ['a.ts', 'c1', 'reverted'],
    ['a.ts', 'c2', 'applied'],
    ['b.ts', 'c3', 'applied'],
    ['b.ts', 'c4', 'reverted'],
  ]);
});

test('a journal written before the event stream (0.1 record types) still lists, replays and resumes', async () => {
  const dir = tmp();
  const store = fsStateStore(dir);
  // The old line format is the same; only the record types differ.
  const old = [
    { type: 'start', task: 'old style', startedAt: 5, root: '/w', budgets: { maxSteps: 5 }, at: 5 },
    { type: 'message', message: { role: 'user', content: 'old style' }, at: 6 },
    { type: 'tool-start', toolCallId: 'c1', tool: 'write_file', args: { path: 'a.txt' }, intent: { path: 'a.txt', beforeHash: 'absent', afterHash: 'h1' }, at: 7 },
    { type: 'edit', path: 'a.txt', status: 'applied', checkpointId: 'k1', afterHash: 'h1', at: 8 },
    { type: 'tool-end', toolCallId: 'c1', result: 'ok', ok: true, at: 9 },
    { type: 'step', step: 1, usage: { promptTokens: 3, completionTokens: 2 }, at: 10 },
    { type: 'proposal', proposal: proposal('c2'), at: 11 },
    { type: 'status', status: 'running', at: 12 },
  ];
  mkdirSync(join(dir, 'tasks', 'old'), { recursive: true });
  writeFileSync(join(dir, 'tasks', 'old', 'journal.jsonl'), old.map((r) => encodeRecord(r as never)).join(''), { flag: 'w' });
  const read = await readJournal(store, 'old');
  assert.ok(read);
  assert.deepEqual(read.warnings, []);
  const snap = replay('old', read.records);
  assert.deepEqual([snap.task, snap.step, snap.status, snap.ended], ['old style', 1, 'running', false]);
  assert.deepEqual(snap.usage, { promptTokens: 3, completionTokens: 2 });
  assert.deepEqual(snap.edits, [{ path: 'a.txt', status: 'applied', checkpointId: 'k1' }]);
  assert.deepEqual(snap.pendingToolCalls, []);
  assert.deepEqual(snap.pendingProposals.map((p) => p.toolCallId), ['c2']);
  assert.deepEqual((await listTasks(store)).map((t) => [t.id, t.status]), [['old', 'interrupted']]);
});

test('an intact line that is not a known event is skipped with a warning, and the rest still reads', async () => {
  const dir = tmp();
  const store = fsStateStore(dir);
  const j = await TaskJournal.open(store, 't1');
  await j.append({ type: 'task-started', task: 'x', root: '/w', budgets: { maxSteps: 5 } });
  appendFileSync(join(dir, journalPath('t1')), encodeRecord({ type: 'edit-applied', path: 42, at: 1 } as never) + encodeRecord({ type: 'from-the-future', at: 1 } as never));
  await j.append({ type: 'step-ended', step: 1, usage: { promptTokens: 1, completionTokens: 1 } });
  const read = await readJournal(store, 't1');
  assert.ok(read);
  assert.deepEqual(read.records.map((r) => r.type), ['task-started', 'step-ended']);
  assert.equal(read.warnings.length, 2);
  assert.match(read.warnings[0], /line 2 skipped: a "edit-applied" record does not match its schema \(path:/);
  assert.match(read.warnings[1], /line 3 skipped/);
  assert.equal(read.damaged, false);
});
