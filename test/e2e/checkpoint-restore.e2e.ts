// Scenario 4: restore a checkpoint from the panel. The agent edited two files (level 3: applied with a
// checkpoint each); the user then changed one of them. Restoring the first checkpoint returns the other
// file to its earlier content and reports the user's file as a conflict, which is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, openFile, readFile, runCommand, screenshot, waitForModal, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { panelFrame, runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

test('restoring a checkpoint from the panel brings a file back and reports a conflicting user edit', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'a.txt': 'A original\n', 'b.txt': 'B original\n' });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }, { name: 'read_file', arguments: { path: 'b.txt' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'a.txt', content: 'A by the agent\n' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'b.txt', content: 'B by the agent\n' } }] },
    { content: 'Rewrote a.txt and b.txt.' },
  ];
  const a = join(workspace, 'a.txt');
  const b = join(workspace, 'b.txt');
  await withHarness('checkpoint-restore', { workspace, trusted: true, script, userSettings: { 'harness.automationLevel': 3 } }, async ({ page }) => {
    await runHarnessTask(page, 'Rewrite a.txt and b.txt');
    await waitStatus(page, /Harness: done/);
    await eventually(() => readFile(a) === 'A by the agent\n' && readFile(b) === 'B by the agent\n', 'both agent edits on disk');

    // The user edits b.txt after the agent did, in the editor, and saves.
    await openFile(page, 'b.txt');
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('my own line\n');
    await page.keyboard.press('Control+S');
    await eventually(() => readFile(b).includes('my own line'), 'the user edit saved');
    const userB = readFile(b);

    await runCommand(page, 'Harness: Show panel');
    const panel = panelFrame(page);
    const restores = panel.locator('[data-testid^="restore-"]');
    await eventually(async () => (await restores.count()) === 2, 'two checkpoints in the panel', 30_000);
    await screenshot(page, 'checkpoint-restore-1-panel');
    // The checkpoint taken before the first edit (a.txt); restoring it undoes the later b.txt edit too.
    await panel.locator('[data-testid^="checkpoint-"]', { hasText: 'a.txt' }).locator('[data-testid^="restore-"]').click();
    const confirm = await waitForModal(page, /Restore checkpoint/);
    await screenshot(page, 'checkpoint-restore-2-confirm');
    await confirm.getByRole('button', { name: 'Restore', exact: true }).click();

    const conflict = await waitForModal(page, /changed since the agent's edit/);
    assert.match(await conflict.innerText(), /b\.txt/, 'the conflict names the file the user changed');
    await screenshot(page, 'checkpoint-restore-3-conflict');
    await conflict.getByRole('button', { name: 'Skip them' }).click();

    await eventually(() => readFile(a) === 'A original\n', 'a.txt back to its content before the agent');
    await waitForNotification(page, /Left alone: .*b\.txt/);
    await screenshot(page, 'checkpoint-restore-4-reported');
    assert.equal(readFile(b), userB, 'the user edit is never silently overwritten');
  });
});
