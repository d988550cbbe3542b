// Durability without waste: how many fsyncs a checkpoint and a journal record cost, counted on the
// real fs store by wrapping node:fs's fsync and fdatasync (every sync the store issues goes through them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore } from '../../../src/core/state/store';
import { CheckpointStore } from '../../../src/core/state/checkpoints';
import { RESERVED_BYTES, reservedIds } from '../../../src/core/state/checkpoint-reserve';
import { TaskJournal, journalPath, readJournal } from '../../../src/core/state/journal';
import { AuditLog } from '../../../src/core/state/audit-log';

const tmp = () => mkdtempSync(join(tmpdir(), 'harness-fsync-'));

/**
 * Counts fsync + fdatasync calls made while `fn` runs: the store and the audit log issue every one
 * through these four functions of node:fs, looked up at call time.
 */
async function countSyncs(fn: () => Promise<void>): Promise<{ sync: number; datasync: number }> {
  const fs = require('node:fs') as Record<'fsync' | 'fdatasync' | 'fsyncSync' | 'fdatasyncSync', (...a: unknown[]) => unknown>;
  const saved = { fsync: fs.fsync, fdatasync: fs.fdatasync, fsyncSync: fs.fsyncSync, fdatasyncSync: fs.fdatasyncSync };
  const n = { sync: 0, datasync: 0 };
  fs.fsync = (...a) => (n.sync++, saved.fsync(...a));
  fs.fsyncSync = (...a) => (n.sync++, saved.fsyncSync(...a));
  fs.fdatasync = (...a) => (n.datasync++, saved.fdatasync(...a));
  fs.fdatasyncSync = (...a) => (n.datasync++, saved.fdatasyncSync(...a));
  try {
    await fn();
  } finally {
    Object.assign(fs, saved);
  }
  return n;
}

function workspace(files: number) {
  const base = tmp();
  const root = join(base, 'ws');
  mkdirSync(root);
  const edits = Array.from({ length: files }, (_, i) => ({ path: `f${i}.ts`, before: `export const v${i} = ${i};\n` }));
  for (const f of edits) writeFileSync(join(root, f.path), f.before);
  return { root, state: join(base, 'state'), edits };
}

test('a 5-file checkpoint waits for one flush (was 22): its file was made ready in the background; recording what the agent wrote costs none', async () => {
  const w = workspace(5);
  const store = fsStateStore(w.state);
  const cps = new CheckpointStore(store, w.root);
  // Without a ready file (the first checkpoint of a process that skipped prepare): the file and its directory.
  let first = '';
  const cold = await countSyncs(async () => {
    first = await cps.create('t1', w.edits);
    await reservedIds(store); // the next file, made after this one in the background
  });
  assert.deepEqual(cold, { sync: 2 + 2, datasync: 0 });

  // With the file ready (a task prepares at its start, and every checkpoint readies the next):
  // filling it is one fdatasync; the two syncs are the next file's, made after create returned.
  const [ready] = await reservedIds(store);
  // Written zeros, so the fill changes no metadata; cut to the checkpoint's size once filled.
  assert.deepEqual(readFileSync(join(w.state, 'checkpoints', `${ready}.ckpt`)), Buffer.alloc(RESERVED_BYTES));
  let id = '';
  const warm = await countSyncs(async () => {
    id = await cps.create('t1', w.edits.map((f) => ({ ...f, before: `${f.before}v2\n` })));
    await reservedIds(store);
  });
  assert.equal(id, ready, 'the checkpoint went into the ready file');
  await new Promise((r) => setImmediate(r)); // the padding is cut after create has returned
  const filled = readFileSync(join(w.state, 'checkpoints', `${id}.ckpt`));
  assert.ok(filled.length < RESERVED_BYTES && filled[filled.length - 1] !== 0, 'no padding is left behind');
  assert.deepEqual(warm, { sync: 2, datasync: 1 });

  const after = await countSyncs(() => cps.recordAfterMany(id, w.edits.map((f) => ({ path: f.path, after: `${f.before}// edited\n` }))));
  assert.deepEqual(after, { sync: 0, datasync: 0 }); // losing it in a power cut makes a restore ask, never overwrite
  const m = await cps.get(id);
  assert.ok(m?.files.every((f) => f.afterHash && f.afterHash !== f.beforeHash));
  // The same content again: referenced, not stored a second time.
  const again = await cps.create('t1', w.edits);
  assert.ok((await cps.get(again))?.files.every((f) => f.storedIn === first));
  await new Promise((r) => setImmediate(r));
  assert.ok(statSync(join(w.state, 'checkpoints', `${again}.ckpt`)).size < statSync(join(w.state, 'checkpoints', `${first}.ckpt`)).size);
  // Giving the ready file back leaves only real checkpoints.
  await cps.release();
  assert.deepEqual(readdirSync(join(w.state, "checkpoints")).sort(), [`${first}.ckpt`, `${id}.ckpt`, "after.log", `${again}.ckpt`].sort());
});

