// Where the agent runs, for the prompt: OS, shell, date, the workspace's top level, git. Gathered once
// at the start of a task and never refreshed, so the system prompt stays byte-identical across turns
// and the model server's prompt cache hits. The date has no clock in it for the same reason.
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_SHELL } from '../commands/run';
import { listFiles } from '../workspace/list';
import { gitFacts, gitLine, type GitFacts } from './git-state';

/** Entries of the top level the prompt lists at most. */
export const TOP_LEVEL_ENTRIES = 60;

export interface EnvironmentFacts {
  os: string;
  shell: string;
  /** YYYY-MM-DD, local time. */
  date: string;
  /** The workspace folder's name (its absolute path would tell the model the user's home layout). */
  folder: string;
  topLevel: { entries: string[]; truncated: boolean };
  git: GitFacts;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function gatherEnvironment(root: string, opts: { trusted: boolean; now?: Date }): Promise<EnvironmentFacts> {
  const [topLevel, git] = await Promise.all([
    listFiles(root, '.', { recursive: false, maxEntries: TOP_LEVEL_ENTRIES }).catch(() => ({ entries: [], truncated: true })),
    gitFacts(root, { trusted: opts.trusted }).catch((): GitFacts => ({ repo: false, note: 'could not be read' })),
  ]);
  return {
    os: `${os.type()} ${os.release()} (${process.platform}, ${process.arch})`,
    shell: COMMAND_SHELL,
    date: localDate(opts.now ?? new Date()),
    folder: path.basename(path.resolve(root)),
    topLevel,
    git,
  };
}

export function environmentText(f: EnvironmentFacts): string {
  const listing = f.topLevel.entries.length ? f.topLevel.entries.join(', ') + (f.topLevel.truncated ? ', … (more: use list_files)' : '') : '(empty)';
  return [
    '## Environment (at the start of the task)',
    `- OS: ${f.os}. Commands run in ${f.shell} (\`${path.basename(f.shell)} -c\`), in the workspace root.`,
    `- Date: ${f.date}.`,
    `- Workspace folder "${f.folder}"; its top level (.gitignore respected): ${listing}`,
    `- ${gitLine(f.git)}`,
  ].join('\n');
}
