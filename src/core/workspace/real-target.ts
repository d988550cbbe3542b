// Where a path the model named really leads: the policy judges a file operation on this real path as
// well as on the name given, so `g/config` with `g -> .git` is judged as `.git/config` for every tool.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { assertRealPathInside, realRoot, resolveInWorkspace, toRel } from './paths';

export interface RealTarget {
  /** The path as named, normalised (see resolveInWorkspace). */
  rel: string;
  /** Workspace-relative real path: every link on the way followed; a missing tail appended as named. */
  realRel: string;
  exists: boolean;
}

/** Resolves `input` inside `root` and follows its links; throws ScopeError when it leads outside. */
export async function resolveRealTarget(root: string, input: string): Promise<RealTarget> {
  const { abs, rel } = resolveInWorkspace(root, input);
  const { real, exists } = await assertRealPathInside(root, abs, false);
  let tail = '';
  if (!exists) {
    // `real` is the nearest existing parent's real path: add back the names below it.
    let probe = abs;
    while (!(await fsp.lstat(probe).then(() => true, () => false))) {
      tail = tail ? path.join(path.basename(probe), tail) : path.basename(probe);
      probe = path.dirname(probe);
    }
  }
  return { rel, realRel: toRel(await realRoot(root), tail ? path.join(real, tail) : real), exists };
}
