import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsStateStore, type StateStore } from '../../../src/core/state/store';
import { CheckpointNotFoundError, CheckpointStore } from '../../../src/core/state/checkpoints';
import { sha256 } from '../../../src/core/shared/hash';
import { parseCheckpointHead } from '../../../src/core/state/checkpoint-file';

/** Every stored copy of a content, by hash: inside checkpoint files, and saved on its own (blobs/). */
function storedCopies(state: string): string[] {
  const dir = join(state, 'checkpoints');
  const inline = (existsSync(dir) ? readdirSync(dir) : [])
    .filter((n) => n.endsWith('.ckpt'))
    .flatMap((n) => {
      const p = parseCheckpointHead(readFileSync(join(dir, n)));
      return p.ok ? p.header.blobs.map((b) => b.hash) : [];
    });
  const loose = existsSync(join(state, 'blobs')) ? readdirSync(join(state, 'blobs')) : [];
  return [...inline, ...loose].sort();
}

/** Rewrites bytes inside a checkpoint file without changing its length (what a bit flip or a tamperer does). */
function tamper(state: string, id: string, from: string, to: string) {
  assert.equal(from.length, to.length);
  const file = join(state, 'checkpoints', `${id}.ckpt`);
  const buf = readFileSync(file);
  const at = buf.lastIndexOf(Buffer.from(from));
  assert.ok(at >= 0, `${from} is in ${id}`);
  buf.write(to, at);
  writeFileSync(file, buf);
}

function setup() {
  const base = mkdtempSync(join(tmpdir(), 'harness-ckpt-'));
  const root = join(base, 'ws');
  const state = join(base, 'state');
  mkdirSync(root);
  const store = fsStateStore(state);
  let t = 1_000_000;
  const cps = new CheckpointStore(store, root, undefined, () => (t += 1000));
  const write = (rel: string, s: string) => writeFileSync(join(root, rel), s);
  const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
  const blobs = () => storedCopies(state);
  return { root, state, store, cps, write, read, blobs };
}

/** What the agent does: checkpoint, write, record what it wrote. */
async function agentEdit(s: ReturnType<typeof setup>, taskId: string, edits: Record<string, string | null>) {
  const files = Object.keys(edits).map((path) => ({ path, before: existsSync(join(s.root, path)) ? s.read(path) : null }));
  const id = await s.cps.create(taskId, files, 'edit');
  for (const [path, after] of Object.entries(edits)) {
    if (after !== null) s.write(path, after);
    await s.cps.recordAfter(id, path, after);
  }
  return id;
}

test('restore returns modified files to their prior content and deletes files the agent created', async () => {
  const s = setup();
  s.write('a.txt', 'original a\n');
  const id = await agentEdit(s, 't1', { 'a.txt': 'agent a\n', 'new.txt': 'created by agent\n' });
  assert.equal(s.read('a.txt'), 'agent a\n');

  const m = await s.cps.get(id);
  assert.deepEqual(m?.files.map((f) => [f.path, f.beforeHash === 'absent']), [['a.txt', false], ['new.txt', true]]);

  const report = await s.cps.restore(id);
  assert.deepEqual(report.restored, ['a.txt']);
  assert.deepEqual(report.deleted, ['new.txt']);
  assert.deepEqual(report.conflicts, []);
  assert.equal(s.read('a.txt'), 'original a\n');
  assert.equal(existsSync(join(s.root, 'new.txt')), false);

  // Restoring again changes nothing and says so.
  const again = await s.cps.restore(id);
  assert.deepEqual(again.unchanged.sort(), ['a.txt', 'new.txt']);
  assert.deepEqual([...again.restored, ...again.deleted], []);
});

test('restoring an earlier checkpoint undoes the later edits of the same task too, without false conflicts', async () => {
  const s = setup();
  s.write('a.txt', 'v0');
  const first = await agentEdit(s, 't1', { 'a.txt': 'v1' });
  await agentEdit(s, 't1', { 'a.txt': 'v2', 'b.txt': 'new' });
  const report = await s.cps.restore(first);
  assert.deepEqual(report.conflicts, []);
  assert.equal(s.read('a.txt'), 'v0');
  assert.equal(existsSync(join(s.root, 'b.txt')), false);
});

