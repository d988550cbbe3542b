// Where a CLI command keeps a workspace's state: `--state-dir DIR`, else `<workspace>/.harness`.
// The workspace may be hostile: a `.harness` it ships as a symbolic link would carry the journal,
// the checkpoints (copies of the user's files) and the audit log wherever the link points.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args';

export function resolveStateDir(workspace: string, flag: string | undefined): string {
  const stateDir = path.resolve(flag ?? path.join(workspace, '.harness'));
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(stateDir);
  } catch {
    return stateDir; // created on first use
  }
  if (!flag && st.isSymbolicLink()) throw new UsageError(`${stateDir} is a symbolic link: remove it or pass --state-dir DIR.`);
  if (!fs.statSync(stateDir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`state folder ${stateDir} exists and is not a folder: pass --state-dir DIR.`);
  return stateDir;
}
