// Issue 11 on a machine without bwrap (hidden from the extension host with HARNESS_BWRAP_PATH, which can
// only take the sandbox away): at level 4 a read-only command runs unasked, any other command asks
// first, and the status bar says "unsandboxed".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clickNotificationButton, screenshot, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

test('without a sandbox, level 4 runs cat unasked, asks before touch, and the status bar says unsandboxed', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'notes.txt': 'hello from the workspace\n' });
  const script = [
    { toolCalls: [{ name: 'run_command', arguments: { command: 'cat notes.txt' } }] },
    { toolCalls: [{ name: 'run_command', arguments: { command: 'touch made-by-agent.txt' } }] },
    { content: 'Read the notes and made the file.' },
  ];
  const env = { HARNESS_BWRAP_PATH: '/nonexistent/bwrap' };
  await withHarness('no-sandbox', { workspace, trusted: true, script, env, userSettings: { 'harness.automationLevel': 4 } }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Read the notes, then make a file');
    const asking = await waitStatus(page, /waiting for approval.*unsandboxed/);
    const toast = await waitForNotification(page, /Harness wants to run `touch made-by-agent\.txt`/);
    assert.match(await toast.innerText(), /no sandbox confines commands here/);
    await screenshot(page, 'no-sandbox-1-touch-asks');
    assert.equal(existsSync(join(workspace, 'made-by-agent.txt')), false, 'nothing ran before the answer');
    assert.match(asking, /unsandboxed/);
    await clickNotificationButton(page, /Harness wants to run `touch made-by-agent\.txt`/, 'Allow');
    await waitStatus(page, /Harness: done.*unsandboxed/, 'no-sandbox-2-done');
    const told = toolMessages(mock!);
    assert.match(told[0], /hello from the workspace/, 'cat ran without asking');
    assert.match(told[0], /not sandboxed: ran WITHOUT a sandbox: bubblewrap \(bwrap\) is not installed/);
    assert.equal(existsSync(join(workspace, 'made-by-agent.txt')), true, 'the approved command ran');
    // The status bar's tooltip says why and what that means.
    await page.locator('[id^="harness-dev.harness"]').first().hover();
    await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: /without a sandbox/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'no-sandbox-3-tooltip');
  });
});
