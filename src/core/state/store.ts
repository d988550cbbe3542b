// Where task state lives on disk. One interface so the editor (under context.storageUri) and the
// CLI (under <workspace>/.harness or --state-dir) share the journal and checkpoint code.
import { constants, promises as fsp } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface StateStore {
  readonly dir: string;
  /** Append one line and fsync it: once this resolves the line survives a crash. */
  append(rel: string, line: string): Promise<void>;
  read(rel: string): Promise<string | null>;
  readBuffer(rel: string): Promise<Buffer | null>;
  /** Temp file + fsync + rename in the same directory: readers see the old or the new file, never half. */
  writeAtomic(rel: string, data: string | Buffer): Promise<void>;
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

  const store: StateStore = {
    dir,

    async append(rel, line) {
      const abs = await ensureParent(checkRel(rel));
      const h = await fsp.open(abs, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, 0o600);
      try {
        await h.write(line);
        await h.datasync();
      } finally {
        await h.close();
      }
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

    async writeAtomic(rel, data) {
      const abs = await ensureParent(checkRel(rel));
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
      await fsyncDir(dirname(abs));
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
      try {
        await fsp.unlink(join(dir, checkRel(rel)));
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
