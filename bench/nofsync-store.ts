// Diagnostic only, never the product: the same state-store and file-applier contracts with plain
// writes and no fsync, so the benchmark can show how much of a figure is the cost of durability.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EditApplier } from '../src/core/shared/applier';
import { fsStateStore, type StateStore } from '../src/core/state/store';

async function readOrNull(abs: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The product's store with every fsync turned off: the same code paths, so the difference is durability alone. */
export function noFsyncStateStore(dir: string): StateStore {
  const inner = fsStateStore(dir);
  // Without the reserved-file methods checkpoints take writeAtomic, here without fsync.
  const { syncDir: _s, createReserved: _c, fillReserved: _f, ...rest } = inner;
  return {
    ...rest,
    dir: inner.dir,
    append: (rel, line) => inner.append(rel, line, { sync: false }),
    writeAtomic: (rel, data, opts) => inner.writeAtomic(rel, data, { ...opts, durable: false }),
  };
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
