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
