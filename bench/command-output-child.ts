// Run in a fresh process (so earlier measurements do not inflate its memory): pushes 100 MB of
// command output through one of three paths and prints time and peak RSS as JSON.
//   capped: the harness's runner (runCommand, output capped at 64 KiB, streamed to a listener)
//   devnull: the same shell command with stdout to /dev/null (the cost of producing the output)
//   buffered: child_process.execFile collecting everything (what a naive tool runner does)
import { execFile, spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCommand } from '../src/core/commands/run';

const mode = process.argv[2];
const bytes = Number(process.argv[3]);
const command = `yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c ${bytes}`;

/** Peak resident set (VmHWM) in MB, from /proc; null where /proc is missing. */
function peakRssMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function main() {
  const startRssMb = process.memoryUsage().rss / 1024 / 1024;
  // Reset the high-water mark so it covers only the measured command (Linux >= 4.0).
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* older kernels: the peak then includes start-up */
  }
  let sampledPeak = 0;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  let received = 0;
  if (mode === 'capped') {
    const out = await runCommand({ command, root: tmpdir(), sandbox: 'off', timeoutMs: 120_000, onOutput: (chunk) => (received += chunk.length) });
    if (out.exitCode !== 0 || out.omittedBytes + Buffer.byteLength(out.output) < bytes) throw new Error(`capped run lost output: exit ${out.exitCode}`);
  } else if (mode === 'devnull') {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('/bin/bash', ['-c', command], { stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'] });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
  } else if (mode === 'buffered') {
    await new Promise<void>((resolve, reject) => {
      execFile('/bin/bash', ['-c', command], { maxBuffer: bytes * 2, encoding: 'buffer' }, (err, stdout) => {
        if (err) reject(err);
        else {
          received = stdout.length;
          resolve();
        }
      });
    });
  } else throw new Error(`unknown mode ${mode}: use capped, devnull or buffered`);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ ms, peakRssMb: peakRssMb() ?? sampledPeak / 1024 / 1024, sampledPeakRssMb: sampledPeak / 1024 / 1024, startRssMb, received }));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
