// Where task state lives on disk. One interface so the editor (under context.storageUri) and the
// CLI (under <workspace>/.harness or --state-dir) share the journal and checkpoint code.
import { constants, promises as fsp } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface StateStore {
  readonly dir: string;
  /**
   * Append one line: once this resolves the line is written (it survives a killed process) and, unless
   * `sync: false`, fdatasynced (it survives a power loss too, with every line before it). Appends to one
   * file run in call order. The store may keep the file open between appends (see `release`).
   */
  append(rel: string, line: string, opts?: { sync?: boolean }): Promise<void>;
  /** Optional: closes anything `append` keeps open for `rel` (a task's journal at task end). */
  release?(rel: string): Promise<void>;
  read(rel: string): Promise<string | null>;
  readBuffer(rel: string): Promise<Buffer | null>;
  /**
   * Temp file + fsync + rename in the same directory: readers see the old or the new file, never half.
   * With `skipDirSync` the rename is not yet durable: the caller batches several writes and then
   * calls `syncDir` once for their directory (stores without `syncDir` ignore the option).
   */
  writeAtomic(rel: string, data: string | Buffer, opts?: { skipDirSync?: boolean }): Promise<void>;
  /** Optional: fsyncs a directory, making the renames done in it so far durable. */
  syncDir?(relDir: string): Promise<void>;
  /** Names (not paths) in a directory; [] when it does not exist. */
  list(relDir: string): Promise<string[]>;
  /** Missing files are fine. */
  remove(rel: string): Promise<void>;
  exists(rel: string): Promise<boolean>;
  stat(rel: string): Promise<{ size: number; mtimeMs: number } | null>;
}

/** Marks temp files so listings and pruning can tell them from real state. */
export const TEMP_MARK = '.tmp-';

// O_NOFOLLOW keeps a planted symlink (the workspace may be hostile) from redirecting our writes.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function isErr(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code;
}

/** A relative path inside the store: no absolute paths, no `..`, no empty or NUL parts. */
function checkRel(rel: string): string {
  const norm = rel.replace(/\\/g, '/');
  const parts = norm.split('/');
  if (
    norm.length === 0 ||
    norm.startsWith('/') ||
    /^[A-Za-z]:/.test(norm) ||
    norm.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new Error(`invalid state path "${rel}"`);
  }
  return parts.join(sep);
}

/** How long an append handle stays open without appends (a task waiting on an approval, say). */
const APPEND_IDLE_MS = 5_000;

interface Appender {
  /** Appends to one file, in call order. */
  chain: Promise<void>;
  /** Lines written since the last fdatasync: synced before the handle closes. */
  dirty: boolean;
  handle(): Promise<fsp.FileHandle>;
  used(): void;
  close(): Promise<void>;
}

