// Removing a 100,000-file tree is the slowest step of the run; `rm -rf` does it with fewer system
// calls than fs.rmSync, which stays as the fallback (e.g. where there is no `rm`).
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function removeTree(dir: string): void {
  const res = spawnSync('rm', ['-rf', '--', dir], { stdio: 'ignore' });
  if (res.status !== 0) rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes out dirty pages (`sync`). On ext4 an fsync can wait for unrelated dirty data, so without
 * this our fsynced checkpoint would pay for the 150 MB the generator (or git) just wrote.
 */
export function flushDisk(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}
