// Where task state lives on disk. One interface so the editor (under context.storageUri) and the
// CLI (under <workspace>/.harness or --state-dir) share the journal and checkpoint code.
import * as fs from 'node:fs';
import { constants } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Appender, fdatasync, fsyncFd, writeAll } from './store-appender';

export interface WriteAtomicOptions {
  /**
   * With `skipDirSync` the rename is not yet durable: the caller batches several writes and then
   * calls `syncDir` once for their directory (stores without `syncDir` ignore the option).
   */
  skipDirSync?: boolean;
  /**
   * `false`: still temp file + rename (never half a file, survives a killed process) but no fsync, for
   * state whose loss in a power cut is harmless (the caller says why where it uses this).
   */
  durable?: boolean;
}

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
  /** Temp file + fsync + rename in the same directory: readers see the old or the new file, never half. */
  writeAtomic(rel: string, data: string | Buffer, opts?: WriteAtomicOptions): Promise<void>;
  /** Up to `length` bytes from `start` (fewer at the end of the file); null if the file is absent. */
  readRange(rel: string, start: number, length: number): Promise<Buffer | null>;
  /** Optional: fsyncs a directory, making the renames done in it so far durable. */
  syncDir?(relDir: string): Promise<void>;
  /**
   * Optional, with `fillReserved`: creates a file of `bytes` zero bytes and makes it and its name
   * durable now, so that filling it later changes no metadata and costs a single data flush.
   * Fails if it exists.
   */
  createReserved?(rel: string, bytes: number): Promise<void>;
  /**
   * Writes `data` at the start of a file made by `createReserved` and not filled yet (its first byte
   * is still zero) and fdatasyncs it; the padding after it is cut off soon after. Refuses a missing or filled file.
   * Not atomic: callers must recognise a torn write (a killed process) by the content itself.
   */
  fillReserved?(rel: string, data: Buffer): Promise<void>;
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

