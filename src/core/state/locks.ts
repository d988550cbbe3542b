// Per-file locks between tasks running in one process (extension host or CLI), and, given
// cross-process locks, between processes sharing a state directory. A file with a pending or
// applying edit in one task is locked for the others: they wait in line or are told, in words the
// model can act on, to come back later or edit another file.

import type { CrossProcessLocks } from './process-locks';

export type Release = () => void;

export class LockedError extends Error {
  constructor(
    readonly path: string,
    readonly holder: string,
    message = `${path} is being edited by task ${holder}; wait for it or edit another file`,
  ) {
    super(message);
    this.name = 'LockedError';
  }
}

export interface AcquireOptions {
  /** Wait in line (FIFO) instead of throwing LockedError at once. */
  wait?: boolean;
  signal?: AbortSignal;
  /** Give up waiting after this long (LockedError). */
  timeoutMs?: number;
}

interface Waiter {
  taskId: string;
  grant: () => void;
  fail: (e: Error) => void;
}

interface Held {
  taskId: string;
  count: number;
  waiters: Waiter[];
}

function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('cancelled while waiting for a file lock');
  e.name = 'AbortError';
  return e;
}

export class FileLockManager {
  private readonly held = new Map<string, Held>();
  /** What each waiting task waits for, to refuse a wait that would deadlock. */
  private readonly waitingFor = new Map<string, string>();

  constructor(
    private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin',
    /** Lock files shared with other processes on the same state directory (the CLI's); none in tests. */
    private readonly crossProcess?: CrossProcessLocks,
  ) {}

  private key(path: string): string {
    const k = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    return this.caseInsensitive ? k.toLowerCase() : k;
  }

  /** The task holding `path`, if any. */
  holder(path: string): string | undefined {
    return this.held.get(this.key(path))?.taskId;
  }

  acquire(path: string, taskId: string, opts: AcquireOptions = {}): Promise<Release> {
    const key = this.key(path);
    const h = this.held.get(key);
    if (!h) {
      const other = this.crossProcess?.tryLock(key, taskId);
      if (other && !other.ok) {
        const err = new LockedError(path, other.holder.taskId, `${path} is being edited by task ${other.holder.taskId} in another harness process (pid ${other.holder.pid}); wait for it or edit another file`);
        return opts.wait ? this.retryLater(path, taskId, opts, err) : Promise.reject(err);
      }
      this.held.set(key, { taskId, count: 1, waiters: [] });
      return Promise.resolve(this.releaser(key));
    }
    if (h.taskId === taskId) {
      h.count++; // re-entrant for the same task
      return Promise.resolve(this.releaser(key));
    }
    if (!opts.wait) return Promise.reject(new LockedError(path, h.taskId));
    if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal));
    if (this.wouldDeadlock(taskId, h.taskId)) {
      return Promise.reject(
        new LockedError(path, h.taskId, `${path} is being edited by task ${h.taskId}, which is waiting for a file task ${taskId} holds; finish or release your edit first, or edit another file`),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.waitingFor.delete(taskId);
      };
      const waiter: Waiter = {
        taskId,
        grant: () => {
          cleanup();
          resolve(this.releaser(key));
        },
        fail: (e) => {
          cleanup();
          const cur = this.held.get(key);
          if (cur) cur.waiters = cur.waiters.filter((w) => w !== waiter);
          reject(e);
        },
      };
      const onAbort = () => waiter.fail(abortError(opts.signal!));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const holder = this.held.get(key)?.taskId ?? h.taskId;
          waiter.fail(new LockedError(path, holder, `${path} is still being edited by task ${holder} after ${opts.timeoutMs} ms; try again later or edit another file`));
        }, opts.timeoutMs);
      }
      this.waitingFor.set(taskId, key);
      h.waiters.push(waiter);
    });
  }

  /** Another process holds the file: look again every 100 ms, within the caller's timeout and signal. */
  private async retryLater(path: string, taskId: string, opts: AcquireOptions, err: LockedError): Promise<Release> {
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    for (;;) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      if (Date.now() + 100 > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
      try {
        return await this.acquire(path, taskId, { ...opts, wait: false });
      } catch (e) {
        if (!(e instanceof LockedError)) throw e;
        // Held in this process now: queue behind it like any other waiter.
        if (this.held.has(this.key(path))) return this.acquire(path, taskId, { ...opts, ...(opts.timeoutMs !== undefined ? { timeoutMs: Math.max(0, deadline - Date.now()) } : {}) });
      }
    }
  }

  /** Frees every lock a task holds (task ended or was cancelled). */
  releaseAll(taskId: string): void {
    for (const [key, h] of [...this.held]) {
      if (h.taskId === taskId) {
        h.count = 1;
        this.releaseKey(key);
      }
    }
  }

  private releaser(key: string): Release {
    let done = false;
    const holder = this.held.get(key)!;
    return () => {
      // Idempotent, and a stale release (after releaseAll handed the file on) does nothing.
      if (done || this.held.get(key) !== holder || holder.count === 0) return;
      done = true;
      this.releaseKey(key);
    };
  }

  private releaseKey(key: string): void {
    const h = this.held.get(key);
    if (!h) return;
    h.count--;
    if (h.count > 0) return;
    const next = h.waiters.shift();
    if (!next) {
      this.held.delete(key);
      this.crossProcess?.unlock(key);
      return;
    }
    // Hand over in FIFO order; the new holder's other queued requests for this file join it.
    const granted = [next, ...h.waiters.filter((w) => w.taskId === next.taskId)];
    const rest = h.waiters.filter((w) => w.taskId !== next.taskId);
    const nh: Held = { taskId: next.taskId, count: granted.length, waiters: rest };
    this.held.set(key, nh);
    for (const w of granted) w.grant();
  }

  /** True when `holder` waits (directly or through others) for a file `taskId` holds. */
  private wouldDeadlock(taskId: string, holder: string): boolean {
    const seen = new Set<string>();
    let t: string | undefined = holder;
    while (t && !seen.has(t)) {
      if (t === taskId) return true;
      seen.add(t);
      const key = this.waitingFor.get(t);
      t = key ? this.held.get(key)?.taskId : undefined;
    }
    return false;
  }
}
