// Checkpoints: before an edit lands, the prior content of each touched file is kept, addressed by
// its sha256 and stored once however often it recurs. Each checkpoint is one file
// (checkpoints/<id>.ckpt, see checkpoint-file.ts) holding its manifest and the contents no earlier
// checkpoint holds; a content seen before is referenced, not copied. Everything costs the bytes
// touched: no workspace scan, copy or git.
import type { EditApplier } from '../shared/applier';
import { join } from 'node:path';
import { resolveInWorkspace } from '../workspace/paths';
import { processLocks } from './process-locks';
import { ABSENT, contentHash, sha256 } from '../shared/hash';
import { assertSafeId, isSafeId, newCheckpointId } from './ids';
import { type StateStore } from './store';
import { DiskEditApplier } from '../workspace/disk-applier';
import {
  HEAD_PROBE_BYTES,
  checkpointRel,
  encodeCheckpoint,
  looseBlobRel,
  newestFirst,
  manifestOf,
  parseCheckpointHead,
  type CheckpointFile,
  type CheckpointHeader,
  type CheckpointManifest,
} from './checkpoint-file';
import { pruneCheckpoints, type PruneLimits, type PruneReport } from './checkpoint-prune';
import { appendAfterLog, readAfterLog } from './checkpoint-after-log';
import { prepareReservation, releaseReservation, reservedIds, writeCheckpointFile } from './checkpoint-reserve';

export type { CheckpointFile, CheckpointManifest } from './checkpoint-file';
export type { PruneReport } from './checkpoint-prune';

export interface RestoreReport {
  checkpointId: string;
  restored: string[];
  deleted: string[];
  unchanged: string[];
  conflicts: { path: string; reason: string }[];
}

export const DEFAULT_RETENTION = { maxCount: 500, maxBytes: 256 * 1024 * 1024 };

export class CheckpointNotFoundError extends Error {
  constructor(readonly checkpointId: string) {
    super(`no checkpoint "${checkpointId}": run "harness checkpoints list" to see the ids`);
    this.name = 'CheckpointNotFoundError';
  }
}

// Create, recordAfter and prune are serialised per state directory within a process, so a prune never
// drops a checkpoint file a new checkpoint is about to reference. Across processes prune takes a lock
// file, and create checks after writing that what it referenced is still there.
const exclusive = new Map<string, Promise<unknown>>();
function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const prev = exclusive.get(dir) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  exclusive.set(dir, tail);
  void tail.then(() => {
    if (exclusive.get(dir) === tail) exclusive.delete(dir);
  });
  return run;
}

// Which checkpoint file holds which content, per state directory, for de-duplication. Built from the
// headers once per process and kept up to date by this process's creates and prunes; a checkpoint
// another process wrote meanwhile only costs a second copy. A copy is referenced only once it was
// read back intact (or written) by the referencing store and its file is still there.
const holders = new Map<string, Map<string, string>>();

const PRUNE_LOCK = 'checkpoints: prune';

/** Clocks differ a little between processes and machines; a checkpoint dated further ahead is not believed. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/** A checkpoint file's header and where its contents start; null when absent or damaged. */
async function readHead(store: StateStore, id: string): Promise<{ header: CheckpointHeader; blobStart: number } | null> {
  if (!isSafeId(id)) return null;
  const rel = checkpointRel(id);
  const probe = await store.readRange(rel, 0, HEAD_PROBE_BYTES);
  if (!probe) return null;
  let parsed = parseCheckpointHead(probe);
  // A header longer than the probe (a checkpoint of many files): read exactly what it needs.
  if (!parsed.ok && 'needBytes' in parsed && probe.length === HEAD_PROBE_BYTES) {
    const full = await store.readRange(rel, 0, parsed.needBytes);
    if (full) parsed = parseCheckpointHead(full);
  }
  if (!parsed.ok || parsed.header.id !== id) return null;
  // A header must describe its own file: contents inside it, and a time that is not in the future
  // (a forged one dated ahead would count as the newest and push real checkpoints out in a prune).
  const size = (await store.stat(rel))?.size ?? 0;
  const { header, blobStart } = parsed;
  if (header.blobs.some((b) => blobStart + b.offset + b.length > size)) return null;
  if (header.createdAt > Date.now() + FUTURE_TOLERANCE_MS) return null;
  return { header, blobStart };
}

