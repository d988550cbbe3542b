// A StateStore that can be frozen when the extension host shuts down (a window reload). Without it
// the loop would journal the shutdown's abort as "cancelled", and the task could no longer be
// resumed. Frozen, the store refuses every write, so the journal ends where the process stopped,
// exactly as after a crash; reads keep working. Pure: no `vscode` import.
import type { StateStore } from '../core/state/store';

export interface FreezableStateStore extends StateStore {
  freeze(): void;
  readonly frozen: boolean;
}

export const FROZEN_MESSAGE = 'the editor is closing: the task stays as it was and can be resumed';

export function freezable(inner: StateStore): FreezableStateStore {
  let frozen = false;
  const guard = () => {
    if (frozen) throw new Error(FROZEN_MESSAGE);
  };
  return {
    get dir() {
      return inner.dir;
    },
    get frozen() {
      return frozen;
    },
    freeze: () => void (frozen = true),
    append: async (rel, line, opts) => (guard(), inner.append(rel, line, opts)),
    writeAtomic: async (rel, data, opts) => (guard(), inner.writeAtomic(rel, data, opts)),
    remove: async (rel) => (guard(), inner.remove(rel)),
    // Closing a handle and syncing a directory change nothing on disk: allowed while frozen.
    ...(inner.release ? { release: (rel: string) => inner.release!(rel) } : {}),
    ...(inner.syncDir ? { syncDir: (rel: string) => inner.syncDir!(rel) } : {}),
    ...(inner.createReserved ? { createReserved: async (rel: string, bytes: number) => (guard(), inner.createReserved!(rel, bytes)) } : {}),
    ...(inner.fillReserved ? { fillReserved: async (rel: string, data: Buffer) => (guard(), inner.fillReserved!(rel, data)) } : {}),
    read: (rel) => inner.read(rel),
    readBuffer: (rel) => inner.readBuffer(rel),
    readRange: (rel, start, length) => inner.readRange(rel, start, length),
    list: (rel) => inner.list(rel),
    exists: (rel) => inner.exists(rel),
    stat: (rel) => inner.stat(rel),
  };
}
