import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore, type CheckpointManifest } from '../../../src/core/state/checkpoints';
import { fsStateStore } from '../../../src/core/state/store';
import type { TaskSummary } from '../../../src/core/state/tasks';
import {
  STATE_COMMANDS,
  checkpointItems,
  checkpointViews,
  conflictPrompt,
  formatRestoreReport,
  mergeRestoreReports,
  relativeTime,
  restoreConfirmation,
  resumeItems,
  resumeNotice,
} from '../../../src/vscode/state-format';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);
const manifest = (id: string, createdAt: number, files: string[], taskId = 't1', label = `modify ${files[0]}`): CheckpointManifest => ({
  id,
  taskId,
  createdAt,
  label,
  files: files.map((path) => ({ path, beforeHash: 'x', bytes: 1 })),
});

test('restore report reads "Restored 2 files, deleted 1." and names files left alone', () => {
  assert.equal(formatRestoreReport({ checkpointId: 'c', restored: ['a', 'b'], deleted: ['n'], unchanged: [], conflicts: [] }), 'Restored 2 files, deleted 1.');
  assert.equal(formatRestoreReport({ checkpointId: 'c', restored: [], deleted: ['n'], unchanged: [], conflicts: [] }), 'Deleted 1.');
  assert.equal(
    formatRestoreReport({ checkpointId: 'c', restored: ['a'], deleted: [], unchanged: ['u'], conflicts: [{ path: 'b.ts', reason: 'b.ts was changed' }] }),
    'Restored 1 file. 1 file was already as before. Left alone: b.ts.',
  );
  assert.equal(formatRestoreReport({ checkpointId: 'c', restored: [], deleted: [], unchanged: ['a', 'b'], conflicts: [] }), 'Nothing to restore: 2 files are already as at checkpoint c.');
  assert.equal(formatRestoreReport({ checkpointId: 'c', restored: [], deleted: [], unchanged: [], conflicts: [{ path: 'a', reason: 'r' }] }), 'Nothing was restored. Left alone: a.');
});

