// Diagnostic only, never the product: the same state-store and file-applier contracts with plain
// writes and no fsync, so the benchmark can show how much of a figure is the cost of durability.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EditApplier } from '../src/core/agent/api';
import type { StateStore } from '../src/core/state/store';

async function readOrNull(abs: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function noFsyncStateStore(dir: string): StateStore {
  const abs = (rel: string) => join(dir, rel);
  const store: StateStore = {
    dir,
    async append(rel, line) {
      await fsp.mkdir(dirname(abs(rel)), { recursive: true });
      await fsp.appendFile(abs(rel), line);
    },
    read: async (rel) => (await readOrNull(abs(rel)))?.toString('utf8') ?? null,
    readBuffer: (rel) => readOrNull(abs(rel)),
    async readRange(rel, start, length) {
      const h = await fsp.open(abs(rel), 'r').catch(() => null);
      if (!h) return null;
      try {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await h.read(buf, 0, length, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await h.close();
      }
    },
    async writeAtomic(rel, data) {
      await fsp.mkdir(dirname(abs(rel)), { recursive: true });
      const tmp = `${abs(rel)}.tmp-${process.pid}`;
      await fsp.writeFile(tmp, data);
      await fsp.rename(tmp, abs(rel));
    },
    list: async (relDir) => fsp.readdir(abs(relDir)).catch(() => []),
    remove: (rel) => fsp.rm(abs(rel), { force: true }),
    exists: async (rel) => (await readOrNull(abs(rel))) !== null,
    async stat(rel) {
      const st = await fsp.lstat(abs(rel)).catch(() => null);
      return st ? { size: st.size, mtimeMs: st.mtimeMs } : null;
    },
  };
  return store;
}

export function noFsyncApplier(root: string): EditApplier {
  return {
    read: async (rel) => (await readOrNull(join(root, rel)))?.toString('utf8') ?? null,
    async apply(rel, content) {
      if (content === null) await fsp.rm(join(root, rel), { force: true });
      else await fsp.writeFile(join(root, rel), content);
    },
  };
}
