// The agent may only overwrite what it has seen (issue 19): write_file, edit_file and delete_file on an
// existing file need a read in this task, and are refused when the file (or, for edit_file, the lines
// it replaces) changed since. Nothing is lost, the refusal is an event, and the model is told why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTask } from '../../../src/core/agent/loop';
import type { ModelClientLike } from '../../../src/core/model/types';
import type { EditApplier } from '../../../src/core/shared/applier';
import { readJournal } from '../../../src/core/state/journal';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import { DiskEditApplier } from '../../../src/core/workspace/disk-applier';
import type { TaskEvent } from '../../../src/core/events/schema';
import { startMockLlm, type ScriptedToolCall } from '../../support/mock-llm-server';
import { acceptAll, API_KEY, mockClient, policy, recordingApprover, runWithScript, tempWorkspace, toolMessage, type Workspace } from './helpers';

const read = (id: string, p: string, range: { start_line?: number; end_line?: number } = {}): ScriptedToolCall => ({ id, name: 'read_file', arguments: { path: p, ...range } });
const write = (id: string, p: string, content: string): ScriptedToolCall => ({ id, name: 'write_file', arguments: { path: p, content } });
const edit = (id: string, p: string, oldText: string, newText: string): ScriptedToolCall => ({ id, name: 'edit_file', arguments: { path: p, old_text: oldText, new_text: newText } });
const del = (id: string, p: string): ScriptedToolCall => ({ id, name: 'delete_file', arguments: { path: p } });
const turn = (...toolCalls: ScriptedToolCall[]) => ({ toolCalls });
const done = { content: 'done' };

const store = (ws: Workspace) => fsStateStore(path.join(ws.root, '.harness'));

async function journalEvents(ws: Workspace, taskId: string) {
  const journal = await readJournal(store(ws), taskId);
  assert.ok(journal, 'the task has a journal');
  return journal.records;
}

function auditLines(file: string): { kind: string; [k: string]: unknown }[] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

const lines = (n: number, label = 'line') => Array.from({ length: n }, (_, i) => `${label} ${i + 1}\n`).join('');

test('write_file on a file never read is refused and recorded; the file is untouched', async () => {
  const ws = tempWorkspace({ 'f.txt': 'the user wrote this\n' });
  const { result, mock } = await runWithScript([turn(write('w1', 'f.txt', 'agent text\n')), done], { ws, level: 3 });
  assert.equal(ws.read('f.txt'), 'the user wrote this\n');
  assert.match(toolMessage(mock, 'w1') ?? '', /^Refused: f\.txt exists and you have not read it in this task\. Read it first \(read_file\), then write it\.$/);
  assert.deepEqual(result.toolCalls.map((c) => [c.tool, c.outcome]), [['write_file', 'failed']]);
  const refusals = (await journalEvents(ws, result.taskId)).filter((e) => e.type === 'stale-write-refused');
  assert.deepEqual(refusals.map((e) => e.type === 'stale-write-refused' && [e.toolCallId, e.path, e.reason]), [['w1', 'f.txt', 'not-seen']]);
  const audit = auditLines(result.auditLog).filter((l) => l.kind === 'stale-write-refused');
  assert.equal(audit.length, 1, 'the refusal is in the audit log');
  assert.equal(audit[0].reason, 'not-seen');
  assert.match(String(audit[0].message), /read it first/i);
});

test('search_files and list_files do not count as reading a file', async () => {
  const ws = tempWorkspace({ 'f.txt': 'alpha\n' });
  const { mock } = await runWithScript(
    [turn({ id: 's1', name: 'search_files', arguments: { pattern: 'alpha' } }, { id: 'l1', name: 'list_files', arguments: {} }), turn(edit('e1', 'f.txt', 'alpha', 'beta')), done],
    { ws, level: 3 },
  );
  assert.equal(ws.read('f.txt'), 'alpha\n');
  assert.match(toolMessage(mock, 'e1') ?? '', /you have not read it in this task\. Read it first \(read_file\), then edit it/);
});