export class CheckpointStore {
  private readonly applier: EditApplier;
  /**
   * The checkpoints this instance made lately, with what was recorded after them: recordAfter follows
   * create at once, and reading back the file it just wrote was most of its cost.
   */
  private readonly recent = new Map<string, { header: CheckpointHeader }>();
  /**
   * `holder:hash` copies this store wrote or read back intact: referenced again without reading them
   * (a checkpoint file is written once). A new store (the next task) checks each copy once more.
   */
  private readonly intact = new Set<string>();

  constructor(
    private readonly store: StateStore,
    private readonly root: string,
    applier?: EditApplier,
    private readonly clock: () => number = Date.now,
  ) {
    this.applier = applier ?? new DiskEditApplier(root);
  }

  /** Gets the next checkpoint's file ready in the background (a task starting): its first edit then waits for one flush, not two. */
  prepare(): void {
    prepareReservation(this.store, this.clock);
  }

  /** Gives back the file `prepare` made, if unused (a process about to exit). */
  release(): Promise<void> {
    return withDirLock(this.store.dir, () => releaseReservation(this.store));
  }

  /** Stores the prior content of each file (null = the file does not exist yet). Returns the id. */
  async create(taskId: string, files: { path: string; before: string | null }[], label = ''): Promise<string> {
    assertSafeId(taskId, 'task');
    const entries = new Map<string, string | null>();
    for (const f of files) {
      const { rel } = resolveInWorkspace(this.root, f.path);
      if (!entries.has(rel)) entries.set(rel, f.before);
    }
    const createdAt = this.clock();
    const fresh = newCheckpointId(createdAt);
    return withDirLock(this.store.dir, async () => {
      const index = await this.holderIndex();
      const manifestFiles: CheckpointFile[] = [];
      const inline = new Map<string, Buffer>();
      const reused = new Map<string, Promise<string | null>>();
      for (const [path, before] of entries) {
        const beforeHash = contentHash(before);
        const data = before === null ? null : Buffer.from(before, 'utf8');
        manifestFiles.push({ path, beforeHash, bytes: data?.length ?? 0 });
        if (data && !inline.has(beforeHash) && !reused.has(beforeHash)) {
          const holder = index.get(beforeHash);
          const key = `${holder}:${beforeHash}`;
          // Reference an earlier copy only once this store knows it is intact; otherwise store it again.
          reused.set(
            beforeHash,
            !holder ? Promise.resolve(null)
              // Known intact, but another process may have pruned it since: still there?
              : this.intact.has(key) ? this.store.stat(checkpointRel(holder)).then((st) => (st ? holder : null))
              : this.readHeld(holder, beforeHash).then((b) => (b ? (this.intact.add(key), holder) : null)),
          );
          inline.set(beforeHash, data);
        }
      }
      const referenced = new Map<string, { holder: string; data: Buffer }>();
      for (const [hash, check] of reused) {
        const holder = await check;
        if (!holder) continue;
        referenced.set(hash, { holder, data: inline.get(hash)! });
        inline.delete(hash);
        for (const f of manifestFiles) if (f.beforeHash === hash) f.storedIn = holder;
      }
      const manifest: Omit<CheckpointManifest, 'id'> = { taskId, createdAt, label, files: manifestFiles };
      // One file, durable before this resolves: the edit may land only after it.
      const id = await writeCheckpointFile(this.store, fresh, (id) => encodeCheckpoint({ id, ...manifest }, inline), this.clock);
      // A prune in another process may have removed a referenced file between the check and the
      // write (it could not see this checkpoint yet): then keep the content on its own, before the edit.
      for (const [hash, { holder, data }] of referenced) {
        if (!(await this.store.stat(checkpointRel(holder)))) await this.store.writeAtomic(looseBlobRel(hash), data);
      }
      for (const hash of inline.keys()) {
        index.set(hash, id);
        this.intact.add(`${id}:${hash}`);
      }
      this.remember(id, { header: { id, ...manifest, blobs: [] } });
      return id;
    });
  }

