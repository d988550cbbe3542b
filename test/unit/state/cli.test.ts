import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateCommandMain } from '../../../src/cli/state-commands';
import { fsStateStore } from '../../../src/core/state/store';
import { TaskJournal } from '../../../src/core/state/journal';
import { CheckpointStore } from '../../../src/core/state/checkpoints';
import { defaultStateDir } from '../../../src/cli/state-dir';
import { useTempStateHome } from '../../support/state-home';

useTempStateHome();

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await stateCommandMain(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A workspace with one finished and one interrupted task, and a checkpoint of an agent edit. */
async function fixture() {
  const ws = mkdtempSync(join(tmpdir(), 'harness-cli-'));
  const store = fsStateStore(defaultStateDir(ws));
  const done = await TaskJournal.open(store, 'tdone');
  await done.append({ type: 'task-started', task: 'add tests', root: ws, budgets: { maxSteps: 5 } }, Date.UTC(2025, 0, 1));
  await done.append({ type: 'step-ended', step: 2, usage: { promptTokens: 1, completionTokens: 1 } });
  await done.append({ type: 'task-ended', status: 'completed', summary: 'ok', verdict: 'not_run', steps: 2, usage: { promptTokens: 1, completionTokens: 1 } });
  const cut = await TaskJournal.open(store, 'tcut');
  await cut.append({ type: 'task-started', task: 'refactor parser', root: ws, budgets: { maxSteps: 5 } }, Date.UTC(2025, 0, 2));
  await cut.append({ type: 'step-ended', step: 1, usage: { promptTokens: 1, completionTokens: 1 } });

  writeFileSync(join(ws, 'a.txt'), 'before\n');
  const cps = new CheckpointStore(store, ws);
  const id = await cps.create('tcut', [{ path: 'a.txt', before: 'before\n' }, { path: 'new.txt', before: null }], 'edit a.txt');
  writeFileSync(join(ws, 'a.txt'), 'after\n');
  writeFileSync(join(ws, 'new.txt'), 'new\n');
  await cps.recordAfter(id, 'a.txt', 'after\n');
  await cps.recordAfter(id, 'new.txt', 'new\n');
  return { ws, id };
}

test('tasks list: JSON array of {id, status, task, startedAt, steps}, newest first, and a table', async () => {
  const { ws } = await fixture();
  const r = await cli('tasks', 'list', '--workspace', ws, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { id: 'tcut', status: 'interrupted', task: 'refactor parser', startedAt: Date.UTC(2025, 0, 2), steps: 1 },
    { id: 'tdone', status: 'completed', task: 'add tests', startedAt: Date.UTC(2025, 0, 1), steps: 2 },
  ]);
  const table = await cli('tasks', 'list', `--workspace=${ws}`);
  assert.equal(table.code, 0);
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^ID\s+STATUS\s+OUTCOME\s+STARTED\s+STEPS\s+EDITS\s+TASK$/);
  assert.match(lines[1], /^tcut\s+interrupted\s+-\s+2025-01-02 00:00:00Z\s+1\s+0\s+refactor parser$/);
  assert.match(lines[2], /^tdone\s+completed\s+answered, no changes\s+2025-01-01/);
});

