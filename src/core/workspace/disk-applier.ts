// The EditApplier the CLI (and tests) use: approved edits go straight to disk, atomically,
// with containment re-checked at the moment of writing.
import type { EditApplier } from '../agent/api';
import { atomicWriteFile, readTextFile, removeFile, type FileLimits } from './files';
import { assertRealPathInside, resolveInWorkspace } from './paths';

export class DiskEditApplier implements EditApplier {
  constructor(
    readonly root: string,
    private readonly limits: FileLimits,
  ) {}

  /** The file's text, or null when it does not exist. Scope, size and binary errors still throw. */
  async read(relPath: string): Promise<string | null> {
    const { abs } = resolveInWorkspace(this.root, relPath);
    const { exists } = await assertRealPathInside(this.root, abs, false);
    if (!exists) return null;
    return (await readTextFile(this.root, relPath, this.limits)).text;
  }

  async apply(relPath: string, content: string | null): Promise<void> {
    if (content === null) await removeFile(this.root, relPath);
    else await atomicWriteFile(this.root, relPath, content, this.limits);
  }
}
