// Scenario 7: cancel a running task from the progress notification while the model is mid-stream:
// the task stops promptly, the status bar says cancelled, and nothing is half-applied (at level 3,
// where the edit would otherwise apply without asking). Run with bwrap hidden from the extension host,
// as on a machine without it: no "no sandbox" toast may cover the progress notification's Cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clickNotificationButton, readFile, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

const BEFORE = 'version = 1\n';

test('cancelling from the progress notification stops the task mid-flight and applies nothing', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'config.txt': BEFORE });
  const content = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'config.txt' } }] },
    // ~30 s of streaming (4 characters per 100 ms): the cancel lands in the middle of the tool call.
    { content: 'Rewriting config.txt.', toolCalls: [{ name: 'write_file', arguments: { path: 'config.txt', content } }], delayMs: 100 },
    { content: 'should never be asked for' },
  ];
  const env = { HARNESS_BWRAP_PATH: '/nonexistent/bwrap' };
  await withHarness('cancel-task', { workspace, trusted: true, script, env, userSettings: { 'harness.automationLevel': 3 } }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Rewrite config.txt');
    await waitStatus(page, /Harness: thinking.*unsandboxed/);
    await page.waitForTimeout(2000);
    await screenshot(page, 'cancel-task-1-mid-flight');
    const started = Date.now();
    await clickNotificationButton(page, /Harness/, 'Cancel');
    await waitStatus(page, /Harness: cancelled/, 'cancel-task-2-cancelled', 10_000);
    assert.ok(Date.now() - started < 10_000, 'the cancel must be prompt');
    await page.waitForTimeout(2000);
    assert.equal(readFile(join(workspace, 'config.txt')), BEFORE, 'nothing half-applied');
    assert.equal(mock!.requests.length, 2, 'no model call after the cancel (the read, then the cancelled rewrite)');
  });
});
