// The CLI keeps its state under $XDG_STATE_HOME/harness: tests that run it point that at a temp
// folder of their own, so they never write into the developer's home or see each other's tasks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

/** Sets XDG_STATE_HOME for this test process (once) and returns it. */
export function useTempStateHome(): string {
  if (process.env.HARNESS_TEST_STATE_HOME) return process.env.HARNESS_TEST_STATE_HOME;
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'harness-state-home-')));
  process.env.XDG_STATE_HOME = dir;
  process.env.HARNESS_TEST_STATE_HOME = dir;
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
