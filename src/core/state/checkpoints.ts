// Checkpoints: before an edit lands, the prior content of each touched file is kept as a
// content-addressed blob (blobs/<sha256>, stored once however often it recurs) plus a manifest
// (checkpoints/<id>.json). Everything costs the bytes touched: no workspace scan, copy or git.
import type { EditApplier } from '../agent/api';
import { resolveInWorkspace } from '../workspace/paths';
import { ABSENT, contentHash, sha256 } from './hash';
import { assertSafeId, isSafeId, newCheckpointId } from './ids';
import { TEMP_MARK, type StateStore } from './store';
import { fsWorkspaceApplier } from './workspace-applier';

export interface CheckpointFile {
  path: string;
  /** sha256 of the content before the edit, or 'absent' when the agent created the file. */
  beforeHash: string;
  /** What the agent wrote (sha256 or 'absent' for a delete); set by recordAfter. */
  afterHash?: string;
  bytes: number;
}

export interface CheckpointManifest {
  id: string;
  taskId: string;
  createdAt: number;
  label: string;
  files: CheckpointFile[];
}

export interface RestoreReport {
  checkpointId: string;
  restored: string[];
  deleted: string[];
  unchanged: string[];
  conflicts: { path: string; reason: string }[];
}

export interface PruneReport {
  removedCheckpoints: string[];
  removedBlobs: number;
  freedBytes: number;
}

export const DEFAULT_RETENTION = { maxCount: 500, maxBytes: 256 * 1024 * 1024 };

export class CheckpointNotFoundError extends Error {
  constructor(readonly checkpointId: string) {
    super(`no checkpoint "${checkpointId}": run "harness checkpoints list" to see the ids`);
    this.name = 'CheckpointNotFoundError';
  }
}

// Create, recordAfter and prune are serialised per state directory so a prune never sweeps a blob
// whose manifest is still being written. Across processes only the temp-file grace period protects
// writers, so run prune from one process at a time.
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

const blobRel = (hash: string) => `blobs/${hash}`;
const manifestRel = (id: string) => `checkpoints/${id}.json`;
const newestFirst = (a: CheckpointManifest, b: CheckpointManifest) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function isManifest(v: unknown): v is CheckpointManifest {
  const m = v as CheckpointManifest;
  return (
    !!m && typeof m.id === 'string' && isSafeId(m.id) && typeof m.taskId === 'string' &&
    typeof m.createdAt === 'number' && Array.isArray(m.files) &&
    m.files.every((f) => f && typeof f.path === 'string' && typeof f.beforeHash === 'string')
  );
}

export class CheckpointStore {
  private readonly applier: EditApplier;

  constructor(
    private readonly store: StateStore,
    private readonly root: string,
    applier?: EditApplier,
    private readonly clock: () => number = Date.now,
  ) {
    this.applier = applier ?? fsWorkspaceApplier(root);
  }

  /** Stores the prior content of each file (null = the file does not exist yet). Returns the id. */
  async create(taskId: string, files: { path: string; before: string | null }[], label = ''): Promise<string> {
    assertSafeId(taskId, 'task');
    const entries = new Map<string, { before: string | null }>();
    for (const f of files) {
      const { rel } = resolveInWorkspace(this.root, f.path);
      if (!entries.has(rel)) entries.set(rel, { before: f.before });
    }
    const createdAt = this.clock();
    const id = newCheckpointId(createdAt);
    return withDirLock(this.store.dir, async () => {
      const manifestFiles: CheckpointFile[] = [];
      const blobs = new Map<string, Buffer>();
      for (const [path, { before }] of entries) {
        const beforeHash = contentHash(before);
        let bytes = 0;
        if (before !== null) {
          const data = Buffer.from(before, 'utf8');
          bytes = data.length;
          blobs.set(beforeHash, data);
        }
        manifestFiles.push({ path, beforeHash, bytes });
      }
      await this.putBlobs(blobs);
      const manifest: CheckpointManifest = { id, taskId, createdAt, label, files: manifestFiles };
      // Blobs durable first, manifest last: a crash in between leaves orphan blobs (prune removes
      // them), never a manifest pointing at a blob that is not there.
      await this.store.writeAtomic(manifestRel(id), JSON.stringify(manifest, null, 1));
      return id;
    });
  }

  /** Records what the agent wrote (null = deleted), so a later user change shows up as a conflict. */
  recordAfter(id: string, path: string, after: string | null): Promise<void> {
    return this.recordAfterMany(id, [{ path, after }]);
  }

  /** recordAfter for every file of one edit, with a single manifest rewrite. */
  async recordAfterMany(id: string, files: { path: string; after: string | null }[]): Promise<void> {
    const rels = files.map((f) => ({ rel: resolveInWorkspace(this.root, f.path).rel, hash: contentHash(f.after) }));
    await withDirLock(this.store.dir, async () => {
      const m = await this.get(id);
      if (!m) throw new CheckpointNotFoundError(id);
      for (const { rel, hash } of rels) {
        const file = m.files.find((f) => f.path === rel);
        if (!file) throw new Error(`checkpoint ${id} does not cover ${rel}: create the checkpoint with every file the edit touches`);
        file.afterHash = hash;
      }
      await this.store.writeAtomic(manifestRel(id), JSON.stringify(m, null, 1));
    });
  }

  async get(id: string): Promise<CheckpointManifest | null> {
    if (!isSafeId(id)) return null;
    const text = await this.store.read(manifestRel(id));
    if (text === null) return null;
    try {
      const m: unknown = JSON.parse(text);
      return isManifest(m) && m.id === id ? m : null;
    } catch {
      return null;
    }
  }

