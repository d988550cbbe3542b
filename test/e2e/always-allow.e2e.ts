// "Always allow" on a command: the rule goes to the user's settings, scoped to this folder (never
// to the workspace's .vscode/settings.json), the prompt says exactly which rule, and the next task
// runs the same command without asking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, screenshot, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

test('"Always allow" writes a folder-scoped user rule, and the next task does not ask again', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'count.js': "console.log(require('node:fs').readdirSync('.').length);\n" });
  const run = { toolCalls: [{ name: 'run_command', arguments: { command: 'node count.js' } }] };
  const script = [run, { content: 'Counted the files.' }, run, { content: 'Counted again.' }];
  await withHarness('always-allow', { workspace, trusted: true, script, userSettings: { 'harness.automationLevel': 3 } }, async ({ page, server, mock }) => {
    await runHarnessTask(page, 'Count the files');
    const toast = await waitForNotification(page, /Harness wants to run `node count\.js`/);
    const text = await toast.innerText();
    assert.match(text, /adds to your user settings the rule \{"action": "allow", "command": "node count\.js"\} for the folder/, `the prompt names the rule: ${text}`);
    await screenshot(page, 'always-allow-1-prompt-names-the-rule');
    await toast.getByRole('button', { name: /Always allow "node count\.js" here/ }).click();
    await waitStatus(page, /Harness: done/);

    const user = JSON.parse(readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8'));
    assert.deepEqual(user['harness.rules'], [{ action: 'allow', command: 'node count.js', folder: workspace }]);
    assert.equal(existsSync(join(workspace, '.vscode', 'settings.json')), false, 'the workspace settings are untouched');

    // The next task runs the same command without a prompt or a policy confirmation.
    await runHarnessTask(page, 'Count them again');
    await eventually(() => mock!.requests.length === 4, 'the second task ran its two turns', 60_000);
    await waitStatus(page, /Harness: done/, 'always-allow-2-second-task-done');
    assert.match(JSON.stringify(mock!.requests[3].body.messages), /exit code 0/, 'the command ran in the second task');
    assert.equal(await page.locator('.notifications-toasts .notification-toast', { hasText: 'Harness wants to run' }).count(), 0, 'not asked again');
    assert.equal(await page.locator('.monaco-dialog-box', { hasText: 'loosen your policy' }).count(), 0, 'no workspace-policy confirmation');
  });
});
