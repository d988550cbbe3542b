import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newErrors } from '../../../src/core/verify/diagnostics-check';
import { TaskJournal } from '../../../src/core/state/journal';
import { fsStateStore } from '../../../src/core/state/store';
import { unfinishedTasks } from '../../../src/core/state/tasks';
import { DiagBaseline, settleWait, toDiag } from '../../../src/vscode/diag-baseline';
import { FROZEN_MESSAGE, freezable } from '../../../src/vscode/freezable-store';

const diag = (line: number, message: string, severity = 0, code?: any) => ({ range: { start: { line } }, message, severity, source: 'ts', ...(code !== undefined ? { code } : {}) });

test('VS Code diagnostics become 1-based Diags with severity names and a plain code', () => {
  assert.deepEqual(toDiag('a.ts', diag(0, 'boom', 0, { value: 2304 })), { path: 'a.ts', line: 1, message: 'boom', severity: 'error', source: 'ts', code: '2304' });
  assert.equal(toDiag('a.ts', diag(4, 'w', 1)).severity, 'warning');
  assert.equal(toDiag('a.ts', diag(4, 'h', 3)).severity, 'hint');
});

test('the baseline is the first capture: an error present before the task is not new, one the edits add is', async () => {
  const b = new DiagBaseline();
  let reads = 0;
  await b.capture('a.ts', async () => (reads++, [toDiag('a.ts', diag(3, 'old error'))]));
  // Later captures (the task edits the file again) must not move the baseline.
  await b.capture('a.ts', async () => (reads++, [toDiag('a.ts', diag(3, 'old error')), toDiag('a.ts', diag(9, 'new error'))]));
  assert.equal(reads, 1);
  const after = [toDiag('a.ts', diag(5, 'old error')), toDiag('a.ts', diag(9, 'new error'))];
  const fresh = newErrors(await b.before(['a.ts']), after);
  assert.deepEqual(fresh.map((d) => d.message), ['new error']);
});

test('a file never captured has an empty baseline (its errors count) and is reported', async () => {
  const missing: string[] = [];
  const b = new DiagBaseline((p) => missing.push(p));
  assert.deepEqual(await b.before(['gone.ts']), []);
  assert.deepEqual(missing, ['gone.ts']);
});

test('a failing read counts as no diagnostics rather than breaking the task', async () => {
  const b = new DiagBaseline();
  await b.capture('x.ts', async () => {
    throw new Error('no language server');
  });
  assert.deepEqual(await b.before(['x.ts']), []);
});

test('settleWait: waits for quiet after the last activity, never past the deadline', () => {
  assert.equal(settleWait(1000, 0, 2500, 500), 0, 'quiet long enough');
  assert.equal(settleWait(1000, 800, 2500, 500), 300);
  assert.equal(settleWait(1000, 990, 1200, 500), 200, 'capped by the deadline');
  assert.equal(settleWait(3000, 2990, 2500, 500), 0, 'past the deadline');
});

test('a frozen store refuses writes, so a task stopped by a reload stays resumable', async () => {
  const store = freezable(fsStateStore(mkdtempSync(join(tmpdir(), 'harness-state-'))));
  const journal = await TaskJournal.open(store, 'task-reload');
  await journal.append({ type: 'task-started', task: 'do it', root: '/ws', budgets: { maxSteps: 5 } }, 1);
  store.freeze();
  await assert.rejects(journal.append({ type: 'task-ended', status: 'cancelled', summary: '', verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } }), new RegExp(FROZEN_MESSAGE.slice(0, 20)));
  await assert.rejects(store.writeAtomic('x', 'y'));
  const unfinished = await unfinishedTasks(store);
  assert.deepEqual(unfinished.map((t) => [t.id, t.task]), [['task-reload', 'do it']]);
});
