// The workspace's git state for the prompt: branch, ahead/behind its upstream, dirty files.
//
// A repository's own config comes with the code and can name programs git runs (core.fsmonitor on
// every status, filter drivers on files it hashes, hooks when it writes the index). So: the branch
// is read from HEAD directly, without git; git runs only in a trusted workspace, without a shell,
// with a timeout and a minimal environment, never writing the index, with the fsmonitor and hooks
// switched off and every configured filter driver emptied for the run. Where that cannot be made
// sure (a filter name git's -c cannot override), the dirty count is left out, not guessed.
import { execFile } from 'node:child_process';
import { promises as fsp, constants as fsc } from 'node:fs';
import * as path from 'node:path';

export interface GitFacts {
  /** False when the workspace is not in a git repository. */
  repo: boolean;
  branch?: string;
  /** HEAD is a commit, not a branch. */
  detached?: boolean;
  upstream?: string;
  ahead?: number;
  behind?: number;
  /** Changed, added, deleted and untracked files (not ignored ones). */
  dirty?: number;
  /** Why something is left out. */
  note?: string;
}

const TIMEOUT_MS = 3000;
const BRANCH = /^[A-Za-z0-9._\/-]{1,200}$/;

async function readSmall(file: string, max = 4096): Promise<string | undefined> {
  let fh;
  try {
    fh = await fsp.open(file, fsc.O_RDONLY | (fsc.O_NOFOLLOW ?? 0) | (fsc.O_NONBLOCK ?? 0));
    const st = await fh.stat();
    if (!st.isFile() || st.size > max) return undefined;
    return (await fh.readFile()).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** The git folder of the repository holding `root` (its `.git` folder, or where a `.git` file points). */
async function gitDirOf(root: string): Promise<string | undefined> {
  let dir = path.resolve(root);
  for (let i = 0; i < 64; i++) {
    const dotGit = path.join(dir, '.git');
    const st = await fsp.lstat(dotGit).catch(() => undefined);
    if (st?.isDirectory()) return dotGit;
    if (st?.isFile()) {
      const m = /^gitdir: (.+)$/m.exec((await readSmall(dotGit)) ?? '');
      return m ? path.resolve(dir, m[1].trim()) : undefined;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Branch (or detached commit) from HEAD, read as a file: no program runs for it. */
export async function headOf(root: string): Promise<Pick<GitFacts, 'repo' | 'branch' | 'detached'>> {
  const gitDir = await gitDirOf(root);
  if (!gitDir) return { repo: false };
  const head = (await readSmall(path.join(gitDir, 'HEAD'), 512))?.trim() ?? '';
  const ref = /^ref: refs\/heads\/(.+)$/.exec(head)?.[1];
  if (ref && BRANCH.test(ref)) return { repo: true, branch: ref };
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head)) return { repo: true, branch: head.slice(0, 12), detached: true };
  return { repo: true };
}

/** git from PATH, skipping entries that are relative or inside the workspace (a planted `git`). */
async function findGit(root: string): Promise<string | undefined> {
  const rootAbs = path.resolve(root);
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const rel = path.relative(rootAbs, dir);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) continue;
    const file = path.join(dir, 'git');
    if (await fsp.access(file, fsc.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

/** Switches that keep a repository's config from running programs during a read-only look. */
const SAFE_CONFIG = ['core.fsmonitor=false', 'core.untrackedCache=false', 'core.hooksPath=/dev/null', 'status.submoduleSummary=false', 'diff.external=', 'core.pager=cat'];

function git(bin: string, root: string, args: string[], maxBuffer = 1024 * 1024): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
  const full = ['--no-pager', '--no-optional-locks', ...SAFE_CONFIG.flatMap((c) => ['-c', c]), '-C', root, ...args];
  return new Promise((resolve, reject) => {
    execFile(bin, full, { env, timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer, windowsHide: true, shell: false }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** `-c` overrides that empty every configured filter driver, or undefined when one cannot be overridden. */
async function filterOverrides(bin: string, root: string): Promise<string[] | undefined> {
  let listed: string;
  try {
    listed = await git(bin, root, ['config', '--name-only', '--get-regexp', '^filter\\.']);
  } catch (err) {
    // Exit 1: no filter configured at all.
    return (err as { code?: unknown }).code === 1 ? [] : undefined;
  }
  const names = new Set<string>();
  for (const key of listed.split('\n').filter(Boolean)) {
    const name = key.slice('filter.'.length, key.lastIndexOf('.'));
    if (!name || /[=\s\u0000-\u001f]/.test(name)) return undefined;
    names.add(name);
  }
  return [...names].flatMap((n) => ['clean', 'smudge', 'process'].flatMap((k) => ['-c', `filter.${n}.${k}=`]).concat(['-c', `filter.${n}.required=false`]));
}

/**
 * What the prompt says about git. `trusted: false` (Restricted Mode) reads HEAD only: no git process
 * runs for a workspace the user has not trusted.
 */
export async function gitFacts(root: string, opts: { trusted: boolean }): Promise<GitFacts> {
  const head = await headOf(root);
  if (!head.repo) return head;
  if (!opts.trusted) return { ...head, note: 'ahead/behind and changed files not inspected: the workspace is not trusted' };
  const bin = await findGit(root);
  if (!bin) return { ...head, note: 'git is not installed here' };
  const facts: GitFacts = { ...head };
  try {
    facts.upstream = (await git(bin, root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'])).trim() || undefined;
    if (facts.upstream && !BRANCH.test(facts.upstream)) facts.upstream = undefined;
  } catch {
    // no upstream configured
  }
  if (facts.upstream) {
    try {
      const [ahead, behind] = (await git(bin, root, ['rev-list', '--left-right', '--count', 'HEAD...@{upstream}'])).trim().split(/\s+/).map(Number);
      if (Number.isInteger(ahead) && Number.isInteger(behind)) Object.assign(facts, { ahead, behind });
    } catch {
      // an upstream that is gone: leave the counts out
    }
  }
  const filters = await filterOverrides(bin, root);
  if (!filters) return { ...facts, note: 'changed files not counted: a filter driver in the git config cannot be switched off safely' };
  try {
    const out = await git(bin, root, [...filters, 'status', '--porcelain=v1', '-z', '--no-renames', '--ignore-submodules=all', '--untracked-files=normal'], 8 * 1024 * 1024);
    facts.dirty = out.split('\0').filter(Boolean).length;
  } catch (err) {
    facts.note = (err as { code?: unknown }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? 'too many changed files to count' : 'git status did not answer in time or failed';
  }
  return facts;
}

/** One line for the prompt. */
export function gitLine(g: GitFacts): string {
  if (!g.repo) return 'Git: not a git repository.';
  const parts = [g.branch ? (g.detached ? `detached HEAD at ${g.branch}` : `branch ${g.branch}`) : 'branch unknown'];
  if (g.upstream) parts.push(g.ahead !== undefined ? `${g.ahead} ahead and ${g.behind} behind ${g.upstream}` : `upstream ${g.upstream}`);
  else if (g.branch && !g.detached && !g.note?.includes('not trusted')) parts.push('no upstream');
  if (g.dirty !== undefined) parts.push(g.dirty === 0 ? 'no uncommitted changes' : `${g.dirty} changed or untracked file${g.dirty === 1 ? '' : 's'}`);
  return `Git: ${parts.join(', ')}${g.note ? ` (${g.note})` : ''}.`;
}
