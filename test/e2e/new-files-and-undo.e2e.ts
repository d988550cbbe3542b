// New files and deletions are proposed and approved like any edit: a new file's diff takes focus with
// Accept / Reject in its title bar; a deletion shows its file struck through with "Accept deletion" /
// "Reject deletion" above it. At level 3 edits apply unasked and are listed with Keep and Undo: in the
// task's closing notification and above each file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { clickCodeLens, clickNotificationButton, eventually, openFile, pickQuickInputItem, readFile, screenshot, typeInQuickInput } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const REASON = 'old.txt is still used';

test('a new file is accepted from its diff title bar, a deletion rejected by its lens with a reason', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'old.txt': 'still here\n' });
  const script = [
    { toolCalls: [{ name: 'write_file', arguments: { path: 'docs/NEW.md', content: '# New\nhello\n' } }] },
    { toolCalls: [{ name: 'read_file', arguments: { path: 'old.txt' } }, { name: 'delete_file', arguments: { path: 'old.txt' } }] },
    { content: 'Created docs/NEW.md; old.txt stays, as you asked.' },
  ];
  await withHarness('new-files', { workspace, trusted: true, script }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Add docs/NEW.md and remove old.txt');
    await waitStatus(page, /waiting for approval \(1\)/);
    // The new file has no editor of its own: its diff is focused, so its title bar offers Accept.
    const accept = page.locator('.editor-actions a.action-label[aria-label^="Accept proposal"]').first();
    await accept.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'new-files-1-create-title-bar');
    assert.ok(!existsSync(join(workspace, 'docs/NEW.md')), 'nothing is created before approval');
    await accept.click();
    await eventually(() => existsSync(join(workspace, 'docs/NEW.md')) && readFile(join(workspace, 'docs/NEW.md')) === '# New\nhello\n', 'the accepted new file on disk');

    // The deletion: the file's own editor, struck through, with the lenses above it.
    await waitStatus(page, /waiting for approval \(1\)/);
    await page.locator('.codelens-decoration a', { hasText: 'Reject deletion' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'new-files-2-delete-lenses');
    await clickCodeLens(page, /Reject deletion/);
    await typeInQuickInput(page, REASON);
    await waitStatus(page, /Harness: done/, 'new-files-3-done');
    assert.equal(readFile(join(workspace, 'old.txt')), 'still here\n', 'the rejected deletion leaves the file');
    assert.ok(toolMessages(mock!).join('\n').includes(REASON), 'the model hears why the deletion was rejected');
  });
});

test('level 3: unasked edits are listed with Keep and Undo (closing notification, lens above the file)', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'a.txt': 'A before\n', 'b.txt': 'B before\n' });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' } }, { name: 'read_file', arguments: { path: 'b.txt' } }, { name: 'write_file', arguments: { path: 'a.txt', content: 'A after\n' } }] },
    { toolCalls: [{ name: 'write_file', arguments: { path: 'b.txt', content: 'B after\n' } }] },
    { content: 'Rewrote a.txt and b.txt.' },
  ];
  const userSettings = { 'harness.automationLevel': 3 };
  await withHarness('level3-keep-undo', { workspace, trusted: true, script, userSettings }, async ({ page }) => {
    await runHarnessTask(page, 'Rewrite a.txt and b.txt');
    await waitStatus(page, /Harness: done/);
    await eventually(() => readFile(join(workspace, 'b.txt')) === 'B after\n', 'both edits applied unasked');
    await screenshot(page, 'level3-1-closing-notification');

    // Undo from the closing notification: a QuickPick lists the edits, newest first.
    await clickNotificationButton(page, /Keep or undo those 2 edits/, 'Undo…');
    await pickQuickInputItem(page, /a\.txt/);
    await eventually(() => readFile(join(workspace, 'a.txt')) === 'A before\n', 'a.txt back to its text before the edit');

    // Keep from the lens above the file.
    await openFile(page, 'b.txt');
    await page.locator('.codelens-decoration a', { hasText: 'Undo Harness edit' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'level3-2-keep-undo-lens');
    await clickCodeLens(page, /Keep Harness edit/);
    await page.locator('.codelens-decoration a', { hasText: 'Keep Harness edit' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(readFile(join(workspace, 'b.txt')), 'B after\n', 'kept: the edit stays');
  });
});
