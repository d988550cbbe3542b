// The scripted walk-through `npm run demo` plays when no key or endpoint is set: every model message is
// labelled "[scripted demo]", and played against the demo workspace it goes proposal → approval →
// verification (the workspace's own tests) → verified, as a newcomer will see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickCodeLens, clickNotificationButton, REPO_ROOT, runCommand, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { answerPolicyModalIfShown, panelFrame, runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

const DEMO_DIR = join(REPO_ROOT, 'test', 'e2e', 'demo');
const script = JSON.parse(readFileSync(join(DEMO_DIR, 'demo-script.json'), 'utf8'));
const TASK = 'Make `greet` trim the name and greet "stranger" when the name is empty, then run the tests.';

// Without NODE_TEST_CONTEXT: under our own `node --test`, a nested `node --test` would always exit 0.
const testsPass = (dir: string) => {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return spawnSync(process.execPath, ['--test', 'test/'], { cwd: dir, env, encoding: 'utf8' }).status === 0;
};

test('the demo script labels every model message as a scripted demo', () => {
  assert.ok(Array.isArray(script) && script.length >= 3);
  for (const turn of script) assert.match(turn.content, /^\[scripted demo\] /);
  assert.ok(readFileSync(join(REPO_ROOT, 'test', 'e2e', 'demo.ts'), 'utf8').includes("DEMO_OVER = '[scripted demo]"));
});

test('the demo walk-through: proposal, approval, verification by the workspace tests, verified', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({}, join(DEMO_DIR, 'workspace'));
  assert.equal(testsPass(workspace), false, 'the demo workspace starts with failing tests');
  await withHarness('demo-walkthrough', { workspace, trusted: true, script }, async ({ page }) => {
    await runHarnessTask(page, TASK);
    await answerPolicyModalIfShown(page, 'Allow for this workspace', 2000);
    await waitStatus(page, /waiting for approval \(1\)/);
    await page.locator('.codelens-decoration a', { hasText: 'Accept hunk 1' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'demo-1-proposal');
    await clickCodeLens(page, /Accept hunk 1/);
    // The verification command is not allowed by a rule at level 2: Harness asks before running it.
    await clickNotificationButton(page, /node --test test\//, 'Allow');
    await waitStatus(page, /Harness: done/, undefined, 90_000);
    assert.ok(testsPass(workspace), 'after the demo the workspace tests pass');
    await runCommand(page, 'Harness: Show panel');
    const verdict = panelFrame(page).locator('[data-testid="verdict"]');
    await verdict.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await verdict.getAttribute('data-verdict'), 'verified');
    await screenshot(page, 'demo-2-verified');
  });
});
