// Scenario 5: a workspace whose .vscode/settings.json raises harness.automationLevel to 4 gets nothing
// until the user confirms the loosening in the modal. "Keep my policy" → the edit still asks for approval
// and the modal does not come back by itself; "Harness: Confirm workspace policy" → "Allow for this
// workspace" → the next task's edit applies without asking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clickCodeLens, eventually, readFile, runCommand, screenshot, waitForModal } from './support/browser';
import { makeWorkspace } from './support/session';
import { harnessStatus, runHarnessTask, SCENARIO_TIMEOUT, STATUS_ID, waitStatus, withHarness } from './support/harness';

const BEFORE = 'alpha\nbeta\n';

test('a workspace that raises the automation level to 4 still asks for approval until the loosening is confirmed in the modal', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({
    'list.txt': BEFORE,
    '.vscode/settings.json': JSON.stringify({ 'harness.automationLevel': 4 }, null, 2),
  });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'list.txt' } }, { name: 'edit_file', arguments: { path: 'list.txt', old_text: 'alpha\n', new_text: 'alpha\ngamma\n' } }] },
    { content: 'Added gamma.' },
    { toolCalls: [{ name: 'read_file', arguments: { path: 'list.txt' } }, { name: 'edit_file', arguments: { path: 'list.txt', old_text: 'beta\n', new_text: 'beta\ndelta\n' } }] },
    { content: 'Added delta.' },
    { toolCalls: [{ name: 'read_file', arguments: { path: 'list.txt' } }, { name: 'edit_file', arguments: { path: 'list.txt', old_text: 'delta\n', new_text: 'delta\nepsilon\n' } }] },
    { content: 'Added epsilon.' },
  ];
  await withHarness('policy-loosening', { workspace, trusted: true, script }, async ({ page }) => {
    const file = join(workspace, 'list.txt');

    // Task 1: the modal shows exactly what would loosen; the user keeps their own policy.
    await runHarnessTask(page, 'Add gamma after alpha');
    let modal = await waitForModal(page, /wants to loosen your policy/);
    assert.match(await modal.innerText(), /automation|level/i, 'the modal must say what loosens');
    await screenshot(page, 'policy-loosening-1-modal');
    await modal.getByRole('button', { name: 'Keep my policy' }).click();
    // Level 2 (the user's) applies: the edit waits for approval; the status bar marks the unconfirmed policy.
    await waitStatus(page, /waiting for approval \(1\)/, undefined);
    await page.locator('.codelens-decoration a', { hasText: 'Accept hunk 1' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const marked = await page.locator(`.part.statusbar [id^="${STATUS_ID}"] .codicon-shield`).count();
    assert.ok(marked > 0, 'the status bar must show that the workspace policy is not confirmed');
    assert.match(await harnessStatus(page), /policy unconfirmed/, 'in words, not only an icon');
    await screenshot(page, 'policy-loosening-2-kept-asks');
    assert.equal(readFile(file), BEFORE, 'kept policy: nothing applies without approval');
    await clickCodeLens(page, /Accept hunk 1/);
    await waitStatus(page, /Harness: done/);
    await eventually(() => readFile(file) === 'alpha\ngamma\nbeta\n', 'the approved edit of task 1');

    // Task 2: "Keep my policy" was an answer, so no modal comes back; the edit still asks.
    await runHarnessTask(page, 'Add delta after beta');
    await page.locator('.codelens-decoration a', { hasText: 'Accept hunk 1' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'the declined loosening is not asked about again');
    await clickCodeLens(page, /Accept hunk 1/);
    await eventually(() => readFile(file) === 'alpha\ngamma\nbeta\ndelta\n', 'the approved edit of task 2');
    await waitStatus(page, /Harness: done/);

    // The Confirm command asks again; allowing lets level 4 apply task 3's edit without asking.
    await runCommand(page, 'Harness: Confirm workspace policy');
    modal = await waitForModal(page, /wants to loosen your policy/);
    await modal.getByRole('button', { name: 'Allow for this workspace' }).click();
    await runHarnessTask(page, 'Add epsilon after delta');
    // The file first: until task 3 reports a phase, the status bar still says task 2 is done.
    await eventually(() => readFile(file) === 'alpha\ngamma\nbeta\ndelta\nepsilon\n', 'the unasked edit of task 3');
    await waitStatus(page, /Harness: done/);
    // Level 4 applied it unasked, so the file offers Keep / Undo where the user reads it.
    await page.locator('.codelens-decoration a', { hasText: 'Keep Harness edit' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'policy-loosening-3-confirmed-applied');
    assert.equal(await page.locator('.codelens-decoration a', { hasText: /Accept hunk/ }).count(), 0, 'no approval was asked');
    const shield = await page.locator(`.part.statusbar [id^="${STATUS_ID}"] .codicon-shield`).count();
    assert.equal(shield, 0, 'once confirmed, the status bar no longer marks the policy as unconfirmed');
  });
});
