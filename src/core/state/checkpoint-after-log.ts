// What the agent wrote after each checkpoint (path -> hash), one line per edit in a single append-only
// file for the state directory. A line written at once to an open file costs microseconds; a small
// file per checkpoint cost a create and a rename each. Not fsynced: losing the tail in a power cut
// only makes a restore treat those files as changed by the user (a conflict it asks about), never
// overwrite anything; a killed process loses nothing.
import type { StateStore } from './store';

export const AFTER_LOG = 'checkpoints/after.log';

export type AfterHashes = Map<string, Record<string, string>>;

/** Every checkpoint's recorded hashes; lines torn or damaged are skipped. */
export async function readAfterLog(store: StateStore): Promise<AfterHashes> {
  const out: AfterHashes = new Map();
  // Unreadable (a symlink or a folder planted in its place): as if nothing was recorded, so restores
  // ask about every file instead of failing.
  const text = await store.read(AFTER_LOG).catch(() => null);
  if (!text) return out;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const v = JSON.parse(line) as { id?: unknown; after?: unknown };
      if (typeof v.id !== 'string' || !v.after || typeof v.after !== 'object' || Array.isArray(v.after)) continue;
      const merged = out.get(v.id) ?? {};
      for (const [p, h] of Object.entries(v.after)) if (typeof h === 'string') merged[p] = h;
      out.set(v.id, merged);
    } catch {
      /* a torn line: as if nothing was recorded there */
    }
  }
  return out;
}

export async function appendAfterLog(store: StateStore, id: string, after: Record<string, string>): Promise<void> {
  let line = JSON.stringify({ id, after }) + '\n';
  // A line a killed process (any process: the log is shared) left unfinished would swallow ours:
  // start on a fresh line. A stat and a one-byte read: microseconds.
  const st = await store.stat(AFTER_LOG);
  const last = st && st.size > 0 ? await store.readRange(AFTER_LOG, st.size - 1, 1) : null;
  if (last && last.length === 1 && last[0] !== 0x0a) line = '\n' + line;
  await store.append(AFTER_LOG, line, { sync: false });
}

/**
 * Drops the lines of pruned checkpoints, once they are most of the log (so the rewrite is rare). A
 * line another process appends during the rewrite can be lost; that edit's restore then asks.
 */
export async function compactAfterLog(store: StateStore, dropped: Set<string>): Promise<void> {
  if (dropped.size === 0) return;
  const all = await readAfterLog(store);
  if ([...all.keys()].filter((id) => dropped.has(id)).length * 2 < all.size) return;
  const lines = [...all].filter(([id]) => !dropped.has(id)).map(([id, after]) => JSON.stringify({ id, after }) + '\n');
  if (lines.length === all.size) return;
  if (lines.length === 0) await store.remove(AFTER_LOG);
  else await store.writeAtomic(AFTER_LOG, lines.join(''), { durable: false });
}
