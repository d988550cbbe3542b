// The OS sandbox: bubblewrap with the whole file system read-only except the workspace and a private /tmp,
// and no network unless allowed. The workspace (including .git) stays writable: commands must build and commit.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

const DEFAULT_CANDIDATES = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
let candidates = DEFAULT_CANDIDATES;
let probe: Promise<{ available: boolean; reason?: string; path?: string }> | undefined;

/** For tests: look for bwrap at these paths instead (none = a machine without it), and probe again. */
export function resetSandboxProbe(paths: string[] = DEFAULT_CANDIDATES): void {
  candidates = paths;
  probe = undefined;
}

function findBwrap(): string | undefined {
  return candidates.find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether bwrap exists and can actually create namespaces here (it cannot in some containers). */
export function sandboxAvailable(): Promise<{ available: boolean; reason?: string }> {
  if (process.platform !== 'linux') return Promise.resolve({ available: false, reason: `no sandbox on ${process.platform} (bubblewrap is Linux only)` });
  probe ??= new Promise((resolve) => {
    const bwrap = findBwrap();
    if (!bwrap) return resolve({ available: false, reason: 'bubblewrap (bwrap) is not installed; install the "bubblewrap" package' });
    const child = spawn(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-net', '--unshare-pid', '--unshare-ipc', '--cap-drop', 'ALL', '--die-with-parent', '--new-session', '/bin/true'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolve({ available: false, reason: `bwrap failed to start: ${e.message}` }));
    child.on('close', (code) => resolve(code === 0 ? { available: true, path: bwrap } : { available: false, reason: `bwrap cannot create a sandbox here: ${err.trim() || `exit ${code}`}` }));
  });
  return probe.then(({ available, reason }) => (available ? { available } : { available, reason }));
}

export async function bwrapPath(): Promise<string | undefined> {
  await sandboxAvailable();
  return (await probe)?.path;
}

/** bwrap arguments for running `argv` with `root` writable and `cwd` as the working directory. */
export function bwrapArgs(root: string, cwd: string, allowNetwork: boolean, argv: string[]): string[] {
  return [
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    // The private /tmp and /run go first so a workspace under them is bound on top. /run holds unix
    // sockets (docker, dbus) that a read-only mount does not stop a client from connecting to.
    '--tmpfs', '/tmp',
    '--tmpfs', '/run',
    // With network, DNS may live in /run (systemd-resolved's stub resolv.conf).
    ...(allowNetwork ? ['--ro-bind-try', '/run/systemd/resolve', '/run/systemd/resolve'] : []),
    '--bind', root, root,
    ...(allowNetwork ? [] : ['--unshare-net']),
    '--unshare-pid',
    '--unshare-ipc',
    // Run as root, bwrap keeps every capability: the command could remount / read-write. Drop them all.
    '--cap-drop', 'ALL',
    '--die-with-parent',
    '--new-session',
    '--chdir', cwd,
    '--',
    ...argv,
  ];
}

/**
 * The one line to show once (at the start of a run or session) when commands cannot be sandboxed here,
 * saying what `harness.sandbox` will do about it; undefined when the sandbox works or is turned off.
 */
export async function sandboxNotice(mode: 'auto' | 'required' | 'off'): Promise<string | undefined> {
  if (mode === 'off') return undefined;
  const probe = await sandboxAvailable();
  if (probe.available) return undefined;
  return mode === 'required'
    ? `no command sandbox on this machine (${probe.reason}); harness.sandbox is "required", so every command will be refused. Install bubblewrap, or set harness.sandbox to "auto" to run commands unsandboxed.`
    : `no command sandbox on this machine (${probe.reason}); commands will run WITHOUT one (harness.sandbox is "auto"). Install bubblewrap, or set harness.sandbox to "required" to refuse instead.`;
}