test('a reserved file torn by a killed process is not a checkpoint, and is never filled twice', async () => {
  const w = workspace(1);
  const store = fsStateStore(w.state);
  const cps = new CheckpointStore(store, w.root);
  cps.prepare();
  const [ready] = await reservedIds(store);
  writeFileSync(join(w.state, 'checkpoints', `${ready}.ckpt`), 'harness-checkpoint 1 9999\n{"id":'); // half a fill
  assert.deepEqual(await cps.list(), []);
  const id = await cps.create('t1', w.edits);
  assert.notEqual(id, ready, 'a reserved file already written to is not overwritten');
  assert.deepEqual((await cps.list()).map((m) => m.id), [id]);
  assert.equal(existsSync(join(w.state, 'checkpoints', `${ready}.ckpt`)), false, 'the torn file is removed');
});

test('recordAfterMany refuses a path the checkpoint does not cover and records nothing', async () => {
  const w = workspace(2);
  const cps = new CheckpointStore(fsStateStore(w.state), w.root);
  const id = await cps.create('t1', w.edits.slice(0, 1));
  await assert.rejects(
    cps.recordAfterMany(id, [{ path: 'f0.ts', after: 'x' }, { path: 'f1.ts', after: 'y' }]),
    /does not cover f1\.ts/,
  );
  assert.equal((await cps.get(id))?.files[0].afterHash, undefined);
});

/** Descriptors of this process open on `file` (Linux /proc; null elsewhere). */
function openFds(file: string): number | null {
  if (!existsSync('/proc/self/fd')) return null;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

test('journal records: durable ones fdatasynced each, the rest written at once and synced on close; one open file per task', async (t) => {
  const dir = tmp();
  const store = fsStateStore(dir);
  const j = await TaskJournal.open(store, 't1');
  const n = await countSyncs(async () => {
    for (let i = 0; i < 10; i++) await j.append({ type: 'task-resumed', step: i, usage: { promptTokens: 0, completionTokens: 0 } });
  });
  assert.equal(n.datasync, 10); // a resume marker is durable before append resolves
  const m = await countSyncs(async () => {
    for (let i = 0; i < 10; i++) await j.append({ type: 'tool-call-ended', toolCallId: `c${i}`, tool: 'read_file', outcome: 'ok', result: 'ok' });
  });
  assert.equal(m.datasync, 0); // tool results ride on the next durable record
  assert.equal((await readJournal(store, 't1'))?.records.length, 20); // but they are already in the file
  const file = join(dir, journalPath('t1'));
  const fds = openFds(file);
  if (fds === null) return t.skip('no /proc/self/fd here');
  assert.equal(fds, 1);
  const c = await countSyncs(() => j.close());
  assert.equal(c.datasync, 1); // the unsynced tail is made durable before the file closes
  assert.equal(openFds(file), 0);
  assert.equal((await readJournal(store, 't1'))?.records.length, 20);
});

test('an open journal handle follows the file when another process replaces it', async () => {
  const dir = tmp();
  const store = fsStateStore(dir);
  const j = await TaskJournal.open(store, 't1');
  await j.append({ type: 'task-resumed', step: 0, usage: { promptTokens: 0, completionTokens: 0 } });
  // Another process rewrites the journal (same content) by rename, as a repair would.
  const file = join(dir, journalPath('t1'));
  writeFileSync(`${file}.new`, readFileSync(file));
  renameSync(`${file}.new`, file);
  await j.append({ type: 'task-ended', status: 'cancelled', summary: '', verdict: 'not_run', steps: 0, usage: { promptTokens: 0, completionTokens: 0 } });
  const read = await readJournal(store, 't1');
  assert.deepEqual(read?.records.map((r) => r.type), ['task-resumed', 'task-ended']);
  await j.close();
});

test('audit lines reach the file at once and are fsynced in batches in the background, not one per line', async () => {
  const dir = tmp();
  const audit = new AuditLog(dir, 't1');
  const writing = await countSyncs(async () => {
    for (let i = 0; i < 120; i++) audit.write({ kind: 'decision', i });
  });
  // Readable before close: a killed process loses no line already written.
  assert.equal(readFileSync(audit.file, 'utf8').trimEnd().split('\n').length, 120);
  // Every 50 lines a sync is started in the thread pool; none is waited for on the caller's time.
  assert.deepEqual(writing, { sync: 0, datasync: 2 });
  const closing = await countSyncs(async () => audit.close());
  assert.deepEqual(closing, { sync: 0, datasync: 1 }); // close waits for the disk
});

test('a reserved file removed while it is filled (another process pruned it) is noticed: the checkpoint is written anew', async () => {
  const w = workspace(1);
  const store = fsStateStore(w.state);
  const cps = new CheckpointStore(store, w.root);
  cps.prepare();
  const [ready] = await reservedIds(store);
  const fs = require('node:fs') as { fdatasync: (fd: number, cb: (e: Error | null) => void) => void };
  const real = fs.fdatasync;
  let removed = false;
  fs.fdatasync = (fd, cb) => {
    if (!removed) {
      removed = true;
      rmSync(join(w.state, 'checkpoints', `${ready}.ckpt`)); // the other process's prune, mid-fill
    }
    real(fd, cb);
  };
  let id = '';
  try {
    id = await cps.create('t1', w.edits);
  } finally {
    fs.fdatasync = real;
  }
  assert.ok(removed);
  assert.notEqual(id, ready);
  assert.deepEqual((await cps.list()).map((m) => m.id), [id], 'the checkpoint is on disk under its new name');
});
