// The OS sandbox: bubblewrap with the whole file system read-only except the workspace and a private /tmp,
// and no network unless allowed. The workspace (including .git) stays writable: commands must build and commit.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

const CANDIDATES = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
let probe: Promise<{ available: boolean; reason?: string; path?: string }> | undefined;

function findBwrap(): string | undefined {
  return CANDIDATES.find((p) => {
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
    const child = spawn(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-net', '--unshare-pid', '--die-with-parent', '--new-session', '/bin/true'], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    // The private /tmp goes first so a workspace under /tmp is bound on top of it.
    '--tmpfs', '/tmp',
    '--bind', root, root,
    ...(allowNetwork ? [] : ['--unshare-net']),
    '--unshare-pid',
    '--die-with-parent',
    '--new-session',
    '--chdir', cwd,
    '--',
    ...argv,
  ];
}
