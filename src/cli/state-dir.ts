// Where a CLI command keeps a workspace's state (journal, checkpoints, audit log): `--state-dir DIR`,
// else a folder per workspace under the user's state directory, as the editor keeps it in its
// workspace storage. Never inside the repository: `git add -A` would commit the journal (which holds
// file contents) and the audit log, and a sandboxed command (which may write the workspace) could
// rewrite them. A `.harness` inside the workspace, left by an earlier version or shipped by the
// repository, is never used unless named with --state-dir: a cloned repository cannot plant tasks
// to resume or checkpoints to restore.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './args';

export interface StateDirChoice {
  dir: string;
  /** One line for stderr: a `.harness` from an earlier version sits in the workspace, unused. */
  note?: string;
}

/** `$XDG_STATE_HOME/harness` (an absolute one, as the spec asks), else `~/.local/state/harness`. */
export function stateHome(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'harness');
}

/** `<state home>/<folder name>-<hash of the real path>`: one per workspace, readable in a listing. */
export function defaultStateDir(workspace: string, env: NodeJS.ProcessEnv = process.env): string {
  let real = path.resolve(workspace);
  try {
    real = fs.realpathSync(real);
  } catch {
    /* a missing workspace is reported by the caller */
  }
  const name = path.basename(real).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 40) || 'workspace';
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 16);
  return path.join(stateHome(env), `${name}-${hash}`);
}

export function resolveStateDir(workspace: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): StateDirChoice {
  const dir = flag ? path.resolve(flag) : defaultStateDir(workspace, env);
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new UsageError(`state folder ${dir} exists and is not a folder: pass --state-dir DIR.`);
  if (flag) return { dir };
  const legacy = path.join(path.resolve(workspace), '.harness');
  if (!fs.lstatSync(legacy, { throwIfNoEntry: false })?.isDirectory()) return { dir };
  const move = st ? '' : `, or move it there (mv ${legacy} ${dir})`;
  return { dir, note: `${legacy} (state from an earlier version, or shipped with the repository) is not used; state now lives in ${dir}. If it is yours, pass --state-dir ${legacy} to list, resume or restore its tasks${move}.` };
}
