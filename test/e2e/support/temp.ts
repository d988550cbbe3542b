// Temp folders for one e2e run, removed when the test process exits
// (kept with HARNESS_E2E_KEEP=1, to inspect a failure).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];
process.on('exit', () => {
  if (keepTempDirs()) return;
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export function keepTempDirs(): boolean {
  return process.env.HARNESS_E2E_KEEP === '1';
}

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `harness-e2e-${prefix}-`));
  created.push(dir);
  return dir;
}
