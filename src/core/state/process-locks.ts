// File locks between processes that share a state directory (two `harness run` in one workspace):
// one lock file per workspace file, created with O_EXCL, naming the process that holds it. The
// in-process FileLockManager decides between the tasks of one process; this only keeps two processes
// from reading, proposing and writing the same file at once. A lock whose process is gone (killed)
// is broken; so is one older than a working day, so a lock file a repository ships cannot block an
// edit for good.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const MAX_LOCK_AGE_MS = 12 * 60 * 60 * 1000;

export interface ProcessLockHolder {
  pid: number;
  taskId: string;
  path: string;
}

export interface CrossProcessLocks {
  /** Takes the lock for this process, or returns who holds it. */
  tryLock(key: string, taskId: string): { ok: true } | { ok: false; holder: ProcessLockHolder };
  unlock(key: string): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}

/** Lock files under `dir` (created on first use, private to the user). */
export function processLocks(dir: string): CrossProcessLocks {
  // Tells this process's lock files from a dead process's that got the same pid.
  const token = randomBytes(8).toString('hex');
  const fileOf = (key: string) => join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.lock`);

  function readHolder(file: string): (ProcessLockHolder & { token?: string; at: number }) | null {
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st) return null;
    if (!st.isFile()) throw new Error(`${file} is not a lock file: remove it, then try again`);
    try {
      const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ProcessLockHolder & { token: string }>;
      if (typeof v.pid === 'number' && typeof v.taskId === 'string' && typeof v.path === 'string') {
        return { pid: v.pid, taskId: v.taskId, path: v.path, token: v.token, at: st.mtimeMs };
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // released meanwhile
    }
    return { pid: 0, taskId: '?', path: '?', at: st.mtimeMs }; // unreadable or not ours: no live holder
  }

  // The folder itself must be a real folder: a planted symlink would put lock files elsewhere.
  function ensureDir(): void {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) throw new Error(`${dir} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: remove it, then try again`);
  }

  // Two processes may judge the same lock stale at once: moving it aside first, then checking that
  // what was moved is the stale lock, keeps one of them from deleting the other's fresh lock.
  function breakStale(file: string, stale: { pid: number; token?: string }): void {
    const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      return; // gone already
    }
    const moved = readHolder(aside);
    if (moved && (moved.pid !== stale.pid || moved.token !== stale.token)) {
      // A fresh lock taken meanwhile: put it back unless yet another one is there now.
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone holds it now; the moved one was theirs to lose anyway */
      }
    }
    fs.rmSync(aside, { force: true });
  }

  return {
    tryLock(key, taskId) {
      ensureDir();
      const file = fileOf(key);
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, 0o600);
          try {
            fs.writeSync(fd, JSON.stringify({ pid: process.pid, token, taskId, path: key }));
          } finally {
            fs.closeSync(fd);
          }
          return { ok: true };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const holder = readHolder(file);
        if (!holder) continue; // released meanwhile: try again
        if (holder.pid === process.pid && holder.token === token) return { ok: true }; // a leftover of ours
        const stale = holder.pid <= 0 || !alive(holder.pid) || holder.token === undefined || Date.now() - holder.at > MAX_LOCK_AGE_MS;
        if (!stale) return { ok: false, holder };
        breakStale(file, holder);
      }
      return { ok: false, holder: readHolder(file) ?? { pid: 0, taskId: '?', path: key } };
    },
    unlock(key) {
      const file = fileOf(key);
      const holder = readHolder(file);
      if (holder && holder.pid === process.pid && holder.token === token) fs.rmSync(file, { force: true });
    },
  };
}