test('the same content stored twice is kept once: the later checkpoint references the earlier copy', async () => {
  const s = setup();
  s.write('a.txt', 'same content');
  s.write('b.txt', 'same content');
  const first = await s.cps.create('t1', [{ path: 'a.txt', before: 'same content' }]);
  const second = await s.cps.create('t1', [{ path: 'b.txt', before: 'same content' }, { path: 'c.txt', before: null }]);
  assert.deepEqual(s.blobs(), [sha256('same content')]);
  assert.equal((await s.cps.get(second))?.files[0].storedIn, first);
  assert.equal((await s.cps.list('t1')).length, 2);
  // And the reference restores.
  s.write('b.txt', 'agent');
  await s.cps.recordAfter(second, 'b.txt', 'agent');
  assert.deepEqual((await s.cps.restore(second)).restored, ['b.txt']);
  assert.equal(s.read('b.txt'), 'same content');
});

test('a damaged earlier copy is not referenced: the content is stored again', async () => {
  const s = setup();
  const first = await s.cps.create('t1', [{ path: 'a.txt', before: 'precious' }]);
  tamper(s.state, first, 'precious', 'PRECIOUS');
  // The next task's store reads an earlier copy back before it references it.
  const next = new CheckpointStore(s.store, s.root);
  const second = await next.create('t2', [{ path: 'a.txt', before: 'precious' }]);
  assert.equal((await s.cps.get(second))?.files[0].storedIn, undefined);
  assert.equal((await s.cps.storedContent(sha256('precious')))?.toString(), 'precious');
});

