// Kills everything a command started. The process group is not enough: `setsid cmd &` and double forks
// leave it. On Linux every process of a run carries a token in its environment, and /proc also gives
// the parent links, so escapees are found either way. Elsewhere only the group is killed.
import * as fs from 'node:fs';

export const RUN_TOKEN_VAR = 'HARNESS_COMMAND_ID';

function readProc(pid: string, file: string): Buffer | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** Pids (other than ours) that descend from `rootPid` or carry `token` in their environment. */
export function processesOfRun(rootPid: number, token: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  // The token is random, so a plain substring test of the NUL-separated environment is enough.
  const marker = Buffer.from(`${RUN_TOKEN_VAR}=${token}`);
  const parent = new Map<number, number>();
  const found = new Set<number>();
  for (const name of names) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    const stat = readProc(name, 'stat')?.toString('latin1');
    // The command name in (…) may hold spaces or parentheses: fields resume after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isFinite(ppid)) parent.set(pid, ppid);
    const env = readProc(name, 'environ');
    if (env?.includes(marker)) found.add(pid);
  }
  for (const pid of parent.keys()) {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) {
      if (p === rootPid) {
        found.add(pid);
        break;
      }
    }
  }
  return [...found].filter((p) => p > 1 && p !== process.pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Sends `sig` to the group of `rootPid` and every process of the run; SIGKILL repeats to catch forks in flight. */
export function killRun(rootPid: number, token: string, sig: NodeJS.Signals): void {
  signal(-rootPid, sig);
  if (process.platform !== 'linux') return;
  const passes = sig === 'SIGKILL' ? 4 : 1;
  for (let i = 0; i < passes; i++) {
    const pids = processesOfRun(rootPid, token);
    if (!pids.length) return;
    // Stop first so nothing forks between being found and being killed.
    if (sig === 'SIGKILL') pids.forEach((p) => signal(p, 'SIGSTOP'));
    pids.forEach((p) => signal(p, sig));
  }
}
