// The OS sandbox (bubblewrap) that enforces the policy on what a command does: the workspace writable
// except its protected paths, its secrets hidden, the home folder and other users' folders hidden,
// the system read-only, private /proc and /tmp, no network unless allowed, no capabilities. What it
// shows and hides is built in sandbox-host.ts and sandbox-workspace.ts; this file finds bwrap, checks
// that it really isolates, and assembles one run's arguments.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hide, hostMounts } from './sandbox-host';
import { disableNewRepositories, mapWorkspace, SandboxUnenforceable } from './sandbox-workspace';
import { holdPlaceholders, privateTempDir } from './placeholders';

export { SandboxUnenforceable } from './sandbox-workspace';

const DEFAULT_CANDIDATES = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
let override: string[] | undefined;
let probe: Promise<{ available: boolean; reason?: string; path?: string }> | undefined;

/** For tests: look for bwrap at these paths instead (none = a machine without it), and probe again. */
export function resetSandboxProbe(paths?: string[]): void {
  override = paths;
  probe = undefined;
}

/**
 * Where bwrap is looked for. `HARNESS_BWRAP_PATH` can only name the one place to look (the e2e tests
 * point it at nothing to get a machine without bwrap): it can take the sandbox away, which makes
 * commands ask, and a program there that does not isolate fails the probe below.
 */
function candidates(): string[] {
  if (override) return override;
  const env = process.env.HARNESS_BWRAP_PATH;
  if (env !== undefined) return path.isAbsolute(env) ? [env] : [];
  return DEFAULT_CANDIDATES;
}

function findBwrap(): string | undefined {
  return candidates().find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Empty read-only file and folder to bind over what must be hidden (made once, checked each time). */
function emptyMasks(): { emptyFile: string; emptyDir: string } {
  const dir = privateTempDir();
  const emptyFile = path.join(dir, 'empty-file');
  const emptyDir = path.join(dir, 'empty-dir');
  const f = fs.lstatSync(emptyFile, { throwIfNoEntry: false });
  if (!f || !f.isFile() || f.size !== 0) {
    fs.rmSync(emptyFile, { recursive: true, force: true });
    fs.writeFileSync(emptyFile, '', { mode: 0o444 });
  }
  const d = fs.lstatSync(emptyDir, { throwIfNoEntry: false });
  if (!d || !d.isDirectory() || fs.readdirSync(emptyDir).length) {
    fs.rmSync(emptyDir, { recursive: true, force: true });
    fs.mkdirSync(emptyDir, { mode: 0o555 });
  }
  return { emptyFile, emptyDir };
}

function namespaceArgs(allowNetwork: boolean): string[] {
  return ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', ...(allowNetwork ? [] : ['--unshare-net']),
    // Run as root, bwrap keeps every capability: the command could remount / read-write. Drop them all.
    '--cap-drop', 'ALL', '--die-with-parent', '--new-session'];
}

/**
 * Whether bwrap exists and really isolates here (it cannot create namespaces in some containers): a
 * probe run must not see a file made in the host's temp folder, and must print a nonce.
 */
