// Measurement 6: memory and time for a command printing 100 MB, through the capped runner, against
// the same command writing to /dev/null (time) and a runner that buffers everything (memory).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median, round } from './stats';

interface ChildRun {
  ms: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  startRssMb: number;
}

export interface CommandOutputResult {
  bytes: number;
  ms: number;
  peakRssMb: number;
  /** Resident memory of the same process before the command, for comparison with the peak. */
  startRssMb: number;
  devNullMs: number;
  /** ms / devNullMs. */
  ratio: number;
  bufferedMs: number;
  bufferedPeakRssMb: number;
  repeats: number;
}

function runChild(repoRoot: string, mode: string, bytes: number): ChildRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'command-output-child.ts'), mode, String(bytes)], {
    cwd: repoRoot,
    maxBuffer: 1024 * 1024,
  }).toString();
  return JSON.parse(out) as ChildRun;
}

export function benchCommandOutput(repoRoot: string, bytes: number, repeats: number): CommandOutputResult {
  const runs: Record<'capped' | 'devnull' | 'buffered', ChildRun[]> = { capped: [], devnull: [], buffered: [] };
  for (let r = 0; r < repeats; r++) {
    for (const mode of ['capped', 'devnull', 'buffered'] as const) runs[mode].push(runChild(repoRoot, mode, bytes));
  }
  const med = (mode: keyof typeof runs, key: keyof ChildRun) => median(runs[mode].map((x) => x[key]));
  const ms = med('capped', 'ms');
  const devNullMs = med('devnull', 'ms');
  return {
    bytes,
    ms: round(ms),
    peakRssMb: round(med('capped', 'peakRssMb'), 1),
    startRssMb: round(med('capped', 'startRssMb'), 1),
    devNullMs: round(devNullMs),
    ratio: round(ms / devNullMs, 1),
    bufferedMs: round(med('buffered', 'ms')),
    bufferedPeakRssMb: round(med('buffered', 'peakRssMb'), 1),
    repeats,
  };
}