test('a file changed between the read and the write keeps the change; the model is told to read again, and can', async () => {
  const ws = tempWorkspace({ 'f.txt': 'version 1\n' });
  const { result, mock } = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt'));
      if (index === 1) {
        ws.write('f.txt', 'version 1\nthe user added this\n'); // while the model was thinking
        return turn(write('w1', 'f.txt', 'version 2 from the agent\n'));
      }
      if (index === 2) return turn(read('r2', 'f.txt'));
      if (index === 3) return turn(write('w2', 'f.txt', 'version 1\nthe user added this\nand the agent this\n'));
      return done;
    },
    { ws, level: 3 },
  );
  assert.match(toolMessage(mock, 'w1') ?? '', /^Refused: f\.txt changed since you read it at step 1, by someone else\. Read it again, then write it based on what it holds now\.$/);
  assert.match(toolMessage(mock, 'r2') ?? '', /^f\.txt \(2 lines; changed since you read it at step 1\):/, 'the new read says the file moved on');
  assert.equal(ws.read('f.txt'), 'version 1\nthe user added this\nand the agent this\n');
  assert.deepEqual(result.toolCalls.map((c) => c.outcome), ['ok', 'stale', 'ok', 'ok']);
  const refusal = (await journalEvents(ws, result.taskId)).find((e) => e.type === 'stale-write-refused');
  assert.ok(refusal && refusal.type === 'stale-write-refused');
  assert.deepEqual([refusal.reason, refusal.seenStep], ['changed', 1]);
});

test('own writes count as seen: a file the agent created, then rewrote and edited without reading', async () => {
  const ws = tempWorkspace();
  const { result } = await runWithScript(
    [turn(write('w1', 'new.txt', 'first\n')), turn(write('w2', 'new.txt', 'second\nline\n')), turn(edit('e1', 'new.txt', 'line', 'LINE')), turn(del('d1', 'new.txt')), done],
    { ws, level: 3, approver: acceptAll() },
  );
  assert.deepEqual(result.toolCalls.map((c) => c.outcome), ['ok', 'ok', 'ok', 'ok']);
  assert.equal(ws.exists('new.txt'), false);
});

test('a file the agent deleted and someone recreated is not overwritten blind', async () => {
  const ws = tempWorkspace({ 'f.txt': 'old\n' });
  const { mock } = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt'));
      if (index === 1) return turn(del('d1', 'f.txt'));
      if (index === 2) {
        ws.write('f.txt', 'recreated by the user\n');
        return turn(write('w1', 'f.txt', 'agent\n'));
      }
      return done;
    },
    { ws, level: 3, approver: acceptAll() },
  );
  assert.equal(ws.read('f.txt'), 'recreated by the user\n');
  assert.match(toolMessage(mock, 'w1') ?? '', /f\.txt changed since you deleted it at step 2/);
});

