// An Undo at level 3/4 is recorded with its task: the journal shows the edit reverted (task lists,
// resume) and the audit log says who undid it and when.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal, readJournal, replay } from '../../../src/core/state/journal';
import { recordUndo } from '../../../src/vscode/record-undo';
import { recordRestore } from '../../../src/core/state/late-events';
import { listTasks } from '../../../src/core/state/tasks';

test('recordUndo marks the applied edit reverted in the journal and audits the user decision', async () => {
  const state = fsStateStore(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-undo-')));
  const j = await TaskJournal.open(state, 't1');
  await j.append({ type: 'task-started', task: 'tidy', root: '/w', budgets: { maxSteps: 5 } }, 1);
  await j.append({ type: 'edit-applied', path: 'a.ts', checkpointId: 'c1', afterHash: 'h1' });
  await j.append({ type: 'edit-applied', path: 'b.ts', checkpointId: 'c2', afterHash: 'h2' });
  await j.append({ type: 'task-ended', status: 'completed', summary: 'done', verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } });
  await j.close();

  await recordUndo(state, { taskId: 't1', path: 'a.ts' }, undefined, () => Date.UTC(2026, 0, 2));
  const snap = replay('t1', (await readJournal(state, 't1'))!.records);
  assert.deepEqual(snap.edits.map((e) => [e.path, e.status]), [['a.ts', 'reverted'], ['b.ts', 'applied']]);
  const audit = fs.readFileSync(path.join(state.dir, 'audit', 't1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    audit.map((e) => [e.kind, e.path, e.by, e.at]),
    [['edit-reverted', 'a.ts', 'user', '2026-01-02T00:00:00.000Z']],
  );
});

test('a restore after the task ended is recorded with it: its edits from that checkpoint on are reverted and the outcome says restored', async () => {
  const state = fsStateStore(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-restore-')));
  const j = await TaskJournal.open(state, 't2');
  await j.append({ type: 'task-started', task: 'tidy', root: '/w', budgets: { maxSteps: 5 } }, 1);
  await j.append({ type: 'edit-applied', path: 'a.ts', checkpointId: 'c1', afterHash: 'h1' });
  await j.append({ type: 'edit-applied', path: 'b.ts', checkpointId: 'c2', afterHash: 'h2' });
  await j.append({ type: 'verification-round', round: 1, checks: [{ name: 'secret-scan', status: 'passed', passed: true, severity: 'critical', summary: 'ok' }], verdict: 'verified', action: 'stop', reason: 'all passed' });
  await j.append({ type: 'task-ended', status: 'completed', summary: 'done', verdict: 'verified', steps: 1, usage: { promptTokens: 0, completionTokens: 0 }, outcome: 'verified' });
  await j.close();
  assert.equal((await listTasks(state))[0].outcome, 'verified');

  const seen: string[] = [];
  await recordRestore(state, 't2', { checkpointId: 'c2', restored: ['b.ts'], deleted: [], unchanged: [], conflicts: [] }, 'user', (e) => seen.push(e.type));
  assert.deepEqual(seen, ['edit-reverted', 'checkpoint-restored']);
  let snap = replay('t2', (await readJournal(state, 't2'))!.records);
  assert.deepEqual(snap.edits.map((e) => [e.path, e.status]), [['a.ts', 'applied'], ['b.ts', 'reverted']]);
  assert.equal((await listTasks(state))[0].outcome, 'partly_undone', 'a later checkpoint put back only part of the work');

  await recordRestore(state, 't2', { checkpointId: 'c1', restored: ['a.ts'], deleted: [], unchanged: ['b.ts'], conflicts: [] }, 'user');
  snap = replay('t2', (await readJournal(state, 't2'))!.records);
  assert.deepEqual(snap.edits.map((e) => e.status), ['reverted', 'reverted']);
  assert.equal((await listTasks(state))[0].outcome, 'restored', 'not "verified" any more');
});
