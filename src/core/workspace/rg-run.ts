// One ripgrep process over the search folder: which files may hold a match.
//
// ripgrep walks the folder itself (in parallel, which is where its speed comes from), told to apply
// only what our walk applies and never more: every .gitignore below the folder and nothing else (no
// global or parent ignore files, no .ignore/.rgignore, no .git/info/exclude), hidden files included,
// links not followed, .git, node_modules and .harness skipped at any depth. Whatever it still gets
// different is settled by the caller, which keeps only files our own walk listed, and searches in
// JavaScript the folders whose .gitignore ripgrep might read differently (see gitignoreAgreesWithRipgrep).
//
// It is not trusted with anything it could be tricked into: its config file is ignored (--no-config,
// RIPGREP_CONFIG_PATH removed), it reads bytes as they are (no BOM sniffing or UTF-16 decoding, no
// binary cut-off: those differ from ours and could hide a match), and all it returns is file names.
// Its output is read as it comes and capped, and the process is killed on timeout or cancel.
import { spawn } from 'node:child_process';
import { ripgrepEnv } from './rg-locate';
import { ALWAYS_SKIPPED_DIRS } from './walk';

export interface RgWalkOptions {
  rgPath: string;
  /** The workspace root; `start` and the paths printed are relative to it. */
  cwd: string;
  /** The folder to search, workspace-relative ('.' for the root). */
  start: string;
  /** A pattern from toRipgrepPattern. */
  pattern: string;
  maxFileBytes: number;
  /** Each file with a matching line, workspace-relative with forward slashes, as ripgrep finds it. */
  onFile(rel: string): void;
  /** Files reported before the process is killed as misbehaving. */
  maxFiles: number;
  signal?: AbortSignal;
  /** Epoch ms after which the process is killed. */
  deadline: number;
  threads: number;
}

export type RgResult = { ok: true } | { ok: false; why: string; spawnFailed?: boolean };

const STDERR_CAP = 16 * 1024;

/**
 * Exit code 2 with only "path: … (os error N)" lines means some paths could not be read (a folder
 * owned by another user): ripgrep skipped them, as our walk and reader do. Anything else (a pattern
 * it rejects, a message cut off by the cap) means its answer cannot be trusted.
 */
function onlyUnreadablePaths(stderr: string, overflowed: boolean): boolean {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return !overflowed && lines.length > 0 && lines.every((l) => /: .*\(os error \d+\)\s*$/.test(l));
}

/** How ripgrep walks: the files our walk lists, or more (never fewer) where a .gitignore reads alike. */
export function ripgrepWalkArgs(): string[] {
  return [
    '--no-config',
    '--hidden',
    '--no-require-git',
    '--no-ignore-global',
    '--no-ignore-parent',
    '--no-ignore-dot',
    '--no-ignore-exclude',
    '--no-follow', // the default; said out loud because a link must never lead the search outside
    ...ALWAYS_SKIPPED_DIRS.flatMap((dir) => ['--iglob', `!${dir}/`]),
  ];
}

export function ripgrepArgs(pattern: string, maxFileBytes: number, threads: number): string[] {
  return [
    ...ripgrepWalkArgs(),
    '--files-with-matches',
    '--null',
    '--text',
    '--encoding',
    'none',
    '--max-filesize',
    String(maxFileBytes), // skips files larger than this, as we do
    '--case-sensitive', // the pattern says (?i) itself when it should not be
    '--color',
    'never',
    '--threads',
    String(threads),
    '--regexp',
    pattern,
  ];
}

/** ripgrep's path for a file back to ours: `./a/b` (searching `.`) to `a/b`, backslashes to slashes on Windows. */
function toRel(printed: string): string {
  const slashed = process.platform === 'win32' ? printed.replace(/\\/g, '/') : printed;
  return slashed.startsWith('./') ? slashed.slice(2) : slashed;
}

export function runRipgrep(options: RgWalkOptions): Promise<RgResult> {
  // `-` alone would mean standard input (and `-x` an option, were it not after `--`).
  const start = options.start === '-' ? './-' : options.start;
  return new Promise((resolve) => {
    let settled = false;
    let pending: Buffer = Buffer.alloc(0);
    let files = 0;
    let stderr = '';
    let overflowed = false;
    let failure: string | undefined;

    const child = spawn(options.rgPath, [...ripgrepArgs(options.pattern, options.maxFileBytes, options.threads), '--', start], {
      cwd: options.cwd,
      env: ripgrepEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const finish = (result: RgResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const kill = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
      // Stop reading now: whatever still holds the pipe (a child of a wrapper script) must not keep us waiting.
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const onAbort = () => kill('stopped');
    const timer = setTimeout(() => kill('timed out'), Math.max(0, options.deadline - Date.now()));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let from = 0;
      for (let nul = pending.indexOf(0, from); nul !== -1; nul = pending.indexOf(0, from)) {
        if (++files > options.maxFiles) return kill(`reported more than ${options.maxFiles} files`);
        options.onFile(toRel(pending.toString('utf8', from, nul)));
        from = nul + 1;
      }
      pending = pending.subarray(from);
      // A name longer than any path can be is not a name.
      if (pending.length > 64 * 1024) kill('printed something that is not a file name');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length + chunk.length > STDERR_CAP) overflowed = true;
      if (stderr.length < STDERR_CAP) stderr += chunk.toString('utf8', 0, Math.min(chunk.length, STDERR_CAP - stderr.length));
    });
    child.on('error', (err) => finish({ ok: false, why: `could not start ${options.rgPath}: ${err.message}`, spawnFailed: true }));
    child.on('exit', () => {
      if (failure) finish({ ok: false, why: failure });
    });
    child.on('close', (code, signal) => {
      if (failure) return finish({ ok: false, why: failure });
      // 0: some files match, 1: none do; 2: an error (an unreadable file, or a pattern it rejected).
      if (code === 0 || code === 1 || (code === 2 && onlyUnreadablePaths(stderr, overflowed))) return finish({ ok: true });
      finish({ ok: false, why: code === null ? `killed by ${signal}` : `exit code ${code}${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}` });
    });
  });
}