test('edit_file after a partial read: a change elsewhere does not block it, a change in the lines read does', async () => {
  const original = lines(20);
  // Changed elsewhere (line 15, outside the lines 1-5 read): the edit applies and the change is kept.
  const ws = tempWorkspace({ 'f.txt': original });
  const elsewhere = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt', { start_line: 1, end_line: 5 }));
      if (index === 1) {
        ws.write('f.txt', original.replace('line 15\n', 'line 15 changed by the user\n'));
        return turn(edit('e1', 'f.txt', 'line 3\n', 'line three\n'));
      }
      return done;
    },
    { ws, level: 3 },
  );
  assert.equal(elsewhere.result.toolCalls[1].outcome, 'ok', toolMessage(elsewhere.mock, 'e1'));
  assert.equal(ws.read('f.txt'), original.replace('line 15\n', 'line 15 changed by the user\n').replace('line 3\n', 'line three\n'));

  // Changed in the lines read (line 4): the edit of line 3-4 is refused and the change is kept.
  const ws2 = tempWorkspace({ 'f.txt': original });
  const inRegion = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt', { start_line: 1, end_line: 5 }));
      if (index === 1) {
        ws2.write('f.txt', original.replace('line 4\n', 'line 4 changed by the user\n'));
        return turn(edit('e1', 'f.txt', 'line 3\nline 4', 'lines three and four'));
      }
      return done;
    },
    { ws: ws2, level: 3 },
  );
  assert.equal(ws2.read('f.txt'), original.replace('line 4\n', 'line 4 changed by the user\n'));
  assert.match(
    toolMessage(inRegion.mock, 'e1') ?? '',
    /^Refused: lines 3-4 of f\.txt, where old_text is, are not as you saw them: the file changed since you read lines 1-5 of it at step 1, by someone else\. Read it again, then edit what it holds now\.$/,
  );
  assert.equal(inRegion.result.toolCalls[1].outcome, 'stale');
});

test('edit_file outside the lines read is refused until those lines are read', async () => {
  const ws = tempWorkspace({ 'f.txt': lines(20) });
  const { mock, result } = await runWithScript(
    [turn(read('r1', 'f.txt', { start_line: 1, end_line: 5 })), turn(edit('e1', 'f.txt', 'line 12\n', 'line twelve\n')), turn(read('r2', 'f.txt', { start_line: 10, end_line: 14 })), turn(edit('e2', 'f.txt', 'line 12\n', 'line twelve\n')), done],
    { ws, level: 3 },
  );
  assert.match(toolMessage(mock, 'e1') ?? '', /^Refused: old_text is in line 12 of f\.txt, which you have not read \(you read lines 1-5 of it at step 1\)\. Read those lines first, then edit\.$/);
  assert.deepEqual(result.toolCalls.map((c) => c.outcome), ['ok', 'failed', 'ok', 'ok']);
  assert.equal(ws.read('f.txt'), lines(20).replace('line 12\n', 'line twelve\n'));
});

test('two partial reads of one version add up: an edit spanning both ranges applies', async () => {
  const ws = tempWorkspace({ 'f.txt': lines(10) });
  const { result, mock } = await runWithScript(
    [turn(read('r1', 'f.txt', { start_line: 1, end_line: 4 }), read('r2', 'f.txt', { start_line: 5, end_line: 8 })), turn(edit('e1', 'f.txt', 'line 4\nline 5\n', 'middle\n')), done],
    { ws, level: 3 },
  );
  assert.equal(result.toolCalls[2].outcome, 'ok', toolMessage(mock, 'e1'));
  assert.equal(ws.read('f.txt'), lines(10).replace('line 4\nline 5\n', 'middle\n'));
});

test('edit_file after a whole read: lines moved by an insertion above still count as seen; the insertion is kept', async () => {
  const original = lines(10);
  const moved = 'a header the user added\n' + original;
  const ws = tempWorkspace({ 'f.txt': original });
  const { result, mock } = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt'));
      if (index === 1) {
        ws.write('f.txt', moved);
        return turn(edit('e1', 'f.txt', 'line 8\n', 'line eight\n'));
      }
      return done;
    },
    { ws, level: 3 },
  );
  assert.equal(result.toolCalls[1].outcome, 'ok', toolMessage(mock, 'e1'));
  assert.equal(ws.read('f.txt'), moved.replace('line 8\n', 'line eight\n'));
});

