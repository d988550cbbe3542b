// Tests that need a working bwrap skip, saying why, on a machine without one; CI sets
// HARNESS_REQUIRE_SANDBOX=1 so that a missing sandbox there fails instead of passing silently.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { commandRegime } from '../../../src/core/commands/sandbox';

/** True when bwrap works here; otherwise skips the test (or fails it under HARNESS_REQUIRE_SANDBOX). */
export async function sandboxHere(t: TestContext): Promise<boolean> {
  const regime = await commandRegime('auto');
  if (regime.sandboxed) return true;
  assert.ok(!process.env.HARNESS_REQUIRE_SANDBOX, `HARNESS_REQUIRE_SANDBOX is set but there is no working sandbox: ${regime.reason}`);
  t.skip(`no working bwrap here: ${regime.reason}`);
  return false;
}