function cutTo(abs: string, length: number): void {
  try {
    const fd = fs.openSync(abs, constants.O_WRONLY | NOFOLLOW);
    try {
      if (fs.fstatSync(fd).size > length) fs.ftruncateSync(fd, length);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* removed meanwhile (pruned): nothing to cut */
  }
}

export function fsStateStore(dirInput: string): StateStore {
  const dir = resolve(dirInput);
  let realDir: string | undefined;
  // Directories already checked to be real directories inside `dir` (not symlinks out of it).
  const verified = new Set<string>();

  /**
   * Checks (and with `create`, makes) the folders of `relDir` one level at a time, each before the
   * next: a planted symlink or a file in their place is refused with a clear message, so neither
   * `mkdir -p` nor a read, listing or delete ever goes through one to somewhere outside. Returns
   * false when a folder is missing and `create` is off.
   */
  function checkFolders(relDir: string, create: boolean): boolean {
    if (!realDir) {
      if (create) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      else if (!fs.existsSync(dir)) return false;
      realDir = fs.realpathSync(dir);
    }
    let cur = dir;
    for (const part of relDir.split(sep).filter((p) => p && p !== '.')) {
      cur = join(cur, part);
      if (verified.has(cur)) continue;
      const st = fs.lstatSync(cur, { throwIfNoEntry: false });
      if (!st) {
        if (!create) return false;
        try {
          fs.mkdirSync(cur, { mode: 0o700 });
        } catch (e) {
          if (!isErr(e, 'EEXIST')) throw e;
        }
      } else if (!st.isDirectory()) {
        throw new Error(`state directory ${cur} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: remove it or choose another --state-dir`);
      }
      const actual = fs.realpathSync(cur);
      if (actual !== join(realDir, relative(dir, cur))) {
        throw new Error(`state directory ${cur} resolves to ${actual}: remove the symlink or choose another --state-dir`);
      }
      verified.add(cur);
    }
    return true;
  }

  async function ensureParent(relPath: string): Promise<string> {
    checkFolders(dirname(relPath), true);
    return join(dir, relPath);
  }

  /** The absolute path of `rel` for reading, or null when one of its folders does not exist. */
  function readable(rel: string): string | null {
    const checked = checkRel(rel);
    return checkFolders(dirname(checked), false) ? join(dir, checked) : null;
  }

  async function fsyncDir(path: string): Promise<void> {
    // Makes a rename durable across power loss; not supported everywhere (Windows), so best effort.
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch {
      return;
    }
    try {
      await fsyncFd(fd);
    } catch {
      /* best effort */
    } finally {
      fs.closeSync(fd);
    }
  }

  // Open append handles, one per file (see store-appender.ts).
  const appenders = new Map<string, Appender>();
  const appenderFor = (rel: string): Appender => {
    const abs = join(dir, rel);
    let a = appenders.get(abs);
    if (!a) {
      a = new Appender(abs, async () => void (await ensureParent(rel)), (closed) => {
        if (appenders.get(abs) === closed) appenders.delete(abs);
      });
      appenders.set(abs, a);
    }
    return a;
  };

  const store: StateStore = {
    dir,

    async append(rel, line, opts) {
      return appenderFor(checkRel(rel)).append(Buffer.from(line, 'utf8'), opts?.sync !== false);
    },

    async release(rel) {
      await appenders.get(join(dir, checkRel(rel)))?.close();
    },
    // Reads, listings and stats are plain synchronous calls: state files are small, and on a busy
    // machine each thread-pool round trip of the async API cost more than the read itself.
    async readBuffer(rel) {
      const abs = readable(rel);
      if (!abs) return null;
      let fd: number;
      try {
        fd = fs.openSync(abs, constants.O_RDONLY | NOFOLLOW);
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return null;
        throw e;
      }
      try {
        if (!fs.fstatSync(fd).isFile()) throw new Error(`state file ${abs} is not a regular file`);
        return fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },

    async read(rel) {
      const buf = await store.readBuffer(rel);
      return buf === null ? null : buf.toString('utf8');
    },

    async writeAtomic(rel, data, opts) {
      const abs = await ensureParent(checkRel(rel));
      await appenders.get(abs)?.close(); // the rename replaces the file an open append handle points at
      const durable = opts?.durable !== false;
      const tmp = `${abs}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
      // Plain synchronous calls for open, write, close and rename (microseconds each); only the fsync
      // waits in the thread pool. 'wx' = O_EXCL: never opens (or follows) something already there.
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        try {
          writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
          if (durable) await fsyncFd(fd);
        } finally {
          fs.closeSync(fd);
        }
        fs.renameSync(tmp, abs);
      } catch (e) {
        try {
          fs.unlinkSync(tmp);
        } catch {
          /* never created or already gone */
        }
        throw e;
      }
      if (durable && !opts?.skipDirSync) await fsyncDir(dirname(abs));
    },

    async readRange(rel, start, length) {
      const abs = readable(rel);
      if (!abs) return null;
      let fd: number;
      try {
        fd = fs.openSync(abs, constants.O_RDONLY | NOFOLLOW);
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return null;
        throw e;
      }
      try {
        if (!fs.fstatSync(fd).isFile()) throw new Error(`state file ${rel} is not a regular file`);
        const buf = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = fs.readSync(fd, buf, got, length - got, start + got);
          if (n === 0) break;
          got += n;
        }
        return buf.subarray(0, got);
      } finally {
        fs.closeSync(fd);
      }
    },

    async syncDir(relDir) {
      await fsyncDir(join(dir, checkRel(relDir)));
    },

    async list(relDir) {
      const checked = checkRel(relDir);
      if (!checkFolders(checked, false)) return [];
      try {
        return fs.readdirSync(join(dir, checked));
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return [];
        throw e;
      }
    },

    async createReserved(rel, bytes) {
      const abs = await ensureParent(checkRel(rel));
      const fd = fs.openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
      try {
        // Written zeros, not a sparse or fallocated file: their blocks are allocated and initialised,
        // so the fill's flush has no extent or size change to commit.
        writeAll(fd, Buffer.alloc(bytes));
        await fsyncFd(fd);
      } finally {
        fs.closeSync(fd);
      }
      await fsyncDir(dirname(abs));
    },

    async fillReserved(rel, data) {
      const abs = await ensureParent(checkRel(rel));
      const fd = fs.openSync(abs, constants.O_RDWR | NOFOLLOW);
      let size = 0;
      try {
        const st = fs.fstatSync(fd);
        size = st.size;
        const first = Buffer.alloc(1);
        if (!st.isFile() || st.size === 0 || fs.readSync(fd, first, 0, 1, 0) !== 1 || first[0] !== 0) {
          throw new Error(`state file ${rel} is not a reserved file waiting to be filled`);
        }
        let off = 0;
        while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off, off);
        await fdatasync(fd);
        // Removed while we wrote (another process's prune took it for a leftover): the bytes went
        // nowhere anyone will find. Say so, and the caller writes the checkpoint the slow way.
        if (fs.fstatSync(fd).nlink === 0) throw new Error(`state file ${rel} was removed while it was being filled`);
      } finally {
        fs.closeSync(fd);
      }
      // The zeros past the content go, after the caller has moved on (a truncate is a metadata change
      // that cost as much as the flush); a crash first leaves only padding that readers ignore.
      if (size > data.length) setImmediate(() => cutTo(abs, data.length));
    },

    async remove(rel) {
      const abs = readable(rel);
      if (!abs) return;
      await appenders.get(abs)?.close();
      try {
        fs.unlinkSync(abs);
      } catch (e) {
        if (!isErr(e, 'ENOENT')) throw e;
      }
    },

    async exists(rel) {
      return (await store.stat(rel)) !== null;
    },

    async stat(rel) {
      const abs = readable(rel);
      if (!abs) return null;
      try {
        const st = fs.lstatSync(abs);
        return { size: st.size, mtimeMs: st.mtimeMs };
      } catch (e) {
        if (isErr(e, 'ENOENT') || isErr(e, 'ENOTDIR')) return null;
        throw e;
      }
    },
  };
  return store;
}
