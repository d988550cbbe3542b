// Breadth-first walk of a workspace folder shared by listing and searching.
// Never follows directory symlinks (they are reported, not entered), never enters .git,
// node_modules or .harness below the start, and honours .gitignore files on the way down.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { WorkspaceError, quotePath } from './paths';
import { type IgnoreRule, isIgnored, loadAncestorRules, loadDirRules } from './ignore';

/** Folder names skipped while walking (compared case-insensitively, as macOS and Windows would). */
export const ALWAYS_SKIPPED_DIRS: readonly string[] = ['.git', 'node_modules', '.harness'];
/** Of those, the ones that may not be walked even when asked for by name. */
const NEVER_WALKED_DIRS = ['.git', '.harness'];

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface WalkEntry {
  rel: string;
  abs: string;
  kind: EntryKind;
}

export interface WalkOptions {
  recursive: boolean;
  /** Stop after looking at this many directory entries, so a huge ignored tree cannot stall us. */
  maxVisited?: number;
  /** Epoch ms after which the walk stops. */
  deadline?: number;
}

/** Refuse to walk the harness's own data or git internals, even when named explicitly. */
export function assertWalkable(rel: string): void {
  const hit = rel.split('/').find((seg) => NEVER_WALKED_DIRS.includes(seg.toLowerCase()));
  if (hit) {
    throw new WorkspaceError(`Path ${quotePath(rel)} is inside '${hit}', which is not listed or searched: read a specific file instead.`);
  }
}

function kindOf(d: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): EntryKind {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isDirectory()) return 'dir';
  if (d.isFile()) return 'file';
  return 'other';
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Visit the entries below the folder `startAbs` (workspace-relative `startRel`), level by level,
 * each folder's entries sorted by name. `visit` returns false to stop. Resolves to true when the
 * walk covered everything, false when it stopped early (by `visit`, the visit cap or the deadline).
 */
export async function walk(
  rootAbs: string,
  startAbs: string,
  startRel: string,
  options: WalkOptions,
  visit: (entry: WalkEntry) => boolean | Promise<boolean>,
): Promise<boolean> {
  const maxVisited = options.maxVisited ?? 200_000;
  let visited = 0;
  const queue: { abs: string; rel: string; rules: IgnoreRule[] }[] = [
    { abs: startAbs, rel: startRel, rules: await loadAncestorRules(rootAbs, startRel) },
  ];
  while (queue.length) {
    const dir = queue.shift()!;
    const rules = [...dir.rules, ...(await loadDirRules(rootAbs, dir.rel))];
    let dirents;
    try {
      dirents = await fsp.readdir(dir.abs, { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable: skip rather than fail the whole walk
    }
    dirents.sort((a, b) => byCodeUnit(a.name, b.name));
    for (const d of dirents) {
      if (++visited > maxVisited) return false;
      if (options.deadline !== undefined && Date.now() > options.deadline) return false;
      const kind = kindOf(d);
      if (kind === 'dir' && ALWAYS_SKIPPED_DIRS.includes(d.name.toLowerCase())) continue;
      const rel = dir.rel === '.' ? d.name : `${dir.rel}/${d.name}`;
      if (isIgnored(rules, rel, kind === 'dir')) continue;
      const entry: WalkEntry = { rel, abs: path.join(dir.abs, d.name), kind };
      if (!(await visit(entry))) return false;
      if (kind === 'dir' && options.recursive) queue.push({ abs: entry.abs, rel, rules });
    }
  }
  return true;
}
