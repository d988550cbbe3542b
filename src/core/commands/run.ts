// Runs one approved command: inside the workspace, without stdin (unless given `input`), in its own
// process group, with a timeout that kills the whole group, a capped output, a scrubbed environment
// and (when possible) bwrap.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CappedOutput } from './output';
import { redact, scrubEnvironment } from './env';
import { bwrapPath, prepareSandbox, sandboxAvailable, SandboxUnenforceable, type SandboxSetup } from './sandbox';
import { DEFAULT_PROTECTED_PATHS } from '../workspace/protected';
import { killRun, RUN_TOKEN_VAR } from './kill-tree';

export { sandboxAvailable } from './sandbox';

export interface RunCommandOptions {
  command: string;
  root: string;
  /** Workspace-relative working directory (default '.'); anything resolving outside is refused. */
  cwd?: string;
  /** Default 60000. */
  timeoutMs?: number;
  /** Default 64 KiB. */
  maxOutputBytes?: number;
  envAllowList?: string[];
  /** e.g. the API key: never passed on, and redacted from output. */
  secretValues?: string[];
  /** `required`: refuse to run unless the enforcing sandbox can be set up (how unasked commands run). */
  sandbox?: 'auto' | 'required' | 'off';
  allowNetwork?: boolean;
  /** Kept read-only inside the sandbox (default: the built-in protected paths). */
  protectedPaths?: readonly string[];
  signal?: AbortSignal;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Written to the command's stdin, which is then closed (hooks get their JSON this way). Default: no stdin. */
  input?: string;
  /** Variables added to the scrubbed environment (the harness's own, e.g. HARNESS_PROJECT_DIR for hooks). */
  env?: Record<string, string>;
}

export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  /** Capped: head and tail kept, with "[... N bytes omitted ...]" between. */
  output: string;
  omittedBytes: number;
  timedOut: boolean;
  cancelled: boolean;
  sandboxed: boolean;
  sandboxNote?: string;
  durationMs: number;
}

const KILL_GRACE_MS = 1500;
/** After the main process exits, how long leftover background processes may hold the pipes open. */
const DRAIN_MS = 1000;

/** The shell every command line runs in (the model is told so). */
export const COMMAND_SHELL = '/bin/bash';

/** The working directory on real paths, refused when outside the workspace. */
export function resolveWorkingDirectory(root: string, cwd = '.'): { root: string; cwd: string } {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    throw new Error(`workspace folder not found: ${root}`);
  }
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(realRoot, cwd));
  } catch {
    throw new Error(`working directory not found: ${cwd} (give a folder inside the workspace)`);
  }
  const rel = path.relative(realRoot, real);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) throw new Error(`refused: working directory ${cwd} is outside the workspace; give a folder inside it`);
  if (!fs.statSync(real).isDirectory()) throw new Error(`working directory is not a folder: ${cwd}`);
  return { root: realRoot, cwd: real };
}

export async function runCommand(opts: RunCommandOptions): Promise<CommandOutcome> {
  const started = Date.now();
  const { root, cwd } = resolveWorkingDirectory(opts.root, opts.cwd);
  const mode = opts.sandbox ?? 'auto';
  let sandboxNote: string | undefined;
  let setup: SandboxSetup | undefined;
  let bwrap: string | undefined;
  if (mode !== 'off') {
    const probe = await sandboxAvailable();
    bwrap = probe.available ? await bwrapPath() : undefined;
    let why = probe.reason ?? 'bwrap is unavailable';
    if (bwrap) {
      try {
        setup = await prepareSandbox({ root, cwd, allowNetwork: !!opts.allowNetwork, protectedPaths: opts.protectedPaths ?? DEFAULT_PROTECTED_PATHS });
      } catch (err) {
        if (!(err instanceof SandboxUnenforceable)) throw err;
        why = `the sandbox cannot confine this workspace: ${err.message}`;
      }
    }
    if (!setup) {
      if (mode === 'required') throw new Error(`refused: the command needs the sandbox but ${why}; nothing was run`);
      sandboxNote = `ran WITHOUT a sandbox: ${why}`;
    }
  } else sandboxNote = 'sandbox is off (harness.sandbox = "off")';
  const sandboxed = !!setup;

  const secrets = (opts.secretValues ?? []).filter(Boolean);
  const { env } = scrubEnvironment(process.env, opts.envAllowList, secrets);
  Object.assign(env, opts.env);
  // Marks every process of this run, so the ones that leave the process group can still be killed.
  const token = randomBytes(12).toString('hex');
  env[RUN_TOKEN_VAR] = token;
  const shell = [COMMAND_SHELL, '-c', opts.command];
  const [file, args] = setup && bwrap ? [bwrap, [...setup.args, '--', ...shell]] : [shell[0], shell.slice(1)];

  const output = new CappedOutput(opts.maxOutputBytes ?? 64 * 1024);
  let timedOut = false;
  let cancelled = false;

  if (opts.signal?.aborted) {
    await setup?.release();
    return { exitCode: null, signal: null, output: '', omittedBytes: 0, timedOut: false, cancelled: true, sandboxed, sandboxNote, durationMs: 0 };
  }

  const outcome = new Promise<CommandOutcome>((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, detached: true, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.input !== undefined) {
      // A command that exits without reading its stdin closes the pipe: that is not an error.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(opts.input);
    }
    const timers: NodeJS.Timeout[] = [];
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid !== undefined) killRun(child.pid, token, sig);
    };
    // SIGTERM first so tools can clean up, then SIGKILL for anything that ignores it.
    const stop = () => {
      killGroup('SIGTERM');
      timers.push(setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS));
    };
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs ?? 60_000));

    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      output.push(chunk);
      if (opts.onOutput) opts.onOutput(redact(chunk.toString('utf8'), secrets), stream);
    };
    child.stdout!.on('data', take('stdout'));
    child.stderr!.on('data', take('stderr'));

    let exit: { code: number | null; signal: string | null } | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout!.destroy();
      child.stderr!.destroy();
      resolve({
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        output: redact(output.text(), secrets),
        omittedBytes: output.omittedBytes,
        timedOut,
        cancelled,
        sandboxed,
        sandboxNote,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (err) => {
      timers.forEach(clearTimeout);
      reject(new Error(`could not start the command: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background leftovers of the command do not outlive it, and cannot hold the result hostage.
      killGroup('SIGKILL');
      timers.push(setTimeout(finish, DRAIN_MS));
    });
    child.on('close', finish);
  });
  // Once the command has ended (whatever way): repositories it made are moved aside, then the
  // placeholders go (a new .git could otherwise take the place of a .git placeholder).
  return outcome
    .then(async (o) => {
      const note = await setup?.settle();
      return note ? { ...o, output: `${o.output}\n${note}` } : o;
    })
    .finally(() => setup?.release());
}