test('a real restore with a user edit: the conflict is listed, overwriting it merges into one report', async () => {
  const root = mkdtempSync(join(tmpdir(), 'harness-ws-'));
  const store = fsStateStore(mkdtempSync(join(tmpdir(), 'harness-state-')));
  const cps = new CheckpointStore(store, root);
  writeFileSync(join(root, 'a.txt'), 'a0\n');
  writeFileSync(join(root, 'b.txt'), 'b0\n');
  const id = await cps.create('task1', [{ path: 'a.txt', before: 'a0\n' }, { path: 'b.txt', before: 'b0\n' }, { path: 'new.txt', before: null }], 'agent edit');
  writeFileSync(join(root, 'a.txt'), 'a1\n');
  writeFileSync(join(root, 'b.txt'), 'b1\n');
  writeFileSync(join(root, 'new.txt'), 'n\n');
  for (const [p, c] of [['a.txt', 'a1\n'], ['b.txt', 'b1\n'], ['new.txt', 'n\n']]) await cps.recordAfter(id, p, c);
  writeFileSync(join(root, 'b.txt'), 'user edit\n'); // the user changed b after the agent

  const first = await cps.restore(id);
  assert.deepEqual(first.conflicts.map((c) => c.path), ['b.txt']);
  assert.equal(formatRestoreReport(first), 'Restored 1 file, deleted 1. Left alone: b.txt.');
  const prompt = conflictPrompt(first);
  assert.match(prompt.message, /^1 file has changed since the agent's edit/);
  assert.match(prompt.detail, /b\.txt was changed after the agent's edit/);
  assert.equal(readFileSync(join(root, 'b.txt'), 'utf8'), 'user edit\n', 'not overwritten before the user chooses');

  const forced = await cps.restore(id, { force: true, paths: first.conflicts.map((c) => c.path) });
  const merged = mergeRestoreReports(first, forced);
  assert.deepEqual(merged.conflicts, []);
  assert.deepEqual(merged.restored.sort(), ['a.txt', 'b.txt']);
  assert.equal(formatRestoreReport(merged), 'Restored 2 files, deleted 1.');
  assert.equal(readFileSync(join(root, 'b.txt'), 'utf8'), 'b0\n');
  assert.equal(existsSync(join(root, 'new.txt')), false);
});

test('checkpoint QuickPick: newest first, with task text, age and the files', () => {
  const items = checkpointItems(
    [manifest('old', NOW - 3 * 3600_000, ['a.ts']), manifest('new', NOW - 5 * 60_000, ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts'], 't2', '')],
    new Map([['t1', 'rename getUser to fetchUser'], ['t2', 'add tests']]),
    NOW,
  );
  assert.deepEqual(items.map((i) => i.id), ['new', 'old']);
  assert.equal(items[0].label, 'checkpoint new');
  assert.equal(items[0].description, '5 min ago · add tests');
  assert.equal(items[0].detail, '5 files: a.ts, b.ts, c.ts, d.ts and 1 more');
  assert.equal(items[1].label, 'modify a.ts');
  assert.equal(items[1].description, '3 h ago · rename getUser to fetchUser');
});

test('panel checkpoint views: newest first and capped, so the newest survive a long history', () => {
  const list = Array.from({ length: 300 }, (_, i) => manifest(`c${i}`, NOW + i * 1000, ['f']));
  const views = checkpointViews(list, 200);
  assert.equal(views.length, 200);
  assert.equal(views[0].id, 'c299');
  assert.deepEqual(views[0].files, ['f']);
});

test('relative time falls back to a date after a day', () => {
  assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
  assert.equal(relativeTime(NOW - 2 * 86_400_000, NOW), '2025-01-08 12:00');
});

test('panel restore confirmation says how many later edits are undone too', () => {
  const c = restoreConfirmation(manifest('c1', NOW, ['src/a.ts']), 2);
  assert.equal(c.message, 'Restore checkpoint "modify src/a.ts"?');
  assert.match(c.detail, /^src\/a\.ts returns to its content before this edit, undoing 2 later edits of the same task as well\./);
});

test('resume list: only interrupted tasks, newest first, with where they stopped', () => {
  const t = (id: string, status: TaskSummary['status'], startedAt: number, extra: Partial<TaskSummary> = {}): TaskSummary => ({
    id, status, task: `task ${id}`, startedAt, steps: 3, edits: [], warnings: [], ...extra,
  });
  const items = resumeItems(
    [
      t('a', 'interrupted', NOW - 7200_000, { edits: [{ path: 'x', status: 'applied' }, { path: 'y', status: 'rejected' }] }),
      t('b', 'completed', NOW - 60_000),
      t('c', 'running', NOW - 60_000),
      t('d', 'interrupted', NOW - 120_000, { warnings: ['dropped a damaged last line'] }),
    ],
    NOW,
  );
  assert.deepEqual(items.map((i) => i.id), ['d', 'a']);
  assert.equal(items[1].detail, 'stopped after step 3, 1 edit applied');
  assert.equal(items[0].detail, 'stopped after step 3, 0 edits applied · dropped a damaged last line');
  assert.equal(resumeNotice(1), 'Harness: 1 interrupted task can be resumed.');
  assert.equal(resumeNotice(3), 'Harness: 3 interrupted tasks can be resumed.');
});

test('the restore and resume commands are declared in package.json under Harness', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const declared = new Map<string, any>(pkg.contributes.commands.map((c: any) => [c.command, c]));
  assert.equal(declared.get(STATE_COMMANDS.restoreCheckpoint)?.title, 'Restore checkpoint…');
  assert.equal(declared.get(STATE_COMMANDS.resumeTask)?.title, 'Resume task…');
  for (const id of Object.values(STATE_COMMANDS)) assert.equal(declared.get(id).category, 'Harness');
  assert.equal(pkg.icon, 'media/icon.png');
  assert.ok(existsSync(pkg.icon), 'the icon file exists');
});
