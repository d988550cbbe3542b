// Listing a workspace folder for the model: capped, sorted, .gitignore-aware.
// Folders end with `/`. Symbolic links are listed by name (no trailing `/`) and never entered,
// so a link to `/` or to a parent cannot pull the world into the listing.
import { promises as fsp } from 'node:fs';
import { WorkspaceError, assertRealPathInside, quotePath, resolveInWorkspace } from './paths';
import { assertWalkable, walk } from './walk';

export interface ListOptions {
  recursive?: boolean;
  maxEntries: number;
}

export interface ListResult {
  /** Workspace-relative paths, folders with a trailing `/`, sorted. */
  entries: string[];
  /** True when more entries existed than `maxEntries` (or the walk was cut short). */
  truncated: boolean;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function listFiles(root: string, input = '.', options: ListOptions): Promise<ListResult> {
  const { abs, rel } = resolveInWorkspace(root, input);
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new WorkspaceError(`maxEntries must be a whole number of at least 1 (got ${options.maxEntries}).`);
  }
  assertWalkable(rel);
  const { exists } = await assertRealPathInside(root, abs, false);
  if (!exists) throw new WorkspaceError(`Path ${quotePath(rel)} not found: list '.' to see the workspace root.`);
  const st = await fsp.stat(abs);
  if (!st.isDirectory()) return { entries: [rel], truncated: false };

  const entries: string[] = [];
  let truncated = false;
  // Breadth-first, so a cap keeps the top levels rather than one deep corner.
  const complete = await walk(root, abs, rel, { recursive: options.recursive ?? false }, (entry) => {
    if (entries.length >= options.maxEntries) {
      truncated = true;
      return false;
    }
    entries.push(entry.kind === 'dir' ? `${entry.rel}/` : entry.rel);
    return true;
  });
  if (!complete) truncated = true;
  entries.sort(byCodeUnit);
  return { entries, truncated };
}