test('checkpoints list and restore, with --task filter and a separate --state-dir', async () => {
  const { ws, id } = await fixture();
  const list = await cli('checkpoints', 'list', '--workspace', ws, '--task', 'tcut', '--json');
  assert.equal(list.code, 0, list.stderr);
  const manifests = JSON.parse(list.stdout);
  assert.deepEqual(manifests.map((m: { id: string }) => m.id), [id]);
  assert.deepEqual(JSON.parse((await cli('checkpoints', 'list', '--workspace', ws, '--task', 'tdone', '--json')).stdout), []);
  assert.match((await cli('checkpoints', 'list', '--workspace', ws)).stdout, /a\.txt, new\.txt\s+edit a\.txt/);

  const r = await cli('checkpoints', 'restore', id, '--workspace', ws, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { checkpointId: id, restored: ['a.txt'], deleted: ['new.txt'], unchanged: [], conflicts: [] });
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'before\n');
  assert.equal(existsSync(join(ws, 'new.txt')), false);
  const journal = readFileSync(join(defaultStateDir(ws), 'tasks', 'tcut', 'journal.jsonl'), 'utf8');
  assert.match(journal, /"type":"checkpoint-restored","checkpointId":"[^"]+","reason":"checkpoint restored \(cli\)"/, 'the restore is on the task\'s record');

  // Same state kept elsewhere: --state-dir points at it.
  const elsewhere = mkdtempSync(join(tmpdir(), 'harness-cli-ws-'));
  const viaStateDir = await cli('tasks', 'list', '--workspace', elsewhere, '--state-dir', defaultStateDir(ws), '--json');
  assert.equal(JSON.parse(viaStateDir.stdout).length, 2);
});

test('a restore with conflicts exits 1, lists them and leaves the file; --force overwrites', async () => {
  const { ws, id } = await fixture();
  writeFileSync(join(ws, 'a.txt'), 'user edit\n');
  const r = await cli('checkpoints', 'restore', id, '--workspace', ws);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^deleted {4}new\.txt$/m);
  assert.match(r.stdout, /^CONFLICT {3}a\.txt: a\.txt was changed after the agent's edit/m);
  assert.equal(r.stderr, 'harness: 1 file(s) not restored because of conflicts: a.txt\n');
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'user edit\n');

  const forced = await cli('checkpoints', 'restore', id, '--workspace', ws, '--force', '--path', 'a.txt');
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /^restored {3}a\.txt$/m);
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'before\n');
});

test('bad input: one clear stderr line and exit 2', async () => {
  const { ws } = await fixture();
  const cases: [string[], RegExp][] = [
    [['tasks', 'list', '--workspace', join(ws, 'missing')], /^harness: workspace .*missing is not a directory: pass --workspace DIR\n$/],
    [['checkpoints', 'restore', 'cnope', '--workspace', ws], /^harness: no checkpoint "cnope": run "harness checkpoints list" to see the ids\n$/],
    [['checkpoints', 'restore', '--workspace', ws], /^harness: checkpoints restore needs a CHECKPOINT_ID/],
    [['checkpoints', 'list', '--task', '../x', '--workspace', ws], /^harness: invalid task id/],
    [['tasks', 'list', '--bogus'], /^harness: unknown option --bogus\n$/],
    [['tasks', 'list', '--workspace'], /^harness: --workspace needs a value\n$/],
    [['frobnicate'], /^harness: unknown command "frobnicate"/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.equal(r.stdout, '');
  }
});

test('a .harness the workspace ships is not read: a link or a folder of planted tasks lists nothing', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'harness-cli-'));
  const target = mkdtempSync(join(tmpdir(), 'harness-elsewhere-'));
  const planted = await TaskJournal.open(fsStateStore(target), 'tplant');
  await planted.append({ type: 'task-started', task: 'planted', root: ws, budgets: { maxSteps: 5 } }, 1);
  symlinkSync(target, join(ws, '.harness'));
  const r = await cli('tasks', 'list', '--workspace', ws);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'No tasks yet.\n');
  assert.equal(r.stderr, '', 'a link is ignored without a word');
});

test('empty state: no tasks and no checkpoints, nothing created', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'harness-cli-'));
  assert.equal((await cli('tasks', 'list', '--workspace', ws)).stdout, 'No tasks yet.\n');
  assert.equal((await cli('checkpoints', 'list', '--workspace', ws, '--json')).stdout, '[]\n');
  assert.equal(existsSync(join(ws, '.harness')), false);
  assert.equal(existsSync(defaultStateDir(ws)), false, 'listing creates no state folder');
});