  /** Checkpoints, newest first; damaged manifests are skipped. */
  async list(taskId?: string): Promise<CheckpointManifest[]> {
    const names = (await this.store.list('checkpoints')).filter((n) => n.endsWith('.json'));
    const out: CheckpointManifest[] = [];
    for (const name of names) {
      const m = await this.get(name.slice(0, -'.json'.length));
      if (m && (taskId === undefined || m.taskId === taskId)) out.push(m);
    }
    return out.sort(newestFirst);
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
    const plan = new Map<string, { beforeHash: string; agentHash: string }>();
    for (const m of later) {
      for (const f of m.files) {
        const agentHash = f.afterHash ?? f.beforeHash; // no afterHash: the write never happened (or was not recorded)
        const cur = plan.get(f.path);
        if (cur) cur.agentHash = agentHash;
        else plan.set(f.path, { beforeHash: f.beforeHash, agentHash });
      }
    }
    const only = opts.paths ? new Set(opts.paths.map((p) => resolveInWorkspace(this.root, p).rel)) : undefined;
    for (const p of only ?? []) {
      if (!plan.has(p)) report.conflicts.push({ path: p, reason: `${p} is not part of checkpoint ${id}; nothing to restore` });
    }
    for (const [path, { beforeHash, agentHash }] of plan) {
      if (only && !only.has(path)) continue;
      try {
        await this.restoreOne(path, beforeHash, agentHash, !!opts.force, report);
      } catch (e) {
        report.conflicts.push({ path, reason: `could not restore: ${(e as Error).message}` });
      }
    }
    return report;
  }

  private async restoreOne(path: string, beforeHash: string, agentHash: string, force: boolean, report: RestoreReport) {
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
    const blob = await this.store.readBuffer(blobRel(beforeHash));
    if (!blob || sha256(blob) !== beforeHash) {
      report.conflicts.push({ path, reason: `the saved content of ${path} is missing or damaged; not restored` });
      return;
    }
    await this.applier.apply(path, blob.toString('utf8'));
    report.restored.push(path);
  }

  /**
   * Drops the oldest checkpoints beyond `maxCount`, then more until the blobs still referenced fit
   * in `maxBytes`; then deletes blobs no remaining manifest references (mark and sweep).
   */
  async prune(limits: { maxCount?: number; maxBytes?: number }): Promise<PruneReport> {
    return withDirLock(this.store.dir, async () => {
      const all = await this.list();
      const keep = limits.maxCount === undefined ? all.slice() : all.slice(0, Math.max(0, limits.maxCount));
      const removed = all.slice(keep.length);
      const sizes = new Map<string, number>();
      const refs = new Map<string, number>();
      let total = 0;
      for (const m of keep) {
        for (const f of m.files) {
          if (f.beforeHash === ABSENT) continue;
          const n = refs.get(f.beforeHash) ?? 0;
          if (n === 0) {
            const size = (await this.store.stat(blobRel(f.beforeHash)))?.size ?? 0;
            sizes.set(f.beforeHash, size);
            total += size;
          }
          refs.set(f.beforeHash, n + 1);
        }
      }
      if (limits.maxBytes !== undefined) {
        while (keep.length > 0 && total > limits.maxBytes) {
          const m = keep.pop()!; // oldest
          removed.push(m);
          for (const f of m.files) {
            if (f.beforeHash === ABSENT) continue;
            const n = refs.get(f.beforeHash)! - 1;
            refs.set(f.beforeHash, n);
            if (n === 0) total -= sizes.get(f.beforeHash) ?? 0;
          }
        }
      }
      // Manifests first: a crash before the sweep only leaves orphan blobs for the next prune.
      for (const m of removed) await this.store.remove(manifestRel(m.id));
      let removedBlobs = 0;
      let freedBytes = 0;
      await this.removeStaleTemps('checkpoints');
      for (const name of await this.store.list('blobs')) {
        if (name.includes(TEMP_MARK)) continue; // handled below
        const st = await this.store.stat(blobRel(name));
        if (!st) continue;
        if ((refs.get(name) ?? 0) > 0) continue;
        await this.store.remove(blobRel(name));
        removedBlobs++;
        freedBytes += st.size;
      }
      await this.removeStaleTemps('blobs');
      return { removedCheckpoints: removed.map((m) => m.id), removedBlobs, freedBytes };
    });
  }

  /** Temp files left by a killed process; young ones may belong to a live writer elsewhere. */
  private async removeStaleTemps(dir: string): Promise<void> {
    const now = Date.now(); // compared with file mtimes, so wall time, not the injected clock
    for (const name of await this.store.list(dir)) {
      if (!name.includes(TEMP_MARK)) continue;
      const st = await this.store.stat(`${dir}/${name}`);
      if (st && now - st.mtimeMs > 60_000) await this.store.remove(`${dir}/${name}`);
    }
  }

  /**
   * Writes the blobs not already there intact (de-duplication), all at once: their fsyncs overlap,
   * and the blobs directory is fsynced once for all the renames instead of once per blob.
   */
  private async putBlobs(blobs: Map<string, Buffer>): Promise<void> {
    const missing: [string, Buffer][] = [];
    for (const [hash, data] of blobs) {
      const existing = await this.store.readBuffer(blobRel(hash));
      if (!existing || sha256(existing) !== hash) missing.push([hash, data]);
    }
    if (missing.length === 0) return;
    // A store without syncDir fsyncs the directory inside every writeAtomic, which is just as safe.
    const skipDirSync = typeof this.store.syncDir === 'function';
    // allSettled: never return (and unlock) while a write is still in flight.
    const results = await Promise.allSettled(missing.map(([hash, data]) => this.store.writeAtomic(blobRel(hash), data, { skipDirSync })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (skipDirSync) await this.store.syncDir!('blobs');
  }
}
