// Outcomes say what happened: a task that only answered is "answered, no changes" (its verification
// command never runs, and nothing says Verified); a verified edit that is later restored shows
// "edits restored" in the status bar and the history instead of its old verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, readFile, screenshot, waitForModal, waitForNotification } from './support/browser';
import { makeWorkspace } from './support/session';
import { SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';
import { openView, sendInView } from './support/view';

const CHECK = "require('node:fs').writeFileSync('check-ran.txt', 'yes');\n";

test('a no-op task is not shown as Verified; a restored task says so instead of its verdict', { timeout: SCENARIO_TIMEOUT * 2 }, async () => {
  const workspace = makeWorkspace({ 'notes.md': 'one\n', 'check.js': CHECK });
  const script = [
    { content: 'notes.md holds one line. I changed nothing.' },
    // A file is overwritten only once read in the same task (issue 19).
    { toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }, { name: 'write_file', arguments: { path: 'notes.md', content: 'one\ntwo\n' } }] },
    { content: 'Added a second line.' },
  ];
  const userSettings = { 'harness.automationLevel': 3, 'harness.verification.commands': ['node check.js'], 'harness.rules': [{ action: 'allow', command: 'node check.js' }] };
  await withHarness('honest-outcome', { workspace, trusted: true, script, userSettings }, async ({ page }) => {
    const view = await openView(page);
    await sendInView(view, 'What is in notes.md?');
    const status = await waitStatus(page, /Harness: done — answered, no changes/);
    assert.doesNotMatch(status, /verified/i);
    await waitForNotification(page, /task done — answered, no changes/);
    assert.equal(existsSync(join(workspace, 'check-ran.txt')), false, 'nothing to verify: the check did not run');
    assert.equal(await view.locator('[data-testid="task-outcome"]').innerText(), 'Answered, no changes');
    assert.doesNotMatch(await view.locator('[data-testid="conversation"]').innerText(), /verified/i, 'the conversation never says Verified');
    await screenshot(page, 'honest-outcome-1-answered-not-verified');

    // A second task edits, the check runs and passes: verified. Then its edit is restored.
    await view.locator('[data-testid="new-task"]').click();
    await sendInView(view, 'Add a second line to notes.md');
    await waitStatus(page, /Harness: done — verified/);
    assert.equal(readFile(join(workspace, 'check-ran.txt')), 'yes', 'with work to verify, the check ran');
    await view.locator('[data-testid="task-outcome"]', { hasText: 'Verified' }).waitFor({ state: 'visible', timeout: 15_000 });
    await view.locator('[data-testid="restore-task"]').click();
    const confirm = await waitForModal(page, /Restore checkpoint/);
    await confirm.getByRole('button', { name: 'Restore', exact: true }).click();
    await eventually(() => readFile(join(workspace, 'notes.md')) === 'one\n', 'notes.md back as before the task');
    await waitStatus(page, /Harness: done — edits restored/);
    await view.locator('[data-testid="task-outcome"]', { hasText: 'Edits restored' }).waitFor({ state: 'visible', timeout: 15_000 });
    await view.locator('[data-testid="toggle-history"]').click();
    const outcomes = await view.locator('[data-testid="history-outcome"]').allInnerTexts();
    assert.deepEqual(outcomes.map((o) => o.trim()), ['Edits restored', 'Answered, no changes']);
    await screenshot(page, 'honest-outcome-2-restored-not-verified');
  });
});
