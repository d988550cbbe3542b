// Issue 19 in the editor: at level 3 edits apply unasked, yet the agent may only overwrite what it has
// seen. The model reads notes.md; while it is writing its new version, the user types into the file
// without saving. The harness compares with what the editor holds (the dirty buffer), refuses the
// write, and tells the model to read the file again; the user's unsaved text is still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, openFile, readFile, screenshot } from './support/browser';
import { makeWorkspace } from './support/session';
import { runHarnessTask, SCENARIO_TIMEOUT, toolMessages, waitStatus, withHarness } from './support/harness';

const BEFORE = '# Notes\n\nfirst note\n';
const TYPED = 'typed by the user, not saved';

test('level 3: a write over a file the user changed since the read (unsaved) is refused; the typing survives', { timeout: SCENARIO_TIMEOUT }, async () => {
  const workspace = makeWorkspace({ 'notes.md': BEFORE });
  const script = [
    { toolCalls: [{ name: 'read_file', arguments: { path: 'notes.md' } }] },
    // Streamed slowly (about 15 s), so the user types while the model is still writing its version.
    { toolCalls: [{ name: 'write_file', arguments: { path: 'notes.md', content: '# Notes\n\nrewritten by the agent\n' } }], chunkSize: 2, delayMs: 400 },
    { content: 'The file changed while I was working; I will read it again before changing it.' },
  ];
  await withHarness('stale-read', { workspace, trusted: true, script, userSettings: { 'harness.automationLevel': 3 } }, async ({ page, mock }) => {
    await runHarnessTask(page, 'Rewrite notes.md');
    await eventually(() => mock!.requests.length >= 2, 'the model read the file and is writing', 60_000);
    await openFile(page, 'notes.md');
    await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(TYPED);
    await screenshot(page, 'stale-read-1-user-typing');
    assert.equal(mock!.requests.length, 2, 'the user typed before the write arrived');

    await waitStatus(page, /Harness: done/, 'stale-read-2-done', 90_000);
    const told = toolMessages(mock!).join('\n');
    assert.match(told, /Refused: notes\.md changed since you read it at step 1, by someone else\. Read it again/, told);
    assert.equal(readFile(join(workspace, 'notes.md')), BEFORE, 'nothing was written to disk');
    // The editor renders spaces as no-break spaces.
    const buffer = (await page.locator('.editor-group-container').first().locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.ok(buffer.includes(TYPED), `the unsaved typing is still in the editor: ${buffer}`);
    assert.ok(!buffer.includes('rewritten by the agent'), 'the agent version never replaced the buffer');
  });
});
