// The one EditApplier that writes to disk, used by the CLI, the tests and checkpoint restore: edits
// go straight to the file, atomically, with containment re-checked at the moment of writing.
import * as fsp from 'node:fs/promises';
import type { EditApplier } from '../shared/applier';
import { atomicWriteFile, readTextFile, removeFile, type FileLimits } from './files';
import { assertRealPathInside, resolveInWorkspace } from './paths';

/** Restore puts back what was there, whatever its size: the agent's read limit does not apply. */
const NO_LIMIT: FileLimits = { maxFileBytes: Number.MAX_SAFE_INTEGER };

export class DiskEditApplier implements EditApplier {
  /** Without `limits` there is no size limit (what checkpoint restore needs). */
  constructor(
    readonly root: string,
    private readonly limits: FileLimits = NO_LIMIT,
  ) {}

  /** The file's text, or null when it does not exist. Scope, size and binary errors still throw. */
  async read(relPath: string): Promise<string | null> {
    const { abs } = resolveInWorkspace(this.root, relPath);
    const { exists } = await assertRealPathInside(this.root, abs, false);
    if (!exists) return null;
    return (await readTextFile(this.root, relPath, this.limits)).text;
  }

  /** Writes atomically; null deletes, and a file already gone is what a delete wanted. */
  async apply(relPath: string, content: string | null): Promise<void> {
    if (content !== null) return atomicWriteFile(this.root, relPath, content, this.limits);
    // lstat, not the real path: deleting a link removes the link, whatever it points at.
    const gone = await fsp.lstat(resolveInWorkspace(this.root, relPath).abs).then(() => false, () => true);
    if (!gone) await removeFile(this.root, relPath);
  }
}