test('a file the user changed after the agent is a conflict, left alone, then overwritten with force', async () => {
  const s = setup();
  s.write('a.txt', 'before');
  s.write('b.txt', 'b before');
  const id = await agentEdit(s, 't1', { 'a.txt': 'agent', 'b.txt': 'b agent', 'c.txt': 'created' });
  s.write('a.txt', 'agent + user work'); // the user kept editing
  s.write('c.txt', 'user rewrote the new file');

  const report = await s.cps.restore(id);
  assert.deepEqual(report.restored, ['b.txt']);
  assert.deepEqual(report.conflicts.map((c) => c.path).sort(), ['a.txt', 'c.txt']);
  assert.match(report.conflicts[0].reason, /changed after the agent's edit/);
  assert.equal(s.read('a.txt'), 'agent + user work');
  assert.equal(s.read('c.txt'), 'user rewrote the new file');

  // The user picks a.txt only.
  const forced = await s.cps.restore(id, { force: true, paths: ['a.txt'] });
  assert.deepEqual(forced.restored, ['a.txt']);
  assert.deepEqual(forced.conflicts, []);
  assert.equal(s.read('a.txt'), 'before');
  assert.equal(s.read('c.txt'), 'user rewrote the new file');
});

test('a damaged blob is never written into the workspace', async () => {
  const s = setup();
  s.write('a.txt', 'good');
  const id = await agentEdit(s, 't1', { 'a.txt': 'agent' });
  tamper(s.state, id, 'good', 'evil');
  const report = await s.cps.restore(id);
  assert.equal(report.conflicts.length, 1);
  assert.match(report.conflicts[0].reason, /missing or damaged/);
  assert.equal(s.read('a.txt'), 'agent');
});

test('a manifest pointing outside the workspace does not escape it', async () => {
  const s = setup();
  const id = await s.cps.create('t1', [{ path: 'aaaaaa.txt', before: 'x' }]);
  tamper(s.state, id, '"aaaaaa.txt"', '"../out.txt"');
  assert.equal((await s.cps.get(id))?.files[0].path, '../out.txt');
  const report = await s.cps.restore(id, { force: true });
  assert.equal(report.conflicts.length, 1);
  assert.equal(existsSync(join(s.root, '..', 'out.txt')), false);
});

test('a truncated or foreign checkpoint file is skipped, never fatal', async () => {
  const s = setup();
  const good = await s.cps.create('t1', [{ path: 'a.txt', before: 'a' }]);
  const bad = await s.cps.create('t1', [{ path: 'b.txt', before: 'b' }]);
  const file = join(s.state, 'checkpoints', `${bad}.ckpt`);
  writeFileSync(file, readFileSync(file).subarray(0, 40));
  writeFileSync(join(s.state, 'checkpoints', 'cforeign.ckpt'), '{"id":"cforeign"}\n');
  assert.deepEqual((await s.cps.list()).map((m) => m.id), [good]);
  await assert.rejects(s.cps.restore(bad), CheckpointNotFoundError);
  // Prune clears such files once they are old enough not to be a live process's fill in progress.
  const hourAgo = new Date(Date.now() - 3600_000);
  utimesSync(file, hourAgo, hourAgo);
  await s.cps.prune({ maxCount: 10 });
  assert.equal(existsSync(file), false, 'an old damaged file is removed');
  assert.equal(existsSync(join(s.state, 'checkpoints', 'cforeign.ckpt')), true, 'a young one stays');
  assert.deepEqual((await s.cps.list()).map((m) => m.id), [good]);
});

test('unknown checkpoint ids and path tricks are refused', async () => {
  const s = setup();
  await assert.rejects(s.cps.restore('c-nope'), CheckpointNotFoundError);
  await assert.rejects(s.cps.restore('../../etc'), CheckpointNotFoundError);
  await assert.rejects(s.cps.create('t1', [{ path: '../x', before: 'x' }]), /'\.\.'/);
  await assert.rejects(s.cps.create('../t', [{ path: 'x', before: 'x' }]), /invalid task id/);
});

test('prune by count and by size reports what it removed and keeps contents still referenced', async () => {
  const s = setup();
  const shared = 'shared '.repeat(100); // 700 bytes, referenced by old and new checkpoints
  const c1 = await s.cps.create('t1', [{ path: 'a.txt', before: shared }, { path: 'old.txt', before: 'only old' }]);
  const c2 = await s.cps.create('t1', [{ path: 'b.txt', before: 'x'.repeat(1000) }]);
  const c3 = await s.cps.create('t2', [{ path: 'a.txt', before: shared }]);
  assert.equal((await s.cps.get(c3))?.files[0].storedIn, c1); // de-duplicated
  assert.equal(s.blobs().length, 3);

  const byCount = await s.cps.prune({ maxCount: 2 });
  assert.deepEqual(byCount.removedCheckpoints, [c1]);
  assert.equal(byCount.removedBlobs, 1); // 'only old'; the shared content is still used by c3
  assert.equal(byCount.freedBytes, 'only old'.length);
  assert.deepEqual(s.blobs(), [sha256(shared), sha256('x'.repeat(1000))].sort());
  assert.deepEqual(readdirSync(join(s.state, 'blobs')), [sha256(shared)]); // moved out of c1's file before it went

  const bySize = await s.cps.prune({ maxBytes: 800 });
  assert.deepEqual(bySize.removedCheckpoints, [c2]);
  assert.equal(bySize.freedBytes, 1000);
  assert.deepEqual((await s.cps.list()).map((m) => m.id), [c3]);
  assert.deepEqual(s.blobs(), [sha256(shared)]);
  // What is left still restores.
  s.write('a.txt', 'changed');
  const r = await s.cps.restore(c3, { force: true });
  assert.deepEqual(r.restored, ['a.txt']);
  assert.equal(s.read('a.txt'), shared);

  // Nothing left to need it: the saved copy goes too.
  const all = await s.cps.prune({ maxCount: 0 });
  assert.deepEqual(all, { removedCheckpoints: [c3], removedBlobs: 1, freedBytes: 700 });
  assert.deepEqual(s.blobs(), []);
  await s.cps.release(); // the unfilled file made ready for the next checkpoint
  assert.deepEqual(readdirSync(join(s.state, 'checkpoints')), []);
});

test('checkpoint creation touches only the edited files, whatever the workspace size', async () => {
  const s = setup();
  for (let d = 0; d < 20; d++) {
    mkdirSync(join(s.root, `d${d}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(s.root, `d${d}`, `f${f}.ts`), `export const v${d}_${f} = ${f};\n`);
  }
  // Record every state-store operation and every workspace read/write the checkpoint code makes.
  const touched: string[] = [];
  const inner = fsStateStore(s.state);
  const spy: StateStore = new Proxy(inner, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? (...args: unknown[]) => (touched.push(`${String(prop)} ${String(args[0])}`), v.apply(target, args)) : v;
    },
  });
  const wsOps: string[] = [];
  const applier = {
    read: async (rel: string) => (wsOps.push(`read ${rel}`), existsSync(join(s.root, rel)) ? s.read(rel) : null),
    apply: async (rel: string, c: string | null) => {
      wsOps.push(`apply ${rel}`);
      if (c !== null) s.write(rel, c);
    },
  };
  const cps = new CheckpointStore(spy, s.root, applier);
  const before = s.read('d3/f7.ts');
  const id = await cps.create('t1', [{ path: 'd3/f7.ts', before }, { path: 'd9/f1.ts', before: s.read('d9/f1.ts') }]);
  assert.deepEqual(wsOps, []); // creation reads nothing from the workspace: the caller hands in the content
  assert.ok(touched.every((op) => / (checkpoints\/c[0-9a-z-]+\.(ckpt|after)|checkpoints)$/.test(op)), touched.join('\n'));
  assert.deepEqual(s.blobs().length, 2);
  await cps.release(); // the unfilled file made ready for the next checkpoint
  assert.deepEqual(readdirSync(join(s.state, 'checkpoints')), [`${id}.ckpt`]);

  s.write('d3/f7.ts', 'agent');
  await cps.recordAfter(id, 'd3/f7.ts', 'agent');
  const r = await cps.restore(id);
  assert.deepEqual(r.restored, ['d3/f7.ts']);
  assert.deepEqual(r.unchanged, ['d9/f1.ts']);
  assert.deepEqual(wsOps.sort(), ['apply d3/f7.ts', 'read d3/f7.ts', 'read d9/f1.ts']);
  assert.equal(s.read('d3/f7.ts'), before);
});

test('prune clears temp files a killed process left, but not fresh ones', async () => {
  const s = setup();
  await s.cps.create('t1', [{ path: 'a.txt', before: 'a' }]);
  mkdirSync(join(s.state, 'blobs'));
  const old = join(s.state, 'blobs', 'abc.tmp-1-dead');
  const fresh = join(s.state, 'checkpoints', 'c1.ckpt.tmp-2-live');
  writeFileSync(old, 'half');
  writeFileSync(fresh, 'half');
  const hourAgo = new Date(Date.now() - 3600_000);
  utimesSync(old, hourAgo, hourAgo);
  const r = await s.cps.prune({ maxCount: 10 });
  assert.deepEqual(r, { removedCheckpoints: [], removedBlobs: 0, freedBytes: 0 });
  assert.equal(existsSync(old), false);
  assert.equal(existsSync(fresh), true);
  assert.deepEqual(s.blobs(), [sha256('a')]);
});

test('restoring a path that is not in the checkpoint says so', async () => {
  const s = setup();
  s.write('a.txt', 'a');
  const id = await agentEdit(s, 't1', { 'a.txt': 'b' });
  const r = await s.cps.restore(id, { paths: ['other.txt'] });
  assert.deepEqual(r.conflicts, [{ path: 'other.txt', reason: `other.txt is not part of checkpoint ${id}; nothing to restore` }]);
  assert.equal(s.read('a.txt'), 'b');
});

test('what the agent wrote survives a torn line left by a killed process, and prune drops the lines of pruned checkpoints', async () => {
  const s = setup();
  s.write('a.txt', 'v0');
  const first = await agentEdit(s, 't1', { 'a.txt': 'v1' });
  const log = join(s.state, 'checkpoints', 'after.log');
  writeFileSync(log, readFileSync(log, 'utf8') + '{"id":"c-torn","after":{"a.t'); // killed mid-line
  // A new process (a fresh store) records the next edit: it starts on a line of its own.
  const fresh = new CheckpointStore(fsStateStore(s.state), s.root);
  s.write('b.txt', 'b0');
  const files = [{ path: 'b.txt', before: 'b0' }];
  const second = await fresh.create('t1', files);
  s.write('b.txt', 'b1');
  await fresh.recordAfter(second, 'b.txt', 'b1');
  assert.equal((await fresh.get(second))?.files[0].afterHash, sha256('b1'));
  assert.equal((await fresh.get(first))?.files[0].afterHash, sha256('v1'));
  // Restoring the second edit is clean (no false conflict): its record was not swallowed.
  assert.deepEqual((await fresh.restore(second)).restored, ['b.txt']);

  await fresh.prune({ maxCount: 1 });
  const ids = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
  assert.deepEqual(ids, [second], 'only the kept checkpoint has lines left');
});

test('a hostile state folder: prune never lists or deletes through a symlinked blobs/ or checkpoints/ folder', async () => {
  for (const planted of ['blobs', 'checkpoints']) {
    const s = setup();
    await s.cps.create('t1', [{ path: 'a.txt', before: 'a' }]);
    await s.cps.release();
    const victim = mkdtempSync(join(tmpdir(), 'harness-victim-'));
    writeFileSync(join(victim, 'important.txt'), 'keep me');
    writeFileSync(join(victim, 'c0000000000-deadbeef.ckpt'), 'keep me too');
    writeFileSync(join(victim, sha256('x')), 'and me');
    const old = new Date(Date.now() - 3600_000);
    for (const f of readdirSync(victim)) utimesSync(join(victim, f), old, old);
    if (planted === 'checkpoints') {
      for (const f of readdirSync(join(s.state, 'checkpoints'))) writeFileSync(join(victim, f), readFileSync(join(s.state, 'checkpoints', f)));
      rmSync(join(s.state, 'checkpoints'), { recursive: true });
    } else rmSync(join(s.state, 'blobs'), { recursive: true, force: true });
    const expected = readdirSync(victim).sort();
    symlinkSync(victim, join(s.state, planted));
    const fresh = new CheckpointStore(fsStateStore(s.state), s.root);
    await assert.rejects(fresh.prune({ maxCount: 0 }), new RegExp(`${planted} is a symbolic link: remove it or choose another --state-dir`));
    assert.deepEqual(readdirSync(victim).sort(), expected);
    assert.equal(readFileSync(join(victim, 'important.txt'), 'utf8'), 'keep me', `${planted}: nothing outside is deleted`);
  }
});

test('forged checkpoint files (dated ahead, claiming huge contents) and a planted loose copy cannot make prune drop real content', async () => {
  const s = setup();
  const shared = 'shared content';
  const c1 = await s.cps.create('t1', [{ path: 'a.txt', before: shared }]);
  const c2 = await s.cps.create('t1', [{ path: 'b.txt', before: shared }]); // references c1's copy
  // A repository ships a checkpoint dated next year whose header claims 1 PB, and garbage under the
  // shared content's hash in blobs/.
  const forged = { id: 'cforged', taskId: 'evil', createdAt: Date.now() + 365 * 86400_000, label: '', files: [{ path: 'x', beforeHash: 'f'.repeat(64), bytes: 1e15 }], blobs: [{ hash: 'f'.repeat(64), offset: 0, length: 1e15 }] };
  const header = JSON.stringify(forged) + '\n';
  writeFileSync(join(s.state, 'checkpoints', 'cforged.ckpt'), `harness-checkpoint 1 ${Buffer.byteLength(header)}\n${header}`);
  mkdirSync(join(s.state, 'blobs'), { recursive: true });
  writeFileSync(join(s.state, 'blobs', sha256(shared)), 'not the content');

  assert.deepEqual((await s.cps.list()).map((m) => m.id), [c2, c1], 'the forged checkpoint is not believed');
  const r = await s.cps.prune({ maxCount: 1, maxBytes: 1000 });
  assert.deepEqual(r.removedCheckpoints, [c1]);
  // c2 still restores: its content was moved out of c1's file, over the planted garbage.
  s.write('b.txt', 'changed');
  assert.deepEqual((await s.cps.restore(c2, { force: true })).restored, ['b.txt']);
  assert.equal(s.read('b.txt'), shared);
});