export function sandboxAvailable(): Promise<{ available: boolean; reason?: string }> {
  if (process.platform !== 'linux') return Promise.resolve({ available: false, reason: `no sandbox on ${process.platform} (bubblewrap is Linux only)` });
  probe ??= new Promise((resolve) => {
    const bwrap = findBwrap();
    if (!bwrap) return resolve({ available: false, reason: 'bubblewrap (bwrap) is not installed; install the "bubblewrap" package' });
    let marker: string;
    let masks: { emptyFile: string; emptyDir: string };
    try {
      masks = emptyMasks();
      marker = path.join(privateTempDir(), `probe-${crypto.randomBytes(6).toString('hex')}`);
      fs.writeFileSync(marker, 'host');
    } catch (err) {
      return resolve({ available: false, reason: `cannot prepare the sandbox: ${(err as Error).message}` });
    }
    const nonce = crypto.randomBytes(8).toString('hex');
    const home = os.homedir();
    const args = [...namespaceArgs(false), ...hostMounts({ home, root: '/nonexistent', pathEnv: '', allowNetwork: false, ...masks }), '--tmpfs', path.dirname(marker),
      '--', '/bin/sh', '-c', 'test -e "$1" || echo "$2"', 'sh', marker, nonce];
    const child = spawn(bwrap, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = (r: { available: boolean; reason?: string; path?: string }) => {
      fs.rmSync(marker, { force: true });
      resolve(r);
    };
    child.on('error', (e) => done({ available: false, reason: `bwrap failed to start: ${e.message}` }));
    child.on('close', (code) => {
      if (code === 0 && out.trim() === nonce) done({ available: true, path: bwrap });
      else if (code === 0) done({ available: false, reason: `${bwrap} does not isolate commands (the probe saw the host's files)` });
      else done({ available: false, reason: `bwrap cannot create a sandbox here: ${err.trim() || `exit ${code}`}` });
    });
  });
  return probe.then(({ available, reason }) => (available ? { available } : { available, reason }));
}

export async function bwrapPath(): Promise<string | undefined> {
  await sandboxAvailable();
  return (await probe)?.path;
}

export type SandboxMode = 'auto' | 'required' | 'off';

/** Which regime commands run under: inside the enforcing sandbox, or without one (and why). */
export interface CommandRegime {
  sandboxed: boolean;
  reason: string;
}

export async function commandRegime(mode: SandboxMode = 'auto'): Promise<CommandRegime> {
  if (mode === 'off') return { sandboxed: false, reason: 'harness.sandbox is "off"' };
  const p = await sandboxAvailable();
  if (p.available) return { sandboxed: true, reason: 'commands run in the bubblewrap sandbox, which keeps protected paths read-only, hides secrets and the home folder, and has no network unless allowed' };
  return { sandboxed: false, reason: p.reason ?? 'bwrap is unavailable' };
}

export interface SandboxRequest {
  /** Real paths. */
  root: string;
  cwd: string;
  allowNetwork: boolean;
  protectedPaths: readonly string[];
  /** Default os.homedir(). */
  home?: string;
  /** Default the PATH the command gets. */
  pathEnv?: string;
  /** Folders seen read-only besides the toolchains (see HostSpec.readOnlyDirs). */
  readOnlyDirs?: readonly string[];
}

export interface SandboxSetup {
  /** bwrap's arguments up to (not including) `--`. */
  args: string[];
  /** Once the command ended: moves aside any git repository it created; the note says what moved. */
  settle(): Promise<string | undefined>;
  /** Gives back the transient placeholders; call once the command ended. */
  release(): Promise<void>;
}

/** The folders strictly between `root` and each path, shallowest first. */
function ancestorsBelow(root: string, paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    for (let d = path.dirname(p); d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) out.add(d);
  }
  return [...out].sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
}

/** Builds one run's sandbox; throws SandboxUnenforceable when this workspace cannot be confined. */
export async function prepareSandbox(req: SandboxRequest): Promise<SandboxSetup> {
  const home = req.home ?? os.homedir();
  const inside = (p: string, dir: string) => p === dir || p.startsWith(dir + path.sep);
  if (req.root === '/' || inside(home, req.root)) throw new SandboxUnenforceable(`the workspace ${req.root} holds the home folder, whose secrets the sandbox could not hide`);
  // Held before the workspace is mapped: another run's placeholders seen now stay until this run ends.
  const hold = await holdPlaceholders(req.root);
  const release = hold.release;
  try {
    const map = await mapWorkspace(req.root, req.protectedPaths);
    const masks = emptyMasks();
    await hold.pin(map.missing);
    const pinned = [...map.readOnly, ...map.missing.map((m) => path.join(req.root, m.rel))];
    const args = [
      ...namespaceArgs(req.allowNetwork),
      ...hostMounts({ home, root: req.root, pathEnv: req.pathEnv ?? process.env.PATH ?? '', allowNetwork: req.allowNetwork, ...(req.readOnlyDirs ? { readOnlyDirs: req.readOnlyDirs } : {}), ...masks }),
      '--bind', req.root, req.root,
      // Every folder above a pinned path is bound over itself, still writable: a mount point cannot be
      // renamed, so `mv .git .old && git init` cannot put a fresh .git (with its own config) in its place.
      ...ancestorsBelow(req.root, pinned).flatMap((d) => ['--bind', d, d]),
      ...map.readOnly.flatMap((p) => ['--ro-bind', p, p]),
      ...map.hidden.flatMap((p) => hide(p, masks)),
      ...map.missing.map((m) => path.join(req.root, m.rel)).flatMap((p) => hide(p, masks)),
      // The host's temp and runtime folders are not there: point programs at the private ones.
      '--setenv', 'TMPDIR', '/tmp', '--unsetenv', 'XDG_RUNTIME_DIR',
      '--chdir', req.cwd,
    ];
    // The placeholders (an empty .git among them) are the sandbox's own, not repositories the command made.
    return { args, release, settle: () => disableNewRepositories(req.root, [...map.gitEntries, ...pinned]) };
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * The one line to show once (at the start of a run or session) when commands cannot be sandboxed here,
 * saying what that means; undefined when the sandbox works.
 */
export async function sandboxNotice(mode: SandboxMode): Promise<string | undefined> {
  const regime = await commandRegime(mode);
  if (regime.sandboxed) return undefined;
  if (mode === 'required') return `no command sandbox on this machine (${regime.reason}); harness.sandbox is "required", so every command will be refused. Install bubblewrap, or set harness.sandbox to "auto".`;
  return `commands run WITHOUT a sandbox here (${regime.reason}): they ask before running, except known read-only ones (ls, cat, grep, git status …). Install bubblewrap to let level 4 run commands unasked inside the sandbox.`;
}