test('delete_file: refused unread, refused when changed since the read, asked and applied when read', async () => {
  const ws = tempWorkspace({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
  const approver = acceptAll();
  const { mock, result } = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(del('d1', 'a.txt'), read('r1', 'b.txt'), read('r2', 'c.txt'));
      if (index === 1) {
        ws.write('b.txt', 'b changed by the user\n');
        return turn(del('d2', 'b.txt'), del('d3', 'c.txt'));
      }
      return done;
    },
    { ws, level: 3, approver },
  );
  assert.match(toolMessage(mock, 'd1') ?? '', /you have not read it in this task\. Read it first \(read_file\), then delete it\./);
  assert.match(toolMessage(mock, 'd2') ?? '', /b\.txt changed since you read it at step 1, by someone else\. Read it again, then delete it/);
  assert.match(toolMessage(mock, 'd3') ?? '', /^Deleted c\.txt/);
  assert.deepEqual([ws.read('a.txt'), ws.read('b.txt'), ws.exists('c.txt')], ['a\n', 'b changed by the user\n', false]);
  assert.equal(approver.requests.length, 1, 'only the delete that may happen is put to the human');
  assert.deepEqual(result.toolCalls.map((c) => c.outcome), ['failed', 'ok', 'ok', 'stale', 'ok']);
});

test("another task's write: task A's write after task B changed the file is refused; B's change survives", async () => {
  const ws = tempWorkspace({ 'f.txt': 'shared\n' });
  const mockB = await startMockLlm([turn(read('b-r', 'f.txt')), turn(write('b-w', 'f.txt', 'written by task B\n')), done]);
  const mockA = await startMockLlm([turn(read('a-r', 'f.txt')), turn(write('a-w', 'f.txt', 'written by task A\n')), done]);
  const base = { root: ws.root, policy: policy(3), approver: acceptAll(), budgets: { maxSteps: 10 }, secretValues: [API_KEY] };
  try {
    const innerA = mockClient(mockA.url);
    let callsA = 0;
    // Task B runs to its end while task A's model is thinking about its write.
    const modelA: ModelClientLike = {
      async complete(messages, tools, options) {
        if (callsA++ === 1) {
          const b = await runTask({ ...base, task: 'task B', model: mockClient(mockB.url) });
          assert.equal(b.status, 'completed');
        }
        return innerA.complete(messages, tools, options);
      },
    };
    const a = await runTask({ ...base, task: 'task A', model: modelA });
    assert.equal(ws.read('f.txt'), 'written by task B\n');
    assert.deepEqual(a.toolCalls.map((c) => [c.tool, c.outcome]), [['read_file', 'ok'], ['write_file', 'stale']]);
    assert.match(toolMessage(mockA, 'a-w') ?? '', /f\.txt changed since you read it at step 1, by someone else\. Read it again/);
  } finally {
    await mockA.close();
    await mockB.close();
  }
});

test('a partly accepted edit is not what the model saw: its next write needs a new read', async () => {
  const before = lines(20);
  const wanted = before.replace('line 2\n', 'LINE TWO\n').replace('line 18\n', 'LINE EIGHTEEN\n');
  const ws = tempWorkspace({ 'f.txt': before });
  const approver = recordingApprover(() => ({ approved: true, by: 'user', acceptedHunks: [0] }));
  const { mock } = await runWithScript([turn(read('r1', 'f.txt')), turn(write('w1', 'f.txt', wanted)), turn(write('w2', 'f.txt', wanted)), done], { ws, level: 2, approver });
  assert.equal(ws.read('f.txt'), before.replace('line 2\n', 'LINE TWO\n'), 'the rejected hunk stays rejected');
  assert.match(toolMessage(mock, 'w2') ?? '', /f\.txt changed since you read it at step 1/);
});

