// Two processes on one state directory: a file one of them is editing is refused to the other
// (a clear message naming the task and pid), and a killed holder's lock does not block for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { processLocks } from '../../../src/core/state/process-locks';
import { FileLockManager, LockedError } from '../../../src/core/state/locks';

const LOCKS_MODULE = resolve(__dirname, '../../../src/core/state/process-locks.ts');

/** A child process that takes the lock on `key` and then waits to be killed. */
async function holderProcess(dir: string, key: string) {
  const code = `const { processLocks } = require(${JSON.stringify(LOCKS_MODULE)});
    const r = processLocks(${JSON.stringify(dir)}).tryLock(${JSON.stringify(key)}, 'task-other');
    process.stdout.write(r.ok ? 'locked\\n' : 'refused\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res) => child.stdout.once('data', (d: Buffer) => res(d.toString().trim())));
  return { child, line };
}

const exited = (child: ReturnType<typeof spawn>) => new Promise<void>((r) => child.once('exit', () => r()));

test('a file locked by another live process is refused; once that process is killed the lock is taken over', { timeout: 20_000 }, async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'harness-plocks-')), 'locks');
  const { child, line } = await holderProcess(dir, 'src/shared.ts');
  try {
    assert.equal(line, 'locked');
    const locks = new FileLockManager(false, processLocks(dir));
    await assert.rejects(locks.acquire('src/shared.ts', 'task-here'), (e: unknown) => {
      assert.ok(e instanceof LockedError);
      assert.equal(e.message, `src/shared.ts is being edited by task task-other in another harness process (pid ${child.pid}); wait for it or edit another file`);
      return true;
    });
    // Other files are free.
    const other = await locks.acquire('src/other.ts', 'task-here');
    other();

    child.kill('SIGKILL');
    await exited(child);
    const release = await locks.acquire('src/shared.ts', 'task-here');
    assert.equal(locks.holder('src/shared.ts'), 'task-here');
    release();
    assert.deepEqual(readdirSync(dir), [], 'the lock file is gone once released');
  } finally {
    child.kill('SIGKILL');
  }
});

test('a waiting acquire gets the file as soon as the other process lets go', { timeout: 20_000 }, async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'harness-plocks-')), 'locks');
  const { child } = await holderProcess(dir, 'a.txt');
  const locks = new FileLockManager(false, processLocks(dir));
  const started = Date.now();
  const waiting = locks.acquire('a.txt', 'task-here', { wait: true, timeoutMs: 10_000 });
  setTimeout(() => child.kill('SIGKILL'), 300);
  const release = await waiting;
  assert.ok(Date.now() - started >= 250, 'it waited for the holder');
  release();
  await assert.rejects(
    (async () => {
      const again = await holderProcess(dir, 'a.txt');
      try {
        await locks.acquire('a.txt', 'task-here', { wait: true, timeoutMs: 300 });
      } finally {
        again.child.kill('SIGKILL');
      }
    })(),
    /still being edited|in another harness process/,
  );
});

test('a lock file a repository ships (no owner token) does not block an edit; something else in its place is named', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'harness-plocks-')), 'locks');
  mkdirSync(dir, { recursive: true });
  const locks = processLocks(dir);
  // Find the file name the lock for this key uses by taking and releasing it once.
  assert.deepEqual(locks.tryLock('x.ts', 't1'), { ok: true });
  const [name] = readdirSync(dir);
  locks.unlock('x.ts');
  writeFileSync(join(dir, name), JSON.stringify({ pid: 1, taskId: 'evil', path: 'x.ts' })); // pid 1 is always alive
  assert.deepEqual(locks.tryLock('x.ts', 't1'), { ok: true });
  locks.unlock('x.ts');
  mkdirSync(join(dir, name));
  assert.throws(() => locks.tryLock('x.ts', 't1'), /is not a lock file: remove it, then try again/);
});

test('a locks folder planted as a symbolic link is refused: no lock file lands where it points', () => {
  const base = mkdtempSync(join(tmpdir(), 'harness-plocks-'));
  const elsewhere = join(base, 'elsewhere');
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(base, 'locks'));
  assert.throws(() => processLocks(join(base, 'locks')).tryLock('a.ts', 't1'), /locks is a symbolic link: remove it, then try again/);
  assert.deepEqual(readdirSync(elsewhere), []);
});
