// Reads and writes workspace files for checkpoint restore, through the workspace path rules.
// The editor passes its own EditApplier instead (so a restore joins the undo stack); this is the
// disk version the CLI and tests use.
import type { EditApplier } from '../agent/api';
import { atomicWriteFile, readRegularText, removeFile } from '../workspace/files';
import { assertRealPathInside, realRoot, resolveInWorkspace } from '../workspace/paths';

// Restore puts back what was there, whatever its size: the agent's read limit does not apply.
const NO_LIMIT = { maxFileBytes: Number.MAX_SAFE_INTEGER };

export function fsWorkspaceApplier(root: string): EditApplier {
  return {
    async read(input) {
      const { abs, rel } = resolveInWorkspace(root, input);
      const { real, exists } = await assertRealPathInside(root, abs, false);
      if (!exists) return null;
      return readRegularText(await realRoot(root), real, rel, NO_LIMIT.maxFileBytes);
    },
    async apply(rel, content) {
      if (content !== null) return atomicWriteFile(root, rel, content, NO_LIMIT);
      const { abs } = resolveInWorkspace(root, rel);
      const { exists } = await assertRealPathInside(root, abs, false);
      if (exists) await removeFile(root, rel); // already gone is what we wanted
    },
  };
}
