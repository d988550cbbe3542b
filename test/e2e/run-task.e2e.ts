// Scenario 1: trust the folder, run "Harness: Run harnessed task" from the palette, and follow the task
// on the status bar (thinking/step → waiting for approval → done) until the approved edit is on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clickCodeLens, eventually, isRestrictedMode, readFile, runCommand, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { harnessStatus, panelFrame, runHarnessTask, SCENARIO_TIMEOUT, waitStatus, withHarness } from './support/harness';

const BEFORE = '# Notes\n\nfirst note\n';
const AFTER = '# Notes\n\nfirst note\nsecond note\n';

test('a trusted workspace runs a harnessed task from the palette and the status bar follows it to done', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'notes.md': BEFORE });
  const script = [
    // Slow turns, so the status bar is seen mid-task and not only at the end.
    { content: 'Reading the notes first.', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }], delayMs: 150 },
    { toolCalls: [{ name: 'edit_file', arguments: { path: 'notes.md', old_text: 'first note\n', new_text: 'first note\nsecond note\n' } }] },
    { content: 'Added the second note.' },
  ];
  await withHarness('run-task', { workspace, trusted: true, script }, async ({ page, mock }) => {
    assert.equal(await isRestrictedMode(page), false);
    await runHarnessTask(page, 'Add a second note to notes.md');

    const busy = await waitStatus(page, /Harness: (thinking|step \d+\/\d+)/, 'run-task-1-status-thinking');
    const waiting = await waitStatus(page, /Harness: waiting for approval \(1\)/);
    await page.locator('.codelens-decoration a').filter({ hasText: /Accept hunk 1/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'run-task-2-status-waiting-approval');
    assert.notEqual(busy, waiting, 'the status text must change as the task moves on');
    assert.equal(readFile(join(workspace, 'notes.md')), BEFORE, 'nothing is written before approval');

    await clickCodeLens(page, /Accept hunk 1/);
    const done = await waitStatus(page, /Harness: done/, 'run-task-3-status-done');
    assert.match(done, /tok/, 'the status bar reports tokens used');
    await eventually(() => readFile(join(workspace, 'notes.md')) === AFTER, 'the approved edit on disk');
    assert.equal(mock!.requests.length, 3, 'three model turns: read, edit, summary');
    assert.match(mock!.requests[0].body.messages.map((m: any) => m.content).join('\n'), /Add a second note to notes\.md/);
    assert.match(await harnessStatus(page), /done/);
    // Once decided, the review's controls go away (no Accept/Reject left over a file that is done).
    await page.locator('.codelens-decoration a').filter({ hasText: /(Accept|Reject) hunk/ }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await screenshot(page, 'run-task-4-done');

    // The panel's timeline tells the approval once (the approval center and the loop both report it).
    await runCommand(page, 'Harness: Show panel');
    const entries = panelFrame(page).locator('[data-testid="timeline-entry"]');
    await entries.filter({ hasText: 'Approval requested' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await entries.filter({ hasText: /Approved by user/ }).count(), 1, 'one approval, shown once');
    await screenshot(page, 'run-task-5-panel-timeline');
  });
});
