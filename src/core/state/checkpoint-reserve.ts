// The next checkpoint's file, made ahead of time. A new file costs two disk flushes before it is
// durable (its data, then its directory's entry) and a journal commit for its size; the checkpoint
// stands between an approved edit and the disk, so its file is made in advance, RESERVED_BYTES of
// written zeros with its name durable, while the task is getting on with other things (at task
// start, and after each checkpoint). Filling it overwrites blocks that already exist: one data flush.
// A fill torn by a killed process is a damaged checkpoint file, which every reader skips; it is
// harmless because the edit it was for lands only after the fill returned.
import { newCheckpointId } from './ids';
import type { StateStore } from './store';
import { checkpointRel } from './checkpoint-file';

/** Most checkpoints (a few source files) fit; a bigger one grows the file and pays a metadata commit. */
export const RESERVED_BYTES = 64 * 1024;

/** Per state directory in this process: the id whose reserved file is ready, or null when none could be made. */
const reservations = new Map<string, Promise<string | null>>();

async function reserve(store: StateStore, clock: () => number): Promise<string | null> {
  if (!store.createReserved || !store.fillReserved) return null;
  const id = newCheckpointId(clock());
  try {
    await store.createReserved(checkpointRel(id), RESERVED_BYTES);
    return id;
  } catch {
    return null; // the slow path still works
  }
}

/** Makes the next checkpoint file ready in the background, unless one is ready or on its way. */
export function prepareReservation(store: StateStore, clock: () => number): void {
  if (reservations.has(store.dir)) return;
  // After the current turn of the event loop: the edit this checkpoint is for goes first.
  reservations.set(store.dir, new Promise<void>((r) => setImmediate(r)).then(() => reserve(store, clock)));
}

/** Ids reserved in this process for this directory (prune must leave their unfilled files). */
export async function reservedIds(store: StateStore): Promise<string[]> {
  const id = await reservations.get(store.dir);
  return id ? [id] : [];
}

/**
 * Writes a checkpoint file durably: into the reserved file when there is one (one flush), else by
 * temp file + rename (two). `encode(id)` gives the bytes for the id the file ends up with.
 * Callers serialise this per state directory.
 */
export async function writeCheckpointFile(store: StateStore, fresh: string, encode: (id: string) => Buffer, clock: () => number): Promise<string> {
  const pending = reservations.get(store.dir);
  reservations.delete(store.dir);
  const reserved = pending ? await pending : null;
  let id = fresh;
  let written = false;
  if (reserved) {
    try {
      await store.fillReserved!(checkpointRel(reserved), encode(reserved));
      id = reserved;
      written = true;
    } catch {
      await store.remove(checkpointRel(reserved)).catch(() => undefined); // half-filled or gone: not a checkpoint
    }
  }
  if (!written) await store.writeAtomic(checkpointRel(id), encode(id));
  prepareReservation(store, clock);
  return id;
}

/** Removes this process's unfilled reserved file (a CLI run ending); the next task reserves again. */
export async function releaseReservation(store: StateStore): Promise<void> {
  const pending = reservations.get(store.dir);
  if (!pending) return;
  reservations.delete(store.dir);
  const id = await pending;
  if (!id) return;
  const first = await store.readRange(checkpointRel(id), 0, 1).catch(() => null);
  if (first && (first.length === 0 || first[0] === 0)) await store.remove(checkpointRel(id));
}