  /** Records what the agent wrote (null = deleted), so a later user change shows up as a conflict. */
  recordAfter(id: string, path: string, after: string | null): Promise<void> {
    return this.recordAfterMany(id, [{ path, after }]);
  }

  /** recordAfter for every file of one edit, in one line of the after-log. */
  async recordAfterMany(id: string, files: { path: string; after: string | null }[]): Promise<void> {
    const rels = files.map((f) => ({ rel: resolveInWorkspace(this.root, f.path).rel, hash: contentHash(f.after) }));
    await withDirLock(this.store.dir, async () => {
      const header = this.recent.get(id)?.header ?? (await this.header(id));
      if (!header) throw new CheckpointNotFoundError(id);
      const after: Record<string, string> = {};
      for (const { rel, hash } of rels) {
        if (!header.files.some((f) => f.path === rel)) {
          throw new Error(`checkpoint ${id} does not cover ${rel}: create the checkpoint with every file the edit touches`);
        }
        after[rel] = hash;
      }
      await appendAfterLog(this.store, id, after);
    });
  }

  private remember(id: string, entry: { header: CheckpointHeader }): void {
    this.recent.set(id, entry);
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value!);
  }

  async get(id: string): Promise<CheckpointManifest | null> {
    const header = await this.header(id);
    return header ? manifestOf(header, (await readAfterLog(this.store)).get(id) ?? {}) : null;
  }

  /** Checkpoints, newest first; damaged ones are skipped. */
  async list(taskId?: string): Promise<CheckpointManifest[]> {
    const out: CheckpointManifest[] = [];
    const after = await readAfterLog(this.store);
    for (const h of await this.headers()) {
      if (taskId === undefined || h.taskId === taskId) out.push(manifestOf(h, after.get(h.id) ?? {}));
    }
    return out.sort(newestFirst);
  }

  /** The saved content with this hash, checked against it; null if no intact copy is left. */
  async storedContent(hash: string, hint?: string): Promise<Buffer | null> {
    if (hint) {
      const held = await this.readHeld(hint, hash);
      if (held) return held;
    }
    const loose = await this.store.readBuffer(looseBlobRel(hash));
    if (loose && sha256(loose) === hash) return loose;
    const holder = (await this.holderIndex()).get(hash);
    return holder && holder !== hint ? this.readHeld(holder, hash) : null;
  }

  /**
   * Returns the workspace to its state at checkpoint `id`: each file the task touched from that
   * checkpoint on gets its content from just before. A file the user changed since the agent last
   * wrote it is a conflict and left alone unless `force`; `paths` limits the restore to those files.
   */
  async restore(id: string, opts: { force?: boolean; paths?: string[] } = {}): Promise<RestoreReport> {
    const target = await this.get(id);
    if (!target) throw new CheckpointNotFoundError(id);
    const report: RestoreReport = { checkpointId: id, restored: [], deleted: [], unchanged: [], conflicts: [] };
    // This checkpoint and the task's later ones, oldest first.
    const later = (await this.list(target.taskId)).filter((m) => newestFirst(m, target) <= 0).reverse();
    const plan = new Map<string, { beforeHash: string; agentHash: string; holder: string }>();
    for (const m of later) {
      for (const f of m.files) {
        const agentHash = f.afterHash ?? f.beforeHash; // no afterHash: the write never happened (or was not recorded)
        const cur = plan.get(f.path);
        if (cur) cur.agentHash = agentHash;
        else plan.set(f.path, { beforeHash: f.beforeHash, agentHash, holder: f.storedIn ?? m.id });
      }
    }
    const only = opts.paths ? new Set(opts.paths.map((p) => resolveInWorkspace(this.root, p).rel)) : undefined;
    for (const p of only ?? []) {
      if (!plan.has(p)) report.conflicts.push({ path: p, reason: `${p} is not part of checkpoint ${id}; nothing to restore` });
    }
    // Files are independent: restore them side by side (their disk flushes overlap), then report
    // them in the checkpoint's order.
    const each = [...plan].filter(([path]) => !only || only.has(path)).map(async ([path, step]) => {
      const one: RestoreReport = { checkpointId: id, restored: [], deleted: [], unchanged: [], conflicts: [] };
      try {
        await this.restoreOne(path, step, !!opts.force, one);
      } catch (e) {
        one.conflicts.push({ path, reason: `could not restore: ${(e as Error).message}` });
      }
      return one;
    });
    for (const one of await Promise.all(each)) {
      report.restored.push(...one.restored);
      report.deleted.push(...one.deleted);
      report.unchanged.push(...one.unchanged);
      report.conflicts.push(...one.conflicts);
    }
    return report;
  }

  private async restoreOne(path: string, step: { beforeHash: string; agentHash: string; holder: string }, force: boolean, report: RestoreReport) {
    const { beforeHash, agentHash } = step;
    const current = await this.applier.read(path);
    const currentHash = contentHash(current);
    if (currentHash === beforeHash) {
      report.unchanged.push(path);
      return;
    }
    if (currentHash !== agentHash && !force) {
      const what = current === null ? 'was deleted' : agentHash === ABSENT ? 'was created again' : 'was changed';
      report.conflicts.push({ path, reason: `${path} ${what} after the agent's edit; not overwritten (restore with force to overwrite it)` });
      return;
    }
    if (beforeHash === ABSENT) {
      await this.applier.apply(path, null);
      report.deleted.push(path);
      return;
    }
    const blob = await this.storedContent(beforeHash, step.holder);
    if (!blob) {
      report.conflicts.push({ path, reason: `the saved content of ${path} is missing or damaged; not restored` });
      return;
    }
    await this.applier.apply(path, blob.toString('utf8'));
    report.restored.push(path);
  }

  /**
   * Drops the oldest checkpoints beyond `maxCount`, then more until the contents still referenced fit
   * in `maxBytes`; contents a kept checkpoint still needs are moved out of the dropped files first.
   */
  prune(limits: PruneLimits): Promise<PruneReport> {
    return withDirLock(this.store.dir, async () => {
      // One pruner at a time across processes too (two `harness run` ending together).
      const lock = processLocks(join(this.store.dir, 'locks'));
      const held = lock.tryLock(PRUNE_LOCK, 'prune');
      if (!held.ok) {
        return { removedCheckpoints: [], removedBlobs: 0, freedBytes: 0, skipped: `another harness process (pid ${held.holder.pid}) is pruning the checkpoints` };
      }
      let report: PruneReport;
      try {
        report = await pruneCheckpoints(this.store, await this.headers(), limits, (h, hash) => this.readHeld(h, hash), await reservedIds(this.store));
      } finally {
        lock.unlock(PRUNE_LOCK);
      }
      for (const id of report.removedCheckpoints) this.recent.delete(id);
      const index = holders.get(this.store.dir);
      if (index) for (const [hash, holder] of index) if (report.removedCheckpoints.includes(holder)) index.delete(hash);
      return report;
    });
  }

  private async header(id: string): Promise<CheckpointHeader | null> {
    return (await readHead(this.store, id))?.header ?? null;
  }

  private async headers(): Promise<CheckpointHeader[]> {
    const ids = (await this.store.list('checkpoints')).filter((n) => n.endsWith('.ckpt')).map((n) => n.slice(0, -'.ckpt'.length));
    const out: CheckpointHeader[] = [];
    for (const id of ids) {
      const h = await this.header(id);
      if (h) out.push(h);
    }
    return out;
  }

  /** The content `hash` from checkpoint `holder`'s file, if it is there and intact. */
  private async readHeld(holder: string, hash: string): Promise<Buffer | null> {
    const head = await readHead(this.store, holder);
    const span = head?.header.blobs.find((b) => b.hash === hash);
    if (!head || !span) return null;
    const data = await this.store.readRange(checkpointRel(holder), head.blobStart + span.offset, span.length);
    return data && data.length === span.length && sha256(data) === hash ? data : null;
  }

  private async holderIndex(): Promise<Map<string, string>> {
    let index = holders.get(this.store.dir);
    if (!index) {
      index = new Map();
      for (const h of (await this.headers()).sort(newestFirst)) {
        for (const b of h.blobs) if (!index.has(b.hash)) index.set(b.hash, h.id);
      }
      holders.set(this.store.dir, index);
    }
    return index;
  }
}
