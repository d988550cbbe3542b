// Retention for checkpoints: keep the newest by count, then by the bytes of content they need, and
// say exactly what was dropped. A content a kept checkpoint still references but that only a dropped
// checkpoint's file holds is first saved on its own (blobs/<sha256>), so nothing kept loses its data.
import { ABSENT, sha256 } from '../shared/hash';
import { TEMP_MARK, type StateStore } from './store';
import { checkpointRel, looseBlobRel, newestFirst, type CheckpointHeader } from './checkpoint-file';
import { compactAfterLog } from './checkpoint-after-log';

const SHA256_NAME = /^[0-9a-f]{64}$/;
const UNUSABLE_AGE_MS = 60 * 60 * 1000;

export interface PruneLimits {
  maxCount?: number;
  maxBytes?: number;
}

export interface PruneReport {
  removedCheckpoints: string[];
  /** Distinct contents no longer stored anywhere. */
  removedBlobs: number;
  /** Their bytes. */
  freedBytes: number;
  /** Why nothing was pruned this time, when another process was at it. */
  skipped?: string;
}


/** Contents a checkpoint needs to restore. */
function needs(h: CheckpointHeader): Set<string> {
  return new Set(h.files.filter((f) => f.beforeHash !== ABSENT).map((f) => f.beforeHash));
}

export async function pruneCheckpoints(
  store: StateStore,
  headers: CheckpointHeader[],
  limits: PruneLimits,
  readHeld: (holder: string, hash: string) => Promise<Buffer | null>,
  /** Empty checkpoint files reserved by this process for its next checkpoints. */
  reserved: string[] = [],
): Promise<PruneReport> {
  const all = headers.slice().sort(newestFirst);
  const keep = limits.maxCount === undefined ? all.slice() : all.slice(0, Math.max(0, limits.maxCount));
  const removed = all.slice(keep.length);
  const refs = new Map<string, number>();
  // Sizes from the bytes actually stored (spans checked against their file's length when read,
  // loose copies by their size), never from what a header claims: a forged header could otherwise
  // claim a huge content and push every real checkpoint out.
  const sizes = new Map<string, number>();
  for (const h of all) for (const b of h.blobs) sizes.set(b.hash, b.length);
  const looseAll = (await store.list('blobs')).filter((n) => SHA256_NAME.test(n));
  for (const name of looseAll) if (!sizes.has(name)) sizes.set(name, (await store.stat(looseBlobRel(name)))?.size ?? 0);
  let total = 0;
  const count = (h: CheckpointHeader, delta: 1 | -1) => {
    for (const hash of needs(h)) {
      const n = (refs.get(hash) ?? 0) + delta;
      refs.set(hash, n);
      const bytes = sizes.get(hash) ?? 0;
      if (delta === 1 && n === 1) total += bytes;
      if (delta === -1 && n === 0) total -= bytes;
    }
  };
  for (const h of keep) count(h, 1);
  if (limits.maxBytes !== undefined) {
    while (keep.length > 0 && total > limits.maxBytes) {
      const h = keep.pop()!; // oldest
      removed.push(h);
      count(h, -1);
    }
  }
  const kept = (hash: string) => (refs.get(hash) ?? 0) > 0;
  const keptIds = new Set(keep.map((h) => h.id));
  const heldByKept = new Set(keep.flatMap((h) => h.blobs.map((b) => b.hash)));
  // Only names this code writes: anything else in the folder is not ours to delete.
  const looseNames = new Set(looseAll);

  // Rescue: contents still needed whose only copy is about to go. Durable before anything is removed.
  const rescued: string[] = [];
  for (const h of removed) {
    for (const b of h.blobs) {
      if (!kept(b.hash) || heldByKept.has(b.hash) || rescued.includes(b.hash)) continue;
      // A loose copy counts only if it really holds that content (one a repository shipped may not).
      if (looseNames.has(b.hash) && (await intactLoose(store, b.hash))) continue;
      const data = await readHeld(h.id, b.hash);
      if (!data) continue; // damaged already: the kept checkpoint will report it on restore
      await store.writeAtomic(looseBlobRel(b.hash), data, { skipDirSync: true });
      rescued.push(b.hash);
    }
  }
  if (rescued.length) await store.syncDir?.('blobs');

  const gone = new Set<string>();
  for (const h of removed) {
    if (keptIds.has(h.id)) continue;
    await store.remove(checkpointRel(h.id));
    for (const b of h.blobs) if (!kept(b.hash)) gone.add(b.hash);
  }
  for (const name of looseNames) {
    if (kept(name)) continue;
    await store.remove(looseBlobRel(name));
    gone.add(name);
  }
  // What was recorded after the checkpoints that are gone.
  await compactAfterLog(store, new Set(removed.map((h) => h.id).filter((id) => !keptIds.has(id))));
  await removeStaleTemps(store, 'checkpoints');
  await removeUnusable(store, new Set([...reserved, ...all.map((h) => h.id)].map((id) => `${id}.ckpt`)));
  await removeStaleTemps(store, 'blobs');
  let freedBytes = 0;
  for (const hash of gone) freedBytes += sizes.get(hash) ?? 0;
  return { removedCheckpoints: removed.map((h) => h.id), removedBlobs: gone.size, freedBytes };
}

/**
 * Checkpoint files that hold no checkpoint: unfilled ones reserved by a process that is gone, or one
 * whose fill a kill cut short (its edit never landed). Young ones may be a live process's, mid-fill.
 */
async function removeUnusable(store: StateStore, valid: Set<string>): Promise<void> {
  const now = Date.now();
  for (const name of await store.list('checkpoints')) {
    if (!name.endsWith('.ckpt') || valid.has(name)) continue;
    const st = await store.stat(`checkpoints/${name}`);
    // A live process may keep a reserved file for a long approval; if it is removed anyway, its
    // fill notices and takes the slow path, so this only has to be rare, not impossible.
    if (st && now - st.mtimeMs > UNUSABLE_AGE_MS) await store.remove(`checkpoints/${name}`);
  }
}

async function intactLoose(store: StateStore, hash: string): Promise<boolean> {
  const data = await store.readBuffer(looseBlobRel(hash));
  return !!data && sha256(data) === hash;
}

/** Temp files left by a killed process; young ones may belong to a live writer elsewhere. */
async function removeStaleTemps(store: StateStore, dir: string): Promise<void> {
  const now = Date.now(); // compared with file mtimes, so wall time, not an injected clock
  for (const name of await store.list(dir)) {
    if (!name.includes(TEMP_MARK)) continue;
    const st = await store.stat(`${dir}/${name}`);
    if (st && now - st.mtimeMs > 60_000) await store.remove(`${dir}/${name}`);
  }
}
