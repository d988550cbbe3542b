import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLockManager, LockedError } from '../../../src/core/state/locks';
import { TaskLimiter, QueueCancelledError, queuedMessage } from '../../../src/core/state/limiter';

const tick = () => new Promise((r) => setImmediate(r));

test('a second task waits for the lock and proceeds after release; refusal mode throws LockedError', async () => {
  const locks = new FileLockManager();
  const releaseA = await locks.acquire('src/a.ts', 'A');
  const order = [] as string[];
  const waiting = locks.acquire('src/a.ts', 'B', { wait: true }).then((rel) => (order.push('B got it'), rel));
  await tick();
  assert.equal(order.length, 0);
  assert.equal(locks.holder('src/a.ts'), 'A');

  await assert.rejects(locks.acquire('src/a.ts', 'C'), (e: unknown) => {
    assert.ok(e instanceof LockedError);
    assert.equal(e.message, 'src/a.ts is being edited by task A; wait for it or edit another file');
    return true;
  });

  order.push('A releases');
  releaseA();
  releaseA(); // a second release is harmless
  const releaseB = await waiting;
  assert.deepEqual(order, ['A releases', 'B got it']);
  assert.equal(locks.holder('./src/a.ts'), 'B');
  releaseB();
  assert.equal(locks.holder('src/a.ts'), undefined);
});

test('locks are re-entrant for one task, FIFO for others, and give up on timeout or abort', async () => {
  const locks = new FileLockManager(false);
  const r1 = await locks.acquire('f', 'A');
  const r2 = await locks.acquire('f', 'A');
  const got: string[] = [];
  const b = locks.acquire('f', 'B', { wait: true }).then((r) => (got.push('B'), r));
  const c = locks.acquire('f', 'C', { wait: true }).then((r) => (got.push('C'), r));
  const ctl = new AbortController();
  const d = locks.acquire('f', 'D', { wait: true, signal: ctl.signal });
  const e = locks.acquire('f', 'E', { wait: true, timeoutMs: 20 });
  ctl.abort();
  await assert.rejects(d, /cancelled|abort/i);
  await assert.rejects(e, (err: unknown) => err instanceof LockedError && /after 20 ms/.test(err.message));
  r1();
  await tick();
  assert.deepEqual(got, []); // A still holds it once
  r2();
  (await b)();
  (await c)();
  assert.deepEqual(got, ['B', 'C']);
  assert.equal(locks.holder('f'), undefined);
});

test('a wait that would deadlock is refused with a message the model can act on', async () => {
  const locks = new FileLockManager();
  await locks.acquire('x', 'A');
  await locks.acquire('y', 'B');
  const aWaits = locks.acquire('y', 'A', { wait: true });
  await assert.rejects(locks.acquire('x', 'B', { wait: true }), /waiting for a file task B holds/);
  locks.releaseAll('B');
  (await aWaits)();
});

test('two tasks editing neighbouring lines of one file in turn lose no update', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-locks-'));
  const file = join(dir, 'shared.txt');
  const locks = new FileLockManager();
  type Acquire = () => Promise<() => void>;
  const noLock: Acquire = async () => () => undefined;

  // Each task edits its own lines one after another, with a read-modify-write and a pause in the
  // middle, as an agent step would (read, propose, approve, apply). Both tasks run at once.
  async function runTask(taskId: string, lineNos: number[], acquire: Acquire) {
    for (const lineNo of lineNos) {
      const release = await acquire();
      try {
        const lines = (await readFile(file, 'utf8')).split('\n');
        await new Promise((r) => setTimeout(r, 5));
        lines[lineNo] = `${lines[lineNo]} edited by ${taskId}`;
        await writeFile(file, lines.join('\n'));
      } finally {
        release();
      }
    }
  }
  async function scenario(lock: (task: string) => Acquire): Promise<string[]> {
    writeFileSync(file, Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n'));
    await Promise.all([runTask('A', [0, 2, 4, 6], lock('A')), runTask('B', [1, 3, 5, 7], lock('B'))]);
    return readFileSync(file, 'utf8').split('\n');
  }

  // Control: without the lock the interleaving really does lose updates.
  const unlocked = await scenario(() => noLock);
  assert.ok(unlocked.slice(0, 8).some((l) => !l.includes('edited by')));

  const lines = await scenario((task) => () => locks.acquire('shared.txt', task, { wait: true }));
  for (let i = 0; i < 8; i++) assert.equal(lines[i], `line ${i} edited by ${i % 2 === 0 ? 'A' : 'B'}`);
  assert.equal(lines[8], 'line 8');
});

test('the limiter runs at most N tasks and queues the third with its position', async () => {
  const limiter = new TaskLimiter(2);
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  const task = (id: string) => () =>
    new Promise<string>((resolve) => {
      started.push(id);
      gates.set(id, () => resolve(`${id} done`));
    });
  const positions: Record<string, number[]> = { t3: [], t4: [] };
  const p1 = limiter.run('t1', task('t1'));
  const p2 = limiter.run('t2', task('t2'));
  const p3 = limiter.run('t3', task('t3'), (pos) => positions.t3.push(pos));
  const p4 = limiter.run('t4', task('t4'), (pos) => positions.t4.push(pos));
  await tick();
  assert.deepEqual(started, ['t1', 't2']);
  assert.deepEqual(limiter.queuedTasks, ['t3', 't4']);
  assert.deepEqual(positions, { t3: [1], t4: [2] });
  assert.match(queuedMessage('t3', 1, 2), /queued \(position 1\): 2 tasks are already running \(harness\.maxConcurrentTasks = 2\)/);

  gates.get('t1')!();
  assert.equal(await p1, 't1 done');
  await tick();
  assert.deepEqual(started, ['t1', 't2', 't3']);
  assert.deepEqual(positions.t4, [2, 1]);
  gates.get('t2')!();
  gates.get('t3')!();
  await Promise.all([p2, p3]);
  await tick();
  assert.deepEqual(started, ['t1', 't2', 't3', 't4']);
  gates.get('t4')!();
  assert.equal(await p4, 't4 done');
  assert.deepEqual(limiter.runningTasks, []);
});

test('a queued task can be cancelled and never starts; a failing task frees its slot', async () => {
  const limiter = new TaskLimiter(1);
  let release!: () => void;
  const first = limiter.run('a', () => new Promise<void>((r) => (release = r)));
  const ctl = new AbortController();
  let ranB = false;
  const b = limiter.run('b', async () => void (ranB = true), undefined, ctl.signal);
  let ranC = false;
  const c = limiter.run('c', async () => void (ranC = true));
  const d = limiter.run('d', async () => {
    throw new Error('boom');
  });
  await tick();
  ctl.abort();
  await assert.rejects(b, QueueCancelledError);
  assert.equal(limiter.cancel('c'), true);
  await assert.rejects(c, QueueCancelledError);
  release();
  await first;
  await assert.rejects(d, /boom/);
  assert.equal(ranB || ranC, false);
  assert.equal(await limiter.run('e', async () => 'ran'), 'ran'); // the slot came back after the failure
  assert.throws(() => new TaskLimiter(0), /at least 1/);
});