test("read_file shows and remembers what the applier reads (the editor's dirty buffer), so a typed change is not lost", async () => {
  const ws = tempWorkspace({ 'f.txt': 'on disk\n' });
  // An applier like the editor's: an open, unsaved buffer wins over the disk.
  const disk = new DiskEditApplier(ws.root);
  const buffers = new Map<string, string>([['f.txt', 'in the buffer, unsaved\n']]);
  const applier: EditApplier = {
    read: async (p) => buffers.get(p) ?? disk.read(p),
    apply: async (p, content) => {
      buffers.delete(p);
      await disk.apply(p, content);
    },
  };
  const { mock } = await runWithScript(
    ({ index }) => {
      if (index === 0) return turn(read('r1', 'f.txt'));
      if (index === 1) {
        buffers.set('f.txt', 'in the buffer, unsaved\nand typed since\n');
        return turn(edit('e1', 'f.txt', 'in the buffer, unsaved\n', 'edited\n'), write('w1', 'f.txt', 'replaced\n'));
      }
      if (index === 2) return turn(read('r2', 'f.txt'), edit('e2', 'f.txt', 'and typed since\n', 'and typed since, then edited\n'));
      return done;
    },
    { ws, level: 3, applier },
  );
  assert.match(toolMessage(mock, 'r1') ?? '', /in the buffer, unsaved/, 'the model is shown the buffer');
  // Line 1 is unchanged in the buffer, so editing it is fine; the whole-file write is not.
  assert.match(toolMessage(mock, 'e1') ?? '', /^Applied the edit to f\.txt/);
  assert.match(toolMessage(mock, 'w1') ?? '', /^Refused: f\.txt holds changes by someone else that you have not read \(your edit at step 2 landed beside them\)\. Read it again, then write it/);
  assert.match(toolMessage(mock, 'e2') ?? '', /^Applied the edit to f\.txt/);
  assert.equal(ws.read('f.txt'), 'edited\nand typed since, then edited\n');
});

test('resume keeps the memory: a write after resume needs no new read, a change while stopped refuses it', async () => {
  for (const changedWhileStopped of [false, true]) {
    const ws = tempWorkspace({ 'f.txt': 'before\n' });
    // The first run reads the file; its journal up to the end of that step is what a kill leaves.
    const events: TaskEvent[] = [];
    await runWithScript([turn(read('r1', 'f.txt')), done], { ws, level: 3, taskId: 'first', onEvent: (e) => events.push(e) });
    const journal = await TaskJournal.open(store(ws), 'killed');
    const cut = events.findIndex((e) => e.type === 'step-ended');
    for (const e of events.slice(0, cut + 1)) {
      if (e.type === 'text-delta' || e.type === 'log' || e.type === 'command-output') continue;
      const { taskId: _t, at: _a, ...body } = e;
      await journal.append(body);
    }
    await journal.close();
    assert.ok(events.slice(0, cut).some((e) => e.type === 'file-seen'), 'the read is in the journal');
    if (changedWhileStopped) ws.write('f.txt', 'changed while stopped\n');
    const { mock, result } = await runWithScript([turn(write('w1', 'f.txt', 'after\n')), done], { ws, level: 3, taskId: 'killed', resume: true, task: '' });
    if (changedWhileStopped) {
      assert.equal(ws.read('f.txt'), 'changed while stopped\n');
      assert.match(toolMessage(mock, 'w1') ?? '', /f\.txt changed since you read it at step 1, by someone else/);
    } else {
      assert.equal(result.toolCalls.at(-1)?.outcome, 'ok', toolMessage(mock, 'w1'));
      assert.equal(ws.read('f.txt'), 'after\n');
    }
  }
});

test('a line longer than the read cap is shown cut, and a cut read does not count as having seen the file', async () => {
  // One minified line of 64 KB: read_file shows its first 48 KB only.
  const minified = `${'x'.repeat(64 * 1024)}\n`;
  const ws = tempWorkspace({ 'bundle.min.js': minified });
  const { mock } = await runWithScript([turn(read('r1', 'bundle.min.js')), turn(write('w1', 'bundle.min.js', 'rewritten\n')), done], { ws, level: 3 });
  assert.match(toolMessage(mock, 'r1') ?? '', /Line 1 is longer than 48 KB and was cut/);
  assert.match(toolMessage(mock, 'w1') ?? '', /^Refused: bundle\.min\.js exists and you have not read it/);
  assert.equal(ws.read('bundle.min.js'), minified, 'the part the model never saw is not overwritten');
});