export function fsStateStore(dirInput: string): StateStore {
  const dir = resolve(dirInput);
  let realDir: string | undefined;
  // Directories already checked to be real directories inside `dir` (not symlinks out of it).
  const verified = new Set<string>();

  async function ensureParent(relPath: string): Promise<string> {
    const abs = join(dir, relPath);
    const parent = dirname(abs);
    if (verified.has(parent)) return abs;
    await fsp.mkdir(parent, { recursive: true, mode: 0o700 });
    realDir ??= await fsp.realpath(dir);
    const expected = join(realDir, dirname(relPath));
    const actual = await fsp.realpath(parent);
    if (actual !== expected) {
      throw new Error(`state directory ${parent} resolves to ${actual}: remove the symlink or choose another --state-dir`);
    }
    verified.add(parent);
    return abs;
  }

  async function fsyncDir(path: string): Promise<void> {
    // Makes a rename durable across power loss; not supported everywhere (Windows), so best effort.
    try {
      const h = await fsp.open(path, 'r');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    } catch {
      /* best effort */
    }
  }

  // Open append handles, one per file. Opening and closing the journal for every record cost more
  // than the write; a handle idle for APPEND_IDLE_MS is closed so finished tasks hold no descriptor.
  const appenders = new Map<string, Appender>();
  function openAppender(abs: string): Appender {
    let opened: Promise<{ h: fsp.FileHandle; ino: number; dev: number }> | null = null;
    let timer: NodeJS.Timeout | undefined;
    let lastUse = 0;
    const a: Appender = {
      chain: Promise.resolve(),
      dirty: false,
      // Reopens when the path no longer names the file we hold (replaced or removed by another process).
      async handle() {
        if (opened) {
          const cur = await opened.catch(() => null);
          const st = cur && (await fsp.lstat(abs).catch(() => null));
          if (cur && st && st.ino === cur.ino && st.dev === cur.dev) return cur.h;
          if (cur) await cur.h.close().catch(() => undefined);
        }
        opened = (async () => {
          const h = await fsp.open(abs, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, 0o600);
          const st = await h.stat().catch(async (e: unknown) => (await h.close(), Promise.reject(e)));
          return { h, ino: st.ino, dev: st.dev };
        })();
        opened.catch(() => (opened = null));
        return (await opened).h;
      },
      used() {
        lastUse = Date.now();
        if (timer) return;
        const tick = () => {
          const idle = Date.now() - lastUse;
          if (idle >= APPEND_IDLE_MS) void a.close();
          else timer = setTimeout(tick, APPEND_IDLE_MS - idle).unref();
        };
        timer = setTimeout(tick, APPEND_IDLE_MS).unref();
      },
      // Waits for the appends already queued, then closes; a later append opens the file again.
      async close() {
        if (appenders.get(abs) === a) appenders.delete(abs);
        if (timer) clearTimeout(timer);
        await a.chain;
        const cur = await opened?.catch(() => null);
        opened = null;
        if (cur && a.dirty) await cur.h.datasync().catch(() => undefined);
        a.dirty = false;
        await cur?.h.close().catch(() => undefined);
      },
    };
    appenders.set(abs, a);
    return a;
  }

  const store: StateStore = {
    dir,

    async append(rel, line, opts) {
      const abs = await ensureParent(checkRel(rel));
      const data = Buffer.from(line, 'utf8');
      const a = appenders.get(abs) ?? openAppender(abs);
      const run = a.chain.then(async () => {
        const h = await a.handle();
        let off = 0;
        while (off < data.length) off += (await h.write(data, off, data.length - off)).bytesWritten;
        if (opts?.sync === false) a.dirty = true;
        else {
          await h.datasync();
          a.dirty = false;
        }
      });
      a.chain = run.catch(() => undefined);
      a.used();
      return run;
    },

    async release(rel) {
      const abs = join(dir, checkRel(rel));
      await appenders.get(abs)?.close();
    },
    async readBuffer(rel) {
      const abs = join(dir, checkRel(rel));
      let h: fsp.FileHandle;
      try {
        h = await fsp.open(abs, constants.O_RDONLY | NOFOLLOW);
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return null;
        throw e;
      }
      try {
        const st = await h.stat();
        if (!st.isFile()) throw new Error(`state file ${abs} is not a regular file`);
        return await h.readFile();
      } finally {
        await h.close();
      }
    },

    async read(rel) {
      const buf = await store.readBuffer(rel);
      return buf === null ? null : buf.toString('utf8');
    },

    async writeAtomic(rel, data, opts) {
      const abs = await ensureParent(checkRel(rel));
      await appenders.get(abs)?.close(); // the rename replaces the file an open append handle points at
      const tmp = `${abs}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
      // 'wx' = O_EXCL: never opens (or follows) something already there.
      const h = await fsp.open(tmp, 'wx', 0o600);
      try {
        try {
          await h.writeFile(data);
          await h.sync();
        } finally {
          await h.close();
        }
        await fsp.rename(tmp, abs);
      } catch (e) {
        await fsp.unlink(tmp).catch(() => undefined);
        throw e;
      }
      if (!opts?.skipDirSync) await fsyncDir(dirname(abs));
    },

    async syncDir(relDir) {
      await fsyncDir(join(dir, checkRel(relDir)));
    },

    async list(relDir) {
      try {
        return await fsp.readdir(join(dir, checkRel(relDir)));
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return [];
        throw e;
      }
    },

    async remove(rel) {
      const abs = join(dir, checkRel(rel));
      await appenders.get(abs)?.close();
      try {
        await fsp.unlink(abs);
      } catch (e) {
        if (!isErr(e, 'ENOENT')) throw e;
      }
    },

    async exists(rel) {
      return (await store.stat(rel)) !== null;
    },

    async stat(rel) {
      try {
        const st = await fsp.lstat(join(dir, checkRel(rel)));
        return { size: st.size, mtimeMs: st.mtimeMs };
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return null;
        throw e;
      }
    },
  };
  return store;
}
