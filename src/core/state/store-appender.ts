// Append handles for the state store: one open descriptor per file, writes made at once with a
// plain write(2), and only the fdatasync left to the thread pool. Opening, writing and closing the
// journal through async calls for every record cost several thread-pool round trips per tool call;
// a small synchronous append costs microseconds and keeps the records in call order for free.
import * as fs from 'node:fs';

// O_NOFOLLOW keeps a planted symlink (the workspace may be hostile) from redirecting our writes.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const APPEND_FLAGS = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | NOFOLLOW;

/** How long an append handle stays open without appends (a task waiting on an approval, say). */
export const APPEND_IDLE_MS = 5_000;

export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
}

export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

export function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

export class Appender {
  private fd: number | null = null;
  private ino = 0;
  private dev = 0;
  /** Lines written since the last fdatasync: synced before the handle closes. */
  private dirty = false;
  /** Appends to one file, in call order. */
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastUse = 0;

  constructor(
    private readonly abs: string,
    /** Makes sure the parent directory exists and is really inside the store (async, cached). */
    private readonly prepare: () => Promise<void>,
    private readonly onClose: (a: Appender) => void,
  ) {}

  append(data: Buffer, sync: boolean): Promise<void> {
    const run = this.chain.then(async () => {
      await this.prepare();
      const fd = this.handle();
      writeAll(fd, data);
      if (!sync) {
        this.dirty = true;
        return;
      }
      await fdatasync(fd);
      this.dirty = false;
    });
    this.chain = run.catch(() => undefined);
    this.used();
    return run;
  }

  /** Waits for the appends already queued, syncs what is not yet durable, closes; a later append reopens. */
  async close(): Promise<void> {
    this.onClose(this);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    if (this.dirty) await fdatasync(fd).catch(() => undefined);
    this.dirty = false;
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
  }

  // Reopens when the path no longer names the file we hold (replaced or removed by another process).
  private handle(): number {
    if (this.fd !== null) {
      const st = fs.lstatSync(this.abs, { throwIfNoEntry: false });
      if (st && st.ino === this.ino && st.dev === this.dev) return this.fd;
      const old = this.fd;
      this.fd = null;
      // Lines written to the replaced file were the other writer's to keep; nothing to sync here.
      this.dirty = false;
      fs.closeSync(old);
    }
    let fd: number;
    try {
      fd = fs.openSync(this.abs, APPEND_FLAGS, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`state file ${this.abs} is a symbolic link: remove it`);
      throw e;
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new Error(`state file ${this.abs} is not a regular file`);
      this.ino = st.ino;
      this.dev = st.dev;
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    this.fd = fd;
    return fd;
  }

  private used(): void {
    this.lastUse = Date.now();
    if (this.timer) return;
    const tick = () => {
      const idle = Date.now() - this.lastUse;
      if (idle >= APPEND_IDLE_MS) void this.close();
      else this.timer = setTimeout(tick, APPEND_IDLE_MS - idle).unref();
    };
    this.timer = setTimeout(tick, APPEND_IDLE_MS).unref();
  }
}
